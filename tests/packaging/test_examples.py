# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module's EXAMPLES run as written against the simulator.

Each module's EXAMPLES block is taken from its source, unchanged, and becomes the tasks of a play;
a module and its _info module share a fresh project (the resource examples first, so the _info
examples have something to list). The only things supplied from outside are what a user supplies:
``atlas_project_id`` as an extra var and the credentials as MONGODB_ATLAS_* environment variables.
Every example task must run (none skipped, none failed). The modules come from the installed tarball.
What a user sets up in Atlas before the examples can work (tests/support/prerequisites.py) is set up
in the simulator.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO, report, run, tool
from examples import examples as module_examples, module_names
from prerequisites import set_up

# (resource module, its _info module), in the order they run; each pair gets its own project
FAMILIES = [
    ('network_container', 'network_container_info'),
    ('network_peering', 'network_peering_info'),
    ('access_list', 'access_list_info'),
    ('backup_private_endpoint', 'backup_private_endpoint_info'),
    ('stream_privatelink', 'stream_privatelink_info'),
    ('data_federation_private_endpoint', 'data_federation_private_endpoint_info'),
    ('encryption_at_rest_private_endpoint', 'encryption_at_rest_private_endpoint_info'),
    ('private_endpoint_service', 'private_endpoint_service_info'),
    ('private_endpoint', 'private_endpoint_info'),
    ('private_endpoint_regional_mode',),
    ('peering_steps',),
]
MODULES = module_names(REPO)


def examples(module):
    return module_examples(REPO, module)


def test_every_module_has_runnable_examples():
    assert sorted(m for family in FAMILIES for m in family) == MODULES
    for module in MODULES:
        tasks = yaml.safe_load(examples(module))
        assert isinstance(tasks, list) and tasks, module
        for task in tasks:
            assert task.get('name'), (module, task)
            actions = [k for k in task if '.' in k]
            assert len(actions) == 1, (module, task)  # one FQCN action per task
            assert actions[0].startswith(('atlasops.networking.', 'ansible.builtin.')), (module, actions)
        # the module's own examples use the module
        assert any('atlasops.networking.%s' % module in task for task in tasks), module


def _task_results(stdout):
    """[(task name, status)] from the default callback's output."""
    results = []
    name = None
    for line in stdout.splitlines():
        match = re.match(r'^TASK \[(.*)\] \*+$', line)
        if match:
            name = match.group(1)
            continue
        match = re.match(r'^(ok|changed|skipping|fatal|failed): \[localhost\]', line)
        if match and name is not None:
            results.append((name, match.group(1)))
            name = None
    return results


@pytest.mark.parametrize('family', FAMILIES, ids=[f[0] for f in FAMILIES])
def test_examples_run_as_written(sim, ansible_env, tmp_path, family):
    project = sim.new_project()
    set_up(sim, family, project)
    tasks = []
    for module in family:
        tasks.extend(yaml.safe_load(examples(module)))
    playbook = tmp_path / 'examples.yml'
    playbook.write_text(yaml.safe_dump([{
        'name': 'EXAMPLES of %s' % ' and '.join(family),
        'hosts': 'localhost',
        'gather_facts': False,
        'tasks': tasks,
    }], sort_keys=False))
    env = dict(ansible_env, **sim.api_key_env())
    proc = run([tool('ansible-playbook'), playbook, '-e', 'atlas_project_id=%s' % project], env=env,
               cwd=tmp_path, check=False)
    results = _task_results(proc.stdout)
    for name, status in results:
        report('EXAMPLES run as written', '  %-24s %-8s %s' % (family[0], status, name))
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert [result[0] for result in results] == [task['name'] for task in tasks]
    assert all(result[1] in ('ok', 'changed') for result in results), results
    # the resource examples really did something
    assert any(result[1] == 'changed' for result in results)
    assert sim.writes(project)
