"""Line breaks, spaces, blank lines and the document's edges."""

from __future__ import annotations

import re

__all__ = [
    "normalize_newlines",
    "normalize_spaces",
    "collapse_spaces",
    "collapse_blank_lines",
    "strip_document",
]

# Every line boundary of str.splitlines() except \n itself, so that after this
# step splitting on "\n" and splitlines() agree.
_NEWLINE_RE = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ASCII_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")

# Unicode space separators (category Zs) other than the ASCII space.
_USPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_USPACE_RE = re.compile(f"[{_USPACE}]")
# Horizontal whitespace that may be stripped at a line's edges: there it
# carries no meaning, even the no-break spaces of French typography.
_HSPACE = f" \t{_USPACE}"
_LINE_EDGE_RE = re.compile(f"^[{_HSPACE}]+|[{_HSPACE}]+$", re.MULTILINE)
_USPACE_EDGE_RE = re.compile(f"[{_USPACE}]\n|\n[{_USPACE}]")

# The same characters one by one: testing and replacing them with str methods
# is several times faster than a regex class or str.translate with a dict.
_USPACE_CHARS = tuple(
    chr(c) for c in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
)

_WS_ONLY_LINE_RE = re.compile(r"^[^\S\n]+$", re.MULTILINE)
_WS_LINE_HINT_RE = re.compile(r"\n[^\S\n]+(?=\n|\Z)")
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def _ascii_space_work(text: str) -> bool:
    """True when ``text`` has a double space, a tab or a space at a line edge.

    >>> _ascii_space_work("a b\\nc"), _ascii_space_work("a b \\nc")
    (False, True)
    """
    return (
        "  " in text
        or "\t" in text
        or " \n" in text
        or "\n " in text
        or text[:1] == " "
        or text[-1:] == " "
    )


def _has_unicode_spaces(text: str) -> bool:
    """True when ``text`` holds a Unicode space separator other than " ".

    >>> _has_unicode_spaces("10\\u202f€"), _has_unicode_spaces("10 €")
    (True, False)
    """
    return not text.isascii() and any(c in text for c in _USPACE_CHARS)


def _unicode_spaces_to_ascii(text: str) -> str:
    """Every Unicode space separator to " ".

    >>> _unicode_spaces_to_ascii("a\\u00a0b\\u3000c")
    'a b c'
    """
    for c in _USPACE_CHARS:
        if c in text:
            text = text.replace(c, " ")
    return text


def _collapse_ascii_runs(text: str) -> str:
    """Tabs to spaces, then every run of spaces to one.

    str.replace runs at memory speed; each pass halves the longest run.

    >>> _collapse_ascii_runs("a \\t  b\\t\\tc")
    'a b c'
    """
    if "\t" in text:
        text = text.replace("\t", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def _strip_single_edge_spaces(text: str) -> str:
    """Remove the one space left at line edges once every run is a single space."""
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    if text[:1] == " ":
        text = text[1:]
    if text[-1:] == " ":
        text = text[:-1]
    return text


def normalize_newlines(text: str) -> str:
    """Turn CRLF, CR, U+2028, U+2029, U+0085, VT, FF and U+001C-U+001E into "\\n".

    >>> normalize_newlines("a\\r\\nb\\rc\\u2028d\\u2029e\\x85f")
    'a\\nb\\nc\\nd\\ne\\nf'
    >>> s = "one\\ntwo\\n"; normalize_newlines(s) is s
    True
    """
    if not any(c in text for c in _ASCII_BREAKS) and (
        text.isascii() or not any(c in text for c in _UNICODE_BREAKS)
    ):
        return text
    return _NEWLINE_RE.sub("\n", text)


def normalize_spaces(text: str) -> str:
    """Make every space a single ASCII space and strip spaces at line edges (``default``).

    No-break, thin, em, ideographic... spaces and tabs become " ", runs of
    them one " ".

    >>> normalize_spaces("  Price:\\u00a010\\u202f€\\t\\tnow  \\n\\u3000next ")
    'Price: 10 € now\\nnext'
    >>> s = "already clean\\ntext"; normalize_spaces(s) is s
    True
    """
    unicode_spaces = _has_unicode_spaces(text)
    if not unicode_spaces and not _ascii_space_work(text):
        return text
    out = _unicode_spaces_to_ascii(text) if unicode_spaces else text
    out = _strip_single_edge_spaces(_collapse_ascii_runs(out))
    return text if out == text else out


def collapse_spaces(text: str) -> str:
    """Collapse runs of ASCII spaces and tabs to one space, strip line edges (``ml``).

    Unlike :func:`normalize_spaces`, no-break and other Unicode spaces inside
    a line are kept: French typography puts a (narrow) no-break space before
    ; : ! ? and inside « », and a model should see it as written.

    >>> collapse_spaces(" Quoi\\u202f?  «\\u00a0Oui\\u00a0»\\t!\\u00a0")
    'Quoi\\u202f? «\\xa0Oui\\xa0» !'
    >>> s = "Quoi\\u202f?"; collapse_spaces(s) is s
    True
    """
    unicode_spaces = _has_unicode_spaces(text)
    unicode_edges = unicode_spaces and (
        _USPACE_EDGE_RE.search(text) is not None
        or _USPACE_RE.match(text) is not None
        or _USPACE_RE.match(text[-1:]) is not None
    )
    if not unicode_edges and not _ascii_space_work(text):
        return text
    out = _collapse_ascii_runs(text)
    # With Unicode spaces around, an edge may hold a mix such as " \u00a0 "
    # (or "\u202f" once a tab after it is gone): strip every kind there.
    out = _LINE_EDGE_RE.sub("", out) if unicode_spaces else _strip_single_edge_spaces(out)
    return text if out == text else out


def collapse_blank_lines(text: str) -> str:
    """Empty whitespace-only lines, then make every run of blank lines a single blank line.

    >>> collapse_blank_lines("one\\n \\n\\t\\n\\n\\ntwo\\n\\nthree")
    'one\\n\\ntwo\\n\\nthree'
    >>> s = "one\\n\\ntwo"; collapse_blank_lines(s) is s
    True
    """
    first_line = text[: text.find("\n")] if "\n" in text else text
    if (
        "\n\n\n" not in text
        and _WS_LINE_HINT_RE.search(text) is None
        and not (first_line and first_line.isspace())
    ):
        return text
    return _BLANK_RUN_RE.sub("\n\n", _WS_ONLY_LINE_RE.sub("", text))


def strip_document(text: str) -> str:
    """Strip whitespace from the start and end of the whole document.

    >>> strip_document("\\n\\n  Title\\n\\nBody.\\n ")
    'Title\\n\\nBody.'
    >>> s = "Title"; strip_document(s) is s
    True
    """
    if not text or not (text[0].isspace() or text[-1].isspace()):
        return text
    return text.strip()
