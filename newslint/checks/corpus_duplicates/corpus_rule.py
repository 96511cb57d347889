"""What the NL6xx rules share: a document's summary, and the base rule that gathers the
documents to compare from this run and from the corpus index (``newslint.corpus_index``)."""

from __future__ import annotations

from typing import NamedTuple, Optional

from newslint import corpus_index
from newslint.checks.duplicates.words import digest, doc_words
from newslint.document import Document
from newslint.rule import CorpusRule, Report

# bump when normalisation, hashing or summaries change: old index entries are dropped
SUMMARY_VERSION = 3
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
    """A document in a corpus comparison: from this run, or from the index."""

    in_run: bool
    display: str
    summary: DocSummary
    key: Optional[str] = None  # index path (files under the corpus root)

    @property
    def order(self):
        return (self.in_run, self.display, self.summary.index)

    def name(self) -> str:
        s = self.summary
        return f"{self.display} ({s.label})" if s.label else self.display


def _digest_and_size(words: list) -> tuple:
    return digest(words), len(words)


class CorpusDuplicateRule(CorpusRule):
    """Base of the NL6xx rules: a document's summary, and the comparison's documents from this
    run and, with the corpus index on, from the index (``gather``)."""

    family = "corpus-duplicates"
    example_kind = "text"

    def params(self) -> str:
        """Everything that changes a summary or its keys: entries made otherwise are dropped."""
        return f"v{SUMMARY_VERSION} {sorted(self.settings.items())}"

    def base_summary(self, doc: Document, payload: bytes = b"") -> DocSummary:
        hashed = doc.memo(DIGEST, lambda: _digest_and_size(doc_words(doc)))
        line, col = doc.position(0)
        return DocSummary(doc.index, doc.label(-1), line, col, *hashed, payload)

    def keys(self, summary: DocSummary) -> tuple:  # pragma: no cover - interface
        return ()

    def usable(self, summary: DocSummary) -> bool:
        return summary.words >= self.settings.get("min-words", 1)

    def payload_problem(self, payload: bytes) -> str:
        """What is wrong with an indexed payload ("" when this rule could have written it):
        an entry of the index is dropped rather than handed to ``check_corpus`` malformed."""
        return ""

    def gather(self, summaries: list, limit_per_key: int = 0) -> list:
        """This run's documents and, with the index on, the indexed ones sharing a key; sorted.

        Also writes this run's summaries to the index, unless the run writes nothing
        (``--diff``, stdin).
        """
        items = [Item(True, path, s) for path, s in summaries if self.usable(s)]
        context = self.context
        root = corpus_index.find_root(context, {path for path, _ in summaries})
        index = (
            corpus_index.CorpusIndex.open(root, context.index_writable)
            if root is not None
            else None
        )
        if index is None:
            return sorted(items, key=lambda it: it.order)
        try:
            if not index.use_params(self.code, self.params()):
                return sorted(items, key=lambda it: it.order)
            mine, entries, in_run_paths = [], [], set()
            for path, _ in summaries:
                rel = index.relative(path)
                if rel is not None:
                    in_run_paths.add(rel)
            stamps = {rel: index.stamp(rel) for rel in in_run_paths} if index.writable else {}
            for it in items:
                rel = index.relative(it.display)
                mine.append(it._replace(key=rel))
                if rel is not None and stamps.get(rel):
                    s = it.summary
                    entries.append(
                        corpus_index.Entry(
                            rel,
                            s.index,
                            *stamps[rel],
                            s.label,
                            s.line,
                            s.col,
                            s.digest,
                            s.words,
                            s.payload,
                            keys=self.keys(s),
                        )
                    )
            wanted = {k for it in items for k in self.keys(it.summary)}
            others = []
            found = index.lookup(
                self.code, wanted, in_run_paths, limit_per_key, self.payload_problem
            )
            for e in found:
                s = DocSummary(
                    e.idx,
                    e.label,
                    e.line,
                    e.col,
                    e.digest & ((1 << 64) - 1),
                    e.words,
                    bytes(e.payload),
                )
                others.append(Item(False, index.display(e.path), s, e.path))
            index.store(self.code, entries, in_run_paths)
        finally:
            index.close()
        return sorted(others + mine, key=lambda it: it.order)

    def at(self, item: Item, message: str, position: Optional[tuple] = None) -> Report:
        s = item.summary
        if s.label:
            message = f"{s.label}: {message}"
        return self.report(item.display, position or (s.line, s.col), message)
