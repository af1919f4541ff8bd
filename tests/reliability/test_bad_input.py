# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bad input: every case of bad_inputs.CASES (modules, _info modules and the role) fails with a
message naming the option, and sends zero requests (Digest challenges included).

The cases run as one generated playbook per half of the table (two ansible-playbook processes in
parallel), one task per case with ``ignore_errors`` (role cases: block/rescue); each case uses a
project id of its own, so the simulator's request log shows which case, if any, sent a request.
"""

from __future__ import annotations

import json
import re
import threading

import pytest

from bad_inputs import CASES, merged
from conftest import PRIVATE_KEY, PUBLIC_KEY, Sim, ansible_runner

PARTS = 2


def case_project(index):
    return '%024x' % (0xbad0000000 + index)


def case_var(index):
    return 'bad_case_%03d' % index


def module_task(index, name, module, args):
    args = dict(args)
    args.setdefault('project_id', case_project(index))
    return {'name': 'case %03d: %s' % (index, name), 'atlasops.networking.%s' % module: args,
            'register': case_var(index), 'ignore_errors': True}


# target 'role': the peering role; 'role:<name>': another role, and the prefix of its variables.
ROLE_TARGETS = {'role': ('peering', 'atlas_peering_'), 'role:private_endpoint': ('private_endpoint', 'private_endpoint_')}


def role_task(index, name, target, role_vars):
    role, prefix = ROLE_TARGETS[target]
    role_vars = dict(role_vars)
    role_vars.setdefault(prefix + 'project_id', case_project(index))
    role_vars.setdefault(prefix + 'wait_timeout', 5)
    return {'name': 'case %03d: %s' % (index, name), 'block': [
        {'name': 'Run the role', 'ansible.builtin.include_role': {'name': 'atlasops.networking.%s' % role},
         'vars': role_vars}],
        'rescue': [{'name': 'Record the failure', 'ansible.builtin.set_fact': {
            # A looped assert fails with 'One or more items failed': keep the failed items' messages too.
            case_var(index): {'failed': True, 'msg': "{{ ([ansible_failed_result.msg | default('')] + (ansible_failed_result.results"
                                                     " | default([]) | selectattr('failed', 'defined') | selectattr('failed')"
                                                     " | map(attribute='msg') | list)) | join(' | ') }}"}}}]}


def playbook(cases, results_path):
    tasks = []
    defaults = {}
    for index, name, target, base, overrides, _expect in cases:
        args = merged(base, overrides)
        if target in ROLE_TARGETS:
            defaults[case_var(index)] = {'failed': False, 'msg': 'the role did not fail'}
            tasks.append(role_task(index, name, target, args))
        else:
            tasks.append(module_task(index, name, target, args))
    names = [case_var(index) for index, *_rest in cases]
    tasks.append({'name': 'Save every outcome', 'ansible.builtin.copy': {
        'dest': str(results_path), 'mode': '0600',
        'content': "{{ dict(bad_case_names | zip(q('ansible.builtin.vars', *bad_case_names))) | to_json }}"}})
    return [{
        'name': 'Invalid inputs', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
        'vars': dict(defaults, bad_case_names=names),
        'module_defaults': {'group/atlasops.networking.atlas': {
            'base_url': '{{ atlas_base_url }}', 'public_key': PUBLIC_KEY, 'private_key': PRIVATE_KEY}},
        'tasks': tasks,
    }]


@pytest.fixture(scope='module')
def bad_input_run(tmp_path_factory, collections_path):
    workdir = tmp_path_factory.mktemp('bad-input')
    sim = Sim(['--transition-seconds', '1'], workdir / 'atlas-sim.log')
    try:
        indexed = [(index,) + case for index, case in enumerate(CASES)]
        before = sim.count()
        runs = []
        results = {}
        for part in range(PARTS):
            chunk = indexed[part::PARTS]
            path = workdir / ('bad-input-%d.yml' % part)
            path.write_text(json.dumps(playbook(chunk, workdir / ('results-%d.json' % part)), indent=1))
            runs.append(path)
        outcomes = [None] * PARTS

        def run(part):
            runner = ansible_runner(collections_path, workdir)
            outcomes[part] = runner('playbook', runs[part], '-e', 'atlas_base_url=%s' % sim.url, timeout=400)

        threads = [threading.Thread(target=run, args=(part,)) for part in range(PARTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for part, outcome in enumerate(outcomes):
            assert outcome is not None and outcome.rc == 0, outcome
            results.update(json.loads((workdir / ('results-%d.json' % part)).read_text()))
        log = sim.requests()
        yield dict(results=results, log=log, before=before, outcomes=outcomes)
    finally:
        sim.stop()


def test_at_least_60_cases_across_every_module_and_the_role():
    targets = set(case[1] for case in CASES)
    assert len(CASES) >= 60
    assert targets == set(['network_container', 'network_peering', 'stream_privatelink', 'backup_private_endpoint',
                           'access_list', 'network_container_info', 'network_peering_info', 'stream_privatelink_info',
                           'backup_private_endpoint_info', 'access_list_info', 'data_federation_private_endpoint',
                           'data_federation_private_endpoint_info', 'encryption_at_rest_private_endpoint',
                           'encryption_at_rest_private_endpoint_info', 'role',
                           'private_endpoint_service', 'private_endpoint', 'private_endpoint_regional_mode',
                           'private_endpoint_service_info', 'private_endpoint_info', 'role:private_endpoint'])
    assert len(set(case[0] for case in CASES)) == len(CASES)


def test_no_request_at_all(bad_input_run):
    """Not one request reached the simulator (an authenticated request or a Digest challenge)."""
    assert bad_input_run['before'] == 0
    assert bad_input_run['log'] == []
    print('bad input: %d cases in %s' % (len(CASES), ', '.join('%.1fs' % o.elapsed for o in bad_input_run['outcomes'])))


@pytest.mark.parametrize('index', range(len(CASES)), ids=[case[0] for case in CASES])
def test_bad_input(bad_input_run, index):
    name, target, _base, _overrides, expect = CASES[index]
    outcome = bad_input_run['results'][case_var(index)]
    message = str(outcome.get('msg', ''))
    assert outcome.get('failed') is True, (name, outcome)
    # The option's name as a whole word ('region' does not count inside 'region_name').
    assert re.search(r'(?<![A-Za-z_])(?:%s)(?![A-Za-z_])' % expect, message), (name, expect, message)
    print('%-45s %s' % (name, message[:150].replace('\n', ' ')))
    sent = [entry for entry in bad_input_run['log'] if entry.get('group_id') == case_project(index)]
    assert sent == [], (name, sent)
    # The message is about the input, not a request that went wrong.
    assert not re.search(r'Atlas API \d{3}|HTTP \d{3}|timed out|connection failed', message), (name, message)


def test_generated_playbook_is_valid_yaml_for_ansible(bad_input_run):
    assert all(outcome.recap['localhost']['failed'] == 0 for outcome in bad_input_run['outcomes'])
    assert sum(outcome.recap['localhost']['ignored'] + outcome.recap['localhost']['rescued']
               for outcome in bad_input_run['outcomes']) == len(CASES)
