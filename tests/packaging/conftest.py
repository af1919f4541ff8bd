# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the packaging suite (issue 7): the collection as users get it.

* ``sim``: one atlas-sim on a free loopback port (``--port 0``, first stdout line read), stopped
  at the end of the session.
* ``tarball``: ``ansible-galaxy collection build`` of this repository into a temp dir.
* ``installed``: that tarball installed with ``ansible-galaxy collection install`` into an empty
  collections path. Every test that runs a module runs it from there, never from the repository.

Ansible runs with the tools next to the Python that runs pytest (make packaging runs this suite
with each venv's Python, so each ansible-core release is tested).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'support'))
from simprocess import SimProcess  # noqa: E402  pylint: disable=wrong-import-position

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

PUBLIC_KEY = 'atlassim'
PRIVATE_KEY = 'atlassim-private-key'
CLIENT_ID = 'mdb_sa_id_atlassim'
CLIENT_SECRET = 'mdb_sa_sk_atlassim'
SECRETS = (PRIVATE_KEY, CLIENT_SECRET)


# Lines the tests want in `make packaging`'s output even when they pass (the tarball's file list,
# which EXAMPLES ran): section title -> lines, shown by pytest_terminal_summary below.
REPORT = {}


def report(section, line):
    REPORT.setdefault(section, []).append(line)


def pytest_terminal_summary(terminalreporter):
    for section, lines in REPORT.items():
        terminalreporter.write_sep('-', section)
        for line in lines:
            terminalreporter.write_line(line)


def tool(name):
    path = BIN / name
    if not path.exists():
        pytest.fail('%s is not installed next to %s (build the venv: make venv)' % (name, sys.executable))
    return str(path)


def run(cmd, env=None, cwd=None, timeout=600, check=True):
    """Run a command, echo it and its output (pytest shows it for a failing test, -s shows it always)."""
    started = time.monotonic()
    full_env = dict(os.environ)
    # the developer's own Atlas settings must not leak into the tests
    for key in list(full_env):
        if key.startswith('MONGODB_ATLAS_') or key.startswith('ANSIBLE_'):
            del full_env[key]
    full_env.update({'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0', 'PATH': '%s:%s' % (BIN, os.environ['PATH']),
                     'ANSIBLE_PYTHON_INTERPRETER': sys.executable, 'ANSIBLE_HOST_KEY_CHECKING': 'false'})
    full_env.update(env or {})
    proc = subprocess.run([str(c) for c in cmd], env=full_env, cwd=cwd, timeout=timeout, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, check=False)
    print('$ %s  (%.1fs, rc=%d)' % (' '.join(str(c) for c in cmd), time.monotonic() - started, proc.returncode))
    print(proc.stdout[-20000:])
    if proc.stderr:
        print('--- stderr\n' + proc.stderr[-8000:])
    if check and proc.returncode != 0:
        pytest.fail('%s failed with rc=%d' % (cmd[0], proc.returncode))
    return proc


class Sim(SimProcess):
    """The suite's atlas-sim (one per session) and its control API."""

    def __init__(self, log_path, *extra_args):
        # a later flag wins: extra_args may set --transition-seconds again
        super(Sim, self).__init__(tool('atlas-sim'), ['--transition-seconds', '1'] + list(extra_args), log_path)

    def writes(self, group_id):
        return [r for r in self.requests(group_id) if r['method'] not in ('GET', 'HEAD')]

    def api_key_env(self, project_id=''):
        """The environment the AWX credential type injects for an API key (service account left empty)."""
        return {'MONGODB_ATLAS_BASE_URL': self.url, 'MONGODB_ATLAS_PUBLIC_API_KEY': PUBLIC_KEY,
                'MONGODB_ATLAS_PRIVATE_API_KEY': PRIVATE_KEY, 'MONGODB_ATLAS_CLIENT_ID': '',
                'MONGODB_ATLAS_CLIENT_SECRET': '', 'MONGODB_ATLAS_PROJECT_ID': project_id}

    def service_account_env(self, project_id=''):
        """The environment the AWX credential type injects for a service account (API key left empty)."""
        return {'MONGODB_ATLAS_BASE_URL': self.url, 'MONGODB_ATLAS_PUBLIC_API_KEY': '',
                'MONGODB_ATLAS_PRIVATE_API_KEY': '', 'MONGODB_ATLAS_CLIENT_ID': CLIENT_ID,
                'MONGODB_ATLAS_CLIENT_SECRET': CLIENT_SECRET, 'MONGODB_ATLAS_PROJECT_ID': project_id}


@pytest.fixture(scope='session')
def session_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp('packaging')


@pytest.fixture(scope='session')
def sim(session_tmp):
    server = Sim(session_tmp / 'atlas-sim.log')
    yield server
    server.stop()


@pytest.fixture(scope='session')
def tarball(session_tmp):
    out = session_tmp / 'build'
    out.mkdir()
    run([tool('ansible-galaxy'), 'collection', 'build', '--output-path', out, REPO], cwd=session_tmp)
    built = sorted(out.glob('atlasops-networking-*.tar.gz'))
    assert len(built) == 1, built
    return built[0]


@pytest.fixture(scope='session')
def installed(session_tmp, tarball):
    """An empty collections path with only the built tarball installed in it."""
    path = session_tmp / 'collections'
    path.mkdir()
    run([tool('ansible-galaxy'), 'collection', 'install', tarball, '-p', path], cwd=session_tmp)
    root = path / 'ansible_collections' / 'atlasops' / 'networking'
    assert (root / 'MANIFEST.json').is_file()
    assert not root.is_symlink()
    return path


@pytest.fixture
def ansible_env(installed):
    """Environment for ansible / ansible-playbook that sees only the installed collection."""
    return {'ANSIBLE_COLLECTIONS_PATH': str(installed), 'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false'}
