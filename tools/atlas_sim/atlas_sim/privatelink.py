"""Private endpoints (privatelink facts): state machines, per-project settings and the rules
shared by the cluster private endpoint routers, the Data Federation and encryption-at-rest
routers and the ``/_sim/`` controls.

Every step takes ``--transition-seconds`` (T) of simulated time:

* endpoint service: INITIATING -T-> AVAILABLE (GCP: INITIATING -T-> INITIATING with its service
  attachments -T-> AVAILABLE); DELETE: DELETING -T-> gone.  Deleting the last endpoint schedules
  the service's deletion for the moment that endpoint is gone.
* AWS endpoint ``connectionStatus``: NONE -T-> PENDING_ACCEPTANCE -T-> PENDING -T-> AVAILABLE, or
  NONE -T-> PENDING_ACCEPTANCE -T-> REJECTED for a vpce that moto does not know.
  Azure endpoint: INITIATING -T-> AVAILABLE.  GCP group: INITIATING -T-> VERIFIED -T-> AVAILABLE.
  DELETE: DELETING -T-> gone.
* Data Federation entry: OK at once, or PENDING for the project's ``data_federation_pending_seconds``
  (and DELETING for as long after a DELETE); ``/_sim/`` can make one PENDING or FAILED.
* encryption-at-rest private endpoint: AWS INITIATING -T-> ACTIVE; Azure INITIATING -T->
  PENDING_ACCEPTANCE -> (approval) -T-> ACTIVE; a rejection gives PENDING_RECREATION for T, then a
  new endpoint (new id) starts at INITIATING; DELETE: DELETING -T-> gone.

Internal keys of the records start with ``_``: ``_created``, ``_deleting`` (a time, possibly in
the future for a scheduled deletion), ``_failed`` ({"message"}), ``_rejected`` (message),
``_approved``, ``_recreating``/``_successor``, ``_pending_until``, ``_deleting_until``.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import uuid
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote

from starlette.requests import Request

from .clock import phase
from .common import dirty, now, project, sim, step
from .errors import ApiError
from .lifecycle import GONE
from .store import new_id

PROVIDERS = ("AWS", "AZURE", "GCP")
SERVICES = "private_endpoint_services"
DATA_FEDERATION = "data_federation_private_endpoints"
EAR = "ear_private_endpoints"
SETTINGS = "private_networking"
# Atlas's current text for an AWS interface endpoint it cannot connect (facts §1.7; TF CI logs).
REJECTED_MESSAGE = "Verify endpoint ID and accepted regions, then retry your connection."
EAR_REJECTED_MESSAGE = "private endpoint was rejected"
DEFAULT_SETTINGS = {
    "replica_sets": False,
    "ear_require_private_networking": {"AWS": False, "AZURE": False},
    "data_federation_pending_seconds": 0.0,
    "gcp_service_attachments": 6,
}
VPCE_RX = re.compile(r"^vpce-[0-9a-f]{17}$")
AZURE_PE_RX = re.compile(
    r"^/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"/resource[gG]roups/[-\w._()]+/providers/Microsoft\.Network/privateEndpoints/[-\w._()]+$"
)


# ---------------------------------------------------------------- settings
def settings(proj) -> Dict[str, Any]:
    """The project's private-networking settings (created with defaults on first use)."""
    cur = proj.setdefault(SETTINGS, {})
    for key, val in DEFAULT_SETTINGS.items():
        cur.setdefault(key, dict(val) if isinstance(val, dict) else val)
    cur.setdefault("regional_mode", False)
    return cur


# ---------------------------------------------------------------- state machines
def _scheduled_deletion(rec, t: float, T: float) -> Optional[str]:
    """DELETING/GONE once the deletion time has come, None before (a scheduled deletion)."""
    d = rec.get("_deleting")
    if d is None or t < d:
        return None
    return phase(d, t, T, ["DELETING", GONE])


def service_status(rec, t: float, T: float) -> str:
    deleting = _scheduled_deletion(rec, t, T)
    if deleting:
        return deleting
    if rec.get("_failed"):
        return "FAILED"
    steps = ["INITIATING", "INITIATING", "AVAILABLE"] if rec["cloudProvider"] == "GCP" else ["INITIATING", "AVAILABLE"]
    return phase(rec["_created"], t, T, steps)


def gcp_attachments_ready(rec, t: float, T: float) -> bool:
    """GCP service attachments appear one step after creation, while still INITIATING (observed)."""
    return T <= 0 or t - rec["_created"] >= T


