# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of network_peering: the options model, the natural key and comparisons, and whole
module runs against Atlas mocked with ``responses`` (request counts, check mode, wait, absent)."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils import _resource as resource_utils
from ansible_collections.atlasops.networking.plugins.module_utils._peering import peering_view
from ansible_collections.atlasops.networking.plugins.module_utils._options import ValidationError
from ansible_collections.atlasops.networking.plugins.modules import network_peering
from ansible_collections.atlasops.networking.plugins.modules.network_peering import NetworkPeering, PeeringOptions
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, DEFAULT_ARGS, GROUP, FakeAtlas, methods, page, result_of, run_main,
)

CONTAINER = 'aaaaaaaaaaaaaaaaaaaaaaaa'
PEER_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb'
PEERS_URL = BASE + '/api/atlas/v2/groups/%s/peers' % GROUP
PEER_URL = PEERS_URL + '/' + PEER_ID
CONTAINER_URL = BASE + '/api/atlas/v2/groups/%s/containers/%s' % (GROUP, CONTAINER)
PRIVATE_KEY = 'private-key-never-shown-3f9a'

AWS = dict(container_id=CONTAINER, vpc_id='vpc-0123456789abcdef0', aws_account_id='123456789012',
           route_table_cidr_block='10.10.0.0/16', accepter_region_name='us-east-1')
AZURE = dict(provider_name='AZURE', container_id=CONTAINER,
             azure_directory_id='0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f',
             azure_subscription_id='7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45',
             resource_group_name='my-rg', vnet_name='my-vnet')
GCP = dict(provider_name='GCP', container_id=CONTAINER, gcp_project_id='my-gcp-project', network_name='my-network')

CONTAINER_ITEM = {'id': CONTAINER, 'providerName': 'AWS', 'regionName': 'US_EAST_1', 'atlasCidrBlock': '192.168.248.0/21',
                  'vpcId': 'vpc-0a1b2c3d4e5f60718'}
AWS_ITEM = {'id': PEER_ID, 'containerId': CONTAINER, 'providerName': 'AWS', 'vpcId': 'vpc-0123456789abcdef0',
            'awsAccountId': '123456789012', 'routeTableCidrBlock': '10.10.0.0/16', 'accepterRegionName': 'us-east-1',
            'statusName': 'INITIATING', 'connectionId': None, 'errorStateName': None}
GCP_ITEM = {'id': PEER_ID, 'containerId': CONTAINER, 'providerName': 'GCP', 'gcpProjectId': 'my-gcp-project',
            'networkName': 'my-network', 'status': 'ADDING_PEER', 'errorMessage': None}
AZURE_ITEM = {'id': PEER_ID, 'containerId': CONTAINER, 'providerName': 'AZURE',
              'azureDirectoryId': '0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f',
              'azureSubscriptionId': '7E3A1F9C-5B2D-4E8A-A1C6-3D9F0B2E7C45',
              'resourceGroupName': 'My-RG', 'vnetName': 'my-vnet', 'status': 'ADDING_PEER', 'errorState': None}


# -- the options model ---------------------------------------------------------------------------

def build(**options):
    return PeeringOptions(**options)


VALID = [
    ('aws minimal', AWS),
    ('aws atlas region form', dict(AWS, accepter_region_name='US_EAST_1')),
    ('azure', AZURE),
    ('azure absent needs no directory', dict(AZURE, state='absent', azure_directory_id=None)),
    ('gcp', GCP),
    ('gcp shortest project', dict(GCP, gcp_project_id='abcdef')),
    ('gcp one letter network', dict(GCP, network_name='n')),
    ('aws absent needs only the key', dict(container_id=CONTAINER, vpc_id=AWS['vpc_id'],
                                           aws_account_id=AWS['aws_account_id'], state='absent')),
]


