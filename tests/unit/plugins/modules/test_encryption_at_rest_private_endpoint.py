# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of encryption_at_rest_private_endpoint and its _info module: the options model, the
natural key (provider + region, never the id), and whole module runs against Atlas mocked with
``responses``: 202 create, check mode, AWS ACTIVE, Azure PENDING_ACCEPTANCE with what to approve,
PENDING_RECREATION (nothing sent; waiting follows the new id), DELETING, deletion refused while
INITIATING, the prerequisite and Project Owner refusals explained, request counts."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._encryption_at_rest_private_endpoint import (
    endpoint_view,
    explained,
)
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import (
    encryption_at_rest_private_endpoint,
    encryption_at_rest_private_endpoint_info,
)
from ansible_collections.atlasops.networking.plugins.modules.encryption_at_rest_private_endpoint import (
    EarPrivateEndpoint,
    EarPrivateEndpointOptions,
)
from ansible_collections.atlasops.networking.plugins.modules.encryption_at_rest_private_endpoint_info import (
    EarPrivateEndpointInfoOptions,
)
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, DEFAULT_ARGS, GROUP, FakeAtlas, methods, page, posted, result_of, run_main, writes,
)

ID = 'aaaaaaaaaaaaaaaaaaaaaaaa'
NEW_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb'
AWS_URL = BASE + '/api/atlas/v2/groups/%s/encryptionAtRest/AWS/privateEndpoints' % GROUP
AZURE_URL = BASE + '/api/atlas/v2/groups/%s/encryptionAtRest/AZURE/privateEndpoints' % GROUP
MEDIA_TYPE = 'application/vnd.atlas.2023-01-01+json'
CONNECTION = 'atlas-pe-%s.1e0b6c5d-3a4f-4b8e-9a0c-2d7f1e6b5c4a' % ID
NEW_CONNECTION = 'atlas-pe-%s.0c12ed5b-7ba5-4e8e-a163-7b7913f52406' % NEW_ID

AWS = dict(cloud_provider='AWS', region_name='US_EAST_1')
AZURE = dict(cloud_provider='AZURE', region_name='US_EAST_2')
AWS_ITEM = {'id': ID, 'cloudProvider': 'AWS', 'regionName': 'US_EAST_1', 'status': 'INITIATING'}
AWS_ACTIVE = dict(AWS_ITEM, status='ACTIVE', privateEndpointConnectionName='vpce-0a1b2c3d4e5f60718')
AZURE_ITEM = {'id': ID, 'cloudProvider': 'AZURE', 'regionName': 'US_EAST_2', 'status': 'INITIATING'}
AZURE_PENDING = dict(AZURE_ITEM, status='PENDING_ACCEPTANCE', privateEndpointConnectionName=CONNECTION)
RECREATING = dict(AZURE_PENDING, status='PENDING_RECREATION', errorMessage='private endpoint was rejected')
SUCCESSOR = {'id': NEW_ID, 'cloudProvider': 'AZURE', 'regionName': 'US_EAST_2', 'status': 'INITIATING'}
SUCCESSOR_PENDING = dict(SUCCESSOR, status='PENDING_ACCEPTANCE', privateEndpointConnectionName=NEW_CONNECTION)
OTHER_REGION = {'id': 'c' * 24, 'cloudProvider': 'AWS', 'regionName': 'EU_WEST_1', 'status': 'ACTIVE'}


def error(status, code, detail='x'):
    return {'error': status, 'errorCode': code, 'reason': 'Error', 'detail': detail}


def warnings_of(result):
    """The warnings of a result as one string (their shape differs between ansible-core releases)."""
    return json.dumps(result.get('warnings', []))


# -- options model ------------------------------------------------------------------------------

@pytest.mark.parametrize('options,region', [
    (AWS, 'US_EAST_1'),
    (dict(AWS, region_name='us-east-1'), 'US_EAST_1'),
    (dict(AWS, region_name='GLOBAL'), 'GLOBAL'),               # in the spec's AWS enum
    (AZURE, 'US_EAST_2'),
    (dict(AZURE, region_name='us_gov_texas'), 'US_GOV_TEXAS'),
    (dict(AZURE, region_name='eastus2'), 'US_EAST_2'),          # Azure's own name, mapped exactly
    (dict(AZURE, region_name='westeurope'), 'EUROPE_WEST'),
    (dict(AZURE, key_vault_name='atlas-keys', key_vault_resource_group='rg_(1).a'), 'US_EAST_2'),
    (dict(AWS, state='absent', key_vault_name='!!'), 'US_EAST_1'),  # absent ignores present-only values
])
def test_valid_options(options, region):
    assert EarPrivateEndpointOptions(**options).region_name == region


