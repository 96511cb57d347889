"""Does a baseline survive edits?  On a temporary copy of the BBC corpus (2,225 articles):

1. write a baseline of today's reports (``--write-baseline``);
2. in 100 files chosen at random (fixed seed) that have baselined reports: insert blank lines
   and a paragraph of our own above an old defect, and swap two paragraphs -- then a run with
   ``--baseline`` must show **0** old reports;
3. plant one new defect of our own in each of those 100 files (a sentence of ours, each with
   a glued full stop, a doubled word or a misspelling) -- the run must show **100** reports,
   each at a planted sentence;
4. fix some old defects (the spans of the NL309 doubled words and NL303 spaces before
   punctuation, removed by ``--fix`` on those files alone) -- the run lists them as stale
   entries; ``--update-baseline`` prunes them.

Prints the figures, the baseline file's size and the time a run takes with and without it.

    python benchmarks/baseline_bench.py [--corpus ../shared/corpora/bbc] [--files 100] [--seed 17]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"

# paragraphs of our own, clean (checked below), inserted above old defects; numbered, so
# that no line repeats across documents (which NL702 would rightly call boilerplate)
FILLER = [
    "The committee met again on {day} to review plan {n} in detail.",
    "Officials said a decision on item {n} would follow on {day}.",
    "Several residents attended meeting {n} on {day} and asked questions.",
    "Report {n} was published on the council website on {day}.",
    "A spokesperson declined on {day} to comment further on case {n}.",
]
# new defects of our own, one per file: (sentence, the code expected)
PLANTED = [
    ("Ministers met union {n} on {day}.Talks will resume next week.", "NL301"),
    ("The board said the the vote {n} on {day} was final.", "NL309"),
    ("Teh council confirmed figure {n} on {day}.", "NL101"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def newslint(*args, cwd) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "newslint", "--no-cache", *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=_env())


def _env() -> dict:
    env = dict(os.environ)
    env.pop("CI", None)
    return env


def reports(out: str) -> list:
    found = []
    for line in out.splitlines():
        m = re.match(r"(.+?):(\d+):(\d+): (NL\d+) (.*)", line)
        if m:
            found.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
    return found


def paragraphs(text: str) -> list:
    return text.split("\n\n")


def paragraph_at(text: str, line: int) -> str:
    """The paragraph (block of non-blank lines) holding a line."""
    lines = text.split("\n")
    i = j = line - 1
    while i > 0 and lines[i - 1].strip():
        i -= 1
    while j + 1 < len(lines) and lines[j + 1].strip():
        j += 1
    return "\n".join(lines[i : j + 1])


def old_or_caused(found: list, before: list, corpus: Path, work: Path) -> tuple:
    """Split reports shown after the edits into old ones (the same rule reported the same
    paragraph in the untouched corpus: a baseline failure) and ones the edit itself caused
    (the paragraph's rule sees something new, e.g. a quotation continued in the paragraph
    that the swap moved away)."""
    old, caused = [], []
    for r in found:
        path, line, code = r[0], r[1], r[3]
        now = paragraph_at(read(work / path), line)
        then = [
            paragraph_at(read(corpus / Path(p).relative_to("bbc")), ln)
            for p, ln, _, c, _ in before
            if p == path and c == code
        ]
        (old if now in then else caused).append(r)
    return old, caused


def caused_again(others: list, caused: list) -> list:
    """The reports besides the planted ones that are the edit's own, found again (their line
    moved down by the planted paragraph)."""
    keys = {(r[0], r[2], r[3], r[4]) for r in caused}
    return [r for r in others if (r[0], r[2], r[3], r[4]) in keys]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="surrogateescape")


def paragraph_above(lines: list, index: int) -> str:
    """The paragraph that ends above line ``index`` (0-based), blank lines skipped."""
    j = index - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    i = j
    while i > 0 and lines[i - 1].strip():
        i -= 1
    return "\n".join(lines[max(i, 0) : j + 1])


def leaves_quote_open(paragraph: str) -> bool:
    """Whether a paragraph opens a quotation it does not close (news continues it in the
    next paragraph)."""
    return paragraph.count('"') % 2 == 1 or paragraph.count("\u201c") != paragraph.count("\u201d")


SWAPS = {
    "a paragraph inserted": 0,
    "blank lines only": 0,  # the paragraph before every old defect leaves a quotation open
    "swapped": 0,
    "no two paragraphs to swap": 0,
}


def edit_file(path: Path, old_lines: list, rng: random.Random) -> None:
    """Blank lines and a paragraph of ours above an old defect; two body paragraphs swapped.

    The two paragraphs swapped are neither the title nor the last paragraph (an ending is what
    NL708 and NL711 judge); they, the two before them and the paragraph above which ours goes
    close every quotation they open: news runs a quotation over several paragraphs (each
    opens it, only the last closes it), and an edit that parts such a paragraph from the next
    one makes a new NL307 finding -- a change of the text, not an old report coming back."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    lines = text.split("\n")
    # above a defect whose paragraph does not continue a quotation of the one before
    targets = [
        t
        for t in (min(max(n - 1, 1), len(lines) - 1) for n in old_lines)
        if not leaves_quote_open(paragraph_above(lines, t))
    ]
    target = rng.choice(targets or [min(max(rng.choice(old_lines) - 1, 1), len(lines) - 1)])
    filler = rng.choice(FILLER).format(day=rng.choice(DAYS), n=rng.randrange(100, 100000))
    lines[target:target] = ["", filler, "", ""] if targets else ["", "", ""]
    SWAPS["a paragraph inserted" if targets else "blank lines only"] += 1
    paras = paragraphs("\n".join(lines))
    real = [i for i in range(len(paras)) if paras[i].strip()]
    # neither the title nor the last paragraph (an ending is what NL708 and NL711 judge), and
    # neither this paragraph nor the one before it leaves a quotation open
    body = [
        real[k]
        for k in range(2, len(real) - 1)
        if not leaves_quote_open(paras[real[k]]) and not leaves_quote_open(paras[real[k - 1]])
    ]
    if len(body) >= 2:  # the title (paragraph 0) stays first
        a, b = rng.sample(body, 2)
        paras[a], paras[b] = paras[b], paras[a]
        SWAPS["swapped"] += 1
    else:
        SWAPS["no two paragraphs to swap"] += 1
    path.write_text("\n\n".join(paras), encoding="utf-8", errors="surrogateescape")


