# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Crashes (issue 18.7): the controller killed (kill -9) in the middle of a converge of 30
resources, at seeded random points and between a POST Atlas committed and its answer; the simulator
stopped (SIGKILL, SIGTERM) and restarted on its state file and port in the middle of another; a
service account's token cache left locked or garbled. Each time the next run converges: every
resource exactly once, nothing left half-made, and the run after it reports changed=0."""

from __future__ import annotations

import collections
import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from atlas_items import project_items
from conftest import CLIENT_ID, CLIENT_SECRET, PLAYBOOKS, PUBLIC_KEY, AnsibleResult, figure, requests_in_words, write_vars
from test_faults import EXPECTED, resource_counts

CONVERGE = PLAYBOOKS / 'converge30.yml'
# A converge of converge30.yml sends about 80 requests (24 POSTs, one per container, peering, stream
# link and backup endpoint, two for the access list): kill points are drawn from inside that run.
FIRST_REQUEST, LAST_REQUEST = 4, 76
POSTS = 24
# Atlas creates one resource per accepted POST of these collections (the access list's POST is an upsert).
CREATED_BY_POST = {'/containers': 7, '/peers': 7, '/streams/privateLinkConnections': 4,
                   '/backup/AWS/privateEndpoints': 4}
STATE_KINDS = ('containers', 'peers', 'stream_privatelinks', 'backup_private_endpoints', 'access_list')
# How long the simulator holds the answer of a POST it has committed (real seconds): the kill comes first.
HOLD_SECONDS = 5
# Bounds on waiting for something the test caused (a liveness bound, never a speed target).
EVENT_TIMEOUT = 120
HALF_MADE = ('FAILED', 'DELET', 'TERMINAT')


# -- processes -------------------------------------------------------------------------------------

def _process_table():
    """{pid: (parent pid, state)} of every process, from /proc."""
    table = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name) as handle:
                fields = handle.read().rsplit(')', 1)[1].split()
        except (IOError, OSError, IndexError):
            continue
        table[int(name)] = (int(fields[1]), fields[0])
    return table


def descendants(pid):
    """Every live process started, directly or not, by ``pid``. (ansible-core's workers start
    sessions of their own, so the process group does not find them.)"""
    table = _process_table()
    found, pending = [], [pid]
    while pending:
        parent = pending.pop()
        children = [child for child, (ppid, _state) in table.items() if ppid == parent]
        found.extend(children)
        pending.extend(children)
    return found


def alive(pid):
    state = _process_table().get(pid)
    return state is not None and state[1] not in ('Z', 'X')


def wait_until(condition, what, timeout=EVENT_TIMEOUT, interval=0.01):
    """Poll ``condition()`` until it is true; a bound on waiting for an event, not a speed target."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError('gave up after %ss waiting until %s' % (timeout, what))
        time.sleep(interval)


class Controller(object):
    """An ansible-playbook run started in the background, to be killed."""

    def __init__(self, ansible, output, *args):
        self.output = output
        self.command = list(args)
        self.started = time.monotonic()
        self.process = ansible.start('playbook', *args, output=output)
        self.orphans = []

    def running(self):
        return self.process.poll() is None

    def kill(self, whole):
        """kill -9 of ansible-playbook; ``whole`` also kills its workers and module processes (the
        machine or container dies). Otherwise the workers live on as orphans and finish their task."""
        tree = descendants(self.process.pid)
        os.kill(self.process.pid, signal.SIGKILL)
        for pid in tree if whole else ():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.process.wait()
        if whole:  # dead, its files closed (and so its locks released), not just signalled
            wait_until(lambda: not any(alive(pid) for pid in tree), 'the killed processes are gone')
        self.orphans = [pid for pid in tree if alive(pid)]
        return self.result()

    def wait_for_orphans(self):
        """The killed controller's workers end on their own once their task is done."""
        wait_until(lambda: not any(alive(pid) for pid in self.orphans), 'the orphaned workers have ended')

    def stop_orphans(self):
        for pid in self.orphans:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)

    def finish(self, timeout=300):
        self.process.wait(timeout)
        return self.result()

    def result(self):
        text = self.output.read_text(errors='replace')
        completed = SimpleNamespace(returncode=self.process.returncode, stdout=text, stderr='')
        return AnsibleResult(self.command, completed, time.monotonic() - self.started)

    def last_task(self):
        headers = [line for line in self.output.read_text(errors='replace').splitlines() if line.startswith('TASK [')]
        return headers[-1].split('[', 1)[1].split(']', 1)[0] if headers else 'before the first task'