INVALID = [
    ('unknown region', dict(AWS, region_name='MOON_1'), 'region_name', 'not an AWS region'),
    ('azure region for aws', dict(AWS, region_name='US_EAST_2_EUAP'), 'region_name', 'US_EAST_1'),
    ('azure region unknown', dict(AZURE, region_name='moonnorth'), 'region_name', "US_EAST_2, or eastus2"),
    ('container-only azure region', dict(AZURE, region_name='CHILE_CENTRAL'), 'region_name', 'expected one of'),
    ('absent checks the key', dict(AWS, region_name='MOON_1', state='absent'), 'region_name', 'MOON_1'),
    ('gcp', dict(AWS, cloud_provider='GCP'), 'cloud_provider', 'must be one of'),
    ('key vault for aws', dict(AWS, key_vault_name='atlas-keys'), 'key_vault_name', 'only for Azure'),
    ('bad vault name', dict(AZURE, key_vault_name='1-vault'), 'key_vault_name', 'starting with a letter'),
    ('double hyphen', dict(AZURE, key_vault_name='atlas--keys'), 'key_vault_name', 'single hyphens'),
    ('bad group', dict(AZURE, key_vault_resource_group='rg.'), 'key_vault_resource_group', 'not ending with a period'),
    ('region missing', dict(cloud_provider='AWS'), 'region_name', 'required'),
]


