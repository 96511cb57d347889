"""Declarative TOML rule packs -> rule classes.

A pack is a TOML file with one or more ``[[rules]]`` tables.  Kinds:

* ``existence``: report every match of ``tokens`` (phrases, matched as whole words) or
  ``patterns`` (regular expressions, ``regex`` syntax).
* ``substitution``: ``swap`` maps a phrase (or, with ``regex = true``, a pattern) to its
  replacement; the report carries a fix.

Common keys: code, name, kind, message (``{match}``, ``{replacement}``), summary, explanation,
scope (line, sentence, paragraph, heading, title, document), ignorecase, severity, default,
fix (safe | unsafe), exceptions (patterns a match must not fully match), bad, good.

Entries: ``[[rules.entries]]`` tables add phrases one by one, each with its own examples and
conditions: ``token`` / ``phrase`` or ``pattern`` (and ``replacement`` for substitution),
``message``, ``before`` / ``after`` (patterns the text just before / after the match must
match, whitespace between allowed), ``not-before`` / ``not-after`` (must not match),
``whole-line`` (the match must be the whole line), ``position`` (any | edge | start | end:
the match must lie in the first and/or last ``edge-lines`` non-blank lines), bad, good.
``whole-line``, ``position`` and ``edge-lines`` may also be set for the whole rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import regex

from newslint.config import tomllib
from newslint.document import Document
from newslint.rule import FAMILIES, SEVERITIES, Fix, Rule, Violation

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
    "entries": list,
    "whole-line": bool,
    "position": str,
    "edge-lines": int,
}
ENTRY_KEYS = {
    "token": str,
    "phrase": str,
    "pattern": str,
    "replacement": str,
    "message": str,
    "before": str,
    "after": str,
    "not-before": str,
    "not-after": str,
    "whole-line": bool,
    "position": str,
    "note": str,
    "bad": list,
    "good": list,
}
POSITIONS = ("any", "edge", "start", "end")


class PackError(Exception):
    pass


HAS_RULES = regex.compile(r"^\s*\[\[rules\]\]", regex.MULTILINE)


def load_builtin_packs() -> tuple:
    """(rule, where) of every rule of the built-in packs (rules/*.toml), loaded once per
    process.  Their examples are run by the test suite, not at start-up."""
    return _builtin_packs()


def builtin_rule(name: str) -> type[Rule]:
    """A rule of the built-in packs by name (NL707 applies NL701's entries to sentences)."""
    for rule, _ in load_builtin_packs():
        if rule.name == name:
            return rule
    raise KeyError(name)


@lru_cache(maxsize=1)
def _builtin_packs() -> tuple:
    return tuple(_read_builtin_packs())


def _read_builtin_packs() -> Iterator[tuple]:
    root = resources.files("newslint.rules")
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            text = entry.read_text(encoding="utf-8")
            if not HAS_RULES.search(text):
                continue  # a data file (the gazetteer), read by the rule that uses it
            _EAGER[0] = False
            try:
                rules = list(load_pack_text(text, f"rules/{entry.name}", "built-in pack"))
            finally:
                _EAGER[0] = True
            yield from rules


def load_pack_paths(paths: Iterable[str]) -> Iterator[tuple]:
    """(rule, where) of every rule of the user's packs (files, or folders of *.toml).  Their
    examples are run before a lint run starts (``examples.check_user_packs``)."""
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
    if entry.get("entries") is not None or entry.get("whole-line") or entry.get("position"):
        return _make_entry_rule(entry, label, kind, flags, attrs, fix)
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


def _make_entry_rule(
    entry: dict, label: str, kind: str, flags: int, attrs: dict, fix
) -> type[Rule]:
    """A rule whose phrases are entries, each with its own conditions and examples."""
    rule_position = entry.get("position", "any")
    rule_whole = entry.get("whole-line", False)
    edge_lines = entry.get("edge-lines", 3)
    items: list = []  # plain tokens, patterns and swaps first, as simple entries
    if kind == "existence":
        items += [{"token": t} for t in entry.get("tokens", [])]
        items += [{"pattern": p} for p in entry.get("patterns", [])]
    else:
        for k, v in (entry.get("swap") or {}).items():
            if not isinstance(v, str):
                raise PackError(f"{label}: swap value for {k!r} must be a string")
            items.append({"pattern" if entry.get("regex") else "phrase": k, "replacement": v})
    for i, item in enumerate(entry.get("entries") or []):
        if not isinstance(item, dict):
            raise PackError(f"{label}: entries must be tables ([[rules.entries]])")
        where = f"{label}: entry {item.get('token') or item.get('phrase') or item.get('pattern') or '#' + str(i + 1)!r}"
        for key, value in item.items():
            if key not in ENTRY_KEYS:
                raise PackError(f"{where}: unknown field '{key}'")
            if not isinstance(value, ENTRY_KEYS[key]):
                raise PackError(f"{where}: '{key}' must be of type {ENTRY_KEYS[key].__name__}")
        if sum(k in item for k in ("token", "phrase", "pattern")) != 1:
            raise PackError(
                f"{where}: an entry needs exactly one of 'token', 'phrase' or 'pattern'"
            )
        if kind == "substitution" and "replacement" not in item:
            raise PackError(f"{where}: a substitution entry needs a 'replacement'")
        items.append(item)
    if not items:
        raise PackError(f"{label}: the rule has no tokens, patterns, swaps or entries")
    alternatives, bodies, conditions, looks_back, triggers, full = [], [], [], [], [], []
    for i, item in enumerate(items):
        literal = item.get("token", item.get("phrase"))
        body = _phrase(literal) if literal is not None else item["pattern"]
        bodies.append(_compile(body, flags, label))
        position = item.get("position", rule_position)
        if position not in POSITIONS:
            raise PackError(
                f"{label}: position must be one of {', '.join(POSITIONS)}, not {position!r}"
            )
        conditions.append((position, item.get("message"), item.get("replacement")))
        full.append(_with_context(body, item, rule_whole))
        alternatives.append(f"(?P<e{i}>{full[-1]})")
        looks_back.append(
            tuple(
                _compile(f"(?:{item[k]})\\s*\\Z", flags, label) if item.get(k) else None
                for k in ("before", "not-before")
            )
        )
        triggers.append(_trigger(literal, item.get("pattern")))
        attrs["bad"] = attrs["bad"] + list(item.get("bad", []))
        attrs["good"] = attrs["good"] + list(item.get("good", []))
    attrs["pattern"] = _compile("|".join(alternatives), flags, label)
    attrs["entry_patterns"] = bodies
    attrs["entry_conditions"] = conditions
    attrs["edge_lines"] = edge_lines
    attrs["entry_looks_back"] = looks_back
    # entries whose trigger words a document lacks are not run on it at all
    attrs["entry_triggers"] = triggers
    attrs["entry_full"] = [_compile(alt, flags, label) for alt in full]
    attrs["whole_lines"] = all(item.get("whole-line", rule_whole) for item in items)
    if kind == "substitution":
        attrs["fixable"] = fix or "unsafe"
        return type(_class_name(entry["name"]), (EntrySubstitutionRule,), attrs)
    return type(_class_name(entry["name"]), (EntryExistenceRule,), attrs)


def _with_context(body: str, item: dict, rule_whole: bool) -> str:
    """An entry's pattern wrapped in the lookarounds its conditions ask for."""
    out = f"(?:{body})"  # before / not-before are checked after the match: lookbehinds are slow
    if item.get("after"):
        out += f"(?=\\s*(?:{item['after']}))"
    if item.get("not-after"):
        out += f"(?!\\s*(?:{item['not-after']}))"
    if item.get("whole-line", rule_whole):
        out = f"(?<=(?:\\A|\\n)[ \\t]*){out}(?=[ \\t]*(?:\\n|\\Z))"
    return out


_GROUP = regex.compile(r"\\.|\[(?:\\.|[^\]])*\]|\((?:[^()\\]|\\.|(?R))*\)")
_LETTERS = regex.compile(r"[A-Za-z][A-Za-z'-]{2,}(?![?*{])")


def _trigger(literal, pattern):
    """Words (lower case) one of which every match of an entry contains, or None if unknown."""
    if literal is not None:
        words = [w for w in literal.split() if w[:1].isalnum()]
        return (max(words, key=len).casefold(),) if words else None
    if pattern is None:
        return None
    found: list = []
    for branch in _top_level_split(pattern, "|"):
        words = _LETTERS.findall(_GROUP.sub(" ", branch))
        if words:
            found.append(max(words, key=len).casefold())
            continue
        options = _literal_options(branch)
        if options is None:
            return None
        found.extend(options)
    return tuple(found) or None


def _literal_options(branch: str):
    """The words of the first top-level group made only of literal alternatives."""
    for m in _GROUP.finditer(branch):
        inner = m.group()
        if not inner.startswith("("):
            continue
        inner = inner[3:-1] if inner.startswith("(?:") else inner[1:-1]
        options = _top_level_split(inner, "|")
        if all(regex.fullmatch(r"[A-Za-z][A-Za-z' -]*", o) for o in options):
            return [max(o.split(), key=len).casefold() for o in options]
    return None


def _top_level_split(pattern: str, sep: str) -> list:
    parts, depth, escaped, in_class, current = [], 0, False, False, []
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(c)
    parts.append("".join(current))
    return parts


def _phrase(text: str) -> str:
    """A literal phrase matched as whole words, any run of spaces between its words."""
    words = [regex.escape(w) for w in text.split()]
    body = r"\s+".join(words)
    left = r"(?<![\p{L}\p{N}])" if text[:1].isalnum() else ""
    right = r"(?![\p{L}\p{N}])" if text[-1:].isalnum() else ""
    return left + body + right


class LazyPattern:
    """A built-in pack's pattern, compiled on first use: the shipped packs are validated by the
    test suite, and compiling all of them at start-up would cost more than linting a file."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int):
        self.source, self.flags, self._compiled = source, flags, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return getattr(self._compiled, name)


_EAGER = [True]  # user packs are compiled (and so validated) when they are loaded


def _compile(pattern: str, flags: int, label: str):
    if not _EAGER[0]:
        return LazyPattern(pattern, flags)
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
                    if self.accepts(doc, m):
                        yield m
            except TimeoutError:
                continue

    def accepts(self, doc: Document, m) -> bool:
        """A match counts unless it is empty, touches a protected span (URL, number, code) in a
        prose-only rule, or is one of the rule's exceptions."""
        if m.end() == m.start():
            return False
        if self.prose_only and doc.overlaps_protected(m.start(), m.end()):
            return False
        return not any(x.fullmatch(m.group()) for x in self.exceptions)

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
            replacement = (
                m.expand(self.replacements[index])
                if "\\" in self.replacements[index]
                else self.replacements[index]
            )
            replacement = match_case(m.group(), replacement)
            fix = Fix.replace(
                m.start(), m.end(), replacement, self.fixable, f"replace with '{replacement}'"
            )
            yield self.violation(m.start(), m.end(), self.format(m.group(), replacement), fix)


class EntryRule(PackRule):
    """A pack rule built from entries: each match is checked against its entry's conditions."""

    entry_patterns: list = []
    entry_conditions: list = []  # (position, message, replacement) per entry
    edge_lines = 3
    whole_lines = False  # every entry matches whole lines only
    entry_looks_back: list = []  # (before, not-before) patterns per entry, anchored at the match
    entry_triggers: list = []  # per entry: words one of which every match contains, or None
    entry_full: list = []  # per entry: its pattern with its lookahead conditions
    MAX_LINE = 1000  # whole-line entries: longer lines are prose, not page furniture

    def matches(self, doc: Document) -> Iterator:
        if not self.whole_lines:
            yield from super().matches(doc)
            return
        text = doc.text
        for start, end in doc.iter_scope(self.pack_scope):
            for s, e in _line_spans_in(doc, start, end):
                while s < e and text[s] in " \t":
                    s += 1
                if s == e or e - s > self.MAX_LINE:
                    continue
                try:  # one attempt per line, at its first character
                    m = self.pattern.match(text, s, e, timeout=PATTERN_TIMEOUT)
                except TimeoutError:
                    continue
                if m is not None and self.accepts(doc, m):
                    yield m

    def indexed_matches(self, doc: Document) -> Iterator[tuple]:
        """(entry index, match), running only the entries whose trigger words the text has."""
        folded = doc.text.casefold()
        chosen = [
            i for i, t in enumerate(self.entry_triggers) if t is None or any(w in folded for w in t)
        ]
        if not chosen:
            return
        if self.whole_lines or len(chosen) == len(self.entry_triggers):
            for m in self.matches(doc):
                yield int(m.lastgroup[1:]), m
            return
        text = doc.text
        for start, end in doc.iter_scope(self.pack_scope):
            found = []
            for i in chosen:
                try:
                    found.extend(
                        (m.start(), i, m)
                        for m in self.entry_full[i].finditer(
                            text, start, end, timeout=PATTERN_TIMEOUT
                        )
                    )
                except TimeoutError:
                    continue
            for _, i, m in sorted(found, key=lambda f: (f[0], f[1])):
                if self.accepts(doc, m):
                    yield i, m

    def entry_matches(self, doc: Document) -> Iterator[tuple]:
        edges = None
        text = doc.text
        for index, m in self.indexed_matches(doc):
            before, not_before = self.entry_looks_back[index]
            if before or not_before:
                lo = max(0, m.start() - 120)
                if before and not before.search(text, lo, m.start()):
                    continue
                if not_before and not_before.search(text, lo, m.start()):
                    continue
            position = self.entry_conditions[index][0]
            if position != "any":
                if edges is None:
                    edges = _edge_lines(doc, self.edge_lines)
                line = doc.line_index(m.start())
                first, last = edges
                if not (
                    (position in ("edge", "start") and line in first)
                    or (position in ("edge", "end") and line in last)
                ):
                    continue
            yield index, m

    def entry_message(self, index: int, match: str, replacement: str = "") -> str:
        template = self.entry_conditions[index][1] or self.message_template
        return template.replace("{match}", match).replace("{replacement}", replacement)

    def entry_position(self, index: int) -> str:
        """Where in a document an entry counts: any, edge, start or end."""
        return self.entry_conditions[index][0]

    # what NL707 asks of the sentences of a flattened page: is this, alone, a line of NL701's?
    def starts_line(self, line: str) -> bool:
        """Whether an entry matches at the start of a (stripped) line, conditions aside."""
        return len(line) <= self.MAX_LINE and _match_start(self.pattern, line) is not None

    def line_entry(self, text: str) -> Optional[tuple]:
        """(entry index, match) when ``text`` taken as a line of its own (nothing before it) is
        one of the entries, exceptions and before / not-before conditions checked; None if it
        is not.  Positions are left to the caller, which knows what its edges are."""
        if len(text) > self.MAX_LINE:
            return None
        m = _match_start(self.pattern, text)
        if m is None or m.end() == m.start():
            return None
        if any(x.fullmatch(m.group()) for x in self.exceptions):
            return None
        index = int(m.lastgroup[1:])
        before, not_before = self.entry_looks_back[index]
        if (before is not None and not before.search("")) or (
            not_before is not None and not_before.search("")
        ):
            return None
        return index, m


def _match_start(pattern, text: str):
    try:
        return pattern.match(text, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        return None


def _line_spans_in(doc: Document, start: int, end: int) -> Iterator[tuple]:
    """The lines (or parts of lines) inside a scope span."""
    first, last = doc.line_index(start), doc.line_index(max(start, end - 1))
    for i in range(first, last + 1):
        s, e = doc.lines[i]
        yield max(s, start), min(e, end)


def _edge_lines(doc: Document, n: int) -> tuple:
    """Indices of the first and the last ``n`` non-blank lines of a document."""
    text = doc.text
    filled = [i for i, (s, e) in enumerate(doc.lines) if text[s:e].strip()]
    return frozenset(filled[:n]), frozenset(filled[-n:] if n else ())


class EntryExistenceRule(EntryRule):
    def check(self, doc: Document) -> Iterator[Violation]:
        for index, m in self.entry_matches(doc):
            yield self.violation(m.start(), m.end(), self.entry_message(index, m.group()))


class EntrySubstitutionRule(EntryRule):
    def check(self, doc: Document) -> Iterator[Violation]:
        for index, m in self.entry_matches(doc):
            template = self.entry_conditions[index][2]
            replacement = template
            if "\\" in template or "\\g<" in template:
                own = self.entry_patterns[index].fullmatch(doc.text, m.start(), m.end())
                replacement = own.expand(template) if own else template
            replacement = match_case(m.group(), replacement)
            fix = Fix.replace(
                m.start(), m.end(), replacement, self.fixable, f"replace with '{replacement}'"
            )
            yield self.violation(
                m.start(), m.end(), self.entry_message(index, m.group(), replacement), fix
            )


def match_case(original: str, replacement: str) -> str:
    """Carry the original's capitalisation over to the replacement."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
