"""Contract test: every /api/atlas/v2 response the test-suite produced (RECORDED, filled by
conftest) plus a scripted walk over all operations is validated against the official spec
``../shared/reference/atlas-openapi-subset.yaml`` with openapi-core.

Where the spec and observed Atlas disagree (atlas-api-facts.md §13) the simulator follows
Atlas; the spec is patched here, each patch with its reason (SPEC_PATCHES), and a few
responses are skipped, each with its reason (``skip_reason``)."""

from __future__ import annotations

import copy
import json
import re

import pytest

from conftest import (
    AZURE_PE_ID, PRIVATELINK_SPEC_PATH, RECORDED, SPEC_PATH, V_BACKUP, V_PATCH_STREAMS, V_STREAMS, aws_container,
    aws_peer_body, gcp_rules, pe_service,
)
from contract_support import errors_default_to_api_error, openapi_for, parameters_of_any_type, path_matcher, validate

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to load the OpenAPI spec")
openapi_core = pytest.importorskip("openapi_core", reason="openapi-core is needed for the contract test")

pytestmark = pytest.mark.skipif(not SPEC_PATH.exists(), reason=f"spec file {SPEC_PATH} is absent")



def _break_cycle(parent, children):
    """``parent`` has oneOf -> ``children`` whose allOf points back at ``parent``: the allOf gets a
    copy of the parent without its oneOf/discriminator (a mechanical fix; the validator recurses forever)."""
    def patch(spec):
        schemas = spec["components"]["schemas"]
        base = copy.deepcopy(schemas[parent])
        base.pop("oneOf", None)
        base.pop("discriminator", None)
        schemas[parent + "Base"] = base
        for name in children:
            for part in schemas[name].get("allOf", []):
                if part.get("$ref") == "#/components/schemas/" + parent:
                    part["$ref"] = "#/components/schemas/" + parent + "Base"
    return patch


_break_container_cycle = _break_cycle(
    "CloudProviderContainer", ("AWSCloudProviderContainer", "AzureCloudProviderContainer", "GCPCloudProviderContainer"))


def _allow_compressed_ipv6(spec):
    props = spec["components"]["schemas"]["NetworkPermissionEntry"]["properties"]
    for name in ("cidrBlock", "ipAddress"):
        props[name]["pattern"] = "(?:" + props[name]["pattern"] + ")|^[0-9a-f:]+(/[0-9]{1,3})?$"


SPEC_PATCHES = [
    ("NetworkPermissionEntry cidrBlock/ipAddress patterns only match uncompressed IPv6 without '/'; Atlas accepts "
     "IPv6 addresses and CIDRs such as 2001:db8::/58 (facts §12.2): compressed IPv6 is allowed in addition",
     _allow_compressed_ipv6),
    ("Mechanical: CloudProviderContainer has oneOf -> {AWS,Azure,GCP}CloudProviderContainer whose allOf points back "
     "at CloudProviderContainer; the validator recurses forever, so the allOf parent becomes a copy without the oneOf",
     _break_container_cycle),
    # (why, function(spec))
    ("ApiError.parameters: spec says items are objects; Atlas sends strings and integers "
     "(facts §6.2, §7.3: [\"111111111111111111111111\"], [\"api/atlas/v2/orgs\",55,10,5,60])",
     parameters_of_any_type),
    ("Undeclared error statuses (406 INVALID_VERSION_DATE facts §3.2/§13, 409 for concurrent accessList POSTs, "
     "400 for a bad cloudProvider path value) are validated as ApiError via a `default` response",
     errors_default_to_api_error),
    ("POST /accessList answers 201 on real Atlas (spec: 200) (facts §12.1, §13)",
     lambda s: s["paths"]["/api/atlas/v2/groups/{groupId}/accessList"]["post"]["responses"].__setitem__(
         "201", s["paths"]["/api/atlas/v2/groups/{groupId}/accessList"]["post"]["responses"]["200"])),
    ("AWS peering: accepterRegionName is returned null/omitted for a same-region peering (facts §9.2; "
     "the spec's own description says so) although the schema lists it as required",
     lambda s: s["components"]["schemas"]["AwsNetworkPeeringConnectionSettings"]["required"].remove("accepterRegionName")),
    ("AWS peering: routeTableCidrBlock regex matches only a bare IP; real values are CIDR blocks (facts §9.2, §13)",
     lambda s: s["components"]["schemas"]["AwsNetworkPeeringConnectionSettings"]["properties"]["routeTableCidrBlock"].pop("pattern")),
    ("GCP container: `regions` is optional in practice (default /18 container) (facts §8.2, §13)",
     lambda s: s["components"]["schemas"]["GCPCloudProviderContainer"]["allOf"][1].__setitem__(
         "required", ["atlasCidrBlock"]) if "required" in s["components"]["schemas"]["GCPCloudProviderContainer"]["allOf"][1]
     else s["components"]["schemas"]["GCPCloudProviderContainer"].__setitem__("required", ["atlasCidrBlock"])),
]


