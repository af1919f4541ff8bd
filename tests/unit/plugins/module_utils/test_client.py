# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of the Atlas client with HTTP mocked by the ``responses`` library."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import stat

import pytest
import requests
import responses
import urllib3

from ansible_collections.atlasops.networking.plugins.module_utils._auth import (
    ServiceAccountAuth,
    TokenCache,
    digest_auth,
)
from ansible_collections.atlasops.networking.plugins.module_utils._client import AtlasClient, deprecation_warning
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    AtlasApiError,
    AtlasConnectionError,
    AtlasOutcomeUnknownError,
    required_role,
)
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import (
    ACCESS_LIST,
    BACKUP_PRIVATE_ENDPOINTS,
    PEERS,
    STREAM_PRIVATE_LINKS,
)

BASE = 'https://atlas.example.test'
GROUP = '0123456789abcdef01234567'
PRIVATE_KEY = 'private-key-never-shown-3f9a'
CLIENT_SECRET = 'mdb_sa_sk_never-shown-77c1'
PEERS_URL = BASE + PEERS.collection(group_id=GROUP)
BACKUP_URL = BASE + BACKUP_PRIVATE_ENDPOINTS.collection(group_id=GROUP, cloud_provider='AWS')


class Recorder(object):
    """Collects warnings and sleeps instead of sleeping."""

    def __init__(self):
        self.warnings = []
        self.sleeps = []

    def warn(self, message):
        self.warnings.append(message)

    def sleep(self, seconds):
        self.sleeps.append(seconds)


@pytest.fixture
def recorder():
    return Recorder()


def make_client(recorder, auth=None, **kwargs):
    client = AtlasClient(BASE, auth=auth, warn=recorder.warn, sleep=recorder.sleep, **kwargs)
    return client


def service_account_client(recorder, tmp_path, **kwargs):
    client = make_client(recorder, **kwargs)
    cache = TokenCache(str(tmp_path / 'tokens'), BASE, 'mdb_sa_id_test')
    client.session.auth = client.auth = ServiceAccountAuth(BASE, 'mdb_sa_id_test', CLIENT_SECRET,
                                                           client.fetch_token, cache)
    return client


def add_token_endpoint(tokens, expires_in=3600):
    """Serve the given access tokens one per call from the mocked token endpoint."""
    remaining = list(tokens)

    def reply(request):
        assert request.headers['Authorization'].startswith('Basic ')
        assert request.body == 'grant_type=client_credentials'
        return 200, {}, json.dumps({'access_token': remaining.pop(0), 'expires_in': expires_in, 'token_type': 'Bearer'})
    responses.add_callback(responses.POST, BASE + '/api/oauth/token', callback=reply)


# -- authentication ------------------------------------------------------------------------

@responses.activate
def test_digest_flow_answers_the_challenge_without_sending_the_private_key(recorder):
    challenge = 'Digest realm="MMS Public API", domain="", nonce="abc123", algorithm=MD5, qop="auth", stale=false'
    responses.add(responses.GET, PEERS_URL, status=401, headers={'WWW-Authenticate': challenge},
                  json={'error': 401, 'errorCode': 'UNEXPECTED_ERROR', 'reason': 'Unauthorized'})
    responses.add(responses.GET, PEERS_URL, json={'results': [], 'totalCount': 0})
    client = make_client(recorder, auth=digest_auth('public', PRIVATE_KEY))
    client.session.auth = client.auth

    assert client.get(PEERS.collection(group_id=GROUP), '2023-01-01') == {'results': [], 'totalCount': 0}

    answered = responses.calls[1].request.headers['Authorization']
    assert answered.startswith('Digest ')
    assert 'username="public"' in answered
    assert re.search(r'qop="?auth"?', answered)
    assert PRIVATE_KEY not in answered


