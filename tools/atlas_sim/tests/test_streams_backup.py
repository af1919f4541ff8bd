"""Stream private link connections (facts §10) and backup private endpoints (facts §11)."""

import pytest

from conftest import V_BACKUP, V_PATCH_STREAMS, V_STREAMS

EVENTHUB = {"provider": "Azure", "region": "US_EAST_2",
            "serviceEndpointId": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/test-namespace",
            "dnsDomain": "test-namespace.servicebus.windows.net"}
PL = "streams/privateLinkConnections"


def test_post_echo_then_lifecycle(api):
    r = api.post(PL, EVENTHUB, version=V_STREAMS)
    assert r.status_code == 200
    body = r.json()
    lid = body.pop("_id")
    assert body == EVENTHUB  # echo of the request as sent: mixed-case provider, no state, no vendor
    g = api.get(f"{PL}/{lid}", version=V_STREAMS).json()
    assert g["provider"] == "AZURE" and g["vendor"] == "GENERIC" and g["state"] == "IDLE"
    api.advance(2)
    assert api.get(f"{PL}/{lid}", version=V_STREAMS).json()["state"] == "WORKING"
    api.advance(2)
    assert api.get(f"{PL}/{lid}", version=V_STREAMS).json()["state"] == "DONE"
    r = api.delete(f"{PL}/{lid}", version=V_STREAMS)
    assert r.status_code == 202 and r.content == b"{}"
    assert api.get(f"{PL}/{lid}", version=V_STREAMS).json()["state"] == "DELETE_REQUESTED"
    api.advance(2)
    assert api.get(f"{PL}/{lid}", version=V_STREAMS).json()["state"] == "DELETING"
    api.advance(2)
    r = api.get(f"{PL}/{lid}", version=V_STREAMS)
    assert r.status_code == 404


def test_duplicate_is_400(api):
    assert api.post(PL, EVENTHUB, version=V_STREAMS).status_code == 200
    r = api.post(PL, dict(EVENTHUB, vendor="GENERIC"), version=V_STREAMS)
    assert r.status_code == 400 and r.json()["errorCode"] == "STREAM_PRIVATE_LINK_ALREADY_EXISTS"


@pytest.mark.parametrize("body,missing", [
    ({"provider": "AWS", "vendor": "MSK"}, "arn"),
    ({"provider": "AWS", "vendor": "CONFLUENT", "region": "us-east-1", "dnsSubDomain": []}, "serviceEndpointId"),
    ({"provider": "AWS", "vendor": "CONFLUENT", "region": "us-east-1", "serviceEndpointId": "com.amazonaws.vpce.us-east-1.vpce-svc-1"}, "dnsSubDomain"),
    ({"provider": "AWS", "vendor": "S3", "region": "us-east-1"}, "serviceEndpointId"),
    ({"provider": "AZURE", "vendor": "EVENTHUB", "region": "eastus2", "serviceEndpointId": "/subscriptions/x"}, "dnsDomain"),
    ({"provider": "GCP", "vendor": "CONFLUENT", "region": "us-central1", "dnsDomain": "x"}, "gcpServiceAttachmentUris"),
    ({"provider": "GCP", "vendor": "PUBSUB"}, "region"),
    ({"vendor": "MSK"}, "provider"),
])
def test_vendor_requirements(api, body, missing):
    r = api.post(PL, body, version=V_STREAMS)
    assert r.status_code == 400 and r.json()["errorCode"] == "MISSING_ATTRIBUTE"
    assert r.json()["parameters"] == [missing]


def test_vendor_and_provider_values(api):
    assert api.post(PL, {"provider": "IBM"}, version=V_STREAMS).json()["errorCode"] == "INVALID_ENUM_VALUE"
    assert api.post(PL, {"provider": "AWS", "vendor": "EVENTHUB"}, version=V_STREAMS).json()["errorCode"] == "INVALID_ENUM_VALUE"
    r = api.post(PL, {"provider": "AWS", "vendor": "MSK", "arn": "arn:aws:kafka:us-east-1:123456789012:cluster/x/1", "region": "us-east-1"}, version=V_STREAMS)
    assert r.status_code == 400 and r.json()["parameters"] == ["region"]
    r = api.post(PL, {"provider": "AWS", "vendor": "MSK", "arn": "arn:aws:kafka:us-east-1:123456789012:cluster/x/1"}, version=V_STREAMS)
    assert r.status_code == 200
    g = api.get(f"{PL}/{r.json()['_id']}", version=V_STREAMS).json()
    assert g["region"] == "us-east-1" and g["vendor"] == "MSK"
    r = api.post(PL, {"provider": "AWS", "vendor": "MSK", "arn": "arn:aws:s3:::bucket"}, version=V_STREAMS)
    assert r.status_code == 400


