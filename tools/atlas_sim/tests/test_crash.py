"""Crashes (issue 18, item 7): the simulator killed with SIGKILL in the middle of a run and
restarted on its state file keeps every write it acknowledged (a write is saved before its
answer leaves), leaves a loadable file even when killed between a commit and its answer, and
keeps the settings changed through /_sim/."""

import asyncio
import json
import signal
import threading
import time

import requests

from atlas_sim.app import create_app
from atlas_sim.config import SimConfig
from conftest import V2023, start_server

TOKEN_AUTH = ("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim")


def _token(url):
    r = requests.post(url + "/api/oauth/token", data={"grant_type": "client_credentials"}, auth=TOKEN_AUTH)
    return {"Accept": V2023, "Authorization": "Bearer " + r.json()["access_token"]}


def _wait_for(predicate, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _entries(state_path, gid):
    try:
        return json.loads(state_path.read_text())["projects"][gid]["access_list"]
    except (OSError, ValueError):
        return {}


def test_a_write_is_on_disk_when_its_answer_starts(tmp_path):
    """The answer's first byte leaves only after the state file holds the write."""
    path = tmp_path / "state.json"
    app = create_app(SimConfig(state_file=str(path), access_list_post_seconds=0))
    gid = app.sim.default_project
    token = app.sim.auth.issue_token(app.sim.config.client_id)["access_token"]
    url = f"/api/atlas/v2/groups/{gid}/accessList"
    scope = {"type": "http", "method": "POST", "path": url, "raw_path": url.encode(), "query_string": b"",
             "headers": [(b"authorization", f"Bearer {token}".encode()), (b"accept", V2023.encode()),
                         (b"content-type", b"application/json")],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "scheme": "http", "root_path": "",
             "http_version": "1.1"}
    inbox = [{"type": "http.request", "body": b'[{"ipAddress": "198.51.100.7"}]', "more_body": False}]
    seen = []

    async def receive():
        return inbox.pop(0) if inbox else {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            on_disk = _entries(path, gid)
            seen.append((message["status"], "198.51.100.7/32" in on_disk))

    asyncio.run(app(scope, receive, send))
    assert seen == [(201, True)]


def test_kill9_between_commit_and_answer_keeps_a_consistent_file(tmp_path, server_factory):
    state = tmp_path / "state.json"
    srv = server_factory("--state", str(state), "--access-list-post-seconds", "0")
    headers = _token(srv.url)
    requests.post(srv.url + "/_sim/faults", json={"rate": 1, "statuses": [], "slow_response": True, "hold_seconds": 60,
                                                  "methods": ["POST"], "max_faults": 1})
    answers = []

    def post():
        try:
            answers.append(requests.post(srv.api("accessList"), json=[{"ipAddress": "198.51.100.7"}], headers=headers, timeout=30))
        except requests.RequestException as exc:
            answers.append(exc)

    writer = threading.Thread(target=post)
    writer.start()
    _wait_for(lambda: "198.51.100.7/32" in _entries(state, srv.gid), "the write to reach the state file")
    assert not answers  # committed, not answered yet
    srv.stop(signal.SIGKILL)
    writer.join(30)
    assert isinstance(answers[0], requests.ConnectionError)  # the client never got an answer
    srv2 = server_factory("--state", str(state))
    r = requests.get(srv2.api("accessList/198.51.100.7"), headers=headers)
    assert r.status_code == 200 and r.json()["cidrBlock"] == "198.51.100.7/32"


def test_every_acknowledged_write_survives_kill9(tmp_path, server_factory):
    state = tmp_path / "state.json"
    srv = server_factory("--state", str(state), "--access-list-post-seconds", "0")
    headers = _token(srv.url)
    acked, stop = [], threading.Event()

    def writer():
        session = requests.Session()
        for i in range(1000):
            if stop.is_set():
                return
            cidr = f"10.{i // 250}.{i % 250}.0/24"
            try:
                r = session.post(srv.api("accessList"), json=[{"cidrBlock": cidr}], headers=headers, timeout=10)
            except requests.RequestException:
                return
            if r.status_code == 201:
                acked.append(cidr)

    thread = threading.Thread(target=writer)
    thread.start()
    _wait_for(lambda: len(acked) >= 15, "15 acknowledged writes")
    srv.stop(signal.SIGKILL)  # at an arbitrary point of the next write
    stop.set()
    thread.join(30)
    saved = json.loads(state.read_text())  # a complete JSON document, never a torn one
    present = set(saved["projects"][srv.gid]["access_list"])
    assert set(acked) <= present
    assert len(present - set(acked)) <= 1  # at most the write that was in flight
    srv2 = server_factory("--state", str(state))
    assert requests.get(srv2.api("accessList"), headers=headers, params={"itemsPerPage": 500}).json()["totalCount"] == len(present)
    assert not list(tmp_path.glob(".state.json.*.tmp"))


def test_runtime_controls_survive_kill9_and_faults_do_not(tmp_path, server_factory):
    state = tmp_path / "state.json"
    args = ("--state", str(state))
    srv = server_factory(*args)
    ctl = srv.url + "/_sim/"
    gid = requests.post(ctl + "projects", json={"name": "kept", "org_name": "strict-org", "tags": {"env": "prod"}}).json()["id"]
    org = requests.get(f"{srv.url}/api/atlas/v2/groups/{gid}", headers=_token(srv.url)).json()["orgId"]
    requests.post(ctl + "settings", json={"permission_denied_status": 403, "list_lag_seconds": 1.5,
                                          "access_list_propagation_seconds": 45, "access_list_max_entries": 7})
    requests.post(ctl + "versions", json={"version": "2023-02-01", "deprecation": "2024-10-23"})
    requests.post(ctl + "maintenance", json={"paths_prefix": f"/api/atlas/v2/groups/{gid}"})
    requests.post(ctl + f"orgs/{org}/api_access_list", json={"entries": ["192.0.2.0/24"]})
    requests.post(ctl + "credentials", json={"type": "api_key", "public_key": "ro", "private_key": "ro-priv",
                                             "roles": [{"role": "GROUP_READ_ONLY"}]})
    requests.post(ctl + "faults", json={"rate": 1, "statuses": [500]})
    srv.stop(signal.SIGKILL)

    srv = server_factory(*args)
    ctl = srv.url + "/_sim/"
    settings = requests.get(ctl + "settings").json()
    assert settings["overrides"] == {"permission_denied_status": 403, "list_lag_seconds": 1.5,
                                     "access_list_propagation_seconds": 45, "access_list_max_entries": 7}
    assert settings["settings"]["permission_denied_status"] == 403
    assert requests.get(ctl + "versions").json()["marks"][0]["deprecation"] == "2024-10-23"
    assert requests.get(ctl + "maintenance").json()["open"]
    orgs = {o["id"]: o for o in requests.get(ctl + "orgs").json()["orgs"]}
    assert orgs[org]["api_access_list"] == ["192.0.2.0/24"] and orgs[org]["name"] == "strict-org"
    assert requests.get(ctl + "faults").json()["config"] is None  # fault injection is not kept
    headers = _token(srv.url)
    r = requests.post(f"{srv.url}/api/atlas/v2/groups/{gid}/accessList", json=[{"ipAddress": "1.2.3.4"}], headers=headers)
    assert r.status_code == 405  # the upgrade window is still open for that project
    ro = requests.auth.HTTPDigestAuth("ro", "ro-priv")
    r = requests.post(srv.api("accessList"), json=[{"ipAddress": "1.2.3.4"}], headers={"Accept": V2023}, auth=ro)
    assert r.status_code == 403 and r.json()["errorCode"] == "USER_UNAUTHORIZED"
    detail = [p for p in requests.get(ctl + "projects").json()["details"] if p["id"] == gid][0]
    assert detail["name"] == "kept" and detail["tags"] == [{"key": "env", "value": "prod"}]
    # back to the command line's values
    requests.delete(ctl + "settings")
    assert requests.get(ctl + "settings").json()["settings"]["permission_denied_status"] == 401


def test_only_this_state_files_stale_temp_files_are_removed(tmp_path):
    state = tmp_path / "s.json"
    state.write_text(json.dumps({"format": "atlas-sim-state", "projects": {}}))
    mine, other = tmp_path / ".s.json.abc123.tmp", tmp_path / ".other.json.abc123.tmp"
    mine.write_text("{half")
    other.write_text("{half")
    srv = start_server("--state", str(state))
    srv.stop()
    assert not mine.exists() and other.exists()


def test_a_state_file_with_bad_new_fields_is_refused(tmp_path):
    import subprocess
    import sys

    for extra in ({"orgs": []}, {"orgs": {"a": {"id": "a"}}}, {"credentials": {"x": {"name": "x"}}},
                  {"project_info": {"g": {"name": 1}}}, {"maintenance": "open"}):
        state = tmp_path / "s.json"
        content = json.dumps(dict({"format": "atlas-sim-state", "projects": {}}, **extra))
        state.write_text(content)
        proc = subprocess.run([sys.executable, "-m", "atlas_sim.cli", "--port", "0", "--state", str(state)],
                              capture_output=True, text=True, timeout=30)
        assert proc.returncode == 3 and "refusing to start" in proc.stderr, (extra, proc.stderr)
        assert state.read_text() == content
