"""Projects (``/groups``) and organizations (``/orgs``): the read operations of
``atlas-openapi-projects.yaml``.

* Lists hold only what the calling credential may see (access.py) and are paginated like
  every Atlas list.  Order: creation time, then id.
* ``name`` on ``/orgs`` and ``/orgs/{orgId}/groups`` is a case-insensitive prefix match, as
  the spec documents; ``/groups`` has no filter (a ``name`` there is ignored).
* With ``list_lag_seconds`` a project is missing from the lists for that many simulated
  seconds after its creation (eventual consistency).
"""

from __future__ import annotations

from typing import Any, Dict, List
from urllib.parse import quote

from fastapi import APIRouter
from starlette.requests import Request

from ..access import READ
from ..clock import iso
from ..common import sim
from ..errors import ApiError
from ..models import GroupOut, OrgOut
from ..pagination import base_url, paginate, params
from ..respond import ok, sim_info

router = APIRouter()
MAX_NAME = 64


def _credential(request: Request):
    return sim(request).access.get(sim_info(request).get("credential"))


def render_group(request: Request, gid: str, meta: Dict[str, Any]) -> dict:
    return GroupOut(
        clusterCount=meta.get("clusterCount", 0), created=iso(meta["_created"]), id=gid,
        links=[{"href": f"{base_url(request)}/api/atlas/v2/groups/{gid}", "rel": "self"}],
        name=meta["name"], orgId=meta["orgId"], tags=meta.get("tags") or [],
    ).dump()


def render_org(request: Request, org_id: str, org: Dict[str, Any]) -> dict:
    return OrgOut(
        id=org_id, links=[{"href": f"{base_url(request)}/api/atlas/v2/orgs/{org_id}", "rel": "self"}], name=org["name"],
    ).dump()


def _name_filter(request: Request):
    """(extra self-link query, predicate) for the spec's case-insensitive ``name`` prefix filter."""
    prefix = request.query_params.get("name") or ""
    extra = [("name", quote(prefix, safe=""))] if prefix else []
    return extra, (lambda name: name.lower().startswith(prefix.lower()))


def _listed_projects(request: Request, org_id: str = None) -> List[str]:
    """Ids of the projects the caller may see (of one org), oldest first, minus lagging ones."""
    s = sim(request)
    cred = _credential(request)
    lag, now = s.config.list_lag_seconds, s.clock.now()
    out = []
    for gid in s.store.projects:
        meta = s.store.project_meta(gid)
        if org_id is not None and meta["orgId"] != org_id:
            continue
        if lag > 0 and now - meta["_created"] < lag:
            continue
        out.append(gid)
    out = s.access.visible_projects(cred, out)
    return sorted(out, key=lambda g: (s.store.creation_order(s.store.project_info[g]), g))


def _groups_page(request: Request, gids: List[str], extra=()) -> dict:
    s = sim(request)
    items = [render_group(request, gid, s.store.project_info[gid]) for gid in gids]
    return paginate(request, items, extra=extra)


@router.get("/groups")
async def list_groups(request: Request):
    params(request)
    return ok(request, _groups_page(request, _listed_projects(request)), is_list=True)


@router.get("/groups/byName/{groupName}")
async def get_group_by_name(request: Request, groupName: str):
    if not 1 <= len(groupName) <= MAX_NAME:
        raise ApiError("INVALID_PATH_PARAMETER", ["groupName"])
    s = sim(request)
    named = sorted((g for g, m in s.store.project_info.items() if m["name"] == groupName and g in s.store.projects),
                   key=lambda g: (s.store.creation_order(s.store.project_info[g]), g))
    if not named:
        raise ApiError("GROUP_NAME_NOT_FOUND", [groupName])
    cred = _credential(request)
    readable = [g for g in named if s.access.project_level(cred, g) >= READ]
    if not readable:
        raise s.access.denied("NOT_IN_GROUP")
    return ok(request, render_group(request, readable[0], s.store.project_info[readable[0]]))


@router.get("/groups/{groupId}")
async def get_group(request: Request, groupId: str):
    # existence and the caller's role were checked by the middleware
    return ok(request, render_group(request, groupId, sim(request).store.project_meta(groupId)))


@router.get("/orgs")
async def list_orgs(request: Request):
    params(request)
    s = sim(request)
    cred = _credential(request)
    extra, matches = _name_filter(request)
    org_ids = [o for o, org in s.store.orgs.items() if matches(org["name"]) and s.access.sees_org(cred, o)]
    org_ids.sort(key=lambda o: (s.store.creation_order(s.store.orgs[o]), o))
    items = [render_org(request, o, s.store.orgs[o]) for o in org_ids]
    return ok(request, paginate(request, items, extra=extra), is_list=True)


@router.get("/orgs/{orgId}")
async def get_org(request: Request, orgId: str):
    return ok(request, render_org(request, orgId, sim(request).store.orgs[orgId]))


@router.get("/orgs/{orgId}/groups")
async def list_org_groups(request: Request, orgId: str):
    params(request)
    extra, matches = _name_filter(request)
    s = sim(request)
    gids = [g for g in _listed_projects(request, orgId) if matches(s.store.project_info[g]["name"])]
    return ok(request, _groups_page(request, gids, extra=extra), is_list=True)
