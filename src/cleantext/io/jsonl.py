"""JSON Lines datasets: reading and writing (plain, ``.gz``, ``.zst``) and cleaning records.

The parent process only reads raw lines and writes the bytes workers send back; parsing, cleaning
and re-serializing happen in the workers (``clean_lines``), so the parent is never the bottleneck.
Each record's text field is replaced by its clean text; every other field is kept, and records
stay in input order. A line that cannot be cleaned (malformed JSON, not valid UTF-8, not an
object, field missing or not a string) is written through exactly as it was and reported with
its line number.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sys
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cleantext.batch import Summary
from cleantext.errors import InputError
from cleantext.io.document import RecordSpec, clean_document, record_report, report_text
from cleantext.io.output import Job, Run, open_target

try:  # orjson parses and serializes several times faster than json; json is the fallback
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

__all__ = [
    "LinesOutcome",
    "clean_jsonl_file",
    "clean_lines",
    "iter_line_chunks",
    "open_jsonl_reader",
    "open_jsonl_writer",
]

ZSTD_HINT = "pip install cleantext-boilerplate[zstd]"
# gzip level of written .gz files: 6 is gzip's own default, several times faster than
# Python's default of 9 for a few percent larger files.
GZIP_LEVEL = 6
# zstd level of written .zst files: 3 is zstd's default (fast, good ratio).
ZSTD_LEVEL = 3

_MISSING = object()


@dataclass
class LinesOutcome:
    """What a worker returns for a chunk of lines: output bytes, reports, counts and problems."""

    data: bytes
    reports: str = ""  # --explain lines or --diff hunks, ready to print
    summary: Summary = field(default_factory=Summary)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, what is wrong)


# -- nested fields ------------------------------------------------------------------------------


def get_field(record: dict, path: str) -> Any:
    """Return the value at ``path`` (a key, else a dotted path), or ``_MISSING``.

    >>> get_field({"meta": {"body": "x"}}, "meta.body")
    'x'
    >>> get_field({"a.b": 1}, "a.b")
    1
    >>> get_field({"meta": "x"}, "meta.body") is _MISSING
    True
    """
    if path in record:
        return record[path]
    value: Any = record
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def set_field(record: dict, path: str, value: Any) -> None:
    """Set the value at ``path`` (the key itself when present, else a dotted path, created as needed).

    >>> r = {"meta": {"body": "x", "n": 1}}; set_field(r, "meta.body", "y"); r
    {'meta': {'body': 'y', 'n': 1}}
    """
    if path in record or "." not in path:
        record[path] = value
        return
    *parents, last = path.split(".")
    target = record
    for key in parents:
        nxt = target.get(key)
        if not isinstance(nxt, dict):
            nxt = target[key] = {}
        target = nxt
    target[last] = value


# -- parsing and serializing --------------------------------------------------------------------


class _BadLine(Exception):
    """A line that is not a JSON object; the message is the reason reported to the user."""


def _loads(line: bytes) -> Any:
    """Parse one line; orjson first, json for what orjson refuses (NaN, huge integers)."""
    line = line.rstrip(b"\r\n")  # error columns then point into the line, not past its end
    if orjson is not None:
        try:
            return orjson.loads(line)
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        raise _BadLine("not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _BadLine(f"malformed JSON ({exc.msg}, column {exc.colno})") from None


def _dumps(record: dict) -> bytes:
    """Serialize one record as compact UTF-8 JSON, without a newline."""
    if orjson is not None:
        try:
            return orjson.dumps(record)
        except TypeError:  # integers beyond 64 bits, NaN
            pass
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _is_valid_unicode(text: str) -> bool:
    """False when ``text`` holds lone surrogates (``"\\ud800"`` in JSON): it cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _with_newline(line: bytes) -> bytes:
    """A raw line as written through: unchanged, with a final newline if it had none."""
    return line if line.endswith(b"\n") else line + b"\n"


# -- cleaning (runs in the workers) -------------------------------------------------------------


def _record_text(record: Any, spec: RecordSpec) -> str:
    """Return the text to clean, or raise ``_BadLine`` saying why this record has none."""
    if not isinstance(record, dict):
        raise _BadLine(f"not a JSON object but {type(record).__name__}")
    value = get_field(record, spec.field)
    if value is _MISSING:
        raise _BadLine(f"field {spec.field!r} missing; choose the text field with --field")
    if not isinstance(value, str):
        raise _BadLine(f"field {spec.field!r} is {type(value).__name__}, not a string")
    return value


def _record_url(record: dict, spec: RecordSpec) -> str | None:
    """The record's own URL (``--url-field``) when it is a non-empty string."""
    if not spec.url_field:
        return None
    url = get_field(record, spec.url_field)
    return url if isinstance(url, str) and url else None


def _reason(message: str) -> str:
    """The summary's reason for a problem: its message without details in parentheses or after ';'.

    >>> _reason("malformed JSON (Expecting value at column 1)")
    'malformed JSON'
    """
    return message.split(" (")[0].split(";")[0]


