"""``/groups/{groupId}/containers`` — network peering containers (facts §8)."""

from __future__ import annotations

import ipaddress
import secrets

from fastapi import APIRouter
from starlette.requests import Request

from .. import lifecycle, privatelink
from ..common import dirty, now, project, read_json, sim, step
from ..errors import ApiError, invalid, missing
from ..models import AwsContainerOut, AzureContainerOut, ContainerIn, GcpContainerOut, parse
from ..pagination import paginate
from ..regions import AWS_REGIONS, AZURE_REGIONS, GCP_REGIONS
from ..respond import ok
from ..store import new_id

router = APIRouter()
PROVIDERS = ("AWS", "AZURE", "GCP")
PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def _prep(request: Request, gid: str):
    proj = project(request, gid)
    if lifecycle.reap(proj, now(request), step(request)):
        dirty(request)
    return proj


def render(proj, rec) -> dict:
    provisioned = bool(lifecycle.live_peers(proj, rec["id"]))
    prov = rec["providerName"]
    if prov == "AWS":
        return AwsContainerOut(
            atlasCidrBlock=rec["atlasCidrBlock"], id=rec["id"], provisioned=provisioned,
            regionName=rec["regionName"], vpcId=rec.get("vpcId"),
        ).dump()
    if prov == "AZURE":
        return AzureContainerOut(
            atlasCidrBlock=rec["atlasCidrBlock"], azureSubscriptionId=rec.get("azureSubscriptionId"), id=rec["id"],
            provisioned=provisioned, region=rec["region"], vnetName=rec.get("vnetName") if rec.get("_peered") else None,
        ).dump()
    peered = rec.get("_peered")
    return GcpContainerOut(
        atlasCidrBlock=rec["atlasCidrBlock"], gcpProjectId=rec.get("gcpProjectId") if peered else None, id=rec["id"],
        networkName=rec.get("networkName") if peered else None, provisioned=provisioned, regions=rec.get("regions"),
    ).dump()


def validate_cidr(provider: str, cidr: str, regions=None) -> str:
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise invalid("atlasCidrBlock", "must be an IPv4 CIDR block") from None
    if net.version != 4 or "/" not in cidr:
        raise invalid("atlasCidrBlock", "must be an IPv4 CIDR block")
    if str(net) != cidr:
        raise ApiError("ATLAS_NON_CANONICAL_CIDR_BLOCK", [cidr, str(net)])
    if not any(net.subnet_of(p) for p in PRIVATE):
        raise ApiError("ATLAS_INVALID_CIDR_RANGE", [cidr])
    if provider in ("AWS", "AZURE"):
        if not 21 <= net.prefixlen <= 24:
            raise ApiError("ATLAS_INVALID_CIDR_BLOCK", [cidr, "21 to /24", provider])
    elif regions:
        if not 21 <= net.prefixlen <= 24 or len(regions) > 2 ** (24 - net.prefixlen):
            raise ApiError("ATLAS_INVALID_CIDR_BLOCK_FOR_SMALL_CONTAINER", [cidr, len(regions)])
    elif net.prefixlen > 18:
        raise ApiError("ATLAS_INVALID_CIDR_BLOCK", [cidr, "18 or larger", provider])
    return cidr


def _check_region(provider: str, body: ContainerIn):
    if provider == "AWS":
        if body.regionName is None:
            raise missing("regionName")
        if body.regionName not in AWS_REGIONS:
            raise ApiError("INVALID_REGION", [body.regionName, provider])
        return body.regionName
    if provider == "AZURE":
        if body.region is None:
            raise missing("region")
        if body.region not in AZURE_REGIONS:
            raise ApiError("INVALID_REGION", [body.region, provider])
        return body.region
    for r in body.regions or []:
        if r not in GCP_REGIONS:
            raise ApiError("INVALID_REGION", [r, provider])
    if body.regions is not None and len(set(body.regions)) != len(body.regions):
        raise invalid("regions", "must not repeat a region")
    return None


def _region_key(rec):
    return rec.get("regionName") or rec.get("region")


def _check_conflicts(gid, proj, provider, region, cidr, exclude=None):
    for other in proj["containers"].values():
        if other["id"] == exclude:
            continue
        if other["providerName"] == provider and (provider == "GCP" or _region_key(other) == region):
            raise ApiError("CONTAINER_ALREADY_EXISTS", [gid])
    net = ipaddress.ip_network(cidr)
    for other in proj["containers"].values():
        if other["id"] != exclude and net.overlaps(ipaddress.ip_network(other["atlasCidrBlock"])):
            raise ApiError("OVERLAPPING_ATLAS_CIDR_BLOCK", [cidr])


def _provider_param(request: Request) -> str:
    prov = request.query_params.get("providerName", "AWS") or "AWS"
    if prov not in PROVIDERS:
        raise ApiError("INVALID_ENUM_VALUE", [prov], fields=[{"field": "providerName", "description": "must be AWS, AZURE or GCP"}])
    return prov


@router.get("/containers/all")
async def list_all(request: Request, groupId: str):
    proj = _prep(request, groupId)
    items = [render(proj, c) for c in proj["containers"].values()]
    return ok(request, paginate(request, items), is_list=True)