@pytest.mark.parametrize('options,option,words', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_options_name_the_option(options, option, words):
    with pytest.raises(ValidationError) as caught:
        EarPrivateEndpointOptions(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message
    assert words in message


@pytest.mark.parametrize('options,option,words', [
    (dict(id=ID), 'cloud_provider', 'required with id'),
    (dict(id='ABC', cloud_provider='AWS'), 'id', 'not an Atlas endpoint id'),
    (dict(region_name='MOON_1'), 'region_name', 'neither an AWS nor an Azure region'),
    (dict(region_name='EUROPE_NORTH', cloud_provider='AWS'), 'region_name', 'not an AWS region'),
])
def test_info_invalid_options(options, option, words):
    with pytest.raises(ValidationError) as caught:
        EarPrivateEndpointInfoOptions(**options)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message and words in message


def test_info_region_of_either_provider():
    assert EarPrivateEndpointInfoOptions(region_name='us-east-1').region_name == 'US_EAST_1'
    assert EarPrivateEndpointInfoOptions(region_name='US_EAST_2').region_name == 'US_EAST_2'


# -- natural key --------------------------------------------------------------------------------

def resource_for(options):
    return EarPrivateEndpoint(FakeAtlas(dict(options)), EarPrivateEndpointOptions(**options))


@pytest.mark.parametrize('options,item,same', [
    (AWS, AWS_ITEM, True),
    (AWS, dict(AWS_ITEM, id=NEW_ID), True),                  # the id never matters
    (AWS, OTHER_REGION, False),
    (AWS, dict(AWS_ITEM, cloudProvider='AZURE'), False),
    (AWS, dict(AWS_ITEM, status='DELETING'), True),           # the key only: the engine sets a leaving one aside
    (AZURE, RECREATING, True),                                # Atlas replaces it itself: nothing to create
])
def test_natural_key(options, item, same):
    assert resource_for(options).is_same_resource(item) is same


def test_ready_statuses_per_provider():
    assert resource_for(AWS).ready_statuses == ('ACTIVE',)
    assert resource_for(AZURE).ready_statuses == ('ACTIVE', 'PENDING_ACCEPTANCE')
    assert resource_for(dict(AZURE, wait_for='active')).ready_statuses == ('ACTIVE',)
    assert resource_for(dict(AWS, wait_for='approval')).ready_statuses == ('ACTIVE',)


def test_wait_for_active_after_the_approval(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(AZURE_PENDING))
    atlas.add(responses.GET, AZURE_URL, json=page(AZURE_PENDING))
    atlas.add(responses.GET, AZURE_URL, json=page(dict(AZURE_PENDING, status='ACTIVE')))
    run_module(dict(AZURE, wait=True, wait_for='active', wait_timeout=60))
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint']['status'] == 'ACTIVE' and result['approval'] is None
    assert methods(atlas) == [('GET', AZURE_URL)] * 3


def test_view_has_every_documented_key():
    assert endpoint_view({'id': ID, 'cloudProvider': 'AWS', 'regionName': 'US_EAST_1', 'status': 'INITIATING'}) == {
        'id': ID, 'cloud_provider': 'AWS', 'region_name': 'US_EAST_1', 'status': 'INITIATING',
        'private_endpoint_connection_name': None, 'error_message': None}


# -- whole module runs --------------------------------------------------------------------------

def run_module(options, **kwargs):
    run_main(encryption_at_rest_private_endpoint.main, options, **kwargs)


def run_info(options, **kwargs):
    run_main(encryption_at_rest_private_endpoint_info.main, options, **kwargs)


def test_noop_costs_one_get(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page(OTHER_REGION, AWS_ACTIVE))
    run_module(dict(AWS, region_name='us-east-1'))
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint']['id'] == ID and result['approval'] is None
    assert methods(atlas) == [('GET', AWS_URL)]
    assert atlas.calls[0].request.headers['Accept'] == MEDIA_TYPE


def test_create_answers_202(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page(OTHER_REGION))
    atlas.add(responses.POST, AWS_URL, status=202, json=AWS_ITEM)
    run_module(AWS, diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['status'] == 'INITIATING'
    assert result['diff'] == {'before': {}, 'after': result['endpoint']}
    assert methods(atlas) == [('GET', AWS_URL), ('POST', AWS_URL)]
    assert posted(atlas) == [{'regionName': 'US_EAST_1'}]
    assert atlas.calls[1].request.headers['Content-Type'] == MEDIA_TYPE


def test_check_mode_create_writes_nothing_and_never_waits(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page())
    run_module(dict(AZURE, wait=True), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint'] == {'cloud_provider': 'AZURE', 'region_name': 'US_EAST_2'}
    assert methods(atlas) == [('GET', AZURE_URL)]


def test_aws_wait_until_active(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page())
    atlas.add(responses.POST, AWS_URL, status=202, json=AWS_ITEM)
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ITEM))
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ACTIVE))
    run_module(dict(AWS, wait=True, wait_timeout=60))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['status'] == 'ACTIVE'
    assert warnings_of(result) == '[]' and result['approval'] is None
    assert methods(atlas) == [('GET', AWS_URL), ('POST', AWS_URL), ('GET', AWS_URL), ('GET', AWS_URL)]


def test_azure_wait_stops_at_pending_acceptance_and_says_what_to_approve(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page())
    atlas.add(responses.POST, AZURE_URL, status=202, json=AZURE_ITEM)
    atlas.add(responses.GET, AZURE_URL, json=page(AZURE_PENDING))
    run_module(dict(AZURE, key_vault_name='atlas-keys', key_vault_resource_group='security', wait=True,
                    wait_timeout=60))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['status'] == 'PENDING_ACCEPTANCE'
    command = ('az keyvault private-endpoint-connection approve --resource-group security --vault-name atlas-keys '
               '--name %s' % CONNECTION)
    assert result['approval'] == {'private_endpoint_connection_name': CONNECTION, 'key_vault_name': 'atlas-keys',
                                  'key_vault_resource_group': 'security', 'command': command}
    assert len(result['warnings']) == 1 and command in warnings_of(result)
    assert methods(atlas) == [('GET', AZURE_URL), ('POST', AZURE_URL), ('GET', AZURE_URL)]


def test_approval_command_placeholders_and_quoting(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(dict(AZURE_PENDING, privateEndpointConnectionName="pe 'x'")))
    run_module(AZURE)
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['approval']['command'] == (
        'az keyvault private-endpoint-connection approve --resource-group <key-vault-resource-group> '
        '--vault-name <key-vault-name> --name \'pe \'"\'"\'x\'"\'"\'\'')


