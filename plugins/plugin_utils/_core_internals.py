# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Every use the in-process path makes of ansible-core beyond the documented plugin API: one accessor each.

ansible-core may rename any of these in a release. Each accessor raises ``CoreInternalChanged``
naming the internal when it is gone, and tests/unit/plugins/plugin_utils/test_core_internals.py
exercises each one against the installed ansible-core, so a release that changes one fails a test
by name instead of failing tasks. At run time the in-process path falls back to the module path on
that error (see _in_process.py), and it runs only on the ansible-core versions it was tested with.
"""

from __future__ import annotations

import json

from ansible.release import __version__ as CORE_VERSION

try:
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
except ImportError as error:  # a release without the module JSON profiles: json_round_trip() says so
    Direction = get_module_decoder = get_module_encoder = None
    _JSON_PROFILES_ERROR = error
else:
    _JSON_PROFILES_ERROR = None

# The ansible-core minor versions the in-process path is tested on (the test matrix). Any other
# version takes the module path until it is added here, after make test passes on it.
TESTED_CORE_VERSIONS = ('2.19', '2.20', '2.21')

# The JSON profile ansible-core uses for modules' arguments and results.
MODULE_JSON_PROFILE = 'legacy'


class CoreInternalChanged(Exception):
    """An ansible-core internal the in-process path relies on is missing or changed."""

    def __init__(self, internal, cause=None):
        message = 'ansible-core %s changed %s' % (CORE_VERSION, internal)
        if cause is not None:
            message += ' (%s: %s)' % (type(cause).__name__, cause)
        super(CoreInternalChanged, self).__init__(message)
        self.internal = internal


def core_minor_version(version=None):
    """'2.19.14' -> '2.19' (the running ansible-core's by default)."""
    return '.'.join((version or CORE_VERSION).split('.')[:2])


def untested_core_reason(version=None):
    """Why this ansible-core must take the module path, or None when the in-process path was tested on it."""
    version = version or CORE_VERSION
    if core_minor_version(version) in TESTED_CORE_VERSIONS:
        return None
    return ('ansible-core %s is not a version the in-process path is tested on (%s)'
            % (version, ', '.join(TESTED_CORE_VERSIONS)))


def _attribute(obj, name, internal):
    try:
        return getattr(obj, name)
    except AttributeError as error:
        raise CoreInternalChanged(internal, error)


# -- ansible.module_utils.common.arg_spec.ValidationResult ---------------------------------------
def no_log_values(validation):
    """The values of no_log options (and their fallbacks) that ArgumentSpecValidator.validate() found."""
    return set(_attribute(validation, '_no_log_values', 'ValidationResult._no_log_values'))


def deprecations(validation):
    """Deprecated aliases in use, as AnsibleModule reports them (dicts without None values)."""
    internal = 'ValidationResult._deprecations'
    try:
        return [dict((key, value) for key, value in deprecation.items() if value is not None)
                for deprecation in _attribute(validation, '_deprecations', internal)]
    except (AttributeError, TypeError) as error:
        raise CoreInternalChanged(internal + ' (a list of dicts)', error)


def alias_warnings(validation):
    """(option, alias) of every option set together with one of its aliases."""
    internal = 'ValidationResult._warnings'
    try:
        return [(warning['option'], warning['alias']) for warning in _attribute(validation, '_warnings', internal)]
    except (KeyError, TypeError) as error:
        raise CoreInternalChanged(internal + " (dicts with 'option' and 'alias')", error)


# -- ansible.plugins.action.ActionBase -----------------------------------------------------------
def task_environment(action):
    """The task's ``environment`` keyword, templated and merged, as a dict.

    An AnsibleError (an environment that is not a dictionary) is the task's own error and passes through.
    """
    internal = 'ActionBase._compute_environment_string(raw_environment_out)'
    compute = _attribute(action, '_compute_environment_string', internal)
    environment = {}
    try:
        compute(environment)
    except TypeError as error:
        raise CoreInternalChanged(internal, error)
    return environment


# -- ansible.module_utils.common.json -------------------------------------------------------------
def json_round_trip(value, to_module):
    """What ``value`` becomes once sent to a module (``to_module``) or back from it: plain JSON types,
    vaulted values decrypted, exactly as on the module path."""
    internal = "ansible.module_utils.common.json module profiles ('%s')" % MODULE_JSON_PROFILE
    if _JSON_PROFILES_ERROR is not None:
        raise CoreInternalChanged(internal, _JSON_PROFILES_ERROR)
    try:
        direction = Direction.CONTROLLER_TO_MODULE if to_module else Direction.MODULE_TO_CONTROLLER
        encoder = get_module_encoder(MODULE_JSON_PROFILE, direction)
        decoder = get_module_decoder(MODULE_JSON_PROFILE, direction)
    except (AttributeError, KeyError, TypeError, ValueError, ImportError) as error:
        raise CoreInternalChanged(internal, error)
    return json.loads(json.dumps(value, cls=encoder), cls=decoder)
