"""NL3xx punctuation and spacing: glued sentences and words, stray spaces, quotes, brackets,
doubles, marks conversion left wrong."""

from newslint.checks.spacing.doubles import DoubledWord, RepeatedPunctuation
from newslint.checks.spacing.gaps import (
    GLUED_SENTENCE,
    MissingSpaceAfterComma,
    MissingSpaceAfterSentence,
    MultipleSpaces,
    SpaceBeforePunctuation,
    TrailingWhitespace,
)
from newslint.checks.spacing.glued import GluedCapitalisedWords, GluedWords
from newslint.checks.spacing.marks import EllipsisWithDots, QuoteAsApostrophe
from newslint.checks.spacing.quotes import (
    SpaceInsideBrackets,
    UnbalancedBrackets,
    UnbalancedQuotes,
    WrongDirectionQuote,
)

__all__ = ["GLUED_SENTENCE", "RULES"]

RULES = (
    MissingSpaceAfterSentence,
    MissingSpaceAfterComma,
    SpaceBeforePunctuation,
    MultipleSpaces,
    TrailingWhitespace,
    WrongDirectionQuote,
    UnbalancedQuotes,
    UnbalancedBrackets,
    DoubledWord,
    RepeatedPunctuation,
    SpaceInsideBrackets,
    GluedWords,
    GluedCapitalisedWords,
    EllipsisWithDots,
    QuoteAsApostrophe,
)
