"""NL5xx (duplication within a document) and NL6xx (across the corpus), through the CLI.

Fixtures in tests/fixtures/duplicates/ are written for these tests: `document/` holds single
articles with one defect each (and a clean one), `corpus/` an original article, an exact copy
(other case, spacing, punctuation), a near copy (new headline), an article quoting one of
its paragraphs and an unrelated article.
"""

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import sources
from newslint.checks.corpus_duplicates import (
    DuplicateDocument,
    NearDuplicateDocument,
    SharedParagraph,
    minhash,
)
from newslint.checks.duplicates import shingles, words_of
from newslint.document import Document
from newslint.rule import Report

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = ROOT / "tests" / "fixtures" / "duplicates"
DOCS = FIXTURES / "document"
CORPUS = FIXTURES / "corpus"


def _found(result, code=None):
    """(path, line, code) of each reported line, paths with '/' separators."""
    out = []
    for line in result.lines:
        path, lineno, _col, rest = line.split(":", 3)
        c = rest.split()[0]
        path = path.replace("\\", "/")
        if code is None or c.startswith(code):
            out.append((path[2:] if path.startswith("./") else path, int(lineno), c))
    return out


# --- within a document -------------------------------------------------------------------------


def test_restarted_article_reported_once_at_the_second_headline(run):
    r = run(
        "--no-cache", "-j1", "--select", "NL501,NL502,NL503,NL504,NL505", "restarted.txt", cwd=DOCS
    )
    assert r.code == 1
    assert _found(r) == [("restarted.txt", 7, "NL503"), ("restarted.txt", 8, "NL502")]
    assert "lines 7-8 repeat lines 1-2" in r.out
    assert "near-duplicate of line 2 (similarity 0." in r.out


def test_second_conclusion_names_the_first(run):
    r = run("--no-cache", "-j1", "--select", "NL5", "two_conclusions.txt", cwd=DOCS)
    assert _found(r) == [("two_conclusions.txt", 9, "NL504")]
    assert "the first is at line 4" in r.out


def test_repeated_runs_of_buttons(run):
    r = run("--no-cache", "-j1", "--select", "NL505", "repeated_runs.txt", cwd=DOCS)
    assert _found(r) == [("repeated_runs.txt", 2, "NL505"), ("repeated_runs.txt", 3, "NL505")]
    assert "'Share' repeated 3 times" in r.out and "'Read more' repeated 2 times" in r.out


def test_clean_article_has_no_duplicate_reports(run):
    r = run("--no-cache", "-j1", "--select", "NL5,NL6", "clean.txt", cwd=DOCS)
    assert r.code == 0 and r.lines == []


def test_repetition_statistics_are_opt_in(run, tmp_path):
    page = tmp_path / "spam.txt"
    page.write_text(
        "Cheap flights to the sun, book today and save on every trip. " * 20, encoding="utf-8"
    )
    r = run("--no-cache", "-j1", "spam.txt", cwd=tmp_path)
    assert not _found(r, "NL506")
    r = run("--no-cache", "-j1", "--select", "NL506", "spam.txt", cwd=tmp_path)
    assert _found(r) == [("spam.txt", 1, "NL506")]
    assert ":1:1: NL506 repetition:" in r.out


def test_thresholds_come_from_configuration(run, tmp_path):
    shutil.copy(DOCS / "restarted.txt", tmp_path)
    (tmp_path / "newslint.toml").write_text(
        "[rules.near-duplicate-paragraph]\nretelling-threshold = 0.95\n", encoding="utf-8"
    )
    r = run("--no-cache", "-j1", "--select", "NL502", "restarted.txt", cwd=tmp_path)
    assert r.code == 0 and r.lines == []


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "seeds").is_dir(), reason="shared seeds not available"
)
def test_seeds_bar(run):
    seeds = ROOT.parent / "shared" / "seeds"
    r = run("--no-cache", "-j1", "--select", "NL5", str(seeds))
    found = sorted((Path(p).name[:3], line, code) for p, line, code in _found(r))
    assert found == [("000", 25, "NL503"), ("000", 26, "NL502"), ("004", 45, "NL504")]


