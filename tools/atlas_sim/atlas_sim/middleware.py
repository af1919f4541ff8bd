"""Outermost ASGI middleware: request log, fault injection, authentication, media-type
versions, project existence and rate limits for everything under ``/api/atlas/v2``.

Order of checks: maintenance window / injected faults, authentication (401), the API access
list of the credential's organization (403), version (406, 410), project or organization
existence (404), permissions (401/403), rate limit (429), then the operation.

A write is saved to the state file before its answer starts, so a client that got an
answer can rely on it surviving a crash (kill -9) of the simulator.

It is a plain ASGI callable (not BaseHTTPMiddleware) so that it sees the server's raw
``send`` and can drop a connection without any response for the fault injector."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Dict, Optional
from urllib.parse import unquote

from starlette.requests import Request

from . import versioning
from .access import parse_scope
from .errors import ApiError
from .faults import MAINTENANCE
from .respond import error_response

log = logging.getLogger("atlas_sim")

API_PREFIX = "/api/atlas/v2"
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


def _auth_scheme(scope) -> Optional[str]:
    """The scheme of the request's Authorization header (digest, bearer, basic), never its value."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return value.split(b" ", 1)[0].decode("latin-1").lower()
    return None


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
        gid = parse_scope(path)[0]
        entry: Dict[str, Any] = {
            "method": method,
            "path": path,
            "raw_path": scope.get("raw_path", path.encode("latin-1")).decode("latin-1"),
            "query": scope.get("query_string", b"").decode("latin-1"),
            "status": None,
            "group_id": unquote(gid) if gid else None,
            "auth": _auth_scheme(scope),
        }

        async def logged_send(message):
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                self._commit(method)
            await send(message)

        fault = sim.faults.pick(method, path, sim.clock.now())
        try:
            if fault == MAINTENANCE:
                err = sim.faults.maintenance_error()
                entry["fault"] = f"maintenance_{err.status}"
                await error_response(err)(scope, receive, logged_send)
                return
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
                        self._commit(method)

                await self._handle(scope, receive, swallow, entry)
                entry["status"] = 0
                sim.store.save_if_dirty()
                _abort(send)
                return
            if fault == "slow":
                entry["fault"] = "slow_response"
                hold = sim.faults.config["hold_seconds"] if sim.faults.config else 0

                async def held_send(message):
                    if message["type"] == "http.response.start":
                        self._commit(method)
                        await asyncio.sleep(hold)
                    await logged_send(message)

                await self._handle(scope, receive, held_send, entry)
                return
            await self._handle(scope, receive, logged_send, entry)
        finally:
            sim.request_log.append(entry)
            if method != "GET":
                try:
                    sim.store.save_if_dirty()
                except OSError as exc:  # pragma: no cover - disk trouble must not kill requests
                    log.error("cannot save state: %s", exc)

    def _commit(self, method: str) -> None:
        """Save a write before its answer leaves, so an acknowledged write survives kill -9."""
        if method == "GET":
            return
        try:
            self.sim.store.save_if_dirty()
        except OSError as exc:  # pragma: no cover - disk trouble must not kill requests
            log.error("cannot save state: %s", exc)

    def client_address(self, scope) -> str:
        return self.sim.config.client_address or (scope.get("client") or ("",))[0] or ""

    async def _handle(self, scope, receive, send, entry):
        path = scope["path"]
        if not path.startswith(API_PREFIX + "/") and path != API_PREFIX:
            await self.app(scope, receive, send)
            return
        sim = self.sim
        method = scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        request = Request(scope)
        info = scope.setdefault("atlas_sim", {})
        # 1. authentication
        denied, user = sim.auth.authenticate(method, headers.get("authorization"))
        if denied is not None:
            if isinstance(denied, ApiError):
                denied = error_response(denied, request)
            await denied(scope, receive, send)
            return
        info["credential"] = user
        cred = sim.access.get(user)
        try:
            # 2. the API access list of the credential's organization
            sim.access.check_address(cred, self.client_address(scope))
            # 3. versioned media type and its lifecycle (deprecated / gone)
            info["version"] = versioning.resolve(method, path, headers.get("accept"))
            info.setdefault("headers", {}).update(
                versioning.apply_marks(sim.store.version_marks, info["version"], path, sim.clock.now()))
            # 4. project or organization
            gid = entry.get("group_id")
            org_id = parse_scope(path)[1]
            if gid is not None:
                if not _HEX24.match(gid):
                    raise ApiError("INVALID_GROUP_ID", [gid])
                if sim.store.project(gid) is None:
                    raise ApiError("GROUP_NOT_FOUND", [gid])
            elif org_id is not None:
                if not _HEX24.match(org_id):
                    raise ApiError("INVALID_ORG_ID", [org_id])
                if org_id not in sim.store.orgs:
                    raise ApiError("ORG_NOT_FOUND", [org_id])
            # 5. permissions
            sim.access.check(cred, method, path)
            # 6. rate limit: per project, per organization, else per credential
            key = gid or (f"org:{org_id}" if org_id else (f"credential:{user}" if info["version"] else None))
            if key is not None and sim.ratelimit.enabled:
                allowed, remaining, retry = sim.ratelimit.take(key)
                limit = sim.ratelimit.per_minute
                info["headers"].update({"RateLimit-Limit": str(limit), "RateLimit-Remaining": str(remaining)})
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
