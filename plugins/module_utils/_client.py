# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""A small Atlas Administration API v2 client: versioned media types, retries, the one pager.

Retry policy, and why:
- 429, 500, 502, 503, 504 and connection failures are retried with exponential backoff and full
  jitter (``_waiter.Backoff``), honouring ``Retry-After``, bounded by ``max_retries`` and ``max_retry_time``.
- GET, PATCH (a full desired state, so repeatable) and DELETE are simply sent again.
- A POST is only re-sent after 429, which Atlas answers before doing anything. Any other failure
  leaves its outcome unknown (it may have created the resource), so the client raises
  AtlasOutcomeUnknownError and the caller looks the resource up before deciding to POST again.
- A 401 with a bearer token drops the token and retries once with a fresh one (expiry); any
  other 401 fails at once: wrong credentials do not get better by hammering Atlas.
"""

from __future__ import annotations

import json
import sys
import time

try:
    import requests
    HAS_REQUESTS = True
except ImportError:
    requests = None
    HAS_REQUESTS = False

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import media_type
from ansible_collections.atlasops.networking.plugins.module_utils._auth import ServiceAccountAuth
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    AtlasApiError,
    AtlasConnectionError,
    AtlasOutcomeUnknownError,
)
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import Backoff, Deadline

COLLECTION_VERSION = '0.1.0'
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
PAGE_SIZE = 500
RETRY_BACKOFF = Backoff(first=1.0, cap=30.0)


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
        deadline = Deadline(self.max_retry_time, self.clock)
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
                delay = RETRY_BACKOFF.delay(attempt)
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
                delay = RETRY_BACKOFF.delay(attempt, _retry_after(response))
                last_error = AtlasApiError.from_response(response, method, path)
            if attempt > self.max_retries or not deadline.allows(delay):
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
            if response.status_code != 429 or attempt > self.max_retries:
                return response
            delay = RETRY_BACKOFF.delay(attempt, _retry_after(response))
            self.warn('Atlas token endpoint is rate limited; retry %d of %d in %.1fs' % (
                attempt, self.max_retries, delay))
            self.sleep(delay)

    def _can_refresh_token(self, already_refreshed):
        return isinstance(self.auth, ServiceAccountAuth) and not already_refreshed

    # -- collections (the pager) -----------------------------------------------------------
    def iter_items(self, path, version, params=None):
        """Yield every item of a paginated list, fetching pages of 500 only as far as consumed."""
        page_number = 1
        while True:
            query = dict(params or {})
            query.update(itemsPerPage=PAGE_SIZE, pageNum=page_number)
            page = self.get(path, version, params=query) or {}
            if isinstance(page, list):  # a few Atlas lists are a bare array, never paginated
                yield from page
                return
            yield from page.get('results') or []
            if not has_more(page, page_number * PAGE_SIZE, PAGE_SIZE):
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


def has_more(page, items_read, page_size=None):
    """Whether Atlas has items beyond the first ``items_read`` of a list whose latest page is ``page``.

    A page shorter than the ``page_size`` asked for is the last one. Otherwise a ``next`` link says
    there is more; without one, ``totalCount`` decides; a page with neither is assumed to be followed
    by more, so a list is never cut short.
    """
    results = page.get('results') or []
    if page_size is not None and len(results) < page_size:
        return False
    links = page.get('links')
    if any(link.get('rel') == 'next' for link in links or []):
        return True
    total = page.get('totalCount')
    if total is not None:
        return items_read < total
    return links is None


def whole_list(answer):
    """The items of a write answered with page 1 of the list (access list, endpoint id lists), or None
    when that page may not hold the whole list (the caller then reads the list)."""
    if isinstance(answer, dict) and isinstance(answer.get('results'), list):
        results = answer['results']
        if not has_more(answer, len(results)):
            return results
    return None


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
