# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs atlasops.networking.private_endpoint_service_info in process on the controller; see plugins/plugin_utils/_in_process.py."""

from __future__ import annotations

from ansible_collections.atlasops.networking.plugins.plugin_utils._in_process import InProcessAction

try:
    from ansible_collections.atlasops.networking.plugins.modules import private_endpoint_service_info as module
except ImportError:
    module = None


class ActionModule(InProcessAction):
    MODULE = module
