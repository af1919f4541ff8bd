# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of data_federation_private_endpoint and its _info module: the options model (provider
from the id, region with DNS name, Azure-only fields, absent ignores present-only values), the
natural key, the bodies, and whole module runs against Atlas mocked with ``responses``: the upsert
POST answered with the whole list, the comment changed by another POST, other changes refused,
check mode, PENDING -> OK, FAILED, deletion, Azure ids URL-encoded, request counts."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._data_federation_private_endpoint import entry_view
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import (
    data_federation_private_endpoint,
    data_federation_private_endpoint_info,
)
from ansible_collections.atlasops.networking.plugins.modules.data_federation_private_endpoint import (
    DataFederationPrivateEndpoint,
    DataFederationPrivateEndpointOptions,
)
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, FakeAtlas, methods, page, posted, result_of, run_main,
)

VPCE = 'vpce-0a1b2c3d4e5f60718'
OTHER_VPCE = 'vpce-0fcd9d80bbafe4871'
AZURE_ID = ('/subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/analytics/providers/'
            'Microsoft.Network/privateEndpoints/atlas-federation')
DNS = 'vpce-0a1b2c3d4e5f60718-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com'
LIST_URL = BASE + '/api/atlas/v2/groups/%s/privateNetworkSettings/endpointIds' % GROUP
ENTRY_URL = LIST_URL + '/' + VPCE
AZURE_URL = LIST_URL + '/' + quote(AZURE_ID, safe='')
MEDIA_TYPE = 'application/vnd.atlas.2023-01-01+json'

ENTRY = {'endpointId': VPCE, 'provider': 'AWS', 'type': 'DATA_LAKE', 'comment': 'analytics', 'status': 'OK'}
WITH_REGION = dict(ENTRY, region='US_EAST_1', customerEndpointDNSName=DNS)
AZURE_ENTRY = {'endpointId': AZURE_ID, 'provider': 'AZURE', 'type': 'DATA_LAKE', 'azureLinkId': '1234',
               'customerEndpointIPAddress': '10.2.0.5', 'status': 'OK'}
OTHER = {'endpointId': OTHER_VPCE, 'provider': 'AWS', 'type': 'DATA_LAKE', 'status': 'OK'}


def upsert_answer(*items):
    """What Atlas answers a POST: page 1 of the whole list, self link without includeCount."""
    return {'links': [{'href': LIST_URL + '?pageNum=1&itemsPerPage=100', 'rel': 'self'}], 'results': list(items),
            'totalCount': len(items)}


# -- options model ------------------------------------------------------------------------------

@pytest.mark.parametrize('options,expected', [
    (dict(endpoint_id=VPCE), dict(provider='AWS')),
    (dict(endpoint_id=' %s ' % VPCE), dict(endpoint_id=VPCE, provider='AWS')),
    (dict(endpoint_id=AZURE_ID), dict(provider='AZURE')),
    (dict(endpoint_id=AZURE_ID.lower()), dict(provider='AZURE')),
    (dict(endpoint_id=VPCE, provider='AWS'), dict(provider='AWS')),
    (dict(endpoint_id=VPCE, region='us-east-1', customer_endpoint_dns_name=DNS), dict(region='US_EAST_1')),
    (dict(endpoint_id=AZURE_ID, region='US_EAST_2', customer_endpoint_dns_name='pe.privatelink.example.net'),
     dict(region='US_EAST_2')),
    (dict(endpoint_id=AZURE_ID, customer_endpoint_ip_address='2001:DB8::5'),
     dict(customer_endpoint_ip_address='2001:db8::5')),
    # absent: values that only matter for present are neither checked nor normalised
    (dict(endpoint_id=VPCE, state='absent', region='MOON_1', azure_link_id='x'), dict(region='MOON_1')),
])
def test_valid_options(options, expected):
    model = DataFederationPrivateEndpointOptions(**options)
    for field, value in expected.items():
        assert getattr(model, field) == value


