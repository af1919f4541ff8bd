"""Eventual consistency (issue 18, item 3): an access list entry answers GET 404 for a while
after its POST while /status says PENDING; new resources are missing from list GETs for
``list_lag_seconds``.  Both run on the simulated clock."""

from conftest import V_STREAMS, aws_container, aws_peer_body
from fleet_support import new_projects, settings


def test_access_list_entry_404_while_propagating(make_api):
    api = make_api(transition_seconds=0, access_list_propagation_seconds=60)
    assert api.post("accessList", [{"ipAddress": "198.51.100.7"}]).status_code == 201
    r = api.get("accessList/198.51.100.7")
    assert r.status_code == 404 and r.json()["errorCode"] == "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND"
    assert api.get("accessList/198.51.100.7/status").json() == {"STATUS": "PENDING"}
    api.advance(59)
    assert api.get("accessList/198.51.100.7").status_code == 404
    api.advance(1)
    assert api.get("accessList/198.51.100.7").status_code == 200
    assert api.get("accessList/198.51.100.7/status").json() == {"STATUS": "ACTIVE"}


def test_propagation_is_a_runtime_setting_off_by_default(api):
    api.post("accessList", [{"cidrBlock": "10.0.0.0/16"}])
    assert api.get("accessList/10.0.0.0%2F16").status_code == 200
    api.advance(60)
    settings(api, access_list_propagation_seconds=30)
    api.post("accessList", [{"cidrBlock": "10.1.0.0/16"}])
    assert api.get("accessList/10.1.0.0%2F16").status_code == 404
    assert api.get("accessList/10.0.0.0%2F16").status_code == 200  # an older entry is unaffected
    assert api.get("accessList").json()["totalCount"] == 2  # lists follow list_lag_seconds only


def test_new_resources_missing_from_lists_for_the_lag(make_api):
    api = make_api(list_lag_seconds=10)
    c = aws_container(api)
    peer = api.post("peers", aws_peer_body(c["id"])).json()
    r = api.post("accessList", [{"ipAddress": "198.51.100.7"}])
    assert r.json()["totalCount"] == 1  # the POST's own answer lists it
    link = api.post("streams/privateLinkConnections", {"provider": "AWS", "vendor": "KINESIS"}, version=V_STREAMS).json()
    for path, kw in (("containers", {}), ("peers", {}), ("accessList", {}), ("streams/privateLinkConnections", {"version": V_STREAMS})):
        body = api.get(path, **kw).json()
        assert body["results"] == [] and body["totalCount"] == 0, path
    # single GETs see them at once
    assert api.get(f"containers/{c['id']}").status_code == 200
    assert api.get(f"peers/{peer['id']}").status_code == 200
    assert api.get(f"streams/privateLinkConnections/{link['_id']}", version=V_STREAMS).status_code == 200
    api.advance(10)
    assert [x["id"] for x in api.get("containers").json()["results"]] == [c["id"]]
    assert api.get("peers").json()["totalCount"] == 1
    assert api.get("accessList").json()["results"][0]["ipAddress"] == "198.51.100.7"


def test_new_projects_missing_from_project_lists_for_the_lag(api):
    api.advance(60)  # the default project is older than the lag
    settings(api, list_lag_seconds=5)
    made = new_projects(api, {"name": "late", "org_name": "lagging"})[0]
    assert api.get("/api/atlas/v2/groups").json()["totalCount"] == 1  # only the default project
    assert api.get(f"/api/atlas/v2/orgs/{made['orgId']}/groups").json()["results"] == []
    assert api.get(f"/api/atlas/v2/groups/{made['id']}").status_code == 200
    api.advance(5)
    assert api.get("/api/atlas/v2/groups").json()["totalCount"] == 2
