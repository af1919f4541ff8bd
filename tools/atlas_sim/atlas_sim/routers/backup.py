"""``/groups/{groupId}/backup/{cloudProvider}/privateEndpoints`` — object-storage private
endpoints for backups (facts §11).  AWS only.  DELETE answers 204 and the endpoint then
shows ``DELETING`` for one transition period before it is gone."""

from __future__ import annotations

import secrets

from fastapi import APIRouter
from starlette.requests import Request

from .. import lifecycle
from ..common import dirty, now, project, read_json, step
from ..errors import ApiError, invalid, missing
from ..models import BackupPeIn, BackupPeOut, parse
from ..pagination import paginate
from ..regions import BACKUP_PE_REGIONS
from ..respond import ok
from ..store import new_id

router = APIRouter()


def _prep(request: Request, gid: str, cloud: str):
    if cloud != "AWS":
        raise ApiError("INVALID_ENUM_VALUE", [cloud], fields=[{"field": "cloudProvider", "description": "only AWS is supported"}])
    proj = project(request, gid)
    if lifecycle.reap(proj, now(request), step(request)):
        dirty(request)
    return proj


def render(rec, t, T) -> dict:
    status = lifecycle.backup_status(rec, t, T)
    return BackupPeOut(
        errorMessage=(rec.get("_failed") or {}).get("message") if status == "FAILED" else None,
        id=rec["id"],
        privateEndpointConnectionName=rec.get("_vpce") if status in ("ACTIVE", "DELETING") else None,
        regionName=rec["regionName"],
        status=status,
        vpcRegionName=rec["vpcRegionName"],
    ).dump()


@router.get("/backup/{cloudProvider}/privateEndpoints")
async def list_endpoints(request: Request, groupId: str, cloudProvider: str):
    proj = _prep(request, groupId, cloudProvider)
    t, T = now(request), step(request)
    items = [render(r, t, T) for r in proj["backup_private_endpoints"].values()]
    return ok(request, paginate(request, items), is_list=True)


@router.post("/backup/{cloudProvider}/privateEndpoints")
async def create_endpoint(request: Request, groupId: str, cloudProvider: str):
    proj = _prep(request, groupId, cloudProvider)
    body = parse(BackupPeIn, await read_json(request))
    if body.cloudProvider is not None and body.cloudProvider != cloudProvider:
        raise invalid("cloudProvider", "must match the cloudProvider path parameter")
    if body.regionName is None:
        raise missing("regionName")
    for name in ("regionName", "vpcRegionName"):
        val = getattr(body, name)
        if val is not None and val not in BACKUP_PE_REGIONS:
            raise ApiError("INVALID_REGION", [val, cloudProvider])
    vpc_region = body.vpcRegionName or body.regionName
    for other in proj["backup_private_endpoints"].values():
        if other.get("_deleting") is None and (other["regionName"], other["vpcRegionName"]) == (body.regionName, vpc_region):
            raise ApiError("OBJECT_STORAGE_PRIVATE_ENDPOINT_ALREADY_EXISTS", [body.regionName, vpc_region])
    eid = new_id()
    rec = {
        "id": eid, "cloudProvider": "AWS", "regionName": body.regionName, "vpcRegionName": vpc_region,
        "_created": now(request), "_deleting": None, "_failed": None, "_vpce": "vpce-" + secrets.token_hex(9)[:17],
    }
    proj["backup_private_endpoints"][eid] = rec
    dirty(request)
    return ok(request, render(rec, now(request), step(request)), 201)


def _get(proj, gid, eid):
    rec = proj["backup_private_endpoints"].get(eid)
    if rec is None:
        raise ApiError("OBJECT_STORAGE_PRIVATE_ENDPOINT_NOT_FOUND", [eid, gid])
    return rec


@router.get("/backup/{cloudProvider}/privateEndpoints/{endpointId}")
async def get_endpoint(request: Request, groupId: str, cloudProvider: str, endpointId: str):
    proj = _prep(request, groupId, cloudProvider)
    return ok(request, render(_get(proj, groupId, endpointId), now(request), step(request)))


@router.delete("/backup/{cloudProvider}/privateEndpoints/{endpointId}")
async def delete_endpoint(request: Request, groupId: str, cloudProvider: str, endpointId: str):
    proj = _prep(request, groupId, cloudProvider)
    rec = _get(proj, groupId, endpointId)
    if rec.get("_deleting") is None:
        rec["_deleting"] = now(request)
        lifecycle.reap(proj, now(request), step(request))
        dirty(request)
    return ok(request, None, 204)
