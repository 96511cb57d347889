"""Find, read and validate configuration: ``[tool.newslint]`` in pyproject.toml, or
newslint.toml / .newslint.toml (top-level keys), the nearest one from the working directory up.
"""

from __future__ import annotations

import codecs
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

# the one place that picks a TOML reader: everything else does `from newslint.config import tomllib`
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".newslint.toml", "newslint.toml", "pyproject.toml")


class ConfigError(Exception):
    pass


def split_csv(value: str) -> list:
    """A comma-separated command-line value -> its non-empty, stripped items."""
    return [v.strip() for v in value.split(",") if v.strip()]


def _str_list(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _size(v):
    # a string must name a positive size too: '-5MB' parses, but no file is smaller
    return (isinstance(v, int) and not isinstance(v, bool) and v > 0) or (
        isinstance(v, str) and (parse_size(v) or 0) > 0
    )


# key -> (validator, description of what is expected)
SCHEMA = {
    "select": (_str_list, "a list of rule codes, prefixes or names"),
    "extend-select": (_str_list, "a list of rule codes, prefixes or names"),
    "ignore": (_str_list, "a list of rule codes, prefixes or names"),
    "extend-ignore": (_str_list, "a list of rule codes, prefixes or names"),
    "per-file-ignores": (
        lambda v: isinstance(v, dict) and all(_str_list(x) for x in v.values()),
        "a table of glob = [codes]",
    ),
    "per-record-ignores": (
        lambda v: isinstance(v, dict) and all(_str_list(x) for x in v.values()),
        "a table of record-id glob = [codes]",
    ),
    "include": (_str_list, "a list of globs"),
    "extend-include": (_str_list, "a list of globs"),
    "exclude": (_str_list, "a list of globs"),
    "extend-exclude": (_str_list, "a list of globs"),
    "respect-gitignore": (lambda v: isinstance(v, bool), "true or false"),
    "force-exclude": (lambda v: isinstance(v, bool), "true or false"),
    "rule-paths": (_str_list, "a list of paths to rule packs (files or directories)"),
    "plugins": (lambda v: isinstance(v, bool), "true or false"),
    "rules": (
        lambda v: isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()),
        "a table of [rules.NAME] tables",
    ),
    "encoding": (
        lambda v: isinstance(v, str) and known_text_codec(v),
        "a known text encoding such as 'latin-1'",
    ),
    "max-file-size": (_size, "a size such as 50000000 or '50MB'"),
    "text-fields": (
        _str_list,
        "a list of JSON field paths ('body', 'data.bodyText', 'articles[].content', 'tags.*')",
    ),
    "record-id-field": (
        lambda v: isinstance(v, str) or _str_list(v),
        "a field name or a list of them",
    ),
    "source-field": (
        lambda v: isinstance(v, str) or _str_list(v),
        "a JSON field path or a list of them",
    ),
    "words": (_str_list, "a list of words"),
    "dictionary-files": (_str_list, "a list of paths to word lists"),
    "corpus-root": (lambda v: isinstance(v, str), "a path"),
    "cache": (lambda v: isinstance(v, bool), "true or false"),
    "jobs": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
        "a whole number of 1 or more",
    ),
    "executor": (lambda v: v in ("local", "dask"), "'local' or 'dask'"),
    "scheduler": (lambda v: isinstance(v, str) and v != "", "a Dask scheduler address"),
    "format": (lambda v: isinstance(v, str), "an output format name"),
    "show-source": (lambda v: isinstance(v, bool), "true or false"),
}


def known_text_codec(name: str) -> bool:
    """Whether ``name`` is a codec that turns bytes into text and back.  codecs.lookup alone
    also accepts bytes-to-bytes codecs ('hex', 'zlib', 'rot13') and 'undefined', which then
    fail on the first file; a round trip of nothing rejects them up front."""
    try:
        b"".decode(name)
        "".encode(name)
        # text codecs that encode domain names, not files: a line of prose fails in them
        return codecs.lookup(name).name not in ("idna", "punycode")
    except (LookupError, UnicodeError):
        return False


