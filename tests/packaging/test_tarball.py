# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The built tarball ships what users need and nothing dev-only; installed from it, a module runs."""

from __future__ import annotations

import collections
import fnmatch
import json
import tarfile

import yaml

from conftest import REPO, report, run, tool

# Dev-only paths: none of these may be in the tarball.
FORBIDDEN = [
    '.venv*', '.tmp', '.tmp/*', '.git', '.git/*', '.gitignore', '.ci', '.ci/*', '.ansible', '.ansible/*',
    '.ansible-lint', '*.pyc', '*/__pycache__', '*/__pycache__/*', '__pycache__', '.pytest_cache*', '*/.pytest_cache*',
    '.mypy_cache*', '*.egg-info*', '*.tar.gz', 'tools', 'tools/*', 'benchmarks', 'benchmarks/*', 'scripts',
    'scripts/*', 'Makefile', 'requirements-dev.txt', 'tests/output', 'tests/output/*',
    'tests/integration/integration_config.yml', 'tests/reliability', 'tests/reliability/*', 'tests/packaging',
    'tests/packaging/*', 'changelogs/fragments/*', 'changelogs/.plugin-cache.yaml', '.venv*/*',
]
# What users need: every module and action plugin, the role, runtime metadata, docs, changelog.
REQUIRED = [
    'MANIFEST.json', 'FILES.json', 'README.md', 'CHANGELOG.md', 'CHANGELOG.rst', 'changelogs/changelog.yaml',
    'meta/runtime.yml', 'meta/execution-environment.yml', 'requirements.txt', 'docs/awx.md',
    'docs/architecture.md', 'roles/peering/tasks/main.yml', 'roles/peering/meta/argument_specs.yml',
    'plugins/plugin_utils/_peering_plan.py', 'roles/peering/README.md', 'plugins/doc_fragments/atlas.py',
]
MAX_BYTES = 400 * 1024


def _members(tarball):
    with tarfile.open(tarball) as tar:
        return {m.name.rstrip('/'): m for m in tar.getmembers() if m.name not in ('.', './')}


def test_tarball_contents(tarball):
    members = _members(tarball)
    names = sorted(members)
    size = tarball.stat().st_size

    def group(name):
        parts = name.split('/')
        return '/'.join(parts[:2]) + '/' if parts[0] in ('plugins', 'tests', 'roles') and len(parts) > 2 \
            else parts[0] + ('/' if len(parts) > 1 else '')
    by_top = collections.Counter(group(n) for n in names if not members[n].isdir())
    section = 'built tarball'
    report(section, '%s: %d bytes, %d files' % (tarball.name, size, sum(not m.isdir() for m in members.values())))
    for top, count in sorted(by_top.items()):
        report(section, '  %-24s %3d file(s)' % (top, count))
    report(section, 'file list:')
    for name in names:
        if not members[name].isdir():
            report(section, '  %7d  %s' % (members[name].size, name))

    bad = sorted(n for n in names if any(fnmatch.fnmatchcase(n, pattern) for pattern in FORBIDDEN))
    assert not bad, 'dev-only files in the tarball: %s' % bad
    missing = sorted(n for n in REQUIRED if n not in members)
    assert not missing, 'missing from the tarball: %s' % missing

    for kind in ('modules', 'action', 'module_utils', 'inventory'):
        in_repo = sorted(p.name for p in (REPO / 'plugins' / kind).glob('*.py'))
        in_tar = sorted(n.rsplit('/', 1)[1] for n in names if n.startswith('plugins/%s/' % kind) and n.endswith('.py'))
        assert in_repo and in_tar == in_repo, (kind, in_repo, in_tar)
    assert {n.rsplit('/', 1)[1] for n in names if n.startswith('plugins/modules/')} == \
        {n.rsplit('/', 1)[1] for n in names if n.startswith('plugins/action/')}
    # the guides and docs/docsite/ (antsibull-docs links) ship
    for page in sorted((REPO / 'docs').rglob('*')):
        if page.is_file():
            assert str(page.relative_to(REPO)) in members, page
    assert size < MAX_BYTES, 'the tarball grew to %d bytes' % size


def test_manifest_matches_galaxy_yml(tarball):
    with tarfile.open(tarball) as tar:
        manifest = json.load(tar.extractfile('MANIFEST.json'))['collection_info']
        runtime = yaml.safe_load(tar.extractfile('meta/runtime.yml'))
    galaxy = yaml.safe_load((REPO / 'galaxy.yml').read_text())
    assert (manifest['namespace'], manifest['name'], manifest['version']) == \
        (galaxy['namespace'], galaxy['name'], galaxy['version']) == ('atlasops', 'networking', manifest['version'])
    assert tarball.name == 'atlasops-networking-%s.tar.gz' % galaxy['version']
    # make test runs this suite on ansible-core 2.19 and the newest release (2.21): the lower bound
    # is the oldest tested release; no upper bound (a newer core is expected to keep working)
    assert runtime['requires_ansible'] == '>=2.19.0'
    modules = sorted(p.stem for p in (REPO / 'plugins' / 'modules').glob('*.py') if p.stem != '__init__')
    assert sorted(runtime['action_groups']['atlas']) == modules


def test_installed_module_runs_against_simulator(sim, installed, ansible_env):
    """ansible-galaxy collection install <tarball> -p <empty dir>, then a module from that copy."""
    project = sim.new_project()
    root = installed / 'ansible_collections' / 'atlasops' / 'networking'
    assert sorted(p.name for p in (installed / 'ansible_collections').iterdir()) == ['atlasops']
    listed = run([tool('ansible-galaxy'), 'collection', 'list', '-p', installed, '--format', 'json'], env=ansible_env)
    found = json.loads(listed.stdout)
    assert found[str(installed / 'ansible_collections')]['atlasops.networking']['version'] == '0.1.0'

    env = dict(ansible_env, **sim.api_key_env())
    proc = run([tool('ansible'), 'localhost', '-m', 'atlasops.networking.network_container',
                '-a', 'project_id=%s provider_name=AWS region=US_EAST_1 atlas_cidr_block=192.168.248.0/21' % project],
               env=env, cwd=installed.parent)
    assert 'CHANGED' in proc.stdout
    # both execution paths: in-process (the default on the controller) and a module process (AnsiballZ)
    for in_process in ('true', 'false'):
        proc = run([tool('ansible'), 'localhost', '-m', 'atlasops.networking.network_container_info',
                    '-a', 'project_id=%s' % project], env=dict(env, ATLASOPS_NETWORKING_IN_PROCESS=in_process),
                   cwd=installed.parent)
        assert '192.168.248.0/21' in proc.stdout and 'SUCCESS' in proc.stdout
    # the only copy Ansible sees is the installed one (ansible-doc names where it found the module)
    doc = run([tool('ansible-doc'), 'atlasops.networking.network_peering_info'], env=ansible_env, cwd=installed.parent)
    assert str(root) in doc.stdout and 'MONGODB_ATLAS_PROJECT_ID' in doc.stdout
