# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of private_endpoint_service and private_endpoint_service_info: regions in either form compared in
Atlas form, the provider-only options, and whole module runs against Atlas mocked with ``responses`` (request
counts, the POST/PATCH paths without the provider, 409 adoption, waiting, FAILED, DELETING, check mode)."""

from __future__ import annotations

import json
import time

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import (
    private_endpoint_service,
    private_endpoint_service_info,
)
from ansible_collections.atlasops.networking.plugins.modules.private_endpoint_service import ServiceOptions
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, methods, result_of, run_main, writes,
)

SERVICE = 'aaaaaaaaaaaaaaaaaaaaaaaa'
OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbb'
PREFIX = BASE + '/api/atlas/v2/groups/%s/privateEndpoint' % GROUP
LIST_URL = {provider: '%s/%s/endpointService' % (PREFIX, provider) for provider in ('AWS', 'AZURE', 'GCP')}
CREATE_URL = PREFIX + '/endpointService'
PATCH_URL = CREATE_URL + '/' + SERVICE
ITEM_URL = LIST_URL['AWS'] + '/' + SERVICE
MEDIA_TYPE = 'application/vnd.atlas.2023-01-01+json'
SERVICE_NAME = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0'

AWS = dict(provider_name='AWS', region='us-east-1')
INITIATING = {'cloudProvider': 'AWS', 'endpointServiceName': None, 'errorMessage': None, 'id': SERVICE,
              'interfaceEndpoints': [], 'regionName': 'US_EAST_1', 'status': 'INITIATING', 'supportedRemoteRegions': None}
AVAILABLE = dict(INITIATING, endpointServiceName=SERVICE_NAME, status='AVAILABLE')
WEST = dict(AVAILABLE, id=OTHER, regionName='US_WEST_2')
GCP_ITEM = {'cloudProvider': 'GCP', 'endpointGroupNames': [], 'errorMessage': None, 'id': SERVICE,
            'portMappingEnabled': False, 'regionName': 'NORTHEASTERN_ASIA_PACIFIC', 'status': 'AVAILABLE',
            'serviceAttachmentNames': ['projects/p-x/regions/asia-northeast1/serviceAttachments/sa-%d' % n for n in range(2)]}
NOT_FOUND = {'error': 404, 'errorCode': 'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND', 'reason': 'Not Found', 'detail': 'gone'}


# -- options model --------------------------------------------------------------------------------------

def options(**values):
    base = dict(port_mapping_enabled=None, supported_remote_regions=None, state='present', wait=True, wait_timeout=60)
    base.update(values)
    return ServiceOptions(**base)


@pytest.mark.parametrize('provider,region,atlas', [
    ('AWS', 'us-east-1', 'US_EAST_1'),
    ('AWS', 'US_EAST_1', 'US_EAST_1'),
    ('AWS', 'Us-East-1', 'US_EAST_1'),
    ('AWS', 'us-gov-west-1', 'US_GOV_WEST_1'),
    ('AZURE', 'eastus2', 'US_EAST_2'),
    ('AZURE', 'EastUS2', 'US_EAST_2'),
    ('AZURE', 'US_EAST_2', 'US_EAST_2'),
    ('AZURE', 'southeastasia', 'ASIA_SOUTH_EAST'),
    ('GCP', 'asia-northeast1', 'NORTHEASTERN_ASIA_PACIFIC'),   # the operator's endless-recreate region (AKO #1975)
    ('GCP', 'europe-west1', 'WESTERN_EUROPE'),
    ('GCP', 'us-central1', 'CENTRAL_US'),
    ('GCP', 'us-east4', 'US_EAST_4'),
    ('GCP', 'northamerica-northeast1', 'NORTH_AMERICA_NORTHEAST_1'),
    ('GCP', 'central_us', 'CENTRAL_US'),
])
def test_regions_in_either_form_become_atlas_form(provider, region, atlas):
    assert options(provider_name=provider, region=region).region == atlas


@pytest.mark.parametrize('values,option,words', [
    (dict(provider_name='GCP', region='us-east-1'), 'region', 'not a known GCP region'),
    (dict(provider_name='GCP', region='asia-northeast-1'), 'region', 'NORTHEASTERN_ASIA_PACIFIC (asia-northeast1)'),
    (dict(provider_name='GCP', region='us_central_1'), 'region', 'CENTRAL_US (us-central1)'),   # never fuzzy
    (dict(provider_name='AZURE', region='east-us-2'), 'region', 'US_EAST_2 (eastus2)'),
    (dict(provider_name='AWS', region='eastus2'), 'region', 'us-east-1'),
    (dict(provider_name='AWS', region='GLOBAL'), 'region', 'not a known AWS region'),
    (dict(provider_name='aws', region='us-east-1'), 'provider_name', 'AWS, AZURE, GCP'),
    (dict(AWS, port_mapping_enabled=True), 'port_mapping_enabled', 'GCP Private Service Connect'),
    (dict(provider_name='AZURE', region='eastus2', supported_remote_regions=['US_EAST_1']),
     'supported_remote_regions', 'AWS PrivateLink'),
    (dict(AWS, supported_remote_regions=['mars-1']), 'supported_remote_regions[0]', "'mars-1'"),
    (dict(AWS, supported_remote_regions=['us-west-2', 'US_EAST_1']), 'supported_remote_regions[1]', "own region"),
    (dict(AWS, supported_remote_regions=['us-west-2', 'US_WEST_2']), 'supported_remote_regions[1]', 'twice'),
    (dict(AWS, supported_remote_regions=['eu-west-1'] * 36), 'supported_remote_regions', 'at most 35'),
])
def test_invalid_options_name_the_option(values, option, words):
    with pytest.raises(ValidationError) as caught:
        options(**values)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message
    assert words in message


def test_remote_regions_become_atlas_form():
    assert options(**dict(AWS, supported_remote_regions=['us-west-2', 'EU_WEST_1'])).supported_remote_regions == [
        'US_WEST_2', 'EU_WEST_1']


def test_no_op_values_of_other_providers_are_accepted():
    model = options(provider_name='AZURE', region='eastus2', port_mapping_enabled=False, supported_remote_regions=[])
    assert model.port_mapping_enabled is None and model.supported_remote_regions is None


def test_absent_ignores_what_only_a_creation_uses():
    model = options(**dict(AWS, state='absent', port_mapping_enabled=True, supported_remote_regions=['mars-1']))
    assert model.region == 'US_EAST_1'


# -- whole module runs -------------------------------------------------------------------------------------

def run_module(values, **kwargs):
    run_main(private_endpoint_service.main, values, **kwargs)


def not_found(mock, url):
    mock.add(responses.GET, url, status=404, json=NOT_FOUND)


def test_noop_costs_one_list_get(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[WEST, AVAILABLE])
    run_module(dict(AWS, region='US_EAST_1'))
    result = result_of(capsys)
    assert result['changed'] is False
    assert result['service']['id'] == SERVICE and result['service']['endpoint_service_name'] == SERVICE_NAME
    assert methods(atlas) == [('GET', LIST_URL['AWS'])]
    assert atlas.calls[0].request.headers['Accept'] == MEDIA_TYPE


def test_next_steps_hold_the_service_name_and_the_aws_command(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, supportedRemoteRegions=['US_WEST_2'])])
    run_module(AWS)
    steps = result_of(capsys)['next_steps']
    assert steps['endpoint_service_name'] == SERVICE_NAME
    assert steps['region'] == 'us-east-1' and steps['supported_remote_regions'] == ['us-west-2']
    assert steps['commands'] == [
        'aws ec2 create-vpc-endpoint --region us-east-1 --vpc-endpoint-type Interface --service-name %s --vpc-id '
        '<vpc-id> --subnet-ids <subnet-ids> --security-group-ids <security-group-ids>' % SERVICE_NAME]
    assert 'us-west-2' in steps['action']


def test_create_posts_without_the_provider_and_waits(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[WEST])
    atlas.add(responses.POST, CREATE_URL, status=201, json=INITIATING)
    atlas.add(responses.GET, ITEM_URL, json=INITIATING)
    atlas.add(responses.GET, ITEM_URL, json=AVAILABLE)
    run_module(dict(AWS, supported_remote_regions=['us-west-2']), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['service']['status'] == 'AVAILABLE' and result['next_steps']['endpoint_service_name'] == SERVICE_NAME
    assert result['diff']['before'] == {}
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('POST', CREATE_URL), ('GET', ITEM_URL), ('GET', ITEM_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'providerName': 'AWS', 'region': 'US_EAST_1',
                                                       'supportedRemoteRegions': ['US_WEST_2']}
    assert atlas.calls[1].request.headers['Content-Type'] == MEDIA_TYPE


def test_gcp_port_mapped_create_body(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[])
    atlas.add(responses.POST, CREATE_URL, status=201, json=dict(GCP_ITEM, portMappingEnabled=True, status='INITIATING'))
    run_module(dict(provider_name='GCP', region='asia-northeast1', port_mapping_enabled=True, wait=False))
    assert json.loads(atlas.calls[1].request.body) == {'providerName': 'GCP', 'region': 'NORTHEASTERN_ASIA_PACIFIC',
                                                       'portMappingEnabled': True}
    assert result_of(capsys)['next_steps']['commands'] == []


def test_gcp_next_steps_one_rule_per_attachment(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[GCP_ITEM])
    run_module(dict(provider_name='GCP', region='asia-northeast1'))
    steps = result_of(capsys)['next_steps']
    assert steps['region'] == 'asia-northeast1' and len(steps['commands']) == 4
    assert steps['commands'][1].endswith('--target-service-attachment=%s' % GCP_ITEM['serviceAttachmentNames'][0])
    assert '--region=asia-northeast1' in steps['commands'][0]


def test_the_region_in_the_clouds_form_finds_the_service_in_atlas_form(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[GCP_ITEM])
    run_module(dict(provider_name='GCP', region='asia-northeast1', port_mapping_enabled=False))
    assert result_of(capsys)['changed'] is False
    assert writes(atlas) == []


def test_a_second_post_gets_409_and_adopts_the_service(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[])
    atlas.add(responses.POST, CREATE_URL, status=409, json={
        'error': 409, 'errorCode': 'PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION', 'reason': 'Conflict',
        'detail': 'A private endpoint service already exists for AWS region US_EAST_1.', 'parameters': ['AWS', 'US_EAST_1']})
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AVAILABLE])
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['service']['id'] == SERVICE
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('POST', CREATE_URL), ('GET', LIST_URL['AWS'])]


def test_waiting_for_user_counts_as_ready(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='WAITING_FOR_USER')])
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['service']['status'] == 'WAITING_FOR_USER'
    assert len(atlas.calls) == 1


def test_failed_service_fails_with_the_error_message(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='FAILED', errorMessage='No Capacity.')])
    run_module(AWS)
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'FAILED' in result['msg'] and 'No Capacity.' in result['msg']
    assert result['service']['error_message'] == 'No Capacity.'


def test_a_failed_service_without_wait_warns(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='FAILED', errorMessage='No Capacity.')])
    run_module(dict(AWS, wait=False))
    result = result_of(capsys)
    assert result['changed'] is False and not result.get('failed')
    assert 'is FAILED: No Capacity.' in json.dumps(result['warnings'])
    assert result['next_steps']['commands'] == [] and 'delete it' in result['next_steps']['action']


def test_remote_regions_are_patched_without_the_provider(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AVAILABLE])
    atlas.add(responses.PATCH, PATCH_URL, json=dict(AVAILABLE, supportedRemoteRegions=['US_WEST_2', 'EU_WEST_1']))
    run_module(dict(AWS, supported_remote_regions=['us-west-2', 'eu-west-1']))
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['service']['supported_remote_regions'] == ['US_WEST_2', 'EU_WEST_1']
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('PATCH', PATCH_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'cloudProvider': 'AWS',
                                                       'supportedRemoteRegions': ['US_WEST_2', 'EU_WEST_1']}


def test_an_empty_list_clears_the_remote_regions(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, supportedRemoteRegions=['US_WEST_2'])])
    atlas.add(responses.PATCH, PATCH_URL, json=dict(AVAILABLE, supportedRemoteRegions=[]))
    run_module(dict(AWS, supported_remote_regions=[]))
    assert result_of(capsys)['changed'] is True
    assert json.loads(atlas.calls[1].request.body) == {'cloudProvider': 'AWS', 'supportedRemoteRegions': []}


@pytest.mark.parametrize('atlas_value,wanted', [(None, []), ([], []), (['EU_WEST_1', 'US_WEST_2'], ['us-west-2', 'eu-west-1'])])
def test_remote_regions_compare_null_as_empty_and_ignore_order(atlas, capsys, atlas_value, wanted):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, supportedRemoteRegions=atlas_value)])
    run_module(dict(AWS, supported_remote_regions=wanted))
    assert result_of(capsys)['changed'] is False
    assert writes(atlas) == []


def test_port_mapping_cannot_change(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[GCP_ITEM])
    run_module(dict(provider_name='GCP', region='NORTHEASTERN_ASIA_PACIFIC', port_mapping_enabled=True))
    result = result_of(capsys)
    assert result['failed'] is True and 'port_mapping_enabled' in result['msg']
    assert 'does not allow changing it in place' in result['msg']
    assert writes(atlas) == []


def test_check_mode_create_sends_one_get_and_never_waits(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[])
    run_module(AWS, check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['service'] == {'cloud_provider': 'AWS', 'region_name': 'US_EAST_1'}
    assert 'next_steps' not in result
    assert methods(atlas) == [('GET', LIST_URL['AWS'])]


def test_check_mode_patch_sends_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='INITIATING')])
    run_module(dict(AWS, supported_remote_regions=['us-west-2']), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['service']['supported_remote_regions'] == ['US_WEST_2']
    assert methods(atlas) == [('GET', LIST_URL['AWS'])]


def test_present_over_a_deleting_service_waits_and_creates_it_anew(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='DELETING')])
    not_found(atlas, ITEM_URL)
    atlas.add(responses.POST, CREATE_URL, status=201, json=dict(INITIATING, id=OTHER))
    atlas.add(responses.GET, LIST_URL['AWS'] + '/' + OTHER, json=dict(AVAILABLE, id=OTHER))
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is True and result['service']['id'] == OTHER
    assert [method for method, _url in methods(atlas)] == ['GET', 'GET', 'POST', 'GET']


def test_present_over_a_deleting_service_waits_even_without_wait(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='DELETING')])
    not_found(atlas, ITEM_URL)
    atlas.add(responses.POST, CREATE_URL, status=201, json=dict(INITIATING, id=OTHER))
    run_module(dict(AWS, wait=False))
    result = result_of(capsys)
    assert result['changed'] is True and result['service']['id'] == OTHER
    assert 'is being deleted (DELETING): waiting up to' in json.dumps(result['warnings'])
    assert [method for method, _url in methods(atlas)] == ['GET', 'GET', 'POST']


def test_present_over_a_service_still_deleting_fails_saying_so(atlas, capsys, monkeypatch):
    clock = iter(range(0, 10000, 7))
    monkeypatch.setattr(time, 'monotonic', lambda: float(next(clock)))
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='DELETING')])
    atlas.add(responses.GET, ITEM_URL, json=dict(AVAILABLE, status='DELETING'))
    run_module(dict(AWS, wait_timeout=20))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'still being deleted (last status: DELETING) after 20s' in result['msg']
    assert writes(atlas) == []


def test_present_over_a_deleting_service_in_check_mode_reports_the_creation(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='DELETING')])
    run_module(AWS, check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['service'] == {'cloud_provider': 'AWS', 'region_name': 'US_EAST_1'}
    assert len(atlas.calls) == 1


def test_delete_uses_the_provider_path_and_waits_until_gone(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AVAILABLE])
    atlas.add(responses.DELETE, ITEM_URL, status=202, json={})
    atlas.add(responses.GET, ITEM_URL, json=dict(AVAILABLE, status='DELETING'))
    not_found(atlas, ITEM_URL)
    run_module(dict(AWS, state='absent'), diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['service'] == {} and 'next_steps' not in result
    assert result['diff']['before']['id'] == SERVICE and result['diff']['after'] == {}
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('DELETE', ITEM_URL), ('GET', ITEM_URL), ('GET', ITEM_URL)]


def test_absent_over_a_deleting_service_changes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AVAILABLE, status='DELETING')])
    run_module(dict(AWS, state='absent', wait=False))
    assert result_of(capsys)['changed'] is False
    assert len(atlas.calls) == 1


def test_absent_when_missing_costs_one_get(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[WEST])
    run_module(dict(AWS, state='absent'))
    assert result_of(capsys)['changed'] is False
    assert len(atlas.calls) == 1


def test_check_mode_delete_sends_only_the_lookup(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AVAILABLE])
    run_module(dict(AWS, state='absent'), check_mode=True)
    assert result_of(capsys)['changed'] is True
    assert len(atlas.calls) == 1


def test_wait_timeout_names_the_last_status(atlas, capsys, monkeypatch):
    clock = iter(range(0, 10000, 7))
    monkeypatch.setattr(time, 'monotonic', lambda: float(next(clock)))
    atlas.add(responses.GET, LIST_URL['AWS'], json=[INITIATING])
    atlas.add(responses.GET, ITEM_URL, json=INITIATING)
    run_module(dict(AWS, wait_timeout=20))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'Timed out after 20s' in result['msg'] and 'last status: INITIATING' in result['msg']


@pytest.mark.parametrize('values,option', [
    (dict(provider_name='GCP', region='tokyo'), 'region'),
    (dict(AWS, supported_remote_regions=['us-east-1']), 'supported_remote_regions[0]'),
    (dict(AWS, port_mapping_enabled=True), 'port_mapping_enabled'),
    (dict(AWS, wait_timeout=0), 'wait_timeout'),
    (dict(AWS, project_id='nope'), 'project_id'),
])
def test_invalid_input_sends_nothing(atlas, capsys, values, option):
    run_module(values)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0


# -- info ---------------------------------------------------------------------------------------------------

def run_info(values):
    run_main(private_endpoint_service_info.main, values)


def test_info_lists_every_provider_with_one_get_each(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AVAILABLE])
    atlas.add(responses.GET, LIST_URL['AZURE'], json=[])
    atlas.add(responses.GET, LIST_URL['GCP'], json=[GCP_ITEM])
    run_info({})
    result = result_of(capsys)
    assert result['changed'] is False
    assert [service['cloud_provider'] for service in result['services']] == ['AWS', 'GCP']
    assert result['services'][1]['service_attachment_names'] == GCP_ITEM['serviceAttachmentNames']
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('GET', LIST_URL['AZURE']), ('GET', LIST_URL['GCP'])]


def test_info_finds_a_region_in_the_clouds_form(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[WEST, AVAILABLE])
    run_info(dict(provider_name='AWS', region='us-east-1'))
    assert [service['id'] for service in result_of(capsys)['services']] == [SERVICE]
    assert len(atlas.calls) == 1


def test_info_unknown_id_is_an_empty_list(atlas, capsys):
    not_found(atlas, ITEM_URL)
    run_info(dict(provider_name='AWS', id=SERVICE))
    result = result_of(capsys)
    assert not result.get('failed')
    assert result['services'] == []


def test_info_a_404_on_a_list_fails(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], status=404, json=dict(NOT_FOUND, errorCode='RESOURCE_NOT_FOUND'))
    run_info(dict(provider_name='AWS'))
    result = result_of(capsys)
    assert result['failed'] is True and result['msg'].startswith('Atlas API 404 RESOURCE_NOT_FOUND')


@pytest.mark.parametrize('code', ['GROUP_NOT_FOUND', 'INVALID_GROUP_ID'])
def test_info_a_404_about_the_project_fails_even_for_one_id(atlas, capsys, code):
    atlas.add(responses.GET, ITEM_URL, status=404, json=dict(NOT_FOUND, errorCode=code))
    run_info(dict(provider_name='AWS', id=SERVICE))
    result = result_of(capsys)
    assert result['failed'] is True and code in result['msg']


@pytest.mark.parametrize('values,option', [
    (dict(region='us-east-1'), 'provider_name'),
    (dict(provider_name='AWS', id='nope'), 'id'),
    (dict(provider_name='GCP', region='us-east-1'), 'region'),
])
def test_info_invalid_input_sends_nothing(atlas, capsys, values, option):
    run_info(values)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0
