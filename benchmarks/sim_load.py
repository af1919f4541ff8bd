#!/usr/bin/env python3
"""Load check of the Atlas simulator (tools/atlas_sim).

Starts ``atlas-sim`` on a free loopback port (or uses --url), then runs N parallel clients
(default 20).  Each client works in its own project (created through /_sim/projects) and
loops over: list containers, list peers, list the access list, create a container (first
round), create a peering, add an access-list entry, get the peering - until its request
budget or the time limit is used up.  Every response other than the expected statuses and
the configured rate limit (429 RATE_LIMITED_TOKEN_BUCKET when --rate-limit is given) counts
as an error.  Exit status 1 if there was any error.

Loopback only: --url must point at 127.0.0.0/8 or localhost.

    python benchmarks/sim_load.py --clients 20 --requests 60 --duration 60 [--rate-limit 100]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests
from requests.auth import HTTPDigestAuth

ACCEPT = {"Accept": "application/vnd.atlas.2023-01-01+json"}


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def start_sim(extra):
    cmd = [sys.executable, "-m", "atlas_sim.cli", "--host", "127.0.0.1", "--port", "0", "--transition-seconds", "0", *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit(f"atlas-sim did not start: {line!r}")
    proc.stdout.readline()
    return proc, line.split()[-1]


def client(idx, url, args, deadline, stats, lock):
    s = requests.Session()
    if args.auth == "digest":
        s.auth = HTTPDigestAuth("atlassim", "atlassim-private-key")
    else:
        s.headers["Authorization"] = "Bearer " + args.token
    gid = requests.post(url + "/_sim/projects", json={}, timeout=10).json()["id"]
    base = f"{url}/api/atlas/v2/groups/{gid}"
    container_id = None
    n = 0

    def call(method, path, expect, **kw):
        nonlocal n
        n += 1
        t0 = time.perf_counter()
        try:
            r = s.request(method, base + path, headers=ACCEPT, timeout=30, **kw)
            status, code = r.status_code, r.headers.get("X-Error-Code")
        except requests.RequestException as exc:
            r, status, code = None, 0, type(exc).__name__
        dt = time.perf_counter() - t0
        with lock:
            stats["latencies"].append(dt)
            stats["requests"] += 1
            if status in expect:
                stats["ok"] += 1
            elif status == 429 and code == "RATE_LIMITED_TOKEN_BUCKET" and args.rate_limit:
                stats["rate_limited"] += 1
            else:
                stats["errors"].append(f"client {idx}: {method} {path} -> {status} {code}")
        return r if status in expect else None

    i = 0
    while n < args.requests and time.time() < deadline:
        call("GET", "/containers", {200})
        call("GET", "/peers", {200})
        call("GET", "/accessList", {200})
        if container_id is None:
            r = call("POST", "/containers", {200},
                     json={"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "192.168.248.0/21"})
            if r is not None:
                container_id = r.json()["id"]
            continue
        r = call("POST", "/peers", {200}, json={
            "containerId": container_id, "providerName": "AWS", "accepterRegionName": "us-west-2",
            "awsAccountId": f"{100000000000 + i:012d}", "routeTableCidrBlock": "10.0.0.0/16",
            "vpcId": f"vpc-{i:017x}"})
        call("POST", "/accessList", {201}, json=[{"cidrBlock": f"10.{i // 256 % 256}.{i % 256}.0/24", "comment": f"load {idx}"}])
        if r is not None:
            call("GET", f"/peers/{r.json()['id']}", {200})
        i += 1


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="use a running simulator (loopback only) instead of starting one")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--requests", type=int, default=60, help="requests per client (default %(default)s)")
    p.add_argument("--duration", type=float, default=60.0, help="time limit in seconds (default %(default)s)")
    p.add_argument("--rate-limit", type=int, default=None, help="start the simulator with --rate-limit N (429s then expected)")
    p.add_argument("--auth", choices=("bearer", "digest"), default="bearer")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = p.parse_args(argv)
    proc = None
    if args.url:
        if not _loopback(args.url):
            raise SystemExit("--url must be a loopback address (127.0.0.0/8, ::1 or localhost)")
        url = args.url.rstrip("/")
    else:
        proc, url = start_sim(["--rate-limit", str(args.rate_limit)] if args.rate_limit else [])
    if args.auth == "bearer":
        # One token shared by all clients: the token endpoint allows 10 requests a minute per client id.
        args.token = requests.post(url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                                   auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"), timeout=10).json()["access_token"]
    stats = {"requests": 0, "ok": 0, "rate_limited": 0, "errors": [], "latencies": []}
    lock = threading.Lock()
    t0 = time.time()
    deadline = t0 + args.duration
    try:
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [pool.submit(client, i, url, args, deadline, stats, lock) for i in range(args.clients)]
            for f in futures:
                try:
                    f.result(timeout=max(1.0, deadline - time.time() + 35))
                except Exception as exc:  # a client that crashed is an error too
                    stats["errors"].append(f"client crashed: {exc!r}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    elapsed = time.time() - t0
    lat = sorted(stats["latencies"]) or [0.0]
    summary = {
        "clients": args.clients, "requests": stats["requests"], "ok": stats["ok"], "rate_limited": stats["rate_limited"],
        "errors": len(stats["errors"]), "elapsed_s": round(elapsed, 2), "req_per_s": round(stats["requests"] / elapsed, 1),
        "latency_ms": {"median": round(statistics.median(lat) * 1000, 2), "p95": round(lat[int(len(lat) * 0.95) - 1] * 1000, 2),
                       "max": round(lat[-1] * 1000, 2)},
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(" ".join(f"{k}={v}" for k, v in summary.items()))
    for e in stats["errors"][:20]:
        print("ERROR", e, file=sys.stderr)
    return 1 if stats["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
