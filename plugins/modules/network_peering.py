#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: network_peering
short_description: Manage an Atlas network peering connection (AWS, Azure or GCP)
version_added: 0.1.0
description:
  - Ensures one network peering connection between an Atlas network container and your own AWS VPC,
    Azure VNet or GCP network exists, or does not exist.
  - The module finds the connection by its natural key, the container and the peer network
    (AWS O(vpc_id) and O(aws_account_id); Azure O(azure_subscription_id), O(resource_group_name) and
    O(vnet_name); GCP O(gcp_project_id) and O(network_name)), so a second identical run changes nothing.
  - Only the AWS O(route_table_cidr_block) and O(accepter_region_name) are changed in place. Any other
    difference means a different peering connection; the module then fails with a clear message
    instead of sending an update Atlas would reject.
  - Every option is validated against the official Atlas API rules before any request is sent.
  - A peering connection needs your side to act before it becomes V(AVAILABLE). With O(wait=true) the
    module waits for the status on which you can act (AWS V(PENDING_ACCEPTANCE), Azure and GCP
    V(WAITING_FOR_USER)) or V(AVAILABLE), and returns RV(next_steps) with what your side needs.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  provider_name:
    description:
      - The cloud provider of the peer network. Options of the other providers are rejected.
    type: str
    default: AWS
    choices: [AWS, AZURE, GCP]
  container_id:
    description:
      - ID of the Atlas network container (24 lowercase hexadecimal characters) to peer, for example
        the C(container.id) returned by M(atlasops.networking.network_container).
    type: str
    required: true
  vpc_id:
    description:
      - AWS only. ID of your AWS VPC, V(vpc-) followed by 17 lowercase hexadecimal characters.
      - Required for AWS.
    type: str
  aws_account_id:
    description:
      - AWS only. The 12-digit ID of the AWS account that owns O(vpc_id).
      - Required for AWS.
    type: str
  route_table_cidr_block:
    description:
      - AWS only. The CIDR block of your VPC (or of the subnets) to route to Atlas, in canonical form
        (for example V(10.0.0.0/16), not V(10.0.0.1/16)).
      - Required for AWS when O(state=present). Changed in place when it differs.
    type: str
  accepter_region_name:
    description:
      - AWS only. The AWS region of your VPC, in AWS form (V(us-east-1)) or Atlas form (V(US_EAST_1)).
        It is sent in AWS form and compared in either form.
      - Required for AWS when O(state=present).
      - Atlas reports no region (null) when your VPC is in the region of the Atlas container, and only
        then; the module then compares this option with the container's region (one more GET, of the
        container).
      - A different region is sent to Atlas as an update; Atlas may refuse it, in which case the
        module fails with Atlas's answer.
    type: str
  azure_directory_id:
    description:
      - Azure only. The Azure AD directory (tenant) ID, a UUID.
      - Required for Azure when O(state=present).
    type: str
  azure_subscription_id:
    description:
      - Azure only. The Azure subscription of your VNet, a UUID.
      - Required for Azure.
    type: str
  resource_group_name:
    description:
      - Azure only. The resource group of your VNet. Letters, digits and C(-_.()) only.
      - Required for Azure.
    type: str
  vnet_name:
    description:
      - Azure only. The name of your VNet. Letters, digits and C(-_.()) only.
      - Required for Azure.
    type: str
  gcp_project_id:
    description:
      - GCP only. The ID of your GCP project, 6 to 30 characters, lowercase letters, digits and hyphens,
        starting with a letter and not ending with a hyphen.
      - Required for GCP.
    type: str
  network_name:
    description:
      - GCP only. The name of your GCP VPC network, 1 to 63 characters, lowercase letters, digits and
        hyphens, starting with a letter and not ending with a hyphen.
      - Required for GCP.
    type: str
  state:
    description:
      - V(present) creates or updates the peering connection; V(absent) deletes it.
      - Deleting a connection Atlas is already deleting (or answers was already requested for deletion)
        reports no change.
      - A connection Atlas is deleting (V(TERMINATING), V(DELETING)) is never the one V(present) wants.
        Atlas refuses a new one for the same peer network until it is gone, so the module waits until it
        is gone (up to O(wait_timeout), also when O(wait=false)) and creates a new one, or fails saying it
        is still being deleted. Check mode reports the creation without waiting.
      - With O(state=absent) only the peer network's key options are checked (and required); the others
        are ignored.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until the connection is V(AVAILABLE) or waits for your side
        (AWS V(PENDING_ACCEPTANCE), Azure and GCP V(WAITING_FOR_USER)). V(FAILED) fails the task
        with Atlas's reason.
      - With O(state=absent), wait until the connection is gone.
      - Never waits in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true), and for a connection Atlas is deleting to be gone
        before O(state=present) creates it again. A timeout fails the task with the last status seen;
        Atlas keeps working on the connection.
    type: int
    default: 900
