# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWX job slicing, emulated with the pieces AWX itself uses (tests/packaging/test_slices.py and
benchmarks/slices.py).

What AWX does (read in awx/main/models/inventory.py and awx/main/tasks/jobs.py, AWX 24):

* An inventory source "sourced from a project" runs ``ansible-inventory -i <config file> --list --export``
  once (the inventory update), with the credential attached to the source injected into its
  environment, and imports the hosts, groups and variables into AWX's database.
* A job template with ``job_slice_count`` N > 1 launches a workflow of N jobs, all at once (slicing
  implies "allow simultaneous"). Slice k (1-based) gets the inventory's hosts ordered by name,
  ``hosts[k-1::N]`` (``Inventory.get_sliced_hosts``), with their groups and variables
  (``get_script_data``), so every host is in exactly one slice.
* Each job has a private data directory of its own, with that inventory as an executable script
  ``inventory/hosts`` that prints the JSON, the environment of its credentials, and runs
  ``ansible-playbook`` through ansible-runner, on whatever execution node picks it up: its own home,
  so its own ``~/.cache`` and token cache.

Here each slice is a separate ``ansible-runner run`` process started at the same time as the
others, with ``HOME`` in its own private data directory. Hosts are ordered with Python's string
order; PostgreSQL's collation may order mixed-case or punctuated names differently, which changes
which slice a host lands in, never whether it lands in exactly one.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import statistics
import subprocess
import time
from pathlib import Path

import yaml

# What AWX sets for every inventory update (awx/main/constants.py STANDARD_INVENTORY_UPDATE_ENV)
INVENTORY_UPDATE_ENV = {'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'True', 'ANSIBLE_INVENTORY_EXPORT': 'True',
                        'ANSIBLE_VERBOSE_TO_STDERR': 'True'}
TOKEN_RETRY_WARNING = re.compile(r'Atlas token endpoint \S+: HTTP 429; retry')
API_RETRY_WARNING = re.compile(r'Atlas API \w+ \S+: HTTP 429\b[^;]*; retry')
TOKEN_PATH = '/api/oauth/token'
ATLAS_MODULES = ('atlasops.networking.', 'network_container', 'network_peering', 'access_list')

# The job template both the test and the benchmark launch: the peering role on every host of the slice,
# whose project (atlas_peering_project_id) comes from the inventory.
ROUTE_TABLE_CIDR = '10.10.0.0/16'
PEERING_PLAYBOOK = """\
- name: Peer every project of the slice (atlas_peering_project_id comes from the inventory)
  hosts: all
  gather_facts: false
  tasks:
    - name: Peer the application VPC
      ansible.builtin.include_role:
        name: atlasops.networking.peering
      vars:
        atlas_peering_provider: AWS
        atlas_peering_region: US_EAST_1
        atlas_peering_atlas_cidr_block: 192.168.248.0/21
        atlas_peering_vpc_id: vpc-0123456789abcdef0
        atlas_peering_aws_account_id: "123456789012"
        atlas_peering_route_table_cidr_block: %s
""" % ROUTE_TABLE_CIDR


def inventory_source(organizations):
    """The atlas_projects config file of the inventory source (in the AWX project), grouped by the tag env."""
    return ('plugin: atlasops.networking.atlas_projects\norganizations: [%s]\n'
            'keyed_groups:\n  - key: atlas_project_tags.env\n    prefix: env\n' % ', '.join(organizations))


def clean_environ(bin_dir):
    """This process's environment without Atlas or Ansible settings of the developer's, bin_dir first on PATH."""
    env = dict((key, value) for key, value in os.environ.items()
               if not key.startswith(('MONGODB_ATLAS_', 'ANSIBLE_', 'ATLASOPS_')) and key != 'XDG_CACHE_HOME')
    env['PATH'] = '%s:%s' % (bin_dir, env.get('PATH', ''))
    return env


