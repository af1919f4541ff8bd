"""``/_sim/`` controls for private endpoints (the generic ``/_sim/fail/{kind}/{id}`` in control.py
also covers them: kinds ``private_endpoint_services``, ``private_endpoints``,
``data_federation_private_endpoints``, ``ear_private_endpoints``).

* ``GET|PATCH /_sim/projects/{groupId}/private_networking``: the project's settings
  (``replica_sets``, ``ear_require_private_networking``, ``data_federation_pending_seconds``,
  ``gcp_service_attachments``; ``regional_mode`` is shown, and set through the API).
* ``POST /_sim/data_federation_private_endpoints/{endpointId}/pending``: PENDING for a while.
* ``POST /_sim/ear_private_endpoints/{id}/approve`` / ``.../reject``: the customer approves or
  rejects an Azure Key Vault private endpoint connection.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request

from . import privatelink as pl
from .control import _Bad, _body, _done, _err, _sim
from .store import new_id

router = APIRouter()


def _is_bool(value) -> bool:
    return isinstance(value, bool)


def _check_settings(body) -> None:
    """Raise _Bad for an invalid settings update; returns nothing when it can be applied."""
    unknown = set(body) - set(pl.DEFAULT_SETTINGS)
    if unknown:
        raise _Bad(f"unknown settings {sorted(unknown)}; known: {sorted(pl.DEFAULT_SETTINGS)}")
    if "replica_sets" in body and not _is_bool(body["replica_sets"]):
        raise _Bad("replica_sets must be true or false")
    ear = body.get("ear_require_private_networking", {})
    if not isinstance(ear, dict) or set(ear) - {"AWS", "AZURE"} or not all(_is_bool(v) for v in ear.values()):
        raise _Bad('ear_require_private_networking must look like {"AWS": true, "AZURE": false}')
    pending = body.get("data_federation_pending_seconds", 0)
    if _is_bool(pending) or not isinstance(pending, (int, float)) or pending < 0:
        raise _Bad("data_federation_pending_seconds must be a non-negative number")
    count = body.get("gcp_service_attachments", 1)
    if _is_bool(count) or not isinstance(count, int) or not 1 <= count <= 50:
        raise _Bad("gcp_service_attachments must be an integer from 1 to 50")


@router.get("/projects/{groupId}/private_networking")
async def get_settings(request: Request, groupId: str):
    proj = _sim(request).store.project(groupId)
    if proj is None:
        return _err(404, f"no project {groupId}")
    return pl.settings(proj)


@router.patch("/projects/{groupId}/private_networking")
async def update_settings(request: Request, groupId: str):
    s = _sim(request)
    proj = s.store.project(groupId)
    if proj is None:
        return _err(404, f"no project {groupId}")
    try:
        body = await _body(request)
        _check_settings(body)
    except _Bad as exc:
        return _err(400, str(exc))
    conf = pl.settings(proj)
    if body.get("replica_sets") and conf["regional_mode"]:
        return _err(409, "a project with regionalized private endpoints cannot contain replica sets")
    for prov, required in body.get("ear_require_private_networking", {}).items():
        regions = sorted({r["regionName"] for r in proj[pl.EAR].values() if r["cloudProvider"] == prov})
        if not required and regions:  # Atlas's answer to PATCH /encryptionAtRest (TF CI logs)
            return _err(400, "CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST: "
                             f"remove the {prov} private endpoints in region(s) {', '.join(regions)} first")
    for key, value in body.items():
        if key == "ear_require_private_networking":
            conf[key].update(value)
        else:
            conf[key] = value
    s.store.mark_dirty()
    return _done(request, conf)


@router.post("/data_federation_private_endpoints/{endpointId:path}/pending")
async def make_pending(request: Request, endpointId: str):
    s = _sim(request)
    try:
        body = await _body(request)
    except _Bad as exc:
        return _err(400, str(exc))
    seconds = body.get("seconds", s.config.transition_seconds)
    if _is_bool(seconds) or not isinstance(seconds, (int, float)) or seconds < 0:
        return _err(400, "seconds must be a non-negative number")
    gid, rec = _find_df(s.store, endpointId, request.query_params.get("group_id"))
    if rec is None:
        return _err(404, f"no Data Federation private endpoint {endpointId}")
    t = s.clock.now()
    rec["_pending_until"] = t + seconds
    rec["_failed"] = None
    s.store.mark_dirty()
    return _done(request, {"endpointId": rec["endpointId"], "groupId": gid, "status": pl.df_status(rec, t)})


def _find_df(store, endpoint_id: str, group_id=None):
    for gid, proj in store.projects.items():
        if group_id is None or gid == group_id:
            rec = pl.lookup(proj.get(pl.DATA_FEDERATION, {}), endpoint_id)
            if rec is not None:
                return gid, rec
    return None, None


def _azure_ear(request: Request, eid: str):
    """(sim, group id, record, status) of an Azure EAR private endpoint, or an error response."""
    s = _sim(request)
    gid, rec = s.store.find(pl.EAR, eid)
    if rec is None:
        return None, _err(404, f"no encryption-at-rest private endpoint {eid}")
    if rec["cloudProvider"] != "AZURE":
        return None, _err(409, "only Azure Key Vault private endpoints wait for the customer's approval")
    return (s, gid, rec, pl.ear_status(rec, s.clock.now(), s.config.transition_seconds)), None


@router.post("/ear_private_endpoints/{endpointId}/approve")
async def approve(request: Request, endpointId: str):
    found, error = _azure_ear(request, endpointId)
    if error:
        return error
    s, gid, rec, status = found
    if status not in ("INITIATING", "PENDING_ACCEPTANCE", "ACTIVE"):
        return _err(409, f"private endpoint {endpointId} is {status}; it cannot be approved")
    if rec.get("_approved") is None:
        t, T = s.clock.now(), s.config.transition_seconds
        # the connection cannot be approved before it exists: never before PENDING_ACCEPTANCE
        rec["_approved"] = max(t, rec["_created"] + T)
        s.store.mark_dirty()
    return _done(request, {"id": endpointId, "groupId": gid,
                           "status": pl.ear_status(rec, s.clock.now(), s.config.transition_seconds)})


@router.post("/ear_private_endpoints/{endpointId}/reject")
async def reject(request: Request, endpointId: str):
    found, error = _azure_ear(request, endpointId)
    if error:
        return error
    s, gid, rec, status = found
    if status not in ("PENDING_ACCEPTANCE", "ACTIVE"):
        return _err(409, f"private endpoint {endpointId} is {status}; only PENDING_ACCEPTANCE or ACTIVE ones can be rejected")
    rec["_recreating"] = s.clock.now()
    rec["_successor"] = new_id()
    s.store.mark_dirty()
    return _done(request, {"id": endpointId, "groupId": gid, "status": "PENDING_RECREATION", "new_id": rec["_successor"]})
