# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a module's own logic inside the Ansible worker process instead of a module process.

Every module of the collection has a tiny action plugin (``plugins/action/<module>.py``) that
imports the module and names it. ansible-core's strategy imports an action plugin's class in the
main controller process before it forks the worker for a task, so ``requests``, ``pydantic``, the
module_utils and the module's own pydantic models are imported once per playbook run, and every
forked worker inherits them: a task pays neither a Python start, nor AnsiballZ, nor the imports.

The module's ``main()`` runs unchanged: ``AtlasModule`` builds an :class:`InProcessModule` (set with
``_atlas_module.use_module_backend``) instead of ``AnsibleModule``. It validates the task's
arguments with ansible-core's own ``ArgumentSpecValidator`` against the argument spec the module
passes (aliases, env fallbacks, defaults, types, choices, sub-options, no_log values) and formats
the result as ``AnsibleModule.exit_json``/``fail_json`` would: ``invocation.module_args``,
``warnings``, no_log values masked everywhere in the result.

The in-process path is taken only when the module would run on the controller anyway: a ``local``
connection (``connection: local``, ``delegate_to: localhost``, the implicit localhost), no
``become``, no ``async``, requests plus pydantic importable by the controller's Python, and an
ansible-core version the path is tested on. Anything else, or ``ATLASOPS_NETWORKING_IN_PROCESS=false``
in the controller's environment, or the variable ``atlasops_networking_in_process: false``, runs the
module the normal way.

The in-process path must never be the reason a task fails. Everything it uses of ansible-core
beyond the documented plugin API is in ``_core_internals``; when that machinery fails before the
module's own logic starts (an internal renamed by a new ansible-core, say), the task falls back to
the module path, says why at -vvv, and the run shows one warning. A failure of the module itself
(fail_json, an Atlas error) is the task's result on either path.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as ModulePathAction
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.atlasops.networking.plugins.plugin_utils import _core_internals as core_internals

try:
    from ansible_collections.atlasops.networking.plugins.module_utils import _atlas_module as atlas_module
    from ansible_collections.atlasops.networking.plugins.module_utils._client import HAS_REQUESTS
    from ansible_collections.atlasops.networking.plugins.module_utils._options import HAS_PYDANTIC
except ImportError:  # the controller's Python lacks what the module_utils need: the module path reports it
    atlas_module = None
    HAS_REQUESTS = HAS_PYDANTIC = False

display = Display()

ENV_SWITCH = 'ATLASOPS_NETWORKING_IN_PROCESS'
VAR_SWITCH = 'atlasops_networking_in_process'
FALLBACK_WARNING = ('atlasops.networking cannot run its modules in process on this controller (%s); its tasks run '
                    'as module processes instead, which is slower. Please report it. Set '
                    'ATLASOPS_NETWORKING_IN_PROCESS=false to silence this warning.')

# One fallback warning per run: per process here; ansible-core shows a warning repeated by forked
# workers once (it deduplicates identical warnings at display).
_fallback_warned = False


class ModuleExit(BaseException):
    """Raised by exit_json/fail_json: carries the module's result out of main() (like AnsibleModule's SystemExit)."""

    def __init__(self, result):
        super(ModuleExit, self).__init__('module exited')
        self.result = result


class InProcessUnavailable(BaseException):
    """The in-process machinery failed before the module's own logic ran: take the module path."""


class InProcessModule(object):
    """The part of AnsibleModule that AtlasModule uses, without a process of its own."""

    def __init__(self, task_args, name, check_mode=False, diff=False, argument_spec=None,
                 mutually_exclusive=None, required_together=None, required_one_of=None,
                 required_if=None, required_by=None, supports_check_mode=False, **unused):
        self._name = name
        self.argument_spec = argument_spec or {}
        self.check_mode = bool(check_mode)
        self._diff = bool(diff)
        self.supports_check_mode = supports_check_mode
        self.no_log_values = set()
        self.warnings = []
        self.deprecations = []
        self.params = dict(task_args)

        validator = ArgumentSpecValidator(self.argument_spec, mutually_exclusive, required_together,
                                          required_one_of, required_if, required_by)
        validation = validator.validate(self.params)
        self.params.update(validation.validated_parameters)
        self.no_log_values.update(core_internals.no_log_values(validation))
        self.deprecations.extend(core_internals.deprecations(validation))
        for option, alias in core_internals.alias_warnings(validation):
            self.warn('Both option %s and its alias %s are set.' % (option, alias))
        if validation.error_messages:
            msg = validation.errors.msg
            if isinstance(validation.errors[0], UnsupportedError):
                msg = 'Unsupported parameters for ({0}) module: {1}'.format(name, msg)
            self.fail_json(msg=msg)
        if self.check_mode and not supports_check_mode:
            self.exit_json(skipped=True, msg='remote module (%s) does not support check mode' % name)

    def warn(self, warning):
        self.warnings.append(warning)

    def _result(self, result):
        result.setdefault('invocation', {'module_args': self.params})
        if self.warnings:
            result['warnings'] = list(self.warnings)
        if self.deprecations:
            result['deprecations'] = list(self.deprecations)
        preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
        result = remove_values(result, self.no_log_values)
        result.update(preserved)
        return result

    def exit_json(self, **result):
        raise ModuleExit(self._result(result))

    def fail_json(self, msg, **result):
        exception = result.pop('exception', None)
        if isinstance(exception, str):
            result['exception'] = exception
        result.update(failed=True, msg=str(msg))
        raise ModuleExit(self._result(result))


