"""Fault injection (``/_sim/faults``).

Config JSON::

    {"rate": 0.1, "seed": 7, "statuses": [429, 500, 502, 503], "drop_connection": true,
     "lost_response": true, "methods": ["GET","POST","PATCH","DELETE"],
     "paths_prefix": "/api/atlas/v2", "retry_after": 1, "max_faults": null}

Each eligible request is faulted with probability ``rate``; the kind is picked uniformly
among the configured statuses, ``drop`` (connection closed before any processing),
``lost`` (the request is processed - a write is applied - then the connection is closed
without a response) and ``slow`` (``slow_response: true``: the request is processed and saved,
then the answer waits ``hold_seconds`` real seconds).  Injected 429/503 carry ``Retry-After``
unless ``retry_after`` is null.

The maintenance window (``/_sim/maintenance``) is the deterministic sibling: while it is open,
every matching request gets 405 ``WRITES_NOT_ALLOWED_DURING_APP_UPGRADES`` (writes) or 503
``SERVICE_UNAVAILABLE`` before anything is processed, so a refused write commits nothing.
"""

from __future__ import annotations

import random
import threading
from typing import Any, Dict, List, Optional

from .errors import ApiError

_CODES = {
    405: "WRITES_NOT_ALLOWED_DURING_APP_UPGRADES",
    429: "RATE_LIMITED_TOKEN_BUCKET",
    500: "UNEXPECTED_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
}


WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
MAINTENANCE = "maintenance"


class FaultConfigError(ValueError):
    pass


