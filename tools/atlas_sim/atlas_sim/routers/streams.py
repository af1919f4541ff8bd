"""``/groups/{groupId}/streams/privateLinkConnections`` — Atlas Stream Processing private
link connections (facts §10).  POST echoes the request as sent (facts §10.3)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter
from starlette.requests import Request

from .. import lifecycle
from ..common import dirty, now, project, read_json, step
from ..errors import ApiError, invalid, missing
from ..models import StreamLinkIn, StreamLinkOut, StreamLinkPatch, parse
from ..pagination import paginate
from ..respond import ok
from ..store import new_id

router = APIRouter()

VENDORS = {
    "AWS": {"GENERIC", "MSK", "CONFLUENT", "KINESIS", "S3", "LAMBDA"},
    "AZURE": {"GENERIC", "EVENTHUB", "CONFLUENT", "AZURE_BLOB_STORAGE"},
    "GCP": {"GENERIC", "CONFLUENT", "PUBSUB"},
}
# Required attributes per provider/vendor (facts §10.5).  A tuple inside the list means
# "one of these".
REQUIRED = {
    ("AWS", "MSK"): ["arn"],
    ("AWS", "CONFLUENT"): ["serviceEndpointId", "region", "dnsSubDomain"],
    ("AWS", "S3"): ["region", "serviceEndpointId"],
    ("AWS", "LAMBDA"): ["serviceEndpointId"],
    ("AZURE", "EVENTHUB"): ["serviceEndpointId", "dnsDomain", "region"],
    ("AZURE", "CONFLUENT"): ["dnsDomain", "region", ("serviceEndpointId", "azureResourceIds")],
    ("AZURE", "AZURE_BLOB_STORAGE"): ["region", "serviceEndpointId", "dnsDomain"],
    ("GCP", "CONFLUENT"): ["gcpServiceAttachmentUris", "region", "dnsDomain"],
    ("GCP", "PUBSUB"): ["region"],
}
WRITABLE = (
    "provider", "vendor", "region", "arn", "dnsDomain", "dnsSubDomain", "serviceEndpointId",
    "azureResourceIds", "gcpServiceAttachmentUris", "gcpConnectionIds", "authenticationScheme",
)


def _prep(request: Request, gid: str):
    proj = project(request, gid)
    if lifecycle.reap(proj, now(request), step(request)):
        dirty(request)
    return proj


def render(rec, t, T) -> dict:
    state = lifecycle.stream_status(rec, t, T)
    fields = {k: rec[k] for k in WRITABLE if rec.get(k) is not None}
    out = StreamLinkOut(_id=rec["id"], state=state, **fields)
    if state == "FAILED":
        out.errorMessage = (rec.get("_failed") or {}).get("message")
    if rec["provider"] == "AWS" and state == "DONE":
        out.interfaceEndpointId = rec.get("_vpce")
    return out.dump()


def _key(rec):
    ids = (rec.get("arn"), rec.get("serviceEndpointId"), tuple(rec.get("gcpServiceAttachmentUris") or ()), tuple(rec.get("azureResourceIds") or ()))
    region = rec.get("region") if not any(ids) else None
    return (rec["provider"], rec["vendor"], ids, region)


@router.get("/streams/privateLinkConnections")
async def list_links(request: Request, groupId: str):
    proj = _prep(request, groupId)
    t, T = now(request), step(request)
    items = [render(r, t, T) for r in proj["stream_privatelinks"].values()]
    return ok(request, paginate(request, items, with_include_count=False), is_list=True)


@router.post("/streams/privateLinkConnections")
async def create_link(request: Request, groupId: str):
    proj = _prep(request, groupId)
    raw = await read_json(request)
    body = parse(StreamLinkIn, raw)
    if not body.provider:
        raise missing("provider")
    provider = body.provider.upper()
    if provider not in VENDORS:
        raise ApiError("INVALID_ENUM_VALUE", [body.provider], fields=[{"field": "provider", "description": "must be AWS, AZURE or GCP"}])
    vendor = (body.vendor or "GENERIC").upper()
    if vendor not in VENDORS[provider]:
        raise ApiError("INVALID_ENUM_VALUE", [body.vendor], fields=[{"field": "vendor", "description": f"not a {provider} vendor"}])
    for req in REQUIRED.get((provider, vendor), []):
        names = req if isinstance(req, tuple) else (req,)
        if all(getattr(body, n) is None for n in names):
            raise missing(names[0])
    rec = {k: getattr(body, k) for k in WRITABLE if getattr(body, k) is not None}
    rec.update(provider=provider, vendor=vendor)
    if (provider, vendor) == ("AWS", "MSK"):
        if body.region is not None:
            raise invalid("region", "region must not be set for MSK; it is taken from the ARN")
        parts = body.arn.split(":")
        rec["region"] = parts[3] if len(parts) > 3 and parts[3] else None
    for other in proj["stream_privatelinks"].values():
        if other.get("_deleting") is None and _key(other) == _key(rec):
            raise ApiError("STREAM_PRIVATE_LINK_ALREADY_EXISTS")
    lid = new_id()
    rec.update(id=lid, _created=now(request), _deleting=None, _failed=None, _vpce="vpce-" + secrets.token_hex(9)[:17])
    proj["stream_privatelinks"][lid] = rec
    dirty(request)
    echo = {k: v for k, v in raw.items() if k in WRITABLE}
    echo["_id"] = lid
    return ok(request, echo, 200)


def _get(proj, gid, lid):
    rec = proj["stream_privatelinks"].get(lid)
    if rec is None:
        raise ApiError("STREAM_PRIVATE_LINK_NOT_FOUND", [lid, gid])
    return rec


@router.get("/streams/privateLinkConnections/{connectionId}")
async def get_link(request: Request, groupId: str, connectionId: str):
    proj = _prep(request, groupId)
    return ok(request, render(_get(proj, groupId, connectionId), now(request), step(request)))


@router.patch("/streams/privateLinkConnections/{connectionId}")
async def update_link(request: Request, groupId: str, connectionId: str):
    proj = _prep(request, groupId)
    rec = _get(proj, groupId, connectionId)
    body = parse(StreamLinkPatch, await read_json(request))
    if body.dnsDomain is None:
        raise missing("dnsDomain")
    state = lifecycle.stream_status(rec, now(request), step(request))
    if rec.get("dnsDomain") and state != "IDLE":
        raise invalid("dnsDomain", "dnsDomain can change only when none is set or the connection is IDLE")
    rec["dnsDomain"] = body.dnsDomain
    dirty(request)
    return ok(request, render(rec, now(request), step(request)))


@router.delete("/streams/privateLinkConnections/{connectionId}")
async def delete_link(request: Request, groupId: str, connectionId: str):
    proj = _prep(request, groupId)
    rec = _get(proj, groupId, connectionId)
    if rec.get("_deleting") is None:
        rec["_deleting"] = now(request)
        lifecycle.reap(proj, now(request), step(request))
        dirty(request)
    return ok(request, {}, 202)
