# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The exceptions of the collection, and the words that tell a user what an Atlas refusal means.

None of them ever carries a secret: a credential is named by its public key or client id only.
"""

from __future__ import annotations

import re
from collections import namedtuple

# Atlas's answers for a credential that lacks a role (401 historically, 403 per Atlas's newer guidelines).
PERMISSION_CODES = frozenset(('NOT_IN_GROUP', 'USER_UNAUTHORIZED', 'USER_CANNOT_ACCESS_ORG'))
NOT_ON_API_ACCESS_LIST = 'IP_ADDRESS_NOT_ON_ACCESS_LIST'
# A 401/403 with one of these is a refusal of a valid credential: a new token does not help.
REFUSAL_CODES = PERMISSION_CODES | frozenset((NOT_ON_API_ACCESS_LIST, 'IP_ADDRESS_NOT_ON_WHITELIST'))
# Atlas refused the request before doing anything (an upgrade, an outage): safe to send again, POST included.
MAINTENANCE_CODES = frozenset(('SERVICE_UNAVAILABLE', 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'))
VERSION_GONE = 'VERSION_GONE'
# A 404 with one of these is about the project, never about the one item asked for.
PROJECT_NOT_FOUND_CODES = frozenset(('GROUP_NOT_FOUND', 'INVALID_GROUP_ID'))

COLLECTION_NAME = 'atlasops.networking'
UPGRADE_HINT = 'ansible-galaxy collection install --upgrade %s' % COLLECTION_NAME

# The roles an operation needs, from the official OpenAPI descriptions (x-rolesRequirements), by the
# first path segment under /groups/{groupId}: (role to read, role to write). Anything else: Project
# Read Only to read, Project Owner to write (the rule of every other private networking resource).
_PROJECT_ROLES = {
    'peers': ('Project Read Only', 'Project Network Access Manager or Project Owner'),
    'accessList': ('Project Read Only', 'Project Network Access Manager or Project Owner'),
    'streams': ('Project Read Only', 'Project Stream Processing Manager, Organization Stream Processing Admin '
                                     'or Project Owner'),
    'backup': ('Project Owner', 'Project Owner'),
    'encryptionAtRest': ('Project Owner', 'Project Owner'),
}
_DEFAULT_PROJECT_ROLES = ('Project Read Only', 'Project Owner')
_PROJECT_PATH = re.compile(r'/groups/(?P<id>[^/?]+)(?:/(?P<segment>[^/?]+))?')
_ORG_PATH = re.compile(r'/orgs/(?P<id>[^/?]+)')


class Credential(namedtuple('Credential', ['kind', 'identity'])):
    """The credential a request used, for messages: ``kind`` is 'api_key' or 'service_account', ``identity``
    the public key or the client id (never a secret)."""

    def __str__(self):
        if self.kind == 'service_account':
            return "the service account with client id '%s'" % self.identity
        return "the API key with public key '%s'" % self.identity

    def what_to_check(self):
        if self.kind == 'service_account':
            return ('that client_secret is a current secret of that service account (secrets expire) and that the '
                    'service account still exists')
        return 'that private_key is the private key of that public key and that the API key still exists'


def required_role(method, path):
    """'<role> on project <id>' (or on organization <id>) that ``method path`` needs, or None when unknown."""
    reading = method in ('GET', 'HEAD')
    match = _PROJECT_PATH.search(path or '')
    if match:
        roles = _PROJECT_ROLES.get(match.group('segment'), _DEFAULT_PROJECT_ROLES)
        return '%s on project %s' % (roles[0] if reading else roles[1], match.group('id'))
    match = _ORG_PATH.search(path or '')
    if match:
        return '%s on organization %s' % ('Organization Member' if reading else 'Organization Owner', match.group('id'))
    return None


class AtlasError(Exception):
    """Base class of everything the client and the engines raise."""

    def to_result(self):
        return {}


class AtlasApiError(AtlasError):
    """An Atlas error response (the ApiError body), or a transport failure mapped onto it."""

    def __init__(self, status, error_code=None, reason=None, detail=None, parameters=None,
                 bad_request_fields=None, method=None, path=None, credential=None, version=None):
        self.status = status
        self.error_code = error_code or 'UNKNOWN'
        self.reason = reason
        self.detail = detail
        self.parameters = parameters
        self.bad_request_fields = bad_request_fields or []
        self.method = method
        self.path = path
        # The Credential the request used, set by the client.
        self.credential = credential
        # The media-type version the request asked for.
        self.version = version
        # (retries, seconds) when the client gave up retrying a transient refusal.
        self.gave_up = None
        super(AtlasApiError, self).__init__(self.message)

    def __str__(self):
        return self.message

    @property
    def is_refusal(self):
        """A valid credential refused (a role, the API access list): nothing a retry or a new token changes."""
        return self.status in (401, 403) and self.error_code in REFUSAL_CODES

    @property
    def is_transient(self):
        """Worth sending again after a pause: rate limits, server errors, maintenance."""
        if self.status in (429, 500, 502, 503, 504):
            return True
        return self.status == 405 and self.error_code == 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'

    @property
    def committed_nothing(self):
        """Atlas says it did nothing (429, or an upgrade/outage refusal): a POST may be sent again."""
        return self.status == 429 or (self.is_transient and self.error_code in MAINTENANCE_CODES)

    @classmethod
    def from_response(cls, response, method, path, credential=None, version=None):
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        fields = (body.get('badRequestDetail') or {}).get('fields') or []
        error_code = body.get('errorCode') or response.headers.get('X-Error-Code')
        if not error_code and isinstance(body.get('error'), str):
            error_code = body['error']  # OAuth token endpoint errors (RFC 6749)
        return cls(
            status=response.status_code,
            error_code=error_code,
            reason=body.get('reason') or response.reason,
            detail=body.get('detail') or body.get('error_description'),
            parameters=body.get('parameters'),
            bad_request_fields=fields,
            method=method,
            path=path,
            credential=credential,
            version=version,
        )

    @property
    def message(self):
        text = 'Atlas API %s %s' % (self.status, self.error_code)
        if self.detail:
            text += ': %s' % self.detail
        elif self.reason:
            text += ': %s' % self.reason
        for field in self.bad_request_fields:
            text += ' [%s: %s]' % (field.get('field'), field.get('description'))
        if self.method and self.path:
            text += ' (%s %s)' % (self.method, self.path)
        advice = self.advice()
        return '%s. %s' % (text, advice) if advice else text

    def advice(self):
        """What the refusal means for the user and what to do, or None when Atlas's words say it all."""
        credential = str(self.credential or 'the credential')
        if self.status in (401, 403) and self.error_code in PERMISSION_CODES:
            return ('%s needs %s for this request (it lacks that role). Grant the role to it in Atlas, or use a '
                    'credential that has it; nothing was retried.'
                    % (_capital(credential), required_role(self.method, self.path) or 'a higher role'))
        if self.status == 403 and self.error_code in REFUSAL_CODES:
            address = _first(self.parameters) or _address_in(self.detail) or 'unknown'
            return ("The controller's address as Atlas sees it, %s, is not on the API access list of the "
                    "organization of %s. Add it to the organization's API access list (or the credential's own "
                    "access list) in Atlas, or run from an address that is on it; nothing was retried."
                    % (address, credential))
        if self.status == 401:
            check = self.credential.what_to_check() if self.credential else 'the credential options'
            return ('Atlas did not accept %s: check %s, and that base_url is the Atlas it belongs to.'
                    % (credential, check))
        if self.status == 410 and self.error_code == VERSION_GONE:
            return ('Atlas no longer serves API version %s, which this release of %s uses for this request: '
                    'upgrade the collection (%s).' % (self.version or 'of this request', COLLECTION_NAME, UPGRADE_HINT))
        if self.gave_up is not None:
            retries, seconds = self.gave_up
            given_up = ('Gave up after %s in %.0fs' % (retries_words(retries), seconds) if retries
                        else 'Not retried (max_retries and max_retry_time leave no room for a retry)')
            if self.error_code in MAINTENANCE_CODES:
                what = ('Atlas refuses changes while it is being upgraded'
                        if self.error_code == 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES' else 'Atlas is unavailable')
                return ('%s; the request was refused before anything was done, so nothing changed. %s: run the '
                        'task again later, or raise max_retries/max_retry_time to wait longer.' % (what, given_up))
            return '%s (max_retries, max_retry_time).' % given_up if retries else None
        return None

    def to_result(self):
        return {
            'status': self.status,
            'error_code': self.error_code,
            'reason': self.reason,
            'detail': self.detail,
            'parameters': self.parameters,
            'bad_request_fields': self.bad_request_fields,
        }


class AtlasOutcomeUnknownError(AtlasError):
    """A write whose outcome is unknown (timeout, dropped connection, 5xx).

    The caller must look the resource up again before deciding to send the write again.
    """

    def __init__(self, method, path, cause):
        self.method = method
        self.path = path
        self.cause = cause
        super(AtlasOutcomeUnknownError, self).__init__(
            'Outcome of %s %s is unknown: %s' % (method, path, cause))


class AtlasConnectionError(AtlasError):
    """Atlas could not be reached within the retry budget."""


class AtlasStateError(AtlasError):
    """The resource reached a failed status, could not reach the wanted one in time, or cannot change.

    ``view`` is the resource as Atlas has it (snake_case), returned with the failure.
    """

    def __init__(self, message, view=None):
        self.view = view
        super(AtlasStateError, self).__init__(message)


def retries_words(count):
    return '%d %s' % (count, 'retry' if count == 1 else 'retries')


def _capital(text):
    return text[:1].upper() + text[1:]


def _first(values):
    return str(values[0]) if isinstance(values, list) and values and values[0] else None


def _address_in(text):
    match = re.search(r'IP address (\S+) is not', text or '')
    return match.group(1) if match else None
