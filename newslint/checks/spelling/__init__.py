"""NL1xx spelling: listed misspellings, probable one-edit typos, non-English documents.

How a document is checked (once per document, shared by the rules of this family):

1. Its distinct words come from one C-level translate + split; a set difference with the
   lexicon leaves the few unknown ones.  Per *unique* word, memoised per process: is it a
   listed misspelling, a derivation by the spelling rules, one edit from a frequent word,
   or (lower case, five letters or more) two edits from a common one by a speller's error
   (candidates are worked out only when a document needs them).  Capitalised words are
   only looked at where a sentence starts: elsewhere they are names.
2. Only for the few unknown words, look at each occurrence's context: mid-sentence
   capitals, ALL CAPS, digits, URLs and handles (protected spans, asked last), hyphenated
   name parts, quotes, foreign phrases, ``[sic]``, the user's dictionary; a word's
   candidates are worked out only if an occurrence is left to report.
3. Across the corpus (the engine's report filter): a word many documents use on its own is
   vocabulary, not a typo (a slip of an everyday word needs ten times as many).

Modules, lowest first: ``far`` (two-edit candidates and the speller's errors that admit
them), ``channel`` (the error model that ranks every candidate: the likelihood of each edit,
counted from the misspelling list), ``candidates`` (the misspelling list, the user's
dictionary, verdicts per unique word; derivations and one-edit suggestions are
``newslint.lexicon``'s), ``foreign`` (words of other languages: phrases, particles,
clauses), ``starts`` (the first words of sentences, where capitalised words are looked
at), ``analysis`` (the per-document analysis), ``rules`` (NL101-NL103 and the corpus
filter).
"""

from newslint.checks.spelling.analysis import Analysis, analyse
from newslint.checks.spelling.candidates import get_misspellings, user_words, verdict
from newslint.checks.spelling.rules import KnownMisspelling, NonEnglishDocument, ProbableTypo

RULES = (KnownMisspelling, ProbableTypo, NonEnglishDocument)

__all__ = [
    "RULES",
    "Analysis",
    "KnownMisspelling",
    "NonEnglishDocument",
    "ProbableTypo",
    "analyse",
    "get_misspellings",
    "user_words",
    "verdict",
]
