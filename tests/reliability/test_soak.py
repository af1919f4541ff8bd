# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The soak (issue 18.7): module tasks over many projects, forks 10, while the simulator injects 20 %
faults of every transient kind (429 with Retry-After, 500, 502, 503, dropped connections, lost
responses, slow answers; the token endpoint too), opens maintenance windows (405 for writes, 503
for everything, with and without Retry-After), lags its lists and access-list reads, marks the API
version deprecated and expires every token once. Zero duplicates, zero lost resources, every
failure message one of the collection's known forms (no traceback), and the run after a run that
failed nowhere reports changed=0.

``make soak`` runs the full soak (1,000 module tasks over 50 projects) and writes its figures to
tests/reliability/soak-result.json; the reliability tier runs a small one (60 tasks, 3 projects) so
that the soak's own code stays tested. Permanent refusals (missing roles, the organization's API
access list, a gone API version, the access-list limit) are left out: they fail a task by design
and have tests of their own.
"""

from __future__ import annotations

import collections
import json
import os
import random
import re
import resource
import threading
import time

import pytest

from atlas_items import project_items
from conftest import CLIENT_ID, CLIENT_SECRET, PLAYBOOKS, PUBLIC_KEY, REPO, figure, task_results

SOAK = PLAYBOOKS / 'soak.yml'
TASKS_PER_PROJECT = 20
RESOURCES_PER_PROJECT = 16
FULL = dict(projects=50, forks=10, seed=18)
SMALL = dict(projects=3, forks=3, seed=7)
FULL_RESULT = REPO / 'tests' / 'reliability' / 'soak-result.json'

# 20 % of every request under /api (the token endpoint included), every transient kind. 405 comes from
# the maintenance windows (writes only, as Atlas refuses them), not from the random injector.
FAULTS = dict(rate=0.2, statuses=[429, 500, 502, 503], drop_connection=True, lost_response=True,
              slow_response=True, hold_seconds=2, methods=['GET', 'POST', 'PATCH', 'DELETE'], paths_prefix='/api',
              retry_after=1)
LAG = dict(list_lag_seconds=3, access_list_propagation_seconds=10)
DEPRECATED = dict(version='2023-01-01', deprecation='2024-08-05', sunset='2027-07-01')
# Real seconds between two events of the schedule (a maintenance window or the token expiry).
EVENT_GAP = (5, 15)
TOKEN_LIFETIME = 3600
MAX_CONVERGE_RUNS = 4

# Every failure message must be one of these (the collection's message forms for what faults do).
KNOWN_FAILURES = [
    re.compile(r'^Atlas API \d{3} [A-Z_]+(: .+)? \((GET|POST|PATCH|DELETE) /api/\S+\)(\. .+)?$', re.S),
    re.compile(r'^(GET|POST|PATCH|DELETE) /api/\S+ failed: .+$', re.S),
    re.compile(r'^Outcome of (POST|PATCH|DELETE) /api/\S+ is unknown: .+$', re.S),
    re.compile(r'^Creating the .+ failed: every attempt had an unknown outcome\.$'),
    re.compile(r'^Adding entries to the access list failed after \d+ attempts\.$'),
]
NOT_CLEAR = ('Traceback', 'MODULE FAILURE', 'MODULE_STDERR')


# -- the schedule of events beside the random faults --------------------------------------------------

class Schedule(threading.Thread):
    """Seeded events while a run goes on: maintenance windows of every form, once the token expiry."""

    def __init__(self, sim, seed):
        super(Schedule, self).__init__(daemon=True)
        self.sim = sim
        self.rng = random.Random(seed)
        self.stopped = threading.Event()
        self.events = collections.Counter()
        self.expire_tokens_at = 2  # the third event advances the clock past every token's expiry

    def run(self):
        number = 0
        while not self.stopped.wait(self.rng.uniform(*EVENT_GAP)):
            if number == self.expire_tokens_at:
                self.sim.control('POST', '/_sim/clock/advance', {'seconds': TOKEN_LIFETIME + 60})
                self.events['tokens expired'] += 1
            else:
                status = self.rng.choice([405, 503])
                retry_after = self.rng.choice([None, 1])
                self.sim.control('POST', '/_sim/maintenance', dict(
                    status=status, retry_after=retry_after, seconds=round(self.rng.uniform(1, 3), 1)))
                self.events['maintenance %d%s' % (status, '' if retry_after is None else ' Retry-After')] += 1
            number += 1

    def stop(self):
        self.stopped.set()
        self.join(30)


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average every 2 s while the soak runs."""

    def __init__(self):
        super(LoadSampler, self).__init__(daemon=True)
        self.stopped = threading.Event()
        self.samples = []

    def run(self):
        while not self.stopped.wait(2):
            self.samples.append(os.getloadavg()[0])

    def stop(self):
        self.stopped.set()
        self.join(10)


