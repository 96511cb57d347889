"""Issue 18: corpus rules see the whole corpus whichever files are named, blame does not
depend on what was named, and unchanged files are served from the result cache.

A small corpus of our own (invented texts): an exact and a near copy, a newsletter line five
stories share (NL702), a name four documents capitalise and one does not (NL203).
"""

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections import defaultdict

import pytest

from newslint import sources

BLURB = "Get the best of our journalism delivered to your inbox every weekday morning."
BODY = (
    "The council met on {day} to decide the future of the old market hall in {town}, which has "
    "stood empty since the spring. Traders want it reopened before the winter; the council "
    "says repairs to the roof alone would cost more than its whole budget for the year, and "
    "that it will ask the public what the hall should become before anything is decided."
)
STORIES = {
    "a.txt": f"Hall decision delayed\n\nFighting over Vexlund's hall went on.\n\n{BODY.format(day='Monday', town='Vexlund')}\n\n{BLURB}\n",
    "b.txt": f"The Vexlund question\n\nThe Vexlund traders were angry.\n\n{BODY.format(day='Tuesday', town='Orrick')}\n\n{BLURB}\n",
    "c.txt": f"Traders march\n\nTraders left Vexlund at dawn for the town hall.\n\nThey carried banners and sang.\n\n{BLURB}\n",
    "d.txt": f"Roof repairs\n\nBuilders reached vexlund on Friday to look at the roof.\n\nThey said it could be saved.\n\n{BLURB}\n",
    "e.txt": f"Library hours\n\nThe library in Vexlund will open late on Thursdays.\n\nReaders asked for it.\n\n{BLURB}\n",
    "sub/f.txt": None,  # an exact copy of a.txt
    "sub/g.txt": f"Council asks\n\nThe Vexlund traders were angry.\n\n{BODY.format(day='Tuesday', town='Orrick')}\n\n{BLURB}\n",
    "w.txt": "Weather\n\nRain is expected all week, with strong winds on the coast.\n",
}
STORIES["sub/f.txt"] = STORIES["a.txt"]


def corpus(tmp_path):
    root = tmp_path / "news"
    for name, text in STORIES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / ".git").mkdir()  # the corpus root is the repository's
    return root


def by_file(out: str) -> dict:
    reports = defaultdict(list)
    for line in out.splitlines():
        reports[line.split(":", 1)[0]].append(line)
    return dict(reports)


ARGS = ("--isolated", "-j1", "--no-summary", "--no-show-fixes")


def test_reports_do_not_depend_on_which_files_are_named(run, tmp_path):
    root = corpus(tmp_path)
    full = run(*ARGS, ".", cwd=root)
    everything = by_file(full.out)
    codes = {line.split()[1] for lines in everything.values() for line in lines}
    assert {"NL601", "NL602", "NL702", "NL203"} <= codes, full.out
    assert "sub/f.txt" in everything and "same text as a.txt" in " ".join(everything["sub/f.txt"])
    names = sorted(STORIES)
    rng = random.Random(18)
    for _ in range(8):
        subset = rng.sample(names, rng.randint(1, 4))
        rng.shuffle(subset)
        r = run(*ARGS, *subset, cwd=root)
        assert by_file(r.out) == {n: everything[n] for n in subset if n in everything}, subset
    # a fresh index, filled by batches in another order (as pre-commit splits --all-files)
    shutil.rmtree(root / ".newslint_cache")
    for batch in (names[5:], names[:2], names[2:5]):
        r = run(*ARGS, *batch, cwd=root)
        assert by_file(r.out) == {n: everything[n] for n in batch if n in everything}, batch


def test_unchanged_files_are_not_read_again(run, tmp_path, monkeypatch):
    root = corpus(tmp_path)
    first = run(*ARGS, ".", cwd=root)
    read = []
    real = sources.read
    monkeypatch.setattr(sources, "read", lambda p, *a, **k: read.append(p) or real(p, *a, **k))
    again = run(*ARGS, ".", cwd=root)
    assert again.out == first.out and read == []
    (root / "w.txt").write_text("Weather\n\nRain is expected,on the coast.\n", encoding="utf-8")
    changed = run(*ARGS, ".", cwd=root)
    assert read == ["./w.txt"] and "w.txt:3:17: NL302" in changed.out
    (root / "sub" / "g.txt").unlink()  # deleted files leave the index
    run(*ARGS, "w.txt", cwd=root)
    conn = sqlite3.connect(str(root / ".newslint_cache" / "corpus.sqlite"))
    paths = {p for (p,) in conn.execute("SELECT path FROM files")}
    conn.close()
    assert "sub/g.txt" not in paths and "sub/f.txt" in paths
    r = run(*ARGS, "--no-cache", "--select", "NL601", "sub/f.txt", cwd=root)  # the file alone
    assert r.out == ""


