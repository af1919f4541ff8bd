"""Data Federation / Online Archive private endpoints (privatelink facts §5)."""

from urllib.parse import quote

import pytest

from conftest import AZURE_PE_ID

DF = "privateNetworkSettings/endpointIds"
VPCE = "vpce-0fcd9d80bbafe4871"


def test_post_upserts_and_answers_201_with_the_whole_list(api):
    r = api.post(DF, {"endpointId": VPCE, "comment": "comment"})
    assert r.status_code == 201
    assert r.json() == {
        "links": [{"href": f"http://testserver/api/atlas/v2/groups/{api.gid}/{DF}?pageNum=1&itemsPerPage=100", "rel": "self"}],
        "results": [{"comment": "comment", "endpointId": VPCE, "provider": "AWS", "status": "OK", "type": "DATA_LAKE"}],
        "totalCount": 1,
    }
    listed = api.get(DF).json()
    assert listed["links"][0]["href"].endswith(f"{DF}?includeCount=true&pageNum=1&itemsPerPage=100")
    assert listed["results"] == r.json()["results"]
    assert api.get(f"{DF}/{VPCE}").json() == r.json()["results"][0]
    # same entry again: no change; new comment: updated; another id: appended
    assert api.post(DF, {"endpointId": VPCE, "comment": "comment"}).json()["results"] == r.json()["results"]
    assert api.post(DF, {"endpointId": VPCE, "comment": "new"}).json()["results"][0]["comment"] == "new"
    second = api.post(DF, {"endpointId": "vpce-0fcd9d80bbafe4872", "provider": "AWS", "type": "DATA_LAKE"}).json()
    assert second["totalCount"] == 2 and [e["endpointId"] for e in second["results"]] == [VPCE, "vpce-0fcd9d80bbafe4872"]


def test_region_and_dns_name_go_together(api):
    r = api.post(DF, {"endpointId": VPCE, "region": "US_EAST_1"})
    assert r.status_code == 400 and r.json()["parameters"] == ["customerEndpointDNSName"]
    r = api.post(DF, {"endpointId": VPCE, "customerEndpointDNSName": "vpce-1.vpce-svc-1.us-east-1.vpce.amazonaws.com"})
    assert r.status_code == 400 and r.json()["errorCode"] == "MISSING_ATTRIBUTE" and r.json()["parameters"] == ["region"]
    dns = "vpce-0fcd9d80bbafe4871-abcd.vpce-svc-01234.us-east-1.vpce.amazonaws.com"
    r = api.post(DF, {"endpointId": VPCE, "region": "US_EAST_1", "customerEndpointDNSName": dns})
    assert r.status_code == 201 and r.json()["results"][0]["region"] == "US_EAST_1"
    r = api.post(DF, {"endpointId": VPCE, "region": "US_WEST_2", "customerEndpointDNSName": dns})
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ATTRIBUTE" and r.json()["parameters"] == ["region"]


@pytest.mark.parametrize("body,code,field", [
    ({}, "MISSING_ATTRIBUTE", "endpointId"),
    ({"endpointId": "vpce-1"}, "INVALID_ATTRIBUTE", "endpointId"),
    ({"endpointId": VPCE, "provider": "GCP"}, "INVALID_ENUM_VALUE", "GCP"),
    ({"endpointId": VPCE, "type": "ONLINE_ARCHIVE"}, "INVALID_ENUM_VALUE", "ONLINE_ARCHIVE"),
    ({"endpointId": VPCE, "azureLinkId": "123"}, "INVALID_ATTRIBUTE", "azureLinkId"),
    ({"endpointId": VPCE, "region": "us-east-1", "customerEndpointDNSName": "x"}, "INVALID_REGION", "us-east-1"),
    ({"endpointId": AZURE_PE_ID, "provider": "AZURE", "customerEndpointIPAddress": "10.0.0.999"},
     "INVALID_ATTRIBUTE", "customerEndpointIPAddress"),
])
def test_bad_entries(api, body, code, field):
    r = api.post(DF, body)
    assert r.status_code == 400 and r.json()["errorCode"] == code and r.json()["parameters"][0] == field
    assert api.get(DF).json()["totalCount"] == 0


def test_azure_entry_addressed_by_its_encoded_resource_id(api):
    body = {"endpointId": AZURE_PE_ID, "provider": "AZURE", "azureLinkId": "1234567", "customerEndpointIPAddress": "10.0.0.5",
            "region": "US_EAST_2", "customerEndpointDNSName": "atlas-pe-1.privatelink.example"}
    r = api.post(DF, body)
    assert r.status_code == 201
    got = api.get(f"{DF}/{quote(AZURE_PE_ID, safe='')}").json()
    assert got == dict(body, status="OK", type="DATA_LAKE")
    assert api.get(f"{DF}{AZURE_PE_ID}").status_code == 404  # not encoded: another path
    assert api.delete(f"{DF}/{quote(AZURE_PE_ID, safe='')}").status_code == 204


def test_delete_is_immediate_by_default(api):
    api.post(DF, {"endpointId": VPCE})
    r = api.delete(f"{DF}/{VPCE}")
    assert r.status_code == 204 and r.content == b""
    r = api.get(f"{DF}/{VPCE}")
    assert r.status_code == 404 and r.json()["errorCode"] == "DATA_FEDERATION_PRIVATE_ENDPOINT_NOT_FOUND"
    assert api.delete(f"{DF}/{VPCE}").status_code == 404


def test_pending_seconds_setting(api):
    r = api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"data_federation_pending_seconds": 30})
    assert r.status_code == 200 and r.json()["data_federation_pending_seconds"] == 30
    assert api.post(DF, {"endpointId": VPCE}).json()["results"][0]["status"] == "PENDING"
    api.advance(29)
    assert api.get(f"{DF}/{VPCE}").json()["status"] == "PENDING"
    api.advance(1)
    assert api.get(f"{DF}/{VPCE}").json()["status"] == "OK"
    api.delete(f"{DF}/{VPCE}")
    assert api.get(f"{DF}/{VPCE}").json()["status"] == "DELETING"
    api.advance(30)
    assert api.get(f"{DF}/{VPCE}").status_code == 404


def test_pending_and_failed_controls(api):
    api.post(DF, {"endpointId": VPCE})
    r = api.ctl("POST", f"data_federation_private_endpoints/{VPCE}/pending", json={"seconds": 10})
    assert r.status_code == 200 and r.json() == {"endpointId": VPCE, "groupId": api.gid, "status": "PENDING"}
    api.advance(10)
    assert api.get(f"{DF}/{VPCE}").json()["status"] == "OK"
    r = api.ctl("POST", f"fail/data_federation_private_endpoints/{VPCE}", params={"group_id": api.gid},
                json={"message": "The endpoint was rejected."})
    assert r.status_code == 200
    assert api.get(f"{DF}/{VPCE}").json() == {"endpointId": VPCE, "errorMessage": "The endpoint was rejected.",
                                              "provider": "AWS", "status": "FAILED", "type": "DATA_LAKE"}
    api.ctl("POST", f"data_federation_private_endpoints/{VPCE}/pending")  # default: one transition
    assert api.get(f"{DF}/{VPCE}").json()["status"] == "PENDING"
    assert api.ctl("POST", "data_federation_private_endpoints/vpce-00000000000000000/pending").status_code == 404
    assert api.ctl("POST", f"data_federation_private_endpoints/{VPCE}/pending", json={"seconds": -1}).status_code == 400