# ---------------------------------------------------------------- private endpoints spec
G = "/api/atlas/v2/groups/{groupId}"
PL_MEDIA = "application/vnd.atlas.2023-01-01+json"
PL_SPEC_RX = re.compile(r"^/api/atlas/v2/groups/[^/]+/(privateEndpoint|privateNetworkSettings|encryptionAtRest)(/|$)")


def _status_like(path, method, new, like):
    def patch(spec):
        responses = spec["paths"][G + path][method]["responses"]
        responses[new] = copy.deepcopy(responses[like])
    return patch


def _empty_object_202(spec):
    spec["paths"][G + "/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}"]["delete"]["responses"]["202"] = {
        "description": "Accepted", "content": {PL_MEDIA: {"schema": {"type": "object", "maxProperties": 0}}}}


_break_endpoint_request_cycle = _break_cycle(
    "CreateEndpointRequest", ("CreateAWSEndpointRequest", "CreateAzureEndpointRequest", "CreateGCPEndpointGroupRequest"))


NULLABLE = {
    "AWSPrivateLinkConnection": ("errorMessage", "endpointServiceName"),
    "AzurePrivateLinkConnection": ("errorMessage", "privateLinkServiceName", "privateLinkServiceResourceId"),
    "GCPEndpointService": ("errorMessage",),
    "AWSInterfaceEndpoint": ("errorMessage",),
    "AzurePrivateEndpoint": ("errorMessage", "privateEndpointConnectionName"),
    "PrivateGCPEndpointGroup": ("errorMessage",),
}


def _explicit_nulls(spec):
    for schema, names in NULLABLE.items():
        for name in names:
            spec["components"]["schemas"][schema]["properties"][name]["nullable"] = True


def _by_provider(spec):
    """Validate each answer against its provider's schema: the discriminated bases (no oneOf)
    become oneOf their mapping, with cloudProvider pinned in each variant."""
    schemas = spec["components"]["schemas"]
    for base in ("EndpointService", "PrivateLinkEndpoint"):
        mapping = schemas[base]["discriminator"]["mapping"]
        variants = []
        for provider, ref in mapping.items():
            variant = schemas[ref.rsplit("/", 1)[-1]]
            variant["properties"]["cloudProvider"] = dict(variant["properties"]["cloudProvider"], enum=[provider])
            variants.append({"$ref": ref})
        schemas[base] = {"oneOf": variants}
    # the two EAR variants are identical: any of them will do
    ear = schemas["EARPrivateEndpoint"]
    ear["anyOf"] = ear.pop("oneOf")
    ear.pop("discriminator")
    for name in ("EARPrivateEndpoint", "AWSKMSEARPrivateEndpoint", "AzureKeyVaultEARPrivateEndpoint"):
        region = schemas[name]["properties"]["regionName"]
        region["anyOf"] = region.pop("oneOf")


def _set(schema, prop, key, value, items=False):
    def patch(spec):
        target = spec["components"]["schemas"][schema]["properties"][prop]
        (target["items"] if items else target)[key] = value
    return patch


