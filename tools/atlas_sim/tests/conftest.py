"""Shared fixtures: an in-process app (Starlette TestClient) and real servers started through
the ``atlas-sim`` CLI on a free port.  Every API response the tests see is recorded for the
contract test (test_zz_contract.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest
import requests
from starlette.testclient import TestClient

from atlas_sim.app import create_app
from atlas_sim.config import SimConfig

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent.parent  # tools/atlas_sim/tests -> repo root
SPEC_PATH = (REPO_ROOT / ".." / "shared" / "reference" / "atlas-openapi-subset.yaml").resolve()
SEEDS_DIR = (REPO_ROOT / ".." / "shared" / "seeds").resolve()
PRIVATELINK_SPEC_PATH = (REPO_ROOT / ".." / "shared" / "reference" / "atlas-openapi-privatelink.yaml").resolve()

V2023 = "application/vnd.atlas.2023-01-01+json"
V_STREAMS = "application/vnd.atlas.2023-02-01+json"
V_PATCH_STREAMS = "application/vnd.atlas.2025-03-12+json"
V_BACKUP = "application/vnd.atlas.2024-11-13+json"

# (method, path, query, status, headers, body bytes) of every /api/atlas/v2 response seen.
RECORDED: List[Dict[str, Any]] = []


def record(method: str, path: str, query: str, status: int, headers, body: bytes) -> None:
    if path.startswith("/api/atlas/v2/"):
        RECORDED.append({"method": method.upper(), "path": path, "query": query, "status": status,
                         "headers": {k.lower(): v for k, v in headers.items()}, "body": body})


class Api:
    """TestClient wrapper: Bearer auth, versioned Accept header, group-relative paths."""

    def __init__(self, tc: TestClient, gid: str, sim):
        self.tc = tc
        self.gid = gid
        self.sim = sim
        tok = tc.post("/api/oauth/token", data={"grant_type": "client_credentials"},
                      auth=(sim.config.client_id, sim.config.client_secret))
        assert tok.status_code == 200, tok.text
        self.token = tok.json()["access_token"]

    def url(self, path: str) -> str:
        if path.startswith("/"):
            return path
        return f"/api/atlas/v2/groups/{self.gid}/{path}"

    def request(self, method: str, path: str, *, version: str = V2023, headers=None, **kw):
        h = {"Authorization": f"Bearer {self.token}"}
        if version:
            h["Accept"] = version
        h.update(headers or {})
        resp = self.tc.request(method, self.url(path), headers=h, **kw)
        record(method, resp.request.url.raw_path.split(b"?")[0].decode(), resp.request.url.query.decode(), resp.status_code, resp.headers, resp.content)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # control API
    def advance(self, seconds: float) -> None:
        assert self.tc.post("/_sim/clock/advance", json={"seconds": seconds}).status_code == 200

    def ctl(self, method: str, path: str, **kw):
        return self.tc.request(method, "/_sim/" + path.lstrip("/"), **kw)


@pytest.fixture
def make_api():
    clients = []

    def _make(**overrides) -> Api:
        cfg = SimConfig(**{"transition_seconds": 2.0, "access_list_post_seconds": 0.0, "token_rate_limit": 1000, **overrides})
        app = create_app(cfg)
        tc = TestClient(app)
        tc.__enter__()
        clients.append(tc)
        return Api(tc, app.sim.default_project, app.sim)

    yield _make
    for tc in clients:
        tc.__exit__(None, None, None)


@pytest.fixture
def api(make_api) -> Api:
    return make_api()


# ------------------------------------------------------------------ real servers
class Server:
    def __init__(self, proc, url, gid):
        self.proc, self.url, self.gid = proc, url, gid

    def api(self, path: str) -> str:
        return f"{self.url}/api/atlas/v2/groups/{self.gid}/{path}"

    def stop(self, sig=signal.SIGTERM, timeout=10) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            return self.proc.wait()


def start_server(*args: str, timeout: float = 60.0) -> Server:
    cmd = [sys.executable, "-m", "atlas_sim.cli", "--host", "127.0.0.1", "--port", "0", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + timeout
    first = proc.stdout.readline()
    if not first.startswith("listening on http://"):
        proc.kill()
        raise RuntimeError(f"unexpected first line {first!r}; stderr: {proc.stderr.read()}")
    url = first.split()[-1]
    gid = proc.stdout.readline().split()[-1]
    while time.time() < deadline:
        try:
            if requests.get(url + "/_sim/health", timeout=5).status_code == 200:
                break
        except requests.RequestException:  # not listening yet, or slow to answer on a busy machine
            time.sleep(0.05)
    return Server(proc, url, gid)


def recording_session(**kw) -> requests.Session:
    s = requests.Session()
    for k, v in kw.items():
        setattr(s, k, v)

    def hook(resp, *a, **k):
        from urllib.parse import urlsplit

        u = urlsplit(resp.request.url)
        record(resp.request.method, u.path, u.query, resp.status_code, resp.headers, resp.content)

    s.hooks["response"].append(hook)
    return s


@pytest.fixture
def server_factory():
    servers: List[Server] = []

    def _start(*args: str) -> Server:
        srv = start_server(*args)
        servers.append(srv)
        return srv

    yield _start
    for srv in servers:
        srv.stop()


@pytest.fixture(scope="session")
def shared_server():
    srv = start_server("--transition-seconds", "0")
    yield srv
    srv.stop()


def aws_container(api: Api, region="US_EAST_1", cidr="192.168.248.0/21"):
    r = api.post("containers", {"providerName": "AWS", "regionName": region, "atlasCidrBlock": cidr})
    assert r.status_code == 200, r.text
    return r.json()


def aws_peer_body(container_id: str, **kw):
    body = {"containerId": container_id, "providerName": "AWS", "accepterRegionName": "eu-west-1",
            "awsAccountId": "123456789012", "routeTableCidrBlock": "10.0.0.0/16", "vpcId": "vpc-0123456789abcdef0"}
    body.update(kw)
    return body


# ------------------------------------------------------------------ private endpoints
PE_SERVICE = "privateEndpoint/endpointService"
AZURE_PE_ID = ("/subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg/providers/"
               "Microsoft.Network/privateEndpoints/atlas-pe-1")


def pe_service(api: Api, provider="AWS", region="us-east-1", ready=True, **extra) -> dict:
    """Create an endpoint service; with ``ready`` advance the clock until it is AVAILABLE."""
    r = api.post(PE_SERVICE, {"providerName": provider, "region": region, **extra})
    assert r.status_code == 201, r.text
    if ready:
        api.advance(2 * api.sim.config.transition_seconds)
    return r.json()


def gcp_rules(n: int, prefix="fr"):
    return [{"endpointName": f"{prefix}-{i}", "ipAddress": f"10.142.0.{i + 2}"} for i in range(n)]
