"""Permissions (issue 18, item 1): roles per project and per organization for API keys and
service accounts; refusals as Atlas sends them (401 historically, 403 as a setting)."""

import httpx
import pytest
import requests

from conftest import V_BACKUP, aws_container
from fleet_support import V2023, new_projects, service_account, settings

G = "/api/atlas/v2/groups"
O = "/api/atlas/v2/orgs"
ENTRY = [{"ipAddress": "198.51.100.7"}]
CONTAINER = {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "10.8.0.0/21"}


def _error(r, status, code):
    assert r.status_code == status, r.text
    assert r.json()["errorCode"] == code and r.json()["error"] == status
    assert r.headers["x-error-code"] == code
    assert "www-authenticate" not in r.headers  # not a credentials problem: clients must not re-authenticate


def test_read_only_reads_but_cannot_write_and_nothing_is_committed(api):
    ro = service_account(api, "ro", [{"group_id": api.gid, "role": "GROUP_READ_ONLY"}])
    assert ro.get("accessList").status_code == 200
    assert ro.get(f"{G}/{api.gid}").status_code == 200
    r = ro.post("accessList", ENTRY)
    _error(r, 401, "USER_UNAUTHORIZED")
    assert r.json()["detail"] == "Current user is not authorized to perform this action."
    _error(ro.post("containers", CONTAINER), 401, "USER_UNAUTHORIZED")
    assert api.get("accessList").json()["totalCount"] == 0
    assert api.ctl("GET", "state").json()["projects"][api.gid]["containers"] == {}


def test_permission_status_is_a_setting(api):
    ro = service_account(api, "ro", [{"group_id": api.gid, "role": "GROUP_READ_ONLY"}])
    settings(api, permission_denied_status=403)
    r = ro.post("accessList", ENTRY)
    _error(r, 403, "USER_UNAUTHORIZED")
    assert r.json()["reason"] == "Forbidden"
    other = new_projects(api, {"name": "elsewhere"})[0]["id"]
    _error(ro.get(f"{G}/{other}/peers"), 403, "NOT_IN_GROUP")
    api.ctl("DELETE", "settings")
    _error(ro.get(f"{G}/{other}/peers"), 401, "NOT_IN_GROUP")


def test_no_role_sees_nothing(api):
    nobody = service_account(api, "nobody", [])
    r = nobody.get("peers")
    _error(r, 401, "NOT_IN_GROUP")
    assert r.json()["detail"] == "The current user is not in the group, or the group does not exist."
    assert nobody.get(G).json() == {"links": nobody.get(G).json()["links"], "results": [], "totalCount": 0}
    _error(nobody.get(f"{G}/byName/project-{api.gid}"), 401, "NOT_IN_GROUP")
    # its own (home) organization is visible, the projects in it are not
    default_org = api.ctl("GET", "health").json()["default_org"]
    assert [o["id"] for o in nobody.get(O).json()["results"]] == [default_org]
    assert nobody.get(f"{O}/{default_org}/groups").json()["totalCount"] == 0
    # an unknown project is still GROUP_NOT_FOUND, as for everybody
    assert nobody.get(f"{G}/ffffffffffffffffffffffff/peers").json()["errorCode"] == "GROUP_NOT_FOUND"


def test_listings_show_only_what_the_credential_may_see(api):
    made = new_projects(api, *[{"name": f"a-{i}", "org_name": "alpha"} for i in range(3)],
                        *[{"name": f"b-{i}", "org_name": "beta"} for i in range(2)])
    alpha, beta = made[0]["orgId"], made[3]["orgId"]
    owner = service_account(api, "alpha-owner", [{"org_id": alpha, "role": "ORG_OWNER"}], org_id=alpha)
    assert sorted(g["name"] for g in owner.get(G).json()["results"]) == ["a-0", "a-1", "a-2"]
    assert [o["id"] for o in owner.get(O).json()["results"]] == [alpha]
    _error(owner.get(f"{O}/{beta}"), 401, "USER_CANNOT_ACCESS_ORG")
    _error(owner.get(f"{O}/{beta}/groups"), 401, "USER_CANNOT_ACCESS_ORG")
    # an org owner is project owner of every project of the org, and of no other
    assert owner.post(f"{G}/{made[1]['id']}/containers", CONTAINER).status_code == 200
    _error(owner.get(f"{G}/{made[3]['id']}/containers"), 401, "NOT_IN_GROUP")
    # a project role in another org makes that org (and only that project) visible
    mixed = service_account(api, "mixed", [{"org_id": alpha, "role": "ORG_READ_ONLY"},
                                           {"group_id": made[4]["id"], "role": "GROUP_OWNER"}], org_id=alpha)
    assert sorted(g["name"] for g in mixed.get(G).json()["results"]) == ["a-0", "a-1", "a-2", "b-1"]
    assert [g["name"] for g in mixed.get(f"{O}/{beta}/groups").json()["results"]] == ["b-1"]
    _error(mixed.post(f"{G}/{made[0]['id']}/accessList", ENTRY), 401, "USER_UNAUTHORIZED")  # org read only
    assert mixed.post(f"{G}/{made[4]['id']}/accessList", ENTRY).status_code == 201


def test_org_member_sees_the_org_but_only_its_projects(api):
    made = new_projects(api, {"name": "m-0", "org_name": "mem"}, {"name": "m-1", "org_name": "mem"})
    org = made[0]["orgId"]
    member = service_account(api, "member", [{"org_id": org, "role": "ORG_MEMBER"},
                                             {"group_id": made[1]["id"], "role": "GROUP_READ_ONLY"}])
    assert member.get(f"{O}/{org}").json()["id"] == org
    assert [g["name"] for g in member.get(f"{O}/{org}/groups").json()["results"]] == ["m-1"]
    _error(member.get(f"{G}/{made[0]['id']}"), 401, "NOT_IN_GROUP")


