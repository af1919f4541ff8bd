#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: data_federation_private_endpoint
short_description: Manage an Atlas Data Federation / Online Archive private endpoint
version_added: 0.1.0
description:
  - Ensures a private endpoint is registered in, or removed from, the list of private endpoints an
    Atlas project's Federated Database Instances and Online Archives accept connections from.
  - The module finds the entry by its natural key, O(endpoint_id) (Azure resource ids compared
    case-insensitively). An entry Atlas is deleting (V(DELETING)) is not the entry a
    O(state=present) task wants; the endpoint is registered again.
  - Atlas changes only O(comment) in place. Any other difference between the task and the existing
    entry (O(region), O(customer_endpoint_dns_name), O(azure_link_id), O(customer_endpoint_ip_address))
    fails the task before any write and says what differs; delete the entry (O(state=absent)) and
    register it again to change them. Options the task leaves out are not compared.
  - Atlas registers an endpoint without checking it exists in your cloud account. Create the
    interface endpoint to the Atlas Data Federation service of its region first (AWS), or the Azure
    private endpoint, then register its id here.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  endpoint_id:
    description:
      - The private endpoint to register. AWS, an interface endpoint id (V(vpce-) and 17 lowercase
        hexadecimal digits); Azure, the private endpoint's resource id
        (V(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateEndpoints/<name>)).
      - Any other form fails before a request is sent.
    type: str
    required: true
  provider:
    description:
      - The cloud provider of the endpoint.
      - When omitted, taken from the form of O(endpoint_id) (a V(vpce-) id is V(AWS), a resource id
        V(AZURE)). Given, it must agree with O(endpoint_id).
    type: str
    choices: [AWS, AZURE]
  comment:
    description:
      - A note about the endpoint. The only field Atlas changes in place.
      - Omitted, the entry's comment is left as it is.
    type: str
  region:
    description:
      - The region of your endpoint, in Atlas form (V(US_EAST_1), V(US_EAST_2)); AWS regions are also
        accepted in AWS form (V(us-east-1)). Must be one of the provider's Atlas regions.
      - Atlas takes it only together with O(customer_endpoint_dns_name); each requires the other.
    type: str
  customer_endpoint_dns_name:
    description:
      - The DNS name of your endpoint (for AWS, the interface endpoint's first DNS entry). Compared
        case-insensitively.
      - Requires O(region), and O(region) requires it.
    type: str
  azure_link_id:
    description:
      - The link id of the Azure private endpoint connection. O(provider=AZURE) only.
    type: str
  customer_endpoint_ip_address:
    description:
      - The IP address of the Azure private endpoint (IPv4 or IPv6). O(provider=AZURE) only.
    type: str
  state:
    description:
      - V(present) registers the endpoint (or changes its O(comment)); V(absent) removes it.
      - With V(absent) only O(endpoint_id) (and O(provider), if given) is used; the other options
        are neither checked nor compared.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until Atlas reports the entry V(OK). V(FAILED) fails the task
        with Atlas's error message and returns the entry.
      - With O(state=absent), wait until the entry is gone.
      - Never waits in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). A timeout fails the task with the last status
        seen; Atlas keeps working on the entry, and running the task again keeps waiting.
    type: int
    default: 600
notes:
  - Atlas's POST is an upsert that answers with the project's whole list; the module reads the entry
    from that answer, so a run that registers an endpoint costs one GET and one POST, and a run that
    finds the entry as wanted one GET.
  - Adding and removing entries needs the Project Owner role (Organization Owners must add
    themselves to the project as Project Owner); reading them needs Project Read Only.
seealso:
  - module: atlasops.networking.data_federation_private_endpoint_info
  - name: Configure private endpoints for Federated Database Instances and Online Archives
    description: The Atlas Data Federation service names per region, and the steps on the cloud side.
    link: https://www.mongodb.com/docs/atlas/data-federation/tutorial/config-private-endpoint/
'''

EXAMPLES = r'''
- name: Register an AWS interface endpoint for Data Federation and Online Archive
  atlasops.networking.data_federation_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    endpoint_id: vpce-0a1b2c3d4e5f60718
    comment: Analytics VPC, us-east-1
    region: US_EAST_1
    customer_endpoint_dns_name: vpce-0a1b2c3d4e5f60718-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com
    wait: true
    wait_timeout: 120
  register: federation_endpoint

- name: Change its comment (the only field Atlas changes in place)
  atlasops.networking.data_federation_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    endpoint_id: vpce-0a1b2c3d4e5f60718
    comment: Analytics VPC, us-east-1 (production)

