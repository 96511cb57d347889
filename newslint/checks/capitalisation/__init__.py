"""NL2xx capitalisation: lower-case proper nouns, sentences that start in lower case, headings.

Capitals are learned from three places: a gazetteer shipped as data (rules/gazetteer.toml,
NL201), the document's own mid-sentence capitals (NL202) and the corpus's (NL203).  Capitals
are never learned from headings, title lines or table rows, nor from the first word of a
sentence, a line, a quotation or a clause after a colon: capitals there say nothing about
names.

    gazetteer.py       the gazetteer pack, loaded on first use
    words.py           the context word lists and patterns; what the lexicon says of a word
    tokens.py          a document's words as (starts, texts); whether it is English
    analysis.py        the per-document Analysis the rules share
    gazetteer_hits.py  NL201's finding: gazetteer names in lower case, in their context
    document_hits.py   NL202's finding: names the document capitalises elsewhere
    names.py           NL201-NL203, the name rules
    sentences.py       NL204, sentence starts
    headings.py        NL205, heading case
    stray.py           NL206, a pronoun capitalised mid-sentence
"""

from newslint.checks.capitalisation.analysis import Analysis, Hit, Word, analysis
from newslint.checks.capitalisation.document_hits import document_hits
from newslint.checks.capitalisation.gazetteer import Gazetteer, gazetteer
from newslint.checks.capitalisation.gazetteer_hits import gazetteer_hits
from newslint.checks.capitalisation.headings import HeadingCapitalisation
from newslint.checks.capitalisation.names import (
    CorpusCapitalisation,
    InconsistentCapitalisation,
    LowercaseProperNoun,
)
from newslint.checks.capitalisation.sentences import SentenceStartsLowercase
from newslint.checks.capitalisation.stray import CapitalMidSentence
from newslint.checks.capitalisation.tokens import english, token_lists
from newslint.checks.capitalisation.words import ordinary, ordinary_name

RULES = (
    LowercaseProperNoun,
    InconsistentCapitalisation,
    CorpusCapitalisation,
    SentenceStartsLowercase,
    HeadingCapitalisation,
    CapitalMidSentence,
)

__all__ = [
    "RULES",
    "Analysis",
    "CapitalMidSentence",
    "CorpusCapitalisation",
    "Gazetteer",
    "HeadingCapitalisation",
    "Hit",
    "InconsistentCapitalisation",
    "LowercaseProperNoun",
    "SentenceStartsLowercase",
    "Word",
    "analysis",
    "document_hits",
    "english",
    "gazetteer",
    "gazetteer_hits",
    "ordinary",
    "ordinary_name",
    "token_lists",
]
