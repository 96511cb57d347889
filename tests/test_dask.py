"""--executor dask: the same reports, fixes and exit status as the local executor, on a
LocalCluster of processes, with the corpus phase reduced on the cluster (``engine.reduce``;
with a plugin's corpus rule without the incremental protocol among them); a worker killed
mid-run, while it lints or while the keys are reduced, changes nothing; a scheduler that
cannot be reached, or workers that differ from the client, are exit 2 with a clear message."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, run_cli

distributed = pytest.importorskip("distributed")

SEEDS = SHARED / "seeds"
SAMPLE = ROOT / "sample"

# invented: each line carries defects the document rules fix, and a paragraph repeats across
# files (the corpus rules), so that fixes and corpus reports both cross the cluster
LINES = [
    "The council met on Tuesday.Members voted to close the old bridge.",
    "Residents said the the repairs had taken too long,and costs had doubled.",
    "the mayor, who lives in leeds, said work would begin in march.",
    "Shops on the high street reported fewer visitors than last winter .",
    "A spokesperson said the goverment would review the plan next year.",
]
SHARED_PARAGRAPH = (
    "The regional transport authority said the new timetable would add three morning "
    "services and one late evening service on weekdays from the first of next month."
)


def write_corpus(folder: Path, files: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        body = [f"Town report number {i}", ""]
        for j in range(4):
            body.append(LINES[(i + j) % len(LINES)].replace("Tuesday", f"day {i}-{j}"))
            body.append("")
        if i % 7 == 0:
            body.append(SHARED_PARAGRAPH)
        (folder / f"report-{i:03d}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    records = [json.dumps({"id": f"r{i}", "text": LINES[i % len(LINES)]}) for i in range(9)]
    (folder / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (folder / "table.md").write_text(
        "# Results\n\n| Team | Points |\n|—|—|\n| North | 3 |\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes, joined with --scheduler."""
    import logging

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cl,
        distributed.Client(cl, set_as_default=False) as client,
    ):
        yield cl.scheduler_address, client


def same(a, b) -> None:
    assert (a.code, a.out) == (b.code, b.out), (a.err, b.err)


def test_the_same_reports_as_the_local_executor_with_a_cluster_of_its_own():
    paths = [SAMPLE] + ([SEEDS] if SEEDS.is_dir() else [])
    local = run_cli("--no-cache", "-j2", *paths)
    dask = run_cli("--no-cache", "-j2", "--executor", "dask", *paths)
    assert local.code == 1 and len(local.lines) > 20
    same(local, dask)
    assert "Traceback" not in dask.err


def test_the_same_fixes_and_reports_on_a_cluster(tmp_path, cluster):
    address, _ = cluster
    original = write_corpus(tmp_path / "original", 30)
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(original, a)
    shutil.copytree(original, b)
    local = run_cli("--no-cache", "-j2", "--fix", "--select", "ALL", "a", cwd=tmp_path)
    dask = run_cli(
        "--no-cache", "--fix", "--select", "ALL", "--scheduler", address, "b", cwd=tmp_path
    )
    assert local.code == 1
    assert (local.code, local.out.replace("a/", "b/")) == (dask.code, dask.out), dask.err
    names = sorted(p.name for p in original.iterdir())
    assert [(a / n).read_bytes() for n in names] == [(b / n).read_bytes() for n in names]
    assert any((a / n).read_bytes() != (original / n).read_bytes() for n in names)


# the tasks of the corpus phase on the cluster (engine.reduce), by their keys' names
REDUCING = (
    "part-",
    "merge-",
    "prune-",
    "named_ranks-",
    "ranks_in-",
    "keep_values-",
    "ask-",
    "select-",
    "unite-",
    "ranks_for-",
    "select_values-",
    "attach-",
    "piece-",
    "_check_batch-",
)


