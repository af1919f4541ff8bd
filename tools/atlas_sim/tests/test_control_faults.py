"""Control API, request log, fault injection and rate limiting."""

import requests
from requests.auth import HTTPDigestAuth

from conftest import V2023

AUTH = HTTPDigestAuth("atlassim", "atlassim-private-key")


def test_projects_health_reset(api):
    r = api.ctl("POST", "projects", json={})
    gid = r.json()["id"]
    assert len(gid) == 24
    assert api.get(f"/api/atlas/v2/groups/{gid}/peers").status_code == 200
    assert api.ctl("POST", "projects", json={"id": "abcdefabcdefabcdefabcdef"}).json() == {"id": "abcdefabcdefabcdefabcdef"}
    assert api.ctl("POST", "projects", json={"id": "xyz"}).status_code == 400
    assert api.ctl("GET", "health").json()["status"] == "ok"
    api.post("accessList", [{"ipAddress": "1.2.3.4"}])
    assert api.ctl("POST", "reset").status_code == 200
    assert api.get(f"/api/atlas/v2/groups/{gid}/peers").status_code == 404
    assert api.get("accessList").json()["totalCount"] == 0  # default project survives, emptied


def test_request_log(api):
    api.ctl("DELETE", "requests")
    other = api.ctl("POST", "projects", json={}).json()["id"]
    api.get("peers")
    api.get(f"/api/atlas/v2/groups/{other}/containers", params={"providerName": "GCP"})
    log = api.ctl("GET", "requests").json()["requests"]
    # the Authorization header's scheme is logged, never its value
    assert {e.pop("auth") for e in log} <= {"digest", "bearer"}
    assert log == [
        {"method": "GET", "path": f"/api/atlas/v2/groups/{api.gid}/peers", "raw_path": f"/api/atlas/v2/groups/{api.gid}/peers",
         "query": "", "status": 200, "group_id": api.gid},
        {"method": "GET", "path": f"/api/atlas/v2/groups/{other}/containers", "raw_path": f"/api/atlas/v2/groups/{other}/containers",
         "query": "providerName=GCP", "status": 200, "group_id": other},
    ]
    assert [e["group_id"] for e in api.ctl("GET", "requests", params={"group_id": other}).json()["requests"]] == [other]
    api.ctl("DELETE", "requests")
    assert api.ctl("GET", "requests").json()["count"] == 0


def test_status_faults_with_retry_after(api):
    r = api.ctl("POST", "faults", json={"rate": 1.0, "seed": 7, "statuses": [503], "methods": ["GET"], "retry_after": 2})
    assert r.status_code == 200 and r.json()["config"]["statuses"] == [503]
    r = api.get("peers")
    assert r.status_code == 503 and r.headers["retry-after"] == "2" and r.json()["errorCode"] == "SERVICE_UNAVAILABLE"
    assert api.post("accessList", [{"ipAddress": "1.2.3.4"}]).status_code == 201  # POST not selected
    api.ctl("POST", "faults", json={"rate": 1.0, "statuses": [429], "max_faults": 1})
    r = api.get("peers")
    assert r.status_code == 429 and r.headers["retry-after"] == "1" and r.json()["errorCode"] == "RATE_LIMITED_TOKEN_BUCKET"
    assert api.get("peers").status_code == 200  # max_faults reached
    counters = api.ctl("GET", "faults").json()["counters"]
    assert counters["injected"] == 1 and counters["status_429"] == 1
    assert api.ctl("DELETE", "faults").status_code == 200
    assert api.ctl("GET", "faults").json()["config"] is None
    assert api.ctl("POST", "faults", json={"rate": 2}).status_code == 400


def test_seeded_rate_is_deterministic(api):
    def run():
        api.ctl("POST", "faults", json={"rate": 0.5, "seed": 42, "statuses": [500, 502]})
        return [api.get("peers").status_code for _ in range(20)]

    a, b = run(), run()
    assert a == b and {200, 500, 502} >= set(a) and 200 in a and (500 in a or 502 in a)


