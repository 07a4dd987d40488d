"""Finding candidate lines for a group of rules in one pass, then checking candidates rule by rule.

Two interchangeable scanners give the same results:

- the literal scanner (``prefilter.py``): the required literals of every pattern of the group in one
  Aho-Corasick automaton that scans the case-folded document once; its cost does not grow with the
  number of rules;
- otherwise all line patterns are combined into two ``regex`` alternations (anchored patterns tried
  at the line start only, the others searched along the line); a line that either hits is a
  candidate for every rule.

Either way a candidate is only a candidate: each rule's own patterns decide, in rule order.
"""

from __future__ import annotations

import math
import os
from typing import Iterator

import regex

from ..segment import Page
from . import prefilter
from .schema import Rule, compiled

# CLEANTEXT_MATCHER=regex forces the pure-regex scanner (tests compare both).
MATCHER_ENV = "CLEANTEXT_MATCHER"


class CompiledRule:
    """A rule ready for checking lines, its patterns compiled on first use.

    A page hands only a few rules any candidate line, so compiling every pattern when a Cleaner is
    built would make each command start pay for rules that never look at its input; the compiled
    patterns are shared process-wide (``schema.compiled``), so a rule is compiled once however
    many groups hold it.
    """

    __slots__ = ("index", "rule", "_parts", "_first")

    def __init__(self, index: int, rule: Rule):
        self.index = index  # position in the group: candidates are checked in this order
        self.rule = rule
        self._parts: tuple | None = None
        self._first: prefilter.FirstChars | None | bool = False  # False: not worked out yet

    @property
    def first(self) -> prefilter.FirstChars | None:
        """The characters a line (its view) must start with for one of the rule's patterns to match,
        when every pattern is anchored at the line start; None when no such test can be made."""
        if self._first is False:
            firsts = [prefilter.first_chars(p) for p in self.rule.any]
            self._first = None if not firsts or None in firsts else firsts[0].union(*firsts[1:])
        return self._first

    def compile(self) -> tuple:
        """The compiled patterns: (each pattern for remove_match, vetoes, anchored alternation,
        floating patterns); compiled on the first call."""
        if self._parts is None:
            rule = self.rule
            flags = rule.flags
            heads: list[str] = []
            floating: list[regex.Pattern] = []
            for p in rule.any:
                body = anchored_body(p)
                if body is not None and _combinable(p):
                    heads.append(body)
                else:
                    floating.append(compiled(p, flags))
            self._parts = (
                # each pattern on its own, for remove_match (which finds spans); else ()
                tuple(compiled(p, flags) for p in rule.any) if rule.action == "remove_match" else (),
                tuple(compiled(p, flags) for p in rule.unless),
                # the patterns anchored at the line start, as one alternation
                compiled("|".join(f"(?:{h})" for h in heads), flags) if heads else None,
                tuple(floating),  # the others
            )
        return self._parts

    @property
    def patterns(self) -> tuple[regex.Pattern, ...]:
        return self.compile()[0]

    @property
    def unless(self) -> tuple[regex.Pattern, ...]:
        return self.compile()[1]

    def search(self, view: str, timeout: float | None) -> regex.Match | None:
        """A match of any of the rule's patterns in ``view``, or None.

        Anchored patterns are tried at position 0 only (``match``), together in one alternation.
        """
        _, _, anchored, floating = self._parts or self.compile()
        if anchored is not None:
            m = anchored.match(view, timeout=timeout)
            if m is not None:
                return m
        for pat in floating:
            m = pat.search(view, timeout=timeout)
            if m is not None:
                return m
        return None

    def vetoed(self, view: str, timeout: float | None) -> bool:
        return any(p.search(view, timeout=timeout) is not None for p in self.unless)


def compile_rule(rule: Rule, index: int = 0) -> CompiledRule:
    """The rule ready for checking lines (its patterns compile when first needed)."""
    return CompiledRule(index, rule)


_GROUP_REFERENCES = regex.compile(r"\(\?P?<(?![=!])|\(\?P=|\\[1-9]|\\g<")


def _combinable(pattern: str) -> bool:
    r"""Whether a pattern can sit inside an alternation: no named groups and no back-references
    (numbers shift and names may clash once patterns are joined).

    Decided from the text, without compiling: compiling every pattern once more only to ask this
    doubled the time it takes to build a Cleaner.

    >>> _combinable("^share (this|the) article$"), _combinable("^(?<=x)y"), _combinable("^(?i:ad)$")
    (True, True, True)
    >>> _combinable(r"^(?P<w>\w+) \1$"), _combinable("^(?<w>a)b"), _combinable(r"^(a)\g<1>")
    (False, False, False)
    """
    return _GROUP_REFERENCES.search(pattern) is None


def anchored_body(pattern: str) -> str | None:
    """The pattern without its leading ``^`` when the whole pattern is anchored at the line start.

    >>> anchored_body("^share this( article)?$")
    'share this( article)?$'
    >>> anchored_body("^a$|^b$")
    'a$|b$'
    >>> anchored_body("^a|b") is None  # the second branch is not anchored
    True
    >>> anchored_body("[|]^x") is None
    True
    """
    branches = _top_level_branches(pattern)
    if branches is None or not all(b.startswith("^") for b in branches):
        return None
    return "|".join(b[1:] for b in branches)


