"""Which files to lint: recursion, include/exclude globs, .gitignore."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from newslint import sources
from newslint.globs import GlobSet, relative, relative_or_none
from newslint.sources import urls

# JSON Lines are scraper output; plain *.json is opt-in (package.json has a "description")
DEFAULT_INCLUDE = sources.default_include()  # the suffixes of the readers linted by default
READABLE = frozenset(s for r in sources.readers() for s in r.suffixes)  # types a reader knows
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".newslint_cache",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
    "*.egg-info",
)


@dataclass
class Discovery:
    include: tuple = DEFAULT_INCLUDE
    exclude: tuple = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    force_exclude: bool = False
    root: str = "."

    def __post_init__(self):
        self.exclude_globs = GlobSet(self.exclude)
        self.include_globs = GlobSet(self.include)


@dataclass
class Found:
    files: list = field(default_factory=list)  # (fs_path, display)
    problems: list = field(default_factory=list)  # (display, message)
    # files of a readable type left out by the include globs: suffix -> count
    not_included: Counter = field(default_factory=Counter)


def shown(path: str) -> str:
    """A path as reports name it: without a leading './' (``newslint .`` names 'a.txt')."""
    while path.startswith("./") and len(path) > 2:
        path = path[2:].lstrip("/")
    return path


def _excluded(path: str, d: Discovery, rel: Optional[str] = None) -> bool:
    """``rel``: the path relative to the root, when the caller knows it (``relative``)."""
    globs = d.exclude_globs
    return globs.match(relative(path, d.root) if rel is None else rel) or globs.match(path)


def _included(path: str, d: Discovery, rel: Optional[str] = None) -> bool:
    globs = d.include_globs
    return globs.match_name(os.path.basename(path)) or globs.match(
        relative(path, d.root) if rel is None else rel
    )


def collect(paths: list, d: Discovery) -> Found:
    found = Found()
    seen = set()

    def add(fs_path: str, display: str, key: Optional[str] = None):
        key = key or os.path.realpath(fs_path)
        if key not in seen:
            seen.add(key)
            found.files.append((fs_path, display))

    walked = []
    roots = tuple(os.path.realpath(arg) for arg in paths if os.path.isdir(arg))
    for arg in paths:
        if urls.is_url(arg):
            for fs_path, display in _from_url(arg, d, found):
                add(fs_path, display)
        elif os.path.isdir(arg):
            if d.force_exclude and _excluded(arg, d):
                continue
            walked.extend(_walk(arg, d, found, roots))
        else:
            if d.force_exclude and _excluded(arg, d):
                continue
            add(arg, shown(arg))  # explicit files are linted (a missing one is reported as NL003)
    if d.respect_gitignore and walked:
        ignored = git_ignored([w[0] for w in walked])
        walked = [w for w in walked if w[0] not in ignored]
    for fs_path, display, key in walked:
        add(fs_path, display, key)
    found.files.sort(key=lambda f: f[1])
    return found


def _from_url(url: str, d: Discovery, found: Found) -> list:
    """(fs_path, display) of the files an fsspec URL names: a folder's files at any depth and
    a glob's matches, chosen by the include and exclude globs (relative to the URL), or the
    URL itself.  Displayed as URLs; read through fsspec, but a ``file://`` file locally (its
    fixes can be written).  ConfigError (exit 2) for a URL that cannot be used."""
    out = []
    for shown_url, rel in urls.expand(url):
        if rel is not None:
            if d.exclude_globs.match(rel):
                continue
            name = rel.rsplit("/", 1)[-1]
            if not (d.include_globs.match_name(name) or d.include_globs.match(rel)):
                suffix = os.path.splitext(rel)[1]
                if suffix.lower() in READABLE:
                    found.not_included[suffix] += 1
                continue
        out.append((urls.local_path(shown_url) or shown_url, shown_url))
    return out


def _inside(real: str, roots: tuple) -> bool:
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _walk(top: str, d: Discovery, found: Found, roots: tuple = ()):
    """The files under ``top``; a link to a directory is followed only when it leads into
    ``roots`` (the directories given: a tree's links may lead anywhere), once (no loops)."""
    roots = roots or (os.path.realpath(top),)
    visited = {os.path.realpath(top)}
    out = []

    def onerror(exc: OSError):
        found.problems.append(
            (shown(exc.filename or top), f"cannot read directory: {exc.strerror or exc}")
        )

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror, followlinks=True):
        keep = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if _excluded(full, d):
                continue
            real = os.path.realpath(full)
            if not _inside(real, roots):
                found.problems.append(
                    (shown(full), "directory link leads outside the linted paths: not followed")
                )
                continue
            if real in visited:
                found.problems.append(
                    (
                        shown(full),
                        "directory loop (a link back to a directory already visited): skipped",
                    )
                )
                continue
            visited.add(real)
            keep.append(name)
        dirnames[:] = keep
        # what every file of the folder shares, worked out once: its path relative to the
        # root (the globs') and its real path (the key that lists a file once)
        rel_dir = relative_or_none(dirpath, d.root)  # None: each file's alone
        real_dir = os.path.realpath(dirpath) if filenames else ""
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = None if rel_dir is None else name if rel_dir == "." else f"{rel_dir}/{name}"
            excluded = _excluded(full, d, rel)
            if not excluded and _included(full, d, rel):
                special, key = _kind(full, real_dir, name)
                if special:
                    found.problems.append(
                        (shown(full), "not a regular file (a FIFO, socket or device): skipped")
                    )
                else:
                    out.append((full, shown(full), key))
            elif not excluded:
                suffix = os.path.splitext(name)[1]
                if suffix.lower() in READABLE:  # '*.TXT' is what --extend-include needs
                    found.not_included[suffix] += 1
    return out