# --- across the corpus ---------------------------------------------------------------------------


def test_corpus_duplicates_without_index(run):
    r = run("--no-cache", "-j1", "--select", "NL6", ".", cwd=CORPUS)
    assert r.code == 1
    assert sorted(_found(r)) == [
        ("b_copy.txt", 1, "NL601"),
        ("c_near_copy.txt", 1, "NL602"),
        ("d_shares_paragraph.txt", 5, "NL603"),
    ]
    out = r.out.replace("./", "")
    assert "same text as a_original.txt" in out
    assert "similarity 0.9" in out and "with a_original.txt" in out
    assert "also in a_original.txt line 9" in out
    assert not (CORPUS / ".newslint_cache").exists()


def test_copies_are_reported_after_the_first_in_path_order(run, tmp_path):
    for name in ("z.txt", "m.txt", "a.txt"):
        shutil.copy(CORPUS / "a_original.txt", tmp_path / name)
    r = run("--no-cache", "-j1", "--select", "NL601", ".", cwd=tmp_path)
    assert sorted(_found(r)) == [("m.txt", 1, "NL601"), ("z.txt", 1, "NL601")]
    assert r.out.replace("./", "").count("same text as a.txt") == 2


def test_duplicate_records_in_one_jsonl_file(run, tmp_path):
    import json

    body = (CORPUS / "a_original.txt").read_text(encoding="utf-8")
    other = (CORPUS / "e_unrelated.txt").read_text(encoding="utf-8")
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate([body, other, body])]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("--no-cache", "-j1", "--select", "NL601", "feed.jsonl", cwd=tmp_path)
    assert _found(r) == [("feed.jsonl", 3, "NL601")]
    assert "record 2" in r.out and "record 0" in r.out


def _repository(tmp_path) -> Path:
    repo = tmp_path / "news"
    shutil.copytree(CORPUS, repo)
    (repo / ".git").mkdir()  # the corpus root defaults to the repository's root
    return repo


