"""Command line: arguments -> settings -> run -> report -> exit code."""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import time
from pathlib import Path
from typing import Optional

from newslint import __version__
from newslint.config import split_csv

EXIT_CLEAN, EXIT_REPORTS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class Terminated(BaseException):
    """SIGTERM or SIGHUP during --fix: unwinds the run (dropping the temporary file being
    written, stopping the workers) before the process ends of the signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr and exit 2, like every other usage error
        raise UsageError(message)


class ShowHelp(argparse.Action):
    """-h: print the help, some of it written only now: --format's choices include those of
    installed plugins, which a run never pays to look up."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **_):
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show this help message and exit",  # argparse's own words
        )
        self.late: list = []  # (action, function giving its help text)

    def __call__(self, parser, namespace, values, option_string=None):
        for action, help_text in self.late:
            action.help = help_text()
        parser.print_help()
        parser.exit()


def _format_help(plugins: bool) -> str:
    from newslint.formats import FORMATS

    return f"output format: {FORMATS.described(plugins)}"


def check_parser() -> Parser:
    p = Parser(
        prog="newslint", description="Lint scraped news text.", allow_abbrev=False, add_help=False
    )
    show_help = p.add_argument("-h", "--help", action=ShowHelp)
    p.add_argument("paths", nargs="*", help="files or directories ('-' reads stdin); default: .")
    p.add_argument("--version", action="version", version=f"newslint {__version__}")
    sel = p.add_argument_group("rule selection")
    for flag in ("select", "extend-select", "ignore", "extend-ignore"):
        sel.add_argument(
            f"--{flag}",
            action="append",
            type=split_csv,
            metavar="CODES",
            help="codes, prefixes or rule names, comma-separated",
        )
    sel.add_argument(
        "--per-file-ignores",
        action="append",
        type=str,
        metavar="GLOB:CODES",
        help="ignore codes in files matching a glob",
    )
    files = p.add_argument_group("files")
    for flag in ("include", "extend-include", "exclude", "extend-exclude"):
        files.add_argument(f"--{flag}", action="append", type=split_csv, metavar="GLOBS")
    files.add_argument(
        "--respect-gitignore", dest="respect_gitignore", action="store_true", default=None
    )
    files.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false")
    files.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply excludes to files named on the command line too",
    )
    files.add_argument(
        "--stdin-filename", metavar="PATH", help="the name of the text read from '-'"
    )
    files.add_argument("--encoding", help="decode input files with this encoding (default UTF-8)")
    files.add_argument("--max-file-size", help="skip (and report) larger files, e.g. 50MB")
    out = p.add_argument_group("output")
    fmt = out.add_argument(
        "--format", "--output-format", dest="format", help=_format_help(plugins=False)
    )
    show_help.late.append((fmt, lambda: _format_help(plugins=True)))
    out.add_argument("--show-source", dest="show_source", action="store_true", default=None)
    out.add_argument("--no-show-source", dest="show_source", action="store_false")
    out.add_argument("--statistics", action="store_true", help="count the reports per code")
    out.add_argument("--count", action="store_true", help="print the number of reports")
    out.add_argument(
        "-q", "--quiet", action="store_true", help="print reports only: no progress, no summaries"
    )
    out.add_argument("-v", "--verbose", action="store_true")
    out.add_argument("-o", "--output-file", metavar="PATH")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are reports")
    fix = p.add_argument_group("fixes")
    fix.add_argument("--fix", action="store_true", help="apply safe fixes")
    fix.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    fix.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; write nothing"
    )
    cfg = p.add_argument_group("configuration")
    cfg.add_argument("--config", metavar="PATH")
    cfg.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    cfg.add_argument(
        "--rule-path", action="append", metavar="PATH", help="an extra rule pack file or directory"
    )
    cfg.add_argument(
        "--no-plugins", action="store_true", help="do not load rules from installed plugins"
    )
    cfg.add_argument(
        "--no-cache", action="store_true", help="do not read or write the corpus index"
    )
    cfg.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="parallel processes (default: all cores)"
    )
    return p


