"""Issue 19: the parent's memory per file.  Once the corpus index holds a result's summaries,
the run keeps a ``Settled`` result in its place (slots, shared empty fields) instead of the
FileResult, cold (as the results arrive, whatever ``-j``) and warm (the results read from the
index), and prints what it printed with every FileResult kept.
"""

import dataclasses

import pytest
from test_streaming import corpus

from newslint import session as session_module
from newslint import suppress
from newslint.engine.settings import NO_SUMMARIES, FileResult, Settled
from newslint.rule import Report


def a_result(**more) -> FileResult:
    report = Report("a.txt", 2, 1, 2, 5, "NL101", "spelling", "unknown word 'teh'")
    sups = suppress.Suppressions(malformed=[(1, 1, 1, 9, "unknown action 'disabel'")])
    fields = dict(reports=[report], suppressions=sups, size=120, notes=["a.txt: a note"])
    return FileResult("a.txt", **{**fields, **more}, fs_path="./a.txt")


@pytest.mark.parametrize("given", [{}, {"reports": [], "notes": [], "suppressions": None}])
def test_a_settled_result_reads_as_the_file_result_it_stands_for(given):
    res = a_result(**given, summaries={"NL601": [b"digest"]})
    settled = Settled(res, "a.txt", "./a.txt")
    for f in dataclasses.fields(FileResult):
        value = getattr(settled, f.name)
        assert (list(value) if isinstance(value, tuple) else value) == getattr(res, f.name)
    assert settled.result() == res  # (written to the index when a batch's write was refused)
    assert not hasattr(settled, "__dict__")


def test_empty_fields_are_shared_and_an_empty_suppressions_reads_as_none():
    res = FileResult("b.txt", suppressions=suppress.Suppressions(), fs_path="./b.txt")
    one, two = Settled(res, "b.txt", "./b.txt"), Settled(a_result(reports=[]), "a", "./a")
    assert one.reports is two.reports and one.withheld is two.withheld
    assert one.suppressions is None
    with pytest.raises(TypeError):  # nothing adds to a result once it is in
        one.started[0] = ()


def test_what_a_fixing_run_or_a_piece_gives_is_kept_whole():
    assert Settled.fits(a_result())
    assert not Settled.fits(a_result(fixed=1))
    assert not Settled.fits(a_result(diff="--- a.txt\n"))
    assert not Settled.fits(a_result(data=b"stdin"))
    from newslint.engine.lint import PieceResult

    assert not Settled.fits(PieceResult("a.txt"))


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_a_run_over_the_index_keeps_settled_results(run, tmp_path, monkeypatch, jobs):
    root = corpus(tmp_path, 24)
    args = ("--isolated", jobs, "--no-summary", "--no-show-fixes")
    kept = []
    real = session_module.Session.finish

    def finish(self, results):
        kept.append(list(results))
        return real(self, results)

    monkeypatch.setattr(session_module.Session, "finish", finish)
    plain = run(*args, "--no-cache", ".", cwd=root).out
    cold = run(*args, ".", cwd=root).out
    warm = run(*args, ".", cwd=root).out  # the results read from the index
    assert cold == warm == plain and plain.count("\n") > 10
    assert [type(res) for res in kept[0]] == [FileResult] * 24  # --no-cache: summaries kept
    for results in kept[1:]:
        assert [type(res) for res in results] == [Settled] * 24
        assert all(res.summaries is NO_SUMMARIES for res in results)


def test_the_spool_matches_results_to_files_a_name_given_twice_in_order():
    from newslint.engine import streaming
    from newslint.engine.cache import _File

    files = [_File(f"d/{n}.txt", f"./{n}.txt", f"{n}.txt", True) for n in "abab"]
    for i, f in enumerate(files):
        f.hash = bytes([i])
    spool = streaming.Spool(type("Plan", (), {"load": None})(), {}).expect(files)
    assert spool.pending["b.txt"] == [files[1], files[3]]  # one _File a name, else a list
    for name in ["a", "b", "a", "b", "c"]:
        spool(FileResult(f"{name}.txt", size=len(spool.batch)))
    assert [f for f, _, _ in spool.batch] == files and spool.pending == {}
    assert [kept.fs_path for _, _, kept in spool.batch] == ["./a.txt", "./b.txt"] * 2