@responses.activate
def test_wrong_api_key_fails_at_once_without_retries(recorder):
    challenge = 'Digest realm="MMS Public API", nonce="n", algorithm=MD5, qop="auth"'
    body = {'error': 401, 'errorCode': 'UNEXPECTED_ERROR', 'reason': 'Unauthorized',
            'detail': 'You are not authorized for this resource.'}
    responses.add(responses.GET, PEERS_URL, status=401, headers={'WWW-Authenticate': challenge}, json=body)
    client = make_client(recorder, auth=digest_auth('public', PRIVATE_KEY))
    client.session.auth = client.auth

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')

    assert caught.value.status == 401
    assert 'You are not authorized' in str(caught.value)
    assert len(responses.calls) == 2  # the challenge and one answer: no retry storm
    assert recorder.sleeps == []


@responses.activate
def test_bearer_token_is_fetched_once_and_shared_through_the_cache(recorder, tmp_path):
    add_token_endpoint(['token-one'])
    responses.add(responses.GET, PEERS_URL, json={'results': []})
    responses.add(responses.GET, PEERS_URL, json={'results': []})

    first = service_account_client(recorder, tmp_path)
    first.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    second = service_account_client(recorder, tmp_path)  # a later task: a new process, same user
    second.get(PEERS.collection(group_id=GROUP), '2023-01-01')

    token_calls = [call for call in responses.calls if call.request.url.endswith('/api/oauth/token')]
    assert len(token_calls) == 1
    api_calls = [call for call in responses.calls if 'groups' in call.request.url]
    assert all(call.request.headers['Authorization'] == 'Bearer token-one' for call in api_calls)


def test_token_cache_file_is_private_and_holds_no_secret(tmp_path):
    cache = TokenCache(str(tmp_path / 'tokens'), BASE, 'mdb_sa_id_test')
    cache.write('the-token', 3600)

    mode = stat.S_IMODE(os.stat(cache.path).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / 'tokens')).st_mode) == 0o700
    with open(cache.path) as handle:
        content = handle.read()
    assert CLIENT_SECRET not in content and 'the-token' in content
    assert cache.read() == 'the-token'


def test_token_cache_expires_before_the_token_does(tmp_path):
    cache = TokenCache(str(tmp_path), BASE, 'id')
    cache.write('short-lived', expires_in=60, now=1000.0)
    assert cache.read(now=1000.0) is None  # less than the safety margin left


def test_token_cache_is_keyed_by_base_url_and_client(tmp_path):
    one = TokenCache(str(tmp_path), BASE, 'client-a')
    other_client = TokenCache(str(tmp_path), BASE, 'client-b')
    other_site = TokenCache(str(tmp_path), 'https://elsewhere.test', 'client-a')
    one.write('a-token', 3600)
    assert other_client.read() is None and other_site.read() is None


@responses.activate
def test_expired_token_is_refreshed_once(recorder, tmp_path):
    add_token_endpoint(['stale-token', 'fresh-token'])
    responses.add(responses.GET, PEERS_URL, status=401, json={'error': 401, 'errorCode': 'UNAUTHORIZED'})
    responses.add(responses.GET, PEERS_URL, json={'results': []})
    client = service_account_client(recorder, tmp_path)

    assert client.get(PEERS.collection(group_id=GROUP), '2023-01-01') == {'results': []}

    api_calls = [call for call in responses.calls if 'groups' in call.request.url]
    assert [call.request.headers['Authorization'] for call in api_calls] == ['Bearer stale-token', 'Bearer fresh-token']
    assert TokenCache(str(tmp_path / 'tokens'), BASE, 'mdb_sa_id_test').read() == 'fresh-token'


@responses.activate
def test_a_second_401_after_refresh_fails(recorder, tmp_path):
    add_token_endpoint(['t1', 't2'])
    responses.add(responses.GET, PEERS_URL, status=401, json={'error': 401, 'errorCode': 'UNAUTHORIZED'})
    responses.add(responses.GET, PEERS_URL, status=401, json={'error': 401, 'errorCode': 'UNAUTHORIZED'})
    client = service_account_client(recorder, tmp_path)

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert caught.value.status == 401
    assert len([c for c in responses.calls if 'groups' in c.request.url]) == 2


