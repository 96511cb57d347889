"""Declarative TOML rule packs -> rule classes.

A pack is a TOML file with one or more ``[[rules]]`` tables.  Kinds:

* ``existence``: report every match of ``tokens`` (phrases, matched as whole words) or
  ``patterns`` (regular expressions, ``regex`` syntax).
* ``substitution``: ``swap`` maps a phrase (or, with ``regex = true``, a pattern) to its
  replacement (with ``regex = true``, a template whose ``\\1`` / ``\\g<name>`` are groups of
  its own key's pattern); the report carries a fix.

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

import regex

from newslint.config import tomllib
from newslint.packs.rules import (
    EAGER,
    EntryExistenceRule,
    EntrySubstitutionRule,
    ExistenceRule,
    PackError,
    SubstitutionRule,
    class_name,
    compile_pattern,
)
from newslint.packs.screen import SentenceScreen
from newslint.rule import FAMILIES, SEVERITIES, Rule

SCOPES = ("line", "sentence", "paragraph", "heading", "title", "document")
KINDS = ("existence", "substitution")
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
            text = entry.read_text(encoding="utf-8-sig")
            if not HAS_RULES.search(text):
                continue  # a data file (the gazetteer), read by the rule that uses it
            EAGER[0] = False
            try:
                rules = list(load_pack_text(text, f"rules/{entry.name}", "built-in pack"))
            finally:
                EAGER[0] = True
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
                text = f.read_text(encoding="utf-8-sig")  # a BOM is not TOML
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
        if not isinstance(entry, dict):
            raise PackError(f"{where}: rules[{i}] must be a table ([[rules]]), not {entry!r}")
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
    for key in STRING_LISTS:
        if any(not isinstance(v, str) for v in entry.get(key, [])):
            raise PackError(f"{label}: '{key}' must be a list of strings")
    for key in ("patterns", "exceptions"):
        for i, value in enumerate(entry.get(key, [])):
            _refuse_recursion(value, f"{label}: {key}[{i}]")
    if entry.get("regex") and isinstance(entry.get("swap"), dict):
        for k in entry["swap"]:
            _refuse_recursion(k, f"{label}: swap key {k!r}")
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
        pack_label=label,
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
        attrs["pattern"] = compile_pattern("|".join(f"(?:{p})" for p in parts), flags, label)
        return type(class_name(entry["name"]), (ExistenceRule,), attrs)
    swap = entry.get("swap")
    if not swap:
        raise PackError(f"{label}: a substitution rule needs a 'swap' table")
    is_regex = entry.get("regex", False)
    keys = list(swap)
    for k, v in swap.items():
        if not isinstance(v, str):
            raise PackError(f"{label}: swap value for {k!r} must be a string")
    alternatives = [f"(?P<s{i}>{k if is_regex else _phrase(k)})" for i, k in enumerate(keys)]
    attrs["pattern"] = compile_pattern("|".join(alternatives), flags, label)
    attrs["replacements"] = [swap[k] for k in keys]
    if is_regex:  # a template (\\1, \\g<name>) names the groups of its own key's pattern
        own = {i: compile_pattern(k, flags, label) for i, k in enumerate(keys) if "\\" in swap[k]}
        attrs["swap_patterns"] = own
        if EAGER[0]:  # user packs; the shipped ones are checked by the tests
            for i, pattern in own.items():
                _check_template(swap[keys[i]], pattern, f"{label}: swap value for {keys[i]!r}")
    attrs["fixable"] = fix or "unsafe"
    return type(class_name(entry["name"]), (SubstitutionRule,), attrs)


TEMPLATE_GROUP = regex.compile(r"\\(?:(\d+)|g<([^>]*)>)")
STRING_LISTS = ("tokens", "patterns", "exceptions")
# a recursive call: (?R), (?1), (?-1), (?+1), (?&name), (?P>name)
RECURSIVE_CALL = regex.compile(r"\(\?(?:R|[-+]?\d+|&\w+|P>\w+)\)")


def _refuse_recursion(pattern: str, where: str) -> None:
    """A user's pattern may not recurse: `(?R)?a` fills the memory on any text before a time
    limit can stop it (half a gigabyte in half a second), in every worker at once.  Calls are
    looked for outside escapes and character classes, in one pass."""
    if not EAGER[0]:
        return  # the shipped packs, checked by the tests
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            i += pattern.startswith("^", i)
            i += pattern.startswith("]", i)  # a "]" first in a class is one of its members
            continue
        elif c == "(" and pattern.startswith("(?", i):
            call = RECURSIVE_CALL.match(pattern, i)
            if call:
                raise PackError(
                    f"{where}: recursive pattern {call.group()!r} is not supported (it can "
                    "exhaust memory on any text)"
                )
        i += 1


def _check_template(template: str, pattern, where: str) -> None:
    """A regex swap's replacement names only groups its pattern has (else every file crashes)."""
    for number, name in TEMPLATE_GROUP.findall(template):
        ref = number or name
        known = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not known:
            raise PackError(f"{where}: refers to group {ref!r}, which the pattern does not have")
    # the rest of the template (a lone trailing backslash, an unknown escape such as \q) is
    # read only when a match is expanded: expanded here once, on a pattern with the same
    # groups that matches the empty text
    names = {i: name for name, i in pattern.groupindex.items()}
    probe = "".join(
        f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1)
    )
    try:
        regex.compile(probe).sub(template, "", count=1)
    except (regex.error, IndexError) as exc:
        raise PackError(f"{where}: {exc}") from None


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
        for key in ("pattern", "before", "after", "not-before", "not-after"):
            if key in item:
                _refuse_recursion(item[key], f"{where}: '{key}'")
        items.append(item)
    if not items:
        raise PackError(f"{label}: the rule has no tokens, patterns, swaps or entries")
    alternatives, bodies, conditions, looks_back, triggers, full = [], [], [], [], [], []
    for i, item in enumerate(items):
        literal = item.get("token", item.get("phrase"))
        body = _phrase(literal) if literal is not None else item["pattern"]
        bodies.append(compile_pattern(body, flags, label))
        position = item.get("position", rule_position)
        if position not in POSITIONS:
            raise PackError(
                f"{label}: position must be one of {', '.join(POSITIONS)}, not {position!r}"
            )
        conditions.append((position, item.get("message"), item.get("replacement")))
        if EAGER[0] and "\\" in item.get("replacement", ""):  # expanded on its own pattern
            _check_template(
                item["replacement"], bodies[-1], f"{label}: replacement of entry {i + 1}"
            )
        full.append(_with_context(body, item, rule_whole))
        alternatives.append(f"(?P<e{i}>{full[-1]})")
        looks_back.append(
            tuple(
                compile_pattern(f"(?:{item[k]})\\s*\\Z", flags, label) if item.get(k) else None
                for k in ("before", "not-before")
            )
        )
        triggers.append(_trigger(literal, item.get("pattern")))
        attrs["bad"] = attrs["bad"] + list(item.get("bad", []))
        attrs["good"] = attrs["good"] + list(item.get("good", []))
    attrs["pattern"] = compile_pattern("|".join(alternatives), flags, label)
    attrs["entry_patterns"] = bodies
    attrs["entry_conditions"] = conditions
    attrs["edge_lines"] = edge_lines
    attrs["entry_looks_back"] = looks_back
    # entries whose trigger words a document lacks are not run on it at all
    attrs["entry_triggers"] = triggers
    attrs["entry_full"] = [compile_pattern(alt, flags, label) for alt in full]
    attrs["whole_lines"] = all(item.get("whole-line", rule_whole) for item in items)
    if attrs["whole_lines"] and attrs["origin"] == "built-in pack":  # the tests check them
        attrs["screen_class"] = SentenceScreen
    if kind == "substitution":
        attrs["fixable"] = fix or "unsafe"
        return type(class_name(entry["name"]), (EntrySubstitutionRule,), attrs)
    return type(class_name(entry["name"]), (EntryExistenceRule,), attrs)


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
