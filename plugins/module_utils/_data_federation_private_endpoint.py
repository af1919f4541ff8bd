# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""What data_federation_private_endpoint and its _info twin share: the endpoint id rules (an AWS
interface endpoint id or an Azure private endpoint resource id, which also tells the provider),
and Atlas's entry in snake_case with every documented key."""

from __future__ import annotations

import re

from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view

PROVIDERS = ('AWS', 'AZURE')
AWS_ENDPOINT_ID = r'^vpce-[0-9a-f]{17}$'
AZURE_ENDPOINT_ID = (r'(?i)^/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
                     r'/resourceGroups/[-\w.()]+/providers/Microsoft\.Network/privateEndpoints/[-\w.()]+$')
ENDPOINT_ID_RULE = ('an AWS interface endpoint id (vpce- and 17 lowercase hexadecimal digits, e.g. vpce-0a1b2c3d4e5f60718) '
                    'or an Azure private endpoint resource id (/subscriptions/<subscription id>/resourceGroups/<group>'
                    '/providers/Microsoft.Network/privateEndpoints/<name>)')
ENTRY_FIELDS = ('endpoint_id', 'provider', 'type', 'comment', 'region', 'customer_endpoint_dns_name',
                'azure_link_id', 'customer_endpoint_ip_address', 'status', 'error_message')


def provider_of(endpoint_id):
    """'AWS' or 'AZURE', from the form of an endpoint id; None when it has neither form."""
    if re.match(AWS_ENDPOINT_ID, endpoint_id):
        return 'AWS'
    if re.match(AZURE_ENDPOINT_ID, endpoint_id):
        return 'AZURE'
    return None


def endpoint_id(value):
    """The id, stripped; ValueError with the rule when it is neither an AWS nor an Azure endpoint id."""
    value = str(value).strip()
    if provider_of(value) is None:
        raise ValueError('%r is not a private endpoint id: must be %s' % (value, ENDPOINT_ID_RULE))
    return value


def same_endpoint_id(first, second):
    """Azure resource ids are case-insensitive (Atlas matches them so); AWS ids are lowercase anyway."""
    return str(first or '').lower() == str(second or '').lower()


def entry_view(item):
    """Atlas's entry in snake_case, with every documented key (null when Atlas omits it)."""
    view = snake_view(item)
    for key in ENTRY_FIELDS:
        view.setdefault(key, None)
    return view