@responses.activate
def test_invalid_service_account_names_the_oauth_error_without_the_secret(recorder, tmp_path):
    responses.add(responses.POST, BASE + '/api/oauth/token', status=401,
                  json={'error': 'invalid_client', 'error_description': 'Invalid credentials provided.'})
    client = service_account_client(recorder, tmp_path)

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    message = str(caught.value)
    assert 'invalid_client' in message and 'Invalid credentials provided.' in message
    assert CLIENT_SECRET not in message and CLIENT_SECRET not in repr(client.auth)
    assert "Atlas did not accept the service account with client id 'mdb_sa_id_test': check that client_secret " \
           "is a current secret" in message


# -- versioned media types -----------------------------------------------------------------

@pytest.mark.parametrize('method, resource, operation, expected', [
    ('GET', PEERS, 'list', '2023-01-01'),
    ('POST', ACCESS_LIST, 'create', '2023-01-01'),
    ('GET', STREAM_PRIVATE_LINKS, 'list', '2023-02-01'),
    ('POST', STREAM_PRIVATE_LINKS, 'create', '2023-02-01'),
    ('PATCH', STREAM_PRIVATE_LINKS, 'update', '2025-03-12'),
    ('DELETE', STREAM_PRIVATE_LINKS, 'delete', '2023-02-01'),
    ('GET', BACKUP_PRIVATE_ENDPOINTS, 'list', '2024-11-13'),
])
@responses.activate
def test_each_operation_sends_its_own_media_type_version(recorder, method, resource, operation, expected):
    path = resource.collection(group_id=GROUP, cloud_provider='AWS')
    responses.add(method, BASE + path, json={})
    client = make_client(recorder)
    body = {'x': 1} if method in ('POST', 'PATCH') else None

    client.request(method, path, resource.version(operation), body=body)

    sent = responses.calls[0].request.headers
    assert sent['Accept'] == 'application/vnd.atlas.%s+json' % expected
    if body is None:
        assert 'Content-Type' not in sent
    else:
        assert sent['Content-Type'] == 'application/vnd.atlas.%s+json' % expected
    assert re.match(r'^atlasops\.networking/\d+\.\d+\.\d+ ', sent['User-Agent'])


def test_user_agent_version_matches_galaxy_yml():
    from ansible_collections.atlasops.networking.plugins.module_utils._client import COLLECTION_VERSION
    galaxy = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'galaxy.yml')
    with open(galaxy) as handle:
        assert re.search(r'^version: %s$' % re.escape(COLLECTION_VERSION), handle.read(), re.M)


# -- retries -------------------------------------------------------------------------------

@responses.activate
def test_429_is_retried_after_the_retry_after_delay_with_a_warning(recorder):
    responses.add(responses.GET, PEERS_URL, status=429, headers={'Retry-After': '3'},
                  json={'error': 429, 'errorCode': 'RATE_LIMITED_TOKEN_BUCKET'})
    responses.add(responses.GET, PEERS_URL, json={'results': ['ok']})
    client = make_client(recorder)

    assert client.get(PEERS.collection(group_id=GROUP), '2023-01-01') == {'results': ['ok']}
    assert recorder.sleeps == [3.0]
    assert len(recorder.warnings) == 1 and 'HTTP 429' in recorder.warnings[0]


@pytest.mark.parametrize('status', [500, 502, 503, 504])
@responses.activate
def test_server_errors_on_get_are_retried_with_backoff(recorder, status):
    responses.add(responses.GET, PEERS_URL, status=status, json={'error': status, 'errorCode': 'UNEXPECTED_ERROR'})
    responses.add(responses.GET, PEERS_URL, json={'results': []})
    client = make_client(recorder)

    client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert len(responses.calls) == 2 and len(recorder.sleeps) == 1


@responses.activate
def test_retries_are_bounded_in_count(recorder):
    for _attempt in range(10):
        responses.add(responses.GET, PEERS_URL, status=503, json={'error': 503, 'errorCode': 'SERVICE_UNAVAILABLE'})
    client = make_client(recorder, max_retries=2)

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert caught.value.status == 503
    assert len(responses.calls) == 3


@responses.activate
def test_retries_are_bounded_in_time(recorder):
    responses.add(responses.GET, PEERS_URL, status=429, headers={'Retry-After': '50'}, json={'error': 429})
    client = make_client(recorder, max_retry_time=20)

    with pytest.raises(AtlasApiError):
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert len(responses.calls) == 1 and recorder.sleeps == []


