#!/usr/bin/env python3
"""Throughput of the spelling family (NL1) on one core, from the command line a user runs.

    python benchmarks/spelling_speed.py ../shared/corpora/bbc                   # 5 rounds
    python benchmarks/spelling_speed.py ../shared/corpora/bbc --base /tmp/nlhead  # and a base build
    python benchmarks/spelling_speed.py --loads                                  # (c) alone, as JSON
    python benchmarks/spelling_speed.py --rules ../shared/corpora/bbc            # (d) alone

Each round runs three processes, one after the other (interleaved, so that a busy machine
weighs on all of them alike), and takes the CPU time (user + system, ``os.wait4``) of each:

(a) ``newslint --isolated --no-cache -j1 -q --exit-zero --select NL1 CORPUS``;
(b) the same with ``--select NL802`` instead: the engine starts, finds, reads and decodes every
    file and builds its Documents, and NL802 asks only whether the text holds a U+FFFD: the
    run without the spelling family's work;
(c) the family's one-time loading, in a process of its own (this script with ``--loads``):
    the libraries of the two-edit search (jellyfish, rapidfuzz), the lexicon's words and
    frequencies, the misspelling list, the counted words' fills (the one-edit search),
    wordfreq's English list, the error model that ranks the candidates and the two-edit
    index (mapped from its file; a build before issue 16's session 13 built it here, its
    words by sound one initial letter at a time, as a corpus needs them all) -- what an NL1
    run loads and an NL802 run does not (the rule modules themselves are imported by both:
    the registry imports every family).

(d), a cross-check in one more process: the CPU time spent inside the NL1 rules' ``check``
and ``summarize`` and the corpus filter while the engine lints the corpus, the loads done
first (``--rules``): what the family costs with no other process's noise in the difference.

Two figures follow from the medians of (a)-(c): the family's throughput, bytes / (a - b - c), the
per-document work of NL101-NL103 (tokens, verdicts, suggestions, skips, summaries and the
corpus filter); and the engine's with the family, bytes / (a - c), which adds reading,
decoding and building Documents.  The bar of issue 16 ("spelling family >= 10 MB/s on one
core") is about the family, so the first is its natural reading; both are printed.  The
loads process also gives the resident memory each load adds (``VmRSS`` before and after;
``--tracemalloc`` measures the Python allocations instead, slower).

``--base PATH`` runs every process a second time per round with ``PYTHONPATH=PATH`` (a tree
holding another build's ``newslint`` package, with ``rules/`` as ``newslint/rules``), for
before/after figures taken side by side.  Each build's package is compiled to bytecode first
(``compileall``), so that no run pays for compiling it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def corpus_bytes(corpus: str) -> tuple:
    """(files, bytes) of the files newslint's discovery lints in ``corpus``."""
    paths = _files(corpus)
    return len(paths), sum(os.path.getsize(p) for p in paths)


