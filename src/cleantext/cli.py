"""The ``cleantext`` command: parse the arguments, build a Cleaner, dispatch to the format runners.

    cleantext [options] INPUT...       clean files, globs, folders or - (stdin)
    cleantext rules list|show|test     inspect and test the rule packs

Output: the clean text on stdout (each non-empty document followed by one newline), or into files
with -o / --output-dir / --in-place. ``--explain`` and ``--diff`` replace the text on stdout with
their report; add -o, --output-dir or --in-place to write the clean text as well.

Exit codes: 0 all clean; 1 some inputs or records could not be cleaned; 2 usage or rule errors;
130 interrupted (143 terminated). Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, BinaryIO

from cleantext import Cleaner
from cleantext.batch import Progress, Summary, WorkerPool, default_jobs
from cleantext.boilerplate import Rule, RuleSet, load_ruleset, run_examples
from cleantext.boilerplate.loader import pack_files
from cleantext.boilerplate.schema import set_fields
from cleantext.errors import CleantextError, InputError, RuleError
from cleantext.io.document import DocOptions, RecordSpec
from cleantext.io.jsonl import clean_jsonl_file
from cleantext.io.output import DATASET_FORMATS, Console, Job, Run, UsageError, plan_jobs
from cleantext.io.parquet import clean_parquet_file
from cleantext.io.paths import expand_inputs
from cleantext.io.text import clean_documents

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
# Records (or files) per task sent to a worker, and at most about this many bytes: big enough to
# make the per-task cost negligible, small enough to spread a 10 MB file over every core.
DEFAULT_CHUNK_RECORDS = 1000
CHUNK_BYTES = 1 << 20


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C so that no partial output file is left behind."""


def _split(values: Sequence[str] | None) -> tuple[str, ...]:
    """Flatten repeatable, comma-separated option values.

    >>> _split(["paywall,login", "ads"])
    ('paywall', 'login', 'ads')
    """
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


# -- argument parsing ---------------------------------------------------------------------------


def _clean_parser() -> argparse.ArgumentParser:
    """The parser of the main job (``cleantext [options] INPUT...``)."""
    p = argparse.ArgumentParser(
        prog="cleantext",
        description="Remove paywall, login, cookie, newsletter, share and ad boilerplate from scraped "
                    "page text and repair its encoding. Subcommand: cleantext rules list|show|test.",
        epilog="--explain/--diff replace the text on stdout; with -o/--output-dir/--in-place the clean "
               "text is written there as well. Explain lines read FILE:LINE: RULE: removed text, and "
               "FILE: normalizer NAME; LINE counts lines of the text the rules saw (for HTML, the "
               "extracted text); a dataset record is named FILE#N (N: JSONL line, Parquet row from 0). "
               "Exit: 0 ok, 1 some inputs/records not cleaned, 2 usage or rule error, 130 interrupted.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, globs, folders (recursive) or - for stdin (default: stdin when piped)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="FILE", help="write the one input's output to FILE (atomically)")
    out.add_argument("--output-dir", metavar="DIR", help="write each output under DIR, mirroring the input tree")
    out.add_argument("--in-place", action="store_true", help="replace each input with its output (atomically)")
    p.add_argument("--url", help="the page's URL: activates site packs (HTML: canonical/og:url by default)")
    p.add_argument("--preset", choices=("default", "ml"), default="default",
                   help="default: readable text; ml: conservative, for training data")
    p.add_argument("--rules", action="append", metavar="PATH", help="extra rule pack file or folder (repeatable)")
    p.add_argument("--select", action="append", metavar="X", help="only these rules: id, pack or tag (comma-separated, repeatable)")
    p.add_argument("--ignore", action="append", metavar="X", help="not these rules: id, pack or tag (comma-separated, repeatable)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--html", dest="mode", action="store_const", const="html", help="treat every document as HTML")
    kind.add_argument("--text", dest="mode", action="store_const", const="text", help="treat every document as text")
    p.add_argument("--include-comments", action="store_true", help="HTML: keep the page's comment section")
    p.add_argument("--explain", action="store_true",
                   help="list every change (FILE:LINE: RULE: removed text) on stdout instead of the text")
    p.add_argument("--diff", action="store_true", help="show a unified diff input -> output on stdout instead of the text")
    p.add_argument("--format", choices=("auto", "txt", "html", "jsonl", "parquet"), default="auto",
                   help="input format; auto: by extension (.jsonl[.gz|.zst], .ndjson, .parquet, .html)")
    p.add_argument("--field", default="text", help="datasets: the text field; dotted path for nested fields (default: text)")
    p.add_argument("--url-field", help="datasets: a per-record URL field (dotted path)")
    p.add_argument("--report-field", metavar="NAME", help="datasets: add a per-record report under NAME")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_RECORDS, metavar="N",
                   help=f"records or files per task sent to a worker (default {DEFAULT_CHUNK_RECORDS}, "
                        "and at most about 1 MB)")
    p.add_argument("--stats", action="store_true", help="print a full summary to stderr at the end")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line after a multi-document run")
    return p


