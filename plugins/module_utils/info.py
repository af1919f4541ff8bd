# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The whole main() of an ``_info`` module: read every page, never write, return snake_case facts."""

from __future__ import annotations

from ansible_collections.atlasops.networking.plugins.module_utils.atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils.errors import AtlasApiError, AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils.resource import to_facts


def run_info_module(argument_spec, result_key, fetch, facts=to_facts, **module_kwargs):
    """``fetch(atlas)`` returns the Atlas items to report; ``facts`` turns one item into snake_case.

    A 404 for a single requested item (``fetch`` raising it) is reported as an empty list, not a failure.
    """
    atlas = AtlasModule(argument_spec, **module_kwargs)
    try:
        items = fetch(atlas)
    except AtlasApiError as error:
        if error.status == 404 and error.error_code != 'GROUP_NOT_FOUND':
            items = []
        else:
            atlas.fail_from_error(error, changed=False)
    except AtlasError as error:
        atlas.fail_from_error(error, changed=False)
    result = {'changed': False}
    result[result_key] = [facts(item) for item in items]
    atlas.exit(**result)
