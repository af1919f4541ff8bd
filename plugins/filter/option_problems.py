# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: option_problems
short_description: Check options of this collection's modules with the modules' own rules, sending nothing
version_added: 0.1.0
description:
  - Takes a mapping of module names (of this collection, without the collection prefix) to the options a task would
    give each module, and returns what is wrong with them, one sentence per problem, checked by the same code the
    modules run (their argument spec, then their option rules), without running them and without any request.
  - Roles use it to refuse a bad variable before their first request, so that a mistake in the last step never leaves
    the first steps half done, and without copying the modules' rules into Jinja.
  - Shared connection options (C(project_id), C(base_url), credentials) are checked only when given; the modules still
    read the missing ones from C(module_defaults) and the environment.
  - Without pydantic on the controller only the argument spec (types, choices, required options) is checked; the
    modules check the rest when they run.
author:
  - atlasops.networking developers (@atlasops)
options:
  _input:
    description: Module name -> the options of its task.
    type: dict
    required: true
  variables:
    description:
      - Option name -> the name the user knows it by (a role variable), to name in the messages. Applies to every
        module of the input; an option missing here is named as the option.
    type: dict
    default: {}
'''

EXAMPLES = r'''
- name: Refuse bad variables before the first request
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join(' ') }}"
  vars:
    problems: >-
      {{ {'private_endpoint_service': {'provider_name': 'GCP', 'region': 'tokyo'}}
         | atlasops.networking.option_problems({'region': 'my_role_region'}) }}
'''

RETURN = r'''
_value:
  description: One message per problem, each naming the module and the option (or its variable); empty when all is well.
  type: list
  elements: str
'''

import importlib
import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import atlas_argument_spec
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    COMMON_RULES,
    HAS_PYDANTIC,
    ValidationError,
    describe_validation_error,
)

MODULES_PACKAGE = 'ansible_collections.atlasops.networking.plugins.modules.'


def option_problems(options_by_module, variables=None):
    if not isinstance(options_by_module, dict):
        raise AnsibleFilterError('option_problems expects a mapping of module names to options, got %s'
                                 % type(options_by_module).__name__)
    problems = []
    for module_name, options in options_by_module.items():
        spec_problems, rule_problems = module_problems(module_name, dict(options or {}))
        problems.extend('%s: %s' % (module_name, _named(problem, variables or {}, prose=True)) for problem in spec_problems)
        problems.extend('%s: %s' % (module_name, _named(problem, variables or {})) for problem in rule_problems)
    return problems


def module_problems(module_name, options):
    """(what the argument spec refuses, what the module's own rules refuse) of ``options`` for ``module_name``.

    The rules are checked only once the argument spec accepts the options, as a module does."""
    spec, model = _spec_and_model(module_name)
    shared = atlas_argument_spec()
    given_shared = dict((name, dict(shared[name], required=False)) for name in options if name in shared)
    result = ArgumentSpecValidator(dict(spec, **given_shared)).validate(options)
    if result.error_messages:
        return list(result.error_messages), []
    problems = []
    for name in sorted(given_shared):
        value = result.validated_parameters.get(name)
        if name in COMMON_RULES and value is not None:
            try:
                COMMON_RULES[name](value)
            except ValueError as error:
                problems.append("option '%s': %s" % (name, error))
    if model is not None and HAS_PYDANTIC:
        try:
            model(**dict((name, result.validated_parameters.get(name)) for name in spec))
        except ValidationError as error:
            problems.append(describe_validation_error(error))
    return [], problems


def _spec_and_model(module_name):
    try:
        module = importlib.import_module(MODULES_PACKAGE + module_name)
    except ImportError:
        raise AnsibleFilterError('option_problems: atlasops.networking has no module %s' % module_name)
    spec = module.ARGUMENT_SPEC
    models = [value for value in vars(module).values()
              if getattr(value, 'argument_spec', None) is spec and hasattr(value, 'model_fields')]
    return spec, (models[0] if models else None)


def _named(problem, variables, prose=False):
    """Name the user's variable next to each option a message names: ``'region' (my_role_region)``.

    The rules quote the options they name; ansible-core's argument spec messages (``prose``) name them bare.
    """
    for option, variable in variables.items():
        name = re.escape(option)
        problem = re.sub(r"'(%s(?:\[\d+\])?(?:\.\w+)?)'" % name, r"'\1' (%s)" % variable, problem)
        if prose:
            problem = re.sub(r"(?<!['\w])%s(?![\w'\[.])" % name, '%s (%s)' % (option, variable), problem)
    return problem


class FilterModule(object):

    def filters(self):
        return {'option_problems': option_problems}