def _rules_parser() -> argparse.ArgumentParser:
    """The parser of ``cleantext rules list|show|test``."""
    p = argparse.ArgumentParser(prog="cleantext rules", description="Inspect and test the rule packs.")
    sub = p.add_subparsers(dest="action", required=True, metavar="list|show|test")
    ls = sub.add_parser("list", help="id, action, tags, lang and summary of every rule")
    ls.add_argument("--rules", action="append", metavar="PATH", help="extra rule pack file or folder (repeatable)")
    ls.add_argument("--select", action="append", metavar="X", help="only these: id, pack or tag")
    ls.add_argument("--ignore", action="append", metavar="X", help="not these: id, pack or tag")
    show = sub.add_parser("show", help="a rule's full definition")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--rules", action="append", metavar="PATH", help="extra rule pack file or folder (repeatable)")
    test = sub.add_parser("test", help="run every rule's examples; exit 1 when one fails")
    test.add_argument("paths", nargs="*", metavar="PATH", help="extra rule pack files or folders")
    test.add_argument("--preset", choices=("default", "ml"), default="default")
    for command in (ls, show, test):
        command.add_argument("--no-builtin", dest="builtin", action="store_false",
                             help="only the packs given on the command line (quick checks of one pack)")
    return p


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """Parse ``argv``; return the exit code instead when argparse exits (--help, usage error)."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE


# -- the rules subcommand -----------------------------------------------------------------------


def _rules_command(argv: list[str], out: IO[str]) -> int:
    """``cleantext rules list|show|test``."""
    args = _parse(_rules_parser(), argv)
    if isinstance(args, int):
        return args
    if args.action == "test":
        return _rules_test(load_ruleset(extra=args.paths, builtin=args.builtin), args.preset, out, args.paths)
    ruleset = load_ruleset(extra=_split(args.rules), builtin=args.builtin)
    if args.action == "list":
        _rules_list(ruleset.select(_split(args.select), _split(args.ignore)), out)
        return EXIT_OK
    try:
        rule = ruleset.get(args.rule_id)
    except KeyError:
        close = difflib.get_close_matches(args.rule_id, [r.id for r in ruleset.rules], n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see `cleantext rules list`"
        raise UsageError(f"{args.rule_id}: no such rule; {hint}") from None
    _rules_show(rule, out)
    return EXIT_OK


def _rules_list(rules: Sequence[Rule], out: IO[str]) -> None:
    """One aligned row per rule: id, action, tags, lang, summary."""
    rows = [(r.id, r.action, ",".join(r.tags) or "-", ",".join(r.lang) or "-", r.summary) for r in rules]
    header = ("ID", "ACTION", "TAGS", "LANG", "SUMMARY")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[4] + "\n")
    out.write(f"{len(rows)} rules\n")


def _yaml_value(value: object) -> str:
    """A condition's value as the rule file writes it (true/false, lists in brackets)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _rules_show(rule: Rule, out: IO[str]) -> None:
    """A rule's full definition, with where it is written."""
    where = set_fields(rule.where)
    lines = [
        f"{rule.id}  ({rule.file}:{rule.line})",
        f"  pack:     {rule.pack}",
        f"  summary:  {rule.summary}",
        f"  action:   {rule.action}   scope: {rule.scope}   ignorecase: {str(rule.ignorecase).lower()}",
        f"  tags:     {', '.join(rule.tags) or '-'}",
        f"  lang:     {', '.join(rule.lang) or '-'}",
        f"  sites:    {', '.join(rule.sites) or 'every site'}",
        f"  where:    {', '.join(f'{k}: {_yaml_value(v)}' for k, v in where.items()) or 'anywhere'}",
        f"  words:    max {rule.max_words if rule.max_words is not None else '-'}, "
        f"min {rule.min_words if rule.min_words is not None else '-'}",
    ]
    if rule.action in ("remove_section", "remove_run"):
        run = set_fields(rule.run)
        run.setdefault("max_words", rule.run.max_words)
        run.setdefault("min_lines", rule.run.min_lines)
        lines.append(f"  run:      {', '.join(f'{k}: {_yaml_value(v)}' for k, v in run.items())}")
    lines.append("  match.any:")
    lines += [f"    {p}" for p in rule.any]
    if rule.unless:
        sets = f" (with the veto sets {', '.join(rule.unless_sets)})" if rule.unless_sets else ""
        lines.append(f"  match.unless{sets}:")
        lines += [f"    {p}" for p in rule.unless]
    for kind, examples in rule.examples.items():
        if examples:
            lines.append(f"  examples.{kind}:")
            lines += [f"    {ex.text!r}" + (f" -> {ex.expect!r}" if ex.expect is not None else "")
                      for ex in examples]
    if rule.note:
        lines.append(f"  note:     {rule.note}")
    out.write("\n".join(lines) + "\n")


