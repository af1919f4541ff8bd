# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Waiting for Atlas: the one backoff, the one deadline and the one poll loop of the collection.

- ``Backoff``: exponential delays with a cap, full jitter, and a server's ``Retry-After`` winning.
  The client's retries, the access list's POST retries and the deletion retries use it.
- ``Deadline``: a time budget on an injectable clock.
- ``Waiter``: poll until something reaches a target status, fail at once on a failure status,
  time out with the last status.
- ``should_wait()``: whether a task waits at all. Every engine asks it, so the rule (the ``wait``
  option; check mode never waits) lives in one place.

Sleep and clock are injectable; by default they are ``time.sleep`` and ``time.monotonic``, looked
up when a Waiter or Deadline is made (so tests that patch them are honoured).
"""

from __future__ import annotations

import random
import time

# What a reader answers for something Atlas does not know (HTTP 404): its status is then GONE.
GONE = 'gone'


def should_wait(atlas):
    """Whether the task of ``atlas`` (an AtlasModule) waits for Atlas: its ``wait`` option, never in check mode.

    Check mode reports what would change from what Atlas has now; waiting could only block it (for
    up to ``wait_timeout``) and time out on a resource a plan does not touch.
    """
    return bool(atlas.params.get('wait')) and not atlas.check_mode


class Backoff(object):
    """Delays before retry 1, 2, 3, ...: ``first``, ``first * factor``, ... seconds, never above ``cap``.

    With ``jitter`` (full jitter) each delay is drawn uniformly between 0 and that value, so forks
    that failed together do not retry together. A server's Retry-After, when given, wins.
    """

    def __init__(self, first, cap, factor=2.0, jitter=True):
        self.first = first
        self.cap = cap
        self.factor = factor
        self.jitter = jitter

    def delay(self, attempt, retry_after=None):
        if retry_after is not None:
            return retry_after
        ceiling = min(self.cap, self.first * self.factor ** (attempt - 1))
        return random.uniform(0, ceiling) if self.jitter else ceiling


# How often a Waiter polls: 1s, 1.5s, 2.25s, ... up to every 10s.
POLL_INTERVALS = Backoff(first=1.0, cap=10.0, factor=1.5, jitter=False)


class Deadline(object):
    """``seconds`` from now on ``clock``."""

    def __init__(self, seconds, clock=None):
        self.clock = time.monotonic if clock is None else clock
        self.seconds = seconds
        self.end = self.clock() + seconds

    def passed(self):
        return self.clock() >= self.end

    def allows(self, delay):
        """Whether waiting ``delay`` seconds more still ends before the deadline."""
        return self.clock() + delay <= self.end

    def remaining(self):
        return self.end - self.clock()


class WaitFailed(Exception):
    """``key`` reached a failure status (GONE when it disappeared); ``thing`` is what was read last."""

    def __init__(self, key, thing, status):
        super(WaitFailed, self).__init__('%s is %s' % (key, status))
        self.key = key
        self.thing = thing
        self.status = status


class WaitTimedOut(Exception):
    """``pending`` keys did not reach a target status in time; ``last`` and ``statuses`` hold their last reads."""

    def __init__(self, timeout, pending, last, statuses):
        super(WaitTimedOut, self).__init__('timed out after %ss waiting for %s' % (timeout, ', '.join(map(str, pending))))
        self.timeout = timeout
        self.pending = pending
        self.last = last
        self.statuses = statuses


class Waiter(object):
    """Poll Atlas until every watched thing reaches a target status, for at most ``timeout`` seconds."""

    def __init__(self, timeout, sleep=None, clock=None, intervals=POLL_INTERVALS):
        self.timeout = timeout
        self.sleep = time.sleep if sleep is None else sleep
        self.clock = time.monotonic if clock is None else clock
        self.intervals = intervals

    def wait(self, read, status_of, targets, failed=(), keys=(None,), known=None):
        """Poll ``read(key)`` for each key until ``status_of(thing)`` is in ``targets``; return {key: last thing}.

        ``read`` answers None for something Atlas does not know (404); its status is then GONE, which
        the caller puts in ``targets`` (waiting for a deletion), in ``failed`` (it must not vanish) or
        nowhere (keep waiting). ``known`` maps keys to things already read: they are judged before the
        first poll, which follows at once. A status in ``failed`` raises WaitFailed at once; not every
        key done within ``timeout`` raises WaitTimedOut.
        """
        last, statuses = {}, {}

        def done(key, thing):
            last[key] = thing
            statuses[key] = GONE if thing is None else status_of(thing)
            if statuses[key] in failed:
                raise WaitFailed(key, thing, statuses[key])
            return statuses[key] in targets

        known = known or {}
        pending = [key for key in keys if not (key in known and done(key, known[key]))]
        deadline = Deadline(self.timeout, self.clock)
        attempt = 0
        while True:
            pending = [key for key in pending if not done(key, read(key))]
            if not pending:
                return last
            if deadline.passed():
                raise WaitTimedOut(self.timeout, pending, last, statuses)
            attempt += 1
            self.sleep(min(self.intervals.delay(attempt), max(0.1, deadline.remaining())))
