# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Races: 10 parallel forks ensure the same container, peering and access list entries at once;
exactly one of each exists afterwards and every task succeeds (409s handled by looking up again)."""

from __future__ import annotations

import json

from conftest import PLAYBOOKS, PUBLIC_KEY, write_vars

HOSTS = 10


def test_ten_forks_ensure_the_same_resources(start_sim, ansible, tmp_path):
    # A 0.3 s in-flight window per access list POST makes concurrent POSTs collide (409).
    sim = start_sim('--transition-seconds', '1', '--access-list-post-seconds', '0.3')
    project = sim.new_project()
    results = tmp_path / 'results'
    results.mkdir()
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text('[racers]\n' + ''.join('racer%02d ansible_connection=local\n' % i for i in range(HOSTS)))
    extra = write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                       atlas_public_key=PUBLIC_KEY, atlas_private_key=sim.private_key,
                       race_results_dir=str(results))

    run = ansible('playbook', '-i', inventory, '--forks', str(HOSTS), PLAYBOOKS / 'races.yml', '-e', extra)
    assert run.rc == 0, run
    assert len(run.recap) == HOSTS, run
    for host, recap in run.recap.items():
        assert (recap['failed'], recap['unreachable'], recap['ok']) == (0, 0, 4), (host, run)

    seen = [json.loads(path.read_text()) for path in sorted(results.glob('*.json'))]
    assert len(seen) == HOSTS
    base = '/groups/%s' % project
    containers = sim.list_all(base + '/containers/all')
    peers = sim.list_all(base + '/peers', params={'providerName': 'AWS'})
    entries = sim.list_all(base + '/accessList')
    assert [c['id'] for c in containers] == [seen[0]['container']]
    assert [p['id'] for p in peers] == [seen[0]['peering']]
    assert sorted(e['cidrBlock'] for e in entries) == ['10.10.0.0/16', '198.51.100.7/32', '203.0.113.0/24']
    # Every host got the same ids back.
    assert set(s['container'] for s in seen) == set([containers[0]['id']])
    assert set(s['peering'] for s in seen) == set([peers[0]['id']])

    log = sim.requests(project)
    posts = dict((kind, [e for e in log if e['method'] == 'POST' and e['path'].endswith(kind)])
                 for kind in ('/containers', '/peers', '/accessList'))
    conflicts = [e for e in log if e['status'] == 409]
    accepted = dict((kind, len([e for e in entries if 200 <= e['status'] < 300])) for kind, entries in posts.items())
    # changed=true exactly on the hosts whose write Atlas accepted (the others adopted the winner's).
    assert sum(s['container_changed'] for s in seen) == accepted['/containers'] == 1, (seen, accepted)
    assert sum(s['peering_changed'] for s in seen) == accepted['/peers'] == 1, (seen, accepted)
    assert sum(s['access_list_changed'] for s in seen) == accepted['/accessList'] >= 1, (seen, accepted)
    # At most one POST of each kind was accepted; the racers saw 409s and adopted the winner.
    assert conflicts, 'no 409 at all: the forks did not race'
    print('races: %d hosts in %.1fs; POSTs: %s; 409s: %d; changed container/peering/access list: %d/%d/%d' % (
        HOSTS, run.elapsed, dict((k, len(v)) for k, v in posts.items()), len(conflicts),
        sum(s['container_changed'] for s in seen), sum(s['peering_changed'] for s in seen),
        sum(s['access_list_changed'] for s in seen)))
