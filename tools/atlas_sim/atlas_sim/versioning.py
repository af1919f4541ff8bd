"""Per-operation media-type versions.

Each operation serves its own list of ``application/vnd.atlas.YYYY-MM-DD+json``
versions.  The simulator serves the greatest version that is not newer than the date
the client asked for (facts §3.3); a missing, malformed or too-old version gets
406 ``INVALID_VERSION_DATE``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Optional, Tuple

from .errors import ApiError

_G = r"/api/atlas/v2/groups/[^/]+"

# (method, path regex, versions ascending)
OPERATIONS: List[Tuple[str, "re.Pattern[str]", List[str]]] = []


def _op(methods: str, pattern: str, versions: List[str]) -> None:
    rx = re.compile("^" + _G + pattern + "/?$")
    for m in methods.split(","):
        OPERATIONS.append((m, rx, sorted(versions)))


_op("GET,POST", "/peers", ["2023-01-01"])
_op("GET,PATCH,DELETE", "/peers/[^/]+", ["2023-01-01"])
_op("GET", "/containers/all", ["2023-01-01"])
_op("GET,POST", "/containers", ["2023-01-01"])
_op("GET,PATCH,DELETE", "/containers/[^/]+", ["2023-01-01"])
_op("GET,POST", "/streams/privateLinkConnections", ["2023-02-01"])
_op("GET,DELETE", "/streams/privateLinkConnections/[^/]+", ["2023-02-01"])
_op("PATCH", "/streams/privateLinkConnections/[^/]+", ["2025-03-12"])
_op("GET,POST", "/backup/[^/]+/privateEndpoints", ["2024-11-13"])
_op("GET,DELETE", "/backup/[^/]+/privateEndpoints/[^/]+", ["2024-11-13"])
_op("GET,POST", "/accessList", ["2023-01-01"])
_op("GET", "/accessList/.+/status", ["2023-01-01"])
_op("GET,DELETE", "/accessList/.+", ["2023-01-01"])

# Private endpoints (privatelink facts §1.1: every operation is 2023-01-01 only)
_op("POST", "/privateEndpoint/endpointService", ["2023-01-01"])
_op("PATCH", "/privateEndpoint/endpointService/[^/]+", ["2023-01-01"])
_op("GET,PATCH", "/privateEndpoint/regionalMode", ["2023-01-01"])
_op("GET", "/privateEndpoint/[^/]+/endpointService", ["2023-01-01"])
_op("GET,DELETE", "/privateEndpoint/[^/]+/endpointService/[^/]+", ["2023-01-01"])
_op("POST", "/privateEndpoint/[^/]+/endpointService/[^/]+/endpoint", ["2023-01-01"])
_op("GET,DELETE", "/privateEndpoint/[^/]+/endpointService/[^/]+/endpoint/.+", ["2023-01-01"])
_op("GET,POST", "/privateNetworkSettings/endpointIds", ["2023-01-01"])
_op("GET,DELETE", "/privateNetworkSettings/endpointIds/.+", ["2023-01-01"])
_op("GET,POST", "/encryptionAtRest/[^/]+/privateEndpoints", ["2023-01-01"])
_op("GET,DELETE", "/encryptionAtRest/[^/]+/privateEndpoints/[^/]+", ["2023-01-01"])

_ACCEPT_RX = re.compile(r"application/vnd\.atlas\.([^+;,\s]+)\+json", re.I)


def versions_for(method: str, path: str) -> Optional[List[str]]:
    for m, rx, versions in OPERATIONS:
        if m == method and rx.match(path):
            return versions
    return None


def requested_date(accept: Optional[str]) -> Optional[str]:
    """Return the version string asked for in ``Accept`` (first vendor type), or None."""
    if not accept:
        return None
    m = _ACCEPT_RX.search(accept)
    return m.group(1) if m else None


def resolve(method: str, path: str, accept: Optional[str]) -> Optional[str]:
    """Return the served version, None when the path is not a known operation.

    Raises ApiError(406 INVALID_VERSION_DATE) for a missing/malformed/too-old version.
    """
    versions = versions_for(method, path)
    if versions is None:
        return None
    asked = requested_date(accept)
    if asked is None:
        raise ApiError("INVALID_VERSION_DATE")
    try:
        asked_date = date.fromisoformat(asked)
        if len(asked) != 10:
            raise ValueError(asked)
    except ValueError:
        raise ApiError("INVALID_VERSION_DATE") from None
    served = None
    for v in versions:
        if date.fromisoformat(v) <= asked_date:
            served = v
    if served is None:
        raise ApiError("INVALID_VERSION_DATE")
    return served
