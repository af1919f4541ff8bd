# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Service account tokens: 50 module tasks (5 parallel hosts) fetch exactly one token while the
simulator enforces Atlas's 10 token requests a minute; the cache is private (0600 in 0700) and
holds no secret, and it expires before the token does."""

from __future__ import annotations

import json
import os
import stat
import time

from conftest import CLIENT_ID, CLIENT_SECRET, PLAYBOOKS, write_vars

HOSTS = 5
TASKS = 10


def test_fifty_module_tasks_fetch_one_token(start_sim, ansible, tmp_path):
    sim = start_sim('--transition-seconds', '1', '--token-rate-limit', '10', '--token-lifetime', '3600')
    project = sim.new_project()
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text(''.join('tokens%d ansible_connection=local\n' % i for i in range(HOSTS)))
    extra = write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                       atlas_client_id=CLIENT_ID, atlas_client_secret=CLIENT_SECRET)
    started = time.time()
    run = ansible('playbook', '-i', inventory, '--forks', str(HOSTS), PLAYBOOKS / 'tokens.yml', '-e', extra)
    assert run.rc == 0, run
    assert len(run.recap) == HOSTS
    assert all(host['ok'] == TASKS and host['failed'] == 0 for host in run.recap.values()), run
    assert HOSTS * TASKS == 50

    tokens = sim.token_requests()
    assert [entry['status'] for entry in tokens] == [200], tokens
    log = sim.requests(project)
    assert [entry for entry in log if entry['status'] == 401] == [], log  # no token was ever refused
    assert len(log) >= HOSTS * TASKS  # at least one request per module run, all with the one token

    directory = ansible.token_dir
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    files = sorted(path for path in directory.iterdir() if path.name.endswith('.json'))
    assert len(files) == 1, list(directory.iterdir())
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    entry = json.loads(files[0].read_text())
    assert sorted(entry) == ['access_token', 'expires_at']
    assert CLIENT_SECRET not in files[0].read_text()
    # The cache entry ends no later than the token (3600 s after it was fetched).
    assert started < entry['expires_at'] <= time.time() + 3600
    leftovers = [path.name for path in directory.iterdir() if path.name.startswith('.token-')]
    assert leftovers == []
    print('tokens: %d module runs, %d requests, %d token request(s), %.1fs' % (
        HOSTS * TASKS, len(log), len(tokens), run.elapsed))
