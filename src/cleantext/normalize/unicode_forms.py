"""Unicode normalization forms."""

from __future__ import annotations

import unicodedata

__all__ = ["normalize_nfc"]


def normalize_nfc(text: str) -> str:
    """Compose characters to Unicode NFC ("e" + U+0301 becomes "é").

    NFC, not NFKC: compatibility forms (ligatures, full-width, superscripts)
    carry meaning and are left alone here. ``unicodedata.is_normalized`` is a
    quick check that avoids building a new string for text already in NFC.

    >>> normalize_nfc("Cafe\\u0301") == "Caf\\u00e9"
    True
    >>> s = "Café ²"; normalize_nfc(s) is s
    True
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)
