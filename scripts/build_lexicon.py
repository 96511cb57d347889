"""Build newslint/data/lexicon-*.txt.gz from SCOWL (Debian wamerican-huge, wbritish-huge: SCOWL size 80)
pyspellchecker's English word frequencies and CLDR's currency units (babel).

    apt-get install wamerican-huge wbritish-huge
    python -m pip install pyspellchecker babel
    python scripts/build_lexicon.py [path/to/crate-ci/typos/words.csv]

(the typos list defaults to the shared copy at ../shared/corpora/misspellings/typos; without
it the misspelling list is left as it is).

Outputs (flat, in newslint/data/):
  lexicon-words.txt.gz      every known word, lower case: SCOWL (American + British, no
                            possessives) and pyspellchecker's list
  lexicon-frequency.txt.gz  "word count" lines: pyspellchecker's counts (British spellings
                            get their American twin's count)
  lexicon-cased.txt.gz      SCOWL words, case preserved (Seoul, turkey, Turkey)
  lexicon-words.marisa,     the two word lists as marisa-tries, and the counts as a marisa
  lexicon-cased.marisa,     RecordTrie (word -> count), what newslint reads at run time
  lexicon-frequency.marisa  (tests/test_lexicon_tries.py: the same words and counts as the
                            lists); ``python scripts/build_lexicon.py --tries`` writes only these
  misspellings-en.txt.gz    "typo<TAB>[!]correction[,correction]": crate-ci/typos, curated
  misspellings-en.marisa    ... as a marisa BytesTrie (typo -> entry), what newslint reads
  lexicon-neighbours.marisa the counted words with one letter as "?" -> the letters that fill
                            it (a BytesTrie: "pl?n" -> "ae"), for the words one edit away
  lexicon-two-edit.marisa   the common counted words by ends and length and by sound (a
                            BytesTrie), for the words two edits away (NL102)
"""

from __future__ import annotations

import gzip
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "newslint", "data")
SCOWL = ("/usr/share/dict/american-english-huge", "/usr/share/dict/british-english-huge")


def scowl_words() -> set:
    words = set()
    for path in SCOWL:
        with open(path, encoding="utf-8") as fh:
            words.update(line.strip() for line in fh)
    words.discard("")
    return {w for w in words if not w.endswith("'s")}