def measured(cmd: list, env=None) -> tuple:
    """(CPU seconds, stdout) of ``cmd``, from ``os.wait4`` (the child and what it waited for)."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, cwd="/", stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            message = err.read().decode(errors="replace")[-800:]
            raise SystemExit(f"{' '.join(cmd[:6])} ... failed ({proc.returncode}): {message}")
        return usage.ru_utime + usage.ru_stime, out.read().decode()


def newslint(select: str, corpus: str) -> list:
    return [
        sys.executable,
        "-P",  # never the working directory's newslint ahead of the one being measured
        "-m",
        "newslint",
        "--isolated",
        "--no-cache",
        "-j1",
        "-q",
        "--exit-zero",
        "--select",
        select,
        corpus,
    ]


def compile_package(env) -> str:
    """Compile the build's newslint package to bytecode first: a tree run with
    PYTHONDONTWRITEBYTECODE (or never imported) would compile its modules in every run."""
    where = subprocess.run(
        [
            sys.executable,
            "-P",
            "-c",
            "import newslint, os; print(os.path.dirname(newslint.__file__))",
        ],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], env=env, check=True)
    return where


def one_round(corpus: str, env) -> dict:
    a, _ = measured(newslint("NL1", corpus), env)
    b, _ = measured(newslint("NL802", corpus), env)
    c, out = measured([sys.executable, "-P", os.path.abspath(__file__), "--loads"], env)
    loads = json.loads(out)
    _, out = measured([sys.executable, "-P", os.path.abspath(__file__), "--rules", corpus], env)
    return {"a": a, "b": b, "c": loads["total"], "loads": loads, "rules": json.loads(out)["rules"]}


# --- (d): the rules' own time, in one process ---------------------------------------------


def rules_time(corpus: str) -> dict:
    """CPU seconds spent in the NL1 rules' ``check`` and ``summarize`` and the corpus filter,
    in one process that lints the corpus through the engine (``Linter.lint_file``), the
    loads done first: a cross-check of a - b - c that no other process's noise enters."""
    from newslint import engine

    found = _files(corpus)
    blobs = []
    for path in found:
        with open(path, "rb") as fh:
            blobs.append((path, fh.read()))
    for _, step in load_steps():
        step()
    linter = engine.Linter(engine.Settings(select=("NL101", "NL102", "NL103"), plugins=False))
    spent = [0.0]
    for rule in linter.document_rules:
        for name in ("check", "summarize"):
            original = getattr(rule, name, None)
            if original is None:
                continue

            def timed(doc, _original=original, _check=name == "check"):
                started = time.process_time()
                out = list(_original(doc)) if _check else _original(doc)
                spent[0] += time.process_time() - started
                return out

            setattr(rule, name, timed)
    results = [linter.lint_file(path, path, data=data) for path, data in blobs]
    started = time.process_time()
    linter.finish(results)
    spent[0] += time.process_time() - started
    return {"rules": spent[0]}


def _files(corpus: str) -> list:
    from newslint import discover

    found = discover.collect([corpus], discover.Discovery(root=corpus))
    return [fs for fs, _ in found.files]


# --- (c): the loads, in a process of their own --------------------------------------------


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _libraries():
    import jellyfish  # noqa: F401
    import msgpack  # noqa: F401
    from rapidfuzz import process  # noqa: F401
    from rapidfuzz.distance import OSA, Levenshtein  # noqa: F401


def _two_edit_index():
    from newslint.checks.spelling import far

    build = getattr(far, "_two_edit_words", None)
    if build is None:
        return far.two_edit_candidates("gobernement")
    index = build()
    for initial in getattr(index, "initials", ()):  # an older build's words by sound, all
        index.sounding_like("", initial)
    return index


def _error_model():
    from newslint.checks.spelling.channel import get_edit_model

    return get_edit_model()


def _patterns():
    """The spelling family's module-level patterns, compiled on first use since issue 19 (an
    NL802 run compiles none of them): a one-time cost like the loads."""
    import importlib
    import pkgutil

    from newslint.lazy import LazyPattern

    package = importlib.import_module("newslint.checks.spelling")
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in list(vars(module).values()):
            for pattern in value if isinstance(value, tuple) else (value,):  # or a tuple of them
                if isinstance(pattern, LazyPattern):
                    pattern.pattern  # noqa: B018 (compiles it)


def load_steps() -> list:
    from newslint.checks.spelling import get_misspellings
    from newslint.lexicon import english_zipf, get_lexicon

    return [
        ("libraries", _libraries),
        ("patterns", _patterns),
        ("lexicon", get_lexicon),
        ("frequencies", lambda: get_lexicon().frequency("the")),
        ("misspellings", get_misspellings),
        ("fills", lambda: getattr(get_lexicon(), "fills", None)),  # (a base build may lack them)
        ("wordfreq", lambda: english_zipf("with")),
        ("error model", _error_model),
        ("two-edit index", _two_edit_index),
    ]


