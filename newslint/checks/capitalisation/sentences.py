"""NL204: a sentence, paragraph, quoted sentence or speaker line that starts in lower case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from newslint.checks.capitalisation.base import CapitalisationRule
from newslint.checks.capitalisation.tokens import english
from newslint.checks.capitalisation.words import internal_capital, ordinary
from newslint.document import Document, is_abbreviation
from newslint.lazy import LazyPattern
from newslint.rule import Fix, Violation

# the verbs that introduce a quotation: he said, "the troops will come home"
SPEECH_VERBS = "said|says|say|added|adds|asked|asks|stated|declared|wrote|writes|explained|insisted|warned|told [\\p{L}]+"
PARA_START = LazyPattern(r"[ \t]*[\"'\u201c\u2018\[]*(\p{L}[\p{L}\p{M}]*)")
# a quotation opening in lower case after a full stop is a fragment quoted, not a sentence:
# It is sick. "after learning my fetus was male" (a headline quoted)
SENTENCE_LOWER = LazyPattern(r"(?<=[\p{L}\p{N}])(\.)\s+(\p{Ll}[\p{L}\p{M}]*)")
QUOTE_LOWER = LazyPattern(
    r"\b(?:"
    + SPEECH_VERBS
    + r")[,:][ \t]*[\"\u201c](\p{Ll}[\p{L}\p{M}]*)[^\"\u201c\u201d\n]*?[.!?][\"\u201d]"
)
# what every QUOTE_LOWER match contains: a quick screen
QUOTE_HINT = LazyPattern(r"[,:][ \t]*[\"\u201c]\p{Ll}")
# a quotation resumed after its speaker: '"It works," he said, "but not yet."'
RESUMED_QUOTE = LazyPattern(r"[\"\u201d][ \t]+(?:\p{L}+[ \t]+){0,3}$")
LIST_ITEM = LazyPattern(r"^[ \t]*(?:[-*+\u2022\u2013\u2014>]|\d{1,3}[.)]|[a-z][.)])[ \t]")
ENDS_SENTENCE = tuple(".!?\"'\u201d\u2019)\u2026]")  # not ":" -- a colon's continuation
# a paragraph that lost its capital starts like a sentence; one starting with a verb ("won the
# race") lost its first words instead, a defect for another rule
STARTERS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your there here
    in on at for with from by after before during when while if as but however meanwhile although
    though since so what why how where one some many most all both each every no last next mr mrs ms
    dr prof sir st according despite under over about following earlier later today yesterday""".split()
)


