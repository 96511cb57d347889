"""Wire copy (our own invented stories in the style of 1980s newswire) is edited text: the
default rules are silent on it.  Its tables of figures, ticker symbols in angle brackets,
hard-wrapped lines ("comment." alone), unspaced ellipses and state abbreviations are not
defects; the same defects planted in its prose are still found."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

WIRE = Path(__file__).parent / "fixtures" / "wire"


def newslint(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_wire_copy_is_silent_under_the_default_rules():
    proc = newslint(".", cwd=WIRE)
    assert proc.stdout == "" and proc.returncode == 0, proc.stdout


def test_defects_planted_in_wire_prose_are_still_found(tmp_path):
    shutil.copytree(WIRE, tmp_path / "wire")
    story = tmp_path / "wire" / "a2.txt"
    text = story.read_text(encoding="utf-8")
    text = text.replace("will build\n", "will will build\n")  # a doubled word
    text = text.replace("the spring.", "the spring.<br>Officials said.It was.")  # HTML, glue
    story.write_text(text, encoding="utf-8")
    table = tmp_path / "wire" / "a4.txt"
    table.write_text(table.read_text(encoding="utf-8") + "Follow us on Twitter\n", "utf-8")
    out = newslint(".", cwd=tmp_path / "wire").stdout
    codes = sorted({line.split()[1] for line in out.splitlines()})
    assert codes == ["NL301", "NL309", "NL701", "NL703"], out
