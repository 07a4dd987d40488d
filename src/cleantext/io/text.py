"""Reading text and HTML documents: binary check, then decoding with encoding detection.

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
import unicodedata
from pathlib import Path

import regex

from cleantext.errors import InputError

__all__ = ["decode_bytes", "read_document", "check_not_binary"]

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
