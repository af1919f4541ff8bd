"""In-memory state with a lock, saved atomically to ``--state FILE``.

Layout (JSON)::

    {"format": "atlas-sim-state", "version": 1, "clock_offset": 0.0, "secret": "<hex>",
     "default_project": "<24hex>",
     "projects": {"<gid>": {"containers": {id: rec}, "peers": {...},
                            "stream_privatelinks": {...}, "backup_private_endpoints": {...},
                            "access_list": {key: rec}}}}

Records are plain dicts; keys starting with ``_`` are internal (timestamps on the
simulated clock, failure flags) and never rendered.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import threading
from typing import Any, Dict, Optional

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


class Store:
    def __init__(self, path: Optional[str] = None):
        self.path = path
        self.lock = threading.RLock()
        self.projects: Dict[str, Dict[str, Dict[str, Any]]] = {}
        self.clock_offset = 0.0
        self.secret = secrets.token_hex(32)
        self.default_project: Optional[str] = None
        self.seed_projects: list = []
        self._dirty = False

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
        return True

    def snapshot(self) -> Dict[str, Any]:
        return {
            "format": FORMAT,
            "version": 1,
            "clock_offset": self.clock_offset,
            "secret": self.secret,
            "default_project": self.default_project,
            "projects": self.projects,
        }

    def save(self) -> None:
        if not self.path:
            self._dirty = False
            return
        with self.lock:
            data = json.dumps(self.snapshot(), sort_keys=True, indent=1)
            self._dirty = False
        directory = os.path.dirname(os.path.abspath(self.path)) or "."
        fd, tmp = tempfile.mkstemp(prefix=".atlas-sim-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
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
    def add_project(self, gid: Optional[str] = None) -> str:
        with self.lock:
            gid = gid or new_id()
            if gid not in self.projects:
                self.projects[gid] = empty_project()
                self.mark_dirty()
            return gid

    def project(self, gid: str) -> Optional[Dict[str, Dict[str, Any]]]:
        return self.projects.get(gid)

    def reset(self) -> None:
        with self.lock:
            self.projects = {}
            self.clock_offset = 0.0
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