@pytest.mark.parametrize('failure', [500, 502, 503, 504, requests.exceptions.ConnectionError('dropped'),
                                     requests.exceptions.ReadTimeout('slow')])
@responses.activate
def test_a_post_with_unknown_outcome_is_never_sent_again(recorder, failure):
    if isinstance(failure, int):
        responses.add(responses.POST, PEERS_URL, status=failure, json={'error': failure})
    else:
        responses.add(responses.POST, PEERS_URL, body=failure)
    responses.add(responses.POST, PEERS_URL, json={'id': 'would-be-a-duplicate'})
    client = make_client(recorder)

    with pytest.raises(AtlasOutcomeUnknownError):
        client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {'vpcId': 'vpc-1'})
    assert len(responses.calls) == 1


@responses.activate
def test_a_rate_limited_post_is_sent_again(recorder):
    responses.add(responses.POST, PEERS_URL, status=429, headers={'Retry-After': '1'}, json={'error': 429})
    responses.add(responses.POST, PEERS_URL, json={'id': 'created'})
    client = make_client(recorder)

    assert client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {}) == {'id': 'created'}
    assert len(responses.calls) == 2


@responses.activate
def test_connection_failures_on_get_end_in_a_connection_error(recorder):
    for _attempt in range(3):
        responses.add(responses.GET, PEERS_URL, body=requests.exceptions.ConnectionError('refused'))
    client = make_client(recorder, max_retries=2)

    with pytest.raises(AtlasConnectionError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert 'connection failed' in str(caught.value)


# -- pagination ----------------------------------------------------------------------------

def add_pages(total):
    items = [{'id': '%024x' % number} for number in range(total)]

    def reply(request):
        query = dict(part.split('=') for part in request.url.split('?', 1)[1].split('&'))
        size, page = int(query['itemsPerPage']), int(query['pageNum'])
        chunk = items[(page - 1) * size:page * size]
        links = [{'rel': 'self', 'href': request.url}]
        if page * size < total:
            links.append({'rel': 'next', 'href': 'next'})
        return 200, {}, json.dumps({'results': chunk, 'totalCount': total, 'links': links})
    responses.add_callback(responses.GET, PEERS_URL, callback=reply)
    return items


@responses.activate
def test_pagination_walks_three_pages_of_500(recorder):
    items = add_pages(1200)
    client = make_client(recorder)

    assert client.list_all(PEERS.collection(group_id=GROUP), '2023-01-01') == items
    pages = [call.request.url for call in responses.calls]
    assert len(pages) == 3
    assert all('itemsPerPage=500' in url for url in pages)
    assert ['pageNum=%d' % n in url for n, url in zip((1, 2, 3), pages)] == [True, True, True]


@responses.activate
def test_find_stops_at_the_page_that_holds_the_item(recorder):
    items = add_pages(1200)
    client = make_client(recorder)

    found = client.find(PEERS.collection(group_id=GROUP), '2023-01-01', lambda item: item['id'] == items[10]['id'])
    assert found == items[10] and len(responses.calls) == 1

    missing = client.find(PEERS.collection(group_id=GROUP), '2023-01-01', lambda item: False)
    assert missing is None and len(responses.calls) == 1 + 3


@responses.activate
def test_an_exact_multiple_of_the_page_size_needs_no_extra_request(recorder):
    add_pages(500)
    client = make_client(recorder)
    assert len(client.list_all(PEERS.collection(group_id=GROUP), '2023-01-01')) == 500
    assert len(responses.calls) == 1


# -- errors --------------------------------------------------------------------------------

@responses.activate
def test_atlas_errors_keep_every_field(recorder):
    body = {'error': 400, 'errorCode': 'INVALID_ATTRIBUTE', 'reason': 'Bad Request',
            'detail': 'Invalid attribute vpcId specified.', 'parameters': ['vpcId'],
            'badRequestDetail': {'fields': [{'field': 'vpcId', 'description': 'must match pattern'}]}}
    responses.add(responses.POST, PEERS_URL, status=400, json=body)
    client = make_client(recorder)

    with pytest.raises(AtlasApiError) as caught:
        client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {})
    error = caught.value
    assert (error.status, error.error_code, error.reason, error.parameters) == (400, 'INVALID_ATTRIBUTE', 'Bad Request', ['vpcId'])
    assert str(error).startswith('Atlas API 400 INVALID_ATTRIBUTE: Invalid attribute vpcId specified.')
    assert 'vpcId: must match pattern' in str(error)
    assert error.to_result()['bad_request_fields'] == body['badRequestDetail']['fields']


