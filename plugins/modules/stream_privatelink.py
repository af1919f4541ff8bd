#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: stream_privatelink
short_description: Manage an Atlas Stream Processing Private Link connection
version_added: 0.1.0
description:
  - Ensures a Private Link connection that Atlas Stream Processing uses to reach a Kafka cluster, an
    event hub, a bucket or another cloud service exists, or does not exist.
  - Each O(provider) and O(vendor) combination takes its own fields. A field the combination requires
    but that is missing, or a field it does not use, fails the task before any request is sent.

  - AWS V(MSK) requires O(arn); O(region) must not be set (Atlas takes it from the ARN).
  - AWS V(CONFLUENT) requires O(service_endpoint_id), O(region) and O(dns_sub_domain) (V([]) when the
    Confluent cluster uses no subdomains); O(dns_domain) is optional (required for Dedicated clusters).
  - AWS V(S3) requires O(region) and O(service_endpoint_id) (V(com.amazonaws.<region>.s3)).
  - AWS V(LAMBDA) requires O(service_endpoint_id) (V(com.amazonaws.<region>.lambda)); O(region) is optional.
  - AWS V(KINESIS) requires O(region); O(service_endpoint_id) is optional.
  - AZURE V(EVENTHUB) and V(AZURE_BLOB_STORAGE) require O(service_endpoint_id) (the Azure resource ID of
    the namespace or storage account), O(dns_domain) and O(region).
  - AZURE V(CONFLUENT) requires O(dns_domain), O(region) and exactly one of O(service_endpoint_id) and
    O(azure_resource_ids).
  - GCP V(CONFLUENT) requires O(gcp_service_attachment_uris), O(region) and O(dns_domain).
  - GCP V(PUBSUB) requires O(region); Atlas computes the DNS domain, so O(dns_domain) is not used.
  - No O(vendor) (or V(GENERIC)) requires O(region); O(service_endpoint_id) and O(dns_domain) are
    optional, and so are O(dns_sub_domain) (AWS), O(azure_resource_ids) (AZURE) and
    O(gcp_service_attachment_uris) (GCP).
  - With O(state=absent) only the identifying field is required (see below); the other required fields
    may be omitted, and fields the combination does not use still fail.
  - "The module finds the connection by its natural key: O(provider), O(vendor) and the identifying
    field of the combination: O(arn), else O(service_endpoint_id), else O(gcp_service_attachment_uris),
    else O(azure_resource_ids) (lists compared as sets), whichever the task sets first in that order.
    When the task sets none of them (V(KINESIS), V(PUBSUB), generic) it is O(region) plus O(dns_domain)
    when both the task and Atlas have one. Regions compare case-insensitively with C(-) and C(_) alike,
    DNS domains case-insensitively."
  - An omitted O(vendor) means V(GENERIC), as Atlas documents. The module then sends no C(vendor), Atlas
    stores and returns V(GENERIC), and only connections whose vendor is V(GENERIC) (or absent) match.
  - Connections already being deleted (V(DELETE_REQUESTED), V(DELETING), V(DELETED)) never match
    O(state=present); a new connection is created beside them.
  - O(dns_domain) is the only field Atlas changes in place (PATCH), and only when the connection has no
    DNS domain yet or is V(IDLE); otherwise a different O(dns_domain) fails and says why. A difference
    in any other field outside the natural key fails too. Delete the connection (O(state=absent)) and create it again.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  provider:
    description:
      - The cloud provider where the target service runs.
    type: str
    required: true
    choices: [AWS, AZURE, GCP]
  vendor:
    description:
      - The service behind the connection. AWS takes V(MSK), V(CONFLUENT), V(KINESIS), V(S3), V(LAMBDA);
        AZURE takes V(EVENTHUB), V(CONFLUENT), V(AZURE_BLOB_STORAGE); GCP takes V(CONFLUENT), V(PUBSUB).
      - Omitted or V(GENERIC) means the generic vendor; the module then sends no vendor and Atlas records
        V(GENERIC).
    type: str
    choices: [MSK, CONFLUENT, KINESIS, S3, LAMBDA, EVENTHUB, AZURE_BLOB_STORAGE, PUBSUB, GENERIC]
  region:
    description:
      - The region of the target service, as the vendor expects it (cloud-native such as V(us-east-1)
        or V(eastus2), or Atlas form such as V(US_EAST_2)). Sent as given.
    type: str
  arn:
    description:
      - The ARN of the AWS MSK cluster; must start with V(arn:aws:kafka). AWS V(MSK) only.
    type: str
  dns_domain:
    description:
      - The DNS domain of the target (for example V(<namespace>.servicebus.windows.net)).
      - The only field Atlas changes in place, while the connection has no DNS domain or is V(IDLE).
    type: str
  dns_sub_domain:
    description:
      - The DNS subdomains of an AWS Confluent cluster (usually its availability zones). Compared as a set.
      - V([]) is meaningful and sent as such (a Confluent cluster without subdomains); omitting the
        option sends nothing.
    type: list
    elements: str
  service_endpoint_id:
    description:
      - The service to connect to. AWS Confluent, S3 and Lambda take a VPC endpoint service name
        (V(com.amazonaws.vpce.<region>.vpce-svc-...), V(com.amazonaws.<region>.s3),
        V(com.amazonaws.<region>.lambda)); Azure Event Hubs and Blob Storage take the Azure resource ID
        (V(/subscriptions/...)).
    type: str
  azure_resource_ids:
    description:
      - The Azure resource IDs of each availability zone of an Azure Confluent cluster. Compared as a set.
    type: list
    elements: str
  gcp_service_attachment_uris:
    description:
      - The service attachment URIs of each zone of a GCP Confluent cluster; at most 3, no repeats.
        Compared as a set.
    type: list
    elements: str
  state:
    description:
      - V(present) creates the connection (or changes its O(dns_domain)); V(absent) deletes it.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until the connection is V(DONE). V(FAILED) fails the task with
        Atlas's C(errorMessage) and returns the connection.
      - With O(state=absent), wait until the connection is gone.
      - Never waits in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). Atlas can take more than 30 minutes to create an MSK
        connection, hence the long default.
      - On timeout the task fails with the last state seen and the connection as Atlas has it. Atlas keeps
        working on it and nothing is rolled back; running the task again finds the same connection (no
        second create) and keeps waiting.
    type: int
    default: 3600