PRIVATELINK_PATCHES = [
    ("Mechanical: CreateEndpointRequest has oneOf -> Create*EndpointRequest whose allOf points back at it; the validator "
     "recurses forever, so the allOf parent becomes a copy without the oneOf", _break_endpoint_request_cycle),
    ("Mechanical: EndpointService and PrivateLinkEndpoint declare a discriminator without oneOf, so only the common "
     "attributes would be checked; they become oneOf their mapping (cloudProvider pinned per variant). The EAR oneOf "
     "variants are identical (and US_EAST_2 is both an AWS and an Azure region), so oneOf becomes anyOf there",
     _by_provider),
    ("ApiError.parameters items are strings/lists, not objects (as in the subset spec)", parameters_of_any_type),
    ("Undeclared error statuses (406, 409 refusals, 400 for a bad cloudProvider path value) are ApiError bodies",
     errors_default_to_api_error),
    ("POST /privateEndpoint/endpointService answers 201 Created on real Atlas (spec: 200) (privatelink facts §1.3)",
     _status_like("/privateEndpoint/endpointService", "post", "201", "200")),
    ("DELETE of an endpoint service answers 202 Accepted with body {} on real Atlas (spec: 204) (facts §1.3)",
     _empty_object_202),
    ("PATCH /privateEndpoint/regionalMode answers 202 Accepted with the new value (spec: 200) (facts §1.3)",
     _status_like("/privateEndpoint/regionalMode", "patch", "202", "200")),
    ("Private endpoint services and endpoints print unset attributes as explicit nulls (facts §1.4); the spec does not "
     "declare them nullable", _explicit_nulls),
    ("AWS interfaceEndpoints are the customer's vpce ids, not 24-hex ids (facts §2.3, §9)",
     _set("AWSPrivateLinkConnection", "interfaceEndpoints", "pattern", "^vpce-[0-9a-f]{17}$", items=True)),
    ("GCP serviceAttachmentNames have no https:// prefix: projects/p-…/regions/…/serviceAttachments/… (facts §2.3, §9)",
     _set("GCPEndpointService", "serviceAttachmentNames", "pattern",
          "^projects/p-[0-9a-z]+/regions/[a-z0-9-]+/serviceAttachments/[a-z0-9-]+$", items=True)),
    ("AWS connectionStatus NONE (service exists, AWS has not created the VPC endpoint yet) is documented by Atlas "
     "(facts §3.5) but missing from the enum",
     _set("AWSInterfaceEndpoint", "connectionStatus", "enum",
          ["NONE", "PENDING_ACCEPTANCE", "PENDING", "AVAILABLE", "REJECTED", "DELETING"])),
]


def skip_reason(rec) -> str | None:
    if not DECLARED(rec["path"]):
        return "a path neither spec file here declares (/groups, /orgs): test_zz_contract_projects.py checks it"
    if "envelope=true" in rec["query"]:
        return "envelope=true bodies are not described by the spec schemas (facts §4.2)"
    if rec["status"] == 401:
        return "the Digest challenge body is Atlas's own Jackson output (facts §2.1), checked byte-for-byte in test_auth"
    if rec["status"] in (404, 405) and json.loads(rec["body"] or b"{}").get("errorCode") in ("RESOURCE_NOT_FOUND", "METHOD_NOT_ALLOWED"):
        return ("a path or method the API does not have (e.g. an Azure resource id sent unencoded): no operation of "
                "the spec describes the answer")
    if rec["status"] == 204:
        assert rec["body"] == b"", "a 204 must have no body"
        return ("204 No Content: the spec lists a media type without a schema for it, which openapi-core cannot "
                "validate against an empty body; the empty body is asserted instead")
    return None


