"""Data loaded on first use: once per process, whichever thread asks first."""

from __future__ import annotations

import threading
from functools import wraps
from typing import Callable, TypeVar

T = TypeVar("T")


def once(load: Callable[[], T]) -> Callable[[], T]:
    """``load()`` on the first call only, under a lock; its result on every later call.

    ``.loaded()`` on the wrapper says whether the data is in memory yet (importing a module
    must not load it)."""
    lock = threading.Lock()
    held: list = []

    @wraps(load)
    def get() -> T:
        if not held:
            with lock:
                if not held:
                    held.append(load())
        return held[0]

    get.loaded = lambda: bool(held)  # type: ignore[attr-defined]
    return get
