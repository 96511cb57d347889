"""The NL1xx rules: listed misspellings (NL101), probable one-edit typos (NL102), non-English
documents (NL103); and the corpus filter of NL101/NL102 (a word many documents use is
vocabulary, not a typo)."""

from __future__ import annotations

import collections
import math
from collections.abc import Iterator

from newslint.checks.spelling.analysis import Analysis, Finding, analyse, used_alone
from newslint.checks.spelling.candidates import in_documents_spelling, restore, user_words
from newslint.checks.spelling.foreign import PARTICLES, in_foreign_clause
from newslint.document import WORD, Document
from newslint.lazy import LazyPattern, computed
from newslint.lexicon import EVERYDAY_COUNT, WORD_ZIPF, english_zipf, in_use, loanword
from newslint.rule import Fix, Rule, Violation


class SpellingRule(Rule):
    family = "spelling"

    @computed
    def user_dictionary(self) -> frozenset:
        """The user's words, from the context (which a rule keeps for life)."""
        return user_words(self.context)

    def analysis(self, doc: Document) -> Analysis:
        return analyse(doc, self.user_dictionary)


class CorpusAwareRule(SpellingRule):
    """A spelling rule whose reports the corpus can overrule: the engine hands every
    document's summary to ``filter_reports`` once all documents are linted."""

    filters_reports = True

    def summarize(self, doc: Document):
        a = self.analysis(doc)
        if not a.findings and not a.unknown_words:
            return _NOTHING  # still a document: the share threshold counts it
        flagged = {
            doc.position(f.start): f.word.lower()
            for f in a.findings
            if not _apostrophe_lost(f.verdict)  # thats: a slip, never vocabulary
        }
        return {
            "words": used_alone(doc.text, a.unknown_words) | {f.word.lower() for f in a.findings},
            "flagged": flagged,
            "everyday": frozenset(f.word.lower() for f in a.findings if _everyday_slip(f.verdict)),
        }

    def findings(self, doc: Document) -> list:
        """The document's findings; none in a document not in English (NL103 reports it)."""
        a = self.analysis(doc)
        return [] if a.non_english else a.findings

    def suggest(self, f: Finding, what: str, suggestions: list, safety: str) -> Violation:
        """The report of a finding: "'wiht' is {what} 'with'" (other suggestions in
        brackets), fixed by the first suggestion."""
        message = f"'{f.word}' is {what} '{suggestions[0]}'"
        if len(suggestions) > 1:
            message += " (or " + ", ".join(f"'{s}'" for s in suggestions[1:]) + ")"
        title = f"replace with '{suggestions[0]}'"
        fix = Fix.replace(f.start, f.end, suggestions[0], safety, title)
        return self.violation(f.start, f.end, message, fix)

    def _thresholds(self, documents: int) -> tuple:
        """How many documents make a word vocabulary: (any word, a slip of an everyday
        word); (0, 0) when the corpus vocabulary is off."""
        least = int(self.settings.get("vocabulary-documents", 0) or 0)
        if least <= 0:
            return 0, 0
        share = float(self.settings.get("vocabulary-share", 0) or 0) * documents
        return max(least, share), max(least, share * EVERYDAY_SLIP_SHARE)

    def filter_reports(self, reports: list, summaries: list) -> list:
        """Drop reports of words found in many documents of the corpus: its vocabulary."""
        threshold, everyday_threshold = self._thresholds(len(summaries))
        if not threshold:
            return reports
        documents = collections.Counter()
        everyday = set()
        for _, s in summaries:
            documents.update(s["words"])
            everyday.update(s.get("everyday", ()))
        vocabulary = {
            w
            for w, n in documents.items()
            if n >= (everyday_threshold if w in everyday else threshold)
        }
        if not vocabulary:
            return reports
        flagged = {}
        for path, s in summaries:
            for pos, w in s["flagged"].items():
                flagged[(path, *pos)] = w
        return [
            r
            for r in reports
            if r.code != self.code or flagged.get((r.path, r.line, r.column)) not in vocabulary
        ]

    # the incremental protocol of a report filter: keys, the words a document uses; every
    # document counts towards the share
    incremental = True

    def asks_own_keys(self) -> bool:
        return True  # the words its documents flag, among those they use

    def corpus_keys(self, summary: dict) -> tuple:
        return b"", [(w.encode("utf-8", "surrogatepass"), b"") for w in summary["words"]]

    def keys_asked(self, summary: dict) -> list:
        """How many documents use each word its document flags: a count."""
        return [(w.encode("utf-8", "surrogatepass"), "count") for w in summary["flagged"].values()]

    def filter_named(self, reports: list, named: list, keys) -> list:
        """``filter_reports`` of the reports of the documents ``named`` ([(rank, display,
        summary)]), with the corpus's word counts asked of ``keys`` (``CorpusRule``)."""
        threshold, everyday_threshold = self._thresholds(keys.documents())
        if not threshold:
            return reports
        flagged = {}
        everyday = set()
        for n in named:
            for pos, w in n.summary["flagged"].items():
                flagged[(n.display, *pos)] = w
            everyday.update(n.summary.get("everyday", ()))
        known: dict = {}

        def vocabulary(word) -> bool:
            if word not in known:
                least = everyday_threshold if word in everyday else threshold
                known[word] = keys.count(word.encode("utf-8", "surrogatepass")) >= least
            return known[word]

        out = []
        for r in reports:
            word = flagged.get((r.path, r.line, r.column)) if r.code == self.code else None
            if word is None or not vocabulary(word):
                out.append(r)
        return out


