"""Spacing rules on Markdown through the command line, on pages we invented: a mark set in
emphasis of its own after a link is spaced off the link text (NL303), a sentence run into
one opening with an acronym (NL301), and what converters write correctly stays silent."""

from __future__ import annotations

import subprocess
import sys

PAGE = """# Release notes

Here are the features that helped the team ship faster.

- [**Previews**](https://example.com/previews) **:** every branch gets its own address.
- [**Caching**](https://example.com/caching)**:** pages are built once and kept.
- **Redirects:** old addresses keep working.

Read the guides [**for Python**](https://example.com/py) **and** [**for Go**](https://example.com/go) **. Tell us** what you think.

It is a reliable system for us.ISR is vital for the shop, and Node.JS and Socket.IO run it.

| name | note |
|---|---|
| a | **:** |
"""


def test_markdown_spacing(tmp_path):
    (tmp_path / "notes.md").write_text(PAGE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--select", "NL301,NL303", "notes.md"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    found = [line.split(" ", 2)[:2] for line in proc.stdout.splitlines()]
    assert found == [
        ["notes.md:5:47:", "NL303"],
        ["notes.md:9:102:", "NL303"],
        ["notes.md:11:31:", "NL301"],
    ], proc.stdout
