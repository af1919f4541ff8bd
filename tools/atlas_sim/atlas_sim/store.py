"""In-memory state with a lock, saved atomically to ``--state FILE``.

Layout (JSON)::

    {"format": "atlas-sim-state", "version": 1, "clock_offset": 0.0, "secret": "<hex>",
     "default_project": "<24hex>",
     "projects": {"<gid>": {"containers": {id: rec}, "peers": {...},
                            "stream_privatelinks": {...}, "backup_private_endpoints": {...},
                            "access_list": {key: rec}}},
     "default_org": "<24hex>", "orgs": {"<orgId>": {"name": .., "_created": .., "_api_access_list": null|[cidr]}},
     "project_info": {"<gid>": {"name": .., "orgId": .., "tags": [{"key","value"}], "clusterCount": 0, "_created": ..}},
     "credentials": {"<name>": {...}}, "settings": {...}, "version_marks": [...], "maintenance": null|{...}}

Records are plain dicts; keys starting with ``_`` are internal (timestamps on the
simulated clock, failure flags) and never rendered.  The keys after ``projects`` were added
for projects/organizations and the /_sim/ controls; a state file without them loads with
defaults (each project gets the name ``project-<id>`` in the default organization).
"""

from __future__ import annotations

import glob
import json
import os
import re
import secrets
import tempfile
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

KINDS = ("containers", "peers", "stream_privatelinks", "backup_private_endpoints", "access_list")
# Private endpoints (privatelink.py): services keyed by id with their endpoints nested,
# Data Federation entries keyed by endpointId, encryption-at-rest private endpoints keyed by id.
# Per-project private-networking settings live under ``private_networking`` (not a kind).
KINDS += ("private_endpoint_services", "data_federation_private_endpoints", "ear_private_endpoints")
HEX24 = re.compile(r"^[a-f0-9]{24}$")
FORMAT = "atlas-sim-state"


class StateError(Exception):
    """The state file cannot be used (corrupt or of an unknown format)."""


def new_id() -> str:
    return secrets.token_hex(12)


def empty_project() -> Dict[str, Dict[str, Any]]:
    return {k: {} for k in KINDS}


def default_project_name(gid: str) -> str:
    return f"project-{gid}"


def default_org_name(org_id: str) -> str:
    return f"org-{org_id}"


