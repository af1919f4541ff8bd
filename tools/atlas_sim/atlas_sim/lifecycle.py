"""State machines on the simulated clock.

Every transition takes ``--transition-seconds`` (T) of simulated time:

* AWS peer:   INITIATING -T-> PENDING_ACCEPTANCE; after accept: FINALIZING -T-> AVAILABLE
* GCP peer:   ADDING_PEER -T-> WAITING_FOR_USER; after accept: WAITING_FOR_USER -T-> AVAILABLE
* Azure peer: ADDING_PEER -T-> AVAILABLE
* peers on DELETE: TERMINATING (AWS) / DELETING (Azure, GCP) -T-> gone (404)
* stream private link: IDLE -T-> WORKING -T-> DONE; DELETE: DELETE_REQUESTED -T-> DELETING -T-> gone
* backup private endpoint: INITIATING -T-> ACTIVE; DELETE: DELETING -T-> gone
* access list entry: PENDING -T-> ACTIVE; removed once ``deleteAfterDate`` has passed
* anything driven to FAILED by ``/_sim/fail`` stays FAILED (until deleted)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict

from .clock import phase

GONE = "GONE"


def peer_status(rec: Dict[str, Any], now: float, step: float) -> str:
    prov = rec["providerName"]
    if rec.get("_deleting") is not None:
        return phase(rec["_deleting"], now, step, ["TERMINATING" if prov == "AWS" else "DELETING", GONE])
    if rec.get("_failed"):
        return "FAILED"
    accepted = rec.get("_accepted")
    if accepted is not None and accepted > now:
        accepted = None  # accepted "in the future": the request did not exist yet
    if prov == "AWS":
        if accepted is None:
            return phase(rec["_created"], now, step, ["INITIATING", "PENDING_ACCEPTANCE"])
        return phase(accepted, now, step, ["FINALIZING", "AVAILABLE"])
    if prov == "GCP":
        if accepted is None:
            return phase(rec["_created"], now, step, ["ADDING_PEER", "WAITING_FOR_USER"])
        return phase(accepted, now, step, ["WAITING_FOR_USER", "AVAILABLE"])
    return phase(rec["_created"], now, step, ["ADDING_PEER", "AVAILABLE"])


def stream_status(rec: Dict[str, Any], now: float, step: float) -> str:
    if rec.get("_deleting") is not None:
        return phase(rec["_deleting"], now, step, ["DELETE_REQUESTED", "DELETING", GONE])
    if rec.get("_failed"):
        return "FAILED"
    return phase(rec["_created"], now, step, ["IDLE", "WORKING", "DONE"])


def backup_status(rec: Dict[str, Any], now: float, step: float) -> str:
    if rec.get("_deleting") is not None:
        return phase(rec["_deleting"], now, step, ["DELETING", GONE])
    if rec.get("_failed"):
        return "FAILED"
    return phase(rec["_created"], now, step, ["INITIATING", "ACTIVE"])


def access_status(rec: Dict[str, Any], now: float, step: float) -> str:
    if rec.get("_failed"):
        return "FAILED"
    return phase(rec["_created"], now, step, ["PENDING", "ACTIVE"])


def _expired(rec: Dict[str, Any], now: float) -> bool:
    dad = rec.get("deleteAfterDate")
    if not dad:
        return False
    return datetime.fromisoformat(dad.replace("Z", "+00:00")).timestamp() <= now


def reap(proj: Dict[str, Dict[str, Any]], now: float, step: float) -> bool:
    """Drop resources whose deletion finished or whose expiry passed.  True if any dropped."""
    changed = False
    for kind, fn in (("peers", peer_status), ("stream_privatelinks", stream_status), ("backup_private_endpoints", backup_status)):
        coll = proj[kind]
        for rid in [rid for rid, rec in coll.items() if rec.get("_deleting") is not None and fn(rec, now, step) == GONE]:
            del coll[rid]
            changed = True
    acl = proj["access_list"]
    for key in [k for k, rec in acl.items() if _expired(rec, now)]:
        del acl[key]
        changed = True
    return changed


def live_peers(proj: Dict[str, Dict[str, Any]], container_id: str = None):
    return [p for p in proj["peers"].values() if container_id is None or p["containerId"] == container_id]
