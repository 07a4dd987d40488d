"""What a cleaning run did: removals by rules, steps by normalizers, and how to replay them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Union


@dataclass(frozen=True, slots=True)
class Removal:
    """A span deleted by a rule.

    ``start``/``end`` index the text the rules saw: that is the input itself unless a normalizer
    ``Step`` comes before the removals in ``Result.changes`` (then it is the input after those steps).
    ``line`` is 1-based in the same text.
    """

    rule: str
    start: int
    end: int
    text: str
    line: int

    def to_dict(self) -> dict:
        return {"rule": self.rule, "start": self.start, "end": self.end, "line": self.line, "text": self.text}


@dataclass(frozen=True, slots=True)
class Step:
    """A normalizer (by its registry name) that changed the text."""

    name: str

    def to_dict(self) -> dict:
        return {"step": self.name}


Change = Union[Removal, Step]


@dataclass(frozen=True)
class Result:
    """The clean text and every change that produced it, in order.

    ``fallback`` is None normally; when a safety limit stopped the rules (a removal that would take too
    much of the document, a rule timeout) it says why, and only normalizer steps were applied.
    """

    text: str
    changes: tuple[Change, ...] = ()
    fallback: str | None = None
    input_chars: int = 0
    _counts: Counter = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    @property
    def removals(self) -> tuple[Removal, ...]:
        return tuple(c for c in self.changes if isinstance(c, Removal))

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(c for c in self.changes if isinstance(c, Step))

    @property
    def chars_removed(self) -> int:
        """Characters deleted by rules (normalizer changes are not counted)."""
        return sum(r.end - r.start for r in self.removals)

    def rule_counts(self) -> Counter:
        """Removals per rule id."""
        return Counter(r.rule for r in self.removals)

    def to_dict(self, with_text: bool = False) -> dict:
        """A JSON-ready report of the run (the text itself only when asked)."""
        out: dict = {
            "removals": [r.to_dict() for r in self.removals],
            "steps": [s.name for s in self.steps],
            "rules": dict(self.rule_counts()),
            "chars_removed": self.chars_removed,
            "fallback": self.fallback,
        }
        if with_text:
            out["text"] = self.text
        return out


def apply_removals(text: str, removals: Iterable[Removal]) -> str:
    """Delete the removals' spans from ``text`` (spans must not overlap).

    >>> apply_removals("keep\\ndrop\\nkeep", [Removal("x.y", 5, 10, "drop\\n", 2)])
    'keep\\nkeep'
    """
    parts: list[str] = []
    pos = 0
    for r in sorted(removals, key=lambda r: r.start):
        if r.start < pos:
            raise ValueError(f"removals overlap at offset {r.start}; they must be disjoint")
        parts.append(text[pos:r.start])
        pos = r.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def replay(text: str, changes: Iterable[Change], normalizers: dict | None = None) -> str:
    """Apply a recorded list of changes to the input it was recorded on.

    Steps are re-run by name; consecutive removals are applied together at their offsets. The result
    equals ``Result.text`` of the run that produced ``changes``.
    """
    if normalizers is None:
        from .normalize import NORMALIZERS as normalizers  # noqa: N811
    pending: list[Removal] = []
    for change in changes:
        if isinstance(change, Removal):
            pending.append(change)
            continue
        if pending:
            text = apply_removals(text, pending)
            pending = []
        try:
            fn = normalizers[change.name]
        except KeyError:
            raise ValueError(f"unknown normalizer {change.name!r} in the record; known: {', '.join(normalizers)}") from None
        text = fn(text)
    if pending:
        text = apply_removals(text, pending)
    return text
