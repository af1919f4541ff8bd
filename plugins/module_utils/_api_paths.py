# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Atlas API paths and media-type versions: where each resource lives and which version each operation speaks.

One table, so paths and versions are never repeated in modules. A new resource adds one entry. Versions come from the official
OpenAPI description (atlas-openapi-subset.yaml): peers, containers and accessList only have
2023-01-01; Stream Processing private links 2023-02-01 except PATCH (2025-03-12); backup
object-storage private endpoints 2024-11-13.
"""

from __future__ import annotations

from collections import namedtuple

from urllib.parse import quote

API_PREFIX = '/api/atlas/v2'
TOKEN_PATH = '/api/oauth/token'

_ApiResource = namedtuple('_ApiResource', ['collection_path', 'versions', 'item_key', 'operation_paths'],
                          defaults=(None,))


class ApiResource(_ApiResource):
    """A REST collection: ``collection_path`` is a template with ``{group_id}`` and friends.

    ``operation_paths`` maps an operation (``create``, ``update``) to another collection template for
    the few resources whose writes live elsewhere than their reads (private endpoint services: POST and
    PATCH have no ``{cloudProvider}`` segment, GET and DELETE do).
    """

    def version(self, operation):
        return self.versions.get(operation, self.versions['default'])

    def collection(self, operation=None, **path_params):
        template = (self.operation_paths or {}).get(operation, self.collection_path)
        return API_PREFIX + template.format(**_quoted(path_params))

    def item(self, item_id, operation=None, **path_params):
        """The item's path; ``item_id`` is one path segment (a ``/`` in it is sent as ``%2F``)."""
        return '%s/%s' % (self.collection(operation, **path_params), quote(str(item_id), safe=''))


def _quoted(path_params):
    return dict((key, quote(str(value), safe='')) for key, value in path_params.items())


def _versions(default, **overrides):
    versions = {'default': default}
    versions.update(overrides)
    return versions


CONTAINERS = ApiResource('/groups/{group_id}/containers', _versions('2023-01-01'), 'id')
ALL_CONTAINERS = ApiResource('/groups/{group_id}/containers/all', _versions('2023-01-01'), 'id')
PEERS = ApiResource('/groups/{group_id}/peers', _versions('2023-01-01'), 'id')
STREAM_PRIVATE_LINKS = ApiResource(
    '/groups/{group_id}/streams/privateLinkConnections',
    _versions('2023-02-01', update='2025-03-12'),
    '_id',
)
BACKUP_PRIVATE_ENDPOINTS = ApiResource(
    '/groups/{group_id}/backup/{cloud_provider}/privateEndpoints', _versions('2024-11-13'), 'id')
ACCESS_LIST = ApiResource('/groups/{group_id}/accessList', _versions('2023-01-01'), 'cidrBlock')
# Cluster private endpoints (atlas-openapi-privatelink.yaml: every operation 2023-01-01). Services are
# listed, read and deleted under their provider, but created and patched without it; network_container
# reads them to tell what blocks a container's deletion (a bare list, one provider).
ENDPOINT_SERVICES = ApiResource(
    '/groups/{group_id}/privateEndpoint/{cloud_provider}/endpointService', _versions('2023-01-01'), 'id',
    operation_paths={'create': '/groups/{group_id}/privateEndpoint/endpointService',
                     'update': '/groups/{group_id}/privateEndpoint/endpointService'})
# No list and no update: a service lists its endpoints' ids. The item is the provider's endpoint id
# (AWS vpce id, Azure resource id sent as ONE URL-encoded segment, GCP endpoint group or forwarding rule name).
PRIVATE_ENDPOINTS = ApiResource(
    '/groups/{group_id}/privateEndpoint/{cloud_provider}/endpointService/{endpoint_service_id}/endpoint',
    _versions('2023-01-01'), None)
PRIVATE_ENDPOINT_REGIONAL_MODE = ApiResource('/groups/{group_id}/privateEndpoint/regionalMode', _versions('2023-01-01'), None)
# Data Federation / Online Archive private endpoints and encryption-at-rest private endpoints
# (atlas-openapi-privatelink.yaml): every operation 2023-01-01. Azure endpoint ids are resource ids,
# sent URL-encoded as one path segment by item().
DATA_FEDERATION_PRIVATE_ENDPOINTS = ApiResource(
    '/groups/{group_id}/privateNetworkSettings/endpointIds', _versions('2023-01-01'), 'endpointId')
EAR_PRIVATE_ENDPOINTS = ApiResource(
    '/groups/{group_id}/encryptionAtRest/{cloud_provider}/privateEndpoints', _versions('2023-01-01'), 'id')

# Projects and organizations (atlas-openapi-projects.yaml: one version, 2023-01-01, for every operation).
# Only /orgs and /orgs/{orgId}/groups take the `name` prefix filter; /groups has none.
PROJECTS = ApiResource('/groups', _versions('2023-01-01'), 'id')
ORGS = ApiResource('/orgs', _versions('2023-01-01'), 'id')
ORG_PROJECTS = ApiResource('/orgs/{org_id}/groups', _versions('2023-01-01'), 'id')


def media_type(version):
    return 'application/vnd.atlas.%s+json' % version
