"""Shared helpers of the module benchmarks: a private simulator, a collection path, playbook runs.

Run the benchmarks with the Python of a venv that has ansible-core, requests, pydantic and the
simulator (``make venv`` builds ``.venv``); ``ansible-playbook`` and ``atlas-sim`` are taken
from the same bin directory. Everything listens on 127.0.0.1 only and is stopped on exit.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

import requests
from requests.auth import HTTPDigestAuth

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
PUBLIC_KEY, PRIVATE_KEY = 'atlassim', 'atlassim-private-key'
ACCEPT = 'application/vnd.atlas.2023-01-01+json'
RESULTS = os.path.join(REPO, 'benchmarks', 'results')


def tool(name):
    path = os.path.join(BIN, name)
    if not os.path.exists(path):
        sys.exit('%s not found next to %s: run me with the Python of the dev venv (.venv/bin/python)' % (name, sys.executable))
    return path


@contextmanager
def simulator(*extra_args, timeout=20):
    """Start atlas-sim on a free loopback port; yield its base URL; stop it."""
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([tool('atlas-sim'), '--host', '127.0.0.1', '--port', '0', '--transition-seconds', '0']
                               + list(extra_args), stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        deadline = time.monotonic() + timeout
        line = process.stdout.readline()
        if not line.startswith('listening on ') or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError('atlas-sim did not start: %r %s' % (line, log.read().decode()[-2000:]))
        yield line.split()[-1].strip()
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class Atlas(object):
    """Direct API access for seeding and the control API for counting."""

    def __init__(self, url):
        self.url = url
        self.session = requests.Session()
        self.session.auth = HTTPDigestAuth(PUBLIC_KEY, PRIVATE_KEY)
        self.session.headers.update({'Accept': ACCEPT, 'Content-Type': ACCEPT})
        self.group_of = {}

    def project(self):
        return requests.post(self.url + '/_sim/projects', json={}, timeout=10).json()['id']

    def api(self, method, path, body=None):
        response = self.session.request(method, self.url + '/api/atlas/v2' + path, json=body, timeout=30)
        response.raise_for_status()
        return response.json() if response.content else None

    def log(self, group_id):
        answer = requests.get(self.url + '/_sim/requests', params={'group_id': group_id}, timeout=30).json()
        return answer['requests'] if isinstance(answer, dict) else answer

    def counts(self, group_id):
        """(GETs, writes, 401 challenges) the simulator logged for the project."""
        entries = self.log(group_id)
        authenticated = [entry for entry in entries if entry['status'] != 401]
        return dict(
            gets=sum(1 for entry in authenticated if entry['method'] == 'GET'),
            posts=sum(1 for entry in authenticated if entry['method'] == 'POST'),
            writes=sum(1 for entry in authenticated if entry['method'] in ('POST', 'PATCH', 'DELETE')),
            challenges=len(entries) - len(authenticated),
        )

    def accept(self, peer_id):
        requests.post(self.url + '/_sim/peers/%s/accept' % peer_id, timeout=10).raise_for_status()
        for _ in range(50):  # transition-seconds 0: AVAILABLE on the next read
            if self.api('GET', '/groups/%s/peers/%s' % (self.group_of[peer_id], peer_id)).get('statusName') == 'AVAILABLE':
                return
            time.sleep(0.1)
        raise RuntimeError('peering %s did not become AVAILABLE' % peer_id)

    def aws_container(self, group_id, cidr='192.168.248.0/21'):
        return self.api('POST', '/groups/%s/containers' % group_id,
                        {'providerName': 'AWS', 'regionName': 'US_EAST_1', 'atlasCidrBlock': cidr})['id']

    def aws_peering(self, group_id, container_id, number):
        peering = self.api('POST', '/groups/%s/peers' % group_id, aws_peer_body(container_id, number))
        self.group_of[peering['id']] = group_id
        return peering


def aws_peer_body(container_id, number):
    return {'providerName': 'AWS', 'containerId': container_id, 'vpcId': 'vpc-%017x' % number,
            'awsAccountId': '123456789012', 'routeTableCidrBlock': '10.%d.%d.0/24' % (number // 256 % 256, number % 256),
            'accepterRegionName': 'us-east-1'}


@contextmanager
def collection_path():
    """A temporary ANSIBLE_COLLECTIONS_PATH whose atlasops.networking is this repository."""
    with tempfile.TemporaryDirectory(prefix='atlasops-bench-') as tmp:
        os.makedirs(os.path.join(tmp, 'ansible_collections', 'atlasops'))
        os.symlink(REPO, os.path.join(tmp, 'ansible_collections', 'atlasops', 'networking'))
        yield tmp


def run_playbook(playbook_text, collections, env=None, extra_args=(), timeout=600):
    """Run a playbook; return (wall-clock seconds, the completed process)."""
    with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as handle:
        handle.write(playbook_text)
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_HOST_KEY_CHECKING='false',
                       ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    environment.update(env or {})
    started = time.monotonic()
    try:
        process = subprocess.run([tool('ansible-playbook'), handle.name] + list(extra_args), env=environment,
                                 capture_output=True, text=True, timeout=timeout)
    finally:
        os.unlink(handle.name)
    elapsed = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError('playbook failed (%d):\n%s\n%s' % (process.returncode, process.stdout[-4000:], process.stderr[-2000:]))
    return elapsed, process


def child_peak_rss_mib(command, env=None, stdin=None):
    """Run a command in a fresh child (via a tiny wrapper) and return its peak RSS in MiB."""
    wrapper = ('import resource, subprocess, sys, json; p = subprocess.run(sys.argv[1:], input=sys.stdin.read(), '
               'capture_output=True, text=True); '
               'print(json.dumps({"rc": p.returncode, "rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, '
               '"out": p.stdout[-3000:], "err": p.stderr[-2000:]}))')
    process = subprocess.run([sys.executable, '-c', wrapper] + list(command), input=stdin or '', capture_output=True,
                             text=True, env=env, timeout=300)
    answer = json.loads(process.stdout)
    return answer['rss_kib'] / 1024.0, answer


def platform():
    """What a result depends on: Python, ansible-core (None when not installed) and the CPU count."""
    try:
        from ansible.release import __version__ as core_version
    except ImportError:
        core_version = None
    return {'python': sys.version.split()[0], 'ansible_core': core_version, 'cpus': os.cpu_count()}


def save(name, data):
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, name + '.json')
    with open(path, 'w') as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write('\n')
    return path


def own_peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
