# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""galaxy-importer, the checks Ansible Galaxy runs on every uploaded tarball, on the tarball this
venv's ansible-galaxy built: metadata, documentation strings (ansible-doc), ansible-lint.

It runs from its own venv (.venv-importer, built by `make venv-importer` / `make venvs`) with the
configuration in galaxy-importer.cfg beside this file (its ansible-test run is off: it needs
docker/podman, and `make sanity` runs ansible-test sanity already). Any ERROR or WARNING line in
its output fails the test, as it would show on the collection's Galaxy import log."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import REPO, run

IMPORTER_VENV = REPO / '.venv-importer'
CONFIG = Path(__file__).resolve().parent / 'galaxy-importer.cfg'
# Plugin types whose documentation Galaxy renders from the doc strings ansible-doc gives it.
DOCUMENTED_TYPES = ('module', 'inventory', 'lookup', 'filter', 'test', 'callback', 'connection')
# galaxy-importer gives its ansible-lint call a fixed 180 s (about 10 s here on an idle machine) and
# logs this when it runs out: a busy machine, not a finding about the tarball, so the import is
# run once more; a second timeout fails the test like any other error line.
LINT_TIMEOUT = 'ERROR: Timeout on call to ansible-lint'


@pytest.fixture(scope='module')
def importer_run(tarball, session_tmp):
    python = IMPORTER_VENV / 'bin' / 'python'
    if not python.exists():
        pytest.fail('galaxy-importer is not installed in %s (make venv-importer)' % IMPORTER_VENV)
    workdir = session_tmp / 'galaxy-importer'
    workdir.mkdir()
    env = {'GALAXY_IMPORTER_CONFIG': str(CONFIG),
           # its ansible-doc and ansible-lint, not the dev venv's
           'PATH': '%s:%s' % (IMPORTER_VENV / 'bin', os.environ['PATH'])}
    for _attempt in range(2):
        proc = run([python, '-m', 'galaxy_importer.main', tarball], env=env, cwd=workdir, check=False)
        if LINT_TIMEOUT not in proc.stdout + proc.stderr:
            break
    result = workdir / 'importer_result.json'
    return proc, json.loads(result.read_text()) if result.exists() else None


def test_import_has_no_errors_and_no_warnings(importer_run):
    proc, result = importer_run
    complaints = [line for line in proc.stdout.splitlines() + proc.stderr.splitlines()
                  if re.match(r'^\s*(ERROR|WARNING|CRITICAL)\b', line)]
    assert complaints == [], '\n'.join(complaints)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert 'Importer processing completed successfully' in proc.stdout
    assert result is not None, 'galaxy-importer wrote no importer_result.json'
    assert '...ansible-lint run complete' in proc.stdout  # the lint ran, it was not skipped


def test_every_documented_plugin_has_its_doc_strings(importer_run):
    _proc, result = importer_run
    documented = [c for c in result['docs_blob']['contents'] if c['content_type'] in DOCUMENTED_TYPES]
    assert documented, 'galaxy-importer found no module or plugin'
    for content in documented:
        doc_strings = content.get('doc_strings') or {}
        assert doc_strings.get('doc'), '%s %s: no DOCUMENTATION' % (content['content_type'], content['content_name'])
        assert doc_strings.get('examples'), '%s %s: no EXAMPLES' % (content['content_type'], content['content_name'])
        if content['content_type'] == 'module':
            assert doc_strings.get('return'), 'module %s: no RETURN' % content['content_name']


def test_metadata_as_galaxy_reads_it(importer_run):
    _proc, result = importer_run
    metadata = result['metadata']
    assert (metadata['namespace'], metadata['name']) == ('atlasops', 'networking')
    assert result['requires_ansible'].startswith('>=2.19')
    modules = sorted(p.stem for p in (REPO / 'plugins' / 'modules').glob('*.py') if p.stem != '__init__')
    found = sorted(c['name'] for c in result['contents'] if c['content_type'] == 'module')
    assert found == modules
