"""What a run prints once its files are linted: the reports in the chosen format, the diff,
the statistics, the closing summary and the warnings of what was not checked; and the
progress line while it runs.  The command line (``cli.py``) parses and decides; this writes."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
import unicodedata
from collections import Counter

from newslint.formats import FORMATS
from newslint.sources import codec

EXIT_CLEAN, EXIT_REPORTS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> int:
    print(f"newslint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


# --- one report a line: messages shown escaped ------------------------------------------------


def _invisible(c: str) -> bool:
    """A character a terminal would not show as itself: controls (a newline would split the
    report), format characters (zero-width space, direction marks), separators other than
    the space, surrogates, private use and unassigned code points."""
    if c == " ":
        return False
    cat = unicodedata.category(c)
    return cat[0] == "C" or cat in ("Zl", "Zp", "Zs")


def escape_text(text: str) -> str:
    """``text`` with its invisible characters written as escapes: '\\x92', '\\u200b'."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if _invisible(c) else c for c in text)


def escaped(reports: list) -> list:
    """The reports with their messages escaped (one report a line, whatever a rule quoted)."""
    out = []
    for r in reports:
        message = escape_text(r.message)
        out.append(r if message == r.message else dataclasses.replace(r, message=message))
    return out


# --- counts -----------------------------------------------------------------------------------


def fixable_counts(reports: list) -> tuple:
    """(safe fixes, unsafe fixes) among the reports."""
    safe = sum(1 for r in reports if r.fix_safety == "safe" and r.edits)
    unsafe = sum(1 for r in reports if r.fix_safety == "unsafe" and r.edits)
    return safe, unsafe


def statistics(reports, registry, unsafe_fixes: bool = False) -> str:
    """One line per code, most frequent first: count, code, fixable marker, name (as ruff)."""
    counts = Counter(r.code for r in reports)
    fixable = {r.code for r in reports if r.edits and _applicable(r, unsafe_fixes)}
    lines = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = registry.rules.get(code)
        mark = "[*]" if code in fixable else "   "
        lines.append(f"{n:>6}  {code}  {mark} {rule.name if rule else ''}".rstrip() + "\n")
    return "".join(lines)


def _applicable(r, unsafe_fixes: bool) -> bool:
    return r.fix_safety == "safe" or (unsafe_fixes and r.fix_safety == "unsafe")


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def size(n: int) -> str:
    """Bytes for people: '870 B', '12.3 kB', '5.0 MB'."""
    if n < 1000:
        return f"{n} B"
    return f"{n / 1e3:.1f} kB" if n < 1_000_000 else f"{n / 1e6:,.1f} MB"


def summary_data(results: list, reports: list, n_files: int) -> dict:
    safe, unsafe = fixable_counts(reports)
    return {
        "reports": len(reports),
        "files_with_reports": len({r.path for r in reports}),
        "files": n_files,
        "bytes": sum(r.size for r in results),
        "fixable": safe,
        "unsafe_fixable": unsafe,
    }


def summary_line(data: dict, unsafe_fixes: bool = False) -> str:
    """'Found 712 reports in 430 files (2,225 files, 5.0 MB checked). 95 fixable with --fix
    (41 more with --unsafe-fixes).'"""
    checked = f"({_plural(data['files'], 'file')}, {size(data['bytes'])} checked)"
    if not data["reports"]:
        return f"No reports {checked}.\n"
    line = (
        f"Found {_plural(data['reports'], 'report')} in "
        f"{_plural(data['files_with_reports'], 'file')} {checked}."
    )
    safe, unsafe = data["fixable"], data["unsafe_fixable"]
    if unsafe_fixes and (safe or unsafe):
        line += f" {safe + unsafe:,} fixable with --fix --unsafe-fixes."
    elif safe or unsafe:
        line += f" {safe:,} fixable with --fix"
        line += f" ({unsafe:,} more with --unsafe-fixes)." if unsafe else "."
    return line + "\n"


# --- the report ---------------------------------------------------------------------------


