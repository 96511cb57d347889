"""Words of other languages in English text, for NL101/NL102: a foreign phrase (au fait, en
masse), a name's particle (ibn, von), a clause of another language (una noche muy
especial), judged by the words around the word and, only for a word about to be reported,
by how often English and other languages write them (wordfreq's lists)."""

from __future__ import annotations

from newslint.checks.spelling.candidates import verdict
from newslint.lazy import LazyPattern
from newslint.lexicon import english_leaning, foreign_leaning, get_lexicon

PARTICLES = frozenset(
    "de du des la le les en et au aux une von van der das und di da del della dei el los las il "
    "al bin ibn".split()
)
PREVIOUS_WORD = LazyPattern(r"([\p{L}\p{M}'\u2019]+)[\s\-\u2010-\u2013]+$")
NEXT_WORD = LazyPattern(r"[\s\-\u2010-\u2013]+([\p{L}\p{M}'\u2019]+)")


def foreign_context(text: str, start: int, end: int, min_length: int) -> bool:
    """au fait, en masse, joie de vivre, laissez-faire: a foreign phrase, not a typo."""
    m = PREVIOUS_WORD.search(text, max(0, start - 30), start)
    n = NEXT_WORD.match(text, end)
    for near in (m and m.group(1), n and n.group(1)):
        if not near:
            continue
        if near.lower() in PARTICLES:
            return True
        if near[0].islower() and len(near) >= min_length and verdict(near) is not None:
            return True  # two unknown words in a row
    return False


# A clause is cut at these; its words are judged by how often English and other languages
# write them
CLAUSE_END = LazyPattern(r"[.!?;:,()\[\]\n\"“”«»…|]")
CLAUSE_WORD = LazyPattern(r"[\p{L}\p{M}]{2,}")
# The commonest words of those languages that English never writes on its own: one of them
# just before a clause is a sign the clause may be theirs too
FUNCTION_WORDS = frozenset(
    "que muy los las una del por para pero está les des est une pas avec dans je und ist "
    "nicht ein eine mit ich das der não uma il che di della sono het een niet ik zijn".split()
)
CLAUSE_REACH = 80  # characters either side of the word


def _word_start(text: str, lo: int, start: int) -> int:
    """``lo``, or past the first space after it if it falls inside a word (Wa|les)."""
    if not lo or text[lo - 1].isspace():
        return lo
    space = text.find(" ", lo, start)
    return space + 1 if space != -1 else start


def in_foreign_clause(doc, f) -> bool:
    """The finding stands in a clause of another language (asked only of a finding about to
    be reported: the question may load other languages' word lists)."""
    return _foreign_clause(doc.text, f.start, f.end, f.word)


def _foreign_clause(text: str, start: int, end: int, word: str) -> bool:
    """Un momento muy especial; dottore molto famoso: the word and its clause are written
    more often in another language (Spanish, French, German, Portuguese, Italian, Dutch)
    than in English, so the word is that language's, not an English typo.  The other
    languages' lists load only for a clause of which a third of the other lower-case words
    are unknown to the English lexicon (or have letters English does not use), or after
    one of their function words."""
    lo = max(0, start - CLAUSE_REACH)
    cut = [m.end() for m in CLAUSE_END.finditer(text, lo, start)]
    # a clause cut by the reach starts and ends at a space, not inside a word
    lo = cut[-1] if cut else _word_start(text, lo, start)
    m = CLAUSE_END.search(text, end, end + CLAUSE_REACH)
    hi = m.start() if m else max(end, text.rfind(" ", end, end + CLAUSE_REACH))
    others = CLAUSE_WORD.findall(text[lo:start] + " " + text[end:hi])
    if len(others) < 2:
        return False
    lex = get_lexicon()
    lower = [w for w in others if w.islower()]
    unknown = sum(not (w.isascii() and lex.known(w)) for w in lower)
    before = _word_start(text, max(0, start - 2 * CLAUSE_REACH), start)
    if (len(lower) < 2 or 3 * unknown < len(lower)) and FUNCTION_WORDS.isdisjoint(
        CLAUSE_WORD.findall(text, before, start)
    ):
        return False  # mostly English lower-case words (names aside), none of another's near
    others = [w.lower() for w in others]
    if not foreign_leaning(word.lower()):
        return False
    # names (Boko Haram, Maiduguri) lean neither way: only the words that lean count
    foreign = sum(map(foreign_leaning, others))
    english = sum(map(english_leaning, others))
    return foreign >= 2 and foreign > english
