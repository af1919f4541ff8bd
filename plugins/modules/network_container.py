#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: network_container
short_description: Manage the Atlas network peering container of a cloud provider region
version_added: 0.1.0
description:
  - Ensures the network peering container that Atlas uses for a cloud provider region exists with
    the given Atlas CIDR block, or does not exist.
  - A project has at most one container per AWS or Azure region, and one GCP container. The module
    finds the container by O(provider_name) and O(region) (the single container for GCP).
  - A different O(atlas_cidr_block) is applied in place when Atlas allows it. Atlas locks the CIDR
    once clusters or peering connections use the container; the module then fails with Atlas's reason.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  provider_name:
    description:
      - The cloud provider of the container.
    type: str
    required: true
    choices: [AWS, AZURE, GCP]
  region:
    description:
      - The region of an AWS or Azure container, in Atlas form (V(US_EAST_1), V(US_EAST_2)).
      - AWS regions are also accepted in AWS form (V(us-east-1)).
      - Required for AWS and Azure; not used for GCP (use O(regions)).
    type: str
  regions:
    description:
      - For GCP only, the GCP regions (Atlas form, for example V(EASTERN_US)) of a small container.
      - Omit for a default GCP container, whose CIDR block must then be a /18 or larger.
    type: list
    elements: str
  atlas_cidr_block:
    description:
      - The RFC 1918 CIDR block Atlas uses for the container, in canonical form.
      - AWS and Azure allow /21 to /24. GCP allows /18 or larger; with O(regions), /21 to /24 and one /24
        per region.
      - Required when O(state=present).
    type: str
  state:
    description:
      - V(present) creates or updates the container; V(absent) deletes it.
    type: str
    default: present
    choices: [present, absent]
  wait_timeout:
    description:
      - Seconds to keep retrying a deletion that Atlas refuses because the container is still in use
        (for example by a peering connection that is still being deleted).
    type: int
    default: 300
seealso:
  - module: atlasops.networking.network_container_info
  - module: atlasops.networking.network_peering
'''

EXAMPLES = r'''
- name: Ensure the AWS container of us-east-1
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: US_EAST_1
    atlas_cidr_block: 192.168.248.0/21
  register: aws_container

- name: Ensure the Azure container of US_EAST_2
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    region: US_EAST_2
    atlas_cidr_block: 192.168.232.0/21

- name: Ensure the GCP container
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    atlas_cidr_block: 10.8.0.0/18

- name: Delete the AWS container of us-east-1
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
    state: absent
'''

RETURN = r'''
container:
  description:
    - The container after the task, in snake_case. Empty after deletion.
    - In check mode, what the task would create or change.
  returned: always
  type: dict
  contains:
    id:
      description: Atlas ID of the container.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
    provider_name:
      description: Cloud provider.
      type: str
      sample: AWS
    atlas_cidr_block:
      description: CIDR block of the container.
      type: str
      sample: 192.168.248.0/21
    region_name:
      description: AWS region (AWS containers).
      type: str
      sample: US_EAST_1
    region:
      description: Azure region (Azure containers).
      type: str
      sample: US_EAST_2
    regions:
      description: GCP regions (GCP small containers).
      type: list
      elements: str
      sample: [EASTERN_US]
    provisioned:
      description: Whether clusters or peering connections use the container.
      type: bool
      sample: false
    vpc_id:
      description: ID of the Atlas VPC (AWS).
      type: str
      sample: vpc-0a1b2c3d4e5f60718
    azure_subscription_id:
      description: Atlas's Azure subscription (Azure).
      type: str
    vnet_name:
      description: Atlas's Azure VNet (Azure).
      type: str
    gcp_project_id:
      description: Atlas's GCP project, set once a peering or cluster exists (GCP).
      type: str
      sample: p-abcdefghijklmnopqrstuvwx
    network_name:
      description: Atlas's GCP network, set once a peering or cluster exists (GCP).
      type: str
      sample: nt-0123456789abcdef01234567-abcd1234
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
  version_added: 0.2.0
