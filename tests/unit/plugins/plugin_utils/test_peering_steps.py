# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The peering role's steps (plugins/plugin_utils/_peering_steps.py) with the modules replaced by a fake
``run``: the order and arguments of the steps, check mode, the result (atlas_peering_result) built from what
the steps returned without another read, the project the modules used, and the teardown: only the role's
peering, its entries, and the container unless something else uses it."""

from __future__ import annotations

import pytest

from ansible_collections.atlasops.networking.plugins.plugin_utils._peering_plan import plan, role_options
from ansible_collections.atlasops.networking.plugins.plugin_utils._peering_steps import StepFailed, Steps, container_in_use

OPTIONS = role_options()
PROJECT = '0123456789abcdef01234567'
CONTAINER = {'id': 'c' * 24, 'provider_name': 'AWS', 'region_name': 'US_EAST_1', 'atlas_cidr_block': '192.168.248.0/21',
             'provisioned': True, 'vpc_id': 'vpc-0a1b2c3d4e5f60718'}
AWS = dict(atlas_peering_provider='AWS', atlas_peering_region='us-east-1', atlas_peering_atlas_cidr_block='192.168.248.0/21',
           atlas_peering_vpc_id='vpc-0123456789abcdef0', atlas_peering_aws_account_id='123456789012',
           atlas_peering_route_table_cidr_block='10.10.0.0/16')
GCP = dict(atlas_peering_provider='GCP', atlas_peering_atlas_cidr_block='10.8.0.0/18',
           atlas_peering_gcp_project_id='my-gcp-project', atlas_peering_network_name='my-network',
           atlas_peering_access_list=['10.30.0.0/16'])
OURS = {'id': 'p' * 24, 'provider_name': 'AWS', 'container_id': 'c' * 24, 'vpc_id': 'vpc-0123456789abcdef0',
        'aws_account_id': '123456789012', 'connection_id': 'pcx-0123456789abcdef0', 'status': 'PENDING_ACCEPTANCE'}
THEIRS = dict(OURS, id='q' * 24, vpc_id='vpc-0fedcba9876543210', connection_id='pcx-0fedcba9876543210')


class FakeModules(object):
    """Answers each step with a canned result (a dict, or a function of the arguments); records every call."""

    def __init__(self, **answers):
        self.answers = answers
        self.calls = []

    def __call__(self, module, args):
        self.calls.append((module, args))
        answer = self.answers[module]
        result = answer(args) if callable(answer) else dict(answer)
        result.setdefault('project_id', PROJECT)
        return result

    @property
    def modules(self):
        return [module for module, _args in self.calls]


def steps_for(variables, modules, check_mode=False):
    return Steps(plan(variables, OPTIONS), modules, check_mode=check_mode)


# -- setup ----------------------------------------------------------------------------------------

def test_setup_runs_the_three_modules_in_order_with_the_container_id():
    modules = FakeModules(
        network_container={'changed': True, 'container': CONTAINER},
        network_peering={'changed': True, 'peering': OURS,
                         'next_steps': {'connection_id': OURS['connection_id'], 'atlas_vpc_id': 'vpc-from-the-module'}},
        access_list={'changed': True, 'added': ['10.10.0.0/16'], 'updated': [], 'removed': [], 'entries': []})
    fact = steps_for(AWS, modules).setup()
    assert modules.modules == ['network_container', 'network_peering', 'access_list']
    assert modules.calls[1][1]['container_id'] == 'c' * 24
    assert modules.calls[2][1]['keep_other_comments'] is True
    assert fact['changed'] and fact['state'] == 'present' and fact['project_id'] == PROJECT
    assert fact['peering'] == OURS and fact['container'] == CONTAINER
    assert fact['access_list']['added'] == ['10.10.0.0/16']
    steps = fact['next_steps']
    assert (steps['status'], steps['connection_id'], steps['atlas_vpc_id'], steps['aws_region']) == (
        'PENDING_ACCEPTANCE', 'pcx-0123456789abcdef0', 'vpc-from-the-module', 'us-east-1')
    assert steps['action'].startswith('Accept the VPC peering connection pcx-0123456789abcdef0 in AWS account 123456789012')


def test_setup_in_check_mode_without_a_container_skips_the_peering():
    modules = FakeModules(network_container={'changed': True, 'container': {'provider_name': 'AWS'}},
                          access_list={'changed': True, 'added': ['10.10.0.0/16']})
    fact = steps_for(AWS, modules, check_mode=True).setup()
    assert modules.modules == ['network_container', 'access_list']
    assert fact['next_steps']['status'] == 'WOULD_BE_CREATED'
    assert fact['next_steps']['action'].startswith('Check mode: the peering connection would be created')


def test_gcp_next_steps_come_from_the_container_when_the_module_gave_none():
    gcp_container = {'id': 'c' * 24, 'provider_name': 'GCP', 'atlas_cidr_block': '10.8.0.0/18',
                     'gcp_project_id': 'p-atlas', 'network_name': 'nt-atlas'}
    modules = FakeModules(network_container={'changed': False, 'container': gcp_container},
                          network_peering={'changed': False, 'peering': {'id': 'p' * 24, 'status': 'AVAILABLE'}},
                          access_list={'changed': False})
    fact = steps_for(GCP, modules).setup()
    assert len(modules.calls) == 3  # no read besides the steps themselves
    assert fact['next_steps']['atlas_gcp_network'] == 'projects/p-atlas/global/networks/nt-atlas'
    assert fact['next_steps']['gcloud_command'].endswith('--peer-project=p-atlas --peer-network=nt-atlas')
    assert fact['next_steps']['action'] == 'Nothing: the peering is AVAILABLE.'
    assert not fact['changed']


def test_a_failed_step_stops_the_steps():
    modules = FakeModules(network_container={'changed': False, 'container': CONTAINER},
                          network_peering={'failed': True, 'msg': 'The network peering connection x is FAILED: REJECTED'})
    steps = steps_for(AWS, modules)
    with pytest.raises(StepFailed) as info:
        steps.setup()
    assert info.value.module == 'network_peering' and 'FAILED' in info.value.result['msg']
    assert modules.modules == ['network_container', 'network_peering']


def test_the_project_is_the_one_the_modules_used():
    modules = FakeModules(network_container=lambda args: {'container': CONTAINER, 'project_id': 'f' * 24},
                          network_peering={'peering': OURS}, access_list={})
    assert steps_for(AWS, modules).setup()['project_id'] == 'f' * 24


# -- teardown -------------------------------------------------------------------------------------

def teardown_modules(peerings, container_answer=None):
    return FakeModules(
        network_container_info={'containers': [dict(CONTAINER, region_name='EU_WEST_1', id='e' * 24), CONTAINER]},
        network_peering_info={'peerings': peerings},
        network_peering={'changed': True, 'peering': {}},
        access_list={'changed': True, 'removed': ['10.10.0.0/16'], 'entries': []},
        network_container=container_answer or {'changed': True, 'container': {}})


def test_teardown_deletes_the_peering_the_entries_and_the_container_in_order():
    modules = teardown_modules([OURS])
    fact = steps_for(dict(AWS, atlas_peering_state='absent'), modules).teardown()
    assert modules.modules == ['network_container_info', 'network_peering_info', 'network_peering', 'access_list',
                               'network_container']
    assert modules.calls[2][1]['container_id'] == 'c' * 24 and modules.calls[2][1]['state'] == 'absent'
    assert modules.calls[3][1]['state'] == 'absent' and modules.calls[3][1]['keep_other_comments'] is True
    assert modules.calls[4][1]['region'] == 'us-east-1' and modules.calls[4][1]['state'] == 'absent'
    assert fact['changed'] and fact['container'] == {} and fact['next_steps']['container_kept'] is None
    assert fact['next_steps']['connection_id'] == OURS['connection_id']
    assert fact['next_steps']['status'] == 'DELETED'


def test_teardown_keeps_a_container_other_peerings_use():
    modules = teardown_modules([THEIRS, OURS])
    fact = steps_for(dict(AWS, atlas_peering_state='absent'), modules).teardown()
    assert 'network_container' not in modules.modules
    assert fact['container'] == CONTAINER
    assert fact['next_steps']['container_kept'] == 'other peering connections use it: %s (PENDING_ACCEPTANCE)' % THEIRS['id']


def test_a_peering_atlas_is_deleting_does_not_keep_the_container():
    modules = teardown_modules([dict(THEIRS, status='TERMINATING'), OURS])
    steps_for(dict(AWS, atlas_peering_state='absent'), modules).teardown()
    assert modules.modules[-1] == 'network_container'


def test_teardown_keeps_the_container_when_asked():
    modules = teardown_modules([OURS])
    fact = steps_for(dict(AWS, atlas_peering_state='absent', atlas_peering_keep_container=True), modules).teardown()
    assert 'network_container' not in modules.modules
    assert fact['next_steps']['container_kept'] == 'atlas_peering_keep_container is true'


def test_a_container_atlas_refuses_to_delete_is_kept_with_atlas_s_reason():
    refusal = {'failed': True, 'msg': 'Cannot delete the AWS network container c while it is in use (Atlas API 409 '
                                      'CONTAINERS_IN_USE: ...). It has no network peering connection ...'}
    modules = teardown_modules([OURS], container_answer=refusal)
    fact = steps_for(dict(AWS, atlas_peering_state='absent'), modules).teardown()
    assert fact['next_steps']['container_kept'].startswith('Cannot delete the AWS network container')
    assert fact['changed']  # the peering and the entries were deleted


def test_another_container_failure_fails_the_teardown():
    modules = teardown_modules([], container_answer={'failed': True, 'msg': 'Atlas API 500 UNEXPECTED_ERROR'})
    with pytest.raises(StepFailed):
        steps_for(dict(AWS, atlas_peering_state='absent'), modules).teardown()


@pytest.mark.parametrize('result, in_use', [
    ({'failed': True, 'msg': 'x', 'error': {'error_code': 'CONTAINERS_IN_USE'}}, True),
    ({'failed': True, 'msg': 'Atlas refuses it with 409 CONTAINERS_IN_USE: the container is provisioned'}, True),
    ({'failed': True, 'msg': 'Atlas API 404 GROUP_NOT_FOUND', 'error': {'error_code': 'GROUP_NOT_FOUND'}}, False),
])
def test_container_in_use(result, in_use):
    assert container_in_use(result) is in_use


def test_teardown_in_check_mode_predicts_the_container_and_sends_no_deletion_of_it():
    modules = teardown_modules([OURS])
    fact = steps_for(dict(AWS, atlas_peering_state='absent'), modules, check_mode=True).teardown()
    assert modules.modules == ['network_container_info', 'network_peering_info', 'network_peering', 'access_list']
    assert fact['changed'] and fact['next_steps']['status'] == 'WOULD_BE_DELETED'
    assert 'and the container' in fact['next_steps']['action']


def test_teardown_when_everything_is_gone_changes_nothing():
    modules = FakeModules(network_container_info={'containers': []}, access_list={'changed': False, 'removed': []})
    fact = steps_for(dict(AWS, atlas_peering_state='absent'), modules).teardown()
    assert modules.modules == ['network_container_info', 'access_list']
    assert not fact['changed'] and fact['next_steps']['status'] == 'DELETED'


def test_ours_is_matched_by_the_peer_network_case_insensitively_where_atlas_is():
    azure = dict(atlas_peering_provider='AZURE', atlas_peering_region='US_EAST_2', atlas_peering_state='absent',
                 atlas_peering_atlas_cidr_block='192.168.240.0/21',
                 atlas_peering_azure_directory_id='0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f',
                 atlas_peering_azure_subscription_id='7E3A1F9C-5B2D-4E8A-A1C6-3D9F0B2E7C45',
                 atlas_peering_resource_group_name='RG', atlas_peering_vnet_name='vnet')
    container = {'id': 'c' * 24, 'provider_name': 'AZURE', 'region': 'US_EAST_2'}
    theirs = {'id': 'p' * 24, 'container_id': 'c' * 24, 'azure_subscription_id': '7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45',
              'resource_group_name': 'rg', 'vnet_name': 'VNET', 'status': 'AVAILABLE'}
    modules = FakeModules(network_container_info={'containers': [container]},
                          network_peering_info={'peerings': [theirs]}, network_peering={'changed': True},
                          network_container={'changed': True})
    steps_for(azure, modules).teardown()
    assert modules.modules == ['network_container_info', 'network_peering_info', 'network_peering', 'network_container']
