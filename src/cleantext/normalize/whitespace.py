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

# Unicode space separators (category Zs) other than the ASCII space.
_UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Horizontal whitespace that may be stripped at a line's edges: there it
# carries no meaning, even the no-break spaces of French typography.
_EDGE = "[ \t" + _UNICODE_SPACES + "]"

_SPACES_TODO_RE = re.compile(f"[\t{_UNICODE_SPACES}]|  |^ | $", re.MULTILINE)
_SPACE_RUN_RE = re.compile(f"[ \t{_UNICODE_SPACES}]+")
_LINE_EDGE_RE = re.compile(f"^{_EDGE}+|{_EDGE}+$", re.MULTILINE)

_ASCII_TODO_RE = re.compile(f"\t|  |^{_EDGE}|{_EDGE}$", re.MULTILINE)
_ASCII_RUN_RE = re.compile("[ \t]{2,}|\t")

_BLANK_TODO_RE = re.compile(r"^[^\S\n]+$|\n\n\n", re.MULTILINE)
_WS_ONLY_LINE_RE = re.compile(r"^[^\S\n]+$", re.MULTILINE)
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def normalize_newlines(text: str) -> str:
    """Turn CRLF, CR, U+2028, U+2029, U+0085, VT, FF and U+001C-U+001E into "\\n".

    >>> normalize_newlines("a\\r\\nb\\rc\\u2028d\\u2029e\\x85f")
    'a\\nb\\nc\\nd\\ne\\nf'
    >>> s = "one\\ntwo\\n"; normalize_newlines(s) is s
    True
    """
    if _NEWLINE_RE.search(text) is None:
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
    if _SPACES_TODO_RE.search(text) is None:
        return text
    out = _LINE_EDGE_RE.sub("", _SPACE_RUN_RE.sub(" ", text))
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
    if _ASCII_TODO_RE.search(text) is None:
        return text
    out = _LINE_EDGE_RE.sub("", _ASCII_RUN_RE.sub(" ", text))
    return text if out == text else out


def collapse_blank_lines(text: str) -> str:
    """Empty whitespace-only lines, then make every run of blank lines a single blank line.

    >>> collapse_blank_lines("one\\n \\n\\t\\n\\n\\ntwo\\n\\nthree")
    'one\\n\\ntwo\\n\\nthree'
    >>> s = "one\\n\\ntwo"; collapse_blank_lines(s) is s
    True
    """
    if _BLANK_TODO_RE.search(text) is None:
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
