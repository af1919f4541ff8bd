"""The organization's API access list (issue 18, item 2): 403 IP_ADDRESS_NOT_ON_ACCESS_LIST
for calls from other addresses, for API keys and service-account tokens alike; the token
endpoint itself is not blocked."""

import requests
from requests.auth import HTTPDigestAuth

from fleet_support import V2023, new_projects, service_account, settings

AUTH = HTTPDigestAuth("atlassim", "atlassim-private-key")


def _blocked(r, address):
    assert r.status_code == 403, r.text
    assert r.headers["x-error-code"] == "IP_ADDRESS_NOT_ON_ACCESS_LIST"
    assert r.json() == {"detail": f"IP address {address} is not allowed to access this resource.", "error": 403,
                        "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST", "parameters": [address], "reason": "Forbidden"}


def test_pretended_address_is_refused_and_allowed_addresses_pass(api):
    org = api.ctl("GET", "health").json()["default_org"]
    settings(api, client_address="203.0.113.9")
    assert api.get("peers").status_code == 200  # no list yet: nothing is checked
    r = api.ctl("POST", f"orgs/{org}/api_access_list", json={"entries": ["192.0.2.0/24", "198.51.100.1"]})
    assert r.json()["api_access_list"] == ["192.0.2.0/24", "198.51.100.1/32"]
    _blocked(api.get("peers"), "203.0.113.9")
    _blocked(api.post("accessList", [{"ipAddress": "1.2.3.4"}]), "203.0.113.9")
    assert api.ctl("GET", "state").json()["projects"][api.gid]["access_list"] == {}  # nothing committed
    # the token endpoint is not behind the list: a token can be created from anywhere
    tok = api.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"}, auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"))
    assert tok.status_code == 200
    settings(api, client_address="192.0.2.77")
    assert api.get("peers").status_code == 200
    settings(api, client_address="198.51.100.1")
    assert api.get("/api/atlas/v2/orgs").status_code == 200
    api.ctl("DELETE", f"orgs/{org}/api_access_list")
    settings(api, client_address="203.0.113.9")
    assert api.get("peers").status_code == 200


def test_list_applies_to_the_credentials_of_its_own_org(api):
    other = new_projects(api, {"name": "p", "org_name": "strict"})[0]
    sa = service_account(api, "strict-sa", [{"org_id": other["orgId"], "role": "ORG_OWNER"}], org_id=other["orgId"])
    api.ctl("POST", f"orgs/{other['orgId']}/api_access_list", json={"entries": ["10.0.0.0/8"]})
    settings(api, client_address="2001:db8::1")
    _blocked(sa.get(f"/api/atlas/v2/groups/{other['id']}/peers"), "2001:db8::1")
    # the default credentials belong to the default org, which has no list
    assert api.get(f"/api/atlas/v2/groups/{other['id']}/peers").status_code == 200


def test_real_client_address_on_a_server(server_factory):
    srv = server_factory()
    org = requests.get(srv.url + "/_sim/health").json()["default_org"]
    requests.post(f"{srv.url}/_sim/orgs/{org}/api_access_list", json={"entries": ["192.0.2.0/24"]})
    _blocked(requests.get(srv.api("peers"), headers={"Accept": V2023}, auth=AUTH), "127.0.0.1")
    tok = requests.post(srv.url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"))
    assert tok.status_code == 200
    h = {"Accept": V2023, "Authorization": "Bearer " + tok.json()["access_token"]}
    _blocked(requests.get(srv.api("peers"), headers=h), "127.0.0.1")
    requests.post(f"{srv.url}/_sim/orgs/{org}/api_access_list", json={"entries": ["127.0.0.1"]})
    assert requests.get(srv.api("peers"), headers=h).status_code == 200


def test_control_errors(api):
    org = api.ctl("GET", "health").json()["default_org"]
    assert api.ctl("POST", f"orgs/{org}/api_access_list", json={"entries": ["not-an-ip"]}).status_code == 400
    assert api.ctl("POST", f"orgs/{org}/api_access_list", json={}).status_code == 400
    assert api.ctl("POST", "orgs/ffffffffffffffffffffffff/api_access_list", json={"entries": []}).status_code == 404
    assert api.ctl("POST", "settings", json={"client_address": "nope"}).status_code == 400
