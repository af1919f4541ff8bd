# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of private_endpoint_regional_mode: one GET, a PATCH only when different (Atlas answers 202), check
mode, and Atlas's refusals turned into what to change."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.modules import private_endpoint_regional_mode
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, methods, result_of, run_main,
)

URL = BASE + '/api/atlas/v2/groups/%s/privateEndpoint/regionalMode' % GROUP


def run_module(values, **kwargs):
    run_main(private_endpoint_regional_mode.main, values, **kwargs)


@pytest.mark.parametrize('enabled', [True, False])
def test_same_value_costs_one_get(atlas, capsys, enabled):
    atlas.add(responses.GET, URL, json={'enabled': enabled})
    run_module(dict(enabled=enabled), diff=True)
    result = result_of(capsys)
    assert result['changed'] is False and result['regional_mode'] == {'enabled': enabled}
    assert result['diff'] == {'before': {'enabled': enabled}, 'after': {'enabled': enabled}}
    assert methods(atlas) == [('GET', URL)]
    assert atlas.calls[0].request.headers['Accept'] == 'application/vnd.atlas.2023-01-01+json'


def test_a_different_value_is_patched_and_202_accepted(atlas, capsys):
    atlas.add(responses.GET, URL, json={'enabled': False})
    atlas.add(responses.PATCH, URL, status=202, json={'enabled': True})
    run_module(dict(enabled=True))
    result = result_of(capsys)
    assert result['changed'] is True and result['regional_mode'] == {'enabled': True}
    assert 'connection strings' in json.dumps(result['warnings'])
    assert methods(atlas) == [('GET', URL), ('PATCH', URL)]
    assert json.loads(atlas.calls[1].request.body) == {'enabled': True}


def test_check_mode_never_patches(atlas, capsys):
    atlas.add(responses.GET, URL, json={'enabled': True})
    run_module(dict(enabled=False), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['regional_mode'] == {'enabled': False}
    assert methods(atlas) == [('GET', URL)]


@pytest.mark.parametrize('enabled,code,parameters,words', [
    (True, 'CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS', [], 'Convert the replica sets'),
    (False, 'CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS', ['US_EAST_1'], 'Atlas names the region US_EAST_1'),
    (False, 'SOMETHING_NEW', [], 'refused to turn regionalized private endpoints off'),
])
def test_refusals_say_what_to_change(atlas, capsys, enabled, code, parameters, words):
    atlas.add(responses.GET, URL, json={'enabled': not enabled})
    atlas.add(responses.PATCH, URL, status=409, json={'error': 409, 'errorCode': code, 'reason': 'Conflict',
                                                      'detail': 'refused', 'parameters': parameters})
    run_module(dict(enabled=enabled))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert code in result['msg'] and words in result['msg']
    assert result['error']['error_code'] == code
    assert result['regional_mode'] == {'enabled': not enabled}


def test_invalid_input_sends_nothing(atlas, capsys):
    run_module(dict(enabled='perhaps'))
    result = result_of(capsys)
    assert result['failed'] is True and 'enabled' in result['msg']
    assert len(atlas.calls) == 0
