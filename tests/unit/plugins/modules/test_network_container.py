# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of network_container: the options model, the natural key, and whole module runs
against Atlas mocked with ``responses`` (request counts, PATCH, in-use refusals, delete retries)."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import network_container
from ansible_collections.atlasops.networking.plugins.modules.network_container import ContainerOptions, NetworkContainer
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, FakeAtlas, methods, page, result_of, run_main,
)

CONTAINER = 'aaaaaaaaaaaaaaaaaaaaaaaa'
CONTAINERS_URL = BASE + '/api/atlas/v2/groups/%s/containers' % GROUP
CONTAINER_URL = CONTAINERS_URL + '/' + CONTAINER

AWS = dict(provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')
AZURE = dict(provider_name='AZURE', region='US_EAST_2', atlas_cidr_block='192.168.232.0/21')
GCP = dict(provider_name='GCP', atlas_cidr_block='10.8.0.0/18')
AWS_ITEM = {'id': CONTAINER, 'providerName': 'AWS', 'regionName': 'US_EAST_1', 'atlasCidrBlock': '192.168.248.0/21',
            'provisioned': False, 'vpcId': 'vpc-0a1b2c3d4e5f60718'}
AZURE_ITEM = {'id': CONTAINER, 'providerName': 'AZURE', 'region': 'US_EAST_2', 'atlasCidrBlock': '192.168.232.0/21',
              'provisioned': False}
GCP_ITEM = {'id': CONTAINER, 'providerName': 'GCP', 'atlasCidrBlock': '10.8.0.0/18', 'provisioned': False}


VALID = [
    ('aws', AWS, 'US_EAST_1'),
    ('aws region in aws form', dict(AWS, region='us-east-1'), 'US_EAST_1'),
    ('azure', AZURE, 'US_EAST_2'),
    ('gcp default', GCP, None),
    ('gcp small', dict(GCP, regions=['western_us', 'EASTERN_US'], atlas_cidr_block='10.8.0.0/23'), None),
    ('aws absent without cidr', dict(AWS, atlas_cidr_block=None, state='absent'), 'US_EAST_1'),
]


@pytest.mark.parametrize('options,region', [case[1:] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_options(options, region):
    assert ContainerOptions(**options).region == region


def test_gcp_regions_are_normalised_and_sorted():
    options = ContainerOptions(**dict(GCP, regions=['western_us', 'EASTERN_US'], atlas_cidr_block='10.8.0.0/23'))
    assert options.regions == ['EASTERN_US', 'WESTERN_US']


INVALID = [
    ('aws no region', dict(AWS, region=None), 'region', 'required for AWS'),
    ('aws unknown region', dict(AWS, region='MOON_1'), 'region', 'not a known AWS container region'),
    ('azure aws region', dict(AZURE, region='EU_WEST_1'), 'region', 'not a known AZURE container region'),
    ('aws with regions', dict(AWS, regions=['EASTERN_US']), 'regions', 'only for GCP'),
    ('gcp with region', dict(GCP, region='EASTERN_US'), 'region', 'not used for GCP'),
    ('gcp unknown region', dict(GCP, regions=['MARS'], atlas_cidr_block='10.8.0.0/24'), 'regions', 'GCP region'),
    ('gcp region twice', dict(GCP, regions=['EASTERN_US', 'eastern_us'], atlas_cidr_block='10.8.0.0/23'),
     'regions', 'twice'),
    ('cidr missing', dict(AWS, atlas_cidr_block=None), 'atlas_cidr_block', 'required'),
    ('cidr public', dict(AWS, atlas_cidr_block='8.8.8.0/21'), 'atlas_cidr_block', 'RFC 1918'),
    ('cidr host bits', dict(AWS, atlas_cidr_block='192.168.248.1/21'), 'atlas_cidr_block', 'canonical form'),
    ('cidr too large aws', dict(AWS, atlas_cidr_block='10.0.0.0/16'), 'atlas_cidr_block', 'between /21 and /24'),
    ('cidr too small gcp', dict(GCP, atlas_cidr_block='10.8.0.0/21'), 'atlas_cidr_block', 'between /8 and /18'),
    ('cidr bare ip', dict(AWS, atlas_cidr_block='10.0.0.0'), 'atlas_cidr_block', 'CIDR notation'),
    ('gcp small too many regions', dict(GCP, regions=['EASTERN_US', 'WESTERN_US'], atlas_cidr_block='10.8.0.0/24'),
     'atlas_cidr_block', 'at most 1 regions'),
]


@pytest.mark.parametrize('options,option,words', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_options_name_the_option(options, option, words):
    with pytest.raises(ValidationError) as caught:
        ContainerOptions(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message
    assert words in message


@pytest.mark.parametrize('options,item,same', [
    (AWS, AWS_ITEM, True),
    (AWS, dict(AWS_ITEM, regionName='US_WEST_2'), False),
    (AWS, AZURE_ITEM, False),
    (AZURE, AZURE_ITEM, True),
    (AZURE, dict(AZURE_ITEM, region='US_EAST'), False),
    (GCP, GCP_ITEM, True),
    (GCP, AWS_ITEM, False),
])
def test_natural_key(options, item, same):
    resource = NetworkContainer(FakeAtlas(dict(options)), ContainerOptions(**options))
    assert resource.is_same_resource(item) is same


# -- whole module runs --------------------------------------------------------------------------

def run_module(options, check_mode=False):
    run_main(network_container.main, options, check_mode=check_mode)


@pytest.mark.parametrize('options,item,provider', [(AWS, AWS_ITEM, 'AWS'), (AZURE, AZURE_ITEM, 'AZURE'),
                                                   (GCP, GCP_ITEM, 'GCP')])
def test_noop_costs_one_get(atlas, capsys, options, item, provider):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(item))
    run_module(options)
    result = result_of(capsys)
    assert result['changed'] is False
    assert methods(atlas) == [('GET', CONTAINERS_URL)]
    assert 'providerName=%s' % provider in atlas.calls[0].request.url


def test_create_sends_region_in_atlas_form(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page())
    atlas.add(responses.POST, CONTAINERS_URL, json=AWS_ITEM)
    run_module(dict(AWS, region='us-east-1'))
    result = result_of(capsys)
    assert result['changed'] is True and result['container']['id'] == CONTAINER
    assert json.loads(atlas.calls[1].request.body) == {'providerName': 'AWS', 'regionName': 'US_EAST_1',
                                                       'atlasCidrBlock': '192.168.248.0/21'}


def test_check_mode_cidr_change_sends_no_write(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    run_module(dict(AWS, atlas_cidr_block='192.168.240.0/21'), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['container']['atlas_cidr_block'] == '192.168.240.0/21'
    assert methods(atlas) == [('GET', CONTAINERS_URL)]


def test_cidr_change_patches(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.PATCH, CONTAINER_URL, json=dict(AWS_ITEM, atlasCidrBlock='192.168.240.0/21'))
    run_module(dict(AWS, atlas_cidr_block='192.168.240.0/21'))
    result = result_of(capsys)
    assert result['changed'] is True
    assert methods(atlas) == [('GET', CONTAINERS_URL), ('PATCH', CONTAINER_URL)]
    assert json.loads(atlas.calls[1].request.body)['atlasCidrBlock'] == '192.168.240.0/21'


def test_cidr_change_in_use_fails_with_reason(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(dict(AWS_ITEM, provisioned=True)))
    atlas.add(responses.PATCH, CONTAINER_URL, status=409, json={
        'error': 409, 'errorCode': 'CONTAINERS_IN_USE', 'reason': 'Conflict',
        'detail': 'Cannot modify in use containers. The CIDR block is locked.'})
    run_module(dict(AWS, atlas_cidr_block='192.168.240.0/21'))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'CONTAINERS_IN_USE' in result['msg'] and 'atlas_cidr_block' in result['msg']


def test_delete_in_use_is_retried_then_fails_with_reason(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    in_use = {'error': 409, 'errorCode': 'CONTAINERS_IN_USE', 'reason': 'Conflict',
              'detail': 'Cannot modify in use containers. The container has network peering connections.'}
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json=in_use)
    run_module(dict(AWS, state='absent', wait_timeout=5))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'network peering connections' in result['msg']
    assert methods(atlas).count(('DELETE', CONTAINER_URL)) >= 2


def test_delete_in_use_then_free_succeeds(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json={'error': 409, 'errorCode': 'CONTAINERS_IN_USE'})
    atlas.add(responses.DELETE, CONTAINER_URL, status=204)
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is True and result['container'] == {}


def test_absent_when_missing_is_unchanged(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page())
    run_module(dict(GCP, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False
    assert methods(atlas) == [('GET', CONTAINERS_URL)]


def test_invalid_input_sends_nothing(atlas, capsys):
    run_module(dict(AWS, atlas_cidr_block='10.0.0.0/8'))
    result = result_of(capsys)
    assert result['failed'] is True and "option 'atlas_cidr_block'" in result['msg']
    assert len(atlas.calls) == 0


def test_refused_writes_report_no_change(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json={'error': 409, 'errorCode': 'CONTAINERS_IN_USE'})
    run_module(dict(AWS, state='absent', wait_timeout=1))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False


# -- in use (issue 11): fail at once unless what uses it is being deleted; check mode the same ----

PEERS_URL = BASE + '/api/atlas/v2/groups/%s/peers' % GROUP
SERVICES_URL = BASE + '/api/atlas/v2/groups/%s/privateEndpoint/AWS/endpointService' % GROUP
IN_USE = {'error': 409, 'errorCode': 'CONTAINERS_IN_USE', 'reason': 'Conflict',
          'detail': 'Cannot modify in use containers. The container has network peering connections.'}
PEER_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb'
OTHER_PEER = 'cccccccccccccccccccccccc'


def peer(status, container=CONTAINER, ident=PEER_ID):
    return {'id': ident, 'containerId': container, 'statusName': status, 'vpcId': 'vpc-0123456789abcdef0'}


@pytest.fixture
def fresh_warnings(monkeypatch):
    """ansible-core keeps module warnings in a process-wide registry: start these tests with none."""
    from ansible.module_utils.common import warnings
    if hasattr(warnings, '_global_warnings'):
        monkeypatch.setattr(warnings, '_global_warnings', type(warnings._global_warnings)())


def users(atlas, peers=(), services=()):
    atlas.add(responses.GET, PEERS_URL, json=page(*peers))
    atlas.add(responses.GET, SERVICES_URL, json=list(services))


def test_delete_in_use_by_a_live_peering_fails_at_once_naming_it(atlas, capsys, fresh_warnings):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(dict(AWS_ITEM, provisioned=True)))
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json=IN_USE)
    users(atlas, peers=[peer('AVAILABLE'), peer('AVAILABLE', container='d' * 24, ident=OTHER_PEER)])
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    message = result['msg']
    assert 'CONTAINERS_IN_USE' in message and 'network peering connections' in message
    assert 'Delete what uses it first: the network peering connection %s (AVAILABLE)' % PEER_ID in message
    assert OTHER_PEER not in message and 'waiting would not help' in message
    assert methods(atlas).count(('DELETE', CONTAINER_URL)) == 1
    assert 'retrying the deletion' not in json.dumps(result.get('warnings', []))
    assert 'providerName=AWS' in atlas.calls[2].request.url and atlas.calls[2].request.url.startswith(PEERS_URL)


def test_delete_in_use_by_a_terminating_peering_is_retried_until_free(atlas, capsys, fresh_warnings):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(dict(AWS_ITEM, provisioned=True)))
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json=IN_USE)
    atlas.add(responses.DELETE, CONTAINER_URL, status=204)
    users(atlas, peers=[peer('TERMINATING')])
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is True and result['container'] == {}
    assert methods(atlas).count(('DELETE', CONTAINER_URL)) == 2
    assert json.dumps(result['warnings']).count('retrying the deletion') == 1


def test_delete_in_use_by_a_live_endpoint_service_in_its_region_names_it(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json=IN_USE)
    users(atlas, services=[{'id': 'e' * 24, 'regionName': 'US_EAST_1', 'status': 'AVAILABLE'},
                           {'id': 'f' * 24, 'regionName': 'EU_WEST_1', 'status': 'DELETING'}])
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'the private endpoint service %s (AVAILABLE)' % ('e' * 24) in result['msg'] and 'f' * 24 not in result['msg']


def test_delete_in_use_by_nothing_visible_names_clusters(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, CONTAINER_URL, status=409, json=IN_USE)
    users(atlas)
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['failed'] is True and 'clusters in its region use it' in result['msg']
    assert methods(atlas).count(('DELETE', CONTAINER_URL)) == 1


@pytest.mark.parametrize('status,fails', [('AVAILABLE', True), ('PENDING_ACCEPTANCE', True), ('TERMINATING', False)])
def test_check_mode_delete_of_a_provisioned_container_fails_as_the_real_run(atlas, capsys, status, fails):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(dict(AWS_ITEM, provisioned=True)))
    users(atlas, peers=[peer(status)])
    run_module(dict(AWS, state='absent'), check_mode=True)
    result = result_of(capsys)
    assert bool(result.get('failed')) is fails
    assert result['changed'] is (not fails)
    if fails:
        assert 'CONTAINERS_IN_USE' in result['msg'] and PEER_ID in result['msg']
    assert [entry for entry in methods(atlas) if entry[0] != 'GET'] == []


def test_check_mode_delete_of_an_unprovisioned_container_reads_nothing_more(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    run_module(dict(AWS, state='absent'), check_mode=True)
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', CONTAINERS_URL)]


def test_check_mode_cidr_change_of_a_provisioned_container_fails_as_the_real_run(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page(dict(AWS_ITEM, provisioned=True)))
    run_module(dict(AWS, atlas_cidr_block='192.168.240.0/21'), check_mode=True)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'CONTAINERS_IN_USE' in result['msg'] and 'atlas_cidr_block' in result['msg'] and 'peering' in result['msg']
    assert methods(atlas) == [('GET', CONTAINERS_URL)]


# -- lagging lists (issue 18) ----------------------------------------------------------------------

def test_already_exists_adopts_the_container_once_the_list_shows_it(atlas, capsys):
    atlas.add(responses.GET, CONTAINERS_URL, json=page())
    atlas.add(responses.POST, CONTAINERS_URL, status=409, json={
        'error': 409, 'errorCode': 'CONTAINER_ALREADY_EXISTS', 'detail': 'A container already exists for group %s.' % GROUP})
    atlas.add(responses.GET, CONTAINERS_URL, json=page())
    atlas.add(responses.GET, CONTAINERS_URL, json=page(AWS_ITEM))
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['container']['id'] == CONTAINER
    assert methods(atlas) == [('GET', CONTAINERS_URL), ('POST', CONTAINERS_URL), ('GET', CONTAINERS_URL),
                              ('GET', CONTAINERS_URL)]


def test_absent_does_not_check_what_only_present_sends():
    options = ContainerOptions(**dict(GCP, atlas_cidr_block='8.8.8.0/24', regions=['MARS_1', 'MARS_1'], state='absent'))
    assert options.regions == ['MARS_1', 'MARS_1']
