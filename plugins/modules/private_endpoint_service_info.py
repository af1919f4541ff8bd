#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: private_endpoint_service_info
short_description: List the Atlas private endpoint services of a project
version_added: 0.1.0
description:
  - Returns the private endpoint services of an Atlas project (AWS PrivateLink, Azure Private Link, GCP Private
    Service Connect) of one provider or of every provider, the one in a region, or the one with a given O(id).
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  provider_name:
    description:
      - Only the services of this provider. Omitted, the services of every provider (one request each).
      - Required with O(region) or O(id).
    type: str
    choices: [AWS, AZURE, GCP]
  region:
    description:
      - Only the service in this region, in Atlas form (V(US_EAST_1)) or the cloud's own form (V(us-east-1),
        V(eastus2), V(us-central1)); see M(atlasops.networking.private_endpoint_service).
    type: str
  id:
    description:
      - Only the service with this Atlas ID (24 hexadecimal characters).
      - An ID Atlas does not know returns an empty RV(services) list, not a failure.
    type: str
notes:
  - One request per provider listed (Atlas answers each provider's services in one list), or one for O(id).
seealso:
  - module: atlasops.networking.private_endpoint_service
  - module: atlasops.networking.private_endpoint_info
'''

EXAMPLES = r'''
- name: List the private endpoint services of every provider
  atlasops.networking.private_endpoint_service_info:
    project_id: "{{ atlas_project_id }}"
  register: services

- name: Show the regions that have a service
  ansible.builtin.debug:
    msg: "{{ services.services | map(attribute='region_name') | list }}"

- name: Read the AWS service in us-east-1
  atlasops.networking.private_endpoint_service_info:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
  register: aws_service
'''

RETURN = r'''
services:
  description:
    - The services, in snake_case, with every key of their provider (see
      M(atlasops.networking.private_endpoint_service) for the fields).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6a7ba1b2c3d4e5f601234567
      cloud_provider: AWS
      region_name: US_EAST_1
      status: AVAILABLE
      error_message: null
      endpoint_service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
      interface_endpoints: [vpce-0a1b2c3d4e5f60718]
      supported_remote_regions: null
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils import _private_endpoint as pe
from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils._info import run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    model_validator,
    option_rule,
    options_model,
)

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', choices=['AWS', 'AZURE', 'GCP']),
    region=dict(type='str'),
    id=dict(type='str'),
)


class ServiceInfoRules(OptionRules):
    _check_id = option_rule('id', atlas_id('private endpoint service'))

    @model_validator(mode='after')
    def _check_provider(self):
        for name in ('region', 'id'):
            if getattr(self, name) is not None and self.provider_name is None:
                raise ValueError("option 'provider_name' is required with option '%s'" % name)
        if self.region is not None:
            try:
                self.region = atlas_regions.provider_region(self.provider_name, self.region)
            except ValueError as error:
                raise ValueError("option 'region': %s" % error)
        return self


ServiceInfoOptions = options_model('ServiceInfoOptions', ARGUMENT_SPEC, ServiceInfoRules)


def list_services(atlas):
    options = atlas.options
    if options.id:
        service = pe.read_service(atlas, options.provider_name, options.id)
        return [service] if service else []
    services = []
    for provider in [options.provider_name] if options.provider_name else pe.PROVIDERS:
        services.extend(pe.list_services(atlas, provider))
    if options.region:
        services = [service for service in services if service.get('regionName') == options.region]
    return services


def main():
    run_info_module(ServiceInfoOptions, 'services', list_services, view=pe.service_view)


if __name__ == '__main__':
    main()