@responses.activate
def test_error_code_falls_back_to_the_header(recorder):
    responses.add(responses.GET, PEERS_URL, status=404, body='not json', headers={'X-Error-Code': 'GROUP_NOT_FOUND'})
    client = make_client(recorder)
    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert caught.value.error_code == 'GROUP_NOT_FOUND'


@responses.activate
def test_secrets_never_reach_messages_or_warnings(recorder, tmp_path):
    responses.add(responses.POST, BASE + '/api/oauth/token', status=429, headers={'Retry-After': '1'}, json={})
    responses.add(responses.POST, BASE + '/api/oauth/token', json={'access_token': 'tok', 'expires_in': 3600})
    responses.add(responses.GET, PEERS_URL, status=500, json={'error': 500})
    responses.add(responses.GET, PEERS_URL, body=requests.exceptions.ConnectionError('reset by ' + CLIENT_SECRET))
    responses.add(responses.GET, PEERS_URL, status=403, json={'error': 403, 'errorCode': 'USER_UNAUTHORIZED'})
    client = service_account_client(recorder, tmp_path)

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    text = ' '.join(recorder.warnings) + str(caught.value) + repr(caught.value.to_result())
    assert CLIENT_SECRET not in text and 'tok' not in text.replace('token', '')


# -- refusals of a valid credential (issue 18.1, 18.2): never retried, the message says why ---------

PERMISSION_BODY = {'error': 401, 'errorCode': 'USER_UNAUTHORIZED', 'reason': 'Unauthorized',
                   'detail': 'Current user is not authorized to perform this action.'}


@pytest.mark.parametrize('status', [401, 403])
@responses.activate
def test_a_missing_role_on_a_bearer_call_fails_at_once_naming_the_role_and_the_client_id(recorder, tmp_path, status):
    add_token_endpoint(['valid-token', 'second-token'])
    responses.add(responses.POST, PEERS_URL, status=status, json=dict(PERMISSION_BODY, error=status))
    client = service_account_client(recorder, tmp_path)

    with pytest.raises(AtlasApiError) as caught:
        client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {'vpcId': 'vpc-1'})

    message = str(caught.value)
    assert "the service account with client id 'mdb_sa_id_test'" in message.lower()
    assert 'needs Project Network Access Manager or Project Owner on project %s' % GROUP in message
    assert 'nothing was retried' in message
    assert CLIENT_SECRET not in message and 'valid-token' not in message
    # one token, one POST: a role does not come with a new token
    assert [call.request.method for call in responses.calls] == ['POST', 'POST']
    assert recorder.sleeps == []


@responses.activate
def test_a_missing_role_with_an_api_key_names_the_public_key(recorder):
    responses.add(responses.GET, BACKUP_URL, status=401,
                  json=dict(PERMISSION_BODY, errorCode='NOT_IN_GROUP',
                            detail='The current user is not in the group, or the group does not exist.'))
    client = make_client(recorder, auth=digest_auth('ro-public', PRIVATE_KEY))

    with pytest.raises(AtlasApiError) as caught:
        client.get(BACKUP_PRIVATE_ENDPOINTS.collection(group_id=GROUP, cloud_provider='AWS'), '2024-11-13')

    message = str(caught.value)
    assert "The API key with public key 'ro-public' needs Project Owner on project %s" % GROUP in message
    assert PRIVATE_KEY not in message
    assert len(responses.calls) == 1


