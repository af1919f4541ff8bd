# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of private_endpoint and private_endpoint_info: per-provider options, the endpoint id as one path
segment, the service read first, REJECTED/FAILED with Atlas's message, immutability, the last endpoint taking its
service with it, and request counts, against Atlas mocked with ``responses``."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import private_endpoint, private_endpoint_info
from ansible_collections.atlasops.networking.plugins.modules.private_endpoint import EndpointOptions
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, methods, result_of, run_main, writes,
)

SERVICE = 'aaaaaaaaaaaaaaaaaaaaaaaa'
PREFIX = BASE + '/api/atlas/v2/groups/%s/privateEndpoint' % GROUP
LIST_URL = {provider: '%s/%s/endpointService' % (PREFIX, provider) for provider in ('AWS', 'AZURE', 'GCP')}
SERVICE_URL = {provider: url + '/' + SERVICE for provider, url in LIST_URL.items()}
ENDPOINTS_URL = {provider: url + '/endpoint' for provider, url in SERVICE_URL.items()}
NOT_FOUND = {'error': 404, 'errorCode': 'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND', 'reason': 'Not Found', 'detail': 'gone'}

VPCE = 'vpce-0a1b2c3d4e5f60718'
OTHER_VPCE = 'vpce-0f1e2d3c4b5a69788'
AWS_URL = ENDPOINTS_URL['AWS'] + '/' + VPCE
AWS = dict(provider_name='AWS', region='us-east-1', endpoint_id=VPCE)
AWS_SERVICE = {'cloudProvider': 'AWS', 'endpointServiceName': 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
               'errorMessage': None, 'id': SERVICE, 'interfaceEndpoints': [], 'regionName': 'US_EAST_1',
               'status': 'AVAILABLE', 'supportedRemoteRegions': None}
AWS_ENDPOINT = {'cloudProvider': 'AWS', 'connectionStatus': 'AVAILABLE', 'deleteRequested': False, 'errorMessage': None,
                'interfaceEndpointId': VPCE}
REJECTED = dict(AWS_ENDPOINT, connectionStatus='REJECTED',
                errorMessage='Verify endpoint ID and accepted regions, then retry your connection.')

AZURE_ID = ('/subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg/providers/'
            'Microsoft.Network/privateEndpoints/atlas-pe')
AZURE_URL = ENDPOINTS_URL['AZURE'] + '/' + AZURE_ID.replace('/', '%2F')
AZURE = dict(provider_name='AZURE', region='eastus2', endpoint_id=AZURE_ID, private_endpoint_ip_address='10.20.0.4')
AZURE_SERVICE = {'cloudProvider': 'AZURE', 'errorMessage': None, 'id': SERVICE, 'privateEndpoints': [AZURE_ID],
                 'privateLinkServiceName': 'pls_' + SERVICE, 'privateLinkServiceResourceId': '/subscriptions/x/pls',
                 'regionName': 'US_EAST_2', 'status': 'AVAILABLE'}
AZURE_ENDPOINT = {'cloudProvider': 'AZURE', 'deleteRequested': False, 'errorMessage': None,
                  'privateEndpointConnectionName': None, 'privateEndpointIPAddress': '10.20.0.4',
                  'privateEndpointResourceId': AZURE_ID, 'status': 'AVAILABLE'}

ATTACHMENTS = ['projects/p-x/regions/us-central1/serviceAttachments/sa-%d' % n for n in range(2)]
GCP = dict(provider_name='GCP', region='us-central1', gcp_project_id='my-app-project', endpoint_group_name='grp',
           endpoints=[{'endpoint_name': 'fr-0', 'ip_address': '10.128.0.2'},
                      {'endpoint_name': 'fr-1', 'ip_address': '10.128.0.3'}])
GCP_SERVICE = {'cloudProvider': 'GCP', 'endpointGroupNames': [], 'errorMessage': None, 'id': SERVICE,
               'portMappingEnabled': False, 'regionName': 'CENTRAL_US', 'serviceAttachmentNames': ATTACHMENTS,
               'status': 'AVAILABLE'}
GCP_ENDPOINT = {'cloudProvider': 'GCP', 'deleteRequested': False, 'endpointGroupName': 'grp', 'errorMessage': None,
                'endpoints': [{'endpointName': 'fr-1', 'ipAddress': '10.128.0.3', 'status': 'AVAILABLE'},
                              {'endpointName': 'fr-0', 'ipAddress': '10.128.0.2', 'status': 'AVAILABLE'}],
                'gcpProjectId': 'my-app-project', 'portMappingEnabled': False, 'status': 'AVAILABLE'}


