"""Parquet datasets through pyarrow: read in record batches, clean a text column, write the same schema.

The text column may be nested (``--field meta.body`` reaches into a struct column). The output
schema is the input schema, plus the report column when ``--report-field`` asks for one (an
existing column of that name is replaced). Rows whose text is null are written through unchanged,
reported by their 0-based row index, and their report says "skipped". Needs the optional extra
``[parquet]`` (pyarrow).
"""

from __future__ import annotations

import contextlib
import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext.batch import Summary
from cleantext.errors import InputError
from cleantext.integrations import skipped_report
from cleantext.io.document import RecordSpec, clean_document, record_report, report_text
from cleantext.io.output import Job, Run, open_target

__all__ = ["ParquetSource", "ValuesOutcome", "clean_parquet_file", "clean_values", "open_parquet", "report_type"]

PARQUET_HINT = "pip install cleantext-boilerplate[parquet]"
# Rows per record batch are chosen so that a batch holds about this much text: small enough to
# keep several batches in flight with flat memory, large enough to amortise the task overhead.
TARGET_BATCH_BYTES = 1 << 20
MIN_BATCH_ROWS = 16


def _pyarrow(source: str) -> tuple[Any, Any]:
    """Import pyarrow and pyarrow.parquet, or say how to install them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(f"{source}: Parquet files need pyarrow; {PARQUET_HINT}") from None
    return pyarrow, pyarrow.parquet


def report_type() -> Any:
    """The Arrow type of the report column: the adapters' report, ``rules`` as JSON text.

    The same fields and types as the Hugging Face adapter's ``report_features``, so a report
    column reads the same whichever tool wrote it.
    """
    pa, _ = _pyarrow("report")
    return pa.struct([
        ("status", pa.string()),
        ("changed", pa.bool_()),
        ("chars_removed", pa.int64()),
        ("removal_count", pa.int64()),
        ("rules", pa.string()),  # JSON object: rule id -> removals
        ("fallback", pa.string()),  # "" unless a safety limit stopped the rules
    ])


def _arrow_report(report: dict[str, Any]) -> dict[str, Any]:
    """A report as one value of ``report_type()``: ``rules`` as JSON text, keys sorted."""
    return {**report, "rules": json.dumps(report["rules"], sort_keys=True)}


@dataclass
class ValuesOutcome:
    """What a worker returns for one batch of text values."""

    texts: list[str | None]  # clean text, or None where the row was not cleaned
    reports: list[dict]  # one report per row (rows not cleaned: "skipped")
    report_text: str = ""  # --explain lines or --diff hunks
    summary: Summary = field(default_factory=Summary)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row index, what is wrong)


def clean_values(
    cleaner: Any, texts: list[str | None], urls: list[str | None] | None, first_row: int,
    spec: RecordSpec, source: str,
) -> ValuesOutcome:
    """Clean one batch of a text column (runs in the workers); ``first_row`` indexes ``texts[0]``."""
    outcome = ValuesOutcome([], [])
    pieces: list[str] = []
    for offset, text in enumerate(texts):
        row = first_row + offset
        url = urls[offset] if urls is not None else None
        if text is None:
            outcome.problems.append((row, f"field {spec.field!r} is null"))
            outcome.summary.skip("field is null")
            outcome.texts.append(None)
            outcome.reports.append(_arrow_report(skipped_report()))
            continue
        try:
            cleaned = clean_document(cleaner, text, spec.doc, url=url or None)
        except Exception as exc:  # a document is never lost: a cleaning bug passes the row through
            outcome.problems.append((row, f"cleaning failed ({type(exc).__name__}: {exc})"))
            outcome.summary.skip("cleaning failed")
            outcome.texts.append(None)
            outcome.reports.append(_arrow_report(skipped_report()))
            continue
        outcome.texts.append(cleaned.text)
        outcome.reports.append(_arrow_report(record_report(cleaned)))
        outcome.summary.add(cleaned.before, cleaned.result)
        pieces.append(report_text(f"{source}#{row}", cleaned, spec.doc))
    outcome.report_text = "".join(pieces)
    return outcome


def _is_string(pa: Any, arrow_type: Any) -> bool:
    """Whether a column type holds text that can be cleaned."""
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def _resolve(schema: Any, path: str) -> list[str]:
    """Return the names leading to ``path`` in ``schema`` (a column, else a dotted path through structs)."""
    if path in schema.names:
        return [path]
    pa, _ = _pyarrow(path)
    names = path.split(".")
    current = schema
    for depth, name in enumerate(names):
        fields = [current.field(i) for i in range(len(current))]  # a Schema, then StructTypes
        match = next((f for f in fields if f.name == name), None)
        if match is None:
            return []
        if depth < len(names) - 1:
            if not pa.types.is_struct(match.type):
                return []
            current = match.type
    return names


def _column(batch: Any, names: list[str]) -> tuple[Any, Any]:
    """Return the array at ``names`` in ``batch`` and a mask of rows where a parent struct is null."""
    array = batch.column(batch.schema.get_field_index(names[0]))
    parent_null = None
    for name in names[1:]:
        nulls = array.is_null()
        parent_null = nulls if parent_null is None else _or(parent_null, nulls)
        array = array.field(name)
    return array, parent_null


def _or(a: Any, b: Any) -> Any:
    """Element-wise OR of two boolean arrays."""
    import pyarrow.compute as pc

    return pc.or_(a, b)


def _values(batch: Any, names: list[str]) -> list[Any]:
    """The Python values at ``names``: None where the value or one of its parent structs is null."""
    array, parent_null = _column(batch, names)
    values = array.to_pylist()
    if parent_null is not None and parent_null.true_count:
        values = [None if hidden else v for v, hidden in zip(values, parent_null.to_pylist())]
    return values


def _replaced(pa: Any, array: Any, names: list[str], new_leaf: Any) -> Any:
    """Return ``array`` (a struct when ``names`` has more than one entry) with the leaf at ``names`` replaced."""
    if len(names) == 1:
        return new_leaf
    struct_type = array.type
    children = []
    fields = []
    for i in range(struct_type.num_fields):
        child_field = struct_type.field(i)
        child = array.field(i)
        if child_field.name == names[1]:
            child = _replaced(pa, child, names[1:], new_leaf)
        children.append(child)
        fields.append(child_field)
    mask = array.is_null() if array.null_count else None
    return pa.StructArray.from_arrays(children, fields=fields, mask=mask)


@dataclass
class ParquetSource:
    """An open Parquet file, its text column's location and the output schema."""

    file: Any  # pyarrow.parquet.ParquetFile
    text_path: list[str]
    url_path: list[str] | None
    out_schema: Any
    batch_rows: int
    compression: str

    @property
    def rows(self) -> int:
        """Number of rows in the file."""
        return self.file.metadata.num_rows

    def batches(self) -> Any:
        """The file's record batches, in order."""
        return self.file.iter_batches(batch_size=self.batch_rows)

    def texts(self, batch: Any) -> list[str | None]:
        """The text values of a batch (None where null)."""
        return _values(batch, self.text_path)

    def urls(self, batch: Any) -> list[str | None] | None:
        """The per-row URLs of a batch, when ``--url-field`` names a column."""
        return _values(batch, self.url_path) if self.url_path else None

    def rebuild(self, batch: Any, outcome: ValuesOutcome, report_field: str | None) -> Any:
        """The output batch: cleaned texts in place, the report column added or replaced."""
        pa, _ = _pyarrow("parquet")
        leaf, _ = _column(batch, self.text_path)
        old = leaf.to_pylist()
        merged = [new if new is not None else was for new, was in zip(outcome.texts, old)]
        new_leaf = pa.array(merged, type=leaf.type)  # None stays null
        arrays = list(batch.columns)
        top = batch.schema.get_field_index(self.text_path[0])
        arrays[top] = _replaced(pa, arrays[top], self.text_path, new_leaf)
        if report_field:
            report = pa.array(outcome.reports, type=report_type())
            if report_field in batch.schema.names:
                arrays[batch.schema.get_field_index(report_field)] = report
            else:
                arrays.append(report)
        return pa.RecordBatch.from_arrays(arrays, schema=self.out_schema)


