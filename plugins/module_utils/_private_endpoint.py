# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""What the cluster private endpoint modules share: the views of services and endpoints, the
customer side of a service (values and commands), the endpoint id rules, and finding a service.

A *service* is Atlas's side (AWS PrivateLink endpoint service, Azure Private Link service, GCP
service attachments), one per project, provider and region. An *endpoint* is the customer's side
registered with it (an AWS interface VPC endpoint, an Azure private endpoint, a GCP endpoint group
of forwarding rules).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ENDPOINT_SERVICES
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one
from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view

PROVIDERS = ('AWS', 'AZURE', 'GCP')
SERVICE_READY = ('AVAILABLE', 'WAITING_FOR_USER')   # WAITING_FOR_USER: v1's "ready for endpoints" (privatelink facts §2.4)
SERVICE_NOT_FOUND = 'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND'   # Atlas's 404 code for services and endpoints alike

# Every documented key of a service and an endpoint, per provider: present (maybe null) in every view.
SERVICE_FIELDS = {
    'AWS': ('endpoint_service_name', 'interface_endpoints', 'supported_remote_regions'),
    'AZURE': ('private_endpoints', 'private_link_service_name', 'private_link_service_resource_id'),
    'GCP': ('endpoint_group_names', 'port_mapping_enabled', 'service_attachment_names'),
}
COMMON_SERVICE_FIELDS = ('id', 'cloud_provider', 'region_name', 'status', 'error_message')
# The ids of the endpoints registered with a service, in its (camelCase) answer.
SERVICE_ENDPOINT_LIST = {'AWS': 'interfaceEndpoints', 'AZURE': 'privateEndpoints', 'GCP': 'endpointGroupNames'}

ENDPOINT_FIELDS = {
    'AWS': ('interface_endpoint_id', 'connection_status'),
    'AZURE': ('private_endpoint_resource_id', 'private_endpoint_ip_address', 'private_endpoint_connection_name',
              'status'),
    'GCP': ('endpoint_group_name', 'gcp_project_id', 'endpoints', 'port_mapping_enabled', 'status'),
}
COMMON_ENDPOINT_FIELDS = ('cloud_provider', 'delete_requested', 'error_message')
ENDPOINT_FAILED = ('REJECTED', 'FAILED')
ENDPOINT_DELETING = ('DELETING',)
ENDPOINT_GONE = ('DELETED',)   # GCP: a group Atlas has deleted may still be read for a while

# Patterns. AWS and Azure ids: the official spec's (anchored); the Azure provider path is matched
# without regard to case, as Azure does. GCP names follow Google's rule for resource names (RFC 1035,
# 1 to 63 characters); the GCP project id is the customer's own (the spec's ``p-…`` pattern is Atlas's
# project, wrong for this request; privatelink facts §3.3).
VPCE_PATTERN = r'^vpce-[0-9a-f]{17}$'
AZURE_ENDPOINT_PATTERN = (r'^/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
                          r'/resourceGroups/[-\w._()]+/providers/Microsoft\.Network/privateEndpoints/[-\w._()]+$')
GCP_NAME_PATTERN = r'^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$'
GCP_PROJECT_PATTERN = r'^[a-z][0-9a-z-]{4,28}[0-9a-z]$'


# -- option checks (each raises ValueError with the rule; the caller names the option) ----------------
def vpce_id(value):
    if not re.match(VPCE_PATTERN, value):
        raise ValueError("%r is not an AWS interface VPC endpoint id: 'vpce-' and 17 lowercase hexadecimal characters "
                         "(pattern %s)" % (value, VPCE_PATTERN))
    return value


def azure_endpoint_id(value):
    """The ARM id of an Azure private endpoint, raw; an id already URL-encoded (``%2Fsubscriptions%2F…``) is decoded
    once, so it is never encoded twice on its way into the URL."""
    raw = unquote(value) if value[:3].upper() == '%2F' else value
    if not re.match(AZURE_ENDPOINT_PATTERN, raw, re.IGNORECASE):
        raise ValueError('%r is not the resource id of an Azure private endpoint: /subscriptions/<subscription uuid>'
                         '/resourceGroups/<group>/providers/Microsoft.Network/privateEndpoints/<name>' % (value,))
    return raw


def gcp_name(value):
    if not re.match(GCP_NAME_PATTERN, value):
        raise ValueError('%r is not a Google Cloud resource name: 1 to 63 lowercase letters, digits or hyphens, '
                         'starting with a letter and not ending with a hyphen' % (value,))
    return value