@pytest.mark.parametrize('method, path, role', [
    ('GET', '/api/atlas/v2/groups/G/peers', 'Project Read Only on project G'),
    ('DELETE', '/api/atlas/v2/groups/G/peers/P', 'Project Network Access Manager or Project Owner on project G'),
    ('POST', '/api/atlas/v2/groups/G/accessList', 'Project Network Access Manager or Project Owner on project G'),
    ('PATCH', '/api/atlas/v2/groups/G/containers/C', 'Project Owner on project G'),
    ('GET', '/api/atlas/v2/groups/G/containers/all', 'Project Read Only on project G'),
    ('GET', '/api/atlas/v2/groups/G/backup/AWS/privateEndpoints', 'Project Owner on project G'),
    ('GET', '/api/atlas/v2/groups/G/encryptionAtRest/AWS/privateEndpoints/E', 'Project Owner on project G'),
    ('GET', '/api/atlas/v2/groups/G/privateEndpoint/AWS/endpointService', 'Project Read Only on project G'),
    ('POST', '/api/atlas/v2/groups/G/privateEndpoint/endpointService', 'Project Owner on project G'),
    ('POST', '/api/atlas/v2/groups/G/streams/privateLinkConnections',
     'Project Stream Processing Manager, Organization Stream Processing Admin or Project Owner on project G'),
    ('GET', '/api/atlas/v2/groups/G', 'Project Read Only on project G'),
    ('GET', '/api/atlas/v2/orgs/O/groups', 'Organization Member on organization O'),
])
def test_required_role_follows_the_official_roles_requirements(method, path, role):
    assert required_role(method, path) == role


@responses.activate
def test_an_address_off_the_api_access_list_is_named_and_not_retried(recorder, tmp_path):
    add_token_endpoint(['token'])
    responses.add(responses.GET, PEERS_URL, status=403, json={
        'error': 403, 'errorCode': 'IP_ADDRESS_NOT_ON_ACCESS_LIST', 'reason': 'Forbidden',
        'detail': 'IP address 203.0.113.9 is not allowed to access this resource.', 'parameters': ['203.0.113.9']})
    client = service_account_client(recorder, tmp_path)

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')

    message = str(caught.value)
    assert "The controller's address as Atlas sees it, 203.0.113.9, is not on the API access list of the " \
           "organization of the service account with client id 'mdb_sa_id_test'" in message
    assert len([call for call in responses.calls if 'groups' in call.request.url]) == 1


@responses.activate
def test_a_401_without_a_role_code_still_refreshes_an_expired_token(recorder, tmp_path):
    add_token_endpoint(['stale', 'fresh'])
    responses.add(responses.GET, PEERS_URL, status=401, body='')  # Atlas sometimes sends no body at all
    responses.add(responses.GET, PEERS_URL, json={'results': []})
    client = service_account_client(recorder, tmp_path)

    assert client.get(PEERS.collection(group_id=GROUP), '2023-01-01') == {'results': []}


@responses.activate
def test_a_wrong_api_key_names_the_public_key_and_what_to_check(recorder):
    responses.add(responses.GET, PEERS_URL, status=401, json={'error': 401, 'errorCode': 'UNEXPECTED_ERROR',
                                                              'detail': 'You are not authorized for this resource.'})
    client = make_client(recorder, auth=digest_auth('my-public', PRIVATE_KEY))

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    message = str(caught.value)
    assert "Atlas did not accept the API key with public key 'my-public': check that private_key is the private " \
           "key of that public key" in message
    assert PRIVATE_KEY not in message


# -- maintenance (issue 18.5): refused before anything happened, so retried, POST included ----------

MAINTENANCE = {
    405: {'error': 405, 'errorCode': 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES', 'reason': 'Method Not Allowed',
          'detail': 'Create, update, and delete API endpoints are disabled while the system is being upgraded.'},
    503: {'error': 503, 'errorCode': 'SERVICE_UNAVAILABLE', 'reason': 'Service Unavailable',
          'detail': 'Service unavailable.'},
}