@pytest.fixture
def controllers():
    """Controllers a test starts; none of their processes outlives the test."""
    started = []
    yield started
    for controller in started:
        if controller.running():
            controller.kill(whole=True)
        controller.stop_orphans()


# -- the simulator's view ----------------------------------------------------------------------------

def saved_resources(state_path, project):
    """How many resources the state file on disk holds for ``project`` (what survives a crash)."""
    try:
        with open(str(state_path)) as handle:
            stored = json.load(handle)['projects'][project]
    except (IOError, OSError, ValueError, KeyError):
        return 0
    return sum(len(stored.get(kind) or {}) for kind in STATE_KINDS)


def resources_answered(log):
    """How many resources the answered POSTs of ``log`` created (an access list POST of converge30: four entries)."""
    return sum(4 if entry['path'].endswith('/accessList') else 1
               for entry in log if entry['method'] == 'POST' and 200 <= (entry['status'] or 0) < 300)


def hold_the_next_post(sim, project, state, controller):
    """Hold the answer of the run's next POST; return once the simulator has committed and saved it."""
    sim.set_faults(rate=1, statuses=[], slow_response=True, hold_seconds=HOLD_SECONDS, methods=['POST'], max_faults=1)
    wait_until(lambda: sim.faults()['counters']['injected'] == 1 or not controller.running(), 'a POST is held')
    # The run waits for that answer, so the log stands still: what it shows was saved before.
    answered = resources_answered(sim.requests(project))
    wait_until(lambda: saved_resources(state, project) > answered, 'the held POST is saved')
    assert controller.running()


def applied_posts(log):
    """{collection: POSTs Atlas applied}, answered or not (a lost answer still created the resource)."""
    counts = collections.Counter()
    for entry in log:
        applied = entry.get('applied_status') or entry['status'] or 0
        if entry['method'] == 'POST' and 200 <= applied < 300:
            counts.update(suffix for suffix in CREATED_BY_POST if entry['path'].endswith(suffix))
    return dict(counts)


def half_made(sim, project):
    """Resources Atlas has in a failed or deleting state."""
    return [item for items in project_items(sim, project).values() for item in items
            if any(word in str(item.get(key) or '') for key in ('status', 'statusName', 'state') for word in HALF_MADE)]


def assert_converged(sim, project, second, third):
    """The next run converged, the one after changed nothing; every resource exists exactly once, none half-made."""
    assert second.rc == 0 and second.total('failed') == 0, second
    assert third.rc == 0 and third.total('changed') == 0, third
    keys = resource_counts(sim, project)
    assert dict((kind, len(values)) for kind, values in keys.items()) == EXPECTED, keys
    for kind, values in keys.items():
        assert len(set(values)) == len(values), (kind, values)
    assert half_made(sim, project) == []


def converge_vars(tmp_path, sim, project):
    return write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                      atlas_public_key=PUBLIC_KEY, atlas_private_key=sim.private_key)


def warnings_of(run):
    """The collection's warnings a run showed (not ansible-core's about the inventory)."""
    return [line[len('[WARNING]: '):] for line in run.output.splitlines()
            if line.startswith('[WARNING]: ') and 'inventory' not in line and 'hosts list' not in line]


def killed_words(run):
    shown = [line for line in run.output.splitlines() if line.startswith(('ok: ', 'changed: ', 'failed: ', 'fatal: '))]
    return 'rc=%s after %d task results' % (run.rc, len(shown))


def recap_words(run):
    return 'rc=%s ok=%d changed=%d failed=%d' % (run.rc, run.total('ok'), run.total('changed'), run.total('failed'))


def _state_sim(start_sim, tmp_path, *args):
    return start_sim('--transition-seconds', '0', '--state', str(tmp_path / 'state.json'), *args)


# -- the controller killed ---------------------------------------------------------------------------

