"""The corpus index never breaks a run, never misleads one and stays where it belongs (issue 13,
items 17, 19, 20, 21; issue 18): every reproducer through the real command line, bounded in time.

A damaged row or database is dropped and rebuilt with one warning on stderr; a cached result
is unpickled only into the classes a result is made of; an entry whose file changed under the
same size and mtime is not trusted (ctime, then the content hash); the index is made at the
root of the git repository holding the linted files, in an existing corpus-root, or in the
folder holding the files named, and never by --diff or stdin runs.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "fixtures" / "duplicates" / "corpus"
TIMEOUT = 120


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    @property
    def warnings(self):
        return [line for line in self.err.splitlines() if line.startswith("newslint: warning:")]


def newslint(*args, cwd, stdin=None, isolated=True):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            *(["--isolated"] if isolated else []),
            "-j1",
            "--no-summary",
        ]
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

EVIL = b"cos\nsystem\n(S'touch pwned'\ntR.".hex()  # a pickle that would run a command

BAD_ROWS = {
    "result x'00ff'": "UPDATE results SET result = x'00ff'",
    "summaries x'00ff'": "UPDATE results SET summaries = x'00ff'",
    "summaries truncated": "UPDATE results SET summaries = substr(summaries, 1, 5)",
    "result a command": f"UPDATE results SET result = x'{EVIL}'",
    "summaries a command": f"UPDATE results SET summaries = x'{EVIL}'",
    "summaries of another type": "UPDATE results SET summaries = x'80054b072e'",  # pickled 7
}
TYPE_ROWS = {
    "result text": "UPDATE results SET result = 'abc'",
    "summaries integer": "UPDATE results SET summaries = 7",
    "display blob": "UPDATE results SET display = x'00'",
    "hash short": "UPDATE files SET hash = x'00'",
    "hash text": "UPDATE files SET hash = 'x'",
    "size text": "UPDATE files SET size = 'big'",
    "path not UTF-8": "UPDATE files SET path = CAST(x'ff41' AS TEXT) WHERE path = 'e_unrelated.txt'",
    "path outside the root": "UPDATE files SET path = '../../e.txt' WHERE path = 'e_unrelated.txt'",
    "a result of another file": "UPDATE results SET hash = (SELECT hash FROM files WHERE path = 'a_original.txt')",
}


@pytest.mark.parametrize("statement", BAD_ROWS.values(), ids=list(BAD_ROWS))
def test_a_damaged_row_is_dropped_with_one_warning(tmp_path, statement):
    repo = indexed(tmp_path)
    execute(repo, *statement.split("; "))
    r = newslint("--select", "NL6", "incoming/copy.txt", "e_unrelated.txt", cwd=repo)
    assert r.code in (0, 1)
    assert len(r.warnings) == 1, r.err
    assert "damaged entr" in r.warnings[0] and str(db(repo)) in r.warnings[0]
    assert r.out.splitlines() == [COPY_FOUND]  # the files were linted again
    assert not (repo / "pwned").exists()
    # dropped: the next run is quiet
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND] and r.err == ""


@pytest.mark.parametrize("statement", TYPE_ROWS.values(), ids=list(TYPE_ROWS))
def test_a_row_of_the_wrong_shape_is_not_trusted(tmp_path, statement):
    """A row newslint could not have written is passed over: its file is hashed or linted
    again (a result whose content hash is not the file's is another text's)."""
    repo = indexed(tmp_path)
    execute(repo, statement)
    for _ in range(2):
        r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
        assert r.out.splitlines() == [COPY_FOUND] and r.err == "", r.err


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


def test_a_result_of_another_configuration_is_not_used(tmp_path):
    repo = indexed(tmp_path)
    execute(repo, "UPDATE results SET config = 'x'")
    r = newslint("--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND] and r.err == ""


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
    execute(repo, "DROP TABLE configs")


def foreign_columns(repo):
    execute(repo, "DROP TABLE files", "CREATE TABLE files (rule TEXT, path TEXT, idx INTEGER)")


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
        "ALTER TABLE results RENAME TO old",
        "CREATE TABLE results AS SELECT * FROM old",
        "DROP TABLE old",
        "UPDATE results SET result = NULL, display = NULL",
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
    assert "linted again" in warning
    assert r.out.splitlines() == [COPY_FOUND]  # the whole corpus is linted again at once
    assert db(repo).read_bytes()[:16] == b"SQLite format 3\x00"
    # rebuilt: quiet from now on
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
    # incoming/copy.txt holds the old text: no longer in the corpus, so not an exact copy
    r = newslint("--select", "NL601", "incoming/copy.txt", cwd=repo)
    assert r.code == 0 and r.out == "" and r.err == "", r.out + r.err
    # the new text was linted: a copy of it matches
    shutil.copy(original, repo / "incoming" / "copy.txt")
    r = newslint("--select", "NL601", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND]


def test_only_changed_files_are_hashed(run, tmp_path, monkeypatch):
    """Files whose stamp (size, mtime, ctime, inode) is unchanged are not read again."""
    from newslint.engine import cache

    repo = indexed(tmp_path)
    hashed = []
    real = cache.content_hash
    monkeypatch.setattr(cache, "content_hash", lambda p, st: hashed.append(p) or real(p, st))
    r = run("--isolated", "-j1", "--no-summary", "--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert r.out.splitlines() == [COPY_FOUND] and r.err == ""
    assert hashed == ["incoming/copy.txt"]  # new since the index was made
    hashed.clear()
    run("--isolated", "-j1", "--select", "NL6", "incoming/copy.txt", cwd=repo)
    assert hashed == []


# --- item 20: the index is made where it belongs, and only by runs that write -----------------


def test_a_file_outside_the_repository_does_not_make_an_index_in_it(tmp_path):
    """Files outside any repository: their corpus is the folder holding them, not the
    working directory's repository."""
    repo = repository(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(CORPUS / "a_original.txt", outside / "a.txt")
    shutil.copy(CORPUS / "b_copy.txt", outside / "b.txt")
    r = newslint("--select", "NL6", "../elsewhere", cwd=repo)
    assert r.code == 1 and "NL601" in r.out and r.err == ""
    assert not (repo / ".newslint_cache").exists()
    assert (outside / ".newslint_cache" / "corpus.sqlite").is_file()
    r = newslint("--select", "NL6", "../elsewhere/b.txt", cwd=repo)  # a.txt comes from the index
    assert (
        r.out.startswith("../elsewhere/b.txt:1:1: NL601")
        and "same text as ../elsewhere/a.txt" in r.out
    )


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
