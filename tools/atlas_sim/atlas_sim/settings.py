"""Settings that ``/_sim/settings`` changes at run time (each also has a command-line flag).

A change is kept in the state file, so it survives a restart on that file and wins over the
flag given at the restart; ``DELETE /_sim/settings`` and ``/_sim/reset`` return to the flags.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Dict


class SettingsError(ValueError):
    pass


def _status(value: Any) -> int:
    if value not in (401, 403) or isinstance(value, bool):
        raise SettingsError("must be 401 or 403")
    return int(value)


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise SettingsError("must be a non-negative number of seconds")
    return float(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError("must be an integer >= 1")
    return value


def _address(value: Any):
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except (TypeError, ValueError):
        raise SettingsError("must be an IPv4 or IPv6 address, or null for the caller's real address") from None


RUNTIME: Dict[str, Callable[[Any], Any]] = {
    "permission_denied_status": _status,
    "access_list_propagation_seconds": _seconds,
    "list_lag_seconds": _seconds,
    "access_list_max_entries": _count,
    "client_address": _address,
    "transition_seconds": _seconds,
}


def validate(body: Dict[str, Any]) -> Dict[str, Any]:
    unknown = sorted(set(body) - set(RUNTIME))
    if unknown:
        raise SettingsError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(RUNTIME))}")
    out = {}
    for name, value in body.items():
        try:
            out[name] = RUNTIME[name](value)
        except SettingsError as exc:
            raise SettingsError(f"{name} {exc}") from None
    return out


def current(config) -> Dict[str, Any]:
    return {name: getattr(config, name) for name in RUNTIME}
