# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The token cache (issues 11.9, 18.7): its directory created race-free by many processes at once and
private afterwards; nothing a killed or hung process leaves behind stops the next one."""

from __future__ import annotations

import fcntl
import functools
import multiprocessing
import os
import stat
from types import SimpleNamespace

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils import _auth
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import build_client
from ansible_collections.atlasops.networking.plugins.module_utils._auth import (
    ServiceAccountAuth,
    TokenCache,
    _FileLock,
    ensure_private_directory,
)
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasError

PROCESSES = 20
ROUNDS = 5
# A fresh directory several levels deep, as ATLASOPS_TOKEN_CACHE_DIR or ~/.cache/... on a new machine:
# creating it takes long enough that forks starting together really do collide.
DEPTH = 30


def _first_use(directory, barrier, results):
    barrier.wait()
    try:
        cache = TokenCache(directory, 'https://cloud.mongodb.com', 'mdb_sa_id_race', 'secret')
        with cache.locked():
            if cache.read() is None:
                cache.write('token', 3600)
        results.put(None)
    except Exception as error:  # pylint: disable=broad-except
        results.put(repr(error))


def test_twenty_processes_create_a_fresh_cache_directory_together(tmp_path):
    context = multiprocessing.get_context('fork')
    for round_number in range(ROUNDS):
        directory = os.path.join(str(tmp_path), 'round%d' % round_number, *['level%d' % i for i in range(DEPTH)])
        barrier = context.Barrier(PROCESSES)
        results = context.Queue()
        processes = [context.Process(target=_first_use, args=(directory, barrier, results))
                     for _process in range(PROCESSES)]
        for process in processes:
            process.start()
        errors = [results.get(timeout=60) for _process in processes]
        for process in processes:
            process.join(30)
        assert [error for error in errors if error] == [], 'round %d' % round_number
        assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
        assert len([name for name in os.listdir(directory) if name.endswith('.json')]) == 1


def test_an_existing_directory_open_to_others_is_made_private(tmp_path):
    directory = tmp_path / 'tokens'
    directory.mkdir(mode=0o755)
    os.chmod(str(directory), 0o755)
    ensure_private_directory(str(directory))
    assert stat.S_IMODE(os.stat(str(directory)).st_mode) == 0o700


def test_a_file_where_the_directory_should_be_is_refused(tmp_path):
    path = tmp_path / 'tokens'
    path.write_text('not a directory')
    with pytest.raises(AtlasError) as caught:
        TokenCache(str(path), 'https://cloud.mongodb.com', 'id').write('token', 3600)
    assert 'ATLASOPS_TOKEN_CACHE_DIR' in str(caught.value)


# -- what a killed or hung process leaves behind (issue 18.7) -------------------------------------------

def test_a_half_written_cache_file_means_a_new_token(tmp_path):
    cache = TokenCache(str(tmp_path), 'https://cloud.mongodb.com', 'id')
    cache.write('old-token', 3600)
    with open(cache.path, 'w') as handle:
        handle.write('{"access_token": "old-tok')  # cut short
    assert cache.read() is None


@pytest.mark.parametrize('content', [
    b'',                                                      # created, never written
    b'\x00' * 64,                                             # a crash after the size, before the data
    b'\xff\xfe\x00garbage',                                   # not text
    b'[1, 2]',                                                # JSON, not an entry
    b'{"access_token": "tok"}',                               # no expiry
    b'{"access_token": "tok", "expires_at": "never"}',        # an expiry that is no number
    b'{"access_token": "tok", "expires_at": null}',
    b'{"access_token": "tok", "expires_at": NaN}',
    b'{"access_token": ["tok"], "expires_at": 1e300}',        # a token that is no string
    b'{"access_token": "", "expires_at": 1e300}',
], ids=['empty', 'zeros', 'binary', 'list', 'no-expiry', 'text-expiry', 'null-expiry', 'nan-expiry',
        'list-token', 'empty-token'])
def test_a_garbled_cache_file_means_a_new_token(tmp_path, content):
    cache = TokenCache(str(tmp_path), 'https://cloud.mongodb.com', 'id')
    with open(cache.path, 'wb') as handle:
        handle.write(content)
    assert cache.read() is None


class _LockRefused(TokenCache):
    def locked(self, timeout=None):
        raise AssertionError('the lock was taken although a valid token is cached')


def test_a_cached_token_is_used_without_the_lock(tmp_path):
    """A hung process holding the lock delays only a task that must fetch a token (issue 18.7)."""
    cache = _LockRefused(str(tmp_path), 'https://cloud.mongodb.com', 'id')
    cache.write('cached-token', 3600)
    auth = ServiceAccountAuth('https://cloud.mongodb.com', 'id', 'secret', fetch=None, cache=cache)
    assert auth._cached_or_new_token() == 'cached-token'  # pylint: disable=protected-access
    assert auth.tokens_fetched == 0


def test_a_leftover_lock_file_does_not_block(tmp_path):
    cache = TokenCache(str(tmp_path), 'https://cloud.mongodb.com', 'id')
    with open(cache.lock_path, 'w') as handle:
        handle.write('')  # the file of a lock whose holder was killed: the kernel released the lock itself
    with cache.locked() as lock:
        assert lock.handle is not None


def test_a_hung_lock_holder_is_waited_for_a_bounded_time(tmp_path):
    cache = TokenCache(str(tmp_path), 'https://cloud.mongodb.com', 'id')
    holder = open(os.open(cache.lock_path, os.O_RDWR | os.O_CREAT, 0o600), 'w')
    fcntl.flock(holder, fcntl.LOCK_EX)  # another open file: conflicts as another process would
    clock = [0.0]
    try:
        lock = _FileLock(cache.lock_path, cache._ensure_directory, timeout=5,  # pylint: disable=protected-access
                         sleep=lambda seconds: clock.__setitem__(0, clock[0] + seconds), clock=lambda: clock[0])
        with lock:
            assert lock.handle is None  # gave up waiting: goes on without the lock
        assert 5 <= clock[0] < 6
    finally:
        holder.close()


def test_a_token_fetch_is_waited_for_as_long_as_its_retries_may_take(tmp_path, monkeypatch):
    """The fork fetching the token may wait for Retry-After (up to a minute at Atlas's token limit); the
    other forks wait for it instead of fetching a token of their own (one token per AWX job, issue 16)."""
    monkeypatch.setenv('ATLASOPS_TOKEN_CACHE_DIR', str(tmp_path))
    shared = SimpleNamespace(base_url='https://cloud.mongodb.com', request_timeout=30.0, validate_certs=True,
                             max_retries=5, max_retry_time=120.0)
    auth = build_client(shared, ('service_account', 'id', 'secret'), warn=None).auth
    assert auth.lock_timeout == 160.0  # max_retry_time + request_timeout + the connect timeout
    fetched = []
    monkeypatch.setattr(auth, '_fetch', lambda url, basic_auth: fetched.append(url))
    cache = auth.cache
    holder = open(os.open(cache.lock_path, os.O_RDWR | os.O_CREAT, 0o600), 'w')
    fcntl.flock(holder, fcntl.LOCK_EX)  # the fork fetching the token, refused with 429 for now
    clock = [0.0]

    def sleep(seconds):  # the holder gets its token after 90 s of Retry-After, caches it and lets go
        clock[0] += seconds
        if clock[0] >= 90 and not holder.closed:
            cache.write('the-forks-token', 3600)
            holder.close()

    monkeypatch.setattr(_auth, '_FileLock', functools.partial(_FileLock, sleep=sleep, clock=lambda: clock[0]))
    try:
        request = auth(SimpleNamespace(headers={}))
    finally:
        holder.close()
    assert request.headers['Authorization'] == 'Bearer the-forks-token'
    assert fetched == [] and 90 <= clock[0] < 91  # waited past a minute, fetched no token of its own


def test_temp_files_a_killed_process_left_are_tidied(tmp_path):
    cache = TokenCache(str(tmp_path), 'https://cloud.mongodb.com', 'id')
    stale = tmp_path / '.token-killed'
    stale.write_text('{"access_to')
    os.utime(str(stale), (1000.0, 1000.0))
    fresh = tmp_path / '.token-in-flight'
    fresh.write_text('')
    cache.write('token', 3600)
    assert not stale.exists() and fresh.exists()
