# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module returns ``project_id``: the project it used, wherever it came from (the option, or the
MONGODB_ATLAS_PROJECT_ID environment variable; module_defaults reach a module as the option). Issue 11
item 8: the peering role reports the project from its modules' results."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import responses
import yaml

from ansible_collections.atlasops.networking.plugins import modules as modules_package
from ansible_collections.atlasops.networking.plugins.modules import access_list, network_container, network_container_info
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, DEFAULT_ARGS, page, result_of, run_main,
)

MODULES = sorted(name for _finder, name, _is_package in pkgutil.iter_modules(modules_package.__path__))
OTHER = 'fedcba9876543210fedcba98'
WITHOUT_PROJECT = dict((key, value) for key, value in DEFAULT_ARGS.items() if key != 'project_id')
AWS_ITEM = {'id': 'a' * 24, 'providerName': 'AWS', 'regionName': 'US_EAST_1', 'atlasCidrBlock': '192.168.248.0/21',
            'provisioned': False}


def mock_project(atlas, project):
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s/containers' % project, json=page(AWS_ITEM))
    atlas.add(responses.GET, BASE + '/api/atlas/v2/groups/%s/accessList' % project, json=page())


@pytest.mark.parametrize('main,options', [
    (network_container_info.main, dict(provider_name='AWS')),
    (network_container.main, dict(provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')),
    (access_list.main, dict(entries=[])),
], ids=['info module', 'resource module', 'access_list'])
def test_the_project_from_the_environment_is_returned(main, options, atlas, capsys, monkeypatch):
    monkeypatch.setenv('MONGODB_ATLAS_PROJECT_ID', OTHER)
    mock_project(atlas, OTHER)
    run_main(main, options, defaults=WITHOUT_PROJECT)
    assert result_of(capsys)['project_id'] == OTHER


def test_the_option_wins_over_the_environment(atlas, capsys, monkeypatch):
    monkeypatch.setenv('MONGODB_ATLAS_PROJECT_ID', 'b' * 24)
    mock_project(atlas, OTHER)
    run_main(network_container_info.main, dict(provider_name='AWS', project_id=OTHER), defaults=WITHOUT_PROJECT)
    assert result_of(capsys)['project_id'] == OTHER


def test_check_mode_returns_it_too(atlas, capsys):
    mock_project(atlas, OTHER)
    run_main(network_container.main, dict(provider_name='AWS', region='US_EAST_2', atlas_cidr_block='192.168.240.0/21',
                                          project_id=OTHER), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] and result['project_id'] == OTHER


@pytest.mark.parametrize('name', MODULES)
def test_every_module_documents_it(name):
    # AtlasModule.exit adds it to every result, so every RETURN says so (one wording, for the docs site).
    returned = yaml.safe_load(importlib.import_module(modules_package.__name__ + '.' + name).RETURN)['project_id']
    assert returned['type'] == 'str', name
    if name != 'peering_steps':  # the role's task: the project its steps used
        assert returned['description'] == yaml.safe_load(network_container.RETURN)['project_id']['description'], name
