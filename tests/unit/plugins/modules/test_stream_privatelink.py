# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of stream_privatelink(_info): the options model per provider/vendor combination, the
natural key, the comparisons, and whole module runs against Atlas mocked with ``responses``."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import stream_privatelink, stream_privatelink_info
from ansible_collections.atlasops.networking.plugins.modules.stream_privatelink import (
    StreamPrivateLink,
    StreamPrivateLinkOptions,
)
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, FakeAtlas, methods, page, result_of, run_main, writes,
)

LINK = 'aaaaaaaaaaaaaaaaaaaaaaaa'
LINKS_URL = BASE + '/api/atlas/v2/groups/%s/streams/privateLinkConnections' % GROUP
LINK_URL = LINKS_URL + '/' + LINK

ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1'
VPCE_SVC = 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718'
HUB = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/orders'
BLOB = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/orders'
URIS = ['projects/p/regions/us-central1/serviceAttachments/s-1', 'projects/p/regions/us-central1/serviceAttachments/s-2']

MSK = dict(provider='AWS', vendor='MSK', arn=ARN)
AWS_CONFLUENT = dict(provider='AWS', vendor='CONFLUENT', region='us-east-1', service_endpoint_id=VPCE_SVC,
                     dns_sub_domain=[])
S3 = dict(provider='AWS', vendor='S3', region='us-east-1', service_endpoint_id='com.amazonaws.us-east-1.s3')
LAMBDA = dict(provider='AWS', vendor='LAMBDA', service_endpoint_id='com.amazonaws.us-east-1.lambda')
KINESIS = dict(provider='AWS', vendor='KINESIS', region='us-east-1')
EVENTHUB = dict(provider='AZURE', vendor='EVENTHUB', region='US_EAST_2', service_endpoint_id=HUB,
                dns_domain='orders.servicebus.windows.net')
AZURE_CONFLUENT = dict(provider='AZURE', vendor='CONFLUENT', region='eastus2', azure_resource_ids=['az1', 'az2'],
                       dns_domain='lkc-1.eastus2.azure.confluent.cloud')
AZURE_BLOB = dict(provider='AZURE', vendor='AZURE_BLOB_STORAGE', region='eastus2', service_endpoint_id=BLOB,
                  dns_domain='orders.blob.core.windows.net')
GCP_CONFLUENT = dict(provider='GCP', vendor='CONFLUENT', region='us-central1', gcp_service_attachment_uris=URIS,
                     dns_domain='lkc-2.us-central1.gcp.confluent.cloud')
PUBSUB = dict(provider='GCP', vendor='PUBSUB', region='us-central1')
GENERIC = dict(provider='AZURE', region='US_EAST_2', service_endpoint_id=HUB, dns_domain='orders.servicebus.windows.net')

MSK_ITEM = {'_id': LINK, 'provider': 'AWS', 'vendor': 'MSK', 'arn': ARN, 'region': 'us-east-1', 'state': 'DONE',
            'interfaceEndpointId': 'vpce-0a1b2c3d4e5f60718'}
CONFLUENT_ITEM = {'_id': LINK, 'provider': 'AWS', 'vendor': 'CONFLUENT', 'region': 'us-east-1',
                  'serviceEndpointId': VPCE_SVC, 'dnsSubDomain': [], 'state': 'DONE'}
PUBSUB_ITEM = {'_id': LINK, 'provider': 'GCP', 'vendor': 'PUBSUB', 'region': 'us-central1',
               'dnsDomain': 'pubsub.googleapis.com', 'state': 'DONE'}


# -- the options model ---------------------------------------------------------------------------

