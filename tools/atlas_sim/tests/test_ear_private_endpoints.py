"""Encryption-at-rest private endpoints (privatelink facts §6)."""

import re

import pytest

AWS_EAR = "encryptionAtRest/AWS/privateEndpoints"
AZURE_EAR = "encryptionAtRest/AZURE/privateEndpoints"


@pytest.fixture
def ear_api(api):
    r = api.ctl("PATCH", f"projects/{api.gid}/private_networking",
                json={"ear_require_private_networking": {"AWS": True, "AZURE": True}})
    assert r.status_code == 200
    return api


def status(api, path, eid):
    return api.get(f"{path}/{eid}").json()["status"]


def test_private_networking_must_be_required_first(api):
    r = api.post(AWS_EAR, {"regionName": "US_EAST_1"})
    assert r.status_code == 400 and r.json()["errorCode"] == "ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED"
    api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"ear_require_private_networking": {"AWS": True}})
    assert api.post(AWS_EAR, {"regionName": "US_EAST_1"}).status_code == 202
    assert api.post(AZURE_EAR, {"regionName": "US_EAST_2"}).status_code == 400  # per provider


def test_aws_lifecycle(ear_api):
    api = ear_api
    r = api.post(AWS_EAR, {"regionName": "US_EAST_1"})
    assert r.status_code == 202
    ep = r.json()
    assert ep == {"cloudProvider": "AWS", "id": ep["id"], "regionName": "US_EAST_1", "status": "INITIATING"}
    r = api.delete(f"{AWS_EAR}/{ep['id']}")  # Atlas refuses while provisioning
    assert r.status_code == 400
    assert r.json()["errorCode"] == "ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING"
    assert r.json()["parameters"] == [[ep["id"]]]
    api.advance(2)
    got = api.get(f"{AWS_EAR}/{ep['id']}").json()
    assert got["status"] == "ACTIVE" and re.match(r"^vpce-[0-9a-f]{17}$", got["privateEndpointConnectionName"])
    listed = api.get(AWS_EAR).json()
    assert listed["totalCount"] == 1 and listed["results"] == [got]
    assert api.get(AZURE_EAR).json()["totalCount"] == 0
    r = api.post(AWS_EAR, {"regionName": "US_EAST_1"})
    assert r.status_code == 409 and r.json()["errorCode"] == "ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS"
    assert api.post(AWS_EAR, {"regionName": "US_WEST_2"}).status_code == 202
    assert api.delete(f"{AWS_EAR}/{ep['id']}").status_code == 204
    assert status(api, AWS_EAR, ep["id"]) == "DELETING"
    assert api.delete(f"{AWS_EAR}/{ep['id']}").status_code == 204
    api.advance(2)
    r = api.get(f"{AWS_EAR}/{ep['id']}")
    assert r.status_code == 404 and r.json()["errorCode"] == "ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND"


def test_azure_waits_for_approval(ear_api):
    api = ear_api
    ep = api.post(AZURE_EAR, {"regionName": "US_EAST_2"}).json()
    assert ep["status"] == "INITIATING" and "privateEndpointConnectionName" not in ep
    api.advance(60)
    got = api.get(f"{AZURE_EAR}/{ep['id']}").json()
    assert got["status"] == "PENDING_ACCEPTANCE" and got["privateEndpointConnectionName"].startswith(f"atlas-pe-{ep['id']}.")
    r = api.ctl("POST", f"ear_private_endpoints/{ep['id']}/approve")
    assert r.status_code == 200 and r.json() == {"id": ep["id"], "groupId": api.gid, "status": "PENDING_ACCEPTANCE"}
    api.advance(2)
    assert status(api, AZURE_EAR, ep["id"]) == "ACTIVE"


def test_approval_during_initiating_takes_effect_later(ear_api):
    api = ear_api
    ep = api.post(AZURE_EAR, {"regionName": "EUROPE_NORTH"}).json()
    api.ctl("POST", f"ear_private_endpoints/{ep['id']}/approve")
    assert status(api, AZURE_EAR, ep["id"]) == "INITIATING"
    api.advance(2)
    assert status(api, AZURE_EAR, ep["id"]) == "PENDING_ACCEPTANCE"
    api.advance(2)
    assert status(api, AZURE_EAR, ep["id"]) == "ACTIVE"


