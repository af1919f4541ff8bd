# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Timeouts: a wait that times out fails with the last status and leaves the resource as Atlas
has it; a server that accepts connections and never answers cannot hold a task longer than
request_timeout x attempts (max_retries) or max_retry_time.

No test bounds a run's wall time (a busy machine would fail it): the number of attempts, the
retry delays the module announces and the configured timeouts show the behaviour. Where only a
time can tell the configured timeout from the default (1 s vs 30 s), the bound is ten times the
configured value, between two attempts as the server saw them, without Ansible's start-up."""

from __future__ import annotations

import json
import re
import socket
import threading
import time

import pytest

from conftest import PUBLIC_KEY, PRIVATE_KEY


class StalledServer(object):
    """Accepts TCP connections, reads nothing, answers nothing; counts the connections."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.url = 'http://127.0.0.1:%d' % self.sock.getsockname()[1]
        self.connections = []
        self.accepted_at = []  # time.monotonic() of each accept, in order
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping:
            try:
                connection, _address = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.accepted_at.append(time.monotonic())
            self.connections.append(connection)

    def stop(self):
        self.stopping = True
        self.thread.join(5)
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture
def stalled():
    server = StalledServer()
    yield server
    server.stop()


def retry_delays(run):
    """The delays the module announced before each retry ("... retry 1 of 5 in 0.7s"), in seconds."""
    return [float(delay) for delay in re.findall(r'retry \d+ of \d+ in ([0-9.]+)s', run.output)]


def adhoc(ansible, module, **args):
    return ansible('adhoc', 'localhost', '-m', 'atlasops.networking.%s' % module, '-a', json.dumps(args), timeout=120)


def test_wait_timeout_fails_with_last_status_and_leaves_the_resource(start_sim, ansible):
    sim = start_sim('--transition-seconds', '3600')  # INITIATING for an hour of simulated time
    project = sim.new_project()
    run = adhoc(ansible, 'backup_private_endpoint', base_url=sim.url, project_id=project, public_key=PUBLIC_KEY,
                private_key=PRIVATE_KEY, region_name='US_EAST_1', wait=True, wait_timeout=3)
    assert run.rc != 0, run
    assert 'Timed out after 3s' in run.stdout and 'last status: INITIATING' in run.stdout, run
    assert 'left as Atlas has it' in run.stdout, run
    assert '"status": "INITIATING"' in run.stdout, run  # the endpoint as Atlas has it is returned
    assert '"changed": true' in run.stdout, run  # the endpoint was created: the task did change something
    endpoints = sim.list_all('/groups/%s/backup/AWS/privateEndpoints' % project, version='2024-11-13')
    assert [(e['regionName'], e['status']) for e in endpoints] == [('US_EAST_1', 'INITIATING')], endpoints
    log = sim.requests(project)
    assert [e['method'] for e in log if e['method'] != 'GET'] == ['POST'], log  # no delete, no second POST
    polls = [e for e in log if e['method'] == 'GET' and '/privateEndpoints/' in e['path']]
    # polled with backoff (1 s, 1.5 s, ...) within 3 s, not hammered; a busy machine polls less, never more
    assert 1 <= len(polls) <= 6, polls


def test_request_timeout_bounds_each_attempt(stalled, ansible):
    run = adhoc(ansible, 'network_container_info', base_url=stalled.url, project_id='5f3c0b8e9d1a2b3c4d5e6f70',
                public_key=PUBLIC_KEY, private_key=PRIVATE_KEY, request_timeout=1, max_retries=1)
    assert run.rc != 0, run
    assert 'timed out' in run.stdout, run
    assert len(stalled.connections) == 2, stalled.connections  # the first attempt and one retry
    delays = retry_delays(run)
    assert len(delays) == 1, run
    # The first attempt gave up after request_timeout (1 s), not the default 30 s: the retry came
    # within ten times the configured timeout plus the announced delay.
    gap = stalled.accepted_at[1] - stalled.accepted_at[0]
    assert gap < 10 * 1 + delays[0], (gap, delays, run)


def test_max_retry_time_bounds_the_whole_request(stalled, ansible):
    run = adhoc(ansible, 'network_peering_info', base_url=stalled.url, project_id='5f3c0b8e9d1a2b3c4d5e6f70',
                public_key=PUBLIC_KEY, private_key=PRIVATE_KEY, request_timeout=1, max_retry_time=3)
    assert run.rc != 0, run
    assert 'timed out' in run.stdout, run
    # max_retries stays at its default (5, so 6 attempts): max_retry_time (3 s of 1 s attempts
    # and backoff) stops the retries first; a busy machine makes fewer attempts, never more.
    assert 1 <= len(stalled.connections) <= 4, stalled.connections
    assert len(retry_delays(run)) == len(stalled.connections) - 1, run


def test_stalled_lookup_fails_unchanged_within_max_retries(stalled, ansible):
    """A stalled lookup fails the task before any write: max_retries + 1 GET attempts, changed=false."""
    run = adhoc(ansible, 'access_list', base_url=stalled.url, project_id='5f3c0b8e9d1a2b3c4d5e6f70',
                public_key=PUBLIC_KEY, private_key=PRIVATE_KEY, request_timeout=1, max_retries=2,
                entries=[dict(ip_address='192.0.2.1')])
    assert run.rc != 0, run
    assert 'GET' in run.stdout and 'timed out' in run.stdout, run
    assert len(stalled.connections) == 3, stalled.connections
    assert '"changed": false' in run.stdout, run