def _kind(full: str, real_dir: str, name: str) -> tuple:
    """(special, key) of a file met while walking: ``_special``, and its real path when one
    lstat shows it is not a link (the folder's real path and its name), else None (the
    caller asks ``os.path.realpath``).  One system call where ``_special`` and ``realpath``
    took one for each part of the path."""
    try:
        mode = os.lstat(full).st_mode
    except OSError:
        return _special(full), None
    if stat.S_ISLNK(mode):
        return _special(full), None
    return not stat.S_ISREG(mode), os.path.join(real_dir, name)


def _special(path: str) -> bool:
    """A FIFO, socket or device met while walking: reading a FIFO with no writer blocks
    forever and a device may never end, so only regular files are read (a dangling or
    looping link is left to the reader, which reports it)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def git_ignored(paths: list) -> set:
    """The paths git ignores (batched per repository); empty outside git or without git.

    Files git tracks are never ignored, and asking ``check-ignore`` about each of them costs
    milliseconds a path in a large repository: they are listed once (``ls-files``) and only
    the others are asked about.  When git fails or times out, a warning says that .gitignore
    was not applied there, instead of passing in silence."""
    by_top: dict = {}
    for p in paths:
        directory = os.path.dirname(os.path.abspath(p))
        by_top.setdefault(directory, []).append(p)
    tops: dict = {}
    for directory, ps in by_top.items():
        top = _git_toplevel(directory)
        if top:
            tops.setdefault(top, []).extend(ps)
    ignored = set()
    for top, ps in tops.items():
        # names go as bytes: a file name that is not valid UTF-8 (surrogate escapes in str)
        # must reach git as the bytes it has on disk, not fail the run
        try:
            listed = _git(top, ["ls-files", "-z"], b"")
            tracked = {os.path.join(top, os.fsdecode(n)) for n in listed.split(b"\0") if n}
            ps = [p for p in ps if os.path.abspath(p) not in tracked]
            if not ps:
                continue
            out = _git(
                top,
                ["check-ignore", "--stdin", "-z"],
                b"".join(os.fsencode(os.path.abspath(p)) + b"\0" for p in ps),
            )
        except (OSError, subprocess.SubprocessError) as e:
            print(
                f"newslint: warning: git could not say which files {top}/.gitignore ignores "
                f"({type(e).__name__}): .gitignore not applied there",
                file=sys.stderr,
            )
            continue
        hits = {os.fsdecode(h) for h in out.split(b"\0") if h}
        ignored |= {p for p in ps if os.path.abspath(p) in hits}
    return ignored


def _git(top: str, args: list, data: bytes) -> bytes:
    """git's output in repository ``top``; check-ignore exits 1 when it ignores nothing."""
    proc = subprocess.run(["git", "-C", top, *args], input=data, capture_output=True, timeout=60)
    if proc.returncode not in (0, 1):
        raise subprocess.CalledProcessError(proc.returncode, args)
    return proc.stdout


_TOPLEVELS: dict = {}


def _git_toplevel(directory: str):
    if directory in _TOPLEVELS:
        return _TOPLEVELS[directory]
    try:
        proc = subprocess.run(
            ["git", "-C", directory, "rev-parse", "--show-toplevel"],
            capture_output=True,
            timeout=10,
        )
        top = os.fsdecode(proc.stdout.rstrip(b"\n")) if proc.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        top = None
    _TOPLEVELS[directory] = top
    return top