def test_drop_and_lost_response_on_real_server(server_factory):
    srv = server_factory("--transition-seconds", "0")
    requests.post(srv.url + "/_sim/faults", json={"rate": 1.0, "drop_connection": True, "statuses": [], "max_faults": 1})
    try:
        requests.get(srv.api("peers"), headers={"Accept": V2023}, auth=AUTH, timeout=5)
        raise AssertionError("expected a dropped connection")
    except requests.ConnectionError:
        pass
    assert requests.get(srv.api("peers"), headers={"Accept": V2023}, auth=AUTH).status_code == 200
    # lost response: the write is applied, the client gets no answer
    s = requests.Session()
    s.auth = AUTH
    s.get(srv.api("peers"), headers={"Accept": V2023})  # warm the digest nonce
    requests.post(srv.url + "/_sim/faults", json={"rate": 1.0, "lost_response": True, "statuses": [], "methods": ["POST"], "max_faults": 1})
    try:
        s.post(srv.api("accessList"), json=[{"ipAddress": "7.7.7.7"}], headers={"Accept": V2023}, timeout=5)
        raise AssertionError("expected a lost response")
    except requests.ConnectionError:
        pass
    r = requests.get(srv.api("accessList/7.7.7.7"), headers={"Accept": V2023}, auth=AUTH)
    assert r.status_code == 200
    log = requests.get(srv.url + "/_sim/requests").json()["requests"]
    faults = [e.get("fault") for e in log if e.get("fault")]
    assert faults == ["drop_connection", "lost_response"]
    lost = [e for e in log if e.get("fault") == "lost_response"][0]
    assert lost["applied_status"] == 201 and lost["status"] == 0


def test_rate_limit_per_project(make_api):
    api = make_api(rate_limit=5)
    codes = []
    for _ in range(6):
        r = api.get("peers")
        codes.append(r.status_code)
        assert r.headers["ratelimit-limit"] == "5"
    assert codes == [200] * 5 + [429]
    assert r.json()["errorCode"] == "RATE_LIMITED_TOKEN_BUCKET"
    assert int(r.headers["retry-after"]) >= 1 and r.headers["ratelimit-remaining"] == "0"
    assert r.json()["parameters"][0] == f"api/atlas/v2/groups/{api.gid}/peers"
    other = api.ctl("POST", "projects", json={}).json()["id"]
    assert api.get(f"/api/atlas/v2/groups/{other}/peers").status_code == 200


def test_no_rate_limit_headers_by_default(api):
    assert "ratelimit-limit" not in api.get("peers").headers


def test_fail_access_list_entry_in_the_project_named_by_group_id(api):
    """An entry value can be in several projects; ?group_id= picks the one to fail."""
    other = api.ctl("POST", "projects", json={}).json()["id"]
    for group in (api.gid, other):
        assert api.post(f"/api/atlas/v2/groups/{group}/accessList", [{"cidrBlock": "10.1.0.0/16"}]).status_code == 201
    answer = api.ctl("POST", f"fail/access_list/10.1.0.0%2F16?group_id={other}", json={})
    assert answer.json()["groupId"] == other
    assert api.get(f"/api/atlas/v2/groups/{other}/accessList/10.1.0.0%2F16/status").json()["STATUS"] == "FAILED"
    assert api.get("accessList/10.1.0.0%2F16/status").json()["STATUS"] != "FAILED"


def test_request_log_keeps_the_raw_path(api):
    api.ctl("DELETE", "requests")
    api.post("accessList", [{"cidrBlock": "10.2.0.0/16"}])
    api.delete("accessList/10.2.0.0%2F16")
    deleted = [e for e in api.ctl("GET", "requests").json()["requests"] if e["method"] == "DELETE"]
    assert deleted[0]["raw_path"].endswith("/accessList/10.2.0.0%2F16")
    assert deleted[0]["path"].endswith("/accessList/10.2.0.0/16")
