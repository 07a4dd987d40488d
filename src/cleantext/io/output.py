"""Where a run's output goes, and what every format runner shares.

- ``Console``: clean text and ``--explain``/``--diff`` reports on stdout (always UTF-8, whatever
  the locale, so the output is byte-exact); warnings and errors on stderr, capped per input.
- ``Job``: one input file, its format and its output path (None: standard output).
- ``Run``: the pool, console, summary, progress and record settings of one command run.
- ``plan_jobs``: each input's format and output path, from -o / --output-dir / --in-place.
- ``open_target``: an atomic output file, standard output, or nothing (a report-only run).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from cleantext.batch import Progress, Summary, WorkerPool
from cleantext.errors import CleantextError
from cleantext.io.atomic import atomic_write
from cleantext.io.document import RecordSpec
from cleantext.io.paths import InputFile, format_of, mirror_path

__all__ = ["DATASET_FORMATS", "Console", "Job", "Run", "UsageError", "open_target", "plan_jobs"]

DATASET_FORMATS = ("jsonl", "parquet")

# Problems listed per input before the rest are only counted (the summary has every count).
MAX_PROBLEMS_SHOWN = 20


class Console:
    """The command's two streams: results on ``stdout`` (bytes), messages on ``stderr`` (text)."""

    def __init__(self, stdout: BinaryIO, stderr: IO[str]) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.progress: Progress | None = None  # set while a progress display shares stderr
        self._shown: dict[str, int] = {}

    def write(self, data: bytes) -> None:
        """Write output bytes (clean text or JSONL) to stdout."""
        if data:
            self.stdout.write(data)

    def report(self, text: str) -> None:
        """Write ``--explain`` lines or a ``--diff`` to stdout."""
        if text:
            self.stdout.write(text.encode("utf-8", "replace"))

    def message(self, line: str) -> None:
        """Write one line to stderr (around the progress display, if one is shown)."""
        if self.progress is None:
            self.stderr.write(line + "\n")
            self.stderr.flush()
            return
        with self.progress.paused():
            self.stderr.write(line + "\n")
            self.stderr.flush()

    def error(self, text: str) -> None:
        """An input or usage problem: ``cleantext: error: ...``."""
        self.message(f"cleantext: error: {text}")

    def problems(self, source: str, items: list[tuple[int, str]], unit: str) -> None:
        """Report records written through unchanged, at most ``MAX_PROBLEMS_SHOWN`` per input.

        ``unit`` is ``"line"`` (JSONL: ``FILE:LINE:``) or ``"row"`` (Parquet: ``FILE: row N:``).
        """
        for number, what in items:
            shown = self._shown.get(source, 0)
            self._shown[source] = shown + 1
            if shown < MAX_PROBLEMS_SHOWN:
                where = f"{source}:{number}" if unit == "line" else f"{source}: row {number}"
                self.message(f"cleantext: warning: {where}: {what}; written through unchanged")
            elif shown == MAX_PROBLEMS_SHOWN:
                self.message(f"cleantext: warning: {source}: more records written through unchanged; "
                             f"only the first {MAX_PROBLEMS_SHOWN} are listed (counts: --stats)")

    def flush(self) -> None:
        """Flush stdout (at the end of a run)."""
        self.stdout.flush()


@dataclass(frozen=True)
class Job:
    """One input and where its output goes."""

    input: InputFile
    fmt: str  # "txt", "html", "jsonl" or "parquet"
    output: Path | None  # None: standard output (or nowhere, for --explain/--diff)
    in_place: bool = False


class UsageError(CleantextError):
    """Options or inputs that do not go together (the command exits with 2)."""


def input_format(item: InputFile, forced: str) -> str:
    """The format of one input: ``forced`` unless it is ``auto``, else by extension (stdin: text).

    >>> input_format(InputFile(Path("a.jsonl.gz"), None, "a.jsonl.gz"), "auto")
    'jsonl'
    """
    if forced != "auto":
        return forced
    return "txt" if item.is_stdin else format_of(item.display)


def _single_output(output: Path, fmt: str) -> Path:
    """Check that ``-o FILE`` suits an input of format ``fmt`` (datasets keep their format)."""
    wanted = format_of(output.name)
    if fmt in DATASET_FORMATS and wanted != fmt:
        raise UsageError(f"{output}: a {fmt} input needs a {fmt} output; name it like the input")
    if fmt not in DATASET_FORMATS and wanted in DATASET_FORMATS:
        raise UsageError(f"{output}: the output is text, not {wanted}; name it .txt")
    return output


def plan_jobs(items: list[InputFile], forced_format: str, *, output: Path | None = None,
              output_dir: Path | None = None, in_place: bool = False) -> list[Job]:
    """Decide each input's format and output path; two inputs never write the same file.

    Without ``output``, ``output_dir`` or ``in_place`` every output goes to standard output.
    """
    jobs: list[Job] = []
    targets: dict[Path, str] = {}
    for item in items:
        fmt = input_format(item, forced_format)
        target: Path | None = None
        if output is not None:
            target = _single_output(output, fmt)
        elif output_dir is not None:
            target = mirror_path(item, output_dir, fmt)
        elif in_place:
            target = item.path
        if target is not None:
            key = target.resolve()
            if key in targets:
                raise UsageError(f"{item.display}: writes to {target}, as {targets[key]} does; "
                                 "rename one, or clean them in separate runs")
            targets[key] = item.display
        jobs.append(Job(item, fmt, target, in_place=in_place))
    return jobs


@dataclass
class Run:
    """What every format runner of one command run shares."""

    pool: WorkerPool
    console: Console
    summary: Summary
    progress: Progress
    spec: RecordSpec  # text field, URL field, report field and document options
    chunk_records: int  # records (or files) per task sent to a worker
    chunk_bytes: int  # and at most about this many input bytes per task

    @property
    def report_only(self) -> bool:
        """``--explain`` or ``--diff``: reports replace the text on stdout."""
        return self.spec.doc.explain or self.spec.doc.diff


@contextlib.contextmanager
def open_target(job: Job, run: Run) -> Iterator[BinaryIO | None]:
    """Yield where ``job``'s output goes: an atomic file, stdout, or None (report-only run)."""
    if job.output is not None:
        with atomic_write(job.output, make_parents=True) as handle:
            yield handle
    elif run.report_only:
        yield None
    else:
        yield _Unclosable(run.console.stdout)


class _Unclosable(io.RawIOBase):
    """Stdout as a writable binary file that compressors and writers may close without closing it."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._stream.write(data)
        return len(data)

    def flush(self) -> None:
        self._stream.flush()