@pytest.mark.parametrize('status', [405, 503])
@pytest.mark.parametrize('retry_after', [None, '2'])
@responses.activate
def test_a_post_refused_for_maintenance_is_sent_again(recorder, status, retry_after):
    headers = {'Retry-After': retry_after} if retry_after else {}
    responses.add(responses.POST, PEERS_URL, status=status, headers=headers, json=MAINTENANCE[status])
    responses.add(responses.POST, PEERS_URL, json={'id': 'created'})
    client = make_client(recorder)

    assert client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {}) == {'id': 'created'}
    assert len(responses.calls) == 2
    if retry_after:
        assert recorder.sleeps == [2.0]
    assert 'HTTP %d %s' % (status, MAINTENANCE[status]['errorCode']) in recorder.warnings[0]


@pytest.mark.parametrize('status', [405, 503])
@responses.activate
def test_maintenance_that_outlasts_the_retries_fails_saying_nothing_changed(recorder, status):
    for _attempt in range(4):
        responses.add(responses.DELETE, PEERS_URL + '/p1', status=status, headers={'Retry-After': '1'},
                      json=MAINTENANCE[status])
    client = make_client(recorder, max_retries=3, clock=lambda: sum(recorder.sleeps))

    with pytest.raises(AtlasApiError) as caught:
        client.delete(PEERS.collection(group_id=GROUP) + '/p1', '2023-01-01')

    message = str(caught.value)
    assert len(responses.calls) == 4
    assert 'nothing changed' in message and 'Gave up after 3 retries in 3s' in message
    assert 'raise max_retries/max_retry_time' in message


@responses.activate
def test_a_405_that_is_not_maintenance_is_not_retried(recorder):
    responses.add(responses.POST, PEERS_URL, status=405, json={'error': 405, 'errorCode': 'METHOD_NOT_ALLOWED'})
    client = make_client(recorder)

    with pytest.raises(AtlasApiError):
        client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {})
    assert len(responses.calls) == 1


# -- version lifecycle (issue 18.4) ------------------------------------------------------------------

DEPRECATED = {'Deprecation': 'Mon, 5 Aug 2024 00:00:00 GMT', 'Sunset': 'Thu, 1 Jul 2027 00:00:00 GMT',
              'Content-Type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8'}


@responses.activate
def test_a_deprecated_version_warns_once_with_the_version_and_the_dates(recorder):
    for _attempt in range(3):
        responses.add(responses.GET, PEERS_URL, headers=DEPRECATED, json={'results': []})
    client = make_client(recorder)

    for _attempt in range(3):
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')

    assert recorder.warnings == [
        'Atlas marks version 2023-01-01 of its Administration API, which this release of atlasops.networking uses, '
        'as deprecated since 2024-08-05; Atlas stops serving it on 2027-07-01 (Sunset). A newer release of '
        'atlasops.networking uses a newer API version: upgrade the collection '
        '(ansible-galaxy collection install --upgrade atlasops.networking).']


def test_the_deprecation_warning_is_the_same_words_in_every_task_and_handles_every_date_form():
    # ansible-core shows a warning repeated by many tasks once per run: the words must not vary.
    first = deprecation_warning('2023-01-01', 'Mon, 5 Aug 2024 00:00:00 GMT', None)
    assert first == deprecation_warning('2023-01-01', 'Mon, 5 Aug 2024 00:00:00 GMT', None)
    assert 'since 2024-08-05' in first and 'has not announced a sunset date' in first
    assert 'since 2024-08-05' in deprecation_warning('2023-01-01', '@1722816000', None)
    assert 'since soon-ish' in deprecation_warning('2023-01-01', 'soon-ish', None)


