"""The first-word screen of the built-in whole-line pack (newslint/packs/screen.py): NL701 matches
a line through it, and must find what its whole pattern finds; and the trigger places of a
sentence-scoped pack (NL901) choose the entries that folding each sentence would."""

import regex

from newslint.checks.residue.flattened import line_entries
from newslint.document import Document
from newslint.packs import builtin_rule, load_builtin_packs, load_pack_text
from newslint.packs.needs import folded, holds, needs_of
from newslint.packs.rules import EntryRule, _entries_inside, _trigger_places
from newslint.packs.screen import start_words
from newslint.rule import MARK_CLOSE, MARK_OPEN


def test_start_words_of_patterns():
    assert start_words(r"(?:the )?video\b") == {"the", "video"}
    assert start_words(r"thanks? for reading") == {"thank"}
    assert start_words(r"e-?mail (?:us|me)") == {"e"}
    assert start_words(r"\(?(?:getty images|afp)\s*/") == {"getty", "afp"}
    assert start_words(r"(?-i:By|BY)\s*:?[ \t]+") == {"by"}
    assert start_words(r"(?=[^:]*:)share(?: this)?") == {"share"}
    assert start_words(r"\d{1,3}\s*of\s*\d{1,3}") == set()  # no word first: every entry asked
    assert start_words(r"(?:[-*+][ \t]+)?\[[^\]]+\]") == set()
    for unknown in (r"[\p{L}]+ credit", r"\w+ing now", r".{0,50}newsletter", r"[bc]at"):
        assert start_words(unknown) is None, unknown


LINES = [
    "Sign up for our newsletter",
    "The council met on Monday.",
    "Thanks for reading!",
    "Jane Doe/Example Press",
    "JANE DOE/EXAMPLE PRESS/GETTY IMAGES",
    "All rights reserved.",
    "Read more: Council votes again",
    "12 comments",
    "(Reporting by Jane Doe; Editing by John Smith)",
    "\u2014 Jane Doe (@janedoe) March 3, 2016",
    "#Tags: council, budget",
    "Follow us on Twitter",
    "Photo: Jane Doe",
    "e-mail this story",
    "Newsletter sign-up",
    "Fullscreen",  # one word of two the pattern spells apart (full ?screen)
    "Subscribe!",
    "Advertisements",
]


def test_the_screen_finds_what_the_whole_pattern_finds():
    """Every line of NL701's examples and a few invented ones: the same match, the same
    entry, whether the screen lets the line through or only asks the pack's tail."""
    pack = line_entries()
    screen = pack.line_screen()
    assert screen is not None
    examples = [e if isinstance(e, str) else e[0] for e in pack.bad + pack.good]
    lines = [
        line.strip(" \t")
        for e in examples
        for line in e.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split("\n")
    ]
    for line in LINES + [x for x in lines if x]:
        whole = pack.pattern.match(line)
        screened = screen.line_match(line, 0, len(line), lambda method, *a: method(*a))
        assert (whole and (whole.span(), whole.lastgroup)) == (
            screened and (screened.span(), screened.lastgroup)
        ), line


def test_what_patterns_need():
    def needs(source, flags=regex.IGNORECASE):
        (found,) = needs_of([regex.compile(source, flags)], flags)
        return found

    assert needs(r"all rights reserved\.?") == ((("all rights reserved",),),)
    assert needs(r"thanks? for (?:reading|watching)!?") == (
        (("thank",), (" for ",), ("reading", "watching")),
    )
    assert needs(r"(?:the )?video\b") == ((("video",),),)
    assert needs(r"\(?(?:getty|afp)\s*/\s*\w+") == ((("/",), ("afp", "getty")),)
    assert needs(r"(?=[^.]*cookie)[^.]+") == ((("cookie",),),)  # a lookahead: in the text
    assert needs(r"(?<=by )Jane (?-i:Doe)") == ((("jane ",), ("doe",)),)  # a lookbehind: not
    assert needs(r"[\p{L}]+ credit|photo:") == (((" credit",),), (("photo:",),))
    assert needs(r"(?!never)x y") == ((("x y",),),)
    assert needs(r"a(?:b|)c") == ((("a",), ("c",)),)
    # an escaped sign is a character of the text: `\[` in `Headline [VIDEO]`, `\.` in `a.m.`
    assert needs(r"\w+ \[(?:video|news)\]") == (((" [",), ("]",), ("news", "video")),)
    assert needs(r"a\.m\.") == ((("a.m.",),),)
    for unknown in (r"(?:foo){e<=1}", r"(?x: a b )", r"(?i)abc", r"\w+|abc", r"(?:a|b)?"):
        assert needs(unknown) is None, unknown
    assert needs("abc", regex.VERBOSE) is None