def _apostrophe_lost(v) -> bool:
    """The word's likeliest correction puts back an apostrophe (thats: that's)."""
    return bool(v.candidates) and v.candidates[0][3] == "apostrophe"


def _everyday_slip(v) -> bool:
    """The word's likeliest correction is an everyday word (tha: that): a slip that many
    documents make by chance, so the corpus must use it EVERYDAY_SLIP_SHARE times as widely
    to make it vocabulary."""
    return bool(v.candidates) and v.candidates[0][1] >= EVERYDAY_COUNT


# a word is corpus vocabulary when found in this many documents, and in this share of them:
# one in a thousand documents is more than any one slip of one word is made (a word in a
# third of all news, mistyped the same way once in a thousand uses, is in 0.03 % of them),
# while a term of the corpus's field or house style reaches it (the share keeps a slip that
# different writers happen to repeat from becoming vocabulary in a large corpus)
VOCABULARY_OPTION = {"vocabulary-documents": 3, "vocabulary-share": 0.001}
# ... and ten times as widely for a slip of an everyday word (tha, gpt: that, got), which
# writers make by chance in many documents: "the" is in every one, dozens of times
EVERYDAY_SLIP_SHARE = 10
VOCABULARY_MINIMUM = {"vocabulary-documents": 0}  # 0 turns the corpus vocabulary off
_NOTHING = {"words": frozenset(), "flagged": {}}


