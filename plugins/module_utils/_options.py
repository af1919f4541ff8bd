# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Task options: the argument spec is the one declaration; the pydantic model is derived from it.

A module declares each option once, in its argument spec (plain dicts: name, type, elements,
default, required, choices, aliases, no_log, fallback, options). ``options_model()`` derives the
pydantic model from that spec, so the model's fields are exactly the spec's options, with the
same types, defaults, required flags, choices and sub-options, and a pydantic error names the
option the user typed. What the spec cannot say goes in a *rules* class: field validators and
model (cross-field) validators only. The rules shared by every module (``COMMON_RULES``) are
added wherever the spec has the option.

pydantic is imported here and nowhere else. ``ansible-test sanity`` imports every module without
pydantic, and a host may lack it: then ``HAS_PYDANTIC`` is false, the decorators are inert and
``options_model()`` returns a class that only carries the spec, so AnsibleModule still gets its
argument spec and the module fails with ``missing_required_lib``.
"""

from __future__ import annotations

import re
import traceback
from typing import Any, ClassVar, Dict, List, Optional

from ansible_collections.atlasops.networking.plugins.module_utils._validators import ATLAS_ID_PATTERN, atlas_base_url

try:
    from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
except ImportError:
    HAS_PYDANTIC = False
    PYDANTIC_IMPORT_ERROR = traceback.format_exc()

    class ValidationError(Exception):  # type: ignore[no-redef]
        pass

    def _inert_decorator(*args, **kwargs):
        return lambda func: func

    field_validator = _inert_decorator
    model_validator = _inert_decorator
else:
    HAS_PYDANTIC = True
    PYDANTIC_IMPORT_ERROR = None

__all__ = ['HAS_PYDANTIC', 'PYDANTIC_IMPORT_ERROR', 'COMMON_RULES', 'OptionRules', 'OptionSpecError', 'ValidationError',
           'atlas_id', 'describe_validation_error', 'field_validator', 'model_validator', 'option_rule', 'options_model']

SCALAR_TYPES = {'str': str, 'int': int, 'float': float, 'bool': bool, 'path': str, 'raw': Any}


class OptionSpecError(Exception):
    """A module's options are declared wrongly (a programming error, raised when the module is imported)."""


class OptionRules(object):
    """Base of a module's rules: ``field_validator``s and ``model_validator``s, plus plain helper methods.

    Never fields: every field comes from the argument spec. ``suboption_rules`` maps an option
    with sub-options (``options=...``) to the rules of its sub-options.
    """

    suboption_rules = {}


def option_rule(options, check):
    """A field validator of ``options`` (a name or a tuple of names): ``check(value)`` returns the value to
    keep or raises ValueError; it is never called for None."""

    def rule(cls, value):
        return None if value is None else check(value)

    return field_validator(*((options,) if isinstance(options, str) else options))(rule)


def atlas_id(what):
    """A check that a value is an Atlas id (24 lowercase hexadecimal characters); ``what`` names it in the message."""

    def check(value):
        if not re.match(ATLAS_ID_PATTERN, value):
            raise ValueError('%r is not an Atlas %s id; it must match %s (24 lowercase hexadecimal characters)'
                             % (value, what, ATLAS_ID_PATTERN))
        return value

    return check


def _greater_than_zero(unit=''):
    def check(value):
        if value <= 0:
            raise ValueError('must be greater than 0%s, got %s' % (unit, value))
        return value

    return check


def _zero_or_more(value):
    if value < 0:
        raise ValueError('must be 0 or more, got %s' % value)
    return value


# The rules of the options many modules share, applied wherever a spec has the option.
COMMON_RULES = {
    'base_url': atlas_base_url,
    'project_id': atlas_id('project'),
    'request_timeout': _greater_than_zero(),
    'max_retry_time': _greater_than_zero(),
    'max_retries': _zero_or_more,
    'wait_timeout': _greater_than_zero(' seconds'),
}


def _choices_rule(option, choices, is_list):
    def check(value):
        for element in (value if is_list else [value]):
            if element not in choices:
                raise ValueError('must be one of: %s, got: %s' % (', '.join(str(choice) for choice in choices), element))
        return value

    return option_rule(option, check)