seealso:
  - module: atlasops.networking.stream_privatelink_info
'''

EXAMPLES = r'''
- name: Connect Stream Processing to an AWS MSK cluster and wait until the connection is DONE
  atlasops.networking.stream_privatelink:
    project_id: "{{ atlas_project_id }}"
    provider: AWS
    vendor: MSK
    arn: arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1
    wait: true
  register: msk_link

- name: Connect to a Confluent cluster on AWS that uses no subdomains
  atlasops.networking.stream_privatelink:
    project_id: "{{ atlas_project_id }}"
    provider: AWS
    vendor: CONFLUENT
    region: us-east-1
    service_endpoint_id: com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718
    dns_domain: abc123.us-east-1.aws.confluent.cloud
    dns_sub_domain: []

- name: Connect to an Azure Event Hubs namespace
  atlasops.networking.stream_privatelink:
    project_id: "{{ atlas_project_id }}"
    provider: AZURE
    vendor: EVENTHUB
    region: US_EAST_2
    service_endpoint_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/orders
    dns_domain: orders.servicebus.windows.net

- name: Connect to Google Cloud Pub/Sub
  atlasops.networking.stream_privatelink:
    project_id: "{{ atlas_project_id }}"
    provider: GCP
    vendor: PUBSUB
    region: us-central1