def test_active_azure_endpoint_needs_no_approval(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(dict(AZURE_PENDING, status='ACTIVE')))
    run_module(dict(AZURE, wait=True))
    result = result_of(capsys)
    assert result['approval'] is None and warnings_of(result) == '[]'


def test_recreating_endpoint_sends_nothing_and_warns(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(RECREATING))
    run_module(AZURE, diff=True)
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['endpoint']['status'] == 'PENDING_RECREATION' and result['approval'] is None
    assert 'PENDING_RECREATION' in warnings_of(result) and 'new id' in warnings_of(result)
    assert 'private endpoint was rejected' in warnings_of(result)
    assert methods(atlas) == [('GET', AZURE_URL)]


def test_waiting_follows_the_recreated_endpoint_to_its_new_id(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(RECREATING))
    atlas.add(responses.GET, AZURE_URL, json=page(RECREATING))
    atlas.add(responses.GET, AZURE_URL, json=page(SUCCESSOR))
    atlas.add(responses.GET, AZURE_URL, json=page(SUCCESSOR_PENDING))
    run_module(dict(AZURE, wait=True, wait_timeout=60))
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['endpoint']['id'] == NEW_ID and result['endpoint']['status'] == 'PENDING_ACCEPTANCE'
    assert result['approval']['private_endpoint_connection_name'] == NEW_CONNECTION
    assert writes(atlas) == []
    assert methods(atlas) == [('GET', AZURE_URL)] * 4


def test_the_live_endpoint_wins_over_the_one_being_recreated(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(RECREATING, SUCCESSOR_PENDING))
    run_module(AZURE)
    result = result_of(capsys)
    assert result['endpoint']['id'] == NEW_ID and 'PENDING_RECREATION' not in warnings_of(result)


