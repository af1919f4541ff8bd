"""Runtime configuration of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional


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
