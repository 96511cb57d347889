"""NL202's finding: names the document capitalises mid-sentence elsewhere, written here in
lower case -- a single word (seoul beside Seoul) or the last word of a two-word name (Lena
varga beside Lena Varga).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from newslint.checks.capitalisation.analysis import Analysis, Hit, analysis
from newslint.checks.capitalisation.gazetteer import gazetteer
from newslint.checks.capitalisation.words import (
    ARTICLES,
    DETERMINERS,
    GENERIC_HEADS,
    PARTICLES,
    capitalised,
    internal_capital,
    ordinary,
    ordinary_name,
)
from newslint.document import Document


def document_hits(doc: Document) -> list:
    """The document's NL202 hits, in text order, found once per document."""
    return doc.memo("capitalisation.document_hits", lambda: list(_find(analysis(doc))))


def _find(a: Analysis) -> Iterator[Hit]:
    gaz = gazetteer()
    text = a.doc.text
    # only bigrams whose second word the document also writes in lower case can matter
    bigrams = _bigrams(a, a.forms & a.caps.keys())
    # a generic head (party) or a particle (de) never ends a name written in lower case
    tails = {k2 for _, k2 in bigrams if k2 not in GENERIC_HEADS and k2 not in PARTICLES}
    learned = {k for k in a.forms & a.caps.keys() if k in gaz.ambiguous or not ordinary(k)}
    found = a.positions(learned | (a.forms & tails))
    lows = Counter(a.texts[i] for i in found)
    texts = a.texts
    evidence: dict = {}
    for i in found:
        key = texts[i]
        if key not in learned and (i == 0 or (texts[i - 1].lower(), key) not in bigrams):
            continue  # an ordinary word here can only be the lower-cased tail of a name
        w = a.word(i)
        if len(key) < 2 or a.embedded(w) or a.in_table(w):
            continue
        if key in learned and key not in PARTICLES and not text.startswith("-", w.end):
            ev = evidence.get(key)
            if ev is None:
                ev = evidence[key] = _evidence(a, key)
            form, alone, line = ev
            low = lows[key]
            if internal_capital(form) and not form.isupper():
                continue  # pgvector beside PGVector: two stylings of a product, not a slip
            if not ordinary(key):
                if alone >= 1 and alone >= low and not a.foreign(i) and _same_use(a, i, key):
                    yield Hit(
                        w.start,
                        w.end,
                        form,
                        f"'{key}' is written '{form}' elsewhere in this document (line {line})",
                        True,
                    )
                    continue
            else:
                canon = gaz.ambiguous.get(key, ("",))[0]
                prev = a.texts[i - 1].lower() if i else ""
                if canon and form == canon and alone >= 2 and low == 1 and prev not in DETERMINERS:
                    yield Hit(
                        w.start,
                        w.end,
                        form,
                        f"'{key}' is written '{form}' elsewhere in this document (line {line})",
                        False,
                    )
                    continue
        # the last word of a name written in lower case: "Lena varga"
        if i == 0 or key not in tails:
            continue
        hit = _tail_hit(a, i, key, bigrams, lows[key])
        if hit is not None:
            yield hit


def _tail_hit(a: Analysis, i: int, key: str, bigrams: dict, low: int):
    """Word i, ``key`` in lower case, as the last word of a name the document writes with
    both capitals elsewhere ("Lena varga" beside "Lena Varga"), or None."""
    text = a.doc.text
    w = a.word(i)
    prev = a.word(i - 1)
    if (
        text[prev.end : w.start] != " "
        or (prev.end - prev.start) != len(a.raw[i - 1])
        or not capitalised(prev.text)
    ):
        return None
    ev = bigrams.get((prev.text.lower(), key))
    if not ev:
        return None
    first, forms = ev
    (fa, fb), count = Counter(forms).most_common(1)[0][0], len(forms)
    if prev.text != fa or low > count:
        return None
    if ordinary(key) and (
        count < 2
        or f"{prev.text.lower()} {key}" in text
        or low > 1
        or not ordinary_name(key)
        or (prev.initial and prev.text.lower() not in a.caps)
    ):
        return None
    line = a.doc.position(first)[0]
    return Hit(
        w.start,
        w.end,
        fb,
        f"'{prev.text} {key}' is written '{fa} {fb}' elsewhere in this document (line {line})",
        not ordinary(key),
    )


def _evidence(a: Analysis, key: str) -> tuple:
    """(majority form, isolated capitalised occurrences, line of the first)."""
    occ = a.caps[key]
    form = Counter(a.texts[i] for i in occ).most_common(1)[0][0]
    alone = [i for i in occ if a.isolated(i)]
    return form, len(alone), a.doc.position(a.starts[(alone or occ)[0]])[0]


def _same_use(a: Analysis, i: int, key: str) -> bool:
    """After an article ("the eurozone") a word is used as a common noun unless the document
    also writes it capitalised after an article ("the Kursk region")."""
    if not i or a.texts[i - 1].lower() not in ARTICLES:
        return True
    return any(j and a.texts[j - 1].lower() in ARTICLES for j in a.caps[key])


def _bigrams(a: Analysis, keys: set) -> dict:
    """Two capitalised words in a row, the second learnable: 'Lena Varga', 'South Korea'
    (only those whose second word's key is in ``keys``)."""
    out: dict = {}
    text = a.doc.text
    texts, starts = a.texts, a.starts
    caps = a.caps
    for key in [k for k in caps if k in keys]:  # in the order of a.caps
        for i in caps[key]:
            if i == 0 or not capitalised(texts[i - 1]):
                continue
            first = texts[i - 1]
            if text[starts[i - 1] + len(first) : starts[i]] != " ":
                continue  # also skips a possessive: "Korea's South"
            second = texts[i]
            after = i + 1
            if (
                after < len(texts)
                and capitalised(texts[after])
                and text[starts[i] + len(second) : starts[after]] == " "
            ):
                continue  # inside a longer name (Monday Night Football): not this pair's name
            pair = (first.lower(), second.lower())
            ev = out.get(pair)
            if ev is None:
                out[pair] = (starts[i - 1], [(first, second)])
            else:
                ev[1].append((first, second))
    return out
