"""``atlas-sim`` command line."""

from __future__ import annotations

import argparse
import logging
import re
import socket
import sys
from typing import List, Optional

from .access import ORG_ROLES, PROJECT_ROLES
from .config import SimConfig
from .settings import SettingsError, validate as validate_settings
from .store import StateError, Store

HEX24 = re.compile(r"^[a-f0-9]{24}$")
NAME = re.compile(r"^[\w\-.(),:&@+']{1,64}$")


class UsageError(ValueError):
    pass


def _id_and_name(value: str, flag: str):
    """``ID`` or ``ID=NAME`` (--project, --org)."""
    ident, _, name = value.partition("=")
    if not HEX24.match(ident):
        raise UsageError(f"{flag} {value!r}: the id must be 24 lowercase hex characters")
    if name and not NAME.match(name):
        raise UsageError(f"{flag} {value!r}: the name must be 1-64 letters, digits or - _ . ( ) , : & @ + ' (no spaces)")
    return ident, name or None


def _pair(value: str, flag: str):
    """``NAME:SECRET`` (--api-key, --service-account)."""
    name, sep, secret = value.partition(":")
    if not (sep and name and secret):
        raise UsageError(f"{flag} needs NAME:SECRET, got {value.split(':')[0]!r}:...")
    return name, secret


