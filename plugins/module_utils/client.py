# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small Atlas Administration API v2 client: versioned media types, retries, pagination.

Retry policy, and why:
- 429, 500, 502, 503, 504 and connection failures are retried with exponential backoff and full
  jitter, honouring ``Retry-After``, bounded by ``max_retries`` and ``max_retry_time``.
- GET, PATCH (a full desired state, so repeatable) and DELETE are simply sent again.
- A POST is only re-sent after 429, which Atlas answers before doing anything. Any other failure
  leaves its outcome unknown (it may have created the resource), so the client raises
  AtlasOutcomeUnknownError and the caller looks the resource up before deciding to POST again.
- A 401 with a bearer token drops the token and retries once with a fresh one (expiry); any
  other 401 fails at once: wrong credentials do not get better by hammering Atlas.
"""

from __future__ import annotations

import json
import random
import sys
import time

try:
    import requests
    HAS_REQUESTS = True
except ImportError:
    requests = None
    HAS_REQUESTS = False

from ansible_collections.atlasops.networking.plugins.module_utils.auth import ServiceAccountAuth
from ansible_collections.atlasops.networking.plugins.module_utils.errors import (
    AtlasApiError,
    AtlasConnectionError,
    AtlasOutcomeUnknownError,
)
from ansible_collections.atlasops.networking.plugins.module_utils.operations import media_type

COLLECTION_VERSION = '0.1.0'
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
PAGE_SIZE = 500
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 30.0


def user_agent():
    try:
        from ansible.module_utils.ansible_release import __version__ as ansible_version
    except ImportError:  # pragma: no cover
        ansible_version = 'unknown'
    return 'atlasops.networking/%s (ansible-core %s; python %d.%d)' % (
        COLLECTION_VERSION, ansible_version, sys.version_info[0], sys.version_info[1])


class AtlasClient(object):

    def __init__(self, base_url, auth, request_timeout=30, validate_certs=True, max_retries=5,
                 max_retry_time=120, warn=None, session=None, sleep=time.sleep, clock=time.monotonic):
        self.base_url = base_url.rstrip('/')
        self.auth = auth
        self.request_timeout = request_timeout
        self.max_retries = max_retries
        self.max_retry_time = max_retry_time
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.clock = clock
        self.session = session or requests.Session()
        self.session.verify = validate_certs
        self.session.auth = auth
        self.session.headers['User-Agent'] = user_agent()
        self.requests_sent = 0

    # -- single requests -------------------------------------------------------------------
    def get(self, path, version, params=None):
        return self.request('GET', path, version, params=params)

    def post(self, path, version, body, params=None):
        return self.request('POST', path, version, params=params, body=body)

    def patch(self, path, version, body):
        return self.request('PATCH', path, version, body=body)

    def delete(self, path, version):
        return self.request('DELETE', path, version)

    def request(self, method, path, version, params=None, body=None):
        """Send one logical request, retrying as the module docstring explains; return the JSON body."""
        deadline = self.clock() + self.max_retry_time
        attempt = 0
        refreshed_token = False
        while True:
            attempt += 1
            try:
                response = self._send(method, path, version, params, body)
            except requests.exceptions.RequestException as error:
                failure = _describe_transport_error(error)
                if method == 'POST':
                    raise AtlasOutcomeUnknownError(method, path, failure)
                delay = self._backoff(attempt)
                last_error = AtlasConnectionError('%s %s failed: %s' % (method, path, failure))
            else:
                if response.status_code == 401 and self._can_refresh_token(refreshed_token):
                    refreshed_token = True
                    self.auth.invalidate()
                    continue
                if response.status_code < 400:
                    return _json_body(response)
                if response.status_code not in RETRYABLE_STATUSES:
                    raise AtlasApiError.from_response(response, method, path)
                if method == 'POST' and response.status_code != 429:
                    raise AtlasOutcomeUnknownError(method, path, 'HTTP %s' % response.status_code)
                failure = 'HTTP %s' % response.status_code
                delay = _retry_after(response)
                if delay is None:
                    delay = self._backoff(attempt)
                last_error = AtlasApiError.from_response(response, method, path)
            if attempt > self.max_retries or self.clock() + delay > deadline:
                raise last_error
            self.warn('Atlas API %s %s: %s; retry %d of %d in %.1fs' % (
                method, path, failure, attempt, self.max_retries, delay))
            self.sleep(delay)

    def _send(self, method, path, version, params, body):
        headers = {'Accept': media_type(version)}
        data = None
        if body is not None:
            headers['Content-Type'] = media_type(version)
            data = json.dumps(body)
        self.requests_sent += 1
        timeout = (min(10, self.request_timeout), self.request_timeout)
        return self.session.request(method, self.base_url + path, params=params, data=data,
                                    headers=headers, timeout=timeout)

    def fetch_token(self, url, basic_auth):
        """POST the client-credentials form to the token endpoint; 429 is retried like any request."""
        attempt = 0
        while True:
            attempt += 1
            response = self.session.post(
                url, auth=basic_auth, data={'grant_type': 'client_credentials'},
                headers={'Accept': 'application/json'},
                timeout=(min(10, self.request_timeout), self.request_timeout))
            self.requests_sent += 1
            if response.status_code != 429 or attempt > self.max_retries:
                return response
            delay = _retry_after(response)
            delay = self._backoff(attempt) if delay is None else delay
            self.warn('Atlas token endpoint is rate limited; retry %d of %d in %.1fs' % (
                attempt, self.max_retries, delay))
            self.sleep(delay)

    def _can_refresh_token(self, already_refreshed):
        return isinstance(self.auth, ServiceAccountAuth) and not already_refreshed

    @staticmethod
    def _backoff(attempt):
        return random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** attempt))

    # -- collections -----------------------------------------------------------------------
    def iter_items(self, path, version, params=None):
        """Yield every item of a paginated list, fetching pages of 500 only as far as consumed."""
        page_number = 1
        while True:
            query = dict(params or {})
            query.update(itemsPerPage=PAGE_SIZE, pageNum=page_number)
            page = self.get(path, version, params=query) or {}
            results = page.get('results') or []
            yield from results
            if not _has_next_page(page, results, page_number):
                return
            page_number += 1

    def list_all(self, path, version, params=None):
        return list(self.iter_items(path, version, params))

    def find(self, path, version, predicate, params=None):
        """Return the first item for which ``predicate`` is true, reading no further pages than needed."""
        for item in self.iter_items(path, version, params):
            if predicate(item):
                return item
        return None


def _has_next_page(page, results, page_number):
    if len(results) < PAGE_SIZE:
        return False
    links = page.get('links')
    if links is not None:
        return any(link.get('rel') == 'next' for link in links)
    total = page.get('totalCount')
    return total is None or page_number * PAGE_SIZE < total


def _json_body(response):
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise AtlasConnectionError('Atlas answered %s %s with a body that is not JSON.' % (
            response.status_code, response.request.path_url if response.request else ''))


def _retry_after(response):
    value = response.headers.get('Retry-After')
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _describe_transport_error(error):
    """Name the failure without echoing request details (headers may carry credentials)."""
    if isinstance(error, requests.exceptions.SSLError):
        return 'TLS error (%s); set validate_certs=false only for a trusted test endpoint' % type(error).__name__
    if isinstance(error, requests.exceptions.Timeout):
        return 'timed out'
    if isinstance(error, requests.exceptions.ConnectionError):
        return 'connection failed (%s)' % type(error).__name__
    return type(error).__name__