def test_patch_dns_domain(api):
    conf = {"provider": "AWS", "vendor": "CONFLUENT", "region": "us-east-1", "dnsSubDomain": [],
            "serviceEndpointId": "com.amazonaws.vpce.us-east-1.vpce-svc-0123"}
    lid = api.post(PL, conf, version=V_STREAMS).json()["_id"]
    api.advance(10)  # DONE, but no domain yet: allowed
    r = api.patch(f"{PL}/{lid}", {"dnsDomain": "a.example.com"}, version=V_PATCH_STREAMS)
    assert r.status_code == 200 and r.json()["dnsDomain"] == "a.example.com"
    r = api.patch(f"{PL}/{lid}", {"dnsDomain": "b.example.com"}, version=V_PATCH_STREAMS)
    assert r.status_code == 400  # domain set and not IDLE
    r = api.patch(f"{PL}/{lid}", {"region": "us-west-2"}, version=V_PATCH_STREAMS)
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ATTRIBUTE"
    lid2 = api.post(PL, dict(EVENTHUB, serviceEndpointId="/subscriptions/2"), version=V_STREAMS).json()["_id"]
    assert api.patch(f"{PL}/{lid2}", {"dnsDomain": "c.example.com"}, version=V_PATCH_STREAMS).status_code == 200  # IDLE


def test_stream_failed_and_not_found(api):
    lid = api.post(PL, EVENTHUB, version=V_STREAMS).json()["_id"]
    api.ctl("POST", f"fail/stream_privatelinks/{lid}", json={"message": "endpoint rejected"})
    g = api.get(f"{PL}/{lid}", version=V_STREAMS).json()
    assert g["state"] == "FAILED" and g["errorMessage"] == "endpoint rejected"
    assert api.get(f"{PL}/ffffffffffffffffffffffff", version=V_STREAMS).status_code == 404


BPE = "backup/AWS/privateEndpoints"


def test_backup_lifecycle(api):
    r = api.post(BPE, {"cloudProvider": "AWS", "regionName": "US_EAST_1"}, version=V_BACKUP)
    assert r.status_code == 201
    e = r.json()
    assert e["status"] == "INITIATING" and e["vpcRegionName"] == "US_EAST_1" and e["cloudProvider"] == "AWS"
    api.advance(2)
    g = api.get(f"{BPE}/{e['id']}", version=V_BACKUP).json()
    assert g["status"] == "ACTIVE" and g["privateEndpointConnectionName"].startswith("vpce-")
    assert api.get(BPE, version=V_BACKUP).json()["totalCount"] == 1
    r = api.delete(f"{BPE}/{e['id']}", version=V_BACKUP)
    assert r.status_code == 204
    assert api.get(f"{BPE}/{e['id']}", version=V_BACKUP).json()["status"] == "DELETING"
    api.advance(2)
    assert api.get(f"{BPE}/{e['id']}", version=V_BACKUP).status_code == 404


def test_backup_rules(api):
    assert api.post(BPE, {"cloudProvider": "AWS", "regionName": "US_EAST_1", "vpcRegionName": "US_WEST_2"}, version=V_BACKUP).status_code == 201
    assert api.post(BPE, {"cloudProvider": "AWS", "regionName": "US_EAST_1"}, version=V_BACKUP).status_code == 201
    r = api.post(BPE, {"cloudProvider": "AWS", "regionName": "US_EAST_1", "vpcRegionName": "US_EAST_1"}, version=V_BACKUP)
    assert r.status_code == 409
    r = api.post(BPE, {"cloudProvider": "AWS", "regionName": "EU_CENTRAL_2"}, version=V_BACKUP)
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_REGION"
    assert api.post(BPE, {"cloudProvider": "AWS"}, version=V_BACKUP).json()["errorCode"] == "MISSING_ATTRIBUTE"
    r = api.post("backup/GCP/privateEndpoints", {"cloudProvider": "GCP", "regionName": "US_EAST_1"}, version=V_BACKUP)
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_ENUM_VALUE"
    assert api.get("backup/AZURE/privateEndpoints", version=V_BACKUP).status_code == 400
    eid = api.get(BPE, version=V_BACKUP).json()["results"][0]["id"]
    api.ctl("POST", f"fail/backup_private_endpoints/{eid}", json={"message": "quota"})
    g = api.get(f"{BPE}/{eid}", version=V_BACKUP).json()
    assert g["status"] == "FAILED" and g["errorMessage"] == "quota"
