"""Private endpoint routes with the simulator's cross-cutting machinery: state file, faults,
rate limits, request log, reset."""

import json
from urllib.parse import quote

import requests
from requests.auth import HTTPDigestAuth

from atlas_sim.store import Store
from conftest import AZURE_PE_ID, PE_SERVICE, V2023, pe_service

AUTH = HTTPDigestAuth("atlassim", "atlassim-private-key")
H = {"Accept": V2023}


def test_state_survives_a_restart(server_factory, tmp_path):
    state = str(tmp_path / "state.json")
    srv = server_factory("--transition-seconds", "0", "--state", state)
    requests.patch(f"{srv.url}/_sim/projects/{srv.gid}/private_networking",
                   json={"ear_require_private_networking": {"AWS": True}, "replica_sets": True})
    svc = requests.post(srv.api(PE_SERVICE), json={"providerName": "AWS", "region": "us-east-1"}, headers=H, auth=AUTH).json()
    endpoint = srv.api(f"privateEndpoint/AWS/endpointService/{svc['id']}/endpoint")
    assert requests.post(endpoint, json={"id": "vpce-0123456789abcdef0"}, headers=H, auth=AUTH).status_code == 200
    requests.post(srv.api("privateNetworkSettings/endpointIds"), json={"endpointId": "vpce-0fcd9d80bbafe4871"}, headers=H, auth=AUTH)
    ear = requests.post(srv.api("encryptionAtRest/AWS/privateEndpoints"), json={"regionName": "US_EAST_1"}, headers=H, auth=AUTH)
    assert ear.status_code == 202

    def body(path):  # links name the (new) port: compare the rest
        got = requests.get(srv.api(path), headers=H, auth=AUTH).json()
        return {k: v for k, v in got.items() if k != "links"} if isinstance(got, dict) else got

    before = {path: body(path)
              for path in ("privateEndpoint/AWS/endpointService", f"privateEndpoint/AWS/endpointService/{svc['id']}/endpoint/"
                           "vpce-0123456789abcdef0", "privateNetworkSettings/endpointIds", "encryptionAtRest/AWS/privateEndpoints")}
    assert srv.stop() == 0
    srv = server_factory("--transition-seconds", "0", "--state", state, "--project", srv.gid)
    for path, saved in before.items():
        assert body(path) == saved
    conf = requests.get(f"{srv.url}/_sim/projects/{srv.gid}/private_networking").json()
    assert conf["replica_sets"] is True and conf["ear_require_private_networking"]["AWS"] is True


def test_a_state_file_from_before_private_endpoints_still_loads(tmp_path):
    path = tmp_path / "old.json"
    gid = "5f3c0b8e9d1a2b3c4d5e6f70"
    kinds = ("containers", "peers", "stream_privatelinks", "backup_private_endpoints", "access_list")
    path.write_text(json.dumps({"format": "atlas-sim-state", "version": 1, "default_project": gid,
                                "projects": {gid: {k: {} for k in kinds}}}))
    store = Store(str(path))
    assert store.load()
    assert store.project(gid)["private_endpoint_services"] == {}
    assert store.project(gid)["ear_private_endpoints"] == {}


def test_faults_and_request_log_cover_the_new_routes(api):
    api.ctl("POST", "faults", json={"rate": 1.0, "statuses": [503], "methods": ["POST"], "max_faults": 1,
                                    "paths_prefix": "/api/atlas/v2/groups"})
    r = api.post(PE_SERVICE, {"providerName": "AZURE", "region": "eastus2"})
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    assert api.get("privateEndpoint/AZURE/endpointService").json() == []  # the faulted POST changed nothing
    svc = pe_service(api, "AZURE", "eastus2")
    api.ctl("DELETE", "requests")
    api.post(f"privateEndpoint/AZURE/endpointService/{svc['id']}/endpoint",
             {"id": AZURE_PE_ID, "privateEndpointIPAddress": "10.0.0.4"})
    api.get(f"privateEndpoint/AZURE/endpointService/{svc['id']}/endpoint/{quote(AZURE_PE_ID, safe='')}")
    log = api.ctl("GET", "requests").json()["requests"]
    assert [(e["method"], e["status"]) for e in log] == [("POST", 200), ("GET", 200)]
    assert "%2Fsubscriptions%2F" in log[1]["raw_path"] and log[1]["path"].endswith(AZURE_PE_ID)


def test_rate_limit_applies(make_api):
    api = make_api(rate_limit=2)
    assert api.get("privateEndpoint/regionalMode").headers["ratelimit-remaining"] == "1"
    assert api.get("privateNetworkSettings/endpointIds").status_code == 200
    r = api.get("encryptionAtRest/AWS/privateEndpoints")
    assert r.status_code == 429 and r.json()["errorCode"] == "RATE_LIMITED_TOKEN_BUCKET"


def test_reset_forgets_private_endpoints_and_settings(api):
    api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"replica_sets": True})
    pe_service(api, ready=False)
    api.patch("privateEndpoint/regionalMode", {"enabled": False})
    assert api.ctl("POST", "reset").status_code == 200
    assert api.get("privateEndpoint/AWS/endpointService").json() == []
    assert api.ctl("GET", f"projects/{api.gid}/private_networking").json()["replica_sets"] is False