- name: Register an Azure private endpoint
  atlasops.networking.data_federation_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    endpoint_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/analytics/providers/Microsoft.Network/privateEndpoints/atlas-federation
    azure_link_id: "123456789"
    customer_endpoint_ip_address: 10.2.0.5
    comment: Analytics VNet

- name: Remove the Azure private endpoint
  atlasops.networking.data_federation_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    endpoint_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/analytics/providers/Microsoft.Network/privateEndpoints/atlas-federation
    state: absent
'''

RETURN = r'''
endpoint:
  description:
    - The entry after the task, in snake_case, with every documented key (null when Atlas has no
      value). Empty after removal.
    - In check mode, what the task would register or change.
  returned: always
  type: dict
  contains:
    endpoint_id:
      description: The endpoint's id.
      type: str
      sample: vpce-0a1b2c3d4e5f60718
    provider:
      description: Cloud provider.
      type: str
      sample: AWS
    type:
      description: What the endpoint serves; always V(DATA_LAKE).
      type: str
      sample: DATA_LAKE
    comment:
      description: The note about the endpoint.
      type: str
      sample: Analytics VPC, us-east-1
    region:
      description: Region of the endpoint, in Atlas form.
      type: str
      sample: US_EAST_1
    customer_endpoint_dns_name:
      description: DNS name of the endpoint.
      type: str
      sample: vpce-0a1b2c3d4e5f60718-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com
    azure_link_id:
      description: Link id of the Azure private endpoint connection.
      type: str
      sample: null
    customer_endpoint_ip_address:
      description: IP address of the Azure private endpoint.
      type: str
      sample: null
    status:
      description: V(PENDING), V(OK), V(FAILED) or V(DELETING).
      type: str
      sample: OK
    error_message:
      description: Why the entry failed, when its status is V(FAILED); null otherwise.
      type: str
      sample: null
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
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import DATA_FEDERATION_PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._client import whole_list
from ansible_collections.atlasops.networking.plugins.module_utils._data_federation_private_endpoint import (
    PROVIDERS,
    endpoint_id,
    entry_view,
    provider_of,
    same_endpoint_id,
)
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError, AtlasOutcomeUnknownError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    model_validator,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    ResourceEngine,
    present_rule,
    run_resource_module,
    state_options,
)
from ansible_collections.atlasops.networking.plugins.module_utils._views import camel_body

ARGUMENT_SPEC = dict(
    endpoint_id=dict(type='str', required=True),
    provider=dict(type='str', choices=list(PROVIDERS)),
    comment=dict(type='str'),
    region=dict(type='str'),
    customer_endpoint_dns_name=dict(type='str'),
    azure_link_id=dict(type='str'),
    customer_endpoint_ip_address=dict(type='str'),
    **state_options(wait_timeout_default=600)
)

# Fields of the entry a task may set besides its key, and the Atlas names camel_body() cannot derive.
OPTIONAL_FIELDS = ('comment', 'region', 'customer_endpoint_dns_name', 'azure_link_id', 'customer_endpoint_ip_address')
AZURE_ONLY = ('azure_link_id', 'customer_endpoint_ip_address')
IRREGULAR = {'customer_endpoint_dns_name': 'customerEndpointDNSName',
             'customer_endpoint_ip_address': 'customerEndpointIPAddress'}
# What Atlas keeps of an existing entry when its comment changes (the upsert body repeats them).
KEPT_ON_UPDATE = ('endpointId', 'provider', 'type', 'region', 'customerEndpointDNSName', 'azureLinkId',
                  'customerEndpointIPAddress')
# Where Atlas stores a Data Federation endpoint's region: the Atlas regions of each provider.
REGIONS = {'AWS': tuple(region for region in atlas_regions.AWS_CONTAINER_REGIONS if region != 'GLOBAL'),
           'AZURE': atlas_regions.AZURE_CONTAINER_REGIONS}


def region_name(provider, value):
    name = atlas_regions.atlas_region_name(value)
    if name not in REGIONS[provider]:
        raise ValueError("option 'region': %r is not an Atlas %s region (Atlas form, for example %s); expected one of: %s"
                         % (value, provider, REGIONS[provider][0], ', '.join(REGIONS[provider])))
    return name


def dns_name(value):
    return str(value).strip().rstrip('.').lower()


