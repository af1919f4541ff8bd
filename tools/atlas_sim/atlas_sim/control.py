"""The ``/_sim/`` control API (no authentication, never under ``/api/``)."""

from __future__ import annotations

import json
from typing import Any, Dict

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse

from . import lifecycle, privatelink
from . import settings as settings_mod
from .clock import iso
from .faults import FaultConfigError, validate_window
from .store import KINDS
from .versioning import MarkError, validate_mark

router = APIRouter()

AWS_ERROR_STATES = ("REJECTED", "EXPIRED", "INVALID_ARGUMENT")
FAIL_KINDS = KINDS + ("private_endpoints",)


def _sim(request: Request):
    return request.app.state.sim


def _err(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _body(request: Request) -> Dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise _Bad("body must be JSON") from None
    if not isinstance(data, dict):
        raise _Bad("body must be a JSON object")
    return data


class _Bad(Exception):
    pass


def _done(request: Request, payload: Any, status: int = 200) -> JSONResponse:
    s = _sim(request)
    s.sync_clock()
    s.store.save_if_dirty()
    return JSONResponse(payload, status_code=status)


@router.get("/health")
async def health(request: Request):
    s = _sim(request)
    return {"status": "ok", "default_project": s.default_project, "default_org": s.store.ensure_default_org(),
            "now": iso(s.clock.now())}


@router.post("/peers/{peerId}/accept")
async def accept_peer(request: Request, peerId: str):
    s = _sim(request)
    gid, rec = s.store.find("peers", peerId)
    if rec is None:
        return _err(404, f"no peer {peerId}")
    t, T = s.clock.now(), s.config.transition_seconds
    status = lifecycle.peer_status(rec, t, T)
    if rec.get("_deleting") is not None or status == "FAILED":
        return _err(409, f"peer {peerId} is {status}; it cannot be accepted")
    if rec.get("_accepted") is None:
        if rec["providerName"] == "AWS" and s.aws is not None and rec.get("_moto"):
            await s.aws.accept(rec["connectionId"], rec.get("accepterRegionName") or rec.get("_moto_region"))
        # the customer cannot accept before the request exists: never earlier than the end of INITIATING
        rec["_accepted"] = max(t, rec["_created"] + T)
        s.store.mark_dirty()
    return _done(request, {"id": peerId, "groupId": gid, "status": lifecycle.peer_status(rec, t, T)})


@router.post("/fail/{kind}/{rid:path}")
async def fail(request: Request, kind: str, rid: str):
    s = _sim(request)
    if kind not in FAIL_KINDS:
        return _err(400, f"kind must be one of {', '.join(FAIL_KINDS)}")
    try:
        body = await _body(request)
    except _Bad as exc:
        return _err(400, str(exc))
    if kind == "access_list":
        from .routers.access_list import entry_key

        rid = entry_key(rid)
    # Access list entries are values, not ids: the same value may be in several projects.
    if kind == "private_endpoints":  # nested in their endpoint service
        gid, rec = privatelink.find_endpoint(s.store, rid, request.query_params.get("group_id"))
    else:
        gid, rec = s.store.find(kind, rid, request.query_params.get("group_id"))
    if rec is None:
        return _err(404, f"no {kind} resource {rid}")
    message = body.get("message") or "Simulated failure."
    if kind == "containers":
        rec["_fail_next"] = {"message": message}
    else:
        error_state = body.get("error_state", "REJECTED")
        if kind == "peers" and rec["providerName"] == "AWS" and error_state not in AWS_ERROR_STATES:
            return _err(400, f"error_state must be one of {', '.join(AWS_ERROR_STATES)}")
        rec["_failed"] = {"message": message, "error_state": error_state}
    s.store.mark_dirty()
    return _done(request, {"kind": kind, "id": rid, "groupId": gid, "failed": True})


@router.post("/reset")
async def reset(request: Request):
    s = _sim(request)
    s.reset()
    return _done(request, {"reset": True, "default_project": s.default_project})


@router.get("/requests")
async def requests_log(request: Request):
    s = _sim(request)
    gid = request.query_params.get("group_id")
    entries = [e for e in list(s.request_log) if gid is None or e.get("group_id") == gid]
    return {"requests": entries, "count": len(entries)}


@router.delete("/requests")
async def clear_requests(request: Request):
    _sim(request).request_log.clear()
    return {"cleared": True}


@router.post("/faults")
async def set_faults(request: Request):
    try:
        body = await _body(request)
        return _sim(request).faults.configure(body)
    except (_Bad, FaultConfigError) as exc:
        return _err(400, str(exc))


@router.get("/faults")
async def get_faults(request: Request):
    return _sim(request).faults.describe()


@router.delete("/faults")
async def clear_faults(request: Request):
    _sim(request).faults.clear()
    return {"cleared": True}


@router.post("/clock/advance")
async def advance(request: Request):
    try:
        body = await _body(request)
    except _Bad as exc:
        return _err(400, str(exc))
    seconds = body.get("seconds")
    if not isinstance(seconds, (int, float)) or seconds < 0:
        return _err(400, "seconds must be a non-negative number")
    s = _sim(request)
    s.clock.advance(seconds)
    s.store.mark_dirty()
    return _done(request, {"offset": s.clock.offset, "now": iso(s.clock.now())})


@router.get("/state")
async def state(request: Request):
    s = _sim(request)
    s.sync_clock()
    credentials = {name: dict(rec, verifier=None) for name, rec in s.store.credentials.items()}
    return s.store.snapshot() | {"secret": None, "credentials": credentials}


# ------------------------------------------------------------------ runtime settings
@router.get("/settings")
async def get_settings(request: Request):
    s = _sim(request)
    return {"settings": settings_mod.current(s.config), "overrides": dict(s.store.settings), "cli": dict(s.cli_settings)}


@router.post("/settings")
async def set_settings(request: Request):
    s = _sim(request)
    try:
        changes = settings_mod.validate(await _body(request))
    except (_Bad, settings_mod.SettingsError) as exc:
        return _err(400, str(exc))
    s.apply_settings({**s.store.settings, **changes})
    return _done(request, {"settings": settings_mod.current(s.config), "overrides": dict(s.store.settings)})


@router.delete("/settings")
async def reset_settings(request: Request):
    s = _sim(request)
    s.apply_settings({})
    return _done(request, {"settings": settings_mod.current(s.config), "overrides": {}})


# ------------------------------------------------------------------ version lifecycle
@router.get("/versions")
async def get_versions(request: Request):
    return {"marks": list(_sim(request).store.version_marks)}


@router.post("/versions")
async def mark_version(request: Request):
    s = _sim(request)
    try:
        mark = validate_mark(await _body(request))
    except (_Bad, MarkError) as exc:
        return _err(400, str(exc))
    same = (mark["version"], mark["paths_prefix"])
    s.store.version_marks = [m for m in s.store.version_marks if (m["version"], m["paths_prefix"]) != same] + [mark]
    s.store.mark_dirty()
    return _done(request, {"marks": list(s.store.version_marks)})


@router.delete("/versions")
async def clear_versions(request: Request):
    s = _sim(request)
    version = request.query_params.get("version")
    s.store.version_marks = [m for m in s.store.version_marks if version is not None and m["version"] != version]
    s.store.mark_dirty()
    return _done(request, {"marks": list(s.store.version_marks)})


# ------------------------------------------------------------------ maintenance window
@router.get("/maintenance")
async def get_maintenance(request: Request):
    s = _sim(request)
    return s.faults.describe_window(s.clock.now())


@router.post("/maintenance")
async def open_maintenance(request: Request):
    s = _sim(request)
    try:
        window = validate_window(await _body(request), s.clock.now())
    except (_Bad, FaultConfigError) as exc:
        return _err(400, str(exc))
    s.set_maintenance(window)
    return _done(request, s.faults.describe_window(s.clock.now()))


@router.delete("/maintenance")
async def close_maintenance(request: Request):
    s = _sim(request)
    s.set_maintenance(None)
    return _done(request, s.faults.describe_window(s.clock.now()))