# -- the soak ---------------------------------------------------------------------------------------------

def inventory(sim, projects, path):
    """One host per project; every other host uses the service account."""
    groups = {'api_key_projects': {}, 'service_account_projects': {}}
    for number, project in enumerate(projects):
        group = 'service_account_projects' if number % 2 else 'api_key_projects'
        groups[group]['soak%02d' % number] = dict(ansible_connection='local', atlas_project_id=project)
    path.write_text(json.dumps({'all': {'vars': {'atlas_base_url': sim.url}, 'children': {
        'api_key_projects': {'hosts': groups['api_key_projects'],
                             'vars': {'atlas_public_key': PUBLIC_KEY, 'atlas_private_key': sim.private_key}},
        'service_account_projects': {'hosts': groups['service_account_projects'],
                                     'vars': {'atlas_client_id': CLIENT_ID, 'atlas_client_secret': CLIENT_SECRET}},
    }}}))
    return dict((host, vars_['atlas_project_id']) for members in groups.values() for host, vars_ in members.items())


def natural_keys(sim, project):
    """({kind: [natural key of every resource]}, {ids}) of one project, read through the API (faults off)."""
    items = project_items(sim, project)
    key_of = {
        'containers': lambda c: '%s/%s' % (c['providerName'], c.get('regionName') or c.get('region') or '-'),
        'peerings': lambda p: '%s/%s' % (p.get('providerName', 'AWS'),
                                         p.get('vpcId') or p.get('vnetName') or p.get('networkName')),
        'stream private links': lambda link: '%s/%s/%s' % (link['provider'], link.get('vendor'),
                                                           link.get('arn') or link.get('region')),
        'backup private endpoints': lambda e: '%s/%s' % (e['regionName'], e.get('vpcRegionName')),
        'access list entries': lambda e: e['cidrBlock'],
        'private endpoint services': lambda s: s['regionName'],
        'Data Federation private endpoints': lambda e: e['endpointId'],
        'encryption at rest private endpoints': lambda e: e['regionName'],
    }
    keys = collections.OrderedDict((kind, [key_of[kind](item) for item in found]) for kind, found in items.items())
    keys['private endpoints'] = [vpce for service in items['private endpoint services']
                                 for vpce in service.get('interfaceEndpoints') or []]
    ids = set(item.get('id') or item.get('_id') for found in items.values() for item in found) - set([None])
    return keys, ids | set(keys['private endpoints']) | set(keys['Data Federation private endpoints'])


def shape(message):
    """A message with its paths, addresses and numbers blanked, to count messages by form."""
    message = re.sub(r'(GET|POST|PATCH|DELETE) /api/\S+?(?=[:) ]|$)', r'\1 <path>', message)
    message = re.sub(r'127\.0\.0\.1:\d+', '<sim>', message)
    message = re.sub(r'\d{4}-\d\d-\d\d', '<date>', message)
    return re.sub(r'\d+(\.\d+)?', 'N', message)


def by_form(messages):
    return dict(collections.Counter(shape(message) for message in messages).most_common())


def tally(keys):
    """({project: {kind: extra copies}}, {project: resources missing}, ids present) of
    ``{project: ({kind: [natural keys]}, {ids})}``."""
    duplicates, missing = {}, {}
    for project, (kinds, _ids) in keys.items():
        extra = dict((kind, len(values) - len(set(values))) for kind, values in kinds.items())
        if any(extra.values()):
            duplicates[project] = extra
        distinct = sum(len(set(values)) for values in kinds.values())
        if distinct != RESOURCES_PER_PROJECT:
            missing[project] = RESOURCES_PER_PROJECT - distinct
    return duplicates, missing, set().union(*(ids for _kinds, ids in keys.values()))


def clear(message):
    return any(form.match(message) for form in KNOWN_FAILURES)


def reported_ids(results):
    """The ids of the resources module tasks said they made or found (ok and changed results)."""
    ids = set()
    for _name, status, result in results:
        if status in ('ok', 'changed') and result:
            ids.update(value['id'] for value in result.values() if isinstance(value, dict) and 'id' in value)
    return ids