def clean_lines(cleaner: Any, lines: list[bytes], first_line: int, spec: RecordSpec, source: str) -> LinesOutcome:
    """Clean a chunk of JSONL lines; ``first_line`` is the 1-based line number of ``lines[0]``."""
    out: list[bytes] = []
    reports: list[str] = []
    outcome = LinesOutcome(b"")
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            out.append(_with_newline(line))  # blank lines are not records; kept as they were
            continue
        try:
            record = _loads(line)
            text = _record_text(record, spec)
            if not _is_valid_unicode(text):
                raise _BadLine(f"field {spec.field!r} holds invalid Unicode (a lone surrogate)")
            cleaned = clean_document(cleaner, text, spec.doc, url=_record_url(record, spec))
        except _BadLine as exc:
            outcome.problems.append((number, str(exc)))
            outcome.summary.skip(_reason(str(exc)))
            out.append(_with_newline(line))
            continue
        except Exception as exc:  # a document is never lost: a cleaning bug passes the record through
            outcome.problems.append((number, f"cleaning failed ({type(exc).__name__}: {exc})"))
            outcome.summary.skip("cleaning failed")
            out.append(_with_newline(line))
            continue
        set_field(record, spec.field, cleaned.text)
        if spec.report_field:
            set_field(record, spec.report_field, record_report(cleaned))
        out.append(_dumps(record) + b"\n")
        outcome.summary.add(cleaned.before, cleaned.result)
        reports.append(report_text(f"{source}#{number}", cleaned, spec.doc))
    outcome.data = b"".join(out)
    outcome.reports = "".join(reports)
    return outcome


# -- reading and writing ------------------------------------------------------------------------


def _zstandard(source: str) -> Any:
    """Import zstandard, or say how to install it."""
    try:
        import zstandard
    except ImportError:
        raise InputError(f"{source}: .zst files need the zstandard package; {ZSTD_HINT}") from None
    return zstandard


@contextlib.contextmanager
def open_jsonl_reader(path: Path | None, source: str) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """Yield ``(lines, raw)``: a binary stream of decompressed lines, and the file underneath.

    ``raw.tell()`` is how far into the (possibly compressed) file reading has come, for progress.
    ``path`` None reads standard input.
    """
    if path is None:
        stdin = sys.stdin.buffer
        yield stdin, stdin
        return
    name = path.name.lower()
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise InputError(f"{source}: no such file; check the path") from None
    with raw:
        if name.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="rb") as lines:
                yield lines, raw
        elif name.endswith(".zst"):
            zstandard = _zstandard(source)
            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
            with io.BufferedReader(reader, buffer_size=1 << 20) as lines:
                yield lines, raw
        else:
            yield raw, raw


@contextlib.contextmanager
def open_jsonl_writer(handle: BinaryIO, name: str) -> Iterator[BinaryIO]:
    """Wrap an open binary file in the compression its ``name`` asks for (``.gz``, ``.zst``, none)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        with gzip.GzipFile(filename=Path(name).name, fileobj=handle, mode="wb", compresslevel=GZIP_LEVEL) as out:
            yield out
    elif lower.endswith(".zst"):
        zstandard = _zstandard(name)
        with zstandard.ZstdCompressor(level=ZSTD_LEVEL).stream_writer(handle, closefd=False) as out:
            yield out
    else:
        yield handle


def _decompression_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a truncated or corrupt .gz or .zst file raises while being read."""
    errors: list[type[BaseException]] = [EOFError, gzip.BadGzipFile, zlib.error]
    try:
        import zstandard
    except ImportError:
        pass
    else:
        errors.append(zstandard.ZstdError)
    return tuple(errors)


def iter_line_chunks(stream: BinaryIO, max_lines: int, max_bytes: int, source: str) -> Iterator[list[bytes]]:
    """Yield lists of at most ``max_lines`` lines and about ``max_bytes`` bytes.

    Decompression errors (a truncated or corrupt ``.gz``/``.zst``) become ``InputError``.
    """
    chunk: list[bytes] = []
    size = 0
    try:
        for line in stream:
            chunk.append(line)
            size += len(line)
            if len(chunk) >= max_lines or size >= max_bytes:
                yield chunk
                chunk, size = [], 0
    except _decompression_errors() as exc:
        raise InputError(f"{source}: cannot decompress ({exc or type(exc).__name__}); "
                         "the file is truncated or corrupt") from None
    if chunk:
        yield chunk


# -- the run (parent process) -------------------------------------------------------------------


def _position(raw: BinaryIO) -> int | None:
    """How far into the file reading has come, or None for a pipe."""
    try:
        return raw.tell()
    except (OSError, ValueError):
        return None


def clean_jsonl_file(job: Job, run: Run) -> None:
    """Clean one JSONL input into its target, records in order; problems go to the console."""
    source = job.input.display
    out_name = job.output.name if job.output is not None else "stdout.jsonl"  # stdout: plain JSONL
    sizes: deque[int] = deque()

    def tasks(stream: BinaryIO) -> Iterator[tuple]:
        line = 1
        for chunk in iter_line_chunks(stream, run.chunk_records, run.chunk_bytes, source):
            sizes.append(sum(map(len, chunk)))
            yield chunk, line, run.spec, source
            line += len(chunk)

    with open_jsonl_reader(job.input.path, source) as (stream, raw), open_target(job, run) as handle:
        sink = contextlib.nullcontext(None) if handle is None else open_jsonl_writer(handle, out_name)
        with sink as out:
            last = _position(raw) or 0
            for outcome in run.pool.map(clean_lines, tasks(stream)):
                if out is not None:
                    out.write(outcome.data)
                run.console.report(outcome.reports)
                run.console.problems(source, outcome.problems, "line")
                run.summary.merge(outcome.summary)
                read = sizes.popleft()
                pos = _position(raw)
                if pos is not None:
                    read, last = pos - last, pos
                run.summary.bytes_in += read
                run.progress.advance(outcome.summary.documents + sum(outcome.summary.not_cleaned.values()), read)
