"""Normalizers: small pure ``str -> str`` functions in one ordered registry.

Each normalizer is idempotent, returns its argument itself when there is
nothing to do, and has a fast path that makes clean text almost free. The
registry key is the name used in explain records, reports and presets.
Normalizers transform text; they never remove lines or content (the rules do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .encoding import fix_encoding, fix_encoding_only
from .homoglyphs import fix_homoglyphs
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
    "fix_homoglyphs": fix_homoglyphs,
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


# A chain runs again while a pass changed the text (one step can expose work for an earlier one: a
# control character removed from inside mojibake), so its output is a fixpoint; at most this many passes.
MAX_CHAIN_PASSES = 3


def apply(names: Iterable[str], text: str) -> tuple[str, list[str]]:
    """Run the named normalizers in order until nothing changes; return the text and the names of the
    steps that changed it, in the order they did.

    Replaying just the returned names in order on the input gives the same output, because a step
    that changed nothing is the identity there. After a pass, only the steps before the last one that
    changed something can have new work (the later ones were no-ops on the final text, and each step
    is idempotent), so the next pass checks just those; when one of them changes the text, the whole
    chain runs again.

    >>> apply(["normalize_newlines", "normalize_spaces", "strip_document"], "a\\r\\nb  c")
    ('a\\nb c', ['normalize_newlines', 'normalize_spaces'])
    >>> apply(get_preset("default").after_rules, "agency. , echoing")
    ('agency, echoing', ['repair_punctuation'])
    """
    steps = [(name, NORMALIZERS[name]) for name in _check_names(names)]
    changed: list[str] = []
    end = len(steps)
    for _ in range(MAX_CHAIN_PASSES):
        full = end == len(steps)
        last = -1
        for k in range(end):
            name, fn = steps[k]
            out = fn(text)
            if out is not text and out != text:
                changed.append(name)
                text = out
                last = k
        if last < 0 or (full and last == 0):
            break
        end = last if full else len(steps)
    return text, changed