def endpoint_status(rec, provider: str, t: float, T: float) -> str:
    deleting = _scheduled_deletion(rec, t, T)
    if deleting:
        return deleting
    if rec.get("_failed"):
        return "REJECTED" if provider == "AWS" else "FAILED"
    if provider == "AWS":
        if rec.get("_rejected"):
            return phase(rec["_created"], t, T, ["NONE", "PENDING_ACCEPTANCE", "REJECTED"])
        return phase(rec["_created"], t, T, ["NONE", "PENDING_ACCEPTANCE", "PENDING", "AVAILABLE"])
    if provider == "AZURE":
        return phase(rec["_created"], t, T, ["INITIATING", "AVAILABLE"])
    return phase(rec["_created"], t, T, ["INITIATING", "VERIFIED", "AVAILABLE"])


def endpoint_error(rec, status: str) -> Optional[str]:
    if status in ("FAILED", "REJECTED"):
        return (rec.get("_failed") or {}).get("message") or rec.get("_rejected")
    return None


def df_status(rec, t: float) -> str:
    if rec.get("_deleting") is not None:
        return "DELETING" if t < rec.get("_deleting_until", 0) else GONE
    if rec.get("_failed"):
        return "FAILED"
    if t < (rec.get("_pending_until") or 0):
        return "PENDING"
    return "OK"


def ear_status(rec, t: float, T: float) -> str:
    if rec.get("_deleting") is not None:
        return phase(rec["_deleting"], t, T, ["DELETING", GONE])
    if rec.get("_recreating") is not None:
        return phase(rec["_recreating"], t, T, ["PENDING_RECREATION", GONE])
    if rec.get("_failed"):
        return "FAILED"
    if rec["cloudProvider"] == "AWS":
        return phase(rec["_created"], t, T, ["INITIATING", "ACTIVE"])
    approved = rec.get("_approved")
    if approved is not None and t >= approved:
        return phase(approved, t, T, ["PENDING_ACCEPTANCE", "ACTIVE"])
    return phase(rec["_created"], t, T, ["INITIATING", "PENDING_ACCEPTANCE"])


def new_ear_record(provider: str, region: str, created: float, eid: Optional[str] = None) -> Dict[str, Any]:
    eid = eid or new_id()
    # Azure: the Key Vault private endpoint connection to approve; AWS: the KMS interface endpoint.
    conn = f"atlas-pe-{eid}.{uuid.uuid4()}" if provider == "AZURE" else "vpce-" + secrets.token_hex(9)[:17]
    return {"id": eid, "cloudProvider": provider, "regionName": region, "_created": created, "_connection_name": conn,
            "_deleting": None, "_failed": None, "_approved": None, "_recreating": None, "_successor": None}


# ---------------------------------------------------------------- reaping
def reap(proj, t: float, T: float) -> Tuple[bool, List[dict]]:
    """Drop what finished deleting and replace rejected EAR endpoints by their successors.

    Returns (changed, services removed) so the caller can clean moto up."""
    changed, removed = False, []
    services = proj[SERVICES]
    for sid, svc in list(services.items()):
        for key, ep in list(svc["endpoints"].items()):
            if endpoint_status(ep, svc["cloudProvider"], t, T) == GONE:
                del svc["endpoints"][key]
                changed = True
        if service_status(svc, t, T) == GONE:
            removed.append(services.pop(sid))
            changed = True
    entries = proj[DATA_FEDERATION]
    for key in [k for k, rec in entries.items() if df_status(rec, t) == GONE]:
        del entries[key]
        changed = True
    ear = proj[EAR]
    for eid, rec in list(ear.items()):
        if ear_status(rec, t, T) != GONE:
            continue
        del ear[eid]
        changed = True
        if rec.get("_deleting") is None and rec.get("_recreating") is not None:  # Atlas recreates it
            successor = new_ear_record(rec["cloudProvider"], rec["regionName"], rec["_recreating"] + T, rec["_successor"])
            ear[successor["id"]] = successor
    return changed, removed


async def prep(request: Request, gid: str):
    """The project, with finished deletions reaped (and mirrored in moto)."""
    proj = project(request, gid)
    changed, removed = reap(proj, now(request), step(request))
    if changed:
        dirty(request)
    aws = sim(request).aws
    if aws is not None:
        for svc in removed:
            if svc.get("_moto_service_id"):
                await aws.delete_endpoint_service(svc["_moto_region"], svc["_moto_service_id"])
    return proj


# ---------------------------------------------------------------- shared rules
def live_endpoints(svc, t: float, T: float) -> List[dict]:
    return [ep for ep in svc["endpoints"].values()
            if endpoint_status(ep, svc["cloudProvider"], t, T) not in ("DELETING", GONE)]


