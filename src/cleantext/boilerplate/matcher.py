"""One combined matcher per group of rules: candidate lines in one pass, then rule-by-rule checks.

Every line pattern of every active rule is compiled into a single ``regex`` alternation in which
each rule is one named group, so a line is scanned once however many rules there are. Rules are
bucketed by their ``max_words`` guard: a line with ``w`` words is only scanned by the alternation
of rules that allow ``w`` words, and a long prose line that no rule allows is not scanned at all.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

import regex

from .schema import Rule


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    patterns: tuple[regex.Pattern, ...]
    unless: tuple[regex.Pattern, ...]

    def search(self, view: str, timeout: float | None) -> regex.Match | None:
        for pat in self.patterns:
            m = pat.search(view, timeout=timeout)
            if m is not None:
                return m
        return None

    def vetoed(self, view: str, timeout: float | None) -> bool:
        return any(p.search(view, timeout=timeout) is not None for p in self.unless)


def compile_rule(rule: Rule) -> CompiledRule:
    flags = rule.flags
    return CompiledRule(
        rule,
        tuple(regex.compile(p, flags) for p in rule.any),
        tuple(regex.compile(p, flags) for p in rule.unless),
    )


def _combinable(pattern: str, flags: int) -> bool:
    """Whether a pattern can sit inside the alternation (no named groups or backreferences)."""
    compiled = regex.compile(pattern, flags)
    return not compiled.groupindex and not regex.search(r"\\[1-9]|\(\?P=|\\g<", pattern)


def anchored_body(pattern: str) -> str | None:
    """The pattern without its leading ``^`` when the whole pattern is anchored at the line start.

    Anchored patterns are tried at position 0 only (``match``), which is most of the speed of the
    combined matcher: a line is rejected after a few characters instead of at every position.

    >>> anchored_body("^share this( article)?$")
    'share this( article)?$'
    >>> anchored_body("^a|b") is None  # the second branch is not anchored
    True
    >>> anchored_body("[|]^x") is None
    True
    """
    if not pattern.startswith("^"):
        return None
    depth = 0
    in_class = False
    i = 1
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None
        i += 1
    return pattern[1:]


@dataclass
class Bucket:
    """The rules allowing lines of up to ``limit`` words, as alternations (plus solo patterns).

    ``anchored`` holds the patterns that start with ``^`` (tried at the line start only),
    ``floating`` the others (searched along the line).
    """

    limit: float
    anchored: regex.Pattern | None
    floating: regex.Pattern | None
    members: tuple[CompiledRule, ...]  # in rule order; group "r<k>" is members[k]
    solo: tuple[CompiledRule, ...]  # rules with a pattern that cannot be combined

    def first_hit(self, view: str, timeout: float | None) -> CompiledRule | None:
        """A rule whose pattern matches (leftmost match first; ties: earliest rule), or None."""
        if self.anchored is not None:
            m = self.anchored.match(view, timeout=timeout)
            if m is not None:
                return self.members[int(m.lastgroup[1:])]
        if self.floating is not None:
            m = self.floating.search(view, timeout=timeout)
            if m is not None:
                return self.members[int(m.lastgroup[1:])]
        for cr in self.solo:
            if cr.search(view, timeout) is not None:
                return cr
        return None

    def all_hits(self, view: str, timeout: float | None) -> list[CompiledRule]:
        """Every rule of the bucket that matches the line, in rule order (the slow path)."""
        hits = [cr for cr in self.members if cr.search(view, timeout) is not None]
        hits += [cr for cr in self.solo if cr.search(view, timeout) is not None]
        return hits


class LineMatcher:
    """All line-scope rules of one group (the general packs, or one site's pack), compiled once."""

    def __init__(self, rules: list[Rule]):
        compiled = [compile_rule(r) for r in rules]
        self.rules = compiled
        limits = sorted({(cr.rule.max_words or math.inf) for cr in compiled})
        self._limits = limits
        self._buckets = [self._bucket(limit, [cr for cr in compiled if (cr.rule.max_words or math.inf) >= limit])
                         for limit in limits]

    @staticmethod
    def _bucket(limit: float, members: list[CompiledRule]) -> Bucket:
        combinable: list[CompiledRule] = []
        solo: list[CompiledRule] = []
        for cr in members:
            ok = all(_combinable(p, cr.rule.flags) for p in cr.rule.any)
            (combinable if ok else solo).append(cr)
        anchored: list[str] = []
        floating: list[str] = []
        for k, cr in enumerate(combinable):
            flag = "(?i:" if cr.rule.ignorecase else "(?-i:"
            heads, rest = [], []
            for p in cr.rule.any:
                body = anchored_body(p)
                (heads.append(body) if body is not None else rest.append(p))
            if heads:
                anchored.append(f"(?P<r{k}>" + "|".join(f"{flag}{p})" for p in heads) + ")")
            if rest:
                floating.append(f"(?P<r{k}>" + "|".join(f"{flag}{p})" for p in rest) + ")")
        return Bucket(
            limit,
            regex.compile("|".join(anchored)) if anchored else None,
            regex.compile("|".join(floating)) if floating else None,
            tuple(combinable),
            tuple(solo),
        )

    def bucket_for(self, words: int) -> Bucket | None:
        """The bucket of rules that allow a line of ``words`` words, or None when none does."""
        i = bisect_left(self._limits, words)
        return self._buckets[i] if i < len(self._buckets) else None