class DataFederationPrivateEndpointRules(OptionRules):
    _check_endpoint_id = option_rule('endpoint_id', endpoint_id)

    @model_validator(mode='after')
    def _check_provider(self):
        implied = provider_of(self.endpoint_id)
        if self.provider is None:
            self.provider = implied
        elif self.provider != implied:
            raise ValueError("option 'provider': %s, but endpoint_id %r is an %s endpoint id; omit provider or set it "
                             "to %s" % (self.provider, self.endpoint_id, implied, implied))
        if self.state == 'present':
            self._check_present_fields()
        return self

    def _check_present_fields(self):
        if (self.region is None) != (self.customer_endpoint_dns_name is None):
            given, missing = (('region', 'customer_endpoint_dns_name') if self.region is not None
                              else ('customer_endpoint_dns_name', 'region'))
            raise ValueError("option '%s' is missing: Atlas takes region and customer_endpoint_dns_name only together, "
                             "and the task sets %s" % (missing, given))
        if self.region is not None:
            self.region = region_name(self.provider, self.region)
        for field in AZURE_ONLY:
            if getattr(self, field) is not None and self.provider != 'AZURE':
                raise ValueError("option '%s' is only for Azure private endpoints (provider AZURE), and this one is %s"
                                 % (field, self.provider))

    # after the checks above: which options go together comes first, then each value's form
    _check_dns_name = present_rule('customer_endpoint_dns_name', validators.dns_name)
    _check_ip_address = present_rule('customer_endpoint_ip_address', validators.ip_address)


DataFederationPrivateEndpointOptions = options_model('DataFederationPrivateEndpointOptions', ARGUMENT_SPEC,
                                                     DataFederationPrivateEndpointRules)


class DataFederationPrivateEndpoint(AtlasResource):
    api = DATA_FEDERATION_PRIVATE_ENDPOINTS
    options_model = DataFederationPrivateEndpointOptions
    result_key = 'endpoint'
    label = 'Data Federation private endpoint'
    mutable_fields = ('comment',)
    ready_statuses = ('OK',)
    failed_statuses = ('FAILED',)
    deleting_statuses = ('DELETING',)
    recreate_while_deleting = True  # Atlas registers the id again while the old entry is deleting
    delete_done_codes = ('DATA_FEDERATION_PRIVATE_ENDPOINT_NOT_FOUND',)

    def is_same_resource(self, item):
        return same_endpoint_id(item.get('endpointId'), self.desired.endpoint_id)

    def desired_view(self):
        desired = self.desired
        view = {'endpoint_id': desired.endpoint_id, 'provider': desired.provider}
        if desired.state == 'present':
            view.update((field, getattr(desired, field)) for field in OPTIONAL_FIELDS if getattr(desired, field) is not None)
        return view

    def same_value(self, field, current_value, desired_value):
        if field == 'endpoint_id':
            return same_endpoint_id(current_value, desired_value)
        if field == 'provider':  # the spec documents AWS as the default provider
            return (current_value or 'AWS') == desired_value
        if field == 'customer_endpoint_dns_name':
            return current_value is not None and dns_name(current_value) == dns_name(desired_value)
        return current_value == desired_value

    def create_body(self):
        return camel_body(self.desired_view(), irregular=IRREGULAR)

    def update_body(self, current, differences):
        body = dict((key, current[key]) for key in KEPT_ON_UPDATE if current.get(key) is not None)
        body['comment'] = self.desired.comment
        return body

    def view(self, item):
        return entry_view(item)

    def name_of(self, view):
        return view.get('endpoint_id')


class DataFederationEngine(ResourceEngine):
    """Atlas's POST is an upsert answered with page 1 of the whole list: registering an endpoint and
    changing its comment both POST, and the entry is taken from that list (or read when the page
    may not hold it)."""

    def create(self):
        return self.entry_in(super(DataFederationEngine, self).create())

    def update(self, current, differences):
        path = self.api.collection(**self.resource.path_params())
        try:
            answer = self.client.post(path, self.api.version('create'), self.resource.update_body(current, differences))
        except AtlasOutcomeUnknownError:
            entry = self.read(current[self.api.item_key])
            if entry is None or entry.get('comment') != self.resource.desired.comment:
                raise
            return entry
        except AtlasApiError:
            self.changed = False  # Atlas refused it: nothing changed
            raise
        return self.entry_in(answer)

    def entry_in(self, answer):
        """The entry of this task in a POST's answer (a list page), or in a lookup's answer (the entry)."""
        if isinstance(answer, dict) and answer.get(self.api.item_key):
            return answer
        for item in whole_list(answer) or []:
            if self.resource.is_same_resource(item):
                return item
        return self.read(self.resource.desired.endpoint_id, missing_ok=False)


def main():
    run_resource_module(DataFederationPrivateEndpoint, engine_class=DataFederationEngine)


if __name__ == '__main__':
    main()
