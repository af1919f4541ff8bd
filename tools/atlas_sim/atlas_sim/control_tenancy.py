"""``/_sim/`` controls for who exists and who may do what: projects (name, organization,
tags, cluster count; one at a time or in bulk), organizations and their API access list,
and credentials with their roles.  Every change is saved to the state file at once."""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Dict, List, Optional

from fastapi import APIRouter
from starlette.requests import Request

from .access import KINDS, ORG_ROLES, PROJECT_ROLES, Credential, digest_ha1, secret_hash
from .control import _Bad, _body, _done, _err, _sim
from .store import HEX24

router = APIRouter()

# Group.name / AtlasOrganization.name: ^[\p{L}\p{N}\-_.(),:&@+']{1,64}$ (\w = Unicode letters, digits, _)
NAME_RX = re.compile(r"^[\w\-.(),:&@+']{1,64}$")
MAX_TAG = 255


class Invalid(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


async def _answer(request: Request, handle):
    """``handle(body)``'s result, saved; a bad body or an Invalid becomes an ``{"error"}`` answer."""
    try:
        return _done(request, handle(await _body(request)))
    except _Bad as exc:
        return _err(400, str(exc))
    except Invalid as exc:
        return _err(exc.status, str(exc))


# ------------------------------------------------------------------ validation helpers
def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not NAME_RX.match(value):
        raise Invalid(f"{what} must be 1-64 letters, digits or - _ . ( ) , : & @ + ' (no spaces)")
    return value


def _hex_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not HEX24.match(value):
        raise Invalid(f"{what} must be 24 lowercase hex characters")
    return value


def _tags(value: Any) -> List[Dict[str, str]]:
    """A list of {key, value} (Atlas's shape) or a {key: value} object."""
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = [(p.get("key"), p.get("value")) if isinstance(p, dict) else (None, None) for p in value]
    else:
        raise Invalid("tags must be a list of {key, value} objects or a {key: value} object")
    out = []
    for key, val in pairs:
        if not all(isinstance(x, str) and 1 <= len(x) <= MAX_TAG for x in (key, val)):
            raise Invalid(f"each tag needs a key and a value of 1-{MAX_TAG} characters")
        out.append({"key": key, "value": val})
    return out


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid("cluster_count must be a non-negative integer")
    return value


# ------------------------------------------------------------------ organizations
def _org_for(store, spec: Dict[str, Any], created: Dict[str, str]) -> Optional[str]:
    """The org id a project spec names (org_id, or org_name: found or created), else None."""
    if spec.get("org_id") is not None:
        org_id = _hex_id(spec["org_id"], "org_id")
        if org_id not in store.orgs:
            raise Invalid(f"org_id {org_id} does not exist; create it with POST /_sim/orgs or give org_name", 404)
        return org_id
    if spec.get("org_name") is not None:
        name = _name(spec["org_name"], "org_name")
        org_id = store.org_by_name(name) or created.get(name)
        if org_id is None:
            org_id = created[name] = store.add_org(None, name)
        return org_id
    return None


def _create_org(store, spec: Dict[str, Any]) -> Dict[str, str]:
    if not isinstance(spec, dict):
        raise Invalid("each organization must be a JSON object")
    org_id = _hex_id(spec["id"], "id") if spec.get("id") is not None else None
    name = _name(spec["name"], "name") if spec.get("name") is not None else None
    holder = store.org_by_name(name) if name else None
    if holder is not None and holder != org_id:
        raise Invalid(f"an organization named {name!r} already exists ({holder})", 409)
    org_id = store.add_org(org_id, name)
    return {"id": org_id, "name": store.orgs[org_id]["name"]}


@router.post("/orgs")
async def create_orgs(request: Request):
    """``{"id"?, "name"?}`` -> ``{"id", "name"}``; ``{"orgs": [...]}`` -> ``{"count", "orgs"}``."""
    store = _sim(request).store

    def handle(body):
        if "orgs" not in body:
            return _create_org(store, body)
        if not isinstance(body["orgs"], list):
            raise Invalid("orgs must be a list")
        made = []
        try:
            for spec in body["orgs"]:
                fresh = not (isinstance(spec, dict) and spec.get("id") in store.orgs)
                made.append(dict(_create_org(store, spec), fresh=fresh))
        except Invalid:
            for org in made:  # all or nothing
                if org["fresh"]:
                    store.orgs.pop(org["id"], None)
            raise
        return {"count": len(made), "orgs": [{"id": o["id"], "name": o["name"]} for o in made]}

    return await _answer(request, handle)


@router.get("/orgs")
async def list_orgs(request: Request):
    store = _sim(request).store
    orgs = [{"id": o, "name": org["name"], "api_access_list": org.get("_api_access_list")} for o, org in store.orgs.items()]
    return {"default": store.ensure_default_org(), "orgs": sorted(orgs, key=lambda o: o["id"])}


@router.post("/orgs/{orgId}/api_access_list")
async def set_api_access_list(request: Request, orgId: str):
    """Require the organization's API access list: calls from other addresses get 403."""
    store = _sim(request).store
    if orgId not in store.orgs:
        return _err(404, f"no organization {orgId}")
    try:
        entries = (await _body(request)).get("entries")
    except _Bad as exc:
        return _err(400, str(exc))
    if not isinstance(entries, list):
        return _err(400, "entries must be a list of IP addresses or CIDR blocks")
    try:
        normalised = [str(ipaddress.ip_network(e, strict=False)) for e in entries]
    except (TypeError, ValueError):
        return _err(400, "entries must be a list of IP addresses or CIDR blocks")
    store.orgs[orgId]["_api_access_list"] = normalised
    store.mark_dirty()
    return _done(request, {"id": orgId, "api_access_list": normalised})


@router.delete("/orgs/{orgId}/api_access_list")
async def clear_api_access_list(request: Request, orgId: str):
    store = _sim(request).store
    if orgId not in store.orgs:
        return _err(404, f"no organization {orgId}")
    store.orgs[orgId]["_api_access_list"] = None
    store.mark_dirty()
    return _done(request, {"id": orgId, "api_access_list": None})


# ------------------------------------------------------------------ projects
def _project_fields(store, spec: Dict[str, Any], new_orgs: Dict[str, str]) -> Dict[str, Any]:
    if not isinstance(spec, dict):
        raise Invalid("each project must be a JSON object")
    unknown = sorted(set(spec) - {"id", "name", "org_id", "org_name", "tags", "cluster_count"})
    if unknown:
        raise Invalid(f"unknown field(s) {', '.join(unknown)}")
    return {
        "id": _hex_id(spec["id"], "id") if spec.get("id") is not None else None,
        "name": _name(spec["name"], "name") if spec.get("name") is not None else None,
        "orgId": _org_for(store, spec, new_orgs),
        "tags": _tags(spec["tags"]) if spec.get("tags") is not None else None,
        "clusterCount": _count(spec["cluster_count"]) if spec.get("cluster_count") is not None else None,
    }


def _check_unique_names(store, specs: List[Dict[str, Any]]) -> None:
    """Project names are unique within an organization (as in Atlas)."""
    taken = {(m["orgId"], m["name"]): gid for gid, m in store.project_info.items() if gid in store.projects}
    default_org = store.ensure_default_org()
    for number, spec in enumerate(specs, 1):
        ident = spec["id"] or f"#{number} of this request"
        old = store.project_info.get(spec["id"]) if spec["id"] else None
        org = spec["orgId"] or (old or {}).get("orgId") or default_org
        name = spec["name"] or (old or {}).get("name")
        if name is None:
            continue
        holder = taken.get((org, name))
        if holder is not None and holder != ident:
            raise Invalid(f"organization {org} already has a project named {name!r} ({holder})", 409)
        taken[(org, name)] = ident


def _create_projects(request: Request, raw: List[Any]) -> List[str]:
    """Validate every spec first, then create them all: a refused batch creates nothing."""
    s = _sim(request)
    store = s.store
    new_orgs: Dict[str, str] = {}
    try:
        specs = [_project_fields(store, spec, new_orgs) for spec in raw]
        _check_unique_names(store, specs)
    except Invalid:
        for org_id in new_orgs.values():  # orgs made for org_name in a refused batch
            store.orgs.pop(org_id, None)
        raise
    now = s.clock.now()
    ids = []
    for spec in specs:
        gid = spec.pop("id")
        fresh = gid is None or gid not in store.projects
        ids.append(store.add_project(gid, _created=now if fresh else None, **spec))
    return ids


@router.post("/projects")
async def create_projects(request: Request):
    """``{}`` / ``{"id", "name", "org_id" | "org_name", "tags", "cluster_count"}`` -> ``{"id"}``;
    ``{"projects": [...]}`` -> ``{"count", "projects": [{"id", "name", "orgId"}]}``."""
    store = _sim(request).store

    def handle(body):
        if "projects" not in body:
            return {"id": _create_projects(request, [body])[0]}
        if not isinstance(body["projects"], list) or set(body) != {"projects"}:
            raise Invalid('the bulk form is {"projects": [ {...}, ... ]}')
        ids = _create_projects(request, body["projects"])
        made = [{"id": g, "name": store.project_info[g]["name"], "orgId": store.project_info[g]["orgId"]} for g in ids]
        return {"count": len(made), "projects": made}

    return await _answer(request, handle)


@router.get("/projects")
async def list_projects(request: Request):
    s = _sim(request)
    details = [{"id": g, "name": m["name"], "orgId": m["orgId"], "tags": m.get("tags") or [],
                "clusterCount": m.get("clusterCount", 0)}
               for g in sorted(s.store.projects) for m in [s.store.project_meta(g)]]
    return {"default": s.default_project, "default_org": s.store.ensure_default_org(),
            "projects": sorted(s.store.projects), "details": details}


# ------------------------------------------------------------------ credentials
def _roles(store, raw: Any):
    """[{group_id?, role}, {org_id?, role}] -> (org roles, project roles); ids default to the defaults."""
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise Invalid("roles must be a list of {group_id, role} / {org_id, role} objects")
    org_roles: Dict[str, str] = {}
    project_roles: Dict[str, str] = {}
    for item in raw:
        role = item.get("role") if isinstance(item, dict) else None
        if role in PROJECT_ROLES:
            gid = _hex_id(item.get("group_id") or store.default_project, "group_id")
            if gid not in store.projects:
                raise Invalid(f"group_id {gid} does not exist", 404)
            project_roles[gid] = role
        elif role in ORG_ROLES:
            org_id = _hex_id(item.get("org_id") or store.ensure_default_org(), "org_id")
            if org_id not in store.orgs:
                raise Invalid(f"org_id {org_id} does not exist", 404)
            org_roles[org_id] = role
        else:
            known = ", ".join(sorted(PROJECT_ROLES) + sorted(ORG_ROLES))
            raise Invalid(f"role must be one of {known}")
    return org_roles, project_roles


def _credential(s, body: Dict[str, Any]) -> Credential:
    kind = body.get("type")
    if kind not in KINDS:
        raise Invalid(f"type must be one of {', '.join(KINDS)}")
    name_field, secret_field = ("public_key", "private_key") if kind == "api_key" else ("client_id", "client_secret")
    allowed = {"type", name_field, secret_field, "org_id", "roles", "full_access"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise Invalid(f"unknown field(s) {', '.join(unknown)} for type {kind}")
    name = body.get(name_field)
    if not isinstance(name, str) or not re.match(r"^[\x21-\x7e]{1,128}$", name) or ":" in name:
        raise Invalid(f"{name_field} must be 1-128 printable characters without spaces or ':'")
    secret = body.get(secret_field)
    old = s.access.get(name)
    if secret is None and (old is None or old.kind != kind):
        raise Invalid(f"{secret_field} is required for a new {kind}")
    if secret is not None and (not isinstance(secret, str) or not secret):
        raise Invalid(f"{secret_field} must be a non-empty string")
    verifier = old.verifier if secret is None else (digest_ha1(name, secret) if kind == "api_key" else secret_hash(secret))
    org_id = body.get("org_id")
    if org_id is not None and _hex_id(org_id, "org_id") not in s.store.orgs:
        raise Invalid(f"org_id {org_id} does not exist", 404)
    org_roles, project_roles = _roles(s.store, body.get("roles"))
    return Credential(name, kind, verifier, org_id=org_id, org_roles=org_roles, project_roles=project_roles,
                      full_access=bool(body.get("full_access", False)))


@router.post("/credentials")
async def put_credential(request: Request):
    """Create or replace an API key / service account and its roles (never a command-line one)."""
    s = _sim(request)

    def handle(body):
        cred = _credential(s, body)
        if cred.name in s.access.cli:
            raise Invalid(f"credential {cred.name!r} is defined on the command line and cannot be changed", 409)
        s.access.put(cred)
        return s.access.describe(cred)

    return await _answer(request, handle)


@router.get("/credentials")
async def list_credentials(request: Request):
    access = _sim(request).access
    return {"credentials": [access.describe(c) for c in access.all()]}


@router.delete("/credentials/{name}")
async def delete_credential(request: Request, name: str):
    s = _sim(request)
    if name in s.access.cli:
        return _err(409, f"credential {name!r} is defined on the command line and cannot be deleted")
    if not s.access.delete(name):
        return _err(404, f"no credential {name!r}")
    return _done(request, {"deleted": name})