SPEC = yaml.safe_load(SPEC_PATH.read_text()) if SPEC_PATH.exists() else {"paths": {}}
PRIVATELINK_SPEC = yaml.safe_load(PRIVATELINK_SPEC_PATH.read_text()) if PRIVATELINK_SPEC_PATH.exists() else {"paths": {}}
DECLARED_SUBSET = path_matcher(SPEC)
DECLARED_PRIVATELINK = path_matcher(PRIVATELINK_SPEC)


def DECLARED(path):  # noqa: N802 - read like the constant it replaces
    return DECLARED_SUBSET(path) or DECLARED_PRIVATELINK(path)


def _patched(spec, patches):
    spec = copy.deepcopy(spec)
    for _why, patch in patches:
        patch(spec)
    return openapi_for(spec)


@pytest.fixture(scope="module")
def openapi():
    return _patched(SPEC, SPEC_PATCHES)


@pytest.fixture(scope="module")
def openapi_privatelink():
    if not PRIVATELINK_SPEC_PATH.exists():
        pytest.skip(f"spec file {PRIVATELINK_SPEC_PATH} is absent")
    return _patched(PRIVATELINK_SPEC, PRIVATELINK_PATCHES)


def _walk(api):
    """Exercise every operation once so the contract check never depends on test order."""
    c = aws_container(api, cidr="10.50.0.0/21")
    api.get("containers")
    api.get("containers/all")
    api.get(f"containers/{c['id']}")
    api.patch(f"containers/{c['id']}", {"providerName": "AWS", "atlasCidrBlock": "10.60.0.0/21"})
    az = api.post("containers", {"providerName": "AZURE", "region": "US_EAST_2", "atlasCidrBlock": "10.70.0.0/21"}).json()
    g = api.post("containers", {"providerName": "GCP", "atlasCidrBlock": "10.128.0.0/18"}).json()
    p = api.post("peers", aws_peer_body(c["id"])).json()
    api.post("peers", aws_peer_body(c["id"], accepterRegionName="us-east-1", vpcId="vpc-0123456789abcdef1"))
    api.post("peers", {"containerId": az["id"], "providerName": "AZURE", "azureDirectoryId": "35f9ab3e-3a5e-4b5e-9a5b-1b0d1c3e7a11",
                       "azureSubscriptionId": "c4c1e0a1-1111-4222-8333-944455556666", "resourceGroupName": "rg", "vnetName": "v"})
    api.post("peers", {"containerId": g["id"], "providerName": "GCP", "gcpProjectId": "my-project", "networkName": "net"})
    api.get(f"containers/{g['id']}")
    api.advance(2)
    for prov in ("AWS", "AZURE", "GCP"):
        api.get("peers", params={"providerName": prov})
    api.patch(f"peers/{p['id']}", aws_peer_body(c["id"], routeTableCidrBlock="10.3.0.0/16"))
    api.get(f"peers/{p['id']}")
    api.delete(f"peers/{p['id']}")
    api.delete(f"peers/{p['id']}")
    api.get("peers/ffffffffffffffffffffffff")
    pl = "streams/privateLinkConnections"
    lid = api.post(pl, {"provider": "AWS", "vendor": "S3", "region": "us-east-1", "serviceEndpointId": "com.amazonaws.us-east-1.s3"}, version=V_STREAMS).json()["_id"]
    api.get(pl, version=V_STREAMS)
    api.get(f"{pl}/{lid}", version=V_STREAMS)
    api.patch(f"{pl}/{lid}", {"dnsDomain": "s3.example.com"}, version=V_PATCH_STREAMS)
    api.delete(f"{pl}/{lid}", version=V_STREAMS)
    bpe = "backup/AWS/privateEndpoints"
    eid = api.post(bpe, {"cloudProvider": "AWS", "regionName": "US_EAST_1"}, version=V_BACKUP).json()["id"]
    api.get(bpe, version=V_BACKUP)
    api.get(f"{bpe}/{eid}", version=V_BACKUP)
    api.delete(f"{bpe}/{eid}", version=V_BACKUP)
    api.post("accessList", [{"ipAddress": "192.168.0.243", "comment": "x"}, {"cidrBlock": "10.0.0.0/16"}])
    api.get("accessList")
    api.get("accessList/192.168.0.243")
    api.get("accessList/192.168.0.243%2F32/status")
    api.delete("accessList/10.0.0.0%2F16")
    api.get("accessList/10.0.0.0%2F16")
    api.get("peers", version="application/json")  # 406
    api.delete(f"containers/{c['id']}")  # 409 in use
    api.post("containers", {"providerName": "AWS", "regionName": "US_EAST_1", "atlasCidrBlock": "8.8.8.0/21"})  # 400


