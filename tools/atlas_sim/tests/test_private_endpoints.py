"""Private endpoints registered on endpoint services (privatelink facts §3, §4)."""

from urllib.parse import quote

import pytest

from conftest import AZURE_PE_ID, gcp_rules, pe_service

VPCE = "vpce-0123456789abcdef0"
VPCE2 = "vpce-0123456789abcdef1"


def ep_url(provider, svc, endpoint_id=None):
    url = f"privateEndpoint/{provider}/endpointService/{svc['id']}/endpoint"
    return url if endpoint_id is None else f"{url}/{quote(endpoint_id, safe='')}"


def statuses(api, provider, svc, endpoint_id, field, steps):
    seen = []
    for _ in range(steps):
        seen.append(api.get(ep_url(provider, svc, endpoint_id)).json()[field])
        api.advance(2)
    return seen


def test_aws_endpoint_lifecycle(api):
    svc = pe_service(api)
    r = api.post(ep_url("AWS", svc), {"id": VPCE})
    assert r.status_code == 200
    assert r.json() == {"cloudProvider": "AWS", "connectionStatus": "NONE", "deleteRequested": False,
                        "errorMessage": None, "interfaceEndpointId": VPCE}
    assert statuses(api, "AWS", svc, VPCE, "connectionStatus", 4) == ["NONE", "PENDING_ACCEPTANCE", "PENDING", "AVAILABLE"]
    assert api.get(f"privateEndpoint/AWS/endpointService/{svc['id']}").json()["interfaceEndpoints"] == [VPCE]


def test_aws_endpoint_input(api):
    svc = pe_service(api)

    def err(body):
        r = api.post(ep_url("AWS", svc), body)
        assert r.status_code == 400, r.text
        return r.json()["errorCode"], r.json()["parameters"]

    assert err({}) == ("MISSING_ATTRIBUTE", ["id"])
    assert err({"id": "vpce-123"}) == ("INVALID_ATTRIBUTE", ["id"])
    assert err({"id": VPCE, "privateEndpointIPAddress": "10.0.0.4"}) == ("INVALID_ATTRIBUTE", ["privateEndpointIPAddress"])
    assert err({"id": VPCE, "cloudProvider": "AZURE"}) == ("INVALID_ATTRIBUTE", ["cloudProvider"])
    assert api.post(ep_url("AWS", svc), {"id": VPCE, "cloudProvider": "AWS"}).status_code == 200
    r = api.post(ep_url("AWS", svc), {"id": VPCE})
    assert r.status_code == 409 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_ALREADY_EXISTS"
    r = api.post("privateEndpoint/AWS/endpointService/ffffffffffffffffffffffff/endpoint", {"id": VPCE2})
    assert r.status_code == 404 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND"


def test_endpoint_needs_an_available_service(api):
    svc = pe_service(api, ready=False)
    r = api.post(ep_url("AWS", svc), {"id": VPCE})
    assert r.status_code == 409 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_NOT_AVAILABLE"
    assert r.json()["parameters"] == [svc["id"], "INITIATING"]


def test_deleting_the_last_endpoint_deletes_the_service(api):
    svc = pe_service(api)
    api.post(ep_url("AWS", svc), {"id": VPCE})
    r = api.delete(ep_url("AWS", svc, VPCE))
    assert r.status_code == 204 and r.content == b""
    got = api.get(ep_url("AWS", svc, VPCE)).json()
    assert got["deleteRequested"] is True and got["connectionStatus"] == "DELETING"
    assert api.delete(ep_url("AWS", svc, VPCE)).status_code == 204
    service_url = f"privateEndpoint/AWS/endpointService/{svc['id']}"
    assert api.get(service_url).json()["status"] == "AVAILABLE"
    api.advance(2)
    r = api.get(ep_url("AWS", svc, VPCE))
    assert r.status_code == 404 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND"
    assert api.get(service_url).json()["status"] == "DELETING"
    api.advance(2)
    assert api.get(service_url).status_code == 404


def test_the_service_stays_while_it_has_other_endpoints(api):
    svc = pe_service(api)
    api.post(ep_url("AWS", svc), {"id": VPCE})
    api.post(ep_url("AWS", svc), {"id": VPCE2})
    r = api.delete(f"privateEndpoint/AWS/endpointService/{svc['id']}")
    assert r.status_code == 409 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_SERVICE_HAS_ENDPOINTS"
    api.delete(ep_url("AWS", svc, VPCE))
    api.advance(10)
    got = api.get(f"privateEndpoint/AWS/endpointService/{svc['id']}").json()
    assert got["status"] == "AVAILABLE" and got["interfaceEndpoints"] == [VPCE2]


def test_a_new_endpoint_cancels_the_scheduled_service_deletion(api):
    svc = pe_service(api)
    api.post(ep_url("AWS", svc), {"id": VPCE})
    api.delete(ep_url("AWS", svc, VPCE))
    api.advance(1)
    assert api.post(ep_url("AWS", svc), {"id": VPCE2}).status_code == 200
    api.advance(10)
    assert api.get(f"privateEndpoint/AWS/endpointService/{svc['id']}").json()["interfaceEndpoints"] == [VPCE2]


