# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""What access_list and access_list_info share: the identity of an entry and where its status is read.

Identity: an IP address and its /32 (/128 for IPv6) are the same entry, because Atlas stores an
``ipAddress`` entry with ``cidrBlock`` = ``<ip>/32``; CIDRs compare in canonical network form;
security groups compare by their id.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ACCESS_LIST


def network_key(text):
    """The canonical network of an address or CIDR: an address becomes its /32 or /128."""
    return str(ipaddress.ip_network(str(text).strip(), strict=False))


def item_key(item):
    """The identity of an Atlas entry (camelCase), or of a desired entry (snake_case)."""
    cidr = item.get('cidrBlock', item.get('cidr_block'))
    address = item.get('ipAddress', item.get('ip_address'))
    group = item.get('awsSecurityGroup', item.get('aws_security_group'))
    try:
        if cidr:
            return network_key(cidr)
        if address:
            return network_key(address)
    except ValueError:
        return str(cidr or address)
    return group


def entry_path(group_id, key, suffix=''):
    """The path of one entry (``suffix`` '/status' for its status); quote(safe='') escapes the CIDR's '/' as %2F."""
    return ACCESS_LIST.item(key, group_id=group_id) + suffix


def read_status(client, group_id, key):
    """The STATUS of one entry (PENDING, ACTIVE or FAILED); raises AtlasApiError (404 when Atlas does not know it)."""
    return (client.get(entry_path(group_id, key, '/status'), ACCESS_LIST.version('get')) or {}).get('STATUS')
