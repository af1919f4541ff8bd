# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the reliability suite (issue 8): a real atlas-sim and real ansible-playbook runs.

Every simulator is started on a free loopback port (``--port 0``, first stdout line read) and
stopped at the end. Ansible runs as subprocesses with ANSIBLE_COLLECTIONS_PATH pointing at a temp
dir holding ``ansible_collections/atlasops/networking`` -> this repository, with the Python that
runs pytest (it has ansible-core, requests and pydantic) as the module interpreter.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from requests.auth import HTTPDigestAuth

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'support'))
from simprocess import SimProcess  # noqa: E402  pylint: disable=wrong-import-position

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PLAYBOOKS = HERE / 'playbooks'
BIN = Path(sys.executable).parent

PUBLIC_KEY = 'atlassim'
PRIVATE_KEY = 'atlassim-private-key'
CLIENT_ID = 'mdb_sa_id_atlassim'
CLIENT_SECRET = 'mdb_sa_sk_atlassim'

RECAP = re.compile(r'^(?P<host>\S+)\s*:\s*ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)'
                   r'\s+failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)\s+rescued=(?P<rescued>\d+)'
                   r'\s+ignored=(?P<ignored>\d+)', re.M)


def _executable(name):
    path = BIN / name
    if not path.exists():
        pytest.skip('%s is not installed next to %s (run with the project venv: make venv)' % (name, sys.executable))
    return str(path)


class Sim(SimProcess):
    """One running atlas-sim process and helpers for its control API."""

    def __init__(self, args, log_path):
        super(Sim, self).__init__(_executable('atlas-sim'), args, log_path)
        self.health = self.control('GET', '/_sim/health')

    def token_requests(self):
        return [entry for entry in self.requests() if entry['path'] == '/api/oauth/token']

    def set_faults(self, **config):
        return self.control('POST', '/_sim/faults', config)

    def clear_faults(self):
        return self.control('DELETE', '/_sim/faults')

    def faults(self):
        return self.control('GET', '/_sim/faults')

    # -- the real API, for checking state ----------------------------------------------------
    def api_get(self, path, version='2023-01-01', params=None):
        response = requests.get(
            self.url + '/api/atlas/v2' + path, params=params,
            headers={'Accept': 'application/vnd.atlas.%s+json' % version},
            auth=HTTPDigestAuth(PUBLIC_KEY, self.private_key), timeout=30)
        response.raise_for_status()
        return response.json()

    def list_all(self, path, version='2023-01-01', params=None):
        query = dict(params or {}, itemsPerPage=500, pageNum=1)
        body = self.api_get(path, version, query)
        return body['results'] if isinstance(body, dict) else body

    @property
    def private_key(self):
        if '--private-key' in self.args:
            return self.args[self.args.index('--private-key') + 1]
        return PRIVATE_KEY


@pytest.fixture(scope='session')
def session_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp('reliability')


@pytest.fixture(scope='session')
def collections_path(session_tmp):
    root = session_tmp / 'collections'
    namespace = root / 'ansible_collections' / 'atlasops'
    namespace.mkdir(parents=True)
    (namespace / 'networking').symlink_to(REPO, target_is_directory=True)
    return root


@pytest.fixture
def start_sim(session_tmp):
    """start_sim('--transition-seconds', '0', ...) -> Sim; every simulator is stopped after the test."""
    started = []

    def start(*args):
        sim = Sim(args, session_tmp / ('atlas-sim-%d-%d.log' % (os.getpid(), len(list(session_tmp.glob('atlas-sim-*'))))))
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture(scope='session')
def shared_sim(session_tmp):
    """One simulator for the tests that only need their own project (1 s lifecycle steps)."""
    sim = Sim(['--transition-seconds', '1'], session_tmp / 'atlas-sim-shared.log')
    yield sim
    sim.stop()


class AnsibleResult(object):
    def __init__(self, command, completed, elapsed):
        self.command = command
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.output = completed.stdout + completed.stderr
        self.elapsed = elapsed
        self.recap = dict((m.group('host'), dict((k, int(v)) for k, v in m.groupdict().items() if k != 'host'))
                          for m in RECAP.finditer(completed.stdout))

    def total(self, key):
        return sum(host[key] for host in self.recap.values())

    def __repr__(self):
        tail = self.output[-6000:]
        return 'AnsibleResult(rc=%s, %.1fs, recap=%s)\n%s' % (self.rc, self.elapsed, self.recap, tail)