def gcp_project_id(value):
    if not re.match(GCP_PROJECT_PATTERN, value):
        raise ValueError('%r is not a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting '
                         'with a letter and not ending with a hyphen (your project, where the forwarding rules are; '
                         "not Atlas's p-... project)" % (value,))
    return value


def ip_address(value):
    """An IPv4 or IPv6 address (what the spec's pattern admits), in its canonical form."""
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ValueError('%r is not an IP address' % (value,))


def service_reference(provider, endpoint_service_id, region):
    """Check that exactly one of ``endpoint_service_id`` and ``region`` names the service; return ``region`` in
    Atlas form (or None). Raises ValueError naming the option."""
    if (endpoint_service_id is None) == (region is None):
        raise ValueError("options 'endpoint_service_id' and 'region': give exactly one of them to name the private "
                         "endpoint service (its Atlas id, or its region)")
    if region is None:
        return None
    try:
        return atlas_regions.provider_region(provider, region)
    except ValueError as error:
        raise ValueError("option 'region': %s" % error)


def endpoint_id_of(provider, value):
    """An endpoint id as the provider writes it: AWS vpce id, Azure resource id (raw), GCP group or rule name."""
    return {'AWS': vpce_id, 'AZURE': azure_endpoint_id, 'GCP': gcp_name}[provider](value)


# -- views --------------------------------------------------------------------------------------------
def _with_fields(item, provider_fields, common_fields):
    view = snake_view(item)
    if not view:
        return view
    provider = view.get('cloud_provider')
    for key in common_fields + provider_fields.get(provider, ()):
        view.setdefault(key, None)
    return view


def service_view(item):
    """A service in snake_case, with every documented key of its provider (null when Atlas has no value)."""
    return _with_fields(item, SERVICE_FIELDS, COMMON_SERVICE_FIELDS)


def endpoint_view(item):
    """An endpoint in snake_case, with every documented key of its provider (null when Atlas has no value)."""
    return _with_fields(item, ENDPOINT_FIELDS, COMMON_ENDPOINT_FIELDS)


def endpoint_status(item):
    """AWS reports ``connectionStatus``, Azure and GCP ``status``; an endpoint Atlas was asked to delete is DELETING."""
    item = item or {}
    if item.get('deleteRequested'):
        return 'DELETING'
    return item.get('connectionStatus') or item.get('status')


def endpoint_view_status(view):
    """endpoint_status() of an endpoint's snake_case view."""
    view = view or {}
    if view.get('delete_requested'):
        return 'DELETING'
    return view.get('connection_status') or view.get('status')


def registered_endpoints(service):
    """The ids of the endpoints registered with ``service`` (Atlas's camelCase answer)."""
    return list((service or {}).get(SERVICE_ENDPOINT_LIST.get((service or {}).get('cloudProvider'), ''), None) or [])


def same_endpoint_id(provider, left, right):
    """Azure resource ids compare without regard to case (as Azure does); AWS and GCP ids exactly."""
    if left is None or right is None:
        return left is right
    if provider == 'AZURE':
        return left.lower() == right.lower()
    return left == right


# -- finding a service ----------------------------------------------------------------------------------
def list_services(atlas, provider):
    """Every service of ``provider`` (Atlas answers a bare array, never paginated): one GET."""
    return atlas.client.list_all(ENDPOINT_SERVICES.collection(group_id=atlas.project_id, cloud_provider=provider),
                                 ENDPOINT_SERVICES.version('list'))


def find_service(atlas, provider, region):
    """The service of ``provider`` in ``region`` (Atlas form), or None: Atlas answers regions in Atlas form."""
    return atlas.client.find(ENDPOINT_SERVICES.collection(group_id=atlas.project_id, cloud_provider=provider),
                             ENDPOINT_SERVICES.version('list'), lambda item: item.get('regionName') == region)


def read_service(atlas, provider, service_id):
    """The service with this id, or None when Atlas does not know it (404; a 404 about the project fails)."""
    found = read_one(atlas, ENDPOINT_SERVICES.item(service_id, group_id=atlas.project_id, cloud_provider=provider),
                     ENDPOINT_SERVICES.version('get'))
    return found[0] if found else None


