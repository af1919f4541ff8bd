#!/usr/bin/env python3
"""Requests per run of the Data Federation (DF) and encryption-at-rest (EAR) private endpoint modules,
counted from the simulator's request log, with requests_count.py's Counter.

DF: register (1 GET + 1 POST: the entry comes from the POST's answer, the whole list), no-op (1 GET),
comment change (1 GET + 1 POST), remove (1 GET + 1 DELETE), info (1 GET); among more entries than the
POST's answer holds (page 1, 100 entries), the lookup reads pages of 500 and the new entry is read
once more. EAR: create (1 GET + 1 POST), no-op (1 GET), delete (1 GET + 1 DELETE), info (1 GET per
provider). Writes benchmarks/results/requests_count_df_ear.json; exits 1 when a row exceeds its limit.

    .venv/bin/python benchmarks/requests_count_df_ear.py [--entries 600]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402
from requests_count import Counter  # noqa: E402

DNS = 'vpce-0a1b2c3d4e5f60718-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com'
AZURE_ID = ('/subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/analytics/providers/'
            'Microsoft.Network/privateEndpoints/atlas-federation')


def data_federation_rows(counter, group, entries):
    create, noop = dict(gets=1, posts=1), dict(gets=1, writes=0)
    endpoint = dict(endpoint_id='vpce-0a1b2c3d4e5f60718', comment='analytics', region='US_EAST_1',
                    customer_endpoint_dns_name=DNS, wait=True)
    counter.run('register (wait: OK in the POST answer)', 'data_federation_private_endpoint', endpoint, group, True,
                limits=create)
    counter.run('no-op', 'data_federation_private_endpoint', endpoint, group, False, limits=noop)
    counter.run('comment changed in place', 'data_federation_private_endpoint', dict(endpoint, comment='production'),
                group, True, limits=create)
    azure = dict(endpoint_id=AZURE_ID, azure_link_id='1234', customer_endpoint_ip_address='10.2.0.5')
    counter.run('register an Azure endpoint', 'data_federation_private_endpoint', azure, group, True, limits=create)
    counter.run('remove the Azure endpoint (id URL-encoded)', 'data_federation_private_endpoint',
                dict(azure, state='absent'), group, True, limits=dict(gets=1, writes=1))
    counter.run('read', 'data_federation_private_endpoint_info', {}, group, False, limits=noop)

    big = counter.atlas.project()
    for number in range(entries):
        counter.atlas.api('POST', '/groups/%s/privateNetworkSettings/endpointIds' % big,
                          {'endpointId': 'vpce-%017x' % number, 'provider': 'AWS'})
    pages = -(-entries // 500)
    last = dict(endpoint_id='vpce-%017x' % (entries - 1))
    counter.run('lookup: the last of %d entries (no-op)' % entries, 'data_federation_private_endpoint', last, big,
                False, limits=dict(gets=pages, writes=0))
    new = dict(endpoint_id='vpce-%017x' % (entries + 1), comment='new')
    counter.run('register among %d entries (+1 GET: not in the POST answer)' % entries,
                'data_federation_private_endpoint', new, big, True, limits=dict(gets=-(-(entries + 1) // 500) + 1, posts=1))


def encryption_at_rest_rows(counter, group):
    requests.patch(counter.url + '/_sim/projects/%s/private_networking' % group,
                   json={'ear_require_private_networking': {'AWS': True, 'AZURE': True}}, timeout=10).raise_for_status()
    create, noop = dict(gets=1, posts=1), dict(gets=1, writes=0)
    aws = dict(cloud_provider='AWS', region_name='US_EAST_1')
    counter.run('create', 'encryption_at_rest_private_endpoint', aws, group, True, limits=create)
    counter.run('no-op', 'encryption_at_rest_private_endpoint', aws, group, False, limits=noop)
    azure = dict(cloud_provider='AZURE', region_name='US_EAST_2', wait=True)
    counter.run('create, wait until it needs approval', 'encryption_at_rest_private_endpoint', azure, group, True,
                limits=dict(gets=2, posts=1))
    counter.run('no-op, waits for approval (approval returned)', 'encryption_at_rest_private_endpoint', azure, group,
                False, limits=noop)
    counter.run('read both providers', 'encryption_at_rest_private_endpoint_info', {}, group, False,
                limits=dict(gets=2, writes=0))
    counter.run('read one provider', 'encryption_at_rest_private_endpoint_info', dict(cloud_provider='AWS'), group,
                False, limits=noop)
    counter.run('delete', 'encryption_at_rest_private_endpoint', dict(aws, state='absent'), group, True,
                limits=dict(gets=1, writes=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--entries', type=int, default=600)
    options = parser.parse_args()
    started = time.monotonic()
    with benchlib.simulator() as url, benchlib.collection_path() as collections:
        counter = Counter(url, collections)
        data_federation_rows(counter, counter.atlas.project(), options.entries)
        encryption_at_rest_rows(counter, counter.atlas.project())
    results = dict(rows=counter.rows, entries=options.entries, seconds=round(time.monotonic() - started, 1),
                   all_ok=all(row['ok'] for row in counter.rows))
    print('written to %s; all within limits: %s' % (benchlib.save('requests_count_df_ear', results), results['all_ok']))
    return 0 if results['all_ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
