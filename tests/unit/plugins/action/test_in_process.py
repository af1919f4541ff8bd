# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of the in-process action plugins (plugins/plugin_utils/_in_process.py): the
AnsibleModule stand-in (validation, no_log masking, result shape), whole module runs through a
module's real main() with Atlas mocked by ``responses``, and when the action falls back to the
module path."""

from __future__ import annotations

import importlib
import json
import os
from unittest.mock import MagicMock

import pytest
import responses

from ansible.module_utils import _internal
from ansible.module_utils.common import arg_spec
from ansible.module_utils.testing import patch_module_args
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.plugins.action import ActionBase

from ansible_collections.atlasops.networking.plugins.module_utils import _atlas_module as atlas_module
from ansible_collections.atlasops.networking.plugins.plugin_utils import _core_internals as core_internals
from ansible_collections.atlasops.networking.plugins.plugin_utils import _in_process as in_process
from ansible_collections.atlasops.networking.plugins.plugin_utils._in_process import (
    ENV_SWITCH,
    InProcessAction,
    InProcessModule,
    ModuleExit,
    run_main,
)
from ansible_collections.atlasops.networking.plugins.modules import network_container, network_container_info

BASE = 'https://atlas.example.test'
GROUP = '0123456789abcdef01234567'
CONTAINERS_URL = BASE + '/api/atlas/v2/groups/%s/containers' % GROUP
SECRET = 'very-secret-private-key-123'
CREDS = dict(base_url=BASE, public_key='pub', private_key=SECRET, project_id=GROUP)
AWS_ITEM = {'id': 'a' * 24, 'providerName': 'AWS', 'regionName': 'US_EAST_1', 'atlasCidrBlock': '192.168.248.0/21',
            'provisioned': False, 'vpcId': 'vpc-0a1b2c3d4e5f60718'}
ALL_MODULES = ['access_list', 'access_list_info', 'backup_private_endpoint', 'backup_private_endpoint_info',
               'data_federation_private_endpoint', 'data_federation_private_endpoint_info',
               'encryption_at_rest_private_endpoint', 'encryption_at_rest_private_endpoint_info',
               'network_container', 'network_container_info', 'network_peering', 'network_peering_info',
               'private_endpoint', 'private_endpoint_info', 'private_endpoint_regional_mode',
               'private_endpoint_service', 'private_endpoint_service_info',
               'stream_privatelink', 'stream_privatelink_info']

SPEC = dict(
    name=dict(type='str', required=True, aliases=['title']),
    count=dict(type='int', default=3),
    token=dict(type='str', no_log=True, fallback=(atlas_module.env_fallback, ['IN_PROCESS_TEST_TOKEN'])),
    mode=dict(type='str', choices=['a', 'b']),
)


def build(args, **kwargs):
    """InProcessModule(args) or the result it failed/exited with."""
    try:
        return InProcessModule(args, 'example.module', argument_spec=SPEC, supports_check_mode=True, **kwargs)
    except ModuleExit as done:
        return done.result


# --- the AnsibleModule stand-in -------------------------------------------------------------

@pytest.mark.parametrize('args, expected', [
    (dict(name='x'), dict(name='x', count=3, token=None, mode=None)),
    (dict(title='x', count='7'), dict(name='x', count=7, token=None, mode=None)),
    (dict(name='x', mode='b'), dict(name='x', count=3, token=None, mode='b')),
])
def test_params_defaults_aliases_types(args, expected):
    module = build(args)
    assert isinstance(module, InProcessModule)
    assert dict((key, module.params[key]) for key in expected) == expected


@pytest.mark.parametrize('args, message', [
    (dict(), 'missing required arguments: name'),
    (dict(name='x', count='many'), "argument 'count' is of type str and we were unable to convert to int"),
    (dict(name='x', mode='c'), 'value of mode must be one of: a, b, got: c'),
    (dict(name='x', colour='red'), 'Unsupported parameters for (example.module) module: colour'),
])
def test_validation_failures_name_the_option(args, message):
    result = build(args)
    assert result['failed'] is True
    assert message in result['msg']


def test_env_fallback_and_no_log_value_masked_everywhere(monkeypatch):
    monkeypatch.setenv('IN_PROCESS_TEST_TOKEN', SECRET)
    module = build(dict(name='x'))
    assert module.params['token'] == SECRET
    with pytest.raises(ModuleExit) as done:
        module.exit_json(changed=True, echoed='token is %s' % SECRET, flag=False, nothing=None)
    result = done.value.result
    assert SECRET not in repr(result)
    assert result['invocation']['module_args']['token'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert result['changed'] is True and result['flag'] is False and result['nothing'] is None


def test_fail_json_and_warnings_shape():
    module = build(dict(name='x', title='y'))  # both the option and its alias: a warning
    module.warn('second warning')
    with pytest.raises(ModuleExit) as done:
        module.fail_json(msg='it broke', changed=False)
    result = done.value.result
    assert result['failed'] is True and result['msg'] == 'it broke'
    assert result['warnings'] == ['Both option name and its alias title are set.', 'second warning']
    assert 'invocation' in result


def test_check_mode_and_diff_flags():
    module = build(dict(name='x'), check_mode=True, diff=True)
    assert module.check_mode is True and module._diff is True
    skipped = InProcessModule.__new__(InProcessModule)
    with pytest.raises(ModuleExit) as done:
        InProcessModule.__init__(skipped, dict(name='x'), 'example.module', check_mode=True, argument_spec=SPEC,
                                 supports_check_mode=False)
    assert done.value.result['skipped'] is True


# --- whole runs through a module's own main() -------------------------------------------------

@responses.activate
def test_run_main_info_module_masks_private_key_and_restores_backend():
    responses.get(CONTAINERS_URL, json={'results': [AWS_ITEM], 'totalCount': 1})
    result = run_main(network_container_info.main, dict(CREDS, provider_name='AWS'),
                      'atlasops.networking.network_container_info')
    assert result['changed'] is False
    assert result['containers'][0]['vpc_id'] == 'vpc-0a1b2c3d4e5f60718'
    assert result['invocation']['module_args']['private_key'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert SECRET not in repr(result)
    assert len(responses.calls) == 1
    assert atlas_module._module_backend is None  # AnsibleModule again after the task


@responses.activate
def test_run_main_check_mode_never_writes_and_diff():
    responses.get(CONTAINERS_URL, json={'results': [], 'totalCount': 0})
    args = dict(CREDS, provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')
    result = run_main(network_container.main, args, 'atlasops.networking.network_container', check_mode=True, diff=True)
    assert result['changed'] is True
    assert 'diff' in result
    assert [call.request.method for call in responses.calls] == ['GET']


@responses.activate
def test_run_main_create_then_noop():
    responses.get(CONTAINERS_URL, json={'results': [], 'totalCount': 0})
    responses.post(CONTAINERS_URL, json=AWS_ITEM, status=201)
    args = dict(CREDS, provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')
    result = run_main(network_container.main, args, 'atlasops.networking.network_container')
    assert result['changed'] is True
    assert result['container']['id'] == 'a' * 24
    responses.replace(responses.GET, CONTAINERS_URL, json={'results': [AWS_ITEM], 'totalCount': 1})
    again = run_main(network_container.main, args, 'atlasops.networking.network_container')
    assert again['changed'] is False


def test_run_main_environment_keyword_feeds_env_fallbacks_then_is_restored():
    os.environ.pop('MONGODB_ATLAS_PROJECT_ID', None)
    args = dict(base_url=BASE, public_key='pub', private_key=SECRET, provider_name='AWS')
    result = run_main(network_container_info.main, args, 'atlasops.networking.network_container_info',
                      environment={'MONGODB_ATLAS_PROJECT_ID': 'not-a-project'})
    assert result['failed'] is True
    assert "option 'project_id'" in result['msg']  # the value came from the task's environment
    assert 'MONGODB_ATLAS_PROJECT_ID' not in os.environ


def test_run_main_bad_option_sends_nothing():
    with responses.RequestsMock() as mocked:
        result = run_main(network_container.main, dict(CREDS, provider_name='AWS', region='US_EAST_1',
                                                       atlas_cidr_block='10.0.0.0/8'),
                          'atlasops.networking.network_container')
        assert len(mocked.calls) == 0
    assert result['failed'] is True and 'atlas_cidr_block' in result['msg']


def test_run_main_without_result():
    result = run_main(lambda: None, {}, 'example.module')
    assert result['failed'] is True and 'without a result' in result['msg']


# --- when the action plugin runs in process ------------------------------------------------

def make_action(transport='local', become=False, async_val=0, args=None, check_mode=False, diff=False, module=True):
    task = Task()
    task.action = 'atlasops.networking.network_container_info'
    task.args = dict(args or {})
    task.async_val = async_val
    task.check_mode = check_mode
    task.diff = diff
    connection = MagicMock()
    connection.transport = transport
    connection.has_native_async = False
    play_context = PlayContext()
    play_context.become = become
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    action = InProcessAction(task, connection, play_context, loader=MagicMock(), templar=templar,
                             shared_loader_obj=MagicMock())
    action.MODULE = network_container_info if module else None
    return action


@pytest.mark.parametrize('options, task_vars, env, refusal', [
    (dict(), {}, None, None),
    (dict(), {}, 'false', ENV_SWITCH + '=false'),
    (dict(), {}, 'yes', None),
    (dict(), {'atlasops_networking_in_process': False}, None, 'atlasops_networking_in_process is false'),
    (dict(), {'atlasops_networking_in_process': 'true'}, None, None),
    (dict(transport='ssh'), {}, None, 'the connection is ssh, not local'),
    (dict(become=True), {}, None, 'become is set'),
    (dict(async_val=30), {}, None, 'async is set'),
    (dict(module=False), {}, None, "the controller's Python cannot import requests and pydantic"),
])
def test_in_process_refusal(monkeypatch, options, task_vars, env, refusal):
    if env is None:
        monkeypatch.delenv(ENV_SWITCH, raising=False)
    else:
        monkeypatch.setenv(ENV_SWITCH, env)
    assert make_action(**options).in_process_refusal(task_vars) == refusal


def test_run_in_process_passes_args_check_mode_diff(monkeypatch):
    monkeypatch.delenv(ENV_SWITCH, raising=False)
    seen = {}

    def fake_run_main(main, args, name, check_mode=False, diff=False, environment=None):
        seen.update(main=main, args=args, name=name, check_mode=check_mode, diff=diff)
        return {'changed': False, 'containers': []}

    monkeypatch.setattr(in_process, 'run_main', fake_run_main)
    action = make_action(args=dict(CREDS), check_mode=True, diff=True)
    action._execute_module = MagicMock(side_effect=AssertionError('the module path must not run'))
    action._compute_environment_string = MagicMock(return_value='')
    result = action.run(task_vars={})
    assert result['containers'] == []
    assert seen == dict(main=network_container_info.main, args=CREDS, name='atlasops.networking.network_container_info',
                        check_mode=True, diff=True)


def test_run_module_path_when_refused(monkeypatch):
    monkeypatch.setenv(ENV_SWITCH, 'false')
    monkeypatch.setattr(in_process, 'run_main', MagicMock(side_effect=AssertionError('must not run in process')))
    action = make_action(args=dict(CREDS))
    action._execute_module = MagicMock(return_value={'changed': False, 'containers': ['from the module']})
    action._remove_tmp_path = MagicMock()
    result = action.run(task_vars={})
    assert result['containers'] == ['from the module']
    action._execute_module.assert_called_once()


@pytest.mark.parametrize('name', ALL_MODULES)
def test_every_module_has_an_in_process_action(name):
    plugin = importlib.import_module('ansible_collections.atlasops.networking.plugins.action.' + name)
    assert issubclass(plugin.ActionModule, InProcessAction)
    assert plugin.ActionModule.MODULE is importlib.import_module(
        'ansible_collections.atlasops.networking.plugins.modules.' + name)


# --- the in-process path never makes a task fail ----------------------------------------------

def module_path_of(action, module, capsys, monkeypatch):
    """An _execute_module that runs ``module`` the module way: AnsibleModule, its JSON on stdout."""
    monkeypatch.setattr(_internal, 'is_controller', False, raising=False)  # as in a module process

    def execute_module(task_vars=None, wrap_async=False):
        capsys.readouterr()
        with patch_module_args(dict(action._task.args)):
            with pytest.raises(SystemExit):
                module.main()
        return json.loads(capsys.readouterr().out)

    return MagicMock(side_effect=execute_module)


def break_no_log_values(monkeypatch):
    """ansible-core renames ValidationResult._no_log_values (seen by the controller; a module process has its own copy)."""

    class Renaming(arg_spec.ArgumentSpecValidator):
        def validate(self, *args, **kwargs):
            result = super(Renaming, self).validate(*args, **kwargs)
            result.renamed_no_log_values = vars(result).pop('_no_log_values')
            return result

    monkeypatch.setattr(in_process, 'ArgumentSpecValidator', Renaming)


def break_environment(monkeypatch):
    """ansible-core removes ActionBase._compute_environment_string."""
    monkeypatch.delattr(ActionBase, '_compute_environment_string')


@pytest.mark.parametrize('break_internal, internal', [
    (break_no_log_values, 'ValidationResult._no_log_values'),
    (break_environment, 'ActionBase._compute_environment_string'),
])
def test_a_broken_internal_falls_back_to_the_module_path_and_succeeds(monkeypatch, capsys, break_internal, internal):
    monkeypatch.delenv(ENV_SWITCH, raising=False)
    monkeypatch.setattr(in_process, '_fallback_warned', False)
    shown = MagicMock()
    monkeypatch.setattr(in_process, 'display', shown)
    break_internal(monkeypatch)
    results = []
    with responses.RequestsMock() as mocked:
        mocked.get(CONTAINERS_URL + '/all', json={'results': [AWS_ITEM], 'totalCount': 1})
        for _task in range(2):
            action = make_action(args=dict(CREDS))
            action._execute_module = module_path_of(action, network_container_info, capsys, monkeypatch)
            action._remove_tmp_path = MagicMock()
            results.append(action.run(task_vars={}))
            action._execute_module.assert_called_once()
        assert len(mocked.calls) == 2  # one GET per task, each on the module path
    for result in results:
        assert result.get('failed') is not True
        assert result['containers'][0]['id'] == 'a' * 24
        assert SECRET not in repr(result)
    fallbacks = [call.args[0] for call in shown.vvv.call_args_list if 'in its own process' in call.args[0]]
    assert len(fallbacks) == 2 and all('the in-process path failed' in line and internal in line for line in fallbacks)
    assert shown.warning.call_count == 1  # one warning per run
    assert internal in shown.warning.call_args.args[0] and 'ATLASOPS_NETWORKING_IN_PROCESS=false' in shown.warning.call_args.args[0]


def test_a_module_failure_is_a_result_not_a_fallback(monkeypatch):
    monkeypatch.delenv(ENV_SWITCH, raising=False)
    action = make_action(args=dict(CREDS, provider_name='IBM'))
    action._execute_module = MagicMock(side_effect=AssertionError('the module path must not run'))
    result = action.run(task_vars={})
    assert result['failed'] is True and 'provider_name' in result['msg']


def test_a_module_bug_is_not_retried_on_the_module_path(monkeypatch):
    """An exception from the module's own logic may come after a write: never run the task a second time."""
    monkeypatch.delenv(ENV_SWITCH, raising=False)

    class Buggy(object):
        @staticmethod
        def main():
            raise RuntimeError('a bug in the module')

    action = make_action(args=dict(CREDS))
    action.MODULE = Buggy
    action._execute_module = MagicMock(side_effect=AssertionError('the module path must not run'))
    with pytest.raises(RuntimeError, match='a bug in the module'):
        action.run(task_vars={})


def test_an_untested_ansible_core_takes_the_module_path(monkeypatch):
    monkeypatch.delenv(ENV_SWITCH, raising=False)
    monkeypatch.setattr(core_internals, 'CORE_VERSION', '2.99.0')
    assert make_action().in_process_refusal({}) == (
        'ansible-core 2.99.0 is not a version the in-process path is tested on (2.19, 2.20, 2.21)')