def _grant(value: str):
    """``CREDENTIAL=ROLE[@ID]``; without @ID the role is on the default project / default org."""
    name, sep, rest = value.partition("=")
    role, _, target = rest.partition("@")
    if not (sep and name and role):
        raise UsageError(f"--grant {value!r}: use CREDENTIAL=ROLE[@PROJECT_OR_ORG_ID]")
    if role not in PROJECT_ROLES and role not in ORG_ROLES:
        raise UsageError(f"--grant {value!r}: role must be one of {', '.join(sorted(PROJECT_ROLES) + sorted(ORG_ROLES))}")
    if target and not HEX24.match(target):
        raise UsageError(f"--grant {value!r}: the id after @ must be 24 lowercase hex characters")
    return name, role, target or None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="atlas-sim", description="Local MongoDB Atlas Administration API v2 simulator")
    d = SimConfig()
    p.add_argument("--host", default=d.host, help="address to bind (default %(default)s)")
    p.add_argument("--port", type=int, default=d.port, help="port to bind; 0 picks a free port (default %(default)s)")
    p.add_argument("--state", dest="state_file", metavar="FILE", help="load/save state in FILE (atomic writes)")
    p.add_argument("--project", dest="projects", action="append", default=[], metavar="ID[=NAME]",
                   help="seed a project (24 hex, optional name); repeatable; the first is the default project")
    p.add_argument("--org", dest="orgs", action="append", default=[], metavar="ID[=NAME]",
                   help="seed an organization (24 hex, optional name); repeatable; the first is the default "
                        "organization, which holds the seeded projects")
    p.add_argument("--transition-seconds", type=float, default=d.transition_seconds, metavar="S",
                   help="simulated seconds per lifecycle transition (default %(default)s)")
    p.add_argument("--rate-limit", type=int, default=None, metavar="N",
                   help="requests per minute per project before 429 RATE_LIMITED_TOKEN_BUCKET (default off)")
    p.add_argument("--token-lifetime", type=int, default=d.token_lifetime, metavar="S",
                   help="OAuth access token lifetime in seconds (default %(default)s)")
    p.add_argument("--token-rate-limit", type=int, default=d.token_rate_limit, metavar="N",
                   help="token requests per minute per client id (default %(default)s, as Atlas)")
    p.add_argument("--public-key", default=d.public_key)
    p.add_argument("--private-key", default=d.private_key)
    p.add_argument("--client-id", default=d.client_id)
    p.add_argument("--client-secret", default=d.client_secret)
    p.add_argument("--access-list-post-seconds", type=float, default=d.access_list_post_seconds, metavar="S",
                   help="how long an accessList POST stays in flight (concurrent POSTs are refused) (default %(default)s)")
    p.add_argument("--access-list-conflict-status", type=int, choices=(409, 500), default=d.access_list_conflict_status,
                   help="status for a concurrent accessList POST (default %(default)s)")
    p.add_argument("--api-key", dest="api_keys", action="append", default=[], metavar="PUBLIC:PRIVATE",
                   help="another Digest API key (no roles unless --grant); repeatable")
    p.add_argument("--service-account", dest="service_accounts", action="append", default=[], metavar="CLIENT_ID:SECRET",
                   help="another service account (no roles unless --grant); repeatable")
    p.add_argument("--grant", dest="grants", action="append", default=[], metavar="CREDENTIAL=ROLE[@ID]",
                   help="give an --api-key/--service-account a role: GROUP_OWNER, GROUP_NETWORK_ACCESS_MANAGER, "
                        "GROUP_READ_ONLY (on a project), ORG_OWNER, ORG_READ_ONLY, ORG_MEMBER (on an organization); "
                        "without @ID on the default project / organization; repeatable")
    p.add_argument("--permission-denied-status", type=int, choices=(401, 403), default=d.permission_denied_status,
                   help="status of NOT_IN_GROUP / USER_UNAUTHORIZED / USER_CANNOT_ACCESS_ORG (default %(default)s)")
    p.add_argument("--access-list-propagation-seconds", type=float, default=d.access_list_propagation_seconds, metavar="S",
                   help="simulated seconds a new access list entry answers GET 404 while /status is PENDING "
                        "(real Atlas: 30-120) (default %(default)s)")
    p.add_argument("--list-lag-seconds", type=float, default=d.list_lag_seconds, metavar="S",
                   help="simulated seconds a new resource or project is missing from list GETs (default %(default)s)")
    p.add_argument("--access-list-max-entries", type=int, default=d.access_list_max_entries, metavar="N",
                   help="access list entries per project (default %(default)s, as Atlas)")
    p.add_argument("--client-address", metavar="IP",
                   help="pretend every caller has this address (API access list checks); default: the real one")
    p.add_argument("--aws-endpoint", metavar="URL", help="moto server URL: mirror AWS peerings as VPC peering requests")
    p.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"))
    return p


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.rate_limit is not None and args.rate_limit < 1:
        print("atlas-sim: --rate-limit must be >= 1", file=sys.stderr)
        return 2
    try:
        projects = [_id_and_name(p, "--project") for p in args.projects]
        orgs = [_id_and_name(o, "--org") for o in args.orgs]
        api_keys = [_pair(k, "--api-key") for k in args.api_keys]
        service_accounts = [_pair(k, "--service-account") for k in args.service_accounts]
        grants = [_grant(g) for g in args.grants]
        names = [n for n, _ in api_keys + service_accounts]
        taken = set()
        for name in names:
            if name in taken or name in (args.public_key, args.client_id):
                raise UsageError(f"credential name {name!r} is given twice (names are shared by API keys and service accounts)")
            taken.add(name)
        known = set(names)
        for name, _, _ in grants:
            if name not in known:
                raise UsageError(f"--grant names {name!r}, which is no --api-key or --service-account")
        validate_settings({"access_list_propagation_seconds": args.access_list_propagation_seconds,
                           "list_lag_seconds": args.list_lag_seconds,
                           "access_list_max_entries": args.access_list_max_entries,
                           "client_address": args.client_address})
    except (UsageError, SettingsError) as exc:
        print(f"atlas-sim: {exc}", file=sys.stderr)
        return 2
    config = SimConfig(
        host=args.host, port=args.port, state_file=args.state_file, projects=[p for p, _ in projects],
        project_names={p: n for p, n in projects if n}, orgs=orgs, api_keys=api_keys,
        service_accounts=service_accounts, grants=grants, permission_denied_status=args.permission_denied_status,
        access_list_propagation_seconds=args.access_list_propagation_seconds, list_lag_seconds=args.list_lag_seconds,
        access_list_max_entries=args.access_list_max_entries, client_address=args.client_address,
        transition_seconds=args.transition_seconds, rate_limit=args.rate_limit, token_lifetime=args.token_lifetime,
        token_rate_limit=args.token_rate_limit, public_key=args.public_key, private_key=args.private_key,
        client_id=args.client_id, client_secret=args.client_secret, aws_endpoint=args.aws_endpoint,
        access_list_post_seconds=args.access_list_post_seconds,
        access_list_conflict_status=args.access_list_conflict_status,
    )
    store = Store(config.state_file)
    try:
        store.load()
    except StateError as exc:
        print(f"atlas-sim: refusing to start: {exc}. The file was left untouched; fix it, move it away "
              f"or choose another --state file.", file=sys.stderr)
        return 3
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import uvicorn

    from .app import create_app

    try:
        app = create_app(config, store)
    except ImportError as exc:  # e.g. --aws-endpoint without boto3
        print(f"atlas-sim: {exc}", file=sys.stderr)
        return 2
    try:
        sock = _bind(config.host, config.port)
    except OSError as exc:
        print(f"atlas-sim: cannot bind {config.host}:{config.port}: {exc}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    sys.stdout.write(f"listening on http://{shown}:{port}\n")
    sys.stdout.write(f"default project: {app.sim.default_project}\n")
    sys.stdout.flush()
    class _Server(uvicorn.Server):
        # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown, which would make the
        # process die "by signal"; a clean stop (state saved) exits 0 instead.
        def handle_exit(self, sig, frame):
            super().handle_exit(sig, frame)
            if isinstance(getattr(self, "_captured_signals", None), list):
                self._captured_signals.clear()

    server = _Server(
        uvicorn.Config(app, log_level=args.log_level, access_log=False, lifespan="on", timeout_graceful_shutdown=5)
    )
    try:
        server.run(sockets=[sock])
    finally:
        app.sim.save()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