def emit(session, args, results, reports, errors, baseline_note=None) -> int:
    fmt = FORMATS[session.format]
    stream = None
    try:
        # surrogateescape: a file name that is not valid UTF-8 is written back as its own
        # bytes, as on stdout, instead of failing the whole report
        stream = (
            open(args.output_file, "w", encoding="utf-8", errors="surrogateescape")
            if args.output_file
            else sys.stdout
        )
    except OSError as exc:
        return fail(f"cannot write {args.output_file}: {exc.strerror or exc}")
    try:
        if session.stdin and args.fix:
            sys.stdout.flush()
            try:
                fixed = session.stdin_bytes(results[0].output)  # its own encoding and BOM
            except UnicodeEncodeError as exc:
                # a pipeline writes stdout back over its file: echo the input, never nothing
                fixed = session.stdin_bytes(None)
                results[0].fixed = 0
                errors.append(f"-: {codec.unencodable_message(exc)}")
                print(f"newslint: error: {errors[-1]}", file=sys.stderr)
            sys.stdout.buffer.write(fixed)
            sys.stdout.buffer.flush()
            stream = sys.stderr if not args.output_file else stream
        if args.diff:
            return _emit_diff(stream, args, results, errors)
        reports = escaped(reports)
        data = summary_data(results, reports, len(session.files) or len(results))
        # --statistics prints the counts instead of the reports (as ruff), in formats for people
        text = (
            ""
            if args.statistics and not fmt.machine
            else fmt.write(
                reports,
                line_source=session.line_source,
                show_source=session.show_source,
                registry=session.registry,
                show_fixes=show_fixes(args),
                unsafe_fixes=bool(args.unsafe_fixes),
                summary=data,
                results=results,
                session=session,
            )
        )
        stream.write(text)
        # after a machine-readable document the summaries go to stderr, keeping the output parseable
        summary = sys.stderr if fmt.machine else stream
        if args.statistics:
            summary.write(statistics(reports, session.registry, bool(args.unsafe_fixes)))
        if args.count:
            summary.write(f"{len(reports)}\n")
        fixed = sum(r.fixed for r in results)
        left = _not_fixed(results)  # what --fix did not write counts too, never as fixed
        if (fixed or left) and not args.quiet:
            files = sum(1 for r in results if r.fixed)
            print(
                f"newslint: fixed {_plural(fixed, 'report')} in {_plural(files, 'file')}; "
                f"{len(reports)} remaining{left}",
                file=sys.stderr,
            )
        stream.flush()  # a full disk fails here, inside the try, not silently at close
        if baseline_note and not args.quiet:
            sys.stderr.write(baseline_note)
        if show_summary(args, fmt.machine) and not (fixed or left):  # --fix said its own
            sys.stderr.write(summary_line(data, bool(args.unsafe_fixes)))
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk or a device that refuses: say so, never a traceback
        return fail(f"cannot write {args.output_file or 'the output'}: {exc.strerror or exc}")
    finally:
        if args.output_file and stream not in (None, sys.stdout, sys.stderr):
            try:
                stream.close()
            except OSError:  # the buffered tail of a full disk: reported above
                pass
    if errors:
        return EXIT_ERROR
    return EXIT_REPORTS if reports and not args.exit_zero else EXIT_CLEAN


def _emit_diff(stream, args, results, errors) -> int:
    diffs = "".join(r.diff for r in results)
    _write_diff(stream, diffs)
    left = _not_fixed(results)
    for r in results:  # the reports are not printed: say which files are left
        if r.not_fixed and not args.quiet:
            print(f"newslint: {r.path}: {r.not_fixed}", file=sys.stderr)
    if not args.quiet and (diffs or left):
        n = sum(r.fixed for r in results)
        print(
            f"newslint: {_plural(n, 'fix', 'fixes')} would be applied (--diff wrote nothing){left}",
            file=sys.stderr,
        )
    if errors:
        return EXIT_ERROR
    return EXIT_REPORTS if diffs and not args.exit_zero else EXIT_CLEAN


def _is_terminal(stream) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def show_fixes(args) -> bool:
    """The [*] marker on fixable reports (as ruff): on unless --no-show-fixes; only the
    formats for people show it."""
    return args.show_fixes is not False


