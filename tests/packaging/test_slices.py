# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A sliced job template as AWX runs it (issue 16), small form: the atlas_projects inventory source
synced once, then the peering role over its 40 projects in 4 slices started at the same time, each an
ansible-runner job with its own private data dir, home and token cache and the environment of the
"MongoDB Atlas" credential type (docs/awx.md), against a simulator with the per-project rate limit on.

Atlas allows 10 token requests a minute per service account, and each slice fetches one token (its own
home, its own token cache). Whether 10 slices and the inventory update meet that limit depends on how
soon the slices reach their first Atlas task, so this form makes the refusal certain: 4 slices against a
limit of 3 (``--token-rate-limit 3``). At least one slice gets 429 for its token and waits for
``Retry-After`` (up to a minute; two slices when the update's token is still counted), and no job may
fail for it. The 200-project form with 4 and 10 slices against the real limit is benchmarks/slices.py
(figures in benchmarks/README.md); the emulation itself is tests/support/awx_slices.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import BIN, CLIENT_SECRET, PRIVATE_KEY, Sim, report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'support'))
import awx_slices  # noqa: E402  pylint: disable=wrong-import-position

pytest.importorskip('ansible_runner')

PROJECTS = 40
SLICES = 4
FORKS = 10
TOKEN_RATE_LIMIT = SLICES - 1  # token requests a minute: one slice too many, whatever the timing
RATE_LIMIT = 7  # requests a minute per project: the role's 8 first-run requests meet it when they come quickly
ROUTE_TABLE_CIDR = awx_slices.ROUTE_TABLE_CIDR


@pytest.fixture(scope='module')
def fleet_sim(session_tmp):
    server = Sim(session_tmp / 'atlas-sim-slices.log', '--transition-seconds', '0', '--rate-limit', str(RATE_LIMIT),
                 '--token-rate-limit', str(TOKEN_RATE_LIMIT))
    yield server
    server.stop()


def _seed(sim):
    projects = [{'name': 'fleet-%02d' % n, 'org_name': 'fleet-east' if n % 4 else 'fleet-west',
                 'tags': {'env': 'prod' if n % 2 else 'dev'}} for n in range(PROJECTS)]
    created = sim.control('POST', '/_sim/projects', {'projects': projects})['projects']
    return dict((project['name'], project['id']) for project in created)


def _sliced_run(sim, root, data, envvars, label):
    sim.control('POST', '/_sim/clock/advance', {'seconds': 61})  # earlier tokens leave the one-minute window
    sim.control('DELETE', '/_sim/requests')
    results, jobs, wall = awx_slices.launch(BIN, root, data, SLICES, awx_slices.PEERING_PLAYBOOK, envvars, FORKS, label,
                                            timeout=900)
    for result in results:
        print('%s slice %s: %s rc=%s %.1fs, %d hosts, %d changed tasks, token retries %d, API 429 retries %d%s' % (
            label, result['slice'], result['status'], result['rc'], result['wall_seconds'], len(result['hosts_run']),
            result['changed_tasks'], result['token_retries'], result['api_429_retries'],
            '\n' + result['stdout_tail'] if result['stdout_tail'] else ''))
    return results, jobs, wall, sim.requests()