@router.get("/containers")
async def list_containers(request: Request, groupId: str):
    proj = _prep(request, groupId)
    prov = _provider_param(request)
    items = [render(proj, c) for c in proj["containers"].values() if c["providerName"] == prov]
    return ok(request, paginate(request, items, extra=[("providerName", prov)]), is_list=True)


@router.post("/containers")
async def create_container(request: Request, groupId: str):
    proj = _prep(request, groupId)
    body = parse(ContainerIn, await read_json(request))
    provider = body.providerName
    if provider is None:
        raise missing("providerName")
    if provider not in PROVIDERS:
        raise ApiError("INVALID_PROVIDER", [provider], status=400, detail=f"No provider {provider} exists.")
    region = _check_region(provider, body)
    if body.atlasCidrBlock is None:
        raise missing("atlasCidrBlock")
    cidr = validate_cidr(provider, body.atlasCidrBlock, body.regions)
    _check_conflicts(groupId, proj, provider, region, cidr)
    rec = new_record(provider, region, body.regions, cidr, now(request))
    proj["containers"][rec["id"]] = rec
    dirty(request)
    return ok(request, render(proj, rec), 200)


def new_record(provider: str, region, regions, cidr: str, created: float) -> dict:
    """A container record; also used when a private endpoint service creates the provider's container."""
    cid = new_id()
    rec = {"id": cid, "providerName": provider, "atlasCidrBlock": cidr, "_created": created}
    if provider == "AWS":
        rec["regionName"] = region
        rec["vpcId"] = "vpc-" + secrets.token_hex(9)[:17]
    elif provider == "AZURE":
        rec["region"] = region
        rec["azureSubscriptionId"] = new_id()
        rec["vnetName"] = f"vnet_{cid}_{secrets.token_hex(4)}"
    else:
        if regions is not None:
            rec["regions"] = list(regions)
        rec["gcpProjectId"] = "p-" + secrets.token_hex(12)
        rec["networkName"] = f"nt-{cid}-{secrets.token_hex(4)}"
    return rec


def _get(request: Request, proj, container_id: str):
    rec = proj["containers"].get(container_id)
    if rec is None:
        raise ApiError("CLOUD_PROVIDER_CONTAINER_NOT_FOUND", [container_id])
    return rec


def _injected_failure(request: Request, rec):
    fail = rec.pop("_fail_next", None)
    if fail:
        dirty(request)
        raise ApiError("UNEXPECTED_ERROR", detail=fail.get("message") or "Unexpected error.")


@router.get("/containers/{containerId}")
async def get_container(request: Request, groupId: str, containerId: str):
    proj = _prep(request, groupId)
    return ok(request, render(proj, _get(request, proj, containerId)))


@router.patch("/containers/{containerId}")
async def update_container(request: Request, groupId: str, containerId: str):
    proj = _prep(request, groupId)
    rec = _get(request, proj, containerId)
    body = parse(ContainerIn, await read_json(request))
    _injected_failure(request, rec)
    provider = rec["providerName"]
    if body.providerName is not None and body.providerName != provider:
        raise invalid("providerName", "cannot change the provider of a container")
    merged = ContainerIn(
        providerName=provider,
        atlasCidrBlock=body.atlasCidrBlock or rec["atlasCidrBlock"],
        regionName=body.regionName or rec.get("regionName"),
        region=body.region or rec.get("region"),
        regions=body.regions if body.regions is not None else rec.get("regions"),
    )
    region = _check_region(provider, merged)
    cidr = merged.atlasCidrBlock
    cidr_changed = cidr != rec["atlasCidrBlock"]
    region_changed = region != _region_key(rec) or (provider == "GCP" and merged.regions != rec.get("regions"))
    if cidr_changed and lifecycle.live_peers(proj):
        raise ApiError("CONTAINERS_IN_USE", ["The CIDR block is locked while network peering connections exist"])
    if region_changed and lifecycle.live_peers(proj, containerId):
        raise ApiError("CONTAINERS_IN_USE", ["The region cannot change while the container has peering connections"])
    if cidr_changed or region_changed:
        validate_cidr(provider, cidr, merged.regions)
        _check_conflicts(groupId, proj, provider, region, cidr, exclude=containerId)
        rec["atlasCidrBlock"] = cidr
        if provider == "AWS":
            rec["regionName"] = region
        elif provider == "AZURE":
            rec["region"] = region
        elif merged.regions is not None:
            rec["regions"] = list(merged.regions)
        dirty(request)
    return ok(request, render(proj, rec))


@router.delete("/containers/{containerId}")
async def delete_container(request: Request, groupId: str, containerId: str):
    proj = _prep(request, groupId)
    rec = _get(request, proj, containerId)
    _injected_failure(request, rec)
    if lifecycle.live_peers(proj, containerId):
        raise ApiError("CONTAINERS_IN_USE", ["The container has network peering connections"])
    if privatelink.services_in_container(proj, rec, now(request), step(request)):
        raise ApiError("CONTAINERS_IN_USE", ["The container has private endpoint services"])
    del proj["containers"][containerId]
    dirty(request)
    return ok(request, None, 204)
