"""Command line: arguments -> settings -> run -> report -> exit code."""

from __future__ import annotations

import argparse
import atexit
import gc
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
    files.add_argument(
        "--stdin-format",
        choices=("text", "markdown", "json", "jsonl"),
        help="read stdin as this format (default: by --stdin-filename's suffix; JSON Lines "
        "when the first line is a JSON object; else text)",
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
    out.add_argument(
        "--show-fixes",
        dest="show_fixes",
        action="store_true",
        default=None,
        help="mark reports --fix would fix with [*] (the default; --no-show-fixes drops it)",
    )
    out.add_argument("--no-show-fixes", dest="show_fixes", action="store_false")
    out.add_argument(
        "--statistics",
        action="store_true",
        help="print only the number of reports per code, with [*] where --fix fixes them",
    )
    out.add_argument("--count", action="store_true", help="print the number of reports")
    out.add_argument(
        "-q", "--quiet", action="store_true", help="print reports only: no progress, no summaries"
    )
    out.add_argument(
        "--summary",
        dest="summary",
        action="store_true",
        default=None,
        help="end with a line on stderr saying what was checked and what can be fixed (the default, but after machine formats)",
    )
    out.add_argument("--no-summary", dest="summary", action="store_false")
    out.add_argument("-v", "--verbose", action="store_true")
    out.add_argument("-o", "--output-file", metavar="PATH")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are reports")
    base = p.add_argument_group("baseline")
    base.add_argument(
        "--baseline", metavar="FILE", help="report only what FILE (a baseline) does not hold"
    )
    base.add_argument(
        "--write-baseline", metavar="FILE", help="write today's reports to FILE as the baseline"
    )
    base.add_argument(
        "--update-baseline",
        action="store_true",
        help="prune the stale entries of the --baseline file (adds nothing: new reports are "
        "still shown; --write-baseline records them)",
    )
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
    cfg.add_argument(
        "--executor",
        choices=("local", "dask"),
        help="where files are linted: this machine's processes (local, the default) or a Dask "
        "cluster (pip install 'newslint[dask]')",
    )
    cfg.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler to use (tcp://host:8786); without it --executor dask starts a "
        "local cluster of --jobs processes",
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
    if argv is None:  # the program itself, not a caller that goes on after it
        atexit.register(_exit_quickly)
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


def _exit_quickly() -> None:
    """At exit the interpreter looks for cycles among every object, more than once: the word
    lists' two sets of 300,000 words made that about 0.1 s, a fifth of a one-file run. Frozen,
    what is left is freed with the process; atexit handlers and the streams' flush still run."""
    gc.freeze()


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
    from newslint.reporting import fail

    return fail(message)


def cmd_check(argv: list) -> int:
    from newslint import reporting
    from newslint.baseline import BaselineError
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
        if args.update_baseline and not args.baseline:
            raise UsageError("--update-baseline needs --baseline FILE (the file to update)")
        if args.write_baseline and (args.fix or args.diff):
            raise UsageError(
                "--write-baseline records reports: it cannot be used with --fix or --diff"
            )
        session = Session.from_args(args)
    except (ConfigError, PackError, RegistryError, FormatError) as exc:
        return _fail(str(exc))
    if session.stdin:
        results = [session.lint_stdin(sys.stdin.buffer.read())]
        reporting.print_notes(results[0], args.verbose)
    else:
        from newslint.engine.settings import ExecutorError

        try:
            results = _run_files(session, args)
        except ExecutorError as exc:  # a cluster unreachable, or workers that differ
            return _fail(str(exc))
    reports = session.finish(results)
    errors = [r.error for r in results if r.error]
    for e in errors:
        print(f"newslint: error: {e}", file=sys.stderr)
    if not args.quiet:
        for warning in session.warnings(results):
            print(f"newslint: warning: {warning}", file=sys.stderr)
    try:
        reports, note, stale = _baseline(session, args, results, reports)
    except BaselineError as exc:
        return _fail(str(exc))
    if args.write_baseline:
        if not args.quiet:
            sys.stderr.write(note)
        return EXIT_ERROR if errors else EXIT_CLEAN
    code = reporting.emit(session, args, results, reports, errors, note)
    # stale entries fail the run as reports do (PHPStan, ESLint): a baseline only shrinks,
    # and a defect fixed cannot be replaced unseen by a new one of the same text
    return EXIT_REPORTS if code == EXIT_CLEAN and stale and not args.exit_zero else code


def _run_files(session, args) -> list:
    from newslint import reporting, sources

    progress = None
    if reporting.show_progress(args, session.files):
        progress = reporting.Progress(session.files)
        if len(session.files) < 4 or session.jobs == 1:  # read in this process, not workers
            sources.on_bytes_read(progress.tick)  # a few large files: progress by bytes

    def on_result(res):
        reporting.print_notes(res, args.verbose)
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
        sources.on_bytes_read(None)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if progress:
        from newslint.formats import FORMATS

        progress.done(say=not reporting.show_summary(args, FORMATS[session.format].machine))
    return results


def _baseline(session, args, results, reports) -> tuple:
    """(the reports less those of the baseline, what to say of it, whether entries are
    stale); (reports, None, False) without a baseline.  --write-baseline writes today's
    reports as the baseline; --update-baseline prunes the stale entries of --baseline."""
    from newslint import baseline as bl

    if not args.baseline and not args.write_baseline:
        return reports, None, False
    start = time.monotonic()
    target = args.write_baseline
    old = None
    if args.baseline and not target:
        old = bl.load(args.baseline)
    elif target and os.path.isfile(target):
        old = bl.load(target)  # rewritten: the entries of files not linted now stay
    base = (old or bl.Baseline(target)).base
    keys = bl.keys(reports, session.text_of, base)
    checked = frozenset(bl.file_key(r.path, base) for r in results)
    if target:
        entries, total = bl.write(target, bl.recorded(reports, keys, old, checked))
        return (
            [],
            f"newslint: baseline {target}: {entries} entries for {total} reports written\n",
            False,
        )
    applied = bl.apply(old, reports, keys, checked)
    note = ""
    if applied.stale and args.update_baseline:
        entries, total = bl.write(args.baseline, bl.pruned(old, applied.stale))
        n = sum(count for _, count, _ in applied.stale)
        note = (
            f"newslint: baseline {args.baseline}: {n} stale entr{'y' if n == 1 else 'ies'} "
            f"pruned; {entries} entries for {total} reports left\n"
        )
    elif applied.stale:
        note = bl.describe_stale(applied.stale, None if args.verbose else 20)
    if args.verbose:
        note += (
            f"newslint: baseline: {applied.suppressed} reports held by {args.baseline} "
            f"(applied in {time.monotonic() - start:.2f}s)\n"
        )
    return applied.kept, note, bool(applied.stale) and not args.update_baseline


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