VALID = [
    ('aws msk', MSK, 'MSK'),
    ('aws confluent, subdomains []', AWS_CONFLUENT, 'CONFLUENT'),
    ('aws confluent with domain and subdomains',
     dict(AWS_CONFLUENT, dns_domain='x.aws.confluent.cloud', dns_sub_domain=['use1-az1']), 'CONFLUENT'),
    ('aws s3', S3, 'S3'),
    ('aws lambda', LAMBDA, 'LAMBDA'),
    ('aws kinesis', KINESIS, 'KINESIS'),
    ('azure eventhub', EVENTHUB, 'EVENTHUB'),
    ('azure confluent with resource ids', AZURE_CONFLUENT, 'CONFLUENT'),
    ('azure confluent with endpoint id', dict(AZURE_CONFLUENT, azure_resource_ids=None, service_endpoint_id='s-1'),
     'CONFLUENT'),
    ('azure blob', AZURE_BLOB, 'AZURE_BLOB_STORAGE'),
    ('gcp confluent', GCP_CONFLUENT, 'CONFLUENT'),
    ('gcp pubsub', PUBSUB, 'PUBSUB'),
    ('vendor omitted is generic', GENERIC, 'GENERIC'),
    ('vendor GENERIC explicit', dict(GENERIC, vendor='generic'), 'GENERIC'),
    ('lower-case provider and vendor', dict(MSK, provider='aws', vendor='msk'), 'MSK'),
    ('absent msk needs only the arn', dict(MSK, state='absent'), 'MSK'),
    ('absent aws confluent needs only the endpoint id',
     dict(provider='AWS', vendor='CONFLUENT', state='absent', service_endpoint_id=VPCE_SVC), 'CONFLUENT'),
    ('absent pubsub needs only the region', dict(PUBSUB, state='absent'), 'PUBSUB'),
]


