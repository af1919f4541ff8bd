"""Atlas ``ApiError`` bodies.

Keys are emitted in alphabetical order (as Atlas does); errors are always
``application/json`` with an ``X-Error-Code`` header.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Dict, List, Optional, Sequence

# errorCode -> (HTTP status, detail template).  Templates use %s like Atlas's error table.
CATALOG: Dict[str, tuple] = {
    "GROUP_NOT_FOUND": (404, "No group with ID %s exists."),
    "INVALID_GROUP_ID": (404, "An invalid group ID %s was specified."),
    "RESOURCE_NOT_FOUND": (404, "Cannot find resource %s."),
    "METHOD_NOT_ALLOWED": (405, "Method %s is not allowed for %s."),
    "INVALID_VERSION_DATE": (406, "Invalid accept header or version date."),
    "UNEXPECTED_ERROR": (500, "Unexpected error."),
    "SERVICE_UNAVAILABLE": (503, "Service unavailable."),
    "BAD_GATEWAY": (502, "Bad gateway."),
    "UNAUTHORIZED": (401, "Invalid or expired access token."),
    "RATE_LIMITED_TOKEN_BUCKET": (
        429,
        "Rate limit exceeded for %s. Please retry after %s seconds. Request capacity: %s. Refill rate: %s per %s seconds.",
    ),
    "MALFORMED_JSON": (400, "Received JSON is malformed."),
    "INVALID_JSON": (400, "Received JSON does not match expected format."),
    "MISSING_ATTRIBUTE": (400, "The required attribute %s was not specified."),
    "INVALID_ATTRIBUTE": (400, "Invalid attribute %s specified."),
    "INVALID_ENUM_VALUE": (400, "An invalid enumeration value %s was specified."),
    "INVALID_QUERY_PARAMETER": (400, "Invalid query parameter %s specified."),
    "INVALID_PATH_PARAMETER": (400, "Invalid path parameter %s specified."),
    "INVALID_REGION": (400, "No region %s exists for provider %s."),
    # projects, organizations, permissions, access list of the API, version lifecycle, maintenance
    "GROUP_NAME_NOT_FOUND": (404, 'No group with name "%s" exists.'),
    "ORG_NOT_FOUND": (404, "No organization with ID %s exists."),
    "INVALID_ORG_ID": (404, "An invalid organization ID %s was specified."),
    "NOT_IN_GROUP": (401, "The current user is not in the group, or the group does not exist."),
    "USER_UNAUTHORIZED": (401, "Current user is not authorized to perform this action."),
    "USER_CANNOT_ACCESS_ORG": (401, "User cannot access this organization."),
    "IP_ADDRESS_NOT_ON_ACCESS_LIST": (403, "IP address %s is not allowed to access this resource."),
    "VERSION_GONE": (410, "Version %s of this resource has been removed; its sunset date was %s."),
    "WRITES_NOT_ALLOWED_DURING_APP_UPGRADES": (
        405,
        "Create, update, and delete API endpoints are disabled while the system is being upgraded.",
    ),
    # containers
    "CONTAINER_ALREADY_EXISTS": (409, "A container already exists for group %s."),
    "CONTAINERS_IN_USE": (409, "Cannot modify in use containers. %s."),
    "CLOUD_PROVIDER_CONTAINER_NOT_FOUND": (404, "An invalid cloud provider container ID %s was specified."),
    "ATLAS_INVALID_CIDR_RANGE": (400, "Atlas CIDR %s must be in private range."),
    "ATLAS_INVALID_CIDR_BLOCK": (400, "Atlas CIDR %s must be a /%s block for %s."),
    "ATLAS_INVALID_CIDR_BLOCK_FOR_SMALL_CONTAINER": (
        400,
        "Atlas CIDR %s is not valid for a container with %s regions; use a /21 to /24 block with one /24 per region.",
    ),
    "ATLAS_NON_CANONICAL_CIDR_BLOCK": (400, "The canonical form for the specified Atlas CIDR %s is %s."),
    "OVERLAPPING_ATLAS_CIDR_BLOCK": (409, "The CIDR block %s overlaps with an Atlas CIDR block."),
    # peers
    "PEER_NOT_FOUND": (404, "No peer with ID %s exists in project %s."),
    "PEER_ALREADY_EXISTS": (409, "The peer with AWS Account ID %s and VPC ID %s already exists."),
    "PEER_ALREADY_EXISTS_GCP": (409, "The peer with GCP Project ID %s and network name %s already exists."),
    "PEER_ALREADY_EXISTS_AZURE": (
        409,
        "The peer with Azure Subscription ID %s and Virtual Network name %s already exists.",
    ),
    "PEER_ALREADY_REQUESTED_DELETION": (409, "The peer with ID %s has already been requested for deletion."),
    "PEER_INVALID_STATE": (409, "The peer with ID %s in group %s cannot be updated in its current state."),
    # streams
    "STREAM_PRIVATE_LINK_ALREADY_EXISTS": (400, "A private link connection with the same configuration already exists."),
    "STREAM_PRIVATE_LINK_NOT_FOUND": (404, "No private link connection with ID %s exists in project %s."),
    # backup private endpoints (codes not observed on real Atlas; see README)
    "OBJECT_STORAGE_PRIVATE_ENDPOINT_NOT_FOUND": (404, "No object storage private endpoint with ID %s exists in project %s."),
    "OBJECT_STORAGE_PRIVATE_ENDPOINT_ALREADY_EXISTS": (
        409,
        "An object storage private endpoint for region %s and VPC region %s already exists.",
    ),
    # access list
    "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND": (404, "IP Address %s not on Atlas access list for group %s."),
    "INVALID_IP_ADDRESS_OR_CIDR_NOTATION": (400, "The address %s must be in valid IP address or CIDR notation."),
    "INVALID_CIDR_BLOCK": (400, "The cidr block %s must be in valid CIDR notation."),
    "INVALID_NETWORK_PERMISSION_COMMENT": (400, "The comment %s must be 80 characters or less."),
    "EXPIRATION_DATE_IN_PAST": (400, "The specified expiration date must be in the future."),
    "EXPIRATION_DATE_EXCEEDS_MAX": (400, "The specified expiration date can be at most 7 days in the future."),
    "NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED": (400, "Expiration dates are only supported for IP addresses."),
    "CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION": (
        400,
        "Cannot use AWS Security Group without VPC peering connection.",
    ),
    "DUPLICATE_ADDRESSES_IN_INPUT": (400, "Duplicate addresses in input: %s."),
    "MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY": (
        400,
        "Should not specify both the IP address and the CIDR block.",
    ),
    "MISSING_ONE_OF_THREE_ATTRIBUTES": (400, "At least one of the attributes %s, %s, or %s must be specified."),
    "ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED": (
        403,
        "Too many network permission entries. Only %s entries are supported.",
    ),
    "CONCURRENT_ACCESS_LIST_UPDATE": (
        409,
        "Another access list update for group %s is in progress; submit POST requests to this endpoint one at a time.",
    ),
}


# Private endpoints (privatelink facts).  Codes marked "made up" were never seen on real Atlas;
# the README lists them with the choice.
CATALOG.update({
    "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND": (404, "No private endpoint service with ID %s exists in project %s."),
    "PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION": (409, "A private endpoint service already exists for %s region %s."),
    "CROSS_REGION_PRIVATE_LINK_SELF_REGION": (
        400, "The region %s of the private endpoint service cannot be one of its supported remote regions."),
    "PROVIDER_UNSUPPORTED": (400, "The attribute %s is not supported for provider %s."),
    # made up
    "PRIVATE_ENDPOINT_SERVICE_HAS_ENDPOINTS": (
        409, "The private endpoint service %s still has private endpoints; delete them first."),
    "PRIVATE_ENDPOINT_SERVICE_NOT_AVAILABLE": (
        409, "The private endpoint service %s is %s; private endpoints can be added once it is AVAILABLE."),
    "PRIVATE_ENDPOINT_ALREADY_EXISTS": (409, "A private endpoint %s already exists for private endpoint service %s."),
    "PRIVATE_ENDPOINT_ID_IN_USE": (409, "The private endpoint %s is already registered as a %s private endpoint."),
    "REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED": (
        409, "Cannot have more than one private endpoint in region %s while private endpoints exist in other regions; "
             "enable regionalized private endpoints first."),
    "CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS": (
        409, "Cannot enable regionalized private endpoints while the project contains replica sets."),
    "CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS": (
        409, "Cannot disable regionalized private endpoints while the project has more than one private endpoint in "
             "region %s and private endpoints in other regions."),
    "DATA_FEDERATION_PRIVATE_ENDPOINT_NOT_FOUND": (404, "No private endpoint with ID %s exists in project %s."),
    "ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND": (
        404, "No encryption at rest private endpoint with ID %s exists in project %s."),
    "ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS": (
        409, "An encryption at rest private endpoint already exists for %s region %s."),
    "ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED": (
        400, "Encryption at rest with %s must require private networking (requirePrivateNetworking) before private "
             "endpoints can be created."),
    # seen on real Atlas (TF acceptance-test logs)
    "ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING": (
        400, "Failed to delete Encryption at Rest Private endpoint with id %s during IN_PROGRESS state. Please try again later."),
    "CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST": (
        400, "Cannot disable requirePrivateNetworking field when there are private endpoints. Remove private endpoints in "
             "region(s) %s to disable requirePrivateNetworking."),
    "CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_PRIVATE_ENDPOINT_SERVICES": (
        409, "Cannot close group %s while it has active private endpoint services."),
    "CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_DATA_FEDERATION_PRIVATE_ENDPOINTS": (
        409, "Cannot close group %s while it has active Data Federation private endpoints."),
})


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # pragma: no cover
        return "Error"


class ApiError(Exception):
    """An Atlas API error, rendered as an ``ApiError`` JSON body."""

    def __init__(
        self,
        code: str,
        params: Optional[Sequence[Any]] = None,
        status: Optional[int] = None,
        detail: Optional[str] = None,
        fields: Optional[List[Dict[str, str]]] = None,
        headers: Optional[Dict[str, str]] = None,
    ):
        tmpl_status, tmpl = CATALOG.get(code, (status or 400, None))
        self.code = code
        self.status = status or tmpl_status
        self.params = list(params or [])
        if detail is None:
            if tmpl is not None:
                try:
                    detail = tmpl % tuple(self.params) if "%s" in tmpl else tmpl
                except TypeError:
                    detail = tmpl
            else:
                detail = code
        self.detail = detail
        self.fields = fields
        self.headers = dict(headers or {})
        super().__init__(f"{self.status} {code}: {detail}")

    def body(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {
            "detail": self.detail,
            "error": self.status,
            "errorCode": self.code,
            "parameters": self.params,
            "reason": reason(self.status),
        }
        if self.fields:
            out["badRequestDetail"] = {"fields": self.fields}
        return out


def missing(field: str) -> ApiError:
    return ApiError("MISSING_ATTRIBUTE", [field], fields=[{"field": field, "description": "is required"}])


def invalid(field: str, description: str = "is invalid") -> ApiError:
    return ApiError("INVALID_ATTRIBUTE", [field], fields=[{"field": field, "description": description}])
