"""Declarative TOML rule packs -> rule classes.

A pack is a TOML file with one or more ``[[rules]]`` tables.  Kinds:

* ``existence``: report every match of ``tokens`` (phrases, matched as whole words) or
  ``patterns`` (regular expressions, ``regex`` syntax).
* ``substitution``: ``swap`` maps a phrase (or, with ``regex = true``, a pattern) to its
  replacement; the report carries a fix.

Common keys: code, name, kind, message (``{match}``, ``{replacement}``), summary, explanation,
scope (line, sentence, paragraph, heading, title, document), ignorecase, severity, default,
fix (safe | unsafe), exceptions (patterns a match must not fully match), bad, good.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import regex

from newslint.document import Document
from newslint.rule import FAMILIES, SEVERITIES, Fix, Rule, Violation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCOPES = ("line", "sentence", "paragraph", "heading", "title", "document")
KINDS = ("existence", "substitution")
PATTERN_TIMEOUT = 1.0  # seconds per scope span; a runaway pattern must not hang a run
REQUIRED = ("code", "name", "kind", "message")
OPTIONAL = {
    "summary": str,
    "explanation": str,
    "family": str,
    "scope": str,
    "ignorecase": bool,
    "severity": str,
    "default": bool,
    "fix": str,
    "tokens": list,
    "patterns": list,
    "swap": dict,
    "regex": bool,
    "exceptions": list,
    "bad": list,
    "good": list,
    "edges": bool,
    "prose-only": bool,
}


class PackError(Exception):
    pass


def load_builtin_packs() -> Iterator[tuple]:
    root = resources.files("newslint.rules")
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            yield from load_pack_text(entry.read_text(encoding="utf-8"), f"rules/{entry.name}", "built-in pack")


def load_pack_paths(paths: Iterable[str]) -> Iterator[tuple]:
    for p in paths:
        path = Path(p)
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        if not path.exists():
            raise PackError(f"{p}: rule pack path does not exist")
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise PackError(f"{f}: cannot read rule pack: {exc}") from None
            yield from load_pack_text(text, str(f), f"pack {f.name}")


def load_pack_text(text: str, where: str, origin: str) -> Iterator[tuple]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{where}: malformed TOML: {exc}") from None
    unknown = set(data) - {"rules", "pack"}
    if unknown:
        raise PackError(f"{where}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise PackError(f"{where}: 'rules' must be an array of tables ([[rules]])")
    for i, entry in enumerate(entries):
        label = f"{where}: rule {entry.get('code') or entry.get('name') or '#' + str(i + 1)}"
        yield make_rule(entry, label, origin), where


def make_rule(entry: dict, label: str, origin: str) -> type[Rule]:
    for key in REQUIRED:
        if key not in entry:
            raise PackError(f"{label}: missing required field '{key}'")
    for key, value in entry.items():
        if key in REQUIRED:
            if not isinstance(value, str):
                raise PackError(f"{label}: '{key}' must be a string")
        elif key not in OPTIONAL:
            raise PackError(f"{label}: unknown field '{key}'")
        elif not isinstance(value, OPTIONAL[key]):
            raise PackError(f"{label}: '{key}' must be of type {OPTIONAL[key].__name__}")
    kind = entry["kind"]
    if kind not in KINDS:
        raise PackError(f"{label}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    scope = entry.get("scope", "sentence")
    if scope not in SCOPES:
        raise PackError(f"{label}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise PackError(f"{label}: severity must be one of {', '.join(SEVERITIES)}")
    code = entry["code"]
    family = entry.get("family") or next((f for f, p in FAMILIES.items() if code.startswith(p)), "")
    fix = entry.get("fix")
    if fix not in (None, "safe", "unsafe"):
        raise PackError(f"{label}: fix must be 'safe' or 'unsafe'")
    flags = regex.IGNORECASE if entry.get("ignorecase", False) else 0
    try:
        exceptions = [regex.compile(p, flags) for p in entry.get("exceptions", [])]
    except regex.error as exc:
        raise PackError(f"{label}: bad exception pattern: {exc}") from None

    attrs = dict(
        code=code,
        name=entry["name"],
        family=family,
        severity=severity,
        default_enabled=entry.get("default", True),
        bad=list(entry.get("bad", [])),
        good=list(entry.get("good", [])),
        origin=origin,
        pack_scope=scope,
        message_template=entry["message"],
        exceptions=exceptions,
        prose_only=entry.get("prose-only", True),
        __doc__=(entry.get("summary") or entry["message"]) + "\n\n" + entry.get("explanation", ""),
        __module__="newslint.packs",
    )
    if kind == "existence":
        if not entry.get("tokens") and not entry.get("patterns"):
            raise PackError(f"{label}: an existence rule needs 'tokens' or 'patterns'")
        parts = [_phrase(t) for t in entry.get("tokens", [])] + list(entry.get("patterns", []))
        attrs["pattern"] = _compile("|".join(f"(?:{p})" for p in parts), flags, label)
        return type(_class_name(entry["name"]), (ExistenceRule,), attrs)
    swap = entry.get("swap")
    if not swap:
        raise PackError(f"{label}: a substitution rule needs a 'swap' table")
    is_regex = entry.get("regex", False)
    keys = list(swap)
    for k, v in swap.items():
        if not isinstance(v, str):
            raise PackError(f"{label}: swap value for {k!r} must be a string")
    alternatives = [f"(?P<s{i}>{k if is_regex else _phrase(k)})" for i, k in enumerate(keys)]
    attrs["pattern"] = _compile("|".join(alternatives), flags, label)
    attrs["replacements"] = [swap[k] for k in keys]
    attrs["fixable"] = fix or "unsafe"
    return type(_class_name(entry["name"]), (SubstitutionRule,), attrs)


def _phrase(text: str) -> str:
    """A literal phrase matched as whole words, any run of spaces between its words."""
    words = [regex.escape(w) for w in text.split()]
    body = r"\s+".join(words)
    left = r"(?<![\p{L}\p{N}])" if text[:1].isalnum() else ""
    right = r"(?![\p{L}\p{N}])" if text[-1:].isalnum() else ""
    return left + body + right


def _compile(pattern: str, flags: int, label: str):
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise PackError(f"{label}: bad pattern: {exc}") from None


def _class_name(name: str) -> str:
    return "Pack_" + name.replace("-", "_")


class PackRule(Rule):
    pack_scope = "sentence"
    message_template = ""
    pattern = None
    exceptions: list = []
    prose_only = True

    def matches(self, doc: Document) -> Iterator:
        for start, end in doc.iter_scope(self.pack_scope):
            try:
                for m in self.pattern.finditer(doc.text, start, end, timeout=PATTERN_TIMEOUT):
                    if m.end() == m.start():
                        continue
                    if self.prose_only and doc.overlaps_protected(m.start(), m.end()):
                        continue
                    if any(x.fullmatch(m.group()) for x in self.exceptions):
                        continue
                    yield m
            except TimeoutError:
                continue

    def format(self, match: str, replacement: str = "") -> str:
        return self.message_template.replace("{match}", match).replace("{replacement}", replacement)


class ExistenceRule(PackRule):
    def check(self, doc: Document) -> Iterator[Violation]:
        for m in self.matches(doc):
            yield self.violation(m.start(), m.end(), self.format(m.group()))


class SubstitutionRule(PackRule):
    replacements: list = []

    def check(self, doc: Document) -> Iterator[Violation]:
        for m in self.matches(doc):
            index = int(m.lastgroup[1:]) if m.lastgroup and m.lastgroup.startswith("s") else 0
            replacement = m.expand(self.replacements[index]) if "\\" in self.replacements[index] else self.replacements[index]
            replacement = match_case(m.group(), replacement)
            fix = Fix.replace(m.start(), m.end(), replacement, self.fixable, f"replace with '{replacement}'")
            yield self.violation(m.start(), m.end(), self.format(m.group(), replacement), fix)


def match_case(original: str, replacement: str) -> str:
    """Carry the original's capitalisation over to the replacement."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
