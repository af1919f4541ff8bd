"""``/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{id}/endpoint[/{endpointId}]``
— customer private endpoints registered on an endpoint service (privatelink facts §3).

* ``{endpointId}``: the AWS ``vpce-`` id, the Azure private endpoint resource id URL-encoded as
  ONE path segment, the GCP endpoint group name (port-mapped: the forwarding rule's name).
* POST answers 200 (spec; not observed) and needs the service to be AVAILABLE.  Without regional
  mode a project may not have several endpoints in one region and endpoints in another.
* DELETE answers 204 (spec); the endpoint shows ``deleteRequested: true`` and DELETING for T.
  Deleting the last endpoint of a service deletes the service too.
* With ``--aws-endpoint`` an AWS vpce id is checked in moto: unknown (or to another service, or
  from a region the service does not accept) it ends ``REJECTED`` with Atlas's message.
"""

from __future__ import annotations

import re

from fastapi import APIRouter
from starlette.requests import Request

from .. import privatelink as pl
from ..common import dirty, now, read_json, sim, step
from ..errors import ApiError, invalid, missing
from ..models import AwsEndpointOut, AzureEndpointOut, GcpEndpointGroupOut, PrivateEndpointIn, parse
from ..regions import native_region
from ..respond import ok
from .endpoint_services import check_provider, get_service

router = APIRouter()
GCP_PROJECT_RX = re.compile(r"^[a-z][0-9a-z-]{4,28}[0-9a-z]$")
PROVIDER_FIELDS = {
    "AWS": {"id"},
    "AZURE": {"id", "privateEndpointIPAddress"},
    "GCP": {"gcpProjectId", "endpointGroupName", "endpoints"},
}
RULE_STATUS = {"VERIFIED": "INITIATING"}  # forwarding rules follow their group, VERIFIED aside


def render(svc, ep, t: float, T: float) -> dict:
    prov = svc["cloudProvider"]
    status = pl.endpoint_status(ep, prov, t, T)
    common = dict(deleteRequested=ep.get("_deleting") is not None, errorMessage=pl.endpoint_error(ep, status))
    if prov == "AWS":
        return AwsEndpointOut(connectionStatus=status, interfaceEndpointId=ep["interfaceEndpointId"], **common).dump()
    if prov == "AZURE":
        return AzureEndpointOut(
            privateEndpointConnectionName=ep["_connection_name"] if status in ("AVAILABLE", "DELETING") else None,
            privateEndpointIPAddress=ep["privateEndpointIPAddress"],
            privateEndpointResourceId=ep["privateEndpointResourceId"], status=status, **common,
        ).dump()
    rule_status = RULE_STATUS.get(status, status)
    return GcpEndpointGroupOut(
        endpointGroupName=ep["endpointGroupName"], gcpProjectId=ep["gcpProjectId"],
        endpoints=[dict(rule, status=rule_status) for rule in ep["endpoints"]],
        portMappingEnabled=svc["portMappingEnabled"], status=status, **common,
    ).dump()


def _check_fields(prov: str, body: PrivateEndpointIn) -> None:
    for field in ("id", "privateEndpointIPAddress", "gcpProjectId", "endpointGroupName", "endpoints"):
        if field not in PROVIDER_FIELDS[prov] and getattr(body, field) is not None:
            raise invalid(field, f"not an attribute of {prov} private endpoints")
        if field in PROVIDER_FIELDS[prov] and field != "endpoints" and getattr(body, field) in (None, ""):
            raise missing(field)


def _aws(body: PrivateEndpointIn):
    if not pl.VPCE_RX.match(body.id):
        raise invalid("id", "must be an AWS interface endpoint id: vpce- and 17 hexadecimal digits")
    return body.id, {"interfaceEndpointId": body.id}


def _azure(body: PrivateEndpointIn):
    if not pl.AZURE_PE_RX.match(body.id):
        raise invalid("id", "must be the resource id of an Azure private endpoint: /subscriptions/<uuid>/resourceGroups/"
                            "<group>/providers/Microsoft.Network/privateEndpoints/<name>")
    if not pl.valid_ip(body.privateEndpointIPAddress):
        raise invalid("privateEndpointIPAddress", "must be an IPv4 address")
    parts = body.id.split("/")  # ['', 'subscriptions', sub, 'resourceGroups', rg, 'providers', ..., name]
    return body.id, {
        "privateEndpointResourceId": body.id, "privateEndpointIPAddress": body.privateEndpointIPAddress,
        "_connection_name": f"{parts[2].lower()}%2F{parts[4]}%2F{parts[-1]}",
    }


