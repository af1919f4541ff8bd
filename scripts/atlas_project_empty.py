#!/usr/bin/env python3
"""Check through the Atlas Admin API that a project holds no networking resource at all.

    atlas_project_empty.py BASE_URL PROJECT_ID [--junit OUT_XML]

Credentials come from the environment, as the modules read them: MONGODB_ATLAS_PUBLIC_KEY and
MONGODB_ATLAS_PRIVATE_KEY (an API key, HTTP Digest). It reads every list of the project the
collection manages (containers of every provider, peerings, IP access list, stream private link
connections, backup private endpoints, private endpoint services of each provider and regional
mode, Data Federation and encryption-at-rest private endpoints) with plain HTTP requests, apart
from the collection's code, prints one line per list, and exits 1 when anything is left (a resource
still being deleted counts) or a list cannot be read. With --junit it also writes one JUnit test
case per list. Used by `make integration-realmode` after the suite ran in real Atlas mode; it
works against real Atlas the same way.
"""
import argparse
import os
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import requests
from requests.auth import HTTPDigestAuth

# (what, path under /api/atlas/v2/groups/{id}, media-type version)
LISTS = [
    ('network containers (every provider)', '/containers/all', '2023-01-01'),
    ('network peerings, AWS', '/peers?providerName=AWS', '2023-01-01'),
    ('network peerings, Azure', '/peers?providerName=AZURE', '2023-01-01'),
    ('network peerings, GCP', '/peers?providerName=GCP', '2023-01-01'),
    ('IP access list', '/accessList', '2023-01-01'),
    ('stream private link connections', '/streams/privateLinkConnections', '2023-02-01'),
    ('backup private endpoints, AWS', '/backup/AWS/privateEndpoints', '2024-11-13'),
    ('private endpoint services, AWS', '/privateEndpoint/AWS/endpointService', '2023-01-01'),
    ('private endpoint services, Azure', '/privateEndpoint/AZURE/endpointService', '2023-01-01'),
    ('private endpoint services, GCP', '/privateEndpoint/GCP/endpointService', '2023-01-01'),
    ('Data Federation private endpoints', '/privateNetworkSettings/endpointIds', '2023-01-01'),
    ('encryption-at-rest private endpoints, AWS', '/encryptionAtRest/AWS/privateEndpoints', '2023-01-01'),
    ('encryption-at-rest private endpoints, Azure', '/encryptionAtRest/AZURE/privateEndpoints', '2023-01-01'),
]
REGIONAL_MODE = ('regionalized private endpoints off', '/privateEndpoint/regionalMode', '2023-01-01')


def read(session, base, project, path, version):
    """Every item of one list (all pages), or raise with Atlas's answer."""
    items, page = [], 1
    while True:
        joiner = '&' if '?' in path else '?'
        url = '%s/api/atlas/v2/groups/%s%s%sitemsPerPage=500&pageNum=%d' % (base, project, path, joiner, page)
        answer = session.get(url, headers={'Accept': 'application/vnd.atlas.%s+json' % version}, timeout=60)
        if answer.status_code != 200:
            raise RuntimeError('GET %s: HTTP %d %s' % (url, answer.status_code, answer.text[:300]))
        body = answer.json()
        if isinstance(body, list):  # endpoint services: a bare array
            return body
        if 'results' not in body:  # a single object (regional mode)
            return body
        items += body['results']
        if not any(link.get('rel') == 'next' for link in body.get('links', [])):
            return items
        page += 1


def describe(item):
    keys = ('id', '_id', 'cidrBlock', 'providerName', 'provider', 'cloudProvider', 'regionName', 'region',
            'vpcId', 'vnetName', 'networkName', 'endpointId', 'status', 'state')
    return ', '.join('%s=%s' % (key, item[key]) for key in keys if key in item)


def check(session, base, project):
    """[(what, problem or '')] for every list."""
    outcome = []
    for what, path, version in LISTS:
        try:
            items = read(session, base, project, path, version)
        except (RuntimeError, requests.RequestException, ValueError) as error:
            outcome.append((what, 'not readable: %s' % error))
            continue
        problem = '%d left: %s' % (len(items), '; '.join(describe(item) for item in items)) if items else ''
        outcome.append((what, problem))
    what, path, version = REGIONAL_MODE
    try:
        enabled = read(session, base, project, path, version).get('enabled')
        outcome.append((what, 'regionalized private endpoints are enabled' if enabled else ''))
    except (RuntimeError, requests.RequestException, ValueError, AttributeError) as error:
        outcome.append((what, 'not readable: %s' % error))
    return outcome


def write_junit(path, outcome):
    suite = ElementTree.Element('testsuite', name='project left empty', tests=str(len(outcome)),
                                failures=str(sum(1 for _, problem in outcome if problem)))
    for what, problem in outcome:
        case = ElementTree.SubElement(suite, 'testcase', classname='project_empty', name=what)
        if problem:
            ElementTree.SubElement(case, 'failure', message=problem)
    root = ElementTree.Element('testsuites')
    root.append(suite)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(root).write(path, encoding='utf-8', xml_declaration=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('base_url')
    parser.add_argument('project_id')
    parser.add_argument('--junit')
    args = parser.parse_args()
    session = requests.Session()
    session.auth = HTTPDigestAuth(os.environ['MONGODB_ATLAS_PUBLIC_KEY'], os.environ['MONGODB_ATLAS_PRIVATE_KEY'])
    outcome = check(session, args.base_url.rstrip('/'), args.project_id)
    for what, problem in outcome:
        print('project %s, %s: %s' % (args.project_id, what, problem or 'ok'))
    if args.junit:
        write_junit(args.junit, outcome)
    left = [what for what, problem in outcome if problem]
    print('project %s: %s' % (args.project_id, 'NOT empty: ' + ', '.join(left) if left else 'empty (%d lists read)' % len(outcome)))
    return 1 if left else 0


if __name__ == '__main__':
    sys.exit(main())
