"""Recall of the spelling family (NL1xx) on real people's misspellings.

Plants misspellings that people really made (Roger Mitton's corpora, Mitton's format: a line
``$correct`` and then the misspellings of that word, one a line, maybe with a count) in place of
their correct word in lower-case words of edited text, one per document, with a fixed seed;
lints every document through the real engine with the NL1 rules and counts how many are
reported at their place and how many get the correct word as the first suggestion (a British
or American variant of it counts as right).  Where the first suggestion is fewer edits from the
misspelling than the word meant, or as few and a commoner word (``thort`` -> that, meant:
thought), no speller can tell without reading the sentence: the share right is also given
without those cases ("decidable without the sentence").

A misspelling is planted only if it is a non-word: unknown to newslint's lexicon and to the
system word lists (``/usr/share/dict/american-english``, ``british-english``: Debian's
wamerican and wbritish) where they are installed.  Figures are split by Damerau distance to
the correct word (one edit, two or more) and by whether newslint's own misspelling list has
the misspelling.

    python benchmarks/spelling_real.py ../shared/corpora/misspellings/mitton ../shared/corpora/bbc
    python benchmarks/spelling_real.py MITTON BBC --cases 500 --seed 1 --show-missed 40

The misspellings are read at run time from the corpus given and planted in memory: nothing
from them is written anywhere, and nothing in newslint is derived from them (they are the
development set).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import regex  # noqa: E402
from spelling_recall import LOWER_WORD, read_texts  # noqa: E402

from newslint import engine  # noqa: E402
from newslint.checks.spelling import get_misspellings, verdict  # noqa: E402
from newslint.document import Document  # noqa: E402
from newslint.lexicon import get_lexicon  # noqa: E402

SYSTEM_LISTS = ("/usr/share/dict/american-english", "/usr/share/dict/british-english")
# British and American forms of one word: either is the right suggestion
VARIANTS = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("yse", "yze"),
    ("our", "or"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("amme", "am"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ae", "e"),
    ("oe", "e"),
)


def read_mitton(folder: str) -> list:
    """(misspelling, correct, source) for every lower-case alphabetic pair of the .dat files."""
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".dat"):
            continue
        correct = None
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("$"):
                    correct = line[1:]
                    continue
                if not line or not correct:
                    continue
                miss = line.split()[0]
                if correct.isalpha() and correct.islower() and correct.isascii():
                    miss = miss.lower()
                    if miss.isalpha() and miss.isascii() and miss != correct:
                        out.append((miss, correct, name))
    return sorted(set(out))


def system_words() -> set | None:
    words = set()
    found = False
    for path in SYSTEM_LISTS:
        if os.path.exists(path):
            found = True
            with open(path, encoding="utf-8", errors="replace") as fh:
                words.update(w.strip().lower() for w in fh)
    return words if found else None


def distance(a: str, b: str) -> int:
    """Damerau (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def variant(a: str, b: str) -> bool:
    """``a`` and ``b`` are one word in British and American spelling."""
    if a == b:
        return True
    for gb, us in VARIANTS:
        if a.replace(gb, us) == b.replace(gb, us):
            return True
    return False


def plant(pairs: list, texts: list, cases: int, seed: int) -> list:
    """[(text index, start, end, misspelling, correct, source)], one per text."""
    lex = get_lexicon()
    dictionary = system_words()
    usable = [
        p for p in pairs if not lex.known(p[0]) and (dictionary is None or p[0] not in dictionary)
    ]
    wanted = {p[1] for p in usable}
    where: dict = {}
    for i, text in enumerate(texts):
        doc = None
        for m in LOWER_WORD.finditer(text):
            w = m.group()
            if w in wanted:
                doc = doc or Document(text)
                if not doc.is_protected(m.start()):
                    where.setdefault(w, []).append((i, m.start(), m.end()))
    rng = random.Random(seed)
    usable = [p for p in usable if p[1] in where]
    rng.shuffle(usable)
    used, chosen = set(), []
    for miss, correct, source in usable:
        spots = [s for s in where[correct] if s[0] not in used]
        if not spots:
            continue
        i, s, e = rng.choice(spots)
        used.add(i)
        chosen.append((i, s, e, miss, correct, source))
        if len(chosen) >= cases:
            break
    return chosen


def measure(pairs: list, texts: list, cases: int, seed: int) -> dict:
    chosen = plant(pairs, texts, cases, seed)
    codes = ("NL101", "NL102", "NL103")
    linter = engine.Linter(engine.Settings(select=codes, plugins=False))
    listed = get_misspellings()
    results, planted = [], []
    for i, s, _e, miss, correct, source in chosen:
        text = texts[i].replace("\r\n", "\n")
        shift = len(texts[i][:s]) - len(texts[i][:s].replace("\r\n", "\n"))
        s -= shift
        new = text[:s] + miss + text[s + len(correct) :]
        name = f"doc{i}.txt"
        planted.append((name, Document(new).position(s), miss, correct, source))
        results.append(linter.lint_file(name, name, data=new.encode("utf-8")))
    reports = {(r.path, r.line, r.column): r for r in linter.finish(results)}
    rows = []
    for name, pos, miss, correct, source in planted:
        r = reports.get((name, *pos))
        first = regex.findall(r"of '([^']*(?:'[^' ]+)?)'", r.message) if r else []
        rows.append(
            {
                "miss": miss,
                "correct": correct,
                "source": source,
                "edits": distance(miss, correct),
                "listed": miss in listed,
                "found": r is not None,
                "right": bool(first) and variant(first[0].lower(), correct),
                "first": first[0] if first else None,
                # the right word among the suggestions shown (up to three), and among every
                # candidate the rules weighed: the ceiling of any ranking
                "shown": bool(r) and any(variant(w.lower(), correct) for w in shown(r.message)),
                "candidate": any(variant(w, correct) for w in candidates(miss)),
                "context": bool(first) and needs_context(miss, first[0].lower(), correct),
            }
        )
    return {"rows": rows, "system": system_words() is not None}


def needs_context(miss: str, first: str, correct: str) -> bool:
    """The first suggestion is a likelier correction of ``miss`` than the word meant, by the two
    things a speller knows without the sentence: it is fewer edits away, or as few and a
    commoner word (opon -> upon, meant: opened; realy -> really, meant: ready).  Only the
    sentence could tell them apart."""
    if variant(first, correct):
        return False
    near, meant = distance(miss, first), distance(miss, correct)
    if near != meant:
        return near < meant
    lex = get_lexicon()
    return lex.frequency(first) > lex.frequency(correct)


def shown(message: str) -> list:
    """The suggestions a report's message names: 'x' is ... 'a' (or 'b', 'c')."""
    return regex.findall(r"'([^']*(?:'[^' ]+)?)'", message)[1:]


def candidates(miss: str) -> list:
    """Every correction the spelling rules weighed for ``miss``: listed ones, or candidates."""
    v = verdict(miss)
    return [] if v is None else list(v.listed) + [c[0] for c in v.candidates]


# context-free spellers to compare with, word by word through the ispell pipe protocol (``-a``):
# Debian's aspell + aspell-en and hunspell + hunspell-en-us
OTHERS = {
    "aspell": ["aspell", "-a", "-l", "en_US", "--sug-mode=normal"],
    "aspell-bad-spellers": ["aspell", "-a", "-l", "en_US", "--sug-mode=bad-spellers"],
    "hunspell": ["hunspell", "-a", "-d", "en_US"],
}


def ask_speller(command: list, words: list) -> dict:
    """{word: first suggestion, '' when flagged with none, None when accepted} from a speller
    that speaks the ispell pipe protocol: one answer block per input line, ended by a blank line."""
    text = "".join(f"^{w}\n" for w in words)
    out = subprocess.run(command, input=text, capture_output=True, text=True, check=True).stdout
    blocks = out.split("\n", 1)[1].split("\n\n")  # the version banner, then a block a line
    answers = {}
    for word, block in zip(words, blocks):
        first = None
        for line in block.splitlines():
            if line.startswith("&"):
                first = line.split(": ", 1)[1].split(", ")[0]
            elif line.startswith("#"):
                first = ""
        answers[word] = first
    return answers


def compare(rows: list, names: list) -> None:
    """The same planted cases through other spellers, each word alone (they read no sentence)."""
    for name in names:
        command = OTHERS[name]
        if shutil.which(command[0]) is None:
            print(f"{name}: not installed")
            continue
        answers = ask_speller(command, sorted({r["miss"] for r in rows}))
        theirs = [
            {
                **r,
                "found": answers.get(r["miss"]) is not None,
                "right": bool(answers.get(r["miss"]))
                and variant(answers[r["miss"]].lower(), r["correct"]),
            }
            for r in rows
        ]
        found = [r for r in theirs if r["found"]]
        print(f"{name}: recall {share(theirs)}; first suggestion right {share(found, 'right')}")
        for source in sorted({r["source"] for r in rows}):
            mine = [r for r in found if r["source"] == source]
            print(f"  {source:20} first right {share(mine, 'right')}")
        both = [(r, t) for r, t in zip(rows, theirs) if r["found"] and t["found"]]
        print(
            f"  found by both {len(both)}: newslint first right"
            f" {sum(r['right'] for r, _ in both)}, {name} {sum(t['right'] for _, t in both)}"
        )


def share(rows: list, key: str = "found") -> str:
    n = sum(r[key] for r in rows)
    return f"{n / max(1, len(rows)):.3f} ({n}/{len(rows)})"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("misspellings", help="folder of Mitton .dat files")
    p.add_argument("texts", help="a directory of .txt files to plant into (e.g. the BBC corpus)")
    p.add_argument("--cases", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--show-missed", type=int, default=30)
    p.add_argument(
        "--compare",
        default="",
        help="other spellers on the same cases, comma-separated: " + ", ".join(OTHERS),
    )
    args = p.parse_args(argv)
    started = time.time()
    pairs = read_mitton(args.misspellings)
    texts = read_texts(args.texts)
    m = measure(pairs, texts, args.cases, args.seed)
    rows = m["rows"]
    found = [r for r in rows if r["found"]]
    print(
        f"pairs {len(pairs)}  planted {len(rows)} (seed {args.seed}; non-words by the lexicon"
        + (" and wamerican/wbritish)" if m["system"] else "; wamerican/wbritish not installed)")
    )
    print(f"recall {share(rows)}")
    print(f"  one edit      {share([r for r in rows if r['edits'] == 1])}")
    print(f"  two or more   {share([r for r in rows if r['edits'] >= 2])}")
    print(f"  listed        {share([r for r in rows if r['listed']])}")
    print(f"  not listed    {share([r for r in rows if not r['listed']])}")
    for source in sorted({r["source"] for r in rows}):
        print(f"  {source:20} {share([r for r in rows if r['source'] == source])}")
    print(f"first suggestion right {share(found, 'right')} of found")
    for source in sorted({r["source"] for r in rows}):
        print(f"  {source:20} {share([r for r in found if r['source'] == source], 'right')}")
    print(f"  right shown (of 3)  {share(found, 'shown')}")
    decidable = [r for r in found if not r["context"]]
    print(
        f"  decidable without the sentence {share(decidable, 'right')}"
        f" ({len(found) - len(decidable)} need it: the first suggestion is nearer, or as near"
        " and commoner, than the word meant)"
    )
    print(f"  ceiling: among the candidates {share(found, 'candidate')}")
    print(f"  one edit            {share([r for r in found if r['edits'] == 1], 'right')}")
    print(f"  two or more         {share([r for r in found if r['edits'] >= 2], 'right')}")
    if args.show_missed:
        missed = [r for r in rows if not r["found"]]
        print(
            "missed:", ", ".join(f"{r['miss']}<-{r['correct']}" for r in missed[: args.show_missed])
        )
        wrong = [r for r in found if not r["right"]]
        print(
            "wrong first:",
            ", ".join(
                f"{r['miss']}->{r['first']}({r['correct']})" for r in wrong[: args.show_missed]
            ),
        )
    if args.compare:
        compare(rows, [n for n in args.compare.split(",") if n])
    print(f"{time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