def test_an_unchanged_corpus_is_not_compared_again_and_a_change_is_seen(run, tmp_path, monkeypatch):
    """The corpus rules' reports are remembered for the corpus they were found over: a run over
    the same files, contents and names takes them from the index; any change compares again."""
    from newslint.checks.corpus_duplicates.documents import DuplicateDocument
    from newslint.engine.streaming import ChunkKeys

    root = corpus(tmp_path)
    first = run(*ARGS, ".", cwd=root)
    assert "sub/f.txt:1:1: NL601" in first.out
    compared = []
    real, named = DuplicateDocument.check_corpus, DuplicateDocument.check_named
    monkeypatch.setattr(
        DuplicateDocument, "check_corpus", lambda self, s: compared.append(1) or real(self, s)
    )  # a full run asks the index a chunk at a time (engine.streaming): one chunk here

    def chunk(self, n, k):
        compared.extend([1] if isinstance(k, ChunkKeys) else [])
        return named(self, n, k)

    monkeypatch.setattr(DuplicateDocument, "check_named", chunk)
    assert run(*ARGS, ".", cwd=root).out == first.out and compared == []
    one = run(*ARGS, "sub/f.txt", cwd=root)  # a file named alone: the same corpus
    assert one.out.splitlines() == by_file(first.out)["sub/f.txt"]
    assert compared == []
    (root / "sub" / "f.txt").write_text("A different story about the weather.\n", encoding="utf-8")
    assert "NL601" not in run(*ARGS, ".", cwd=root).out and compared == [1]
    (root / "sub" / "f.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    assert run(*ARGS, ".", cwd=root).out == first.out and compared == [1, 1]


def test_a_fixing_run_lints_what_it_fixes(run, tmp_path):
    root = corpus(tmp_path)
    (root / "w.txt").write_text("Weather\n\nRain is expected,on the coast.\n", encoding="utf-8")
    run(*ARGS, ".", cwd=root)
    r = run(*ARGS, "--fix", "w.txt", cwd=root)
    assert (root / "w.txt").read_text(encoding="utf-8").endswith("expected, on the coast.\n")
    r = run(*ARGS, "w.txt", cwd=root)
    assert r.out == ""


def test_concurrent_runs_agree_and_keep_the_index_sound(tmp_path):
    """Four runs at once on a fresh index (all write it); the benchmark does 20 rounds."""
    root = corpus(tmp_path)
    for _ in range(1):
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "newslint",
                    *ARGS,
                    *(["."] if i % 2 else ["sub", "a.txt", "w.txt"]),
                ],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for i in range(4)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        assert all(b"Traceback" not in e for _, e in outs), outs
        full = by_file(outs[1][0].decode())
        for i, (out, _) in enumerate(outs):
            named = by_file(out.decode())
            expected = (
                full
                if i % 2
                else {
                    k: v for k, v in full.items() if k.startswith("sub/") or k in ("a.txt", "w.txt")
                }
            )
            assert named == expected
    conn = sqlite3.connect(str(root / ".newslint_cache" / "corpus.sqlite"))
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_corpus_root_is_the_repository_of_the_files_not_the_working_directory(run, tmp_path):
    corpus(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(["git", "init", "-q", str(elsewhere)], check=True)
    r = run(*ARGS, "../news/sub/f.txt", cwd=elsewhere)
    assert "same text as ../news/a.txt" in r.out
    assert not (elsewhere / ".newslint_cache").exists()


def test_outside_git_the_corpus_is_the_folder_once_it_is_linted(run, tmp_path):
    """Outside a repository, a folder named is walked and indexed; a file named alone is
    linted alone until its folder has an index, and then against the files it knows."""
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "a.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    (folder / "b.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    select = (*ARGS, "--select", "NL601")
    assert run(*select, "b.txt", cwd=folder).out == ""  # alone: nothing to compare with
    assert not (folder / ".newslint_cache").exists()
    assert run(*select, ".", cwd=folder).out.startswith("b.txt:1:1: NL601")
    assert (folder / ".newslint_cache").is_dir()
    assert run(*select, "b.txt", cwd=folder).out.startswith("b.txt:1:1: NL601")
    (folder / "a.txt").unlink()
    assert run(*select, "b.txt", cwd=folder).out == ""


def test_a_run_that_cannot_get_the_lock_writes_nothing_and_says_so(run, tmp_path, monkeypatch):
    from newslint.corpus_index import database

    root = corpus(tmp_path)
    first = run(*ARGS, ".", cwd=root)
    (root / "w.txt").write_text("Weather\n\nWind.It blew.\n", encoding="utf-8")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(str(root / ".newslint_cache" / "corpus.sqlite"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run is writing
    try:
        r = run(*ARGS, "-v", ".", cwd=root)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "w.txt:3:5: NL301" in r.out and "w.txt:3:5: NL301" not in first.out
    assert "not updated: locked by another run" in r.err
    assert "Traceback" not in r.err


def test_a_run_naming_a_few_files_asks_the_index_and_trusts_it_for_the_others(
    run, tmp_path, monkeypatch
):
    """Once a run has seen the whole corpus, a run naming a few files takes the corpus rules'
    decisions from the index's aggregates: it neither reads nor stats the files it does not
    name.  A file added or deleted is seen at once (its folder's mtime); an edit of a file
    not named is seen when it is named, or by the next run over the whole corpus (README)."""
    from newslint.engine import cache

    # one configuration throughout, even while newslint's own files are edited elsewhere
    monkeypatch.setattr(cache, "fingerprint", lambda linter: "the same configuration")
    root = corpus(tmp_path)
    full = by_file(run(*ARGS, ".", cwd=root).out)
    stamped = []
    real_stamp = cache._stamp
    monkeypatch.setattr(
        cache, "_stamp", lambda p, *a, **k: stamped.append(p) or real_stamp(p, *a, **k)
    )
    for name in ("sub/f.txt", "d.txt", "sub/g.txt"):
        stamped.clear()
        assert by_file(run(*ARGS, name, cwd=root).out) == {name: full[name]}
        assert [p for p in stamped if not os.path.isabs(p)] == [name]
    # an edit of a file named: its old keys are not counted (b.txt no longer holds the blurb)
    (root / "b.txt").write_text("Rain\n\nIt rained all week on the coast.\n", encoding="utf-8")
    one = by_file(run(*ARGS, "b.txt", "e.txt", cwd=root).out)
    assert "b.txt" not in one and "line repeated in 6 documents" in " ".join(one["e.txt"])
    now = by_file(run(*ARGS, ".", cwd=root).out)
    assert one == {k: now[k] for k in ("b.txt", "e.txt") if k in now}
    # an edit of a.txt, of which sub/f.txt is a copy, not named: the index still holds a.txt
    (root / "a.txt").write_text("Rain\n\nIt rained all week on the coast.\n", encoding="utf-8")
    assert "same text as a.txt" in run(*ARGS, "sub/f.txt", cwd=root).out
    assert "NL601" not in run(*ARGS, ".", cwd=root).out  # the whole corpus: seen
    assert "NL601" not in run(*ARGS, "sub/f.txt", cwd=root).out
    # a copy added (named) and a file deleted: seen at once
    (root / "sub" / "h.txt").write_text(STORIES["sub/g.txt"], encoding="utf-8")
    one = run(*ARGS, "sub/h.txt", cwd=root).out
    assert "sub/h.txt:1:1: NL601 duplicate document: same text as sub/g.txt" in one
    (root / "sub" / "g.txt").unlink()
    one = run(*ARGS, "sub/h.txt", cwd=root).out
    assert "NL601" not in one and "sub/g.txt" not in one
    assert by_file(one) == {"sub/h.txt": by_file(run(*ARGS, ".", cwd=root).out)["sub/h.txt"]}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_folder_listed_again_asks_git_only_about_its_new_names(run, tmp_path, monkeypatch):
    """git is asked whether it ignores a file once per name and .gitignore (a lookup in git's
    own index costs milliseconds a name in a large committed corpus); ignored files stay out."""
    from newslint import discover
    from newslint.engine import cache

    monkeypatch.setattr(cache, "fingerprint", lambda linter: "the same configuration")
    root = corpus(tmp_path)
    (root / ".git").rmdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("skip*.txt\n", encoding="utf-8")
    (root / "sub" / "skip1.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    full = run(*ARGS, ".", cwd=root).out
    assert "skip" not in full
    asked = []
    real = discover.git_ignored
    monkeypatch.setattr(discover, "git_ignored", lambda ps: asked.extend(ps) or real(ps))
    (root / "sub" / "new.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    (root / "sub" / "skip2.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    one = run(*ARGS, "sub/new.txt", cwd=root).out
    assert sorted(os.path.basename(p) for p in asked) == ["new.txt", "skip1.txt", "skip2.txt"]
    assert (
        "skip" not in one and "sub/new.txt:1:1: NL601 duplicate document: same text as a.txt" in one
    )
    assert one == "".join(
        line + "\n"
        for line in run(*ARGS, ".", cwd=root).out.splitlines()
        if line.startswith("sub/new.txt")
    )


def test_damaged_keys_are_dropped_with_a_warning_and_made_again(run, tmp_path, monkeypatch):
    from newslint.engine import cache

    monkeypatch.setattr(cache, "fingerprint", lambda linter: "the same configuration")
    root = corpus(tmp_path)
    full = by_file(run(*ARGS, ".", cwd=root).out)
    conn = sqlite3.connect(str(root / ".newslint_cache" / "corpus.sqlite"))
    with conn:
        conn.execute("UPDATE doc_values SET value = x'00' WHERE code IN ('NL602', 'NL603')")
    conn.close()
    r = run(*ARGS, "sub/g.txt", cwd=root)  # dropped, and made again by the whole way
    assert by_file(r.out) == {"sub/g.txt": full["sub/g.txt"]} and "Traceback" not in r.err
    assert "damaged corpus rule keys: dropped" in r.err
    again = run(*ARGS, "sub/g.txt", cwd=root)
    assert by_file(again.out) == {"sub/g.txt": full["sub/g.txt"]} and "damaged" not in again.err
    conn = sqlite3.connect(str(root / ".newslint_cache" / "corpus.sqlite"))
    assert conn.execute("SELECT COUNT(*) FROM doc_values WHERE value = x'00'").fetchone() == (0,)
    assert conn.execute("SELECT complete FROM configs").fetchone()[0].startswith("tree:")
    conn.close()