notes:
  - A run that finds the connection unchanged costs one API request (one page of up to 500 connections),
    plus one GET of the container when Atlas reports no AWS accepter region or when the connection waits
    for your side (AWS V(PENDING_ACCEPTANCE), GCP V(WAITING_FOR_USER), to return RV(next_steps)).
  - Atlas's list of connections may lag behind a creation. A task that does not find a connection Atlas
    has just created gets C(PEER_ALREADY_EXISTS) and adopts it as soon as the list shows it (for at most
    O(max_retry_time)), so it never fails or creates a second one.
  - Azure needs a prerequisite before creation, not after. Grant the Atlas service principal the right
    to peer with your VNet. See the Atlas network peering documentation.
seealso:
  - module: atlasops.networking.network_peering_info
  - module: atlasops.networking.network_container
  - name: Atlas network peering
    description: Set up a network peering connection.
    link: https://www.mongodb.com/docs/atlas/security-vpc-peering/
'''

EXAMPLES = r'''
- name: Ensure the AWS container of us-east-1
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: US_EAST_1
    atlas_cidr_block: 192.168.248.0/21
  register: aws_container

- name: Peer an AWS VPC and wait until AWS can accept it
  atlasops.networking.network_peering:
    project_id: "{{ atlas_project_id }}"
    container_id: "{{ aws_container.container.id }}"
    vpc_id: vpc-0123456789abcdef0
    aws_account_id: "123456789012"
    route_table_cidr_block: 10.10.0.0/16
    accepter_region_name: us-east-1
    wait: true
  register: aws_peering

- name: Show what to accept on the AWS side
  ansible.builtin.debug:
    msg: >-
      Accept {{ aws_peering.peering.connection_id }} in AWS and route
      {{ aws_peering.next_steps.atlas_cidr_block | default('the Atlas CIDR') }} to it.

- name: Ensure the GCP container
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    atlas_cidr_block: 10.8.0.0/18
  register: gcp_container

- name: Peer a GCP network
  atlasops.networking.network_peering:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    container_id: "{{ gcp_container.container.id }}"
    gcp_project_id: my-gcp-project
    network_name: my-network
    wait: true
  register: gcp_peering

- name: Ensure the Azure container of US_EAST_2
  atlasops.networking.network_container:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    region: US_EAST_2
    atlas_cidr_block: 192.168.232.0/21
  register: azure_container

- name: Peer an Azure VNet
  atlasops.networking.network_peering:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    container_id: "{{ azure_container.container.id }}"
    azure_directory_id: 0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f
    azure_subscription_id: 7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45
    resource_group_name: my-resource-group
    vnet_name: my-vnet

- name: Delete the AWS peering connection and wait until it is gone
  atlasops.networking.network_peering:
    project_id: "{{ atlas_project_id }}"
    container_id: "{{ aws_container.container.id }}"
    vpc_id: vpc-0123456789abcdef0
    aws_account_id: "123456789012"
    state: absent
    wait: true
