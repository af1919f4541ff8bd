"""``/groups/{groupId}/accessList`` — project IP access list (facts §12).

* POST takes a JSON array, answers 201 with the first page of the whole list, and upserts
  (re-POSTing an entry updates its comment / deleteAfterDate; no 409).
* ``ipAddress`` entries are stored under ``<ip>/32`` (``/128`` for IPv6) and returned with
  both ``ipAddress`` and ``cidrBlock``; the bare IP and the URL-encoded ``/32`` form address
  the same entry.
* Non-canonical CIDR blocks (host bits set) are rejected with 400 ``INVALID_CIDR_BLOCK``.
* Atlas refuses concurrent POSTs for one project: a POST that arrives while another is in
  flight gets 409 ``CONCURRENT_ACCESS_LIST_UPDATE`` (or 500 ``UNEXPECTED_ERROR`` with
  ``--access-list-conflict-status 500``).
* More than ``access_list_max_entries`` (200 as Atlas) entries: 403
  ``ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED``, nothing added.
* Eventual consistency (``access_list_propagation_seconds``, facts §12.3.11): for that many
  simulated seconds after its creation an entry's GET answers 404 while ``/status`` says
  PENDING.
"""

from __future__ import annotations

import asyncio
import ipaddress
from datetime import datetime, timezone
from urllib.parse import quote

from fastapi import APIRouter
from starlette.requests import Request

from .. import lifecycle
from ..clock import iso
from ..common import dirty, now, project, read_json, sim, step
from ..errors import ApiError, invalid
from ..models import AccessEntryIn, AccessEntryOut, parse
from ..pagination import base_url, paginate, params
from ..respond import ok

router = APIRouter()
MAX_ENTRIES = 200  # Atlas's limit; the default of access_list_max_entries
SEVEN_DAYS = 7 * 24 * 3600


def _prep(request: Request, gid: str):
    proj = project(request, gid)
    if lifecycle.reap(proj, now(request), step(request)):
        dirty(request)
    return proj


def entry_key(value: str) -> str:
    """Normalise a path ``entryValue`` to the storage key."""
    if "sg-" in value:
        return value
    try:
        ip = ipaddress.ip_address(value)
        return f"{ip}/{ip.max_prefixlen}"
    except ValueError:
        pass
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except ValueError:
        return value


def render(request: Request, gid: str, key: str, rec) -> dict:
    href = f"{base_url(request)}/api/atlas/v2/groups/{gid}/accessList/{quote(key, safe='')}"
    return AccessEntryOut(
        awsSecurityGroup=rec.get("awsSecurityGroup"), cidrBlock=rec.get("cidrBlock"), comment=rec.get("comment"),
        deleteAfterDate=rec.get("deleteAfterDate"), groupId=gid, ipAddress=rec.get("ipAddress"),
        links=[{"href": href, "rel": "self"}],
    ).dump()


def _listing(request: Request, gid: str, proj) -> dict:
    items = [render(request, gid, k, r) for k, r in proj["access_list"].items()]
    return paginate(request, items, path=f"/api/atlas/v2/groups/{gid}/accessList")


def _parse_date(value: str, t: float) -> str:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid("deleteAfterDate", "must be an ISO-8601 date-time") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    ts = dt.timestamp()
    if ts <= t:
        raise ApiError("EXPIRATION_DATE_IN_PAST")
    if ts > t + SEVEN_DAYS:
        raise ApiError("EXPIRATION_DATE_EXCEEDS_MAX")
    return iso(ts)