def parse_size(value) -> Optional[int]:
    if isinstance(value, int):
        return value
    s = str(value).strip().upper().replace(" ", "")
    units = {
        "KB": 10**3,
        "MB": 10**6,
        "GB": 10**9,
        "KIB": 2**10,
        "MIB": 2**20,
        "GIB": 2**30,
        "B": 1,
    }
    for unit, mult in sorted(units.items(), key=lambda u: -len(u[0])):
        if s.endswith(unit):
            num = s[: -len(unit)]
            try:
                return int(float(num) * mult)
            except (ValueError, OverflowError):  # 'infMB', '1e400MB': no size
                return None
    try:
        return int(s)
    except ValueError:
        return None


@dataclass
class FileConfig:
    path: Optional[Path] = None  # the file the values came from
    values: dict = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    """The nearest configuration file from ``start`` upwards (a pyproject.toml counts only
    when it has a [tool.newslint] table)."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    text = candidate.read_text(encoding="utf-8")
                    data = tomllib.loads(text)
                except (OSError, UnicodeDecodeError):
                    continue
                except tomllib.TOMLDecodeError:
                    if "tool.newslint" in text:  # ours but broken: load_config says where
                        return candidate
                    continue
                if "newslint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(path: Path) -> FileConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("newslint", {})
        prefix = "tool.newslint."
    else:
        data = data.get("tool", {}).get("newslint", data) if set(data) == {"tool"} else data
        prefix = ""
    validate(data, path, prefix)
    return FileConfig(path, data)


def validate(data: dict, path: Path, prefix: str = "") -> None:
    for key, value in data.items():
        if key not in SCHEMA:
            hint = _close_match(key)
            raise ConfigError(
                f"{path}: unknown key '{prefix}{key}'"
                + (f" (did you mean '{hint}'?)" if hint else "")
            )
        check, expected = SCHEMA[key]
        if not check(value):
            raise ConfigError(f"{path}: key '{prefix}{key}': expected {expected}, got {value!r}")


def _close_match(key: str) -> str:
    import difflib

    found = difflib.get_close_matches(key, list(SCHEMA), n=1)
    return found[0] if found else ""


def resolve_paths(values: list, root: Path) -> list:
    return [str(p) if os.path.isabs(p) else str(root / p) for p in values]


def validate_rule_options(rules_table: dict, registry, path: Optional[Path]) -> dict:
    """``[rules.NAME]`` tables -> {code: options}, each option checked against the rule's defaults."""
    where = str(path) if path else "configuration"
    out = {}
    for key, options in rules_table.items():
        rule = registry.get(key)
        if rule is None:
            raise ConfigError(f"{where}: [rules.{key}]: no rule with that name or code")
        for opt, value in options.items():
            if opt not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none"
                raise ConfigError(
                    f"{where}: [rules.{key}]: unknown option '{opt}' (options: {known})"
                )
            default = rule.options[opt]
            if default is not None and not _same_type(default, value):
                raise ConfigError(
                    f"{where}: [rules.{key}]: option '{opt}' expects {type(default).__name__}, got {value!r}"
                )
            problem = _out_of_range(default, value, getattr(rule, "option_minimums", {}).get(opt))
            if problem:
                raise ConfigError(f"{where}: [rules.{key}]: option '{opt}' = {value!r}: {problem}")
        out[rule.code] = dict(options)
    return out


def _out_of_range(default, value, least=None) -> str:
    """Why an option's value is out of range, or "".  Options carry no declared ranges; their
    defaults say what they are: a float default in [0, 1] is a share or a similarity (so is
    each float of a list of them), a whole-number default is a count or a length (at least
    1 when the default is, else at least 0, unless the rule's ``option_minimums`` says
    otherwise: 0 may mean "off"); no number may be NaN or infinite."""
    if isinstance(default, (list, tuple)) and isinstance(value, list):
        for d, v in zip(list(default) + [default[-1]] * len(value), value) if default else ():
            problem = _out_of_range(d, v, least)
            if problem:
                return problem
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return "expected a finite number"
    if isinstance(default, float) and 0.0 <= default <= 1.0 and not 0.0 <= value <= 1.0:
        return "expected a share between 0 and 1"
    if isinstance(default, int) and not isinstance(default, bool):
        least = (1 if default >= 1 else 0) if least is None else least
        if value < least:
            return f"expected a whole number of {least} or more"
    return ""


def _same_type(default, value) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return isinstance(value, type(default))
