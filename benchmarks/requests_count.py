#!/usr/bin/env python3
"""Requests per module run, counted from the simulator's request log (GET /_sim/requests?group_id=).

For each resource module: create (expected 1 GET + 1 POST), then the same task again (a no-op,
expected 1 GET); for each _info module one run (1 GET when the project holds at most 500 items,
one page). Then a project with 2,000 AWS peerings: ensuring the last one (a no-op) and a new one
(a create) must each cost at most 4 GETs (pages of 500). HTTP Digest 401 challenges (one per
module run: every run opens a new HTTP session) are counted apart; a run with a service account
(client_id/client_secret, a cached bearer token) has none.
Writes benchmarks/results/requests_count.json.

    .venv/bin/python benchmarks/requests_count.py [--peerings 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402

MSK_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1'


def task_yaml(module, args, url, group_id, credentials='api_key'):
    args = dict(args, base_url=url, project_id=group_id)
    if credentials == 'api_key':
        args.update(public_key=benchlib.PUBLIC_KEY, private_key=benchlib.PRIVATE_KEY)
    else:
        args.update(client_id='mdb_sa_id_atlassim', client_secret='mdb_sa_sk_atlassim')
    return ('- hosts: localhost\n  gather_facts: false\n  tasks:\n    - atlasops.networking.%s: %s\n      register: out\n'
            '    - ansible.builtin.debug: {var: out.changed}\n' % (module, json.dumps(args)))


class Counter(object):
    def __init__(self, url, collections):
        self.url, self.collections = url, collections
        self.atlas = benchlib.Atlas(url)
        self.rows = []

    def run(self, label, module, args, group_id, expect_changed, credentials='api_key', limits=None):
        before = self.atlas.counts(group_id)
        seen = len(self.atlas.log(group_id))
        tokens_before = self.token_requests()
        _, process = benchlib.run_playbook(task_yaml(module, args, self.url, group_id, credentials), self.collections)
        after = self.atlas.counts(group_id)
        changed = '"out.changed": true' in process.stdout
        row = dict(case=label, module=module, changed=changed, credentials=credentials,
                   token_requests=self.token_requests() - tokens_before,
                   **dict((key, after[key] - before[key]) for key in after))
        row['requests'] = ['%s %s %s?%s' % (entry['status'], entry['method'], entry['path'].split('/groups/')[-1].split('/', 1)[-1],
                                            entry.get('query') or '') for entry in self.atlas.log(group_id)[seen:]]
        row['ok'] = changed == expect_changed and all(row[key] <= value for key, value in (limits or {}).items())
        self.rows.append(row)
        print('%-52s %-30s GET %d POST %d writes %d  401s %d  tokens %d  %s'
              % (label, module, row['gets'], row['posts'], row['writes'], row['challenges'], row['token_requests'],
                 'ok' if row['ok'] else 'NOT OK'))
        if not row['ok']:
            print('    ' + '\n    '.join(row['requests']))
        return row

    def token_requests(self):
        answer = requests.get(self.url + '/_sim/requests', timeout=30).json()
        entries = answer['requests'] if isinstance(answer, dict) else answer
        return sum(1 for entry in entries if 'token' in entry['path'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--peerings', type=int, default=2000)
    options = parser.parse_args()
    started = time.monotonic()
    with benchlib.simulator() as url, benchlib.collection_path() as collections:
        counter = Counter(url, collections)
        atlas = counter.atlas
        group = atlas.project()
        create, noop = dict(gets=1, posts=1), dict(gets=1, writes=0)

        container = dict(provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')
        counter.run('create', 'network_container', container, group, True, limits=create)
        counter.run('no-op', 'network_container', container, group, False, limits=noop)
        container_id = atlas.api('GET', '/groups/%s/containers?providerName=AWS' % group)['results'][0]['id']
        body = benchlib.aws_peer_body(container_id, 7)
        peering = dict(container_id=container_id, vpc_id=body['vpcId'], aws_account_id=body['awsAccountId'],
                       route_table_cidr_block=body['routeTableCidrBlock'], accepter_region_name='us-east-1')
        counter.run('create', 'network_peering', peering, group, True, limits=create)
        counter.run('no-op, PENDING_ACCEPTANCE (+1 GET: container for next_steps)', 'network_peering', peering,
                    group, False, limits=dict(gets=2, writes=0))
        peer_id = atlas.api('GET', '/groups/%s/peers?providerName=AWS' % group)['results'][0]['id']
        atlas.group_of[peer_id] = group
        atlas.accept(peer_id)
        # Atlas reports no accepter region for a VPC in the container's region: +1 GET of the container to compare.
        counter.run('no-op, AVAILABLE (+1 GET: container for the null region)', 'network_peering', peering, group, False,
                    limits=dict(gets=2, writes=0))
        entries = dict(entries=[dict(cidr_block='203.0.113.0/24', comment='Office')])
        counter.run('create', 'access_list', entries, group, True, limits=create)
        counter.run('no-op', 'access_list', entries, group, False, limits=noop)
        backup = dict(region_name='US_EAST_1')
        counter.run('create', 'backup_private_endpoint', backup, group, True, limits=create)
        counter.run('no-op', 'backup_private_endpoint', backup, group, False, limits=noop)
        stream = dict(provider='AWS', vendor='MSK', arn=MSK_ARN)
        counter.run('create', 'stream_privatelink', stream, group, True, limits=create)
        counter.run('no-op', 'stream_privatelink', stream, group, False, limits=noop)
        for module, args in (('network_container_info', {}), ('network_peering_info', {}), ('access_list_info', {}),
                             ('backup_private_endpoint_info', dict(cloud_provider='AWS')),
                             ('stream_privatelink_info', {})):
            counter.run('read', module, args, group, False, limits=dict(gets=1, writes=0))
        counter.run('no-op with a service account (no 401 challenge)', 'network_container', container, group, False,
                    credentials='service_account', limits=dict(gets=1, writes=0, challenges=0))
        counter.run('no-op with a service account, token cached', 'network_container', container, group, False,
                    credentials='service_account', limits=dict(gets=1, writes=0, challenges=0))

        big = atlas.project()
        big_container = atlas.aws_container(big)
        seed_started = time.monotonic()
        last = None
        for number in range(options.peerings):
            last = atlas.aws_peering(big, big_container, number)
        seed_seconds = time.monotonic() - seed_started
        atlas.accept(last['id'])
        body = benchlib.aws_peer_body(big_container, options.peerings - 1)
        existing = dict(container_id=big_container, vpc_id=body['vpcId'], aws_account_id=body['awsAccountId'],
                        route_table_cidr_block=body['routeTableCidrBlock'], accepter_region_name='us-east-1')
        pages = -(-options.peerings // 500)
        counter.run('lookup: the last of %d peerings (no-op, +1 GET: container)' % options.peerings, 'network_peering',
                    existing, big, False, limits=dict(gets=pages + 1, writes=0))
        body = benchlib.aws_peer_body(big_container, options.peerings + 1)
        new = dict(existing, vpc_id=body['vpcId'], route_table_cidr_block=body['routeTableCidrBlock'])
        counter.run('lookup: a new peering among %d (create)' % options.peerings, 'network_peering', new, big, True,
                    limits=dict(gets=pages, posts=1))
        counter.run('read %d peerings' % (options.peerings + 1), 'network_peering_info', {}, big, False,
                    limits=dict(gets=pages + 1, writes=0))

    results = dict(rows=counter.rows, seed_seconds=round(seed_seconds, 1), peerings=options.peerings,
                   seconds=round(time.monotonic() - started, 1), all_ok=all(row['ok'] for row in counter.rows))
    print('written to %s; all within limits: %s' % (benchlib.save('requests_count', results), results['all_ok']))
    return 0 if results['all_ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
