# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The token cache directory (issue 11.9): created race-free by many processes at once, private afterwards."""

from __future__ import annotations

import multiprocessing
import os
import stat

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils._auth import TokenCache, ensure_private_directory
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