def options_model(name, argument_spec, rules=None):
    """The pydantic model of ``argument_spec``, validated by ``rules`` (an OptionRules subclass).

    One field per option, named like it: ``type``/``elements`` give the Python type (a sub-options
    list or dict becomes a nested model), a required option has no default, an option with a
    default keeps it, any other option defaults to None. ``choices`` are checked after the rules
    (which may normalise a value first, e.g. upper-case it). Unknown keys are refused (extra='forbid').
    The model keeps the spec it was built from as ``argument_spec``.

    Raises OptionSpecError when the rules name an option the spec does not have, declare a field,
    or shadow an option.
    """
    rules = rules or OptionRules
    if not HAS_PYDANTIC:
        return type(name, (object,), {'argument_spec': argument_spec})
    members = _rule_members(name, argument_spec, rules)
    suboption_rules = members.pop('suboption_rules', None) or {}
    _check_suboption_rules(name, argument_spec, suboption_rules)
    annotations = {'argument_spec': ClassVar[dict]}
    namespace = {'__module__': rules.__module__, '__qualname__': name, '__doc__': rules.__doc__,
                 'model_config': ConfigDict(extra='forbid'), 'argument_spec': argument_spec}
    for option, spec in argument_spec.items():
        annotations[option], namespace[option] = _field(name, option, spec, suboption_rules.get(option))
    namespace.update(members)
    for option, check in COMMON_RULES.items():
        if option in argument_spec:
            namespace['_common_rule_%s' % option] = option_rule(option, check)
    for option, spec in argument_spec.items():
        if spec.get('choices'):
            namespace['_choices_of_%s' % option] = _choices_rule(option, spec['choices'], spec.get('type') == 'list')
    namespace['__annotations__'] = annotations
    _check_validated_fields(name, members.items(), argument_spec)
    model = type(BaseModel)(name, (BaseModel,), namespace)
    # Again on what pydantic collected: a rule it knows under another form is refused all the same.
    _check_validated_fields(name, ((decorator.cls_var_name, decorator) for decorator in
                                   model.__pydantic_decorators__.field_validators.values()), argument_spec)
    return model


def _rule_members(name, argument_spec, rules):
    """The validators and helpers of ``rules`` and its bases (below OptionRules), nearest class last."""
    members = {}
    for klass in reversed(rules.__mro__):
        if klass in (object, OptionRules):
            continue
        if any(not key.startswith('__') for key in vars(klass).get('__annotations__', {})):
            raise OptionSpecError('%s: the rules %s declare fields (%s); declare options in the argument spec'
                                  % (name, klass.__name__, ', '.join(vars(klass)['__annotations__'])))
        members.update((key, value) for key, value in vars(klass).items() if not key.startswith('__'))
    shadowing = sorted(set(members) & set(argument_spec))
    if shadowing:
        raise OptionSpecError('%s: the rules %s define %s, which the argument spec declares as option(s)'
                              % (name, rules.__name__, ', '.join(shadowing)))
    return members


def _check_suboption_rules(name, argument_spec, suboption_rules):
    for option in suboption_rules:
        if not (argument_spec.get(option) or {}).get('options'):
            raise OptionSpecError("%s: suboption_rules names '%s', which is not an option with sub-options in the "
                                  "argument spec" % (name, option))


def _check_validated_fields(name, validators, argument_spec):
    """Refuse a field validator naming an option the spec lacks: pydantic's own check names no option,
    and under check_fields=False it ignores such a validator silently.

    ``validators`` are (name, decorator) pairs: a rule as written (``decorator_info``) or as pydantic
    collected it (``info``); anything else is not a field validator.
    """
    for validator_name, decorator in validators:
        info = getattr(decorator, 'decorator_info', None) or getattr(decorator, 'info', None)
        fields = getattr(info, 'fields', None)
        if not isinstance(fields, tuple):
            continue
        unknown = [field for field in fields if field != '*' and field not in argument_spec]
        if unknown:
            raise OptionSpecError("%s: the validator %s names option(s) %s, which the argument spec does not have"
                                  % (name, validator_name, ', '.join("'%s'" % field for field in unknown)))


def _field(model_name, option, spec, suboption_rules):
    """(annotation, default) of one option."""
    annotation = _python_type(model_name, option, spec, suboption_rules)
    extra = {'choices': list(spec['choices'])} if spec.get('choices') else None
    if spec.get('required'):
        return annotation, Field(json_schema_extra=extra)
    default = spec.get('default')
    if default is None:
        annotation = Optional[annotation]
    return annotation, Field(default=default, json_schema_extra=extra)


def _python_type(model_name, option, spec, suboption_rules):
    kind = spec.get('type', 'str')
    if spec.get('options'):
        nested = options_model('%s.%s' % (model_name, option), spec['options'], suboption_rules)
        if kind == 'dict':
            return nested
        if kind == 'list' and spec.get('elements') == 'dict':
            return List[nested]
        raise OptionSpecError("%s: option '%s' has sub-options but is of type %s (elements %s)"
                              % (model_name, option, kind, spec.get('elements')))
    if kind == 'list':
        elements = spec.get('elements')
        return List[Any] if elements is None else List[_scalar_type(model_name, option, elements)]
    if kind == 'dict':
        return Dict[str, Any]
    return _scalar_type(model_name, option, kind)


def _scalar_type(model_name, option, kind):
    if kind not in SCALAR_TYPES:
        raise OptionSpecError("%s: option '%s' has type %s, which options_model() does not map yet (known: %s, list, dict)"
                              % (model_name, option, kind, ', '.join(sorted(SCALAR_TYPES))))
    return SCALAR_TYPES[kind]


def describe_validation_error(error):
    """Turn a pydantic ValidationError into one sentence per problem, each naming the option (``entries[1].comment``)."""
    problems = []
    for item in error.errors():
        location = [str(part) for part in item.get('loc', ())]
        message = item.get('msg', 'is invalid')
        if message.startswith('Value error, '):
            message = message[len('Value error, '):]
        if location:
            suffix = ''.join('[%s]' % part if part.isdigit() else '.%s' % part for part in location[1:])
            problems.append("option '%s%s': %s" % (location[0], suffix, message))
        else:
            problems.append(message)
    return '; '.join(problems)
