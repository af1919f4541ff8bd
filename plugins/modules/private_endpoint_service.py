#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: private_endpoint_service
short_description: Manage an Atlas private endpoint service (AWS PrivateLink, Azure Private Link, GCP Private Service Connect)
version_added: 0.1.0
description:
  - Ensures the private endpoint service of an Atlas project in one cloud provider region exists, or does not
    exist. The service is Atlas's side of a private endpoint; your side (an AWS interface VPC endpoint, an Azure
    private endpoint, GCP forwarding rules) connects to it and is registered with
    M(atlasops.networking.private_endpoint).
  - Atlas allows one service per project, provider and region, and every endpoint in that region shares it. The
    module finds the service by listing the provider's services and matching the region, so a second task for the
    same region (another VPC, another team) finds and reuses it instead of failing. If another run creates it between
    the lookup and the creation, Atlas answers C(409 PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION) and the
    module adopts that service.
  - Creating the first service of a provider also creates the provider's network container with Atlas's default
    CIDR block if the project has none. To choose the block, create the container first with
    M(atlasops.networking.network_container).
  - Returns the service and RV(next_steps), what your side needs to connect (the AWS endpoint service name, the
    Azure Private Link service resource id, the GCP service attachments) with the exact C(aws), C(az) or
    C(gcloud) commands that create it.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  provider_name:
    description:
      - The cloud provider of the service.
    type: str
    required: true
    choices: [AWS, AZURE, GCP]
  region:
    description:
      - The region of the service, in Atlas form (V(US_EAST_1), V(US_EAST_2) for Azure, V(CENTRAL_US) for GCP) or in
        the cloud's own form (V(us-east-1), V(eastus2), V(us-central1)), in any letter case.
      - Atlas answers in Atlas form, and the module compares in Atlas form only, translating the cloud's names through
        the region tables of the Atlas documentation. Azure and Google Cloud names do not map mechanically
        (V(asia-northeast1) is V(NORTHEASTERN_ASIA_PACIFIC), V(europe-west1) is V(WESTERN_EUROPE)), so a task may use
        either form and a second run still finds its service. A name that is in no table fails before any request and
        the message lists the provider's regions in both forms.
      - Atlas cannot move a service; another region is another service.
    type: str
    required: true
  port_mapping_enabled:
    description:
      - GCP only. V(true) creates a port-mapped Private Service Connect service (one service attachment and one
        forwarding rule for up to 150 nodes) instead of the legacy one (one forwarding rule per service attachment).
      - Atlas cannot change it on an existing service; a different value fails and says so (no request is sent).
      - Omitted, an existing service is accepted either way and a new one is created without port mapping.
        V(false) matches a GCP service without port mapping. For AWS and Azure only V(false) (or nothing) is
        accepted.
    type: bool
  supported_remote_regions:
    description:
      - AWS only. Other AWS regions whose VPCs may connect to this service (AWS cross-region PrivateLink), in Atlas
        form (V(US_WEST_2)) or AWS form (V(us-west-2)); not the service's own region; at most 35.
      - Changed in place (PATCH) on an existing service. V([]) removes every remote region. Atlas reports a service
        without remote regions as null, which equals V([]). Omitted, the service's remote regions are left as they are.
      - For Azure and GCP only V([]) (or nothing) is accepted.
    type: list
    elements: str
  state:
    description:
      - V(present) creates the service; V(absent) deletes it.
      - Deleting the last endpoint of a service makes Atlas delete the service too (see
        M(atlasops.networking.private_endpoint)). A service Atlas is already deleting (V(DELETING)) is not
        present. With O(state=present) the task waits until it is gone (up to O(wait_timeout), whatever O(wait)
        says; Atlas refuses a new service in the region until then) and creates it anew, or fails saying it is
        still being deleted. With O(state=absent) it reports no change.
      - Atlas may refuse to delete a service that still has endpoints; delete them first with
        M(atlasops.networking.private_endpoint).
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until the service is ready for endpoints (V(AVAILABLE), or V(WAITING_FOR_USER)),
        which is when Atlas publishes what your side connects to. V(FAILED) fails the task with Atlas's
        C(errorMessage). On Atlas this takes about 1 to 5 minutes.
      - With O(state=absent), wait until the service is gone.
      - Never waits in check mode.
      - Defaults to V(true), unlike most modules of the collection, because RV(next_steps) exists only once
        the service is ready.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). A timeout fails the task with the last status seen; Atlas keeps
        working on the service, and running the task again keeps waiting.
    type: int
    default: 1800