def _tolerate_undecodable_names() -> None:
    """A file name that is not valid UTF-8 reaches us with surrogate escapes; print its own
    bytes back rather than fail every report with UnicodeEncodeError (strict is the default
    outside the C locale)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="surrogateescape")


def main(argv: Optional[list] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerate_undecodable_names()
    try:
        if argv[:1] == ["rules"]:
            return cmd_rules(argv[1:])
        if argv[:1] == ["rule"]:
            return cmd_rule(argv[1:])
        if argv[:1] == ["check-rules"]:
            return cmd_check_rules(argv[1:])
        if argv[:1] == ["check"]:
            argv = argv[1:]
        return cmd_check(argv)
    except UsageError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:  # end of the signal, as if it had not been caught
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        return 128 + exc.signum  # pragma: no cover - the signal ends the process first
    except BrokenPipeError:
        return EXIT_CLEAN
    except (
        Exception
    ) as exc:  # a bug of ours: one line, exit 2 (NEWSLINT_DEBUG=1 shows the traceback)
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        print(f"newslint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _on_signal(signum, frame):
    """During --fix: SIGINT, SIGTERM and SIGHUP unwind the run, which drops the temporary
    file being written and stops the workers (``_clean_up_on_signals``)."""
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def _in_worker() -> None:
    """A worker forked during --fix ends of SIGTERM at once (a Python handler would wait for a
    long regular expression to return) and leaves SIGINT to the parent, which stops it; the
    parent then removes the temporary files the workers leave."""
    if signal.getsignal(signal.SIGTERM) is _on_signal:
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)


_FORK_HOOK: list = []


def _clean_up_on_signals() -> dict:
    """--fix writes temporary files: a SIGINT, SIGTERM or SIGHUP must not leave them.  The
    handlers replaced, to put back when the files are written."""
    previous: dict = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signum = getattr(signal, name)
            try:
                handler = signal.signal(signum, _on_signal)
            except ValueError:  # not the main thread (main() called from a thread): as before
                break
            previous[signum] = signal.SIG_DFL if handler is None else handler
    if hasattr(os, "register_at_fork") and not _FORK_HOOK:
        os.register_at_fork(after_in_child=_in_worker)
        _FORK_HOOK.append(True)
    return previous


def _fail(message: str) -> int:
    print(f"newslint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def cmd_check(argv: list) -> int:
    from newslint.config import ConfigError
    from newslint.formats import FORMATS, FormatError
    from newslint.packs import PackError
    from newslint.registry import RegistryError
    from newslint.session import Session

    try:
        args = check_parser().parse_args(argv)
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be 1 or more")
        if args.format and args.format not in FORMATS:
            raise UsageError(FORMATS.unknown(args.format))
        session = Session.from_args(args)
    except (ConfigError, PackError, RegistryError, FormatError) as exc:
        return _fail(str(exc))
    progress = None
    if session.stdin:
        results = [session.lint_stdin(sys.stdin.buffer.read())]
        print_notes(results[0])
    else:
        if _show_progress(args, len(session.files)):
            progress = Progress(len(session.files))

        def on_result(res):
            print_notes(res)
            if progress:
                progress.update(res)

        fixing = session.settings.fix and not session.settings.diff
        previous = _clean_up_on_signals() if fixing else {}
        try:
            results = session.run(on_result)
        except (KeyboardInterrupt, Terminated):
            if fixing:
                session.remove_temporaries()  # its own and its stopped workers'
            raise
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if progress:
            progress.done()
    reports = session.finish(results)
    errors = [r.error for r in results if r.error]
    for e in errors:
        print(f"newslint: error: {e}", file=sys.stderr)
    return emit(session, args, results, reports, errors)


def emit(session, args, results, reports, errors) -> int:
    from newslint.formats import FORMATS

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
        return _fail(f"cannot write {args.output_file}: {exc.strerror or exc}")
    try:
        if session.stdin and args.fix:
            sys.stdout.flush()
            try:
                fixed = session.stdin_bytes(results[0].output)  # its own encoding and BOM
            except UnicodeEncodeError as exc:
                from newslint.sources import codec

                # a pipeline writes stdout back over its file: echo the input, never nothing
                fixed = session.stdin_bytes(None)
                results[0].fixed = 0
                errors.append(f"-: {codec.unencodable_message(exc)}")
                print(f"newslint: error: {errors[-1]}", file=sys.stderr)
            sys.stdout.buffer.write(fixed)
            sys.stdout.buffer.flush()
            stream = sys.stderr if not args.output_file else stream
        if args.diff:
            diffs = "".join(r.diff for r in results)
            _write_diff(stream, diffs)
            left = _not_fixed(results)
            for r in results:  # the reports are not printed: say which files are left
                if r.not_fixed and not args.quiet:
                    print(f"newslint: {r.path}: {r.not_fixed}", file=sys.stderr)
            if not args.quiet and (diffs or left):
                n = sum(r.fixed for r in results)
                print(
                    f"newslint: {n} fix{'es' if n != 1 else ''} would be applied (--diff wrote nothing){left}",
                    file=sys.stderr,
                )
            return (
                EXIT_ERROR
                if errors
                else (EXIT_REPORTS if diffs and not args.exit_zero else EXIT_CLEAN)
            )
        text = fmt.write(
            reports,
            line_source=session.line_source,
            show_source=session.show_source,
            registry=session.registry,
        )
        stream.write(text)
        # after a machine-readable document the summaries go to stderr, keeping the output parseable
        summary = sys.stderr if fmt.machine else stream
        if args.statistics:
            summary.write(statistics(reports, session.registry))
        if args.count:
            summary.write(f"{len(reports)}\n")
        fixed = sum(r.fixed for r in results)
        left = _not_fixed(results)  # what --fix did not write counts too, never as fixed
        if (fixed or left) and not args.quiet:
            files = sum(1 for r in results if r.fixed)
            print(
                f"newslint: fixed {fixed} report{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''}; {len(reports)} remaining{left}",
                file=sys.stderr,
            )
        stream.flush()  # a full disk fails here, inside the try, not silently at close
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk or a device that refuses: say so, never a traceback
        return _fail(f"cannot write {args.output_file or 'the output'}: {exc.strerror or exc}")
    finally:
        if args.output_file and stream not in (None, sys.stdout, sys.stderr):
            try:
                stream.close()
            except OSError:  # the buffered tail of a full disk: reported above
                pass
    if errors:
        return EXIT_ERROR
    return EXIT_REPORTS if reports and not args.exit_zero else EXIT_CLEAN


def _not_fixed(results) -> str:
    """The summary's word on fixes not written (NL008): "; 1 file not fixed", or ""."""
    files = sum(1 for r in results if r.not_fixed)
    fixes = sum(r.unwritten for r in results)
    out = ""
    if files:
        out += f"; {files} file{'s' if files != 1 else ''} not fixed (NL008)"
    if fixes:
        out += f"; {fixes} fix{'es' if fixes != 1 else ''} not written (NL008)"
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