def plant(path: Path, n: int) -> tuple:
    """One new defect of ours, as a paragraph of its own after the title; (sentence, code)."""
    sentence, code = PLANTED[n % len(PLANTED)]
    sentence = sentence.format(day=DAYS[n % len(DAYS)], n=1000 + n)
    paras = paragraphs(path.read_text(encoding="utf-8", errors="surrogateescape"))
    paras.insert(min(2, len(paras)), sentence)
    path.write_text("\n\n".join(paras), encoding="utf-8", errors="surrogateescape")
    return sentence, code


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        shutil.copytree(args.corpus, work / "bbc")
        for path in (work / "bbc").rglob("*"):  # the shared corpus is read-only; --fix skips such
            if path.is_file():
                path.chmod(0o644)
        # our own sentences are clean: a planted defect must be the only report it brings
        check = work / "check.txt"
        check.write_text("\n\n".join(FILLER).format(day="Monday", n=12) + "\n", encoding="utf-8")
        assert newslint("check.txt", cwd=work).stdout == "", "a filler paragraph is reported"
        for n, (sentence, code) in enumerate(PLANTED):
            check.write_text(sentence.format(day=DAYS[n], n=7) + "\n", encoding="utf-8")
            got = [r[3] for r in reports(newslint("check.txt", cwd=work).stdout)]
            assert got == [code], (sentence, got)

        t0 = time.monotonic()
        plain = newslint("bbc", cwd=work)
        t_plain = time.monotonic() - t0
        before = reports(plain.stdout)
        wrote = newslint("bbc", "--write-baseline", "baseline.json", cwd=work)
        assert wrote.returncode == 0, wrote.stderr
        size = (work / "baseline.json").stat().st_size
        entries = len(json.loads((work / "baseline.json").read_text(encoding="utf-8"))["entries"])
        t0 = time.monotonic()
        clean = newslint("bbc", "--baseline", "baseline.json", "-v", cwd=work)
        t_base = time.monotonic() - t0
        applied = re.search(r"reports held by .* \(applied in (\S+)s\)", clean.stderr)
        print(f"corpus: {args.corpus} ({sum(1 for _ in (work / 'bbc').rglob('*.txt'))} .txt files)")
        print(f"reports today: {len(before)}; baseline: {entries} entries, {size:,} bytes")
        print(
            f"time: {t_plain:.1f}s without the baseline, {t_base:.1f}s with it; applying it "
            f"(reading the baseline, keying {len(before)} reports, matching): "
            f"{applied.group(1) if applied else '?'}s"
        )
        print(f"unchanged corpus with the baseline: {len(reports(clean.stdout))} reports")

        # 2. edits that must not resurface old reports
        # files whose whole text is a (near) copy of another's stay as they are: an edit turns
        # an exact copy (NL601) into a near one (NL602), a report of another rule
        copies = {p for p, _, _, code, _ in before if code.startswith("NL6")}
        copies |= {
            m for r in before if r[3].startswith("NL6") for m in re.findall(r"\S+\.txt", r[4])
        }
        by_file: dict = {}
        for path, line, _, code, _ in before:
            # a Latin-1 file (NL001) is not rewritten either
            if path.endswith(".txt") and code != "NL001" and path not in copies:
                by_file.setdefault(path, []).append(line)
        chosen = rng.sample(sorted(by_file), min(args.files, len(by_file)))
        for path in chosen:
            edit_file(work / path, by_file[path], rng)
        edited = newslint("bbc", "--baseline", "baseline.json", cwd=work)
        shown = reports(edited.stdout)
        resurfaced, caused = old_or_caused(shown, before, args.corpus, work)
        print(
            f"edited {len(chosen)} files (blank lines and a paragraph inserted above an old "
            f"defect, two paragraphs swapped): {len(shown)} reports shown, "
            f"{len(resurfaced)} of them old reports resurfacing"
        )
        print(f"    paragraphs: {SWAPS}")
        for r in resurfaced[:10]:
            print("    old:", r)
        for r in caused:
            print("    caused by the edit (a paragraph no rule saw before):", r)
            print("        ", paragraph_at(read(work / r[0]), r[1])[:150].replace("\n", " / "))

        # 3. new defects of our own
        planted = {}
        for n, path in enumerate(chosen):
            planted[path] = plant(work / path, n)
        run = newslint("bbc", "--baseline", "baseline.json", cwd=work)
        new = reports(run.stdout)
        hits = [
            r
            for r in new
            if r[0] in planted
            and r[3] == planted[r[0]][1]
            and planted[r[0]][0] in paragraph_at(read(work / r[0]), r[1])
        ]
        print(f"planted {len(planted)} new defects: {len(new)} reported, {len(hits)} of them ours")
        others = [r for r in new if r not in hits]
        for r in others[:10]:
            print("    not ours:", r)

        # 4. old defects fixed: stale entries
        fixable = sorted(
            {p for p, _, _, code, _ in before if code in ("NL309", "NL303")} - set(chosen) - copies
        )
        fixed_files = fixable[:10]
        if fixed_files:
            newslint(*fixed_files, "--fix", "--unsafe-fixes", "--select", "NL303,NL309", cwd=work)
        expected = sum(
            1 for p, _, _, code, _ in before if p in fixed_files and code in ("NL303", "NL309")
        )
        run = newslint("bbc", "--baseline", "baseline.json", "-v", cwd=work)
        stale = [x for x in run.stderr.splitlines() if x.startswith("  ")]
        stale_fixed = [x for x in stale if x.split(":")[0].strip() in fixed_files]
        head = [x for x in run.stderr.splitlines() if "stale entr" in x]
        print(
            f"fixed the {expected} NL303/NL309 defects of {len(fixed_files)} files: "
            f"{len(stale)} stale entries listed, {len(stale_fixed)} of them in those files"
        )
        print("   ", head[0] if head else "(no stale entries reported)")
        for x in stale[:5]:
            print("   ", x)
        for r in reports(run.stdout):
            if r not in hits and (r[0], r[3]) not in {(h[0], h[3]) for h in hits}:
                print("    shown again (its context changed with a fix beside it):", r)
        upd = newslint("bbc", "--baseline", "baseline.json", "--update-baseline", cwd=work)
        print("   ", upd.stderr.strip().splitlines()[-1])
        after = newslint("bbc", "--baseline", "baseline.json", cwd=work)
        print(
            f"after the update: {len(reports(after.stdout))} reports, "
            f"{sum(1 for x in after.stderr.splitlines() if x.startswith('  '))} stale entries"
        )
        ok = (
            not resurfaced
            and len(hits) == len(planted)
            and sorted(others) == sorted(caused_again(others, caused))
            and len(stale_fixed) >= expected
        )
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
