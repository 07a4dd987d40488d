"""Characters that hide: invisible format characters and control characters."""

from __future__ import annotations

import re

__all__ = ["remove_invisible", "remove_control"]

# Removed: format characters whose only effect in scraped text is to hide
# something or to break search and matching ("sub\u200bscribe" must match
# "subscribe"):
#   U+00AD soft hyphen, U+180E Mongolian vowel separator (now only a format
#   char), U+200B zero-width space, U+2060 word joiner, U+2061-U+2064
#   invisible math operators, U+206A-U+206F deprecated format controls,
#   U+FEFF byte order mark / zero-width no-break space, U+FFF9-U+FFFB
#   interlinear annotation marks, U+115F U+1160 U+3164 U+FFA0 Hangul fillers
#   (used as "blank" characters to hide text).
# Kept on purpose:
#   U+200C ZWNJ and U+200D ZWJ change how text renders and reads: emoji
#   sequences (👩‍💻), Persian (می‌خواهم), Indic conjuncts; removing them changes
#   words.
#   Bidi marks and embeddings/isolates (U+200E/F, U+061C, U+202A-U+202E,
#   U+2066-U+2069) decide the display order of mixed Arabic/Hebrew and Latin.
#   Variation selectors and tag characters belong to emoji and flags.
_INVISIBLE = (
    "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb"
    "\u115f\u1160\u3164\uffa0"
)
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
_INVISIBLE_TABLE = {ord(c): None for c in _INVISIBLE}

# Removed: C0 controls, DEL and C1 controls. Kept: tab and the characters
# that Python's str.splitlines() treats as line breaks (\n \r \x0b \x0c
# \x1c \x1d \x1e \x85): deleting them would glue two lines into one word;
# normalize_newlines, which runs first in every preset, turns them into \n.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def remove_invisible(text: str) -> str:
    """Delete zero-width spaces, soft hyphens, BOMs and other characters that only hide.

    ZWJ/ZWNJ and bidi marks are kept (see the comment above ``_INVISIBLE``).

    >>> remove_invisible("Sub\\u200bscribe to our news\\u00adletter\\ufeff")
    'Subscribe to our newsletter'
    >>> remove_invisible("می\\u200cخواهم 👩\\u200d💻") == "می\\u200cخواهم 👩\\u200d💻"
    True
    """
    if text.isascii() or _INVISIBLE_RE.search(text) is None:
        return text
    return text.translate(_INVISIBLE_TABLE)


def remove_control(text: str) -> str:
    """Delete C0 controls (but tab and line breaks), DEL and C1 controls.

    >>> remove_control("bell\\x07 esc\\x1b del\\x7f c1\\x90\\tend\\n")
    'bell esc del c1\\tend\\n'
    >>> s = "plain text\\twith tab\\n"; remove_control(s) is s
    True
    """
    if _CONTROL_RE.search(text) is None:
        return text
    return _CONTROL_RE.sub("", text)
