"""``/groups/{groupId}/privateNetworkSettings/endpointIds`` — Data Federation / Online Archive
private endpoints (privatelink facts §5).

* POST is an upsert keyed by ``endpointId``: a new id is appended, a known one gets its
  ``comment`` updated (other attributes cannot change: 400 ``INVALID_ATTRIBUTE``).  It answers
  **201** with the first page of the whole list (self link without ``includeCount``).
* Entries are ``OK`` at once, as observed; a project's ``data_federation_pending_seconds``
  (``/_sim/projects/{id}/private_networking``) keeps new entries ``PENDING`` and deleted ones
  ``DELETING`` that long.  Absent attributes are omitted (no explicit nulls here).
* ``region`` and ``customerEndpointDNSName`` go together; Azure ids are resource ids, sent
  URL-encoded as one path segment.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request

from .. import privatelink as pl
from ..common import dirty, now, read_json
from ..errors import ApiError, invalid, missing
from ..models import DataFederationEntryIn, DataFederationEntryOut, parse
from ..pagination import paginate
from ..regions import PROVIDER_REGIONS
from ..respond import ok

router = APIRouter()
PATH = "/privateNetworkSettings/endpointIds"
# Attributes fixed once an entry exists (TF forces replacement for them); only comment may change.
FIXED = ("provider", "type", "region", "customerEndpointDNSName", "azureLinkId", "customerEndpointIPAddress")


def render(rec, t: float) -> dict:
    status = pl.df_status(rec, t)
    return DataFederationEntryOut(
        errorMessage=(rec.get("_failed") or {}).get("message") if status == "FAILED" else None, status=status,
        **{k: v for k, v in rec.items() if not k.startswith("_")},
    ).dump()


def _validate(body: DataFederationEntryIn) -> dict:
    if not body.endpointId:
        raise missing("endpointId")
    provider = body.provider or "AWS"
    if provider not in ("AWS", "AZURE"):
        raise ApiError("INVALID_ENUM_VALUE", [provider], fields=[{"field": "provider", "description": "must be AWS or AZURE"}])
    if (body.type or "DATA_LAKE") != "DATA_LAKE":
        raise ApiError("INVALID_ENUM_VALUE", [body.type], fields=[{"field": "type", "description": "must be DATA_LAKE"}])
    if provider == "AWS" and not pl.VPCE_RX.match(body.endpointId):
        raise invalid("endpointId", "must be an AWS interface endpoint id: vpce- and 17 hexadecimal digits")
    if provider == "AZURE" and not pl.AZURE_PE_RX.match(body.endpointId):
        raise invalid("endpointId", "must be the resource id of an Azure private endpoint")
    if (body.region is None) != (body.customerEndpointDNSName is None):
        raise missing("customerEndpointDNSName" if body.region is not None else "region")
    if body.region is not None and body.region not in PROVIDER_REGIONS[provider]:
        raise ApiError("INVALID_REGION", [body.region, provider])
    if provider == "AWS":
        for field in ("azureLinkId", "customerEndpointIPAddress"):
            if getattr(body, field) is not None:
                raise invalid(field, "only for AZURE private endpoints")
    if body.customerEndpointIPAddress is not None and not (
            pl.valid_ip(body.customerEndpointIPAddress, 4) or pl.valid_ip(body.customerEndpointIPAddress, 6)):
        raise invalid("customerEndpointIPAddress", "must be an IP address")
    fields = {f: getattr(body, f) for f in FIXED + ("comment",) if getattr(body, f) is not None}
    return dict(fields, endpointId=body.endpointId, provider=provider, type="DATA_LAKE")


def _listing(request: Request, proj, t: float, *, after_post: bool = False) -> dict:
    items = [render(rec, t) for rec in proj[pl.DATA_FEDERATION].values()]
    if after_post:  # observed: first page, self link without includeCount, totalCount present
        return paginate(request, items, with_include_count=False, force=(100, 1, True))
    return paginate(request, items)


@router.get(PATH)
async def list_entries(request: Request, groupId: str):
    proj = await pl.prep(request, groupId)
    return ok(request, _listing(request, proj, now(request)), is_list=True)


@router.post(PATH)
async def upsert_entry(request: Request, groupId: str):
    proj = await pl.prep(request, groupId)
    fields = _validate(parse(DataFederationEntryIn, await read_json(request)))
    t = now(request)
    entries = proj[pl.DATA_FEDERATION]
    key = fields["endpointId"]
    cur = pl.lookup(entries, key)
    if cur is not None and cur.get("_deleting") is None:
        for field in FIXED:
            if field in fields and fields[field] != cur.get(field):
                raise invalid(field, f"{field} cannot change; delete the private endpoint and add it again")
        if "comment" in fields and fields["comment"] != cur.get("comment"):
            cur["comment"] = fields["comment"]
            dirty(request)
    else:
        if key.lower() in {k.lower() for k in pl.cluster_endpoint_ids(proj)}:
            raise ApiError("PRIVATE_ENDPOINT_ID_IN_USE", [fields["endpointId"], "cluster"])
        if cur is not None:  # re-added while being deleted
            del entries[next(k for k, r in entries.items() if r is cur)]
        pending = float(pl.settings(proj)["data_federation_pending_seconds"])
        entries[key] = dict(fields, _created=t, _pending_until=t + pending, _deleting=None, _failed=None)
        dirty(request)
    return ok(request, _listing(request, proj, t, after_post=True), 201, is_list=True)


def _get(request: Request, proj, gid: str, endpoint_id: str):
    pl.single_path_segment(request, endpoint_id)
    rec = pl.lookup(proj[pl.DATA_FEDERATION], endpoint_id)
    if rec is None:
        raise ApiError("DATA_FEDERATION_PRIVATE_ENDPOINT_NOT_FOUND", [endpoint_id, gid])
    return rec


@router.get(PATH + "/{endpointId:path}")
async def get_entry(request: Request, groupId: str, endpointId: str):
    proj = await pl.prep(request, groupId)
    return ok(request, render(_get(request, proj, groupId, endpointId), now(request)))


@router.delete(PATH + "/{endpointId:path}")
async def delete_entry(request: Request, groupId: str, endpointId: str):
    proj = await pl.prep(request, groupId)
    rec = _get(request, proj, groupId, endpointId)
    if rec.get("_deleting") is None:
        t = now(request)
        rec["_deleting"] = t
        rec["_deleting_until"] = t + float(pl.settings(proj)["data_federation_pending_seconds"])
        dirty(request)
        await pl.prep(request, groupId)
    return ok(request, None, 204)
