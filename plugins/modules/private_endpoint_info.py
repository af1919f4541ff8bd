#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: private_endpoint_info
short_description: Read the private endpoints registered with an Atlas private endpoint service
version_added: 0.1.0
description:
  - Returns the private endpoints registered with one private endpoint service, with their status, or the one
    endpoint with a given O(endpoint_id), and the service itself.
  - The service is named by O(endpoint_service_id), or found by O(provider_name) and O(region).
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  provider_name:
    description:
      - The cloud provider of the service.
    type: str
    required: true
    choices: [AWS, AZURE, GCP]
  endpoint_service_id:
    description:
      - Atlas ID of the service (24 hexadecimal characters). Give this or O(region), not both.
    type: str
  region:
    description:
      - The region of the service, in Atlas form (V(US_EAST_1)) or the cloud's own form (V(us-east-1), V(eastus2),
        V(us-central1)). Give this or O(endpoint_service_id), not both.
    type: str
  endpoint_id:
    description:
      - Only the endpoint with this id. AWS, the interface VPC endpoint id (V(vpce-...)); Azure, the resource id of
        the private endpoint; GCP, the endpoint group name (port-mapped service, the forwarding rule's name).
      - An id the service does not list returns an empty RV(endpoints) list, not a failure.
    type: str
notes:
  - Atlas has no list of endpoints with their details, only the ids a service lists, so the module reads the service
    (one request) and then each endpoint (one request each).
  - A service that does not exist returns an empty RV(service) and no endpoints, not a failure.
seealso:
  - module: atlasops.networking.private_endpoint
  - module: atlasops.networking.private_endpoint_service_info
'''

EXAMPLES = r'''
- name: Ensure the AWS private endpoint service in us-east-1
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
    wait_timeout: 120

- name: Read every endpoint of the AWS service in us-east-1
  atlasops.networking.private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
  register: aws_endpoints

- name: Show the endpoints that are not available (yet)
  ansible.builtin.debug:
    msg: "{{ aws_endpoints.endpoints | rejectattr('connection_status', 'eq', 'AVAILABLE') | map(attribute='interface_endpoint_id') | list }}"

- name: Read one endpoint, naming the service by its id
  atlasops.networking.private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    endpoint_service_id: "{{ aws_endpoints.service.id }}"
    endpoint_id: vpce-0a1b2c3d4e5f60718
'''

RETURN = r'''
service:
  description:
    - The service, in snake_case (see M(atlasops.networking.private_endpoint_service) for the fields); empty when
      there is no such service.
  returned: always
  type: dict
  sample:
    id: 6a7ba1b2c3d4e5f601234567
    cloud_provider: AWS
    region_name: US_EAST_1
    status: AVAILABLE
endpoints:
  description:
    - The endpoints, in snake_case, with every key of their provider (see M(atlasops.networking.private_endpoint) for
      the fields).
  returned: always
  type: list
  elements: dict
  sample:
    - cloud_provider: AWS
      interface_endpoint_id: vpce-0a1b2c3d4e5f60718
      connection_status: AVAILABLE
      delete_requested: false
      error_message: null
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils import _private_endpoint as pe
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    model_validator,
    option_rule,
    options_model,
)

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', required=True, choices=['AWS', 'AZURE', 'GCP']),
    endpoint_service_id=dict(type='str'),
    region=dict(type='str'),
    endpoint_id=dict(type='str'),
)


class EndpointInfoRules(OptionRules):
    _check_service_id = option_rule('endpoint_service_id', atlas_id('private endpoint service'))

    @model_validator(mode='after')
    def _check_provider(self):
        self.region = pe.service_reference(self.provider_name, self.endpoint_service_id, self.region)
        if self.endpoint_id is not None:
            try:
                self.endpoint_id = pe.endpoint_id_of(self.provider_name, self.endpoint_id)
            except ValueError as error:
                raise ValueError("option 'endpoint_id': %s" % error)
        return self


EndpointInfoOptions = options_model('EndpointInfoOptions', ARGUMENT_SPEC, EndpointInfoRules)


def read_endpoints(atlas, service):
    """Each endpoint the service lists (or only ``endpoint_id``), read one by one; one that vanished is left out."""
    options = atlas.options
    provider = options.provider_name
    path_params = dict(group_id=atlas.project_id, cloud_provider=provider, endpoint_service_id=service['id'])
    endpoints = []
    for endpoint_id in pe.registered_endpoints(service):
        if options.endpoint_id is None or pe.same_endpoint_id(provider, endpoint_id, options.endpoint_id):
            endpoints.extend(read_one(atlas, PRIVATE_ENDPOINTS.item(endpoint_id, **path_params),
                                      PRIVATE_ENDPOINTS.version('get')))
    return endpoints


def main():
    atlas = AtlasModule(EndpointInfoOptions)
    options = atlas.options
    try:
        if options.endpoint_service_id:
            service = pe.read_service(atlas, options.provider_name, options.endpoint_service_id)
        else:
            service = pe.find_service(atlas, options.provider_name, options.region)
        endpoints = read_endpoints(atlas, service) if service else []
    except AtlasError as error:
        atlas.fail_from_error(error, changed=False)
    atlas.exit(changed=False, service=pe.service_view(service) if service else {},
               endpoints=[pe.endpoint_view(item) for item in endpoints])


if __name__ == '__main__':
    main()