@pytest.mark.parametrize('seed', [10, 7, 9, 29])
def test_controller_killed_at_a_random_point(start_sim, ansible, controllers, tmp_path, seed):
    rng = random.Random(seed)
    point = rng.randint(FIRST_REQUEST, LAST_REQUEST)
    whole = rng.choice([False, True])
    sim = _state_sim(start_sim, tmp_path)
    project = sim.new_project()
    extra = converge_vars(tmp_path, sim, project)

    first = Controller(ansible, tmp_path / 'first.log', CONVERGE, '-e', extra)
    controllers.append(first)
    wait_until(lambda: sim.count(project) >= point or not first.running(), '%d requests were sent' % point)
    assert first.running(), first.result()  # the converge is longer than every kill point
    task = first.last_task()
    killed = first.kill(whole)
    at_kill = sim.count(project)

    # The next run starts at once; orphaned workers of the killed one may still be finishing their task.
    second = ansible('playbook', CONVERGE, '-e', extra)
    first.wait_for_orphans()
    after_second = sim.count(project)
    third = ansible('playbook', CONVERGE, '-e', extra)
    log = sim.requests(project)  # the runs' requests, before the checks add their own
    assert_converged(sim, project, second, third)
    assert applied_posts(log) == CREATED_BY_POST, log  # each resource was created by exactly one POST

    figure('crash', 'seed %d: kill -9 of %s after %d requests (in "%s"), %d orphaned worker(s); killed run %s; '
                    'next run: %s, %d requests, warnings %s; third run: %s, %d requests' % (
                        seed, 'ansible-playbook and its workers' if whole else 'ansible-playbook', at_kill, task,
                        len(first.orphans), killed_words(killed), recap_words(second),
                        after_second - at_kill, warnings_of(second), recap_words(third), len(log) - after_second))


@pytest.mark.parametrize('seed', [2, 5, 24])
def test_controller_killed_between_a_post_and_its_answer(start_sim, ansible, controllers, tmp_path, seed):
    post = random.Random(seed).randint(1, POSTS - 1)  # which POST of the run is committed but never answered
    state = tmp_path / 'state.json'
    sim = _state_sim(start_sim, tmp_path)
    project = sim.new_project()
    extra = converge_vars(tmp_path, sim, project)

    first = Controller(ansible, tmp_path / 'first.log', CONVERGE, '-e', extra)
    controllers.append(first)

    def posts():
        return [entry for entry in sim.requests(project) if entry['method'] == 'POST']

    wait_until(lambda: len(posts()) >= post - 1 or not first.running(), '%d POSTs were answered' % (post - 1))
    hold_the_next_post(sim, project, state, first)
    held_number = len(posts()) + 1
    task = first.last_task()
    killed = first.kill(whole=True)
    assert not [entry for entry in sim.requests(project) if entry.get('fault')]  # its answer never left
    sim.clear_faults()

    second = ansible('playbook', CONVERGE, '-e', extra)
    wait_until(lambda: len([e for e in sim.requests(project) if e.get('fault') == 'slow_response']) == 1,
               'the simulator has given up the held answer')
    third = ansible('playbook', CONVERGE, '-e', extra)
    log = sim.requests(project)  # the runs' requests, before the checks add their own
    assert_converged(sim, project, second, third)
    assert applied_posts(log) == CREATED_BY_POST, log  # the committed POST was adopted, never sent again
    held = [entry for entry in log if entry.get('fault') == 'slow_response'][0]

    figure('crash', 'seed %d: kill -9 of ansible-playbook and its workers while POST %d (%s, in "%s") was committed '
                    'and unanswered; killed run %s; next run: %s, warnings %s; third run: %s; %d requests in all, '
                    'POSTs applied %s' % (
                        seed, held_number, held['path'].rsplit('/groups/', 1)[1].split('/', 1)[1], task, killed_words(killed),
                        recap_words(second), warnings_of(second), recap_words(third), len(log), applied_posts(log)))


# -- the simulator stopped and restarted ---------------------------------------------------------------