def _rules_test(ruleset: RuleSet, preset: str, out: IO[str], paths: Sequence[str] = ()) -> int:
    """Run the examples of the rules in ``paths`` (every rule when none is given); one line per
    rule, details of each failure; exit 1 on failure."""
    files = {f.resolve() for p in paths for f in pack_files(Path(p))}
    chosen = [r for r in ruleset.rules if not files or Path(r.file).resolve() in files]
    outcomes = run_examples(ruleset, preset=preset, rule_ids={r.id for r in chosen})
    by_rule: dict[str, list] = {r.id: [] for r in chosen}
    for outcome in outcomes:
        by_rule.setdefault(outcome.rule, []).append(outcome)
    failed_rules = 0
    for rule_id, items in by_rule.items():
        bad = [o for o in items if not o.ok]
        counts = ", ".join(f"{sum(o.kind == k for o in items)} {k}" for k in ("remove", "keep", "todo_remove", "todo_keep")
                           if any(o.kind == k for o in items))
        out.write(f"{'FAIL' if bad else 'ok  '}  {rule_id}  ({counts or 'no examples'})\n")
        for o in bad:
            out.write(f"      {o.file}:{o.line}: {o.kind}: {o.example!r}: {o.detail}\n")
        failed_rules += bool(bad)
    failed = sum(not o.ok for o in outcomes)
    out.write(f"{len(by_rule)} rules, {len(outcomes)} examples, {failed} failed"
              f"{f' in {failed_rules} rules' if failed else ''}\n")
    return EXIT_PROBLEMS if failed else EXIT_OK


# -- the main job: planning ---------------------------------------------------------------------


def _check_output_options(args: argparse.Namespace) -> None:
    """Reject option combinations that cannot work, before anything is read."""
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: needs at least 1 worker")
    if args.chunk_size < 1:
        raise UsageError(f"--chunk-size {args.chunk_size}: needs at least 1 record per task")
    if args.inputs.count("-") > 1:
        raise UsageError("-: standard input can be read once; name it once")
    if "-" in args.inputs and (args.in_place or args.output_dir):
        raise UsageError("-: standard input has no file to replace or mirror; use -o FILE or stdout")
    if args.output:
        if Path(args.output).is_dir():
            raise UsageError(f"{args.output}: is a folder; -o writes one file, use --output-dir {args.output}")
        folders = [a for a in args.inputs if a != "-" and Path(a).is_dir()]
        if folders:
            raise UsageError(f"{folders[0]}: is a folder; -o writes one file, use --output-dir DIR")
        if len(args.inputs) > 1:
            raise UsageError(f"-o writes one file but {len(args.inputs)} inputs were given; use --output-dir DIR")


def _plan(args: argparse.Namespace, summary: Summary, console: Console) -> list[Job]:
    """Expand the inputs (problems reported and counted) and decide each one's format and output."""
    output_dir = Path(args.output_dir) if args.output_dir else None
    items, problems = expand_inputs(args.inputs, (output_dir.resolve(),) if output_dir else ())
    for problem in problems:
        console.error(str(problem))
    summary.inputs += len(problems)
    summary.failed_inputs += len(problems)
    output = Path(args.output) if args.output else None
    return plan_jobs(items, args.format, output=output, output_dir=output_dir, in_place=args.in_place)


# -- the main job: running ----------------------------------------------------------------------


def _build_cleaner(args: argparse.Namespace) -> Cleaner:
    """The Cleaner the options describe (raises RuleError for bad packs or selections)."""
    return Cleaner(preset=args.preset, rules=_split(args.rules), select=_split(args.select),
                   ignore=_split(args.ignore))


def _total_bytes(jobs: list[Job]) -> int | None:
    """Total input size for the progress ETA; None when stdin makes it unknown."""
    total = 0
    for job in jobs:
        if job.input.path is None:
            return None
        with contextlib.suppress(OSError):
            total += job.input.path.stat().st_size
    return total