@pytest.mark.parametrize('options,vendor', [case[1:] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_options(options, vendor):
    assert StreamPrivateLinkOptions(**options).vendor == vendor


def test_empty_subdomain_list_stays_distinct_from_omitted():
    assert StreamPrivateLinkOptions(**AWS_CONFLUENT).dns_sub_domain == []
    assert StreamPrivateLinkOptions(**dict(AWS_CONFLUENT, state='absent', dns_sub_domain=None)).dns_sub_domain is None


INVALID = [
    ('msk with region', dict(MSK, region='us-east-1'), 'region', 'not used for provider AWS with vendor MSK'),
    ('msk without arn', dict(MSK, arn=None), 'arn', 'is required for provider AWS with vendor MSK'),
    ('absent msk without arn', dict(MSK, arn=None, state='absent'), 'arn', 'is required for provider AWS with vendor MSK'),
    ('arn not kafka', dict(MSK, arn='arn:aws:s3:::bucket'), 'arn', '^arn:aws:kafka'),
    ('arn blank', dict(MSK, arn='  '), 'arn', 'must not be empty'),
    ('aws confluent without subdomains', dict(AWS_CONFLUENT, dns_sub_domain=None), 'dns_sub_domain',
     'is required for provider AWS with vendor CONFLUENT'),
    ('aws confluent without region', dict(AWS_CONFLUENT, region=None), 'region',
     'is required for provider AWS with vendor CONFLUENT'),
    ('aws confluent bad endpoint service', dict(AWS_CONFLUENT, service_endpoint_id='vpce-svc-1'), 'service_endpoint_id',
     'VPC endpoint service name'),
    ('aws confluent subdomain twice', dict(AWS_CONFLUENT, dns_sub_domain=['az1', 'az1']), 'dns_sub_domain', 'unique'),
    ('aws confluent empty subdomain', dict(AWS_CONFLUENT, dns_sub_domain=['']), 'dns_sub_domain', 'empty'),
    ('s3 endpoint of another service', dict(S3, service_endpoint_id='com.amazonaws.us-east-1.sqs'),
     'service_endpoint_id', 'com.amazonaws.<region>.s3'),
    ('s3 without region', dict(S3, region=None), 'region', 'is required for provider AWS with vendor S3'),
    ('s3 with azure ids', dict(S3, azure_resource_ids=['x']), 'azure_resource_ids', 'not used for provider AWS'),
    ('lambda with dns domain', dict(LAMBDA, dns_domain='x.example.com'), 'dns_domain', 'not used'),
    ('kinesis without region', dict(KINESIS, region=None), 'region', 'required for provider AWS with vendor KINESIS'),
    ('eventhub on aws', dict(EVENTHUB, provider='AWS'), 'vendor', 'EVENTHUB is not a vendor of provider AWS'),
    ('pubsub on azure', dict(PUBSUB, provider='AZURE'), 'vendor', 'PUBSUB is not a vendor of provider AZURE'),
    ('unknown vendor', dict(MSK, vendor='KAFKA'), 'vendor', 'not a known vendor'),
    ('unknown provider', dict(MSK, provider='OCI'), 'provider', 'not a known provider'),
    ('eventhub without dns domain', dict(EVENTHUB, dns_domain=None), 'dns_domain',
     'is required for provider AZURE with vendor EVENTHUB'),
    ('eventhub endpoint not an event hub', dict(EVENTHUB, service_endpoint_id=BLOB), 'service_endpoint_id',
     'Event Hubs namespace'),
    ('eventhub bad dns domain', dict(EVENTHUB, dns_domain='orders servicebus'), 'dns_domain', 'DNS domain name'),
    ('azure confluent with both ids', dict(AZURE_CONFLUENT, service_endpoint_id='s-1'), 'azure_resource_ids',
     'exactly one of service_endpoint_id and azure_resource_ids, both given'),
    ('azure confluent with neither id', dict(AZURE_CONFLUENT, azure_resource_ids=None), 'azure_resource_ids',
     'neither given'),
    ('blob endpoint not a storage account', dict(AZURE_BLOB, service_endpoint_id=HUB), 'service_endpoint_id',
     'storage account'),
    ('gcp confluent four uris', dict(GCP_CONFLUENT, gcp_service_attachment_uris=['a', 'b', 'c', 'd']),
     'gcp_service_attachment_uris', 'at most 3'),
    ('gcp confluent repeated uri', dict(GCP_CONFLUENT, gcp_service_attachment_uris=['a', 'a']),
     'gcp_service_attachment_uris', 'unique'),
    ('gcp confluent no uris', dict(GCP_CONFLUENT, gcp_service_attachment_uris=[]),
     'gcp_service_attachment_uris', 'at least one'),
    ('gcp confluent without dns domain', dict(GCP_CONFLUENT, dns_domain=None), 'dns_domain',
     'is required for provider GCP with vendor CONFLUENT'),
    ('pubsub with dns domain', dict(PUBSUB, dns_domain='x.example.com'), 'dns_domain', 'Atlas computes'),
    ('pubsub with endpoint id', dict(PUBSUB, service_endpoint_id='x'), 'service_endpoint_id', 'not used'),
    ('generic without region', dict(GENERIC, region=None), 'region',
     'is required for provider AZURE with vendor GENERIC (vendor omitted)'),
    ('generic with arn', dict(GENERIC, arn=ARN), 'arn', 'not used for provider AZURE with vendor GENERIC'),
    ('region with a space', dict(PUBSUB, region='us central1'), 'region', 'region name'),
]


@pytest.mark.parametrize('options,option,words', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_options_name_the_option(options, option, words):
    with pytest.raises(ValidationError) as caught:
        StreamPrivateLinkOptions(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s" % option in message
    assert words in message


# -- natural key, bodies, comparisons --------------------------------------------------------------

def resource_for(options):
    return StreamPrivateLink(FakeAtlas(dict(options)), StreamPrivateLinkOptions(**options))


KEY_CASES = [
    ('msk same arn', MSK, MSK_ITEM, True),
    ('msk other arn', MSK, dict(MSK_ITEM, arn=ARN + '0'), False),
    ('msk vs confluent', MSK, dict(MSK_ITEM, vendor='CONFLUENT'), False),
    ('msk provider in other case', MSK, dict(MSK_ITEM, provider='Aws'), True),
    ('msk being deleted never matches present', MSK, dict(MSK_ITEM, state='DELETING'), False),
    ('msk being deleted matches absent', dict(MSK, state='absent'), dict(MSK_ITEM, state='DELETE_REQUESTED'), True),
    ('msk deleted matches nothing', dict(MSK, state='absent'), dict(MSK_ITEM, state='DELETED'), False),
    ('confluent same endpoint, other subdomains', AWS_CONFLUENT, dict(CONFLUENT_ITEM, dnsSubDomain=['a']), True),
    ('confluent other endpoint', AWS_CONFLUENT, dict(CONFLUENT_ITEM, serviceEndpointId=VPCE_SVC + '1'), False),
    ('gcp uris as a set', GCP_CONFLUENT, {'provider': 'GCP', 'vendor': 'CONFLUENT', 'gcpServiceAttachmentUris':
                                          list(reversed(URIS))}, True),
    ('gcp uris differ', GCP_CONFLUENT, {'provider': 'GCP', 'vendor': 'CONFLUENT', 'gcpServiceAttachmentUris': URIS[:1]},
     False),
    ('pubsub same region, computed domain', PUBSUB, PUBSUB_ITEM, True),
    ('pubsub region in atlas form', PUBSUB, dict(PUBSUB_ITEM, region='US_CENTRAL1'), True),
    ('pubsub other region', PUBSUB, dict(PUBSUB_ITEM, region='europe-west1'), False),
    ('generic matches GENERIC', GENERIC, {'provider': 'AZURE', 'vendor': 'GENERIC', 'serviceEndpointId': HUB}, True),
    ('generic matches a missing vendor', GENERIC, {'provider': 'AZURE', 'serviceEndpointId': HUB}, True),
    ('generic does not match EVENTHUB', GENERIC, {'provider': 'AZURE', 'vendor': 'EVENTHUB', 'serviceEndpointId': HUB},
     False),
    ('kinesis: no domain in the task matches any domain', dict(KINESIS, service_endpoint_id=None),
     {'provider': 'AWS', 'vendor': 'KINESIS', 'region': 'us-east-1', 'dnsDomain': 'a.example.com'}, True),
    ('generic region + domain differ', dict(provider='GCP', region='us-central1', dns_domain='a.example.com'),
     {'provider': 'GCP', 'vendor': 'GENERIC', 'region': 'us-central1', 'dnsDomain': 'b.example.com'}, False),
    ('generic region + domain, Atlas has none', dict(provider='GCP', region='us-central1', dns_domain='a.example.com'),
     {'provider': 'GCP', 'vendor': 'GENERIC', 'region': 'us-central1'}, True),
    ('generic region + domain, case differs', dict(provider='GCP', region='us-central1', dns_domain='A.example.com'),
     {'provider': 'GCP', 'vendor': 'GENERIC', 'region': 'us-central1', 'dnsDomain': 'a.example.com.'}, True),
]


@pytest.mark.parametrize('options,item,same', [case[1:] for case in KEY_CASES], ids=[case[0] for case in KEY_CASES])
def test_natural_key(options, item, same):
    assert resource_for(options).is_same_resource(item) is same


CREATE_BODIES = [
    ('msk sends no region', MSK, {'provider': 'AWS', 'vendor': 'MSK', 'arn': ARN}),
    ('confluent sends subdomains []', AWS_CONFLUENT,
     {'provider': 'AWS', 'vendor': 'CONFLUENT', 'region': 'us-east-1', 'serviceEndpointId': VPCE_SVC, 'dnsSubDomain': []}),
    ('generic sends no vendor', GENERIC,
     {'provider': 'AZURE', 'region': 'US_EAST_2', 'serviceEndpointId': HUB, 'dnsDomain': 'orders.servicebus.windows.net'}),
    ('gcp confluent', GCP_CONFLUENT, {'provider': 'GCP', 'vendor': 'CONFLUENT', 'region': 'us-central1',
                                      'gcpServiceAttachmentUris': URIS, 'dnsDomain': GCP_CONFLUENT['dns_domain']}),
    ('azure confluent', AZURE_CONFLUENT, {'provider': 'AZURE', 'vendor': 'CONFLUENT', 'region': 'eastus2',
                                          'azureResourceIds': ['az1', 'az2'], 'dnsDomain': AZURE_CONFLUENT['dns_domain']}),
]


@pytest.mark.parametrize('options,body', [case[1:] for case in CREATE_BODIES], ids=[case[0] for case in CREATE_BODIES])
def test_create_body(options, body):
    assert resource_for(options).create_body() == body


@pytest.mark.parametrize('fact,current,desired,same', [
    ('dns_sub_domain', None, [], True),
    ('dns_sub_domain', ['b', 'a'], ['a', 'b'], True),
    ('dns_sub_domain', ['a'], [], False),
    ('region', 'US_EAST_1', 'us-east-1', True),
    ('region', 'us-east-2', 'us-east-1', False),
    ('dns_domain', 'A.Example.com', 'a.example.com', True),
    ('dns_domain', None, 'a.example.com', False),
    ('vendor', None, 'GENERIC', True),
    ('vendor', 'MSK', 'GENERIC', False),
    ('arn', ARN, ARN, True),
])
def test_same_value(fact, current, desired, same):
    assert resource_for(MSK).same_value(fact, current, desired) is same


@pytest.mark.parametrize('current,refused', [
    ({'id': LINK, 'state': 'DONE', 'dns_domain': 'old.example.com'}, True),
    ({'id': LINK, 'state': 'WORKING', 'dns_domain': 'old.example.com'}, True),
    ({'id': LINK, 'state': 'IDLE', 'dns_domain': 'old.example.com'}, False),
    ({'id': LINK, 'state': 'DONE'}, False),
])
def test_dns_domain_change_allowed_only_without_domain_or_idle(current, refused):
    resource = resource_for(dict(AWS_CONFLUENT, dns_domain='new.example.com'))
    message = resource.refuse_update(current, {'dns_domain': (current.get('dns_domain'), 'new.example.com')})
    assert bool(message) is refused
    if refused:
        assert "option 'dns_domain'" in message and current['state'] in message and 'IDLE' in message


# -- whole module runs -----------------------------------------------------------------------------

def run_module(module, options, check_mode=False, diff=False):
    run_main(module.main, options, check_mode=check_mode, diff=diff)


def test_create_reads_the_connection_after_the_echo(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page())
    atlas.add(responses.POST, LINKS_URL, json={'_id': LINK, 'provider': 'AWS', 'vendor': 'MSK', 'arn': ARN})
    atlas.add(responses.GET, LINK_URL, json=dict(MSK_ITEM, state='IDLE'))
    run_module(stream_privatelink, MSK, diff=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['connection']['id'] == LINK and result['connection']['state'] == 'IDLE'
    assert result['diff']['before'] == {} and result['diff']['after']['id'] == LINK
    assert methods(atlas) == [('GET', LINKS_URL), ('POST', LINKS_URL), ('GET', LINK_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'provider': 'AWS', 'vendor': 'MSK', 'arn': ARN}
    assert atlas.calls[1].request.headers['Content-Type'] == 'application/vnd.atlas.2023-02-01+json'


def test_second_run_is_one_get(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(CONFLUENT_ITEM))
    run_module(stream_privatelink, AWS_CONFLUENT)
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['connection']['dns_sub_domain'] == []
    assert methods(atlas) == [('GET', LINKS_URL)]
    assert 'includeCount' not in atlas.calls[0].request.url


def test_check_mode_create_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page())
    run_module(stream_privatelink, GENERIC, check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['connection']['vendor'] == 'GENERIC'
    assert writes(atlas) == []


def test_wait_reaches_done(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(dict(MSK_ITEM, state='IDLE')))
    atlas.add(responses.GET, LINK_URL, json=dict(MSK_ITEM, state='WORKING'))
    atlas.add(responses.GET, LINK_URL, json=MSK_ITEM)
    run_module(stream_privatelink, dict(MSK, wait=True))
    result = result_of(capsys)
    assert result['changed'] is False and result['connection']['state'] == 'DONE'


def test_wait_surfaces_failed(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(dict(MSK_ITEM, state='WORKING')))
    atlas.add(responses.GET, LINK_URL, json=dict(MSK_ITEM, state='FAILED', errorMessage='MSK refused the VPC.'))
    run_module(stream_privatelink, dict(MSK, wait=True))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'FAILED' in result['msg'] and 'MSK refused the VPC.' in result['msg']
    assert result['connection']['error_message'] == 'MSK refused the VPC.'


def test_dns_domain_patch_uses_2025_03_12(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(CONFLUENT_ITEM))
    atlas.add(responses.PATCH, LINK_URL, json=dict(CONFLUENT_ITEM, dnsDomain='x.aws.confluent.cloud'))
    run_module(stream_privatelink, dict(AWS_CONFLUENT, dns_domain='x.aws.confluent.cloud'))
    result = result_of(capsys)
    assert result['changed'] is True and result['connection']['dns_domain'] == 'x.aws.confluent.cloud'
    assert writes(atlas) == [('PATCH', LINK_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'dnsDomain': 'x.aws.confluent.cloud'}
    assert atlas.calls[1].request.headers['Content-Type'] == 'application/vnd.atlas.2025-03-12+json'


def test_dns_domain_change_refused_sends_nothing(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(dict(CONFLUENT_ITEM, dnsDomain='old.aws.confluent.cloud')))
    run_module(stream_privatelink, dict(AWS_CONFLUENT, dns_domain='new.aws.confluent.cloud'), check_mode=True)
    result = result_of(capsys)
    assert result['failed'] is True and "option 'dns_domain'" in result['msg'] and 'IDLE' in result['msg']
    assert writes(atlas) == []


def test_other_difference_refused(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(CONFLUENT_ITEM))
    run_module(stream_privatelink, dict(AWS_CONFLUENT, dns_sub_domain=['use1-az1']))
    result = result_of(capsys)
    assert result['failed'] is True and 'dns_sub_domain' in result['msg']
    assert writes(atlas) == []


def test_duplicate_400_is_adopted_when_found(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page())
    atlas.add(responses.POST, LINKS_URL, status=400, json={
        'error': 400, 'errorCode': 'STREAM_PRIVATE_LINK_ALREADY_EXISTS', 'detail': 'exists'})
    atlas.add(responses.GET, LINKS_URL, json=page(MSK_ITEM))
    run_module(stream_privatelink, MSK)
    result = result_of(capsys)
    assert result['changed'] is False and result['connection']['id'] == LINK


def test_delete_then_already_leaving(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(MSK_ITEM))
    atlas.add(responses.DELETE, LINK_URL, status=202, json={})
    run_module(stream_privatelink, dict(MSK, state='absent'))
    assert result_of(capsys)['changed'] is True
    atlas.add(responses.GET, LINKS_URL, json=page(dict(MSK_ITEM, state='DELETE_REQUESTED')))
    run_module(stream_privatelink, dict(MSK, state='absent'))
    assert result_of(capsys)['changed'] is False
    assert writes(atlas) == [('DELETE', LINK_URL)]


def test_delete_wait_until_gone(atlas, capsys):
    atlas.add(responses.GET, LINKS_URL, json=page(MSK_ITEM))
    atlas.add(responses.DELETE, LINK_URL, status=202, json={})
    atlas.add(responses.GET, LINK_URL, json=dict(MSK_ITEM, state='DELETING'))
    atlas.add(responses.GET, LINK_URL, json=dict(MSK_ITEM, state='DELETED'))
    run_module(stream_privatelink, dict(MSK, state='absent', wait=True))
    result = result_of(capsys)
    assert result['changed'] is True and result['connection'] == {}


def test_invalid_input_sends_nothing(atlas, capsys):
    run_module(stream_privatelink, dict(MSK, region='us-east-1'))
    result = result_of(capsys)
    assert result['failed'] is True and "option 'region'" in result['msg']
    assert len(atlas.calls) == 0


def test_info_lists_every_page(atlas, capsys):
    first = [dict(MSK_ITEM, _id='%024x' % number) for number in range(500)]
    atlas.add(responses.GET, LINKS_URL, json={'results': first, 'totalCount': 501})
    atlas.add(responses.GET, LINKS_URL, json={'results': [PUBSUB_ITEM], 'totalCount': 501})
    atlas.add(responses.GET, LINKS_URL, json={'results': [], 'totalCount': 501})
    run_module(stream_privatelink_info, {})
    result = result_of(capsys)
    assert len(result['connections']) == 501
    assert result['connections'][-1]['id'] == LINK and result['connections'][-1]['vendor'] == 'PUBSUB'
    assert writes(atlas) == []


def test_info_one_by_id_and_unknown(atlas, capsys):
    atlas.add(responses.GET, LINK_URL, json=MSK_ITEM)
    run_module(stream_privatelink_info, {'id': LINK})
    assert [item['id'] for item in result_of(capsys)['connections']] == [LINK]
    atlas.replace(responses.GET, LINK_URL, status=404, json={'error': 404, 'errorCode': 'STREAM_PRIVATE_LINK_NOT_FOUND'})
    run_module(stream_privatelink_info, {'id': LINK})
    assert result_of(capsys)['connections'] == []


def test_info_bad_id_sends_nothing(atlas, capsys):
    run_module(stream_privatelink_info, {'id': 'nope'})
    result = result_of(capsys)
    assert result['failed'] is True and "option 'id'" in result['msg']
    assert len(atlas.calls) == 0