def test_index_finds_a_committed_duplicate_without_rereading_the_corpus(run, tmp_path, monkeypatch):
    repo = _repository(tmp_path)
    r = run("-j1", "--select", "NL6", ".", cwd=repo)
    assert r.code == 1
    assert (repo / ".newslint_cache" / "corpus.sqlite").is_file()
    assert (
        (repo / ".newslint_cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    )

    new = repo / "incoming" / "new-article.txt"
    new.parent.mkdir()
    text = (repo / "e_unrelated.txt").read_text(encoding="utf-8")
    new.write_text(
        text.replace("New Footbridge Links Two Villages", "Villages Celebrate Their Footbridge"),
        encoding="utf-8",
    )
    loaded = []
    real_read = sources.read
    monkeypatch.setattr(
        sources, "read", lambda path, *a, **k: loaded.append(path) or real_read(path, *a, **k)
    )
    r = run("-j1", "--select", "NL6", "incoming/new-article.txt", cwd=repo)
    assert loaded == ["incoming/new-article.txt"]
    assert _found(r) == [("incoming/new-article.txt", 1, "NL602")]
    assert "with e_unrelated.txt" in r.out

    shutil.copy(repo / "d_shares_paragraph.txt", repo / "incoming" / "again.txt")
    r = run("-j1", "--select", "NL6", "incoming/again.txt", cwd=repo)
    assert _found(r) == [("incoming/again.txt", 1, "NL601"), ("incoming/again.txt", 5, "NL603")]
    assert (
        "same text as d_shares_paragraph.txt" in r.out and "also in a_original.txt line 9" in r.out
    )


def test_index_from_a_subdirectory_names_files_relative_to_the_working_directory(run, tmp_path):
    repo = _repository(tmp_path)
    run("-j1", "--select", "NL601", ".", cwd=repo)
    sub = repo / "later"  # 'later/draft.txt' sorts after 'e_unrelated.txt': it is the copy
    sub.mkdir()
    shutil.copy(repo / "e_unrelated.txt", sub / "draft.txt")
    r = run("-j1", "--select", "NL601", "draft.txt", cwd=sub)
    assert "same text as ../e_unrelated.txt" in r.out.replace("\\", "/")


def test_changed_or_deleted_files_are_not_trusted(run, tmp_path):
    repo = _repository(tmp_path)
    run("-j1", "--select", "NL601", ".", cwd=repo)
    original = (repo / "e_unrelated.txt").read_text(encoding="utf-8")
    (repo / "e_unrelated.txt").write_text(
        "Rewritten\n\n" + "A different story about a new school. " * 5, encoding="utf-8"
    )
    (repo / "d_shares_paragraph.txt").unlink()
    (repo / "copy-of-e.txt").write_text(original, encoding="utf-8")
    (repo / "copy-of-d.txt").write_text(
        (CORPUS / "d_shares_paragraph.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    r = run("-j1", "--select", "NL601", "copy-of-e.txt", "copy-of-d.txt", cwd=repo)
    assert r.code == 0 and r.lines == []


def test_corrupt_index_is_rebuilt(run, tmp_path):
    repo = _repository(tmp_path)
    cache = repo / ".newslint_cache"
    cache.mkdir()
    (cache / "corpus.sqlite").write_bytes(b"this is not a database" * 100)
    r = run("-j1", "--select", "NL601", ".", cwd=repo)
    assert _found(r) == [("b_copy.txt", 1, "NL601")]
    assert (cache / "corpus.sqlite").read_bytes()[:15] == b"SQLite format 3"
    shutil.copy(repo / "a_original.txt", repo / "z_new.txt")
    r = run("-j1", "--select", "NL601", "z_new.txt", cwd=repo)
    assert _found(r) == [("z_new.txt", 1, "NL601")]


def test_no_cache_neither_reads_nor_writes_the_index(run, tmp_path):
    repo = _repository(tmp_path)
    r = run("--no-cache", "-j1", "--select", "NL6", ".", cwd=repo)
    assert r.code == 1
    assert not (repo / ".newslint_cache").exists()


def test_corpus_root_from_configuration(run, tmp_path):
    corpus = tmp_path / "archive"
    shutil.copytree(CORPUS, corpus)
    (tmp_path / "newslint.toml").write_text('corpus-root = "archive"\n', encoding="utf-8")
    run("-j1", "--select", "NL601", "archive", cwd=tmp_path)
    assert (corpus / ".newslint_cache" / "corpus.sqlite").is_file()
    shutil.copy(CORPUS / "e_unrelated.txt", tmp_path / "archive" / "new.txt")
    r = run("-j1", "--select", "NL601", "archive/new.txt", cwd=tmp_path)
    assert "same text as archive/e_unrelated.txt" in r.out.replace("\\", "/")


def test_concurrent_runs_share_the_index(tmp_path):
    repo = _repository(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newslint", "-j1", "--select", "NL6", "."],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1], [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1 and b"NL601" in outs[0][0]


# --- the pieces ----------------------------------------------------------------------------------


def test_minhash_is_datasketchs_minhash():
    datasketch = pytest.importorskip("datasketch")
    import numpy as np

    words = words_of((CORPUS / "a_original.txt").read_text(encoding="utf-8"))
    ours = minhash.signature(minhash.minhash(words, 5, 128))
    a, b = minhash.permutations(128, 1)
    perms = np.array([a, b], dtype=np.uint64)
    theirs = datasketch.MinHash(num_perm=128, hashfunc=int, permutations=perms, scheme="legacy")
    theirs.update_batch(minhash.shingle_hashes(words, 5))
    assert list(ours) == theirs.hashvalues.tolist()
    assert len(minhash.shingle_hashes(words, 5)) == len(shingles(words, 5))


def test_pure_python_fallback_gives_the_same_signatures_keys_and_reports(monkeypatch):
    """Without numpy (a bare pre-commit environment) NL602 computes the same values."""
    import numpy as np

    words = words_of((CORPUS / "a_original.txt").read_text(encoding="utf-8"))
    with_numpy = minhash.minhash(words, 5, 128)
    sig = np.frombuffer(with_numpy, dtype="<u4")[None, :]
    keys_numpy = minhash.band_keys(sig, 14, 9)[0].tolist()
    rule = NearDuplicateDocument()
    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in sorted(CORPUS.glob("*.txt"))]
    summaries = [(d.path, rule.summarize(d)) for d in docs]
    reports = list(rule.check_corpus(summaries))
    monkeypatch.setitem(sys.modules, "numpy", None)  # numpy_or_none() finds no numpy
    assert minhash.minhash(words, 5, 128) == with_numpy
    assert minhash.band_keys_of(minhash.signature(with_numpy), 14, 9) == keys_numpy
    assert [(p, rule.summarize(d)) for p, d in zip([d.path for d in docs], docs)] == summaries
    assert list(rule.check_corpus(summaries)) == reports and reports
    shared = SharedParagraph()
    shared_summaries = [(d.path, shared.summarize(d)) for d in docs]
    assert [r.path for r in shared.check_corpus(shared_summaries)] == ["d_shares_paragraph.txt"]


def test_lsh_parameters_are_datasketchs():
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold in (0.5, 0.8, 0.9):
        assert minhash.lsh_params(threshold, 128, 0.5, 0.5) == lsh._optimal_param(
            threshold, 128, 0.5, 0.5
        )
        assert minhash.lsh_params(threshold, 128) == lsh._optimal_param(threshold, 128, 0.1, 0.9)


def test_summaries_are_compact_and_hold_no_text():
    text = (CORPUS / "a_original.txt").read_text(encoding="utf-8")
    doc = Document(text, "a.txt")
    for rule in (
        DuplicateDocument(),
        NearDuplicateDocument(),
        SharedParagraph(),
    ):
        blob = pickle.dumps(rule.summarize(doc))
        assert len(blob) < 800, (rule.code, len(blob))
        assert b"sewage" not in blob and b"River" not in blob


def test_lsh_never_compares_unrelated_documents(monkeypatch):
    """Banding proposes only colliding pairs: 300 distinct documents give no candidates."""
    import random

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    rule = NearDuplicateDocument()
    summaries = []
    for i in range(300):
        text = " ".join(rng.choice(vocab) for _ in range(80))
        summaries.append((f"d{i}.txt", rule.summarize(Document(text, f"d{i}.txt"))))
    import numpy

    calls, real_mean = [], numpy.mean
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: calls.append(1) or real_mean(*a, **k))
    assert list(rule.check_corpus(summaries)) == []
    assert len(calls) < 10  # similarity checks: candidate pairs only, not 300 * 299 / 2


def test_corpus_reports_are_reports():
    rule = DuplicateDocument()
    doc = Document((CORPUS / "a_original.txt").read_text(encoding="utf-8"), "x.txt")
    s = rule.summarize(doc)
    reports = list(rule.check_corpus([("x.txt", s), ("y.txt", s)]))
    assert reports == [
        Report(
            "y.txt",
            1,
            1,
            1,
            1,
            "NL601",
            "duplicate-document",
            "duplicate document: same text as x.txt",
        )
    ]


def test_known_lsh_params_match_the_computation():
    """The precomputed banding of the defaults (so short runs need no numpy) is what
    lsh_params computes."""
    for (threshold, num_perm, fp, fn), params in minhash.KNOWN_LSH_PARAMS.items():
        minhash.lsh_params.cache_clear()
        saved = dict(minhash.KNOWN_LSH_PARAMS)
        minhash.KNOWN_LSH_PARAMS.clear()
        try:
            assert minhash.lsh_params(threshold, num_perm, fp, fn) == params
        finally:
            minhash.KNOWN_LSH_PARAMS.update(saved)
            minhash.lsh_params.cache_clear()