def print_notes(result) -> None:
    """--verbose notes of one file (records skipped for having no text fields ...)."""
    for note in result.notes:
        print(f"newslint: note: {note}", file=sys.stderr)


def statistics(reports, registry) -> str:
    from collections import Counter

    counts = Counter(r.code for r in reports)
    lines = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = registry.rules.get(code)
        lines.append(f"{n:<6} {code} {rule.name if rule else ''}\n")
    return "".join(lines)


def _show_progress(args, n_files: int) -> bool:
    return (
        n_files >= 20
        and not args.quiet
        and not os.environ.get("CI")
        and hasattr(sys.stderr, "isatty")
        and sys.stderr.isatty()
    )


class Progress:
    """Files and MB done, rate and time left, redrawn on stderr at most 5 times a second."""

    def __init__(self, total: int):
        self.total, self.done_files, self.bytes = total, 0, 0
        self.start = self.last = time.monotonic()

    def update(self, result) -> None:
        self.done_files += 1
        self.bytes += result.size
        now = time.monotonic()
        if now - self.last < 0.2 and self.done_files < self.total:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = self.done_files / elapsed
        left = (self.total - self.done_files) / rate if rate else 0
        sys.stderr.write(
            f"\r{self.done_files}/{self.total} files, {self.bytes / 1e6:.1f} MB, "
            f"{self.bytes / 1e6 / elapsed:.1f} MB/s, {left:.0f}s left \x1b[K"
        )
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def cmd_rules(argv: list) -> int:
    from newslint import docs

    p = _registry_parser("newslint rules", "List every rule.")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    args = p.parse_args(argv)
    registry = _registry_for(args)
    if isinstance(registry, int):
        return registry
    sys.stdout.write(docs.rules_listing(registry, args.format))
    return EXIT_CLEAN