# -- options model --------------------------------------------------------------------------------------

def options(**values):
    base = dict(endpoint_service_id=None, region=None, endpoint_id=None, private_endpoint_ip_address=None,
                gcp_project_id=None, endpoint_group_name=None, endpoints=None, state='present', wait=True,
                wait_timeout=60)
    base.update(values)
    return EndpointOptions(**base)


def test_an_encoded_azure_id_is_decoded_once():
    values = dict(AZURE)
    values['endpoint_id'] = AZURE_ID.replace('/', '%2F')
    model = options(**values)
    assert model.endpoint_id == AZURE_ID and model.region == 'US_EAST_2'


def test_a_customer_gcp_project_is_accepted():
    assert options(**GCP).gcp_project_id == 'my-app-project'   # not the spec's p-<24> pattern


@pytest.mark.parametrize('values,option,words', [
    (dict(AWS, endpoint_id='vpce-123'), 'endpoint_id', '17 lowercase hexadecimal'),
    (dict(AWS, endpoint_id=None), 'endpoint_id', 'required for AWS'),
    (dict(AWS, region=None), 'endpoint_service_id', 'exactly one'),
    (dict(AWS, endpoint_service_id=SERVICE), 'endpoint_service_id', 'exactly one'),
    (dict(AWS, region=None, endpoint_service_id='nope'), 'endpoint_service_id', '24 lowercase hexadecimal'),
    (dict(AWS, region='europe-west1'), 'region', 'not a known AWS region'),
    (dict(AWS, private_endpoint_ip_address='10.0.0.1'), 'private_endpoint_ip_address', 'only for AZURE'),
    (dict(AWS, gcp_project_id='my-app-project'), 'gcp_project_id', 'only for GCP'),
    (dict(AZURE, endpoint_id='/subscriptions/x/resourceGroups/rg'), 'endpoint_id', 'resource id of an Azure'),
    (dict(AZURE, private_endpoint_ip_address=None), 'private_endpoint_ip_address', 'when state is present'),
    (dict(AZURE, private_endpoint_ip_address='10.0.0.300'), 'private_endpoint_ip_address', 'not an IP address'),
    (dict(GCP, endpoint_id=VPCE), 'endpoint_id', 'only for AWS'),
    (dict(GCP, gcp_project_id='p-abc'), 'gcp_project_id', 'Google Cloud project id'),
    (dict(GCP, gcp_project_id=None), 'gcp_project_id', 'when state is present'),
    (dict(GCP, endpoint_group_name='Group_1'), 'endpoint_group_name', 'Google Cloud resource name'),
    (dict(GCP, endpoint_group_name=None, endpoints=None), 'endpoint_group_name', 'required for GCP'),
    (dict(GCP, endpoints=[{'endpoint_name': 'FR', 'ip_address': '10.0.0.1'}]), 'endpoints[0].endpoint_name',
     'Google Cloud resource name'),
    (dict(GCP, endpoints=[{'endpoint_name': 'fr-0'}]), 'endpoints[0].ip_address', 'when state is present'),
    (dict(GCP, endpoints=[{'endpoint_name': 'fr-0', 'ip_address': '10.0.0.1'},
                          {'endpoint_name': 'fr-0', 'ip_address': '10.0.0.2'}]), 'endpoints[1].endpoint_name', 'twice'),
    (dict(GCP, endpoints=[{'endpoint_name': 'fr-0', 'ip_address': '10.0.0.1'},
                          {'endpoint_name': 'fr-1', 'ip_address': '10.0.0.1'}]), 'endpoints[1].ip_address', 'twice'),
])
def test_invalid_options_name_the_option(values, option, words):
    with pytest.raises(ValidationError) as caught:
        options(**values)
    message = describe_validation_error(caught.value)
    assert "option '%s'" % option in message or "options '%s'" % option in message
    assert words in message


@pytest.mark.parametrize('values', [
    dict(AZURE, state='absent', private_endpoint_ip_address='not-an-ip'),
    dict(provider_name='GCP', region='us-central1', endpoint_group_name='grp', state='absent', gcp_project_id='p-x'),
    dict(provider_name='GCP', region='us-central1', endpoints=[{'endpoint_name': 'rule'}], state='absent'),
])
def test_absent_ignores_what_only_a_registration_uses(values):
    options(**values)


