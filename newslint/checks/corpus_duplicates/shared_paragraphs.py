"""NL603: a paragraph that another, otherwise different, document also holds."""

from __future__ import annotations

import struct
from collections import Counter, defaultdict
from collections.abc import Iterator

from newslint.checks.corpus_duplicates.corpus_rule import (
    CorpusDuplicateRule,
    DocSummary,
    bytes_text,
    holder_name,
    text_bytes,
    u64,
)
from newslint.checks.corpus_duplicates.minhash import numpy_or_none
from newslint.checks.duplicates.analysis import paragraphs_words
from newslint.checks.duplicates.words import digest
from newslint.document import Document
from newslint.rule import Report

# documents sharing more of their words than this are versions of one article, not quoting
WHOLE_COPY = 0.4


class SharedParagraph(CorpusDuplicateRule):
    """A paragraph also appears in another, otherwise different, document: syndicated or copied text.

    A wire paragraph pasted into a local story, or one article's paragraph lifted into
    another, is a copy a reader should know about.  Paragraphs of at least `min-words` words
    are compared after normalising case, punctuation and spacing; a paragraph found in more
    than `max-documents` documents is boilerplate (the residue rules' business), and pairs
    of documents sharing over 40% of their words are versions of one article (NL601/NL602).
    Reported at the paragraph of each later document (path order), naming the first
    document and line holding it.
    """

    code, name = "NL603", "shared-paragraph"
    options = {"min-words": 15, "max-documents": 5}
    _SHARED = (
        "The minister said the new rules would come into force next spring and would apply to "
        "every company with more than fifty employees, including charities."
    )
    bad = [
        [
            "Rules for firms\n\nBusiness groups welcomed the plan on Monday, saying it would end years of "
            "uncertainty for employers in every region.\n\n"
            + _SHARED
            + "\n\nUnions want more, and say the "
            "rules should cover every firm with more than ten staff.\n",
            "Charities worried\n\nSmall charities fear the cost of new paperwork, which they say could take "
            "volunteers away from the people they help.\n\n⟦" + _SHARED + "⟧\n\n"
            "One trustee said she might have to close the shop that pays for the charity's day centre.\n",
        ],
    ]
    good = [
        [
            "Rules for firms\n\nBusiness groups welcomed the plan on Monday.\n\n"
            + _SHARED
            + "\n\nUnions want more.\n",
            "Charities worried\n\nSmall charities fear the cost of new paperwork.\n\nThe minister said the rules "
            "would start next spring for companies with more than fifty staff.\n",
        ],
    ]

    def summarize(self, doc: Document) -> DocSummary:
        hashes, positions, seen = [], [], set()
        is_heading, in_hidden = doc.is_heading, doc.in_hidden
        kept = [(s, e) for s, e in doc.paragraphs if not (is_heading(s) or in_hidden(s))]
        found = paragraphs_words(doc, kept)
        min_words = self.settings["min-words"]
        for (start, _), words in zip(kept, found):
            if len(words) < min_words:
                continue
            h = digest(words)
            if h not in seen:
                seen.add(h)
                hashes.append(h)
                positions.extend((*doc.position(start), len(words)))
        payload = struct.pack(f"<{len(hashes)}Q", *hashes) + struct.pack(
            f"<{len(positions)}I", *positions
        )
        return self.base_summary(doc, payload)

    @staticmethod
    def paragraphs(summary: DocSummary) -> list:
        """[(hash, (line, col), words)] of a summary."""
        n = len(summary.payload) // 20
        hashes = struct.unpack_from(f"<{n}Q", summary.payload)
        pos = struct.unpack_from(f"<{3 * n}I", summary.payload, 8 * n)
        return [(h, (pos[3 * i], pos[3 * i + 1]), pos[3 * i + 2]) for i, h in enumerate(hashes)]

    def usable(self, summary: DocSummary) -> bool:
        return len(summary.payload) > 0

    @staticmethod
    def _repeated_hashes(items: list) -> set:
        """Paragraph hashes held by more than one document (a first pass, so memory stays small)."""
        np = numpy_or_none()
        chunks = [it.summary.payload[: 8 * (len(it.summary.payload) // 20)] for it in items]
        if np is not None:
            hashes = np.frombuffer(b"".join(chunks), dtype="<u8")
            values, counts = np.unique(hashes, return_counts=True)
            return set(values[counts > 1].tolist())
        counts = Counter(h for c in chunks for h in struct.unpack(f"<{len(c) // 8}Q", c))
        return {h for h, c in counts.items() if c > 1}

    def check_corpus(self, summaries: list) -> Iterator[Report]:
        max_docs = self.settings["max-documents"]
        items = self.gather(summaries)
        repeated = self._repeated_hashes(items)
        holders = defaultdict(
            list
        )  # repeated paragraph hash -> [(item, position, words)] in corpus order
        for i, it in enumerate(items):
            for h, pos, n in self.paragraphs(it.summary):
                if h in repeated:
                    holders[h].append((i, pos, n))
        shared = Counter()  # (earlier, later) -> words in paragraphs both hold
        for hs in holders.values():
            if 1 < len(hs) <= max_docs:
                for x in range(len(hs)):
                    for y in range(x + 1, len(hs)):
                        shared[hs[x][0], hs[y][0]] += hs[x][2]

        def whole_copy(i: int, j: int) -> bool:
            """Most of the smaller document is shared: a document copy, NL601/NL602's."""
            if items[i].summary.digest == items[j].summary.digest:
                return True
            return shared[min(i, j), max(i, j)] > WHOLE_COPY * min(
                items[i].summary.words, items[j].summary.words
            )

        for hs in holders.values():
            if not 1 < len(hs) <= max_docs:
                continue
            for k in range(1, len(hs)):
                j, pos, _ = hs[k]
                earlier = [(i, p) for i, p, _ in hs[:k] if not whole_copy(i, j)]
                if earlier:
                    i, p = earlier[0]
                    yield self.at(
                        items[j], f"shared paragraph: also in {items[i].name()} line {p[0]}", pos
                    )

    # the incremental protocol: keys, the paragraphs' hashes (value: position and words);
    # the document's value, its digest, words and label
    incremental = True

    def corpus_keys(self, summary: DocSummary) -> tuple:
        if not self.usable(summary):
            return None, []
        keys = [(u64(h), struct.pack("<III", *pos, n)) for h, pos, n in self.paragraphs(summary)]
        return struct.pack("<QI", summary.digest, summary.words) + text_bytes(summary.label), keys

    def keys_asked(self, summary: DocSummary) -> list:
        """Its paragraphs, each for its holders up to one more than ``max-documents``."""
        if not self.usable(summary):
            return []
        first = ("first", int(self.settings["max-documents"]) + 1)
        return [(u64(h), first) for h, _, _ in self.paragraphs(summary)]

    def check_named(self, named: list, keys) -> Iterator[Report]:
        for n in named:
            if self.usable(n.summary):
                yield from self._check_one(n, keys)

    def _check_one(self, n, keys) -> Iterator[Report]:
        max_docs = self.settings["max-documents"]
        s = n.summary
        paragraphs = self.paragraphs(s)
        found = {}  # hash -> its holders, when 2 to max-documents documents hold it
        shared = Counter()  # an earlier document -> words in paragraphs both hold
        for h, _, _ in paragraphs:
            hs = keys.holders(u64(h), limit=max_docs + 1)
            if 1 < len(hs) <= max_docs:
                found[h] = hs
                for x in hs[: [g.rank for g in hs].index(n.rank)]:
                    shared[x.rank] += struct.unpack("<III", x.value)[2]
        documents = {}

        def document(rank):  # (digest, words, label) of an earlier holder
            if rank not in documents:
                value = keys.value(rank)
                documents[rank] = (*struct.unpack_from("<QI", value), bytes_text(value[12:]))
            return documents[rank]

        def whole_copy(rank) -> bool:
            digest, words, _ = document(rank)
            return digest == s.digest or shared[rank] > WHOLE_COPY * min(words, s.words)

        for h, pos, _ in paragraphs:
            earlier = [g for g in found.get(h, ()) if g.rank < n.rank and not whole_copy(g.rank)]
            if earlier:
                g = earlier[0]
                name = holder_name(g.display, document(g.rank)[2])
                line = struct.unpack("<III", g.value)[0]
                yield self.at(self.item(n), f"shared paragraph: also in {name} line {line}", pos)