INVALID = [
    ('malformed vpce', dict(endpoint_id='vpce-123'), 'endpoint_id', 'vpce- and 17'),
    ('uppercase vpce', dict(endpoint_id='vpce-0A1B2C3D4E5F60718'), 'endpoint_id', 'not a private endpoint id'),
    ('azure id of another resource', dict(endpoint_id=AZURE_ID.replace('privateEndpoints', 'virtualNetworks')),
     'endpoint_id', 'Microsoft.Network/privateEndpoints'),
    ('provider disagrees with the id', dict(endpoint_id=VPCE, provider='AZURE'), 'provider', 'AWS endpoint id'),
    ('provider choices', dict(endpoint_id=VPCE, provider='GCP'), 'provider', 'must be one of'),
    ('region without dns name', dict(endpoint_id=VPCE, region='US_EAST_1'), 'customer_endpoint_dns_name',
     'only together'),
    ('dns name without region', dict(endpoint_id=VPCE, customer_endpoint_dns_name=DNS), 'region', 'only together'),
    ('unknown region', dict(endpoint_id=VPCE, region='MOON_1', customer_endpoint_dns_name=DNS), 'region',
     'not an Atlas AWS region'),
    ('azure region for aws', dict(endpoint_id=VPCE, region='US_EAST_2_EUAP', customer_endpoint_dns_name=DNS),
     'region', 'US_EAST_1'),
    ('bad dns name', dict(endpoint_id=VPCE, region='US_EAST_1', customer_endpoint_dns_name='not a name'),
     'customer_endpoint_dns_name', 'DNS name'),
    ('azure link id for aws', dict(endpoint_id=VPCE, azure_link_id='1234'), 'azure_link_id', 'only for Azure'),
    ('ip address for aws', dict(endpoint_id=VPCE, customer_endpoint_ip_address='10.0.0.1'),
     'customer_endpoint_ip_address', 'only for Azure'),
    ('bad ip address', dict(endpoint_id=AZURE_ID, customer_endpoint_ip_address='10.0.0.300'),
     'customer_endpoint_ip_address', 'not an IPv4 or IPv6 address'),
    ('endpoint id missing', dict(comment='x'), 'endpoint_id', 'required'),
    ('absent still checks the key', dict(endpoint_id='vpce-nope', state='absent'), 'endpoint_id', 'vpce-'),
]


