"""The corpus's folders, listed again only when changed: which files a corpus holds, found
without walking every folder of it on every run (``engine.cache``)."""

from __future__ import annotations

import os
from typing import Optional

from newslint import discover


def folder_tree(top: str, d, old: dict) -> Optional[dict]:
    """{folder: [mtime_ns, file names, subfolder names, .gitignore stamp]} of the corpus
    under ``top`` (folders '/' separated, relative to it; "" is ``top``), the files those
    discovery (``d``) would lint.  A folder whose mtime is the one in ``old`` holds the same
    names (adding, removing or renaming an entry changes it) and is not listed again; a
    changed .gitignore lists them all again.  None when a folder is a link (discovery's own
    walk decides where links lead)."""
    tree: dict = {}
    listed: list = []  # (folder, candidate displays) of the folders listed now
    checked: dict = {}  # folder listed again -> the names git was asked about before
    stack = [""]
    while stack:
        rd = stack.pop()
        full = os.path.join(top, *rd.split("/")) if rd else top
        try:
            mtime = os.stat(full).st_mtime_ns
        except OSError:
            continue
        entry = old.get(rd)
        if _sound(entry) and entry[0] == mtime and _ignore_stamp(full) == entry[3]:
            tree[rd] = entry
        else:
            got = _list_folder(full, d)
            if got is None:
                return None
            names, subfolders = got
            tree[rd] = [mtime, names, subfolders, _ignore_stamp(full)]
            if entry is not None and _sound(entry) and entry[3] != tree[rd][3]:
                return folder_tree(top, d, {}) if old else None  # a .gitignore changed
            listed.append(rd)
            if _sound(entry):
                checked[rd] = set(entry[1])
        stack.extend(f"{rd}/{s}" if rd else s for s in reversed(tree[rd][2]))
    if d.respect_gitignore and listed:
        # git is asked only about names it was not asked about with the same .gitignore files
        # (asking costs a lookup in git's own index: seconds for a folder of a large corpus)
        paths = {
            os.path.join(top, *rd.split("/"), n) if rd else os.path.join(top, n): (rd, n)
            for rd in listed
            for n in tree[rd][1]
            if n not in checked.get(rd, ())
        }
        for p in discover.git_ignored(list(paths)):
            rd, n = paths[p]
            tree[rd][1].remove(n)
    return tree


def _sound(entry) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and isinstance(entry[0], int)
        and all(isinstance(x, list) and all(isinstance(n, str) for n in x) for x in entry[1:3])
    )


def _ignore_stamp(folder: str) -> Optional[list]:
    try:
        st = os.stat(os.path.join(folder, ".gitignore"))
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _list_folder(full: str, d) -> Optional[tuple]:
    """(file names discovery would lint, subfolder names it would enter) of one folder."""
    try:
        entries = sorted(os.scandir(full), key=lambda e: e.name)
    except OSError:
        return [], []
    names, subfolders = [], []
    for e in entries:
        path = os.path.join(full, e.name)
        try:
            if e.is_dir():
                if e.is_symlink():
                    return None
                if not discover._excluded(path, d):
                    subfolders.append(e.name)
            elif e.is_file() and discover._included(path, d) and not discover._excluded(path, d):
                names.append(e.name)
        except OSError:
            continue
    return names, subfolders


def changes(old: dict, new: dict) -> tuple:
    """(files added, files removed) between two ``folder_tree``s, root-relative '/' paths;
    a folder whose entry is the old one's (not listed again) is not compared."""
    added, removed = set(), set()
    for rd, entry in new.items():
        before = old.get(rd)
        if before is entry:
            continue
        names = set(entry[1])
        was = set(before[1]) if _sound(before) else set()
        prefix = rd + "/" if rd else ""
        added.update(prefix + n for n in names - was)
        removed.update(prefix + n for n in was - names)
    for rd, entry in old.items():
        if rd not in new and _sound(entry):
            prefix = rd + "/" if rd else ""
            removed.update(prefix + n for n in entry[1])
    return added, removed


def files_of(tree: dict, known: list = ()) -> set:
    """Every file of a ``folder_tree``, root-relative '/' paths: the strings of ``known``
    where it has them (a run over the whole corpus holds each name once: ~6 MB at 100,000
    files)."""
    files = {f"{rd}/{n}" if rd else n for rd, entry in tree.items() for n in entry[1]}
    held = [rel for rel in known if rel in files]
    files.difference_update(held)
    files.update(held)
    return files