@pytest.mark.parametrize('options', [case[1] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_options(options):
    build(**options)


INVALID = [
    # (id, options, option named, words in the message)
    ('container id short', dict(AWS, container_id='abc'), 'container_id', '24 lowercase hexadecimal'),
    ('container id upper', dict(AWS, container_id=CONTAINER.upper()), 'container_id', 'pattern'),
    ('vpc id short', dict(AWS, vpc_id='vpc-123'), 'vpc_id', "'vpc-' and 17"),
    ('vpc id upper hex', dict(AWS, vpc_id='vpc-0123456789ABCDEF0'), 'vpc_id', '17 lowercase'),
    ('vpc id no prefix', dict(AWS, vpc_id='0123456789abcdef0'), 'vpc_id', 'pattern'),
    ('account 11 digits', dict(AWS, aws_account_id='12345678901'), 'aws_account_id', '12 digits'),
    ('account letters', dict(AWS, aws_account_id='12345678901a'), 'aws_account_id', '12 digits'),
    ('route bare ip', dict(AWS, route_table_cidr_block='10.0.0.0'), 'route_table_cidr_block', 'CIDR notation'),
    ('route host bits', dict(AWS, route_table_cidr_block='10.0.0.1/16'), 'route_table_cidr_block',
     'canonical form is 10.0.0.0/16'),
    ('route garbage', dict(AWS, route_table_cidr_block='10.0.0.300/16'), 'route_table_cidr_block', 'not a valid CIDR'),
    ('region unknown', dict(AWS, accepter_region_name='moon-east-1'), 'accepter_region_name', 'not a known AWS region'),
    ('region global', dict(AWS, accepter_region_name='GLOBAL'), 'accepter_region_name', 'not a known AWS region'),
    ('aws missing vpc', dict(AWS, vpc_id=None), 'vpc_id', 'required for AWS'),
    ('aws missing account', dict(AWS, aws_account_id=None), 'aws_account_id', 'required for AWS'),
    ('aws missing route', dict(AWS, route_table_cidr_block=None), 'route_table_cidr_block', 'when state is present'),
    ('aws missing region', dict(AWS, accepter_region_name=None), 'accepter_region_name', 'when state is present'),
    ('aws with gcp option', dict(AWS, network_name='net'), 'network_name', 'only for GCP peerings'),
    ('aws with azure option', dict(AWS, vnet_name='vnet'), 'vnet_name', 'only for AZURE peerings'),
    ('azure bad uuid', dict(AZURE, azure_subscription_id='not-a-uuid'), 'azure_subscription_id', 'UUID'),
    ('azure bad directory', dict(AZURE, azure_directory_id='1234'), 'azure_directory_id', 'UUID'),
    ('azure bad vnet', dict(AZURE, vnet_name='my vnet!'), 'vnet_name', 'letters, digits'),
    ('azure bad group', dict(AZURE, resource_group_name='rg/x'), 'resource_group_name', 'letters, digits'),
    ('azure with vpc', dict(AZURE, vpc_id=AWS['vpc_id']), 'vpc_id', 'only for AWS peerings'),
    ('azure missing directory', dict(AZURE, azure_directory_id=None), 'azure_directory_id', 'required for AZURE'),
    ('gcp project uppercase', dict(GCP, gcp_project_id='My-project'), 'gcp_project_id', 'GCP project id'),
    ('gcp project too short', dict(GCP, gcp_project_id='abcde'), 'gcp_project_id', '6 to 30'),
    ('gcp project trailing hyphen', dict(GCP, gcp_project_id='my-project-'), 'gcp_project_id', 'not ending'),
    ('gcp project too long', dict(GCP, gcp_project_id='a' * 31), 'gcp_project_id', '6 to 30'),
    ('gcp network digit first', dict(GCP, network_name='1net'), 'network_name', 'starting with a letter'),
    ('gcp network too long', dict(GCP, network_name='n' * 64), 'network_name', '1 to 63'),
    ('gcp missing network', dict(GCP, network_name=None), 'network_name', 'required for GCP'),
    ('gcp with aws option', dict(GCP, route_table_cidr_block='10.0.0.0/16'), 'route_table_cidr_block',
     'only for AWS peerings'),
]


@pytest.mark.parametrize('options,option,words', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_options_name_the_option(options, option, words):
    from ansible_collections.atlasops.networking.plugins.module_utils._options import describe_validation_error
    with pytest.raises(ValidationError) as caught:
        build(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message
    assert words in message


def test_region_is_sent_in_aws_form():
    assert build(**{**AWS, 'accepter_region_name': 'AP_SOUTHEAST_2'}).accepter_region_name == 'ap-southeast-2'


def test_azure_uuids_are_lowercased():
    options = build(**{**AZURE, 'azure_subscription_id': AZURE['azure_subscription_id'].upper()})
    assert options.azure_subscription_id == AZURE['azure_subscription_id']


# -- natural key, body and comparisons ---------------------------------------------------------

def resource_for(options):
    params = dict(state='present', wait=False, wait_timeout=10, max_retries=0)
    params.update(options)
    return NetworkPeering(FakeAtlas(params), build(**options))


@pytest.mark.parametrize('options,item,same', [
    (AWS, AWS_ITEM, True),
    (AWS, dict(AWS_ITEM, vpcId='vpc-0123456789abcdef1'), False),
    (AWS, dict(AWS_ITEM, awsAccountId='210987654321'), False),
    (AWS, dict(AWS_ITEM, containerId='c' * 24), False),
    (AWS, dict(AWS_ITEM, routeTableCidrBlock='10.20.0.0/16'), True),  # mutable: same peering, an update
    (AZURE, AZURE_ITEM, True),  # UUID and names compared case-insensitively
    (AZURE, dict(AZURE_ITEM, vnetName='other'), False),
    (AZURE, AWS_ITEM, False),
    (GCP, GCP_ITEM, True),
    (GCP, dict(GCP_ITEM, networkName='other-network'), False),
    (GCP, dict(GCP_ITEM, gcpProjectId='other-project'), False),
])
def test_natural_key(options, item, same):
    assert resource_for(options).is_same_resource(item) is same


def test_create_body_aws_is_camel_case_with_aws_region():
    body = resource_for(dict(AWS, accepter_region_name='US_EAST_1')).create_body()
    assert body == {'containerId': CONTAINER, 'providerName': 'AWS', 'vpcId': AWS['vpc_id'],
                    'awsAccountId': '123456789012', 'routeTableCidrBlock': '10.10.0.0/16',
                    'accepterRegionName': 'us-east-1'}


def test_create_body_gcp():
    assert resource_for(GCP).create_body() == {'containerId': CONTAINER, 'providerName': 'GCP',
                                               'gcpProjectId': 'my-gcp-project', 'networkName': 'my-network'}


@pytest.mark.parametrize('fact,current,desired,same', [
    ('accepter_region_name', None, 'us-east-1', True),        # Atlas: null when the container's region
    ('accepter_region_name', None, 'eu-west-1', False),       # ... and only then (issue 11, item 2)
    ('accepter_region_name', 'US_EAST_1', 'us-east-1', True),
    ('accepter_region_name', 'us-west-2', 'us-east-1', False),
    ('route_table_cidr_block', '10.10.0.0/16', '10.10.0.0/16', True),
    ('route_table_cidr_block', '10.20.0.0/16', '10.10.0.0/16', False),
    ('route_table_cidr_block', None, '10.10.0.0/16', False),
    ('vnet_name', 'My-VNet', 'my-vnet', True),
    ('network_name', 'My-network', 'my-network', False),
])
def test_same_value(fact, current, desired, same):
    assert in_us_east_1(resource_for(AWS)).same_value(fact, current, desired) is same


def in_us_east_1(resource):
    """The resource with its container (us-east-1) already read."""
    resource._container = {'id': CONTAINER, 'providerName': 'AWS', 'regionName': 'US_EAST_1'}
    return resource


def test_engine_differences_only_route_table():
    engine = resource_utils.ResourceEngine.__new__(resource_utils.ResourceEngine)
    engine.resource = in_us_east_1(resource_for(AWS))
    current = peering_view(dict(AWS_ITEM, routeTableCidrBlock='10.20.0.0/16', accepterRegionName=None))
    assert engine.differences(current) == {'route_table_cidr_block': ('10.20.0.0/16', '10.10.0.0/16')}


@pytest.mark.parametrize('item,status,error', [
    (dict(AWS_ITEM, statusName='FAILED', errorStateName='REJECTED'), 'FAILED', 'REJECTED'),
    (dict(AZURE_ITEM, status='FAILED', errorState='no permission'), 'FAILED', 'no permission'),
    (dict(GCP_ITEM, status='FAILED', errorMessage='network gone'), 'FAILED', 'network gone'),
])
def test_view_has_status_and_error_state_for_every_provider(item, status, error):
    facts = peering_view(item)
    assert (facts['status'], facts['error_state']) == (status, error)


# -- whole module runs against mocked Atlas ----------------------------------------------------

def run_module(options, check_mode=False, diff=False):
    run_main(network_peering.main, options, check_mode=check_mode, diff=diff,
             defaults=dict(DEFAULT_ARGS, private_key=PRIVATE_KEY))


def test_noop_costs_one_get_with_provider(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, accepterRegionName=None)))
    atlas.add(responses.GET, CONTAINER_URL, json=CONTAINER_ITEM)
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False
    # Atlas's null region is compared with the container's region: one GET of the container (issue 11, item 2).
    assert methods(atlas) == [('GET', PEERS_URL), ('GET', CONTAINER_URL)]
    assert 'providerName=AWS' in atlas.calls[0].request.url
    assert result['peering']['status'] == 'INITIATING'
    assert PRIVATE_KEY not in json.dumps(result)


def test_create_costs_one_get_and_one_post(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page())
    atlas.add(responses.POST, PEERS_URL, json=GCP_ITEM)
    run_module(GCP, diff=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert methods(atlas) == [('GET', PEERS_URL), ('POST', PEERS_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'containerId': CONTAINER, 'providerName': 'GCP',
                                                       'gcpProjectId': 'my-gcp-project', 'networkName': 'my-network'}
    assert 'providerName=GCP' in atlas.calls[0].request.url
    assert result['diff']['before'] == {}
    assert result['diff']['after']['id'] == PEER_ID


def test_check_mode_create_sends_no_write(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page())
    run_module(AWS, check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert methods(atlas) == [('GET', PEERS_URL)]
    assert result['peering']['vpc_id'] == AWS['vpc_id']


def test_update_patches_full_body(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, routeTableCidrBlock='10.20.0.0/16')))
    atlas.add(responses.PATCH, PEER_URL, json=AWS_ITEM)
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is True
    assert methods(atlas) == [('GET', PEERS_URL), ('PATCH', PEER_URL)]
    assert json.loads(atlas.calls[1].request.body)['routeTableCidrBlock'] == '10.10.0.0/16'


def test_immutable_difference_fails_without_write(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AZURE_ITEM, azureDirectoryId='11111111-2222-3333-4444-555555555555')))
    run_module(AZURE)
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'azure_directory_id' in result['msg'] and 'state: absent' in result['msg']
    assert methods(atlas) == [('GET', PEERS_URL)]


def test_wait_stops_at_pending_acceptance_and_returns_next_steps(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page())
    atlas.add(responses.POST, PEERS_URL, json=AWS_ITEM)
    atlas.add(responses.GET, PEER_URL, json=AWS_ITEM)
    atlas.add(responses.GET, PEER_URL, json=dict(AWS_ITEM, statusName='PENDING_ACCEPTANCE', connectionId='pcx-1'))
    atlas.add(responses.GET, CONTAINER_URL, json={'id': CONTAINER, 'providerName': 'AWS',
                                                  'atlasCidrBlock': '192.168.248.0/21', 'vpcId': 'vpc-0a1b2c3d4e5f60718'})
    run_module(dict(AWS, wait=True))
    result = result_of(capsys)
    assert result['peering']['status'] == 'PENDING_ACCEPTANCE'
    assert result['next_steps']['connection_id'] == 'pcx-1'
    assert result['next_steps']['atlas_cidr_block'] == '192.168.248.0/21'


def test_gcp_next_steps_name_the_atlas_network(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(GCP_ITEM, status='WAITING_FOR_USER')))
    atlas.add(responses.GET, CONTAINER_URL, json={'id': CONTAINER, 'providerName': 'GCP', 'atlasCidrBlock': '10.8.0.0/18',
                                                  'gcpProjectId': 'p-abc', 'networkName': 'nt-xyz'})
    run_module(GCP)
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['next_steps']['atlas_gcp_network'] == 'projects/p-abc/global/networks/nt-xyz'