'''

RETURN = r'''
peering:
  description:
    - The peering connection after the task, in snake_case. Empty after deletion.
    - In check mode, what the task would create or change.
  returned: always
  type: dict
  contains:
    id:
      description: Atlas ID of the peering connection.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b6
    container_id:
      description: Atlas ID of the container.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
    provider_name:
      description: Cloud provider.
      type: str
      sample: AWS
    status:
      description:
        - Status of the connection, for every provider (Atlas's C(statusName) for AWS, C(status) for Azure and GCP).
        - AWS V(INITIATING), V(PENDING_ACCEPTANCE), V(FINALIZING), V(AVAILABLE), V(FAILED), V(TERMINATING);
          Azure V(ADDING_PEER), V(AVAILABLE), V(FAILED), V(DELETING), V(DELETION_FAILED);
          GCP V(ADDING_PEER), V(WAITING_FOR_USER), V(AVAILABLE), V(FAILED), V(DELETING).
      type: str
      sample: PENDING_ACCEPTANCE
    error_state:
      description: Why the connection failed (AWS C(errorStateName), Azure C(errorState), GCP C(errorMessage)); null otherwise.
      type: str
      sample: null
    connection_id:
      description: AWS only. The AWS peering connection to accept on your side.
      type: str
      sample: pcx-0123456789abcdef0
    vpc_id:
      description: AWS only. Your VPC.
      type: str
      sample: vpc-0123456789abcdef0
    aws_account_id:
      description: AWS only. Your AWS account.
      type: str
      sample: "123456789012"
    route_table_cidr_block:
      description: AWS only. Your VPC CIDR routed to Atlas.
      type: str
      sample: 10.10.0.0/16
    accepter_region_name:
      description: AWS only. Region of your VPC, AWS form; null when it is the region of the Atlas container.
      type: str
      sample: us-east-1
    azure_directory_id:
      description: Azure only.
      type: str
      sample: 0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f
    azure_subscription_id:
      description: Azure only.
      type: str
      sample: 7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45
    resource_group_name:
      description: Azure only.
      type: str
      sample: my-resource-group
    vnet_name:
      description: Azure only.
      type: str
      sample: my-vnet
    gcp_project_id:
      description: GCP only. Your GCP project.
      type: str
      sample: my-gcp-project
    network_name:
      description: GCP only. Your GCP network.
      type: str
      sample: my-network
next_steps:
  description:
    - What your side must do next, when the connection waits for it (AWS V(PENDING_ACCEPTANCE), GCP
      V(WAITING_FOR_USER)). Reading it costs one extra request for the container.
  returned: when the connection waits for your side, outside check mode
  type: dict
  contains:
    action:
      description: The next step, in words.
      type: str
      sample: Accept the AWS VPC peering connection pcx-0123456789abcdef0 and route 192.168.248.0/21 to it.
    connection_id:
      description: AWS. The peering connection to accept.
      type: str
      sample: pcx-0123456789abcdef0
    atlas_cidr_block:
      description: The CIDR block of the Atlas container, to route to the peering connection.
      type: str
      sample: 192.168.248.0/21
    atlas_vpc_id:
      description: AWS. The Atlas VPC of the container.
      type: str
      sample: vpc-0a1b2c3d4e5f60718
    atlas_gcp_project_id:
      description: GCP. The Atlas GCP project to peer with from your side.
      type: str
      sample: p-abcdefghijklmnopqrstuvwx
    atlas_network_name:
      description: GCP. The Atlas GCP network to peer with from your side.
      type: str
      sample: nt-0123456789abcdef01234567-abcd1234
    atlas_gcp_network:
      description: GCP. The full name of the Atlas network, for C(gcloud compute networks peerings create --peer-network).
      type: str
      sample: projects/p-abcdefghijklmnopqrstuvwx/global/networks/nt-0123456789abcdef01234567-abcd1234
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
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import CONTAINERS, PEERS
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    field_validator,
    model_validator,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._peering import peering_status, peering_view
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    present_rule,
    run_resource_module,
    state_options,
)
from ansible_collections.atlasops.networking.plugins.module_utils._views import camel_body, snake_view

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', default='AWS', choices=['AWS', 'AZURE', 'GCP']),
    container_id=dict(type='str', required=True),
    vpc_id=dict(type='str'),
    aws_account_id=dict(type='str'),
    route_table_cidr_block=dict(type='str'),
    accepter_region_name=dict(type='str'),
    azure_directory_id=dict(type='str'),
    azure_subscription_id=dict(type='str'),
    resource_group_name=dict(type='str'),
    vnet_name=dict(type='str'),
    gcp_project_id=dict(type='str'),
    network_name=dict(type='str'),
    **state_options(wait_timeout_default=900)
)

# Patterns from the official OpenAPI description. The GCP ones are anchored at both ends here
# (the spec's are not); networkName follows GCP's own naming rule (RFC 1035 label, 1-63 chars).
VPC_ID_PATTERN = r'^vpc-[0-9a-f]{17}$'
AWS_ACCOUNT_PATTERN = r'^[0-9]{12}$'
UUID_PATTERN = r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
AZURE_NAME_PATTERN = r'^([-\w._()])+$'
GCP_PROJECT_PATTERN = r'^[a-z][0-9a-z-]{4,28}[0-9a-z]$'
GCP_NETWORK_PATTERN = r'^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$'

AWS_REGIONS = tuple(region for region in atlas_regions.AWS_CONTAINER_REGIONS if region != 'GLOBAL')

