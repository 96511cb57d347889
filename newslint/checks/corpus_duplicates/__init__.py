"""NL6xx: duplication across the corpus.

Each document is summarised by hashes and a MinHash signature (``minhash``); candidates come
from LSH banding (never all pairs) and, with the corpus index on, from the SQLite index of
documents linted before (``corpus_rule``, ``newslint.corpus_index``).
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