def _gcp(body: PrivateEndpointIn, svc):
    if not GCP_PROJECT_RX.match(body.gcpProjectId):
        raise invalid("gcpProjectId", "must be a Google Cloud project id (6 to 30 lowercase letters, digits and hyphens)")
    if not body.endpoints:
        raise missing("endpoints")
    wanted = 1 if svc["portMappingEnabled"] else len(svc["_attachments"])
    if len(body.endpoints) != wanted:
        why = "exactly one forwarding rule (port-mapped service)" if svc["portMappingEnabled"] else \
            f"one forwarding rule per service attachment ({wanted})"
        raise invalid("endpoints", f"must list {why}")
    rules = []
    for i, rule in enumerate(body.endpoints):
        if not rule.endpointName:
            raise missing(f"endpoints.{i}.endpointName")
        if not pl.valid_ip(rule.ipAddress):
            raise invalid(f"endpoints.{i}.ipAddress", "must be an IPv4 address")
        rules.append({"endpointName": rule.endpointName, "ipAddress": rule.ipAddress})
    if len({r["endpointName"] for r in rules}) != len(rules):
        raise invalid("endpoints", "endpoint names must be unique")
    # A port-mapped group is addressed by its forwarding rule; endpointGroupName is "required but ignored".
    key = rules[0]["endpointName"] if svc["portMappingEnabled"] else body.endpointGroupName
    return key, {"endpointGroupName": key, "gcpProjectId": body.gcpProjectId, "endpoints": rules}


def _check_conflicts(proj, svc, key: str, endpoint_id: str, t: float, T: float) -> None:
    status = pl.service_status(svc, t, T)
    if status not in ("AVAILABLE", "WAITING_FOR_USER"):
        raise ApiError("PRIVATE_ENDPOINT_SERVICE_NOT_AVAILABLE", [svc["id"], status])
    for other in proj[pl.SERVICES].values():
        if pl.lookup(other["endpoints"], key) is not None and (other is svc or svc["cloudProvider"] != "GCP"):
            raise ApiError("PRIVATE_ENDPOINT_ALREADY_EXISTS", [endpoint_id, other["id"]])
    if svc["cloudProvider"] != "GCP" and pl.lookup(proj[pl.DATA_FEDERATION], key) is not None:
        raise ApiError("PRIVATE_ENDPOINT_ID_IN_USE", [endpoint_id, "Data Federation"])
    if not pl.settings(proj)["regional_mode"]:
        counts = pl.endpoint_counts(proj, t, T)
        where = (svc["cloudProvider"], svc["regionName"])
        counts[where] = counts.get(where, 0) + 1
        region = pl.regional_conflict(counts)
        if region:
            raise ApiError("REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED", [region])


@router.post("/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint")
async def create_endpoint(request: Request, groupId: str, cloudProvider: str, endpointServiceId: str):
    prov = check_provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    svc = get_service(proj, groupId, endpointServiceId, prov)
    body = parse(PrivateEndpointIn, await read_json(request))
    if body.cloudProvider is not None and body.cloudProvider != prov:
        raise invalid("cloudProvider", "must match the cloudProvider path parameter")
    _check_fields(prov, body)
    key, rec = _aws(body) if prov == "AWS" else _azure(body) if prov == "AZURE" else _gcp(body, svc)
    t, T = now(request), step(request)
    _check_conflicts(proj, svc, key, body.id or key, t, T)
    rec.update(_created=t, _deleting=None, _failed=None, _rejected=None)
    svc["endpoints"][key] = rec  # before any await: a concurrent POST must see it
    if svc.get("_deleting") is not None and svc["_deleting"] > t:
        svc["_deleting"] = None  # a new endpoint cancels the deletion scheduled by the last one's
    dirty(request)
    aws = sim(request).aws
    if prov == "AWS" and aws is not None:
        rec["_rejected"] = await aws.check_interface_endpoint(
            body.id, svc.get("_service_name"), svc.get("_moto_region") or native_region("AWS", svc["regionName"]),
            svc.get("supportedRemoteRegions"))
    return ok(request, render(svc, rec, t, T))


def _get(request: Request, proj, gid: str, prov: str, sid: str, endpoint_id: str):
    pl.single_path_segment(request, endpoint_id)
    svc = get_service(proj, gid, sid, prov)
    ep = pl.lookup(svc["endpoints"], endpoint_id)
    if ep is None:
        raise ApiError("PRIVATE_ENDPOINT_SERVICE_NOT_FOUND", [endpoint_id, sid],
                       detail=f"No private endpoint with ID {endpoint_id} exists for private endpoint service {sid}.")
    return svc, ep


@router.get("/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId:path}")
async def get_endpoint(request: Request, groupId: str, cloudProvider: str, endpointServiceId: str, endpointId: str):
    prov = check_provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    svc, ep = _get(request, proj, groupId, prov, endpointServiceId, endpointId)
    return ok(request, render(svc, ep, now(request), step(request)))


@router.delete("/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId:path}")
async def delete_endpoint(request: Request, groupId: str, cloudProvider: str, endpointServiceId: str, endpointId: str):
    prov = check_provider(cloudProvider)
    proj = await pl.prep(request, groupId)
    svc, ep = _get(request, proj, groupId, prov, endpointServiceId, endpointId)
    t, T = now(request), step(request)
    if ep.get("_deleting") is None:
        ep["_deleting"] = t
        if not pl.live_endpoints(svc, t, T) and svc.get("_deleting") is None:
            svc["_deleting"] = t + T  # the service goes when its last endpoint is gone (spec DELETE description)
        dirty(request)
        await pl.prep(request, groupId)
    return ok(request, None, 204)