def _run_jobs(jobs: list[Job], run: Run) -> None:
    """Clean every input in order: text documents in batches, datasets one by one."""
    documents: list[Job] = []
    for job in [*jobs, None]:
        if job is not None and job.fmt not in DATASET_FORMATS:
            documents.append(job)
            continue
        if documents:
            clean_documents(documents, run)
            documents = []
        if job is None:
            break
        run.summary.inputs += 1
        try:
            (clean_jsonl_file if job.fmt == "jsonl" else clean_parquet_file)(job, run)
        except InputError as exc:
            run.summary.failed_inputs += 1
            run.console.error(str(exc))


def _clean_command(argv: list[str], console: Console, stdin_is_tty: bool) -> int:
    """The main job: clean INPUTs into stdout or files."""
    args = _parse(_clean_parser(), argv)
    if isinstance(args, int):
        return args
    if not args.inputs:
        if stdin_is_tty:
            raise UsageError("no INPUT; pass files, folders, globs, or - for stdin (cleantext --help)")
        args.inputs = ["-"]
    _check_output_options(args)
    started = time.monotonic()
    summary = Summary()
    jobs = _plan(args, summary, console)  # before the Cleaner: a wrong path fails fast
    if not jobs:
        return EXIT_PROBLEMS if summary.problems else EXIT_OK
    cleaner = _build_cleaner(args)
    loaded = time.monotonic()
    mode = args.mode or ("html" if args.format == "html" else "text" if args.format == "txt" else "auto")
    doc = DocOptions(mode=mode, url=args.url, include_comments=args.include_comments,
                     explain=args.explain, diff=args.diff)
    spec = RecordSpec(field=args.field, url_field=args.url_field, report_field=args.report_field, doc=doc)
    show_progress = args.progress if args.progress is not None else console.stderr.isatty()
    progress = Progress(bool(show_progress), _total_bytes(jobs), console.stderr)
    console.progress = progress
    with WorkerPool(cleaner, args.jobs or default_jobs()) as pool:
        run = Run(pool, console, summary, progress, spec, args.chunk_size, CHUNK_BYTES)
        try:
            _run_jobs(jobs, run)
        finally:
            progress.close()
            console.progress = None
            console.flush()
    seconds = time.monotonic() - loaded
    if args.stats:
        console.message(summary.full(seconds, setup=loaded - started))
    elif not args.quiet and (summary.inputs > 1 or summary.documents + summary.problems > 1):
        console.message(summary.short(seconds))  # a multi-document run: a one-line account
    return EXIT_PROBLEMS if summary.problems else EXIT_OK


# -- the entry point ----------------------------------------------------------------------------


class _TextToBytes(io.RawIOBase):
    """A binary view of a text stream that has no ``.buffer`` (a replaced ``sys.stdout``)."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._stream.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self) -> None:
        self._stream.flush()


def _binary_stdout() -> BinaryIO:
    """Standard output as bytes: clean text is written as UTF-8 whatever the locale."""
    buffer = getattr(sys.stdout, "buffer", None)
    return buffer if buffer is not None else _TextToBytes(sys.stdout)  # type: ignore[return-value]


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the command runs, SIGTERM unwinds like Ctrl-C (temporary files removed)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stdin_is_terminal() -> bool:
    """Whether stdin is a terminal (then a missing INPUT is a usage error, not "read stdin")."""
    try:
        return sys.stdin is None or sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return True


def _quiet_broken_pipe() -> None:
    """After the reader of stdout went away (``| head``), stop Python from complaining at exit."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``) and return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    console = Console(_binary_stdout(), sys.stderr)
    try:
        with _sigterm_as_interrupt():
            if args[:1] == ["rules"]:
                return _rules_command(args[1:], sys.stdout)
            return _clean_command(args, console, _stdin_is_terminal())
    except Terminated:
        console.message("cleantext: terminated; no partial output was left")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        console.message("cleantext: interrupted; no partial output was left")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_PROBLEMS
    except RuleError as exc:
        for problem in exc.problems:
            console.error(str(problem))
        return EXIT_USAGE
    except UsageError as exc:
        console.error(str(exc))
        return EXIT_USAGE
    except CleantextError as exc:
        console.error(str(exc))
        return EXIT_PROBLEMS
    except OSError as exc:
        name = exc.filename or "cleantext"
        console.error(f"{name}: {exc.strerror or exc}; check the path, permissions and free space")
        return EXIT_PROBLEMS
