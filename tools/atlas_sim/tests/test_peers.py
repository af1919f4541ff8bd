"""Peering connections and their lifecycles (facts §9)."""

import pytest

from conftest import aws_container, aws_peer_body

AZ = {"providerName": "AZURE", "azureDirectoryId": "35f9ab3e-3a5e-4b5e-9a5b-1b0d1c3e7a11",
      "azureSubscriptionId": "c4c1e0a1-1111-4222-8333-944455556666", "resourceGroupName": "my-rg", "vnetName": "my-vnet"}
GCP = {"providerName": "GCP", "gcpProjectId": "my-gcp-project", "networkName": "my-network"}


def test_aws_lifecycle(api):
    c = aws_container(api)
    p = api.post("peers", aws_peer_body(c["id"])).json()
    assert p["statusName"] == "INITIATING" and "connectionId" not in p and "errorStateName" not in p
    assert p["accepterRegionName"] == "eu-west-1"
    api.advance(2)
    p = api.get(f"peers/{p['id']}").json()
    assert p["statusName"] == "PENDING_ACCEPTANCE" and p["connectionId"].startswith("pcx-")
    api.advance(60)
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "PENDING_ACCEPTANCE"
    r = api.ctl("POST", f"peers/{p['id']}/accept")
    assert r.status_code == 200 and r.json()["status"] == "FINALIZING"
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "FINALIZING"
    api.advance(2)
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "AVAILABLE"
    r = api.delete(f"peers/{p['id']}")
    assert r.status_code == 202 and r.json() == {}
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "TERMINATING"
    r = api.delete(f"peers/{p['id']}")
    assert r.status_code == 409 and r.json()["errorCode"] == "PEER_ALREADY_REQUESTED_DELETION"
    api.advance(2)
    r = api.get(f"peers/{p['id']}")
    assert r.status_code == 404 and r.json()["errorCode"] == "PEER_NOT_FOUND"
    assert r.json()["parameters"] == [p["id"], api.gid]


def test_accept_during_initiating_waits(api):
    c = aws_container(api)
    p = api.post("peers", aws_peer_body(c["id"])).json()
    api.ctl("POST", f"peers/{p['id']}/accept")
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "INITIATING"
    api.advance(2)
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "FINALIZING"
    api.advance(2)
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "AVAILABLE"


def test_same_region_accepter_is_omitted(api):
    c = aws_container(api, region="US_EAST_1")
    p = api.post("peers", aws_peer_body(c["id"], accepterRegionName="us-east-1")).json()
    assert "accepterRegionName" not in p
    assert "accepterRegionName" not in api.get("peers").json()["results"][0]


def test_aws_failed(api):
    c = aws_container(api)
    p = api.post("peers", aws_peer_body(c["id"])).json()
    assert api.ctl("POST", f"fail/peers/{p['id']}", json={"error_state": "EXPIRED"}).status_code == 200
    p = api.get(f"peers/{p['id']}").json()
    assert p["statusName"] == "FAILED" and p["errorStateName"] == "EXPIRED"
    assert api.ctl("POST", f"fail/peers/{p['id']}", json={"error_state": "WHATEVER"}).status_code == 400
    assert api.ctl("POST", f"peers/{p['id']}/accept").status_code == 409


def test_gcp_lifecycle(api):
    c = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    p = api.post("peers", dict(GCP, containerId=c["id"])).json()
    assert p["status"] == "ADDING_PEER" and "statusName" not in p
    api.advance(2)
    assert api.get(f"peers/{p['id']}", params={"providerName": "GCP"}).json()["status"] == "WAITING_FOR_USER"
    api.advance(30)
    assert api.get(f"peers/{p['id']}").json()["status"] == "WAITING_FOR_USER"
    api.ctl("POST", f"peers/{p['id']}/accept")
    api.advance(2)
    assert api.get(f"peers/{p['id']}").json()["status"] == "AVAILABLE"
    api.delete(f"peers/{p['id']}")
    assert api.get(f"peers/{p['id']}").json()["status"] == "DELETING"
    api.ctl("POST", f"fail/peers/{p['id']}", json={"message": "x"})
    assert api.get(f"peers/{p['id']}").json()["status"] == "DELETING"


