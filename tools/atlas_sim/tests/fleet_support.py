"""Helpers for the projects/organizations and permission tests: an ``Api`` that calls as another
service account, and the control calls those tests repeat."""

from __future__ import annotations

from conftest import Api

V2023 = "application/vnd.atlas.2023-01-01+json"


class CredentialApi(Api):
    """Same TestClient and recording as ``base``, but Bearer tokens of another service account."""

    def __init__(self, base: Api, client_id: str, secret: str):  # pylint: disable=super-init-not-called
        self.tc, self.gid, self.sim = base.tc, base.gid, base.sim
        tok = self.tc.post("/api/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
        assert tok.status_code == 200, tok.text
        self.token = tok.json()["access_token"]


def service_account(api: Api, client_id: str, roles, **extra) -> CredentialApi:
    """Create a service account with ``roles`` through /_sim/credentials and call as it."""
    body = {"type": "service_account", "client_id": client_id, "client_secret": client_id + "-secret", "roles": roles}
    r = api.ctl("POST", "credentials", json=dict(body, **extra))
    assert r.status_code == 200, r.text
    return CredentialApi(api, client_id, client_id + "-secret")


def new_projects(api: Api, *specs) -> list:
    r = api.ctl("POST", "projects", json={"projects": list(specs)})
    assert r.status_code == 200, r.text
    return r.json()["projects"]


def settings(api: Api, **values) -> None:
    r = api.ctl("POST", "settings", json=values)
    assert r.status_code == 200, r.text


def all_pages(api: Api, path: str, **params) -> list:
    """Page through a list the way Atlas clients do (pageNum until an empty page)."""
    out, page = [], 1
    while True:
        body = api.get(path, params=dict(params, pageNum=page)).json()
        if not body["results"]:
            return out
        out += body["results"]
        page += 1
