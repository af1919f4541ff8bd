"""``/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints`` — private endpoints
for encryption at rest with customer key management (privatelink facts §6).  AWS and AZURE.

* POST needs the project's encryption-at-rest settings to require private networking for that
  provider (``/_sim/projects/{id}/private_networking``); otherwise 400
  ``ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED``.  It answers **202** with the endpoint.
* One endpoint per provider and region (409).  AWS: INITIATING -> ACTIVE.  Azure: INITIATING ->
  PENDING_ACCEPTANCE, ACTIVE after ``/_sim/ear_private_endpoints/{id}/approve``; a rejection
  (``.../reject``) gives PENDING_RECREATION, then a new endpoint with a new id.
* DELETE answers 204 and the endpoint shows DELETING for T; during INITIATING Atlas refuses it
  (400 ``ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING``).
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request

from .. import privatelink as pl
from ..common import dirty, now, read_json, step
from ..errors import ApiError, missing
from ..models import EarPrivateEndpointIn, EarPrivateEndpointOut, parse
from ..pagination import paginate
from ..regions import AWS_REGIONS, AZURE_REGIONS
from ..respond import ok

router = APIRouter()
PATH = "/encryptionAtRest/{cloudProvider}/privateEndpoints"
REGIONS = {"AWS": AWS_REGIONS, "AZURE": AZURE_REGIONS}


def _provider(value: str) -> str:
    if value not in REGIONS:
        raise ApiError("INVALID_ENUM_VALUE", [value], fields=[{"field": "cloudProvider", "description": "must be AWS or AZURE"}])
    return value


def connection_name(rec, status: str):
    """Azure: shown from PENDING_ACCEPTANCE on (the connection to approve); AWS: once ACTIVE."""
    shown = ("INITIATING", "FAILED") if rec["cloudProvider"] == "AZURE" else ("INITIATING", "FAILED", "PENDING_RECREATION")
    return None if status in shown else rec["_connection_name"]


def render(rec, t: float, T: float) -> dict:
    status = pl.ear_status(rec, t, T)
    error = None
    if status == "FAILED":
        error = (rec.get("_failed") or {}).get("message")
    elif status == "PENDING_RECREATION":
        error = pl.EAR_REJECTED_MESSAGE
    return EarPrivateEndpointOut(
        cloudProvider=rec["cloudProvider"], errorMessage=error, id=rec["id"],
        privateEndpointConnectionName=connection_name(rec, status), regionName=rec["regionName"], status=status,
    ).dump()


def _get(proj, gid: str, prov: str, eid: str):
    rec = proj[pl.EAR].get(eid)
    if rec is None or rec["cloudProvider"] != prov:
        raise ApiError("ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND", [eid, gid])
    return rec


@router.get(PATH)
async def list_endpoints(request: Request, groupId: str, cloudProvider: str):
    prov = _provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    t, T = now(request), step(request)
    items = [render(r, t, T) for r in proj[pl.EAR].values() if r["cloudProvider"] == prov]
    return ok(request, paginate(request, items), is_list=True)


@router.post(PATH)
async def create_endpoint(request: Request, groupId: str, cloudProvider: str):
    prov = _provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    body = parse(EarPrivateEndpointIn, await read_json(request))
    if body.regionName is None:
        raise missing("regionName")
    if body.regionName not in REGIONS[prov]:
        raise ApiError("INVALID_REGION", [body.regionName, prov])
    if not pl.settings(proj)["ear_require_private_networking"].get(prov):
        raise ApiError("ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED", [prov])
    t, T = now(request), step(request)
    for other in proj[pl.EAR].values():
        if (other["cloudProvider"], other["regionName"]) == (prov, body.regionName) and other.get("_deleting") is None:
            raise ApiError("ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS", [prov, body.regionName])
    rec = pl.new_ear_record(prov, body.regionName, t)
    proj[pl.EAR][rec["id"]] = rec
    dirty(request)
    return ok(request, render(rec, t, T), 202)


@router.get(PATH + "/{endpointId}")
async def get_endpoint(request: Request, groupId: str, cloudProvider: str, endpointId: str):
    prov = _provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    return ok(request, render(_get(proj, groupId, prov, endpointId), now(request), step(request)))


@router.delete(PATH + "/{endpointId}")
async def delete_endpoint(request: Request, groupId: str, cloudProvider: str, endpointId: str):
    prov = _provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    rec = _get(proj, groupId, prov, endpointId)
    t, T = now(request), step(request)
    if rec.get("_deleting") is None:
        if pl.ear_status(rec, t, T) == "INITIATING":
            raise ApiError("ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING", [[endpointId]],
                           detail=f"Failed to delete Encryption at Rest Private endpoint with id [{endpointId}] "
                                  "during IN_PROGRESS state. Please try again later.")
        rec["_deleting"] = t
        dirty(request)
        await pl.prep(request, groupId)
    return ok(request, None, 204)
