# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The exceptions of the collection. None of them ever carries a credential."""

from __future__ import annotations


class AtlasError(Exception):
    """Base class of everything the client and the engines raise."""

    def to_result(self):
        return {}


class AtlasApiError(AtlasError):
    """An Atlas error response (the ApiError body), or a transport failure mapped onto it."""

    def __init__(self, status, error_code=None, reason=None, detail=None, parameters=None,
                 bad_request_fields=None, method=None, path=None):
        self.status = status
        self.error_code = error_code or 'UNKNOWN'
        self.reason = reason
        self.detail = detail
        self.parameters = parameters
        self.bad_request_fields = bad_request_fields or []
        self.method = method
        self.path = path
        super(AtlasApiError, self).__init__(self.message)

    @classmethod
    def from_response(cls, response, method, path):
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
        return text

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