def test_sliced_job_template(fleet_sim, installed, tmp_path):
    ids = _seed(fleet_sim)
    project = tmp_path / 'awx-project'
    (project / 'inventory').mkdir(parents=True)
    source = project / 'inventory' / 'fleet.atlas_projects.yml'
    source.write_text(awx_slices.inventory_source(['fleet-east', 'fleet-west']))
    injected = fleet_sim.service_account_env()  # the credential type's injectors: API key and project left empty
    settings = {'ANSIBLE_COLLECTIONS_PATH': str(installed), 'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
                'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_PYTHON_INTERPRETER': sys.executable}

    # the inventory update, with the credential attached to the source
    fleet_sim.control('DELETE', '/_sim/requests')
    data, sync = awx_slices.sync_inventory(BIN, tmp_path / 'inventory-update', source, injected, settings)
    hosts = awx_slices.inventory_hosts(data)
    assert hosts == sorted(ids)
    assert len(data['env_prod']['hosts']) == PROJECTS // 2
    assert awx_slices.token_requests(fleet_sim.requests()) == {'200': 1}

    # AWX's assignment: slice k of N gets every N-th host by name, from the k-th
    assert awx_slices.slice_hosts(data, 2, SLICES) == ['fleet-01', 'fleet-05', 'fleet-09', 'fleet-13', 'fleet-17',
                                                       'fleet-21', 'fleet-25', 'fleet-29', 'fleet-33', 'fleet-37']
    envvars = dict(injected, **settings)

    first, jobs, wall, log = _sliced_run(fleet_sim, tmp_path / 'jobs', data, envvars, 'first')
    assert [r['status'] for r in first] == ['successful'] * SLICES, [r['failures'] or r['stdout_tail'] for r in first]
    assert [r['hosts_run'] for r in first] == [awx_slices.slice_hosts(data, n, SLICES) for n in range(1, SLICES + 1)]
    assert awx_slices.overlap_problems(first, data) == []
    assert not any(r['failed_hosts'] for r in first)
    assert sum(len(r['changed_hosts']) for r in first) == PROJECTS
    state = fleet_sim.control('GET', '/_sim/state')
    assert awx_slices.peering_problems(state, list(ids.values()), ROUTE_TABLE_CIDR) == []

    # one token per slice, each its own (separate homes), and the slice refused by the token limit waited
    tokens = [r['tokens_cached'] for r in first]
    assert all(len(cached) == 1 for cached in tokens) and len(set(t[0] for t in tokens)) == SLICES
    token_log = awx_slices.token_requests(log)
    assert token_log.get('200') == SLICES
    assert token_log.get('429', 0) >= 1 and sum(r['token_retries'] for r in first) >= 1
    # how often the per-project limit answered 429 depends on how fast the slices ran: reported, not asserted
    per_project = awx_slices.requests_per_project(log, list(ids.values()))

    second, jobs2, wall2, log2 = _sliced_run(fleet_sim, tmp_path / 'jobs', data, envvars, 'second')
    assert [r['status'] for r in second] == ['successful'] * SLICES, [r['failures'] or r['stdout_tail'] for r in second]
    assert sum(r['changed_tasks'] for r in second) == 0
    assert awx_slices.overlap_problems(second, data) == []
    assert awx_slices.peering_problems(fleet_sim.control('GET', '/_sim/state'), list(ids.values()), ROUTE_TABLE_CIDR) == []
    assert all(len(r['tokens_cached']) == 1 for r in second)
    assert awx_slices.token_requests(log2).get('429', 0) >= 1  # refused again, waited again, failed nothing
    assert awx_slices.requests_per_project(log2, list(ids.values()))['writes_per_project_max'] == 0

    # no secret or bearer token in what AWX keeps or shows, nor in the inventory it imported
    places = [job.artifacts for job in jobs + jobs2] + [job.pdd / 'inventory' for job in jobs]
    assert awx_slices.secrets_found(places + [tmp_path / 'inventory-update' / 'output.json'],
                                    (PRIVATE_KEY, CLIENT_SECRET)) == []
    assert CLIENT_SECRET not in sync.stdout + sync.stderr

    report('sliced job template (%d projects, %d slices, forks %d, rate limit %d/min per project, token limit %d/min)'
           % (PROJECTS, SLICES, FORKS, RATE_LIMIT, TOKEN_RATE_LIMIT),
           'first run %.1fs (slices %s), second run %.1fs; requests per project %s; token requests %s (first run)'
           % (wall, ', '.join('%.0fs' % r['wall_seconds'] for r in first), wall2, per_project, token_log))