def _retry_after(body: Dict[str, Any], default: Optional[int]) -> Optional[int]:
    value = body.get("retry_after", default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FaultConfigError("retry_after must be a non-negative integer (seconds) or null for no Retry-After")
    return value


def validate_window(body: Dict[str, Any], now: float) -> Dict[str, Any]:
    """The maintenance window a ``POST /_sim/maintenance`` body describes."""
    if not isinstance(body, dict):
        raise FaultConfigError("body must be a JSON object")
    status = body.get("status", 405)
    if status not in (405, 503):
        raise FaultConfigError("status must be 405 (writes refused during an upgrade) or 503 (service unavailable)")
    methods = body.get("methods", WRITE_METHODS if status == 405 else ["GET"] + WRITE_METHODS)
    if not isinstance(methods, list) or not methods:
        raise FaultConfigError("methods must be a non-empty list of HTTP methods")
    seconds = body.get("seconds")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0):
        raise FaultConfigError("seconds must be a positive number (simulated seconds) or null for open until closed")
    return {
        "status": status,
        "methods": [str(m).upper() for m in methods],
        "retry_after": _retry_after(body, None),
        "paths_prefix": str(body.get("paths_prefix", "/api/atlas/v2")),
        "until": None if seconds is None else now + float(seconds),
    }


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self.window: Optional[Dict[str, Any]] = None
        self.window_counters: Dict[str, int] = {"refused": 0}
        self.clear()

    def clear(self) -> None:
        with getattr(self, "_lock", threading.Lock()):
            self.config: Optional[Dict[str, Any]] = None
            self._rng = random.Random()
            self.counters: Dict[str, int] = {"eligible": 0, "injected": 0}

    def configure(self, body: Dict[str, Any]) -> Dict[str, Any]:
        if not isinstance(body, dict):
            raise FaultConfigError("body must be a JSON object")
        rate = body.get("rate", 1.0)
        if not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise FaultConfigError("rate must be a number between 0 and 1")
        statuses = body.get("statuses", [500])
        if not isinstance(statuses, list) or not all(isinstance(s, int) and 400 <= s <= 599 for s in statuses):
            raise FaultConfigError("statuses must be a list of HTTP error statuses (400-599)")
        methods = [str(m).upper() for m in body.get("methods", ["GET", "POST", "PATCH", "DELETE"])]
        hold = body.get("hold_seconds", 5)
        if isinstance(hold, bool) or not isinstance(hold, (int, float)) or hold < 0:
            raise FaultConfigError("hold_seconds must be a non-negative number (real seconds)")
        cfg = {
            "rate": float(rate),
            "seed": body.get("seed"),
            "statuses": statuses,
            "drop_connection": bool(body.get("drop_connection", False)),
            "lost_response": bool(body.get("lost_response", False)),
            "methods": methods,
            "paths_prefix": str(body.get("paths_prefix", "/api/atlas/v2")),
            "retry_after": _retry_after(body, 1),
            "max_faults": body.get("max_faults"),
            "slow_response": bool(body.get("slow_response", False)),
            "hold_seconds": float(hold),
        }
        kinds: List[Any] = list(statuses)
        if cfg["drop_connection"]:
            kinds.append("drop")
        if cfg["lost_response"]:
            kinds.append("lost")
        if cfg["slow_response"]:
            kinds.append("slow")
        if not kinds:
            raise FaultConfigError("nothing to inject: give statuses, drop_connection, lost_response or slow_response")
        with self._lock:
            self.config = cfg
            self._kinds = kinds
            self._rng = random.Random(cfg["seed"])
            self.counters = {"eligible": 0, "injected": 0}
        return self.describe()

    def describe(self) -> Dict[str, Any]:
        return {"config": self.config, "counters": dict(self.counters)}

    # ------------------------------------------------------------ maintenance window
    def open_window(self, window: Dict[str, Any]) -> None:
        with self._lock:
            self.window = window
            self.window_counters = {"refused": 0}

    def close_window(self) -> None:
        with self._lock:
            self.window = None

    def window_open(self, now: float) -> bool:
        w = self.window
        return w is not None and (w["until"] is None or now < w["until"])

    def describe_window(self, now: float) -> Dict[str, Any]:
        return {"open": self.window_open(now), "window": self.window, "counters": dict(self.window_counters)}

    def maintenance_error(self) -> ApiError:
        w = self.window or {"status": 503, "retry_after": None}
        headers = {} if w["retry_after"] is None else {"Retry-After": str(w["retry_after"])}
        return ApiError(_CODES[w["status"]], status=w["status"], headers=headers)

    def _in_window(self, method: str, path: str, now: Optional[float]) -> bool:
        w = self.window
        if now is None or not self.window_open(now) or method not in w["methods"] or not path.startswith(w["paths_prefix"]):
            return False
        with self._lock:
            self.window_counters["refused"] += 1
        return True

    # ------------------------------------------------------------ random faults
    def pick(self, method: str, path: str, now: Optional[float] = None) -> Optional[Any]:
        """Return None (no fault), an int status, 'drop', 'lost', 'slow' or 'maintenance'."""
        if self._in_window(method, path, now):
            return MAINTENANCE
        cfg = self.config
        if cfg is None or method not in cfg["methods"] or not path.startswith(cfg["paths_prefix"]):
            return None
        with self._lock:
            self.counters["eligible"] += 1
            if cfg["max_faults"] is not None and self.counters["injected"] >= int(cfg["max_faults"]):
                return None
            if self._rng.random() >= cfg["rate"]:
                return None
            kind = self._rng.choice(self._kinds)
            self.counters["injected"] += 1
            key = f"status_{kind}" if isinstance(kind, int) else kind
            self.counters[key] = self.counters.get(key, 0) + 1
            return kind

    def error_for(self, status: int) -> ApiError:
        headers = {}
        retry_after = self.config["retry_after"] if self.config else 1
        if status in (429, 503) and retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        code = _CODES.get(status, "UNEXPECTED_ERROR")
        params = None
        detail = None
        if status == 429:
            detail = "Rate limit exceeded (injected fault). Please retry after %s seconds." % (retry_after or 0)
        return ApiError(code, params, status=status, detail=detail, headers=headers)
