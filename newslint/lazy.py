"""Data loaded on first use: once per process, whichever thread asks first; and regular
expressions compiled on first use."""

from __future__ import annotations

import gc
import sys
import threading
from functools import wraps
from typing import Callable, TypeVar

import regex

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
                    # kept for the life of the process: out of the cycle collector's sight,
                    # which would walk a word list's 300,000 entries at each of its passes
                    gc.freeze()
        return held[0]

    get.loaded = lambda: bool(held)  # type: ignore[attr-defined]
    return get


class computed:
    """``functools.cached_property`` without its lock: the value, computed on first access,
    is kept in the instance's ``__dict__``, where later lookups find it without calling here.
    Python 3.8-3.11's ``cached_property`` takes a lock on every first access (3.12 dropped
    it).  A Document's views are built by the one thread that lints it; where two threads
    ask a shared object at once (a rule's user dictionary), both compute the same value."""

    def __init__(self, func: Callable):
        self.func, self.name = func, func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


# what a compiled pattern offers (``flags`` aside: a LazyPattern's are the flags it was given)
_PATTERN_NAMES = tuple(n for n in dir(regex.Pattern) if not n.startswith("_") and n != "flags")


class LazyPattern:
    """``regex.compile(source, flags)``, made when the pattern is first used: a module's
    patterns are mostly for texts a run may never see (compiling every one at start-up was a
    fifth of a one-file run). Once compiled, the pattern's methods and attributes are bound on
    this object, and the global of the module that made it (``WORD = LazyPattern(...)``) is
    the compiled pattern itself: a call then costs what it costs on the compiled pattern (a
    method bound on an object is ~15 % slower to call than a pattern's own, on a short text)."""

    def __init__(self, source: str, flags: int = 0):
        self.source, self.flags = source, flags
        # the globals of the module that made it (its name there is found when compiled)
        self._home = sys._getframe(1).f_globals

    def __getattr__(self, name: str):  # only until compiled (then found on the object)
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = regex.compile(self.source, self.flags)
        for attr in _PATTERN_NAMES:
            setattr(self, attr, getattr(compiled, attr))
        home = self.__dict__.pop("_home", None) or {}
        for key, value in list(home.items()):
            if value is self:
                home[key] = compiled
        return getattr(compiled, name)

    def __reduce__(self):
        return LazyPattern, (self.source, self.flags)

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r}, {self.flags!r})"