class SentenceStartsLowercase(CapitalisationRule):
    """A sentence, paragraph, quoted sentence or speaker line starts with a lower-case letter.

    `dr. Ilse Moritz: The lanes...` and `talks failed. the army moved in` lost a capital. Sentence
    ends are abbreviation-aware (no report after `e.g.`, `approx.`, `Mr.`); list items, table
    rows, brand names lower-case by design (`iPhone`, `eBay`, `easyJet`), ellipses, text after
    a colon or a question mark (`Shall We Dance? at number three`), quotations resumed after
    their speaker, fragments quoted after a full stop (`sick. "after learning…"`) and lines
    continuing an unfinished line are left alone. A paragraph is
    flagged only when its first word starts sentences (`the`, `he`, `dr`) or is a name: a
    paragraph starting `won the race` lost words, not a capital. The fix capitalises the
    letter; after a full stop inside a paragraph it is unsafe (the stop may be the error).
    """

    code, name = "NL204", "sentence-starts-lowercase"
    fixable = "sometimes"
    bad = [
        (
            "Lena Varga: Thank you.\n⟦dr⟧. Ilse Moritz: The lanes matter.",
            "Lena Varga: Thank you.\nDr. Ilse Moritz: The lanes matter.",
        ),
        "The talks failed. ⟦the⟧ army then moved in.",
        'He said, "⟦the⟧ troops will come home soon."',
        "The talks failed.\n\n⟦the⟧ army then moved in.",
    ]
    good = [
        "Lena Varga: how would you put it?",
        "Prices rose, e.g. for bread, by approx. five per cent.",
        "He bought an iPhone. iPhone sales rose. eBay and easyJet too.",
        "- item one\n- item two\nwith a lowercase start",
        "| a | b |\n| c | d |",
        "It went on and on... and then stopped. It ended\nwith a lowercase continuation.",
        '"Why?" he asked. "Really!" she said. Shall We Dance? is at number three.',
        'He called it "a disaster for everyone."',
        '"It works," he said, "but not for everyone."',
        "Visit www.example.com today. bbc.co.uk is down.",
        "The race was fast.\n\nwon the 60m in 6.5 seconds.",
        "Fans of M.A.S.K. get a remake. All ID. models gain it.",
        "my6sense is a firm.\n\nThis could occur:\n\nif it rains.\n\nIt rained. ecobee makes thermostats. on. it.",
        'It is thoroughly sick. "after learning the baby was a boy" was the headline.',
        "The score is\n\nScore = max(a, b)\n\nwhere a is the first test.\n\na=1, a=1",
        "is that okay? lets assume it is. my name is harrison. who is maisie peters?",
        "hi there! I want to know something. is that okay? my name is harrison. i like llms.",
        'A poor diet drives the risk, he says, "but it is not the only thing that does."',
        "The model applies them to its answers. b) Inference: no reasoning happens here.",
        "Watch expert Chad Rickicki of Pittsburgh, Penn. told reporters it would cost more.",
        "Decoding:\n\n1. Pairs: ou, ow\n2. Letters:\n      1. ou → (15+21)/2 = 18 → R",
        "The town lies 300 km. from the border.",
        "Stir in 1 tsp. honey and 2 tbsp. soy sauce, then add 1 qt. water.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        text = doc.text
        table = doc.table_lines
        prev_end = None
        for ps, pe in doc.paragraphs:
            if doc.in_hidden(ps) or doc.line_index(ps) in table:
                prev_end = None
                continue
            para = text[ps:pe]
            if not LIST_ITEM.match(para) and self._after_finished(text, prev_end):
                m = PARA_START.match(text, ps, pe)
                if (
                    m
                    and self._flaggable(doc, m.start(1), m.group(1))
                    and not _ellipsis_before(text, m.start(1), ps)
                ):
                    word = m.group(1)
                    if word in STARTERS and not _one_word_sentence(text, m.end(1), word):
                        yield self._report(
                            m.start(1), word, "paragraph starts with a lower-case letter", "safe"
                        )
            for k, m in enumerate(SENTENCE_LOWER.finditer(text, ps, pe)):
                if k == 0 and _written_in_lower_case(text, ps, pe):
                    break  # a paragraph typed all in lower case (a chat message): a style
                at, word = m.start(2), m.group(2)
                if (
                    is_abbreviation(text, m.start(1), ps)
                    or _short_unknown(text, m.start(1))
                    or _dotted(text, m.start(1))
                    or _list_number(text, m.start(1))
                ):
                    continue
                if doc.is_protected(m.start(1)) or not self._flaggable(doc, at, word):
                    continue
                if len(word) == 1 and text[at + 1 : at + 2] == ")":
                    continue  # a lettered item run into the paragraph: "responses. b) Inference"
                if not (ordinary(word) or word in STARTERS) or _one_word_sentence(
                    text, at + len(word), word
                ):
                    continue  # a brand (ecobee) or a one-word sentence (on. it.): by design
                yield self._report(at, word, "sentence starts with a lower-case letter", "unsafe")
            if not (
                (text.find('"', ps, pe) >= 0 or text.find("\u201c", ps, pe) >= 0)
                and QUOTE_HINT.search(text, ps, pe)
            ):
                prev_end = pe
                continue  # no QUOTE_LOWER match can lie in the paragraph
            for m in QUOTE_LOWER.finditer(text, ps, pe):
                if RESUMED_QUOTE.search(text, max(ps, m.start() - 40), m.start()):
                    continue
                if m.group(1) in CONTINUING:
                    continue  # risk, he says, "but it is not the only thing": one sentence
                if len(m.group().split()) >= 5 and self._flaggable(doc, m.start(1), m.group(1)):
                    yield self._report(
                        m.start(1),
                        m.group(1),
                        "quoted sentence starts with a lower-case letter",
                        "safe",
                    )
            prev_end = pe

    @staticmethod
    def _after_finished(text: str, prev_end: Optional[int]) -> bool:
        if prev_end is None:
            return True
        j = prev_end
        while j and text[j - 1].isspace():  # text[:prev_end].rstrip(), without the copy
            j -= 1
        if j > 1 and text[j - 1] in ")]":
            return text[j - 2] in ENDS_SENTENCE  # "(as he said.)" ends; "f(x)" does not
        return j > 0 and text[j - 1] in ENDS_SENTENCE

    @staticmethod
    def _flaggable(doc: Document, at: int, word: str) -> bool:
        if not word[:1].islower() or internal_capital(word) or doc.is_protected(at):
            return False
        text = doc.text
        if at and text[at - 1] in "'\u2019(":
            return False  # 's after a lost name, (seeds in brackets)
        end = at + len(word)
        nxt = text[end : end + 2]
        if nxt[:1].isdigit() or nxt[:1] == "=":
            return False  # my6sense, a=1
        return not (nxt[:1] in "._@/" and nxt[1:2].isalnum()) and not nxt.startswith(" /")

    def _report(self, at: int, word: str, message: str, safety: str) -> Violation:
        fixed = word[0].upper() + word[1:]  # the whole word, as NL201 would write a name
        return self.violation(
            at,
            at + len(word),
            f"{message}: '{word}'",
            Fix.replace(at, at + len(word), fixed, safety, f"write '{fixed}'"),
        )


# a quotation opening with a conjunction continues the sentence of its speaker
CONTINUING = frozenset("but and or nor so because which that though although while".split())
PRONOUN_I = LazyPattern(r"I(?:['\u2019]\p{Ll}+)?(?!\p{L})")
SENTENCE_STARTS = LazyPattern(r"(?<=[\p{L}\p{N}][.!?])\s+(\p{L})")


def _written_in_lower_case(text: str, start: int, end: int) -> bool:
    """Every sentence starts in lower case, the first too, and there are several: the writer
    types without capitals (`is that okay? lets assume it is. my name is harrison`)."""
    first = PARA_START.match(text, start, end)
    if first is None or not first.group(1)[0].islower():
        return False
    starts = [
        m.group(1)
        for m in SENTENCE_STARTS.finditer(text, start, end)
        if not PRONOUN_I.match(text, m.start(1))  # "I want to know": capital whoever types
    ]
    return len(starts) >= 2 and not any(c.isupper() for c in starts)


def _list_number(text: str, dot: int) -> bool:
    """The dot follows a list item's number, alone at the start of its line: "1. ou -> 18"."""
    number = text[text.rfind("\n", 0, dot) + 1 : dot].strip(" \t")
    return 0 < len(number) <= 3 and number.isdigit()


def _dotted(text: str, dot: int) -> bool:
    """The dot ends an acronym written with stops: M.A.S.K."""
    if dot >= 2 and text[dot - 2] == ".":
        return True
    m = SHORT_CAPS_END.search(text, max(0, dot - 6), dot)
    return bool(m)


def _ellipsis_before(text: str, at: int, floor: int) -> bool:
    return text[floor:at].lstrip().startswith(("...", "\u2026"))


_ONE_WORD = LazyPattern(r"(?:['\u2019]\p{L}+)?\.(?:\s|$)")
TITLES = frozenset("mr mrs ms dr prof sir st gen sen rep gov lt col capt sgt rev".split())


def _one_word_sentence(text: str, end: int, word: str) -> bool:
    """'on. it.': a one-word sentence, lower case by design (not 'dr.', an abbreviation)."""
    return word not in TITLES and bool(_ONE_WORD.match(text, end))


SHORT_CAPS_END = LazyPattern(r"(?<!\p{L})\p{Lu}{2,4}$")  # ID. models
SHORT_WORD_END = LazyPattern(r"(?<!\p{L})(\p{Ll}{1,4})$")


def _short_unknown(text: str, dot: int) -> bool:
    """A short lower-case word before the dot that is not a word: an abbreviation (sq. ft.)."""
    m = SHORT_WORD_END.search(text[max(0, dot - 6) : dot])
    return bool(m) and not ordinary(m.group(1))
