"""NL6xx at scale: a generated corpus of short articles with planted duplicates.

Generates N short articles (a headline and four paragraphs of Zipf-distributed pseudo-words)
and plants, among them:

* exact copies (case, spacing and punctuation changed)                  -> NL601 should find
* near copies: new headline and a few substituted words (true Jaccard of
  word 5-grams measured for every planted pair)                        -> NL602 (true J >= 0.8)
* shared paragraphs: one paragraph of another article pasted in          -> NL603

and measures, per corpus size, the worker side (summaries, documents/s), the parent side
(check_corpus over all summaries, documents/s), the summaries' size, the peak RSS of a fresh
process, and recall on the planted pairs.  Each size runs in its own subprocess so that
peak memory is per size.  Times are CPU seconds (the machine is shared); the generator's own
time is sampled and subtracted.  With ``--cli`` the largest corpus is also written as one JSON Lines
file and linted by ``newslint -j 1 --select NL6 --no-cache`` (the real engine path).  With
``--datasketch`` the candidate generation is also timed with datasketch.MinHashLSH on the
same signatures (insert + query), for comparison with the numpy banding used by NL602.

    python benchmarks/duplicates_scale.py [--sizes 10000,25000,50000,100000] [--cli] [--datasketch]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time

SHINGLE = 5


def vocabulary(rng: random.Random, n: int = 30000) -> list:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(n)]


def words(rng: random.Random, vocab: list, n: int) -> list:
    # Zipf-like: common words repeat across articles as in real text
    return [
        vocab[min(int(rng.paretovariate(1.1)) - 1, len(vocab) - 1)]
        if rng.random() < 0.5
        else rng.choice(vocab)
        for _ in range(n)
    ]


def render(parts: list, shout: bool = False) -> str:
    title, *paras = parts
    text = (
        " ".join(title).title()
        + "\n\n"
        + "\n\n".join(" ".join(p).capitalize() + "." for p in paras)
        + "\n"
    )
    return text.upper().replace(".", "!") if shout else text


def jaccard(a: str, b: str) -> float:
    from newslint.checks.duplicates import shingles, words_of

    x, y = shingles(words_of(a), SHINGLE), shingles(words_of(b), SHINGLE)
    return len(x & y) / len(x | y)


class Corpus:
    """N articles generated on demand (never all in memory): article i is a function of i.

    The plan says which articles are planted copies of which earlier ones: exact (shouted),
    near (new headline, up to three substituted words) or shared (one paragraph pasted).
    """

    def __init__(self, n: int, seed: int = 11):
        self.n, self.seed = n, seed
        self.vocab = vocabulary(random.Random(seed))
        rng = random.Random(seed + 1)
        self.plan = {}
        for i in range(11, n):
            roll = rng.random()
            if roll < 0.02:
                kind = "exact" if roll < 0.005 else "near" if roll < 0.015 else "shared"
                self.plan[i] = (kind, rng.randrange(i))

    def parts(self, i: int) -> list:
        rng = random.Random(self.seed * 10_000_019 + i)
        own = [words(rng, self.vocab, 7)] + [
            words(rng, self.vocab, rng.randint(25, 40)) for _ in range(4)
        ]
        kind, j = self.plan.get(i, (None, None))
        if kind in ("exact", "near"):
            base = self.parts(j)
            if kind == "exact":
                return base
            new = [own[0]] + [list(p) for p in base[1:]]
            for _ in range(rng.randint(0, 3)):
                p = new[rng.randint(1, 4)]
                p[rng.randrange(len(p))] = rng.choice(self.vocab)
            return new
        if kind == "shared":
            own[2] = list(self.parts(j)[1])
        return own

    def text(self, i: int) -> str:
        return render(self.parts(i), shout=self.plan.get(i, ("",))[0] == "exact")

    def clusters(self, kinds) -> list:
        """Union-find root of each article over the planted pairs of ``kinds``."""
        root = list(range(self.n))

        def find(x):
            while root[x] != x:
                root[x] = root[root[x]]
                x = root[x]
            return x

        for i, (kind, j) in self.plan.items():
            if kind in kinds:
                root[find(i)] = find(j)
        return [find(x) for x in range(self.n)]


def measure(n: int, compare_datasketch: bool) -> dict:
    from newslint.checks import corpus_duplicates as d
    from newslint.document import Document

    corpus = Corpus(n)
    rules = [d.DuplicateDocument(), d.NearDuplicateDocument(), d.SharedParagraph()]
    summaries = {r.code: [] for r in rules}
    c0 = time.process_time()
    for i in range(n):
        name = f"doc{i:06d}.txt"
        doc = Document(corpus.text(i), name)
        for r in rules:
            summaries[r.code].append((name, r.summarize(doc)))
    c1 = time.process_time()
    gen_cpu = 0.0
    t = time.process_time()
    for i in range(min(n, 2000)):  # the generator's own share of that time, sampled
        corpus.text(i)
    gen_cpu = (time.process_time() - t) * n / min(n, 2000)
    size = sum(
        len(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL))
        for v in summaries.values()
        for _, s in v
    )
    found, timings = {}, {}
    w2, c2 = time.perf_counter(), time.process_time()
    for r in rules:
        t = time.process_time()
        found[r.code] = list(r.check_corpus(summaries[r.code]))
        timings[r.code] = time.process_time() - t
    w3, c3 = time.perf_counter(), time.process_time()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def pairs(code):
        out = set()
        for rep in found[code]:
            out.add((int(rep.message.rsplit("doc", 1)[1][:6]), int(rep.path[3:9])))
        return out

    exact_root = corpus.clusters({"exact"})
    near_root = corpus.clusters({"exact", "near"})
    all_root = corpus.clusters({"exact", "near", "shared"})
    near_j = {}
    for i, (kind, j) in corpus.plan.items():
        if kind == "near":
            near_j[i] = jaccard(corpus.text(j), corpus.text(i))

    def recall(kind, code, roots, floor=0.0):
        got = {b: a for a, b in pairs(code)}
        want = [i for i, (k, _) in corpus.plan.items() if k == kind and near_j.get(i, 1.0) >= floor]
        hit = sum(1 for i in want if i in got and roots[got[i]] == roots[i])
        return [hit, len(want)]

    unplanted = [(a, b) for a, b in pairs("NL602") if near_root[a] != near_root[b]]
    return {
        "docs": n,
        "summaries_cpu_s": round(c1 - c0 - gen_cpu, 2),
        "summaries_docs_per_cpu_s": round(n / max(1e-9, c1 - c0 - gen_cpu)),
        "corpus_rules_cpu_s": round(c3 - c2, 2),
        "corpus_rules_docs_per_cpu_s": round(n / max(1e-9, c3 - c2)),
        "corpus_rules_wall_s": round(w3 - w2, 2),
        "per_rule_cpu_s": {k: round(v, 2) for k, v in timings.items()},
        "summary_bytes_per_doc": round(size / n),
        "peak_rss_mb": round(rss),
        "recall_NL601": recall("exact", "NL601", exact_root),
        "recall_NL602_true_J>=0.8": recall("near", "NL602", near_root, 0.8),
        "recall_NL602_true_J>=0.85": recall("near", "NL602", near_root, 0.85),
        "recall_NL602_true_J>=0.9": recall("near", "NL602", near_root, 0.9),
        "planted_near_below_0.8": sum(1 for j in near_j.values() if j < 0.8),
        "recall_NL603": recall("shared", "NL603", all_root),
        "reports": {k: len(v) for k, v in found.items()},
        "NL602_false_positives": len(unplanted),
        "NL603_false_positives": sum(1 for a, b in pairs("NL603") if all_root[a] != all_root[b]),
        **(
            {"datasketch": datasketch_candidates(summaries["NL602"], rules[1])}
            if compare_datasketch
            else {}
        ),
    }


def datasketch_candidates(summaries: list, rule) -> dict:
    """datasketch.MinHashLSH insert + query over the same signatures (same band/row weights),
    and the numpy banding of NL602; wall seconds."""
    import numpy as np

    t = time.perf_counter()
    from datasketch import MinHash, MinHashLSH

    imported = time.perf_counter() - t
    sigs = [np.frombuffer(s.payload, dtype=np.uint32).astype(np.uint64) for _, s in summaries]
    from newslint.checks.corpus_duplicates.minhash import permutations

    perms = permutations(rule.settings["num-perm"], 1)  # shared, so MinHash() does not redraw them
    lsh = MinHashLSH(
        threshold=rule.settings["threshold"], num_perm=rule.settings["num-perm"], weights=(0.1, 0.9)
    )
    t = time.perf_counter()
    hashes = [MinHash(hashvalues=sig, permutations=perms, scheme="legacy") for sig in sigs]
    for i, m in enumerate(hashes):
        lsh.insert(i, m)
    cand = 0
    for m in hashes:
        cand += len(lsh.query(m)) - 1
    ds = time.perf_counter() - t
    from newslint.checks.corpus_duplicates.minhash import band_keys, lsh_params

    t = time.perf_counter()
    mat = np.vstack([np.frombuffer(s.payload, dtype=np.uint32) for _, s in summaries])
    keys = band_keys(mat, *lsh_params(rule.settings["threshold"], rule.settings["num-perm"]))
    for b in range(keys.shape[1]):
        order = np.argsort(keys[:, b], kind="stable")
        np.flatnonzero(np.diff(keys[order, b]))
    ours = time.perf_counter() - t
    return {
        "import_s": round(imported, 2),
        "minhashlsh_insert_query_s": round(ds, 2),
        "numpy_banding_s": round(ours, 2),
        "datasketch_candidates": cand // 2,
    }


def run_cli(n: int) -> dict:
    corpus = Corpus(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": i, "text": corpus.text(i)}) + "\n")
        cmd = [sys.executable, "-m", "newslint", "-j", "1", "--no-cache", "--select", "NL6", path]
        t = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True);"
                " r = resource.getrusage(resource.RUSAGE_CHILDREN);"
                " print(p.returncode, p.stdout.count(b'\\n'), r.ru_maxrss, r.ru_utime + r.ru_stime)",
                *cmd,
            ],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t
        code, lines, rss, cpu = proc.stdout.split()
        return {
            "cli_docs": n,
            "cli_wall_s": round(wall, 1),
            "cli_cpu_s": round(float(cpu), 1),
            "cli_docs_per_cpu_s": round(n / float(cpu)),
            "cli_reports": int(lines),
            "cli_peak_rss_mb": round(int(rss) / 1024),
            "exit": int(code),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,25000,50000,100000")
    ap.add_argument(
        "--cli", action="store_true", help="also lint the largest corpus through the CLI"
    )
    ap.add_argument("--datasketch", action="store_true", help="also time datasketch.MinHashLSH")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.datasketch)))
        return
    for n in [int(s) for s in args.sizes.split(",")]:
        cmd = [sys.executable, __file__, "--one", str(n)] + (
            ["--datasketch"] if args.datasketch else []
        )
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        print(out.strip(), flush=True)
    if args.cli:
        print(json.dumps(run_cli(max(int(s) for s in args.sizes.split(",")))), flush=True)


if __name__ == "__main__":
    main()
