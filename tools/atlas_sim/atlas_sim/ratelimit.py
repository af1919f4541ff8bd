"""Per-project token-bucket rate limit (``--rate-limit N`` requests/minute, off by default)."""

from __future__ import annotations

import math
import threading
import time
from typing import Dict, Optional, Tuple


class Bucket:
    __slots__ = ("tokens", "stamp")

    def __init__(self, tokens: float, stamp: float):
        self.tokens = tokens
        self.stamp = stamp


class RateLimiter:
    def __init__(self, per_minute: Optional[int]):
        self.per_minute = per_minute
        self._buckets: Dict[str, Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return bool(self.per_minute)

    def take(self, key: str) -> Tuple[bool, int, int]:
        """Consume one token: (allowed, remaining, retry_after_seconds)."""
        cap = float(self.per_minute)
        rate = cap / 60.0
        now = time.monotonic()
        with self._lock:
            b = self._buckets.get(key)
            if b is None:
                b = self._buckets[key] = Bucket(cap, now)
            b.tokens = min(cap, b.tokens + (now - b.stamp) * rate)
            b.stamp = now
            if b.tokens >= 1.0:
                b.tokens -= 1.0
                return True, int(b.tokens), 0
            return False, 0, max(1, math.ceil((1.0 - b.tokens) / rate))

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