- name: Delete the MSK connection and wait until it is gone
  atlasops.networking.stream_privatelink:
    project_id: "{{ atlas_project_id }}"
    provider: AWS
    vendor: MSK
    arn: arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1
    state: absent
    wait: true
'''

RETURN = r'''
connection:
  description:
    - The connection after the task, in snake_case. Empty after deletion.
    - In check mode, what the task would create or change.
  returned: always
  type: dict
  contains:
    id:
      description: Atlas ID of the connection (C(_id) in Atlas).
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
    provider:
      description: Cloud provider.
      type: str
      sample: AWS
    vendor:
      description: Vendor; V(GENERIC) when none was given.
      type: str
      sample: MSK
    state:
      description: V(IDLE), V(WORKING), V(DONE) or V(FAILED); V(DELETE_REQUESTED) or V(DELETING) while it is deleted.
      type: str
      sample: DONE
    error_message:
      description: Atlas's reason when the state is V(FAILED).
      type: str
      sample: The MSK cluster does not allow multi-VPC connectivity.
    region:
      description: Region of the target (for MSK, the region Atlas takes from the ARN).
      type: str
      sample: us-east-1
    arn:
      description: ARN of the MSK cluster.
      type: str
      sample: arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1
    dns_domain:
      description: DNS domain of the target.
      type: str
      sample: orders.servicebus.windows.net
    dns_sub_domain:
      description: DNS subdomains of an AWS Confluent cluster.
      type: list
      elements: str
      sample: [use1-az1, use1-az2]
    service_endpoint_id:
      description: Service endpoint name or Azure resource ID of the target.
      type: str
      sample: com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718
    azure_resource_ids:
      description: Azure resource IDs of an Azure Confluent cluster.
      type: list
      elements: str
    gcp_service_attachment_uris:
      description: Service attachment URIs of a GCP Confluent cluster.
      type: list
      elements: str
      sample: [projects/p/regions/us-central1/serviceAttachments/s-1]
    interface_endpoint_id:
      description: ID of the interface endpoint Atlas created from the service endpoint.
      type: str
      sample: vpce-0a1b2c3d4e5f60718
    interface_endpoint_name:
      description: Name of the interface endpoint Atlas created.
      type: str
    provider_account_id:
      description: Atlas's account ID at the cloud provider.
      type: str
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
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import STREAM_PRIVATE_LINKS
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
from ansible_collections.atlasops.networking.plugins.module_utils._views import camel_body, snake_view

GENERIC = 'GENERIC'
PROVIDERS = ('AWS', 'AZURE', 'GCP')
VENDORS = {
    'AWS': ('MSK', 'CONFLUENT', 'KINESIS', 'S3', 'LAMBDA'),
    'AZURE': ('EVENTHUB', 'CONFLUENT', 'AZURE_BLOB_STORAGE'),
    'GCP': ('CONFLUENT', 'PUBSUB'),
}
ALL_VENDORS = ('MSK', 'CONFLUENT', 'KINESIS', 'S3', 'LAMBDA', 'EVENTHUB', 'AZURE_BLOB_STORAGE', 'PUBSUB', GENERIC)

ARGUMENT_SPEC = dict(
    provider=dict(type='str', required=True, choices=list(PROVIDERS)),
    vendor=dict(type='str', choices=list(ALL_VENDORS)),
    region=dict(type='str'),
    arn=dict(type='str'),
    dns_domain=dict(type='str'),
    dns_sub_domain=dict(type='list', elements='str'),
    service_endpoint_id=dict(type='str'),
    azure_resource_ids=dict(type='list', elements='str'),
    gcp_service_attachment_uris=dict(type='list', elements='str'),
    **state_options(wait_timeout_default=3600)
)

# The connection fields of the task, in the order the natural key looks at the identifying ones.
FIELDS = ('arn', 'service_endpoint_id', 'gcp_service_attachment_uris', 'azure_resource_ids',
          'region', 'dns_domain', 'dns_sub_domain')
