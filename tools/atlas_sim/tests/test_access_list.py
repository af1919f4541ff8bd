"""Project IP access list (facts §12)."""

import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests
from requests.auth import HTTPDigestAuth

from conftest import V2023, aws_container, aws_peer_body


def _date(seconds: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_ip_entry_shape_and_lookup_forms(api):
    r = api.post("accessList", [{"ipAddress": "192.168.0.243", "comment": "test"}])
    assert r.status_code == 201
    e = r.json()["results"][0]
    assert e == {"cidrBlock": "192.168.0.243/32", "comment": "test", "groupId": api.gid, "ipAddress": "192.168.0.243",
                 "links": [{"href": f"http://testserver/api/atlas/v2/groups/{api.gid}/accessList/192.168.0.243%2F32", "rel": "self"}]}
    assert api.get("accessList/192.168.0.243").json() == e
    assert api.get("accessList/192.168.0.243%2F32").json() == e
    assert api.get("accessList/192.168.0.243%2F32/status").json() == {"STATUS": "PENDING"}
    api.advance(2)
    assert api.get("accessList/192.168.0.243/status").json() == {"STATUS": "ACTIVE"}
    r = api.delete("accessList/192.168.0.243")
    assert r.status_code == 204 and r.content == b""
    r = api.get("accessList/192.168.0.243%2F32")
    assert r.status_code == 404 and r.json()["errorCode"] == "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND"
    assert r.json()["detail"] == f"IP Address 192.168.0.243/32 not on Atlas access list for group {api.gid}."
    assert api.delete("accessList/192.168.0.243").status_code == 404


def test_cidr_entry_and_upsert(api):
    api.post("accessList", [{"cidrBlock": "10.0.0.0/16", "comment": "one"}])
    r = api.post("accessList", [{"cidrBlock": "10.0.0.0/16", "comment": "two"}])
    assert r.status_code == 201 and r.json()["totalCount"] == 1
    e = api.get("accessList/10.0.0.0%2F16").json()
    assert e["comment"] == "two" and "ipAddress" not in e
    assert api.get("accessList/10.0.0.0%2F16/status").status_code == 200
    r = api.post("accessList", [{"cidrBlock": "10.0.0.1/16"}])
    assert r.status_code == 400 and r.json()["errorCode"] == "INVALID_CIDR_BLOCK"  # non-canonical is refused


def test_ipv6(api):
    r = api.post("accessList", [{"ipAddress": "2001:db8::1"}, {"cidrBlock": "2001:db8::/58"}])
    assert r.status_code == 201
    assert {e["cidrBlock"] for e in r.json()["results"]} == {"2001:db8::1/128", "2001:db8::/58"}


@pytest.mark.parametrize("body,code,status", [
    ([{"ipAddress": "1.2.3.4", "cidrBlock": "1.2.3.4/32"}], "MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY", 400),
    ([{"comment": "nothing"}], "MISSING_ONE_OF_THREE_ATTRIBUTES", 400),
    ([{"ipAddress": "1.2.3.999"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", 400),
    ([{"cidrBlock": "nope/99"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", 400),
    ([{"ipAddress": "1.2.3.4", "comment": "x" * 81}], "INVALID_NETWORK_PERMISSION_COMMENT", 400),
    ([{"ipAddress": "1.2.3.4"}, {"cidrBlock": "1.2.3.4/32"}], "DUPLICATE_ADDRESSES_IN_INPUT", 400),
    ([{"awsSecurityGroup": "sg-0026348ec11780bd1"}], "CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION", 400),
    ({"ipAddress": "1.2.3.4"}, "INVALID_JSON", 400),
])
def test_validation(api, body, code, status):
    r = api.post("accessList", body)
    assert r.status_code == status, r.text
    assert r.json()["errorCode"] == code


def test_temporary_entries(make_api):
    api = make_api(token_lifetime=10**6)
    r = api.post("accessList", [{"ipAddress": "5.6.7.8", "deleteAfterDate": _date(3600)}])
    assert r.status_code == 201
    assert r.json()["results"][0]["deleteAfterDate"].endswith("Z")
    assert api.post("accessList", [{"ipAddress": "5.6.7.9", "deleteAfterDate": _date(-60)}]).json()["errorCode"] == "EXPIRATION_DATE_IN_PAST"
    assert api.post("accessList", [{"ipAddress": "5.6.7.9", "deleteAfterDate": _date(8 * 86400)}]).json()["errorCode"] == "EXPIRATION_DATE_EXCEEDS_MAX"
    api.advance(3601)
    assert api.get("accessList/5.6.7.8").status_code == 404  # Atlas removed it by itself


def test_security_group_rules(api):
    c = aws_container(api)
    api.post("peers", aws_peer_body(c["id"]))
    r = api.post("accessList", [{"awsSecurityGroup": "sg-0026348ec11780bd1", "deleteAfterDate": _date(60)}])
    assert r.json()["errorCode"] == "NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED"
    r = api.post("accessList", [{"awsSecurityGroup": "sg-0026348ec11780bd1"}])
    assert r.status_code == 201
    assert api.get("accessList/sg-0026348ec11780bd1").json()["awsSecurityGroup"] == "sg-0026348ec11780bd1"


def test_limit_200(api):
    body = [{"cidrBlock": f"10.{i // 256}.{i % 256}.0/24"} for i in range(200)]
    assert api.post("accessList", body).status_code == 201
    r = api.post("accessList", [{"ipAddress": "1.1.1.1"}])
    assert r.status_code == 403 and r.json()["errorCode"] == "ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED"


def test_access_list_failed_status(api):
    api.post("accessList", [{"ipAddress": "9.9.9.9"}])
    assert api.ctl("POST", "fail/access_list/9.9.9.9").status_code == 200
    assert api.get("accessList/9.9.9.9/status").json() == {"STATUS": "FAILED"}


def test_concurrent_posts_refused(server_factory):
    srv = server_factory("--access-list-post-seconds", "0.5")
    results = []

    def post(i):
        r = requests.post(srv.api("accessList"), json=[{"ipAddress": f"1.1.1.{i}"}], headers={"Accept": V2023},
                          auth=HTTPDigestAuth("atlassim", "atlassim-private-key"))
        results.append((r.status_code, r.headers.get("X-Error-Code")))

    threads = [threading.Thread(target=post, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for s, _ in results) == [201, 409, 409, 409]
    assert {c for s, c in results if s == 409} == {"CONCURRENT_ACCESS_LIST_UPDATE"}
    # another project is not blocked, and a sequential POST afterwards works
    r = requests.post(srv.api("accessList"), json=[{"ipAddress": "2.2.2.2"}], headers={"Accept": V2023},
                      auth=HTTPDigestAuth("atlassim", "atlassim-private-key"))
    assert r.status_code == 201
