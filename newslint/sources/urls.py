"""Inputs named by fsspec URLs (``s3://bucket/feeds/``, ``file:///data/a.jsonl``, ``memory://``).

A URL's files are found through its filesystem (a folder is walked, a glob expanded, where the
filesystem can) and read as bytes, which the codec decodes as it decodes a local file's; they
are reported under the URL.  fsspec is imported only when a URL is given; a URL that cannot be
used (fsspec missing, a protocol fsspec does not know or whose package is missing) is a
ConfigError (exit 2) when the run starts, and an unreadable file an NL003 report, as locally.
Fixes are written to local files only: ``file://`` URLs are local (``local_path``).
"""

from __future__ import annotations

import os
import re
from typing import Optional

from newslint.config import ConfigError

URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+://")
MAGIC = re.compile(r"[*?\[]")


def is_url(path: str) -> bool:
    return bool(URL.match(path))


def local_path(path: str) -> Optional[str]:
    """The local path of a ``file://`` URL; None for any other."""
    if path[:7].lower() != "file://":
        return None
    rest = path[7:]
    return rest if rest.startswith("/") else "/" + rest.split("/", 1)[-1]  # file://host/path


def refuse_fix(paths: list) -> None:
    """--fix writes local files only: ConfigError naming the first path that is a URL of
    another filesystem (``file://`` is local)."""
    for path in paths:
        if is_url(path) and local_path(path) is None:
            raise ConfigError(
                f"{path}: --fix writes local files only; lint the URL without --fix, or use "
                "--diff to see the fixes"
            )


def filesystem(url: str) -> tuple:
    """(fsspec filesystem, path inside it) of ``url``; ConfigError when it cannot be had."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise ConfigError(
            f"{url}: reading URLs needs fsspec: pip install 'newslint[dask]'"
        ) from None
    try:
        return url_to_fs(url)
    except ImportError as exc:  # the protocol's package (s3fs, gcsfs, ...) is not installed
        raise ConfigError(f"{url}: {exc}") from None
    except ValueError as exc:  # "Protocol not known: nosuch"
        raise ConfigError(f"{url}: {exc}") from None
    except Exception as exc:  # credentials, a malformed address: the filesystem's own words
        raise ConfigError(f"{url}: cannot open: {type(exc).__name__}: {exc}") from None


def open_url(path: str):
    """A binary file object of a URL's file; OSError when it cannot be read."""
    try:
        fs, inner = filesystem(path)
        return fs.open(inner, "rb")
    except OSError:
        raise
    except Exception as exc:  # a ConfigError, a filesystem's own error: the file is unreadable
        raise OSError(str(exc)) from None


def size_of(path: str) -> int:
    """The size of a local file or a URL's; OSError when it cannot be had."""
    if not is_url(path):
        return os.path.getsize(path)
    try:
        fs, inner = filesystem(path)
        found = fs.size(inner)
    except OSError:
        raise
    except Exception as exc:
        raise OSError(str(exc)) from None
    if found is None:
        raise OSError(f"{path}: size unknown")
    return int(found)


def expand(url: str) -> list:
    """The files a URL names, as (URL of the file, its path relative to the URL's folder, or
    None for the URL itself): a glob's matches, a folder's files at any depth, else the URL
    itself (a missing file is reported when read)."""
    fs, inner = filesystem(url)
    try:
        if MAGIC.search(inner) and MAGIC.search(url):
            base = inner[: MAGIC.search(inner).start()].rsplit("/", 1)[0]
            shown = url[: MAGIC.search(url).start()].rsplit("/", 1)[0]
            found = sorted(p for p in fs.glob(inner) if not fs.isdir(p))
        elif fs.isdir(inner):
            base, shown, found = inner, url.rstrip("/"), sorted(fs.find(inner))
        else:
            return [(url, None)]
    except Exception as exc:  # permissions, a bucket that does not exist, the network
        raise ConfigError(f"{url}: cannot list: {type(exc).__name__}: {exc}") from None
    base = base.rstrip("/") + "/"
    return [
        (shown + "/" + p[len(base) :], p[len(base) :])
        if p.startswith(base)
        else (fs.unstrip_protocol(p), p.rsplit("/", 1)[-1])
        for p in found
    ]