'''

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils import _validators as validators
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import CONTAINERS
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    field_validator,
    model_validator,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    run_resource_module,
    state_options,
)
from ansible_collections.atlasops.networking.plugins.module_utils._views import camel_body

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', required=True, choices=['AWS', 'AZURE', 'GCP']),
    region=dict(type='str'),
    regions=dict(type='list', elements='str'),
    atlas_cidr_block=dict(type='str'),
    **state_options(wait_timeout_default=300, wait=False)
)

# Prefix lengths Atlas allows for a GCP small container, by number of regions (one /24 per region).
GCP_SMALL_CONTAINER_MAX_REGIONS = {21: 8, 22: 4, 23: 2, 24: 1}
REGION_FIELD = {'AWS': 'region_name', 'AZURE': 'region'}


class ContainerRules(OptionRules):

    _normalise_region = option_rule('region', atlas_regions.atlas_region_name)

    @field_validator('regions')
    @classmethod
    def _check_gcp_regions(cls, value):
        if value is None:
            return None
        names = [atlas_regions.atlas_region_name(name) for name in value]
        for name in names:
            validators.one_of(name, atlas_regions.GCP_CONTAINER_REGIONS, 'GCP region')
        if len(set(names)) != len(names):
            raise ValueError('lists a region twice: %s' % ', '.join(names))
        return sorted(names)

    @model_validator(mode='after')
    def _check_provider_fields(self):
        if self.provider_name == 'GCP':
            if self.region is not None:
                raise ValueError("option 'region' is not used for GCP containers; use 'regions' (a list)")
        else:
            if self.regions is not None:
                raise ValueError("option 'regions' is only for GCP containers; %s uses 'region'" % self.provider_name)
            if self.region is None:
                raise ValueError("option 'region' is required for %s containers" % self.provider_name)
            allowed = atlas_regions.AWS_CONTAINER_REGIONS if self.provider_name == 'AWS' else atlas_regions.AZURE_CONTAINER_REGIONS
            try:
                validators.one_of(self.region, allowed, '%s container region' % self.provider_name)
            except ValueError as error:
                raise ValueError("option 'region': %s" % error)
        if self.state == 'present':
            self._check_cidr()
        return self

    def _check_cidr(self):
        if self.atlas_cidr_block is None:
            raise ValueError("option 'atlas_cidr_block' is required when state is present")
        try:
            if self.provider_name == 'GCP' and self.regions:
                canonical = validators.private_ipv4_cidr(self.atlas_cidr_block, 21, 24, 'a GCP container with regions')
                prefix = int(canonical.split('/')[1])
                if len(self.regions) > GCP_SMALL_CONTAINER_MAX_REGIONS[prefix]:
                    raise ValueError('a /%d GCP container holds at most %d regions (one /24 each), %d given'
                                     % (prefix, GCP_SMALL_CONTAINER_MAX_REGIONS[prefix], len(self.regions)))
            elif self.provider_name == 'GCP':
                canonical = validators.private_ipv4_cidr(self.atlas_cidr_block, 8, 18, 'a GCP container')
            else:
                canonical = validators.private_ipv4_cidr(self.atlas_cidr_block, 21, 24, self.provider_name)
        except ValueError as error:
            raise ValueError("option 'atlas_cidr_block': %s" % error)
        self.atlas_cidr_block = canonical


ContainerOptions = options_model('ContainerOptions', ARGUMENT_SPEC, ContainerRules)


class NetworkContainer(AtlasResource):
    api = CONTAINERS
    options_model = ContainerOptions
    result_key = 'container'
    label = 'network container'
    mutable_fields = ('atlas_cidr_block', 'regions')
    delete_retry_codes = ('CONTAINERS_IN_USE',)
    delete_done_codes = ('CLOUD_PROVIDER_CONTAINER_NOT_FOUND',)

    def list_params(self):
        return {'providerName': self.desired.provider_name}

    def is_same_resource(self, item):
        provider = self.desired.provider_name
        if item.get('providerName') != provider:
            return False
        if provider == 'AWS':
            return item.get('regionName') == self.desired.region
        if provider == 'AZURE':
            return item.get('region') == self.desired.region
        return True

    def desired_view(self):
        desired = self.desired
        view = {'provider_name': desired.provider_name, 'atlas_cidr_block': desired.atlas_cidr_block}
        if desired.provider_name in REGION_FIELD:
            view[REGION_FIELD[desired.provider_name]] = desired.region
        elif desired.regions:
            view['regions'] = desired.regions
        return view

    def create_body(self):
        return camel_body(self.desired_view())

    def update_error_message(self, error, current_view, differences):
        if error.error_code != 'CONTAINERS_IN_USE':
            return None
        changes = ', '.join('%s from %r to %r' % (field, pair[0], pair[1]) for field, pair in sorted(differences.items()))
        return ('Cannot change %s of the %s %s %s: Atlas locks the container once clusters or network peering '
                'connections use it. Keep the current value, or remove what uses the container first. (%s)'
                % (changes, current_view.get('provider_name'), self.label, current_view.get('id'), error))

    def same_value(self, field, current_value, desired_value):
        if field == 'regions':
            return sorted(current_value or []) == sorted(desired_value or [])
        return current_value == desired_value


def main():
    run_resource_module(NetworkContainer)


if __name__ == '__main__':
    main()
