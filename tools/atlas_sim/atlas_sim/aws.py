"""Optional bridge to a moto server (``--aws-endpoint URL``).

When enabled, creating an AWS peering also creates a VPC peering request in moto: the
requester is a simulated Atlas VPC (one per Atlas container, created in moto on first use
with the container's CIDR), the accepter is the peering's ``vpcId``/``awsAccountId`` in
``accepterRegionName`` (or the container's region).  The peering's ``connectionId`` is the
moto ``pcx-`` id.  While the peering waits for acceptance the simulator checks moto on every
peers request and moves it to FINALIZING -> AVAILABLE once moto reports the request
``active`` (``rejected``/``expired`` become FAILED with that errorStateName).

boto3 is optional (``pip install atlas-sim[aws]``); credentials are ``testing``/``testing``.
"""

from __future__ import annotations

import asyncio
import logging
import threading

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
    def _create(self, container, rec) -> str:
        region = aws_native(container["regionName"])
        ec2 = self._ec2(region)
        vpc = container.get("_moto_vpc")
        if not vpc:
            vpc = ec2.create_vpc(CidrBlock=container["atlasCidrBlock"])["Vpc"]["VpcId"]
            container["_moto_vpc"] = vpc
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