def test_gcp_failed_message(api):
    c = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    p = api.post("peers", dict(GCP, containerId=c["id"])).json()
    api.ctl("POST", f"fail/peers/{p['id']}", json={"message": "network not found"})
    p = api.get(f"peers/{p['id']}").json()
    assert p["status"] == "FAILED" and p["errorMessage"] == "network not found"


def test_azure_lifecycle(api):
    c = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.9.0.0/21"}).json()
    p = api.post("peers", dict(AZ, containerId=c["id"])).json()
    assert p["status"] == "ADDING_PEER"
    api.advance(2)
    assert api.get(f"peers/{p['id']}").json()["status"] == "AVAILABLE"
    assert api.ctl("POST", f"peers/{p['id']}/accept").status_code == 200  # harmless
    assert api.get(f"peers/{p['id']}").json()["status"] == "AVAILABLE"
    c2 = api.post("containers", {"providerName": "AZURE", "region": "EUROPE_WEST", "atlasCidrBlock": "10.19.0.0/21"}).json()
    p2 = api.post("peers", dict(AZ, containerId=c2["id"], vnetName="other")).json()
    api.ctl("POST", f"fail/peers/{p2['id']}", json={"message": "missing permissions"})
    p2 = api.get(f"peers/{p2['id']}").json()
    assert p2["status"] == "FAILED" and p2["errorState"] == "missing permissions"


def test_list_filters_by_provider(api):
    c = aws_container(api)
    g = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    api.post("peers", aws_peer_body(c["id"]))
    api.post("peers", dict(GCP, containerId=g["id"]))
    assert [p["providerName"] for p in api.get("peers").json()["results"]] == ["AWS"]
    assert [p["providerName"] for p in api.get("peers", params={"providerName": "GCP"}).json()["results"]] == ["GCP"]


@pytest.mark.parametrize("field,value,code", [
    ("awsAccountId", "12345", "INVALID_ATTRIBUTE"),
    ("vpcId", "vpc-123", "INVALID_ATTRIBUTE"),
    ("accepterRegionName", "US_EAST_1", "INVALID_ATTRIBUTE"),
    ("routeTableCidrBlock", "10.0.0.1/16", "INVALID_ATTRIBUTE"),
    ("awsAccountId", None, "MISSING_ATTRIBUTE"),
    ("vpcId", None, "MISSING_ATTRIBUTE"),
    ("routeTableCidrBlock", None, "MISSING_ATTRIBUTE"),
    ("accepterRegionName", None, "MISSING_ATTRIBUTE"),
    ("providerName", "IBM", "INVALID_ENUM_VALUE"),
])
def test_aws_validation(api, field, value, code):
    c = aws_container(api)
    body = aws_peer_body(c["id"])
    if value is None:
        del body[field]
    else:
        body[field] = value
    r = api.post("peers", body)
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"] == code
    if code == "MISSING_ATTRIBUTE":
        assert r.json()["parameters"] == [field]
        assert r.json()["detail"] == f"The required attribute {field} was not specified."


@pytest.mark.parametrize("field", ["azureDirectoryId", "azureSubscriptionId", "resourceGroupName", "vnetName"])
def test_azure_required(api, field):
    c = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.9.0.0/21"}).json()
    body = dict(AZ, containerId=c["id"])
    del body[field]
    r = api.post("peers", body)
    assert r.status_code == 400 and r.json()["errorCode"] == "MISSING_ATTRIBUTE"
    body[field] = "not a uuid!" if "Id" in field else "bad name!"
    assert api.post("peers", body).json()["errorCode"] == "INVALID_ATTRIBUTE"


@pytest.mark.parametrize("field,bad", [("gcpProjectId", "X"), ("networkName", "Bad_Name")])
def test_gcp_required(api, field, bad):
    c = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    body = dict(GCP, containerId=c["id"])
    del body[field]
    assert api.post("peers", body).json()["errorCode"] == "MISSING_ATTRIBUTE"
    body[field] = bad
    assert api.post("peers", body).json()["errorCode"] == "INVALID_ATTRIBUTE"


