"""Glob sets compiled once: a pattern without a slash matches any path component's name,
one with a slash matches the path relative to the project root (``**/`` for any depth)."""

from __future__ import annotations

import fnmatch
import os
import re
from typing import Optional


class GlobSet:
    def __init__(self, patterns):
        self.patterns = tuple(patterns)
        names = [p.rstrip("/") for p in self.patterns if "/" not in p.rstrip("/")]
        paths = [p.rstrip("/") for p in self.patterns if "/" in p.rstrip("/")]
        self._name = re.compile("|".join(fnmatch.translate(p) for p in names)) if names else None
        alternatives = []
        for p in paths:
            p = p[2:] if p.startswith("./") else p
            alternatives.append(fnmatch.translate(p))
            alternatives.append(fnmatch.translate(p + "/*"))  # a directory pattern covers its files
            if p.startswith("**/"):
                alternatives.append(fnmatch.translate(p[3:]))
                alternatives.append(fnmatch.translate(p[3:] + "/*"))
        self._path = re.compile("|".join(alternatives)) if alternatives else None

    def __bool__(self):
        return bool(self.patterns)

    def match(self, path: str) -> bool:
        path = path.replace(os.sep, "/")
        while path.startswith("./"):
            path = path[2:]
        if self._path is not None and self._path.match(path):
            return True
        if self._name is not None:
            return any(self._name.match(part) for part in path.split("/") if part)
        return False

    def match_name(self, name: str) -> bool:
        return self._name is not None and bool(self._name.match(name))


def glob_match(path: str, pattern: str) -> bool:
    return GlobSet([pattern]).match(path)


def relative(path: str, root: str) -> str:
    """``path`` relative to ``root``, '/'-separated, as globs and ignores match it."""
    rel = relative_or_none(path, root)
    return path.replace(os.sep, "/") if rel is None else rel


def relative_or_none(path: str, root: str) -> Optional[str]:
    """``relative``, or None where it would fall back to the path itself (a path on another
    drive than the root's, on Windows)."""
    try:
        return os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    except ValueError:
        return None
