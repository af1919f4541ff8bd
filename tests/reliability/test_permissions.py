# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Permissions (issue 18.1): a write without the role fails at once naming the role, the project
and the credential (never the secret), whether Atlas answers 401 or 403, with nothing retried; a
read-only credential plans every module and role (their EXAMPLES and variables, in --check) with
zero writes. The modules and roles are discovered, so new ones are covered when they land; a
module whose reads need Project Owner (per the official OpenAPI x-rolesRequirements) must fail
with exactly the permission message."""

from __future__ import annotations

import re
import sys

import pytest
import yaml

from conftest import (
    PUBLIC_KEY,
    REPO,
    add_credentials,
    adhoc_result,
    credential_args,
    figure,
    requests_in_words,
    task_results,
    write_vars,
)

sys.path.insert(0, str(REPO / 'tests' / 'support'))
from examples import examples, families  # noqa: E402  pylint: disable=wrong-import-position
from prerequisites import set_up  # noqa: E402  pylint: disable=wrong-import-position

SPECS = [REPO.parent.parent / 'shared' / 'reference' / name for name in
         ('atlas-openapi-subset.yaml', 'atlas-openapi-privatelink.yaml', 'atlas-openapi-projects.yaml')]
READ_ONLY = {'api_key': ('ro-key', 'ro-private-key-2b7e91'), 'service_account': ('ro-sa', 'ro-sa-secret-c4d90a')}

# The variables of a plan of each role (roles/<role>), in check mode. A new role adds its entry here.
ROLE_PLANS = {
    'peering': dict(atlas_peering_provider='AWS', atlas_peering_region='US_EAST_1',
                    atlas_peering_atlas_cidr_block='192.168.248.0/21', atlas_peering_vpc_id='vpc-0123456789abcdef0',
                    atlas_peering_aws_account_id='123456789012', atlas_peering_route_table_cidr_block='10.10.0.0/16',
                    atlas_peering_wait=False),
    'private_endpoint': dict(private_endpoint_provider='AWS', private_endpoint_region='US_EAST_1',
                             private_endpoint_endpoint_id='vpce-0123456789abcdef0'),
}
# The prefix of a role's variables, where it is not atlas_<role>_.
ROLE_VARIABLE_PREFIXES = {'private_endpoint': 'private_endpoint_'}


def role_variable(role, name):
    return ROLE_VARIABLE_PREFIXES.get(role, 'atlas_%s_' % role) + name


def read_only_credential(sim, kind):
    name, secret = READ_ONLY[kind]
    add_credentials(sim, name, secret, kind, [{'org_id': sim.health['default_org'], 'role': 'ORG_READ_ONLY'}])
    return name, secret


def owner_reads():
    """Regular expressions of the GET paths whose official roles requirement is Project Owner."""
    patterns = []
    for spec_path in SPECS:
        if not spec_path.exists():
            pytest.skip('the official OpenAPI descriptions are not in %s' % spec_path.parent)
        spec = yaml.safe_load(spec_path.read_text())
        for path, operations in spec['paths'].items():
            if operations.get('get', {}).get('x-rolesRequirements') == ['Project Owner']:
                patterns.append(re.compile('^%s$' % re.sub(r'\{[^}]+\}', '[^/]+', path)))
    return patterns


# -- a write without the role ---------------------------------------------------------------------

@pytest.mark.parametrize('kind', ['api_key', 'service_account'])
@pytest.mark.parametrize('status', [401, 403])
def test_a_write_without_the_role_fails_at_once_naming_it(shared_sim, ansible, status, kind):
    sim = shared_sim
    sim.control('POST', '/_sim/settings', {'permission_denied_status': status})
    try:
        name, secret = read_only_credential(sim, kind)
        project = sim.new_project()
        tokens_before = len(sim.token_requests())
        run = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.network_container', '-a', json_args(
            base_url=sim.url, project_id=project, provider_name='AWS', region='US_EAST_1',
            atlas_cidr_block='192.168.248.0/21', **credential_args(kind, name, secret)))
    finally:
        sim.control('DELETE', '/_sim/settings')
    result = adhoc_result(run)
    log = sim.requests(project)
    message = result['msg']
    assert run.rc != 0, run
    assert 'Atlas API %d USER_UNAUTHORIZED' % status in message
    assert 'needs Project Owner on project %s' % project in message
    words = "API key with public key '%s'" if kind == 'api_key' else "service account with client id '%s'"
    assert words % name in message
    assert 'nothing was retried' in message
    assert secret not in run.output
    assert result['changed'] is False
    # one lookup, one refused POST: not retried, no second token (a role does not come with a new token)
    writes = [entry for entry in log if entry['method'] != 'GET']
    assert [(entry['method'], entry['status']) for entry in writes] == [('POST', status)], log
    if kind == 'service_account':
        assert len(sim.token_requests()) - tokens_before == 1
    figure('18.1 permissions', '%s, status %d: failed; requests: %s; message: %s' % (
        kind, status, requests_in_words(log), message))


def json_args(**args):
    import json
    return json.dumps(args)


# -- a plan with a read-only credential -------------------------------------------------------------

def _setup_tasks(tasks):
    """The EXAMPLES without their deletions, so that the plan afterwards finds everything in place."""
    return [task for task in tasks
            if not any(isinstance(args, dict) and args.get('state') == 'absent' for args in task.values())]


def _playbook(path, title, tasks):
    path.write_text(yaml.safe_dump([{'name': title, 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}],
                                   sort_keys=False))
    return path


@pytest.mark.parametrize('family', families(REPO), ids=lambda family: family[0])
def test_a_read_only_credential_plans_every_module_with_zero_writes(start_sim, ansible, tmp_path, family):
    sim = start_sim('--transition-seconds', '0')
    name, secret = read_only_credential(sim, 'service_account')
    owner_get = owner_reads()
    owner_env = {'MONGODB_ATLAS_BASE_URL': sim.url, 'MONGODB_ATLAS_PUBLIC_API_KEY': PUBLIC_KEY,
                 'MONGODB_ATLAS_PRIVATE_API_KEY': sim.private_key}
    read_only_env = {'MONGODB_ATLAS_BASE_URL': sim.url, 'MONGODB_ATLAS_CLIENT_ID': name,
                     'MONGODB_ATLAS_CLIENT_SECRET': secret}
    project = sim.new_project()
    set_up(sim, family, project)  # what a user sets up in Atlas before the EXAMPLES can work
    tasks = [task for module in family for task in yaml.safe_load(examples(REPO, module))]
    setup = ansible('playbook', _playbook(tmp_path / 'setup.yml', 'set up %s' % family[0], _setup_tasks(tasks)),
                    '-e', 'atlas_project_id=%s' % project, extra_env=owner_env)
    assert setup.rc == 0, setup
    before = len(sim.requests(project))

    plan = ansible('playbook', _playbook(tmp_path / 'plan.yml', 'plan %s' % family[0], tasks), '--check',
                   '-e', 'atlas_project_id=%s' % project, extra_env=read_only_env)
    log = sim.requests(project)[before:]
    results = task_results(plan.stdout)
    refused = [entry for entry in log if entry['status'] in (401, 403)]
    assert [entry for entry in log if entry['method'] != 'GET'] == [], (family, log)  # zero writes
    assert secret not in plan.output
    if not refused:
        assert plan.rc == 0, plan
        assert all(status in ('ok', 'changed', 'skipping') for _name, status, _result in results), results
        outcome = 'ok, %d tasks' % len(results)
    else:
        # Only a read whose official requirement is Project Owner may be refused, once, and the
        # task says exactly that.
        assert [entry['method'] for entry in refused] == ['GET'], refused
        assert any(pattern.match(refused[0]['path']) for pattern in owner_get), refused
        failures = [result for _name, status, result in results if status in ('fatal', 'failed')]
        assert len(failures) == 1, results
        message = failures[0]['msg']
        assert 'needs Project Owner on project %s' % project in message, message
        assert "the service account with client id '%s'" % name in message.lower(), message
        assert 'nothing was retried' in message
        outcome = 'failed as expected (reads need Project Owner): %s' % message
    figure('18.1 read-only plan', '%s: %s; requests: %s' % (' + '.join(family), outcome, requests_in_words(log)))
    # the read-only service account fetched one token for the plan: a refused read never made the
    # client throw its token away
    assert len([entry for entry in sim.token_requests() if entry['status'] == 200]) == 1


@pytest.mark.parametrize('role', sorted(path.name for path in (REPO / 'roles').iterdir() if path.is_dir()))
def test_a_read_only_credential_plans_every_role_with_zero_writes(start_sim, ansible, tmp_path, role):
    assert role in ROLE_PLANS, 'add the variables of a plan of the role %s to ROLE_PLANS' % role
    sim = start_sim('--transition-seconds', '0')
    name, secret = read_only_credential(sim, 'service_account')
    project = sim.new_project()
    playbook = tmp_path / 'role.yml'
    playbook.write_text(yaml.safe_dump([{
        'name': 'the role %s' % role, 'hosts': 'localhost', 'gather_facts': False,
        'tasks': [{'name': 'Run the role', 'ansible.builtin.include_role': {'name': 'atlasops.networking.%s' % role},
                   'vars': dict(ROLE_PLANS[role], **{role_variable(role, 'base_url'): sim.url,
                                                     role_variable(role, 'project_id'): project})}],
    }], sort_keys=False))
    owner = write_vars(tmp_path / 'owner.json', **{role_variable(role, 'public_key'): PUBLIC_KEY,
                                                   role_variable(role, 'private_key'): sim.private_key})
    read_only = write_vars(tmp_path / 'read_only.json', **{role_variable(role, 'client_id'): name,
                                                           role_variable(role, 'client_secret'): secret})
    outcomes = []
    for moment in ('empty project', 'after an apply'):
        if moment == 'after an apply':
            applied = ansible('playbook', playbook, '-e', owner)
            assert applied.rc == 0, applied
        before = len(sim.requests(project))
        plan = ansible('playbook', playbook, '--check', '-e', read_only)
        log = sim.requests(project)[before:]
        assert plan.rc == 0, plan
        assert [entry for entry in log if entry['method'] != 'GET'] == [], log
        assert secret not in plan.output
        outcomes.append('%s: ok (changed=%d); requests: %s' % (moment, plan.total('changed'), requests_in_words(log)))
    figure('18.1 read-only plan', 'role %s: %s' % (role, '; '.join(outcomes)))