ID_FIELDS = ('arn', 'service_endpoint_id', 'gcp_service_attachment_uris', 'azure_resource_ids')
SET_FIELDS = ('dns_sub_domain', 'azure_resource_ids', 'gcp_service_attachment_uris')


class Combination(object):
    """What one provider/vendor combination takes: required fields, exactly-one-of groups, optional fields."""

    def __init__(self, required=(), one_of=(), optional=(), notes=None):
        self.required = tuple(required)
        self.one_of = tuple(one_of)
        self.optional = tuple(optional)
        self.notes = notes or {}

    @property
    def allowed(self):
        return self.required + self.one_of + self.optional

    def required_for(self, state):
        """The fields a task must set. With state absent only the identifying ones (or region)."""
        if state == 'present':
            return self.required
        ids = tuple(field for field in self.required if field in ID_FIELDS)
        return ids or (() if self.one_of else ('region',))


# Facts §10.5 (the official schema's vendor list; required fields as Terraform and CloudFormation check them).
COMBINATIONS = {
    ('AWS', 'MSK'): Combination(
        required=('arn',),
        notes={'region': 'Atlas takes the region from the ARN, so it must not be set'}),
    ('AWS', 'CONFLUENT'): Combination(
        required=('service_endpoint_id', 'region', 'dns_sub_domain'), optional=('dns_domain',)),
    ('AWS', 'S3'): Combination(required=('region', 'service_endpoint_id')),
    ('AWS', 'LAMBDA'): Combination(required=('service_endpoint_id',), optional=('region',)),
    ('AWS', 'KINESIS'): Combination(required=('region',), optional=('service_endpoint_id',)),
    ('AZURE', 'EVENTHUB'): Combination(required=('service_endpoint_id', 'dns_domain', 'region')),
    ('AZURE', 'CONFLUENT'): Combination(
        required=('dns_domain', 'region'), one_of=('service_endpoint_id', 'azure_resource_ids')),
    ('AZURE', 'AZURE_BLOB_STORAGE'): Combination(required=('service_endpoint_id', 'dns_domain', 'region')),
    ('GCP', 'CONFLUENT'): Combination(required=('gcp_service_attachment_uris', 'region', 'dns_domain')),
    ('GCP', 'PUBSUB'): Combination(
        required=('region',), notes={'dns_domain': 'Atlas computes the DNS domain of a Pub/Sub connection'}),
    ('AWS', GENERIC): Combination(required=('region',), optional=('service_endpoint_id', 'dns_domain', 'dns_sub_domain')),
    ('AZURE', GENERIC): Combination(required=('region',), optional=('service_endpoint_id', 'dns_domain', 'azure_resource_ids')),
    ('GCP', GENERIC): Combination(required=('region',),
                                  optional=('service_endpoint_id', 'dns_domain', 'gcp_service_attachment_uris')),
}

# Fixed forms of some service endpoint ids (facts §10.5).
SERVICE_ENDPOINT_PATTERNS = {
    ('AWS', 'CONFLUENT'): (r'^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[a-z0-9]+$',
                           'a VPC endpoint service name such as com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718'),
    ('AWS', 'S3'): (r'^com\.amazonaws\.[a-z0-9-]+\.s3$', 'com.amazonaws.<region>.s3'),
    ('AWS', 'LAMBDA'): (r'^com\.amazonaws\.[a-z0-9-]+\.lambda$', 'com.amazonaws.<region>.lambda'),
    ('AZURE', 'EVENTHUB'): (r'(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.EventHub/namespaces/[^/]+$',
                            'the Azure resource ID of an Event Hubs namespace '
                            '(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.EventHub/namespaces/<name>)'),
    ('AZURE', 'AZURE_BLOB_STORAGE'): (
        r'(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/[^/]+$',
        'the Azure resource ID of a storage account '
        '(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>)'),
}
ARN_PATTERN = r'^arn:aws:kafka'
REGION_PATTERN = r'^[A-Za-z0-9_-]+$'
DNS_PATTERN = r'^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$'
MAX_GCP_ATTACHMENTS = 3

