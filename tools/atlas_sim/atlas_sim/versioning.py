"""Per-operation media-type versions.

Each operation serves its own list of ``application/vnd.atlas.YYYY-MM-DD+json``
versions.  The simulator serves the greatest version that is not newer than the date
the client asked for (facts §3.3); a missing, malformed or too-old version gets
406 ``INVALID_VERSION_DATE``.

Version lifecycle (facts §3.4, §3.5; ``/_sim/versions``): a served version marked deprecated
adds ``Deprecation``/``Sunset`` HTTP-date headers; one marked gone, or whose sunset date has
passed on the simulated clock, gets 410 ``VERSION_GONE``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from .errors import ApiError

_G = r"/api/atlas/v2/groups/[^/]+"

# (method, path regex, versions ascending)
OPERATIONS: List[Tuple[str, "re.Pattern[str]", List[str]]] = []


def _op(methods: str, pattern: str, versions: List[str], prefix: str = _G) -> None:
    rx = re.compile("^" + prefix + pattern + "/?$")
    for m in methods.split(","):
        OPERATIONS.append((m, rx, sorted(versions)))


# projects and organizations (atlas-openapi-projects.yaml: one version for every operation)
_V2 = "/api/atlas/v2"
_op("GET", "/groups", ["2023-01-01"], _V2)
_op("GET", "/groups/byName/[^/]+", ["2023-01-01"], _V2)
_op("GET", "/groups/[^/]+", ["2023-01-01"], _V2)
_op("GET", "/orgs", ["2023-01-01"], _V2)
_op("GET", "/orgs/[^/]+", ["2023-01-01"], _V2)
_op("GET", "/orgs/[^/]+/groups", ["2023-01-01"], _V2)


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


# ------------------------------------------------------------------ lifecycle marks
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE_RX = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class MarkError(ValueError):
    pass


def http_date(day: str) -> str:
    """``2024-08-05`` -> ``Mon, 5 Aug 2024 00:00:00 GMT`` (day not zero-padded, as Atlas sends it)."""
    d = date.fromisoformat(day)
    return f"{_DAYS[d.weekday()]}, {d.day} {_MONTHS[d.month - 1]} {d.year} 00:00:00 GMT"


def _day(body: Dict[str, Any], name: str) -> Optional[str]:
    value = body.get(name)
    if value is None:
        return None
    try:
        if not isinstance(value, str) or not _DATE_RX.match(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise MarkError(f"{name} must be a date YYYY-MM-DD") from None
    return value


def validate_mark(body: Dict[str, Any]) -> Dict[str, Any]:
    """A ``POST /_sim/versions`` body: version, deprecation, sunset, gone, paths_prefix."""
    unknown = sorted(set(body) - {"version", "deprecation", "sunset", "gone", "paths_prefix"})
    if unknown:
        raise MarkError(f"unknown field(s) {', '.join(unknown)}")
    version = body.get("version")
    if not isinstance(version, str) or not _DATE_RX.match(version):
        raise MarkError("version must be a media-type version date YYYY-MM-DD, e.g. 2023-01-01")
    mark = {"version": version, "deprecation": _day(body, "deprecation"), "sunset": _day(body, "sunset"),
            "gone": bool(body.get("gone", False)), "paths_prefix": str(body.get("paths_prefix", "/api/atlas/v2"))}
    if not (mark["deprecation"] or mark["sunset"] or mark["gone"]):
        raise MarkError("give deprecation, sunset or gone")
    return mark


def apply_marks(marks: List[Dict[str, Any]], served: Optional[str], path: str, now: float) -> Dict[str, str]:
    """Headers for a deprecated ``served`` version; raises 410 VERSION_GONE for a removed one."""
    if not served:
        return {}
    for mark in marks:
        if mark["version"] != served or not path.startswith(mark["paths_prefix"]):
            continue
        today = datetime.fromtimestamp(now, tz=timezone.utc).date()
        if mark["gone"] or (mark["sunset"] and date.fromisoformat(mark["sunset"]) <= today):
            raise ApiError("VERSION_GONE", [served, mark["sunset"] or "unspecified"])
        headers = {}
        if mark["deprecation"]:
            headers["Deprecation"] = http_date(mark["deprecation"])
        if mark["sunset"]:
            headers["Sunset"] = http_date(mark["sunset"])
        return headers
    return {}