@pytest.mark.parametrize('how', ['SIGKILL', 'SIGTERM'])
def test_simulator_restarted_in_the_middle_of_a_converge(start_sim, ansible, controllers, tmp_path, how):
    """SIGKILL while it holds the answer of a committed POST; SIGTERM (a clean stop) at a seeded point.
    The replacement listens on the same port with the same state file; the run in flight retries."""
    state = tmp_path / 'state.json'
    sim = _state_sim(start_sim, tmp_path)
    port = urlsplit(sim.url).port
    project = sim.new_project()
    extra = converge_vars(tmp_path, sim, project)

    first = Controller(ansible, tmp_path / 'first.log', CONVERGE, '-e', extra)
    controllers.append(first)
    if how == 'SIGKILL':
        wait_until(lambda: sim.count(project) >= 30 or not first.running(), '30 requests were sent')
        hold_the_next_post(sim, project, state, first)
    else:
        point = random.Random(17).randint(FIRST_REQUEST, LAST_REQUEST)
        wait_until(lambda: sim.count(project) >= point or not first.running(), '%d requests were sent' % point)
    assert first.running()
    before = sim.count(project)
    task = first.last_task()
    sim.process.send_signal(getattr(signal, how))
    sim.process.wait(EVENT_TIMEOUT)
    stopped_with = sim.process.returncode

    restarted = _state_sim(start_sim, tmp_path, '--port', str(port))
    assert restarted.url == sim.url
    interrupted = first.finish()
    after_restart = restarted.count(project)
    second = ansible('playbook', CONVERGE, '-e', extra)
    third = ansible('playbook', CONVERGE, '-e', extra)
    assert_converged(restarted, project, second, third)
    # The run in flight rode out the restart, or failed saying that Atlas could not be reached.
    if interrupted.rc != 0:
        assert 'refused the connection' in interrupted.output or 'connection failed' in interrupted.output, interrupted
    assert 'Traceback' not in interrupted.output, interrupted

    figure('crash', 'simulator %s (exit %s) after %d requests (in "%s"), restarted on its port and state file: '
                    'the run in flight %s, %d requests after the restart, warnings %s; next run: %s; third run: %s' % (
                        how, stopped_with, before, task, recap_words(interrupted), after_restart,
                        warnings_of(interrupted), recap_words(second), recap_words(third)))


# -- the token cache ------------------------------------------------------------------------------------

GARBLED = collections.OrderedDict([
    ('cut short', b'{"access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIi'),
    ('empty', b''),
    ('zeros', b'\x00' * 512),
    ('garbage', bytes(random.Random(7).randrange(256) for _byte in range(512))),
    ('other types', b'{"access_token": ["not", "a", "token"], "expires_at": "tomorrow"}'),
])

TOKENS_PLAYBOOK = PLAYBOOKS / 'tokens.yml'
# Three tasks whose retry budget keeps the wait for the token lock at its 60 s floor.
TOKEN_LOCK_PLAYBOOK = PLAYBOOKS / 'token_lock.yml'


def _token_run_args(tmp_path, sim, project, playbook=TOKENS_PLAYBOOK):
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text('crash ansible_connection=local\n')
    extra = write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                       atlas_client_id=CLIENT_ID, atlas_client_secret=CLIENT_SECRET)
    return ('-i', inventory, playbook, '-e', extra)


def cache_files(token_dir):
    return sorted(path for path in token_dir.iterdir() if path.name.endswith('.json'))


def cached_token(token_dir):
    files = cache_files(token_dir)
    assert len(files) == 1, files
    entry = json.loads(files[0].read_text())
    assert sorted(entry) == ['access_token', 'expires_at'], entry
    return entry['access_token']


def assert_no_secret(run, *secrets):
    for secret in (CLIENT_SECRET,) + secrets:
        assert secret not in run.output, run


def test_a_garbled_token_cache_file_is_replaced(start_sim, ansible, tmp_path):
    """What a run killed while writing, a full disk or a crash of the machine can leave: the next run
    fetches a new token and replaces the file."""
    sim = start_sim('--transition-seconds', '1')
    project = sim.new_project()
    args = _token_run_args(tmp_path, sim, project)
    first = ansible('playbook', *args)
    assert first.rc == 0, first
    token = cached_token(ansible.token_dir)
    cache = cache_files(ansible.token_dir)[0]

    for number, (kind, content) in enumerate(GARBLED.items(), start=2):
        cache.write_bytes(content)
        run = ansible('playbook', *args)
        assert run.rc == 0 and run.total('failed') == 0, (kind, run)
        assert len(sim.token_requests()) == number, (kind, sim.token_requests())  # exactly one new token
        new_token = cached_token(ansible.token_dir)
        assert new_token != token, kind
        assert_no_secret(run, token, new_token)
        assert 'Traceback' not in run.output, (kind, run)
        figure('crash', 'token cache file %s: %s, one new token, the file replaced, no warning: %s' % (
            kind, recap_words(run), warnings_of(run) == []))
        token = new_token