def cmd_rule(argv: list) -> int:
    from newslint import docs

    p = _registry_parser("newslint rule", "Explain one rule.")
    p.add_argument("rule", help="a code (NL301) or a name (missing-space-after-sentence)")
    args = p.parse_args(argv)
    registry = _registry_for(args)
    if isinstance(registry, int):
        return registry
    rule = registry.get(args.rule)
    if rule is None:
        return _fail(f"no rule named {args.rule!r} (see 'newslint rules')")
    sys.stdout.write(docs.explain(rule))
    return EXIT_CLEAN


def cmd_check_rules(argv: list) -> int:
    from newslint import examples

    p = _registry_parser(
        "newslint check-rules",
        "Run every rule's examples: each bad one must be flagged at its marked place (and fixed "
        "as given), each good one left alone. Exit 0 when all pass, 1 naming each that fails.",
    )
    args = p.parse_args(argv)
    registry = _registry_for(args, check_packs=False)
    if isinstance(registry, int):
        return registry
    problems = examples.check_registry(registry)
    for problem in problems:
        print(problem)
    total = sum(len(rule.bad) + len(rule.good) for rule in registry)
    verdict = f"{len(problems)} failed" if problems else "all pass"
    print(f"newslint: {total} examples of {len(registry)} rules: {verdict}", file=sys.stderr)
    return EXIT_REPORTS if problems else EXIT_CLEAN


def _registry_parser(prog: str, description: str) -> Parser:
    """The options every command that lists rules shares: where the rules come from."""
    p = Parser(prog=prog, description=description)
    p.add_argument("--config", metavar="PATH")
    p.add_argument("--isolated", action="store_true")
    p.add_argument("--rule-path", action="append", metavar="PATH")
    p.add_argument("--no-plugins", action="store_true")
    return p


def _registry_for(args, check_packs: bool = True):
    """The registry a command names; a user pack whose examples fail is an error (exit 2)
    unless ``check_packs`` is off (check-rules lists every failure itself)."""
    from newslint import examples
    from newslint.config import ConfigError, find_config, load_config, resolve_paths
    from newslint.packs import PackError
    from newslint.registry import RegistryError, build_registry

    try:
        rule_paths, plugins = list(args.rule_path or []), not args.no_plugins
        if not args.isolated:
            path = Path(args.config) if args.config else find_config()
            if path:
                cfg = load_config(path)
                rule_paths = resolve_paths(cfg.get("rule-paths", []), cfg.root) + rule_paths
                plugins = plugins and cfg.get("plugins", True)  # as a run does
        registry = build_registry(rule_paths, plugins=plugins)
        if check_packs:
            examples.check_user_packs(registry)
        return registry
    except (ConfigError, PackError, RegistryError) as exc:
        return _fail(str(exc))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
