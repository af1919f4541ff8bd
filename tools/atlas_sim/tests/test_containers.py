"""Container rules (facts §8)."""

import re

import pytest

from conftest import aws_container, aws_peer_body


def test_create_aws_shape(api):
    c = aws_container(api)
    assert re.fullmatch(r"vpc-[0-9a-f]{17}", c["vpcId"])
    assert c == {"atlasCidrBlock": "192.168.248.0/21", "id": c["id"], "providerName": "AWS", "provisioned": False,
                 "regionName": "US_EAST_1", "vpcId": c["vpcId"]}
    assert api.get(f"containers/{c['id']}").json() == c


def test_one_per_region_and_gcp_once(api):
    aws_container(api)
    r = api.post("containers", {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.0/21"})
    assert r.status_code == 409 and r.json()["errorCode"] == "CONTAINER_ALREADY_EXISTS"
    assert r.json()["detail"] == f"A container already exists for group {api.gid}."
    assert api.post("containers", {"providerName": "AWS", "regionName": "US_WEST_2", "atlasCidrBlock": "10.0.0.0/21"}).status_code == 200
    assert api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).status_code == 200
    r = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.128.0.0/18"})
    assert r.status_code == 409 and r.json()["errorCode"] == "CONTAINER_ALREADY_EXISTS"


@pytest.mark.parametrize("body,code", [
    ({"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "8.8.0.0/21"}, "ATLAS_INVALID_CIDR_RANGE"),
    ({"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.0/16"}, "ATLAS_INVALID_CIDR_BLOCK"),
    ({"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.0/25"}, "ATLAS_INVALID_CIDR_BLOCK"),
    ({"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.0.0.0/20"}, "ATLAS_INVALID_CIDR_BLOCK"),
    ({"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.1/21"}, "ATLAS_NON_CANONICAL_CIDR_BLOCK"),
    ({"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "nonsense"}, "INVALID_ATTRIBUTE"),
    ({"providerName": "GCP", "atlasCidrBlock": "10.0.0.0/21"}, "ATLAS_INVALID_CIDR_BLOCK"),
    ({"providerName": "GCP", "atlasCidrBlock": "10.0.0.0/23", "regions": ["CENTRAL_US", "EASTERN_US", "WESTERN_US"]},
     "ATLAS_INVALID_CIDR_BLOCK_FOR_SMALL_CONTAINER"),
    ({"providerName": "AWS", "regionName": "MOON_1", "atlasCidrBlock": "10.0.0.0/21"}, "INVALID_REGION"),
    ({"providerName": "AWS", "atlasCidrBlock": "10.0.0.0/21"}, "MISSING_ATTRIBUTE"),
    ({"providerName": "AWS", "regionName": "US_EAST_1"}, "MISSING_ATTRIBUTE"),
    ({"regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.0/21"}, "MISSING_ATTRIBUTE"),
    ({"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.0/21", "bogus": 1}, "INVALID_ATTRIBUTE"),
])
def test_validation(api, body, code):
    r = api.post("containers", body)
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"] == code
    assert r.headers["x-error-code"] == code


def test_non_canonical_message(api):
    r = api.post("containers", {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.0.0.1/21"})
    assert r.json()["detail"] == "The canonical form for the specified Atlas CIDR 10.0.0.1/21 is 10.0.0.0/21."


def test_gcp_small_container_ok(api):
    r = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.0.0.0/22", "regions": ["CENTRAL_US", "EASTERN_US"]})
    assert r.status_code == 200
    assert r.json()["regions"] == ["CENTRAL_US", "EASTERN_US"]
    assert "gcpProjectId" not in r.json()


def test_overlap(api):
    aws_container(api, cidr="10.0.0.0/21")
    r = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.0.4.0/22"})
    assert r.status_code == 409 and r.json()["errorCode"] == "OVERLAPPING_ATLAS_CIDR_BLOCK"


def test_malformed_json(api):
    r = api.request("POST", "containers", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["errorCode"] == "MALFORMED_JSON"


def test_lists_default_aws_and_all(api):
    aws_container(api)
    api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.9.0.0/21"})
    api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"})
    assert [c["providerName"] for c in api.get("containers").json()["results"]] == ["AWS"]
    assert [c["providerName"] for c in api.get("containers", params={"providerName": "AZURE"}).json()["results"]] == ["AZURE"]
    assert api.get("containers/all").json()["totalCount"] == 3
    assert api.get("containers", params={"providerName": "IBM"}).status_code == 400


def test_patch_and_lock_and_delete(api):
    c = aws_container(api)
    r = api.patch(f"containers/{c['id']}", {"providerName": "AWS", "atlasCidrBlock": "10.10.0.0/21"})
    assert r.status_code == 200 and r.json()["atlasCidrBlock"] == "10.10.0.0/21"
    r = api.patch(f"containers/{c['id']}", {"providerName": "AWS", "regionName": "US_EAST_2"})
    assert r.status_code == 200 and r.json()["regionName"] == "US_EAST_2"
    p = api.post("peers", aws_peer_body(c["id"])).json()
    assert api.get(f"containers/{c['id']}").json()["provisioned"] is True
    r = api.patch(f"containers/{c['id']}", {"providerName": "AWS", "atlasCidrBlock": "10.20.0.0/21"})
    assert r.status_code == 409 and r.json()["errorCode"] == "CONTAINERS_IN_USE"
    # same values again: no change, allowed
    assert api.patch(f"containers/{c['id']}", {"providerName": "AWS", "atlasCidrBlock": "10.10.0.0/21"}).status_code == 200
    r = api.delete(f"containers/{c['id']}")
    assert r.status_code == 409 and r.json()["errorCode"] == "CONTAINERS_IN_USE"
    assert api.delete(f"peers/{p['id']}").status_code == 202
    r = api.delete(f"containers/{c['id']}")
    assert r.status_code == 409  # still TERMINATING
    api.advance(2)
    assert api.get(f"containers/{c['id']}").json()["provisioned"] is False
    r = api.delete(f"containers/{c['id']}")
    assert r.status_code == 204 and r.content == b""
    r = api.get(f"containers/{c['id']}")
    assert r.status_code == 404 and r.json()["errorCode"] == "CLOUD_PROVIDER_CONTAINER_NOT_FOUND"


def test_azure_and_gcp_ids(api):
    az = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.9.0.0/21"}).json()
    assert re.fullmatch(r"[a-f0-9]{24}", az["azureSubscriptionId"]) and "vnetName" not in az
    g = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    assert "gcpProjectId" not in g and "networkName" not in g
    api.post("peers", {"containerId": g["id"], "providerName": "GCP", "gcpProjectId": "my-project-1", "networkName": "default"})
    g = api.get(f"containers/{g['id']}").json()
    assert re.fullmatch(r"p-[0-9a-z]{24}", g["gcpProjectId"])
    assert re.fullmatch(r"nt-[0-9a-f]{24}-[0-9a-z]{8}", g["networkName"])
    assert g["provisioned"] is True
    api.post("peers", {"containerId": az["id"], "providerName": "AZURE", "azureDirectoryId": "35f9ab3e-3a5e-4b5e-9a5b-1b0d1c3e7a11",
                       "azureSubscriptionId": "c4c1e0a1-1111-4222-8333-944455556666", "resourceGroupName": "rg", "vnetName": "vnet1"})
    az = api.get(f"containers/{az['id']}").json()
    assert az["vnetName"].startswith(f"vnet_{az['id']}_")


def test_injected_container_failure(api):
    c = aws_container(api)
    assert api.ctl("POST", f"fail/containers/{c['id']}", json={"message": "boom"}).status_code == 200
    r = api.delete(f"containers/{c['id']}")
    assert r.status_code == 500 and r.json()["detail"] == "boom"
    assert api.delete(f"containers/{c['id']}").status_code == 204
