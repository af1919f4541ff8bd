# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The option_problems filter: a module's own argument spec and rules, run on a role's values without a request,
each problem naming the module, the option and the role variable."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.atlasops.networking.plugins.filter.option_problems import FilterModule, option_problems

VARIABLES = {'region': 'my_region', 'provider_name': 'my_provider', 'endpoints': 'my_endpoints',
             'supported_remote_regions': 'my_remote_regions', 'project_id': 'my_project'}
SERVICE = {'provider_name': 'AWS', 'region': 'us-east-1'}


def test_the_filter_is_exported():
    assert FilterModule().filters()['option_problems'] is option_problems


def test_good_options_have_no_problem():
    assert option_problems({'private_endpoint_service': SERVICE,
                            'private_endpoint': dict(SERVICE, endpoint_id='vpce-0a1b2c3d4e5f60718')}, VARIABLES) == []


@pytest.mark.parametrize('module,options,words', [
    # the module's rules (pydantic), with the variable named next to the option
    ('private_endpoint_service', dict(SERVICE, region='europe-west1'),
     "private_endpoint_service: option 'region' (my_region): 'europe-west1' is not a known AWS region"),
    ('private_endpoint_service', dict(SERVICE, supported_remote_regions=['us-east-1']),
     "option 'supported_remote_regions[0]' (my_remote_regions): us-east-1 is the service's own region"),
    ('private_endpoint', dict(provider_name='GCP', region='us-central1', endpoint_group_name='g',
                              gcp_project_id='my-app-project', endpoints=[{'endpoint_name': 'A', 'ip_address': '10.0.0.1'}]),
     "option 'endpoints[0].endpoint_name' (my_endpoints): 'A' is not a Google Cloud resource name"),
    # the argument spec (ansible-core's own messages name options bare)
    ('private_endpoint_service', dict(SERVICE, provider_name='aws'),
     'value of provider_name (my_provider) must be one of: AWS, AZURE, GCP, got: aws'),
    ('private_endpoint_service', {'provider_name': 'AWS'}, 'missing required arguments: region (my_region)'),
    ('private_endpoint_regional_mode', {'enabled': 'perhaps'}, "argument 'enabled' is of type str"),
    # shared options are checked when given
    ('private_endpoint_service', dict(SERVICE, project_id='nope'), "option 'project_id' (my_project): 'nope' is not an Atlas project id"),
])
def test_problems_name_module_option_and_variable(module, options, words):
    problems = option_problems({module: options}, VARIABLES)
    assert len(problems) == 1
    assert words in problems[0]


def test_a_variable_is_not_named_inside_prose():
    problem = option_problems({'private_endpoint_service': dict(SERVICE, region='tokyo')}, VARIABLES)[0]
    assert problem.count('(my_region)') == 1   # 'region' in "is not a known AWS region" stays as it is


def test_every_module_is_checked_at_once():
    problems = option_problems({'private_endpoint_service': dict(SERVICE, region='tokyo'),
                                'private_endpoint': dict(SERVICE, endpoint_id='vpce-1')}, VARIABLES)
    assert [problem.split(':')[0] for problem in problems] == ['private_endpoint_service', 'private_endpoint']


def test_absent_ignores_what_only_a_creation_uses():
    assert option_problems({'private_endpoint_service': dict(SERVICE, state='absent', port_mapping_enabled=True)}) == []


def test_without_variables_the_options_are_named():
    assert option_problems({'private_endpoint_service': dict(SERVICE, region='tokyo')})[0].startswith(
        "private_endpoint_service: option 'region': 'tokyo'")


@pytest.mark.parametrize('value,words', [
    ({'no_such_module': {}}, 'has no module no_such_module'),
    (['private_endpoint_service'], 'expects a mapping'),
])
def test_misuse_is_a_filter_error(value, words):
    with pytest.raises(AnsibleFilterError) as caught:
        option_problems(value)
    assert words in str(caught.value)
