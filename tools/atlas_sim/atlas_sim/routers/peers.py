"""``/groups/{groupId}/peers`` — network peering connections (facts §9)."""

from __future__ import annotations

import ipaddress
import logging
import secrets

from fastapi import APIRouter
from starlette.requests import Request

from .. import lifecycle
from ..common import dirty, now, project, read_json, sim, step
from ..errors import ApiError, invalid, missing
from ..models import AwsPeerOut, AzurePeerOut, GcpPeerOut, PeerIn, parse
from ..pagination import paginate
from ..regions import AWS_NATIVE_REGIONS, aws_native
from ..respond import ok
from ..store import new_id

router = APIRouter()
log = logging.getLogger("atlas_sim")
PROVIDERS = ("AWS", "AZURE", "GCP")
REQUIRED = {
    "AWS": ("accepterRegionName", "awsAccountId", "routeTableCidrBlock", "vpcId"),
    "AZURE": ("azureDirectoryId", "azureSubscriptionId", "resourceGroupName", "vnetName"),
    "GCP": ("gcpProjectId", "networkName"),
}
# Attributes that PATCH may change in place (facts §9.5); others must keep their value.
MUTABLE = {"AWS": ("awsAccountId", "routeTableCidrBlock"), "AZURE": (), "GCP": ()}


async def _prep(request: Request, gid: str):
    proj = project(request, gid)
    s = sim(request)
    if s.aws is not None:
        await s.aws.sync_project(s, proj)
    if lifecycle.reap(proj, now(request), step(request)):
        dirty(request)
    return proj


def render(proj, rec, t: float, T: float) -> dict:
    status = lifecycle.peer_status(rec, t, T)
    prov = rec["providerName"]
    failed = rec.get("_failed") or {}
    if prov == "AWS":
        container = proj["containers"].get(rec["containerId"]) or {}
        accepter = rec["accepterRegionName"]
        if container.get("regionName") and aws_native(container["regionName"]) == accepter:
            accepter = None  # Atlas returns null/omits it for a same-region peering
        return AwsPeerOut(
            accepterRegionName=accepter, awsAccountId=rec["awsAccountId"],
            connectionId=rec.get("connectionId") if status != "INITIATING" else None,
            containerId=rec["containerId"], errorStateName=failed.get("error_state") if status == "FAILED" else None,
            id=rec["id"], routeTableCidrBlock=rec["routeTableCidrBlock"], statusName=status, vpcId=rec["vpcId"],
        ).dump()
    if prov == "AZURE":
        return AzurePeerOut(
            azureDirectoryId=rec["azureDirectoryId"], azureSubscriptionId=rec["azureSubscriptionId"],
            containerId=rec["containerId"], errorState=failed.get("message") if status == "FAILED" else None,
            id=rec["id"], resourceGroupName=rec["resourceGroupName"], status=status, vnetName=rec["vnetName"],
        ).dump()
    return GcpPeerOut(
        containerId=rec["containerId"], errorMessage=failed.get("message") if status == "FAILED" else None,
        gcpProjectId=rec["gcpProjectId"], id=rec["id"], networkName=rec["networkName"], status=status,
    ).dump()


def _validate_aws(body: PeerIn) -> None:
    region = body.accepterRegionName
    if region is not None and region not in AWS_NATIVE_REGIONS:
        raise invalid("accepterRegionName", "must be an AWS region such as us-east-1")
    cidr = body.routeTableCidrBlock
    if cidr is not None:
        try:
            ipaddress.ip_network(cidr, strict=True)
        except ValueError:
            raise invalid("routeTableCidrBlock", "must be a CIDR block such as 10.0.0.0/16") from None
        if "/" not in cidr:
            raise invalid("routeTableCidrBlock", "must be a CIDR block such as 10.0.0.0/16")


def _duplicate(proj, prov, body, exclude=None):
    for other in proj["peers"].values():
        if other["id"] == exclude or other["providerName"] != prov:
            continue
        if prov == "AWS" and other["containerId"] == body["containerId"] and (other["awsAccountId"], other["vpcId"]) == (body["awsAccountId"], body["vpcId"]):
            raise ApiError("PEER_ALREADY_EXISTS", [body["awsAccountId"], body["vpcId"]])
        if prov == "GCP" and (other["gcpProjectId"], other["networkName"]) == (body["gcpProjectId"], body["networkName"]):
            raise ApiError("PEER_ALREADY_EXISTS_GCP", [body["gcpProjectId"], body["networkName"]])
        if prov == "AZURE" and (other["azureSubscriptionId"], other["vnetName"]) == (body["azureSubscriptionId"], body["vnetName"]):
            raise ApiError("PEER_ALREADY_EXISTS_AZURE", [body["azureSubscriptionId"], body["vnetName"]])


