"""--aws-endpoint: AWS peerings mirrored as VPC peering requests in a moto server."""

import pytest
import requests
from requests.auth import HTTPDigestAuth

from conftest import V2023, start_server

boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (pip install 'atlas-sim[aws]')")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")

AUTH = HTTPDigestAuth("atlassim", "atlassim-private-key")


@pytest.fixture(scope="module")
def moto_url():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_peering_accepted_in_moto(moto_url):
    ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=moto_url,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    customer_vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    account = boto3.client("sts", region_name="us-east-1", endpoint_url=moto_url, aws_access_key_id="testing",
                           aws_secret_access_key="testing").get_caller_identity()["Account"]
    srv = start_server("--transition-seconds", "0", "--aws-endpoint", moto_url)
    try:
        h = {"Accept": V2023}
        c = requests.post(srv.api("containers"), json={"providerName": "AWS", "regionName": "US_EAST_1",
                                                       "atlasCidrBlock": "192.168.248.0/21"}, headers=h, auth=AUTH).json()
        r = requests.post(srv.api("peers"), json={"containerId": c["id"], "providerName": "AWS", "accepterRegionName": "us-east-1",
                                                  "awsAccountId": account, "routeTableCidrBlock": "10.0.0.0/16", "vpcId": customer_vpc},
                          headers=h, auth=AUTH)
        assert r.status_code == 200, r.text
        peer = r.json()
        pcx = peer["connectionId"]
        assert pcx.startswith("pcx-") and peer["statusName"] == "PENDING_ACCEPTANCE"
        desc = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        assert desc["AccepterVpcInfo"]["VpcId"] == customer_vpc
        assert desc["Status"]["Code"] == "pending-acceptance"
        # still pending in moto -> still pending in the simulator
        assert requests.get(srv.api(f"peers/{peer['id']}"), headers=h, auth=AUTH).json()["statusName"] == "PENDING_ACCEPTANCE"
        # the customer accepts in AWS (moto) - the simulator notices on the next GET
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        got = requests.get(srv.api(f"peers/{peer['id']}"), headers=h, auth=AUTH).json()
        assert got["statusName"] == "AVAILABLE" and got["connectionId"] == pcx
    finally:
        assert srv.stop() == 0


def test_unknown_vpc_fails_the_peering(moto_url):
    srv = start_server("--transition-seconds", "0", "--aws-endpoint", moto_url)
    try:
        h = {"Accept": V2023}
        c = requests.post(srv.api("containers"), json={"providerName": "AWS", "regionName": "US_EAST_1",
                                                       "atlasCidrBlock": "192.168.248.0/21"}, headers=h, auth=AUTH).json()
        r = requests.post(srv.api("peers"), json={"containerId": c["id"], "providerName": "AWS", "accepterRegionName": "us-east-1",
                                                  "awsAccountId": "123456789012", "routeTableCidrBlock": "10.0.0.0/16",
                                                  "vpcId": "vpc-0000000000000000f"}, headers=h, auth=AUTH)
        assert r.status_code == 200
        assert r.json()["statusName"] == "FAILED" and r.json()["errorStateName"] == "INVALID_ARGUMENT"
    finally:
        srv.stop()


# ---------------------------------------------------------------- private endpoint services in moto
PE = "privateEndpoint"


def _client(moto_url, region):
    return boto3.client("ec2", region_name=region, endpoint_url=moto_url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _service(srv, region, **extra):
    r = requests.post(srv.api(f"{PE}/endpointService"), json={"providerName": "AWS", "region": region, **extra},
                      headers={"Accept": V2023}, auth=AUTH)
    assert r.status_code == 201, r.text
    return r.json()


def _customer_vpc(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    return vpc, ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]


def _interface_endpoint(ec2, vpc, subnet, service_name):
    return ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, ServiceName=service_name,
                                   SubnetIds=[subnet])["VpcEndpoint"]["VpcEndpointId"]


def test_private_endpoint_service_lives_in_moto(moto_url):
    ec2 = _client(moto_url, "us-east-1")
    srv = start_server("--transition-seconds", "0", "--aws-endpoint", moto_url)
    try:
        h = {"Accept": V2023}
        svc = _service(srv, "us-east-1")
        name = svc["endpointServiceName"]
        assert svc["status"] == "AVAILABLE" and name.startswith("com.amazonaws.vpce.us-east-1.vpce-svc-")
        confs = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
        assert name in [c["ServiceName"] for c in confs]
        vpc, subnet = _customer_vpc(ec2)
        good = _interface_endpoint(ec2, vpc, subnet, name)
        elsewhere = _interface_endpoint(ec2, vpc, subnet, "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0")
        url = srv.api(f"{PE}/AWS/endpointService/{svc['id']}/endpoint")
        results = {}
        for vpce in (good, elsewhere, "vpce-0123456789abcdef0"):
            r = requests.post(url, json={"id": vpce}, headers=h, auth=AUTH)
            assert r.status_code == 200, r.text
            results[vpce] = requests.get(f"{url}/{vpce}", headers=h, auth=AUTH).json()
        assert results[good]["connectionStatus"] == "AVAILABLE" and results[good]["errorMessage"] is None
        for vpce in (elsewhere, "vpce-0123456789abcdef0"):  # accepted by the POST, rejected afterwards
            assert results[vpce]["connectionStatus"] == "REJECTED"
            assert results[vpce]["errorMessage"] == "Verify endpoint ID and accepted regions, then retry your connection."
        for vpce in results:
            assert requests.delete(f"{url}/{vpce}", headers=h, auth=AUTH).status_code == 204
        # the last endpoint took the service with it, in moto too
        r = requests.get(srv.api(f"{PE}/AWS/endpointService/{svc['id']}"), headers=h, auth=AUTH)
        assert r.status_code == 404
        confs = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
        assert name not in [c["ServiceName"] for c in confs]
    finally:
        assert srv.stop() == 0


def test_cross_region_endpoint_needs_a_supported_remote_region(moto_url):
    west = _client(moto_url, "us-west-2")
    srv = start_server("--transition-seconds", "0", "--aws-endpoint", moto_url)
    try:
        h = {"Accept": V2023}
        svc = _service(srv, "eu-west-1")
        vpc, subnet = _customer_vpc(west)
        vpce = _interface_endpoint(west, vpc, subnet, svc["endpointServiceName"])
        url = srv.api(f"{PE}/AWS/endpointService/{svc['id']}/endpoint")
        requests.post(url, json={"id": vpce}, headers=h, auth=AUTH)
        assert requests.get(f"{url}/{vpce}", headers=h, auth=AUTH).json()["connectionStatus"] == "REJECTED"
        requests.delete(f"{url}/{vpce}", headers=h, auth=AUTH)
        svc = _service(srv, "eu-west-1", supportedRemoteRegions=["US_WEST_2"])
        url = srv.api(f"{PE}/AWS/endpointService/{svc['id']}/endpoint")
        vpce = _interface_endpoint(west, vpc, subnet, svc["endpointServiceName"])
        requests.post(url, json={"id": vpce}, headers=h, auth=AUTH)
        assert requests.get(f"{url}/{vpce}", headers=h, auth=AUTH).json()["connectionStatus"] == "AVAILABLE"
    finally:
        srv.stop()
