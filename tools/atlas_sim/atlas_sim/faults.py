"""Fault injection (``/_sim/faults``).

Config JSON::

    {"rate": 0.1, "seed": 7, "statuses": [429, 500, 502, 503], "drop_connection": true,
     "lost_response": true, "methods": ["GET","POST","PATCH","DELETE"],
     "paths_prefix": "/api/atlas/v2", "retry_after": 1, "max_faults": null}

Each eligible request is faulted with probability ``rate``; the kind is picked uniformly
among the configured statuses, ``drop`` (connection closed before any processing) and
``lost`` (the request is processed - a write is applied - then the connection is closed
without a response).  Injected 429/503 carry ``Retry-After``.
"""

from __future__ import annotations

import random
import threading
from typing import Any, Dict, List, Optional

from .errors import ApiError

_CODES = {
    429: "RATE_LIMITED_TOKEN_BUCKET",
    500: "UNEXPECTED_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
}


class FaultConfigError(ValueError):
    pass


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
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
        cfg = {
            "rate": float(rate),
            "seed": body.get("seed"),
            "statuses": statuses,
            "drop_connection": bool(body.get("drop_connection", False)),
            "lost_response": bool(body.get("lost_response", False)),
            "methods": methods,
            "paths_prefix": str(body.get("paths_prefix", "/api/atlas/v2")),
            "retry_after": int(body.get("retry_after", 1)),
            "max_faults": body.get("max_faults"),
        }
        kinds: List[Any] = list(statuses)
        if cfg["drop_connection"]:
            kinds.append("drop")
        if cfg["lost_response"]:
            kinds.append("lost")
        if not kinds:
            raise FaultConfigError("nothing to inject: give statuses, drop_connection or lost_response")
        with self._lock:
            self.config = cfg
            self._kinds = kinds
            self._rng = random.Random(cfg["seed"])
            self.counters = {"eligible": 0, "injected": 0}
        return self.describe()

    def describe(self) -> Dict[str, Any]:
        return {"config": self.config, "counters": dict(self.counters)}

    def pick(self, method: str, path: str) -> Optional[Any]:
        """Return None (no fault), an int status, 'drop' or 'lost'."""
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
        if status in (429, 503):
            headers["Retry-After"] = str(self.config["retry_after"] if self.config else 1)
        code = _CODES.get(status, "UNEXPECTED_ERROR")
        params = None
        detail = None
        if status == 429:
            detail = "Rate limit exceeded (injected fault). Please retry after %s seconds." % headers["Retry-After"]
        return ApiError(code, params, status=status, detail=detail, headers=headers)