# -- whole module runs ---------------------------------------------------------------------------------------

def run_module(values, **kwargs):
    run_main(private_endpoint.main, values, **kwargs)


def warned(result, words):
    """Whether a warning of the module's result holds ``words`` (ansible-core 2.19+ structures warnings)."""
    return words in json.dumps(result.get('warnings') or [])


def registered(service, *ids):
    key = {'AWS': 'interfaceEndpoints', 'AZURE': 'privateEndpoints', 'GCP': 'endpointGroupNames'}[service['cloudProvider']]
    return dict(service, **{key: list(ids)})


def test_noop_costs_the_service_list_and_the_endpoint(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, OTHER_VPCE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint']['connection_status'] == 'AVAILABLE'
    assert result['endpoint_service_id'] == SERVICE and result['service_deleted'] is False
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('GET', AWS_URL)]


def test_the_service_by_id_is_one_get(atlas, capsys):
    atlas.add(responses.GET, SERVICE_URL['AWS'], json=registered(AWS_SERVICE, VPCE))
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    run_module(dict(AWS, region=None, endpoint_service_id=SERVICE))
    assert result_of(capsys)['changed'] is False
    assert methods(atlas) == [('GET', SERVICE_URL['AWS']), ('GET', AWS_URL)]


def test_register_aws_and_wait_until_available(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AWS_SERVICE])
    atlas.add(responses.POST, ENDPOINTS_URL['AWS'], json=dict(AWS_ENDPOINT, connectionStatus='NONE'))
    atlas.add(responses.GET, AWS_URL, json=dict(AWS_ENDPOINT, connectionStatus='PENDING_ACCEPTANCE'))
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    run_module(AWS, diff=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['connection_status'] == 'AVAILABLE'
    assert result['diff']['before'] == {}
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('POST', ENDPOINTS_URL['AWS']), ('GET', AWS_URL), ('GET', AWS_URL)]
    assert json.loads(atlas.calls[1].request.body) == {'id': VPCE}


def test_a_lost_registration_is_adopted_from_the_service_read_again(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AWS_SERVICE])
    atlas.add(responses.POST, ENDPOINTS_URL['AWS'], body=requests.exceptions.ConnectionError('reset'))
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    run_module(AWS)
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['connection_status'] == 'AVAILABLE'
    assert [method for method, _url in methods(atlas)].count('POST') == 1


def test_rejected_fails_with_atlas_message_and_what_to_check(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AWS_SERVICE])
    atlas.add(responses.POST, ENDPOINTS_URL['AWS'], json=dict(AWS_ENDPOINT, connectionStatus='NONE'))
    atlas.add(responses.GET, AWS_URL, json=REJECTED)
    run_module(AWS)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is True
    assert 'REJECTED' in result['msg'] and 'Verify endpoint ID and accepted regions' in result['msg']
    assert AWS_SERVICE['endpointServiceName'] in result['msg'] and 'Interface VPC endpoint' in result['msg']
    assert 'deleting the last endpoint of a service deletes the service' in result['msg']
    assert result['endpoint']['connection_status'] == 'REJECTED'


def test_an_existing_rejected_endpoint_fails_the_task(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=REJECTED)
    run_module(AWS)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert writes(atlas) == []


def test_an_existing_rejected_endpoint_without_wait_warns(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=REJECTED)
    run_module(dict(AWS, wait=False))
    result = result_of(capsys)
    assert result['changed'] is False and not result.get('failed')
    assert warned(result, 'is REJECTED: Verify endpoint ID')


