# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Credentials: wrong keys fail fast with a clear 401 and no retry storm; an expired service
account token is refreshed once; secrets never appear in any output (-vvvv, failures, diff)."""

from __future__ import annotations

import json
import os
import stat

from conftest import CLIENT_ID, CLIENT_SECRET, PLAYBOOKS, PUBLIC_KEY, write_vars

PRIVATE_KEY = 'prv-7c1e0f3a-9b2d-4f6e-8a5c-1d2e3f4a5b6c'
SECRET = 'mdb_sa_sk_Q2hhbmdlTWVQbGVhc2UxMjM0NTY3ODkw'
WRONG_PRIVATE_KEY = 'wrong-prv-5e4d3c2b-1a09-4f8e-b7c6-d5e4f3a2b1c0'
WRONG_SECRET = 'mdb_sa_sk_V3JvbmdTZWNyZXRXcm9uZ1NlY3JldA'


def adhoc_args(sim, project, **options):
    return json.dumps(dict(options, base_url=sim.url, project_id=project))


def test_wrong_private_key_fails_fast_with_one_challenge_and_one_attempt(shared_sim, ansible):
    project = shared_sim.new_project()
    run = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.network_container_info', '-a',
                  adhoc_args(shared_sim, project, public_key=PUBLIC_KEY, private_key='not-the-key', max_retries=5))
    assert run.rc != 0, run
    assert 'Atlas API 401' in run.stdout, run
    assert 'not-the-key' not in run.output
    log = shared_sim.requests(project)
    # The Digest challenge and one answer to it: no retry of a 401, whatever max_retries says.
    assert [entry['status'] for entry in log] == [401, 401], log


def test_wrong_client_secret_fails_after_one_token_request(shared_sim, ansible):
    project = shared_sim.new_project()
    tokens_before = len(shared_sim.token_requests())
    run = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.network_peering_info', '-a',
                  adhoc_args(shared_sim, project, client_id='mdb_sa_id_nobody', client_secret='wrong', max_retries=5))
    assert run.rc != 0, run
    assert '401' in run.stdout and 'invalid_client' in run.stdout, run
    token_requests = shared_sim.token_requests()[tokens_before:]
    assert [entry['status'] for entry in token_requests] == [401], token_requests
    assert shared_sim.requests(project) == []


def test_expired_token_is_refreshed_once(shared_sim, ansible):
    project = shared_sim.new_project()
    args = adhoc_args(shared_sim, project, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    tokens_before = len(shared_sim.token_requests())
    first = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.access_list_info', '-a', args)
    assert first.rc == 0, first
    assert len(shared_sim.token_requests()) - tokens_before == 1

    # The cached token is still valid on the controller's clock, but Atlas's clock says it expired.
    shared_sim.control('POST', '/_sim/clock/advance', {'seconds': 4000})
    second = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.access_list_info', '-a', args)
    assert second.rc == 0, second
    new_tokens = shared_sim.token_requests()[tokens_before:]
    assert [entry['status'] for entry in new_tokens] == [200, 200], new_tokens
    statuses = [entry['status'] for entry in shared_sim.requests(project)]
    # first run: one GET; second run: the expired token's 401, then the same GET with the new token
    assert statuses == [200, 401, 200], statuses
    third = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.access_list_info', '-a', args)
    assert third.rc == 0, third
    assert len(shared_sim.token_requests()) - tokens_before == 2  # the refreshed token was cached


def test_secrets_never_appear_in_any_output(start_sim, ansible, tmp_path):
    sim = start_sim('--transition-seconds', '1', '--private-key', PRIVATE_KEY, '--client-secret', SECRET)
    project = sim.new_project()
    extra = write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                       atlas_public_key=PUBLIC_KEY, atlas_private_key=PRIVATE_KEY, atlas_client_id=CLIENT_ID,
                       atlas_client_secret=SECRET, wrong_private_key=WRONG_PRIVATE_KEY,
                       wrong_client_secret=WRONG_SECRET)
    run = ansible('playbook', PLAYBOOKS / 'secrets.yml', '-vvvv', '--diff', '-e', extra)
    assert run.rc == 0, run
    (ansible.token_dir.parent / 'secrets-run.log').write_text(run.output)
    recap = run.recap['localhost']
    assert (recap['changed'], recap['ignored'], recap['failed']) == (1, 4, 0), run
    # The failures really happened and say why.
    assert 'Atlas API 401' in run.stdout and 'invalid_client' in run.stdout, run
    assert "option 'region'" in run.stdout, run

    cache_files = sorted(p for p in ansible.token_dir.iterdir() if p.name.endswith('.json'))
    assert len(cache_files) == 1, list(ansible.token_dir.iterdir())
    cache_text = cache_files[0].read_text()
    token = json.loads(cache_text)['access_token']
    assert len(token) > 20
    for secret in (PRIVATE_KEY, SECRET, WRONG_PRIVATE_KEY, WRONG_SECRET):
        assert secret not in cache_text
    for name, secret in (('private key', PRIVATE_KEY), ('client secret', SECRET), ('wrong private key', WRONG_PRIVATE_KEY),
                         ('wrong client secret', WRONG_SECRET), ('access token', token)):
        assert secret not in run.output, '%s leaked: ...%s...' % (
            name, run.output[max(0, run.output.index(secret) - 300):run.output.index(secret) + 100])
    # -vvvv really shows the module arguments (masked) and results.
    assert '"private_key": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in run.output, run
    assert stat.S_IMODE(os.stat(cache_files[0]).st_mode) == 0o600
