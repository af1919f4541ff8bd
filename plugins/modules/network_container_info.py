#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: network_container_info
short_description: List the Atlas network peering containers of a project
version_added: 0.1.0
description:
  - Returns the network peering containers of an Atlas project, every page of them.
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  provider_name:
    description:
      - Only list the containers of this cloud provider. Lists every provider when omitted.
    type: str
    choices: [AWS, AZURE, GCP]
seealso:
  - module: atlasops.networking.network_container
'''

EXAMPLES = r'''
- name: List every container of the project
  atlasops.networking.network_container_info:
    project_id: "{{ atlas_project_id }}"
  register: containers

- name: List the GCP container
  atlasops.networking.network_container_info:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
'''

RETURN = r'''
containers:
  description: The containers, in snake_case (see M(atlasops.networking.network_container) for the fields).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6a1b2c3d4e5f60718293a4b5
      provider_name: AWS
      region_name: US_EAST_1
      atlas_cidr_block: 192.168.248.0/21
      provisioned: false
      vpc_id: vpc-0a1b2c3d4e5f60718
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ALL_CONTAINERS, CONTAINERS
from ansible_collections.atlasops.networking.plugins.module_utils._info import run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import options_model

ARGUMENT_SPEC = dict(provider_name=dict(type='str', choices=['AWS', 'AZURE', 'GCP']))

ContainerInfoOptions = options_model('ContainerInfoOptions', ARGUMENT_SPEC)


def list_containers(atlas):
    provider = atlas.options.provider_name
    group_id = atlas.project_id
    if provider:
        return atlas.client.list_all(CONTAINERS.collection(group_id=group_id), CONTAINERS.version('list'),
                                     params={'providerName': provider})
    return atlas.client.list_all(ALL_CONTAINERS.collection(group_id=group_id), ALL_CONTAINERS.version('list'))


def main():
    run_info_module(ContainerInfoOptions, 'containers', list_containers)


if __name__ == '__main__':
    main()