def test_azure_id_is_one_encoded_segment_and_compared_without_case(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AZURE'], json=[dict(AZURE_SERVICE, privateEndpoints=[AZURE_ID.lower()])])
    atlas.add(responses.GET, AZURE_URL, json=dict(AZURE_ENDPOINT, privateEndpointResourceId=AZURE_ID.lower()))
    run_module(AZURE)
    result = result_of(capsys)
    assert result['changed'] is False
    assert atlas.calls[1].request.url.split('?')[0] == AZURE_URL
    assert '%2Fsubscriptions%2F0a1b2c3d' in atlas.calls[1].request.url


def test_azure_register_body(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AZURE'], json=[dict(AZURE_SERVICE, privateEndpoints=[])])
    atlas.add(responses.POST, ENDPOINTS_URL['AZURE'], json=dict(AZURE_ENDPOINT, status='INITIATING'))
    run_module(dict(AZURE, wait=False))
    assert result_of(capsys)['changed'] is True
    assert json.loads(atlas.calls[1].request.body) == {'id': AZURE_ID, 'privateEndpointIPAddress': '10.20.0.4'}


def test_azure_address_cannot_change(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AZURE'], json=[AZURE_SERVICE])
    atlas.add(responses.GET, AZURE_URL, json=AZURE_ENDPOINT)
    run_module(dict(AZURE, private_endpoint_ip_address='10.20.0.5'))
    result = result_of(capsys)
    assert result['failed'] is True and 'private_endpoint_ip_address' in result['msg']
    assert 'Register the new endpoint, then delete this one' in result['msg']
    assert writes(atlas) == []


def test_gcp_rules_compare_without_order_or_status(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[registered(GCP_SERVICE, 'grp')])
    atlas.add(responses.GET, ENDPOINTS_URL['GCP'] + '/grp', json=GCP_ENDPOINT)
    run_module(GCP)
    assert result_of(capsys)['changed'] is False


def test_gcp_register_body(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[GCP_SERVICE])
    atlas.add(responses.POST, ENDPOINTS_URL['GCP'], json=dict(GCP_ENDPOINT, status='INITIATING'))
    run_module(dict(GCP, wait=False))
    assert result_of(capsys)['changed'] is True
    assert json.loads(atlas.calls[1].request.body) == {
        'gcpProjectId': 'my-app-project', 'endpointGroupName': 'grp',
        'endpoints': [{'endpointName': 'fr-0', 'ipAddress': '10.128.0.2'}, {'endpointName': 'fr-1', 'ipAddress': '10.128.0.3'}]}


@pytest.mark.parametrize('check_mode', [False, True])
def test_gcp_needs_one_rule_per_attachment_before_any_write(atlas, capsys, check_mode):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[dict(GCP_SERVICE, serviceAttachmentNames=ATTACHMENTS * 3)])
    run_module(GCP, check_mode=check_mode)
    result = result_of(capsys)
    assert result['failed'] is True
    assert "option 'endpoints'" in result['msg'] and 'one forwarding rule per service attachment (6), got 2' in result['msg']
    assert writes(atlas) == []


def test_gcp_port_mapped_endpoint_is_known_by_its_rule(atlas, capsys):
    rule = {'endpoint_name': 'atlas-psc', 'ip_address': '10.128.0.10'}
    atlas.add(responses.GET, LIST_URL['GCP'], json=[registered(dict(GCP_SERVICE, portMappingEnabled=True,
                                                                    serviceAttachmentNames=ATTACHMENTS[:1]), 'atlas-psc')])
    atlas.add(responses.GET, ENDPOINTS_URL['GCP'] + '/atlas-psc', json=dict(
        GCP_ENDPOINT, endpointGroupName='atlas-psc', portMappingEnabled=True,
        endpoints=[{'endpointName': 'atlas-psc', 'ipAddress': '10.128.0.10', 'status': 'AVAILABLE'}]))
    run_module(dict(GCP, endpoint_group_name='ignored-by-atlas', endpoints=[rule]))
    assert result_of(capsys)['changed'] is False


def test_gcp_legacy_service_needs_the_group_name(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[GCP_SERVICE])
    run_module(dict(GCP, endpoint_group_name=None, state='absent'))
    result = result_of(capsys)
    assert result['failed'] is True and "option 'endpoint_group_name' is required" in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_missing_service_fails_saying_what_to_create(atlas, capsys, check_mode):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[])
    run_module(AWS, check_mode=check_mode)
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'no AWS private endpoint service in US_EAST_1' in result['msg']
    assert 'atlasops.networking.private_endpoint_service' in result['msg']


def test_an_initiating_service_is_waited_for(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AWS_SERVICE, status='INITIATING')])
    atlas.add(responses.GET, SERVICE_URL['AWS'], json=AWS_SERVICE)
    atlas.add(responses.POST, ENDPOINTS_URL['AWS'], json=AWS_ENDPOINT)
    run_module(AWS)
    assert result_of(capsys)['changed'] is True
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('GET', SERVICE_URL['AWS']), ('POST', ENDPOINTS_URL['AWS'])]


def test_an_initiating_service_without_wait_fails_saying_so(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AWS_SERVICE, status='INITIATING')])
    run_module(dict(AWS, wait=False))
    result = result_of(capsys)
    assert result['failed'] is True and 'INITIATING' in result['msg'] and 'wait: true' in result['msg']
    assert writes(atlas) == []


