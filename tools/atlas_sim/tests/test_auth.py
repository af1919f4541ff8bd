"""Digest (API keys), Bearer (service accounts) and the OAuth token endpoint."""

import base64

import requests
from requests.auth import HTTPDigestAuth

from conftest import V2023, recording_session


def test_digest_flow_with_requests(shared_server):
    s = recording_session(auth=HTTPDigestAuth("atlassim", "atlassim-private-key"))
    r = s.get(shared_server.api("peers"), headers={"Accept": V2023})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    # the nonce is reused for the next request (nc=2) without a new challenge
    r = s.get(shared_server.api("containers"), headers={"Accept": V2023})
    assert r.status_code == 200


def test_challenge_exactly_as_atlas(shared_server):
    r = requests.get(shared_server.api("peers"), headers={"Accept": V2023})
    assert r.status_code == 401
    www = r.headers["WWW-Authenticate"]
    assert www.startswith('Digest realm="MMS Public API", domain="", nonce="')
    assert www.endswith('", algorithm=MD5, qop="auth", stale=false')
    nonce = www.split('nonce="')[1].split('"')[0]
    assert len(nonce) == 32
    assert r.headers["Content-Type"] == "application/json"
    assert r.content == (b'{\n  "error" : 401,\n  "reason" : "Unauthorized",\n  "detail" : "You are not authorized '
                         b'for this resource.",\n  "errorCode" : "UNEXPECTED_ERROR"\n}')
    assert r.headers["Content-Length"] == "142"
    assert "RateLimit-Limit" not in r.headers


def test_wrong_private_or_public_key_401(shared_server):
    for user, pw in (("atlassim", "wrong"), ("nobody", "atlassim-private-key")):
        r = requests.get(shared_server.api("peers"), headers={"Accept": V2023}, auth=HTTPDigestAuth(user, pw))
        assert r.status_code == 401
        assert r.json()["detail"] == "You are not authorized for this resource."


def test_basic_auth_on_api_gets_challenge(api):
    r = api.tc.get(api.url("peers"), headers={"Accept": V2023}, auth=("atlassim", "atlassim-private-key"))
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Digest ")


def test_bearer_flow(shared_server):
    tok = requests.post(shared_server.url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"), headers={"Accept": "application/json"})
    assert tok.status_code == 200
    body = tok.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["access_token"].count(".") == 2  # a JWT
    r = recording_session().get(shared_server.api("peers"), headers={"Accept": V2023, "Authorization": "Bearer " + body["access_token"]})
    assert r.status_code == 200


def test_bad_token_and_expired_token(make_api):
    api = make_api(token_lifetime=5)
    r = api.tc.get(api.url("peers"), headers={"Accept": V2023, "Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.headers["x-error-code"] == "UNAUTHORIZED"
    assert r.headers["www-authenticate"].startswith("Bearer ")
    assert api.get("peers").status_code == 200
    api.advance(6)
    r = api.get("peers")
    assert r.status_code == 401
    assert r.json()["error"] == 401


def test_short_token_lifetime_real_clock(server_factory):
    # a few seconds of real lifetime, so the first GET is inside it even on a busy machine
    srv = server_factory("--token-lifetime", "3")
    tok = requests.post(srv.url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim")).json()
    assert tok["expires_in"] == 3
    h = {"Accept": V2023, "Authorization": "Bearer " + tok["access_token"]}
    assert requests.get(srv.api("peers"), headers=h).status_code == 200
    import time

    time.sleep(3.2)
    assert requests.get(srv.api("peers"), headers=h).status_code == 401


def test_token_endpoint_errors_and_rate_limit(make_api):
    api = make_api(token_rate_limit=10)  # fixture already used one token call
    r = api.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"}, auth=("mdb_sa_id_atlassim", "bad"))
    assert r.status_code == 401
    assert r.json() == {"error": "invalid_client", "error_description": "Invalid credentials provided."}
    r = api.tc.post("/api/oauth/token", data={"grant_type": "password"}, auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"))
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"
    codes = []
    for _ in range(8):
        codes.append(api.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"},
                                 auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim")).status_code)
    assert codes == [200] * 7 + [429]  # 11th request in the minute
    r = api.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"}, auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"))
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.json()["errorCode"] == "RATE_LIMITED_TOKEN_BUCKET"
    # another client id has its own budget
    r = api.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"}, auth=("other", "x"))
    assert r.status_code == 401
    api.advance(61)
    r = api.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"}, auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim"))
    assert r.status_code == 200


def test_token_revoke(api):
    basic = "Basic " + base64.b64encode(b"mdb_sa_id_atlassim:mdb_sa_sk_atlassim").decode()
    r = api.tc.post("/api/oauth/revoke", data={"token": api.token, "token_type_hint": "access_token"}, headers={"Authorization": basic})
    assert r.status_code == 200
    assert api.get("peers").status_code == 401


def test_custom_credentials(server_factory):
    srv = server_factory("--public-key", "pub", "--private-key", "priv", "--client-id", "cid", "--client-secret", "sec")
    r = requests.get(srv.api("peers"), headers={"Accept": V2023}, auth=HTTPDigestAuth("pub", "priv"))
    assert r.status_code == 200
    r = requests.get(srv.api("peers"), headers={"Accept": V2023}, auth=HTTPDigestAuth("atlassim", "atlassim-private-key"))
    assert r.status_code == 401
    r = requests.post(srv.url + "/api/oauth/token", data={"grant_type": "client_credentials"}, auth=("cid", "sec"))
    assert r.status_code == 200
