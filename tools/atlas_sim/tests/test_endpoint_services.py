"""Cluster private endpoint services and regional mode (privatelink facts §1, §2, §4)."""

import re

import pytest

from conftest import PE_SERVICE, pe_service

AWS_NAME = re.compile(r"^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]{17}$")


def test_aws_service_is_created_with_201_and_explicit_nulls(api):
    r = api.post(PE_SERVICE, {"providerName": "AWS", "region": "us-east-1"})
    assert r.status_code == 201
    assert r.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    svc = r.json()
    assert svc == {"cloudProvider": "AWS", "endpointServiceName": None, "errorMessage": None, "id": svc["id"],
                   "interfaceEndpoints": [], "regionName": "US_EAST_1", "status": "INITIATING",
                   "supportedRemoteRegions": None}
    assert b'"endpointServiceName":null' in r.content  # printed, not omitted
    api.advance(2)
    got = api.get(f"privateEndpoint/AWS/endpointService/{svc['id']}").json()
    assert got["status"] == "AVAILABLE" and AWS_NAME.match(got["endpointServiceName"])


def test_list_is_a_bare_array_per_provider(api):
    aws = pe_service(api, ready=False)
    pe_service(api, "AZURE", "eastus2", ready=False)
    listed = api.get("privateEndpoint/AWS/endpointService").json()
    assert isinstance(listed, list) and [s["id"] for s in listed] == [aws["id"]]
    assert api.get("privateEndpoint/GCP/endpointService").json() == []


@pytest.mark.parametrize("provider,region,atlas", [
    ("AWS", "eu-west-1", "EU_WEST_1"), ("AWS", "US_EAST_2", "US_EAST_2"),
    ("AZURE", "eastus2", "US_EAST_2"), ("AZURE", "EUROPE_NORTH", "EUROPE_NORTH"), ("AZURE", "westeurope", "EUROPE_WEST"),
    ("GCP", "us-central1", "CENTRAL_US"), ("GCP", "europe-west1", "WESTERN_EUROPE"),
    ("GCP", "asia-northeast1", "NORTHEASTERN_ASIA_PACIFIC"), ("GCP", "us-east4", "US_EAST_4"),
])
def test_region_in_either_form_answered_in_atlas_form(api, provider, region, atlas):
    assert pe_service(api, provider, region, ready=False)["regionName"] == atlas


def test_bad_input(api):
    def err(body):
        r = api.post(PE_SERVICE, body)
        assert r.status_code == 400, r.text
        return r.json()["errorCode"], r.json()["parameters"]

    assert err({"region": "us-east-1"}) == ("MISSING_ATTRIBUTE", ["providerName"])
    assert err({"providerName": "AWS"}) == ("MISSING_ATTRIBUTE", ["region"])
    assert err({"providerName": "IBM", "region": "x"})[0] == "INVALID_ENUM_VALUE"
    assert err({"providerName": "AWS", "region": "mars-1"}) == ("INVALID_REGION", ["mars-1", "AWS"])
    assert err({"providerName": "GCP", "region": "eastus2"})[0] == "INVALID_REGION"
    assert err({"providerName": "AWS", "region": "us-east-1", "portMappingEnabled": True}) == (
        "PROVIDER_UNSUPPORTED", ["portMappingEnabled", "AWS"])
    assert err({"providerName": "AWS", "region": "us-east-1", "color": "red"})[0] == "INVALID_ATTRIBUTE"
    assert err({"providerName": "GCP", "region": "us-east4", "portMappingEnabled": "true"})[0] == "INVALID_ATTRIBUTE"
    assert api.get("privateEndpoint/AWS/endpointService").json() == []  # nothing half-made


def test_one_service_per_provider_and_region(api):
    pe_service(api, "AWS", "us-east-1", ready=False)
    r = api.post(PE_SERVICE, {"providerName": "AWS", "region": "US_EAST_1"})
    assert r.status_code == 409
    assert r.json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION"
    assert r.json()["detail"] == "A private endpoint service already exists for AWS region US_EAST_1."
    assert r.json()["parameters"] == ["AWS", "US_EAST_1"]
    assert api.post(PE_SERVICE, {"providerName": "AWS", "region": "us-west-2"}).status_code == 201
    assert api.post(PE_SERVICE, {"providerName": "AZURE", "region": "eastus"}).status_code == 201


