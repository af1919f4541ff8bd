#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: private_endpoint
short_description: Register your AWS, Azure or GCP private endpoint with an Atlas private endpoint service
version_added: 0.1.0
description:
  - Ensures that the private endpoint you created on your side (an AWS interface VPC endpoint, an Azure private
    endpoint, or GCP forwarding rules) is registered with the Atlas private endpoint service of its region, or is
    not.
  - The service is named by O(endpoint_service_id), or found by O(provider_name) and O(region) (create it with
    M(atlasops.networking.private_endpoint_service)). The endpoint is known by its id on your side, so a second run
    finds it.
  - Atlas accepts a wrong AWS endpoint id and rejects it minutes later. With O(wait=true) (the default) the module
    waits until the endpoint is V(AVAILABLE) and fails on V(REJECTED) or V(FAILED) with Atlas's message and what to
    check.
  - Atlas cannot change a registered endpoint. A different Azure IP address or GCP project, forwarding rules or
    addresses fails and says so (no request is sent); register the new endpoint, then delete the old one.
  - B(Deleting the last endpoint of a service deletes the service too) (Atlas's documented behaviour). The module
    warns when it happens, returns RV(service_deleted=true), and never reports the service as still there. To use
    private endpoints in that region again, create the service again (it gets a new endpoint service name) and
    register a new endpoint. To replace an endpoint, register the new one before deleting the old one.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  provider_name:
    description:
      - The cloud provider of the service and the endpoint.
    type: str
    required: true
    choices: [AWS, AZURE, GCP]
  endpoint_service_id:
    description:
      - Atlas ID of the private endpoint service (24 hexadecimal characters), RV(atlasops.networking.private_endpoint_service#module:service.id).
      - Give this or O(region), not both.
    type: str
  region:
    description:
      - The region of the private endpoint service, in Atlas form (V(US_EAST_1)) or the cloud's own form
        (V(us-east-1), V(eastus2), V(us-central1)); see M(atlasops.networking.private_endpoint_service). The module
        lists the provider's services to find it.
      - Give this or O(endpoint_service_id), not both.
    type: str
  endpoint_id:
    description:
      - AWS and Azure. The id of your endpoint.
      - AWS, the interface VPC endpoint id, V(vpce-) and 17 hexadecimal characters.
      - Azure, the resource id of your private endpoint,
        C(/subscriptions/<uuid>/resourceGroups/<group>/providers/Microsoft.Network/privateEndpoints/<name>). Give it
        as Azure shows it; the module sends it URL-encoded as one path segment, as Atlas requires. An id already
        URL-encoded (C(%2Fsubscriptions%2F...)) is accepted and not encoded twice. Compared without regard to case.
    type: str
  private_endpoint_ip_address:
    description:
      - Azure. The private IP address of your private endpoint's network interface. Required with
        O(state=present).
    type: str
  gcp_project_id:
    description:
      - GCP. Your Google Cloud project, where the forwarding rules are (not Atlas's C(p-...) project). Required with
        O(state=present).
    type: str
  endpoint_group_name:
    description:
      - GCP. The name of the endpoint group, which identifies the endpoint on a service without port mapping.
      - For a port-mapped service Atlas ignores it and names the endpoint after its forwarding rule
        (O(endpoints[0].endpoint_name)); with O(state=absent) either may be given.
      - Give this or O(endpoints).
    type: str
  endpoints:
    description:
      - GCP. Your forwarding rules, one per service attachment of the service
        (RV(atlasops.networking.private_endpoint_service#module:next_steps.service_attachment_names)), or exactly one for
        a port-mapped service. The module checks the count against the service before registering.
    type: list
    elements: dict
    suboptions:
      endpoint_name:
        description:
          - The name of the forwarding rule.
        type: str
        required: true
      ip_address:
        description:
          - The internal IP address of the forwarding rule. Required with O(state=present).
        type: str
  state:
    description:
      - V(present) registers the endpoint; V(absent) deletes the registration (your side is left as it is).
      - An endpoint Atlas is already deleting is not present. With O(state=present) the task waits until it is gone
        (up to O(wait_timeout), whatever O(wait) says) and registers it anew, or fails saying it is still being
        deleted; if it was the last endpoint, Atlas deletes the service with it and the task says so. With
        O(state=absent) it reports no change.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until the endpoint is V(AVAILABLE). V(REJECTED) or V(FAILED) fail the task with
        Atlas's message and what to check. A service that is still V(INITIATING) is waited for before registering.
      - With O(state=absent), wait until the endpoint is gone, then read the service again to tell whether Atlas
        deleted it with its last endpoint.
      - Never waits in check mode.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). A timeout fails the task with the last status seen; Atlas keeps
        working on the endpoint, and running the task again keeps waiting.
    type: int
    default: 1800
notes:
  - Atlas has no list of endpoints with their details, only the ids a service lists. A run costs one request for the
    service (the provider's list of services, or the service by O(endpoint_service_id)) and, when the endpoint is
    registered, one for the endpoint.
  - Without regional mode (M(atlasops.networking.private_endpoint_regional_mode)) a project may have one endpoint per
    region, or several endpoints in one region and none elsewhere; Atlas refuses others.
  - Registering an endpoint changes the clusters' private endpoint connection strings once the clusters finish
    updating.
seealso:
  - module: atlasops.networking.private_endpoint_service
  - module: atlasops.networking.private_endpoint_info
  - module: atlasops.networking.private_endpoint_regional_mode
  - name: Troubleshoot private endpoint connection issues
    description: What Atlas checks and what to do when an endpoint is rejected.
    link: https://www.mongodb.com/docs/atlas/troubleshoot-private-endpoints/
'''

EXAMPLES = r'''
- name: Ensure the AWS private endpoint service in us-east-1
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
    wait_timeout: 120

- name: Register an interface VPC endpoint and wait until Atlas accepts it
  atlasops.networking.private_endpoint:
    project_id: "{{ atlas_project_id }}"
    provider_name: AWS
    region: us-east-1
    endpoint_id: vpce-0a1b2c3d4e5f60718
    wait_timeout: 120
  register: aws_endpoint

- name: Ensure the Azure service in eastus2
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    region: eastus2
    wait_timeout: 120
  register: azure_service

- name: Register an Azure private endpoint with its IP address, naming the service by its id
  atlasops.networking.private_endpoint:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    endpoint_service_id: "{{ azure_service.service.id }}"
    endpoint_id: /subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/atlas-pe
    private_endpoint_ip_address: 10.20.0.4
    wait_timeout: 120

- name: Ensure a port-mapped GCP service in us-central1
  atlasops.networking.private_endpoint_service:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    region: us-central1
    port_mapping_enabled: true
    wait_timeout: 120

- name: Register the one forwarding rule of the port-mapped service
  atlasops.networking.private_endpoint:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP
    region: CENTRAL_US
    gcp_project_id: my-app-project
    endpoint_group_name: atlas-psc
    endpoints:
      - endpoint_name: atlas-psc
        ip_address: 10.128.0.10
    wait_timeout: 120

- name: Delete the Azure registration; it is the service's last endpoint, so Atlas deletes the service too
  atlasops.networking.private_endpoint:
    project_id: "{{ atlas_project_id }}"
    provider_name: AZURE
    region: US_EAST_2
    endpoint_id: /subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/atlas-pe
    state: absent
    wait_timeout: 120
  register: azure_removed

- name: Show that the service went with it
  ansible.builtin.debug:
    var: azure_removed.service_deleted
'''

RETURN = r'''
endpoint:
  description:
    - The endpoint after the task, in snake_case, with every key of its provider (null when Atlas has no value).
      Empty after deletion.
    - In check mode, what the task would register.
  returned: always
  type: dict
  contains:
    cloud_provider:
      description: V(AWS), V(AZURE) or V(GCP).
      type: str
      sample: AWS
    delete_requested:
      description: Whether Atlas was asked to delete the endpoint.
      type: bool
      sample: false
    error_message:
      description: Why Atlas rejected the endpoint; null otherwise.
      type: str
      sample: null
    interface_endpoint_id:
      description: AWS. The interface VPC endpoint id.
      type: str
      sample: vpce-0a1b2c3d4e5f60718
    connection_status:
      description: AWS. V(NONE), V(PENDING_ACCEPTANCE), V(PENDING), V(AVAILABLE), V(REJECTED) or V(DELETING).
      type: str
      sample: AVAILABLE
    private_endpoint_resource_id:
      description: Azure. The resource id of your private endpoint.
      type: str
      sample: /subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/atlas-pe
    private_endpoint_ip_address:
      description: Azure. Its private IP address.
      type: str
      sample: 10.20.0.4
    private_endpoint_connection_name:
      description: Azure. The name Atlas gave the connection, once it has approved it.
      type: str
      sample: 0a1b2c3d-1111-2222-3333-444455556666%2Fapp-rg%2Fatlas-pe
    status:
      description:
        - Azure V(INITIATING), V(AVAILABLE), V(FAILED), V(DELETING).
        - GCP V(INITIATING), V(VERIFIED), V(AVAILABLE), V(FAILED), V(DELETING), V(DELETED).
      type: str
      sample: AVAILABLE
    endpoint_group_name:
      description: GCP. The endpoint group; for a port-mapped service the forwarding rule's name.
      type: str
      sample: atlas-psc
    gcp_project_id:
      description: GCP. Your Google Cloud project.
      type: str
      sample: my-app-project
    endpoints:
      description: GCP. The forwarding rules, each with C(endpoint_name), C(ip_address) and C(status).
      type: list
      elements: dict
      sample: [{endpoint_name: atlas-psc, ip_address: 10.128.0.10, status: AVAILABLE}]
    port_mapping_enabled:
      description: GCP. Whether the service is port-mapped.
      type: bool
      sample: true
endpoint_service_id:
  description: Atlas ID of the service the endpoint belongs to; null when there is no such service.
  returned: always
  type: str
  sample: 6a7ba1b2c3d4e5f601234567
service_deleted:
  description:
    - V(true) when deleting this endpoint deleted the service too (it was the service's last endpoint). With
      O(wait=true) this is read back from Atlas after the endpoint is gone; otherwise (and in check mode) it is what
      Atlas does with a service whose last endpoint is deleted.
  returned: always
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
from ansible_collections.atlasops.networking.plugins.module_utils import _private_endpoint as pe
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError, AtlasStateError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    model_validator,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    ResourceEngine,
    run_resource_module,
    state_options,
)
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import (
    GONE,
    WaitFailed,
    Waiter,
    WaitTimedOut,
    should_wait,
)

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', required=True, choices=['AWS', 'AZURE', 'GCP']),
    endpoint_service_id=dict(type='str'),
    region=dict(type='str'),
    endpoint_id=dict(type='str'),
    private_endpoint_ip_address=dict(type='str'),
    gcp_project_id=dict(type='str'),
    endpoint_group_name=dict(type='str'),
    endpoints=dict(type='list', elements='dict', options=dict(
        endpoint_name=dict(type='str', required=True),
        ip_address=dict(type='str'),
    )),
    # wait defaults to true here: what comes next needs the service ready (the endpoint AVAILABLE).
    **dict(state_options(wait_timeout_default=1800), wait=dict(type='bool', default=True))
)

PROVIDER_OPTIONS = {
    'AWS': ('endpoint_id',),
    'AZURE': ('endpoint_id', 'private_endpoint_ip_address'),
    'GCP': ('gcp_project_id', 'endpoint_group_name', 'endpoints'),
}
# The field of Atlas's answer that holds the endpoint's id (the last segment of its path).
ITEM_KEYS = {'AWS': 'interfaceEndpointId', 'AZURE': 'privateEndpointResourceId', 'GCP': 'endpointGroupName'}
ENDPOINT_IN_CREATE_ERRORS = {
    'REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED': (
        'Without regional mode a project may have one private endpoint per region, or several in one region and none '
        'elsewhere. Enable regional mode (atlasops.networking.private_endpoint_regional_mode, sharded clusters only) '
        'or remove the other endpoints.'),
    'PRIVATE_ENDPOINT_ALREADY_EXISTS': (
        'The id is already registered, with this service or (AWS and Azure ids are unique in a project) another '
        'one. Use that registration, or delete it first.'),
}


class EndpointRuleRules(OptionRules):
    _check_endpoint_name = option_rule('endpoint_name', pe.gcp_name)


class EndpointRules(OptionRules):
    suboption_rules = {'endpoints': EndpointRuleRules}
    _check_service_id = option_rule('endpoint_service_id', atlas_id('private endpoint service'))
    _check_group_name = option_rule('endpoint_group_name', pe.gcp_name)

    @model_validator(mode='after')
    def _check_provider_options(self):
        provider = self.provider_name
        self.region = pe.service_reference(provider, self.endpoint_service_id, self.region)
        for other, names in sorted(PROVIDER_OPTIONS.items()):
            for name in names:
                if other != provider and name not in PROVIDER_OPTIONS[provider] and getattr(self, name) is not None:
                    raise ValueError("option '%s' is only for %s endpoints; %s endpoints use %s"
                                     % (name, other, provider, ', '.join(PROVIDER_OPTIONS[provider])))
        getattr(self, '_check_%s' % provider.lower())(self.state == 'present')
        return self

    def _check_aws(self, present):
        self.endpoint_id = _required(self.endpoint_id, 'endpoint_id', 'AWS', pe.vpce_id)

    def _check_azure(self, present):
        self.endpoint_id = _required(self.endpoint_id, 'endpoint_id', 'AZURE', pe.azure_endpoint_id)
        if present:
            self.private_endpoint_ip_address = _required(
                self.private_endpoint_ip_address, 'private_endpoint_ip_address', 'AZURE', pe.ip_address, ' when state is present')

    def _check_gcp(self, present):
        if self.endpoint_group_name is None and not self.endpoints:
            raise ValueError("option 'endpoint_group_name' is required for GCP endpoints (or, for a port-mapped "
                             "service, 'endpoints' with the forwarding rule)")
        names = [rule.endpoint_name for rule in self.endpoints or []]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise ValueError("option 'endpoints[%d].endpoint_name': %s is listed twice" % (index, name))
        if not present:
            return
        self.gcp_project_id = _required(self.gcp_project_id, 'gcp_project_id', 'GCP', pe.gcp_project_id,
                                        ' when state is present')
        if not self.endpoints:
            raise ValueError("option 'endpoints' is required for GCP endpoints when state is present: your forwarding "
                             "rules, one per service attachment (one for a port-mapped service)")
        addresses = []
        for index, rule in enumerate(self.endpoints):
            rule.ip_address = _required(rule.ip_address, 'endpoints[%d].ip_address' % index, 'GCP', pe.ip_address,
                                        ' when state is present')
            if rule.ip_address in addresses:
                raise ValueError("option 'endpoints[%d].ip_address': %s is listed twice" % (index, rule.ip_address))
            addresses.append(rule.ip_address)


def _required(value, name, provider, check, when=''):
    if value is None:
        raise ValueError("option '%s' is required for %s endpoints%s" % (name, provider, when))
    try:
        return check(value)
    except ValueError as error:
        raise ValueError("option '%s': %s" % (name, error))


EndpointOptions = options_model('EndpointOptions', ARGUMENT_SPEC, EndpointRules)


class PrivateEndpoint(AtlasResource):
    api = PRIVATE_ENDPOINTS
    options_model = EndpointOptions
    result_key = 'endpoint'
    label = 'private endpoint'
    ready_statuses = ('AVAILABLE',)
    failed_statuses = pe.ENDPOINT_FAILED
    deleting_statuses = pe.ENDPOINT_DELETING
    gone_statuses = pe.ENDPOINT_GONE
    delete_done_codes = (pe.SERVICE_NOT_FOUND,)

    def __init__(self, atlas, desired):
        super(PrivateEndpoint, self).__init__(atlas, desired)
        self.service = None           # Atlas's answer for the service, read first (PrivateEndpointEngine.lookup)
        self.service_deleted = False

    @property
    def provider(self):
        return self.desired.provider_name

    @property
    def port_mapped(self):
        return bool((self.service or {}).get('portMappingEnabled'))

    def key(self):
        """The endpoint's id on the service: the AWS vpce id, the Azure resource id, the GCP endpoint group name or,
        on a port-mapped service, the forwarding rule's name."""
        desired = self.desired
        if self.provider != 'GCP':
            return desired.endpoint_id
        if self.port_mapped and desired.endpoints:
            return desired.endpoints[0].endpoint_name
        return desired.endpoint_group_name

    def path_params(self):
        return dict(group_id=self.atlas.project_id, cloud_provider=self.provider,
                    endpoint_service_id=(self.service or {}).get('id'))

    def is_same_resource(self, item):
        return pe.same_endpoint_id(self.provider, item.get(ITEM_KEYS[self.provider]), self.key())

    def status_of(self, item):
        return pe.endpoint_status(item)

    def desired_view(self):
        desired = self.desired
        view = {'cloud_provider': self.provider}
        if self.provider == 'AWS':
            view['interface_endpoint_id'] = desired.endpoint_id
        elif self.provider == 'AZURE':
            view.update(private_endpoint_resource_id=desired.endpoint_id,
                        private_endpoint_ip_address=desired.private_endpoint_ip_address)
        else:
            view.update(endpoint_group_name=self.key(), gcp_project_id=desired.gcp_project_id,
                        endpoints=[{'endpoint_name': rule.endpoint_name, 'ip_address': rule.ip_address}
                                   for rule in desired.endpoints or []])
        return view

    def create_body(self):
        desired = self.desired
        if self.provider == 'AWS':
            return {'id': desired.endpoint_id}
        if self.provider == 'AZURE':
            return {'id': desired.endpoint_id, 'privateEndpointIPAddress': desired.private_endpoint_ip_address}
        # A port-mapped service ignores endpointGroupName, which the spec requires all the same.
        return {'gcpProjectId': desired.gcp_project_id, 'endpointGroupName': desired.endpoint_group_name or self.key(),
                'endpoints': [{'endpointName': rule.endpoint_name, 'ipAddress': rule.ip_address}
                              for rule in desired.endpoints]}

    def same_value(self, field, current_value, desired_value):
        if field == 'private_endpoint_resource_id':
            return pe.same_endpoint_id('AZURE', current_value, desired_value)
        if field == 'private_endpoint_ip_address' and current_value is not None:
            try:
                return pe.ip_address(current_value) == desired_value
            except ValueError:
                return False
        if field == 'endpoints':
            return _rules(current_value) == _rules(desired_value)
        return current_value == desired_value

    def view(self, item):
        return pe.endpoint_view(item)

    def failure_message(self, item):
        return '%s. %s' % ((item.get('errorMessage') or 'Atlas gave no reason').rstrip('.'), self.what_to_check())

    def what_to_check(self):
        service = self.service or {}
        region = atlas_regions.cloud_region(self.provider, service.get('regionName')) or service.get('regionName')
        if self.provider == 'AWS':
            remote = ', '.join(service.get('supportedRemoteRegions') or []) or 'none'
            check = ('Check that %s is an Interface VPC endpoint (not a Gateway one) to the service %s, that it still '
                     'exists, and that its VPC is in %s or in one of the service\'s supported_remote_regions (%s).'
                     % (self.key(), service.get('endpointServiceName'), region, remote))
        elif self.provider == 'AZURE':
            check = ('Check that the Azure private endpoint connects to %s with manual approval, and that %s is the '
                     'private IP address of its network interface.'
                     % (service.get('privateLinkServiceResourceId'), self.desired.private_endpoint_ip_address))
        else:
            check = ('Check that gcp_project_id is the project of the forwarding rules, that each rule targets its '
                     'service attachment of the service (%d) in %s, and that each ip_address is its rule\'s address.'
                     % (len(service.get('serviceAttachmentNames') or []), region))
        return (check + ' Then register the corrected endpoint and delete this registration (state: absent), in that '
                'order: deleting the last endpoint of a service deletes the service.')

    def result(self, view):
        status = pe.endpoint_view_status(view)
        if status in self.failed_statuses:
            # Reached without waiting (wait: false): the task does not fail, but says so.
            self.atlas.module.warn('The %s %s is %s: %s' % (self.label, self.key(), status, self.failure_message(
                {'errorMessage': view.get('error_message')})))
        return {'endpoint': view, 'endpoint_service_id': (self.service or {}).get('id'),
                'service_deleted': self.service_deleted}


def _rules(rules):
    return sorted((rule.get('endpoint_name'), rule.get('ip_address')) for rule in rules or [])


def _shown(field, value):
    if field == 'endpoints':
        return '[%s]' % ', '.join('%s=%s' % rule for rule in _rules(value))
    return repr(value)


class PrivateEndpointEngine(ResourceEngine):
    """The resource engine, plus what an endpoint needs: its service read first, no list (a GET of the one endpoint
    the service lists), the service checked before registering, and the service's fate when its last endpoint goes."""

    def __init__(self, atlas, resource, sleep=None, clock=None):
        super(PrivateEndpointEngine, self).__init__(atlas, resource, sleep, clock)
        self.api = self.api._replace(item_key=ITEM_KEYS[resource.provider])

    # -- lookup ------------------------------------------------------------------------------------
    def lookup(self):
        """The service (read anew each time: the engine looks again after a POST with an unknown outcome or a
        409), then the endpoint if the service lists it."""
        resource = self.resource
        resource.service = self.read_service()
        if resource.service is None:
            return None
        if resource.key() is None:
            raise AtlasStateError("option 'endpoint_group_name' is required: %s has no port mapping, so the endpoint "
                                  "group's name identifies the endpoint" % self.service_words())
        if not any(pe.same_endpoint_id(resource.provider, registered, resource.key())
                   for registered in pe.registered_endpoints(resource.service)):
            return None
        item = self.read(resource.key())
        return None if item is not None and resource.status_of(item) in resource.gone_statuses else item

    def read_service(self):
        desired = self.resource.desired
        if desired.endpoint_service_id:
            return pe.read_service(self.atlas, desired.provider_name, desired.endpoint_service_id)
        return pe.find_service(self.atlas, desired.provider_name, desired.region)

    def service_words(self, capital=False):
        """'the AWS private endpoint service <id> in US_EAST_1', or as the task names it before it is read."""
        desired, service = self.resource.desired, self.resource.service
        if service:
            text = 'the %s private endpoint service %s in %s' % (desired.provider_name, service.get('id'),
                                                                 service.get('regionName'))
        elif desired.endpoint_service_id:
            text = 'the %s private endpoint service %s' % (desired.provider_name, desired.endpoint_service_id)
        else:
            text = 'the %s private endpoint service in %s' % (desired.provider_name, desired.region)
        return text[0].upper() + text[1:] if capital else text

    # -- present -----------------------------------------------------------------------------------
    def ensure_present(self, current, before):
        self.check_service()
        return super(PrivateEndpointEngine, self).ensure_present(current, before)

    def check_service(self):
        """What Atlas would refuse, known from the service already read (so check mode fails the same way)."""
        resource = self.resource
        service = resource.service
        if service is None:
            raise AtlasStateError('There is no %s in project %s. Create it first with '
                                  'atlasops.networking.private_endpoint_service.' % (self.service_words()[4:], self.atlas.project_id))
        status = service.get('status')
        if status == 'FAILED':
            raise AtlasStateError('%s is FAILED (%s); it takes no endpoints. Delete it and create it again with '
                                  'atlasops.networking.private_endpoint_service.'
                                  % (self.service_words(True), service.get('errorMessage') or 'no reason given'))
        if status == 'DELETING':
            raise AtlasStateError('%s is being deleted (Atlas deletes a service with its last endpoint); it takes no '
                                  'endpoints. Wait until it is gone, create it again with '
                                  'atlasops.networking.private_endpoint_service, then register the endpoint.'
                                  % self.service_words(True))
        if resource.provider == 'GCP':
            self.check_gcp_rules(service)

    def check_gcp_rules(self, service):
        desired = self.resource.desired
        if self.resource.port_mapped:
            wanted, what = 1, 'exactly one forwarding rule, as the service is port-mapped'
        else:
            attachments = service.get('serviceAttachmentNames') or []
            if not attachments:
                return   # not published yet (INITIATING): checked by Atlas
            wanted, what = len(attachments), 'one forwarding rule per service attachment (%d)' % len(attachments)
        if len(desired.endpoints) != wanted:
            raise AtlasStateError("option 'endpoints': %s needs %s, got %d"
                                  % (self.service_words(), what, len(desired.endpoints)))

    def create(self):
        self.await_service_ready()
        try:
            return super(PrivateEndpointEngine, self).create()
        except AtlasApiError as error:
            self.changed = False   # Atlas refused the POST (the engine leaves changed set after a 409 it cannot adopt)
            hint = ENDPOINT_IN_CREATE_ERRORS.get(error.error_code)
            if hint is None:
                raise
            raise AtlasStateError('%s %s' % (error, hint))

    def await_service_ready(self):
        """A service still INITIATING takes no endpoint yet: wait for it (wait: true) or say so."""
        resource = self.resource
        service = resource.service
        if service.get('status') in pe.SERVICE_READY:
            return
        if not should_wait(self.atlas):
            raise AtlasStateError('%s is %s; it takes endpoints once AVAILABLE. Run the task with wait: true to wait '
                                  'for it.' % (self.service_words(True), service.get('status')))
        waiter = Waiter(self.params['wait_timeout'], self.sleep, self.clock)
        try:
            resource.service = waiter.wait(
                lambda key: pe.read_service(self.atlas, resource.provider, key),
                lambda item: item.get('status'), pe.SERVICE_READY, failed=('FAILED', 'DELETING', GONE),
                keys=[service['id']])[service['id']]
        except WaitFailed as failure:
            raise AtlasStateError('%s became %s while waiting for it to take endpoints.'
                                  % (self.service_words(True), failure.status))
        except WaitTimedOut as timeout:
            raise AtlasStateError('Timed out after %ss waiting for %s to take endpoints; last status: %s.'
                                  % (timeout.timeout, self.service_words(), timeout.statuses.get(service['id'])))
        if resource.provider == 'GCP':
            self.check_gcp_rules(resource.service)

    def refuse_immutable(self, differences, current_view):
        details = ', '.join('%s (Atlas has %s, task wants %s)' % (field, _shown(field, pair[0]), _shown(field, pair[1]))
                            for field, pair in sorted(differences.items()))
        raise AtlasStateError(
            'Cannot change %s of the registered private endpoint %s: Atlas does not change a registered endpoint. '
            'Register the new endpoint, then delete this one (state: absent), in that order: deleting the last '
            'endpoint of a service deletes the service.' % (details, self.resource.key()), view=current_view)

    def wait_until_gone_before_create(self, item):
        super(PrivateEndpointEngine, self).wait_until_gone_before_create(item)
        # Atlas deletes a service with its last endpoint: read it again before registering anew.
        self.resource.service = self.read_service()
        self.check_service()

    # -- absent --------------------------------------------------------------------------------------
    def ensure_absent(self, current):
        if current is None:
            return super(PrivateEndpointEngine, self).ensure_absent(current)
        resource = self.resource
        resource.service_deleted = self.is_last_endpoint()
        after = super(PrivateEndpointEngine, self).ensure_absent(current)
        if should_wait(self.atlas) and not self.atlas.check_mode:
            service = pe.read_service(self.atlas, resource.provider, resource.service['id'])
            resource.service_deleted = service is None or service.get('status') == 'DELETING'
        if resource.service_deleted:
            self.atlas.module.warn(
                'Atlas %s the private endpoint service %s (%s %s) together with its last endpoint %s. To connect '
                'privately in this region again, create the service again with '
                'atlasops.networking.private_endpoint_service (it gets a new endpoint service name) and register a '
                'new endpoint.' % ('would delete' if self.atlas.check_mode else 'deletes', resource.service['id'],
                                   resource.provider, resource.service.get('regionName'), resource.key()))
        return after

    def is_last_endpoint(self):
        """Whether no other endpoint of the service stays: the others the service lists are all on their way out."""
        resource = self.resource
        others = [registered for registered in pe.registered_endpoints(resource.service)
                  if not pe.same_endpoint_id(resource.provider, registered, resource.key())]
        for other in others:
            item = self.read(other)
            if item is not None and pe.endpoint_status(item) not in resource.deleting_statuses + resource.gone_statuses:
                return False
        return True


def main():
    run_resource_module(PrivateEndpoint, engine_class=PrivateEndpointEngine)


if __name__ == '__main__':
    main()
