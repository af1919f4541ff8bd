# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The region tables of private endpoint services: every region of the official enums has exactly one cloud name,
the cloud names are what the clouds call them, and the simulator's own tables (written separately) agree."""

from __future__ import annotations

import re

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as regions

ENUMS = {
    'AWS': set(regions.AWS_CONTAINER_REGIONS) - {'GLOBAL'},
    'AZURE': set(regions.AZURE_CONTAINER_REGIONS),
    'GCP': set(regions.GCP_CONTAINER_REGIONS),
}
CLOUD_NAME = {'AWS': r'^[a-z]{2}(-gov)?-[a-z]+-\d$', 'AZURE': r'^[a-z]+\d?(euap)?$', 'GCP': r'^[a-z]+-[a-z]+\d+$'}
# Regions of the Atlas documentation's GCP table that the spec's container enum does not list (yet).
GCP_DOCUMENTED_EXTRAS = {'EUROPE_WEST_8', 'EUROPE_WEST_9', 'EUROPE_SOUTHWEST_1'}


@pytest.mark.parametrize('provider', sorted(ENUMS))
def test_every_enum_region_has_one_cloud_name(provider):
    table = regions.NATIVE_REGIONS[provider]
    atlas_names = list(table.values())
    assert len(atlas_names) == len(set(atlas_names))
    assert set(atlas_names) - ENUMS[provider] <= (GCP_DOCUMENTED_EXTRAS if provider == 'GCP' else set())
    assert ENUMS[provider] <= set(atlas_names)
    for cloud in table:
        assert re.match(CLOUD_NAME[provider], cloud), cloud


@pytest.mark.parametrize('provider', sorted(ENUMS))
def test_every_region_round_trips(provider):
    for cloud, atlas in regions.NATIVE_REGIONS[provider].items():
        assert regions.provider_region(provider, cloud) == atlas
        assert regions.provider_region(provider, cloud.upper()) == atlas
        assert regions.provider_region(provider, atlas.lower()) == atlas
        assert regions.cloud_region(provider, atlas) == cloud


@pytest.mark.parametrize('provider,value', [
    ('GCP', 'asia-northeast-1'), ('GCP', 'ASIA_NORTHEAST_1'), ('GCP', 'tokyo'), ('AZURE', 'east-us-2'),
    ('AZURE', 'us-east-2'), ('AWS', 'useast1'), ('AWS', 'GLOBAL'), ('AWS', ''),
])
def test_near_misses_are_refused(provider, value):
    with pytest.raises(ValueError) as caught:
        regions.provider_region(provider, value)
    assert 'not a known %s region' % provider in str(caught.value)


def test_the_simulators_tables_agree():
    sim_regions = pytest.importorskip('atlas_sim.regions')
    assert sim_regions.AZURE_NATIVE == regions.AZURE_NATIVE_REGIONS
    ours = dict((cloud, atlas) for cloud, atlas in regions.GCP_NATIVE_REGIONS.items() if atlas not in GCP_DOCUMENTED_EXTRAS)
    assert sim_regions.GCP_NATIVE == ours
