"""The curl examples of the seed documents (shared/seeds/000-004), run as written - Digest
(``--digest --user``) and Service Account (``Authorization: Bearer``) forms - against a real
simulator, with the AWS/Azure/GCP request bodies of the examples (placeholders "string"
replaced by valid values)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import requests

from conftest import SEEDS_DIR, start_server

pytestmark = [
    pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed"),
    pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"seed documents {SEEDS_DIR} are absent"),
]

CURL_RX = re.compile(r"curl (?:(?!curl ).)*?-d '\{ <Payload> \}'", re.S)
FILL = {
    "accepterRegionName": "us-west-2", "awsAccountId": "123456789012", "routeTableCidrBlock": "10.0.0.0/16",
    "vpcId": "vpc-0123456789abcdef0", "azureDirectoryId": "35f9ab3e-3a5e-4b5e-9a5b-1b0d1c3e7a11",
    "azureSubscriptionId": "c4c1e0a1-1111-4222-8333-944455556666", "resourceGroupName": "my-rg", "vnetName": "my-vnet",
    "gcpProjectId": "my-gcp-project", "networkName": "my-network",
}


def _seed(prefix: str) -> str:
    (path,) = [p for p in SEEDS_DIR.iterdir() if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def _json_objects(text: str):
    dec = json.JSONDecoder()
    i = 0
    while (i := text.find("{", i)) != -1:
        try:
            obj, end = dec.raw_decode(text, i)
        except ValueError:
            i += 1
            continue
        yield obj
        i = end


def _curls(text: str):
    cmds = CURL_RX.findall(text)
    bearer = [c for c in cmds if "Bearer" in c]
    digest = [c for c in cmds if "--digest" in c]
    assert bearer and digest, "the seed must show both forms"
    return bearer[0], digest[0]


def _run(cmd: str, srv, body: dict, path_vars: dict, env: dict):
    cmd = cmd.replace("https://cloud.mongodb.com", srv.url)
    for k, v in path_vars.items():
        cmd = cmd.replace("{" + k + "}", v)
    cmd = cmd.replace("-d '{ <Payload> }'", "-d '" + json.dumps(body) + "'")
    cmd = cmd.replace("curl ", "curl -sS ", 1)
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env={**os.environ, **env}, timeout=30)
    assert out.returncode == 0, out.stderr
    # --include prints every response (Digest: the 401 challenge, then the answer); keep the last
    blocks = re.split(r"(?m)^(?=HTTP/)", out.stdout)
    last = blocks[-1]
    head, _, payload = last.partition("\n\n")  # text mode turned CRLF into LF
    status = int(head.split()[1])
    headers = dict(line.split(": ", 1) for line in head.split("\n")[1:] if ": " in line)
    return status, {k.lower(): v for k, v in headers.items()}, json.loads(payload) if payload.strip() else None, blocks


@pytest.fixture(scope="module")
def srv():
    s = start_server("--transition-seconds", "2")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def env(srv):
    # The token request exactly as the spec's info.description shows it.
    token_cmd = (
        f'curl -fsS --request POST {srv.url}/api/oauth/token \\\n'
        '  --header "Authorization: Basic $(printf \'%s\' "${CLIENT_ID}:${CLIENT_SECRET}" | base64 | tr -d \'\\n\')" \\\n'
        '  --header "Content-Type: application/x-www-form-urlencoded" \\\n'
        '  --header "Accept: application/json" \\\n'
        '  --data "grant_type=client_credentials"'
    )
    out = subprocess.run(["bash", "-c", token_cmd], capture_output=True, text=True, timeout=30,
                         env={**os.environ, "CLIENT_ID": "mdb_sa_id_atlassim", "CLIENT_SECRET": "mdb_sa_sk_atlassim"})
    assert out.returncode == 0, out.stderr
    token = json.loads(out.stdout)
    assert token["token_type"] == "Bearer"
    return {"ACCESS_TOKEN": token["access_token"], "PUBLIC_KEY": "atlassim", "PRIVATE_KEY": "atlassim-private-key"}


def _container(srv, body):
    tok = requests.post(srv.url + "/api/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("mdb_sa_id_atlassim", "mdb_sa_sk_atlassim")).json()["access_token"]
    r = requests.post(srv.api("containers"), json=body, headers={"Accept": "application/vnd.atlas.2023-01-01+json",
                                                                  "Authorization": "Bearer " + tok})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def test_peer_examples_seed_000(srv, env):
    text = _seed("000_")
    objs = [o for o in _json_objects(text) if "containerId" in o]
    requests_ = [o for o in objs if "id" not in o]
    documented = {o["providerName"]: set(o) for o in objs if "id" in o}
    assert [o["providerName"] for o in requests_] == ["AWS", "AZURE", "GCP"]
    containers = {
        "AWS": _container(srv, {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "192.168.248.0/21"}),
        "AZURE": _container(srv, {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "192.168.240.0/21"}),
        "GCP": _container(srv, {"providerName": "GCP", "atlasCidrBlock": "10.64.0.0/18"}),
    }
    bearer, digest = _curls(text)
    for form, cmd in (("bearer", bearer), ("digest", digest)):
        for example in requests_:
            prov = example["providerName"]
            body = {k: (FILL.get(k, v) if v == "string" else v) for k, v in example.items()}
            body["containerId"] = containers[prov]
            if form == "digest":  # the same peer cannot be created twice: second form uses another peer network
                body.update({"AWS": {"vpcId": "vpc-0123456789abcdef1"}, "AZURE": {"vnetName": "other-vnet"},
                             "GCP": {"networkName": "other-network"}}[prov])
            status, headers, resp, blocks = _run(cmd, srv, body, {"groupId": srv.gid}, env)
            assert status == 200, resp
            if form == "digest":
                assert blocks[-2].startswith("HTTP/1.1 401")
                assert 'Digest realm="MMS Public API"' in blocks[-2]
            assert headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"  # asked 2024-08-05
            assert set(resp) <= documented[prov], set(resp) - documented[prov]
            assert {"id", "containerId", "providerName"} <= set(resp)
            assert resp[{"AWS": "statusName"}.get(prov, "status")] in ("INITIATING", "ADDING_PEER")


def test_stream_privatelink_example_seed_003(srv, env):
    text = _seed("003_")
    documented = [o for o in _json_objects(text) if "_id" in o][0]
    example = [o for o in _json_objects(text) if "provider" in o and "_id" not in o][0]
    bearer, digest = _curls(text)
    for i, cmd in enumerate((bearer, digest)):
        body = {"provider": "AZURE", "region": "US_EAST_2", "vendor": "EVENTHUB",
                "serviceEndpointId": f"/subscriptions/{i}/providers/Microsoft.EventHub/namespaces/ns{i}",
                "dnsDomain": f"ns{i}.servicebus.windows.net"}
        assert set(body) <= set(example)
        status, headers, resp, _ = _run(cmd, srv, body, {"groupId": srv.gid}, env)
        assert status == 200, resp
        assert headers["content-type"] == "application/vnd.atlas.2023-02-01+json;charset=utf-8"  # asked 2024-05-30
        assert set(resp) <= set(documented) and resp["_id"]


def test_backup_private_endpoint_example_seed_004(srv, env):
    text = _seed("004_")
    objs = list(_json_objects(text))
    body = [o for o in objs if set(o) == {"cloudProvider", "regionName"}][0]
    documented = [o for o in objs if "id" in o and "cloudProvider" in o][0]
    bearer, digest = _curls(text)
    status, headers, resp, _ = _run(bearer, srv, body, {"groupId": srv.gid, "cloudProvider": "AWS"}, env)
    assert status == 201, resp
    assert headers["content-type"] == "application/vnd.atlas.2024-11-13+json;charset=utf-8"  # asked 2025-03-12
    assert set(resp) <= set(documented) | {"vpcRegionName"}
    assert resp["status"] == documented["status"] == "INITIATING" and resp["regionName"] == body["regionName"]
    # the digest form repeats the same endpoint: Atlas-like duplicate refusal
    status, headers, resp, _ = _run(digest, srv, body, {"groupId": srv.gid, "cloudProvider": "AWS"}, env)
    assert status == 409 and headers["content-type"] == "application/json" and set(resp) >= {"error", "errorCode", "detail"}
    status, _, resp, _ = _run(digest, srv, dict(body, regionName="US_GOV_EAST_1"), {"groupId": srv.gid, "cloudProvider": "AWS"}, env)
    assert status == 201


def test_seed_001_002_describe_same_operation():
    for prefix in ("001_", "002_"):
        text = _seed(prefix)
        assert "/api/atlas/v2/groups/{groupId}/peers" in text