def loads(trace: bool) -> dict:
    """CPU seconds and resident kilobytes of each one-time load of an NL1 run, after what an
    NL802 run also does (the CLI, the registry and its rule modules)."""
    import gc

    import newslint.cli  # noqa: F401
    from newslint.registry import build_registry

    build_registry(plugins=False)
    if trace:
        import tracemalloc

        tracemalloc.start()
    out: dict = {"cpu": {}, "rss_kb": {}, "python_kb": {}}
    for name, step in load_steps():
        gc.collect()
        rss, started = _rss_kb(), time.process_time()
        before = tracemalloc.get_traced_memory()[0] if trace else 0
        step()
        out["cpu"][name] = time.process_time() - started
        out["rss_kb"][name] = _rss_kb() - rss
        if trace:
            out["python_kb"][name] = (tracemalloc.get_traced_memory()[0] - before) // 1024
    out["total"] = sum(out["cpu"].values())
    return out


# --- the report ---------------------------------------------------------------------------


def summary(name: str, rounds: list, size: int) -> None:
    a = statistics.median(r["a"] for r in rounds)
    b = statistics.median(r["b"] for r in rounds)
    c = statistics.median(r["c"] for r in rounds)
    mb = size / 1e6

    def span(key):
        values = [r[key] for r in rounds]
        return f"{statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"

    print(f"{name}:")
    print(f"  (a) --select NL1          {span('a')}")
    print(f"  (b) --select NL802        {span('b')}")
    print(f"  (c) one-time loading      {span('c')}")
    steps = rounds[0]["loads"]["cpu"]
    print(
        "      "
        + ", ".join(
            f"{s} {statistics.median(r['loads']['cpu'][s] for r in rounds):.3f}" for s in steps
        )
    )
    rss = rounds[0]["loads"]["rss_kb"]
    print(
        "      resident memory added: "
        + ", ".join(f"{s} {k / 1024:.1f} MB" for s, k in rss.items())
    )
    family = a - b - c
    print(f"  family: a - b - c = {family:.3f} s -> {mb / family:.1f} MB/s" if family > 0 else "")
    print(f"  engine with NL1: a - c = {a - c:.3f} s -> {mb / (a - c):.1f} MB/s")
    print(f"  whole run: a = {a:.3f} s -> {mb / a:.1f} MB/s")
    d = statistics.median(r["rules"] for r in rounds)
    print(f"  (d) the rules' own time, in one process: {span('rules')} -> {mb / d:.1f} MB/s")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="?")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--base", help="a tree with another build's newslint, run alternately")
    p.add_argument("--loads", action="store_true", help="(c) in this process, as JSON")
    p.add_argument("--tracemalloc", action="store_true", help="with --loads: Python allocations")
    p.add_argument("--rules", action="store_true", help="(d) alone, on the corpus, as JSON")
    args = p.parse_args(argv)
    if args.loads:
        print(json.dumps(loads(args.tracemalloc)))
        return 0
    if args.rules:
        print(json.dumps(rules_time(os.path.abspath(args.corpus))))
        return 0
    if not args.corpus:
        p.error("a corpus is needed (or --loads)")
    corpus = os.path.abspath(args.corpus)
    files, size = corpus_bytes(corpus)
    builds = [("working tree", None)]
    if args.base:
        builds.append((f"base {args.base}", {**os.environ, "PYTHONPATH": args.base}))
    print(
        f"{corpus}: {files} files, {size / 1e6:.2f} MB; {args.rounds} rounds; load {os.getloadavg()[0]:.1f}"
    )
    for name, env in builds:
        print(f"{name}: newslint from {compile_package(env)}")
    rounds: dict = {name: [] for name, _ in builds}
    for _ in range(args.rounds):
        for name, env in builds:
            rounds[name].append(one_round(corpus, env))
    for name, _ in builds:
        summary(name, rounds[name], size)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
