"""The corpus index writes the corpus rules' keys in the order of the table's key (a speed
matter only): what it holds afterwards is what each path was last given, whatever the order
the keys came in, and keys that do not compare are written too."""

import random
import sqlite3

from newslint.corpus_index.database import Database
from newslint.corpus_index.root import IndexRun


def _held(db) -> tuple:
    conn = sqlite3.connect(str(db.path))
    try:
        keys = sorted(conn.execute("SELECT code, key, path, doc, value FROM doc_keys"), key=repr)
        values = sorted(conn.execute("SELECT code, path, doc, value FROM doc_values"))
    finally:
        conn.close()
    return keys, values


def _write(tmp_path, name: str, keys: list) -> tuple:
    root = tmp_path / name
    root.mkdir()
    db = Database.open(root, True, IndexRun())
    assert db is not None
    assert db.write("cfg", {}, [], set(), set(), {}, keys)
    return _held(db)


def test_keys_in_any_order_are_held_alike(tmp_path):
    keys = [
        (f"d{i}.txt", ([("NL602", random.Random(i).randbytes(8), 0, b"v")], [("NL602", 0, b"s")]))
        for i in range(50)
    ]
    shuffled = keys[:]
    random.Random(1).shuffle(shuffled)
    held = _write(tmp_path, "a", keys)
    assert held == _write(tmp_path, "b", shuffled)
    assert len(held[0]) == 50 and len(held[1]) == 50


def test_a_path_given_twice_holds_what_it_was_given_last(tmp_path):
    first = ([("NL601", b"old", 0, b"")], [])
    last = ([("NL601", b"new", 0, b"")], [("NL601", 0, b"v")])
    keys, values = _write(tmp_path, "a", [("a.txt", first), ("b.txt", None), ("a.txt", last)])
    assert keys == [("NL601", b"new", "a.txt", 0, b"")]
    assert values == [("NL601", "a.txt", 0, b"v")]


def test_keys_that_do_not_compare_are_written_as_they_came(tmp_path):
    mixed = [("a.txt", ([("NL999", b"k", 0, b""), ("NL999", "text key", 0, b"")], []))]
    keys, _ = _write(tmp_path, "a", mixed)
    assert {k for _, k, *_ in keys} == {b"k", "text key"}
