# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A deliberately drifted copy of plugins/modules/network_container_info.py, for test_option_drift.py.

Its three declarations disagree on purpose: DOCUMENTATION documents GCP as a provider_name choice
and an ``id`` option the argument spec lacks; the pydantic model is written by hand (not derived
with options_model()), gives provider_name a default the spec does not have, and has a
``with_status`` field that is no option at all (it would silently keep its default).
"""

from __future__ import annotations

DOCUMENTATION = r'''
module: network_container_info_drifted
short_description: List the Atlas network peering containers of a project (drifted test copy)
version_added: 0.1.0
description:
  - A copy of network_container_info whose option declarations drift apart.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  provider_name:
    description:
      - Only list the containers of this cloud provider. Lists every provider when omitted.
    type: str
    choices: [AWS, AZURE, GCP]
  id:
    description:
      - Documented, never declared.
    type: str
'''

from typing import ClassVar, Optional  # noqa: E402  pylint: disable=wrong-import-position

from pydantic import BaseModel, ConfigDict  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import (  # noqa: E402  pylint: disable=wrong-import-position
    ALL_CONTAINERS,
)
from ansible_collections.atlasops.networking.plugins.module_utils._info import (  # noqa: E402  pylint: disable=wrong-import-position
    run_info_module,
)

ARGUMENT_SPEC = dict(provider_name=dict(type='str', choices=['AWS', 'AZURE']))


class DriftedOptions(BaseModel):
    """Written by hand: exactly what options_model() exists to prevent."""

    model_config = ConfigDict(extra='forbid')
    argument_spec: ClassVar[dict] = ARGUMENT_SPEC

    provider_name: str = 'AWS'
    with_status: Optional[bool] = True


def list_containers(atlas):
    return atlas.client.list_all(ALL_CONTAINERS.collection(group_id=atlas.project_id), ALL_CONTAINERS.version('list'))


def main():
    run_info_module(DriftedOptions, 'containers', list_containers)
