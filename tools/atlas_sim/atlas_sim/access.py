"""Who may do what: credentials (API keys and service accounts), their roles, and the
organization API access list.

* A credential belongs to one organization (its *home* org, as Atlas API keys and service
  accounts do) and holds roles per organization and per project.  The default credentials
  (``--public-key``/``--client-id``) have full access to everything.
* Project levels: none < read (GROUP_READ_ONLY, ORG_READ_ONLY) < network
  (GROUP_NETWORK_ACCESS_MANAGER) < owner (GROUP_OWNER, ORG_OWNER).  What each operation needs
  follows the spec's x-rolesRequirements (facts §2.3): reads need read, except backup private
  endpoints (owner); peers and accessList writes need network; every other write needs owner.
* A credential without any level on a project gets ``NOT_IN_GROUP``; one whose level is too
  low gets ``USER_UNAUTHORIZED``; an organization it cannot see gets
  ``USER_CANNOT_ACCESS_ORG``.  All three use ``permission_denied_status`` (401 as Atlas
  historically answers, or 403 as its newer guidelines say).
* When the home org has an API access list, calls from any other address get 403
  ``IP_ADDRESS_NOT_ON_ACCESS_LIST``; the token endpoint is not affected.

Secrets are never stored: API keys keep the Digest HA1, service accounts a SHA-256 of the
secret.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

from .errors import ApiError

REALM = "MMS Public API"
NONE, READ, NETWORK, OWNER = 0, 1, 2, 3
PROJECT_ROLES = {"GROUP_READ_ONLY": READ, "GROUP_NETWORK_ACCESS_MANAGER": NETWORK, "GROUP_OWNER": OWNER}
ORG_ROLES = {"ORG_MEMBER": NONE, "ORG_READ_ONLY": READ, "ORG_OWNER": OWNER}  # level on the org's projects
KINDS = ("api_key", "service_account")

_GROUP_PATH = re.compile(r"^/api/atlas/v2/groups/(?!byName/)([^/]+)(/.*)?$")
_BY_NAME_PATH = re.compile(r"^/api/atlas/v2/groups/byName/([^/]+)/?$")
_ORG_PATH = re.compile(r"^/api/atlas/v2/orgs/([^/]+)(/.*)?$")
_NETWORK_WRITES = re.compile(r"^/(peers|accessList)(/|$)")


def digest_ha1(public_key: str, private_key: str) -> str:
    return hashlib.md5(f"{public_key}:{REALM}:{private_key}".encode()).hexdigest()  # noqa: S324 - Digest MD5


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class Credential:
    name: str  # public key or client id
    kind: str  # api_key | service_account
    verifier: str  # HA1 (api_key) or sha256 of the secret (service_account)
    org_id: Optional[str] = None  # home organization; None = the default org
    org_roles: Dict[str, str] = field(default_factory=dict)
    project_roles: Dict[str, str] = field(default_factory=dict)
    full_access: bool = False
    source: str = "control"  # cli | control

    def check_secret(self, secret: str) -> bool:
        return self.kind == "service_account" and hmac.compare_digest(self.verifier, secret_hash(secret or ""))

    def to_state(self) -> Dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "verifier": self.verifier, "org_id": self.org_id,
                "org_roles": self.org_roles, "project_roles": self.project_roles, "full_access": self.full_access}



def credential_from_state(rec: Dict[str, Any]) -> Credential:
    return Credential(name=rec["name"], kind=rec["kind"], verifier=rec["verifier"], org_id=rec.get("org_id"),
                      org_roles=dict(rec.get("org_roles") or {}), project_roles=dict(rec.get("project_roles") or {}),
                      full_access=bool(rec.get("full_access")), source="control")


def cli_credentials(config) -> List[Credential]:
    """The credentials the command line defines: the default pair (full access) and the extra ones."""
    creds = [
        Credential(config.public_key, "api_key", digest_ha1(config.public_key, config.private_key), full_access=True, source="cli"),
        Credential(config.client_id, "service_account", secret_hash(config.client_secret), full_access=True, source="cli"),
    ]
    for public, private in config.api_keys:
        creds.append(Credential(public, "api_key", digest_ha1(public, private), source="cli"))
    for client_id, secret in config.service_accounts:
        creds.append(Credential(client_id, "service_account", secret_hash(secret), source="cli"))
    by_name = {c.name: c for c in creds}
    for name, role, target in config.grants:
        cred = by_name.get(name)
        if cred is None:
            raise ValueError(f"--grant names {name!r}, which is no --api-key or --service-account")
        if role in PROJECT_ROLES:
            cred.project_roles[target or ""] = role  # "" = the default project, resolved by Access
        else:
            cred.org_roles[target or ""] = role
    return creds


def parse_scope(path: str):
    """(group id, org id, project name) named by an /api/atlas/v2 path; each may be None."""
    m = _BY_NAME_PATH.match(path)
    if m:
        return None, None, m.group(1)
    m = _GROUP_PATH.match(path)
    if m:
        return m.group(1), None, None
    m = _ORG_PATH.match(path)
    if m:
        return None, m.group(1), None
    return None, None, None


def required_level(method: str, rest: str) -> int:
    """Level a credential needs on a project for ``method`` on ``/groups/{id}<rest>``."""
    if rest.startswith(("/backup/", "/encryptionAtRest/")):
        # every backup and encryption-at-rest private endpoint operation, even GET
        # (facts §2.3; privatelink facts §1.2)
        return OWNER
    if method in ("GET", "HEAD"):
        return READ
    if _NETWORK_WRITES.match(rest):
        return NETWORK
    return OWNER


class Access:
    """The credential registry plus the permission and API access list checks."""

    def __init__(self, sim):
        self.sim = sim
        self.cli = {c.name: c for c in cli_credentials(sim.config)}

    @property
    def store(self):
        return self.sim.store

    # ------------------------------------------------------------ registry
    def get(self, name: Optional[str]) -> Optional[Credential]:
        if not name:
            return None
        cred = self.cli.get(name)
        if cred is not None:
            return cred
        rec = self.store.credentials.get(name)
        return credential_from_state(rec) if rec else None

    def describe(self, cred: Credential) -> Dict[str, Any]:
        """The control API's view of a credential: ids resolved, no verifier."""
        roles = [{"org_id": o, "role": r} for o, r in sorted(self._org_roles(cred).items())]
        roles += [{"group_id": g, "role": r} for g, r in sorted(self._project_roles(cred).items())]
        return {"name": cred.name, "type": cred.kind, "org_id": self.home_org(cred), "roles": roles,
                "full_access": cred.full_access, "source": cred.source}

    def all(self) -> List[Credential]:
        names = sorted(set(self.cli) | set(self.store.credentials))
        return [self.get(n) for n in names]

    def put(self, cred: Credential) -> None:
        if cred.name in self.cli:
            raise ValueError(f"credential {cred.name!r} is defined on the command line and cannot be changed")
        self.store.credentials[cred.name] = cred.to_state()
        self.store.mark_dirty()

    def delete(self, name: str) -> bool:
        if name in self.cli:
            raise ValueError(f"credential {name!r} is defined on the command line and cannot be deleted")
        if self.store.credentials.pop(name, None) is None:
            return False
        self.store.mark_dirty()
        return True

    # ------------------------------------------------------------ levels
    def home_org(self, cred: Credential) -> str:
        return cred.org_id or self.store.ensure_default_org()

    def _project_roles(self, cred: Credential) -> Dict[str, str]:
        return {(gid or self.store.default_project): role for gid, role in cred.project_roles.items()}

    def _org_roles(self, cred: Credential) -> Dict[str, str]:
        return {(oid or self.store.ensure_default_org()): role for oid, role in cred.org_roles.items()}

    def project_level(self, cred: Credential, gid: str) -> int:
        if cred.full_access:
            return OWNER
        meta = self.store.project_meta(gid) or {}
        level = PROJECT_ROLES.get(self._project_roles(cred).get(gid), NONE)
        return max(level, ORG_ROLES.get(self._org_roles(cred).get(meta.get("orgId")), NONE))

    def sees_org(self, cred: Credential, org_id: str) -> bool:
        if cred.full_access or org_id == self.home_org(cred) or org_id in self._org_roles(cred):
            return True
        return any((self.store.project_meta(gid) or {}).get("orgId") == org_id for gid in self._project_roles(cred))

    def visible_projects(self, cred: Credential, gids: Iterable[str]) -> List[str]:
        return [gid for gid in gids if self.project_level(cred, gid) >= READ]

    # ------------------------------------------------------------ checks
    def denied(self, code: str, params=None) -> ApiError:
        return ApiError(code, params, status=self.sim.config.permission_denied_status)

    def check(self, cred: Credential, method: str, path: str) -> None:
        """Raise the ApiError Atlas sends when ``cred`` may not call ``method path``."""
        gid, org_id, _ = parse_scope(path)
        if gid is not None:
            rest = _GROUP_PATH.match(path).group(2) or ""
            level = self.project_level(cred, gid)
            if level == NONE:
                raise self.denied("NOT_IN_GROUP")
            if level < required_level(method, rest):
                raise self.denied("USER_UNAUTHORIZED")
        elif org_id is not None and not self.sees_org(cred, org_id):
            raise self.denied("USER_CANNOT_ACCESS_ORG")

    def check_address(self, cred: Credential, address: str) -> None:
        """403 IP_ADDRESS_NOT_ON_ACCESS_LIST when the home org's API access list excludes ``address``."""
        org = self.store.orgs.get(self.home_org(cred)) or {}
        allowed = org.get("_api_access_list")
        if allowed is None or address_in(address, allowed):
            return
        raise ApiError("IP_ADDRESS_NOT_ON_ACCESS_LIST", [address])


def address_in(address: str, networks: Iterable[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for net in networks:
        try:
            if ip in ipaddress.ip_network(net, strict=False):
                return True
        except (ValueError, TypeError):
            continue
    return False