notes:
  - A run that finds the service as wanted costs one API request (the provider's list of services).
  - Atlas requires the Project Owner role to create, change or delete a service and Project Read Only to read it.
seealso:
  - module: atlasops.networking.private_endpoint
  - module: atlasops.networking.private_endpoint_service_info
  - module: atlasops.networking.private_endpoint_regional_mode
  - name: Learn about private endpoints in Atlas
    description: Concepts, limits and the customer side of each provider.
    link: https://www.mongodb.com/docs/atlas/security-private-endpoint/
  - name: Create one private endpoint service for one provider (Atlas Administration API)
    description: The Atlas API operation this module calls to create a service.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-creategroupprivateendpointendpointservice
'''

EXAMPLES = r'''
- name: Ensure the AWS private endpoint service in us-east-1 and wait until it is ready
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
    wait_timeout: 120
  register: aws_service

- name: Show how to create the interface VPC endpoint
  ansible.builtin.debug:
    msg: "{{ aws_service.next_steps.commands[0] }}"

- name: Let VPCs in us-west-2 connect too (cross-region PrivateLink), changed in place
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: US_EAST_1
    supported_remote_regions: [us-west-2]
    wait_timeout: 120

- name: Ensure a port-mapped GCP service in us-central1 (Atlas calls it CENTRAL_US)
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    region: us-central1
    port_mapping_enabled: true
    wait_timeout: 120
  register: gcp_service

- name: Ensure the Azure service in eastus2 without waiting for it
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    region: eastus2
    wait: false

- name: Delete the GCP service (it has no endpoints) and wait until it is gone
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    region: CENTRAL_US
    state: absent
    wait_timeout: 120
'''

RETURN = r'''
service:
  description:
    - The service after the task, in snake_case, with every key of its provider (null when Atlas has no value).
      Empty after deletion.
    - In check mode, what the task would create.
  returned: always
  type: dict
  contains:
    id:
      description: Atlas ID of the service.
      type: str
      sample: 6a7ba1b2c3d4e5f601234567
    cloud_provider:
      description: V(AWS), V(AZURE) or V(GCP).
      type: str
      sample: AWS
    region_name:
      description: Region of the service, always in Atlas form.
      type: str
      sample: US_EAST_1
    status:
      description: V(INITIATING), V(AVAILABLE), V(WAITING_FOR_USER), V(FAILED) or V(DELETING).
      type: str
      sample: AVAILABLE
    error_message:
      description: Why the service failed; null otherwise.
      type: str
      sample: null
    endpoint_service_name:
      description: AWS. The VPC endpoint service your interface endpoint connects to; null while V(INITIATING).
      type: str
      sample: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    interface_endpoints:
      description: AWS. The ids of the interface endpoints registered with the service.
      type: list
      elements: str
      sample: [vpce-0123456789abcdef0]
    supported_remote_regions:
      description: AWS. Other regions whose VPCs may connect, Atlas form; null when there are none.
      type: list
      elements: str
      sample: [US_WEST_2]
    private_link_service_name:
      description: Azure. Name of the Private Link service; null while V(INITIATING).
      type: str
      sample: pls_6a7ba1b2c3d4e5f601234567
    private_link_service_resource_id:
      description: Azure. Resource id of the Private Link service your private endpoint connects to; null while
        V(INITIATING).
      type: str
      sample: /subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls_6a7ba1b2c3d4e5f601234567
    private_endpoints:
      description: Azure. The resource ids of the private endpoints registered with the service.
      type: list
      elements: str
      sample: []
    service_attachment_names:
      description: GCP. The service attachments your forwarding rules target; empty until Atlas has made them.
      type: list
      elements: str
      sample: [projects/p-abcdefghijklmnopqrstuvwx/regions/us-central1/serviceAttachments/sa-us-central1-0]
    endpoint_group_names:
      description: GCP. The endpoint groups (port-mapped services, forwarding rules) registered with the service.
      type: list
      elements: str
      sample: []
    port_mapping_enabled:
      description: GCP. Whether the service uses Private Service Connect port mapping.
      type: bool
      sample: false
next_steps:
  description:
    - What your side needs to connect to the service, and the commands that create it. Values Atlas cannot know
      (your VPC, subnets, resource group, names) are placeholders in angle brackets such as C(<vpc-id>).
  returned: when the service exists (not after deletion, not for a service check mode would create)
  type: dict
  contains:
    status:
      description: The status of the service.
      type: str
      sample: AVAILABLE
    region:
      description: The region in the cloud's own form.
      type: str
      sample: us-east-1
    ready_for_endpoints:
      description: Whether the service takes endpoints now (V(AVAILABLE) or V(WAITING_FOR_USER)).
      type: bool
      sample: true
    action:
      description: The next step, in words.
      type: str
      sample: Create an interface VPC endpoint to com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 in a VPC in us-east-1, ...
    commands:
      description: The C(aws), C(az) or C(gcloud) commands that create your side; empty until the service is ready.
      type: list
      elements: str
      sample:
        - >-
          aws ec2 create-vpc-endpoint --region us-east-1 --vpc-endpoint-type Interface --service-name
          com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 --vpc-id <vpc-id> --subnet-ids <subnet-ids>
          --security-group-ids <security-group-ids>
    endpoint_service_name:
      description: AWS. The service name of the interface endpoint to create.
      type: str
      sample: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    supported_remote_regions:
      description: AWS. Other regions whose VPCs may connect, AWS form.
      type: list
      elements: str
      sample: []
    private_link_service_resource_id:
      description: Azure. The resource your private endpoint connects to.
      type: str
      sample: /subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls_6a7ba1b2c3d4e5f601234567
    private_link_service_name:
      description: Azure. Its name.
      type: str
      sample: pls_6a7ba1b2c3d4e5f601234567
    service_attachment_names:
      description: GCP. One forwarding rule per attachment (port-mapped, exactly one).
      type: list
      elements: str
      sample: [projects/p-abcdefghijklmnopqrstuvwx/regions/us-central1/serviceAttachments/sa-us-central1-0]
    port_mapping_enabled:
      description: GCP. Whether the service is port-mapped.
      type: bool
      sample: false
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ENDPOINT_SERVICES
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    model_validator,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._private_endpoint import (
    SERVICE_NOT_FOUND,
    SERVICE_READY,
    customer_side,
    service_view,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    run_resource_module,
    state_options,
)

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', required=True, choices=['AWS', 'AZURE', 'GCP']),
    region=dict(type='str', required=True),
    port_mapping_enabled=dict(type='bool'),
    supported_remote_regions=dict(type='list', elements='str'),
    # wait defaults to true here: what comes next needs the service ready (the endpoint AVAILABLE).
    **dict(state_options(wait_timeout_default=1800), wait=dict(type='bool', default=True))
)

