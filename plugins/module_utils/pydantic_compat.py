# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Guarded pydantic import.

Modules declare their pydantic models at import time. ``ansible-test sanity`` imports every
module in an environment without pydantic, and a user may run a module on a host that lacks
it: both must get a clean ``missing_required_lib`` failure instead of an ImportError. When
pydantic is absent the names below are inert stand-ins, so class bodies still evaluate.
"""

from __future__ import annotations

import traceback

__all__ = ['BaseModel', 'ConfigDict', 'Field', 'ValidationError', 'field_validator', 'model_validator',
           'HAS_PYDANTIC', 'PYDANTIC_IMPORT_ERROR', 'describe_validation_error']

try:
    from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
except ImportError:
    HAS_PYDANTIC = False
    PYDANTIC_IMPORT_ERROR = traceback.format_exc()

    class BaseModel(object):  # type: ignore[no-redef]
        pass

    class ValidationError(Exception):  # type: ignore[no-redef]
        pass

    def ConfigDict(**kwargs):  # type: ignore[no-redef]  # pylint: disable=invalid-name
        return kwargs

    def Field(default=None, **kwargs):  # type: ignore[no-redef]  # pylint: disable=invalid-name
        return default

    def _inert_decorator(*args, **kwargs):
        return lambda func: func

    field_validator = _inert_decorator
    model_validator = _inert_decorator
else:
    HAS_PYDANTIC = True
    PYDANTIC_IMPORT_ERROR = None


def describe_validation_error(error, option_names=None):
    """Turn a pydantic ValidationError into one sentence per problem, each naming the option.

    ``option_names`` maps model field names to the option names a user typed, when they differ.
    """
    option_names = option_names or {}
    problems = []
    for item in error.errors():
        location = [str(part) for part in item.get('loc', ())]
        option = option_names.get(location[0], location[0]) if location else None
        message = item.get('msg', 'is invalid')
        if message.startswith('Value error, '):
            message = message[len('Value error, '):]
        if option:
            suffix = ''.join('[%s]' % part if part.isdigit() else '.%s' % part for part in location[1:])
            problems.append("option '%s%s': %s" % (option, suffix, message))
        else:
            problems.append(message)
    return '; '.join(problems)