def _top_level_branches(pattern: str) -> list[str] | None:
    """The pattern split at its top-level ``|`` (None when it is not well formed)."""
    branches = []
    start = 0
    depth = 0
    try:
        for i, ch in prefilter.structure(pattern):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "|" and depth == 0:
                branches.append(pattern[start:i])
                start = i + 1
    except prefilter.Unsupported:
        return None
    if depth != 0:
        return None
    branches.append(pattern[start:])
    return branches


class RegexScanner:
    """The fallback scanner: two combined alternations, tried on each line short enough for a rule.

    A pattern with back-references or named groups cannot join an alternation (its group numbers
    would shift), so it is tried on its own after the two.
    """

    def __init__(self, rules: list[CompiledRule]):
        anchored: list[str] = []
        floating: list[str] = []
        self.separate: list[regex.Pattern] = []
        for cr in rules:
            flag = "(?i:" if cr.rule.ignorecase else "(?-i:"
            for p in cr.rule.any:
                body = anchored_body(p)
                if not _combinable(p):
                    self.separate.append(compiled(p, cr.rule.flags))
                elif body is not None:
                    anchored.append(f"{flag}{body})")
                else:
                    floating.append(f"{flag}{p})")
        self.anchored = regex.compile("|".join(anchored)) if anchored else None
        self.floating = regex.compile("|".join(floating)) if floating else None

    def hits(self, view: str, timeout: float | None) -> bool:
        if self.anchored is not None and self.anchored.match(view, timeout=timeout) is not None:
            return True
        if self.floating is not None and self.floating.search(view, timeout=timeout) is not None:
            return True
        return any(p.search(view, timeout=timeout) is not None for p in self.separate)


class LineMatcher:
    """All line-scope rules of one group (the general packs, or one site's pack), compiled once."""

    def __init__(self, rules: list[Rule]):
        self.rules = [compile_rule(r, k) for k, r in enumerate(rules)]
        limits = [r.max_words or math.inf for r in rules]
        self.max_words = max(limits, default=0)  # a longer line cannot be removed by any rule here
        self._literals: prefilter.LiteralScanner | None = None
        self._regex: RegexScanner | None = None
        # line view -> (indices of the rules checked on it, indices of those that matched): the
        # engine's memory of pattern verdicts for short lines, which repeat across pages
        self.verdicts: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        if self.rules and os.environ.get(MATCHER_ENV, "") != "regex" and prefilter.available():
            self._literals = prefilter.LiteralScanner([r.any for r in rules], limits)
        # The rules without a literal, by the word counts their guards allow: a line is handed only
        # those whose min_words/max_words it fits (one lookup instead of a guard check per rule).
        always = sorted(self._literals.always) if self._literals is not None else []
        self._always_any = frozenset(always)
        self._always_cache: dict[tuple[int, str], frozenset[int]] = {}  # see _always_for
        self._always_by_words: list[frozenset[int]] = []
        if always:
            top = int(min(max(limits[k] for k in always), 400))  # no max_words: the first 400 counts
            self._always_by_words = [
                frozenset(k for k in always if (rules[k].min_words or 0) <= w <= limits[k]) for w in range(top + 1)
            ]

    @property
    def engine(self) -> str:
        """Which scanner finds candidates: ``literal`` or ``regex``."""
        return "literal" if self._literals is not None else "regex"

    def candidates(self, page: Page, timeout: float | None) -> Iterator[tuple[int, list[CompiledRule]]]:
        """(line index, rules to check in order) for every line that some rule may match."""
        if not self.rules:
            return
        if self._literals is not None:
            yield from self._from_literals(page, self._literals.scan(page.text, page.starts, page.words))
        else:
            yield from self._from_regex(page, timeout)

    def _from_literals(self, page: Page, found: dict[int, set[int]]) -> Iterator[tuple[int, list[CompiledRule]]]:
        by_words = self._always_by_words
        words, views = page.words, page.views
        lines = range(len(page)) if by_words else sorted(found)
        for i in lines:
            w = words[i]
            if not w or w > self.max_words:
                continue
            if by_words:
                always = self._always_for(w, views[i][:1])
                ids = found[i] | always if i in found else always
            else:
                ids = found[i]
            if ids:
                yield i, [self.rules[k] for k in sorted(ids)]

    def _always_for(self, words: int, start: str) -> frozenset[int]:
        """The rules without a literal that a line of ``words`` words starting with ``start`` may
        match: their word-count guards allow it and their first-character test admits it."""
        key = (words, start)
        ids = self._always_cache.get(key)
        if ids is None:
            by_words = self._always_by_words
            bucket = by_words[words] if words < len(by_words) else self._always_any
            firsts = [(k, self.rules[k].first) for k in bucket]
            ids = frozenset(k for k, first in firsts if first is None or first.admits(start))
            self._always_cache[key] = ids
        return ids

    def _from_regex(self, page: Page, timeout: float | None) -> Iterator[tuple[int, list[CompiledRule]]]:
        if self._regex is None:
            self._regex = RegexScanner(self.rules)
        scanner = self._regex
        views, words = page.views, page.words
        for i in range(len(page)):
            w = words[i]
            if w and w <= self.max_words and scanner.hits(views[i], timeout):
                yield i, self.rules
