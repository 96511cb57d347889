"""Recall of the spelling family (NL1xx) on planted one-edit typos.

Plants one-edit non-word typos (a letter inserted, dropped, replaced, or two neighbours
swapped) into lower-case words of ordinary text, lints every document through the real
engine with the NL1 rules, and counts how many typos are reported at their place and how
many get the original word as the first suggestion.

A typo counts only if it is a non-word: unknown to newslint's English lexicon (SCOWL size 80
American + British, pyspellchecker's list).  Words shorter than ``--min-length`` letters are
not planted into (two-letter words have few non-word neighbours the checker may flag).

    python benchmarks/spelling_recall.py ../shared/corpora/bbc          # text files under a dir
    python benchmarks/spelling_recall.py tests/fixtures/spelling/ordinary.txt --per-doc 20
    python benchmarks/spelling_recall.py ../shared/corpora/bbc --speed     # MB/s on one core

Nothing from the text is written anywhere: typos are planted in memory at run time.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import regex  # noqa: E402

from newslint import engine  # noqa: E402
from newslint.checks.spelling import get_misspellings  # noqa: E402
from newslint.document import Document  # noqa: E402
from newslint.lexicon import LETTERS, get_lexicon, in_use  # noqa: E402

LOWER_WORD = regex.compile(
    r"(?<![\p{L}\p{M}'\u2019@#/.\-\d_])\p{Ll}+(?![\p{L}\p{M}'\u2019@/\-\d_])"
)
EDITS = ("insert", "drop", "replace", "swap")


def plant(word: str, rng: random.Random) -> tuple:
    """One random edit of ``word``: (typo, kind)."""
    kind = rng.choice(EDITS)
    n = len(word)
    if kind == "insert":
        i = rng.randrange(n + 1)
        return word[:i] + rng.choice(LETTERS) + word[i:], kind
    if kind == "drop":
        i = rng.randrange(n)
        return word[:i] + word[i + 1 :], kind
    if kind == "replace":
        i = rng.randrange(n)
        return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1 :], kind
    i = rng.randrange(n - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :], kind


def plant_document(text: str, rng: random.Random, per_doc: int, min_length: int) -> tuple:
    """The text with up to ``per_doc`` typos planted in different lines; [(offset, typo, word, kind)]."""
    lex = get_lexicon()
    doc = Document(text)
    spots = [
        m
        for m in LOWER_WORD.finditer(text)
        if len(m.group()) >= min_length and lex.known(m.group()) and not doc.is_protected(m.start())
    ]
    rng.shuffle(spots)
    chosen, lines = [], set()
    for m in spots:
        line = doc.line_index(m.start())
        if line in lines:
            continue
        for _ in range(10):  # find an edit that makes a non-word
            typo, kind = plant(m.group(), rng)
            if not lex.known(typo) and typo.isalpha():
                chosen.append((m.start(), m.end(), typo, m.group(), kind))
                lines.add(line)
                break
        if len(chosen) >= per_doc:
            break
    chosen.sort()
    out, pos, planted, shift = [], 0, [], 0
    for s, e, typo, word, kind in chosen:
        out.append(text[pos:s])
        out.append(typo)
        planted.append((s + shift, typo, word, kind))
        shift += len(typo) - (e - s)
        pos = e
    out.append(text[pos:])
    return "".join(out), planted


def read_texts(path: str) -> list:
    if os.path.isfile(path):
        with open(path, encoding="utf-8", errors="replace") as fh:
            return [t for t in fh.read().split("\n\n") if t.strip()]
    texts = []
    for root, _, files in os.walk(path):
        for name in sorted(files):
            if name.endswith(".txt") and name.upper() != "README.TXT":
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as fh:
                    texts.append(fh.read())
    return texts


def measure(
    texts: list, seed: int = 1, per_doc: int = 1, min_length: int = 3, options=None
) -> dict:
    rng = random.Random(seed)
    codes = ("NL101", "NL102", "NL103")
    settings = engine.Settings(
        select=codes, plugins=False, rule_settings={c: dict(options or {}) for c in codes[:2]}
    )
    linter = engine.Linter(settings)
    results, planted = [], {}
    for i, text in enumerate(texts):
        new, spots = plant_document(text.replace("\r\n", "\n"), rng, per_doc, min_length)
        name = f"doc{i}.txt"
        doc = Document(new)
        planted[name] = [(doc.position(off), typo, word, kind) for off, typo, word, kind in spots]
        results.append(linter.lint_file(name, name, data=new.encode("utf-8")))
    reports = {}
    for r in linter.finish(results):
        reports[(r.path, r.line, r.column)] = r
    found = right = total = 0
    by_kind: dict = {}
    missed = []
    for name, spots in planted.items():
        for (line, col), typo, word, kind in spots:
            total += 1
            k = by_kind.setdefault(kind, [0, 0])
            k[1] += 1
            r = reports.get((name, line, col))
            if r is None:
                missed.append((typo, word))
                continue
            found += 1
            k[0] += 1
            suggestion = regex.findall(r"of '([^']*(?:'[^' ]+)?)'", r.message)
            if suggestion and suggestion[0].lower() == word:
                right += 1
    return {"total": total, "found": found, "right": right, "by_kind": by_kind, "missed": missed}


def _two_edit_index():
    try:
        from newslint.checks.spelling import far
    except ImportError:  # before issue 16
        return
    far.two_edit_candidates("gobernement")  # the index of common words, and its libraries


# What the NL1 rules load once per process, timed apart from the rules' own work: the
# lexicon, the misspelling list, wordfreq's English list (weighing a suggestion), the
# two-edit index.
LOADS = (
    ("lexicon", lambda: get_lexicon().frequency("the")),
    ("misspellings", get_misspellings),
    ("wordfreq", lambda: in_use("wiht", "with")),
    ("two-edit index", _two_edit_index),
)


def speed(paths: list) -> dict:
    """Throughput of the NL1 rules on one core: the rules' own time (check + summaries +
    corpus filter, memo warm-up included, the loads in ``LOADS`` excluded: timed apart) and
    the whole engine's."""
    blobs = []
    for path in paths:
        with open(path, "rb") as fh:
            blobs.append((path, fh.read()))
    size = sum(len(b) for _, b in blobs)
    loads = {}
    for name, warm in LOADS:
        started = time.process_time()
        warm()
        loads[name] = time.process_time() - started
    settings = engine.Settings(select=("NL101", "NL102", "NL103"), plugins=False)
    linter = engine.Linter(settings)
    spent = [0.0]
    for rule in linter.document_rules:  # time the rules themselves
        for name in ("check", "summarize"):
            original = getattr(rule, name, None)
            if original is None:
                continue

            def timed(doc, _original=original):
                t = time.process_time()
                out = list(_original(doc)) if _original.__name__ == "check" else _original(doc)
                spent[0] += time.process_time() - t
                return out

            setattr(rule, name, timed)
    started = time.process_time()
    results = [linter.lint_file(path, path, data=data) for path, data in blobs]
    t = time.process_time()
    reports = linter.finish(results)
    spent[0] += time.process_time() - t
    total = time.process_time() - started
    return {
        "bytes": size,
        "load": sum(loads.values()),
        "loads": loads,
        "rules": spent[0],
        "engine": total,
        "reports": len(reports),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "path", help="a directory of .txt files, or one file of blank-line separated texts"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--per-doc", type=int, default=1, help="typos planted per document (in different lines)"
    )
    p.add_argument("--min-length", type=int, default=3, help="plant into words at least this long")
    p.add_argument("--show-missed", type=int, default=20)
    p.add_argument(
        "--vocabulary-documents", type=int, help="override NL101/NL102's option (0: off)"
    )
    p.add_argument("--speed", action="store_true", help="measure throughput instead of recall")
    args = p.parse_args(argv)
    if args.speed:
        paths = (
            [args.path]
            if os.path.isfile(args.path)
            else sorted(
                os.path.join(r, f)
                for r, _, fs in os.walk(args.path)
                for f in fs
                if f.endswith(".txt") and f.upper() != "README.TXT"
            )
        )
        m = speed(paths)
        mb = m["bytes"] / 1e6
        print(f"{len(paths)} files, {mb:.2f} MB, {m['reports']} reports")
        print(
            f"loads {m['load']:.3f} s cpu: "
            + ", ".join(f"{name} {t:.3f}" for name, t in m["loads"].items())
        )
        print(f"NL1 rules: {m['rules']:.3f} s cpu = {mb / m['rules']:.1f} MB/s")
        print(
            f"engine with NL1 (reading, documents, rules): {m['engine']:.3f} s cpu = {mb / m['engine']:.1f} MB/s"
        )
        return 0
    texts = read_texts(args.path)
    started = time.time()
    options = (
        {}
        if args.vocabulary_documents is None
        else {"vocabulary-documents": args.vocabulary_documents}
    )
    m = measure(texts, args.seed, args.per_doc, args.min_length, options)
    total = m["total"] or 1
    print(
        f"documents {len(texts)}  planted {m['total']}  (words of {args.min_length}+ letters, seed {args.seed})"
    )
    print(f"recall {m['found'] / total:.1%}  ({m['found']}/{m['total']})")
    print(
        f"right first suggestion {m['right'] / total:.1%} of planted, {m['right'] / max(1, m['found']):.1%} of found"
    )
    for kind, (f, t) in sorted(m["by_kind"].items()):
        print(f"  {kind:8} {f / max(1, t):.1%} ({f}/{t})")
    if args.show_missed:
        print("missed:", ", ".join(f"{t}<-{w}" for t, w in m["missed"][: args.show_missed]))
    print(f"{time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
