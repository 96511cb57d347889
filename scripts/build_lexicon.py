"""Build newslint/data/lexicon-*.txt.gz from SCOWL (Debian wamerican-large, wbritish-large)
and pyspellchecker's English word frequencies.

    apt-get install wamerican-large wbritish-large
    python scripts/build_lexicon.py

Outputs (flat, in newslint/data/):
  lexicon-words.txt.gz      SCOWL words, case preserved, American + British, no possessives
  lexicon-frequency.txt.gz  "word count" lines: every known lower-case form with
                            pyspellchecker's count (0 when only SCOWL lists it)
"""

from __future__ import annotations

import gzip
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "newslint", "data")
SCOWL = ("/usr/share/dict/american-english-large", "/usr/share/dict/british-english-large")


def scowl_words() -> set:
    words = set()
    for path in SCOWL:
        with open(path, encoding="utf-8") as fh:
            words.update(line.strip() for line in fh)
    words.discard("")
    return {w for w in words if not w.endswith("'s")}


def frequencies() -> dict:
    import spellchecker

    path = os.path.join(os.path.dirname(spellchecker.__file__), "resources", "en.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def write(name: str, lines) -> None:
    path = os.path.join(DATA, name)
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as fh:
        fh.write("\n".join(lines).encode("utf-8"))
    print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


def main() -> None:
    words = scowl_words()
    write("lexicon-words.txt.gz", sorted(words))
    # every known lower-case form, with pyspellchecker's count (0: known only to SCOWL)
    freq = {w: c for w, c in frequencies().items() if w and " " not in w}
    for w in words:
        freq.setdefault(w.lower(), 0)
    write("lexicon-frequency.txt.gz", (f"{w} {c}" for w, c in sorted(freq.items())))


if __name__ == "__main__":
    main()