class KnownMisspelling(CorpusAwareRule):
    """A word is a known misspelling: `accomodate`, `definately`, `recieve`.

    ## What it does
    Looks every unknown word up in a curated list of common misspellings (crate-ci/typos'
    list, MIT; entries that are words in any English dialect or common names removed) and
    reports the correction.  Where the list's correction is a rare word and a common word one
    slip away is ten times likelier by the error model NL102 ranks with, that word comes
    first and the list's after (`dangerus`: dangerous, or dangers), unless the list marks
    its correction as certain.

    ## Why is this bad?
    A misspelling in published news costs the reader's trust; a listed one is almost always
    a real typo.

    ## Never flagged
    Capitalised words mid-sentence (names), ALL CAPS, words with digits, URLs, e-mail
    addresses, @handles, #hashtags, hyphenated name parts, words written capitalised
    elsewhere in the document, a word followed by `[sic]`, quoted words, foreign phrases
    (`au fait`, `laissez-faire`) and clauses (`una noche muy especial`), functions called
    (`sqrt(n)`), names missing the vowel of their -er (`Inquisitr`) and the user's
    dictionary.  The correction is given in the document's spelling, British or American.

    ## Fix safety
    Unsafe (a person confirms it), unless the list marks the correction as certain.

    ## Options
    `vocabulary-documents` (default 0: off, since a listed misspelling stays one however
    often it occurs) and `vocabulary-share`: as in NL102.
    """

    code, name = "NL101", "known-misspelling"
    fixable = "sometimes"
    options = {**VOCABULARY_OPTION, "vocabulary-documents": 0}  # a listed typo stays a typo
    bad = [
        ("⟦Thes⟧ troops were sent.", "These troops were sent."),
        ("They were equipped ⟦wiht⟧ rifles.", "They were equipped with rifles."),
        "It is ⟦onyl⟧ a matter of time.",
        "This ⟦coudl⟧ backfire.",
        "It will work if ⟦peopel⟧ ask.",
        ("We will ⟦accomodate⟧ everyone.", "We will accommodate everyone."),
        "It was ⟦definately⟧ over by then.",
        "They did not ⟦recieve⟧ the letter.",
        "The ⟦goverment⟧ said so.",
    ]
    good = [
        "We will accommodate everyone.",
        "The colour of the programme's centre, organised by the defence ministry.",
        'He wrote that it was "definately" [sic] over.',
        "Mr Recieve spoke for the Goverment Party.",
        "Dr. Thes spoke. Thes was right, said Mr Thes.",
        "Kim Jong-un met Chun In-bum and Min-woo Kim.",
        "It was a hit. Groupe LAPS produces films.",
        "Call ACCOMODATE or see goverment.example.org.",
        "Updated: Nov 20 2019, 11:06am ist. The markets opened at 9:15 ist.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        for f in self.findings(doc):
            if not f.verdict.listed:
                continue
            if in_foreign_clause(doc, f):
                continue  # un momento muy especial: not English
            listed = in_documents_spelling(list(f.verdict.listed), self.analysis(doc).words)
            corrections = [restore(f.word, c) for c in listed]
            safety = "safe" if f.verdict.certain and len(corrections) == 1 else "unsafe"
            yield self.suggest(f, "a misspelling of", corrections, safety)


class ProbableTypo(CorpusAwareRule):
    """An unknown word is a slip or misspelling of a frequent word: `wiht`, `gobernement`.

    ## What it does
    A lower-case word (or a capitalised word starting a sentence) that no English dialect,
    inflection or name in the lexicon knows, and that one insertion, deletion, substitution
    or transposition turns into a frequent word; or a derivation against English spelling
    rules (`raceing`, `noteable`, `replyed`, `truely`, `claimes`: the silent e, y to i,
    consonant doubling, -es, -ly; `heared`, `teached`: an irregular verb's past made regular,
    its own past suggested, from a table of English irregular verbs); or, for a lower-case
    word of five letters or more, two edits (three for a long word, or an everyday one from
    seven letters, that sounds the same) from a common word, by a speller's error: vowels
    confused, a double letter single, sound-alike consonants (`acommadate`, `nonchantly`, a
    syllable left out: `precion`). The suggestion is the likeliest: the rule's form,
    transposed and dropped letters, confused vowels, then the commoner word, and a word the
    document itself writes elsewhere first, in the document's spelling (`centre` in a
    British story, `center` in an American one).

    ## Why is this bad?
    Scrapers and hurried writers leave typos that a list of known misspellings never
    catches; a dictionary alone would flag every name. One edit from a frequent word is the
    shape of a typo; two, the shape of a word spelt as it sounds.

    ## Never flagged
    The same as NL101: names (capitalised mid-sentence, or written capitalised anywhere in the
    document), ALL CAPS, digits, URLs, e-mail addresses, handles, hyphenated name parts,
    `[sic]`, quoted words, foreign phrases, regular derivations and compounds of known words
    (`demerged`, `gameplay`, `composable`, `keyers`), words English text writes almost as often
    as the correction (`lol`, `tumblr`, `cron`: slang, brands and terms, by wordfreq's counts)
    or at least once per million words unless a common slip explains it (`yall`), a word used
    twice in the document (a term of its own, unless two letters are swapped or one doubled, or
    -our stands for -or: slips a writer repeats), a word in a clause of another language (`una
    noche muy especial`: Spanish, French, German, Portuguese, Italian or Dutch, by wordfreq's
    lists) and a loanword two edits from an English word (`cause celebre`), a function called in
    code or maths (`sqrt(n)`), a word English writes at all in a page that shows code (`json`,
    `args`: identifiers), a key quoted in data (`'args':`), a word glossed at once in brackets
    (`kuffs (infidels)`, `glanis [the Latin name]`), a species' name (`(Carcinus maenas)`), a
    short quotation after words that name or quote a form (`sounding like 'hoh lok'`, `the term
    "..."`; not `so-called`), a name alone on a short line (`M Bharat lal`), a word censored
    with asterisks (`f*cking`), a name after a slash in a credit (`Stockphotos.com/ bazil`), a
    word whose first letters the page set apart or the editor changed (`**R** etrieval`,
    `[s]howing`), a capitalised name missing the vowel of its -er (`Inquisitr`), a word drawn
    out for emphasis (`sooo`, `soo`), the dropped g of speech when a document drops it twice
    (`turnin`, `burnin`), a slug or file name alone on a line (`hero-image-r-copy`) or a
    lower-case word alone on its line (`12. fpingham`: a user name in a list), maths rendered as
    text (`logn` beside `\\frac{` or an invisible function sign), a name given as a platform's
    user (`Twitter user bronw`), the user's dictionary (`words`, `dictionary-files`) and corpus
    vocabulary.

    ## Fix safety
    Unsafe: a person confirms the suggestion.

    ## Options
    `min-frequency` (default 1000): how common (pyspellchecker's counts) a candidate for a
    five-letter word must be; longer words need less (any known word from eight letters),
    shorter ones far more and a likelier slip (three letters: a swap, or one of the ~150
    commonest words). `min-frequency-sentence-start` (default 200000): the same for a
    capitalised word at the start of a sentence, which may be a name; only the commonest
    slips count there. `vocabulary-documents` (default 3; 0 turns it
    off) and `vocabulary-share` (default 0.001): a word found in at least this many documents
    of the corpus being linted, and in at least this share of them, is vocabulary (wire
    abbreviations, jargon, house style), not a typo; a slip of an everyday word (`tha`) must
    be ten times as widespread, and a contraction without its apostrophe (`thats`) never is.
    Only a word used on its own counts, not one joined by a hyphen to others (`have-nots`).
    """

    code, name = "NL102", "probable-typo"
    fixable = "unsafe"
    options = {"min-frequency": 1000, "min-frequency-sentence-start": 200000, **VOCABULARY_OPTION}
    option_minimums = VOCABULARY_MINIMUM
    bad = [
        ("One soldier stayed while the ⟦othre⟧ left.", "One soldier stayed while the other left."),
        "The ⟦milatary⟧ said so.",
        "They kept troops in ⟦reserev⟧.",
        "They came to ⟦fihgt⟧ a war.",
        "The ⟦troosp⟧ were sent.",
        "The ⟦graffitti⟧ was cleaned, but the ⟦graffitti⟧ came back.",
        "She has an honorary degree, an ⟦honourary⟧ medal and an ⟦honourary⟧ prize.",
        'They met in a so-called "magic ⟦circue⟧" of managers.',
        "He said: \u201c⟦Fihgt⟧ them.\u201d",
        ("I ⟦dont⟧ know.", "I don't know."),
        ("The team was ⟦raceing⟧ home.", "The team was racing home."),
        ("We ⟦heared⟧ the news.", "We heard the news."),
        ("The ⟦gobernement⟧ fell in May.", "The government fell in May."),
        (
            "The ⟦precion⟧ of the survey was questioned.",
            "The precision of the survey was questioned.",
        ),
    ]
    good = [
        "The photo came from user gtorious, who posts as @vgtorious_cars.",
        "These troops were sent with rifles.",
        "Kim Jong-un met Chun In-bum and Min-woo Kim.",
        "Toshimitsu Shigemura teaches at Waseda University in Kyiv.",
        "The colour of the programme's centre was organised by the labour defence team.",
        "Visit https://example.com/fihgt or mail fihgt@example.com, @fihgt and #fihgt.",
        "The unit 4fihgt and the word MILATARY in capitals.",
        "He wrote \u201cfihgt\u201d [sic] in the note.",
        "Dr. Fihgt spoke. Fihgt was right, said Mr Fihgt.",
        "She is a lieutenant general in the Korean Army.",
        "The year-olds met the co-ordinator.",
        "The front trunk, or \u201cfrunk,\u201d holds two bags. It isn \u2018t over.",
        "He was sacked. Tre Harbison rushed for 112 yards.",
        "People were au fait with it; they left en masse, in a laissez-faire way.",
        "The strugglers were demerged and the gameplay was touchy-feely.",
        "Their trickery was noticeable. Gobernement Ltd is a name at a sentence start.",
        "Prices are quoted in the ariary and the somoni.",
        "The ecommerce team will hardcode a shoutout.",
        "It was a naïve exposé, what’d they say? There’d be more.",
        "Call util.promisify first. Mohammed ibn Salman spoke. The vectorizer needs memoization.",
        "We built fihgtly. Then fihgtly grew. Now fihgtly is everywhere.",
        "Legend says the lobizon feeds at midnight, and villagers fear the lobizon still.",
        "The site ran a farticle (that's my name for these fake articles) about the moon.",
        "It was a shore crab (Carcinus maenus), he said.",
        "\u201cIt is a silurus glanus [the Latin name for the species],\u201d he said.",
        "Photographs by\nM Bharat lal\n",
        "My name sounded like 'hoh lok' when they said it fast.",
        "He said it was a f*cking disgrace and a f**king mess.",
        "The post on her tumblr page said lol, and a cron job ran in vitro.",
        "It doesn\x92t matter and it hadn\ufffdt either.",
        "She wrote: Fue una noche muy especial para todos.",
        "It costs O(sqrt(n)). Inquisitr said the debiasing was a cause celebre.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        floor = int(self.settings["min-frequency"])
        start_floor = int(self.settings["min-frequency-sentence-start"])
        for f in self.findings(doc):
            if f.verdict.listed:
                continue  # NL101's
            best = [
                c for c in f.verdict.candidates if c[1] >= _floor(f.word, c, floor, start_floor)
            ]
            words = self.analysis(doc).words
            best = in_context(best, words)
            if not best or (
                best[0][3] != "apostrophe"
                and not _written_elsewhere(best[0][0], words)
                and (
                    in_use(f.verdict.base, best[0][0])
                    or _a_word_of_its_own(f.verdict.base, best[0])
                )
            ):
                continue  # no likely correction, or a word English writes: lol, soo, yall
            if (best[0][3] == "two" and loanword(f.verdict.base)) or in_foreign_clause(doc, f):
                continue  # another language's word (cause celebre), or clause (muy especial)
            if best[0][3] != "apostrophe" and _term_of_code(doc, f.verdict.base):
                continue  # json, args, env in a page that shows code: identifiers, not typos
            suggestions = [
                restore(f.word, c) for c in in_documents_spelling([c[0] for c in best[:3]], words)
            ]
            yield self.suggest(f, "probably a typo of", suggestions, "unsafe")


# A correction the document writes elsewhere is likelier the word meant (houes: houses, in a
# story about housing), and so is the spelling it uses (British or American): worth this
# much in the ranking (log10 of frequency, as the edit bonuses are)
IN_DOCUMENT = 1.5
IN_DOCUMENT_MIN_LENGTH = 4


def in_context(candidates: list, words: frozenset) -> list:
    """The candidates re-ranked for the document: those it writes elsewhere move up (words
    of its subject: every document writes the short function words)."""
    if len(candidates) < 2 or not words:
        return candidates

    def score(c):
        return c[2] + IN_DOCUMENT * _written_elsewhere(c[0], words)

    return sorted(candidates, key=lambda c: (-score(c), c[0]))


def _written_elsewhere(correction: str, words: frozenset) -> bool:
    """The document spells the correction right elsewhere: a slip here, whatever the web
    writes (snowe, daly are names there)."""
    return len(correction) >= IN_DOCUMENT_MIN_LENGTH and correction in words


# A page shows code: inline code or a fence (Markdown; not a backtick for a quote: `walk
# on by'), or a brace block of "key: value" (CSS, JSON, a dict)
CODE_SIGNS = LazyPattern(r"`[^`\s][^`\n]*`|\{[^{}\n]*:[^{}\n]*\}")


def _term_of_code(doc: Document, word: str) -> bool:
    """In a page that shows code, a word English writes at all (json, args, env, iframe,
    logit: wordfreq knows them) is a term of programming -- an identifier, a file type, an
    abbreviation -- more likely than a typo."""
    shows_code = doc.memo("spelling.shows-code", lambda: CODE_SIGNS.search(doc.text) is not None)
    return shows_code and english_zipf(word) > 0


def _a_word_of_its_own(word: str, best: tuple) -> bool:
    """English writes ``word`` often enough (once per million words) to be a word of its
    own -- slang, an abbreviation, a loanword (yall, paz, tre) -- unless the likeliest slip
    (a dropped, doubled or swapped letter, a neighbouring key) explains it: the web writes
    its typos often too (wil, yung)."""
    return english_zipf(word) >= WORD_ZIPF and not best[4]


def _floor(word: str, candidate: tuple, floor: int, start_floor: int) -> float:
    """How common a candidate must be to call ``word`` its typo.

    Long unknown words are rarely one edit from a real word by chance, short ones often
    (abbreviations, foreign words, slang): the shorter the word, the commoner the candidate
    and the likelier the slip must be."""
    strong = candidate[4]
    if word[0].isupper():  # a name at a sentence start?
        if candidate[3] in ("two", "vowel"):
            return math.inf  # too far from a word, or too like one, to tell from a name
        if len(word) <= 3:
            return start_floor if candidate[3] == "swap" else math.inf
        return start_floor if strong else math.inf
    n = len(word)
    if candidate[3] == "two":  # two edits from a word: it must be commoner to be the one meant
        return floor / 10 if n >= 8 else floor if n >= 6 else floor * 10
    if n >= 8:
        return 1
    if n >= 6:
        return floor / 10
    if n == 5:
        return floor
    if n == 4:
        return floor * 5 if strong else floor * 200
    if candidate[3] in ("swap", "apostrophe"):
        return floor * 2
    if word in PARTICLES:
        return math.inf  # des, von, auf
    # two letters and one more (we -> weh) are interjections and abbreviations more often
    return floor * 300 if candidate[3] != "add" else math.inf


class NonEnglishDocument(SpellingRule):
    """The document is not in English, so its spelling and doubled words are not checked.

    ## What it does
    When most of a document's (or JSON record's) lower-case words are unknown to the English
    lexicon, the spelling rules, NL312 (glued words) and NL309 (doubled words: many
    languages say a word twice on purpose) skip it and this one informational report says
    so, instead of hundreds of false typos.  Links, handles, code and lines of a single
    token (a page's list of contributors' user names) are not the document's language and
    are not counted.

    ## Why report it?
    A news corpus that should be English may hold records in another language, or text so
    garbled that no word survives; either is worth knowing about.
    """

    code, name = "NL103", "non-english-document"
    severity = "info"
    bad = [
        "⟦Die⟧ Regierung hat gestern angekündigt, dass die Steuern im kommenden Jahr nicht "
        "steigen werden. Der Minister sagte, die Wirtschaft wachse schneller als erwartet und "
        "die Arbeitslosigkeit sei gesunken. Kritiker halten das für verfrüht.",
        "⟦Le⟧ gouvernement a annoncé hier que les impôts ne augmenteront pas l'année prochaine. "
        "Le ministre a déclaré que l'économie progresse plus vite que prévu et que le chômage "
        "a baissé. Les critiques jugent cette annonce prématurée.",
    ]
    good = [
        "The government said yesterday that taxes would not rise next year. The minister said "
        "the economy was growing faster than expected and unemployment had fallen. Critics "
        "called the announcement premature, and the opposition demanded a vote.",
        "Kyiv, Seoul and Washington said Zelensky, Shigemura and Toshimitsu met in Pyongyang.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = self.analysis(doc)
        if not a.non_english:
            return
        first = WORD.search(doc.text)
        start = first.start() if first else 0
        share = round(100 * a.unknown / max(1, a.checked))
        yield self.violation(
            start,
            first.end() if first else 0,
            f"not English ({share}% of its {a.checked} distinct lower-case words are unknown): spelling and doubled words not checked",
        )
