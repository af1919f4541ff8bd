"""Runtime configuration of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple


@dataclass
class SimConfig:
    host: str = "127.0.0.1"
    port: int = 0
    state_file: Optional[str] = None
    projects: List[str] = field(default_factory=list)
    transition_seconds: float = 2.0
    rate_limit: Optional[int] = None  # requests per minute per project; None = off
    token_lifetime: int = 3600
    token_rate_limit: int = 10  # token requests per minute per client id
    public_key: str = "atlassim"
    private_key: str = "atlassim-private-key"
    client_id: str = "mdb_sa_id_atlassim"
    client_secret: str = "mdb_sa_sk_atlassim"
    aws_endpoint: Optional[str] = None
    nonce_ttl: float = 300.0
    access_list_post_seconds: float = 0.05  # time an accessList POST stays "in flight"
    access_list_conflict_status: int = 409
    request_log_size: int = 10000
    # projects and organizations (issue 16)
    project_names: Dict[str, str] = field(default_factory=dict)  # seeded project id -> name
    orgs: List[Tuple[str, Optional[str]]] = field(default_factory=list)  # seeded (org id, name); first = default
    # credentials and roles (issue 18); the default pair above keeps full access
    api_keys: List[Tuple[str, str]] = field(default_factory=list)  # (public key, private key)
    service_accounts: List[Tuple[str, str]] = field(default_factory=list)  # (client id, secret)
    grants: List[Tuple[str, str, Optional[str]]] = field(default_factory=list)  # (credential, role, project/org id)
    # settings that /_sim/settings can change at run time (see settings.py)
    permission_denied_status: int = 401
    access_list_propagation_seconds: float = 0.0
    list_lag_seconds: float = 0.0
    access_list_max_entries: int = 200
    client_address: Optional[str] = None
