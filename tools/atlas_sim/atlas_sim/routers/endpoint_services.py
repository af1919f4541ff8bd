"""``/groups/{groupId}/privateEndpoint/...endpointService`` and ``/privateEndpoint/regionalMode``
— cluster private endpoint services and the regionalized private endpoint setting (privatelink
facts §2, §4).

* POST ``/privateEndpoint/endpointService`` (provider in the body) answers **201**; a second
  service for the same provider and region gets 409 ``PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION``
  (a DELETING or FAILED one still counts).  ``region`` is Atlas form or the cloud's own name;
  answers are in Atlas form.  The provider's network container is created if none exists.
* The list is a bare JSON array; answers print unset attributes as explicit ``null``.
* DELETE answers **202** ``{}``; PATCH changes AWS ``supportedRemoteRegions`` only.
* PATCH ``regionalMode`` answers **202** with the new value.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter
from starlette.requests import Request

from .. import privatelink as pl
from ..common import dirty, now, read_json, sim, step
from ..errors import ApiError, invalid, missing
from ..models import (
    AwsEndpointServiceOut, AzureEndpointServiceOut, EndpointServiceIn, EndpointServicePatch, GcpEndpointServiceOut,
    RegionalModeIn, parse,
)
from ..regions import PROVIDER_REGIONS, atlas_region, native_region
from ..respond import ok
from ..store import new_id

router = APIRouter()


def check_provider(value: str, field: str = "cloudProvider") -> str:
    if value not in pl.PROVIDERS:
        raise ApiError("INVALID_ENUM_VALUE", [value], fields=[{"field": field, "description": "must be AWS, AZURE or GCP"}])
    return value


def get_service(proj, gid: str, sid: str, provider: str = None) -> dict:
    svc = proj[pl.SERVICES].get(sid)
    if svc is None or (provider is not None and svc["cloudProvider"] != provider):
        raise ApiError("PRIVATE_ENDPOINT_SERVICE_NOT_FOUND", [sid, gid])
    return svc


def render(svc, t: float, T: float) -> dict:
    status = pl.service_status(svc, t, T)
    error = (svc.get("_failed") or {}).get("message") if status == "FAILED" else None
    provisioned = status != "INITIATING"
    endpoints = list(svc["endpoints"].values())
    common = dict(errorMessage=error, id=svc["id"], regionName=svc["regionName"], status=status)
    prov = svc["cloudProvider"]
    if prov == "AWS":
        return AwsEndpointServiceOut(
            endpointServiceName=svc.get("_service_name") if provisioned else None,
            interfaceEndpoints=[ep["interfaceEndpointId"] for ep in endpoints],
            supportedRemoteRegions=svc.get("supportedRemoteRegions"), **common,
        ).dump()
    if prov == "AZURE":
        return AzureEndpointServiceOut(
            privateEndpoints=[ep["privateEndpointResourceId"] for ep in endpoints],
            privateLinkServiceName=f"pls_{svc['id']}" if provisioned else None,
            privateLinkServiceResourceId=svc["_pls_resource_id"] if provisioned else None, **common,
        ).dump()
    return GcpEndpointServiceOut(
        endpointGroupNames=[ep["endpointGroupName"] for ep in endpoints],
        portMappingEnabled=svc["portMappingEnabled"],
        serviceAttachmentNames=list(svc["_attachments"]) if pl.gcp_attachments_ready(svc, t, T) else [], **common,
    ).dump()


def remote_regions(provider: str, region: str, values):
    """Validated ``supportedRemoteRegions`` (AWS only, Atlas form, not the service's own region)."""
    if values is None:
        return None
    if provider != "AWS":
        if values:
            raise ApiError("PROVIDER_UNSUPPORTED", ["supportedRemoteRegions", provider])
        return None
    out = []
    for value in values:
        if value not in PROVIDER_REGIONS["AWS"]:
            raise invalid("supportedRemoteRegions", f"{value!r} is not an Atlas AWS region such as US_EAST_1")
        if value == region:
            raise ApiError("CROSS_REGION_PRIVATE_LINK_SELF_REGION", [region])
        if value not in out:
            out.append(value)
    return out


def _provider_details(proj, gid: str, rec: dict, port_mapping: bool) -> None:
    """The customer-side names of the new service (shown once it is provisioned)."""
    prov, region = rec["cloudProvider"], rec["regionName"]
    native = native_region(prov, region)
    container = pl.ensure_container(proj, prov, region, rec["_created"])
    rec["_container"] = container["id"]
    if prov == "AWS":
        rec["_service_name"] = f"com.amazonaws.vpce.{native}.vpce-svc-{secrets.token_hex(9)[:17]}"
    elif prov == "AZURE":
        subscription = "-".join(secrets.token_hex(n) for n in (4, 2, 2, 2, 6))
        rec["_pls_resource_id"] = (f"/subscriptions/{subscription}/resourceGroups/rg_{gid}_{secrets.token_hex(4)}"
                                   f"/providers/Microsoft.Network/privateLinkServices/pls_{rec['id']}")
    else:
        count = 1 if port_mapping else int(pl.settings(proj)["gcp_service_attachments"])
        rec["_attachments"] = [f"projects/{container['gcpProjectId']}/regions/{native}/serviceAttachments/sa-{native}-{gid}-{i}"
                               for i in range(count)]


@router.post("/privateEndpoint/endpointService")
async def create_service(request: Request, groupId: str):
    proj = await pl.prep(request, groupId)
    body = parse(EndpointServiceIn, await read_json(request))
    if body.providerName is None:
        raise missing("providerName")
    prov = check_provider(body.providerName, "providerName")
    if body.region is None:
        raise missing("region")
    region = atlas_region(prov, body.region)
    if region is None:
        raise ApiError("INVALID_REGION", [body.region, prov])
    if body.portMappingEnabled and prov != "GCP":
        raise ApiError("PROVIDER_UNSUPPORTED", ["portMappingEnabled", prov])
    remote = remote_regions(prov, region, body.supportedRemoteRegions)
    for other in proj[pl.SERVICES].values():
        if (other["cloudProvider"], other["regionName"]) == (prov, region):
            raise ApiError("PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION", [prov, region])
    rec = {"id": new_id(), "cloudProvider": prov, "regionName": region, "_created": now(request),
           "_deleting": None, "_failed": None, "endpoints": {}}
    if prov == "AWS":
        rec["supportedRemoteRegions"] = remote
    if prov == "GCP":
        rec["portMappingEnabled"] = bool(body.portMappingEnabled)
    _provider_details(proj, groupId, rec, bool(body.portMappingEnabled))
    proj[pl.SERVICES][rec["id"]] = rec  # before any await: a concurrent POST must see it
    dirty(request)
    aws = sim(request).aws
    if prov == "AWS" and aws is not None:
        rec["_service_name"] = await aws.create_endpoint_service(proj["containers"][rec["_container"]], rec)
    return ok(request, render(rec, now(request), step(request)), 201)


@router.get("/privateEndpoint/{cloudProvider}/endpointService")
async def list_services(request: Request, groupId: str, cloudProvider: str):
    prov = check_provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    t, T = now(request), step(request)
    return ok(request, [render(s, t, T) for s in proj[pl.SERVICES].values() if s["cloudProvider"] == prov])


@router.get("/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}")
async def get_one(request: Request, groupId: str, cloudProvider: str, endpointServiceId: str):
    prov = check_provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    return ok(request, render(get_service(proj, groupId, endpointServiceId, prov), now(request), step(request)))


@router.patch("/privateEndpoint/endpointService/{endpointServiceId}")
async def update_service(request: Request, groupId: str, endpointServiceId: str):
    proj = await pl.prep(request, groupId)
    svc = get_service(proj, groupId, endpointServiceId)
    body = parse(EndpointServicePatch, await read_json(request))
    if body.cloudProvider is None:
        raise missing("cloudProvider")
    prov = check_provider(body.cloudProvider)
    if prov != svc["cloudProvider"]:
        raise invalid("cloudProvider", f"the private endpoint service is {svc['cloudProvider']}, not {prov}")
    if prov != "AWS":
        raise ApiError("PROVIDER_UNSUPPORTED", ["supportedRemoteRegions", prov])
    t, T = now(request), step(request)
    status = pl.service_status(svc, t, T)
    if status == "DELETING":
        raise ApiError("PRIVATE_ENDPOINT_SERVICE_NOT_AVAILABLE", [endpointServiceId, status])
    if "supportedRemoteRegions" in body.model_fields_set:
        svc["supportedRemoteRegions"] = remote_regions(prov, svc["regionName"], body.supportedRemoteRegions)
        dirty(request)
    return ok(request, render(svc, t, T))


@router.delete("/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}")
async def delete_service(request: Request, groupId: str, cloudProvider: str, endpointServiceId: str):
    prov = check_provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    svc = get_service(proj, groupId, endpointServiceId, prov)
    t, T = now(request), step(request)
    if any(ep.get("_deleting") is None for ep in svc["endpoints"].values()):
        raise ApiError("PRIVATE_ENDPOINT_SERVICE_HAS_ENDPOINTS", [endpointServiceId])
    if svc.get("_deleting") is None or svc["_deleting"] > t:
        svc["_deleting"] = t
        dirty(request)
    await pl.prep(request, groupId)  # with T == 0 it is gone at once
    return ok(request, {}, 202)


# ---------------------------------------------------------------- regionalized private endpoints
@router.get("/privateEndpoint/regionalMode")
async def get_regional_mode(request: Request, groupId: str):
    proj = await pl.prep(request, groupId)
    return ok(request, {"enabled": pl.settings(proj)["regional_mode"]})


@router.patch("/privateEndpoint/regionalMode")
async def set_regional_mode(request: Request, groupId: str):
    proj = await pl.prep(request, groupId)
    body = parse(RegionalModeIn, await read_json(request))
    if body.enabled is None:
        raise missing("enabled")
    conf = pl.settings(proj)
    if body.enabled and not conf["regional_mode"] and conf["replica_sets"]:
        raise ApiError("CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS")
    if not body.enabled and conf["regional_mode"]:
        region = pl.regional_conflict(pl.endpoint_counts(proj, now(request), step(request)))
        if region:
            raise ApiError("CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS", [region])
    if conf["regional_mode"] != body.enabled:
        conf["regional_mode"] = body.enabled
        dirty(request)
    return ok(request, {"enabled": body.enabled}, 202)
