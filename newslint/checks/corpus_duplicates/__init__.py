"""NL6xx: duplication across the corpus.

Each document is summarised by hashes and a MinHash signature (``minhash``); candidates come
from LSH banding (never all pairs).  The rules see every document of the corpus (the engine
takes the summaries of files not named from the corpus index: ``engine.cache``), in the
order of their paths under the corpus root, so the copy whose path sorts later is reported.
"""

from newslint.checks.corpus_duplicates.corpus_rule import CorpusDuplicateRule, DocSummary, Item
from newslint.checks.corpus_duplicates.documents import DuplicateDocument, NearDuplicateDocument
from newslint.checks.corpus_duplicates.shared_paragraphs import SharedParagraph

RULES = (DuplicateDocument, NearDuplicateDocument, SharedParagraph)

__all__ = [
    "RULES",
    "CorpusDuplicateRule",
    "DocSummary",
    "DuplicateDocument",
    "Item",
    "NearDuplicateDocument",
    "SharedParagraph",
]