@responses.activate
def test_a_gone_version_fails_saying_to_upgrade_the_collection(recorder):
    responses.add(responses.GET, PEERS_URL, status=410, json={
        'error': 410, 'errorCode': 'VERSION_GONE', 'reason': 'Gone',
        'detail': 'Version 2023-01-01 of this resource has been removed; its sunset date was 2027-07-01.'})
    client = make_client(recorder)

    with pytest.raises(AtlasApiError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert 'Atlas no longer serves API version 2023-01-01' in str(caught.value)
    assert 'upgrade the collection (ansible-galaxy collection install --upgrade atlasops.networking)' in str(caught.value)
    assert len(responses.calls) == 1


# -- connection failures name the host (issue 11.7) ----------------------------------------------------

def _refused():
    error = requests.exceptions.ConnectionError('outer')
    error.__cause__ = ConnectionRefusedError(111, 'Connection refused')
    return error


def _unknown_host():
    error = requests.exceptions.ConnectionError('outer')
    error.__context__ = socket.gaierror(socket.EAI_NONAME, 'Name or service not known')
    return error


@responses.activate
def test_a_refused_connection_names_the_host_and_port(recorder):
    for _attempt in range(3):
        responses.add(responses.GET, PEERS_URL, body=_refused())
    client = make_client(recorder, max_retries=2)

    with pytest.raises(AtlasConnectionError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert 'atlas.example.test:443 refused the connection' in str(caught.value)
    assert 'gave up after 2 retries' in str(caught.value)


@responses.activate
def test_a_host_name_dns_does_not_know_is_named_and_not_retried(recorder):
    responses.add(responses.GET, PEERS_URL, body=_unknown_host())
    client = make_client(recorder, max_retries=5)

    with pytest.raises(AtlasConnectionError) as caught:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert "cannot resolve the host name 'atlas.example.test' of base_url" in str(caught.value)
    assert len(responses.calls) == 1 and recorder.sleeps == []


@responses.activate
def test_a_dropped_connection_while_looking_up_a_lost_post_names_its_own_cause(recorder):
    """The soak (issue 18.7) showed "connection failed: host:port (AtlasOutcomeUnknownError)": the
    lookup after a lost POST named the error it was sent in the handling of, not its own cause."""
    def dropped(_request):  # as http.client, urllib3 and requests raise it: each while handling the one before
        try:
            try:
                raise http.client.RemoteDisconnected('Remote end closed connection without response')
            except http.client.RemoteDisconnected as error:
                raise urllib3.exceptions.ProtocolError('Connection aborted.', error)
        except urllib3.exceptions.ProtocolError as error:
            raise requests.exceptions.ConnectionError(error)

    responses.add_callback(responses.GET, PEERS_URL, callback=dropped)
    responses.add(responses.GET, PEERS_URL, json={'results': [], 'totalCount': 0})
    client = make_client(recorder, max_retries=2)

    try:
        raise AtlasOutcomeUnknownError('POST', PEERS.collection(group_id=GROUP), 'connection failed')
    except AtlasOutcomeUnknownError:
        client.get(PEERS.collection(group_id=GROUP), '2023-01-01')
    assert len(recorder.warnings) == 1 and '(RemoteDisconnected); retry 1 of 2' in recorder.warnings[0]


def test_the_client_takes_the_api_path_off_its_base_url(recorder):
    assert AtlasClient(BASE + '/api/atlas/v2/', auth=None).base_url == BASE


# -- the token endpoint: a token request creates nothing, so it is retried --------------------------

@responses.activate
def test_a_failing_token_endpoint_is_retried(recorder, tmp_path):
    responses.add(responses.POST, BASE + '/api/oauth/token', status=503, json={'error': 'server_error'})
    responses.add(responses.POST, BASE + '/api/oauth/token', body=requests.exceptions.ConnectionError('reset'))
    add_token_endpoint(['token'])
    responses.add(responses.POST, PEERS_URL, json={'id': 'created'})
    client = service_account_client(recorder, tmp_path)

    assert client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {}) == {'id': 'created'}
    assert len(recorder.warnings) == 2 and 'Atlas token endpoint /api/oauth/token: HTTP 503' in recorder.warnings[0]


@responses.activate
def test_an_unreachable_token_endpoint_fails_without_sending_the_write(recorder, tmp_path):
    for _attempt in range(3):
        responses.add(responses.POST, BASE + '/api/oauth/token', body=_refused())
    client = service_account_client(recorder, tmp_path, max_retries=2)

    with pytest.raises(AtlasConnectionError) as caught:  # not "outcome unknown": the POST was never sent
        client.post(PEERS.collection(group_id=GROUP), '2023-01-01', {})
    assert 'POST /api/oauth/token failed: connection failed: atlas.example.test:443 refused' in str(caught.value)
    assert [call.request.url for call in responses.calls] == [BASE + '/api/oauth/token'] * 3
