"""Where a run's corpus lives (its root), and what the corpus index has to say during one run."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Optional


class IndexRun:
    """What the index says during one run: warnings, each said once, in the order first said;
    notes said only with ``--verbose`` (a run that could not write the index)."""

    def __init__(self):
        self.messages: dict = {}
        self.notes: dict = {}

    def warn(self, key, message: str) -> None:
        self.messages.setdefault(key, message)

    def note(self, key, message: str) -> None:
        self.notes.setdefault(key, message)

    def warnings(self) -> list:
        return list(self.messages.values())


def find_root(context, paths: Iterable[str], run: IndexRun) -> tuple:
    """(the corpus root of a run, how it was found: "configured", "git" or "folder"), or
    (None, "") when the index is off (``context``: a rule.Context).

    ``corpus-root`` from the configuration (relative to the configuration's folder; it must
    exist), else the git repository holding the run's files (``paths``: as named; ``-`` is
    stdin, in the working directory; of nested repositories, the outermost), else the folder
    holding all the files named.  Files in separate repositories: no index, with a warning.
    Off unless the run asked for the cache (the CLI does unless ``--no-cache``/``cache = false``).
    """
    if context is None or not context.cache:
        return None, ""
    configured = context.corpus_root
    if configured:
        root = Path(os.path.abspath(os.path.join(context.root or ".", configured)))
        if not root.is_dir():
            run.warn(
                ("corpus-root", str(root)),
                f"key 'corpus-root': {root} is not an existing folder: the corpus index is not "
                "used (create the folder, or correct the key)",
            )
            return None, ""
        return root, "configured"
    folders = set()
    for p in paths:
        full = os.getcwd() if p == "-" else os.path.abspath(p)
        folders.add(full if os.path.isdir(full) else os.path.dirname(full))
    if not folders:
        return None, ""
    known: dict = {}
    folders = sorted(folders)
    repos = [_repository(Path(f), known) for f in folders]
    if None not in repos:
        top = [r for r in set(repos) if all(r == o or r in o.parents for o in repos)]
        if top:
            return top[0], "git"
        names = ", ".join(sorted(set(map(str, repos))))
        run.warn(
            ("repos", names),
            f"the files of this run lie in separate git repositories ({names}): the corpus "
            "index is not used",
        )
        return None, ""
    if any(r is not None for r in repos):  # some files in a repository, some not
        return Path(os.path.commonpath([str(r or f) for r, f in zip(repos, folders)])), "folder"
    return Path(os.path.commonpath(folders)), "folder"


def _repository(folder: Path, known: dict) -> Optional[Path]:
    """The outermost git repository (a .git folder or file) holding ``folder``, or None."""
    if folder not in known:
        repos = [d for d in (folder, *folder.parents) if (d / ".git").exists()]
        known[folder] = repos[-1] if repos else None
    return known[folder]