class Store:
    def __init__(self, path: Optional[str] = None):
        self.path = path
        self.lock = threading.RLock()
        self.projects: Dict[str, Dict[str, Dict[str, Any]]] = {}
        self.clock_offset = 0.0
        self.secret = secrets.token_hex(32)
        self.default_project: Optional[str] = None
        self.seed_projects: list = []
        self.seed_project_names: Dict[str, str] = {}
        self.seed_orgs: List[Tuple[str, Optional[str]]] = []  # (id, name); the first is the default org
        self.default_org: Optional[str] = None
        self.orgs: Dict[str, Dict[str, Any]] = {}
        self.project_info: Dict[str, Dict[str, Any]] = {}
        self.credentials: Dict[str, Dict[str, Any]] = {}  # created through /_sim/credentials
        self.settings: Dict[str, Any] = {}  # runtime overrides of SimConfig (/_sim/settings)
        self.version_marks: List[Dict[str, Any]] = []  # /_sim/versions
        self.maintenance: Optional[Dict[str, Any]] = None  # /_sim/maintenance
        self._dirty = False
        self._save_lock = threading.Lock()
        self._seq = 0  # creation order of projects and orgs (several can share a timestamp)

    # ------------------------------------------------------------ persistence
    def load(self) -> bool:
        """Load the state file if it exists.  Returns True when loaded.

        Raises StateError for an unreadable/corrupt file; the file is never touched then.
        """
        if not self.path or not os.path.exists(self.path):
            return False
        try:
            with open(self.path, "r", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StateError(f"state file {self.path} is not valid JSON ({exc})") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StateError(f"state file {self.path} is not an atlas-sim state file (missing \"format\": \"{FORMAT}\")")
        projects = data.get("projects")
        if not isinstance(projects, dict):
            raise StateError(f"state file {self.path} has no \"projects\" object")
        for gid, proj in projects.items():
            if not HEX24.match(gid) or not isinstance(proj, dict):
                raise StateError(f"state file {self.path}: bad project entry {gid!r}")
            for kind in KINDS:
                if not isinstance(proj.setdefault(kind, {}), dict):
                    raise StateError(f"state file {self.path}: project {gid} field {kind!r} is not an object")
        try:
            self.clock_offset = float(data.get("clock_offset", 0.0))
            secret = data.get("secret") or self.secret
            bytes.fromhex(secret)
        except (TypeError, ValueError) as exc:
            raise StateError(f"state file {self.path}: bad clock_offset/secret ({exc})") from exc
        self.secret = secret
        self.projects = projects
        dp = data.get("default_project")
        self.default_project = dp if dp in projects else None
        self._load_extras(data)
        self._remove_stale_temp_files()
        return True

    def _load_extras(self, data: Dict[str, Any]) -> None:
        for name, kind in (("orgs", dict), ("project_info", dict), ("credentials", dict), ("settings", dict),
                           ("version_marks", list)):
            value = data.get(name, kind())
            if not isinstance(value, kind):
                raise StateError(f"state file {self.path}: field {name!r} is not a JSON {kind.__name__}")
            setattr(self, name, value)
        required = {"orgs": ("name",), "project_info": ("name", "orgId"), "credentials": ("name", "kind", "verifier")}
        for name, keys in required.items():
            for key, rec in getattr(self, name).items():
                if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in keys):
                    raise StateError(f"state file {self.path}: {name} entry {key!r} needs the string fields {', '.join(keys)}")
        maintenance = data.get("maintenance")
        if maintenance is not None and not isinstance(maintenance, dict):
            raise StateError(f"state file {self.path}: field 'maintenance' is not an object")
        self.maintenance = maintenance
        do = data.get("default_org")
        self.default_org = do if do in self.orgs else None
        self._seq = max([r.get("_seq", 0) for r in list(self.orgs.values()) + list(self.project_info.values())] or [0])

    def _temp_prefix(self) -> str:
        return "." + os.path.basename(self.path) + "."

    def _remove_stale_temp_files(self) -> None:
        """Temp files a killed simulator left beside this state file (never the state file itself)."""
        directory = os.path.dirname(os.path.abspath(self.path))
        for leftover in glob.glob(os.path.join(glob.escape(directory), glob.escape(self._temp_prefix()) + "*.tmp")):
            try:
                os.unlink(leftover)
            except OSError:
                pass

    def snapshot(self) -> Dict[str, Any]:
        return {
            "format": FORMAT,
            "version": 1,
            "clock_offset": self.clock_offset,
            "secret": self.secret,
            "default_project": self.default_project,
            "projects": self.projects,
            "default_org": self.default_org,
            "orgs": self.orgs,
            "project_info": self.project_info,
            "credentials": self.credentials,
            "settings": self.settings,
            "version_marks": self.version_marks,
            "maintenance": self.maintenance,
        }

    def save(self) -> None:
        if not self.path:
            self._dirty = False
            return
        # One save at a time, so an older snapshot can never replace a newer one.
        with self._save_lock:
            with self.lock:
                data = json.dumps(self.snapshot(), sort_keys=True, indent=1)
                self._dirty = False
            directory = os.path.dirname(os.path.abspath(self.path)) or "."
            fd, tmp = tempfile.mkstemp(prefix=self._temp_prefix(), suffix=".tmp", dir=directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                self._dirty = True
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise

    def mark_dirty(self) -> None:
        self._dirty = True

    def save_if_dirty(self) -> None:
        if self._dirty:
            self.save()

    # ------------------------------------------------------------ projects
    def now(self) -> float:
        return time.time() + self.clock_offset

    def add_project(self, gid: Optional[str] = None, **info: Any) -> str:
        """Create a project (or update the given ``info`` of an existing one).

        ``info`` keys: name, orgId, tags, clusterCount, _created.  Missing ones get defaults:
        ``project-<id>``, the default organization, no tags, 0 clusters, now.
        """
        with self.lock:
            gid = gid or new_id()
            if gid not in self.projects:
                self.projects[gid] = empty_project()
                self.mark_dirty()
            meta = self.project_info.get(gid)
            if meta is None:
                meta = self.project_info[gid] = {
                    "name": self.seed_project_names.get(gid) or default_project_name(gid),
                    "orgId": self.ensure_default_org(), "tags": [], "clusterCount": 0, "_created": self.now(),
                    "_seq": self._next_seq(),
                }
                self.mark_dirty()
            changed = {k: v for k, v in info.items() if v is not None and meta.get(k) != v}
            if changed:
                meta.update(changed)
                self.mark_dirty()
            return gid

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    @staticmethod
    def creation_order(rec: Dict[str, Any]):
        return rec.get("_created", 0.0), rec.get("_seq", 0)

    def project_meta(self, gid: str) -> Optional[Dict[str, Any]]:
        if gid not in self.projects:
            return None
        if gid not in self.project_info:  # a state file written before projects had names
            self.add_project(gid)
        return self.project_info[gid]

    # ------------------------------------------------------------ organizations
    def add_org(self, org_id: Optional[str] = None, name: Optional[str] = None) -> str:
        with self.lock:
            org_id = org_id or new_id()
            org = self.orgs.get(org_id)
            if org is None:
                self.orgs[org_id] = {"name": name or default_org_name(org_id), "_created": self.now(),
                                     "_seq": self._next_seq(), "_api_access_list": None}
                self.mark_dirty()
            elif name and org["name"] != name:
                org["name"] = name
                self.mark_dirty()
            return org_id

    def ensure_default_org(self) -> str:
        if self.default_org is None or self.default_org not in self.orgs:
            seed_id, seed_name = self.seed_orgs[0] if self.seed_orgs else (self.default_org, None)
            self.default_org = self.add_org(seed_id, seed_name or "default-org")
        return self.default_org

    def org_by_name(self, name: str) -> Optional[str]:
        for org_id, org in self.orgs.items():
            if org["name"] == name:
                return org_id
        return None

    def project(self, gid: str) -> Optional[Dict[str, Dict[str, Any]]]:
        return self.projects.get(gid)

    def reset(self) -> None:
        with self.lock:
            self.projects = {}
            self.project_info = {}
            self.orgs = {}
            self.credentials = {}
            self.settings = {}
            self.version_marks = []
            self.maintenance = None
            self.clock_offset = 0.0
            self._seq = 0
            for org_id, name in self.seed_orgs:
                self.add_org(org_id, name)
            self.ensure_default_org()
            for gid in self.seed_projects:
                self.add_project(gid)
            if self.default_project:
                self.add_project(self.default_project)
            self.mark_dirty()

    def find(self, kind: str, rid: str, group_id: Optional[str] = None):
        """Return (gid, record) of a resource of ``kind`` with id ``rid`` in ``group_id``, or in any project."""
        for gid, proj in self.projects.items():
            if group_id is not None and gid != group_id:
                continue
            rec = proj[kind].get(rid)
            if rec is not None:
                return gid, rec
        return None, None