@router.get("/peers")
async def list_peers(request: Request, groupId: str):
    proj = await _prep(request, groupId)
    prov = request.query_params.get("providerName", "AWS") or "AWS"
    if prov not in PROVIDERS:
        raise ApiError("INVALID_ENUM_VALUE", [prov], fields=[{"field": "providerName", "description": "must be AWS, AZURE or GCP"}])
    t, T = now(request), step(request)
    items = [render(proj, p, t, T) for p in proj["peers"].values() if p["providerName"] == prov]
    return ok(request, paginate(request, items), is_list=True)


@router.post("/peers")
async def create_peer(request: Request, groupId: str):
    proj = await _prep(request, groupId)
    body = parse(PeerIn, await read_json(request))
    prov = body.providerName or "AWS"
    if prov not in PROVIDERS:
        raise ApiError("INVALID_ENUM_VALUE", [prov], fields=[{"field": "providerName", "description": "must be AWS, AZURE or GCP"}])
    if body.containerId is None:
        raise missing("containerId")
    for f in REQUIRED[prov]:
        if getattr(body, f) in (None, ""):
            raise missing(f)
    container = proj["containers"].get(body.containerId)
    if container is None:
        raise ApiError("CLOUD_PROVIDER_CONTAINER_NOT_FOUND", [body.containerId])
    if container["providerName"] != prov:
        raise invalid("containerId", f"container {body.containerId} is a {container['providerName']} container, not {prov}")
    if prov == "AWS":
        _validate_aws(body)
        if ipaddress.ip_network(body.routeTableCidrBlock).overlaps(ipaddress.ip_network(container["atlasCidrBlock"])):
            raise ApiError("OVERLAPPING_ATLAS_CIDR_BLOCK", [body.routeTableCidrBlock])
    fields = {f: getattr(body, f) for f in REQUIRED[prov]}
    fields["containerId"] = body.containerId
    _duplicate(proj, prov, fields)
    pid = new_id()
    rec = dict(fields, id=pid, providerName=prov, _created=now(request), _accepted=None, _deleting=None, _failed=None)
    s = sim(request)
    if prov == "AWS":
        rec["connectionId"] = "pcx-" + secrets.token_hex(9)[:17]
        if s.aws is not None:
            rec["connectionId"] = await s.aws.create_peering(container, rec)
            rec["_moto"] = True
    proj["peers"][pid] = rec
    container["_peered"] = True
    dirty(request)
    return ok(request, render(proj, rec, now(request), step(request)), 200)


def _get(proj, gid, peer_id):
    rec = proj["peers"].get(peer_id)
    if rec is None:
        raise ApiError("PEER_NOT_FOUND", [peer_id, gid])
    return rec


@router.get("/peers/{peerId}")
async def get_peer(request: Request, groupId: str, peerId: str):
    proj = await _prep(request, groupId)
    return ok(request, render(proj, _get(proj, groupId, peerId), now(request), step(request)))


@router.patch("/peers/{peerId}")
async def update_peer(request: Request, groupId: str, peerId: str):
    proj = await _prep(request, groupId)
    rec = _get(proj, groupId, peerId)
    body = parse(PeerIn, await read_json(request))
    prov = rec["providerName"]
    status = lifecycle.peer_status(rec, now(request), step(request))
    if status in ("TERMINATING", "DELETING"):
        raise ApiError("PEER_INVALID_STATE", [peerId, groupId])
    if body.providerName is not None and body.providerName != prov:
        raise invalid("providerName", "cannot change the provider of a peering connection")
    if body.containerId is not None and body.containerId != rec["containerId"]:
        raise invalid("containerId", "cannot move a peering connection to another container")
    if prov == "AWS":
        _validate_aws(body)
    changes = {}
    for f in REQUIRED[prov]:
        val = getattr(body, f)
        if val is None or val == rec[f]:
            continue
        if f not in MUTABLE[prov]:
            raise invalid(f, f"{f} cannot be updated; delete and re-create the peering connection")
        changes[f] = val
    if changes:
        if status == "FAILED":
            raise ApiError("PEER_INVALID_STATE", [peerId, groupId])
        _duplicate(proj, prov, dict(rec, **changes), exclude=peerId)
        rec.update(changes)
        dirty(request)
    return ok(request, render(proj, rec, now(request), step(request)))


@router.delete("/peers/{peerId}")
async def delete_peer(request: Request, groupId: str, peerId: str):
    proj = await _prep(request, groupId)
    rec = _get(proj, groupId, peerId)
    if rec.get("_deleting") is not None:
        raise ApiError("PEER_ALREADY_REQUESTED_DELETION", [peerId])
    rec["_deleting"] = now(request)
    # Deleting the last peering removes AWS security-group entries from the access list.
    if not [p for p in proj["peers"].values() if p.get("_deleting") is None]:
        for key in [k for k, e in proj["access_list"].items() if e.get("awsSecurityGroup")]:
            del proj["access_list"][key]
    if lifecycle.reap(proj, now(request), step(request)):
        pass
    dirty(request)
    return ok(request, {}, 202)
