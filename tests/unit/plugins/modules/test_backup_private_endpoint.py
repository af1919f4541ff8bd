# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of backup_private_endpoint and backup_private_endpoint_info: the options model, the
natural key (same-region vs cross-region), the POST body, and whole module runs against Atlas mocked
with ``responses`` (request counts, 201 create, check mode, wait, FAILED, DELETING, 204 delete, pages)."""

from __future__ import annotations

import json
import time

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._backup_private_endpoint import endpoint_view
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import backup_private_endpoint, backup_private_endpoint_info
from ansible_collections.atlasops.networking.plugins.modules.backup_private_endpoint import (
    BackupPrivateEndpoint,
    BackupPrivateEndpointOptions,
)
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, FakeAtlas, methods, page, result_of, run_main,
)

ENDPOINT = 'aaaaaaaaaaaaaaaaaaaaaaaa'
OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbb'
ENDPOINTS_URL = BASE + '/api/atlas/v2/groups/%s/backup/AWS/privateEndpoints' % GROUP
ENDPOINT_URL = ENDPOINTS_URL + '/' + ENDPOINT
MEDIA_TYPE = 'application/vnd.atlas.2024-11-13+json'

SAME = dict(region_name='US_EAST_1')
CROSS = dict(region_name='US_EAST_1', vpc_region_name='EU_WEST_1')
SAME_ITEM = {'id': ENDPOINT, 'cloudProvider': 'AWS', 'regionName': 'US_EAST_1', 'vpcRegionName': 'US_EAST_1',
             'status': 'INITIATING'}
ACTIVE_ITEM = dict(SAME_ITEM, status='ACTIVE', privateEndpointConnectionName='vpce-0a1b2c3d4e5f60718')
CROSS_ITEM = {'id': OTHER, 'cloudProvider': 'AWS', 'regionName': 'US_EAST_1', 'vpcRegionName': 'EU_WEST_1',
              'status': 'ACTIVE'}


# -- options model ------------------------------------------------------------------------------

VALID = [
    ('atlas form', SAME, 'AWS', 'US_EAST_1', None, False),
    ('aws form', dict(region_name='us-east-1'), 'AWS', 'US_EAST_1', None, False),
    ('lowercase provider', dict(SAME, cloud_provider='aws'), 'AWS', 'US_EAST_1', None, False),
    ('cross region', dict(region_name='us-east-1', vpc_region_name='eu-west-1'), 'AWS', 'US_EAST_1', 'EU_WEST_1', True),
    ('vpc region equal to region', dict(region_name='US_EAST_1', vpc_region_name='us-east-1'),
     'AWS', 'US_EAST_1', 'US_EAST_1', False),
    ('global', dict(region_name='GLOBAL'), 'AWS', 'GLOBAL', None, False),
    ('gov cloud', dict(region_name='us-gov-west-1'), 'AWS', 'US_GOV_WEST_1', None, False),
    ('absent', dict(SAME, state='absent'), 'AWS', 'US_EAST_1', None, False),
]


@pytest.mark.parametrize('options,provider,region,vpc_region,cross', [case[1:] for case in VALID],
                         ids=[case[0] for case in VALID])
def test_valid_options(options, provider, region, vpc_region, cross):
    model = BackupPrivateEndpointOptions(**options)
    assert (model.cloud_provider, model.region_name, model.vpc_region_name) == (provider, region, vpc_region)
    assert model.cross_region is cross
    assert model.effective_vpc_region == (vpc_region or region)


INVALID = [
    ('gcp', dict(SAME, cloud_provider='GCP'), 'cloud_provider', 'only on AWS'),
    ('azure', dict(SAME, cloud_provider='AZURE'), 'cloud_provider', 'only on AWS'),
    ('empty provider', dict(SAME, cloud_provider=''), 'cloud_provider', 'not supported'),
    ('unknown region', dict(region_name='MOON_1'), 'region_name', 'not a known backup private endpoint region'),
    ('azure region name', dict(region_name='EASTUS2'), 'region_name', 'expected one of'),
    ('gcp region name', dict(region_name='EASTERN_US'), 'region_name', 'EASTERN_US'),
    ('unknown vpc region', dict(region_name='US_EAST_1', vpc_region_name='mars-1'), 'vpc_region_name', "'mars-1'"),
    ('region missing', dict(), 'region_name', 'required'),
    ('region wrong type', dict(region_name=['US_EAST_1']), 'region_name', 'string'),
    ('unknown option', dict(SAME, colour='blue'), 'colour', 'Extra inputs'),
]


@pytest.mark.parametrize('options,option,words', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_options_name_the_option(options, option, words):
    with pytest.raises(ValidationError) as caught:
        BackupPrivateEndpointOptions(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message
    assert words in message


def test_unknown_region_message_lists_every_allowed_region():
    with pytest.raises(ValidationError) as caught:
        BackupPrivateEndpointOptions(region_name='nowhere-1')
    message = describe_validation_error(caught.value)
    for region in ('US_GOV_WEST_1', 'EU_SOUTH_1', 'GLOBAL', 'CN_NORTHWEST_1'):
        assert region in message


# -- natural key and body -----------------------------------------------------------------------

def resource_for(options):
    return BackupPrivateEndpoint(FakeAtlas(dict(options)), BackupPrivateEndpointOptions(**options))


@pytest.mark.parametrize('options,item,same', [
    (SAME, SAME_ITEM, True),
    (SAME, dict(SAME_ITEM, vpcRegionName=None), True),              # Atlas did not echo the VPC region
    (SAME, {k: v for k, v in SAME_ITEM.items() if k != 'cloudProvider'}, True),
    (SAME, CROSS_ITEM, False),                                      # omitted vpc region never matches cross-region
    (SAME, dict(SAME_ITEM, regionName='US_WEST_2', vpcRegionName='US_WEST_2'), False),
    (dict(SAME, vpc_region_name='US_EAST_1'), SAME_ITEM, True),
    (dict(SAME, vpc_region_name='US_EAST_1'), CROSS_ITEM, False),
    (CROSS, CROSS_ITEM, True),
    (CROSS, SAME_ITEM, False),
    (CROSS, dict(CROSS_ITEM, vpcRegionName='EU_CENTRAL_1'), False),
    (CROSS, dict(CROSS_ITEM, regionName='EU_WEST_1'), False),       # bucket and VPC regions are not symmetric
    (SAME, dict(SAME_ITEM, status='DELETING'), False),              # present: a leaving endpoint is not the one
    (dict(SAME, state='absent'), dict(SAME_ITEM, status='DELETING'), True),
    (dict(SAME, state='absent'), CROSS_ITEM, False),
])
def test_natural_key(options, item, same):
    assert resource_for(options).is_same_resource(item) is same


@pytest.mark.parametrize('options,body', [
    (SAME, {'cloudProvider': 'AWS', 'regionName': 'US_EAST_1'}),
    (dict(region_name='us-east-1', vpc_region_name='US_EAST_1'), {'cloudProvider': 'AWS', 'regionName': 'US_EAST_1'}),
    (CROSS, {'cloudProvider': 'AWS', 'regionName': 'US_EAST_1', 'vpcRegionName': 'EU_WEST_1'}),
])
def test_create_body(options, body):
    assert resource_for(options).create_body() == body


def test_desired_view_uses_the_echoed_vpc_region():
    assert resource_for(SAME).desired_view() == {'cloud_provider': 'AWS', 'region_name': 'US_EAST_1',
                                                 'vpc_region_name': 'US_EAST_1'}


def test_view_has_every_documented_key():
    facts = endpoint_view({'id': ENDPOINT, 'regionName': 'US_EAST_1', 'status': 'INITIATING', 'links': []})
    assert facts == {'id': ENDPOINT, 'cloud_provider': None, 'region_name': 'US_EAST_1',
                     'vpc_region_name': 'US_EAST_1', 'status': 'INITIATING',
                     'private_endpoint_connection_name': None, 'error_message': None}


# -- whole module runs --------------------------------------------------------------------------

def run_module(options, **kwargs):
    run_main(backup_private_endpoint.main, options, **kwargs)


def run_info(options):
    run_main(backup_private_endpoint_info.main, options)


@pytest.mark.parametrize('options,items', [
    (SAME, [CROSS_ITEM, ACTIVE_ITEM]),
    (CROSS, [ACTIVE_ITEM, CROSS_ITEM]),
    (dict(region_name='us-east-1', vpc_region_name='us-east-1'), [ACTIVE_ITEM]),
])
def test_noop_costs_one_get(atlas, capsys, options, items):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(*items))
    run_module(options)
    result = result_of(capsys)
    assert result['changed'] is False
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]
    assert atlas.calls[0].request.headers['Accept'] == MEDIA_TYPE


def test_create_answers_201(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(CROSS_ITEM))
    atlas.add(responses.POST, ENDPOINTS_URL, status=201, json=SAME_ITEM)
    run_module(dict(region_name='us-east-1'), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint']['id'] == ENDPOINT and result['endpoint']['status'] == 'INITIATING'
    assert result['endpoint']['vpc_region_name'] == 'US_EAST_1'
    assert result['diff'] == {'before': {}, 'after': result['endpoint']}
    assert methods(atlas) == [('GET', ENDPOINTS_URL), ('POST', ENDPOINTS_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'cloudProvider': 'AWS', 'regionName': 'US_EAST_1'}
    assert atlas.calls[1].request.headers['Content-Type'] == MEDIA_TYPE


def test_cross_region_is_created_next_to_a_same_region_endpoint(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(ACTIVE_ITEM))
    atlas.add(responses.POST, ENDPOINTS_URL, status=201, json=dict(CROSS_ITEM, status='INITIATING'))
    run_module(CROSS)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['id'] == OTHER
    assert json.loads(atlas.calls[1].request.body) == {'cloudProvider': 'AWS', 'regionName': 'US_EAST_1',
                                                       'vpcRegionName': 'EU_WEST_1'}


def test_check_mode_create_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(CROSS_ITEM))
    run_module(SAME, check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint'] == {'cloud_provider': 'AWS', 'region_name': 'US_EAST_1', 'vpc_region_name': 'US_EAST_1'}
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]


def test_check_mode_with_wait_never_waits(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page())
    run_module(dict(SAME, wait=True), check_mode=True)
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]


def test_a_deleting_endpoint_is_replaced_by_a_new_one(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(dict(SAME_ITEM, status='DELETING')))
    atlas.add(responses.POST, ENDPOINTS_URL, status=201, json=dict(SAME_ITEM, id=OTHER))
    run_module(SAME)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['id'] == OTHER


def test_wait_polls_until_active(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page())
    atlas.add(responses.POST, ENDPOINTS_URL, status=201, json=SAME_ITEM)
    atlas.add(responses.GET, ENDPOINT_URL, json=dict(SAME_ITEM, status='PENDING_ACCEPTANCE'))
    atlas.add(responses.GET, ENDPOINT_URL, json=ACTIVE_ITEM)
    run_module(dict(SAME, wait=True, wait_timeout=30))
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint']['status'] == 'ACTIVE'
    assert result['endpoint']['private_endpoint_connection_name'] == 'vpce-0a1b2c3d4e5f60718'
    assert methods(atlas) == [('GET', ENDPOINTS_URL), ('POST', ENDPOINTS_URL), ('GET', ENDPOINT_URL),
                              ('GET', ENDPOINT_URL)]


def test_failed_endpoint_fails_with_error_message(atlas, capsys):
    failed = dict(SAME_ITEM, status='FAILED', errorMessage='Interface endpoint quota exceeded in us-east-1.')
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(failed))
    run_module(dict(SAME, wait=True, wait_timeout=30))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'FAILED' in result['msg'] and 'quota exceeded' in result['msg']
    assert result['endpoint']['error_message'] == 'Interface endpoint quota exceeded in us-east-1.'
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]


def test_failed_while_waiting_after_create(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page())
    atlas.add(responses.POST, ENDPOINTS_URL, status=201, json=SAME_ITEM)
    atlas.add(responses.GET, ENDPOINT_URL, json=dict(SAME_ITEM, status='FAILED', errorMessage='No capacity.'))
    run_module(dict(SAME, wait=True, wait_timeout=30))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is True
    assert 'No capacity.' in result['msg']


def test_wait_timeout_names_the_last_status(atlas, capsys, monkeypatch):
    clock = iter(range(0, 10000, 7))
    monkeypatch.setattr(time, 'monotonic', lambda: float(next(clock)))
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(SAME_ITEM))
    atlas.add(responses.GET, ENDPOINT_URL, json=SAME_ITEM)
    run_module(dict(SAME, wait=True, wait_timeout=20))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'Timed out after 20s' in result['msg'] and 'last status: INITIATING' in result['msg']


def test_delete_answers_204(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(CROSS_ITEM, ACTIVE_ITEM))
    atlas.add(responses.DELETE, ENDPOINT_URL, status=204)
    run_module(dict(SAME, state='absent'), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint'] == {}
    assert result['diff']['before']['id'] == ENDPOINT and result['diff']['after'] == {}
    assert methods(atlas) == [('GET', ENDPOINTS_URL), ('DELETE', ENDPOINT_URL)]


def test_delete_with_wait_until_gone(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(ACTIVE_ITEM))
    atlas.add(responses.DELETE, ENDPOINT_URL, status=204)
    atlas.add(responses.GET, ENDPOINT_URL, json=dict(ACTIVE_ITEM, status='DELETING'))
    atlas.add(responses.GET, ENDPOINT_URL, status=404, json={
        'error': 404, 'errorCode': 'OBJECT_STORAGE_PRIVATE_ENDPOINT_NOT_FOUND', 'reason': 'Not Found', 'detail': 'gone'})
    run_module(dict(SAME, state='absent', wait=True, wait_timeout=30))
    result = result_of(capsys)
    assert result['changed'] is True
    assert methods(atlas) == [('GET', ENDPOINTS_URL), ('DELETE', ENDPOINT_URL), ('GET', ENDPOINT_URL),
                              ('GET', ENDPOINT_URL)]


def test_deleting_endpoint_is_already_leaving(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(dict(SAME_ITEM, status='DELETING')))
    run_module(dict(SAME, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]


def test_absent_never_deletes_the_cross_region_endpoint(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(CROSS_ITEM))
    run_module(dict(SAME, state='absent'))
    assert result_of(capsys)['changed'] is False
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]


def test_check_mode_delete_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, ENDPOINTS_URL, json=page(ACTIVE_ITEM))
    run_module(dict(SAME, state='absent', wait=True), check_mode=True)
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', ENDPOINTS_URL)]


@pytest.mark.parametrize('options,option', [
    (dict(SAME, cloud_provider='GCP'), 'cloud_provider'),
    (dict(region_name='MOON_1'), 'region_name'),
    (dict(SAME, vpc_region_name='atlantis-1'), 'vpc_region_name'),
    (dict(SAME, wait=True, wait_timeout=-5), 'wait_timeout'),
    (dict(SAME, project_id='not-a-project'), 'project_id'),
])
def test_invalid_input_sends_nothing(atlas, capsys, options, option):
    run_module(options)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0


# -- info -----------------------------------------------------------------------------------------

def test_info_reads_every_page(atlas, capsys):
    first = [dict(SAME_ITEM, id='%024x' % number) for number in range(500)]
    atlas.add(responses.GET, ENDPOINTS_URL, json={'results': first, 'totalCount': 501,
                                                  'links': [{'rel': 'next', 'href': ENDPOINTS_URL + '?pageNum=2'}]})
    atlas.add(responses.GET, ENDPOINTS_URL, json={'results': [CROSS_ITEM], 'totalCount': 501, 'links': []})
    run_info({})
    result = result_of(capsys)
    assert result['changed'] is False
    assert len(result['endpoints']) == 501
    assert result['endpoints'][-1]['vpc_region_name'] == 'EU_WEST_1'
    assert 'pageNum=2' in atlas.calls[1].request.url
    assert all(call.request.method == 'GET' for call in atlas.calls)


def test_info_one_by_id(atlas, capsys):
    atlas.add(responses.GET, ENDPOINT_URL, json=ACTIVE_ITEM)
    run_info({'id': ENDPOINT})
    result = result_of(capsys)
    assert [endpoint['id'] for endpoint in result['endpoints']] == [ENDPOINT]
    assert result['endpoints'][0]['error_message'] is None
    assert methods(atlas) == [('GET', ENDPOINT_URL)]


def test_info_unknown_id_is_an_empty_list(atlas, capsys):
    atlas.add(responses.GET, ENDPOINT_URL, status=404, json={
        'error': 404, 'errorCode': 'OBJECT_STORAGE_PRIVATE_ENDPOINT_NOT_FOUND', 'reason': 'Not Found', 'detail': 'x'})
    run_info({'id': ENDPOINT})
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoints'] == []


@pytest.mark.parametrize('options,option', [
    ({'id': 'ABCDEF'}, 'id'),
    ({'id': 'A' * 24}, 'id'),
    ({'cloud_provider': 'GCP'}, 'cloud_provider'),
])
def test_info_invalid_input_sends_nothing(atlas, capsys, options, option):
    run_info(options)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0
