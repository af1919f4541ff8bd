#!/usr/bin/env python3
"""Scale: the atlasops.networking.peering role applied to many projects at once under a rate limit.

One inventory host per Atlas project (``ansible_connection=local``, ``atlas_peering_project_id`` as
a host variable), each peering an AWS VPC (and, with ``--second-provider GCP``, a GCP network too)
in its own project, run with ``--forks`` against a private simulator started with
``--rate-limit N`` (requests per minute per project, a token bucket that starts full). The role's
own defaults apply (``atlas_peering_wait: true``). Then the same playbook again, which must report
``changed=0`` on every host.

Reported per run: failures, wall time, requests per project (from ``GET /_sim/requests``), 429s
received and whether each was retried, service-account tokens fetched, completion times per
project (from a small callback plugin); after the first run, the simulator state of every project
(``GET /_sim/state``) must hold exactly one container, one peering and one access-list entry per
provider. Also the floor the rate limit sets (see ``floor()``).

Authentication: a service account (``MONGODB_ATLAS_CLIENT_ID``/``_SECRET``) with
``ATLASOPS_TOKEN_CACHE_DIR`` in a temporary directory (``--auth api-key`` for HTTP Digest).

Writes benchmarks/results/scale.json (``--name`` to change). Exit status 1 when a target is missed
(a failure, a duplicate or a missing resource, a change in the second run).

    .venv/bin/python benchmarks/scale.py [--projects 200] [--forks 20] [--rate-limit 100]
        [--strategy linear|free] [--second-provider GCP] [--transition-seconds 0] [--auth service-account|api-key]
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402

import benchlib  # noqa: E402

CLIENT_ID, CLIENT_SECRET = 'mdb_sa_id_atlassim', 'mdb_sa_sk_atlassim'
AWS_CIDR, GCP_CIDR = '192.168.248.0/21', '10.128.0.0/18'

# An aggregate callback that appends one JSON line per task result (controller time, host, task,
# status) to $SCALE_EVENTS; the benchmark turns it into per-project completion times.
CALLBACK = '''
from __future__ import annotations
import json, os, time
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: scale_events
type: aggregate
short_description: task results with timestamps, for benchmarks/scale.py
description: [task results with timestamps]
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'scale_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._out = open(os.environ['SCALE_EVENTS'], 'a')

    def _event(self, status, result):
        self._out.write(json.dumps({'t': time.time(), 'host': result._host.get_name(),
                                    'task': result._task.get_name(), 'status': status,
                                    'changed': bool(result._result.get('changed'))}) + '\\n')
        self._out.flush()

    def v2_playbook_on_start(self, playbook):
        self._out.write(json.dumps({'t': time.time(), 'start': True}) + '\\n')
        self._out.flush()

    def v2_runner_on_ok(self, result):
        self._event('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._event('failed', result)

    def v2_runner_on_skipped(self, result):
        self._event('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._event('unreachable', result)
'''

RECAP = re.compile(r'^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+'
                   r'rescued=(\d+)\s+ignored=(\d+)', re.M)


def playbook(strategy, second_provider):
    text = '''- name: Peer every project (one host per project)
  hosts: atlas_projects
  gather_facts: false
  strategy: %s
  tasks:
    - name: Peer the AWS VPC
      ansible.builtin.include_role:
        name: atlasops.networking.peering
      vars:
        atlas_peering_provider: AWS
        atlas_peering_region: US_EAST_1
        atlas_peering_atlas_cidr_block: %s
        atlas_peering_vpc_id: "{{ scale_vpc_id }}"
        atlas_peering_aws_account_id: "123456789012"
        atlas_peering_route_table_cidr_block: "{{ scale_route_table_cidr_block }}"
''' % (strategy, AWS_CIDR)
    if second_provider == 'GCP':
        text += '''
    - name: Peer the GCP network
      ansible.builtin.include_role:
        name: atlasops.networking.peering
      vars:
        atlas_peering_provider: GCP
        atlas_peering_atlas_cidr_block: %s
        atlas_peering_gcp_project_id: "{{ scale_gcp_project }}"
        atlas_peering_network_name: app-network
''' % GCP_CIDR
    return text


def inventory(groups):
    lines = ['[atlas_projects]']
    for number, group_id in enumerate(groups, 1):
        lines.append('p%04d ansible_connection=local ansible_python_interpreter=%s atlas_peering_project_id=%s '
                     'scale_vpc_id=vpc-%017x scale_route_table_cidr_block=10.%d.%d.0/24 scale_gcp_project=app-gcp-%04d'
                     % (number, sys.executable, group_id, number, number // 256 % 256, number % 256, number))
    return '\n'.join(lines) + '\n'


def run(workdir, url, options, label):
    """Run the playbook once; return a dict of what happened (the process output is kept on failure)."""
    events_path = os.path.join(workdir, 'events-%s.jsonl' % label)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=options.collections, ANSIBLE_HOST_KEY_CHECKING='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_CALLBACK_PLUGINS=os.path.join(workdir, 'callbacks'), ANSIBLE_CALLBACKS_ENABLED='scale_events',
               ANSIBLE_DISPLAY_SKIPPED_HOSTS='false', ANSIBLE_DISPLAY_OK_HOSTS='false', ANSIBLE_RETRY_FILES_ENABLED='false',
               SCALE_EVENTS=events_path, MONGODB_ATLAS_BASE_URL=url)
    for name in ('MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_CLIENT_ID',
                 'MONGODB_ATLAS_CLIENT_SECRET', 'MONGODB_ATLAS_PROJECT_ID'):
        env.pop(name, None)
    if options.auth == 'service-account':
        env.update(MONGODB_ATLAS_CLIENT_ID=CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET=CLIENT_SECRET,
                   ATLASOPS_TOKEN_CACHE_DIR=os.path.join(workdir, 'tokens'))
    else:
        env.update(MONGODB_ATLAS_PUBLIC_API_KEY=benchlib.PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY=benchlib.PRIVATE_KEY)
    command = [benchlib.tool('ansible-playbook'), '-i', os.path.join(workdir, 'inventory.ini'), '-f', str(options.forks),
               os.path.join(workdir, 'playbook.yml')]
    started, before = time.time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=options.timeout)
        returncode, stdout, stderr = process.returncode, process.stdout, process.stderr
    except subprocess.TimeoutExpired as error:
        returncode, stdout, stderr = 'timeout', (error.stdout or b'').decode(errors='replace'), ''
    wall, after = time.time() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    # ansible-playbook and every process it waited for (forked workers, module processes), not the simulator:
    # on a shared machine the wall time swings with the load, the CPU time much less.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    recap = dict((match.group(1), dict(zip(('ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'),
                                           map(int, match.groups()[1:]))))
                 for match in RECAP.finditer(stdout))
    events = []
    if os.path.exists(events_path):
        with open(events_path) as handle:
            events = [json.loads(line) for line in handle if line.strip()]
    start = next((event['t'] for event in events if event.get('start')), started)
    done = {}
    task_times = []
    for event in events:
        if 'host' in event:
            done[event['host']] = max(done.get(event['host'], 0), event['t'] - start)
            task_times.append(round(event['t'] - start, 3))
    # Where the time goes (strategy linear: a task runs on every host before the next one starts):
    # seconds from the last result of the previous task to the last result of this one.
    spans = collections.OrderedDict()
    for event in events:
        if 'host' in event:
            first_seen, last_seen = spans.get(event['task'], (event['t'], event['t']))
            spans[event['task']] = (min(first_seen, event['t']), max(last_seen, event['t']))
    seconds_by_task, previous = collections.OrderedDict(), start
    for task, (_, last_seen) in spans.items():
        seconds_by_task[task] = round(last_seen - previous, 1)
        previous = max(previous, last_seen)
    failed_tasks = [event for event in events if event.get('status') in ('failed', 'unreachable')]
    changed_tasks = collections.Counter(event['task'] for event in events if event.get('changed'))
    result = {
        'returncode': returncode,
        'wall_seconds': round(wall, 1),
        'controller_cpu_seconds': round(cpu, 1),
        'load_average_after': os.getloadavg(),
        'hosts_in_recap': len(recap),
        'failed_hosts': sorted(host for host, row in recap.items() if row['failed'] or row['unreachable']),
        'changed_hosts': sum(1 for row in recap.values() if row['changed']),
        'changed_tasks_total': sum(row['changed'] for row in recap.values()),
        'changed_by_task': dict(changed_tasks),
        'task_results': len(task_times),
        'seconds_by_task': seconds_by_task,
        'tasks_per_host': round(statistics.mean(row['ok'] + row['skipped'] + row['failed'] for row in recap.values()), 1)
        if recap else None,
        'project_done_seconds': sorted(round(value, 2) for value in done.values()),
        'task_done_seconds': sorted(task_times),
        'warnings': len(re.findall(r'^\[WARNING\]', stdout + stderr, re.M)),
    }
    if returncode != 0 or failed_tasks:
        result['output_tail'] = stdout[-6000:] + '\n' + stderr[-3000:]
        result['first_failures'] = failed_tasks[:5]
    return result


def request_stats(url, groups):
    """Requests per project, 429s and whether each was retried, tokens fetched: from the request log."""
    log = requests.get(url + '/_sim/requests', timeout=60).json()['requests']
    ours = set(groups)
    per_group = collections.defaultdict(list)
    tokens = collections.Counter()
    for entry in log:
        if entry.get('group_id') in ours:
            per_group[entry['group_id']].append(entry)
        elif entry['path'].startswith('/api/oauth/token'):
            tokens[entry['status']] += 1
    counts = [len(per_group[group]) for group in groups]
    authenticated = [sum(1 for entry in per_group[group] if entry['status'] not in (401, 429)) for group in groups]
    methods = collections.Counter(entry['method'] for group in groups for entry in per_group[group]
                                  if entry['status'] not in (401, 429))
    received = retried = 0
    for group in groups:
        entries = per_group[group]
        for index, entry in enumerate(entries):
            if entry['status'] == 429:
                received += 1
                if any(later['method'] == entry['method'] and later['path'] == entry['path'] and later['status'] != 429
                       for later in entries[index + 1:]):
                    retried += 1
    statuses = collections.Counter(entry['status'] for group in groups for entry in per_group[group])
    return {
        'requests_total': sum(counts),
        'requests_per_project': {'min': min(counts), 'median': statistics.median(counts), 'max': max(counts),
                                 'mean': round(statistics.mean(counts), 2)},
        'answered_per_project': {'min': min(authenticated), 'median': statistics.median(authenticated),
                                 'max': max(authenticated)},
        'per_method_per_project': dict((method, round(count / float(len(groups)), 2)) for method, count in methods.items()),
        'statuses': dict((str(status), count) for status, count in sorted(statuses.items())),
        'http_429_received': received,
        'http_429_retried': retried,
        'digest_401_challenges': statuses.get(401, 0),
        'token_requests': dict((str(status), count) for status, count in tokens.items()),
        'tokens_fetched': tokens.get(200, 0),
        'other_log_entries': len(log) - sum(counts) - sum(tokens.values()),
    }


def api_get(atlas, path):
    """GET through the rate limit: wait as long as a 429 says."""
    for _ in range(20):
        response = atlas.session.get(atlas.url + '/api/atlas/v2' + path, timeout=30)
        if response.status_code != 429:
            response.raise_for_status()
            return response.json()
        time.sleep(float(response.headers.get('Retry-After', 1)))
    response.raise_for_status()


def check_state(url, groups, second_provider):
    """Exactly one container, one peering, one access-list entry per provider in every project."""
    state = requests.get(url + '/_sim/state', timeout=60).json()
    atlas = benchlib.Atlas(url)
    projects = state['projects']
    problems = []
    totals = collections.Counter()
    for number, group in enumerate(groups, 1):
        project = projects.get(group, {})
        containers = list(project.get('containers', {}).values())
        peers = list(project.get('peers', {}).values())
        entries = list(project.get('access_list', {}).values())
        totals['containers'] += len(containers)
        totals['peerings'] += len(peers)
        totals['access_list_entries'] += len(entries)
        expected = [('AWS', 'containers', containers), ('AWS', 'peerings', peers)]
        if second_provider:
            expected += [(second_provider, 'containers', containers), (second_provider, 'peerings', peers)]
        for provider, kind, records in expected:
            found = [record for record in records if record.get('providerName', 'AWS') == provider]
            if len(found) != 1:
                problems.append('%s: %d %s %s (expected 1)' % (group, len(found), provider, kind))
        cidr = '10.%d.%d.0/24' % (number // 256 % 256, number % 256)
        matching = [entry for entry in entries if entry.get('cidrBlock') == cidr]
        if len(matching) != 1 or len(entries) != 1:
            problems.append('%s: access list %s (expected exactly [%s])' % (
                group, [entry.get('cidrBlock') for entry in entries], cidr))
        # The state file has no status (it is derived from timestamps): ask the API, one GET per project.
        for peering in api_get(atlas, '/groups/%s/peers?providerName=AWS' % group)['results']:
            totals['aws_peerings_via_api'] += 1
            if peering.get('statusName') not in ('PENDING_ACCEPTANCE', 'AVAILABLE'):
                problems.append('%s: AWS peering %s is %s' % (group, peering.get('id'), peering.get('statusName')))
    per = 2 if second_provider else 1
    return {'projects_checked': len(groups), 'totals': dict(totals),
            'expected_totals': {'containers': per * len(groups), 'peerings': per * len(groups),
                                'access_list_entries': len(groups), 'aws_peerings_via_api': len(groups)},
            'problems': problems[:20], 'problem_count': len(problems)}


def floor(requests_per_project, rate_limit, projects, forks):
    """The time the rate limit alone forces, and the bound 20 forks put on top of it.

    The limit is a token bucket per project: N requests a minute, refilled continuously, starting
    full (N tokens). A project that needs R requests therefore cannot finish faster than
    R / N minutes if its bucket starts empty (the steady-state floor), and needs no wait at all when
    R <= N and the bucket starts full (the burst floor is max(0, R - N) / N minutes).

    The limits are per project, so projects do not slow each other down: the aggregate limit is
    projects x N a minute. What bounds the whole run is concurrency: forks=F runs at most F
    projects at once, so even if every project took exactly its floor, the run takes at least
    ceil(projects / F) x the per-project floor (F projects at a time, back to back).
    """
    steady = requests_per_project / float(rate_limit) * 60.0
    burst = max(0.0, requests_per_project - rate_limit) / float(rate_limit) * 60.0
    waves = math.ceil(projects / float(forks))
    return {
        'requests_per_project': requests_per_project,
        'rate_limit_per_minute_per_project': rate_limit,
        'per_project_floor_seconds_steady': round(steady, 2),
        'per_project_floor_seconds_burst': round(burst, 2),
        'fork_waves': waves,
        'run_floor_seconds_steady': round(waves * steady, 1),
        'run_floor_seconds_burst': round(waves * burst, 1),
        'aggregate_limit_per_minute': rate_limit * projects,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--projects', type=int, default=200)
    parser.add_argument('--forks', type=int, default=20)
    parser.add_argument('--rate-limit', type=int, default=100, help='simulator requests/minute per project')
    parser.add_argument('--transition-seconds', type=float, default=0,
                        help='simulated seconds per lifecycle step (0: PENDING_ACCEPTANCE at once)')
    parser.add_argument('--strategy', choices=('linear', 'free'), default='linear')
    parser.add_argument('--second-provider', choices=('GCP',), default=None,
                        help='also peer a GCP network in every project')
    parser.add_argument('--auth', choices=('service-account', 'api-key'), default='service-account')
    parser.add_argument('--timeout', type=int, default=1200, help='seconds per playbook run')
    parser.add_argument('--name', default='scale', help='results file benchmarks/results/NAME.json')
    options = parser.parse_args()

    results = {'projects': options.projects, 'forks': options.forks, 'rate_limit': options.rate_limit,
               'transition_seconds': options.transition_seconds, 'strategy': options.strategy,
               'second_provider': options.second_provider, 'auth': options.auth, 'python': sys.version.split()[0],
               'cpus': os.cpu_count()}
    try:
        from ansible.release import __version__ as core_version
        results['ansible_core'] = core_version
    except ImportError:
        results['ansible_core'] = None

    ok = True
    # benchlib starts the simulator with --transition-seconds 0; a later flag wins (argparse)
    sim_args = ['--rate-limit', str(options.rate_limit), '--transition-seconds', str(options.transition_seconds)]
    with benchlib.simulator(*sim_args) as url, \
            benchlib.collection_path() as collections_dir, \
            tempfile.TemporaryDirectory(prefix='atlasops-scale-') as workdir:
        options.collections = collections_dir
        groups = [requests.post(url + '/_sim/projects', json={}, timeout=10).json()['id']
                  for _ in range(options.projects)]
        os.makedirs(os.path.join(workdir, 'callbacks'))
        with open(os.path.join(workdir, 'callbacks', 'scale_events.py'), 'w') as handle:
            handle.write(CALLBACK)
        with open(os.path.join(workdir, 'inventory.ini'), 'w') as handle:
            handle.write(inventory(groups))
        with open(os.path.join(workdir, 'playbook.yml'), 'w') as handle:
            handle.write(playbook(options.strategy, options.second_provider))

        for label in ('first', 'second'):
            requests.delete(url + '/_sim/requests', timeout=30).raise_for_status()
            print('%s run: %d projects, forks=%d, rate limit %d/min per project ...'
                  % (label, options.projects, options.forks, options.rate_limit), flush=True)
            outcome = run(workdir, url, options, label)
            outcome.update(request_stats(url, groups))
            if label == 'first':
                outcome['state_check'] = check_state(url, groups, options.second_provider)
                ok &= outcome['state_check']['problem_count'] == 0
                results['floor'] = floor(outcome['answered_per_project']['max'], options.rate_limit,
                                         options.projects, options.forks)
                results['floor']['computed_from'] = 'max answered (not 429) requests per project of the first run'
            else:
                ok &= outcome['changed_tasks_total'] == 0
            ok &= outcome['returncode'] == 0 and not outcome['failed_hosts'] and \
                outcome['hosts_in_recap'] == options.projects
            results[label] = outcome
            print('  %.1f s (controller CPU %.1f s), rc %s, %d failed hosts, %d changed hosts, requests/project %s, '
                  '429s %d (retried %d), tokens fetched %d'
                  % (outcome['wall_seconds'], outcome['controller_cpu_seconds'], outcome['returncode'],
                     len(outcome['failed_hosts']), outcome['changed_hosts'], outcome['requests_per_project'],
                     outcome['http_429_received'], outcome['http_429_retried'], outcome['tokens_fetched']), flush=True)
            if 'output_tail' in outcome:
                print(outcome['output_tail'][-4000:])
        if options.auth == 'service-account':
            token_dir = os.path.join(workdir, 'tokens')
            results['token_cache_files'] = dict(
                (name, oct(os.stat(os.path.join(token_dir, name)).st_mode & 0o777))
                for name in sorted(os.listdir(token_dir))) if os.path.isdir(token_dir) else {}

    first, second = results['first'], results['second']
    results['targets_met'] = bool(ok)
    results['summary'] = {
        'failures': len(first['failed_hosts']) + len(second['failed_hosts']),
        'duplicates_or_missing': first['state_check']['problem_count'],
        'first_run_seconds': first['wall_seconds'],
        'second_run_seconds': second['wall_seconds'],
        'first_run_controller_cpu_seconds': first['controller_cpu_seconds'],
        'second_run_controller_cpu_seconds': second['controller_cpu_seconds'],
        'first_run_vs_steady_floor': round(first['wall_seconds'] / results['floor']['run_floor_seconds_steady'], 2)
        if results['floor']['run_floor_seconds_steady'] else None,
        'second_run_changed': second['changed_tasks_total'],
        'seconds_per_project_first': round(first['wall_seconds'] / options.projects, 3),
        'seconds_per_project_second': round(second['wall_seconds'] / options.projects, 3),
    }
    path = benchlib.save(options.name, results)
    print(json.dumps(dict(results['summary'], floor=results['floor']), indent=2))
    print('written to %s' % path)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