def test_wait_failed_surfaces_atlas_reason(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, statusName='FAILED', errorStateName='REJECTED')))
    run_module(dict(AWS, wait=True))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'FAILED' in result['msg'] and 'REJECTED' in result['msg']
    assert result['peering']['error_state'] == 'REJECTED'


def test_absent_already_requested_deletion_is_success(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, PEER_URL, status=409, json={
        'error': 409, 'errorCode': 'PEER_ALREADY_REQUESTED_DELETION', 'reason': 'Conflict',
        'detail': 'The peer with ID %s has already been requested for deletion.' % PEER_ID})
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result.get('failed') is not True
    assert result['changed'] is True and result['peering'] == {}


def test_absent_while_terminating_is_unchanged(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, statusName='TERMINATING')))
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False
    assert methods(atlas) == [('GET', PEERS_URL)]


def test_absent_wait_polls_until_gone(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, PEER_URL, status=202, json={})
    atlas.add(responses.GET, PEER_URL, json=dict(AWS_ITEM, statusName='TERMINATING'))
    atlas.add(responses.GET, PEER_URL, status=404, json={'error': 404, 'errorCode': 'PEER_NOT_FOUND'})
    run_module(dict(AWS, state='absent', wait=True))
    result = result_of(capsys)
    assert result['changed'] is True
    assert methods(atlas).count(('GET', PEER_URL)) == 2