def test_azure_endpoint(api):
    svc = pe_service(api, "AZURE", "eastus2")
    r = api.post(ep_url("AZURE", svc), {"id": AZURE_PE_ID, "privateEndpointIPAddress": "10.0.0.4"})
    assert r.status_code == 200
    assert r.json() == {"cloudProvider": "AZURE", "deleteRequested": False, "errorMessage": None,
                        "privateEndpointConnectionName": None, "privateEndpointIPAddress": "10.0.0.4",
                        "privateEndpointResourceId": AZURE_PE_ID, "status": "INITIATING"}
    api.advance(2)
    got = api.get(ep_url("AZURE", svc, AZURE_PE_ID)).json()
    assert got["status"] == "AVAILABLE"
    assert got["privateEndpointConnectionName"] == "0a1b2c3d-1111-2222-3333-444455556666%2Fapp-rg%2Fatlas-pe-1"
    assert api.get(ep_url("AZURE", svc, AZURE_PE_ID.lower())).status_code == 200  # resource ids ignore case
    assert api.get(f"privateEndpoint/AZURE/endpointService/{svc['id']}").json()["privateEndpoints"] == [AZURE_PE_ID]
    # an unencoded resource id is another path
    r = api.get(ep_url("AZURE", svc) + AZURE_PE_ID)
    assert r.status_code == 404 and r.json()["errorCode"] == "RESOURCE_NOT_FOUND"


@pytest.mark.parametrize("body,code,field", [
    ({"id": AZURE_PE_ID}, "MISSING_ATTRIBUTE", "privateEndpointIPAddress"),
    ({"id": AZURE_PE_ID, "privateEndpointIPAddress": "10.0.0.256"}, "INVALID_ATTRIBUTE", "privateEndpointIPAddress"),
    ({"id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/p",
      "privateEndpointIPAddress": "10.0.0.4"}, "INVALID_ATTRIBUTE", "id"),
    ({"id": VPCE, "privateEndpointIPAddress": "10.0.0.4"}, "INVALID_ATTRIBUTE", "id"),
])
def test_azure_endpoint_input(api, body, code, field):
    svc = pe_service(api, "AZURE", "eastus2")
    r = api.post(ep_url("AZURE", svc), body)
    assert r.status_code == 400 and (r.json()["errorCode"], r.json()["parameters"]) == (code, [field])


def test_gcp_endpoint_group(api):
    svc = pe_service(api, "GCP", "us-central1")
    body = {"gcpProjectId": "customer-project-1", "endpointGroupName": "atlas-group", "endpoints": gcp_rules(6)}
    r = api.post(ep_url("GCP", svc), body)
    assert r.status_code == 200
    group = r.json()
    assert group == {"cloudProvider": "GCP", "deleteRequested": False, "endpointGroupName": "atlas-group",
                     "endpoints": [dict(rule, status="INITIATING") for rule in gcp_rules(6)], "errorMessage": None,
                     "gcpProjectId": "customer-project-1", "portMappingEnabled": False, "status": "INITIATING"}
    assert statuses(api, "GCP", svc, "atlas-group", "status", 3) == ["INITIATING", "VERIFIED", "AVAILABLE"]
    got = api.get(ep_url("GCP", svc, "atlas-group")).json()
    assert {rule["status"] for rule in got["endpoints"]} == {"AVAILABLE"}
    assert api.get(f"privateEndpoint/GCP/endpointService/{svc['id']}").json()["endpointGroupNames"] == ["atlas-group"]


@pytest.mark.parametrize("body,code,field", [
    ({"endpointGroupName": "g", "endpoints": gcp_rules(6)}, "MISSING_ATTRIBUTE", "gcpProjectId"),
    ({"gcpProjectId": "customer-project-1", "endpoints": gcp_rules(6)}, "MISSING_ATTRIBUTE", "endpointGroupName"),
    ({"gcpProjectId": "customer-project-1", "endpointGroupName": "g"}, "MISSING_ATTRIBUTE", "endpoints"),
    ({"gcpProjectId": "customer-project-1", "endpointGroupName": "g", "endpoints": gcp_rules(5)}, "INVALID_ATTRIBUTE", "endpoints"),
    ({"gcpProjectId": "Customer_Project", "endpointGroupName": "g", "endpoints": gcp_rules(6)}, "INVALID_ATTRIBUTE", "gcpProjectId"),
    ({"gcpProjectId": "customer-project-1", "endpointGroupName": "g",
      "endpoints": gcp_rules(5) + [{"endpointName": "x", "ipAddress": "nope"}]}, "INVALID_ATTRIBUTE", "endpoints.5.ipAddress"),
    ({"gcpProjectId": "customer-project-1", "endpointGroupName": "g", "endpoints": gcp_rules(5) + gcp_rules(1)},
     "INVALID_ATTRIBUTE", "endpoints"),
])
def test_gcp_endpoint_input(api, body, code, field):
    svc = pe_service(api, "GCP", "us-central1")
    r = api.post(ep_url("GCP", svc), body)
    assert r.status_code == 400 and (r.json()["errorCode"], r.json()["parameters"]) == (code, [field])