@pytest.mark.parametrize('options,option,words', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_options_name_the_option(options, option, words):
    with pytest.raises(ValidationError) as caught:
        DataFederationPrivateEndpointOptions(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message
    assert words in message


# -- natural key, comparisons, bodies -----------------------------------------------------------

def resource_for(options):
    return DataFederationPrivateEndpoint(FakeAtlas(dict(options)), DataFederationPrivateEndpointOptions(**options))


@pytest.mark.parametrize('options,item,same', [
    (dict(endpoint_id=VPCE), ENTRY, True),
    (dict(endpoint_id=VPCE), OTHER, False),
    (dict(endpoint_id=VPCE), dict(ENTRY, status='DELETING'), True),  # the key only: the engine sets a leaving one aside
    (dict(endpoint_id=AZURE_ID), dict(AZURE_ENTRY, endpointId=AZURE_ID.upper()), True),  # Azure ids: any case
])
def test_natural_key(options, item, same):
    assert resource_for(options).is_same_resource(item) is same


@pytest.mark.parametrize('field,current,desired,same', [
    ('provider', None, 'AWS', True),            # the spec documents AWS as the default
    ('provider', None, 'AZURE', False),
    ('customer_endpoint_dns_name', DNS.upper() + '.', DNS, True),
    ('customer_endpoint_dns_name', None, DNS, False),
    ('comment', None, '', False),               # no null equals a value unless Atlas documents it
    ('region', None, 'US_EAST_1', False),
])
def test_same_value(field, current, desired, same):
    assert resource_for(dict(endpoint_id=VPCE)).same_value(field, current, desired) is same


def test_create_body_uses_atlas_irregular_names():
    resource = resource_for(dict(endpoint_id=AZURE_ID, comment='c', region='US_EAST_2',
                                 customer_endpoint_dns_name='pe.example.net', azure_link_id='1234',
                                 customer_endpoint_ip_address='10.2.0.5'))
    assert resource.create_body() == {
        'endpointId': AZURE_ID, 'provider': 'AZURE', 'comment': 'c', 'region': 'US_EAST_2',
        'customerEndpointDNSName': 'pe.example.net', 'azureLinkId': '1234', 'customerEndpointIPAddress': '10.2.0.5'}


def test_update_body_repeats_what_atlas_has():
    resource = resource_for(dict(endpoint_id=VPCE, comment='new'))
    assert resource.update_body(WITH_REGION, {'comment': ('analytics', 'new')}) == {
        'endpointId': VPCE, 'provider': 'AWS', 'type': 'DATA_LAKE', 'region': 'US_EAST_1',
        'customerEndpointDNSName': DNS, 'comment': 'new'}


def test_view_has_every_documented_key():
    assert entry_view({'endpointId': VPCE, 'provider': 'AWS', 'status': 'OK', 'links': []}) == {
        'endpoint_id': VPCE, 'provider': 'AWS', 'type': None, 'comment': None, 'region': None,
        'customer_endpoint_dns_name': None, 'azure_link_id': None, 'customer_endpoint_ip_address': None,
        'status': 'OK', 'error_message': None}


# -- whole module runs --------------------------------------------------------------------------

def run_module(options, **kwargs):
    run_main(data_federation_private_endpoint.main, options, **kwargs)


def run_info(options):
    run_main(data_federation_private_endpoint_info.main, options)


def test_noop_costs_one_get(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(OTHER, WITH_REGION))
    run_module(dict(endpoint_id=VPCE, comment='analytics', region='us-east-1', customer_endpoint_dns_name=DNS.upper()))
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['endpoint']['region'] == 'US_EAST_1'
    assert methods(atlas) == [('GET', LIST_URL)]
    assert atlas.calls[0].request.headers['Accept'] == MEDIA_TYPE


def test_create_takes_the_entry_from_the_listed_answer(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(OTHER))
    atlas.add(responses.POST, LIST_URL, status=201, json=upsert_answer(OTHER, ENTRY))
    run_module(dict(endpoint_id=VPCE, comment='analytics'), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint']['endpoint_id'] == VPCE and result['endpoint']['status'] == 'OK'
    assert result['diff'] == {'before': {}, 'after': result['endpoint']}
    assert methods(atlas) == [('GET', LIST_URL), ('POST', LIST_URL)]
    assert posted(atlas) == [{'endpointId': VPCE, 'provider': 'AWS', 'comment': 'analytics'}]
    assert atlas.calls[1].request.headers['Content-Type'] == MEDIA_TYPE


def test_create_reads_the_entry_when_the_answer_may_not_hold_it(atlas, capsys):
    many = [dict(OTHER, endpointId='vpce-%017x' % number) for number in range(100)]
    answer = dict(upsert_answer(*many), totalCount=101)
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201, json=answer)
    atlas.add(responses.GET, ENTRY_URL, json=ENTRY)
    run_module(dict(endpoint_id=VPCE))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['comment'] == 'analytics'
    assert methods(atlas) == [('GET', LIST_URL), ('POST', LIST_URL), ('GET', ENTRY_URL)]


def test_check_mode_create_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(OTHER))
    run_module(dict(endpoint_id=VPCE, comment='analytics', wait=True), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint'] == {'endpoint_id': VPCE, 'provider': 'AWS', 'comment': 'analytics'}
    assert methods(atlas) == [('GET', LIST_URL)]


def test_comment_changes_in_place_by_another_post(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(WITH_REGION))
    atlas.add(responses.POST, LIST_URL, status=201, json=upsert_answer(dict(WITH_REGION, comment='new')))
    run_module(dict(endpoint_id=VPCE, comment='new'), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['diff']['before']['comment'] == 'analytics' and result['diff']['after']['comment'] == 'new'
    assert methods(atlas) == [('GET', LIST_URL), ('POST', LIST_URL)]
    # the region and DNS name Atlas has are sent again, so the upsert keeps them
    assert posted(atlas) == [{'endpointId': VPCE, 'provider': 'AWS', 'type': 'DATA_LAKE', 'region': 'US_EAST_1',
                              'customerEndpointDNSName': DNS, 'comment': 'new'}]


def test_check_mode_comment_change_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(ENTRY))
    run_module(dict(endpoint_id=VPCE, comment='new'), check_mode=True, diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['comment'] == 'new'
    assert methods(atlas) == [('GET', LIST_URL)]


@pytest.mark.parametrize('options,field', [
    (dict(region='EU_WEST_1', customer_endpoint_dns_name=DNS), 'region'),
    (dict(region='US_EAST_1', customer_endpoint_dns_name='other.example.com'), 'customer_endpoint_dns_name'),
])
def test_other_changes_are_refused_before_any_write(atlas, capsys, options, field):
    atlas.add(responses.GET, LIST_URL, json=page(WITH_REGION))
    run_module(dict(options, endpoint_id=VPCE, comment='new'))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'Cannot change %s' % field in result['msg'] and VPCE in result['msg']
    assert 'does not allow changing it in place' in result['msg']
    assert 'comment' not in result['msg'].split('Cannot change ')[1].split(' of the')[0]
    assert result['endpoint']['region'] == 'US_EAST_1'
    assert methods(atlas) == [('GET', LIST_URL)]


def test_a_field_atlas_lacks_cannot_be_added(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(ENTRY))
    run_module(dict(endpoint_id=VPCE, region='US_EAST_1', customer_endpoint_dns_name=DNS))
    result = result_of(capsys)
    assert result['failed'] is True and "region (Atlas has None, task wants 'US_EAST_1')" in result['msg']
    assert methods(atlas) == [('GET', LIST_URL)]


def test_wait_polls_pending_until_ok(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201, json=upsert_answer(dict(ENTRY, status='PENDING')))
    atlas.add(responses.GET, ENTRY_URL, json=dict(ENTRY, status='PENDING'))
    atlas.add(responses.GET, ENTRY_URL, json=ENTRY)
    run_module(dict(endpoint_id=VPCE, wait=True, wait_timeout=30))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['status'] == 'OK'
    assert methods(atlas) == [('GET', LIST_URL), ('POST', LIST_URL), ('GET', ENTRY_URL), ('GET', ENTRY_URL)]


def test_failed_entry_fails_with_atlas_reason(atlas, capsys):
    failed = dict(ENTRY, status='FAILED', errorMessage='The endpoint service rejected the connection.')
    atlas.add(responses.GET, LIST_URL, json=page(failed))
    run_module(dict(endpoint_id=VPCE, wait=True, wait_timeout=30))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'FAILED' in result['msg'] and 'rejected the connection' in result['msg']
    assert result['endpoint']['error_message'] == 'The endpoint service rejected the connection.'
    assert methods(atlas) == [('GET', LIST_URL)]


def test_a_deleting_entry_is_registered_again(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(dict(ENTRY, status='DELETING')))
    atlas.add(responses.POST, LIST_URL, status=201, json=upsert_answer(dict(ENTRY, status='PENDING')))
    run_module(dict(endpoint_id=VPCE))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['status'] == 'PENDING'
    assert methods(atlas) == [('GET', LIST_URL), ('POST', LIST_URL)]


def test_id_in_use_by_a_cluster_endpoint_is_atlas_refusal(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=409, json={
        'error': 409, 'errorCode': 'PRIVATE_ENDPOINT_ID_IN_USE', 'reason': 'Conflict',
        'detail': 'The endpoint is a cluster private endpoint.'})
    atlas.add(responses.GET, LIST_URL, json=page())
    run_module(dict(endpoint_id=VPCE))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'PRIVATE_ENDPOINT_ID_IN_USE' in result['msg']
    assert result['error']['error_code'] == 'PRIVATE_ENDPOINT_ID_IN_USE'


def test_azure_entry_is_deleted_through_its_encoded_id(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(OTHER, AZURE_ENTRY))
    atlas.add(responses.DELETE, AZURE_URL, status=204)
    run_module(dict(endpoint_id=AZURE_ID.lower(), state='absent', region='ignored'), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint'] == {}
    assert result['diff']['before']['endpoint_id'] == AZURE_ID
    assert [call.request.url for call in atlas.calls][1] == AZURE_URL
    assert '%2Fsubscriptions%2F' in atlas.calls[1].request.url


def test_delete_with_wait_until_gone(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(ENTRY))
    atlas.add(responses.DELETE, ENTRY_URL, status=204)
    atlas.add(responses.GET, ENTRY_URL, json=dict(ENTRY, status='DELETING'))
    atlas.add(responses.GET, ENTRY_URL, status=404, json={
        'error': 404, 'errorCode': 'DATA_FEDERATION_PRIVATE_ENDPOINT_NOT_FOUND', 'reason': 'Not Found', 'detail': 'x'})
    run_module(dict(endpoint_id=VPCE, state='absent', wait=True, wait_timeout=30))
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', LIST_URL), ('DELETE', ENTRY_URL), ('GET', ENTRY_URL), ('GET', ENTRY_URL)]


@pytest.mark.parametrize('items', [[OTHER], [dict(ENTRY, status='DELETING')]])
def test_absent_is_unchanged_when_gone_or_leaving(atlas, capsys, items):
    atlas.add(responses.GET, LIST_URL, json=page(*items))
    run_module(dict(endpoint_id=VPCE, state='absent'))
    assert result_of(capsys)['changed'] is False
    assert methods(atlas) == [('GET', LIST_URL)]


def test_check_mode_delete_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(ENTRY))
    run_module(dict(endpoint_id=VPCE, state='absent', wait=True), check_mode=True)
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', LIST_URL)]


@pytest.mark.parametrize('options,option', [
    (dict(endpoint_id='vpce-xyz'), 'endpoint_id'),
    (dict(endpoint_id=VPCE, region='US_EAST_1'), 'customer_endpoint_dns_name'),
    (dict(endpoint_id=VPCE, azure_link_id='1'), 'azure_link_id'),
    (dict(endpoint_id=VPCE, wait=True, wait_timeout=0), 'wait_timeout'),
    (dict(endpoint_id=VPCE, project_id='nope'), 'project_id'),
])
def test_invalid_input_sends_nothing(atlas, capsys, options, option):
    run_module(options)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0


# -- info -----------------------------------------------------------------------------------------

def test_info_reads_every_page(atlas, capsys):
    first = [dict(OTHER, endpointId='vpce-%017x' % number) for number in range(500)]
    atlas.add(responses.GET, LIST_URL, json={'results': first, 'totalCount': 501,
                                             'links': [{'rel': 'next', 'href': LIST_URL + '?pageNum=2'}]})
    atlas.add(responses.GET, LIST_URL, json={'results': [AZURE_ENTRY], 'totalCount': 501, 'links': []})
    run_info({})
    result = result_of(capsys)
    assert result['changed'] is False and len(result['endpoints']) == 501
    assert result['endpoints'][-1]['customer_endpoint_ip_address'] == '10.2.0.5'
    assert all(call.request.method == 'GET' for call in atlas.calls) and len(atlas.calls) == 2


def test_info_one_azure_entry_by_id(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=AZURE_ENTRY)
    run_info({'endpoint_id': AZURE_ID})
    result = result_of(capsys)
    assert [entry['endpoint_id'] for entry in result['endpoints']] == [AZURE_ID]
    assert methods(atlas) == [('GET', AZURE_URL)]


def test_info_unknown_id_is_an_empty_list(atlas, capsys):
    atlas.add(responses.GET, ENTRY_URL, status=404, json={
        'error': 404, 'errorCode': 'DATA_FEDERATION_PRIVATE_ENDPOINT_NOT_FOUND', 'reason': 'Not Found', 'detail': 'x'})
    run_info({'endpoint_id': VPCE})
    assert result_of(capsys)['endpoints'] == []


def test_info_unknown_project_fails_even_for_one_id(atlas, capsys):
    atlas.add(responses.GET, ENTRY_URL, status=404, json={
        'error': 404, 'errorCode': 'GROUP_NOT_FOUND', 'reason': 'Not Found', 'detail': 'No group with ID %s exists.' % GROUP})
    run_info({'endpoint_id': VPCE})
    result = result_of(capsys)
    assert result['failed'] is True and result['msg'].startswith('Atlas API 404 GROUP_NOT_FOUND')


def test_info_invalid_id_sends_nothing(atlas, capsys):
    run_info({'endpoint_id': 'pe-1'})
    result = result_of(capsys)
    assert result['failed'] is True and "option 'endpoint_id'" in result['msg']
    assert len(atlas.calls) == 0


def test_posted_bodies_are_json(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201, json=upsert_answer(AZURE_ENTRY))
    run_module(dict(endpoint_id=AZURE_ID, azure_link_id='1234', customer_endpoint_ip_address='10.2.0.5'))
    assert result_of(capsys)['changed'] is True
    assert json.loads(atlas.calls[1].request.body)['customerEndpointIPAddress'] == '10.2.0.5'
