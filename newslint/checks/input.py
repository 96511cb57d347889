"""NL0xx: problems with the input itself, found by the readers and the engine.

These rules carry no ``check``: readers attach Problems to Documents and the engine reports
them (and the suppression reports) when the rule is selected.  Their examples are raw bytes.
"""

from __future__ import annotations

from newslint.rule import Rule


class InputRule(Rule):
    family = "input"
    severity = "error"
    example_kind = "bytes"


class NotUtf8(InputRule):
    """The file is not valid UTF-8 (or not valid in the configured encoding).

    The report sits at the first undecodable byte and names the likely encoding. The rest of
    the file is still linted, decoded with replacement characters that no other rule reports.
    Set `encoding` (or `--encoding`) for legacy corpora.
    """

    code, name = "NL001", "invalid-encoding"
    bad = [(b"Price: \xa3100 a night.\n", (1, 8))]
    good = [b"Price: \xc2\xa3100 a night.\n", b"\xef\xbb\xbfWith a BOM.\n"]


class BinaryFile(InputRule):
    """The file is binary (it contains NUL bytes) and is skipped."""

    code, name = "NL002", "binary-file"
    bad = [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", (1, 1))]
    good = [b"Plain text.\n"]


class UnreadablePath(InputRule):
    """A path given on the command line or found in a directory cannot be read.

    Missing files, permission errors, directory loops and files that disappear during the run
    are reported here; the run goes on and exits with status 1.
    """

    code, name = "NL003", "unreadable-path"


class InvalidRecord(InputRule):
    """A JSON or JSON Lines record is not valid JSON; the rest of the file is still linted.

    The report sits at the line and column where the JSON parser gave up. In a JSON Lines file
    only that line is skipped; in a `.json` file the records read before the error are linted.
    Records that parse but have none of the `text-fields` are skipped silently (`--verbose`
    lists them).
    """

    code, name = "NL004", "invalid-json"
    example_path = "example.jsonl"
    bad = [(b'{"text": "Fine."}\n{"text": "cut off}\n{"text": "Still linted."}\n', (2, 10))]
    good = [b'{"id": 1, "text": "Fine."}\n\n{"url": "https://example.com"}\n']


class FileTooLarge(InputRule):
    """A file is larger than `max-file-size` (default 50 MB) and is reported, not loaded.

    One document (a text or Markdown file, a JSON record) may hold a tenth of that (5 MB; 1 MB
    at least): the rules' analyses of a document cost a hundred times its size and more, and
    no article is that long. Split such a file, or raise `max-file-size`. JSON Lines files are
    read record by record with flat memory, so they are never too large.
    """

    code, name = "NL005", "file-too-large"


class UnusedSuppression(InputRule):
    """A `newslint: disable` comment that suppresses nothing (like ruff's RUF100).

    Stale suppressions hide future defects; remove them. Opinionated: off by default.
    """

    code, name = "NL006", "unused-suppression"
    severity = "warning"
    default_enabled = False


class MalformedDirective(InputRule):
    """A `<!-- newslint: ... -->` comment with an unknown action or rule code.

    A typo in a directive silently suppresses nothing; this makes it visible.
    """

    code, name = "NL007", "malformed-directive"
    severity = "warning"


class FixNotWritten(InputRule):
    """`--fix` left a file, or one fix, unwritten, to keep what the user has.

    The file changed while it was being fixed (a scraper appending, an editor saving): it is
    left as it now is. The file is a link leading outside the paths given on the command line:
    it is not rewritten (name its target to fix it). A fix inserts a character the file's
    encoding cannot hold (`--encoding latin-1` and a curly quote): that fix is left out, the
    others are written. The summary counts these; run `--fix` again, or fix them by hand.
    """

    code, name = "NL008", "fix-not-written"


class PatternTimeout(InputRule):
    """A rule pack's pattern ran out of time (or memory) on a document and was stopped there.

    Every pattern of a pack (patterns, swaps, exceptions, before and after conditions) shares a
    time limit per document: one second, and ten more a megabyte of text. A pattern with
    nested repetition (`(a|a)+$`) can take exponential time on a line that almost matches;
    the rule's reports for that document may be incomplete, and the run goes on. The report
    names the pack and the rule: rewrite the pattern without nested quantifiers.
    """

    code, name = "NL009", "pattern-timeout"
    severity = "warning"
