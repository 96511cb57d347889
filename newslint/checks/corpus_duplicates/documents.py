"""NL601 and NL602: documents that copy another, exactly or nearly (MinHash and LSH banding)."""

from __future__ import annotations

import struct
from collections import defaultdict
from collections.abc import Iterator

from newslint.checks.corpus_duplicates.corpus_rule import (
    CorpusDuplicateRule,
    DocSummary,
    bytes_text,
    holder_name,
    text_bytes,
    u64,
)
from newslint.checks.corpus_duplicates.minhash import (
    band_keys,
    band_keys_of,
    lsh_params,
    minhash,
    numpy_or_none,
    signature,
)
from newslint.checks.duplicates.words import doc_words
from newslint.document import Document
from newslint.rule import Report

# --- NL601 --------------------------------------------------------------------------------------


class DuplicateDocument(CorpusDuplicateRule):
    """A document is an exact copy of another (after normalising case, whitespace, quotes, punctuation).

    Aggregators re-publish a story under several names; a corpus with copies over-weights
    them and leaks test data into training.  Reported on every copy after the first (in the
    order of their paths under the corpus root), naming the first.
    Documents under `min-words` words are left alone.
    """

    code, name = "NL601", "duplicate-document"
    options = {"min-words": 10}
    bad = [
        [
            "Jobs growth slows\n\nThe economy added fewer jobs than expected in March, figures show.\n",
            "⟦J⟧obs Growth Slows\n\nThe economy added fewer jobs than expected in March - figures show!\n",
        ],
    ]
    good = [
        [
            "Jobs growth slows\n\nThe economy added fewer jobs than expected in March, figures show.\n",
            "Jobs growth slows\n\nThe economy added more jobs than expected in March, figures show.\n",
        ],
        ["Page not found.\n", "Page not found.\n"],
    ]

    def summarize(self, doc: Document) -> DocSummary:
        return self.base_summary(doc)

    def check_corpus(self, summaries: list) -> Iterator[Report]:
        first: dict = {}
        for it in self.gather(summaries):
            f = first.setdefault(it.summary.digest, it)
            if f is not it:
                yield self.at(it, f"duplicate document: same text as {f.name()}")

    incremental = True  # key: the text's digest; value: the document's label

    def corpus_keys(self, summary: DocSummary) -> tuple:
        if not self.usable(summary):
            return None, []
        return None, [(u64(summary.digest), text_bytes(summary.label))]

    def keys_asked(self, summary: DocSummary) -> list:
        """The first document with its text: the first holder of its digest."""
        return [(u64(summary.digest), ("first", 1))] if self.usable(summary) else []

    def check_named(self, named: list, keys) -> Iterator[Report]:
        for n in named:
            if self.usable(n.summary):
                first = keys.holders(u64(n.summary.digest), limit=1)[0]
                if first.rank != n.rank:
                    name = holder_name(first.display, bytes_text(first.value))
                    yield self.at(self.item(n), f"duplicate document: same text as {name}")


# --- NL602 --------------------------------------------------------------------------------------