def test_container_needed_and_same_provider(api):
    r = api.post("peers", aws_peer_body("aaaaaaaaaaaaaaaaaaaaaaaa"))
    assert r.status_code == 404 and r.json()["errorCode"] == "CLOUD_PROVIDER_CONTAINER_NOT_FOUND"
    g = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    r = api.post("peers", aws_peer_body(g["id"]))
    assert r.status_code == 400


def test_duplicates(api):
    c = aws_container(api)
    assert api.post("peers", aws_peer_body(c["id"])).status_code == 200
    r = api.post("peers", aws_peer_body(c["id"], routeTableCidrBlock="10.1.0.0/16"))
    assert r.status_code == 409 and r.json()["errorCode"] == "PEER_ALREADY_EXISTS"
    assert r.json()["parameters"] == ["123456789012", "vpc-0123456789abcdef0"]
    g = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    api.post("peers", dict(GCP, containerId=g["id"]))
    assert api.post("peers", dict(GCP, containerId=g["id"])).json()["errorCode"] == "PEER_ALREADY_EXISTS_GCP"
    az = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.9.0.0/21"}).json()
    api.post("peers", dict(AZ, containerId=az["id"]))
    assert api.post("peers", dict(AZ, containerId=az["id"])).json()["errorCode"] == "PEER_ALREADY_EXISTS_AZURE"


def test_route_table_overlapping_atlas_cidr(api):
    c = aws_container(api, cidr="10.0.0.0/21")
    r = api.post("peers", aws_peer_body(c["id"], routeTableCidrBlock="10.0.0.0/16"))
    assert r.status_code == 409 and r.json()["errorCode"] == "OVERLAPPING_ATLAS_CIDR_BLOCK"


def test_patch_rules(api):
    c = aws_container(api)
    p = api.post("peers", aws_peer_body(c["id"])).json()
    r = api.patch(f"peers/{p['id']}", aws_peer_body(c["id"], routeTableCidrBlock="10.2.0.0/16", awsAccountId="210987654321"))
    assert r.status_code == 200
    assert r.json()["routeTableCidrBlock"] == "10.2.0.0/16" and r.json()["awsAccountId"] == "210987654321"
    r = api.patch(f"peers/{p['id']}", aws_peer_body(c["id"], vpcId="vpc-aaaaaaaaaaaaaaaaa"))
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ATTRIBUTE"
    r = api.patch(f"peers/{p['id']}", aws_peer_body(c["id"], accepterRegionName="us-west-2"))
    assert r.status_code == 400
    g = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}).json()
    gp = api.post("peers", dict(GCP, containerId=g["id"])).json()
    assert api.patch(f"peers/{gp['id']}", dict(GCP, containerId=g["id"])).status_code == 200  # no change
    r = api.patch(f"peers/{gp['id']}", dict(GCP, containerId=g["id"], networkName="other"))
    assert r.status_code == 400
    api.delete(f"peers/{p['id']}")
    r = api.patch(f"peers/{p['id']}", aws_peer_body(c["id"]))
    assert r.status_code == 409 and r.json()["errorCode"] == "PEER_INVALID_STATE"


def test_delete_last_peer_removes_security_groups(api):
    c = aws_container(api)
    p = api.post("peers", aws_peer_body(c["id"])).json()
    r = api.post("accessList", [{"awsSecurityGroup": "sg-0026348ec11780bd1"}, {"ipAddress": "1.2.3.4"}])
    assert r.status_code == 201, r.text
    api.delete(f"peers/{p['id']}")
    assert [e["cidrBlock"] for e in api.get("accessList").json()["results"]] == ["1.2.3.4/32"]


def test_zero_transition_seconds(make_api):
    api = make_api(transition_seconds=0)
    c = aws_container(api)
    p = api.post("peers", aws_peer_body(c["id"])).json()
    assert p["statusName"] == "PENDING_ACCEPTANCE"
    api.ctl("POST", f"peers/{p['id']}/accept")
    assert api.get(f"peers/{p['id']}").json()["statusName"] == "AVAILABLE"
    assert api.delete(f"peers/{p['id']}").status_code == 202
    assert api.get(f"peers/{p['id']}").status_code == 404
