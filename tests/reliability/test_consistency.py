# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Eventual consistency and the access list's entry limit (issue 18, items 3 and 6), with real
ansible-playbook runs against a simulator that models them.

- Lists leave out new resources for 12 (10) simulated seconds and new access list entries answer GET
  404 as long: a playbook that ensures one resource of every module and runs the same tasks
  again at once converges; the second round finds (adopts) every resource, nothing is created
  twice and nothing fails. The same holds when half of the POST answers are lost (applied, never
  answered) while the lists lag.
- The 200-entry limit: when the entries asked for cannot fit, access_list fails before any write
  and says how many entries exist, how many it would add and the limit; when only Atlas knows the
  limit, its 403 is surfaced with the same numbers, and not retried.
"""

from __future__ import annotations

import collections
import json

import requests
from requests.auth import HTTPDigestAuth

from conftest import PLAYBOOKS, PUBLIC_KEY, write_vars

SINGLE_RESOURCES = ('container', 'gcp_container', 'peering', 'gcp_peering', 'stream', 'endpoint')
# Creating POSTs each collection should see: one per resource.
CREATIONS = {'containers': 2, 'peers': 2, 'streams/privateLinkConnections': 1, 'backup/AWS/privateEndpoints': 1}
COLLECTIONS = {
    'containers': '/containers/all',
    'peers AWS': '/peers?providerName=AWS',
    'peers GCP': '/peers?providerName=GCP',
    'stream links': '/streams/privateLinkConnections',
    'backup endpoints': '/backup/AWS/privateEndpoints',
    'access list': '/accessList',
}
VERSIONS = {'stream links': '2023-02-01', 'backup endpoints': '2024-11-13'}


def lag(seconds):
    """Simulator flags: lists leave out new resources, new access list entries answer GET 404, for ``seconds``."""
    return ['--list-lag-seconds', str(seconds), '--access-list-propagation-seconds', str(seconds)]


def run_lagging(sim, ansible, tmp_path, project):
    results = tmp_path / 'lagging.json'
    extra = write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                       atlas_public_key=PUBLIC_KEY, atlas_private_key=sim.private_key,
                       lag_results_file=str(results))
    run = ansible('playbook', PLAYBOOKS / 'lagging.yml', '-e', extra)
    return run, (json.loads(results.read_text()) if results.exists() else None)


def counts_once_the_lists_caught_up(sim, project):
    """{collection: number of items} read through the API after the lag has passed."""
    sim.control('POST', '/_sim/clock/advance', {'seconds': 30})
    counts = {}
    for name, path in COLLECTIONS.items():
        path, _sep, query = path.partition('?')
        params = dict([query.split('=')]) if query else None
        counts[name] = len(sim.list_all('/groups/%s%s' % (project, path), VERSIONS.get(name, '2023-01-01'), params))
    return counts


def created_posts(log):
    """Successful POSTs per collection path (a 409/400 "already exists" is not a creation)."""
    return collections.Counter(entry['path'].rsplit('/groups/', 1)[1].split('/', 1)[1]
                               for entry in log if entry['method'] == 'POST'
                               and (200 <= entry['status'] < 300 or 200 <= (entry.get('applied_status') or 0) < 300))


def assert_every_resource_once(sim, project):
    assert counts_once_the_lists_caught_up(sim, project) == {
        'containers': 2, 'peers AWS': 1, 'peers GCP': 1, 'stream links': 1, 'backup endpoints': 1, 'access list': 2}


def test_create_then_read_back_at_once_while_lists_lag(start_sim, ansible, tmp_path):
    sim = start_sim('--transition-seconds', '0', *lag(12))
    project = sim.new_project()

    run, seen = run_lagging(sim, ansible, tmp_path, project)
    assert run.rc == 0, run
    log = sim.requests(project)
    for name in SINGLE_RESOURCES:
        (created, ident), again = seen[name]
        assert created, (name, seen)
        # Read back at once: the same resource, unchanged (Atlas's "already exists", then adopted).
        assert again == [False, ident], (name, seen)
    refused = [entry for entry in log if entry['method'] == 'POST' and entry['status'] in (400, 409)]
    # Every second run missed its resource in the lagging list; the access list is sent again instead.
    assert len(refused) == len(SINGLE_RESOURCES), refused
    assert seen['access_list'][0] is True

    assert_every_resource_once(sim, project)
    posts = created_posts(log)
    # One creating POST per resource; the access list may be sent again while its list lags (an
    # update of the same entries in Atlas, never a second entry).
    assert dict((path, count) for path, count in posts.items() if path != 'accessList') == CREATIONS, posts
    print('lagging lists: creating POSTs %s; %d second runs answered "already exists" and adopted; %d requests; %.1fs'
          % (dict(posts), len(refused), len(log), run.elapsed))


def test_lost_post_answers_while_lists_lag(start_sim, ansible, tmp_path):
    sim = start_sim('--transition-seconds', '0', *lag(10))
    project = sim.new_project()
    sim.set_faults(rate=0.5, seed=4, statuses=[], drop_connection=False, lost_response=True, methods=['POST'],
                   paths_prefix='/api/atlas/v2/groups/%s' % project)

    run, seen = run_lagging(sim, ansible, tmp_path, project)
    log = sim.requests(project)
    sim.clear_faults()
    assert run.rc == 0, run
    lost = [entry for entry in log if entry.get('fault') == 'lost_response' and 200 <= (entry.get('applied_status') or 0) < 300]
    assert lost, log  # a POST created its resource and the module never heard: the lookup missed it (lag)
    for name in SINGLE_RESOURCES:
        (_created, ident), (_changed, again) = seen[name]
        # The same resource (a second run whose own POST answer was lost cannot know that POST created
        # nothing, so it may report a change; it never creates a second one).
        assert again == ident, (name, seen)
    assert_every_resource_once(sim, project)
    posts = created_posts(log)
    assert dict((path, count) for path, count in posts.items() if path != 'accessList') == CREATIONS, posts
    print('lost answers while lists lag: %d lost POSTs applied; creating POSTs %s; %.1fs'
          % (len(lost), dict(posts), run.elapsed))


# -- the 200-entry limit --------------------------------------------------------------------------

def seed_entries(sim, project, count):
    body = [{'ipAddress': '10.210.%d.%d' % (number // 250, number % 250 + 1)} for number in range(count)]
    response = requests.post(
        '%s/api/atlas/v2/groups/%s/accessList' % (sim.url, project), json=body, timeout=30,
        headers={'Accept': 'application/vnd.atlas.2023-01-01+json', 'Content-Type': 'application/vnd.atlas.2023-01-01+json'},
        auth=HTTPDigestAuth(PUBLIC_KEY, sim.private_key))
    assert response.status_code == 201, response.text


def add_entries(sim, ansible, project, addresses, check=False):
    args = json.dumps(dict(base_url=sim.url, project_id=project, public_key=PUBLIC_KEY, private_key=sim.private_key,
                           entries=[{'ip_address': address} for address in addresses]))
    return ansible('adhoc', 'localhost', '-m', 'atlasops.networking.access_list', '-a', args,
                   *(['--check'] if check else []))


def posts_of(sim, project):
    return [entry for entry in sim.requests(project) if entry['method'] == 'POST']


def test_entries_that_cannot_fit_fail_before_any_write(shared_sim, ansible):
    project = shared_sim.new_project()
    seed_entries(shared_sim, project, 199)
    posts_before = len(posts_of(shared_sim, project))

    for check in (True, False):
        run = add_entries(shared_sim, ansible, project, ['192.0.2.1', '192.0.2.2', '192.0.2.3'], check=check)
        assert run.rc != 0, run
        assert 'holds 199 entries' in run.stdout and '3 more' in run.stdout and 'at most 200' in run.stdout, run
    assert len(posts_of(shared_sim, project)) == posts_before

    # One fits exactly.
    run = add_entries(shared_sim, ansible, project, ['192.0.2.1'])
    assert run.rc == 0, run
    assert len(posts_of(shared_sim, project)) == posts_before + 1


def test_a_lower_limit_only_atlas_knows_is_surfaced_once(start_sim, ansible):
    sim = start_sim('--transition-seconds', '0', '--access-list-max-entries', '10')
    project = sim.new_project()
    seed_entries(sim, project, 8)

    run = add_entries(sim, ansible, project, ['192.0.2.%d' % number for number in range(1, 6)])
    assert run.rc != 0, run
    assert 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED' in run.stdout and 'would add 5' in run.stdout, run
    assert 'holds 8 entries' in run.stdout, run
    statuses = [entry['status'] for entry in posts_of(sim, project) if entry['status'] != 401]
    assert statuses == [201, 403], statuses  # the seed, then the module's POST refused once, not retried
