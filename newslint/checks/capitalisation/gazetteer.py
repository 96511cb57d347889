"""The names NL201 knows: the gazetteer pack (rules/gazetteer.toml), read on first use."""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

from newslint.config import tomllib
from newslint.lazy import once


class Gazetteer(NamedTuple):
    safe: dict  # lower-case form -> canonical form (its lower case is not a word)
    ambiguous: dict  # lower-case form -> (canonical form, "place" | "nationality"); a word too
    dates: frozenset  # lower-case months/weekdays that are words: march, may, august
    multi: dict  # flaggable word (lower) -> [(words lower, canonical words, flaggable indexes, its index)]
    keys: frozenset  # every lower-case form NL201 looks at


@once
def gazetteer() -> Gazetteer:
    """The names NL201 knows, read from the gazetteer pack on first use."""
    text = resources.files("newslint.rules").joinpath("gazetteer.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)["pack"]["gazetteer"]
    safe = {}
    for key, names in data.items():
        if isinstance(names, str):  # one name per line (parsed far faster than an array)
            safe.update((n.lower(), n) for n in names.split("\n") if n)
        elif isinstance(names, list) and key != "dates":
            safe.update((n.lower(), n) for n in names)
    multi: dict = {}
    for name, flags in data.get("multi", {}).items():
        words = name.split()
        keys = tuple(w.lower() for w in words)
        for j in flags:
            multi.setdefault(keys[j], []).append((keys, tuple(words), tuple(flags), j))
    ambiguous = {k: tuple(v) for k, v in data.get("ambiguous", {}).items()}
    dates = frozenset(d.lower() for d in data.get("dates", []))
    return Gazetteer(
        safe,
        ambiguous,
        dates,
        multi,
        frozenset(safe) | frozenset(ambiguous) | dates | frozenset(multi),
    )