def test_check_mode_never_waits_for_a_recreation(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(RECREATING))
    run_module(dict(AZURE, wait=True), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint']['id'] == ID
    assert methods(atlas) == [('GET', AZURE_URL)]


@pytest.mark.parametrize('items', [
    [dict(AZURE_ITEM, status='DELETING'), RECREATING, SUCCESSOR_PENDING],
    [SUCCESSOR_PENDING, dict(AZURE_ITEM, status='DELETING'), RECREATING],
])
def test_absent_deletes_the_endpoint_atlas_keeps_first(atlas, capsys, items):
    atlas.add(responses.GET, AZURE_URL, json=page(*items))
    atlas.add(responses.DELETE, AZURE_URL + '/' + NEW_ID, status=204)
    run_module(dict(AZURE, state='absent'))
    assert result_of(capsys)['changed'] is True
    assert writes(atlas) == [('DELETE', AZURE_URL + '/' + NEW_ID)]


def test_a_deleting_endpoint_is_replaced_by_a_new_one(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page(dict(AWS_ACTIVE, status='DELETING')))
    atlas.add(responses.POST, AWS_URL, status=202, json=dict(AWS_ITEM, id=NEW_ID))
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['id'] == NEW_ID


def test_create_race_adopts_the_existing_endpoint(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page())
    atlas.add(responses.POST, AWS_URL, status=409, json=error(409, 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS'))
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ACTIVE))
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint']['id'] == ID


def test_failed_endpoint_fails_with_error_message(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page(dict(AWS_ITEM, status='FAILED', errorMessage='KMS key not reachable.')))
    run_module(dict(AWS, wait=True, wait_timeout=60))
    result = result_of(capsys)
    assert result['failed'] is True and 'FAILED' in result['msg'] and 'KMS key not reachable.' in result['msg']
    assert result['endpoint']['error_message'] == 'KMS key not reachable.'


def test_missing_prerequisite_says_what_to_enable(atlas, capsys):
    detail = 'Encryption at rest with AZURE must require private networking (requirePrivateNetworking) first.'
    atlas.add(responses.GET, AZURE_URL, json=page())
    atlas.add(responses.POST, AZURE_URL, status=400,
              json=error(400, 'ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED', detail))
    run_module(AZURE)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('Project %s does not require private networking' % GROUP)
    assert 'azureKeyVault.requirePrivateNetworking' in result['msg'] and 'Microsoft.Network' in result['msg']
    assert detail in result['msg']
    assert result['error']['error_code'] == 'ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED'
    assert result['error']['detail'] == detail
    assert methods(atlas) == [('GET', AZURE_URL), ('POST', AZURE_URL)]


def test_missing_prerequisite_recognised_by_atlas_words(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page())
    atlas.add(responses.POST, AWS_URL, status=400,
              json=error(400, 'INVALID_ATTRIBUTE', 'Private networking is not enabled for this provider.'))
    run_module(AWS)
    result = result_of(capsys)
    assert 'awsKms.requirePrivateNetworking' in result['msg'] and 'Microsoft.Network' not in result['msg']


@pytest.mark.parametrize('status,code', [(401, 'USER_UNAUTHORIZED'), (403, 'USER_UNAUTHORIZED'), (401, 'NOT_IN_GROUP')])
def test_read_without_project_owner_names_the_role_and_the_credential(atlas, capsys, status, code):
    atlas.add(responses.GET, AWS_URL, status=status, json=error(status, code, 'Current user is not authorized.'))
    run_module(AWS, check_mode=True)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'Project Owner' in result['msg'] and 'project %s' % GROUP in result['msg']
    assert "API key" in result['msg'] and "'%s'" % DEFAULT_ARGS['public_key'] in result['msg']
    assert DEFAULT_ARGS['private_key'] not in json.dumps(result)
    assert result['error']['error_code'] == code
    assert methods(atlas) == [('GET', AWS_URL)]


def test_an_explanation_keeps_what_the_client_attached_to_the_error():
    error = AtlasApiError(400, 'ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED', detail='Not enabled.', method='POST',
                          path='/api/atlas/v2/groups/%s/encryptionAtRest/AWS/privateEndpoints' % GROUP)
    error.credential = 'the API key with public key ro-key'
    atlas = FakeAtlas(dict(DEFAULT_ARGS))
    explained_error = explained(error, atlas, 'AWS', 'US_EAST_1')
    assert explained_error.credential == error.credential and explained_error.to_result() == error.to_result()
    assert str(explained_error).startswith('Project %s does not require private networking' % GROUP)
    assert str(explained_error).endswith(str(error))


def test_a_permission_refusal_is_left_to_the_clients_advice():
    error = AtlasApiError(401, 'USER_UNAUTHORIZED', detail='Current user is not authorized.', method='GET',
                          path='/api/atlas/v2/groups/%s/encryptionAtRest/AWS/privateEndpoints' % GROUP)
    assert explained(error, FakeAtlas(dict(DEFAULT_ARGS)), 'AWS') is error
    assert 'needs Project Owner on project %s' % GROUP in str(error)


def test_unrelated_errors_are_left_as_atlas_said(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, status=401, json=error(401, 'UNAUTHORIZED', 'Bad credentials.'))
    run_module(AWS)
    result = result_of(capsys)
    assert result['msg'].startswith('Atlas API 401 UNAUTHORIZED')


def test_delete_refused_while_initiating_is_retried(atlas, capsys):
    item_url = AWS_URL + '/' + ID
    blocked = error(400, 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
                    'Failed to delete Encryption at Rest Private endpoint with id [%s] during IN_PROGRESS state.' % ID)
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ITEM))
    atlas.add(responses.DELETE, item_url, status=400, json=blocked)
    atlas.add(responses.DELETE, item_url, status=204)
    run_module(dict(AWS, state='absent', wait_timeout=60))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint'] == {}
    assert 'retrying the deletion' in warnings_of(result)
    assert methods(atlas) == [('GET', AWS_URL), ('DELETE', item_url), ('DELETE', item_url)]


