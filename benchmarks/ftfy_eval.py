"""NL801 (mojibake) against ftfy's own test cases.

Usage: python benchmarks/ftfy_eval.py [../shared/corpora/ftfy] [--show]

Recall: of the cases in in-the-wild.json whose expected encoding fix ("fixed-encoding", else
"fixed", as ftfy's own tests read them) differs from the original, the share NL801 flags.
False alarms: the cases of negative.json whose expected fix is the identity that NL801 flags;
there should be none. Reports of the other NL8xx rules on negative cases are listed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from newslint import engine
from newslint.document import Document
from newslint.registry import build_registry

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ftfy"


def linter(codes):
    registry = build_registry(plugins=False)
    chosen = tuple(sorted(c for c in registry.rules if any(c.startswith(p) for p in codes)))
    return engine.Linter(engine.Settings(select=chosen, plugins=False), registry)


def flagged(lint: engine.Linter, text: str) -> list:
    doc = Document(text)
    return [v for rule in lint.document_rules for v in rule.check(doc)]


def main(argv: list) -> int:
    show = "--show" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else DEFAULT
    nl801, nl8 = linter(["NL801"]), linter(["NL8"])
    started = time.perf_counter()

    wild = json.loads((root / "in-the-wild.json").read_text(encoding="utf-8"))
    differs = [c for c in wild if c.get("fixed-encoding", c["fixed"]) != c["original"]]
    hits = [c for c in differs if flagged(nl801, c["original"])]
    passing = [c for c in differs if c.get("expect") == "pass"]
    passing_hits = [c for c in passing if c in hits]
    print(f"in-the-wild: {len(wild)} cases, {len(differs)} whose encoding fix differs")
    print(
        f"  NL801 flags {len(hits)}/{len(differs)} = {100 * len(hits) / max(1, len(differs)):.1f}%"
    )
    print(
        f"  (expect=pass only: {len(passing_hits)}/{len(passing)} = {100 * len(passing_hits) / max(1, len(passing)):.1f}%)"
    )
    same = [c for c in wild if c not in differs and flagged(nl801, c["original"])]
    print(f"  flagged although the encoding fix is the identity: {len(same)}")
    if show:
        for c in differs:
            if c not in hits:
                print("    missed:", c["label"], repr(c["original"][:80]))

    negative = json.loads((root / "negative.json").read_text(encoding="utf-8"))
    untouched = [c for c in negative if c.get("fixed-encoding", c["fixed"]) == c["original"]]
    neg801 = [c for c in untouched if flagged(nl801, c["original"])]
    print(
        f"negative: {len(negative)} cases, {len(untouched)} that ftfy must leave as they are; NL801 flags {len(neg801)} of them"
    )
    for c in negative:
        codes = [v.rule.code for v in flagged(nl8, c["original"])]
        if codes:
            kind = "to fix" if c not in untouched else "untouched"
            print(f"    NL8xx report on a negative case ({kind}):", c["label"], codes)
    print(f"time: {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
