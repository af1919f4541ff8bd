# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""A small Atlas Administration API v2 client: versioned media types, retries, the one pager.

Retry policy, and why:
- 429, 500, 502, 503, 504, 405 WRITES_NOT_ALLOWED_DURING_APP_UPGRADES and connection failures are
  retried with exponential backoff and full jitter (``_waiter.Backoff``), honouring ``Retry-After``,
  bounded by ``max_retries`` and ``max_retry_time``; then the task fails saying what happened.
- GET, PATCH (a full desired state, so repeatable) and DELETE are simply sent again.
- A POST is only re-sent after an answer saying Atlas did nothing: 429, 503 SERVICE_UNAVAILABLE
  and 405 WRITES_NOT_ALLOWED_DURING_APP_UPGRADES (maintenance refuses a request before it does
  anything). Any other failure leaves its outcome unknown (it may have created the resource), so
  the client raises AtlasOutcomeUnknownError and the caller looks the resource up before deciding
  to POST again.
- A 401 with a bearer token drops the token and retries once with a fresh one (expiry), unless
  Atlas says why it refused a valid credential (a missing role, the API access list). Any other
  401 or 403 fails at once, naming the credential: wrong credentials do not get better by
  hammering Atlas.
- A response with ``Deprecation``/``Sunset`` headers gives one warning per version, worded the same
  in every task (ansible-core shows a repeated warning once per run); 410 VERSION_GONE fails with
  "upgrade the collection".
