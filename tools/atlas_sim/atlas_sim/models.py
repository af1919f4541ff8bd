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


# ---------------------------------------------------------------- private endpoints
# (privatelink facts; StrictBool: a JSON string "true" is refused so client mistakes show up)
from pydantic import StrictBool  # noqa: E402


class _OutNulls(_Out):
    """Cluster private endpoint resources print unset attributes as explicit nulls (privatelink facts §1.4)."""

    def dump(self) -> Dict[str, Any]:
        return self.model_dump(by_alias=True)


class EndpointServiceIn(_In):
    providerName: Optional[str] = None
    region: Optional[str] = None
    portMappingEnabled: Optional[StrictBool] = None
    supportedRemoteRegions: Optional[List[str]] = Field(default=None, max_length=35)
    # read-only attributes clients may echo back
    id: Optional[str] = None
    cloudProvider: Optional[str] = None
    regionName: Optional[str] = None
    status: Optional[str] = None
    errorMessage: Optional[str] = None
    endpointServiceName: Optional[str] = None
    interfaceEndpoints: Optional[List[str]] = None
    privateEndpoints: Optional[List[str]] = None
    privateLinkServiceName: Optional[str] = None
    privateLinkServiceResourceId: Optional[str] = None
    serviceAttachmentNames: Optional[List[str]] = None
    endpointGroupNames: Optional[List[str]] = None


class EndpointServicePatch(_In):
    cloudProvider: Optional[str] = None
    supportedRemoteRegions: Optional[List[str]] = Field(default=None, max_length=35)


class GcpForwardingRuleIn(_In):
    endpointName: Optional[str] = None
    ipAddress: Optional[str] = None
    status: Optional[str] = None  # read-only


class PrivateEndpointIn(_In):
    cloudProvider: Optional[str] = None
    id: Optional[str] = None  # AWS vpce id / Azure private endpoint resource id
    privateEndpointIPAddress: Optional[str] = None  # AZURE
    gcpProjectId: Optional[str] = None  # GCP
    endpointGroupName: Optional[str] = None
    endpoints: Optional[List[GcpForwardingRuleIn]] = None
    # read-only attributes clients may echo back
    connectionStatus: Optional[str] = None
    deleteRequested: Optional[bool] = None
    errorMessage: Optional[str] = None
    interfaceEndpointId: Optional[str] = None
    portMappingEnabled: Optional[bool] = None
    privateEndpointConnectionName: Optional[str] = None
    privateEndpointResourceId: Optional[str] = None
    status: Optional[str] = None


class AwsEndpointServiceOut(_OutNulls):
    cloudProvider: str = "AWS"
    endpointServiceName: Optional[str] = None
    errorMessage: Optional[str] = None
    id: str
    interfaceEndpoints: List[str]
    regionName: str
    status: str
    supportedRemoteRegions: Optional[List[str]] = None


class AzureEndpointServiceOut(_OutNulls):
    cloudProvider: str = "AZURE"
    errorMessage: Optional[str] = None
    id: str
    privateEndpoints: List[str]
    privateLinkServiceName: Optional[str] = None
    privateLinkServiceResourceId: Optional[str] = None
    regionName: str
    status: str


class GcpEndpointServiceOut(_OutNulls):
    cloudProvider: str = "GCP"
    endpointGroupNames: List[str]
    errorMessage: Optional[str] = None
    id: str
    portMappingEnabled: bool
    regionName: str
    serviceAttachmentNames: List[str]
    status: str


class AwsEndpointOut(_OutNulls):
    cloudProvider: str = "AWS"
    connectionStatus: str
    deleteRequested: bool
    errorMessage: Optional[str] = None
    interfaceEndpointId: str


class AzureEndpointOut(_OutNulls):
    cloudProvider: str = "AZURE"
    deleteRequested: bool
    errorMessage: Optional[str] = None
    privateEndpointConnectionName: Optional[str] = None
    privateEndpointIPAddress: str
    privateEndpointResourceId: str
    status: str


class GcpEndpointGroupOut(_OutNulls):
    cloudProvider: str = "GCP"
    deleteRequested: bool
    endpointGroupName: str
    endpoints: List[Dict[str, Any]]
    errorMessage: Optional[str] = None
    gcpProjectId: str
    portMappingEnabled: bool
    status: str


class RegionalModeIn(_In):
    enabled: Optional[StrictBool] = None


class DataFederationEntryIn(_In):
    endpointId: Optional[str] = None
    provider: Optional[str] = None
    type: Optional[str] = None
    comment: Optional[str] = None
    region: Optional[str] = None
    customerEndpointDNSName: Optional[str] = None
    azureLinkId: Optional[str] = None
    customerEndpointIPAddress: Optional[str] = None
    # read-only attributes clients may echo back
    status: Optional[str] = None
    errorMessage: Optional[str] = None


class DataFederationEntryOut(_Out):
    azureLinkId: Optional[str] = None
    comment: Optional[str] = None
    customerEndpointDNSName: Optional[str] = None
    customerEndpointIPAddress: Optional[str] = None
    endpointId: str
    errorMessage: Optional[str] = None
    provider: str
    region: Optional[str] = None
    status: str
    type: str = "DATA_LAKE"


class EarPrivateEndpointIn(_In):
    regionName: Optional[str] = None
    # read-only attributes clients may echo back
    id: Optional[str] = None
    cloudProvider: Optional[str] = None
    status: Optional[str] = None
    errorMessage: Optional[str] = None
    privateEndpointConnectionName: Optional[str] = None


class EarPrivateEndpointOut(_Out):
    cloudProvider: str
    errorMessage: Optional[str] = None
    id: str
    privateEndpointConnectionName: Optional[str] = None
    regionName: str
    status: str