MAX_REMOTE_REGIONS = 35   # the spec's maxItems


class ServiceRules(OptionRules):

    @model_validator(mode='after')
    def _check_provider_options(self):
        provider = self.provider_name
        try:
            self.region = atlas_regions.provider_region(provider, self.region)
        except ValueError as error:
            raise ValueError("option 'region': %s" % error)
        if self.state == 'absent':
            return self   # the other options only describe a service to create or keep
        if self.port_mapping_enabled and provider != 'GCP':
            raise ValueError("option 'port_mapping_enabled': port mapping is a GCP Private Service Connect feature; "
                             "%s services have none (omit the option or set it to false)" % provider)
        if provider != 'GCP':
            self.port_mapping_enabled = None
        if self.supported_remote_regions and provider != 'AWS':
            raise ValueError("option 'supported_remote_regions': cross-region connections are an AWS PrivateLink "
                             "feature; %s services have none (omit the option or set it to [])" % provider)
        if provider == 'AWS' and self.supported_remote_regions is not None:
            self.supported_remote_regions = self._remote_regions(self.supported_remote_regions)
        elif provider != 'AWS':
            self.supported_remote_regions = None
        return self

    def _remote_regions(self, values):
        if len(values) > MAX_REMOTE_REGIONS:
            raise ValueError("option 'supported_remote_regions': at most %d regions, got %d"
                             % (MAX_REMOTE_REGIONS, len(values)))
        names = []
        for index, value in enumerate(values):
            try:
                name = atlas_regions.provider_region('AWS', value)
            except ValueError as error:
                raise ValueError("option 'supported_remote_regions[%d]': %s" % (index, error))
            if name == self.region:
                raise ValueError("option 'supported_remote_regions[%d]': %s is the service's own region; list only "
                                 "the other regions whose VPCs may connect" % (index, value))
            if name in names:
                raise ValueError("option 'supported_remote_regions[%d]': %s is listed twice" % (index, value))
            names.append(name)
        return names


