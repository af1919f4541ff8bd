"""Pydantic request and response models, written from the Atlas docs independently of the
collection's own models.  Request models accept the documented attributes (read-only ones are
tolerated and ignored) and reject unknown attributes with 400 ``INVALID_ATTRIBUTE``.
Per-provider *required* rules are checked by the routers so that the error codes match Atlas."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ApiError

HEX24 = r"^[a-f0-9]{24}$"
M = TypeVar("M", bound=BaseModel)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    def dump(self) -> Dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


def parse(model: Type[M], data: Any) -> M:
    if not isinstance(data, dict):
        raise ApiError("INVALID_JSON")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = []
        first = None
        for err in exc.errors():
            name = ".".join(str(p) for p in err.get("loc", ())) or "body"
            fields.append({"field": name, "description": err.get("msg", "invalid")})
            if first is None:
                first = (name, err.get("type"))
        name, etype = first
        if etype == "missing":
            raise ApiError("MISSING_ATTRIBUTE", [name], fields=fields) from None
        if etype == "literal_error" or etype == "enum":
            raise ApiError("INVALID_ENUM_VALUE", [name], fields=fields) from None
        raise ApiError("INVALID_ATTRIBUTE", [name], fields=fields) from None


# ---------------------------------------------------------------- containers
class ContainerIn(_In):
    providerName: Optional[str] = None
    atlasCidrBlock: Optional[str] = None
    regionName: Optional[str] = None  # AWS
    region: Optional[str] = None  # AZURE
    regions: Optional[List[str]] = None  # GCP
    # read-only attributes clients may echo back
    id: Optional[str] = None
    provisioned: Optional[bool] = None
    vpcId: Optional[str] = None
    azureSubscriptionId: Optional[str] = None
    vnetName: Optional[str] = None
    gcpProjectId: Optional[str] = None
    networkName: Optional[str] = None


class AwsContainerOut(_Out):
    atlasCidrBlock: str
    id: str
    providerName: str = "AWS"
    provisioned: bool
    regionName: str
    vpcId: Optional[str] = None


class AzureContainerOut(_Out):
    atlasCidrBlock: str
    azureSubscriptionId: Optional[str] = None
    id: str
    providerName: str = "AZURE"
    provisioned: bool
    region: str
    vnetName: Optional[str] = None


class GcpContainerOut(_Out):
    atlasCidrBlock: str
    gcpProjectId: Optional[str] = None
    id: str
    networkName: Optional[str] = None
    providerName: str = "GCP"
    provisioned: bool
    regions: Optional[List[str]] = None


# ---------------------------------------------------------------- peers
class PeerIn(_In):
    containerId: Optional[str] = Field(default=None, pattern=HEX24)
    providerName: Optional[str] = None
    # AWS
    accepterRegionName: Optional[str] = None
    awsAccountId: Optional[str] = Field(default=None, pattern=r"^[0-9]{12}$")
    routeTableCidrBlock: Optional[str] = None
    vpcId: Optional[str] = Field(default=None, pattern=r"^vpc-[0-9a-f]{17}$")
    # AZURE
    azureDirectoryId: Optional[str] = Field(default=None, pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
    azureSubscriptionId: Optional[str] = Field(default=None, pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
    resourceGroupName: Optional[str] = Field(default=None, pattern=r"^[-\w._()]+$")
    vnetName: Optional[str] = Field(default=None, pattern=r"^[-\w._()]+$")
    # GCP
    gcpProjectId: Optional[str] = Field(default=None, pattern=r"^[a-z][0-9a-z-]{4,28}[0-9a-z]$")
    networkName: Optional[str] = Field(default=None, pattern=r"^[a-z]([-a-z0-9]{0,62}[a-z0-9]?)?$")
    # read-only attributes clients may echo back
    id: Optional[str] = None
    connectionId: Optional[str] = None
    statusName: Optional[str] = None
    errorStateName: Optional[str] = None
    status: Optional[str] = None
    errorState: Optional[str] = None
    errorMessage: Optional[str] = None


class AwsPeerOut(_Out):
    accepterRegionName: Optional[str] = None
    awsAccountId: str
    connectionId: Optional[str] = None
    containerId: str
    errorStateName: Optional[str] = None
    id: str
    providerName: str = "AWS"
    routeTableCidrBlock: str
    statusName: str
    vpcId: str


class AzurePeerOut(_Out):
    azureDirectoryId: str
    azureSubscriptionId: str
    containerId: str
    errorState: Optional[str] = None
    id: str
    providerName: str = "AZURE"
    resourceGroupName: str
    status: str
    vnetName: str


class GcpPeerOut(_Out):
    containerId: str
    errorMessage: Optional[str] = None
    gcpProjectId: str
    id: str
    networkName: str
    providerName: str = "GCP"
    status: str


# ---------------------------------------------------------------- streams
class StreamLinkIn(_In):
    provider: Optional[str] = None
    vendor: Optional[str] = None
    region: Optional[str] = None
    arn: Optional[str] = Field(default=None, pattern=r"^arn:aws:kafka")
    dnsDomain: Optional[str] = None
    dnsSubDomain: Optional[List[str]] = None
    serviceEndpointId: Optional[str] = None
    azureResourceIds: Optional[List[str]] = None
    gcpServiceAttachmentUris: Optional[List[str]] = Field(default=None, max_length=3)
    gcpConnectionIds: Optional[List[str]] = Field(default=None, max_length=3)
    authenticationScheme: Optional[str] = None
    # read-only
    id: Optional[str] = Field(default=None, alias="_id")
    state: Optional[str] = None
    errorMessage: Optional[str] = None
    interfaceEndpointId: Optional[str] = None
    interfaceEndpointName: Optional[str] = None
    providerAccountId: Optional[str] = None
    links: Optional[List[Dict[str, Any]]] = None


class StreamLinkPatch(_In):
    dnsDomain: Optional[str] = None


class StreamLinkOut(_Out):
    id: str = Field(alias="_id")
    arn: Optional[str] = None
    authenticationScheme: Optional[str] = None
    azureResourceIds: Optional[List[str]] = None
    dnsDomain: Optional[str] = None
    dnsSubDomain: Optional[List[str]] = None
    errorMessage: Optional[str] = None
    gcpConnectionIds: Optional[List[str]] = None
    gcpServiceAttachmentUris: Optional[List[str]] = None
    interfaceEndpointId: Optional[str] = None
    interfaceEndpointName: Optional[str] = None
    provider: str
    providerAccountId: Optional[str] = None
    region: Optional[str] = None
    serviceEndpointId: Optional[str] = None
    state: str
    vendor: str


# ---------------------------------------------------------------- backup PE
class BackupPeIn(_In):
    cloudProvider: Optional[str] = None
    regionName: Optional[str] = None
    vpcRegionName: Optional[str] = None
    id: Optional[str] = None
    status: Optional[str] = None
    errorMessage: Optional[str] = None
    privateEndpointConnectionName: Optional[str] = None


class BackupPeOut(_Out):
    cloudProvider: str = "AWS"
    errorMessage: Optional[str] = None
    id: str
    privateEndpointConnectionName: Optional[str] = None
    regionName: str
    status: str
    vpcRegionName: Optional[str] = None


# ---------------------------------------------------------------- projects and organizations
class ResourceTag(_Out):
    key: str = Field(min_length=1, max_length=255)
    value: str = Field(min_length=1, max_length=255)


class GroupOut(_Out):
    clusterCount: int
    created: str
    id: str
    links: List[Dict[str, str]]
    name: str
    orgId: str
    tags: List[ResourceTag]


class OrgOut(_Out):
    id: str
    isDeleted: bool = False
    links: List[Dict[str, str]]
    name: str


# ---------------------------------------------------------------- access list
class AccessEntryIn(_In):
    ipAddress: Optional[str] = None
    cidrBlock: Optional[str] = None
    awsSecurityGroup: Optional[str] = None
    comment: Optional[str] = None
    deleteAfterDate: Optional[str] = None
    groupId: Optional[str] = None
    links: Optional[List[Dict[str, Any]]] = None


class AccessEntryOut(_Out):
    awsSecurityGroup: Optional[str] = None
    cidrBlock: Optional[str] = None
    comment: Optional[str] = None
    deleteAfterDate: Optional[str] = None
    groupId: str
    ipAddress: Optional[str] = None
    links: List[Dict[str, str]]
