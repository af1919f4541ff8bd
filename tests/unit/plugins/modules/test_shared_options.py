# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options every module shares: which credential a task uses (issue 11.3), base_url (issues
11.4, 11.7), and what an ``_info`` module makes of a 404 (issue 11.4). Module runs against Atlas
mocked with ``responses``."""

from __future__ import annotations

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import (
    CredentialError,
    resolve_credentials,
)
from ansible_collections.atlasops.networking.plugins.module_utils._validators import atlas_base_url
from ansible_collections.atlasops.networking.plugins.modules import (
    access_list_info,
    backup_private_endpoint_info,
    data_federation_private_endpoint_info,
    encryption_at_rest_private_endpoint_info,
    network_container,
    network_container_info,
    network_peering_info,
    stream_privatelink_info,
)
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, page, result_of, run_main,
)

ENV_SERVICE_ACCOUNT = {'MONGODB_ATLAS_CLIENT_ID': 'env-client', 'MONGODB_ATLAS_CLIENT_SECRET': 'env-secret-3c1d'}
ENV_API_KEY = {'MONGODB_ATLAS_PUBLIC_API_KEY': 'env-public', 'MONGODB_ATLAS_PRIVATE_API_KEY': 'env-private-77ab'}
TASK_API_KEY = {'public_key': 'task-public', 'private_key': 'task-private-5e2f'}
TASK_SERVICE_ACCOUNT = {'client_id': 'task-client', 'client_secret': 'task-secret-9a0b'}
NO_CREDENTIALS = dict.fromkeys(('public_key', 'private_key', 'client_id', 'client_secret'))


def params(**values):
    return dict(NO_CREDENTIALS, **values)


# -- the rule (issue 11.3) ------------------------------------------------------------------------

@pytest.mark.parametrize('task, environ, expected', [
    # a stray half pair in the environment does not spoil an explicit pair
    (TASK_API_KEY, {'MONGODB_ATLAS_CLIENT_ID': 'stray'}, ('api_key', 'task-public', 'task-private-5e2f')),
    # a whole service account in the environment does not beat an explicit API key
    (TASK_API_KEY, ENV_SERVICE_ACCOUNT, ('api_key', 'task-public', 'task-private-5e2f')),
    # nor a whole API key in the environment an explicit service account
    (TASK_SERVICE_ACCOUNT, ENV_API_KEY, ('service_account', 'task-client', 'task-secret-9a0b')),
    # the environment fills in the other half of the pair the task picked
    ({'public_key': 'task-public'}, dict(ENV_API_KEY, **ENV_SERVICE_ACCOUNT), ('api_key', 'task-public', 'env-private-77ab')),
    ({'client_secret': 'task-secret'}, ENV_SERVICE_ACCOUNT, ('service_account', 'env-client', 'task-secret')),
    # both pairs explicit: the service account wins (documented)
    (dict(TASK_API_KEY, **TASK_SERVICE_ACCOUNT), {}, ('service_account', 'task-client', 'task-secret-9a0b')),
    # nothing explicit: the environment, the service account first
    ({}, dict(ENV_API_KEY, **ENV_SERVICE_ACCOUNT), ('service_account', 'env-client', 'env-secret-3c1d')),
    ({}, ENV_API_KEY, ('api_key', 'env-public', 'env-private-77ab')),
    ({}, {'MONGODB_ATLAS_PUBLIC_KEY': 'old-name', 'MONGODB_ATLAS_PRIVATE_KEY': 'old-private'},
     ('api_key', 'old-name', 'old-private')),
    # empty values are not set (AWX injects the unused pair empty)
    (dict(TASK_API_KEY, client_id='', client_secret=''), {'MONGODB_ATLAS_CLIENT_ID': ''}, ('api_key', 'task-public', 'task-private-5e2f')),
])
def test_what_the_task_sets_beats_the_environment(task, environ, expected):
    assert resolve_credentials(params(**task), environ) == expected


@pytest.mark.parametrize('task, environ, words', [
    ({'public_key': 'task-public'}, ENV_SERVICE_ACCOUNT,
     "option 'private_key' is missing: an API key needs both public_key and private_key, but only public_key is "
     "given (set in the task or module_defaults). Set private_key or env MONGODB_ATLAS_PRIVATE_API_KEY or "
     "MONGODB_ATLAS_PRIVATE_KEY"),
    ({}, {'MONGODB_ATLAS_CLIENT_ID': 'stray'},
     "option 'client_secret' is missing: a service account needs both client_id and client_secret, but only "
     "client_id is given (from env MONGODB_ATLAS_CLIENT_ID)"),
    # a half pair is never silently replaced by the other pair
    ({}, dict(ENV_API_KEY, MONGODB_ATLAS_CLIENT_ID='stray'),
     "option 'client_secret' is missing: a service account needs both client_id and client_secret"),
    (dict(TASK_API_KEY, client_id='task-client'), {},
     "option 'client_secret' is missing: a service account needs both client_id and client_secret, but only "
     "client_id is given (set in the task or module_defaults)"),
    ({}, {}, 'No Atlas credentials were given.'),
])
def test_an_incomplete_credential_names_the_missing_option(task, environ, words):
    with pytest.raises(CredentialError) as caught:
        resolve_credentials(params(**task), environ)
    assert str(caught.value).startswith(words)


@pytest.fixture
def clean_environment(monkeypatch):
    for name in ('MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET', 'MONGODB_ATLAS_PUBLIC_API_KEY',
                 'MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_PUBLIC_KEY', 'MONGODB_ATLAS_PRIVATE_KEY'):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_module_uses_the_explicit_key_despite_a_service_account_in_the_environment(atlas, capsys, clean_environment):
    for name, value in ENV_SERVICE_ACCOUNT.items():
        clean_environment.setenv(name, value)
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s/containers/all' % GROUP, json=page())

    run_main(network_container_info.main, {}, defaults=dict(base_url=BASE, project_id=GROUP, **TASK_API_KEY))

    assert result_of(capsys)['containers'] == []
    assert [call.request.url for call in atlas.calls if 'oauth' in call.request.url] == []


def test_a_secret_from_the_environment_is_masked_in_the_result(atlas, capsys, clean_environment):
    clean_environment.setenv('MONGODB_ATLAS_PUBLIC_API_KEY', 'env-public')
    clean_environment.setenv('MONGODB_ATLAS_PRIVATE_API_KEY', 'env-private-77ab')
    # Atlas echoing the secret back (it never does) must not show it
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s/containers/all' % GROUP,
              json=page({'id': 'a' * 24, 'providerName': 'AWS', 'regionName': 'env-private-77ab'}))

    run_main(network_container_info.main, {}, defaults=dict(base_url=BASE, project_id=GROUP))

    output = capsys.readouterr().out
    assert 'env-private-77ab' not in output and 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in output


# -- base_url (issues 11.4, 11.7) ---------------------------------------------------------------------

@pytest.mark.parametrize('given, expected', [
    ('https://cloud.mongodb.com', 'https://cloud.mongodb.com'),
    ('https://cloud.mongodb.com/', 'https://cloud.mongodb.com'),
    ('https://cloud.mongodb.com/api/atlas/v2', 'https://cloud.mongodb.com'),
    ('https://cloud.mongodb.com/api/atlas/v2/', 'https://cloud.mongodb.com'),
    ('HTTPS://cloud.mongodb.com', 'https://cloud.mongodb.com'),
    ('http://127.0.0.1:8080', 'http://127.0.0.1:8080'),
    ('https://gateway.example.test/atlas/api/atlas/v2', 'https://gateway.example.test/atlas'),
])
def test_base_url_is_accepted_with_or_without_the_api_path(given, expected):
    assert atlas_base_url(given) == expected


@pytest.mark.parametrize('given, words', [
    ('cloud.mongodb.com', 'is not an http(s) URL: it must start with https://'),
    ('127.0.0.1:8080', 'is not an http(s) URL'),
    ('ftp://cloud.mongodb.com', 'is not an http(s) URL'),
    ('https://', 'is not an http(s) URL'),
    ('https://cloud.mongodb.com:port', 'has an invalid port'),
    ('https://cloud.mongodb.com/api/atlas/v1.0', 'points into the API'),
    ('https://cloud.mongodb.com/api/atlas/v2/groups', 'points into the API'),
    ('https://cloud.mongodb.com?x=1', 'must not have a query'),
])
def test_a_bad_base_url_is_refused_with_the_rule(given, words):
    with pytest.raises(ValueError) as caught:
        atlas_base_url(given)
    assert words in str(caught.value)


def test_a_password_in_base_url_is_refused_without_showing_it():
    with pytest.raises(ValueError) as caught:
        atlas_base_url('https://user:hunter2@cloud.mongodb.com')
    assert 'hunter2' not in str(caught.value) and 'user name or password' in str(caught.value)


def test_a_base_url_without_a_scheme_fails_before_any_request(atlas, capsys):
    run_main(network_container.main, dict(provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21',
                                          base_url='cloud.mongodb.com'))
    result = result_of(capsys)
    assert result['failed'] is True
    assert result['msg'].startswith("option 'base_url': 'cloud.mongodb.com' is not an http(s) URL")
    assert len(atlas.calls) == 0


def test_the_api_path_in_base_url_is_not_sent_twice(atlas, capsys):
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s/containers/all' % GROUP, json=page())
    run_main(network_container_info.main, dict(base_url=BASE + '/api/atlas/v2'))
    assert result_of(capsys)['containers'] == []
    assert [call.request.url.split('?')[0] for call in atlas.calls] == [
        BASE + '/api/atlas/v2/groups/%s/containers/all' % GROUP]


# -- _info modules: a 404 on a list fails; only the one requested id may be missing (issue 11.4) -----

NOT_FOUND = {'error': 404, 'errorCode': 'RESOURCE_NOT_FOUND', 'reason': 'Not Found', 'detail': 'Cannot find resource.'}
LISTS = [
    (network_container_info, {}, '/containers/all'),
    (network_peering_info, {}, '/peers'),
    (access_list_info, {}, '/accessList'),
    (backup_private_endpoint_info, {}, '/backup/AWS/privateEndpoints'),
    (stream_privatelink_info, {}, '/streams/privateLinkConnections'),
    (data_federation_private_endpoint_info, {}, '/privateNetworkSettings/endpointIds'),
    (encryption_at_rest_private_endpoint_info, {'cloud_provider': 'AWS'}, '/encryptionAtRest/AWS/privateEndpoints'),
]
ONE_ID = [
    (network_peering_info, '/peers/', {'errorCode': 'PEER_NOT_FOUND'}, 'peerings'),
    (backup_private_endpoint_info, '/backup/AWS/privateEndpoints/', {'errorCode': 'OBJECT_STORAGE_PRIVATE_ENDPOINT_NOT_FOUND'},
     'endpoints'),
    (stream_privatelink_info, '/streams/privateLinkConnections/', {'errorCode': 'STREAM_PRIVATE_LINK_NOT_FOUND'},
     'connections'),
]


@pytest.mark.parametrize('module, options, path', LISTS, ids=[entry[0].__name__.split('.')[-1] for entry in LISTS])
def test_a_404_on_a_list_fails_the_task(atlas, capsys, module, options, path):
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s%s' % (GROUP, path), status=404, json=NOT_FOUND)
    run_main(module.main, options)
    result = result_of(capsys)
    assert result['failed'] is True
    assert result['msg'].startswith('Atlas API 404 RESOURCE_NOT_FOUND')


@pytest.mark.parametrize('module, path, error, key', ONE_ID, ids=[entry[0].__name__.split('.')[-1] for entry in ONE_ID])
def test_a_404_for_the_one_requested_id_is_an_empty_list(atlas, capsys, module, path, error, key):
    item_id = 'b' * 24
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s%s%s' % (GROUP, path, item_id), status=404,
              json=dict(NOT_FOUND, **error))
    run_main(module.main, {'id': item_id})
    result = result_of(capsys)
    assert 'failed' not in result, result
    assert result[key] == []


@pytest.mark.parametrize('module, path, error, key', ONE_ID, ids=[entry[0].__name__.split('.')[-1] for entry in ONE_ID])
def test_a_404_for_the_project_fails_even_for_one_id(atlas, capsys, module, path, error, key):
    item_id = 'b' * 24
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s%s%s' % (GROUP, path, item_id), status=404,
              json=dict(NOT_FOUND, errorCode='GROUP_NOT_FOUND', detail='No group with ID %s exists.' % GROUP))
    run_main(module.main, {'id': item_id})
    assert result_of(capsys)['failed'] is True
