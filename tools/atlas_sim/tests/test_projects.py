"""Projects and organizations (issue 16): /groups, /groups/{id}, /groups/byName/{name}, /orgs,
/orgs/{id}, /orgs/{id}/groups and the /_sim/projects and /_sim/orgs controls."""

import requests

from conftest import start_server
from fleet_support import V2023, all_pages, new_projects

G = "/api/atlas/v2/groups"
O = "/api/atlas/v2/orgs"


def test_default_project_has_a_name_and_the_default_org(api):
    health = api.ctl("GET", "health").json()
    group = api.get(f"{G}/{api.gid}").json()
    assert group["name"] == f"project-{api.gid}"
    assert group["orgId"] == health["default_org"]
    assert group["clusterCount"] == 0 and group["tags"] == []
    assert group["created"].endswith("Z") and group["links"][0]["href"].endswith(f"{G}/{api.gid}")
    org = api.get(f"{O}/{health['default_org']}").json()
    assert org == {"id": health["default_org"], "isDeleted": False, "name": "default-org",
                   "links": [{"href": f"http://testserver{O}/{health['default_org']}", "rel": "self"}]}


def test_project_fields_from_the_control_api(api):
    r = api.ctl("POST", "projects", json={"name": "payments-prod", "org_name": "acme", "cluster_count": 3,
                                          "tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "pay"}]})
    assert list(r.json()) == ["id"]  # the single form answers {"id"} as before
    gid = r.json()["id"]
    group = api.get(f"{G}/{gid}").json()
    assert (group["name"], group["clusterCount"]) == ("payments-prod", 3)
    assert group["tags"] == [{"key": "env", "value": "prod"}, {"key": "team", "value": "pay"}]
    acme = [o for o in api.ctl("GET", "orgs").json()["orgs"] if o["name"] == "acme"][0]
    assert group["orgId"] == acme["id"]
    # an existing id takes the given fields, the others stay
    assert api.ctl("POST", "projects", json={"id": gid, "tags": {"env": "dev"}}).json() == {"id": gid}
    group = api.get(f"{G}/{gid}").json()
    assert group["tags"] == [{"key": "env", "value": "dev"}] and group["name"] == "payments-prod"


def test_control_rejects_bad_project_fields(api):
    for body, status, words in (
        ({"name": "has space"}, 400, "name"),
        ({"name": "x" * 65}, 400, "name"),
        ({"tags": [{"key": "env"}]}, 400, "tag"),
        ({"cluster_count": -1}, 400, "cluster_count"),
        ({"org_id": "ffffffffffffffffffffffff"}, 404, "org_id"),
        ({"colour": "red"}, 400, "colour"),
    ):
        r = api.ctl("POST", "projects", json=body)
        assert r.status_code == status and words in r.json()["error"], (body, r.text)


def test_names_are_unique_per_org_and_a_refused_batch_creates_nothing(api):
    new_projects(api, {"name": "same", "org_name": "one"}, {"name": "same", "org_name": "two"})
    before = len(api.ctl("GET", "projects").json()["projects"])
    orgs_before = len(api.ctl("GET", "orgs").json()["orgs"])
    r = api.ctl("POST", "projects", json={"projects": [{"name": "fresh", "org_name": "three"}, {"name": "same", "org_name": "one"}]})
    assert r.status_code == 409 and "same" in r.json()["error"]
    r = api.ctl("POST", "projects", json={"projects": [{"name": "twin"}, {"name": "twin"}]})
    assert r.status_code == 409
    assert len(api.ctl("GET", "projects").json()["projects"]) == before
    assert len(api.ctl("GET", "orgs").json()["orgs"]) == orgs_before  # org "three" not left behind


def test_inventory_scale_600_projects_in_three_orgs(api):
    specs = [{"name": f"svc-{i:03d}", "org_name": f"org-{i % 3}", "tags": {"env": "prod" if i % 2 else "dev"}}
             for i in range(600)]
    made = new_projects(api, *specs)
    assert len(made) == 600 and len({p["orgId"] for p in made}) == 3
    first = api.get(G, params={"itemsPerPage": 500}).json()
    assert first["totalCount"] == 601 and len(first["results"]) == 500  # + the default project
    assert [link["rel"] for link in first["links"]] == ["self", "next"]
    assert first["links"][1]["href"].endswith(f"{G}?includeCount=true&itemsPerPage=500&pageNum=2")
    second = api.get(G, params={"itemsPerPage": 500, "pageNum": 2}).json()
    assert len(second["results"]) == 101 and [link["rel"] for link in second["links"]] == ["self"]
    names = [g["name"] for g in first["results"] + second["results"]]
    assert names[1:] == [s["name"] for s in specs]  # creation order, stable across pages
    org0 = made[0]["orgId"]
    in_org = all_pages(api, f"{O}/{org0}/groups", itemsPerPage=50)
    assert len(in_org) == 200 and {g["orgId"] for g in in_org} == {org0}


def test_name_filters_are_case_insensitive_prefixes(api):
    made = new_projects(api, {"name": "Web-Front", "org_name": "Retail"}, {"name": "web-back", "org_name": "Retail"},
                        {"name": "db", "org_name": "Retail"}, {"name": "web-x", "org_name": "Wholesale"})
    retail = made[0]["orgId"]
    r = api.get(f"{O}/{retail}/groups", params={"name": "WEB-"})
    assert sorted(g["name"] for g in r.json()["results"]) == ["Web-Front", "web-back"]
    assert r.json()["totalCount"] == 2
    assert r.json()["links"][0]["href"].endswith(f"/groups?includeCount=true&name=WEB-&pageNum=1&itemsPerPage=100")
    orgs = api.get(O, params={"name": "ret"}).json()
    assert [o["name"] for o in orgs["results"]] == ["Retail"]
    # /groups has no name filter in the spec: the parameter is ignored
    assert api.get(G, params={"name": "web"}).json()["totalCount"] == 5


def test_orgs_control_single_bulk_and_all_or_nothing(api):
    one = api.ctl("POST", "orgs", json={"name": "solo", "id": "bb" * 12}).json()
    assert one == {"id": "bb" * 12, "name": "solo"}
    r = api.ctl("POST", "orgs", json={"orgs": [{"name": "first"}, {"name": "solo"}]})  # "solo" is taken
    assert r.status_code == 409
    names = sorted(o["name"] for o in api.ctl("GET", "orgs").json()["orgs"])
    assert names == ["default-org", "solo"]
    r = api.ctl("POST", "orgs", json={"orgs": [{"name": "n1"}, {"name": "n2"}]})
    assert r.json()["count"] == 2 and [o["name"] for o in r.json()["orgs"]] == ["n1", "n2"]
    assert [o["name"] for o in api.get(O).json()["results"]] == ["default-org", "solo", "n1", "n2"]


def test_by_name(api):
    made = new_projects(api, {"name": "by-name-1", "org_name": "bn"})
    r = api.get(f"{G}/byName/by-name-1")
    assert r.status_code == 200 and r.json()["id"] == made[0]["id"]
    r = api.get(f"{G}/byName/nope")
    assert r.status_code == 404 and r.json()["errorCode"] == "GROUP_NAME_NOT_FOUND"
    assert r.json()["detail"] == 'No group with name "nope" exists.'
    assert api.get(f"{G}/byName/" + "x" * 65).json()["errorCode"] == "INVALID_PATH_PARAMETER"
    log = api.ctl("GET", "requests").json()["requests"]
    assert log[-1]["group_id"] is None  # "byName" is not a project id


def test_org_and_group_errors_and_pagination_rules(api):
    r = api.get(f"{O}/ffffffffffffffffffffffff")
    assert r.status_code == 404 and r.json()["errorCode"] == "ORG_NOT_FOUND"
    assert api.get(f"{O}/nope/groups").json()["errorCode"] == "INVALID_ORG_ID"
    assert api.get(f"{G}/ffffffffffffffffffffffff").json()["errorCode"] == "GROUP_NOT_FOUND"
    for bad in ({"itemsPerPage": 501}, {"pageNum": 0}, {"includeCount": "x"}):
        assert api.get(G, params=bad).json()["errorCode"] == "INVALID_QUERY_PARAMETER"
        assert api.get(O, params=bad).status_code == 400
    body = api.get(G, params={"includeCount": "false"}).json()
    assert "totalCount" not in body and len(body["results"]) == 1
    assert api.get(G, version=None).status_code == 406
    r = api.get(G, version="application/vnd.atlas.2025-03-12+json")
    assert r.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    assert api.post(G, {"name": "x"}).status_code == 405  # only the read operations are served


def test_envelope_and_pretty_on_lists(api):
    body = api.get(O, params={"envelope": "true"}).json()
    assert body["status"] == 200 and len(body["results"]) == 1
    assert api.get(f"{G}/{api.gid}", params={"pretty": "true"}).text.startswith('{\n  "clusterCount" : 0')


def test_reset_keeps_seeded_projects_and_default_org(api):
    default_org = api.ctl("GET", "health").json()["default_org"]
    new_projects(api, {"name": "gone-after-reset", "org_name": "temp"})
    api.ctl("POST", "reset")
    assert [o["id"] for o in api.ctl("GET", "orgs").json()["orgs"]] == [default_org]
    assert api.get(G).json()["totalCount"] == 1


def test_cli_seeds_named_projects_and_orgs_and_they_survive_a_restart(tmp_path):
    state = tmp_path / "s.json"
    org, p1, p2 = "aa" * 12, "5f" + "0" * 21 + "1", "5f" + "0" * 21 + "2"
    args = ("--state", str(state), "--org", f"{org}=platform", "--project", f"{p1}=billing", "--project", p2)
    srv = start_server(*args)
    auth = requests.auth.HTTPDigestAuth("atlassim", "atlassim-private-key")
    try:
        extra = requests.post(srv.url + "/_sim/projects", json={"name": "later", "org_name": "other"}).json()["id"]
        body = requests.get(f"{srv.url}{G}", headers={"Accept": V2023}, auth=auth).json()
        assert [(g["id"], g["name"], g["orgId"]) for g in body["results"][:2]] == [(p1, "billing", org), (p2, f"project-{p2}", org)]
    finally:
        srv.stop()
    srv = start_server(*args)
    try:
        r = requests.get(f"{srv.url}{G}/{extra}", headers={"Accept": V2023}, auth=auth)
        assert r.json()["name"] == "later"
        assert requests.get(f"{srv.url}{O}/{org}", headers={"Accept": V2023}, auth=auth).json()["name"] == "platform"
    finally:
        srv.stop()


def test_cli_rejects_bad_names(tmp_path):
    import subprocess
    import sys

    for args in (["--org", "bad"], ["--project", "5f" + "0" * 22 + "=has space"], ["--api-key", "nocolon"],
                 ["--grant", "x=GROUP_OWNER"], ["--client-address", "not-an-ip"],
                 ["--api-key", "atlassim:x"], ["--service-account", "a:x", "--api-key", "a:y"]):
        proc = subprocess.run([sys.executable, "-m", "atlas_sim.cli", *args], capture_output=True, text=True, timeout=30)
        assert proc.returncode == 2, (args, proc.stderr)
        assert args[0] in proc.stderr or args[0][2:].replace("-", "_") in proc.stderr or "twice" in proc.stderr, (args, proc.stderr)