"""

from __future__ import annotations

import json
import socket
import sys
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

try:
    import requests
    HAS_REQUESTS = True
except ImportError:
    requests = None
    HAS_REQUESTS = False

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import TOKEN_PATH, media_type
from ansible_collections.atlasops.networking.plugins.module_utils._auth import ServiceAccountAuth, describe_credential
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    COLLECTION_NAME,
    UPGRADE_HINT,
    AtlasApiError,
    AtlasConnectionError,
    AtlasError,
    AtlasOutcomeUnknownError,
    retries_words,
)
from ansible_collections.atlasops.networking.plugins.module_utils._validators import atlas_base_url
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import Backoff, Deadline

COLLECTION_VERSION = '0.1.0'
PAGE_SIZE = 500
TOKEN_RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
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
        self.base_url = atlas_base_url(base_url)
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
        self._deprecations_warned = set()

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
            except AtlasApiError as error:  # the token endpoint refused the service account
                raise self._attributed(error)
            except requests.exceptions.RequestException as error:
                failure, last_error = self._retryable_transport_failure(method, path, error)
                delay = RETRY_BACKOFF.delay(attempt)
            else:
                self._warn_if_deprecated(response, version)
                if response.status_code < 400:
                    return _json_body(response)
                last_error = self._attributed(AtlasApiError.from_response(response, method, path, version=version))
                if last_error.status == 401 and not last_error.is_refusal and self._can_refresh_token(refreshed_token):
                    refreshed_token = True  # an expired token: one more try with a new one
                    self.auth.invalidate()
                    continue
                _raise_unless_retryable(method, path, last_error)
                failure = 'HTTP %s %s' % (last_error.status, last_error.error_code)
                delay = RETRY_BACKOFF.delay(attempt, _retry_after(response))
            if attempt > self.max_retries or not deadline.allows(delay):
                raise _gave_up(last_error, attempt - 1, self.max_retry_time - deadline.remaining())
            self.warn('Atlas API %s %s: %s; retry %d of %d in %.1fs' % (
                method, path, failure, attempt, self.max_retries, delay))
            self.sleep(delay)

    def _retryable_transport_failure(self, method, path, error):
        """(words, AtlasConnectionError) of a request that got no answer; raises when it must not be retried."""
        failure = self._describe_transport_error(error)
        if not _worth_retrying(error, _causes(error)):
            raise AtlasConnectionError('%s %s failed: %s' % (method, path, failure))
        if method == 'POST':
            raise AtlasOutcomeUnknownError(method, path, failure)
        return failure, AtlasConnectionError('%s %s failed: %s' % (method, path, failure))

    def _attributed(self, error):
        if error.credential is None:
            error.credential = describe_credential(self.auth)
        return error

    def _warn_if_deprecated(self, response, version):
        """One warning per deprecated version and client; the same words every time (see the module docstring)."""
        deprecation = response.headers.get('Deprecation')
        sunset = response.headers.get('Sunset')
        if not deprecation and not sunset:
            return
        served = _served_version(response) or version
        if (served, deprecation, sunset) in self._deprecations_warned:
            return
        self._deprecations_warned.add((served, deprecation, sunset))
        self.warn(deprecation_warning(served, deprecation, sunset))

    def _send(self, method, path, version, params, body):
        headers = {'Accept': media_type(version)}
        data = None
        if body is not None:
            headers['Content-Type'] = media_type(version)
            data = json.dumps(body)
        timeout = (min(10, self.request_timeout), self.request_timeout)
        return self.session.request(method, self.base_url + path, params=params, data=data,
                                    headers=headers, timeout=timeout)

    def _describe_transport_error(self, error):
        """Name the failure and the host tried, without echoing request details (headers may carry credentials)."""
        parts = urlsplit(self.base_url)
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == 'https' else 80)
        causes = _causes(error)
        if isinstance(error, requests.exceptions.SSLError):
            return ('TLS error talking to %s:%s (%s); set validate_certs=false only for a trusted test endpoint'
                    % (host, port, type(error).__name__))
        if isinstance(error, requests.exceptions.Timeout):
            return 'timed out: no answer from %s:%s within %ss (request_timeout)' % (host, port, self.request_timeout)
        if any(isinstance(cause, socket.gaierror) or type(cause).__name__ == 'NameResolutionError' for cause in causes):
            return "connection failed: cannot resolve the host name '%s' of base_url (DNS lookup failed)" % host
        if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
            return ('connection failed: %s:%s refused the connection (is base_url right, and is Atlas reachable '
                    'from here?)' % (host, port))
        if isinstance(error, requests.exceptions.ConnectionError):
            return 'connection failed: %s:%s (%s)' % (host, port, type(causes[-1]).__name__)
        return '%s (%s:%s)' % (type(error).__name__, host, port)

    def fetch_token(self, url, basic_auth):
        """POST the client-credentials form to the token endpoint and return the response.

        A token request creates nothing, so 429, 5xx and connection failures are simply retried like
        any request. A connection failure that outlasts the retries raises AtlasConnectionError (not a
        requests exception: the request the token was for was never sent, and is not retried again).
        """
        deadline = Deadline(self.max_retry_time, self.clock)
        attempt = 0
        while True:
            attempt += 1
            response = retry_after = None
            try:
                response = self.session.post(
                    url, auth=basic_auth, data={'grant_type': 'client_credentials'},
                    headers={'Accept': 'application/json'},
                    timeout=(min(10, self.request_timeout), self.request_timeout))
            except requests.exceptions.RequestException as error:
                failure = self._describe_transport_error(error)
            else:
                if response.status_code not in TOKEN_RETRY_STATUSES:
                    return response
                failure = 'HTTP %s' % response.status_code
                retry_after = _retry_after(response)
            delay = RETRY_BACKOFF.delay(attempt, retry_after)
            if attempt > self.max_retries or not deadline.allows(delay):
                if response is not None:
                    return response
                raise _gave_up(AtlasConnectionError('POST %s failed: %s' % (TOKEN_PATH, failure)), attempt - 1,
                               self.max_retry_time - deadline.remaining())
            self.warn('Atlas token endpoint %s: %s; retry %d of %d in %.1fs' % (
                TOKEN_PATH, failure, attempt, self.max_retries, delay))
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


def _raise_unless_retryable(method, path, error):
    """Raise an Atlas error answer that must not be sent again: a permanent one, or a POST that may have written."""
    if not error.is_transient:
        raise error
    if method == 'POST' and not error.committed_nothing:
        raise AtlasOutcomeUnknownError(method, path, 'HTTP %s' % error.status)


def _worth_retrying(error, causes):
    """A request that cannot succeed fails at once: a bad URL, a host name DNS says does not exist.
    Other connection failures (refused, reset, timed out, DNS temporarily failing) are retried."""
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                          requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader)):
        return False
    return not any(isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_NONAME for cause in causes)


def _gave_up(error, retries, seconds):
    if isinstance(error, AtlasApiError):
        error.gave_up = (retries, max(0.0, seconds))
        return error
    if not retries:
        return error
    return AtlasConnectionError('%s; gave up after %s in %.0fs (max_retries, max_retry_time).'
                                % (error, retries_words(retries), max(0.0, seconds)))


def _causes(error):
    """The error and everything it wraps (requests -> urllib3 -> socket), outermost first.

    The collection's own errors are left out: one is there only as the context the request was sent
    in (a lookup after a POST whose outcome is unknown), never as a cause of its failure."""
    seen = []
    pending = [error]
    while pending:
        current = pending.pop(0)
        if current is None or isinstance(current, AtlasError) or any(current is known for known in seen):
            continue
        seen.append(current)
        reason = getattr(current, 'reason', None)  # an exception in urllib3, but a plain string in some errors
        pending.extend([reason if isinstance(reason, BaseException) else None, current.__cause__, current.__context__])
        pending.extend(arg for arg in getattr(current, 'args', ()) if isinstance(arg, BaseException))
    return seen


def _served_version(response):
    content_type = response.headers.get('Content-Type') or ''
    prefix = 'application/vnd.atlas.'
    if content_type.startswith(prefix):
        return content_type[len(prefix):].split('+', 1)[0]
    return None


def _http_date(value):
    """'2027-07-01' for an HTTP date or an RFC 9745 '@<epoch>' value; the value as sent otherwise."""
    if not value:
        return None
    try:
        if value.startswith('@'):
            moment = datetime.fromtimestamp(int(value[1:]), tz=timezone.utc)
        else:
            moment = parsedate_to_datetime(value)
        return moment.strftime('%Y-%m-%d')
    except (TypeError, ValueError, OverflowError):
        return value


def deprecation_warning(version, deprecation, sunset):
    """The words of the deprecation warning: the same for every task and fork, so a run shows it once."""
    when = _http_date(deprecation)
    until = _http_date(sunset)
    return ('Atlas marks version %s of its Administration API, which this release of %s uses, as deprecated%s; '
            '%s. A newer release of %s uses a newer API version: upgrade the collection (%s).'
            % (version, COLLECTION_NAME, ' since %s' % when if when else '',
               'Atlas stops serving it on %s (Sunset)' % until if until else 'Atlas has not announced a sunset date yet',
               COLLECTION_NAME, UPGRADE_HINT))
