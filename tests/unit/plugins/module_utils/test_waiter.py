# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of module_utils/_waiter.py (Backoff, Deadline, Waiter, should_wait), of the pager rule
(_client.has_more, whole_list) and of _views.camel_body, on a fake clock: no test sleeps."""

from __future__ import annotations

import random

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils._client import has_more, whole_list
from ansible_collections.atlasops.networking.plugins.module_utils._views import camel_body, snake_view
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import (
    GONE,
    Backoff,
    Deadline,
    WaitFailed,
    Waiter,
    WaitTimedOut,
    should_wait,
)


class FakeTime(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


def reader(answers):
    """read(key) answering each key's queue in turn (the last answer repeats); records the reads."""
    reads = []

    def read(key):
        reads.append(key)
        queue = answers[key]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    read.reads = reads
    return read


def status(thing):
    return thing['status']


# -- Backoff and Deadline ------------------------------------------------------------------------

def test_backoff_grows_to_the_cap_without_jitter():
    backoff = Backoff(first=1.0, cap=10.0, jitter=False)
    assert [backoff.delay(attempt) for attempt in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert Backoff(first=1.0, cap=10.0, factor=1.5, jitter=False).delay(3) == 2.25


def test_backoff_full_jitter_draws_below_the_ceiling(monkeypatch):
    seen = []
    monkeypatch.setattr(random, 'uniform', lambda low, high: seen.append((low, high)) or high / 2)
    assert Backoff(first=1.0, cap=30.0).delay(4) == 4.0
    assert Backoff(first=1.0, cap=30.0).delay(9) == 15.0
    assert seen == [(0, 8.0), (0, 30.0)]


def test_retry_after_wins():
    assert Backoff(first=1.0, cap=30.0).delay(1, retry_after=42.0) == 42.0


def test_deadline(fake_time):
    deadline = Deadline(10, fake_time.clock)
    assert deadline.allows(10) and not deadline.allows(10.5) and not deadline.passed()
    fake_time.now = 10
    assert deadline.passed() and deadline.remaining() == 0


def test_should_wait_reads_the_wait_option():
    class Atlas(object):
        def __init__(self, **params):
            self.params = params
            self.check_mode = False

    assert should_wait(Atlas(wait=True)) and not should_wait(Atlas(wait=False)) and not should_wait(Atlas())
    checking = Atlas(wait=True)
    checking.check_mode = True
    assert not should_wait(checking)  # check mode never waits


def test_check_mode_never_waits():
    class Atlas(object):
        params = {'wait': True}
        check_mode = True

    assert should_wait(Atlas()) is False


# -- Waiter ------------------------------------------------------------------------------------

def test_polls_until_a_target_status_with_growing_intervals(fake_time):
    read = reader({'a': [{'status': 'PENDING'}, {'status': 'PENDING'}, {'status': 'PENDING'}, {'status': 'READY'}]})
    last = Waiter(60, fake_time.sleep, fake_time.clock).wait(read, status, ('READY',), keys=['a'])
    assert last == {'a': {'status': 'READY'}}
    assert fake_time.sleeps == [1.0, 1.5, 2.25]
    assert len(read.reads) == 4


def test_a_known_thing_is_judged_before_the_first_read(fake_time):
    read = reader({'a': [{'status': 'READY'}]})
    waiter = Waiter(60, fake_time.sleep, fake_time.clock)
    assert waiter.wait(read, status, ('READY',), keys=['a'], known={'a': {'status': 'READY'}})['a']['status'] == 'READY'
    assert read.reads == [] and fake_time.sleeps == []
    waiter.wait(read, status, ('READY',), keys=['a'], known={'a': {'status': 'PENDING'}})
    assert read.reads == ['a'] and fake_time.sleeps == []  # the first poll follows at once


def test_a_failure_status_fails_at_once_with_the_thing(fake_time):
    read = reader({'a': [{'status': 'PENDING'}, {'status': 'FAILED', 'reason': 'no capacity'}]})
    with pytest.raises(WaitFailed) as caught:
        Waiter(60, fake_time.sleep, fake_time.clock).wait(read, status, ('READY',), failed=('FAILED',), keys=['a'])
    assert (caught.value.key, caught.value.status, caught.value.thing['reason']) == ('a', 'FAILED', 'no capacity')


def test_gone_is_a_target_a_failure_or_nothing_as_the_caller_says(fake_time):
    waiter = Waiter(60, fake_time.sleep, fake_time.clock)
    assert waiter.wait(reader({'a': [{'status': 'DELETING'}, None]}), status, (GONE,), keys=['a']) == {'a': None}
    with pytest.raises(WaitFailed) as caught:
        waiter.wait(reader({'a': [None]}), status, ('READY',), failed=(GONE,), keys=['a'])
    assert caught.value.status == GONE
    assert waiter.wait(reader({'a': [None, {'status': 'READY'}]}), status, ('READY',), keys=['a'])['a'] == {'status': 'READY'}


def test_timeout_names_the_pending_keys_and_their_last_status(fake_time):
    read = reader({'a': [{'status': 'READY'}], 'b': [{'status': 'PENDING'}], 'c': [None]})
    with pytest.raises(WaitTimedOut) as caught:
        Waiter(20, fake_time.sleep, fake_time.clock).wait(read, status, ('READY',), keys=['a', 'b', 'c'])
    timeout = caught.value
    assert timeout.pending == ['b', 'c']
    assert timeout.statuses == {'a': 'READY', 'b': 'PENDING', 'c': GONE}
    assert timeout.last['b'] == {'status': 'PENDING'}
    assert fake_time.now == 20  # the last sleep is cut to the deadline
    assert read.reads.count('a') == 1  # a key that is done is not read again


def test_no_keys_no_reads(fake_time):
    assert Waiter(20, fake_time.sleep, fake_time.clock).wait(reader({}), status, ('READY',), keys=[]) == {}
    assert fake_time.sleeps == []


# -- the pager rule ----------------------------------------------------------------------------

@pytest.mark.parametrize('page, items_read, page_size, more', [
    ({'results': [1] * 3, 'totalCount': 9, 'links': [{'rel': 'next'}]}, 3, 5, False),  # a short page is the last
    ({'results': [1] * 5, 'links': [{'rel': 'self'}, {'rel': 'next'}]}, 5, 5, True),
    ({'results': [1] * 5, 'totalCount': 5, 'links': [{'rel': 'self'}]}, 5, 5, False),
    ({'results': [1] * 5, 'totalCount': 7, 'links': [{'rel': 'self'}]}, 5, 5, True),  # totalCount beyond: read on
    ({'results': [1] * 5, 'links': [{'rel': 'self'}]}, 5, 5, False),
    ({'results': [1] * 5}, 5, 5, True),  # neither links nor a count: never cut a list short
    ({'results': [1] * 5, 'totalCount': 5}, 5, 5, False),
])
def test_has_more(page, items_read, page_size, more):
    assert has_more(page, items_read, page_size) is more


@pytest.mark.parametrize('answer, items', [
    ({'results': [1, 2], 'totalCount': 2, 'links': []}, [1, 2]),
    ({'results': [1], 'totalCount': 2, 'links': [{'rel': 'next'}]}, None),
    ({'results': [1], 'totalCount': 2, 'links': []}, None),
    ({'results': [1, 2], 'links': [{'rel': 'self'}]}, [1, 2]),
    ({'id': 'x'}, None),
    (None, None),
])
def test_whole_list_of_a_post_answer(answer, items):
    assert whole_list(answer) == items


# -- views and bodies --------------------------------------------------------------------------

def test_camel_body_drops_none_keeps_empty_lists_and_takes_irregular_names():
    body = camel_body({'vpc_id': 'vpc-1', 'dns_sub_domain': [], 'comment': None, 'customer_endpoint_dns_name': 'h'},
                      irregular={'customer_endpoint_dns_name': 'customerEndpointDNSName'})
    assert body == {'vpcId': 'vpc-1', 'dnsSubDomain': [], 'customerEndpointDNSName': 'h'}


def test_snake_view_of_an_irregular_name():
    assert snake_view({'customerEndpointDNSName': 'h', 'cidrBlock': '10.0.0.0/8'}) == {
        'customer_endpoint_dns_name': 'h', 'cidr_block': '10.0.0.0/8'}
