#!/usr/bin/env python3
"""Requests per run of the cluster private endpoint modules, counted from the simulator's request log.

Each row is one module run (one ansible-playbook) against a simulator with --transition-seconds 0 (so
waiting never polls). The target: a no-op costs one list GET per module; an endpoint also reads itself
(Atlas lists endpoint ids only, never their details). Writes benchmarks/results/requests_count_private_endpoints.json.

    .venv/bin/python benchmarks/requests_count_private_endpoints.py
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402
from requests_count import Counter  # noqa: E402

VPCE = 'vpce-0a1b2c3d4e5f60718'
OTHER_VPCE = 'vpce-0a1b2c3d4e5f60719'


def main():
    started = time.monotonic()
    with benchlib.simulator() as url, benchlib.collection_path() as collections:
        counter = Counter(url, collections)
        group = counter.atlas.project()
        run = counter.run

        service = dict(provider_name='AWS', region='us-east-1')
        run('create, wait: false', 'private_endpoint_service', dict(service, wait=False), group, True,
            limits=dict(gets=1, posts=1))
        run('no-op (the list of AWS services)', 'private_endpoint_service', service, group, False,
            limits=dict(gets=1, writes=0))
        run('no-op, region in Atlas form', 'private_endpoint_service', dict(service, region='US_EAST_1'), group, False,
            limits=dict(gets=1, writes=0))
        remote = dict(service, supported_remote_regions=['us-west-2'])
        run('update supported_remote_regions (PATCH)', 'private_endpoint_service', remote, group, True,
            limits=dict(gets=1, writes=1))
        run('clear with [] (PATCH)', 'private_endpoint_service', dict(service, supported_remote_regions=[]), group,
            True, limits=dict(gets=1, writes=1))
        run('no-op after clearing: [] and Atlas null alike', 'private_endpoint_service', dict(service, supported_remote_regions=[]), group,
            False, limits=dict(gets=1, writes=0))
        service_id = counter.atlas.api('GET', '/groups/%s/privateEndpoint/AWS/endpointService' % group)[0]['id']

        endpoint = dict(provider_name='AWS', region='us-east-1', endpoint_id=VPCE)
        run('register, wait: false (list + POST)', 'private_endpoint', dict(endpoint, wait=False), group, True,
            limits=dict(gets=1, posts=1))
        run('no-op by region (list + the endpoint)', 'private_endpoint', endpoint, group, False,
            limits=dict(gets=2, writes=0))
        by_id = dict(provider_name='AWS', endpoint_service_id=service_id, endpoint_id=VPCE)
        run('no-op by endpoint_service_id (service + the endpoint)', 'private_endpoint', by_id, group, False,
            limits=dict(gets=2, writes=0))
        run('absent, not registered (list only)', 'private_endpoint', dict(endpoint, endpoint_id=OTHER_VPCE,
                                                                          state='absent'), group, False,
            limits=dict(gets=1, writes=0))
        run('register a second one', 'private_endpoint', dict(endpoint, endpoint_id=OTHER_VPCE, wait=False), group,
            True, limits=dict(gets=1, posts=1))
        run('read: the service and each endpoint', 'private_endpoint_info', dict(provider_name='AWS', region='us-east-1'),
            group, False, limits=dict(gets=3, writes=0))
        run('delete, another remains (+1 GET: is it the last?)', 'private_endpoint',
            dict(endpoint, endpoint_id=OTHER_VPCE, state='absent', wait=False), group, True,
            limits=dict(gets=3, writes=1))
        run('delete the last, wait (+1 GET until gone, +1 GET of the service)', 'private_endpoint',
            dict(endpoint, state='absent'), group, True, limits=dict(gets=4, writes=1))

        run('read every provider (one list each)', 'private_endpoint_service_info', {}, group, False,
            limits=dict(gets=3, writes=0))
        run('read one provider', 'private_endpoint_service_info', dict(provider_name='AWS'), group, False,
            limits=dict(gets=1, writes=0))

        run('no-op', 'private_endpoint_regional_mode', dict(enabled=False), group, False, limits=dict(gets=1, writes=0))
        run('change (GET + PATCH)', 'private_endpoint_regional_mode', dict(enabled=True), group, True,
            limits=dict(gets=1, writes=1))
        run('no-op', 'private_endpoint_regional_mode', dict(enabled=True), group, False, limits=dict(gets=1, writes=0))

    results = dict(rows=counter.rows, seconds=round(time.monotonic() - started, 1),
                   all_ok=all(row['ok'] for row in counter.rows))
    print('written to %s; all within limits: %s'
          % (benchlib.save('requests_count_private_endpoints', results), results['all_ok']))
    return 0 if results['all_ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
