# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The steps of the role atlasops.networking.peering in one task (see plugins/modules/peering_steps.py).

Reads the role's variables (the names roles/peering/meta/argument_specs.yml declares) from the task's
variables, checks every step's arguments with the steps' modules' own code before any request
(plugin_utils/_peering_plan.py), then runs the steps (plugin_utils/_peering_steps.py), each through its
module's own action plugin: in process on the controller where the module would run there, else the
module path, exactly as a task of that module would. One task result per host instead of one per step.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.atlasops.networking.plugins.plugin_utils._peering_plan import PlanError, plan, role_options
from ansible_collections.atlasops.networking.plugins.plugin_utils._peering_steps import StepFailed, Steps

# Imported here, in the controller's main process, like every module's own action plugin: the steps'
# plugins and their modules are then imported once per run, and every forked worker inherits them.
from ansible_collections.atlasops.networking.plugins.action import (  # noqa: F401 pylint: disable=unused-import
    access_list,
    network_container,
    network_container_info,
    network_peering,
    network_peering_info,
)

ROLE_OPTIONS = role_options()
COLLECTION = 'atlasops.networking.'


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        given = self._templar.template(dict((name, task_vars[name]) for name in ROLE_OPTIONS if name in task_vars))
        try:
            the_plan = plan(given, ROLE_OPTIONS, connection_defaults=self._task.args)
        except PlanError as error:
            result.update(failed=True, changed=False,
                          msg='Wrong role variables, nothing was sent to Atlas: %s' % error, problems=error.problems)
            return result
        steps = Steps(the_plan, lambda module, args: self._run_step(module, args, task_vars),
                      check_mode=bool(self._task.check_mode))
        try:
            fact = steps.setup() if the_plan.state == 'present' else steps.teardown()
        except StepFailed as failure:
            result.update(failed=True, msg='%s%s: %s' % (COLLECTION, failure.module, failure.result.get('msg')))
            if failure.result.get('error'):
                result['error'] = failure.result['error']
            fact = None
        # The role registers this result as atlas_peering_result: the documented keys come first, the task's
        # own (changed, steps, check_mode, aws, ...) are added to them.
        result.update(fact or {})
        result.update(self._summary(steps))
        result['check_mode'] = bool(self._task.check_mode)
        result['aws'] = dict(the_plan.aws(), state=the_plan.state)
        return result

    def _run_step(self, module, args, task_vars):
        """The module's result, run through the module's own action plugin with this task's keywords
        (check mode, diff, environment, connection), as a task of that module would."""
        task = self._task.copy()
        task.action = COLLECTION + module
        task.args = args
        action = self._shared_loader_obj.action_loader.get(
            COLLECTION + module, task=task, connection=self._connection, play_context=self._play_context,
            loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)
        return action.run(task_vars=task_vars)

    def _summary(self, steps):
        """changed, one line per step, the steps' warnings and deprecations, and their diffs with --diff."""
        summary = {'changed': steps.changed, 'warnings': [], 'deprecations': [], 'steps': []}
        diffs = []
        for module, step in steps.results:
            line = {'module': COLLECTION + module, 'changed': bool(step.get('changed'))}
            if step.get('failed'):
                line.update(failed=True, msg=step.get('msg'))
            summary['steps'].append(line)
            summary['warnings'].extend(step.get('warnings') or [])
            summary['deprecations'].extend(step.get('deprecations') or [])
            if step.get('diff'):
                diffs.append(dict(step['diff'], before_header=module, after_header=module))
        if self._task.diff and diffs:
            summary['diff'] = diffs
        for key in ('warnings', 'deprecations'):
            if not summary[key]:
                del summary[key]
        return summary
