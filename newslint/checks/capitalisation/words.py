"""The words around a word that say what it is, and what the lexicon says of a word.

Lower-case "may" is the month after "in" and the verb before "be"; "china" is the country
after "trade with" and the plates after "the best".  These lists and patterns are the
context the NL2xx rules read; ``ordinary`` and ``ordinary_name`` ask the shared lexicon.
"""

from __future__ import annotations

from functools import lru_cache

from newslint.lazy import LazyPattern
from newslint.lexicon import get_lexicon

# --- what the lexicon says --------------------------------------------------------------------


@lru_cache(maxsize=65536)
def ordinary(word: str) -> bool:
    """Is the lower-case form an ordinary English word (turkey, may, carter)?"""
    return get_lexicon().has_lowercase_form(word)


@lru_cache(maxsize=65536)
def ordinary_name(word: str) -> bool:
    """The word list also writes this word as a name (Carter, Brown, Cook)."""
    return get_lexicon().has_capitalised_form(word)


# --- the shape of a word ------------------------------------------------------------------------


def lower_case(word: str) -> bool:
    return word.islower()


def capitalised(word: str) -> bool:
    """Capital first letter, not all capitals: 'Seoul', not 'NATO'."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def internal_capital(word: str) -> bool:
    """A capital after the first letter: iPhone, eBay, easyJet."""
    return any(c.isupper() for c in word[1:])


# --- words around names -------------------------------------------------------------------------

# name particles and foreign function words, written in lower case inside names: al-Assad, de Gaulle
PARTICLES = frozenset(
    """al el ul bin ibn abu bint de del della dei der den des di da do dos du la le les lo los las
    van von ter ten zu und et y e o ben mac af av""".split()
)
# generic words that end a name in one place and stand alone in another (Labour Party / party)
GENERIC_HEADS = frozenset(
    """party parties government minister ministers secretary president office department ministry
    council committee commission court house street road avenue square river lake mountain
    university college school hospital club union league cup championship championships award
    awards prize festival year day days week month group company bank fund service services agency
    board police army force forces navy church museum gallery theatre theater centre center
    station airport bridge park hall state states city county region province district island
    islands sea ocean chancellor times news people unit act bill plan report show series album
    film band game games trophy open final finals conference summit tour race parliament rights
    magazine rugby football""".split()
)
ARTICLES = frozenset(("the", "a", "an"))
DETERMINERS = frozenset(
    "the a an this that these those their his her its our your my each every".split()
)
PLACE_PREPOSITIONS = frozenset(
    """in from to into across against towards toward throughout between visit visited visiting via
    outside inside including on behind near beyond like than""".split()
)
# what may follow a place name after a preposition: "in japan which", "from china since"
PLACE_FOLLOW = frozenset(
    """which that where who since only over during within through by from because now earlier later
    today yesterday alone itself too also seemed say said remains could should must might can did does
    not""".split()
)
NATIONALITY_PREPOSITIONS = frozenset(
    "in from with for of by against between among under on all most many some several few both other fellow".split()
)  # not "to polish"
# ordinary phrases with a lower-case nationality word: french fries, polish remover
NOT_NATIONALITY = frozenset(
    """fries windows window doors door kiss polish dressing toast horn bread press pastry pastries stick
    sticks loaf bean beans manicure knickers letters cuff cuffs braid rarebit terrier hound blanket rug
    rugs cream remover off up out down away""".split()
)

# --- words and numbers around months ------------------------------------------------------------

DATE_PREPOSITIONS = frozenset(
    "in since until till during early late mid last next from by before after through throughout".split()
)
# words after a lower-case "may" that make it the verb: "by may be"
VERB_AFTER = frozenset(
    """be have not well also never still need want seem take make get go come become face help lead
    already even yet only just soon cause prove find see feel do say give keep put run use""".split()
)
MAY_BEFORE_DATE = DATE_PREPOSITIONS | DETERMINERS | frozenset("on of and or to between".split())
# words that may follow the month "may" (never the verb): "in may and", "since may when"
MAY_FOLLOW = frozenset(
    """and or but to when as after before the this last next with for while because until so at in of
    on a an he she they we it i there its his her their was is will would had has have are were
    said says saw last next year""".split()
)
DAY_OR_YEAR_AFTER = LazyPattern(
    r"[ \t]+(?:(?:[12]?\d|3[01])(?:st|nd|rd|th)?|(?:19|20)\d\d)\b(?![.,:]\d)"
)
DAY_BEFORE = LazyPattern(
    r"(?<![\d.,:/-])(?:(?:[12]?\d|3[01])[-\u2013])?(?:[12]?\d|3[01])(?:st|nd|rd|th)?[ \t]+$"
)
END_OF = LazyPattern(
    r"\b(?:end|beginning|start|middle|half|month|week|weeks|first|last)[ \t]+of[ \t]+$"
)
YEAR_AFTER = LazyPattern(r"[ \t]+(?:last|this|next)[ \t]+year\b")
WORD_BEFORE = LazyPattern(r"(\p{L}+)[ \t]+$")
WORD_AFTER = LazyPattern(r"[ \t]+(\p{L}+)")

# --- what a word sits in ------------------------------------------------------------------------

# a word after one of these opens a sentence, line, quotation or clause
INITIAL_AFTER = frozenset(
    "\n.!?:;\"'()[]{}\u201c\u201d\u2018\u2019\u2026\u2014\u2013|*#>\u2022-/\\"
)
# a word after or before one of these is part of a path, handle or file name
EMBED_BEFORE = frozenset("/\\_@#&=")
EMBED_AFTER = frozenset("/\\_@=")
