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
  - Atlas refuses to delete a container in use (C(CONTAINERS_IN_USE)). When something that uses it is
    being deleted (a peering connection or a private endpoint service in its region), the deletion is
    retried until it is gone, for at most O(wait_timeout). Otherwise the task fails at once with Atlas's
    reason and what to delete first.
  - Atlas's list of containers may lag behind a creation. A task that does not find a container Atlas
    has just created gets C(CONTAINER_ALREADY_EXISTS) and adopts it as soon as the list shows it (for at
    most O(max_retry_time)), so it never fails or creates a second one.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
attributes:
  check_mode:
    details:
      - Sends only reads (no POST, PATCH or DELETE), never waits, and reports the change a real run would make.
      - Fails as the real run would when the container is provisioned (in use) and the task changes its CIDR
        block or regions, or deletes it while nothing that uses it is being deleted (this reads its peering
        connections and private endpoint services).
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
      - Seconds to keep retrying a deletion that Atlas refuses because the container is still in use by
        something that is being deleted (for example a peering connection that is still being deleted).
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
'''

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils import _validators as validators
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import CONTAINERS, ENDPOINT_SERVICES, PEERS
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasError, AtlasStateError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    model_validator,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._peering import peering_status
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    present_rule,
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


def gcp_regions(value):
    """The regions of a GCP small container, in Atlas form, sorted; each known and listed once."""
    names = [atlas_regions.atlas_region_name(name) for name in value]
    for name in names:
        validators.one_of(name, atlas_regions.GCP_CONTAINER_REGIONS, 'GCP region')
    if len(set(names)) != len(names):
        raise ValueError('lists a region twice: %s' % ', '.join(names))
    return sorted(names)


class ContainerRules(OptionRules):

    _normalise_region = option_rule('region', atlas_regions.atlas_region_name)
    # Only sent to create or update (the natural key is the provider and region): checked with state present.
    _check_gcp_regions = present_rule('regions', gcp_regions)

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
    create_conflict_codes = ('CONTAINER_ALREADY_EXISTS',)
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
        return self.locked_message(current_view, differences, str(error))

    def locked_message(self, current_view, differences, atlas_says):
        changes = ', '.join('%s from %r to %r' % (field, pair[0], pair[1]) for field, pair in sorted(differences.items()))
        return ('Cannot change %s of the %s %s %s: Atlas locks the container once clusters or network peering '
                'connections use it. Keep the current value, or remove what uses the container first. (%s)'
                % (changes, current_view.get('provider_name'), self.label, current_view.get('id'), atlas_says))

    def same_value(self, field, current_value, desired_value):
        if field == 'regions':
            return sorted(current_value or []) == sorted(desired_value or [])
        return current_value == desired_value

    # -- a container in use (CONTAINERS_IN_USE) --------------------------------------------
    def check_mode_refusal(self, action, current, differences=None):
        """From ``provisioned`` (what the lookup read): Atlas refuses a new CIDR or regions, and a deletion
        unless what uses the container is being deleted (then the real run waits for it)."""
        if not current.get('provisioned'):
            return None
        view = self.view(current)
        if action == 'update':
            return self.locked_message(view, differences, 'Atlas refuses it with 409 CONTAINERS_IN_USE: the container '
                                                          'is provisioned')
        users = self.users(current)
        if users is None or users[1]:
            return None
        return self.in_use_message(view, users[0], 'Atlas refuses it with 409 CONTAINERS_IN_USE')

    def retry_refused_delete(self, error, current):
        """Retry only while something that uses the container is being deleted; otherwise say what to delete."""
        users = self.users(current)
        if users is None:
            return True  # what uses it could not be read: keep the old behaviour, retry until wait_timeout
        live, leaving = users
        if leaving:
            return True
        raise AtlasStateError(self.in_use_message(self.view(current), live, str(error)), view=self.view(current))

    def users(self, current):
        """([what uses the container], [what uses it and is being deleted]), each as words with the id and
        status: its peering connections and the endpoint services in its region. None if unreadable."""
        provider, group_id = current.get('providerName'), self.atlas.project_id
        client = self.atlas.client
        try:
            peers = client.list_all(PEERS.collection(group_id=group_id), PEERS.version('list'),
                                    params={'providerName': provider})
            services = client.get(ENDPOINT_SERVICES.collection(group_id=group_id, cloud_provider=provider),
                                  ENDPOINT_SERVICES.version('list')) or []
        except AtlasError as error:
            self.atlas.module.warn('Could not read what uses the %s %s: %s' % (self.label, current.get('id'), error))
            return None
        region = current.get('regionName') or current.get('region')
        users = [('network peering connection', peer.get('id'), peering_status(peer), ('TERMINATING', 'DELETING'))
                 for peer in peers if peer.get('containerId') == current.get('id')]
        users += [('private endpoint service', service.get('id'), service.get('status'), ('DELETING',))
                  for service in (services if isinstance(services, list) else [])
                  if provider == 'GCP' or atlas_regions.atlas_region_name(service.get('regionName') or '') == region]
        words = ['the %s %s (%s)' % (kind, ident, status) for kind, ident, status, _leaving in users]
        leaving = [word for word, user in zip(words, users) if user[2] in user[3]]
        return [word for word in words if word not in leaving], leaving

    def in_use_message(self, view, live, atlas_says):
        if live:
            first = 'Delete what uses it first: %s.' % ', '.join(live)
        else:
            first = ('It has no network peering connection or private endpoint service, so clusters in its region '
                     'use it: terminate them first.')
        return ('Cannot delete the %s %s %s while it is in use (%s). %s Nothing that uses it is being deleted, so '
                'waiting would not help.' % (view.get('provider_name'), self.label, view.get('id'), atlas_says, first))


def main():
    run_resource_module(NetworkContainer)


if __name__ == '__main__':
    main()
