# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin of atlasops.networking.peering_steps with the steps' action plugins replaced by fakes:
it reads the role's variables from the task's variables, fails before any step on a wrong variable, runs each
step as a copy of its own task (module name, arguments, check mode, diff), passes the play's
group/atlasops.networking.atlas module_defaults on, returns atlas_peering_result's keys and sums the steps up."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task

from ansible_collections.atlasops.networking.plugins.action.peering_steps import ActionModule

PROJECT = '0123456789abcdef01234567'
CONTAINER = {'id': 'c' * 24, 'provider_name': 'GCP', 'atlas_cidr_block': '10.8.0.0/18', 'gcp_project_id': 'p-atlas',
             'network_name': 'nt-atlas'}
VARIABLES = dict(atlas_peering_provider='GCP', atlas_peering_atlas_cidr_block='10.8.0.0/18',
                 atlas_peering_gcp_project_id='my-gcp-project', atlas_peering_network_name='my-network',
                 atlas_peering_access_list=['10.30.0.0/16'], unrelated_variable='ignored')
ANSWERS = {
    'atlasops.networking.network_container': {'changed': True, 'container': CONTAINER, 'project_id': PROJECT,
                                              'warnings': ['a warning of the container'],
                                              'diff': {'before': {}, 'after': CONTAINER}},
    'atlasops.networking.network_peering': {'changed': True, 'peering': {'id': 'p' * 24, 'status': 'WAITING_FOR_USER'},
                                            'project_id': PROJECT},
    'atlasops.networking.access_list': {'changed': False, 'added': [], 'updated': [], 'removed': [], 'entries': [],
                                        'project_id': PROJECT},
}


class FakeStep(object):
    """A step's action plugin: records the task it was given, answers from ANSWERS."""

    def __init__(self, seen, answers, task, **_kwargs):
        self.seen, self.answers, self.task = seen, answers, task

    def run(self, task_vars=None):
        self.seen.append(self.task)
        return dict(self.answers[self.task.action])


def make_action(args=None, check_mode=False, diff=False, answers=None):
    task = Task()
    task.action = 'atlasops.networking.peering_steps'
    task.args = dict(args or {})
    task.check_mode = check_mode
    task.diff = diff
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    seen = []
    loader = MagicMock()
    loader.action_loader.get.side_effect = lambda name, **kwargs: FakeStep(seen, answers or ANSWERS, **kwargs)
    action = ActionModule(task, MagicMock(), PlayContext(), loader=MagicMock(), templar=templar)
    action._shared_loader_obj = loader  # ansible-core's plugin loaders, which ActionBase takes from ansible.plugins.loader
    return action, seen


def test_the_steps_run_as_copies_of_the_task_with_the_module_s_name_and_arguments():
    action, seen = make_action(args=dict(base_url='https://atlas.example', public_key='pub', private_key='secret'),
                               check_mode=True, diff=True)
    result = action.run(task_vars=dict(VARIABLES, atlas_peering_project_id=PROJECT))
    assert [task.action for task in seen] == ['atlasops.networking.network_container',
                                              'atlasops.networking.network_peering', 'atlasops.networking.access_list']
    assert all(task.check_mode and task.diff for task in seen)
    assert seen[0].args == dict(provider_name='GCP', atlas_cidr_block='10.8.0.0/18', wait_timeout=900, state='present',
                                base_url='https://atlas.example', public_key='pub', private_key='secret', project_id=PROJECT)
    assert seen[1].args['container_id'] == 'c' * 24
    assert not result.get('failed')
    assert result['changed'] is True and result['check_mode'] is True
    assert result['steps'] == [{'module': 'atlasops.networking.network_container', 'changed': True},
                               {'module': 'atlasops.networking.network_peering', 'changed': True},
                               {'module': 'atlasops.networking.access_list', 'changed': False}]
    assert result['warnings'] == ['a warning of the container']
    assert result['diff'] == [{'before': {}, 'after': CONTAINER, 'before_header': 'network_container',
                               'after_header': 'network_container'}]
    assert result['project_id'] == PROJECT and result['next_steps']['atlas_network_name'] == 'nt-atlas'
    assert result['state'] == 'present' and result['container'] == CONTAINER
    assert 'secret' not in repr(result)


def test_a_wrong_variable_fails_before_any_step():
    action, seen = make_action()
    result = action.run(task_vars=dict(VARIABLES, atlas_peering_network_name='Not_A_Network'))
    assert seen == []
    assert result['failed'] is True
    assert result['msg'].startswith('Wrong role variables, nothing was sent to Atlas: atlas_peering_network_name: ')
    assert 'next_steps' not in result


def test_a_failed_step_fails_the_task_with_the_module_s_message_and_error():
    answers = dict(ANSWERS)
    answers['atlasops.networking.network_peering'] = {'failed': True, 'msg': 'Atlas API 409 X: no',
                                                      'error': {'error_code': 'X'}}
    action, seen = make_action(answers=answers)
    result = action.run(task_vars=VARIABLES)
    assert len(seen) == 2
    assert result['failed'] is True
    assert result['msg'] == 'atlasops.networking.network_peering: Atlas API 409 X: no'
    assert result['error'] == {'error_code': 'X'}
    assert result['steps'][-1] == {'module': 'atlasops.networking.network_peering', 'changed': False, 'failed': True,
                                   'msg': 'Atlas API 409 X: no'}
    assert 'next_steps' not in result


@pytest.mark.parametrize('state, accept', [('present', False), ('absent', False)])
def test_what_the_aws_tasks_need(state, accept):
    answers = {'atlasops.networking.network_container_info': {'containers': []},
               'atlasops.networking.access_list': ANSWERS['atlasops.networking.access_list']}
    answers.update(ANSWERS)
    action, _seen = make_action(answers=answers)
    result = action.run(task_vars=dict(VARIABLES, atlas_peering_state=state))
    assert result['aws']['state'] == state and result['aws']['accept'] is accept
