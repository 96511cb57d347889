"""The sentence screen of NL707/NL709 (checks/residue/flattened.py) compiles NL701's entries
only as sentences need them, and asks a first word only of the entries that spell a word
beginning it: it must say what asking every entry would say."""

from newslint.checks.residue.flattened import line_entries
from newslint.packs.screen import TWO_WORDS, WORD, SentenceScreen
from newslint.rule import MARK_CLOSE, MARK_OPEN

FOLLOWING = " \t,.:;!?-/'\u2019)(]|>»›&@#\"\u201c\u2014*+=%$€1_"  # what may follow a word


def test_an_entry_that_may_start_with_a_word_spells_it():
    """Every entry that may start with a word the entries spell (a sentence's first word
    must be one), followed by a space, a sign, a digit or the sentence's end, spells a word
    beginning it, whether the word is in lower case, capitalised or in capitals."""
    screen = SentenceScreen(line_entries())
    for word in sorted(w for w in screen.spelt if w):  # a first word has a letter
        asked = set(screen.spelling(word))
        for form in (word, word.capitalize(), word.upper()):
            for i, body in enumerate(screen.bodies):
                if i in asked or not body.match(form, partial=True):
                    continue  # (what does not start the word starts nothing longer)
                assert not body.fullmatch(form), (form, body.pattern)
                for after in FOLLOWING:
                    assert not body.match(form + after, partial=True), (form, body.pattern)


def _asking_every_entry(screen, text):
    """What the screen said before it asked only the entries that spell the first word."""
    m = WORD.match(text)
    if m is None:
        first = text[:1]
    elif m.group().casefold() in screen.spelt:
        first = m.group()
    else:
        return False
    entries = [b for b in screen.bodies if b.match(first, partial=True)]
    words = TWO_WORDS.match(text).group()
    return any(b.match(words, partial=True) for b in entries)


def test_the_screen_says_what_asking_every_entry_says():
    """On every example of NL701 and a few invented lines, taken as sentences."""
    pack = line_entries()
    screen = SentenceScreen(pack)
    examples = [e if isinstance(e, str) else e[0] for e in pack.bad + pack.good]
    lines = [e.replace(MARK_OPEN, "").replace(MARK_CLOSE, "") for e in examples]
    lines += ["Graphics: Jane Doe", "12 comments", "\u201cQuoted,\u201d she said.", "The end."]
    for line in lines:
        if "\n" in line:
            continue
        assert screen._may_start(line, 0, len(line)) == _asking_every_entry(screen, line), line
