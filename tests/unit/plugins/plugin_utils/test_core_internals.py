# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each ansible-core internal the in-process path uses (plugins/plugin_utils/_core_internals.py),
exercised against the installed ansible-core. When a new ansible-core renames or reshapes one, the
accessor raises CoreInternalChanged naming it and the test of that accessor fails with that name.
The running ansible-core must also be one the in-process path is declared tested on."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.plugins.action import ActionBase

from ansible_collections.atlasops.networking.plugins.plugin_utils import _core_internals as core_internals
from ansible_collections.atlasops.networking.plugins.plugin_utils._core_internals import CoreInternalChanged


def validated(spec, params):
    return ArgumentSpecValidator(spec).validate(params)


class Action(ActionBase):
    def run(self, tmp=None, task_vars=None):
        return {}


def action_with_environment(environment):
    task = Task()
    task.environment = environment
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    return Action(task, MagicMock(), PlayContext(), loader=MagicMock(), templar=templar, shared_loader_obj=MagicMock())


def test_the_running_ansible_core_is_a_tested_version():
    """Fails on an ansible-core the in-process path was not tested on: test it, then add it to TESTED_CORE_VERSIONS."""
    assert core_internals.untested_core_reason() is None, core_internals.untested_core_reason()


@pytest.mark.parametrize('version, tested', [('2.19.14', True), ('2.20.0rc1', True), ('2.21.5', True),
                                             ('2.22.0', False), ('2.18.9', False), ('3.0.0', False)])
def test_only_tested_versions_run_in_process(version, tested):
    reason = core_internals.untested_core_reason(version)
    assert (reason is None) is tested
    if not tested:
        assert 'ansible-core %s is not a version the in-process path is tested on (2.19, 2.20, 2.21)' % version == reason


def test_validation_result_no_log_values():
    validation = validated(dict(token=dict(type='str', no_log=True), name=dict(type='str')), dict(token='s3cret', name='n'))
    assert core_internals.no_log_values(validation) == {'s3cret'}


def test_validation_result_deprecations():
    spec = dict(name=dict(type='str', aliases=['old_name'],
                          deprecated_aliases=[dict(name='old_name', version='9.0.0', collection_name='atlasops.networking')]))
    deprecations = core_internals.deprecations(validated(spec, dict(old_name='x')))
    assert len(deprecations) == 1
    assert "Alias 'old_name' is deprecated" in deprecations[0]['msg'] and deprecations[0]['version'] == '9.0.0'
    assert None not in deprecations[0].values()


def test_validation_result_alias_warnings():
    validation = validated(dict(name=dict(type='str', aliases=['title'])), dict(name='a', title='b'))
    assert core_internals.alias_warnings(validation) == [('name', 'title')]


def test_action_base_compute_environment_string():
    action = action_with_environment([{'A': '1'}, {'B': '2', 'A': '3'}])
    assert core_internals.task_environment(action) == {'A': '3', 'B': '2'}


def test_module_json_profile_round_trip():
    value = {'a': [1, 'two', None], 'b': {'c': True}}
    assert core_internals.json_round_trip(value, to_module=True) == value
    assert core_internals.json_round_trip(value, to_module=False) == value


@pytest.mark.parametrize('accessor, internal', [
    (core_internals.no_log_values, 'ValidationResult._no_log_values'),
    (core_internals.deprecations, 'ValidationResult._deprecations'),
    (core_internals.alias_warnings, 'ValidationResult._warnings'),
    (core_internals.task_environment, 'ActionBase._compute_environment_string'),
])
def test_a_missing_internal_is_named(accessor, internal):
    with pytest.raises(CoreInternalChanged) as caught:
        accessor(object())
    assert internal in str(caught.value) and internal in caught.value.internal
    assert 'ansible-core %s changed' % core_internals.CORE_VERSION in str(caught.value)


def test_a_reshaped_internal_is_named():
    class Reshaped(object):
        _warnings = [('name', 'title')]  # tuples where ansible-core has dicts
        _deprecations = ['a message']

    with pytest.raises(CoreInternalChanged, match="ValidationResult._warnings \\(dicts with 'option' and 'alias'\\)"):
        core_internals.alias_warnings(Reshaped())
    with pytest.raises(CoreInternalChanged, match='ValidationResult._deprecations \\(a list of dicts\\)'):
        core_internals.deprecations(Reshaped())


def test_missing_module_json_profiles_are_named(monkeypatch):
    monkeypatch.setattr(core_internals, '_JSON_PROFILES_ERROR', ImportError('gone'))
    with pytest.raises(CoreInternalChanged, match='ansible.module_utils.common.json module profiles'):
        core_internals.json_round_trip({}, to_module=True)
