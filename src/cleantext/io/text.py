"""Text and HTML documents: reading (binary check, encoding detection) and cleaning them in batches.

Order of decoding attempts (the first that works wins):

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. strict UTF-8 -- by far the most common case, and cheap;
3. the charset an HTML page declares in its first bytes (``<meta charset=...>``);
4. Windows-1252 when the bytes look like Western European text (see ``_looks_western``) --
   ``charset-normalizer`` guesses poorly on short Latin texts (it reads a French sentence in
   ISO-8859-1 as cp1257), and cp1252 is a superset of ISO-8859-1's printable characters;
5. ``charset-normalizer``'s best guess (Cyrillic, Greek, Central European, CJK, ...).
"""

from __future__ import annotations

import codecs
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from cleantext.batch import Summary
from cleantext.errors import InputError
from cleantext.io.atomic import atomic_write
from cleantext.io.document import DocOptions, clean_document, report_text
from cleantext.io.output import Job, Run

__all__ = ["DocOutcome", "check_not_binary", "clean_docs", "clean_documents", "decode_bytes", "read_document"]

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Declared charset of an HTML page, looked for in its first 4 KB (the HTML standard says 1024
# bytes; real pages put long <script> blocks first, so we look a little further).
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)
_SNIFF_BYTES = 4096

# Characters above 0x7F that Western European text in cp1252 commonly contains besides letters.
_WESTERN_PUNCT = frozenset("‘’‚“”„–—…€•·«»°£¥§©®™±¡¿\xa0´×÷ªº¢")
# Of those, the ones that may stand between two letters (l’école, Catalan l·l).
_INWORD_PUNCT = frozenset("’·")
# Accented letters are a minority of the letters of Western text (dense French reaches ~25%), and
# they rarely follow each other (Portuguese "ções" has two); Cyrillic, Greek or Hebrew misread
# through cp1252 is nearly all non-ASCII letters in long runs.
_MAX_HIGH_LETTER_SHARE = 0.5
_MAX_HIGH_LETTER_RUN = 3


def check_not_binary(data: bytes, source: str) -> None:
    """Raise ``InputError`` when ``data`` holds a NUL byte (binary data, not text).

    Call it after BOM handling: UTF-16 and UTF-32 text is full of NUL bytes.
    """
    pos = data.find(b"\x00")
    if pos >= 0:
        raise InputError(
            f"{source}: binary data (NUL byte at offset {pos}); "
            "cleantext reads text or HTML -- pass a text file, or a dataset with --format jsonl|parquet"
        )


def _bom_encoding(data: bytes) -> str | None:
    """Return the codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _declared_charset(data: bytes) -> str | None:
    """Return the Python codec of an HTML ``<meta charset>`` declaration, when valid."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # The HTML standard reads "iso-8859-1" and "ascii" labels as windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _looks_western(text: str) -> bool:
    """Tell whether a cp1252 decoding reads as Western European text.

    Every non-ASCII character must be a letter or common typographic punctuation (not wedged
    inside a word), non-ASCII letters must be a minority, and never run long.

    >>> _looks_western("le café d’à côté, ¿qué?")
    True
    >>> _looks_western("Ïðèâåò, êàê äåëà")  # Russian in cp1251, misread as cp1252
    False
    >>> _looks_western("Za¿ó³æ gêœl¹")  # Polish in cp1250, misread as cp1252
    False
    """
    letters = high_letters = run = 0
    for i, ch in enumerate(text):
        if ch.isascii():
            letters += ch.isalpha()
            run = 0
            continue
        if unicodedata.category(ch).startswith("L"):
            letters += 1
            high_letters += 1
            run += 1
            if run > _MAX_HIGH_LETTER_RUN:
                return False
            continue
        run = 0
        if ch not in _WESTERN_PUNCT:
            return False
        between_letters = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        if between_letters and ch not in _INWORD_PUNCT:
            return False
    return letters > 0 and high_letters <= letters * _MAX_HIGH_LETTER_SHARE


