"""Plain text: one Document per file."""

from __future__ import annotations

from newslint.sources.base import Reader, text_document


class TextReader(Reader):
    kind = "text"
    suffixes = (".txt", ".text")

    def parse(self, raw: str, display: str, options) -> list:
        return [text_document(raw, display)]


READERS = (TextReader(),)
