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