def frequencies() -> dict:
    import spellchecker

    path = os.path.join(os.path.dirname(spellchecker.__file__), "resources", "en.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def fold(word: str) -> str:
    """The word without its accents: café -> cafe."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


BRITISH = (
    ("our", "or"),
    ("ise", "ize"),
    ("isa", "iza"),
    ("isi", "izi"),
    ("yse", "yze"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ll", "l"),
    ("ogue", "og"),
    ("mme", "m"),
    ("ae", "e"),
    ("oe", "e"),
)


def american(word: str):
    """Plausible American spellings of a British word (colour -> color, organise -> organize)."""
    if len(word) < 6:
        return  # wae is not we
    for gb, us in BRITISH:
        if gb in word:
            yield word.replace(gb, us)


def currency_units() -> set:
    """The units of the currencies in use today, lower case as English writes them (ariary,
    somoni, kwacha): the last word of CLDR's English names, singular and plural, via babel."""
    import datetime

    from babel import Locale
    from babel.numbers import get_currency_name, get_territory_currencies

    today = datetime.date(2025, 1, 1)  # fixed, so that a rebuild gives the same file
    codes = set()
    for territory in Locale("en").territories:
        codes.update(get_territory_currencies(territory, start_date=today, tender=True))
    units = set()
    for code in codes:
        for count in (1, 2):
            unit = get_currency_name(code, count=count, locale="en").split()[-1]
            if unit.isalpha() and unit.islower():
                units.add(unit)
    return units


def write(name: str, lines) -> None:
    path = os.path.join(DATA, name)
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as fh:
        fh.write("\n".join(lines).encode("utf-8"))
    print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


TRIES = (
    ("lexicon-words.txt.gz", "lexicon-words.marisa"),
    ("lexicon-cased.txt.gz", "lexicon-cased.marisa"),
)


FREQUENCY_TRIE = ("lexicon-frequency.txt.gz", "lexicon-frequency.marisa")
MISSPELLINGS_TRIE = ("misspellings-en.txt.gz", "misspellings-en.marisa")
NEIGHBOURS_TRIE = "lexicon-neighbours.marisa"  # of the counts' words
TWO_EDIT_TRIE = "lexicon-two-edit.marisa"  # ... and of the common ones


def write_tries() -> None:
    """Each word list as a marisa-trie beside it, the counts as a RecordTrie, the
    misspelling list as a BytesTrie, and the counts' words' fills and the two-edit index of
    the common ones as BytesTries too (the same keys give the same bytes)."""
    import marisa_trie

    sys.path.insert(0, ROOT)
    from newslint.checks.spelling.far import index_trie
    from newslint.lexicon import LETTERS, pairs, read_data
    from newslint.word_lists import Counts, Entries, Fills

    for source, name in TRIES:
        with gzip.open(os.path.join(DATA, source), "rb") as fh:
            words = fh.read().decode("utf-8").split("\n")
        path = os.path.join(DATA, name)
        marisa_trie.Trie(words).save(path)
        print(f"{path}: {os.path.getsize(path)} bytes, {len(words)} words", file=sys.stderr)
    for (source, name), kind in ((FREQUENCY_TRIE, Counts), (MISSPELLINGS_TRIE, Entries)):
        listed = pairs(read_data(os.path.join(DATA, source)))
        path = os.path.join(DATA, name)
        built = kind.of(listed)
        built.trie.save(path)
        print(f"{path}: {os.path.getsize(path)} bytes, {len(listed)} entries", file=sys.stderr)
        if kind is Counts:
            for name, trie in (
                (NEIGHBOURS_TRIE, Fills.of(listed, LETTERS).trie),
                (TWO_EDIT_TRIE, index_trie(built.items())),  # the trie's order, as a run's
            ):
                path = os.path.join(DATA, name)
                trie.save(path)
                print(
                    f"{path}: {os.path.getsize(path)} bytes, {len(trie)} entries", file=sys.stderr
                )


TYPOS = os.path.join(
    os.path.dirname(ROOT), "shared", "corpora", "misspellings", "typos", "words.csv"
)


def misspellings(path: str = TYPOS):
    """Curate crate-ci/typos' list for prose, the way typos itself curates: drop entries that
    are words in any English dialect or names (known to the lexicon), corrections nobody
    uses, and short entries that are abbreviations more often than typos.  A single
    correction that is also the only frequent word one edit away is marked certain ("!")."""
    import csv

    sys.path.insert(0, ROOT)
    from newslint.lexicon import Lexicon, derived, suggestions

    lex = Lexicon.load()
    out = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(fh):
            typo, corrections = row[0].strip().lower(), [c.strip().lower() for c in row[1:]]
            if not typo.isascii() or not typo.isalpha() or lex.known(typo):
                continue  # a word or a name
            if derived(typo) and not suggestions(typo):
                continue  # a regular derivation (demerge) no common slip explains better
            corrections = [c for c in corrections if c.isalpha() and lex.frequency(c) > 0]
            if not corrections:
                continue
            if len(typo) < 3 or (
                len(typo) == 3 and not any(_swapped(typo, c) for c in corrections)
            ):
                continue
            near = {c for c, _, n in lex.neighbours(typo) if n >= 1000}
            certain = len(corrections) == 1 and len(typo) >= 6 and near <= set(corrections)
            out.append(f"{typo}\t{'!' if certain else ''}{','.join(corrections)}")
    with open(os.path.join(ROOT, "scripts", "misspellings-extra.tsv"), encoding="utf-8") as fh:
        out += [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    return sorted(out)


def _swapped(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def main() -> None:
    if sys.argv[1:] == ["--tries"]:
        write_tries()
        return
    words = scowl_words()
    write("lexicon-cased.txt.gz", sorted(words))
    # pyspellchecker's counts; British spellings count as often as their American twins
    freq = {w: c for w, c in frequencies().items() if w and " " not in w}
    known = set(freq) | {w.lower() for w in words}
    known |= currency_units()
    known |= {fold(w) for w in known}  # cafe, naive, protege: accents are often dropped
    with open(os.path.join(ROOT, "scripts", "lexicon-extra.txt"), encoding="utf-8") as fh:
        known |= {line.strip() for line in fh if line.strip() and not line.startswith("#")}
    for w in sorted(known - set(freq)):
        count = next((freq[v] for v in american(w) if v in freq), 0)
        if count:
            freq[w] = count
    write("lexicon-words.txt.gz", sorted(known))
    write("lexicon-frequency.txt.gz", (f"{w} {c}" for w, c in sorted(freq.items())))
    write_tries()  # (the curation below reads the lexicon's new tries)
    typos = sys.argv[1] if len(sys.argv) > 1 else TYPOS  # crate-ci/typos words.csv (MIT)
    if os.path.exists(typos):
        write("misspellings-en.txt.gz", misspellings(typos))
        write_tries()


if __name__ == "__main__":
    main()