class NearDuplicateDocument(CorpusDuplicateRule):
    """A document is a near copy of another: MinHash Jaccard similarity of word shingles at `threshold` or above.

    Re-published stories with a new headline, a changed byline or a trimmed last paragraph
    escape exact hashing.  Each document's word `shingle`-gram set is summarised by a
    `num-perm` MinHash signature; LSH banding proposes candidate pairs (never all pairs) and
    each candidate's estimated Jaccard similarity is checked before reporting.  Reported
    once per document after the first (in path order), naming the most similar earlier one.
    Exact copies are NL601's.
    """

    code, name = "NL602", "near-duplicate-document"
    options = {"threshold": 0.8, "num-perm": 128, "shingle": 5, "min-words": 30}
    MAX_BUCKET_PARTNERS = 50
    NUMPY_AT = 256  # documents: numpy's import pays for itself in banding
    _BODY = (
        "The central bank raised interest rates by a quarter of a point on Thursday, the third rise this year, "
        "saying that inflation remained too high and that the labour market was still tight. Economists had "
        "expected the move after figures last week showed prices rising faster than forecast in every region. "
        "The governor said further rises could not be ruled out if wages kept growing at the current pace, "
        "but added that the board would look closely at the housing market before deciding."
    )
    bad = [
        [
            "Bank raises rates again\n\n" + _BODY + "\n",
            "⟦R⟧ates rise for third time\n\n" + _BODY + "\n",
        ],
    ]
    good = [
        [
            "Bank raises rates again\n\n" + _BODY + "\n",
            "Bank holds rates\n\nThe central bank left interest rates unchanged on Thursday, saying that "
            "inflation was falling faster than expected and that the labour market had cooled. Economists were "
            "split before the decision; figures last week showed prices rising more slowly in every region.\n",
        ],
    ]

    def summarize(self, doc: Document) -> DocSummary:
        return self.base_summary(
            doc, minhash(doc_words(doc), self.settings["shingle"], self.settings["num-perm"])
        )

    def _bands(self) -> tuple:
        return lsh_params(float(self.settings["threshold"]), int(self.settings["num-perm"]))

    def check_corpus(self, summaries: list) -> Iterator[Report]:
        items = self.gather(summaries)
        if len(items) < 2:
            return
        np = numpy_or_none(eager=len(items) >= self.NUMPY_AT)
        if np is not None:
            sigs = np.vstack([np.frombuffer(it.summary.payload, dtype="<u4") for it in items])
            keys = band_keys(sigs, *self._bands())
            runs = []
            for b in range(keys.shape[1]):
                order = np.argsort(keys[:, b], kind="stable")
                starts = np.flatnonzero(np.diff(keys[order, b], prepend=keys[order[0], b] - 1))
                ends = np.append(starts[1:], len(order))
                shared = ends - starts > 1  # only the runs of two or more: not a split per item
                runs.extend(order[s:e].tolist() for s, e in zip(starts[shared], ends[shared]))

            def similarity(i: int, j: int) -> float:
                return float(np.count_nonzero(sigs[i] == sigs[j])) / sigs.shape[1]
        else:
            plain = [signature(it.summary.payload) for it in items]
            buckets: dict = defaultdict(list)
            for i, sig in enumerate(plain):
                for b, k in enumerate(band_keys_of(sig, *self._bands())):
                    buckets[b, k].append(i)
            runs = [r for r in buckets.values() if len(r) > 1]

            def similarity(i: int, j: int) -> float:
                return sum(x == y for x, y in zip(plain[i], plain[j])) / len(plain[i])

        partners = defaultdict(set)  # later item -> earlier candidates sharing a band
        for run in runs:
            run = sorted(run)
            for k in range(1, len(run)):
                partners[run[k]].update(run[max(0, k - self.MAX_BUCKET_PARTNERS) : k])
        threshold = self.settings["threshold"]
        for j in sorted(partners):
            best, best_sim = None, 0.0
            for i in sorted(partners[j]):
                if items[i].summary.digest == items[j].summary.digest:
                    continue  # an exact copy: NL601's
                sim = similarity(i, j)
                if sim > best_sim:
                    best, best_sim = i, sim
            if best is not None and best_sim >= threshold:
                yield self.at(
                    items[j],
                    f"near-duplicate document: similarity {best_sim:.2f} with {items[best].name()}",
                )

    # the incremental protocol: keys, the LSH band buckets; the document's value, its digest,
    # signature and label
    incremental = True

    def corpus_keys(self, summary: DocSummary) -> tuple:
        if not self.usable(summary):
            return None, []
        sig = signature(summary.payload)
        keys = [
            (struct.pack("<HQ", b, k), b"") for b, k in enumerate(band_keys_of(sig, *self._bands()))
        ]
        return u64(summary.digest) + summary.payload + text_bytes(summary.label), keys

    def check_named(self, named: list, keys) -> Iterator[Report]:
        size = 4 * int(self.settings["num-perm"])
        threshold = self.settings["threshold"]
        for n in named:
            if not self.usable(n.summary):
                continue
            shown = {}  # rank -> display of the candidates sharing a band
            for key, _ in self.corpus_keys(n.summary)[1]:
                for h in keys.holders(key, limit=self.MAX_BUCKET_PARTNERS, before=n.rank):
                    shown[h.rank] = h.display
            mine = signature(n.summary.payload)
            best, best_sim = None, 0.0
            for rank in sorted(shown):
                value = keys.value(rank)
                if struct.unpack_from("<Q", value)[0] == n.summary.digest:
                    continue  # an exact copy: NL601's
                other = signature(value[8 : 8 + size])
                sim = sum(x == y for x, y in zip(mine, other)) / len(mine)
                if sim > best_sim:
                    best, best_sim = (shown[rank], bytes_text(value[8 + size :])), sim
            if best is not None and best_sim >= threshold:
                yield self.at(
                    self.item(n),
                    f"near-duplicate document: similarity {best_sim:.2f} with {holder_name(*best)}",
                )