def test_azure_and_gcp_customer_side_values(api):
    az = pe_service(api, "AZURE", "eastus2", ready=False)
    assert az["privateLinkServiceName"] is None and az["privateLinkServiceResourceId"] is None
    assert az["privateEndpoints"] == []
    gcp = pe_service(api, "GCP", "us-east4", ready=False)
    assert gcp["serviceAttachmentNames"] == [] and gcp["endpointGroupNames"] == [] and gcp["portMappingEnabled"] is False
    api.advance(2)
    az = api.get(f"privateEndpoint/AZURE/endpointService/{az['id']}").json()
    assert az["status"] == "AVAILABLE" and az["privateLinkServiceName"] == f"pls_{az['id']}"
    assert re.match(r"^/subscriptions/[0-9a-f-]{36}/resourceGroups/rg_[0-9a-f]{24}_[0-9a-f]{8}/providers/"
                    r"Microsoft\.Network/privateLinkServices/pls_" + az["id"] + "$", az["privateLinkServiceResourceId"])
    gcp = api.get(f"privateEndpoint/GCP/endpointService/{gcp['id']}").json()
    assert gcp["status"] == "INITIATING" and len(gcp["serviceAttachmentNames"]) == 6  # attachments before AVAILABLE
    assert re.match(rf"^projects/p-[0-9a-f]{{24}}/regions/us-east4/serviceAttachments/sa-us-east4-{api.gid}-0$",
                    gcp["serviceAttachmentNames"][0])
    api.advance(2)
    assert api.get(f"privateEndpoint/GCP/endpointService/{gcp['id']}").json()["status"] == "AVAILABLE"


def test_gcp_port_mapping_has_one_attachment(api):
    gcp = pe_service(api, "GCP", "us-west3", portMappingEnabled=True)
    got = api.get(f"privateEndpoint/GCP/endpointService/{gcp['id']}").json()
    assert got["portMappingEnabled"] is True and len(got["serviceAttachmentNames"]) == 1


def test_attachment_count_is_a_project_setting(api):
    assert api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"gcp_service_attachments": 2}).status_code == 200
    gcp = pe_service(api, "GCP", "us-central1")
    assert len(api.get(f"privateEndpoint/GCP/endpointService/{gcp['id']}").json()["serviceAttachmentNames"]) == 2


def test_supported_remote_regions(api):
    svc = pe_service(api, "AWS", "us-west-1", supportedRemoteRegions=["US_EAST_1", "EU_WEST_1"])
    assert svc["supportedRemoteRegions"] == ["US_EAST_1", "EU_WEST_1"]
    url = f"privateEndpoint/endpointService/{svc['id']}"
    r = api.patch(url, {"cloudProvider": "AWS", "supportedRemoteRegions": ["US_EAST_1", "EU_WEST_1", "EU_WEST_2"]})
    assert r.status_code == 200 and r.json()["supportedRemoteRegions"] == ["US_EAST_1", "EU_WEST_1", "EU_WEST_2"]
    assert api.patch(url, {"cloudProvider": "AWS"}).json()["supportedRemoteRegions"] == ["US_EAST_1", "EU_WEST_1", "EU_WEST_2"]
    assert api.patch(url, {"cloudProvider": "AWS", "supportedRemoteRegions": []}).json()["supportedRemoteRegions"] == []
    assert api.patch(url, {"cloudProvider": "AWS", "supportedRemoteRegions": None}).json()["supportedRemoteRegions"] is None
    r = api.patch(url, {"cloudProvider": "AWS", "supportedRemoteRegions": ["us-east-1"]})
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ATTRIBUTE"
    r = api.patch(url, {"cloudProvider": "AWS", "supportedRemoteRegions": ["US_WEST_1"]})
    assert r.status_code == 400 and r.json()["errorCode"] == "CROSS_REGION_PRIVATE_LINK_SELF_REGION"
    assert api.patch(url, {"supportedRemoteRegions": []}).json()["errorCode"] == "MISSING_ATTRIBUTE"
    assert api.patch(url, {"cloudProvider": "AWS", "supportedRemoteRegions": ["US_EAST_1"] * 36}).status_code == 400
    assert api.patch("privateEndpoint/endpointService/ffffffffffffffffffffffff",
                     {"cloudProvider": "AWS"}).json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND"
    az = pe_service(api, "AZURE", "eastus2", ready=False)
    r = api.patch(f"privateEndpoint/endpointService/{az['id']}", {"cloudProvider": "AZURE", "supportedRemoteRegions": []})
    assert r.status_code == 400 and r.json()["errorCode"] == "PROVIDER_UNSUPPORTED"
    r = api.post(PE_SERVICE, {"providerName": "AZURE", "region": "westus", "supportedRemoteRegions": ["US_EAST_1"]})
    assert r.status_code == 400 and r.json()["errorCode"] == "PROVIDER_UNSUPPORTED"


