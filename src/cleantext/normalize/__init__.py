"""Normalizers: small pure ``str -> str`` functions in one ordered registry.

Each normalizer is idempotent, returns its argument itself when there is
nothing to do, and has a fast path that makes clean text almost free. The
registry key is the name used in explain records, reports and presets.
Normalizers transform text; they never remove lines or content (the rules do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .encoding import fix_encoding, fix_encoding_only
from .invisible import remove_control, remove_invisible
from .presets import PRESETS, Preset, get_preset
from .punctuation import repair_punctuation
from .unicode_forms import normalize_nfc
from .whitespace import (
    collapse_blank_lines,
    collapse_spaces,
    normalize_newlines,
    normalize_spaces,
    strip_document,
)

__all__ = ["NORMALIZERS", "PRESETS", "Preset", "get_preset", "apply"]

# In the order a chain would normally run them.
NORMALIZERS: dict[str, Callable[[str], str]] = {
    "fix_encoding": fix_encoding,
    "fix_encoding_only": fix_encoding_only,
    "normalize_newlines": normalize_newlines,
    "remove_invisible": remove_invisible,
    "remove_control": remove_control,
    "normalize_nfc": normalize_nfc,
    "normalize_spaces": normalize_spaces,
    "collapse_spaces": collapse_spaces,
    "repair_punctuation": repair_punctuation,
    "collapse_blank_lines": collapse_blank_lines,
    "strip_document": strip_document,
}


def _check_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names as a tuple, after checking each is a registered normalizer."""
    names = tuple(names)
    unknown = [n for n in names if n not in NORMALIZERS]
    if unknown:
        raise ValueError(
            f"unknown normalizer(s) {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(NORMALIZERS)}. Use names from cleantext.normalize.NORMALIZERS."
        )
    return names


def apply(names: Iterable[str], text: str) -> tuple[str, list[str]]:
    """Run the named normalizers in order; return the text and the names of those that changed it.

    Replaying just the returned names in order on the input gives the same
    output, because a step that changed nothing is the identity there.

    >>> apply(["normalize_newlines", "normalize_spaces", "strip_document"], "a\\r\\nb  c")
    ('a\\nb c', ['normalize_newlines', 'normalize_spaces'])
    >>> apply(get_preset("default").after_rules, "agency. , echoing")
    ('agency, echoing', ['repair_punctuation'])
    """
    changed: list[str] = []
    for name in _check_names(names):
        out = NORMALIZERS[name](text)
        if out is not text and out != text:
            changed.append(name)
        text = out
    return text, changed
