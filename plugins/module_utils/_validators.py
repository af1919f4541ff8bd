# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Plain validation helpers the pydantic models call. Each raises ValueError with a sentence
that says what is wrong and what the rule is; the engine prefixes the option name."""

from __future__ import annotations

import ipaddress
import re

from urllib.parse import urlsplit

ATLAS_ID_PATTERN = r'^([a-f0-9]{24})$'
RFC1918_NETWORKS = tuple(ipaddress.ip_network(net) for net in ('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'))


def match(value, pattern, rule):
    """Check ``value`` against a regular expression; ``rule`` words the expectation for humans."""
    if not re.match(pattern, value):
        raise ValueError('%r is not valid: must be %s (pattern %s)' % (value, rule, pattern))
    return value


def matching(pattern, rule):
    """A check (for option_rule) that a value matches ``pattern``; ``rule`` words the expectation."""
    return lambda value: match(value, pattern, rule)


def one_of(value, allowed, what):
    if value not in allowed:
        raise ValueError('%r is not a known %s; expected one of: %s' % (value, what, ', '.join(allowed)))
    return value


def cidr_block(value, require_canonical=True):
    """A CIDR block in canonical network form ('10.0.0.0/16'), IPv4 or IPv6."""
    if '/' not in str(value):
        raise ValueError('%r is not in CIDR notation (address/prefix, for example 10.0.0.0/16)' % (value,))
    try:
        network = ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        raise ValueError('%r is not a valid CIDR block (address/prefix, for example 10.0.0.0/16)' % (value,))
    if require_canonical and str(network) != str(value):
        raise ValueError('%r has host bits set; its canonical form is %s' % (value, network))
    return str(network)


def private_ipv4_cidr(value, min_prefix, max_prefix, provider):
    """An RFC 1918 IPv4 block whose prefix length lies in [min_prefix, max_prefix]."""
    canonical = cidr_block(value)
    network = ipaddress.ip_network(canonical)
    if network.version != 4 or not any(network.subnet_of(private) for private in RFC1918_NETWORKS):
        raise ValueError('%s must be inside an RFC 1918 private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)'
                         % canonical)
    if not min_prefix <= network.prefixlen <= max_prefix:
        raise ValueError('%s is a /%d block; %s requires a block between /%d and /%d'
                         % (canonical, network.prefixlen, provider, min_prefix, max_prefix))
    return canonical


# What the Atlas docs print as "the base URL" ends with this; base_url may carry it (it is taken off).
API_BASE_PATH = '/api/atlas/v2'


def atlas_base_url(value):
    """The site part of an Atlas base URL: ``https://cloud.mongodb.com``, ``http://127.0.0.1:8080``.

    A trailing ``/`` or ``/api/atlas/v2`` is taken off (both forms are what users copy from the
    Atlas docs); anything that is not an http(s) URL of a host, or that points elsewhere into the
    API, is refused. A user name or password in the URL is refused without echoing the URL.
    """
    text = str(value).strip()
    parts = urlsplit(text)
    if '@' in parts.netloc:
        raise ValueError('must not contain a user name or password; give the credentials in their own options')
    if parts.scheme.lower() not in ('https', 'http') or not parts.netloc or not parts.hostname:
        raise ValueError('%r is not an http(s) URL: it must start with https:// (http:// only for a local '
                         'simulator) and name a host, for example https://cloud.mongodb.com' % text)
    try:
        parts.port  # pylint: disable=pointless-statement
    except ValueError:
        raise ValueError('%r has an invalid port' % text)
    if parts.query or parts.fragment:
        raise ValueError('%r must not have a query (?...) or a fragment (#...)' % text)
    path = parts.path.rstrip('/')
    if path.endswith(API_BASE_PATH):
        path = path[:-len(API_BASE_PATH)]
    if '/api/' in path + '/':
        raise ValueError('%r points into the API (%s); give the site only, for example https://cloud.mongodb.com '
                         '(a trailing %s is accepted)' % (text, parts.path, API_BASE_PATH))
    return '%s://%s%s' % (parts.scheme.lower(), parts.netloc, path)


DNS_NAME_PATTERN = r'^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$'


def dns_name(value):
    """A DNS name (labels of letters, digits, '-' and '_', at most 253 characters; a trailing dot allowed)."""
    return match(str(value).strip(), DNS_NAME_PATTERN, 'a DNS name such as vpce-0a1b2c3d.vpce-svc-0a1b.us-east-1.vpce.amazonaws.com')


def ip_address(value):
    """An IPv4 or IPv6 address, in its canonical text form."""
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ValueError('%r is not an IPv4 or IPv6 address' % (value,))
