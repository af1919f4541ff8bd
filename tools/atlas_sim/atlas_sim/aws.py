"""Optional bridge to a moto server (``--aws-endpoint URL``).

When enabled, creating an AWS peering also creates a VPC peering request in moto: the
requester is a simulated Atlas VPC (one per Atlas container, created in moto on first use
with the container's CIDR), the accepter is the peering's ``vpcId``/``awsAccountId`` in
``accepterRegionName`` (or the container's region).  The peering's ``connectionId`` is the
moto ``pcx-`` id.  While the peering waits for acceptance the simulator checks moto on every
peers request and moves it to FINALIZING -> AVAILABLE once moto reports the request
``active`` (``rejected``/``expired`` become FAILED with that errorStateName).

AWS private endpoint services are VPC endpoint services in moto (see the methods at the end).

boto3 is optional (``pip install atlas-sim[aws]``); credentials are ``testing``/``testing``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading

from .privatelink import REJECTED_MESSAGE
from .regions import aws_native

log = logging.getLogger("atlas_sim.aws")


class AwsBridge:
    def __init__(self, endpoint: str):
        try:
            import boto3  # noqa: F401
        except ImportError as exc:  # pragma: no cover - exercised only without boto3
            raise ImportError("--aws-endpoint needs boto3: pip install 'atlas-sim[aws]'") from exc
        self.endpoint = endpoint.rstrip("/")
        self._clients = {}
        self._service_clients = {}  # (service, region) -> client, for services other than ec2
        self._lock = threading.Lock()

    def _ec2(self, region: str):
        import boto3

        with self._lock:
            client = self._clients.get(region)
            if client is None:
                client = boto3.client(
                    "ec2", region_name=region, endpoint_url=self.endpoint,
                    aws_access_key_id="testing", aws_secret_access_key="testing",
                )
                self._clients[region] = client
            return client

    # ----------------------------------------------------------- blocking calls
    @staticmethod
    def _atlas_vpc(ec2, container) -> str:
        """The simulated Atlas VPC of a container, created in moto with its CIDR on first use."""
        vpc = container.get("_moto_vpc")
        if not vpc:
            vpc = ec2.create_vpc(CidrBlock=container["atlasCidrBlock"])["Vpc"]["VpcId"]
            container["_moto_vpc"] = vpc
        return vpc

    def _create(self, container, rec) -> str:
        region = aws_native(container["regionName"])
        ec2 = self._ec2(region)
        vpc = self._atlas_vpc(ec2, container)
        resp = ec2.create_vpc_peering_connection(
            VpcId=vpc, PeerVpcId=rec["vpcId"], PeerOwnerId=rec["awsAccountId"],
            PeerRegion=rec.get("accepterRegionName") or region,
        )
        rec["_moto_region"] = region
        return resp["VpcPeeringConnection"]["VpcPeeringConnectionId"]

    def _status(self, region: str, pcx: str):
        resp = self._ec2(region).describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])
        conns = resp.get("VpcPeeringConnections") or []
        return conns[0]["Status"]["Code"] if conns else None

    def _accept(self, region: str, pcx: str) -> None:
        self._ec2(region).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)

    # ----------------------------------------------------------- async API
    async def create_peering(self, container, rec) -> str:
        try:
            return await asyncio.to_thread(self._create, container, rec)
        except Exception as exc:  # the AWS side refused: the peering fails like on Atlas
            log.warning("moto refused the VPC peering request: %s", exc)
            rec["_failed"] = {"message": str(exc), "error_state": "INVALID_ARGUMENT"}
            rec["_moto_error"] = True
            return "pcx-" + "0" * 17

    async def accept(self, pcx: str, region: str = None) -> None:
        """Accept on the customer's side (used by ``/_sim/peers/{id}/accept``)."""
        for reg in [region] if region else list(self._clients) or ["us-east-1"]:
            try:
                await asyncio.to_thread(self._accept, reg, pcx)
                return
            except Exception as exc:  # pragma: no cover - try the next region
                log.debug("accept in %s failed: %s", reg, exc)

    async def sync_project(self, sim, proj) -> None:
        t, T = sim.clock.now(), sim.config.transition_seconds
        for rec in list(proj["peers"].values()):
            if (rec["providerName"] != "AWS" or not rec.get("_moto") or rec.get("_accepted") is not None
                    or rec.get("_failed") or rec.get("_deleting") is not None):
                continue
            try:
                code = await asyncio.to_thread(self._status, rec["_moto_region"], rec["connectionId"])
            except Exception as exc:
                log.warning("cannot read %s from moto: %s", rec["connectionId"], exc)
                continue
            if code == "active":
                rec["_accepted"] = max(t, rec["_created"] + T)
                sim.store.mark_dirty()
            elif code in ("rejected", "expired"):
                rec["_failed"] = {"message": f"VPC peering connection {code}", "error_state": code.upper()}
                sim.store.mark_dirty()

    # ----------------------------------------------------------- private endpoint services
    # An AWS private endpoint service is a VPC endpoint service in moto, fronted by a network
    # load balancer in a subnet of the Atlas VPC of the service's region.  A vpce id registered
    # on it is looked up in moto: an Interface endpoint to that service name (in the service's
    # region or one of its supportedRemoteRegions) is accepted, anything else is rejected.
    def _create_service(self, container, service) -> str:
        region = aws_native(service["regionName"])
        ec2 = self._ec2(region)
        vpc = self._atlas_vpc(ec2, container)
        subnet = container.get("_moto_subnet")
        if not subnet:
            first24 = next(ipaddress.ip_network(container["atlasCidrBlock"]).subnets(new_prefix=24))
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=str(first24))["Subnet"]["SubnetId"]
            container["_moto_subnet"] = subnet
        elb = self._client("elbv2", region)
        lb = elb.create_load_balancer(Name=f"atlas-pl-{service['id'][:20]}", Type="network", Scheme="internal",
                                      Subnets=[subnet])["LoadBalancers"][0]["LoadBalancerArn"]
        conf = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[lb], AcceptanceRequired=True)
        conf = conf["ServiceConfiguration"]
        service["_moto_service_id"] = conf["ServiceId"]
        service["_moto_region"] = region
        return conf["ServiceName"]

    def _find_endpoint(self, vpce: str, regions):
        for region in regions:
            try:
                found = self._ec2(region).describe_vpc_endpoints(VpcEndpointIds=[vpce]).get("VpcEndpoints") or []
            except Exception:  # InvalidVpcEndpointId.NotFound: try the next region
                continue
            if found:
                return region, found[0]
        return None, None

    def _client(self, service: str, region: str):
        import boto3

        with self._lock:
            key = (service, region)
            client = self._service_clients.get(key)
            if client is None:
                client = boto3.client(service, region_name=region, endpoint_url=self.endpoint,
                                      aws_access_key_id="testing", aws_secret_access_key="testing")
                self._service_clients[key] = client
            return client

    async def create_endpoint_service(self, container, service) -> str:
        """Create the service in moto; returns its ``endpointServiceName``.  A refusal fails the service."""
        try:
            return await asyncio.to_thread(self._create_service, container, service)
        except Exception as exc:
            log.warning("moto refused the VPC endpoint service: %s", exc)
            service["_failed"] = {"message": f"Failed to create the endpoint service: {exc}"}
            return None

    async def delete_endpoint_service(self, region: str, service_id: str) -> None:
        try:
            await asyncio.to_thread(
                lambda: self._ec2(region).delete_vpc_endpoint_service_configurations(ServiceIds=[service_id]))
        except Exception as exc:  # pragma: no cover - moto gone: nothing left to clean
            log.warning("cannot delete %s from moto: %s", service_id, exc)

    async def check_interface_endpoint(self, vpce: str, service_name: str, service_region: str, remote_regions):
        """None when ``vpce`` is an Interface endpoint to ``service_name`` in an accepted region,
        else the reason Atlas rejects it."""
        regions = [service_region] + [aws_native(r) for r in remote_regions or []]
        try:
            region, ep = await asyncio.to_thread(self._find_endpoint, vpce, regions)
        except Exception as exc:  # pragma: no cover - moto unreachable
            log.warning("cannot read %s from moto: %s", vpce, exc)
            return None
        if ep is None:
            log.info("vpce %s not found in moto (regions %s)", vpce, regions)
            return REJECTED_MESSAGE
        if ep.get("VpcEndpointType") != "Interface" or ep.get("ServiceName") != service_name:
            log.info("vpce %s is a %s endpoint to %s, not to %s", vpce, ep.get("VpcEndpointType"),
                     ep.get("ServiceName"), service_name)
            return REJECTED_MESSAGE
        return None
