"""A small in-process cache for computed figures, keyed on what they depend on.

Entries are found by a key that the caller builds from everything the figures depend on (the
filters, the day, the data's fingerprint), so a changed input is a different key and never a
stale answer; the time limit only bounds how long figures whose inputs have no fingerprint
(the registry) are reused. Each process (uvicorn worker) has its own; values must be immutable.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class FreshCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, seconds: float, compute: Callable[[], T]) -> T:
        """The value under ``key`` if computed less than ``seconds`` ago, else ``compute()``
        (kept for next time). ``seconds`` 0: always compute, keep nothing."""
        if seconds <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] < seconds:
                self._items.move_to_end(key)
                return found[1]  # type: ignore[return-value]  # stored by this method as T
        value = compute()  # outside the lock: a slow computation never blocks other keys
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