def test_invalid_input_sends_nothing(atlas, capsys):
    run_module(dict(AWS, vpc_id='vpc-nothex'))
    result = result_of(capsys)
    assert result['failed'] is True and "option 'vpc_id'" in result['msg']
    assert len(atlas.calls) == 0


# -- issue 11: what absent checks, Atlas's null region, a peering being deleted --------------------

@pytest.mark.parametrize('options', [
    dict(AWS, state='absent', route_table_cidr_block='10.0.0.1/16', accepter_region_name='moon-east-1'),
    dict(AZURE, state='absent', azure_directory_id='1234'),
], ids=['aws', 'azure'])
def test_absent_does_not_check_what_only_present_sends(options):
    build(**options)


def test_absent_still_checks_the_natural_key():
    with pytest.raises(ValidationError, match='vpc_id'):
        build(**{**AWS, 'state': 'absent', 'vpc_id': 'vpc-123'})


def test_noop_costs_one_get_when_atlas_reports_the_region(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(AWS_ITEM))
    run_module(AWS)
    assert result_of(capsys)['changed'] is False
    assert methods(atlas) == [('GET', PEERS_URL)]


def test_null_region_and_another_region_in_the_task_is_an_update(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, accepterRegionName=None)))
    atlas.add(responses.GET, CONTAINER_URL, json=CONTAINER_ITEM)
    atlas.add(responses.PATCH, PEER_URL, json=dict(AWS_ITEM, accepterRegionName='eu-west-1'))
    run_module(dict(AWS, accepter_region_name='eu-west-1'))
    result = result_of(capsys)
    assert result['changed'] is True
    assert json.loads(atlas.calls[-1].request.body)['accepterRegionName'] == 'eu-west-1'