def test_rejection_recreates_the_endpoint_with_a_new_id(ear_api):
    api = ear_api
    ep = api.post(AZURE_EAR, {"regionName": "US_EAST_2"}).json()
    api.advance(2)
    api.ctl("POST", f"ear_private_endpoints/{ep['id']}/approve")
    api.advance(2)
    r = api.ctl("POST", f"ear_private_endpoints/{ep['id']}/reject")
    assert r.status_code == 200 and r.json()["status"] == "PENDING_RECREATION"
    new_id = r.json()["new_id"]
    got = api.get(f"{AZURE_EAR}/{ep['id']}").json()
    assert got["status"] == "PENDING_RECREATION" and got["errorMessage"] == "private endpoint was rejected"
    api.advance(2)
    assert api.get(f"{AZURE_EAR}/{ep['id']}").status_code == 404
    listed = api.get(AZURE_EAR).json()["results"]
    assert [(e["id"], e["regionName"], e["status"]) for e in listed] == [(new_id, "US_EAST_2", "INITIATING")]
    api.advance(2)
    assert status(api, AZURE_EAR, new_id) == "PENDING_ACCEPTANCE"  # needs approval again


def test_controls_refuse_what_the_customer_cannot_do(ear_api):
    api = ear_api
    aws = api.post(AWS_EAR, {"regionName": "US_EAST_1"}).json()
    assert api.ctl("POST", f"ear_private_endpoints/{aws['id']}/approve").status_code == 409
    az = api.post(AZURE_EAR, {"regionName": "US_EAST_2"}).json()
    assert api.ctl("POST", f"ear_private_endpoints/{az['id']}/reject").status_code == 409  # still INITIATING
    assert api.ctl("POST", "ear_private_endpoints/ffffffffffffffffffffffff/approve").status_code == 404


def test_failed(ear_api):
    api = ear_api
    ep = api.post(AWS_EAR, {"regionName": "US_EAST_1"}).json()
    assert api.ctl("POST", f"fail/ear_private_endpoints/{ep['id']}", json={"message": "KMS unreachable"}).status_code == 200
    got = api.get(f"{AWS_EAR}/{ep['id']}").json()
    assert got["status"] == "FAILED" and got["errorMessage"] == "KMS unreachable"
    assert api.delete(f"{AWS_EAR}/{ep['id']}").status_code == 204


def test_bad_input(ear_api):
    api = ear_api
    assert api.post(AWS_EAR, {}).json()["errorCode"] == "MISSING_ATTRIBUTE"
    assert api.post(AWS_EAR, {"regionName": "us-east-1"}).json()["errorCode"] == "INVALID_REGION"
    assert api.post(AZURE_EAR, {"regionName": "US_EAST_1"}).json()["errorCode"] == "INVALID_REGION"
    assert api.post(AWS_EAR, {"regionName": "US_EAST_1", "status": "ACTIVE", "id": "x"}).status_code == 202  # read-only echoes
    r = api.post("encryptionAtRest/GCP/privateEndpoints", {"regionName": "US_EAST_1"})
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ENUM_VALUE"


def test_later_version_dates_from_the_docs_are_served(ear_api):
    for date in ("2024-10-23", "2024-11-13"):
        r = ear_api.get(AWS_EAR, version=f"application/vnd.atlas.{date}+json")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.atlas.2023-01-01+json")


def test_require_private_networking_cannot_be_dropped_while_endpoints_exist(ear_api):
    api = ear_api
    api.post(AWS_EAR, {"regionName": "US_EAST_1"})
    r = api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"ear_require_private_networking": {"AWS": False}})
    assert r.status_code == 400
    assert "CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST" in r.json()["error"]
    assert "US_EAST_1" in r.json()["error"]
    r = api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"ear_require_private_networking": {"AZURE": False}})
    assert r.status_code == 200


@pytest.mark.parametrize("body", [
    {"colour": 1}, {"replica_sets": "yes"}, {"ear_require_private_networking": {"GCP": True}},
    {"ear_require_private_networking": True}, {"data_federation_pending_seconds": -1}, {"gcp_service_attachments": 0},
])
def test_settings_control_refuses_bad_values(api, body):
    r = api.ctl("PATCH", f"projects/{api.gid}/private_networking", json=body)
    assert r.status_code == 400 and r.json()["error"]
    assert api.ctl("GET", "projects/ffffffffffffffffffffffff/private_networking").status_code == 404