def test_delete_answers_202_then_deleting_then_gone(api):
    svc = pe_service(api)
    url = f"privateEndpoint/AWS/endpointService/{svc['id']}"
    r = api.delete(url)
    assert r.status_code == 202 and r.content == b"{}"
    assert api.get(url).json()["status"] == "DELETING"
    r = api.post(PE_SERVICE, {"providerName": "AWS", "region": "us-east-1"})
    assert r.status_code == 409  # a service being deleted still holds its region
    assert api.delete(url).status_code == 202  # again: accepted, no change
    api.advance(2)
    r = api.get(url)
    assert r.status_code == 404 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND"
    assert api.post(PE_SERVICE, {"providerName": "AWS", "region": "us-east-1"}).status_code == 201


def test_not_found_and_provider_path(api):
    svc = pe_service(api, ready=False)
    assert api.get(f"privateEndpoint/AZURE/endpointService/{svc['id']}").status_code == 404
    r = api.get(f"privateEndpoint/aws/endpointService/{svc['id']}")
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ENUM_VALUE"
    assert api.get("privateEndpoint/IBM/endpointService").status_code == 400
    assert api.get(f"privateEndpoint/endpointService/{svc['id']}").status_code == 405


def test_failed_service_shows_error_message(api):
    svc = pe_service(api)
    r = api.ctl("POST", f"fail/private_endpoint_services/{svc['id']}", json={"message": "No Capacity."})
    assert r.status_code == 200
    got = api.get(f"privateEndpoint/AWS/endpointService/{svc['id']}").json()
    assert got["status"] == "FAILED" and got["errorMessage"] == "No Capacity."


def test_first_service_creates_the_container_and_keeps_it_in_use(api):
    svc = pe_service(api, "AWS", "eu-west-1", ready=False)
    containers = api.get("containers", params={"providerName": "AWS"}).json()["results"]
    assert [(c["regionName"], c["atlasCidrBlock"]) for c in containers] == [("EU_WEST_1", "192.168.248.0/21")]
    pe_service(api, "AWS", "us-east-1", ready=False)
    pe_service(api, "GCP", "us-central1", ready=False)
    cidrs = {c.get("regionName", c["providerName"]): c["atlasCidrBlock"] for c in api.get("containers/all").json()["results"]}
    assert cidrs == {"EU_WEST_1": "192.168.248.0/21", "US_EAST_1": "192.168.240.0/21", "GCP": "192.168.0.0/18"}
    r = api.delete(f"containers/{containers[0]['id']}")
    assert r.status_code == 409 and r.json()["errorCode"] == "CONTAINERS_IN_USE"
    api.delete(f"privateEndpoint/AWS/endpointService/{svc['id']}")
    api.advance(2)
    assert api.delete(f"containers/{containers[0]['id']}").status_code == 204


def test_existing_container_is_reused(api):
    api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.8.0.0/21"})
    pe_service(api, "AZURE", "eastus2", ready=False)
    assert [c["atlasCidrBlock"] for c in api.get("containers/all").json()["results"]] == ["10.8.0.0/21"]


def test_later_version_dates_are_served_2023_01_01(api):
    r = api.get("privateEndpoint/AWS/endpointService", version="application/vnd.atlas.2024-11-13+json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.atlas.2023-01-01+json")
    r = api.get("privateEndpoint/AWS/endpointService", version="application/vnd.atlas.2022-12-31+json")
    assert r.status_code == 406 and r.json()["errorCode"] == "INVALID_VERSION_DATE"


# ---------------------------------------------------------------- regional mode
def test_regional_mode_get_and_patch(api):
    assert api.get("privateEndpoint/regionalMode").json() == {"enabled": False}
    r = api.patch("privateEndpoint/regionalMode", {"enabled": True})
    assert r.status_code == 202 and r.json() == {"enabled": True}
    assert api.get("privateEndpoint/regionalMode").json() == {"enabled": True}
    assert api.patch("privateEndpoint/regionalMode", {"enabled": True}).status_code == 202
    assert api.patch("privateEndpoint/regionalMode", {}).json()["errorCode"] == "MISSING_ATTRIBUTE"
    assert api.patch("privateEndpoint/regionalMode", {"enabled": "false"}).json()["errorCode"] == "INVALID_ATTRIBUTE"
    assert api.patch("privateEndpoint/regionalMode", {"enabled": False}).json() == {"enabled": False}


def test_regional_mode_refused_with_replica_sets(api):
    assert api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"replica_sets": True}).status_code == 200
    r = api.patch("privateEndpoint/regionalMode", {"enabled": True})
    assert r.status_code == 409 and r.json()["errorCode"] == "CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS"
    assert api.get("privateEndpoint/regionalMode").json() == {"enabled": False}
    api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"replica_sets": False})
    assert api.patch("privateEndpoint/regionalMode", {"enabled": True}).status_code == 202
    # once enabled, the project cannot get replica sets
    assert api.ctl("PATCH", f"projects/{api.gid}/private_networking", json={"replica_sets": True}).status_code == 409
