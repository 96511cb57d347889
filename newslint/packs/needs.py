"""What a pack's pattern needs a text to hold for it to match: the strings read off its
source, so that an entry is not run where they are missing (the sentence screen's tail, a
sentence-scoped pack's entries), and the parsing both that and the screen's first words use."""

from __future__ import annotations

from typing import Optional

import regex


class _Unknown(Exception):
    """A pattern is not plain enough to tell what is asked of it (its first words, its needs)."""


_QUANTIFIERS = frozenset("?*+{")
_QUANTIFIER = regex.compile(r"[?*+]|\{(\d*)(?:,(\d*))?\}")
_ESCAPE_END = regex.compile(
    r"\\(?:[pPN]\{[^}]*\}|[pP]\w|x\{[^}]*\}|x\w\w|u\w{4}|U\w{8}|g<[^>]*>|\d+|.)"
)
_GROUP = regex.compile(r"\(\?(?::|>|P?<\w+>|[a-zA-Z]*-?[a-zA-Z]*:)")  # (?:, (?i:, (?P<name>


def needs_of(patterns: list, flags: int) -> Optional[tuple]:
    """Per pattern, what a text must contain for it to match: per alternative of the pattern,
    a tuple of needs, each a tuple of lower-case strings one of which the text holds
    (`(("/",), ("getty", "afp", ...))`); None for a pattern with an alternative that needs
    nothing the parse can tell."""
    if flags & regex.VERBOSE:
        return (None,) * len(patterns)  # spaces in the pattern are not spaces of the text
    found = []
    for pattern in patterns:
        source = _source(pattern)
        try:
            alternatives, end = _needed_alternatives(source, 0)
        except _Unknown:
            alternatives, end = [], -1
        if end != len(source) or not all(alternatives):
            found.append(None)
            continue
        # the fewest choices first: one missing string settles the alternative
        found.append(
            tuple(
                tuple(sorted(alt, key=lambda need: (len(need), -len(min(need, key=len)))))
                for alt in alternatives
            )
        )
    return tuple(found)


def folded(text: str) -> Optional[str]:
    """``text`` as needs are looked for in it: case folded; None (look for nothing) when it
    holds a dotted capital I (`\u0130`), which the patterns match as an i and which folding
    makes two characters."""
    return None if "\u0130" in text else text.casefold()


def holds(needs: Optional[tuple], text: Optional[str]) -> bool:
    """Whether a text (``folded``) holds what one alternative of a pattern needs; True when
    the needs or the text are None (unknown)."""
    if needs is None or text is None:
        return True
    return any(all(any(w in text for w in need) for need in alt) for alt in needs)


# The parse of what a pattern needs reads the items of each alternative in turn: a run of
# plain ASCII characters that must match one after the other is a string the text holds; a
# group that must match once or more, and a lookahead, add what all their alternatives need
# when there is one alternative, else one need made of a choice from each; everything else
# (a class, an escape such as \s, an optional item, a lookbehind) needs nothing.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 !\"%&',-/:;<=>@_`~")
# escaped, a sign that means something to a pattern is a character of the text: `\[`, `\.`
_PLAIN_ESCAPED = _PLAIN | frozenset("[](){}.*+?^$|\\#")


def alternatives_of(src: str, i: int, sequence) -> tuple:
    """([what ``sequence(src, i)`` reads of each alternative from ``i``], where they end):
    the alternatives of a group (or of the whole pattern), as a parse reads them."""
    out = []
    while True:
        read, i = sequence(src, i)
        out.append(read)
        if i < len(src) and src[i] == "|":
            i += 1
            continue
        return out, i


def _needed_alternatives(src: str, i: int) -> tuple:
    """([needs of each alternative], where they end)."""
    return alternatives_of(src, i, _needed_sequence)


def _needed_sequence(src: str, i: int) -> tuple:
    needs, run = [], []
    while i < len(src) and src[i] not in "|)":
        kind, value, i = _needed_atom(src, i)
        optional, after = _quantified(src, i)
        if after == i and src.startswith("{", i):
            raise _Unknown  # a fuzzy match's limits (`{e<=1}`): the text may differ
        if kind == "char" and after == i:
            run.append(value)
            continue
        if "".join(run).strip():
            needs.append(("".join(run),))
        run, i = [], after
        if kind == "group" and not optional:
            if len(value) == 1:
                needs.extend(value[0])
            elif all(value):
                # a choice: from each alternative the need with the longest shortest string
                chosen = {w for alt in value for w in max(alt, key=lambda n: len(min(n, key=len)))}
                needs.append(tuple(sorted(chosen)))
    if "".join(run).strip():
        needs.append(("".join(run),))
    return needs, i


def _needed_atom(src: str, i: int) -> tuple:
    """(kind, value, where the item ends): "char" (a plain character, in lower case), "group"
    (what each of its alternatives needs: a group or a lookahead) or "other"."""
    c = src[i]
    if c == "(":
        if src.startswith(("(?!", "(?<=", "(?<!"), i):  # what it needs is not in the match
            _, j = _needed_alternatives(src, i + (3 if src[i + 2] == "!" else 4))
            return "other", None, _close(src, j)
        start = i + 3 if src.startswith("(?=", i) else None
        if start is None:
            opening = _GROUP.match(src, i) if src.startswith("(?", i) else None
            if opening is None and src.startswith("(?", i):
                raise _Unknown  # inline flags for the whole pattern, a conditional
            if opening and not opening.group().startswith("(?P") and "x" in opening.group():
                raise _Unknown  # verbose: its spaces are not the text's
            start = opening.end() if opening else i + 1
        alternatives, j = _needed_alternatives(src, start)
        return "group", alternatives, _close(src, j)
    if c == "[":
        return "other", None, _class_end(src, i)
    if c == "\\":
        e = src[i + 1 : i + 2]
        if not e:
            raise _Unknown
        if not e.isalnum() and e.isascii():
            return ("char" if e in _PLAIN_ESCAPED else "other"), e, i + 2
        return "other", None, _ESCAPE_END.match(src, i).end()
    if c.isascii() and c.casefold() in _PLAIN:
        return "char", c.casefold(), i + 1
    return "other", None, i + 1


def _quantified(src: str, i: int) -> tuple:
    """(whether the item before ``i`` may be left out, where its quantifier ends)."""
    m = _QUANTIFIER.match(src, i) if src[i : i + 1] in _QUANTIFIERS else None
    if m is None:
        return False, i
    low = 0 if m.group() in ("?", "*") else 1 if m.group() == "+" else int(m.group(1) or 0)
    i = m.end()
    if src[i : i + 1] in ("?", "+"):  # lazy or possessive
        i += 1
    return low == 0, i


def _class_end(src: str, i: int) -> int:
    j = i + 1 + src.startswith("^", i + 1)
    j += src.startswith("]", j)
    while j < len(src) and src[j] != "]":
        j += 2 if src[j] == "\\" else 1
    if j >= len(src):
        raise _Unknown
    return j + 1


def _close(src: str, j: int) -> int:
    if j >= len(src) or src[j] != ")":
        raise _Unknown
    return j + 1


def _source(pattern) -> str:
    """A pack pattern's source, without compiling a built-in pack's lazy pattern."""
    return getattr(pattern, "source", None) or pattern.pattern