def test_delete_with_wait_until_gone_follows_the_id(atlas, capsys):
    item_url = AWS_URL + '/' + ID
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ACTIVE))
    atlas.add(responses.DELETE, item_url, status=204)
    atlas.add(responses.GET, item_url, json=dict(AWS_ACTIVE, status='DELETING'))
    atlas.add(responses.GET, item_url, status=404, json=error(404, 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND'))
    run_module(dict(AWS, state='absent', wait=True, wait_timeout=60), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['diff']['before']['id'] == ID
    assert methods(atlas) == [('GET', AWS_URL), ('DELETE', item_url), ('GET', item_url), ('GET', item_url)]


def test_absent_deletes_an_endpoint_being_recreated(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(RECREATING))
    atlas.add(responses.DELETE, AZURE_URL + '/' + ID, status=204)
    run_module(dict(AZURE, state='absent'))
    assert result_of(capsys)['changed'] is True
    assert writes(atlas) == [('DELETE', AZURE_URL + '/' + ID)]


@pytest.mark.parametrize('items', [[OTHER_REGION], [dict(AWS_ACTIVE, status='DELETING')]])
def test_absent_is_unchanged_when_gone_or_leaving(atlas, capsys, items):
    atlas.add(responses.GET, AWS_URL, json=page(*items))
    run_module(dict(AWS, state='absent'))
    assert result_of(capsys)['changed'] is False
    assert methods(atlas) == [('GET', AWS_URL)]


def test_check_mode_delete_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ACTIVE))
    run_module(dict(AWS, state='absent', wait=True), check_mode=True)
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', AWS_URL)]


@pytest.mark.parametrize('options,option', [
    (dict(AWS, region_name='MOON_1'), 'region_name'),
    (dict(AWS, key_vault_name='kv'), 'key_vault_name'),
    (dict(AZURE, wait=True, wait_timeout=-1), 'wait_timeout'),
    (dict(AWS, project_id='x'), 'project_id'),
])
def test_invalid_input_sends_nothing(atlas, capsys, options, option):
    run_module(options)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0


# -- info -----------------------------------------------------------------------------------------

def test_info_lists_both_providers(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, json=page(AWS_ACTIVE, OTHER_REGION))
    atlas.add(responses.GET, AZURE_URL, json=page(AZURE_PENDING))
    run_info({})
    result = result_of(capsys)
    assert result['changed'] is False
    assert [endpoint['region_name'] for endpoint in result['endpoints']] == ['US_EAST_1', 'EU_WEST_1', 'US_EAST_2']
    assert methods(atlas) == [('GET', AWS_URL), ('GET', AZURE_URL)]


def test_info_by_region_whatever_the_id(atlas, capsys):
    atlas.add(responses.GET, AZURE_URL, json=page(SUCCESSOR_PENDING))
    run_info({'cloud_provider': 'AZURE', 'region_name': 'US_EAST_2'})
    assert [endpoint['id'] for endpoint in result_of(capsys)['endpoints']] == [NEW_ID]
    assert methods(atlas) == [('GET', AZURE_URL)]


def test_info_by_id_and_unknown_id(atlas, capsys):
    atlas.add(responses.GET, AWS_URL + '/' + ID, json=AWS_ACTIVE)
    run_info({'cloud_provider': 'AWS', 'id': ID})
    assert [endpoint['id'] for endpoint in result_of(capsys)['endpoints']] == [ID]
    atlas.add(responses.GET, AWS_URL + '/' + NEW_ID, status=404, json=error(404, 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND'))
    run_info({'cloud_provider': 'AWS', 'id': NEW_ID})
    assert result_of(capsys)['endpoints'] == []


def test_info_unknown_project_fails_even_for_one_id(atlas, capsys):
    atlas.add(responses.GET, AWS_URL + '/' + ID, status=404,
              json=error(404, 'GROUP_NOT_FOUND', 'No group with ID %s exists.' % GROUP))
    run_info({'cloud_provider': 'AWS', 'id': ID})
    result = result_of(capsys)
    assert result['failed'] is True and result['msg'].startswith('Atlas API 404 GROUP_NOT_FOUND')


def test_info_without_project_owner_names_the_role(atlas, capsys):
    atlas.add(responses.GET, AWS_URL, status=401, json=error(401, 'USER_UNAUTHORIZED'))
    run_info({}, defaults=dict(DEFAULT_ARGS, public_key='ro-key', private_key='ro-secret-9f1c'))
    result = result_of(capsys)
    assert result['failed'] is True and 'Project Owner' in result['msg']
    assert "'ro-key'" in result['msg'] and 'ro-secret-9f1c' not in json.dumps(result)


def test_info_invalid_input_sends_nothing(atlas, capsys):
    run_info({'id': ID})
    result = result_of(capsys)
    assert result['failed'] is True and "option 'cloud_provider'" in result['msg']
    assert len(atlas.calls) == 0
