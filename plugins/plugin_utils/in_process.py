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
``atlas_module.use_module_backend``) instead of ``AnsibleModule``. It validates the task's
arguments with ansible-core's own ``ArgumentSpecValidator`` against the argument spec the module
passes (aliases, env fallbacks, defaults, types, choices, sub-options, no_log values) and formats
the result as ``AnsibleModule.exit_json``/``fail_json`` would: ``invocation.module_args``,
``warnings``, no_log values masked everywhere in the result.

The in-process path is taken only when the module would run on the controller anyway: a ``local``
connection (``connection: local``, ``delegate_to: localhost``, the implicit localhost), no
``become``, no ``async``, and requests plus pydantic importable by the controller's Python.
Anything else, or ``ATLASOPS_NETWORKING_IN_PROCESS=false`` in the controller's environment, or the
variable ``atlasops_networking_in_process: false``, runs the module the normal way.
"""

from __future__ import annotations

import json
import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

try:
    from ansible_collections.atlasops.networking.plugins.module_utils import atlas_module
    from ansible_collections.atlasops.networking.plugins.module_utils.client import HAS_REQUESTS
    from ansible_collections.atlasops.networking.plugins.module_utils.pydantic_compat import HAS_PYDANTIC
except ImportError:  # the controller's Python lacks what the module_utils need: the module path reports it
    atlas_module = None
    HAS_REQUESTS = HAS_PYDANTIC = False

display = Display()

ENV_SWITCH = 'ATLASOPS_NETWORKING_IN_PROCESS'
VAR_SWITCH = 'atlasops_networking_in_process'
_PROFILE = 'legacy'


class ModuleExit(Exception):
    """Raised by exit_json/fail_json: carries the module's result out of main()."""

    def __init__(self, result):
        super(ModuleExit, self).__init__('module exited')
        self.result = result


def _json_round_trip(value, direction):
    """What the value becomes once sent the module's way (plain types, vaulted values decrypted)."""
    encoder = get_module_encoder(_PROFILE, direction)
    decoder = get_module_decoder(_PROFILE, direction)
    return json.loads(json.dumps(value, cls=encoder), cls=decoder)


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
        self._warnings = []
        self._deprecations = []
        self.params = dict(task_args)

        validator = ArgumentSpecValidator(self.argument_spec, mutually_exclusive, required_together,
                                          required_one_of, required_if, required_by)
        validation = validator.validate(self.params)
        self.params.update(validation.validated_parameters)
        self.no_log_values.update(validation._no_log_values)
        for deprecation in validation._deprecations:
            self._deprecations.append(dict((key, value) for key, value in deprecation.items() if value is not None))
        for alias in validation._warnings:
            self.warn('Both option {option} and its alias {alias} are set.'.format(**alias))
        if validation.error_messages:
            msg = validation.errors.msg
            if isinstance(validation.errors[0], UnsupportedError):
                msg = 'Unsupported parameters for ({0}) module: {1}'.format(name, msg)
            self.fail_json(msg=msg)
        if self.check_mode and not supports_check_mode:
            self.exit_json(skipped=True, msg='remote module (%s) does not support check mode' % name)

    def warn(self, warning):
        self._warnings.append(warning)

    def _result(self, result):
        result.setdefault('invocation', {'module_args': self.params})
        if self._warnings:
            result['warnings'] = list(self._warnings)
        if self._deprecations:
            result['deprecations'] = list(self._deprecations)
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
    """Run a module's ``main()`` with :class:`InProcessModule` standing in for AnsibleModule; return its result."""
    task_args = _json_round_trip(task_args, Direction.CONTROLLER_TO_MODULE)

    def factory(argument_spec, **kwargs):
        return InProcessModule(task_args, name, check_mode=check_mode, diff=diff, argument_spec=argument_spec, **kwargs)

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
    return _json_round_trip(result, Direction.MODULE_TO_CONTROLLER)


class InProcessAction(ActionBase):
    """The action plugin of every module: in process when the module would run on the controller."""

    # Set by each plugins/action/<module>.py: the imported module (None when it cannot be imported).
    MODULE = None

    _supports_check_mode = True
    _supports_async = True

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
        return None

    def run(self, tmp=None, task_vars=None):
        result = super(InProcessAction, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        refusal = self.in_process_refusal(task_vars)
        if refusal:
            display.vvv('%s: running the module in its own process: %s' % (self._task.action, refusal))
            wrap_async = self._task.async_val and not self._connection.has_native_async
            result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result

        display.vvv('%s: running in process on the controller' % self._task.action)
        environment = {}
        self._compute_environment_string(environment)
        return merge_hash(result, run_main(self.MODULE.main, self._task.args, self._task.action,
                                           check_mode=self._task.check_mode, diff=self._task.diff,
                                           environment=environment))