# -- the customer side ------------------------------------------------------------------------------------
def customer_side(view):
    """What the customer creates next for the service ``view`` and the commands that do it, or None.

    Values Atlas cannot know (your VPC, subnets, names) are placeholders in angle brackets.
    """
    if not view or not view.get('id'):
        return None
    provider = view.get('cloud_provider')
    region = atlas_regions.cloud_region(provider, view.get('region_name')) or view.get('region_name')
    steps = {'status': view.get('status'), 'region': region, 'ready_for_endpoints': view.get('status') in SERVICE_READY}
    if view.get('status') == 'FAILED':
        steps.update(commands=[], action='The service is FAILED (%s): delete it (state: absent) and create it again.'
                     % (view.get('error_message') or 'Atlas gave no reason'))
        return steps
    if view.get('status') not in SERVICE_READY:
        steps.update(commands=[], action='Wait until the service is AVAILABLE (wait: true): Atlas publishes what your '
                                         'side connects to only then. Status now: %s.' % view.get('status'))
        return steps
    steps.update({'AWS': _aws_side, 'AZURE': _azure_side, 'GCP': _gcp_side}[provider](view, region))
    return steps


def _aws_side(view, region):
    service_name = view.get('endpoint_service_name')
    remote = [atlas_regions.aws_region_name(name) for name in view.get('supported_remote_regions') or []]
    command = ('aws ec2 create-vpc-endpoint --region %s --vpc-endpoint-type Interface --service-name %s '
               '--vpc-id <vpc-id> --subnet-ids <subnet-ids> --security-group-ids <security-group-ids>'
               % (region, service_name))
    where = region + (' (or, cross-region, in %s: pass that as --region)' % ', '.join(remote) if remote else '')
    return {
        'endpoint_service_name': service_name,
        'supported_remote_regions': remote,
        'commands': [command],
        'action': ('Create an interface VPC endpoint to %s in a VPC in %s, with a security group that lets your '
                   'application reach it, then register its vpce- id with atlasops.networking.private_endpoint '
                   '(endpoint_id).' % (service_name, where)),
    }


def _azure_side(view, region):
    resource_id = view.get('private_link_service_resource_id')
    show = 'az network private-endpoint show --resource-group <resource-group> --name <endpoint-name>'
    return {
        'private_link_service_resource_id': resource_id,
        'private_link_service_name': view.get('private_link_service_name'),
        'commands': [
            'az network private-endpoint create --resource-group <resource-group> --name <endpoint-name> '
            '--location %s --vnet-name <vnet-name> --subnet <subnet-name> --private-connection-resource-id %s '
            '--connection-name <endpoint-name> --manual-request true' % (region, resource_id),
            show + ' --query id --output tsv',
            'az network nic show --ids "$(%s --query \'networkInterfaces[0].id\' --output tsv)" '
            '--query \'ipConfigurations[0].privateIPAddress\' --output tsv' % show,
        ],
        'action': ('Create an Azure private endpoint in %s connected to %s with manual approval, then register its '
                   'resource id (endpoint_id) and private IP address (private_endpoint_ip_address) with '
                   'atlasops.networking.private_endpoint; the last two commands print them.' % (region, resource_id)),
    }


def _gcp_side(view, region):
    attachments = view.get('service_attachment_names') or []
    port_mapped = bool(view.get('port_mapping_enabled'))
    commands = []
    for index, attachment in enumerate(attachments):
        name = '<endpoint-group-name>' if port_mapped else '<endpoint-group-name>-%d' % index
        commands.extend([
            'gcloud compute addresses create %s-ip --project=<gcp-project-id> --region=%s --subnet=<subnet-name>'
            % (name, region),
            'gcloud compute forwarding-rules create %s --project=<gcp-project-id> --region=%s --network=<vpc-name> '
            '--address=%s-ip --target-service-attachment=%s' % (name, region, name, attachment),
        ])
    if port_mapped:
        action = ('Reserve one internal IP address and create one forwarding rule to the service attachment in %s, '
                  'then register it with atlasops.networking.private_endpoint (gcp_project_id, endpoints: the rule '
                  'name and its IP address).' % region)
    else:
        action = ('Reserve %d internal IP addresses and create one forwarding rule per service attachment in %s, then '
                  'register them with atlasops.networking.private_endpoint (gcp_project_id, endpoint_group_name, '
                  'endpoints: every rule name and its IP address).' % (len(attachments), region))
    return {'service_attachment_names': attachments, 'port_mapping_enabled': port_mapped,
            'commands': commands, 'action': action}