DELETING_STATES = ('DELETE_REQUESTED', 'DELETING', 'DELETED')


def combination_name(provider, vendor):
    if vendor == GENERIC:
        return 'provider %s with vendor GENERIC (vendor omitted)' % provider
    return 'provider %s with vendor %s' % (provider, vendor)


def norm_region(value):
    return None if value is None else atlas_regions.atlas_region_name(value)


def norm_domain(value):
    return None if value is None else str(value).strip().rstrip('.').lower()


class StreamPrivateLinkRules(OptionRules):

    @field_validator('provider')
    @classmethod
    def _provider(cls, value):
        return validators.one_of(str(value).upper(), PROVIDERS, 'provider')

    @field_validator('vendor')
    @classmethod
    def _vendor(cls, value):
        if value is None:
            return GENERIC
        return validators.one_of(str(value).upper(), ALL_VENDORS, 'vendor')

    @field_validator('region', 'arn', 'dns_domain', 'service_endpoint_id')
    @classmethod
    def _not_blank(cls, value):
        if value is not None and not value.strip():
            raise ValueError('must not be empty')
        return None if value is None else value.strip()

    _region = option_rule('region', validators.matching(REGION_PATTERN, 'a region name such as us-east-1 or US_EAST_1'))
    _arn = option_rule('arn', validators.matching(ARN_PATTERN, 'the ARN of an MSK cluster'))
    _dns_domain = option_rule('dns_domain', validators.matching(
        DNS_PATTERN, 'a DNS domain name such as orders.servicebus.windows.net'))

    @field_validator('dns_sub_domain', 'azure_resource_ids', 'gcp_service_attachment_uris')
    @classmethod
    def _string_set(cls, value):
        if value is None:
            return None
        cleaned = [item.strip() for item in value]
        for position, item in enumerate(cleaned):
            if not item:
                raise ValueError('item %d is empty' % (position + 1))
        repeated = sorted(set(item for item in cleaned if cleaned.count(item) > 1))
        if repeated:
            raise ValueError('lists %s more than once; items must be unique' % ', '.join(repeated))
        return cleaned

    @field_validator('gcp_service_attachment_uris')
    @classmethod
    def _at_most_three(cls, value):
        if value is not None and len(value) > MAX_GCP_ATTACHMENTS:
            raise ValueError('Atlas takes at most %d service attachment URIs, %d given' % (MAX_GCP_ATTACHMENTS, len(value)))
        if value is not None and not value:
            raise ValueError('must list at least one service attachment URI')
        return value

    @model_validator(mode='after')
    def _check_combination(self):
        if self.vendor is None:
            self.vendor = GENERIC
        provider, vendor = self.provider, self.vendor
        if vendor != GENERIC and vendor not in VENDORS[provider]:
            raise ValueError("option 'vendor': %s is not a vendor of provider %s; %s takes %s, or no vendor (GENERIC)"
                             % (vendor, provider, provider, ', '.join(VENDORS[provider])))
        combination = COMBINATIONS[(provider, vendor)]
        name = combination_name(provider, vendor)
        for field in FIELDS:
            if getattr(self, field) is not None and field not in combination.allowed:
                reason = combination.notes.get(field) or (
                    'it takes %s' % ', '.join(combination.allowed))
                raise ValueError("option '%s' is not used for %s: %s" % (field, name, reason))
        for field in combination.required_for(self.state):
            if getattr(self, field) is None:
                raise ValueError("option '%s' is required for %s" % (field, name))
        if combination.one_of:
            given = [field for field in combination.one_of if getattr(self, field) is not None]
            if len(given) != 1:
                raise ValueError("option '%s': %s takes exactly one of %s, %s given"
                                 % ((given or combination.one_of)[-1], name, ' and '.join(combination.one_of),
                                    'both' if given else 'neither'))
        if self.service_endpoint_id is not None and (provider, vendor) in SERVICE_ENDPOINT_PATTERNS:
            pattern, rule = SERVICE_ENDPOINT_PATTERNS[(provider, vendor)]
            try:
                validators.match(self.service_endpoint_id, pattern, rule)
            except ValueError as error:
                raise ValueError("option 'service_endpoint_id': %s for %s" % (error, name))
        return self

    def key_field(self):
        """The identifying field of this task, or None when the key is region (+ DNS domain)."""
        for field in ID_FIELDS:
            if getattr(self, field) is not None:
                return field
        return None