class Soak(object):

    def __init__(self, start_sim, ansible, workdir, projects, forks, seed):
        self.ansible = ansible
        self.workdir = workdir
        self.forks = forks
        self.seed = seed
        self.sim = start_sim('--transition-seconds', '1', '--token-lifetime', str(TOKEN_LIFETIME))
        created = self.sim.control('POST', '/_sim/projects', {'projects': [{} for _project in range(projects)]})
        self.projects = [project['id'] for project in created['projects']]
        self.hosts = inventory(self.sim, self.projects, workdir / 'soak-inventory.json')
        self.runs = []
        self.problems = []

    def play(self, number):
        schedule = Schedule(self.sim, self.seed + number)
        schedule.start()
        started = len(self.sim.requests())
        try:
            run = self.ansible('playbook', '-i', self.workdir / 'soak-inventory.json', '-v', '--forks', str(self.forks),
                               SOAK, timeout=4 * 3600)
        finally:
            schedule.stop()
        results = task_results(run.stdout)
        log = self.sim.requests()[started:]
        self.runs.append(dict(run=run, results=results, log=log, events=dict(schedule.events)))
        return run

    def converge(self):
        for project in self.projects:  # encryption at rest private endpoints need it (Atlas: a project setting)
            self.sim.control('PATCH', '/_sim/projects/%s/private_networking' % project,
                             {'ear_require_private_networking': {'AWS': True}})
        self.sim.control('POST', '/_sim/settings', LAG)
        self.sim.control('POST', '/_sim/versions', DEPRECATED)
        self.sim.set_faults(seed=self.seed, **FAULTS)
        load = LoadSampler()
        load.start()
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        try:
            run = self.play(1)
            while run.total('failed') and len(self.runs) < MAX_CONVERGE_RUNS:
                run = self.play(len(self.runs) + 1)
            self.play(len(self.runs) + 1)  # the run after one that failed nowhere
        finally:
            load.stop()
            self.sim.clear_faults()
            self.sim.control('DELETE', '/_sim/maintenance')
        self.wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime) + self.sim_cpu()
        self.load = load.samples
        return self.check()

    def sim_cpu(self):
        with open('/proc/%d/stat' % self.sim.process.pid) as handle:
            fields = handle.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf('SC_CLK_TCK'))

    # -- checks --------------------------------------------------------------------------------------------
    def check(self):
        keys = dict((project, natural_keys(self.sim, project)) for project in self.projects)
        self.duplicates, self.missing, present = tally(keys)
        self.lost = sorted(set().union(*(reported_ids(run['results']) for run in self.runs)) - present)
        for number, entry in enumerate(self.runs, start=1):
            self.check_run(number, entry)
        final = self.runs[-1]['run']
        if final.total('changed'):
            self.problems.append('the last run changed %d: %s' % (final.total('changed'), final.recap))
        if self.duplicates:
            self.problems.append('duplicates: %s' % self.duplicates)
        if self.missing or self.lost:
            self.problems.append('lost: %s missing per project, reported ids not in Atlas %s' % (self.missing, self.lost))
        return self.problems

    def check_run(self, number, entry):
        run, results = entry['run'], entry['results']
        for marker in NOT_CLEAR:
            if marker in run.output:
                self.problems.append('run %d shows %r' % (number, marker))
        for secret in (CLIENT_SECRET, self.sim.private_key):
            if secret in run.output:
                self.problems.append('run %d shows a secret' % number)
        for name, _status, result in self.failures(results):
            message = (result or {}).get('msg', '')
            if 'exception' in (result or {}):
                self.problems.append('run %d, task %s: an exception in the result' % (number, name))
            if not clear(message):
                self.problems.append('run %d, task %s: unclear failure %r' % (number, name, message))
        expected = len(self.hosts) * TASKS_PER_PROJECT
        if len(results) > expected or (not run.total('failed') and len(results) != expected):
            self.problems.append('run %d: %d task results for %d hosts' % (number, len(results), len(self.hosts)))
        if number > 1:
            before = self.runs[number - 2]['run']
            for host, recap in run.recap.items():
                if not before.recap.get(host, {}).get('failed') and recap['changed']:
                    self.problems.append('run %d changed %s, which run %d completed' % (number, host, number - 1))

    @staticmethod
    def failures(results):
        return [(name, status, result) for name, status, result in results if status in ('failed', 'fatal')]

    # -- figures --------------------------------------------------------------------------------------------
    def figures(self):
        runs = []
        for number, entry in enumerate(self.runs, start=1):
            run, log = entry['run'], entry['log']
            faults = collections.Counter(e['fault'] for e in log if e.get('fault'))
            runs.append(collections.OrderedDict([
                ('run', number),
                ('module_tasks', len(entry['results'])),
                ('ok', run.total('ok')), ('changed', run.total('changed')), ('failed', run.total('failed')),
                ('requests', len(log)),
                ('token_requests', len([e for e in log if e['path'] == '/api/oauth/token'])),
                ('token_endpoint_faults', len([e for e in log if e['path'] == '/api/oauth/token' and e.get('fault')])),
                ('faults', sum(faults.values())),
                ('faults_by_kind', dict(sorted(faults.items()))),
                ('fault_rate', round(sum(faults.values()) / float(len(log) or 1), 3)),
                ('scheduled_events', entry['events']),
                ('bearer_401', len([e for e in log if e['status'] == 401 and e.get('auth') == 'bearer'])),
                ('conflicts_409', len([e for e in log if e['status'] == 409])),
                ('failures_by_message', by_form((result or {}).get('msg', '')
                                                for _n, _s, result in self.failures(entry['results']))),
                ('failures', [dict(task=name, msg=(result or {}).get('msg', ''))
                              for name, _s, result in self.failures(entry['results'])]),
                ('warnings_by_form', by_form(line[len('[WARNING]: '):] for line in run.output.splitlines()
                                             if line.startswith('[WARNING]: '))),
                ('wall_seconds', round(run.elapsed, 1)),
            ]))
        return collections.OrderedDict([
            ('projects', len(self.projects)), ('forks', self.forks), ('seed', self.seed),
            ('module_tasks_per_run', len(self.hosts) * TASKS_PER_PROJECT),
            ('resources', len(self.projects) * RESOURCES_PER_PROJECT),
            ('faults', dict(FAULTS, seed=self.seed)), ('lag', LAG), ('deprecated_version', DEPRECATED),
            ('runs', runs),
            ('duplicates', sum(sum(kinds.values()) for kinds in self.duplicates.values())),
            ('lost', len(self.lost) + sum(self.missing.values())),
            ('problems', self.problems),
            ('wall_seconds', round(self.wall, 1)),
            ('cpu_seconds', round(self.cpu, 1)),
            ('load_1min', dict(mean=round(sum(self.load) / max(1, len(self.load)), 2),
                               max=round(max(self.load or [0]), 2), cores=os.cpu_count())),
        ])