def ansible_env(collections_path, workdir, extra_env=None):
    """The environment of an Ansible run: this repository as the collection, no user config, a private token cache."""
    env = dict((key, value) for key, value in os.environ.items()
               if not key.startswith(('MONGODB_ATLAS_', 'ANSIBLE_')))
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': str(collections_path),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_PIPELINING': '1',
        'ANSIBLE_HOST_KEY_CHECKING': '0',
        'ANSIBLE_LOCAL_TEMP': str(Path(workdir) / 'ansible-local'),
        'ANSIBLE_REMOTE_TEMP': str(Path(workdir) / 'ansible-remote'),
        'ANSIBLE_CONFIG': str(Path(workdir) / 'no-ansible.cfg'),
        'ATLASOPS_TOKEN_CACHE_DIR': str(Path(workdir) / 'tokens'),
        'PATH': '%s:%s' % (BIN, os.environ.get('PATH', '')),
    })
    env.update(extra_env or {})
    return env


def ansible_command(kind, args):
    program = 'ansible-playbook' if kind == 'playbook' else 'ansible'
    return [_executable(program)] + [str(arg) for arg in args]


def ansible_runner(collections_path, workdir):
    """run(kind, *args, extra_env=None, timeout=300) -> AnsibleResult; kind is 'playbook' or 'adhoc'.

    ``run.start(kind, *args, output=path, extra_env=None)`` starts the run in a session of its own
    and returns the Popen at once (for tests that kill it); stdout and stderr go to ``output``."""
    token_dir = Path(workdir) / 'tokens'

    def run(kind, *args, extra_env=None, timeout=300):
        command = ansible_command(kind, args)
        started = time.monotonic()
        completed = subprocess.run(command, env=ansible_env(collections_path, workdir, extra_env), cwd=str(workdir),
                                   capture_output=True, text=True, timeout=timeout, check=False)
        return AnsibleResult(command, completed, time.monotonic() - started)

    def start(kind, *args, output, extra_env=None):
        with open(output, 'wb') as handle:
            return subprocess.Popen(ansible_command(kind, args), env=ansible_env(collections_path, workdir, extra_env),
                                    cwd=str(workdir), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)

    run.token_dir = token_dir
    run.start = start
    return run


@pytest.fixture
def ansible(collections_path, tmp_path):
    """ansible('playbook', path, *args, extra_env=..., timeout=...) or ansible('adhoc', *args) -> AnsibleResult."""
    return ansible_runner(collections_path, tmp_path)


def write_vars(path, **values):
    path.write_text(json.dumps(values))
    return '@%s' % path


# -- results and figures ----------------------------------------------------------------------------

TASK_LINE = re.compile(r'^(?P<status>ok|changed|skipping|fatal|failed): \[(?P<host>[^\]]+)\](?:: FAILED!)?'
                       r'(?: => (?P<json>\{.*\}))?\s*$', re.M)
TASK_HEADER = re.compile(r'^TASK \[(?P<name>.*)\] \*+$', re.M)


def adhoc_result(run):
    """The module result of an ad hoc run (``host | FAILED! => {...}``), as a dict."""
    match = re.search(r'\| (?:SUCCESS|CHANGED|FAILED!) => (\{.*?\n\})', run.stdout, re.S)
    assert match, run
    return json.loads(match.group(1))


def task_results(stdout):
    """[(task name, status, result or None)] of a playbook run with the default callback."""
    results = []
    name = None
    for line in stdout.splitlines():
        header = TASK_HEADER.match(line)
        if header:
            name = header.group('name')
            continue
        match = TASK_LINE.match(line)
        if match and name is not None:
            result = json.loads(match.group('json')) if match.group('json') else None
            results.append((name, match.group('status'), result))
    return results


def requests_in_words(log):
    """'GET 200, POST 405 x3, POST 201': the requests of a log, repeats folded."""
    words = []
    for entry in log:
        word = '%s %s' % (entry['method'], entry['status'] or 'no answer')
        if words and words[-1][0] == word:
            words[-1][1] += 1
        else:
            words.append([word, 1])
    return ', '.join(word if count == 1 else '%s x%d' % (word, count) for word, count in words)


# Shown after the run (also with -q): the figures tests/reliability/README.md records, per fault.
FIGURES = {}


def figure(section, line):
    FIGURES.setdefault(section, []).append(line)


def pytest_terminal_summary(terminalreporter):
    for section in sorted(FIGURES):
        terminalreporter.write_sep('-', 'figures: %s' % section)
        for line in FIGURES[section]:
            terminalreporter.write_line(line)


def add_credentials(sim, name, secret, kind, roles):
    """An API key or service account in the simulator (``roles``: [{'role': ..., 'org_id'/'group_id': ...}])."""
    if kind == 'api_key':
        body = dict(type='api_key', public_key=name, private_key=secret, roles=roles)
    else:
        body = dict(type='service_account', client_id=name, client_secret=secret, roles=roles)
    return sim.control('POST', '/_sim/credentials', body)


def credential_args(kind, name, secret):
    if kind == 'api_key':
        return dict(public_key=name, private_key=secret)
    return dict(client_id=name, client_secret=secret)
