# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The whole main() of an ``_info`` module: validate, read every page, never write, return snake_case views."""

from __future__ import annotations

from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    PROJECT_NOT_FOUND_CODES,
    AtlasApiError,
    AtlasError,
)
from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view


def run_info_module(options_model, result_key, fetch, view=snake_view, **module_kwargs):
    """``fetch(atlas)`` returns the Atlas items to report (``atlas.options`` holds the validated options);
    ``view`` turns one item into its snake_case view.

    Every failure fails the task, a 404 on a list included (a wrong base_url or project looks like
    that, never like an empty list). Read one requested item with read_one(), which alone turns
    Atlas's 404 for that item into "not there".
    """
    atlas = AtlasModule(options_model, **module_kwargs)
    try:
        items = fetch(atlas)
    except AtlasError as error:
        atlas.fail_from_error(error, changed=False)
    result = {'changed': False}
    result[result_key] = [view(item) for item in items]
    atlas.exit(**result)


def read_one(atlas, path, version):
    """``[item]`` for the one item at ``path``, or ``[]`` when Atlas answers 404 for that item.

    A 404 that is about the project (GROUP_NOT_FOUND, INVALID_GROUP_ID) still fails.
    """
    try:
        item = atlas.client.get(path, version)
    except AtlasApiError as error:
        if error.status == 404 and error.error_code not in PROJECT_NOT_FOUND_CODES:
            return []
        raise
    return [item] if item else []
