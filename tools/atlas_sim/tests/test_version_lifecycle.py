"""Version lifecycle (issue 18, item 4; facts §3.4, §3.5): Deprecation / Sunset headers for a
deprecated media-type version, 410 VERSION_GONE for a removed one."""

from datetime import datetime, timedelta, timezone

from conftest import V_PATCH_STREAMS, V_STREAMS
from fleet_support import CredentialApi


def _mark(api, **body):
    r = api.ctl("POST", "versions", json=body)
    assert r.status_code == 200, r.text
    return r.json()["marks"]


def test_deprecated_version_carries_the_headers(api):
    _mark(api, version="2023-01-01", deprecation="2024-08-05", sunset="2099-07-01")
    r = api.get("peers")
    assert r.status_code == 200
    assert r.headers["deprecation"] == "Mon, 5 Aug 2024 00:00:00 GMT"
    assert r.headers["sunset"] == "Wed, 1 Jul 2099 00:00:00 GMT"
    # errors of that version carry them too; other versions do not
    assert api.get("peers/ffffffffffffffffffffffff").headers["deprecation"] == "Mon, 5 Aug 2024 00:00:00 GMT"
    assert "deprecation" not in api.get("streams/privateLinkConnections", version=V_STREAMS).headers


def test_deprecation_without_sunset(api):
    _mark(api, version="2023-02-01", deprecation="2024-10-23")
    r = api.get("streams/privateLinkConnections", version=V_STREAMS)
    assert r.headers["deprecation"] == "Wed, 23 Oct 2024 00:00:00 GMT" and "sunset" not in r.headers


def test_gone_version_is_410_and_nothing_is_committed(api):
    _mark(api, version="2023-01-01", gone=True)
    r = api.post("accessList", [{"ipAddress": "198.51.100.7"}])
    assert r.status_code == 410 and r.headers["x-error-code"] == "VERSION_GONE"
    assert r.json()["parameters"] == ["2023-01-01", "unspecified"]
    assert api.ctl("GET", "state").json()["projects"][api.gid]["access_list"] == {}
    # the version asked for is what counts: a client asking for 2025-03-12 is served the gone 2023-01-01
    assert api.get("peers", version="application/vnd.atlas.2025-03-12+json").status_code == 410
    assert api.patch("streams/privateLinkConnections/ffffffffffffffffffffffff", {"dnsDomain": "x"},
                     version=V_PATCH_STREAMS).status_code == 404  # 2025-03-12 is fine
    api.ctl("DELETE", "versions")
    assert api.get("peers").status_code == 200


def test_sunset_date_passing_on_the_simulated_clock_makes_it_gone(api):
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat()
    _mark(api, version="2023-01-01", deprecation="2024-08-05", sunset=tomorrow)
    assert api.get("containers").status_code == 200
    api.advance(2 * 24 * 3600)
    api.token = CredentialApi(api, api.sim.config.client_id, api.sim.config.client_secret).token  # the old one expired
    r = api.get("containers")
    assert r.status_code == 410 and r.json()["detail"].endswith(f"its sunset date was {tomorrow}.")


def test_marks_can_be_limited_to_a_path_prefix_and_replaced(api):
    marks = _mark(api, version="2023-01-01", gone=True, paths_prefix=f"/api/atlas/v2/groups/{api.gid}/peers")
    assert api.get("peers").status_code == 410
    assert api.get("containers").status_code == 200
    marks = _mark(api, version="2023-01-01", deprecation="2024-01-01", paths_prefix=f"/api/atlas/v2/groups/{api.gid}/peers")
    assert len(marks) == 1 and not marks[0]["gone"]
    assert api.get("peers").status_code == 200


def test_bad_marks(api):
    for body in ({"version": "latest", "gone": True}, {"version": "2023-01-01"},
                 {"version": "2023-01-01", "sunset": "July 2027"}, {"version": "2023-01-01", "gone": True, "x": 1}):
        assert api.ctl("POST", "versions", json=body).status_code == 400, body