def _walk_private_endpoints(api):
    """Every one of the 18 private endpoint operations, in the states a client meets."""
    from urllib.parse import quote

    api.ctl("PATCH", f"projects/{api.gid}/private_networking",
            json={"ear_require_private_networking": {"AWS": True, "AZURE": True}, "gcp_service_attachments": 2})
    aws = pe_service(api, "AWS", "us-east-1", ready=False)
    api.get(f"privateEndpoint/AWS/endpointService/{aws['id']}")
    az = pe_service(api, "AZURE", "eastus2", ready=False)
    gcp = pe_service(api, "GCP", "us-central1", ready=False)
    port_mapped = pe_service(api, "GCP", "us-west3", ready=False, portMappingEnabled=True)
    spare = pe_service(api, "AWS", "eu-west-1", ready=False)
    api.advance(2)
    api.get("privateEndpoint/GCP/endpointService")  # INITIATING with its attachments
    api.advance(2)
    for prov in ("AWS", "AZURE", "GCP"):
        api.get(f"privateEndpoint/{prov}/endpointService")
    api.patch(f"privateEndpoint/endpointService/{aws['id']}", {"cloudProvider": "AWS", "supportedRemoteRegions": ["US_WEST_2"]})
    api.post("privateEndpoint/endpointService", {"providerName": "AWS", "region": "US_EAST_1"})  # 409
    endpoints = [
        ("AWS", aws, "vpce-0123456789abcdef0", {"id": "vpce-0123456789abcdef0"}),
        ("AZURE", az, AZURE_PE_ID, {"id": AZURE_PE_ID, "privateEndpointIPAddress": "10.0.0.4"}),
        ("GCP", gcp, "group-1", {"gcpProjectId": "customer-project", "endpointGroupName": "group-1", "endpoints": gcp_rules(2)}),
        ("GCP", port_mapped, "fr-0", {"gcpProjectId": "customer-project", "endpointGroupName": "x", "endpoints": gcp_rules(1)}),
    ]
    for prov, svc, eid, body in endpoints:
        api.post(f"privateEndpoint/{prov}/endpointService/{svc['id']}/endpoint", body)
    for _ in range(4):
        for prov, svc, eid, _body in endpoints:
            api.get(f"privateEndpoint/{prov}/endpointService/{svc['id']}/endpoint/{quote(eid, safe='')}")
        api.advance(2)
    for prov in ("AWS", "AZURE", "GCP"):
        api.get(f"privateEndpoint/{prov}/endpointService")
    api.ctl("POST", "fail/private_endpoints/vpce-0123456789abcdef0")
    api.ctl("POST", "fail/private_endpoints/group-1")
    api.ctl("POST", f"fail/private_endpoint_services/{spare['id']}")
    for prov, svc, eid, _body in endpoints:
        url = f"privateEndpoint/{prov}/endpointService/{svc['id']}/endpoint/{quote(eid, safe='')}"
        api.get(url)
        api.delete(url)
        api.get(url)
    api.get("privateEndpoint/AWS/endpointService")
    api.get(f"privateEndpoint/AWS/endpointService/{spare['id']}")
    api.delete(f"privateEndpoint/AWS/endpointService/{spare['id']}")
    api.get(f"privateEndpoint/AWS/endpointService/{spare['id']}")
    api.get("privateEndpoint/AWS/endpointService/ffffffffffffffffffffffff")  # 404
    api.get("privateEndpoint/regionalMode")
    api.patch("privateEndpoint/regionalMode", {"enabled": True})
    api.patch("privateEndpoint/regionalMode", {"enabled": False})
    df = "privateNetworkSettings/endpointIds"
    api.post(df, {"endpointId": "vpce-0fcd9d80bbafe4871", "comment": "comment"})
    api.post(df, {"endpointId": AZURE_PE_ID.replace("atlas-pe-1", "df-pe"), "provider": "AZURE", "azureLinkId": "1",
                  "customerEndpointIPAddress": "10.0.0.9", "region": "US_EAST_2", "customerEndpointDNSName": "df.example"})
    api.get(df)
    api.get(f"{df}/vpce-0fcd9d80bbafe4871")
    api.ctl("POST", "fail/data_federation_private_endpoints/vpce-0fcd9d80bbafe4871")
    api.get(f"{df}/vpce-0fcd9d80bbafe4871")
    api.delete(f"{df}/vpce-0fcd9d80bbafe4871")
    api.get(f"{df}/vpce-0fcd9d80bbafe4871")  # 404
    for prov, region in (("AWS", "US_EAST_1"), ("AZURE", "US_EAST_2")):
        ear = f"encryptionAtRest/{prov}/privateEndpoints"
        eid = api.post(ear, {"regionName": region}).json()["id"]
        api.delete(f"{ear}/{eid}")  # 400: still INITIATING
        api.advance(2)
        api.get(ear)
        api.get(f"{ear}/{eid}")
        if prov == "AZURE":
            api.ctl("POST", f"ear_private_endpoints/{eid}/reject")
            api.get(f"{ear}/{eid}")
            api.advance(2)
            eid = api.get(ear).json()["results"][0]["id"]
        api.delete(f"{ear}/{eid}")
        api.get(f"{ear}/{eid}")
    api.post("encryptionAtRest/AWS/privateEndpoints", {"regionName": "nowhere"})  # 400


