#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: backup_private_endpoint_info
short_description: List the Atlas object-storage private endpoints for cloud backups of a project
version_added: 0.1.0
description:
  - Returns the object-storage private endpoints for backups of an Atlas project, every page of them,
    or the one endpoint with a given O(id).
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  cloud_provider:
    description:
      - The cloud provider of the endpoints. Atlas accepts only V(AWS) today; any other value fails
        before a request is sent. V(aws) is accepted as V(AWS).
    type: str
    default: AWS
  id:
    description:
      - Only return the endpoint with this Atlas ID (24 hexadecimal characters).
      - An ID Atlas does not know returns an empty RV(endpoints) list, not a failure.
    type: str
seealso:
  - module: atlasops.networking.backup_private_endpoint
'''

EXAMPLES = r'''
- name: List every backup private endpoint of the project
  atlasops.networking.backup_private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
  register: backup_endpoints

- name: Show the endpoints that are not active yet
  ansible.builtin.debug:
    msg: "{{ backup_endpoints.endpoints | rejectattr('status', 'eq', 'ACTIVE') | map(attribute='region_name') | list }}"

- name: Read one endpoint by its ID
  atlasops.networking.backup_private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
    id: "{{ backup_endpoints.endpoints[0].id }}"
  when: backup_endpoints.endpoints | length > 0
'''

RETURN = r'''
endpoints:
  description:
    - The endpoints, in snake_case (see M(atlasops.networking.backup_private_endpoint) for the fields).
    - Every key is present; C(private_endpoint_connection_name) and C(error_message) are null when Atlas has no value.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 32b6e34b3d91647abb20e7b8
      cloud_provider: AWS
      region_name: US_EAST_1
      vpc_region_name: US_EAST_1
      status: ACTIVE
      private_endpoint_connection_name: vpce-0a1b2c3d4e5f60718
      error_message: null
'''

from ansible_collections.atlasops.networking.plugins.module_utils.backup_private_endpoint import (
    cloud_provider_name,
    endpoint_facts,
)
from ansible_collections.atlasops.networking.plugins.module_utils.info import run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils.operations import BACKUP_PRIVATE_ENDPOINTS


def checked_options(atlas):
    """Validate before any request: fail naming the option, or return (cloud_provider, id)."""
    try:
        provider = cloud_provider_name(atlas.params['cloud_provider'])
    except ValueError as error:
        atlas.fail("Invalid input: option 'cloud_provider': %s" % error)
    atlas.check_atlas_id('id', 'endpoint')
    return provider, atlas.params['id']


def list_endpoints(atlas):
    provider, endpoint_id = checked_options(atlas)
    path_params = dict(group_id=atlas.project_id, cloud_provider=provider)
    if endpoint_id:
        item = atlas.client.get(BACKUP_PRIVATE_ENDPOINTS.item(endpoint_id, **path_params),
                                BACKUP_PRIVATE_ENDPOINTS.version('get'))
        return [item] if item else []
    return atlas.client.list_all(BACKUP_PRIVATE_ENDPOINTS.collection(**path_params),
                                 BACKUP_PRIVATE_ENDPOINTS.version('list'))


def main():
    argument_spec = dict(
        cloud_provider=dict(type='str', default='AWS'),
        id=dict(type='str'),
    )
    run_info_module(argument_spec, 'endpoints', list_endpoints, facts=endpoint_facts)


if __name__ == '__main__':
    main()