def test_a_deleting_service_takes_no_endpoint(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AWS_SERVICE, status='DELETING')])
    run_module(AWS)
    result = result_of(capsys)
    assert result['failed'] is True and 'is being deleted' in result['msg']
    assert writes(atlas) == []


def test_regional_mode_refusal_says_what_to_do(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AWS_SERVICE])
    atlas.add(responses.POST, ENDPOINTS_URL['AWS'], status=409, json={
        'error': 409, 'errorCode': 'REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED', 'reason': 'Conflict', 'detail': 'x',
        'parameters': ['US_EAST_1']})
    run_module(AWS)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED' in result['msg']
    assert 'private_endpoint_regional_mode' in result['msg']


def test_check_mode_register_sends_only_the_lookup(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[AWS_SERVICE])
    run_module(AWS, check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['endpoint'] == {'cloud_provider': 'AWS', 'interface_endpoint_id': VPCE}
    assert methods(atlas) == [('GET', LIST_URL['AWS'])]


def test_present_over_a_deleting_endpoint_waits_and_registers_it_anew(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE, OTHER_VPCE)])
    atlas.add(responses.GET, AWS_URL, json=dict(AWS_ENDPOINT, connectionStatus='DELETING', deleteRequested=True))
    atlas.add(responses.GET, AWS_URL, status=404, json=NOT_FOUND)
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, OTHER_VPCE)])
    atlas.add(responses.POST, ENDPOINTS_URL['AWS'], json=AWS_ENDPOINT)
    run_module(dict(AWS, wait=False))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint']['connection_status'] == 'AVAILABLE'
    assert [method for method, _url in methods(atlas)] == ['GET', 'GET', 'GET', 'GET', 'POST']


def test_present_over_the_deleted_last_endpoint_says_the_service_went_with_it(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=dict(AWS_ENDPOINT, connectionStatus='DELETING', deleteRequested=True))
    atlas.add(responses.GET, AWS_URL, status=404, json=NOT_FOUND)
    atlas.add(responses.GET, LIST_URL['AWS'], json=[dict(AWS_SERVICE, status='DELETING')])
    run_module(AWS)
    result = result_of(capsys)
    assert result['failed'] is True and 'is being deleted (Atlas deletes a service with its last endpoint)' in result['msg']
    assert writes(atlas) == []


# -- absent and the last endpoint --------------------------------------------------------------------------

def test_absent_when_not_registered_costs_one_get(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, OTHER_VPCE)])
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False and result['service_deleted'] is False
    assert len(atlas.calls) == 1


