"""Versioned media types (facts §3)."""

import pytest

from conftest import aws_container


@pytest.mark.parametrize("accept", [None, "application/json", "application/vnd.atlas.2022-12-31+json",
                                    "application/vnd.atlas.2023-13-01+json", "application/vnd.atlas.latest+json",
                                    "application/vnd.atlas.preview+json"])
def test_missing_malformed_or_too_old_is_406(api, accept):
    r = api.get("peers", version=None, headers={"Accept": accept} if accept else {})
    assert r.status_code == 406
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-error-code"] == "INVALID_VERSION_DATE"
    assert r.json()["errorCode"] == "INVALID_VERSION_DATE"


@pytest.mark.parametrize("asked,served", [("2023-01-01", "2023-01-01"), ("2024-08-05", "2023-01-01"), ("2099-01-01", "2023-01-01")])
def test_greatest_version_not_newer(api, asked, served):
    r = api.get("containers", version=f"application/vnd.atlas.{asked}+json")
    assert r.status_code == 200
    assert r.headers["content-type"] == f"application/vnd.atlas.{served}+json;charset=utf-8"


def test_streams_versions(api):
    assert api.get("streams/privateLinkConnections", version="application/vnd.atlas.2023-01-01+json").status_code == 406
    r = api.get("streams/privateLinkConnections", version="application/vnd.atlas.2025-03-12+json")
    assert r.headers["content-type"] == "application/vnd.atlas.2023-02-01+json;charset=utf-8"
    r = api.post("streams/privateLinkConnections", {"provider": "AWS", "vendor": "KINESIS"}, version="application/vnd.atlas.2023-02-01+json")
    lid = r.json()["_id"]
    # PATCH exists only in 2025-03-12
    r = api.patch(f"streams/privateLinkConnections/{lid}", {"dnsDomain": "x.example.com"}, version="application/vnd.atlas.2024-12-31+json")
    assert r.status_code == 406
    r = api.patch(f"streams/privateLinkConnections/{lid}", {"dnsDomain": "x.example.com"}, version="application/vnd.atlas.2025-03-12+json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.atlas.2025-03-12+json;charset=utf-8"


def test_backup_versions(api):
    assert api.get("backup/AWS/privateEndpoints", version="application/vnd.atlas.2024-08-05+json").status_code == 406
    r = api.get("backup/AWS/privateEndpoints", version="application/vnd.atlas.2025-03-12+json")
    assert r.headers["content-type"] == "application/vnd.atlas.2024-11-13+json;charset=utf-8"


def test_error_after_version_is_json_with_code(api):
    r = api.get("containers/aaaaaaaaaaaaaaaaaaaaaaaa")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-error-code"] == "CLOUD_PROVIDER_CONTAINER_NOT_FOUND"
    assert list(r.json()) == sorted(r.json())


def test_unknown_and_malformed_group(api):
    r = api.get("/api/atlas/v2/groups/111111111111111111111111/peers")
    assert r.status_code == 404
    assert r.json() == {"detail": "No group with ID 111111111111111111111111 exists.", "error": 404,
                        "errorCode": "GROUP_NOT_FOUND", "parameters": ["111111111111111111111111"], "reason": "Not Found"}
    r = api.get("/api/atlas/v2/groups/not-a-group/peers")
    assert r.status_code == 404 and r.json()["errorCode"] == "INVALID_GROUP_ID"


def test_accept_with_several_types(api):
    aws_container(api)
    r = api.get("containers", version=None, headers={"Accept": "application/vnd.atlas.2024-05-30+json, application/json"})
    assert r.status_code == 200
