"""The configuration a result was made with (``fingerprint``): the corpus index keeps a file's
result for the configuration that made it, and a run reuses it only under the same one."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from importlib import resources
from pathlib import Path

import newslint
from newslint.engine.lint import Linter


def fingerprint(linter: Linter) -> str:
    """Everything that changes a file's result besides its bytes and name: newslint's own
    files, the rules and their options, packs, plugins, dictionaries, the source options.
    newslint's own files by content where an installed wheel's RECORD vouches for it (its
    hash, while the size still agrees), else by size and mtime, and by their place in the
    package, not on disk: newslint installed again from the same sources (``pre-commit
    try-repo`` builds a new environment at every call) keeps the results.  Other files by
    size and mtime, not inode: a CI cache that restores the environment with the index
    (times kept, new inodes) keeps its results."""
    s = linter.settings
    h = hashlib.blake2b(digest_size=16)

    def add(*parts) -> None:
        h.update(repr(parts).encode("utf-8", "surrogateescape"))

    add(newslint.__version__, sys.version_info[:2], s.select, sorted(s.rule_settings.items()))
    add(s.plugins, s.source, s.per_file_ignores, s.root, s.document_stats, s.verbose)
    add(s.extra.get("words"), s.extra.get("dictionary-files"))
    packs = str(resources.files("newslint.rules"))  # in a source tree: ../rules
    for name, identity in package_files(Path(newslint.__file__).parent, packs):
        add(name, identity)
    for path in _files_under([*s.rule_paths, *(s.extra.get("dictionary-files") or ())]):
        add(path, _size_mtime(path))
    modules = {type(r).__module__ for r in linter.document_rules + linter.corpus_rules}
    for name in sorted(m for m in modules if not m.startswith("newslint.")):
        add(name, _size_mtime(getattr(sys.modules.get(name), "__file__", None) or ""))
    return h.hexdigest()


def package_files(package: Path, packs: str) -> list:
    """(name in the package, identity) of newslint's own files and its built-in ``packs``
    (a folder in or beside the package): (hash, size) where the RECORD of the wheel installed
    vouches for the file (its size agrees), else (size, mtime_ns)."""
    recorded = _recorded(package)
    inside = packs.startswith(str(package) + os.sep)
    out = []
    for path in _files_under([package] if inside else [package, packs]):
        name = os.path.relpath(path, package).replace(os.sep, "/")
        size_mtime = _size_mtime(path)
        content = recorded.get(name)
        out.append((name, content if content and size_mtime[:1] == content[1:] else size_mtime))
    return out


def _recorded(package: Path) -> dict:
    """{path in the package: (hash, size)} from the RECORD of the wheel newslint was installed
    from (what pip checked the files against); {} for a source tree or an editable install."""
    record = package.parent / f"newslint-{newslint.__version__}.dist-info" / "RECORD"
    try:
        text = record.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    top = package.name + "/"
    out = {}
    for line in text.splitlines():
        rest = line.rsplit(",", 2)
        if len(rest) == 3 and rest[0].startswith(top) and rest[1] and rest[2].isdigit():
            out[rest[0][len(top) :]] = (rest[1], int(rest[2]))
    return out


def _files_under(paths: list) -> list:
    out = []
    for p in map(str, paths):
        if os.path.isdir(p):
            for folder, dirs, names in os.walk(p, followlinks=True):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                out.extend(os.path.join(folder, n) for n in sorted(names))
        else:
            out.append(p)
    return out


def _size_mtime(path: str) -> tuple:
    """(size, mtime_ns) of a regular file; () for anything else."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return ()
    return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else ()
