# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The organization's API access list (issue 18.2): a controller whose address is not on it fails
at once with 403 IP_ADDRESS_NOT_ON_ACCESS_LIST, and the message says so with the address Atlas
reports; also for a service account, whose token can be created from anywhere. Nothing is retried."""

from __future__ import annotations

import json

import pytest

from conftest import CLIENT_ID, CLIENT_SECRET, PUBLIC_KEY, adhoc_result, credential_args, figure, requests_in_words

CONTROLLER_ADDRESS = '203.0.113.9'  # what the simulator reports as the caller's address
ALLOWED = ['192.0.2.0/24']


@pytest.mark.parametrize('kind', ['api_key', 'service_account'])
def test_a_controller_off_the_api_access_list_is_told_so(start_sim, ansible, kind):
    sim = start_sim('--transition-seconds', '0', '--client-address', CONTROLLER_ADDRESS)
    sim.control('POST', '/_sim/orgs/%s/api_access_list' % sim.health['default_org'], {'entries': ALLOWED})
    project = sim.new_project()
    name, secret = (PUBLIC_KEY, sim.private_key) if kind == 'api_key' else (CLIENT_ID, CLIENT_SECRET)

    run = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.network_peering_info', '-a', json.dumps(dict(
        base_url=sim.url, project_id=project, max_retries=5, **credential_args(kind, name, secret))))

    result = adhoc_result(run)
    message = result['msg']
    log = sim.requests(project)
    assert run.rc != 0, run
    assert message.startswith('Atlas API 403 IP_ADDRESS_NOT_ON_ACCESS_LIST')
    assert "The controller's address as Atlas sees it, %s, is not on the API access list of the organization of" \
           % CONTROLLER_ADDRESS in message
    assert ("API key with public key '%s'" if kind == 'api_key' else "service account with client id '%s'") % name \
        in message
    assert secret not in run.output
    refused = [entry for entry in log if entry['status'] == 403]
    assert len(refused) == 1, log  # not retried, whatever max_retries says
    if kind == 'service_account':
        assert [entry['status'] for entry in sim.token_requests()] == [200]  # one token, never thrown away
    figure('18.2 API access list', '%s: failed; requests: %s%s; message: %s' % (
        kind, 'token 200, ' if kind == 'service_account' else '', requests_in_words(log), message))
