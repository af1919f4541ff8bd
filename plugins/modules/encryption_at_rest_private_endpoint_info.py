#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: encryption_at_rest_private_endpoint_info
short_description: List the Atlas private endpoints for encryption at rest of a project
version_added: 0.1.0
description:
  - Returns the private endpoints through which Atlas reaches the project's key management service (AWS
    KMS, Azure Key Vault), every page of them, for one O(cloud_provider) or for both.
  - O(region_name) keeps the endpoint of one region (the natural key of these endpoints, since Atlas
    gives an endpoint a new id when it recreates it); O(id) reads one endpoint.
  - Never changes anything.
  - Atlas requires the Project Owner role even to read these endpoints; a credential without it gets a
    message that says so.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  cloud_provider:
    description:
      - Only the endpoints of this cloud provider. Omitted, both providers are listed (one request each).
    type: str
    choices: [AWS, AZURE]
  region_name:
    description:
      - Only the endpoint in this region, in Atlas form (V(US_EAST_1), V(US_EAST_2)); AWS regions are also
        accepted in AWS form (V(us-east-1)).
    type: str
  id:
    description:
      - Only the endpoint with this Atlas ID (24 hexadecimal characters). Requires O(cloud_provider).
      - An ID Atlas does not know returns an empty RV(endpoints) list, not a failure.
    type: str
seealso:
  - module: atlasops.networking.encryption_at_rest_private_endpoint
'''

EXAMPLES = r'''
- name: List the encryption-at-rest private endpoints of both providers
  atlasops.networking.encryption_at_rest_private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
  register: ear_endpoints

- name: Show the Azure Key Vault connections that wait for approval
  ansible.builtin.debug:
    msg: "{{ ear_endpoints.endpoints | selectattr('status', 'eq', 'PENDING_ACCEPTANCE') | map(attribute='private_endpoint_connection_name') | list }}"

- name: Read the Azure endpoint in eastus2, whatever its current id
  atlasops.networking.encryption_at_rest_private_endpoint_info:
    project_id: "{{ atlas_project_id }}"
    cloud_provider: AZURE
    region_name: US_EAST_2
'''

RETURN = r'''
endpoints:
  description:
    - The endpoints, in snake_case (see M(atlasops.networking.encryption_at_rest_private_endpoint) for the fields).
    - Every key is present; those Atlas has no value for are null.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 74f3712a524b198ee7cededa
      cloud_provider: AZURE
      region_name: US_EAST_2
      status: PENDING_ACCEPTANCE
      private_endpoint_connection_name: atlas-pe-74f3712a524b198ee7cededa.1e0b6c5d-3a4f-4b8e-9a0c-2d7f1e6b5c4a
      error_message: null
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import EAR_PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._encryption_at_rest_private_endpoint import (
    PROVIDERS,
    REGIONS,
    endpoint_view,
    explained,
    region_name,
)
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one, run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    model_validator,
    option_rule,
    options_model,
)

ARGUMENT_SPEC = dict(
    cloud_provider=dict(type='str', choices=list(PROVIDERS)),
    region_name=dict(type='str'),
    id=dict(type='str'),
)


class EarPrivateEndpointInfoRules(OptionRules):
    _check_id = option_rule('id', atlas_id('endpoint'))

    @model_validator(mode='after')
    def _check(self):
        if self.id is not None and self.cloud_provider is None:
            raise ValueError("option 'cloud_provider' is required with id: Atlas reads an endpoint under its provider")
        if self.region_name is not None:
            self.region_name = self._region(self.region_name)
        return self

    def _region(self, value):
        if self.cloud_provider is not None:
            try:
                return region_name(self.cloud_provider, value)
            except ValueError as error:
                raise ValueError("option 'region_name': %s" % error)
        for provider in PROVIDERS:
            try:
                return region_name(provider, value)
            except ValueError:
                continue
        raise ValueError("option 'region_name': %r is neither an AWS nor an Azure region for encryption-at-rest "
                         "private endpoints (AWS: %s; Azure: %s)"
                         % (value, ', '.join(REGIONS['AWS']), ', '.join(REGIONS['AZURE'])))


EarPrivateEndpointInfoOptions = options_model('EarPrivateEndpointInfoOptions', ARGUMENT_SPEC, EarPrivateEndpointInfoRules)


def list_endpoints(atlas):
    options = atlas.options
    providers = [options.cloud_provider] if options.cloud_provider else list(PROVIDERS)
    items = []
    for provider in providers:
        path_params = dict(group_id=atlas.project_id, cloud_provider=provider)
        try:
            if options.id is not None:
                items.extend(read_one(atlas, EAR_PRIVATE_ENDPOINTS.item(options.id, **path_params),
                                      EAR_PRIVATE_ENDPOINTS.version('get')))
            else:
                items.extend(atlas.client.list_all(EAR_PRIVATE_ENDPOINTS.collection(**path_params),
                                                   EAR_PRIVATE_ENDPOINTS.version('list')))
        except AtlasApiError as error:
            raise explained(error, atlas, provider)
    if options.region_name is not None:
        items = [item for item in items if item.get('regionName') == options.region_name]
    return items


def main():
    run_info_module(EarPrivateEndpointInfoOptions, 'endpoints', list_endpoints, view=endpoint_view)


if __name__ == '__main__':
    main()