def show_summary(args, machine: bool = False) -> bool:
    """The closing summary on stderr (as ruff): with --summary, or by default after the formats
    for people (a machine format carries it as metadata where it has a place); never with -q."""
    if args.quiet:
        return False
    if args.summary is not None:
        return args.summary
    return not machine


def _not_fixed(results) -> str:
    """The summary's word on fixes not written (NL008): "; 1 file not fixed", or ""."""
    files = sum(1 for r in results if r.not_fixed)
    fixes = sum(r.unwritten for r in results)
    out = ""
    if files:
        out += f"; {_plural(files, 'file')} not fixed (NL008)"
    if fixes:
        out += f"; {_plural(fixes, 'fix', 'fixes')} not written (NL008)"
    return out


def _write_diff(stream, diffs: str) -> None:
    """The diff as the bytes it stands for (a Latin-1 or UTF-16 file's lines are carried as
    surrogate escapes): what ``patch`` applies, whatever the terminal's encoding."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None or not diffs:
        stream.write(diffs)
        return
    stream.flush()
    buffer.write(diffs.encode("utf-8", "surrogateescape"))
    buffer.flush()


def print_notes(result, verbose: bool) -> None:
    """A file's warnings (a JSON file none of whose records has text ...), always; its notes
    (each record skipped ...) with --verbose."""
    for note in result.notes:
        if " warning: " in note or note.startswith("warning: "):
            print(f"newslint: {note}", file=sys.stderr)
        elif verbose:
            print(f"newslint: note: {note}", file=sys.stderr)


# --- progress -------------------------------------------------------------------------------

PROGRESS_MIN_FILES, PROGRESS_MIN_BYTES = 20, 5_000_000


def show_progress(args, files: list) -> bool:
    if args.quiet or os.environ.get("CI") or not _is_terminal(sys.stderr):
        return False
    if len(files) >= PROGRESS_MIN_FILES:
        return True
    return total_bytes(files) >= PROGRESS_MIN_BYTES  # one large file: progress by bytes


def total_bytes(files: list) -> int:
    total = 0
    for fs_path, _ in files:
        try:
            total += os.path.getsize(fs_path)
        except OSError:
            pass
    return total


class Progress:
    """Files and MB done, rate and time left, redrawn on stderr at most 5 times a second;
    for a few large files, the bytes read so far (``tick``) give the time left."""

    def __init__(self, files: list):
        self.total, self.done_files, self.bytes = len(files), 0, 0
        self.total_bytes = total_bytes(files) if len(files) < PROGRESS_MIN_FILES else 0
        self.reading = 0  # bytes of the file being read (ticks from the reader)
        self.start = self.last = time.monotonic()

    def update(self, result) -> None:
        self.done_files += 1
        self.bytes += result.size
        self.reading = 0
        self._draw(self.done_files >= self.total)

    def tick(self, nbytes: int) -> None:
        self.reading = nbytes
        self._draw(False)

    def _draw(self, last: bool) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and not last:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        done = self.bytes + self.reading
        if self.total_bytes:
            left = (self.total_bytes - done) / (done / elapsed) if done else 0
            head = f"{done / 1e6:.1f}/{self.total_bytes / 1e6:.1f} MB"
        else:
            rate = self.done_files / elapsed
            left = (self.total - self.done_files) / rate if rate else 0
            head = f"{self.done_files}/{self.total} files, {done / 1e6:.1f} MB"
        sys.stderr.write(
            f"\r{head}, {done / 1e6 / elapsed:.1f} MB/s, {max(left, 0):.0f}s left \x1b[K"
        )
        sys.stderr.flush()

    def done(self, say: bool = True) -> None:
        """The line cleared; with ``say`` (no closing summary to come), what was read."""
        elapsed = time.monotonic() - self.start
        sys.stderr.write("\r\x1b[K")
        if say:
            sys.stderr.write(
                f"newslint: checked {_plural(self.done_files, 'file')}, "
                f"{size(self.bytes)} in {elapsed:.1f}s\n"
            )
        sys.stderr.flush()