def _detect_with_charset_normalizer(data: bytes, source: str) -> str:
    """Decode ``data`` with charset-normalizer's best guess, or raise ``InputError``."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            f"{source}: cannot tell the text encoding; convert the file to UTF-8 "
            "(e.g. iconv -f ENCODING -t UTF-8)"
        )
    return str(best)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a document's bytes to text (see the module docstring for the order of attempts).

    Raises ``InputError`` for binary data (NUL bytes outside UTF-16/32) and undetectable encodings.

    >>> decode_bytes("café".encode("cp1252"), "x.txt")
    'café'
    >>> decode_bytes(b"\\xef\\xbb\\xbfhello", "x.txt")
    'hello'
    """
    bom = _bom_encoding(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{source}: starts with a {bom} byte-order mark but is not valid {bom} "
                f"(offset {exc.start}); re-save it as UTF-8"
            ) from None
    check_not_binary(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong; detect instead
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        western = None
    if western is not None and _looks_western(western):
        return western
    return _detect_with_charset_normalizer(data, source)


def read_document(path: Path, source: str | None = None) -> str:
    """Read and decode a text or HTML file; ``source`` names it in error messages."""
    name = source or str(path)
    if path.is_dir():
        raise InputError(f"{name}: is a folder; pass it without -o (its files are cleaned one by one)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's permissions") from None
    return decode_bytes(data, name)


# -- cleaning text and HTML files in batches ------------------------------------------------------


@dataclass
class DocOutcome:
    """What a worker returns for one text or HTML document."""

    output: bytes = b""  # the clean text as written: followed by one newline when non-empty
    reports: str = ""  # --explain lines or --diff hunks
    summary: Summary = field(default_factory=Summary)
    error: str | None = None  # the document could not be read or cleaned
    is_html: bool = False


def clean_one(cleaner: Any, doc: tuple[str | None, str, bool, bytes | None], options: DocOptions) -> DocOutcome:
    """Read (or decode) and clean one document: ``doc`` is ``(path, display name, .html name, data)``."""
    path, name, html_name, data = doc
    try:
        text = decode_bytes(data, name) if data is not None else read_document(Path(path or ""), name)
        cleaned = clean_document(cleaner, text, options, html_name=html_name)
    except InputError as exc:
        return DocOutcome(error=str(exc))
    except Exception as exc:  # the input file is untouched; the summary and exit code say so
        return DocOutcome(error=f"{name}: cleaning failed ({type(exc).__name__}: {exc}); please report this bug")
    outcome = DocOutcome(is_html=cleaned.is_html)
    clean = cleaned.text
    outcome.output = (clean + "\n").encode("utf-8", "replace") if clean else b""
    outcome.summary.add(cleaned.before, cleaned.result)
    outcome.reports = report_text(name, cleaned, options)
    return outcome


def clean_docs(cleaner: Any, docs: list[tuple[str | None, str, bool, bytes | None]], options: DocOptions) -> list[DocOutcome]:
    """Clean a batch of documents (the task a worker runs)."""
    return [clean_one(cleaner, doc, options) for doc in docs]


def _doc_size(job: Job) -> int:
    """A file's size on disk (0 when it cannot be read: the worker reports why)."""
    try:
        return job.input.path.stat().st_size if job.input.path is not None else 0
    except OSError:
        return 0


def _batches(jobs: list[Job], max_docs: int, max_bytes: int) -> list[list[Job]]:
    """Group documents into tasks of at most ``max_docs`` files and about ``max_bytes`` bytes."""
    groups: list[list[Job]] = []
    current: list[Job] = []
    size = 0
    for job in jobs:
        current.append(job)
        size += _doc_size(job)
        if len(current) >= max_docs or size >= max_bytes:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups


def _doc_task(job: Job) -> tuple[str | None, str, bool, bytes | None]:
    """The task tuple for one document; standard input is read here, in the parent."""
    item = job.input
    data = sys.stdin.buffer.read() if item.is_stdin else None
    return (str(item.path) if item.path is not None else None, item.display, job.fmt == "html", data)


def _deliver(job: Job, outcome: DocOutcome, run: Run) -> None:
    """Write one document's outcome to its target and count it."""
    run.summary.inputs += 1
    if outcome.error is None and job.in_place and outcome.is_html:
        outcome.error = (f"{job.input.display}: is HTML; --in-place would replace the page with its text; "
                         "use --output-dir DIR or -o FILE")
    if outcome.error is not None:
        run.summary.failed_inputs += 1
        run.console.error(outcome.error)
        return
    run.summary.merge(outcome.summary)
    if job.output is not None:
        with atomic_write(job.output, make_parents=True) as handle:
            handle.write(outcome.output)
    elif not run.report_only:
        run.console.write(outcome.output)
    run.console.report(outcome.reports)


def clean_documents(jobs: list[Job], run: Run) -> None:
    """Clean text and HTML inputs in order, spread over the pool in batches."""
    groups = _batches(jobs, run.chunk_records, run.chunk_bytes)
    tasks = (([_doc_task(job) for job in group], run.spec.doc) for group in groups)
    for group, outcomes in zip(groups, run.pool.map(clean_docs, tasks)):
        for job, outcome in zip(group, outcomes):
            _deliver(job, outcome, run)
            size = _doc_size(job)
            run.summary.bytes_in += size
            run.progress.advance(1, size)
