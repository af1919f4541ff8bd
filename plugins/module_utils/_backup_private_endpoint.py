# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""What backup_private_endpoint and backup_private_endpoint_info share: the cloud provider and
region rules, and Atlas's endpoint in snake_case with every documented key."""

from __future__ import annotations

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view

SUPPORTED_CLOUD_PROVIDERS = ('AWS',)
ENDPOINT_FIELDS = ('id', 'cloud_provider', 'region_name', 'vpc_region_name', 'status',
                   'private_endpoint_connection_name', 'error_message')


def cloud_provider_name(value):
    """'aws' or 'AWS' -> 'AWS'; anything Atlas does not accept raises ValueError with the rule."""
    name = str(value).strip().upper()
    if name not in SUPPORTED_CLOUD_PROVIDERS:
        raise ValueError('%r is not supported: Atlas offers object-storage private endpoints for backups only '
                         'on %s today' % (value, ', '.join(SUPPORTED_CLOUD_PROVIDERS)))
    return name


def backup_region_name(value):
    """'us-east-1' or 'US_EAST_1' -> 'US_EAST_1', one of the regions Atlas documents for these endpoints."""
    name = atlas_regions.atlas_region_name(value)
    if name not in atlas_regions.BACKUP_ENDPOINT_REGIONS:
        raise ValueError('%r is not a known backup private endpoint region (Atlas form like US_EAST_1, or AWS form '
                         'like us-east-1); expected one of: %s'
                         % (value, ', '.join(atlas_regions.BACKUP_ENDPOINT_REGIONS)))
    return name


def endpoint_view(item):
    """Atlas's endpoint in snake_case, with every documented key (null when Atlas omits it).

    Atlas echoes the bucket region as ``vpcRegionName`` for a same-region endpoint; when it omits it,
    the same-region meaning is filled in so that views compare and read the same way.
    """
    view = snake_view(item)
    for key in ENDPOINT_FIELDS:
        view.setdefault(key, None)
    if view['vpc_region_name'] is None:
        view['vpc_region_name'] = view['region_name']
    return view