def test_gcp_port_mapped_endpoint_is_its_forwarding_rule(api):
    svc = pe_service(api, "GCP", "us-west3", portMappingEnabled=True)
    body = {"gcpProjectId": "customer-project-1", "endpointGroupName": "ignored", "endpoints": gcp_rules(2)}
    assert api.post(ep_url("GCP", svc), body).json()["parameters"] == ["endpoints"]
    r = api.post(ep_url("GCP", svc), dict(body, endpoints=gcp_rules(1, "psc-rule")))
    assert r.status_code == 200
    assert r.json()["endpointGroupName"] == "psc-rule-0" and r.json()["portMappingEnabled"] is True
    assert len(r.json()["endpoints"]) == 1
    assert api.get(ep_url("GCP", svc, "psc-rule-0")).status_code == 200
    assert api.get(ep_url("GCP", svc, "ignored")).status_code == 404


def test_failed_endpoints(api):
    aws = pe_service(api)
    az = pe_service(api, "AZURE", "eastus2")
    api.post(ep_url("AWS", aws), {"id": VPCE})
    api.post(ep_url("AZURE", az), {"id": AZURE_PE_ID, "privateEndpointIPAddress": "10.0.0.4"})
    assert api.ctl("POST", f"fail/private_endpoints/{VPCE}", json={"message": "wrong id"}).status_code == 200
    got = api.get(ep_url("AWS", aws, VPCE)).json()
    assert got["connectionStatus"] == "REJECTED" and got["errorMessage"] == "wrong id"
    r = api.ctl("POST", f"fail/private_endpoints/{quote(AZURE_PE_ID, safe='')}", params={"group_id": api.gid})
    assert r.status_code == 200
    got = api.get(ep_url("AZURE", az, AZURE_PE_ID)).json()
    assert got["status"] == "FAILED" and got["errorMessage"] == "Simulated failure."
    assert api.ctl("POST", "fail/private_endpoints/vpce-00000000000000000").status_code == 404


# ---------------------------------------------------------------- regional mode rules
def test_several_endpoints_in_one_region_need_regional_mode_once_other_regions_have_some(api):
    east = pe_service(api, "AWS", "us-east-1")
    west = pe_service(api, "AWS", "us-west-2")
    assert api.post(ep_url("AWS", east), {"id": VPCE}).status_code == 200
    assert api.post(ep_url("AWS", west), {"id": "vpce-0000000000000000a"}).status_code == 200  # one per region: fine
    r = api.post(ep_url("AWS", east), {"id": VPCE2})
    assert r.status_code == 409 and r.json()["errorCode"] == "REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED"
    assert r.json()["parameters"] == ["US_EAST_1"]
    assert api.patch("privateEndpoint/regionalMode", {"enabled": True}).status_code == 202
    assert api.post(ep_url("AWS", east), {"id": VPCE2}).status_code == 200
    r = api.patch("privateEndpoint/regionalMode", {"enabled": False})
    assert r.status_code == 409 and r.json()["errorCode"] == "CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS"
    assert api.get("privateEndpoint/regionalMode").json() == {"enabled": True}
    api.delete(ep_url("AWS", east, VPCE2))
    assert api.patch("privateEndpoint/regionalMode", {"enabled": False}).status_code == 202


def test_several_endpoints_in_a_single_region_are_fine(api):
    east = pe_service(api, "AWS", "us-east-1")
    for vpce in (VPCE, VPCE2):
        assert api.post(ep_url("AWS", east), {"id": vpce}).status_code == 200
    pe_service(api, "AZURE", "eastus2")  # a service without endpoints does not count
    assert api.patch("privateEndpoint/regionalMode", {"enabled": True}).status_code == 202
    assert api.patch("privateEndpoint/regionalMode", {"enabled": False}).status_code == 202


def test_data_federation_and_cluster_endpoints_do_not_share_ids(api):
    svc = pe_service(api)
    api.post(ep_url("AWS", svc), {"id": VPCE})
    r = api.post("privateNetworkSettings/endpointIds", {"endpointId": VPCE})
    assert r.status_code == 409 and r.json()["errorCode"] == "PRIVATE_ENDPOINT_ID_IN_USE"
    assert api.post("privateNetworkSettings/endpointIds", {"endpointId": VPCE2}).status_code == 201
    r = api.post(ep_url("AWS", svc), {"id": VPCE2})
    assert r.status_code == 409 and r.json()["parameters"] == [VPCE2, "Data Federation"]
