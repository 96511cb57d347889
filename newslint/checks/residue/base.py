"""What every NL7xx rule shares."""

from __future__ import annotations

from newslint.document import Document
from newslint.rule import Rule


class ResidueRule(Rule):
    family = "residue"


def in_inline_code(doc: Document, offset: int) -> bool:
    """Whether ``offset`` lies in protected text with a backtick before it: inline code."""
    return doc.is_protected(offset) and "`" in doc.text[max(0, offset - 200) : offset]