def _private_endpoint_operations(spec_path):
    """(method, path regex) of every operation in the private endpoints spec."""
    spec = yaml.safe_load(spec_path.read_text())
    ops = set()
    for path, item in spec["paths"].items():
        rx = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$"
        ops |= {(method.upper(), rx) for method in item if method in ("get", "post", "patch", "delete")}
    return ops


def test_every_response_matches_the_spec(api, openapi, openapi_privatelink):
    _walk(api)
    _walk_private_endpoints(api)
    checked, checked_pl, skipped, failures = 0, 0, {}, []
    for rec in RECORDED:
        reason = skip_reason(rec)
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        private_endpoint = bool(PL_SPEC_RX.match(rec["path"]))
        try:
            validate(openapi_privatelink if private_endpoint else openapi, rec)
            checked += 1
            checked_pl += private_endpoint
        except Exception as exc:  # collect them all for one readable report
            detail = getattr(exc, "__cause__", None) or exc
            failures.append(f"{rec['method']} {rec['path']}?{rec['query']} -> {rec['status']}: {type(exc).__name__}: {detail}"
                            f"\n    body: {rec['body'][:300]!r}")
    assert not failures, f"{len(failures)} responses violate the spec:\n" + "\n".join(failures[:25])
    assert checked >= 40, (checked, skipped)
    assert checked_pl >= 60, (checked_pl, skipped)
    # every operation of the spec was seen at least once
    ops = set()
    import re

    for rec in RECORDED:
        ops.add(rec["method"])
    assert {"GET", "POST", "PATCH", "DELETE"} <= ops
    # ... and each of the 18 private endpoint operations answered with success at least once
    answered = [(r["method"], r["path"]) for r in RECORDED if 200 <= r["status"] < 300]
    missing = {(m, rx) for m, rx in _private_endpoint_operations(PRIVATELINK_SPEC_PATH)
               if not any(method == m and re.match(rx, path) for method, path in answered)}
    assert not missing, missing


def test_spec_patches_are_documented():
    for why, _ in SPEC_PATCHES + PRIVATELINK_PATCHES:
        assert len(why) > 30
