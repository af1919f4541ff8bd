#!/usr/bin/env python3
"""Task overhead: N no-op atlasops.networking.network_peering tasks versus N ansible.builtin.uri
tasks doing the same single GET, against the same private simulator, side by side.

Variants (each a playbook of N separate tasks on the implicit localhost):
  uri            ansible.builtin.uri GET /groups/{id}/peers?providerName=AWS (Digest auth)
  in_process     network_peering, no-op (the peering exists), run in process by its action plugin
  module_path    the same with ATLASOPS_NETWORKING_IN_PROCESS=false (AnsiballZ module process)
  info           network_peering_info in process (one GET, no comparison)

Per-task cost = (time of N tasks - time of an empty play) / N, median over --repeat runs.
Writes benchmarks/results/task_overhead.json.

    .venv/bin/python benchmarks/task_overhead.py [--tasks 50] [--repeat 3] [--pipelining] [--name NAME]
    .venv-py313/bin/python benchmarks/task_overhead.py --name task_overhead_py313
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402

HEADER = '''- hosts: localhost
  gather_facts: false
  tasks:
'''


def peering_task(url, group_id, container_id, module='network_peering'):
    body = benchlib.aws_peer_body(container_id, 1)
    if module == 'network_peering_info':
        options = '        provider_name: AWS\n'
    else:
        options = ('        container_id: "%s"\n        vpc_id: %s\n        aws_account_id: "%s"\n'
                   '        route_table_cidr_block: %s\n        accepter_region_name: %s\n'
                   % (container_id, body['vpcId'], body['awsAccountId'], body['routeTableCidrBlock'],
                      body['accepterRegionName']))
    return ('    - atlasops.networking.%s:\n        base_url: "%s"\n        public_key: %s\n'
            '        private_key: %s\n        project_id: "%s"\n%s'
            % (module, url, benchlib.PUBLIC_KEY, benchlib.PRIVATE_KEY, group_id, options))


def uri_task(url, group_id):
    return ('    - ansible.builtin.uri:\n        url: "%s/api/atlas/v2/groups/%s/peers?providerName=AWS&itemsPerPage=500"\n'
            '        url_username: %s\n        url_password: %s\n        headers: {Accept: "%s"}\n'
            % (url, group_id, benchlib.PUBLIC_KEY, benchlib.PRIVATE_KEY, benchlib.ACCEPT))


def playbook(task, count):
    if count == 0:
        return HEADER + '    - ansible.builtin.meta: noop\n'
    return HEADER + task * count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', type=int, default=50)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--pipelining', action='store_true', help='ANSIBLE_PIPELINING=true for every variant')
    parser.add_argument('--name', default=None,
                        help='results file benchmarks/results/NAME.json (default task_overhead[_pipelining]; '
                             'for example task_overhead_py313 for another venv)')
    options = parser.parse_args()
    base_env = {'ANSIBLE_PIPELINING': 'true' if options.pipelining else 'false'}

    with benchlib.simulator() as url, benchlib.collection_path() as collections:
        atlas = benchlib.Atlas(url)
        group_id = atlas.project()
        container_id = atlas.aws_container(group_id)
        peering = atlas.aws_peering(group_id, container_id, 1)
        atlas.accept(peering['id'])  # AVAILABLE: a PENDING_ACCEPTANCE peering also reads its container for next_steps
        variants = {
            'uri': (uri_task(url, group_id), {}),
            'in_process': (peering_task(url, group_id, container_id), {}),
            'module_path': (peering_task(url, group_id, container_id), {'ATLASOPS_NETWORKING_IN_PROCESS': 'false'}),
            'info': (peering_task(url, group_id, container_id, 'network_peering_info'), {}),
        }
        # warm-up (file caches, .pyc) and a check that every variant is a no-op
        for name, (task, env) in variants.items():
            _, process = benchlib.run_playbook(playbook(task, 1), collections, dict(base_env, **env))
            if 'changed=0' not in process.stdout or 'failed=0' not in process.stdout:
                sys.exit('%s is not a no-op:\n%s' % (name, process.stdout[-3000:]))

        timings = dict((name, []) for name in ['empty'] + list(variants))
        requests_per_task = {}
        for _ in range(options.repeat):
            elapsed, _ = benchlib.run_playbook(playbook('', 0), collections, base_env)
            timings['empty'].append(elapsed)
            for name, (task, env) in variants.items():
                before = atlas.counts(group_id)
                elapsed, _ = benchlib.run_playbook(playbook(task, options.tasks), collections, dict(base_env, **env))
                after = atlas.counts(group_id)
                timings[name].append(elapsed)
                requests_per_task[name] = dict((key, (after[key] - before[key]) / float(options.tasks)) for key in after)

    empty = statistics.median(timings['empty'])
    results = {'tasks': options.tasks, 'repeat': options.repeat, 'pipelining': options.pipelining,
               'python': sys.version.split()[0], 'empty_play_seconds': round(empty, 3), 'variants': {}}
    for name in variants:
        total = statistics.median(timings[name])
        results['variants'][name] = {
            'total_seconds': round(total, 3),
            'runs': [round(value, 3) for value in timings[name]],
            'per_task_ms': round((total - empty) / options.tasks * 1000, 1),
            'requests_per_task': requests_per_task[name],
        }
    uri_ms = results['variants']['uri']['per_task_ms']
    for name in variants:
        results['variants'][name]['ratio_to_uri'] = round(results['variants'][name]['per_task_ms'] / uri_ms, 2)
    try:
        import ansible
        results['ansible_core'] = ansible.__version__ if hasattr(ansible, '__version__') else None
        from ansible.release import __version__ as core_version
        results['ansible_core'] = core_version
    except ImportError:
        pass
    path = benchlib.save(options.name or 'task_overhead' + ('_pipelining' if options.pipelining else ''), results)
    print(json.dumps(results, indent=2))
    print('\n%-12s %10s %12s %8s %s' % ('variant', 'total s', 'per task ms', 'x uri', 'requests/task'))
    for name, value in results['variants'].items():
        print('%-12s %10.2f %12.1f %8.2f %s' % (name, value['total_seconds'], value['per_task_ms'], value['ratio_to_uri'],
                                              value['requests_per_task']))
    print('written to %s' % path)


if __name__ == '__main__':
    main()