StreamPrivateLinkOptions = options_model('StreamPrivateLinkOptions', ARGUMENT_SPEC, StreamPrivateLinkRules)


class StreamPrivateLink(AtlasResource):
    api = STREAM_PRIVATE_LINKS
    options_model = StreamPrivateLinkOptions
    result_key = 'connection'
    label = 'stream private link connection'
    mutable_fields = ('dns_domain',)
    status_field = 'state'
    ready_statuses = ('DONE',)
    failed_statuses = ('FAILED',)
    deleting_statuses = DELETING_STATES
    gone_statuses = ('DELETED',)
    create_conflict_codes = ('STREAM_PRIVATE_LINK_ALREADY_EXISTS',)
    # Atlas answers the POST with an echo of the request (no state, no vendor, provider as sent).
    refresh_after_create = True

    def is_same_resource(self, item):
        desired = self.desired
        if str(item.get('provider') or '').upper() != desired.provider:
            return False
        if str(item.get('vendor') or GENERIC).upper() != desired.vendor:
            return False
        if desired.state == 'present' and item.get('state') in DELETING_STATES:
            return False
        if desired.state == 'absent' and item.get('state') in self.gone_statuses:
            return False
        field = desired.key_field()
        if field is not None:
            return self.same_value(field, snake_view(item).get(field), getattr(desired, field))
        if norm_region(item.get('region')) != norm_region(desired.region):
            return False
        if desired.dns_domain is not None and item.get('dnsDomain'):
            return norm_domain(item['dnsDomain']) == norm_domain(desired.dns_domain)
        return True

    def desired_view(self):
        desired = self.desired
        view = {'provider': desired.provider, 'vendor': desired.vendor}
        for field in FIELDS:
            value = getattr(desired, field)
            if value is not None:  # dns_sub_domain [] is kept: it is sent as []
                view[field] = value
        return view

    def create_body(self):
        body = camel_body(self.desired_view())
        if self.desired.vendor == GENERIC:
            del body['vendor']  # Atlas records GENERIC when no vendor is sent
        return body

    def update_body(self, current, differences):
        return {'dnsDomain': self.desired.dns_domain}

    def same_value(self, field, current_value, desired_value):
        if field in SET_FIELDS:
            return sorted(current_value or []) == sorted(desired_value or [])
        if field == 'region':
            return norm_region(current_value) == norm_region(desired_value)
        if field == 'dns_domain':
            return norm_domain(current_value) == norm_domain(desired_value)
        if field in ('provider', 'vendor'):
            return str(current_value or GENERIC).upper() == desired_value
        return current_value == desired_value

    def refuse_update(self, current_view, differences):
        if 'dns_domain' not in differences:
            return None
        has, wants = differences['dns_domain']
        state = current_view.get('state')
        if has and state != 'IDLE':
            return ("option 'dns_domain': cannot change the DNS domain of the existing %s %s from %r to %r: Atlas "
                    "changes it only while the connection has no DNS domain or is IDLE, and it is %s. Match the "
                    "existing value, or delete the connection (state: absent) and create it again."
                    % (self.label, current_view.get('id'), has, wants, state))
        return None


def main():
    run_resource_module(StreamPrivateLink)


if __name__ == '__main__':
    main()
