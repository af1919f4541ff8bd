# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A playbook run the way AWX runs a job: ansible-runner, credentials injected by the custom
credential type of docs/awx.md, the collection installed from the built tarball into the
project's collections/ directory (as AWX installs collections/requirements.yml)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BIN, CLIENT_ID, PUBLIC_KEY, REPO, SECRETS, run, tool

ansible_runner = pytest.importorskip('ansible_runner')

PLAYBOOK = """\
- name: Atlas private networking from an AWX job template
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Ensure the AWS container of us-east-1
      atlasops.networking.network_container:
        provider_name: AWS
        region: US_EAST_1
        atlas_cidr_block: 192.168.248.0/21
      register: container

    - name: Allow the application network
      atlasops.networking.access_list:
        entries:
          - cidr_block: 10.10.0.0/16
            comment: Application VPC

    - name: List the containers
      atlasops.networking.network_container_info:
      register: containers

    - name: The container is listed
      ansible.builtin.assert:
        that:
          - containers.containers | map(attribute='id') | list == [container.container.id]
"""


def _injected_env(sim, variant, project_id):
    """What the injector of docs/awx.md produces: every variable, the unused pair as empty strings."""
    return sim.api_key_env(project_id) if variant == 'api_key' else sim.service_account_env(project_id)


def test_injector_in_docs_matches(sim):
    """The env vars this test injects are exactly those of the credential type in docs/awx.md."""
    text = (REPO / 'docs' / 'awx.md').read_text()
    blocks = [yaml.safe_load(b) for b in re.findall(r'```yaml\n(.*?)```', text, re.S)]
    injector = [b for b in blocks if isinstance(b, dict) and 'env' in b][0]['env']
    fields = [b for b in blocks if isinstance(b, dict) and 'fields' in b][0]['fields']
    inputs = {'base_url': sim.url, 'public_key': 'p', 'private_key': 'k', 'client_id': '', 'client_secret': '',
              'project_id': 'x'}
    assert sorted(f['id'] for f in fields) == sorted(inputs)
    assert {f['id'] for f in fields if f.get('secret')} == {'private_key', 'client_secret'}
    rendered = dict((k, re.sub(r'\{\{ *(\w+) *\}\}', lambda m: inputs[m.group(1)], v)) for k, v in injector.items())
    assert sorted(rendered) == sorted(sim.api_key_env())
    assert rendered['MONGODB_ATLAS_CLIENT_ID'] == '' and rendered['MONGODB_ATLAS_PUBLIC_API_KEY'] == 'p'


@pytest.fixture
def private_data_dir(tmp_path, tarball):
    """An ansible-runner private data dir laid out as AWX lays out a job's."""
    pdd = tmp_path / 'job'
    project = pdd / 'project'
    project.mkdir(parents=True)
    (project / 'site.yml').write_text(PLAYBOOK)
    run([tool('ansible-galaxy'), 'collection', 'install', tarball, '-p', project / 'collections'], cwd=tmp_path)
    (pdd / 'inventory').mkdir()
    (pdd / 'inventory' / 'hosts').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    (pdd / 'env').mkdir()
    return pdd


def _run_job(pdd, env, ident, monkeypatch):
    # AWX writes the injected variables to env/envvars; nothing else of the worker's env is Atlas's
    for key in list(os.environ):
        if key.startswith('MONGODB_ATLAS_') or key.startswith('ANSIBLE_'):
            monkeypatch.delenv(key)
    monkeypatch.setenv('PATH', '%s:%s' % (BIN, os.environ['PATH']))
    envvars = dict(env, ANSIBLE_NOCOLOR='1', ANSIBLE_COLLECTIONS_PATH=str(pdd / 'empty'),
                   ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false')
    (pdd / 'env' / 'envvars').write_text(yaml.safe_dump(envvars))
    result = ansible_runner.run(private_data_dir=str(pdd), playbook='site.yml', ident=ident, verbosity=4,
                                quiet=True, timeout=300)
    print('ansible-runner %s: status=%s rc=%s stats=%s' % (ident, result.status, result.rc, result.stats))
    stdout = result.stdout.read()
    print(stdout[-6000:])
    return result, stdout


@pytest.mark.parametrize('variant', ['api_key', 'service_account'])
def test_ansible_runner_job(sim, private_data_dir, variant, monkeypatch):
    project = sim.new_project()
    env = _injected_env(sim, variant, project)
    assert '' in env.values()  # the unused pair is injected as empty strings, as AWX does

    first, out1 = _run_job(private_data_dir, env, 'first', monkeypatch)
    assert (first.status, first.rc) == ('successful', 0), out1[-3000:]
    assert first.stats['changed'] == {'localhost': 2}
    assert first.stats['ok'] == {'localhost': 4}
    assert not first.stats['failures'] and not first.stats['dark']
    writes = sim.writes(project)
    assert sorted((w['method'], w['path'].rsplit('/', 1)[-1]) for w in writes) == \
        [('POST', 'accessList'), ('POST', 'containers')]

    # the same job again changes nothing and writes nothing
    second, out2 = _run_job(private_data_dir, env, 'second', monkeypatch)
    assert (second.status, second.rc) == ('successful', 0), out2[-3000:]
    assert second.stats['changed'] == {} or second.stats['changed'] == {'localhost': 0}
    assert second.stats['ok'] == {'localhost': 4}
    assert len(sim.writes(project)) == len(writes)

    # no secret (nor a bearer token) anywhere in what AWX keeps: stdout, job events, the rest
    events = list(first.events) + list(second.events)
    assert events and any(e.get('event') == 'runner_on_ok' for e in events)
    artifacts = Path(private_data_dir) / 'artifacts'
    checked = []
    for path in sorted(artifacts.rglob('*')):
        if not path.is_file():
            continue
        text = path.read_text(errors='replace')
        if path.name == 'command':
            # ansible-runner's own record of how it started ansible-playbook (mode 0600): its "env" is
            # the injected environment itself, so it holds the secrets by design; AWX never shows it
            # (it streams only stdout and the job events). Nothing else in it may hold them.
            recorded = json.loads(text)
            assert oct(path.stat().st_mode & 0o777) == '0o600'
            del recorded['env']
            text = json.dumps(recorded)
        checked.append(path.relative_to(artifacts))
        for secret in SECRETS:
            assert secret not in text, '%s leaks a secret' % path
        assert not re.search(r'eyJ[\w-]{10,}\.[\w-]{10,}\.', text), '%s holds a bearer token' % path
    assert any(p.parts[-2:] == ('first', 'stdout') for p in checked)
    assert sum(1 for p in checked if 'job_events' in p.parts) >= 10
    print('checked %d artifact files for secrets' % len(checked))
    # the credential the job used is the one injected (the other pair is empty, so unset): the
    # environment is read when the client is built, so the -vvvv invocation shows no credential at all
    schemes = {w['auth'] for w in writes}
    assert schemes == ({'bearer'} if variant == 'service_account' else {'digest'})
    for name in ('client_id', 'client_secret', 'public_key', 'private_key'):
        assert '"%s": null' % name in out1
    assert CLIENT_ID not in out1 and PUBLIC_KEY not in out1
