"""Issue 19: a full run keeps its summaries in the corpus index, not in memory
(``engine.streaming``), and reports exactly what the run with the summaries in memory
(``--no-cache``) reports: written in batches, the corpus phase a chunk of files at a time,
and back to the summaries in memory whenever the index cannot serve.

A corpus of our own (invented sentences): exact and near copies, a newsletter line many
stories share, a town name most write capitalised.
"""

import random

import pytest

from newslint.corpus_index import Database
from newslint.engine import streaming

ARGS = ("--isolated", "-j1", "--no-summary", "--no-show-fixes")
SENTENCES = [
    "The council met on Monday to decide the future of the old market hall in Vexlund.",
    "Traders want the hall reopened before the winter, when the square is busiest.",
    "Repairs to the roof alone would cost more than the whole budget for the year.",
    "The library will open late on Thursdays after readers asked for longer hours.",
    "Builders reached the bridge on Friday and said that it could still be saved.",
    "A new bus route will link the hospital with the station from next month.",
    "The school choir won the regional prize for the third year in a row.",
    "Rain is expected all week, with strong winds along the coast on Saturday.",
    "The ferry company said crossings would resume once the storm had passed.",
    "Farmers in the valley reported the earliest harvest in living memory.",
    "Police closed the high street for two hours after a lorry shed its load.",
    "The museum has been given a collection of maps drawn by a local surveyor.",
]
BLURB = "Get the best of our journalism delivered to your inbox every weekday morning."


def corpus(tmp_path, n: int = 30):
    root = tmp_path / "news"
    rng = random.Random(19)
    texts = []
    for i in range(n):
        if texts and i % 7 == 0:
            text = texts[rng.randrange(len(texts))]  # an exact copy
        else:
            body = " ".join(rng.sample(SENTENCES, 6))
            if i % 5 == 1:
                body = body.replace("Vexlund", "vexlund")
            text = f"Story {i} of the week\n\n{body}\n\n{BLURB if i % 3 else ''}\n"
        texts.append(text)
        path = root / f"d{i % 4}" / f"s{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / ".git").mkdir()
    return root


@pytest.fixture
def chunks(monkeypatch):
    """Small batches and chunks, and a count of the chunks the corpus phase asked about."""
    monkeypatch.setattr(streaming, "CHUNK", 4)
    asked = []
    real = streaming.ChunkKeys.__init__

    def counted(self, *args):
        asked.append(1)
        real(self, *args)

    monkeypatch.setattr(streaming.ChunkKeys, "__init__", counted)
    return asked


def test_a_full_run_streams_and_reports_what_the_run_in_memory_reports(run, tmp_path, chunks):
    root = corpus(tmp_path)
    plain = run(*ARGS, "--no-cache", ".", cwd=root)
    codes = {line.split()[1] for line in plain.out.splitlines()}
    assert {"NL601", "NL702", "NL203"} <= codes, plain.out
    first = run(*ARGS, ".", cwd=root)
    assert first.out == plain.out and first.code == plain.code
    assert len(chunks) >= 8 * 4  # 8 chunks of 4 files, every corpus rule and filter
    chunks.clear()
    again = run(*ARGS, ".", cwd=root)  # every result reused; the corpus rules recalled
    assert again.out == plain.out
    one = run(*ARGS, "d1/s001.txt", cwd=root)  # a file named alone: the index's aggregates
    assert one.out.splitlines() == [
        line for line in plain.out.splitlines() if line.startswith("d1/s001.txt:")
    ]
    (root / "d2" / "s014.txt").write_text("A different story about the ferry.\n", encoding="utf-8")
    changed = run(*ARGS, ".", cwd=root)
    assert changed.out == run(*ARGS, "--no-cache", ".", cwd=root).out != plain.out


def test_a_folder_of_the_corpus_named_streams_the_rest_from_the_index(run, tmp_path, chunks):
    root = corpus(tmp_path)
    run(*ARGS, ".", cwd=root)
    (root / "d3" / "s007.txt").write_text(f"Late news\n\n{BLURB}\n", encoding="utf-8")
    (root / "d0" / "new.txt").write_text(f"Later news\n\n{BLURB}\n", encoding="utf-8")
    chunks.clear()  # a file came that is not named: the whole corpus is looked at
    part = run(*ARGS, "d3", cwd=root)
    assert chunks, "the corpus phase read the index"
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out.splitlines()
    assert part.out.splitlines() == [line for line in plain if line.startswith("d3/")]


def test_a_write_refused_midway_keeps_the_summaries_in_memory(run, tmp_path, chunks, monkeypatch):
    root = corpus(tmp_path)
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out
    real = Database.write
    calls = []

    def refused(self, *args, **kwargs):
        calls.append(1)
        return False if len(calls) == 3 else real(self, *args, **kwargs)

    monkeypatch.setattr(Database, "write", refused)
    assert run(*ARGS, ".", cwd=root).out == plain
    assert chunks == []  # the corpus phase ran in memory, the summaries read back
    monkeypatch.setattr(Database, "write", real)
    assert run(*ARGS, ".", cwd=root).out == plain