def soak(start_sim, ansible, workdir, result_path, projects, forks, seed):
    run = Soak(start_sim, ansible, workdir, projects, forks, seed)
    problems = run.converge()
    figures = run.figures()
    result_path.write_text(json.dumps(figures, indent=1) + '\n')
    first, last = figures['runs'][0], figures['runs'][-1]
    figure('soak', '%d projects, forks %d: %d module tasks a run, %d runs; first run %d requests, %d faults %s, '
                   'failed %d %s; last run changed=%d; duplicates %d, lost %d; %.0fs, %.0fs CPU, load max %.1f' % (
                       projects, forks, figures['module_tasks_per_run'], len(figures['runs']), first['requests'],
                       first['faults'], first['faults_by_kind'], first['failed'], first['failures_by_message'],
                       last['changed'], figures['duplicates'], figures['lost'], figures['wall_seconds'],
                       figures['cpu_seconds'], figures['load_1min']['max']))
    assert problems == [], json.dumps(figures, indent=1)
    return figures


def test_the_soak_checks_can_fail():
    """The checks find a duplicate, a missing resource, an id no longer in Atlas and an unclear message."""
    kinds = dict(containers=['AWS/US_EAST_1', 'AWS/EU_WEST_1', 'AZURE/US_EAST_2', 'GCP/-'],
                 peerings=['AWS/vpc-0', 'AWS/vpc-1', 'AZURE/vnet', 'GCP/network'], streams=['MSK', 'PUBSUB'],
                 backup=['US_EAST_1', 'EU_WEST_1'], entries=['a', 'b', 'c', 'd'])
    doubled = dict(kinds, peerings=kinds['peerings'] + ['AWS/vpc-1'])
    short = dict(kinds, entries=['a', 'b', 'c'])
    duplicates, missing, present = tally({'ok': (kinds, {'1'}), 'doubled': (doubled, {'2'}), 'short': (short, {'3'})})
    assert duplicates == {'doubled': dict(containers=0, peerings=1, streams=0, backup=0, entries=0)}
    assert missing == {'short': 1} and present == {'1', '2', '3'}
    assert reported_ids([('t', 'changed', {'changed': True, 'container': {'id': '4'}})]) - present == {'4'}
    assert clear('GET /api/atlas/v2/groups/x/peers failed: connection failed: 127.0.0.1:1 (RemoteDisconnected); '
                 'gave up after 5 retries in 20s (max_retries, max_retry_time).')
    assert not clear("'NoneType' object has no attribute 'get'")


def test_soak_small(start_sim, ansible, tmp_path):
    """60 module tasks over 3 projects: the soak's own code, in the reliability tier."""
    figures = soak(start_sim, ansible, tmp_path, tmp_path / 'soak-result.json', **SMALL)
    assert figures['runs'][0]['faults'] > 0 and figures['runs'][0]['module_tasks'] > 0


@pytest.mark.skipif(os.environ.get('ATLASOPS_SOAK') != '1', reason='the 1,000-task soak runs with make soak')
def test_soak_full(start_sim, ansible, tmp_path):
    """1,000 module tasks over 50 projects, forks 10 (make soak; figures in tests/reliability/soak-result.json)."""
    result = os.environ.get('ATLASOPS_SOAK_RESULT') or str(FULL_RESULT)
    soak(start_sim, ansible, tmp_path, type(FULL_RESULT)(result), **FULL)