def test_null_region_and_another_region_refused_by_atlas_fails_with_its_reason(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, accepterRegionName=None)))
    atlas.add(responses.GET, CONTAINER_URL, json=CONTAINER_ITEM)
    atlas.add(responses.PATCH, PEER_URL, status=400, json={
        'error': 400, 'errorCode': 'INVALID_ATTRIBUTE', 'detail': 'accepterRegionName cannot be updated'})
    run_module(dict(AWS, accepter_region_name='eu-west-1'))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'accepterRegionName' in result['msg']


def test_null_region_and_another_region_in_check_mode_shows_the_change(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, accepterRegionName=None)))
    atlas.add(responses.GET, CONTAINER_URL, json=CONTAINER_ITEM)
    run_main(network_peering.main, dict(AWS, accepter_region_name='EU_WEST_1'), check_mode=True, diff=True,
             defaults=dict(DEFAULT_ARGS, private_key=PRIVATE_KEY))
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['diff']['before']['accepter_region_name'] is None
    assert result['diff']['after']['accepter_region_name'] == 'eu-west-1'
    assert [method for method, _url in methods(atlas)] == ['GET', 'GET']


def test_the_container_is_read_once_for_the_region_and_next_steps(atlas, capsys):
    waiting = dict(AWS_ITEM, accepterRegionName=None, statusName='PENDING_ACCEPTANCE', connectionId='pcx-1')
    atlas.add(responses.GET, PEERS_URL, json=page(waiting))
    atlas.add(responses.GET, CONTAINER_URL, json=CONTAINER_ITEM)
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['next_steps']['atlas_cidr_block'] == '192.168.248.0/21'
    assert methods(atlas) == [('GET', PEERS_URL), ('GET', CONTAINER_URL)]


