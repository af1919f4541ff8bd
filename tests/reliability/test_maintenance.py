# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Maintenance (issue 18.5): during an Atlas upgrade, 405 WRITES_NOT_ALLOWED_DURING_APP_UPGRADES
(writes) and 503 SERVICE_UNAVAILABLE (with or without Retry-After) refuse a request before
anything is done, so it is sent again, a create (POST) included, within max_retries and
max_retry_time: the run converges with the resource created exactly once. A window that outlasts
the retries fails with a message saying that nothing changed and what to do."""

from __future__ import annotations

import json
import threading
import time

import pytest

from conftest import PUBLIC_KEY, adhoc_result, figure, requests_in_words

CONTAINER = dict(provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')
WINDOWS = [
    ('405', {'status': 405}),
    ('405 Retry-After 1', {'status': 405, 'retry_after': 1}),
    ('503', {'status': 503}),
    ('503 Retry-After 1', {'status': 503, 'retry_after': 1}),
    ('503 Retry-After 1 on POST only', {'status': 503, 'retry_after': 1, 'methods': ['POST']}),
]


def create_container(ansible, sim, project, **options):
    args = dict(CONTAINER, base_url=sim.url, project_id=project, public_key=PUBLIC_KEY, private_key=sim.private_key,
                **options)
    return ansible('adhoc', 'localhost', '-m', 'atlasops.networking.network_container', '-a', json.dumps(args))


def refused(sim):
    return sim.control('GET', '/_sim/maintenance')['counters']['refused']


def containers(sim, project):
    return sim.list_all('/groups/%s/containers/all' % project)


@pytest.mark.parametrize('window', [body for _name, body in WINDOWS], ids=[name for name, _body in WINDOWS])
def test_a_create_during_maintenance_lands_once_when_the_window_closes(shared_sim, ansible, window):
    sim = shared_sim
    project = sim.new_project()
    outcome = {}
    sim.control('POST', '/_sim/maintenance', window)
    try:
        refused_before = refused(sim)
        task = threading.Thread(target=lambda: outcome.update(run=create_container(
            ansible, sim, project, max_retries=10, max_retry_time=300)))
        task.start()
        deadline = time.monotonic() + 240
        while refused(sim) - refused_before < 2 and time.monotonic() < deadline and task.is_alive():
            time.sleep(0.2)
    finally:
        sim.control('DELETE', '/_sim/maintenance')  # the upgrade is over
    task.join(300)
    run = outcome['run']
    result = adhoc_result(run)
    log = sim.requests(project)
    assert run.rc == 0, run
    assert result['changed'] is True
    assert [item['atlasCidrBlock'] for item in containers(sim, project)] == ['192.168.248.0/21']
    assert len([entry for entry in log if entry['status'] == window['status']]) >= 2, log
    assert [entry['method'] for entry in log if entry['method'] != 'GET' and entry['status'] < 400] == ['POST'], log
    figure('18.5 maintenance', '%s, window closed after 2 refusals: ok, changed, 1 container; requests: %s; '
           'warnings: %s' % (_name_of(window), requests_in_words(log), _first_warning(run.output)))


@pytest.mark.parametrize('window', [body for _name, body in WINDOWS if 'retry_after' in body],
                         ids=[name for name, body in WINDOWS if 'retry_after' in body])
def test_maintenance_that_outlasts_the_retries_fails_saying_nothing_changed(shared_sim, ansible, window):
    sim = shared_sim
    project = sim.new_project()
    sim.control('POST', '/_sim/maintenance', window)
    try:
        run = create_container(ansible, sim, project, max_retries=2)
    finally:
        sim.control('DELETE', '/_sim/maintenance')
    result = adhoc_result(run)
    message = result['msg']
    log = sim.requests(project)
    assert run.rc != 0, run
    assert result['changed'] is False
    assert 'the request was refused before anything was done, so nothing changed. Gave up after 2 retries' in message
    assert 'raise max_retries/max_retry_time to wait longer' in message
    assert len([entry for entry in log if entry['status'] == window['status']]) == 3, log  # the request + 2 retries
    assert containers(sim, project) == []
    figure('18.5 maintenance', '%s, window open throughout, max_retries=2: failed, nothing created; requests: %s; '
           'message: %s' % (_name_of(window), requests_in_words(log), message))


def _name_of(window):
    return next(name for name, body in WINDOWS if body == window)


def _first_warning(output):
    lines = [line for line in output.splitlines() if line.startswith('[WARNING]: Atlas API')]
    return '%d, e.g. %s' % (len(lines), lines[0][len('[WARNING]: '):]) if lines else 'none'
