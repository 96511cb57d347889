"""Inputs named by fsspec URLs: found (folders walked, globs expanded, the include globs
applied), read through the codec, reported under the URL; --fix only where the file is local;
a URL that cannot be used is exit 2 with a message, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import run_cli

pytest.importorskip("fsspec")

FILES = {
    "/news/a.txt": b"The council met on Tuesday.Members voted to close the bridge.\n",
    "/news/deep/b.jsonl": b'{"id": "r1", "text": "Residents said the the repairs were late."}\n',
    "/news/deep/latin.txt": "Caf\xe9 owners met .\n".encode("cp1252"),
    "/news/skip.csv": b"a,b\n",
}

# the memory filesystem lives in one process: the files are put there, then the command runs
IN_MEMORY = """
import sys, fsspec
fs = fsspec.filesystem("memory")
for path, data in {files!r}.items():
    fs.pipe(path, data)
from newslint.cli import main
sys.exit(main({argv!r}))
"""


def run_in_memory(*argv):
    script = IN_MEMORY.format(files=FILES, argv=["check", "--no-cache", *argv])
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_a_folder_url_is_walked_and_reported_under_its_urls():
    code, out, err = run_in_memory("-j2", "--select", "ALL", "memory://news/")
    assert code == 1, err
    assert "memory://news/a.txt:1:27: NL301" in out
    assert "memory://news/deep/b.jsonl:1:" in out and "NL309" in out
    assert "memory://news/deep/latin.txt:1:4: NL001" in out  # decoded by the codec
    assert "skip.csv" not in out and "Traceback" not in err


def test_a_glob_url_and_a_file_url_and_one_that_is_missing():
    code, out, err = run_in_memory("memory://news/**/*.jsonl", "memory://news/gone.txt")
    assert code == 1, err
    assert "memory://news/deep/b.jsonl:1:" in out
    assert "memory://news/gone.txt:1:1: NL003 cannot read file" in out
    assert "a.txt" not in out and "latin" not in out


def test_fix_on_a_url_that_is_not_local_is_exit_2():
    code, out, err = run_in_memory("--fix", "memory://news/")
    assert code == 2 and out == ""
    assert "memory://news/: --fix writes local files only" in err


def test_a_file_url_is_local_and_can_be_fixed(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Tuesday.Members voted.\n", encoding="utf-8")
    url = (tmp_path / "a.txt").as_uri()
    r = run_cli("--no-cache", "--fix", url)
    assert r.code == 0, r.err
    assert (tmp_path / "a.txt").read_text(
        encoding="utf-8"
    ) == "The council met on Tuesday. Members voted.\n"


def test_an_unknown_protocol_is_exit_2():
    r = run_cli("--no-cache", "nosuch://x/y.txt")
    assert r.code == 2 and "nosuch://x/y.txt: Protocol not known: nosuch" in r.err
    assert "Traceback" not in r.err


def test_a_url_without_fsspec_installed_is_exit_2(tmp_path):
    shim = tmp_path / "shim" / "fsspec"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('no fsspec here')\n", encoding="utf-8")
    r = run_cli("--no-cache", "memory://news/", env={"PYTHONPATH": str(tmp_path / "shim")})
    assert r.code == 2 and "reading URLs needs fsspec" in r.err and "Traceback" not in r.err
