"""Output formats: sorted reports -> text.

Every format is registered once, in ``BUILTIN`` below: its name, its writer (a module of this
package and a function in it, imported when the format is used) and a one-line description,
from which ``--format``'s help and error messages are made.  Adding a format is one module and
one line here.  A writer is called as ``write(reports, line_source=..., show_source=...,
registry=...)`` and returns the text; it takes ``**_`` for the options it does not use.

Installed packages add formats through the entry-point group ``newslint.formats``
(``xml = "my_package.xml:write"``), naming a ``Format`` or a writer whose docstring's first
line describes it.  They are looked up only when a name is not built in or when the choices
are listed, so a run with a built-in format never pays for the search.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Callable, Union

from newslint.plugins import installed_entry_points

ENTRY_POINT_GROUP = "newslint.formats"


class FormatError(Exception):
    """An installed format plugin is broken (cannot be loaded, or takes a built-in name)."""


@dataclass(frozen=True)
class Format:
    name: str
    writer: Union[str, Callable]  # "module:function" in this package, or the function itself
    description: str
    machine: bool = False  # a parseable document: --statistics and --count go to stderr

    def write(self, reports, **options) -> str:
        writer = self.writer
        if isinstance(writer, str):
            module, _, function = writer.partition(":")
            writer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        return writer(reports, **options)


BUILTIN = {
    f.name: f
    for f in (
        Format("default", "text:write_default", "one line a report: path:line:col: CODE message"),
        Format("concise", "text:write_default", "the same as default"),
        Format("grouped", "text:write_grouped", "the reports under each file's name"),
        Format("json", "records:write_json", "a JSON array of reports", machine=True),
        Format("jsonl", "records:write_jsonl", "JSON Lines, one report a line", machine=True),
        Format("github", "github:write", "GitHub Actions workflow annotations"),
        Format("sarif", "sarif:write", "a SARIF 2.1.0 log", machine=True),
        Format(
            "html",
            "html:write",
            "a self-contained HTML page: statistics, charts, reports",
            machine=True,
        ),
    )
}


class Formats(Mapping):
    """Every output format by name: the built-in ones, then those of installed plugins
    (looked up the first time a name is not built in, or when every name is listed)."""

    def __init__(self, builtin: dict):
        self.builtin = builtin
        self._plugins = None

    def __getitem__(self, name: str) -> Format:
        if name in self.builtin:
            return self.builtin[name]
        return self.plugins()[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.builtin
        yield from self.plugins()

    def __len__(self) -> int:
        return len(self.builtin) + len(self.plugins())

    def plugins(self) -> dict:
        if self._plugins is None:
            self._plugins = _plugin_formats(self.builtin)
        return self._plugins

    def described(self, plugins: bool = True) -> str:
        """'name (description), ...' for help texts."""
        chosen = self.values() if plugins else self.builtin.values()
        return ", ".join(f"{f.name} ({f.description})" for f in chosen)

    def unknown(self, name: str) -> str:
        return f"unknown format {name!r} (choose from {', '.join(self)})"


FORMATS = Formats(BUILTIN)


def _plugin_formats(builtin: dict) -> dict:
    found = {}
    for ep in installed_entry_points(ENTRY_POINT_GROUP):
        where = f"format plugin {ep.name} ({ep.value})"
        if ep.name in builtin:
            raise FormatError(f"{where}: {ep.name!r} is the name of a built-in format")
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin is a configuration error, not a crash
            raise FormatError(f"{where}: cannot be loaded: {exc}") from None
        if isinstance(loaded, Format):
            found[ep.name] = Format(ep.name, loaded.writer, loaded.description, loaded.machine)
        elif callable(loaded):
            doc = (loaded.__doc__ or "").strip().split("\n", 1)[0]
            found[ep.name] = Format(ep.name, loaded, doc or f"from {ep.value}")
        else:
            raise FormatError(f"{where}: is neither a Format nor a function")
    return found
