"""The configuration key of cached results (engine/configuration.py): newslint installed again
from the same wheel keeps its key; a changed file changes it."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil

import newslint
from newslint.engine import configuration
from newslint.engine.configuration import package_files


def _install(site, files: dict, mtime: int) -> str:
    """A package ``newslint`` under ``site`` as pip installs a wheel: its files and RECORD."""
    package = site / "newslint"
    record = []
    for name, data in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(mtime, mtime))
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"newslint/{name},sha256={digest},{len(data)}")
    info = site / f"newslint-{newslint.__version__}.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("\n".join(record + [f"{info.name}/RECORD,,"]) + "\n")
    return package


FILES = {"__init__.py": b"VERSION = 1\n", "rules/house.toml": b"[[rules]]\n"}


def test_a_reinstalled_wheel_keeps_its_key(tmp_path):
    first = _install(tmp_path / "a", FILES, 1_600_000_000_000_000_000)
    again = _install(tmp_path / "b", FILES, 1_700_000_000_000_000_000)  # new place and times
    assert package_files(first, str(first / "rules")) == package_files(again, str(again / "rules"))
    names = [name for name, _ in package_files(first, str(first / "rules"))]
    assert names == ["__init__.py", "rules/house.toml"]
    assert all(
        identity[0].startswith("sha256=")
        for _, identity in package_files(first, str(first / "rules"))
    )


def test_an_edited_file_changes_the_key(tmp_path):
    package = _install(tmp_path / "a", FILES, 1_600_000_000_000_000_000)
    before = package_files(package, str(package / "rules"))
    (package / "__init__.py").write_bytes(b"VERSION = 22\n")  # RECORD no longer vouches: size
    after = package_files(package, str(package / "rules"))
    assert before != after
    assert after[0][1] == (13, os.stat(package / "__init__.py").st_mtime_ns)


def test_a_source_tree_is_keyed_by_size_and_mtime(tmp_path):
    first = _install(tmp_path / "a", FILES, 1_600_000_000_000_000_000)
    shutil.rmtree(tmp_path / "a" / f"newslint-{newslint.__version__}.dist-info")
    assert [identity for _, identity in package_files(first, str(first / "rules"))] == [
        (12, 1_600_000_000_000_000_000),
        (10, 1_600_000_000_000_000_000),
    ]
    os.utime(first / "__init__.py", ns=(1, 1))
    assert package_files(first, str(first / "rules"))[0][1] == (12, 1)


def test_the_running_newslint_is_keyed(tmp_path):
    package = configuration.Path(newslint.__file__).parent
    packs = str(configuration.resources.files("newslint.rules"))
    names = [name for name, _ in package_files(package, packs)]
    assert "__init__.py" in names and "engine/configuration.py" in names
    assert any(name.endswith(".toml") for name in names)  # the built-in packs, wherever they are
