# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Ad-hoc use: `ansible localhost -m atlasops.networking.<module> -a ...` with credentials from
the environment, from the installed tarball; a failing call says what is wrong."""

from __future__ import annotations

import json
import re

import pytest

from conftest import PRIVATE_KEY, run, tool


def _adhoc(sim, ansible_env, module, args, cred_env, check=True, extra=()):
    env = dict(ansible_env, **cred_env)
    return run([tool('ansible'), 'localhost', '-m', 'atlasops.networking.%s' % module, '-a', args] + list(extra),
               env=env, cwd=ansible_env['ANSIBLE_COLLECTIONS_PATH'], check=check)


def _result(stdout):
    """The JSON after 'localhost | STATUS => '."""
    # ansible-core 2.19+ prints an "[ERROR]: Task failed: ..." summary before a failed result
    match = re.search(r'^(localhost \| [A-Z!]+) => (\{.*)', stdout, re.M | re.S)
    assert match, stdout
    return match.group(1), json.loads(match.group(2))


@pytest.mark.parametrize('variant', ['api_key', 'service_account'])
def test_adhoc_peering_info(sim, ansible_env, variant):
    project = sim.new_project()
    cred = sim.api_key_env() if variant == 'api_key' else sim.service_account_env()
    # a peering to list: container + peering through ad-hoc calls as well
    proc = _adhoc(sim, ansible_env, 'network_container',
                  'project_id=%s provider_name=GCP atlas_cidr_block=10.8.0.0/18' % project, cred)
    status, container = _result(proc.stdout)
    assert status == 'localhost | CHANGED'
    proc = _adhoc(sim, ansible_env, 'network_peering',
                  'project_id=%s provider_name=GCP container_id=%s gcp_project_id=my-gcp-project network_name=my-network'
                  % (project, container['container']['id']), cred)
    assert _result(proc.stdout)[0] == 'localhost | CHANGED'

    proc = _adhoc(sim, ansible_env, 'network_peering_info', 'project_id=%s' % project, cred)
    status, body = _result(proc.stdout)
    assert status == 'localhost | SUCCESS'
    assert body['changed'] is False
    assert [(p['provider_name'], p['network_name']) for p in body['peerings']] == [('GCP', 'my-network')]
    # project_id from the environment as well (MONGODB_ATLAS_PROJECT_ID), no -a at all but the module name
    env = dict(cred, MONGODB_ATLAS_PROJECT_ID=project)
    proc = _adhoc(sim, ansible_env, 'network_peering_info', 'provider_name=GCP', env)
    assert len(_result(proc.stdout)[1]['peerings']) == 1
    # the info module wrote nothing: the only writes are the two creates
    assert [w['method'] for w in sim.writes(project)] == ['POST', 'POST']


def test_adhoc_failures_are_clear(sim, ansible_env):
    project = sim.new_project()
    before = len(sim.requests(project))

    # no credentials at all
    proc = _adhoc(sim, ansible_env, 'network_peering_info', 'project_id=%s' % project,
                  {'MONGODB_ATLAS_BASE_URL': sim.url}, check=False)
    status, body = _result(proc.stdout)
    assert proc.returncode != 0 and status == 'localhost | FAILED!'
    print('no credentials ->', body['msg'])
    assert 'public_key' in body['msg'] and 'client_id' in body['msg']
    assert 'MONGODB_ATLAS_' in body['msg']

    # an invalid option value: the message names the option, nothing is sent
    proc = _adhoc(sim, ansible_env, 'network_peering_info', 'project_id=not-a-project', sim.api_key_env(),
                  check=False)
    status, body = _result(proc.stdout)
    print('bad project_id ->', body['msg'])
    assert status == 'localhost | FAILED!' and 'project_id' in body['msg']

    # a wrong key: Atlas's 401 is reported as such, the key itself is not shown
    bad = dict(sim.api_key_env(), MONGODB_ATLAS_PRIVATE_API_KEY='wrong-private-key')
    proc = _adhoc(sim, ansible_env, 'network_peering_info', 'project_id=%s' % project, bad, check=False)
    status, body = _result(proc.stdout)
    print('wrong key ->', body['msg'])
    assert status == 'localhost | FAILED!' and '401' in body['msg']
    assert 'wrong-private-key' not in proc.stdout + proc.stderr and PRIVATE_KEY not in proc.stdout + proc.stderr
    assert len(sim.requests(project)) - before <= 3  # no retry storm on a 401