def _batch_rows(meta: Any, text_column: str, max_rows: int) -> int:
    """Rows per batch so that one batch holds about ``TARGET_BATCH_BYTES`` of text."""
    if meta.num_rows == 0:
        return max_rows
    size = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            column = group.column(c)
            if column.path_in_schema == text_column:
                size += column.total_uncompressed_size
    per_row = max(1, size // meta.num_rows)
    return max(MIN_BATCH_ROWS, min(max_rows, TARGET_BATCH_BYTES // per_row))


def _codec(meta: Any) -> str:
    """The input's compression codec, reused for the output (snappy when unknown)."""
    if meta.num_row_groups and meta.row_group(0).num_columns:
        codec = meta.row_group(0).column(0).compression
        if codec and codec.upper() not in ("UNCOMPRESSED", "UNKNOWN"):
            return codec.lower()
    return "snappy"


def open_parquet(path: Path, source: str, spec: RecordSpec, max_rows: int) -> ParquetSource:
    """Open ``path``, check its text (and URL) column, and compute the output schema."""
    pa, pq = _pyarrow(source)
    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise InputError(f"{source}: no such file; check the path") from None
        raise InputError(f"{source}: not a readable Parquet file ({exc}); check the file or --format") from None
    schema = file.schema_arrow
    text_path = _resolve(schema, spec.field)
    if not text_path:
        raise InputError(f"{source}: no column {spec.field!r} (columns: {', '.join(schema.names)}); "
                         "choose the text column with --field")
    leaf_type = _leaf_type(schema, text_path)
    if not _is_string(pa, leaf_type):
        raise InputError(f"{source}: column {spec.field!r} is {leaf_type}, not a string; "
                         "choose the text column with --field")
    url_path = None
    if spec.url_field:
        url_path = _resolve(schema, spec.url_field)
        if not url_path or not _is_string(pa, _leaf_type(schema, url_path)):
            raise InputError(f"{source}: no string column {spec.url_field!r}; check --url-field")
    out_schema = schema
    if spec.report_field:
        report_field = pa.field(spec.report_field, report_type())
        if spec.report_field in schema.names:
            out_schema = schema.set(schema.get_field_index(spec.report_field), report_field)
        else:
            out_schema = schema.append(report_field)
    meta = file.metadata
    return ParquetSource(file, text_path, url_path, out_schema,
                         _batch_rows(meta, ".".join(text_path), max_rows), _codec(meta))


def _leaf_type(schema: Any, names: list[str]) -> Any:
    """The Arrow type at ``names`` in ``schema``."""
    arrow_type = schema.field(names[0]).type
    for name in names[1:]:
        arrow_type = arrow_type.field(name).type
    return arrow_type


def writer(handle: Any, source: ParquetSource) -> Any:
    """A ParquetWriter on an open binary file, with the output schema and the input's codec."""
    _, pq = _pyarrow("parquet")
    return pq.ParquetWriter(handle, source.out_schema, compression=source.compression)


def clean_parquet_file(job: Job, run: Run) -> None:
    """Clean one Parquet input into its target, batch by batch, rows in order."""
    name = job.input.display
    if job.input.path is None:
        raise InputError(f"{name}: Parquet cannot be read from standard input; pass the file's path")
    if job.output is None and not run.report_only:
        raise InputError(f"{name}: Parquet output is binary and is not written to standard output; "
                         "use -o FILE, --output-dir DIR or --in-place")
    source = open_parquet(job.input.path, name, run.spec, run.chunk_records)
    file_size = job.input.path.stat().st_size
    batches: deque[Any] = deque()

    def tasks() -> Iterator[tuple]:
        row = 0
        for batch in source.batches():
            batches.append(batch)
            yield source.texts(batch), source.urls(batch), row, run.spec, name
            row += batch.num_rows

    with open_target(job, run) as handle:
        out = contextlib.nullcontext(None) if handle is None else writer(handle, source)
        with out as parquet_writer:
            for outcome in run.pool.map(clean_values, tasks()):
                batch = batches.popleft()
                if parquet_writer is not None:
                    parquet_writer.write_batch(source.rebuild(batch, outcome, run.spec.report_field))
                run.console.report(outcome.report_text)
                run.console.problems(name, outcome.problems, "row")
                run.summary.merge(outcome.summary)
                read = file_size * batch.num_rows // max(1, source.rows)
                run.summary.bytes_in += read
                run.progress.advance(batch.num_rows, read)
