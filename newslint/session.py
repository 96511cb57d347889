"""One run of ``newslint check``: configuration + arguments -> settings, files, results."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Optional

from newslint import discover, engine, examples, sources
from newslint.config import (
    ConfigError,
    FileConfig,
    find_config,
    known_text_codec,
    load_config,
    parse_size,
    resolve_paths,
    split_csv,
    validate_rule_options,
)
from newslint.engine import corpus, fixes
from newslint.engine.cache import CorpusRun
from newslint.formats import FORMATS
from newslint.registry import build_registry
from newslint.sources import codec, urls


def existing_files(paths: list, where: str) -> list:
    """``dictionary-files``: each must be a readable file (a missing word list would leave its
    words flagged as misspellings, silently)."""
    for p in paths:
        if not os.path.isfile(p):
            raise ConfigError(f"{where}: key 'dictionary-files': {p}: no such file")
    return paths


def _flat(values) -> list:
    return [v for group in (values or []) for v in group]


class Session:
    def __init__(
        self,
        settings: engine.Settings,
        registry,
        found: discover.Found,
        stdin: Optional[str],
        jobs: int,
        fmt: str,
        show_source: bool,
    ):
        self.settings = settings
        self.registry = registry
        self.linter = engine.Linter(settings, registry)
        self.found = found
        self.stdin = stdin  # the display name of stdin, when reading it
        self.files = found.files
        self.jobs = jobs
        self.format = fmt
        self.show_source = show_source
        self._stdin_text: Optional[str] = None
        self._stdin_data = b""
        self._line_cache: dict = {}
        self.include: tuple = ()  # the include globs, for the warning when nothing matched
        self._fs: Optional[dict] = None  # display name -> file system path
        self.paths: list = []  # the paths named (files and folders)
        self.discovery = discover.Discovery()  # the corpus's files: the run's include/exclude
        self.corpus: Optional[corpus.Corpus] = None  # every corpus file's summaries (engine.cache)
        self.index_messages: tuple = ([], [])  # the corpus index's (warnings, --verbose notes)

    @classmethod
    def from_args(cls, args) -> Session:
        cfg = FileConfig()
        if not args.isolated:
            path = Path(args.config) if args.config else find_config()
            if path:
                cfg = load_config(path)
        elif args.config:
            raise ConfigError("--config and --isolated cannot be used together")
        root = cfg.root
        rule_paths = resolve_paths(cfg.get("rule-paths", []), root) + list(args.rule_path or [])
        registry = build_registry(
            rule_paths, plugins=not args.no_plugins and cfg.get("plugins", True)
        )
        examples.check_user_packs(registry)

        def codes(selectors, where):
            for s in selectors:
                try:
                    registry.resolve(s)
                except KeyError:
                    raise ConfigError(f"{where}: unknown rule code or name {s!r}") from None
            return selectors

        cfg_where = str(cfg.path) if cfg.path else "configuration"
        if args.select and not _flat(args.select):
            raise ConfigError("--select '' selects no rule: name codes, prefixes or ALL")
        select = (
            codes(_flat(args.select), "--select")
            if args.select
            else (codes(cfg.get("select"), cfg_where) if cfg.get("select") is not None else None)
        )
        extend_select = codes(cfg.get("extend-select", []), cfg_where) + codes(
            _flat(args.extend_select), "--extend-select"
        )
        # --ignore on the command line replaces the file's ignore list, as in ruff
        ignore = (
            ([] if args.ignore else codes(cfg.get("ignore", []), cfg_where))
            + codes(cfg.get("extend-ignore", []), cfg_where)
            + codes(_flat(args.ignore), "--ignore")
            + codes(_flat(args.extend_ignore), "--extend-ignore")
        )
        selected = registry.select(select, extend_select, ignore)

        pfi = []
        for glob, cs in (cfg.get("per-file-ignores") or {}).items():
            pfi.append(
                (glob, frozenset(c for s in codes(cs, cfg_where) for c in registry.resolve(s)))
            )
        for item in args.per_file_ignores or []:
            if ":" not in item:
                raise ConfigError(f"--per-file-ignores {item!r}: expected GLOB:CODES")
            glob, cs = item.rsplit(":", 1)
            pfi.append(
                (
                    glob,
                    frozenset(
                        c
                        for s in codes(split_csv(cs), "--per-file-ignores")
                        for c in registry.resolve(s)
                    ),
                )
            )

        encoding = args.encoding or cfg.get("encoding")
        if encoding:
            if not known_text_codec(encoding):
                raise ConfigError(f"unknown encoding {encoding!r}")
        max_size = (
            parse_size(args.max_file_size)
            if args.max_file_size
            else parse_size(cfg.get("max-file-size", sources.DEFAULT_MAX_FILE_SIZE))
        )
        if max_size is None or max_size <= 0:
            raise ConfigError(
                f"--max-file-size {args.max_file_size!r}: expected a size such as 50MB"
            )
        id_field = cfg.get("record-id-field", ["id", "url"])
        source_field = cfg.get("source-field", [])
        pri = tuple(
            (glob, frozenset(c for s in codes(cs, cfg_where) for c in registry.resolve(s)))
            for glob, cs in (cfg.get("per-record-ignores") or {}).items()
        )
        source = sources.SourceOptions(
            encoding=encoding,
            max_file_size=max_size,
            text_fields=tuple(cfg.get("text-fields", sources.SourceOptions.text_fields)),
            record_id_field=tuple([id_field] if isinstance(id_field, str) else id_field),
            source_field=tuple([source_field] if isinstance(source_field, str) else source_field),
            verbose=args.verbose,
            stdin_format=args.stdin_format,
            per_record_ignores=pri,
        )
        fix = ("unsafe" if args.unsafe_fixes else "safe") if (args.fix or args.diff) else None
        paths = args.paths or ["."]
        if fix and not args.diff:
            urls.refuse_fix(paths)  # s3://, memory://: exit 2
        settings = engine.Settings(
            select=tuple(selected),
            rule_settings=validate_rule_options(cfg.get("rules", {}), registry, cfg.path),
            rule_paths=tuple(rule_paths),
            plugins=not args.no_plugins and cfg.get("plugins", True),
            source=source,
            per_file_ignores=tuple(pfi),
            root=str(root),
            fix=fix,
            diff=args.diff,
            # fixes are written only under the paths given, links resolved (a link in the tree
            # may lead anywhere)
            fix_roots=tuple(os.path.realpath(urls.local_path(p) or p) for p in paths if p != "-")
            if fix
            else (),
            # the readers' notes are always collected: a file none of whose records has text
            # is a warning; each record skipped is a note the reader gives with --verbose only
            verbose=True,
            extra={
                "words": list(cfg.get("words", [])),
                "dictionary-files": existing_files(
                    resolve_paths(cfg.get("dictionary-files", []), root), cfg_where
                ),
                "corpus-root": cfg.get("corpus-root"),
                "cache": cfg.get("cache", True) and not args.no_cache,
                # --diff and stdin runs write nothing: they read the corpus index, never write it
                "index-writable": not args.diff and "-" not in (args.paths or []),
            },
        )
        include = tuple(_flat(args.include) or cfg.get("include") or discover.DEFAULT_INCLUDE)
        include += tuple(cfg.get("extend-include", []) + _flat(args.extend_include))
        exclude = tuple(_flat(args.exclude) or cfg.get("exclude") or discover.DEFAULT_EXCLUDE)
        exclude += tuple(cfg.get("extend-exclude", []) + _flat(args.extend_exclude))
        respect = (
            args.respect_gitignore
            if args.respect_gitignore is not None
            else cfg.get("respect-gitignore", True)
        )
        force = (
            args.force_exclude
            if args.force_exclude is not None
            else cfg.get("force-exclude", False)
        )
        d = discover.Discovery(include, exclude, respect, force, str(root))

        stdin = None
        if "-" in paths:
            if len(paths) > 1:
                raise ConfigError("'-' (stdin) cannot be combined with other paths")
            stdin = args.stdin_filename or "-"
            found = discover.Found()
        else:
            found = discover.collect(paths, d)
            if args.stdin_filename:
                raise ConfigError("--stdin-filename needs '-' among the paths")
            if args.stdin_format:
                raise ConfigError("--stdin-format needs '-' among the paths")
        if args.diff and stdin:
            raise ConfigError("--diff cannot be used with stdin")
        jobs = args.jobs or cfg.get("jobs") or os.cpu_count() or 1
        fmt = args.format or cfg.get("format", "default")
        if fmt not in FORMATS:
            raise ConfigError(f"{cfg_where}: key 'format': unknown format {fmt!r}")
        # the HTML report's rates need each document's words: counted while it is read
        settings.document_stats = fmt == "html"
        # where files are linted: a scheduler address alone (option or configuration) means Dask
        address = args.scheduler or cfg.get("scheduler")
        settings.executor = args.executor or cfg.get("executor") or ("dask" if address else "local")
        if args.scheduler and settings.executor != "dask":
            raise ConfigError("--scheduler needs --executor dask")
        settings.scheduler = address if settings.executor == "dask" else None
        show = args.show_source if args.show_source is not None else cfg.get("show-source", False)
        session = cls(settings, registry, found, stdin, jobs, fmt, show)
        session.include = include
        session.discovery = d
        session.paths = paths
        return session

    # --- running --------------------------------------------------------------------------
    def run(self, progress=None) -> list:
        if self.settings.fix and not self.settings.diff:  # a fix killed by SIGKILL left them
            fixes.remove_stale_temporaries(self._directories())
        named = [d for _, d in self.files]
        folders = any(os.path.isdir(p) for p in self.paths)
        # the corpus index is of local folders: a run naming URLs lints the files named alone
        remote = any(urls.is_url(p) for p in self.paths)
        plan = CorpusRun.open(self.linter, named, folders) if named and not remote else None
        if plan is None:
            results = engine.run(self.linter, self.files, self.jobs, progress)
        else:
            walked = tuple(p for p in self.paths if os.path.isdir(p))
            results, self.corpus = plan.lint(
                self.files, self.discovery, engine.run, self.jobs, progress, walked=walked
            )
            self.index_messages = plan.messages()
        for display, message in self.found.problems:
            results.append(self.problem(display, "NL003", message))
        return results

    def _directories(self) -> list:
        return sorted({os.path.dirname(f) or "." for f, _ in self.files})

    def remove_temporaries(self) -> None:
        """After a --fix stopped by a signal: the temporary files of this process, and those
        its workers (stopped now) leave."""
        fixes.remove_temporaries()
        fixes.remove_stale_temporaries(self._directories(), again=True)

    def lint_stdin(self, data: bytes) -> engine.FileResult:
        self._stdin_data = data
        self._stdin_text = codec.decode(data, self.settings.source.encoding).text
        result = self.linter.lint_file(self.stdin, self.stdin, data=data)
        plan = CorpusRun.open(self.linter, ["-"], folders=False)
        if plan is not None and plan.complete:
            _, self.corpus = plan.lint([], self.discovery, engine.run, self.jobs, stdin=self.stdin)
            self.corpus.entries.append((self.stdin, result.summaries))
            self.index_messages = plan.messages()
        return result

    def stdin_bytes(self, fixed: Optional[str]) -> bytes:
        """The fixed stdin text in the input's own encoding and BOM; the input unchanged when
        it was not fixed or could not be decoded faithfully."""
        data = self._stdin_data
        if codec.is_binary(data):  # skipped unread: its "fixed" text is empty, not the input
            return data
        text, encoding, bom, problem = codec.decode(data, self.settings.source.encoding)
        if fixed is None or problem is not None or fixed == text:
            return data
        return codec.encode(fixed, encoding, bom)

    def problem(self, display: str, code: str, message: str) -> engine.FileResult:
        res = engine.FileResult(display)
        if self.linter.active(code, self.linter.ignored_for(display)):
            res.reports.append(self.registry.rules[code].report(display, (1, 1), message))
        return res

    def finish(self, results: list) -> list:
        reports = self.linter.finish(results, self.corpus)
        warnings, notes = self.index_messages
        for message in warnings + (notes if self.settings.source.verbose else []):
            print(
                f"newslint: {'warning' if message in warnings else 'note'}: {message}",
                file=sys.stderr,
            )
        unknown = self._unknown_codes(results)
        return sorted(reports + unknown, key=lambda r: r.sort_key) if unknown else reports

    def _unknown_codes(self, results: list) -> list:
        """NL007 for a directive naming a code no rule has (``disable-next-line NL999``): it
        would suppress nothing, silently."""
        rule = self.registry.rules.get("NL007")
        known = self.registry.rules
        out = []
        for res in results:
            sups = res.suppressions
            if not sups or not self.linter.active("NL007", self.linter.ignored_for(res.path)):
                continue
            for d in sups.directives:
                for code in d.codes or ():
                    if not any(k.startswith(code) for k in known):
                        message = f"unknown rule code {code!r} in newslint directive"
                        where, end = (d.line, d.column), (d.end_line, d.end_column)
                        out.append(rule.report(res.path, where, message, end))
        return out

    def warnings(self, results: list) -> list:
        """What the run did not check and how to have it checked: files left out by the
        include globs, a run that linted no file (never a silent pass)."""
        out = []
        for suffix, n in sorted(self.found.not_included.items()):
            out.append(
                f"{n} {suffix} file{'s' if n != 1 else ''} not linted: "
                f"add --extend-include '*{suffix}'"
            )
        if not self.stdin and not self.files:
            types = " ".join(self.include)
            out.append(f"no files linted: none matched the include globs ({types})")
        return out

    def text_of(self, path: str) -> str:
        """The decoded text of a linted file (or stdin), read now and not kept."""
        if self.stdin and path == self.stdin:
            return self._stdin_text or ""
        fs_path = self._fs_paths().get(path, path)
        return self._source_text(fs_path)

    def _fs_paths(self) -> dict:
        if self._fs is None:
            self._fs = {d: f for f, d in self.files}
        return self._fs

    def line_source(self, path: str, line: int) -> Optional[str]:
        if path not in self._line_cache:
            if self.stdin and path == self.stdin:
                text = self._stdin_text or ""
            else:
                fs_path = self._fs_paths().get(path, path)
                text = self._source_text(fs_path)
            self._line_cache[path] = re.split(r"\r\n|\r|\n", text)
        lines = self._line_cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else None

    def _source_text(self, fs_path: str) -> str:
        """A file's decoded text for --show-source; "" for what is not a regular file (a
        FIFO with no writer blocks forever, /dev/zero never ends) or cannot be read."""
        if not os.path.isfile(fs_path):
            return ""
        try:
            with open(fs_path, "rb") as fh:
                return codec.decode(fh.read(), self.settings.source.encoding).text
        except OSError:
            return ""