PROVIDER_OPTIONS = {
    'AWS': ('vpc_id', 'aws_account_id', 'route_table_cidr_block', 'accepter_region_name'),
    'AZURE': ('azure_directory_id', 'azure_subscription_id', 'resource_group_name', 'vnet_name'),
    'GCP': ('gcp_project_id', 'network_name'),
}
# The peer network: identifies the connection inside its container. Required for both states.
KEY_OPTIONS = {
    'AWS': ('vpc_id', 'aws_account_id'),
    'AZURE': ('azure_subscription_id', 'resource_group_name', 'vnet_name'),
    'GCP': ('gcp_project_id', 'network_name'),
}
# Atlas requires these too when creating (official schema).
CREATE_OPTIONS = {
    'AWS': ('route_table_cidr_block', 'accepter_region_name'),
    'AZURE': ('azure_directory_id',),
    'GCP': (),
}
CASE_INSENSITIVE_FIELDS = ('azure_directory_id', 'azure_subscription_id', 'resource_group_name', 'vnet_name')
# Status on which the user can act, per provider: what wait: true waits for (besides AVAILABLE).
USER_ACTION_STATUS = {'AWS': 'PENDING_ACCEPTANCE', 'AZURE': 'WAITING_FOR_USER', 'GCP': 'WAITING_FOR_USER'}


def aws_region(value):
    """'US_EAST_1' or 'us-east-1' -> 'us-east-1', one of Atlas's AWS regions."""
    atlas_name = atlas_regions.atlas_region_name(value)
    if atlas_name not in AWS_REGIONS:
        raise ValueError('%r is not a known AWS region; give it in AWS form (us-east-1) or Atlas form '
                         '(US_EAST_1), one of: %s' % (value, ', '.join(atlas_regions.aws_region_name(name)
                                                                       for name in AWS_REGIONS)))
    return atlas_regions.aws_region_name(atlas_name)


class PeeringRules(OptionRules):
    _check_container_id = option_rule('container_id', validators.matching(
        validators.ATLAS_ID_PATTERN, 'an Atlas container id of 24 lowercase hexadecimal characters'))
    _check_vpc_id = option_rule('vpc_id', validators.matching(
        VPC_ID_PATTERN, "an AWS VPC id: 'vpc-' and 17 lowercase hexadecimal characters"))
    _check_aws_account_id = option_rule('aws_account_id', validators.matching(
        AWS_ACCOUNT_PATTERN, 'an AWS account id of exactly 12 digits'))
    # What is only sent to create or update is only checked with state present.
    _check_route_table = present_rule('route_table_cidr_block', lambda value: validators.cidr_block(value.strip()))
    _check_accepter_region = present_rule('accepter_region_name', aws_region)
    _check_directory = present_rule('azure_directory_id', lambda value: validators.match(
        value, UUID_PATTERN, 'a UUID such as 0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f').lower())
    _check_azure_names = option_rule(('resource_group_name', 'vnet_name'), validators.matching(
        AZURE_NAME_PATTERN, 'letters, digits, and the characters - _ . ( ) only'))
    _check_gcp_project = option_rule('gcp_project_id', validators.matching(
        GCP_PROJECT_PATTERN, 'a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter '
                             'and not ending with a hyphen'))
    _check_network_name = option_rule('network_name', validators.matching(
        GCP_NETWORK_PATTERN, 'a GCP network name: 1 to 63 lowercase letters, digits or hyphens, starting with a letter '
                             'and not ending with a hyphen'))

    @field_validator('azure_subscription_id')
    @classmethod
    def _check_uuid(cls, value):
        if value is None:
            return None
        return validators.match(value, UUID_PATTERN, 'a UUID such as 0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f').lower()

    @model_validator(mode='after')
    def _check_provider_fields(self):
        provider = self.provider_name
        for other, names in sorted(PROVIDER_OPTIONS.items()):
            if other == provider:
                continue
            for name in names:
                if getattr(self, name) is not None:
                    raise ValueError("option '%s' is only for %s peerings, but provider_name is %s (%s peerings use %s)"
                                     % (name, other, provider, provider, ', '.join(PROVIDER_OPTIONS[provider])))
        required = KEY_OPTIONS[provider]
        if self.state == 'present':
            required = required + CREATE_OPTIONS[provider]
        for name in required:
            if getattr(self, name) is None:
                raise ValueError("option '%s' is required for %s peerings%s"
                                 % (name, provider, '' if name in KEY_OPTIONS[provider] else ' when state is present'))
        return self


PeeringOptions = options_model('PeeringOptions', ARGUMENT_SPEC, PeeringRules)