def run_main(main, task_args, name, check_mode=False, diff=False, environment=None):
    """Run a module's ``main()`` with :class:`InProcessModule` standing in for AnsibleModule; return its result.

    Raises InProcessUnavailable when the machinery fails before the module's own logic runs (nothing
    was sent to Atlas yet, so the module path can run the task instead).
    """
    try:
        task_args = core_internals.json_round_trip(task_args, to_module=True)
    except Exception as error:
        raise InProcessUnavailable(error)

    def factory(argument_spec, **kwargs):
        try:
            return InProcessModule(task_args, name, check_mode=check_mode, diff=diff, argument_spec=argument_spec,
                                   **kwargs)
        except ModuleExit:
            raise
        except Exception as error:
            raise InProcessUnavailable(error)

    saved_environment = dict(os.environ)
    os.environ.update((key, str(value)) for key, value in (environment or {}).items())
    previous = atlas_module.use_module_backend(factory)
    try:
        main()
    except ModuleExit as done:
        result = done.result
    except SystemExit as error:
        result = {'failed': True, 'msg': 'The module %s exited (%s) without a result' % (name, error.code)}
    else:
        result = {'failed': True, 'msg': 'The module %s returned without a result' % name}
    finally:
        atlas_module.use_module_backend(previous)
        os.environ.clear()
        os.environ.update(saved_environment)
    return core_internals.json_round_trip(result, to_module=False)


def warn_fallback_once(reason):
    global _fallback_warned  # pylint: disable=global-statement
    if not _fallback_warned:
        _fallback_warned = True
        display.warning(FALLBACK_WARNING % reason)


class InProcessAction(ModulePathAction):
    """The action plugin of every module: in process when the module would run on the controller.

    Otherwise it is ansible-core's own ``normal`` action plugin (the module path), whatever that
    does in the running ansible-core version.
    """

    # Set by each plugins/action/<module>.py: the imported module (None when it cannot be imported).
    MODULE = None

    def in_process_refusal(self, task_vars):
        """Why this task must run as a module process, or None when it can run in process."""
        if not boolean(os.environ.get(ENV_SWITCH, 'true'), strict=False):
            return '%s=%s' % (ENV_SWITCH, os.environ[ENV_SWITCH])
        switch = (task_vars or {}).get(VAR_SWITCH)
        if switch is not None and not boolean(self._templar.template(switch), strict=False):
            return '%s is false' % VAR_SWITCH
        if getattr(self._connection, 'transport', None) != 'local':
            return 'the connection is %s, not local' % getattr(self._connection, 'transport', None)
        if self._play_context.become:
            return 'become is set'
        if self._task.async_val:
            return 'async is set'
        if self.MODULE is None or atlas_module is None or not (HAS_REQUESTS and HAS_PYDANTIC):
            return "the controller's Python cannot import requests and pydantic"
        return core_internals.untested_core_reason()

    def run(self, tmp=None, task_vars=None):
        refusal = self.in_process_refusal(task_vars)
        if refusal is None:
            try:
                return self.run_in_process(tmp, task_vars)
            except InProcessUnavailable as failure:
                refusal = 'the in-process path failed: %s' % failure
                warn_fallback_once(failure)
        display.vvv('%s: running the module in its own process: %s' % (self._task.action, refusal))
        return super(InProcessAction, self).run(tmp, task_vars)

    def run_in_process(self, tmp, task_vars):
        # ActionBase.run(): the checks every action makes (check mode and async support).
        result = super(ModulePathAction, self).run(tmp, task_vars)  # pylint: disable=bad-super-call
        try:
            environment = core_internals.task_environment(self)
        except AnsibleError:
            raise  # the task's own error (an environment that is not a dictionary), as on the module path
        except Exception as error:
            raise InProcessUnavailable(error)
        result = merge_hash(result, run_main(self.MODULE.main, self._task.args, self._task.action,
                                             check_mode=self._task.check_mode, diff=self._task.diff,
                                             environment=environment))
        display.vvv('%s: running in process on the controller' % self._task.action)
        return result