def sync_inventory(bin_dir, workdir, source, injected_env, settings_env, timeout=600):
    """The inventory update: ``ansible-inventory --list --export`` on ``source`` in its own home.

    Returns (the imported inventory data, the completed process).
    """
    workdir = Path(workdir)
    (workdir / 'home').mkdir(parents=True, exist_ok=True)
    output = workdir / 'output.json'
    env = clean_environ(bin_dir)
    env.update(settings_env)
    env.update(INVENTORY_UPDATE_ENV)
    env.update(injected_env)
    env['HOME'] = str(workdir / 'home')
    process = subprocess.run([str(Path(bin_dir) / 'ansible-inventory'), '-i', str(source), '--list', '--export',
                              '--output', str(output)], env=env, cwd=str(workdir), capture_output=True, text=True,
                             timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    if process.returncode != 0:
        raise RuntimeError('inventory update failed (rc=%d):\n%s' % (process.returncode, process.stderr[-4000:]))
    return json.loads(output.read_text()), process


def inventory_hosts(data):
    """Every host of an ``ansible-inventory --list`` document, ordered by name as AWX orders them."""
    names = set(data.get('_meta', {}).get('hostvars', {}))
    for name, group in data.items():
        if name != '_meta' and isinstance(group, dict):
            names.update(group.get('hosts') or [])
    return sorted(names)


def slice_hosts(data, number, count):
    """The hosts of slice ``number`` (1-based) of ``count``: every count-th host from the number-th (AWX's rule)."""
    hosts = inventory_hosts(data)
    return hosts[number - 1::count] if count > 1 else hosts


def slice_script_data(data, hosts):
    """``data`` cut down to ``hosts``: each group keeps its children and variables and only those hosts."""
    keep = set(hosts)
    script = {}
    for name, group in data.items():
        if name == '_meta' or not isinstance(group, dict):
            continue
        piece = dict((key, value) for key, value in group.items() if key != 'hosts')
        members = [host for host in group.get('hosts') or [] if host in keep]
        if members:
            piece['hosts'] = members
        if piece:  # as AWX: an empty group is only a child of all (the script format reads {} as a host)
            script[name] = piece
    hostvars = data.get('_meta', {}).get('hostvars', {})
    script['_meta'] = dict(data.get('_meta', {}), hostvars=dict((host, hostvars.get(host, {})) for host in hosts))
    return script


def write_job(pdd, script_data, playbook, envvars, forks):
    """A private data directory as AWX lays it out for one job."""
    pdd = Path(pdd)
    for sub in ('project', 'inventory', 'env', 'home'):
        (pdd / sub).mkdir(parents=True, exist_ok=True)
    (pdd / 'project' / 'site.yml').write_text(playbook)
    script = pdd / 'inventory' / 'hosts'
    script.write_text('#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n' % json.dumps(script_data))
    script.chmod(0o700)
    (pdd / 'env' / 'envvars').write_text(yaml.safe_dump(dict(envvars, HOME=str(pdd / 'home'))))
    (pdd / 'env' / 'cmdline').write_text('--forks %d' % forks)
    return pdd


class Job(object):
    """One ansible-runner job of a (sliced) job template, as a separate process."""

    def __init__(self, bin_dir, pdd, ident, hosts, number, count):
        self.bin_dir = Path(bin_dir)
        self.pdd = Path(pdd)
        self.ident = ident
        self.hosts = hosts
        self.number = number
        self.count = count
        self.started = self.finished = None
        self.process = None

    def start(self, env):
        self.started = time.monotonic()
        self.started_at = time.time()
        # ansible-runner keeps the job's output in artifacts/<ident>/ (stdout, job_events, status, rc)
        self.process = subprocess.Popen([str(self.bin_dir / 'ansible-runner'), 'run', str(self.pdd),
                                         '-p', 'site.yml', '--ident', self.ident],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        stdin=subprocess.DEVNULL)

    def poll(self, deadline):
        """True once the job has ended (killed at the deadline); notes when."""
        if self.finished is None and (self.process.poll() is not None or time.monotonic() > deadline):
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.finished = time.monotonic()
        return self.finished is not None

    @property
    def artifacts(self):
        return self.pdd / 'artifacts' / self.ident

    def _read(self, name, default=''):
        path = self.artifacts / name
        return path.read_text().strip() if path.exists() else default

    def result(self):
        """status, rc, per-host stats of the playbook_on_stats event, retries seen in stdout, the job's token."""
        stats, failures, first_atlas_task = {}, [], None
        for path in sorted((self.artifacts / 'job_events').glob('*.json')):
            event = json.loads(path.read_text())
            data = event.get('event_data', {})
            if event.get('event') == 'playbook_on_stats':
                stats = data
            elif event.get('event') == 'runner_on_start' and str(data.get('task_action')).startswith(ATLAS_MODULES):
                first_atlas_task = min(first_atlas_task or event['created'], event['created'])
            elif event.get('event') in ('runner_on_failed', 'runner_on_unreachable') and not data.get('ignore_errors'):
                failures.append('%s: %s: %s' % (data.get('host'), data.get('task'), (data.get('res') or {}).get('msg')))
        stdout = self._read('stdout')
        return {
            'ident': self.ident,
            'slice': '%d/%d' % (self.number, self.count),
            'status': self._read('status', 'missing'),
            'rc': self._read('rc', 'missing'),
            'wall_seconds': round(self.finished - self.started, 1),
            # when the job reached its first Atlas module task (its first token request), from its start
            'first_atlas_task_seconds': round(_epoch(first_atlas_task) - self.started_at, 1) if first_atlas_task else None,
            'hosts_assigned': len(self.hosts),
            'hosts_run': sorted(stats.get('processed', {})),
            'failed_hosts': sorted(set(stats.get('failures', {})) | set(stats.get('dark', {}))),
            'failures': failures[:5],
            'changed_hosts': sorted(host for host, count in stats.get('changed', {}).items() if count),
            'changed_tasks': sum(stats.get('changed', {}).values()),
            'token_retries': len(TOKEN_RETRY_WARNING.findall(stdout)),
            'api_429_retries': len(API_RETRY_WARNING.findall(stdout)),
            'tokens_cached': self.cached_tokens(),
            'stdout_tail': stdout[-3000:] if self._read('status') != 'successful' else '',
        }

    def cached_tokens(self):
        """The access tokens in this job's token cache (its home's ~/.cache/atlasops.networking/tokens)."""
        directory = self.pdd / 'home' / '.cache' / 'atlasops.networking' / 'tokens'
        tokens = []
        for path in sorted(directory.glob('*.json')) if directory.is_dir() else []:
            tokens.append(json.loads(path.read_text()).get('access_token'))
        return tokens


def _epoch(created):
    """Seconds since the epoch of a job event's ``created`` (ISO 8601, UTC, ansible-runner's format)."""
    return datetime.datetime.fromisoformat(created.replace('Z', '+00:00')).replace(
        tzinfo=datetime.timezone.utc).timestamp()


def launch(bin_dir, root, data, count, playbook, envvars, forks, label, timeout=1800):
    """Launch a job template with ``job_slice_count`` = ``count`` over ``data``: every slice at once.

    Returns (the jobs' results, wall seconds from the first start to the last finish).
    """
    env = clean_environ(bin_dir)
    jobs = []
    for number in range(1, count + 1):
        hosts = slice_hosts(data, number, count)
        pdd = write_job(Path(root) / ('%s-slice%02d' % (label, number)), slice_script_data(data, hosts),
                        playbook, envvars, forks)
        jobs.append(Job(bin_dir, pdd, '%s-%d' % (label, number), hosts, number, count))
    started = time.monotonic()
    for job in jobs:
        job.start(env)
    deadline = started + timeout
    ended = []
    while len(ended) < len(jobs):  # poll every job each round: each one's end time is noted when it ends
        ended = [job for job in jobs if job.poll(deadline)]
        time.sleep(0.2)
    wall = time.monotonic() - started
    return [job.result() for job in jobs], jobs, round(wall, 1)


def overlap_problems(results, data):
    """Hosts run twice, or never, across the slices (each host must run in exactly one)."""
    seen = {}
    problems = []
    for result in results:
        for host in result['hosts_run']:
            if host in seen:
                problems.append('%s ran in %s and %s' % (host, seen[host], result['slice']))
            seen[host] = result['slice']
    problems.extend('%s ran in no slice' % host for host in inventory_hosts(data) if host not in seen)
    return problems


def token_requests(log):
    """Statuses of the token requests in a simulator request log: {'200': n, '429': m}."""
    counts = {}
    for entry in log:
        if entry['path'] == TOKEN_PATH:
            counts[str(entry['status'])] = counts.get(str(entry['status']), 0) + 1
    return counts


def requests_per_project(log, project_ids):
    """Requests per project (all, 429s) from a simulator request log."""
    ours = set(project_ids)
    per_project = dict((project_id, []) for project_id in project_ids)
    for entry in log:
        if entry.get('group_id') in ours:
            per_project[entry['group_id']].append(entry)
    counts = [len(entries) for entries in per_project.values()]
    throttled = [sum(1 for entry in entries if entry['status'] == 429) for entries in per_project.values()]
    writes = [sum(1 for entry in entries if entry['method'] != 'GET' and entry['status'] < 400)
              for entries in per_project.values()]
    return {'min': min(counts), 'median': statistics.median(counts), 'max': max(counts),
            'total': sum(counts), 'http_429_total': sum(throttled), 'writes_per_project_max': max(writes)}


def peering_problems(state, project_ids, route_table_cidr):
    """Each project must hold exactly one AWS container, one peering and exactly its one access-list entry."""
    problems = []
    for project_id in project_ids:
        project = state['projects'].get(project_id, {})
        containers = list(project.get('containers', {}).values())
        peers = list(project.get('peers', {}).values())
        entries = [entry.get('cidrBlock') for entry in project.get('access_list', {}).values()]
        if len(containers) != 1:
            problems.append('%s: %d containers' % (project_id, len(containers)))
        if len(peers) != 1:
            problems.append('%s: %d peerings' % (project_id, len(peers)))
        if entries != [route_table_cidr]:
            problems.append('%s: access list %s' % (project_id, entries))
    return problems


def secrets_found(paths, secrets, skip_runner_env=True):
    """Files under ``paths`` holding a secret or a bearer token (ansible-runner's own ``command`` record
    keeps the injected environment by design and AWX never shows it: its ``env`` key is skipped)."""
    bearer = re.compile(r'eyJ[\w-]{10,}\.[\w-]{10,}\.')
    found = []
    for root in paths:
        for path in sorted(Path(root).rglob('*')):
            if not path.is_file():
                continue
            text = path.read_text(errors='replace')
            if skip_runner_env and path.name == 'command':
                recorded = json.loads(text)
                recorded.pop('env', None)
                text = json.dumps(recorded)
            if any(secret in text for secret in secrets) or bearer.search(text):
                found.append(str(path))
    return found