def endpoint_counts(proj, t: float, T: float) -> Dict[Tuple[str, str], int]:
    """Live private endpoints per (provider, Atlas region), across providers."""
    counts: Dict[Tuple[str, str], int] = {}
    for svc in proj[SERVICES].values():
        n = len(live_endpoints(svc, t, T))
        if n:
            key = (svc["cloudProvider"], svc["regionName"])
            counts[key] = counts.get(key, 0) + n
    return counts


def regional_conflict(counts: Dict[Tuple[str, str], int]) -> Optional[str]:
    """Without regional mode a project has either one endpoint per region, or several in one
    region and none elsewhere (facts §2.5, §4).  Returns the offending region or None."""
    if len(counts) < 2:
        return None
    for (_provider, region), n in sorted(counts.items()):
        if n > 1:
            return region
    return None


def services_in_container(proj, container, t: float, T: float) -> List[dict]:
    """The endpoint services (not yet gone) in the container's provider and region."""
    prov = container["providerName"]
    region = container.get("regionName") or container.get("region")
    return [s for s in proj[SERVICES].values() if s["cloudProvider"] == prov and service_status(s, t, T) != GONE
            and (prov == "GCP" or s["regionName"] == region)]


def _free_cidr(proj, candidates) -> str:
    taken = [ipaddress.ip_network(c["atlasCidrBlock"]) for c in proj["containers"].values()]
    for cand in candidates:
        net = ipaddress.ip_network(cand)
        if not any(net.overlaps(o) for o in taken):
            return cand
    raise ApiError("UNEXPECTED_ERROR", detail="No free CIDR block left for the provider's network container.")


_AWS_AZURE_CIDRS = [f"192.168.{b}.0/21" for b in range(248, 127, -8)] + [f"10.{b}.0.0/21" for b in range(8, 250)]
_GCP_CIDRS = ["192.168.0.0/18", "192.168.64.0/18"] + [f"10.{b}.0.0/18" for b in range(8, 250)]


def ensure_container(proj, provider: str, region: str, t: float) -> dict:
    """The provider's network container for ``region``, created (Atlas's default CIDR, or the
    next free one) when none exists: creating a service does that on Atlas (spec, facts §2.1)."""
    from .routers.containers import new_record

    for c in proj["containers"].values():
        if c["providerName"] == provider and (provider == "GCP" or (c.get("regionName") or c.get("region")) == region):
            return c
    cidr = _free_cidr(proj, _GCP_CIDRS if provider == "GCP" else _AWS_AZURE_CIDRS)
    rec = new_record(provider, None if provider == "GCP" else region, None, cidr, t)
    proj["containers"][rec["id"]] = rec
    return rec


def lookup(records: Dict[str, Any], key: str):
    """``records[key]``, else a case-insensitive match (Azure resource ids are case-insensitive)."""
    rec = records.get(key)
    if rec is None:
        low = key.lower()
        rec = next((r for k, r in records.items() if k.lower() == low), None)
    return rec


def cluster_endpoint_ids(proj) -> List[str]:
    """AWS vpce ids and Azure private endpoint resource ids registered on endpoint services."""
    return [key for svc in proj[SERVICES].values() if svc["cloudProvider"] != "GCP" for key in svc["endpoints"]]


def single_path_segment(request: Request, value: str) -> None:
    """The last path segment must carry the whole id: an Azure resource id is sent URL-encoded
    as ONE segment (%2F).  Sent with raw slashes it is another path, unknown to Atlas."""
    raw = request.scope.get("raw_path") or b""
    last = raw.decode("latin-1").split("?", 1)[0].rsplit("/", 1)[-1]
    if unquote(last) != value:
        raise ApiError("RESOURCE_NOT_FOUND", [request.url.path])


def valid_ip(value: Optional[str], version: int = 4) -> bool:
    try:
        return ipaddress.ip_address(value).version == version
    except (TypeError, ValueError):
        return False


def find_endpoint(store, endpoint_id: str, group_id: Optional[str] = None):
    """(group id, record) of a cluster private endpoint, for ``/_sim/fail/private_endpoints/{id}``."""
    for gid, proj in store.projects.items():
        if group_id is not None and gid != group_id:
            continue
        for svc in proj.get(SERVICES, {}).values():
            rec = lookup(svc["endpoints"], endpoint_id)
            if rec is not None:
                return gid, rec
    return None, None


def project_close_blocker(proj, gid: str) -> Optional[ApiError]:
    """The error Atlas gives when a project with private endpoints is deleted (facts §1.9)."""
    if proj.get(SERVICES):
        return ApiError("CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_PRIVATE_ENDPOINT_SERVICES", [gid])
    if proj.get(DATA_FEDERATION):
        return ApiError("CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_DATA_FEDERATION_PRIVATE_ENDPOINTS", [gid])
    return None
