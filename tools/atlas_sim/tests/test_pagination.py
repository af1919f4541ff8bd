"""Pagination (facts §5), envelope and pretty (facts §4)."""

import json

from conftest import V2023


def _add_entries(api, n):
    body = [{"cidrBlock": f"10.1.{i}.0/24", "comment": f"e{i}"} for i in range(n)]
    r = api.post("accessList", body)
    assert r.status_code == 201, r.text
    return r


def test_defaults_and_self_link(api):
    r = _add_entries(api, 3)
    body = r.json()
    assert body["totalCount"] == 3 and len(body["results"]) == 3
    assert body["links"] == [{"href": f"http://testserver/api/atlas/v2/groups/{api.gid}/accessList?includeCount=true&pageNum=1&itemsPerPage=100", "rel": "self"}]
    r = api.get("containers")
    assert r.json()["links"][0]["href"].endswith("/containers?includeCount=true&providerName=AWS&pageNum=1&itemsPerPage=100")


def test_pages_and_next_links(api):
    _add_entries(api, 7)
    seen = []
    page = 1
    while True:
        r = api.get("accessList", params={"itemsPerPage": 3, "pageNum": page})
        body = r.json()
        assert body["totalCount"] == 7
        rels = {link["rel"]: link["href"] for link in body["links"]}
        if page < 3:
            assert rels["next"].endswith(f"accessList?includeCount=true&itemsPerPage=3&pageNum={page + 1}")
        else:
            assert "next" not in rels
        if not body["results"]:
            break
        seen += [e["cidrBlock"] for e in body["results"]]
        page += 1
    assert page == 4  # page past the end is empty, 200
    assert seen == [f"10.1.{i}.0/24" for i in range(7)]


def test_include_count_false_and_bounds(api):
    _add_entries(api, 2)
    r = api.get("accessList", params={"includeCount": "false"})
    assert "totalCount" not in r.json()
    assert r.json()["links"][0]["href"].endswith("includeCount=false&pageNum=1&itemsPerPage=100")
    assert api.get("accessList", params={"itemsPerPage": 500}).status_code == 200
    for bad in ({"itemsPerPage": 0}, {"itemsPerPage": 501}, {"pageNum": 0}, {"itemsPerPage": "x"}, {"includeCount": "maybe"}):
        r = api.get("accessList", params=bad)
        assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_QUERY_PARAMETER"


def test_streams_self_link_has_no_include_count(api):
    r = api.get("streams/privateLinkConnections", version="application/vnd.atlas.2023-02-01+json")
    assert r.json()["links"][0]["href"].endswith("/streams/privateLinkConnections?pageNum=1&itemsPerPage=100")
    assert r.json()["totalCount"] == 0


def test_envelope_single_list_and_accepted(api):
    r = api.post("containers", {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.8.0.0/21"}, params={"envelope": "true"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"content", "status"} and body["status"] == 200 and body["content"]["regionName"] == "US_EAST_1"
    r = api.get("containers", params={"envelope": "true"})
    assert r.json()["status"] == 200 and "results" in r.json()
    r = api.get("containers/ffffffffffffffffffffffff", params={"envelope": "true"})
    assert r.status_code == 404 and "content" not in r.json()  # errors are not wrapped


def test_pretty(api):
    r = api.get("containers", params={"pretty": "true"})
    assert r.text.startswith('{\n  "links" : [')
    compact = api.get("containers").text
    assert "\n" not in compact and ": " not in compact
    assert json.loads(r.text) == json.loads(compact)


def test_alphabetical_keys(api):
    r = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.9.0.0/21"})
    keys = list(json.loads(r.text))
    assert keys == sorted(keys)