def test_network_access_manager_and_backup_need_the_right_roles(api):
    nam = service_account(api, "nam", [{"group_id": api.gid, "role": "GROUP_NETWORK_ACCESS_MANAGER"}])
    assert nam.post("accessList", ENTRY).status_code == 201
    assert nam.delete("accessList/198.51.100.7").status_code == 204
    _error(nam.post("containers", CONTAINER), 401, "USER_UNAUTHORIZED")  # containers need Project Owner
    ro = service_account(api, "ro", [{"group_id": api.gid, "role": "GROUP_READ_ONLY"}])
    _error(ro.get("backup/AWS/privateEndpoints", version=V_BACKUP), 401, "USER_UNAUTHORIZED")  # owner even for GET
    _error(ro.get("encryptionAtRest/AWS/privateEndpoints"), 401, "USER_UNAUTHORIZED")  # likewise
    assert ro.get("privateEndpoint/AWS/endpointService").status_code == 200  # other private endpoint reads: read only
    owner = service_account(api, "owner", [{"group_id": api.gid, "role": "GROUP_OWNER"}])
    assert owner.get("backup/AWS/privateEndpoints", version=V_BACKUP).status_code == 200
    assert owner.get("encryptionAtRest/AWS/privateEndpoints").status_code == 200
    c = aws_container(owner)
    assert owner.delete(f"containers/{c['id']}").status_code == 204


def test_default_credentials_keep_full_access(api):
    new_projects(api, {"name": "x", "org_name": "far-away"})
    assert api.get(G).json()["totalCount"] == 2
    assert len(api.get(O).json()["results"]) == 2
    assert api.post("accessList", ENTRY).status_code == 201
    creds = {c["name"]: c for c in api.ctl("GET", "credentials").json()["credentials"]}
    assert creds["atlassim"]["full_access"] and creds["mdb_sa_id_atlassim"]["source"] == "cli"


def test_second_api_key_with_digest(api):
    r = api.ctl("POST", "credentials", json={"type": "api_key", "public_key": "ro-key", "private_key": "ro-priv",
                                              "roles": [{"role": "GROUP_READ_ONLY"}]})
    assert r.json()["roles"] == [{"group_id": api.gid, "role": "GROUP_READ_ONLY"}]
    digest = httpx.DigestAuth("ro-key", "ro-priv")
    url = f"/api/atlas/v2/groups/{api.gid}/accessList"
    assert api.tc.get(url, headers={"Accept": V2023}, auth=digest).status_code == 200
    r = api.tc.post(url, headers={"Accept": V2023}, json=ENTRY, auth=digest)
    assert r.status_code == 401 and r.json()["errorCode"] == "USER_UNAUTHORIZED"
    assert api.tc.get(url, headers={"Accept": V2023}, auth=httpx.DigestAuth("ro-key", "wrong")).status_code == 401


def test_credential_control_errors_and_deletion(api):
    for body, status in (({"type": "robot"}, 400),
                         ({"type": "service_account", "client_id": "x"}, 400),  # no secret
                         ({"type": "service_account", "client_id": "x", "client_secret": "s", "roles": [{"role": "KING"}]}, 400),
                         ({"type": "service_account", "client_id": "x", "client_secret": "s",
                           "roles": [{"group_id": "ffffffffffffffffffffffff", "role": "GROUP_OWNER"}]}, 404),
                         ({"type": "service_account", "client_id": "mdb_sa_id_atlassim", "client_secret": "s"}, 409)):
        assert api.ctl("POST", "credentials", json=body).status_code == status, body
    sa = service_account(api, "temp", [{"role": "GROUP_OWNER"}])
    assert sa.get("peers").status_code == 200
    # without a secret the old one stays; the roles are replaced by the ones given
    api.ctl("POST", "credentials", json={"type": "service_account", "client_id": "temp", "roles": []})
    assert sa.get("peers").json()["errorCode"] == "NOT_IN_GROUP"
    assert api.ctl("DELETE", "credentials/temp").status_code == 200
    assert sa.get("peers").status_code == 401 and sa.get("peers").json()["errorCode"] == "UNAUTHORIZED"  # token dead
    assert api.ctl("DELETE", "credentials/temp").status_code == 404
    assert api.ctl("DELETE", "credentials/atlassim").status_code == 409
    assert "verifier" not in str(api.ctl("GET", "credentials").json())
    assert all(c["verifier"] is None for c in api.ctl("GET", "state").json()["credentials"].values())


@pytest.mark.parametrize("status", ["401", "403"])
def test_cli_credentials_and_grants(server_factory, status):
    srv = server_factory("--api-key", "ro:ro-secret", "--service-account", "owner-sa:owner-secret",
                         "--grant", "ro=GROUP_READ_ONLY", "--grant", "owner-sa=ORG_OWNER",
                         "--permission-denied-status", status)
    h = {"Accept": V2023}
    ro = requests.auth.HTTPDigestAuth("ro", "ro-secret")
    assert requests.get(srv.api("peers"), headers=h, auth=ro).status_code == 200
    r = requests.post(srv.api("accessList"), json=ENTRY, headers=h, auth=ro)
    assert r.status_code == int(status) and r.json()["errorCode"] == "USER_UNAUTHORIZED"
    tok = requests.post(srv.url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("owner-sa", "owner-secret")).json()["access_token"]
    r = requests.post(srv.api("accessList"), json=ENTRY, headers=dict(h, Authorization="Bearer " + tok))
    assert r.status_code == 201
