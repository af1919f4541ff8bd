# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""What network_peering and network_peering_info share: how a peering connection reads in snake_case."""

from __future__ import annotations

from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view

# The fields of each provider's peer network, present (maybe null) in every returned peering.
PEER_FIELDS = {
    'AWS': ('vpc_id', 'aws_account_id', 'route_table_cidr_block', 'accepter_region_name', 'connection_id'),
    'AZURE': ('azure_directory_id', 'azure_subscription_id', 'resource_group_name', 'vnet_name'),
    'GCP': ('gcp_project_id', 'network_name'),
}


def peering_status(item):
    """Atlas reports ``statusName`` for AWS and ``status`` for Azure and GCP."""
    item = item or {}
    return item.get('statusName') or item.get('status')


def peering_view(item):
    """Atlas's answer in snake_case, with ``status`` and ``error_state`` for every provider.

    ``error_state`` is AWS ``errorStateName``, Azure ``errorState`` or GCP ``errorMessage``.
    """
    view = snake_view(item)
    if not view:
        return view
    provider = view.get('provider_name') or 'AWS'
    view['status'] = peering_status(item)
    view['error_state'] = item.get('errorStateName') or item.get('errorState') or item.get('errorMessage')
    for name in PEER_FIELDS.get(provider, ()):
        view.setdefault(name, None)
    return view
