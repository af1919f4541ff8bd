"""State file save/restore/corruption and the CLI contract."""

import json
import os
import shutil
import signal
import subprocess
import sys

import requests
from requests.auth import HTTPDigestAuth

from conftest import V2023, start_server

AUTH = HTTPDigestAuth("atlassim", "atlassim-private-key")


def test_state_survives_restart(tmp_path):
    state = tmp_path / "state.json"
    srv = start_server("--state", str(state), "--project", "5f0000000000000000000001", "--transition-seconds", "0")
    assert srv.gid == "5f0000000000000000000001"
    r = requests.post(srv.api("containers"), json={"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.8.0.0/21"},
                      headers={"Accept": V2023}, auth=AUTH)
    assert r.status_code == 200
    cid = r.json()["id"]
    assert json.loads(state.read_text())["projects"]["5f0000000000000000000001"]["containers"][cid]["atlasCidrBlock"] == "10.8.0.0/21"
    extra = requests.post(srv.url + "/_sim/projects", json={}).json()["id"]
    tok = requests.post(srv.url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim")).json()["access_token"]
    assert srv.stop() == 0
    srv2 = start_server("--state", str(state))
    try:
        assert srv2.gid == "5f0000000000000000000001"
        r = requests.get(srv2.api(f"containers/{cid}"), headers={"Accept": V2023}, auth=AUTH)
        assert r.status_code == 200 and r.json()["regionName"] == "US_EAST_1"
        r = requests.get(f"{srv2.url}/api/atlas/v2/groups/{extra}/peers", headers={"Accept": V2023, "Authorization": "Bearer " + tok})
        assert r.status_code == 200  # projects and tokens survive a restart
    finally:
        assert srv2.stop(signal.SIGINT) == 0
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_corrupt_state_is_refused_and_kept(tmp_path):
    for content in ("{not json", "[]", json.dumps({"format": "atlas-sim-state", "projects": []}), ""):
        state = tmp_path / "state.json"
        state.write_text(content)
        proc = subprocess.run([sys.executable, "-m", "atlas_sim.cli", "--port", "0", "--state", str(state)],
                              capture_output=True, text=True, timeout=30)
        assert proc.returncode != 0
        assert "refusing to start" in proc.stderr and str(state) in proc.stderr
        assert proc.stdout == ""
        assert state.read_text() == content  # never replaced


def test_cli_console_script_first_line_and_sigterm(tmp_path):
    exe = shutil.which("atlas-sim", path=os.path.dirname(sys.executable)) or shutil.which("atlas-sim")
    cmd = [exe] if exe else [sys.executable, "-m", "atlas_sim.cli"]
    proc = subprocess.Popen(cmd + ["--host", "127.0.0.1", "--port", "0", "--state", str(tmp_path / "s.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline().rstrip("\n")
        second = proc.stdout.readline().rstrip("\n")
        assert first.startswith("listening on http://127.0.0.1:")
        port = int(first.rsplit(":", 1)[1])
        assert port > 0
        assert second.startswith("default project: ") and len(second.split()[-1]) == 24
        assert requests.get(f"http://127.0.0.1:{port}/_sim/health", timeout=5).json()["status"] == "ok"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
    assert json.loads((tmp_path / "s.json").read_text())["format"] == "atlas-sim-state"


def test_cli_rejects_bad_project():
    proc = subprocess.run([sys.executable, "-m", "atlas_sim.cli", "--project", "nope"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "--project" in proc.stderr


def test_store_atomic_save_unit(tmp_path):
    from atlas_sim.store import StateError, Store

    path = tmp_path / "x.json"
    s = Store(str(path))
    gid = s.add_project()
    s.save()
    s2 = Store(str(path))
    assert s2.load() and gid in s2.projects
    path.write_text('{"format": "atlas-sim-state", "projects": {"zz": {}}}')
    try:
        Store(str(path)).load()
        raise AssertionError("expected StateError")
    except StateError as exc:
        assert "bad project entry" in str(exc)