@pytest.mark.parametrize("phase", ["lint", "reduce"])
def test_a_worker_killed_mid_run_changes_nothing(tmp_path, cluster, phase):
    """Killed while it lints, or while the batches' keys are merged and checked (its batches'
    keys are lost with it: Dask lints them again)."""
    address, client = cluster
    corpus = write_corpus(tmp_path / "c", 150)
    local = run_cli("--no-cache", "-j2", "--select", "ALL", corpus)
    pids = client.run(os.getpid)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslint", "--no-cache", "--select", "ALL"]
        + ["--scheduler", address, str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        busy = [
            w
            for w, keys in client.processing().items()
            if w in pids and any(phase == "lint" or k.startswith(REDUCING) for k in keys)
        ]
        if busy:
            killed = busy[0]
            os.kill(pids[killed], signal.SIGKILL)
        time.sleep(0.01)
    out, err = proc.communicate(timeout=120)
    assert killed, "the run ended before a worker could be killed"
    assert (proc.returncode, out.decode()) == (local.code, local.out), err.decode()


def test_an_unreachable_scheduler_is_exit_2_naming_it_quickly(tmp_path):
    (tmp_path / "a.txt").write_text("Fine text.\n", encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('scheduler = "tcp://127.0.0.1:9"\n', encoding="utf-8")
    start = time.monotonic()
    r = run_cli("a.txt", cwd=tmp_path)  # a scheduler in the configuration means Dask
    assert time.monotonic() - start < 20
    assert r.code == 2 and r.out == ""
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in r.err
    assert "Traceback" not in r.err


def test_workers_that_differ_are_exit_2_naming_the_worker(tmp_path, cluster):
    address, client = cluster
    (tmp_path / "a.txt").write_text("Fine text.\n", encoding="utf-8")

    def pretend(version):
        import newslint
        from newslint.engine import dask_executor

        dask_executor._LINTERS.clear()
        newslint.__version__ = version

    import newslint

    client.run(pretend, "0.0.0-other")
    try:
        r = run_cli("--scheduler", address, "a.txt", cwd=tmp_path)
    finally:
        client.run(pretend, newslint.__version__)
    assert r.code == 2 and r.out == ""
    assert "Dask worker tcp://" in r.err
    assert f"newslint 0.0.0-other on the worker, {newslint.__version__} here" in r.err


def test_executor_options_are_checked(run, tmp_path):
    (tmp_path / "a.txt").write_text("Fine text.\n", encoding="utf-8")
    r = run("--executor", "local", "--scheduler", "tcp://127.0.0.1:9", "a.txt", cwd=tmp_path)
    assert r.code == 2 and "--scheduler needs --executor dask" in r.err
    (tmp_path / "newslint.toml").write_text('executor = "ray"\n', encoding="utf-8")
    r = run("a.txt", cwd=tmp_path)
    assert r.code == 2 and "key 'executor'" in r.err


def test_a_large_jsonl_file_in_byte_ranges_on_a_cluster(tmp_path, cluster):
    """Each record a range, on the cluster: what the local pool gives for the file whole."""
    from test_chunks import messy_jsonl

    address, _ = cluster
    (tmp_path / "feed.jsonl").write_bytes(messy_jsonl(80))
    args = ("--no-cache", "--select", "ALL", "--verbose", "feed.jsonl")
    whole = run_cli("-j2", *args, cwd=tmp_path, env={"NEWSLINT_SPLIT_BYTES": "0"})
    split = run_cli("--scheduler", address, *args, cwd=tmp_path, env={"NEWSLINT_SPLIT_BYTES": "1"})
    assert whole.code == 1 and "NL001" in whole.out
    assert (split.code, split.out, split.err) == (whole.code, whole.out, whole.err)


# --- the corpus phase as a tree reduction on the cluster (engine.reduce) --------------------
LOWER_BARS = (  # so that every corpus rule and filter has something to decide in a small corpus
    "[tool.newslint.rules.NL101]\nvocabulary-documents = 3\n"
    "[tool.newslint.rules.NL102]\nvocabulary-documents = 3\n"
    "[tool.newslint.rules.NL603]\nmin-words = 10\n"
    "[tool.newslint.rules.NL702]\nmin-documents = 3\n"
    "[tool.newslint.rules.NL203]\nmin-documents = 2\n"
)


def write_invented(folder: Path, seed: int) -> Path:
    """Invented stories (tests/test_corpus_keys.py) with exact and near copies, a shared
    paragraph, boilerplate lines, names in lower case, repeated unknown words, glued labels;
    some of them again as records of one JSON Lines file."""
    from test_corpus_keys import invented_corpus

    files = invented_corpus(seed, 60)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    texts = list(files.values())
    records = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts[::4])]
    (folder / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (folder / "pyproject.toml").write_text(LOWER_BARS, encoding="utf-8")
    return folder


def test_the_corpus_phase_reduced_on_the_cluster_gives_the_local_output(tmp_path, cluster):
    address, _ = cluster
    corpus = write_invented(tmp_path / "c", 24)
    args = ("--no-cache", "--select", "ALL", "--format", "json", ".")
    local = run_cli("-j2", *args, cwd=corpus)
    tree = run_cli("--scheduler", address, *args, cwd=corpus)
    codes = {r["code"] for r in json.loads(local.out)}
    assert local.code == 1 and {"NL203", "NL313", "NL601", "NL602", "NL603", "NL702"} <= codes
    assert (tree.code, tree.out) == (local.code, local.out), tree.err
    # a JSON Lines file in ranges: ranks within a range
    ranges = run_cli("--scheduler", address, *args, cwd=corpus, env={"NEWSLINT_SPLIT_BYTES": "1"})
    assert (ranges.code, ranges.out) == (local.code, local.out), ranges.err
    # NL203 where one capitalising document decides: its roots keep every key, and each
    # batch is sent the capitalised forms of the words its documents write in lower case
    (corpus / "pyproject.toml").write_text(
        LOWER_BARS.replace("min-documents = 2\n", "min-documents = 1\nmax-lowercase-share = 0.6\n"),
        encoding="utf-8",
    )
    args = ("--no-cache", "--select", "NL203", ".")
    local = run_cli("-j2", *args, cwd=corpus)
    tree = run_cli("--scheduler", address, *args, cwd=corpus)
    assert local.code == 1 and (tree.code, tree.out) == (local.code, local.out), tree.err


def test_a_corpus_rule_without_the_protocol_among_reduced_ones(tmp_path):
    """A plugin's corpus rule (no incremental protocol) is given every summary on the client
    while the built-in ones are reduced on the cluster (a LocalCluster of the run's own)."""
    from test_plugins import PLUGIN, make_dist

    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "newslint-shouting", PLUGIN, "shouting = newslint_shouting")
    env = {"PYTHONPATH": str(site) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env["NEWSLINT_DASK_TREE"] = "1"  # a small corpus: the tree only when asked for
    corpus = write_invented(tmp_path / "c", 23)
    args = ("--no-cache", "-j2", "--select", "NL1,NL2,NL3,NL6,NL7,NL98", ".")
    local = run_cli(*args, cwd=corpus, env=env)
    dask = run_cli("--executor", "dask", *args, cwd=corpus, env=env)
    assert local.code == 1 and "NL982" in local.out and "NL602" in local.out
    assert (dask.code, dask.out) == (local.code, local.out), dask.err