def test_present_on_a_terminating_peering_waits_until_it_is_gone_then_creates_it(atlas, capsys):
    terminating = dict(AWS_ITEM, statusName='TERMINATING')
    atlas.add(responses.GET, PEERS_URL, json=page(terminating))
    atlas.add(responses.GET, PEER_URL, json=terminating)
    atlas.add(responses.GET, PEER_URL, status=404, json={'error': 404, 'errorCode': 'PEER_NOT_FOUND'})
    atlas.add(responses.POST, PEERS_URL, json=dict(AWS_ITEM, id='c' * 24))
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is True and result['peering']['id'] == 'c' * 24
    assert methods(atlas) == [('GET', PEERS_URL), ('GET', PEER_URL), ('GET', PEER_URL), ('POST', PEERS_URL)]


def test_present_in_check_mode_on_a_terminating_peering_reports_the_creation(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page(dict(AWS_ITEM, statusName='TERMINATING')))
    run_module(dict(AWS, wait=True), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True and 'id' not in result['peering']
    assert methods(atlas) == [('GET', PEERS_URL)]


def test_peer_already_exists_adopts_the_peering_once_the_list_shows_it(atlas, capsys):
    atlas.add(responses.GET, PEERS_URL, json=page())
    atlas.add(responses.POST, PEERS_URL, status=409, json={'error': 409, 'errorCode': 'PEER_ALREADY_EXISTS'})
    atlas.add(responses.GET, PEERS_URL, json=page())
    atlas.add(responses.GET, PEERS_URL, json=page(AWS_ITEM))
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['peering']['id'] == PEER_ID
    assert [method for method, _url in methods(atlas)] == ['GET', 'POST', 'GET', 'GET']