ServiceOptions = options_model('ServiceOptions', ARGUMENT_SPEC, ServiceRules)


class PrivateEndpointService(AtlasResource):
    api = ENDPOINT_SERVICES
    options_model = ServiceOptions
    result_key = 'service'
    label = 'private endpoint service'
    mutable_fields = ('supported_remote_regions',)
    ready_statuses = SERVICE_READY
    failed_statuses = ('FAILED',)
    deleting_statuses = ('DELETING',)
    delete_done_codes = (SERVICE_NOT_FOUND,)
    create_conflict_codes = ('PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION',)

    def path_params(self):
        return dict(group_id=self.atlas.project_id, cloud_provider=self.desired.provider_name)

    def is_same_resource(self, item):
        return item.get('regionName') == self.desired.region

    def desired_view(self):
        desired = self.desired
        view = {'cloud_provider': desired.provider_name, 'region_name': desired.region}
        if desired.port_mapping_enabled is not None:
            view['port_mapping_enabled'] = desired.port_mapping_enabled
        if desired.supported_remote_regions is not None:
            view['supported_remote_regions'] = desired.supported_remote_regions
        return view

    def create_body(self):
        desired = self.desired
        body = {'providerName': desired.provider_name, 'region': desired.region}
        if desired.port_mapping_enabled:
            body['portMappingEnabled'] = True
        if desired.supported_remote_regions:
            body['supportedRemoteRegions'] = desired.supported_remote_regions
        return body

    def update_body(self, current, differences):
        # The only change Atlas accepts in place; [] removes every remote region.
        return {'cloudProvider': 'AWS', 'supportedRemoteRegions': self.desired.supported_remote_regions}

    def same_value(self, field, current_value, desired_value):
        if field == 'supported_remote_regions':
            # Atlas documents the list as nullable and answers null for a service without remote regions.
            return sorted(current_value or []) == sorted(desired_value)
        if field == 'port_mapping_enabled':
            # The spec documents false as the default of a GCP service.
            return bool(current_value) == desired_value
        return current_value == desired_value

    def view(self, item):
        return service_view(item)

    def failure_message(self, item):
        return item.get('errorMessage') or 'Atlas gave no reason'

    def result(self, view):
        if view.get('status') == 'FAILED':
            # Reached without waiting (wait: false): the task does not fail, but says so.
            self.atlas.module.warn('The %s %s is FAILED: %s. Delete it (state: absent) and create it again.'
                                   % (self.label, view.get('id'), view.get('error_message') or 'Atlas gave no reason'))
        result = {self.result_key: view}
        steps = customer_side(view)
        if steps:
            result['next_steps'] = steps
        return result


def main():
    run_resource_module(PrivateEndpointService)


if __name__ == '__main__':
    main()
