# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import time

import pytest
import responses

from ansible.module_utils import _internal
from ansible.module_utils.common import warnings as ansible_warnings


@pytest.fixture(autouse=True)
def module_process_context(monkeypatch):
    """Run each module test as in a module process.

    Importing controller code (as tests/unit/plugins/action does) flips ansible-core's
    ``is_controller`` flag for the whole pytest process, after which AnsibleModule.warn() goes to
    the controller's display instead of the module result. A real module process never has it set.
    """
    if hasattr(_internal, 'is_controller'):
        monkeypatch.setattr(_internal, 'is_controller', False)


@pytest.fixture(autouse=True)
def fresh_module_warnings(monkeypatch):
    """ansible-core keeps module warnings in a process-wide registry: each test starts with none, so a
    test that reads a result's warnings sees only its own run's."""
    if hasattr(ansible_warnings, '_global_warnings'):
        monkeypatch.setattr(ansible_warnings, '_global_warnings', type(ansible_warnings._global_warnings)())


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    """No real sleeping: the engines and the waiter (module_utils/_waiter.py) call time.sleep."""
    monkeypatch.setattr(time, 'sleep', lambda seconds: None)


@pytest.fixture
def atlas():
    """Mocked Atlas API; requests nobody asked for are fine."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
