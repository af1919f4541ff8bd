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
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import BACKUP_PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._backup_private_endpoint import (
    cloud_provider_name,
    endpoint_view,
)
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one, run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    option_rule,
    options_model,
)

ARGUMENT_SPEC = dict(
    cloud_provider=dict(type='str', default='AWS'),
    id=dict(type='str'),
)


class BackupPrivateEndpointInfoRules(OptionRules):
    _check_cloud_provider = option_rule('cloud_provider', cloud_provider_name)
    _check_id = option_rule('id', atlas_id('endpoint'))


BackupPrivateEndpointInfoOptions = options_model('BackupPrivateEndpointInfoOptions', ARGUMENT_SPEC,
                                                 BackupPrivateEndpointInfoRules)


def list_endpoints(atlas):
    options = atlas.options
    path_params = dict(group_id=atlas.project_id, cloud_provider=options.cloud_provider)
    if options.id:
        return read_one(atlas, BACKUP_PRIVATE_ENDPOINTS.item(options.id, **path_params),
                        BACKUP_PRIVATE_ENDPOINTS.version('get'))
    return atlas.client.list_all(BACKUP_PRIVATE_ENDPOINTS.collection(**path_params),
                                 BACKUP_PRIVATE_ENDPOINTS.version('list'))


def main():
    run_info_module(BackupPrivateEndpointInfoOptions, 'endpoints', list_endpoints, view=endpoint_view)


if __name__ == '__main__':
    main()
