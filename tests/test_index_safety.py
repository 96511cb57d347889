"""The corpus index never breaks a run, never misleads one and stays where it belongs (issue 13,
items 17, 19, 20, 21): every reproducer through the real command line, bounded in time.

A damaged row or database is dropped and rebuilt with one warning on stderr; an entry whose
file changed under the same size and mtime is not trusted (content hash); the index is made
only at the root of the git repository holding the linted files, or in an existing
corpus-root, and never by --diff or stdin runs.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import without_summary

from newslint import corpus_index

CORPUS = Path(__file__).resolve().parent / "fixtures" / "duplicates" / "corpus"
TIMEOUT = 120


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = without_summary(proc.stderr.decode("utf-8", "replace"))  # what else it said

    @property
    def warnings(self):
        return [line for line in self.err.splitlines() if line.startswith("newslint: warning:")]


def newslint(*args, cwd, stdin=None, isolated=True):
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", *(["--isolated"] if isolated else []), "-j1"]
        + [str(a) for a in args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
    )
    result = Result(proc)
    assert "internal error" not in result.err, result.err
    assert "Traceback" not in result.err, result.err
    return result


def repository(tmp_path, name="news") -> Path:
    repo = tmp_path / name
    shutil.copytree(CORPUS, repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=TIMEOUT)
    return repo


def db(repo) -> Path:
    return repo / ".newslint_cache" / "corpus.sqlite"


def indexed(tmp_path) -> Path:
    """A repository whose corpus is indexed, and an incoming copy of e_unrelated.txt."""
    repo = repository(tmp_path)
    r = newslint("--select", "NL6", ".", cwd=repo)
    assert r.code == 1 and not r.warnings, r.err
    assert db(repo).is_file()
    (repo / "incoming").mkdir()
    shutil.copy(repo / "e_unrelated.txt", repo / "incoming" / "copy.txt")
    return repo


def execute(repo, *statements) -> None:
    conn = sqlite3.connect(str(db(repo)))
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


COPY_FOUND = "incoming/copy.txt:1:1: NL601 duplicate document: same text as e_unrelated.txt"


def test_the_index_finds_a_copy_and_says_nothing(tmp_path):
    repo = indexed(tmp_path)
    r = newslint("--select", "NL601", "incoming/copy.txt", cwd=repo)
    assert r.code == 1 and r.out.splitlines() == [COPY_FOUND] and r.err == ""


# --- item 17: a damaged row is dropped, with a warning ----------------------------------------

BAD_ROWS = {
    "payload x'00ff'": "UPDATE docs SET payload = x'00ff'",
    "payload text": "UPDATE docs SET payload = 'abc'",
    "payload integer": "UPDATE docs SET payload = 7",
    "digest text": "UPDATE docs SET digest = 'not a number'",
    "digest real": "UPDATE docs SET digest = 1.5",
    "label blob": "UPDATE docs SET label = x'00'",
    "line zero": "UPDATE docs SET line = 0",
    "words negative": "UPDATE docs SET words = -3",
    "idx text": "UPDATE docs SET idx = 'x'",
    "key without entry": "UPDATE keys SET idx = idx + 1000",
    "label not UTF-8": "UPDATE docs SET label = CAST(x'ff41' AS TEXT)",
    "path not UTF-8": "UPDATE docs SET path = CAST(x'ff41' AS TEXT) WHERE path = 'e_unrelated.txt'; "
    "UPDATE keys SET path = CAST(x'ff41' AS TEXT) WHERE path = 'e_unrelated.txt'",
    "payload text not UTF-8": "UPDATE docs SET payload = payload || x'01'",
    "hash short": "UPDATE docs SET hash = x'00'",
    "hash text": "UPDATE docs SET hash = 'x'",
    "path outside the root": "UPDATE docs SET path = '../../e.txt' WHERE path = 'e_unrelated.txt'; "
    "UPDATE keys SET path = '../../e.txt' WHERE path = 'e_unrelated.txt'",
    "signature too short": "UPDATE docs SET payload = substr(payload, 1, 8) WHERE rule = 'NL602'",
    "paragraphs ragged": "UPDATE docs SET payload = CAST(payload || x'01' AS BLOB) WHERE rule = 'NL603'",
    "paragraph at line 0": "UPDATE docs SET payload = CAST(substr(payload, 1, length(payload) - 12) "
    "|| zeroblob(12) AS BLOB) WHERE rule = 'NL603' AND length(payload) > 0",
}


@pytest.mark.parametrize("statement", BAD_ROWS.values(), ids=list(BAD_ROWS))
def test_a_damaged_row_is_dropped_with_one_warning(tmp_path, statement):
    repo = indexed(tmp_path)
    execute(repo, *statement.split("; "))
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.code in (0, 1)
    assert len(r.warnings) == 1, r.err
    assert "damaged entr" in r.warnings[0] and str(db(repo)) in r.warnings[0]
    # dropped: the next run is quiet, and a full run indexes the files again
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.code in (0, 1) and not r.warnings, r.err
    newslint("--select", "NL6", ".", cwd=repo)
    r = newslint("--select", "NL601", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND] and r.err == ""


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes")
def test_a_file_name_that_is_not_utf8_is_linted_but_not_indexed(tmp_path):
    repo = repository(tmp_path)
    name = os.fsencode(repo) + b"/copy\xff.txt"
    with open(name, "wb") as fh:
        fh.write((repo / "a_original.txt").read_bytes())
    r = newslint("--select", "NL601", ".", cwd=repo)
    assert r.code == 1 and r.err == "" and r.out.count("NL601") == 2, r.out
    r = newslint("--select", "NL601", "b_copy.txt", cwd=repo)
    assert "same text as a_original.txt" in r.out


def test_keys_that_match_nothing_do_not_break_a_run(tmp_path):
    repo = indexed(tmp_path)
    execute(repo, "UPDATE keys SET key = 'x'")
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.code == 0 and r.out == "" and r.err == ""


# --- items 17 and 21: a damaged database is rebuilt, and it is said --------------------------


def truncate(repo):
    path = db(repo)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 3)


def not_sqlite(repo):
    db(repo).write_bytes(b"this is not a database\n" * 500)


def other_version(repo):
    execute(repo, "PRAGMA user_version = 1")


def foreign_version(repo):
    execute(repo, "PRAGMA user_version = 77")


def missing_table(repo):
    execute(repo, "DROP TABLE keys")


def foreign_columns(repo):
    execute(repo, "DROP TABLE docs", "CREATE TABLE docs (rule TEXT, path TEXT, idx INTEGER)")


def foreign_database(repo):
    db(repo).unlink()
    execute(
        repo,
        "CREATE TABLE articles (url TEXT, body TEXT)",
        "INSERT INTO articles VALUES ('u', 'b')",
    )


def nulls_allowed(repo):
    """Our tables, redefined without NOT NULL, with NULLs in them."""
    execute(
        repo,
        "ALTER TABLE docs RENAME TO old",
        "CREATE TABLE docs AS SELECT * FROM old",
        "DROP TABLE old",
        "UPDATE docs SET payload = NULL, label = NULL",
    )


DAMAGE = [truncate, not_sqlite, other_version, foreign_version, missing_table]
DAMAGE += [foreign_columns, foreign_database, nulls_allowed]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_a_damaged_database_is_rebuilt_and_said_once(tmp_path, damage):
    repo = indexed(tmp_path)
    damage(repo)
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.code in (0, 1)
    assert len(r.warnings) == 1, r.err
    warning = r.warnings[0]
    assert f"corpus index at {db(repo)}" in warning and "rebuilt" in warning, warning
    assert "not found until" in warning
    assert db(repo).read_bytes()[:16] == b"SQLite format 3\x00"
    # rebuilt: quiet from now on, and a full run fills it again
    r = newslint("--select", "NL6", ".", cwd=repo)
    assert r.code == 1 and not r.warnings, r.err
    r = newslint("--select", "NL601", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND] and r.err == ""


def test_a_damaged_database_is_not_touched_by_a_run_that_writes_nothing(tmp_path):
    repo = indexed(tmp_path)
    not_sqlite(repo)
    before = db(repo).read_bytes()
    r = newslint("--select", "NL6", "--diff", "incoming/copy.txt", cwd=repo)
    assert r.code == 0 and len(r.warnings) == 1 and "not used" in r.warnings[0], r.err
    data = (repo / "e_unrelated.txt").read_bytes()
    r = newslint("--select", "NL6", "-", cwd=repo, stdin=data)
    assert len(r.warnings) == 1 and "not used" in r.warnings[0], r.err
    assert db(repo).read_bytes() == before


def test_an_empty_database_file_is_made_an_index_without_a_word(tmp_path):
    repo = repository(tmp_path)
    (repo / ".newslint_cache").mkdir()
    db(repo).write_bytes(b"")
    r = newslint("--select", "NL6", ".", cwd=repo)
    assert r.code == 1 and r.err == ""
    assert db(repo).read_bytes()[:16] == b"SQLite format 3\x00"


# --- item 19: an entry is confirmed by its content hash --------------------------------------


def test_an_edit_keeping_size_and_mtime_is_not_trusted(tmp_path):
    repo = indexed(tmp_path)
    original = repo / "e_unrelated.txt"
    st = original.stat()
    text = original.read_text(encoding="utf-8")
    edited = text.replace("Villages", "Hamlets!", 1)
    assert edited != text and len(edited.encode()) == st.st_size
    original.write_text(edited, encoding="utf-8")
    os.utime(original, ns=(st.st_atime_ns, st.st_mtime_ns))  # `touch -d` back
    assert (original.stat().st_size, original.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    # incoming/copy.txt holds the old text: no longer in the corpus, so not a copy
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.code == 0 and r.out == "" and r.err == "", r.out + r.err
    # the entry was dropped: a full run indexes the new text, which a copy of it then matches
    newslint("--select", "NL6", ".", cwd=repo)
    shutil.copy(original, repo / "incoming" / "copy.txt")
    r = newslint("--select", "NL601", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND]


def test_only_candidates_are_hashed(run, tmp_path, monkeypatch):
    """Only files whose entries match a key of the run are read again, not the corpus."""
    repo = indexed(tmp_path)
    hashed = []
    real = corpus_index.CorpusIndex.fingerprint
    monkeypatch.setattr(
        corpus_index.CorpusIndex,
        "fingerprint",
        lambda self, rel: hashed.append(rel) or real(self, rel),
    )
    r = run("--isolated", "-j1", "--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND] and without_summary(r.err) == ""
    assert set(hashed) == {"e_unrelated.txt", "incoming/copy.txt"}  # the candidate; the new entry


# --- item 20: the index is made where it belongs, and only by runs that write -----------------


def test_a_file_outside_the_repository_does_not_make_an_index_in_it(tmp_path):
    repo = repository(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(CORPUS / "a_original.txt", outside / "a.txt")
    shutil.copy(CORPUS / "b_copy.txt", outside / "b.txt")
    r = newslint("--select", "NL6", "../elsewhere", cwd=repo)
    assert r.code == 1 and "NL601" in r.out and r.err == ""
    assert not (repo / ".newslint_cache").exists()
    assert not (outside / ".newslint_cache").exists()


def test_a_file_of_another_repository_uses_that_repositorys_index(tmp_path):
    here = repository(tmp_path, "here")
    there = indexed(tmp_path / "t")
    r = newslint("--select", "NL601", there / "incoming" / "copy.txt", cwd=here)
    assert not (here / ".newslint_cache").exists()
    assert r.code == 1 and "same text as " in r.out
    assert (there / "e_unrelated.txt").samefile(here / r.out.split("same text as ")[1].strip()), (
        r.out
    )


def test_files_of_separate_repositories_use_no_index(tmp_path):
    one, two = repository(tmp_path, "one"), repository(tmp_path, "two")
    r = newslint("--select", "NL6", one, two, cwd=tmp_path)
    assert r.code == 1 and len(r.warnings) == 1 and "separate git repositories" in r.err
    assert not (one / ".newslint_cache").exists() and not (two / ".newslint_cache").exists()


def test_of_nested_repositories_the_outermost_holds_the_index(tmp_path):
    outer = repository(tmp_path, "outer")
    inner = repository(outer, "vendored")
    r = newslint("--select", "NL6", ".", cwd=outer)
    assert r.code == 1 and r.err == ""
    assert db(outer).is_file() and not (inner / ".newslint_cache").exists()
    r = newslint("--select", "NL601", "vendored/b_copy.txt", cwd=outer)
    assert r.out.startswith("vendored/b_copy.txt:1:1: NL601") and "same text as " in r.out


def test_diff_and_stdin_runs_do_not_make_the_index(tmp_path):
    repo = repository(tmp_path)
    (repo / "bad.txt").write_text(
        "The plan was good.It was announced , on monday.\n", encoding="utf-8"
    )
    r = newslint("--diff", ".", cwd=repo)
    assert r.code == 1 and "wrote nothing" in r.err
    r = newslint("-", cwd=repo, stdin=(CORPUS / "a_original.txt").read_bytes())
    r = newslint("--stdin-filename", "a_original.txt", "-", cwd=repo, stdin=b"Other text.\n")
    assert not (repo / ".newslint_cache").exists()


def test_diff_and_stdin_runs_read_the_index_and_leave_it_unchanged(tmp_path):
    repo = indexed(tmp_path)
    before = {p.name: p.read_bytes() for p in db(repo).parent.iterdir()}
    data = (repo / "e_unrelated.txt").read_bytes()
    r = newslint("--select", "NL601", "-", cwd=repo, stdin=data)
    assert r.out.splitlines() == ["-:1:1: NL601 duplicate document: same text as e_unrelated.txt"]
    # a stdin text given the name of an indexed file is not that file (it is not indexed)
    r = newslint(
        "--select", "NL601", "--stdin-filename", "a_original.txt", "-", cwd=repo, stdin=data
    )
    assert "same text as e_unrelated.txt" in r.out
    r = newslint("--select", "NL6", "--diff", "incoming/copy.txt", cwd=repo)
    assert r.code == 0 and r.err == ""
    after = {p.name: p.read_bytes() for p in db(repo).parent.iterdir()}
    assert after == before
    r = newslint("--select", "NL601", "b_copy.txt", cwd=repo)  # still a's copy, not stdin's
    assert "same text as a_original.txt" in r.out


def test_a_corpus_root_that_does_not_exist_makes_no_folders(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(CORPUS, work)
    (work / "newslint.toml").write_text('corpus-root = "../archive/deep"\n', encoding="utf-8")
    r = newslint("--select", "NL6", ".", cwd=work, isolated=False)
    assert r.code == 1 and "NL601" in r.out
    assert len(r.warnings) == 1 and "key 'corpus-root'" in r.warnings[0], r.err
    assert str(tmp_path / "archive" / "deep") in r.warnings[0]
    assert not (tmp_path / "archive").exists()
    assert not (work / ".newslint_cache").exists()


def test_a_corpus_root_that_exists_holds_the_index(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(CORPUS, work / "archive")
    (work / "newslint.toml").write_text('corpus-root = "archive"\n', encoding="utf-8")
    r = newslint("--select", "NL6", "archive", cwd=work, isolated=False)
    assert r.code == 1 and r.err == ""
    assert (work / "archive" / ".newslint_cache" / "corpus.sqlite").is_file()
