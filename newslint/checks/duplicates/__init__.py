"""NL5xx: duplication within a document.

Every rule but NL505 and NL506 reads one shared analysis of the document's paragraphs and
sentences (``analysis``, built once per Document); the normalised words (``words``) are
shared with the corpus rules (``newslint.checks.corpus_duplicates``).
"""

from newslint.checks.duplicates.analysis import Analysis, DuplicateRule, Para, analysis
from newslint.checks.duplicates.paragraphs import (
    DuplicateParagraph,
    NearDuplicateParagraph,
    RepeatedSection,
    RestartedArticle,
)
from newslint.checks.duplicates.repetition import RepetitionStatistics, repetition_measures
from newslint.checks.duplicates.runs import RepeatedRun
from newslint.checks.duplicates.words import doc_words, shingles, words_of

RULES = (
    DuplicateParagraph,
    NearDuplicateParagraph,
    RestartedArticle,
    RepeatedSection,
    RepeatedRun,
    RepetitionStatistics,
)

__all__ = [
    "RULES",
    "Analysis",
    "DuplicateParagraph",
    "DuplicateRule",
    "NearDuplicateParagraph",
    "Para",
    "RepeatedRun",
    "RepeatedSection",
    "RepetitionStatistics",
    "RestartedArticle",
    "analysis",
    "doc_words",
    "repetition_measures",
    "shingles",
    "words_of",
]
