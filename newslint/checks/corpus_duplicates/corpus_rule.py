"""What the NL6xx rules share: a document's summary, and the base rule that gathers the
documents to compare (every document of the corpus, in corpus order: ``engine.cache``)."""

from __future__ import annotations

import struct
from typing import NamedTuple, Optional

from newslint.checks.duplicates.words import digest, doc_words
from newslint.document import Document
from newslint.rule import CorpusRule, Report

# Document.memo key: the text's (digest, words), the same for every rule
DIGEST = "corpus-duplicates.digest"


class DocSummary(NamedTuple):
    """What a worker sends about one document: positions and hashes, never the text."""

    index: int  # the document's index in its file (JSON Lines records)
    label: str
    line: int
    col: int
    digest: int  # normalised-text hash
    words: int
    payload: bytes  # rule-specific: a MinHash signature, paragraph hashes ...


class Item(NamedTuple):
    """A document in a corpus comparison, and its rank in corpus order."""

    rank: int
    display: str
    summary: DocSummary

    def name(self) -> str:
        s = self.summary
        return f"{self.display} ({s.label})" if s.label else self.display


def _digest_and_size(words: list) -> tuple:
    return digest(words), len(words)


class CorpusDuplicateRule(CorpusRule):
    """Base of the NL6xx rules: a document's summary, and the documents to compare (``gather``)."""

    family = "corpus-duplicates"
    example_kind = "text"

    def base_summary(self, doc: Document, payload: bytes = b"") -> DocSummary:
        hashed = doc.memo(DIGEST, lambda: _digest_and_size(doc_words(doc)))
        line, col = doc.position(0)
        return DocSummary(doc.index, doc.label(-1), line, col, *hashed, payload)

    def usable(self, summary: DocSummary) -> bool:
        return summary.words >= self.settings.get("min-words", 1)

    def asks_own_keys(self) -> bool:
        return True  # a document's own hashes and bands

    def gather(self, summaries: list) -> list:
        """The documents to compare, in corpus order (the order of their paths under the
        corpus root): what comes first is the original, what comes later the copy."""
        return [Item(rank, path, s) for rank, (path, s) in enumerate(summaries) if self.usable(s)]

    def item(self, named) -> Item:
        """The Item of a named document (``check_named``: a ``corpus_index.Named``)."""
        return Item(named.rank, named.display, named.summary)

    def at(self, item: Item, message: str, position: Optional[tuple] = None) -> Report:
        s = item.summary
        if s.label:
            message = f"{s.label}: {message}"
        return self.report(item.display, position or (s.line, s.col), message)


# --- the incremental protocol's values: bytes -------------------------------------------------


def u64(value: int) -> bytes:
    return struct.pack("<Q", value)


def text_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def bytes_text(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def holder_name(display: str, label: str) -> str:
    """``Item.name`` of a document known by its display and label."""
    return f"{display} ({label})" if label else display