def test_the_tail_is_asked_only_of_documents_holding_what_it_needs():
    """Every line of NL701's examples that an entry of the pack's tail matches holds what the
    entry needs, and so does every example any entry matches; a document without is asked
    nothing of the tail."""
    pack = line_entries()
    screen = pack.line_screen()
    everything = needs_of(pack.entry_patterns, pack.pattern.flags)
    assert screen.tail_needs == everything[screen.tail :]
    assert None not in screen.tail_needs  # else the tail is asked of every document
    examples = [e if isinstance(e, str) else e[0] for e in pack.bad + pack.good]
    lines = [
        line.strip(" \t")
        for e in examples
        for line in e.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split("\n")
    ]
    tails = 0
    for line in LINES + [x for x in lines if x]:
        m = pack.pattern.match(line)
        if m is None:
            continue
        index = int(m.lastgroup[1:])
        folded = line.casefold()
        assert everything[index] is None or any(
            all(any(w in folded for w in need) for need in alt) for alt in everything[index]
        ), line
        if index >= screen.tail:
            tails += 1
            assert index in screen._tail_holding(line), line
            doc = Document(line)
            held = screen.line_match(line, 0, len(line), _run, screen.tail_in(doc))
            # the entries the document holds, one by one, find what the tail's alternation finds
            assert (held.span(), held.lastgroup) == (m.span(), m.lastgroup), line
    assert tails >= len(screen.tail_needs)
    plain = "The council met on Monday.\nIt was late: 12 members voted."
    assert screen._tail_holding(plain) == ()
    assert screen.line_match(plain, 0, 26, _run, ()) is None
    assert screen._tail_holding("\u0130" + plain) == tuple(range(screen.tail, len(everything)))


def test_every_match_of_a_built_in_entry_holds_what_it_needs():
    """Each built-in pack's entries, on every example of the pack (bad and good): wherever an
    entry matches, the text of its match holds what the entry needs, so that a sentence
    without it need not be searched (NL901) nor a document asked (NL701's tail)."""
    for rule, _ in load_builtin_packs():
        if not issubclass(rule, EntryRule):
            continue
        needs = rule.entry_needs()
        assert len(needs) == len(rule.entry_patterns)
        examples = [e if isinstance(e, str) else e[0] for e in rule.bad + rule.good]
        texts = [e.replace(MARK_OPEN, "").replace(MARK_CLOSE, "") for e in examples]
        for i, body in enumerate(rule.entry_patterns):
            for text in texts + [t.replace("\n", " ") for t in texts]:
                for m in body.finditer(text):
                    if m.end() > m.start():
                        assert holds(needs[i], folded(text[m.start() :])), (rule.code, i, text)


def _run(method, *args):
    return method(*args)


def test_user_packs_are_not_screened():
    text = """
[[rules]]
code = "NL951"
name = "house-lines"
kind = "existence"
scope = "line"
whole-line = true
message = "house line"
patterns = ["[bc]at"]
bad = ["⟦cat⟧"]
"""
    ((rule, _),) = load_pack_text(text, "house.toml", "pack house.toml")
    assert rule.line_screen() is None


def test_trigger_places_choose_what_folding_each_span_chooses():
    rule = builtin_rule("spun-phrase")
    triggers = rule.entry_triggers
    words = sorted({w for t in triggers if t for w in t})[:6]
    text = (
        f"The {words[0].upper()} report. Nothing here at all. {words[1]} and {words[2]}, "
        f"said {words[0]}{words[3]}.\n\nA {words[4][:-1]} cut short. Then {words[5]}."
    )
    doc = Document(text)
    folded = text.casefold()
    chosen = [i for i, t in enumerate(triggers) if t is None or any(w in folded for w in t)]
    places = _trigger_places(folded, chosen, triggers)
    for start, end in doc.sentences:
        here = text[start:end].casefold()
        expected = [i for i in chosen if triggers[i] is None or any(w in here for w in triggers[i])]
        assert _entries_inside(places, start, end, chosen, triggers) == expected
