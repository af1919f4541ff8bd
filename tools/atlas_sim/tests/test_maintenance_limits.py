"""Maintenance (issue 18, item 5): 405 WRITES_NOT_ALLOWED_DURING_APP_UPGRADES for writes during
an upgrade window, 503 SERVICE_UNAVAILABLE with or without Retry-After; a refused write
commits nothing.  Limits (item 6): the access list's entry limit."""

from conftest import aws_container


def _state(api):
    return api.ctl("GET", "state").json()["projects"][api.gid]


def test_upgrade_window_refuses_writes_only(api):
    r = api.ctl("POST", "maintenance", json={})
    assert r.json()["open"] and r.json()["window"]["status"] == 405
    r = api.post("accessList", [{"ipAddress": "198.51.100.7"}])
    assert r.status_code == 405 and "retry-after" not in r.headers
    assert r.json() == {"detail": "Create, update, and delete API endpoints are disabled while the system is being upgraded.",
                        "error": 405, "errorCode": "WRITES_NOT_ALLOWED_DURING_APP_UPGRADES", "parameters": [],
                        "reason": "Method Not Allowed"}
    assert api.delete("accessList/198.51.100.7").status_code == 405
    assert api.get("accessList").status_code == 200
    assert _state(api)["access_list"] == {}
    log = api.ctl("GET", "requests").json()["requests"]
    assert [e.get("fault") for e in log if "/accessList" in e["path"]] == ["maintenance_405", "maintenance_405", None]
    assert api.ctl("GET", "maintenance").json()["counters"]["refused"] == 2
    api.ctl("DELETE", "maintenance")
    assert api.post("accessList", [{"ipAddress": "198.51.100.7"}]).status_code == 201


def test_window_closes_by_itself_on_the_simulated_clock(api):
    api.ctl("POST", "maintenance", json={"seconds": 120})
    assert api.post("containers", {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.8.0.0/21"}).status_code == 405
    api.advance(120)
    assert not api.ctl("GET", "maintenance").json()["open"]
    aws_container(api)


def test_service_unavailable_with_and_without_retry_after(api):
    api.ctl("POST", "maintenance", json={"status": 503, "retry_after": 30})
    r = api.get("peers")
    assert r.status_code == 503 and r.headers["retry-after"] == "30" and r.json()["errorCode"] == "SERVICE_UNAVAILABLE"
    api.ctl("POST", "maintenance", json={"status": 503})
    r = api.post("accessList", [{"ipAddress": "198.51.100.7"}])
    assert r.status_code == 503 and "retry-after" not in r.headers
    assert _state(api)["access_list"] == {}


def test_random_faults_know_405_and_retry_after_null(api):
    r = api.ctl("POST", "faults", json={"rate": 1, "statuses": [405], "methods": ["POST"], "max_faults": 1})
    assert r.status_code == 200
    r = api.post("accessList", [{"ipAddress": "198.51.100.7"}])
    assert r.status_code == 405 and r.json()["errorCode"] == "WRITES_NOT_ALLOWED_DURING_APP_UPGRADES"
    api.ctl("POST", "faults", json={"rate": 1, "statuses": [503], "retry_after": None, "max_faults": 1})
    r = api.get("peers")
    assert r.status_code == 503 and "retry-after" not in r.headers


def test_bad_windows(api):
    for body in ({"status": 500}, {"seconds": 0}, {"methods": []}, {"retry_after": -1}):
        assert api.ctl("POST", "maintenance", json=body).status_code == 400, body


def test_access_list_limit_is_configurable(make_api):
    api = make_api(access_list_max_entries=3)
    assert api.post("accessList", [{"cidrBlock": f"10.{i}.0.0/16"} for i in range(3)]).status_code == 201
    r = api.post("accessList", [{"cidrBlock": "10.9.0.0/16"}, {"cidrBlock": "10.0.0.0/16"}])
    assert r.status_code == 403
    assert r.json() == {"detail": "Too many network permission entries. Only 3 entries are supported.", "error": 403,
                        "errorCode": "ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED", "parameters": [3], "reason": "Forbidden"}
    assert api.get("accessList").json()["totalCount"] == 3  # nothing of the refused POST was added
    # re-POSTing existing entries is no growth
    assert api.post("accessList", [{"cidrBlock": "10.0.0.0/16", "comment": "again"}]).status_code == 201
    api.ctl("POST", "settings", json={"access_list_max_entries": 4})
    assert api.post("accessList", [{"cidrBlock": "10.9.0.0/16"}]).status_code == 201
