# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The peering role's plan (plugins/plugin_utils/_peering_plan.py): its variables become each step's module
arguments, checked by the modules' own argument specs and options models, with every problem reported under
the role variable's name; the role's own rules (the AWS accept); defaults and types from the role's
meta/argument_specs.yml; the connection the steps get."""

from __future__ import annotations

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils._options import ValidationError, option_rule, options_model
from ansible_collections.atlasops.networking.plugins.modules import network_peering
from ansible_collections.atlasops.networking.plugins.plugin_utils import _peering_plan
from ansible_collections.atlasops.networking.plugins.plugin_utils._peering_plan import (
    PlanError,
    error_problems,
    plan,
    role_name,
    role_options,
    role_words,
)

OPTIONS = role_options()
AWS = dict(atlas_peering_provider='AWS', atlas_peering_region='US_EAST_1', atlas_peering_atlas_cidr_block='192.168.248.0/21',
           atlas_peering_vpc_id='vpc-0123456789abcdef0', atlas_peering_aws_account_id='123456789012',
           atlas_peering_route_table_cidr_block='10.10.0.0/16')
AZURE = dict(atlas_peering_provider='AZURE', atlas_peering_region='US_EAST_2', atlas_peering_atlas_cidr_block='192.168.240.0/21',
             atlas_peering_azure_directory_id='0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f',
             atlas_peering_azure_subscription_id='7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45',
             atlas_peering_resource_group_name='rg', atlas_peering_vnet_name='vnet')
GCP = dict(atlas_peering_provider='GCP', atlas_peering_atlas_cidr_block='10.8.0.0/18',
           atlas_peering_gcp_project_id='my-gcp-project', atlas_peering_network_name='my-network')
NOT_AWS = dict(atlas_peering_vpc_id=None, atlas_peering_aws_account_id=None, atlas_peering_route_table_cidr_block=None)


def problems_of(variables):
    with pytest.raises(PlanError) as info:
        plan(variables, OPTIONS)
    return info.value.problems


# -- the arguments of each step ----------------------------------------------------------------

def test_aws_steps():
    the_plan = plan(AWS, OPTIONS)
    assert the_plan.container_args() == dict(provider_name='AWS', region='US_EAST_1',
                                             atlas_cidr_block='192.168.248.0/21', wait_timeout=900, state='present')
    assert the_plan.peering_args('a' * 24) == dict(
        provider_name='AWS', container_id='a' * 24, state='present', wait=True, wait_timeout=900,
        vpc_id='vpc-0123456789abcdef0', aws_account_id='123456789012', route_table_cidr_block='10.10.0.0/16',
        accepter_region_name='US_EAST_1')
    comment = 'atlasops peering AWS VPC vpc-0123456789abcdef0 of account 123456789012'
    assert the_plan.access_list_args() == dict(entries=[{'cidr_block': '10.10.0.0/16', 'comment': comment}],
                                               keep_other_comments=True, state='present', wait=True, wait_timeout=900)
    assert the_plan.aws() == dict(accept=False, region='us-east-1', endpoint_url=None, route_table_ids=[],
                                  vpc_id='vpc-0123456789abcdef0', atlas_cidr_block='192.168.248.0/21', wait=True,
                                  wait_timeout=900)
    assert the_plan.container_region() == 'US_EAST_1'


def test_the_accepter_region_wins_and_the_aws_region_follows_it():
    the_plan = plan(dict(AWS, atlas_peering_region='us-east-1', atlas_peering_accepter_region_name='EU_WEST_1'), OPTIONS)
    assert the_plan.peering_args('a' * 24)['accepter_region_name'] == 'EU_WEST_1'
    assert the_plan.aws()['region'] == 'eu-west-1'
    assert the_plan.container_region() == 'US_EAST_1'  # network_container's own normalisation


def test_azure_and_gcp_steps_add_nothing_to_the_access_list_by_default():
    azure = plan(AZURE, OPTIONS)
    assert azure.cidr_blocks == []
    assert 'accepter_region_name' not in azure.peering_args('a' * 24)
    gcp = plan(dict(GCP, atlas_peering_gcp_regions=['eastern_us'], atlas_peering_atlas_cidr_block='10.8.0.0/22',
                    atlas_peering_access_list=['10.30.0.0/16']), OPTIONS)
    assert gcp.container_args()['regions'] == ['eastern_us']
    assert gcp.container_region() is None
    assert gcp.access_list_args()['entries'] == [{'cidr_block': '10.30.0.0/16',
                                                 'comment': 'atlasops peering GCP network my-network of my-gcp-project'}]


def test_absent_steps():
    the_plan = plan(dict(AWS, atlas_peering_state='absent'), OPTIONS)
    assert the_plan.state == 'absent'
    assert the_plan.container_args()['state'] == 'absent'
    assert the_plan.peering_args('a' * 24)['state'] == 'absent'
    assert the_plan.access_list_args()['state'] == 'absent'
    assert the_plan.info_args() == {'provider_name': 'AWS'}


def test_the_comment_is_the_given_one_or_a_generated_one_of_80_characters_at_most():
    assert plan(dict(AWS, atlas_peering_access_list_comment='mine'), OPTIONS).comment == 'mine'
    long_name = dict(AZURE, atlas_peering_vnet_name='v' * 60, atlas_peering_resource_group_name='r' * 60)
    assert len(plan(long_name, OPTIONS).comment) == 80


# -- defaults, types, connection -------------------------------------------------------------------

def test_defaults_come_from_the_argument_spec_and_none_means_unset():
    the_plan = plan(dict(AWS, atlas_peering_wait=None, atlas_peering_state=None), OPTIONS)
    assert the_plan.value('wait') is True and the_plan.value('wait_timeout') == 900 and the_plan.state == 'present'
    assert the_plan.value('keep_container') is False and the_plan.value('aws_route_table_ids') == []


def test_types_are_the_argument_spec_s():
    the_plan = plan(dict(AWS, atlas_peering_wait='no', atlas_peering_wait_timeout='60'), OPTIONS)
    assert the_plan.value('wait') is False and the_plan.value('wait_timeout') == 60
    assert 'atlas_peering_wait_timeout' in ' '.join(problems_of(dict(AWS, atlas_peering_wait_timeout='soon')))


def test_the_role_s_connection_variables_win_over_module_defaults():
    defaults = dict(base_url='https://play.example', group_id='b' * 24, public_key='play', request_timeout=9,
                    wait=True, entries=[])
    the_plan = plan(dict(AWS, atlas_peering_project_id='a' * 24, atlas_peering_public_key='role'), OPTIONS,
                    connection_defaults=defaults)
    args = the_plan.container_args()
    assert (args['project_id'], args['public_key'], args['base_url'], args['request_timeout']) == (
        'a' * 24, 'role', 'https://play.example', 9)
    assert 'group_id' not in args  # the alias the role's project_id replaces
    assert 'entries' not in args and args['wait_timeout'] == 900  # module_defaults keys other than the connection's


def test_a_credential_given_to_the_role_is_used_whole():
    # The play's service account would win over the role's API key if both reached the module (resolve_credentials).
    defaults = dict(client_id='play-sa', client_secret='play-secret', public_key='play-key', base_url='https://play.example')
    args = plan(dict(AWS, atlas_peering_public_key='role', atlas_peering_private_key='role-secret'), OPTIONS,
                connection_defaults=defaults).container_args()
    assert (args['public_key'], args['private_key'], args['base_url']) == ('role', 'role-secret', 'https://play.example')
    assert 'client_id' not in args and 'client_secret' not in args
    # An empty variable is not set (as for the modules' credentials): the play's pair stays whole.
    args = plan(dict(AWS, atlas_peering_public_key='', atlas_peering_project_id=''), OPTIONS,
                connection_defaults=defaults).container_args()
    assert (args['client_id'], args['public_key']) == ('play-sa', 'play-key') and 'project_id' not in args


def test_without_connection_variables_the_modules_use_module_defaults_or_the_environment():
    assert set(plan(AWS, OPTIONS).container_args()) == {'provider_name', 'region', 'atlas_cidr_block', 'wait_timeout', 'state'}


# -- problems, in the role's words ------------------------------------------------------------------

INVALID = [
    ('missing vpc id', dict(AWS, atlas_peering_vpc_id=None), 'atlas_peering_vpc_id is required for AWS peerings'),
    ('malformed vpc id', dict(AWS, atlas_peering_vpc_id='vpc-123'),
     "atlas_peering_vpc_id: 'vpc-123' is not valid: must be an AWS VPC id"),
    ('malformed account', dict(AWS, atlas_peering_aws_account_id='12345'),
     "atlas_peering_aws_account_id: '12345' is not valid: must be an AWS account id of exactly 12 digits"),
    ('missing region', dict(AWS, atlas_peering_region=None), 'atlas_peering_region is required for AWS containers'),
    ('unknown region', dict(AWS, atlas_peering_region='MARS_1'), "atlas_peering_region: 'MARS_1' is not a known AWS container"),
    ('missing vnet', dict(AZURE, atlas_peering_vnet_name=None), 'atlas_peering_vnet_name is required for AZURE peerings'),
    ('malformed subscription', dict(AZURE, atlas_peering_azure_subscription_id='not-a-uuid'),
     "atlas_peering_azure_subscription_id: 'not-a-uuid' is not valid: must be a UUID"),
    ('missing network', dict(GCP, atlas_peering_network_name=None), 'atlas_peering_network_name is required for GCP peerings'),
    ('variable of another provider', dict(AWS, atlas_peering_gcp_project_id='my-gcp-project'),
     'atlas_peering_gcp_project_id is only for GCP peerings, but atlas_peering_provider is AWS'),
    ('aws variable for azure', dict(AZURE, atlas_peering_vpc_id='vpc-0123456789abcdef0'),
     'atlas_peering_vpc_id is only for AWS peerings, but atlas_peering_provider is AZURE'),
    ('region for gcp', dict(GCP, atlas_peering_region='US_EAST_1'),
     'atlas_peering_region is not used for GCP containers; use atlas_peering_gcp_regions (a list)'),
    ('gcp regions for aws', dict(AWS, atlas_peering_gcp_regions=['EASTERN_US']),
     'atlas_peering_gcp_regions is only for GCP containers; AWS uses atlas_peering_region'),
    ('non-canonical cidr', dict(AWS, atlas_peering_atlas_cidr_block='192.168.248.1/21'),
     "atlas_peering_atlas_cidr_block: '192.168.248.1/21' has host bits set; its canonical form is 192.168.248.0/21"),
    ('public cidr', dict(AWS, atlas_peering_atlas_cidr_block='8.8.0.0/21'),
     'atlas_peering_atlas_cidr_block: 8.8.0.0/21 must be inside an RFC 1918 private range'),
    ('malformed access list cidr', dict(AWS, atlas_peering_access_list=['10.0.0.0/16', '10.0.0.0/33']),
     "atlas_peering_access_list[1]: '10.0.0.0/33' is not a valid CIDR block"),
    ('the same entry twice', dict(AWS, atlas_peering_access_list=['10.0.0.0/8', '10.0.0.0/8']),
     'atlas_peering_access_list[1]: 10.0.0.0/8 is the same entry as atlas_peering_access_list[0]'),
    ('long comment', dict(AWS, atlas_peering_access_list_comment='x' * 81),
     'atlas_peering_access_list_comment: is 81 characters long; Atlas allows at most 80'),
    ('bad project id', dict(AWS, atlas_peering_project_id='not-a-project'),
     "atlas_peering_project_id: 'not-a-project' is not an Atlas project id"),
    ('zero wait timeout', dict(AWS, atlas_peering_wait_timeout=0),
     'atlas_peering_wait_timeout: must be greater than 0 seconds, got 0'),
    ('aws accept for gcp', dict(GCP, atlas_peering_aws_accept=True), 'atlas_peering_aws_accept: only for provider AWS, not GCP.'),
    ('bad route table id', dict(AWS, atlas_peering_aws_accept=True, atlas_peering_aws_route_table_ids=['rtb-nope']),
     "atlas_peering_aws_route_table_ids: rtb-nope is not an AWS route table id ('rtb-' and 8 or 17"),
    ('route tables without the accept', dict(AWS, atlas_peering_aws_route_table_ids=['rtb-0123abcd']),
     'atlas_peering_aws_route_table_ids: only used with atlas_peering_aws_accept: true'),
    ('unknown aws region', dict(AWS, atlas_peering_aws_region='mars-1'), "atlas_peering_aws_region: 'mars-1' is not a known AWS region"),
    ('unknown provider', dict(AWS, atlas_peering_provider='OCI'), 'atlas_peering_provider must be one of: AWS, AZURE, GCP, got: OCI'),
]


@pytest.mark.parametrize('variables, message', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_each_problem_names_the_role_variable(variables, message):
    problems = problems_of(variables)
    assert any(message in problem for problem in problems), problems
    assert all('option ' not in problem for problem in problems), problems


def test_one_problem_per_variable_and_every_variable_reported():
    problems = problems_of(dict(AWS, atlas_peering_region=None, atlas_peering_vpc_id='vpc-1',
                                atlas_peering_access_list=['10.0.0.0/33', '10.1.0.0/33']))
    # the region is missing for the container and (as the accepter region) for the peering: said once
    assert len([problem for problem in problems if problem.startswith('atlas_peering_region')]) == 1
    assert [problem.split(':')[0].split(' ')[0] for problem in problems] == [
        'atlas_peering_region', 'atlas_peering_vpc_id', 'atlas_peering_access_list[0]', 'atlas_peering_access_list[1]']


def test_the_rule_is_the_module_s_own(monkeypatch):
    """The plan has no copy of a module's rule: give the module's model another rule and the role follows."""
    def refuse(value):
        raise ValueError('%r is not allowed by the module today' % value)

    class StricterRules(network_peering.PeeringRules):
        _refuse_vpc = option_rule('vpc_id', refuse)

    stricter = options_model('StricterPeeringOptions', network_peering.ARGUMENT_SPEC, StricterRules)
    monkeypatch.setitem(_peering_plan.MODELS, 'network_peering', (network_peering, stricter))
    assert problems_of(AWS) == ["atlas_peering_vpc_id: 'vpc-0123456789abcdef0' is not allowed by the module today"]


def test_messages_of_the_module_become_the_role_s():
    names = {'region': 'atlas_peering_region', 'regions': 'atlas_peering_gcp_regions', 'entries': 'atlas_peering_access_list',
             'provider_name': 'atlas_peering_provider'}
    assert role_words("option 'regions' is only for GCP containers; AWS uses 'region'", names) == (
        'atlas_peering_gcp_regions is only for GCP containers; AWS uses atlas_peering_region')
    assert role_words('value of provider_name must be one of: AWS', names) == 'value of atlas_peering_provider must be one of: AWS'
    assert role_words("option 'entries[2]': set exactly one", names) == 'atlas_peering_access_list[2]: set exactly one'
    assert role_words("'us_east' is not a region", names) == "'us_east' is not a region"  # values stay
    assert role_name('entries[1].comment', names) == 'atlas_peering_access_list_comment'
    assert role_name('entries[1].cidr_block', names) == 'atlas_peering_access_list[1]'
    assert role_name('unknown_option', names) == 'unknown_option'


def test_pydantic_errors_in_the_role_s_words():
    with pytest.raises(ValidationError) as info:
        network_peering.PeeringOptions(provider_name='AWS', container_id='x', vpc_id='vpc-1', aws_account_id='1',
                                       state='absent', wait=False, wait_timeout=1)
    problems = error_problems(info.value, {'container_id': 'the container', 'vpc_id': 'atlas_peering_vpc_id',
                                           'aws_account_id': 'atlas_peering_aws_account_id'})
    assert [problem.split(':')[0] for problem in problems] == [
        'the container', 'atlas_peering_vpc_id', 'atlas_peering_aws_account_id']