class NetworkPeering(AtlasResource):
    api = PEERS
    options_model = PeeringOptions
    result_key = 'peering'
    label = 'network peering connection'
    mutable_fields = ('route_table_cidr_block', 'accepter_region_name')
    ready_statuses = ('AVAILABLE',)
    failed_statuses = ('FAILED',)
    deleting_statuses = ('TERMINATING', 'DELETING')
    delete_done_codes = ('PEER_ALREADY_REQUESTED_DELETION', 'PEER_NOT_FOUND')
    # Atlas refuses a second peering with the same peer network, also while the first is being deleted.
    create_conflict_codes = ('PEER_ALREADY_EXISTS', 'PEER_ALREADY_EXISTS_AZURE', 'PEER_ALREADY_EXISTS_GCP')

    def __init__(self, atlas, desired):
        super(NetworkPeering, self).__init__(atlas, desired)
        self.ready_statuses = (USER_ACTION_STATUS[desired.provider_name], 'AVAILABLE')
        self._container = None

    def list_params(self):
        # Atlas lists only AWS connections unless the provider is named.
        return {'providerName': self.desired.provider_name}

    def is_same_resource(self, item):
        desired = self.desired
        if (item.get('providerName') or 'AWS') != desired.provider_name:
            return False
        if item.get('containerId') != desired.container_id:
            return False
        view = snake_view(item)
        return all(self.same_value(name, view.get(name), getattr(desired, name))
                   for name in KEY_OPTIONS[desired.provider_name])

    def desired_view(self):
        desired = self.desired
        view = {'provider_name': desired.provider_name, 'container_id': desired.container_id}
        for name in PROVIDER_OPTIONS[desired.provider_name]:
            value = getattr(desired, name)
            if value is not None:
                view[name] = value
        return view

    def create_body(self):
        # Atlas's PATCH takes the whole create schema too (the default update_body).
        return camel_body(self.desired_view())

    def view(self, item):
        return peering_view(item)

    def same_value(self, field, current_value, desired_value):
        if field == 'accepter_region_name':
            if current_value is None:
                # Atlas answers null when the VPC is in the container's region, and only then.
                current_value = self.container().get('regionName')
            return atlas_regions.aws_region_name(current_value or '') == atlas_regions.aws_region_name(desired_value)
        if field == 'route_table_cidr_block' and current_value is not None:
            try:
                return validators.cidr_block(current_value, require_canonical=False) == desired_value
            except ValueError:
                return False
        if field in CASE_INSENSITIVE_FIELDS and current_value is not None and desired_value is not None:
            return str(current_value).lower() == str(desired_value).lower()
        return current_value == desired_value

    def status_of(self, item):
        return peering_status(item)

    def failure_message(self, item):
        return peering_view(item).get('error_state') or 'Atlas gave no reason'

    def result(self, view):
        result = super(NetworkPeering, self).result(view)
        steps = self.next_steps(view)
        if steps:
            result['next_steps'] = steps
        return result

    def container(self):
        """The Atlas container of the peering (one GET, once per task)."""
        if self._container is None:
            self._container = self.atlas.client.get(
                CONTAINERS.item(self.desired.container_id, group_id=self.atlas.project_id), CONTAINERS.version('get')) or {}
        return self._container

    def next_steps(self, view):
        """What the user's side must do when the connection waits for it; costs one GET of the container."""
        if not view or self.atlas.check_mode or self.params['state'] != 'present':
            return None
        provider = self.desired.provider_name
        status = view.get('status')
        if status == 'FAILED':
            self.atlas.module.warn('The %s %s is FAILED: %s. Delete it (state: absent) and create it again.'
                                   % (self.label, view.get('id'), view.get('error_state') or 'Atlas gave no reason'))
        if provider == 'AZURE' or status != USER_ACTION_STATUS[provider]:
            return None
        try:
            container = self.container()
        except AtlasError as error:
            self.atlas.module.warn('Could not read the container %s for next_steps: %s' % (self.desired.container_id, error))
            container = {}
        steps = {'atlas_cidr_block': container.get('atlasCidrBlock')}
        if provider == 'AWS':
            steps.update(connection_id=view.get('connection_id'), atlas_vpc_id=container.get('vpcId'))
            steps['action'] = ('Accept the AWS VPC peering connection %s in account %s, then route %s to it from %s.'
                               % (view.get('connection_id'), view.get('aws_account_id'),
                                  steps['atlas_cidr_block'], view.get('vpc_id')))
        else:
            project, network = container.get('gcpProjectId'), container.get('networkName')
            steps.update(atlas_gcp_project_id=project, atlas_network_name=network,
                         atlas_gcp_network='projects/%s/global/networks/%s' % (project, network))
            steps['action'] = ('Create the peering from your network %s in project %s to the Atlas network '
                               'projects/%s/global/networks/%s.'
                               % (view.get('network_name'), view.get('gcp_project_id'), project, network))
        return steps


def main():
    run_resource_module(NetworkPeering)


if __name__ == '__main__':
    main()