def test_deleting_the_last_endpoint_reports_the_service_deleted(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    atlas.add(responses.DELETE, AWS_URL, status=204)
    atlas.add(responses.GET, AWS_URL, status=404, json=NOT_FOUND)
    atlas.add(responses.GET, SERVICE_URL['AWS'], json=dict(AWS_SERVICE, status='DELETING'))
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is True and result['endpoint'] == {} and result['service_deleted'] is True
    assert warned(result, 'together with its last endpoint')
    assert methods(atlas) == [('GET', LIST_URL['AWS']), ('GET', AWS_URL), ('DELETE', AWS_URL), ('GET', AWS_URL),
                              ('GET', SERVICE_URL['AWS'])]


def test_without_wait_the_service_deletion_is_predicted(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    atlas.add(responses.DELETE, AWS_URL, status=204)
    run_module(dict(AWS, state='absent', wait=False))
    assert result_of(capsys)['service_deleted'] is True
    assert [method for method, _url in methods(atlas)] == ['GET', 'GET', 'DELETE']


def test_check_mode_predicts_the_service_deletion_and_writes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    run_module(dict(AWS, state='absent'), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True and result['service_deleted'] is True
    assert warned(result, 'Atlas would delete the private endpoint service')
    assert writes(atlas) == []


def test_other_live_endpoints_keep_the_service(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE, OTHER_VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    atlas.add(responses.GET, ENDPOINTS_URL['AWS'] + '/' + OTHER_VPCE, json=dict(AWS_ENDPOINT, interfaceEndpointId=OTHER_VPCE))
    atlas.add(responses.DELETE, AWS_URL, status=204)
    run_module(dict(AWS, state='absent', wait=False))
    result = result_of(capsys)
    assert result['changed'] is True and result['service_deleted'] is False
    assert not result.get('warnings')


def test_other_endpoints_on_their_way_out_do_not_keep_the_service(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE, OTHER_VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    atlas.add(responses.GET, ENDPOINTS_URL['AWS'] + '/' + OTHER_VPCE, json=dict(
        AWS_ENDPOINT, interfaceEndpointId=OTHER_VPCE, connectionStatus='DELETING', deleteRequested=True))
    atlas.add(responses.DELETE, AWS_URL, status=204)
    run_module(dict(AWS, state='absent', wait=False))
    assert result_of(capsys)['service_deleted'] is True


def test_a_deleted_gcp_group_still_readable_counts_as_gone(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['GCP'], json=[registered(GCP_SERVICE, 'grp')])
    atlas.add(responses.GET, ENDPOINTS_URL['GCP'] + '/grp', json=dict(GCP_ENDPOINT, status='DELETED'))
    run_module(dict(GCP, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint'] == {}
    assert writes(atlas) == []


def test_absent_without_a_service_changes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[])
    run_module(dict(AWS, state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False and result['endpoint_service_id'] is None
    assert len(atlas.calls) == 1


@pytest.mark.parametrize('values,option', [
    (dict(AWS, endpoint_id='vpce-xyz'), 'endpoint_id'),
    (dict(AZURE, private_endpoint_ip_address='ten'), 'private_endpoint_ip_address'),
    (dict(GCP, gcp_project_id='Bad'), 'gcp_project_id'),
    (dict(AWS, region='tokyo'), 'region'),
    (dict(AWS, wait_timeout=-1), 'wait_timeout'),
])
def test_invalid_input_sends_nothing(atlas, capsys, values, option):
    run_module(values)
    result = result_of(capsys)
    assert result['failed'] is True and "option '%s'" % option in result['msg']
    assert len(atlas.calls) == 0


# -- info ---------------------------------------------------------------------------------------------------

def run_info(values):
    run_main(private_endpoint_info.main, values)


def test_info_reads_the_service_then_each_endpoint(atlas, capsys):
    atlas.add(responses.GET, LIST_URL['AWS'], json=[registered(AWS_SERVICE, VPCE, OTHER_VPCE)])
    atlas.add(responses.GET, AWS_URL, json=AWS_ENDPOINT)
    atlas.add(responses.GET, ENDPOINTS_URL['AWS'] + '/' + OTHER_VPCE, status=404, json=NOT_FOUND)
    run_info(dict(provider_name='AWS', region='us-east-1'))
    result = result_of(capsys)
    assert result['service']['id'] == SERVICE
    assert [endpoint['interface_endpoint_id'] for endpoint in result['endpoints']] == [VPCE]
    assert len(atlas.calls) == 3


def test_info_one_endpoint(atlas, capsys):
    atlas.add(responses.GET, SERVICE_URL['AZURE'], json=AZURE_SERVICE)
    atlas.add(responses.GET, AZURE_URL, json=AZURE_ENDPOINT)
    run_info(dict(provider_name='AZURE', endpoint_service_id=SERVICE, endpoint_id=AZURE_ID.upper().replace(
        '/SUBSCRIPTIONS/', '/subscriptions/').replace('/RESOURCEGROUPS/', '/resourceGroups/')))
    result = result_of(capsys)
    assert len(result['endpoints']) == 1 and result['endpoints'][0]['private_endpoint_ip_address'] == '10.20.0.4'


def test_info_without_a_service_is_empty(atlas, capsys):
    atlas.add(responses.GET, SERVICE_URL['GCP'], status=404, json=NOT_FOUND)
    run_info(dict(provider_name='GCP', endpoint_service_id=SERVICE))
    result = result_of(capsys)
    assert result['service'] == {} and result['endpoints'] == [] and not result.get('failed')


@pytest.mark.parametrize('code', ['GROUP_NOT_FOUND', 'INVALID_GROUP_ID'])
def test_info_a_404_about_the_project_fails(atlas, capsys, code):
    atlas.add(responses.GET, SERVICE_URL['GCP'], status=404, json=dict(NOT_FOUND, errorCode=code))
    run_info(dict(provider_name='GCP', endpoint_service_id=SERVICE))
    result = result_of(capsys)
    assert result['failed'] is True and code in result['msg']


def test_info_invalid_input_sends_nothing(atlas, capsys):
    run_info(dict(provider_name='AWS', region='us-east-1', endpoint_id='pcx-1'))
    result = result_of(capsys)
    assert result['failed'] is True and "option 'endpoint_id'" in result['msg']
    assert len(atlas.calls) == 0
