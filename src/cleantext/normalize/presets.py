"""Presets: which normalizers run before the rules and which after."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Preset", "PRESETS", "get_preset"]


@dataclass(frozen=True)
class Preset:
    """A named pair of normalizer chains (names are keys of ``NORMALIZERS``).

    ``before_rules`` prepares the text the boilerplate rules see;
    ``after_rules`` repairs what the removals left behind.
    """

    name: str
    before_rules: tuple[str, ...]
    after_rules: tuple[str, ...]
    summary: str


PRESETS: dict[str, Preset] = {
    "default": Preset(
        name="default",
        before_rules=(
            # Encoding first: every later step must see real characters, not mojibake.
            "fix_encoding",
            # One kind of line break, so rules and segmentation agree on lines.
            "normalize_newlines",
            # Hidden characters would stop rules from matching ("sub\u200bscribe").
            "remove_invisible",
            "remove_control",
            # Composed characters, so "é" matches "é" however it was typed.
            "normalize_nfc",
            # Cyrillic look-alikes inside Latin words (and the reverse) hide ad text from the rules.
            "fix_homoglyphs",
            # Plain single spaces: rule patterns stay simple, line edges clean.
            "normalize_spaces",
        ),
        after_rules=(
            # Tidy the punctuation a removal left inside a sentence...
            "repair_punctuation",
            # ...which may leave a double space or a space at a line edge,
            "normalize_spaces",
            # and removed lines leave runs of blank lines.
            "collapse_blank_lines",
            "strip_document",
        ),
        summary="Readable article text: encoding, ligature and width repair, NFC, "
        "plain spaces, punctuation and blank-line repair.",
    ),
    "ml": Preset(
        name="ml",
        before_rules=(
            # Only mojibake is repaired: quotes, width, ligatures and entities are data.
            "fix_encoding_only",
            "normalize_newlines",
            "remove_invisible",
            "remove_control",
            # NFC only changes how a character is encoded, never which one it is.
            "normalize_nfc",
            # A word mixing Latin and Cyrillic letters is a disguise or a typo, never data.
            "fix_homoglyphs",
            # Unicode spaces (French no-break spaces) are kept; ASCII runs collapse.
            "collapse_spaces",
        ),
        after_rules=(
            "repair_punctuation",
            "collapse_spaces",
            "collapse_blank_lines",
            "strip_document",
        ),
        summary="Conservative, for training data: mojibake repair only, no quote, "
        "width or compatibility changes, no-break spaces kept.",
    ),
}


def get_preset(name: str) -> Preset:
    """The preset called ``name``.

    >>> get_preset("ml").before_rules[0]
    'fix_encoding_only'
    >>> get_preset("fast")
    Traceback (most recent call last):
    ...
    ValueError: unknown preset 'fast'; known presets: default, ml. Pass one of these names (e.g. preset="default").
    """
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        known = ", ".join(PRESETS)
        raise ValueError(
            f"unknown preset {name!r}; known presets: {known}. "
            f'Pass one of these names (e.g. preset="default").'
        ) from None
