"""Outermost ASGI middleware: request log, fault injection, authentication, media-type
versions, project existence and rate limits for everything under ``/api/atlas/v2``.

It is a plain ASGI callable (not BaseHTTPMiddleware) so that it sees the server's raw
``send`` and can drop a connection without any response for the fault injector."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict
from urllib.parse import unquote

from starlette.requests import Request

from . import versioning
from .errors import ApiError
from .respond import error_response

log = logging.getLogger("atlas_sim")

API_PREFIX = "/api/atlas/v2"
_GROUP_RX = re.compile(r"^/api/atlas/v2/groups/([^/]+)")
_HEX24 = re.compile(r"^[a-f0-9]{24}$")


class ConnectionDropped(Exception):
    """Raised when no server transport is available to drop (e.g. under TestClient)."""


def _abort(send) -> None:
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionDropped("connection dropped by fault injection")
    transport.abort()
    try:
        cycle.disconnected = True
    except Exception:  # pragma: no cover
        pass


class SimMiddleware:
    def __init__(self, app, sim):
        self.app = app
        self.sim = sim

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/_sim"):
            await self.app(scope, receive, send)
            return
        sim = self.sim
        method, path = scope["method"], scope["path"]
        m = _GROUP_RX.match(path)
        entry: Dict[str, Any] = {
            "method": method,
            "path": path,
            "raw_path": scope.get("raw_path", path.encode("latin-1")).decode("latin-1"),
            "query": scope.get("query_string", b"").decode("latin-1"),
            "status": None,
            "group_id": unquote(m.group(1)) if m else None,
        }

        async def logged_send(message):
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        fault = sim.faults.pick(method, path)
        try:
            if fault == "drop":
                entry["status"] = 0
                entry["fault"] = "drop_connection"
                _abort(send)
                return
            if isinstance(fault, int):
                entry["fault"] = f"status_{fault}"
                await error_response(sim.faults.error_for(fault))(scope, receive, logged_send)
                return
            if fault == "lost":
                entry["fault"] = "lost_response"

                async def swallow(message):
                    if message["type"] == "http.response.start":
                        entry["applied_status"] = message["status"]

                await self._handle(scope, receive, swallow, entry)
                entry["status"] = 0
                sim.store.save_if_dirty()
                _abort(send)
                return
            await self._handle(scope, receive, logged_send, entry)
        finally:
            sim.request_log.append(entry)
            if method != "GET":
                try:
                    sim.store.save_if_dirty()
                except OSError as exc:  # pragma: no cover - disk trouble must not kill requests
                    log.error("cannot save state: %s", exc)

    async def _handle(self, scope, receive, send, entry):
        path = scope["path"]
        if not path.startswith(API_PREFIX + "/") and path != API_PREFIX:
            await self.app(scope, receive, send)
            return
        sim = self.sim
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        request = Request(scope)
        info = scope.setdefault("atlas_sim", {})
        # 1. authentication
        denied = sim.auth.authenticate(scope["method"], headers.get("authorization"))
        if denied is not None:
            if isinstance(denied, ApiError):
                denied = error_response(denied, request)
            await denied(scope, receive, send)
            return
        try:
            # 2. versioned media type
            info["version"] = versioning.resolve(scope["method"], path, headers.get("accept"))
            # 3. project
            gid = entry.get("group_id")
            if gid is not None:
                if not _HEX24.match(gid):
                    raise ApiError("INVALID_GROUP_ID", [gid])
                if sim.store.project(gid) is None:
                    raise ApiError("GROUP_NOT_FOUND", [gid])
                # 4. rate limit
                if sim.ratelimit.enabled:
                    allowed, remaining, retry = sim.ratelimit.take(gid)
                    limit = sim.ratelimit.per_minute
                    info["headers"] = {"RateLimit-Limit": str(limit), "RateLimit-Remaining": str(remaining)}
                    if not allowed:
                        raise ApiError(
                            "RATE_LIMITED_TOKEN_BUCKET",
                            [path.lstrip("/"), retry, limit, limit, 60],
                            headers={"Retry-After": str(retry)},
                        )
        except ApiError as err:
            await error_response(err, request)(scope, receive, send)
            return
        await self.app(scope, receive, send)
