#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: data_federation_private_endpoint_info
short_description: List the Atlas Data Federation / Online Archive private endpoints of a project
version_added: 0.1.0
description:
  - Returns the private endpoints registered for the Federated Database Instances and Online Archives
    of an Atlas project, every page of them, or the one entry with a given O(endpoint_id).
  - Never changes anything. Needs the Project Read Only role.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  endpoint_id:
    description:
      - Only return the entry of this endpoint, an AWS interface endpoint id (V(vpce-...)) or an Azure
        private endpoint resource id. Any other form fails before a request is sent.
      - An id Atlas does not know returns an empty RV(endpoints) list, not a failure.
    type: str
seealso:
  - module: atlasops.networking.data_federation_private_endpoint
'''

EXAMPLES = r'''
- name: List every Data Federation private endpoint of the project
  atlasops.networking.data_federation_private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
  register: federation_endpoints

- name: Show the endpoints Atlas has not accepted yet
  ansible.builtin.debug:
    msg: "{{ federation_endpoints.endpoints | rejectattr('status', 'eq', 'OK') | map(attribute='endpoint_id') | list }}"

- name: Read one entry by its endpoint id
  atlasops.networking.data_federation_private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
    endpoint_id: vpce-0a1b2c3d4e5f60718
'''

RETURN = r'''
endpoints:
  description:
    - The entries, in snake_case (see M(atlasops.networking.data_federation_private_endpoint) for the fields).
    - Every key is present; those Atlas has no value for are null.
  returned: always
  type: list
  elements: dict
  sample:
    - endpoint_id: vpce-0a1b2c3d4e5f60718
      provider: AWS
      type: DATA_LAKE
      comment: Analytics VPC, us-east-1
      region: US_EAST_1
      customer_endpoint_dns_name: vpce-0a1b2c3d4e5f60718-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com
      azure_link_id: null
      customer_endpoint_ip_address: null
      status: OK
      error_message: null
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import DATA_FEDERATION_PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._data_federation_private_endpoint import (
    endpoint_id,
    entry_view,
)
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one, run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import OptionRules, option_rule, options_model

ARGUMENT_SPEC = dict(endpoint_id=dict(type='str'))


class DataFederationPrivateEndpointInfoRules(OptionRules):
    _check_endpoint_id = option_rule('endpoint_id', endpoint_id)


DataFederationPrivateEndpointInfoOptions = options_model('DataFederationPrivateEndpointInfoOptions', ARGUMENT_SPEC,
                                                         DataFederationPrivateEndpointInfoRules)


def list_entries(atlas):
    api = DATA_FEDERATION_PRIVATE_ENDPOINTS
    group_id = atlas.project_id
    if atlas.options.endpoint_id is not None:
        return read_one(atlas, api.item(atlas.options.endpoint_id, group_id=group_id), api.version('get'))
    return atlas.client.list_all(api.collection(group_id=group_id), api.version('list'))


def main():
    run_info_module(DataFederationPrivateEndpointInfoOptions, 'endpoints', list_entries, view=entry_view)


if __name__ == '__main__':
    main()
