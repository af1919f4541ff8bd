# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test only: stand for an ansible-core release that renamed ValidationResult._no_log_values.

Loaded (when enabled) in the controller's main process before any worker forks, so every worker
inherits the renamed internal; module processes are started fresh and are not affected.
"""

from __future__ import annotations

from ansible.module_utils.common import arg_spec
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: rename_core_internal
type: aggregate
short_description: Test only, renames an ansible-core internal the in-process path reads
description:
  - Renames ValidationResult._no_log_values in the controller process.
'''

_ORIGINAL_VALIDATE = arg_spec.ArgumentSpecValidator.validate


def _validate_renaming(self, *args, **kwargs):
    result = _ORIGINAL_VALIDATE(self, *args, **kwargs)
    result.renamed_no_log_values = vars(result).pop('_no_log_values')
    return result


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'rename_core_internal'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        arg_spec.ArgumentSpecValidator.validate = _validate_renaming