def test_an_index_that_fails_the_corpus_phase_is_read_back_or_linted_again(
    run, tmp_path, chunks, monkeypatch
):
    root = corpus(tmp_path)
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out
    monkeypatch.setattr(streaming, "decide", lambda *a, **k: None)
    assert run(*ARGS, ".", cwd=root).out == plain  # read back from the index
    (root / ".newslint_cache" / "corpus.sqlite").unlink()
    monkeypatch.setattr(Database, "summaries", lambda self, config: {})
    assert run(*ARGS, ".", cwd=root).out == plain  # nothing to read back: linted again


def test_a_pooled_run_over_a_new_index_packs_the_summaries_in_the_workers(
    run, tmp_path, chunks, monkeypatch
):
    """-j2 over a new index: the pool is forked before the run builds what it keeps per file,
    and the workers send each result's summaries as the index keeps them (``Packed``), which
    the parent writes unopened; the reports are the run's in memory, cold and warm."""
    from newslint.engine import pool

    root = corpus(tmp_path, 40)
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out
    early, kinds = [], []
    real_fork, real_flush = pool.fork_early, streaming.Spool.flush
    monkeypatch.setattr(pool, "fork_early", lambda *a: early.append(a[2]) or real_fork(*a))

    def flush(self):
        kinds.extend(type(res.summaries).__name__ for _, res, _ in self.batch)
        return real_flush(self)

    monkeypatch.setattr(streaming.Spool, "flush", flush)
    pooled = ("--isolated", "-j2", "--no-summary", "--no-show-fixes")
    assert run(*pooled, ".", cwd=root).out == plain
    assert early == [40] and set(kinds) == {"Packed"}, (early, set(kinds))
    early.clear()
    assert run(*pooled, ".", cwd=root).out == plain  # warm: nothing to lint, no pool
    assert early == [] and pool._EARLY == [] and pool._PACK == []


def test_packed_results_the_index_refuses_are_opened_again(run, tmp_path, chunks, monkeypatch):
    root = corpus(tmp_path, 40)
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out
    real = Database.write
    calls = []

    def refused(self, *args, **kwargs):
        calls.append(1)
        return False if len(calls) == 2 else real(self, *args, **kwargs)

    monkeypatch.setattr(Database, "write", refused)
    pooled = ("--isolated", "-j2", "--no-summary", "--no-show-fixes")
    assert run(*pooled, ".", cwd=root).out == plain
    assert chunks == []  # the corpus phase ran in memory


def test_answers_about_keys_many_documents_hold_are_kept_across_the_chunks(
    run, tmp_path, chunks, monkeypatch
):
    """A word many documents capitalise (NL203) is asked about in every chunk: its count and
    its forms (``tally``) are read from the index once and kept, and the reports are those
    of the run in memory."""
    root = corpus(tmp_path, 40)
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out
    assert " NL203 " in plain
    monkeypatch.setattr(streaming, "SHARED_MIN", 2)
    monkeypatch.setattr(streaming, "FEW_HOLDERS", 3)  # not read with each chunk's keys
    kept, asked = [], []
    real_keep, real_tally = streaming.SharedHolders.keep, streaming.ChunkKeys.tally

    def keep(self, asked_, answer, holders):
        kept.append(asked_[1])
        real_keep(self, asked_, answer, holders)

    def tally(self, key):
        asked.append(key)
        return real_tally(self, key)

    monkeypatch.setattr(streaming.SharedHolders, "keep", keep)
    monkeypatch.setattr(streaming.ChunkKeys, "tally", tally)
    assert run(*ARGS, ".", cwd=root).out == plain
    assert kept.count("tally") == 1 < len(asked), (kept, asked)  # one word: vexlund
    assert "count" in kept


def test_keys_many_documents_hold_are_read_for_the_chunks_that_ask_not_prefetched_again(
    run, tmp_path, chunks, monkeypatch
):
    """A chunk reads at once the holders of its documents' keys that few documents hold; a
    key found held by more (a newsletter line, a capitalised word) is remembered and left
    out of the later chunks' reads, and asked about alone, with the same reports."""
    root = corpus(tmp_path, 40)
    plain = run(*ARGS, "--no-cache", ".", cwd=root).out
    monkeypatch.setattr(streaming, "FEW_HOLDERS", 3)
    crowded = []
    real = streaming.SharedHolders.crowd

    def crowd(self, code, keys):
        crowded.extend((code, k) for k in keys)
        real(self, code, keys)

    monkeypatch.setattr(streaming.SharedHolders, "crowd", crowd)
    assert run(*ARGS, ".", cwd=root).out == plain
    assert {"NL702", "NL203"} <= {code for code, _ in crowded}
    assert len(crowded) == len(set(crowded))  # each found once, not again in later chunks
