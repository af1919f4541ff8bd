"""Simulated clock.

Lifecycles are computed lazily from the elapsed simulated time since a resource's
creation/acceptance/deletion request.  ``advance()`` moves the clock forward so that
tests never need to sleep.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone


class Clock:
    def __init__(self, offset: float = 0.0):
        self._offset = float(offset)
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self._offset

    @property
    def offset(self) -> float:
        return self._offset

    def advance(self, seconds: float) -> float:
        with self._lock:
            self._offset += float(seconds)
            return self._offset

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0


def phase(start: float, now: float, step: float, names):
    """Return ``names[i]`` where i = number of whole ``step`` periods elapsed since start.

    The last name is terminal.  With ``step == 0`` the terminal name is returned at once.
    """
    if step <= 0:
        return names[-1]
    idx = int(max(0.0, now - start) // step)
    return names[min(idx, len(names) - 1)]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