def test_a_token_lock_left_by_a_killed_run(start_sim, ansible, controllers, tmp_path):
    """kill -9 of a run while it fetches a token (it holds the lock, the token request is answered
    never): the kernel releases the lock, the next run fetches a token at once."""
    sim = start_sim('--transition-seconds', '1')
    project = sim.new_project()
    args = _token_run_args(tmp_path, sim, project)
    sim.set_faults(rate=1, statuses=[], slow_response=True, hold_seconds=HOLD_SECONDS, methods=['POST'],
                   paths_prefix='/api/oauth/token', max_faults=1)
    first = Controller(ansible, tmp_path / 'first.log', *args)
    controllers.append(first)
    wait_until(lambda: sim.faults()['counters']['injected'] == 1 or not first.running(), 'the token request is held')
    locks = sorted(ansible.token_dir.glob('*.lock'))
    assert len(locks) == 1 and _locked_elsewhere(locks[0])  # the run holds the lock while it waits
    first.kill(whole=True)
    sim.clear_faults()
    assert not _locked_elsewhere(locks[0])
    assert cache_files(ansible.token_dir) == []

    second = ansible('playbook', *args)
    assert second.rc == 0 and second.total('failed') == 0, second
    token = cached_token(ansible.token_dir)
    assert_no_secret(second, token)
    wait_until(lambda: len(sim.token_requests()) == 2, 'the held token request is logged')
    figure('crash', 'token lock of a run killed while fetching: next run %s, token requests %s' % (
        recap_words(second), requests_in_words([dict(e, path='token') for e in sim.token_requests()])))


def _locked_elsewhere(lock_path):
    with open(str(lock_path), 'a') as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (IOError, OSError):
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


HOLD_LOCK = '''
import fcntl, os, signal, sys
handle = open(sys.argv[1], 'a')
fcntl.flock(handle, fcntl.LOCK_EX)
print('locked', flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
'''


def test_a_token_lock_held_by_a_hung_process(start_sim, ansible, tmp_path):
    """A live process holds the lock and never lets go (stopped): a cached token is used without
    waiting for it; a task that must fetch a token waits for the lock for a bounded time (60 s with
    this playbook's retry budget) and then fetches one without it, and the tasks after it use the
    cached one."""
    sim = start_sim('--transition-seconds', '1')
    project = sim.new_project()
    args = _token_run_args(tmp_path, sim, project, TOKEN_LOCK_PLAYBOOK)
    first = ansible('playbook', *args)
    assert first.rc == 0, first
    lock = sorted(ansible.token_dir.glob('*.lock'))[0]
    holder = subprocess.Popen([sys.executable, '-c', HOLD_LOCK, str(lock)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b'locked\n'
        wait_until(lambda: _process_table().get(holder.pid, (0, ''))[1] == 'T', 'the lock holder hangs')

        cached = ansible('playbook', *args)
        assert cached.rc == 0 and cached.total('failed') == 0, cached
        assert len(sim.token_requests()) == 1  # the cached token, read without the lock

        cache_files(ansible.token_dir)[0].unlink()  # the token must be fetched again
        fetched = ansible('playbook', *args)
        assert fetched.rc == 0 and fetched.total('failed') == 0, fetched
        assert len(sim.token_requests()) == 2  # one task waited for the lock, then fetched; the others read it
        assert_no_secret(fetched, cached_token(ansible.token_dir))
        assert _locked_elsewhere(lock) and alive(holder.pid)  # it held the lock all along
    finally:
        holder.kill()
        holder.wait()
    figure('crash', 'token lock held by a hung process: with a cached token %s in %.0fs, no token request; '
                    'without one %s in %.0fs (the first task waits 60 s), one token request' % (
                        recap_words(cached), cached.elapsed, recap_words(fetched), fetched.elapsed))