def _validate_entry(raw, proj, t):
    e = parse(AccessEntryIn, raw)
    given = [n for n in ("ipAddress", "cidrBlock", "awsSecurityGroup") if getattr(e, n) not in (None, "")]
    if not given:
        raise ApiError("MISSING_ONE_OF_THREE_ATTRIBUTES", ["awsSecurityGroup", "cidrBlock", "ipAddress"])
    if len(given) > 1:
        raise ApiError("MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY")
    if e.comment is not None and len(e.comment) > 80:
        raise ApiError("INVALID_NETWORK_PERMISSION_COMMENT", [e.comment])
    rec = {}
    if e.ipAddress:
        try:
            ip = ipaddress.ip_address(e.ipAddress)
        except ValueError:
            raise ApiError("INVALID_IP_ADDRESS_OR_CIDR_NOTATION", [e.ipAddress]) from None
        key = f"{ip}/{ip.max_prefixlen}"
        rec.update(ipAddress=str(ip), cidrBlock=key)
    elif e.cidrBlock:
        try:
            net = ipaddress.ip_network(e.cidrBlock, strict=True)
        except ValueError:
            try:
                ipaddress.ip_network(e.cidrBlock, strict=False)
            except ValueError:
                raise ApiError("INVALID_IP_ADDRESS_OR_CIDR_NOTATION", [e.cidrBlock]) from None
            raise ApiError("INVALID_CIDR_BLOCK", [e.cidrBlock]) from None
        key = str(net)
        rec["cidrBlock"] = key
    else:
        key = e.awsSecurityGroup
        if e.deleteAfterDate:
            raise ApiError("NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED")
        if not [p for p in proj["peers"].values() if p["providerName"] == "AWS" and p.get("_deleting") is None]:
            raise ApiError("CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION")
        rec["awsSecurityGroup"] = key
    if e.comment is not None:
        rec["comment"] = e.comment
    if e.deleteAfterDate:
        rec["deleteAfterDate"] = _parse_date(e.deleteAfterDate, t)
    return key, rec


@router.get("/accessList")
async def list_entries(request: Request, groupId: str):
    proj = _prep(request, groupId)
    return ok(request, _listing(request, groupId, proj), is_list=True)


@router.post("/accessList")
async def add_entries(request: Request, groupId: str):
    s = sim(request)
    proj = _prep(request, groupId)
    params(request)  # validate pagination parameters first
    if groupId in s.access_list_in_flight:
        if s.config.access_list_conflict_status == 500:
            raise ApiError("UNEXPECTED_ERROR")
        raise ApiError("CONCURRENT_ACCESS_LIST_UPDATE", [groupId])
    s.access_list_in_flight.add(groupId)
    try:
        body = await read_json(request)
        if s.config.access_list_post_seconds > 0:
            await asyncio.sleep(s.config.access_list_post_seconds)
        if not isinstance(body, list):
            raise ApiError("INVALID_JSON", detail="The request body must be a JSON array of access list entries.")
        t = now(request)
        new = {}
        for raw in body:
            key, rec = _validate_entry(raw, proj, t)
            if key in new:
                raise ApiError("DUPLICATE_ADDRESSES_IN_INPUT", [key])
            new[key] = rec
        limit = s.config.access_list_max_entries
        if len(set(proj["access_list"]) | set(new)) > limit:
            raise ApiError("ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED", [limit])
        for key, rec in new.items():
            old = proj["access_list"].get(key)
            if old is None:
                rec["_created"] = t
                proj["access_list"][key] = rec
            else:
                for f in ("comment", "deleteAfterDate"):
                    if f in rec:
                        old[f] = rec[f]
                    else:
                        old.pop(f, None)
        dirty(request)
    finally:
        s.access_list_in_flight.discard(groupId)
    return ok(request, _listing(request, groupId, proj), 201, is_list=True)


def _get(proj, gid, value):
    key = entry_key(value)
    rec = proj["access_list"].get(key)
    if rec is None:
        raise ApiError("ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND", [key, gid])
    return key, rec


def _propagating(request: Request, rec) -> bool:
    return now(request) - rec.get("_created", 0) < sim(request).config.access_list_propagation_seconds


@router.get("/accessList/{entryValue:path}/status")
async def entry_status(request: Request, groupId: str, entryValue: str):
    proj = _prep(request, groupId)
    _, rec = _get(proj, groupId, entryValue)
    pending = max(step(request), sim(request).config.access_list_propagation_seconds)
    return ok(request, {"STATUS": lifecycle.access_status(rec, now(request), pending)})


@router.get("/accessList/{entryValue:path}")
async def get_entry(request: Request, groupId: str, entryValue: str):
    proj = _prep(request, groupId)
    key, rec = _get(proj, groupId, entryValue)
    if _propagating(request, rec):
        raise ApiError("ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND", [key, groupId])
    return ok(request, render(request, groupId, key, rec))


@router.delete("/accessList/{entryValue:path}")
async def delete_entry(request: Request, groupId: str, entryValue: str):
    proj = _prep(request, groupId)
    key, _ = _get(proj, groupId, entryValue)
    del proj["access_list"][key]
    dirty(request)
    return ok(request, None, 204)
