"""Installed plugins: the entry points of a group, found without paying for a full scan."""

from __future__ import annotations

import os
import sys


def installed_entry_points(group: str) -> list:
    """The entry points of ``group`` in installed distributions, sorted by name.  Distribution
    metadata is first searched for the group's name directly: importlib.metadata's full scan
    costs more than linting a small file, and most installs have no plugin."""
    if not _declared(f"[{group}]"):
        return []
    from importlib.metadata import entry_points

    try:
        eps = entry_points(group=group)
    except TypeError:  # Python 3.9, which lists a distribution twice when two folders of
        # sys.path lead to it (the current folder, and the same one in PYTHONPATH): once
        eps = list({(e.name, e.value): e for e in reversed(entry_points().get(group, []))}.values())
    return sorted(eps, key=lambda e: e.name)


def _declared(marker: str) -> bool:
    for folder in sys.path:
        try:
            infos = [
                entry.path
                for entry in os.scandir(folder or ".")
                if entry.name.endswith((".dist-info", ".egg-info"))
            ]
        except OSError:
            continue
        for info in infos:
            try:
                with open(os.path.join(info, "entry_points.txt"), encoding="utf-8") as fh:
                    if marker in fh.read():
                        return True
            except OSError:
                continue
    return False
