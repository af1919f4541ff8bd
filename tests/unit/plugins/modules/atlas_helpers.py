# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plain helpers shared by the module unit tests (the fixtures are in conftest.py).

Import them as
``from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import ...``.
"""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

BASE = 'https://atlas.example.test'
GROUP = '0123456789abcdef01234567'

# The arguments every module run gets unless a test file passes its own ``defaults``.
DEFAULT_ARGS = dict(base_url=BASE, project_id=GROUP, public_key='public', private_key='private-key-9f1c', max_retries=0)


def run_main(main, options, check_mode=False, diff=False, defaults=None):
    """Run a module's main() with ``defaults`` (DEFAULT_ARGS unless given) updated by ``options``."""
    args = dict(DEFAULT_ARGS if defaults is None else defaults)
    args.update(options)
    if check_mode:
        args['_ansible_check_mode'] = True
    if diff:
        args['_ansible_diff'] = True
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            main()


def result_of(capsys):
    """The JSON result the module printed."""
    return json.loads(capsys.readouterr().out)


def page(*items):
    """One Atlas list page holding every item."""
    return {'results': list(items), 'totalCount': len(items), 'links': []}


def methods(mock):
    """(method, URL without the query) of every request the mock saw."""
    return [(call.request.method, call.request.url.split('?')[0]) for call in mock.calls]


def calls(mock, base=BASE):
    """Like methods(), with ``base`` taken off the URLs."""
    return [(method, url.replace(base, '')) for method, url in methods(mock)]


def writes(mock):
    """methods() without the GETs."""
    return [entry for entry in methods(mock) if entry[0] != 'GET']


def posted(mock):
    """The JSON bodies of every POST the mock saw."""
    return [json.loads(call.request.body) for call in mock.calls if call.request.method == 'POST']


class FakeAtlas(object):
    """The little of AtlasModule a resource needs to build bodies and compare items."""

    check_mode = False
    project_id = GROUP

    def __init__(self, params):
        self.params = params
