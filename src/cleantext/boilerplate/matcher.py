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
from typing import Callable, Iterator, Sequence

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
        floating patterns, the strings a line needs, see ``_needs``, and each veto with the
        strings a line needs for it, see ``_veto_needs``); compiled on the first call."""
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
                _needs(rule.any),
                tuple((compiled(p, flags), _veto_needs(p)) for p in rule.unless),
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

        Anchored patterns are tried at position 0 only (``match``), together in one alternation,
        and none is tried on a line that starts with a character no pattern can start with
        (``first``), or lacks every string the rule needs (``_needs``).
        """
        _, _, anchored, floating, needs, _ = self._parts or self.compile()
        first = self.first
        if first is not None and not first.admits(view[:1]):
            return None
        if needs is not None and not needs.found_in(view.casefold()):
            return None
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
        """Whether one of the rule's vetoes matches ``view``; a veto is not tried on a line that
        lacks every string it needs (``_veto_needs``)."""
        folded = None
        for pat, needs in (self._parts or self.compile())[5]:
            if needs is not None:
                if folded is None:
                    folded = view.casefold()
                if not needs.found_in(folded):
                    continue
            if pat.search(view, timeout=timeout) is not None:
                return True
        return False


def _needs(patterns: tuple[str, ...]) -> prefilter.AnyOf | None:
    r"""Strings (case-folded) one of which a line must hold for one of ``patterns`` to match, when
    some are too common for the literal prefilter to pick lines by (``prefilter.selective``): such a
    rule is tried on every line its guards admit, and a search with the timeout guard costs about
    4 us where this test costs well under 1. None when there is no such test, or when the
    prefilter has made it already (every string selective).

    >>> _needs((r"^\d{1,2}:\d\d$", r"^vor (\d+) minuten$")).strings
    (' minuten', ':')
    >>> _needs(("^share this$",)), _needs((r"^\w+$",))
    (None, None)
    """
    literals = prefilter.rule_literals(tuple(patterns))
    if literals is None or all(prefilter.selective(x) for x in literals):
        return None
    return prefilter.AnyOf(sorted(literals))


def _veto_needs(pattern: str) -> prefilter.AnyOf | None:
    r"""Strings (case-folded) one of which a line must hold for the veto ``pattern`` to match, or
    None when there is no such test worth making: a veto is searched along the line (about 3 us
    with the timeout guard, against well under 1 for this test), and most lines a rule matches
    hold none of its vetoes' words. A single ASCII letter, digit or space is in nearly every
    line: a set holding one makes no test.

    >>> _veto_needs(r",\s").strings, _veto_needs(r"\b(said|says)\b").strings
    ((',',), ('said', 'says'))
    >>> _veto_needs(r"\s(a|the)$"), _veto_needs(r"^\w+$")
    (None, None)
    """
    literals = prefilter.rule_literals((pattern,))
    if literals is None or any(len(x) == 1 and x.isascii() and (x.isalnum() or x.isspace()) for x in literals):
        return None
    return prefilter.AnyOf(sorted(literals))


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


# Remembered answers of LineMatcher._admitted and ._in_order: they depend on the group's rules alone
# (never on a page), and the number of distinct keys stays small (word counts, first characters,
# combinations of candidate rules); a cache is emptied when full all the same.
MATCHER_CACHE_SIZE = 20_000


class LineMatcher:
    """All line-scope rules of one group (the general packs, or one site's pack), compiled once.

    Sets of rules are bit masks here: bit ``k`` stands for ``rules[k]``. With ``active`` (a flag per
    rule) only the flagged rules are handed out; ``shared``, a matcher of the same ``rules``, lends
    its compiled rules, literal scanner and memory of verdicts: the engine's later passes run a few
    of a group's rules on lines the first pass has seen (a rule keeps its index, so verdicts and
    literal finds mean the same).
    """

    def __init__(self, rules: list[Rule], active: Sequence[bool] | None = None, shared: LineMatcher | None = None):
        self.rules = [compile_rule(r, k) for k, r in enumerate(rules)] if shared is None else shared.rules
        on = [True] * len(rules) if active is None else list(active)
        self.active = [cr for cr in self.rules if on[cr.index]]  # the rules handed out
        self._active = sum(1 << cr.index for cr in self.active)
        limits = [r.max_words or math.inf for r in rules]
        # a longer line cannot be removed by any rule here
        self.max_words = max((limits[cr.index] for cr in self.active), default=0)
        self._literals: prefilter.LiteralScanner | None = None
        self._regex: RegexScanner | None = None
        # line view -> (indices of the rules checked on it, indices of those that matched): the
        # engine's memory of pattern verdicts for short lines, which repeat across pages
        self.verdicts: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        if shared is not None:
            self._literals, self.verdicts = shared._literals, shared.verdicts
        elif self.rules and os.environ.get(MATCHER_ENV, "") != "regex" and prefilter.available():
            self._literals = prefilter.LiteralScanner([r.any for r in rules], limits)
        # The (active) rules handed every line, as far as their guards admit it: those without a
        # literal (with the regex scanner: every rule, on the lines it hits)
        always = self._literals.always if self._literals is not None else range(len(rules))
        self._always_indices = [k for k in sorted(always) if on[k]]
        self._always = sum(1 << k for k in self._always_indices)
        self._guards = [((r.min_words or 0), limits[k]) for k, r in enumerate(rules)]
        self._by_words: dict[int, int] = {}  # see _admitted
        self._by_start: dict[str, int] = {}
        self._ordered: dict[int, tuple[CompiledRule, ...]] = {}  # see _in_order

    @property
    def engine(self) -> str:
        """Which scanner finds candidates: ``literal`` or ``regex``."""
        return "literal" if self._literals is not None else "regex"

    def literal_hits(self, page: Page) -> dict[int, int]:
        """Line index -> mask of the rules (active or not) one of whose literals the line holds
        (what ``candidates`` starts from); empty with the regex scanner."""
        if self._literals is None:
            return {}
        return self._literals.scan(page.text, page.starts, page.words)

    def reachable(self, hits: dict[int, int] | None) -> int:
        """The mask of the active rules that some line of a page with these literal ``hits`` may be
        handed: those with a hit, and those handed every line (all active rules when the hits
        are not known, or with the regex scanner)."""
        if self._literals is None or hits is None:
            return self._active
        found = self._always
        for mask in hits.values():
            found |= mask
        return found & self._active

    def allowed(self, blocked: Sequence[tuple[int, int]], n: int) -> list[int]:
        """The mask of the active rules not excluded at each of ``n`` lines (``blocked``: see
        ``candidates``)."""
        return _per_line(blocked, n, self._active)

    def candidates(self, page: Page, timeout: float | None, blocked: Sequence[tuple[int, int]] = (),
                   hits: dict[int, int] | None = None, allowed: list[int] | None = None,
                   refused: tuple[int, Callable[[int], int]] | None = None,
                   ) -> Iterator[tuple[int, tuple[CompiledRule, ...]]]:
        """(line index, rules to check in order) for every line that some rule may match.

        A line is handed only the rules whose word-count guards admit it (and the first-character
        test, for the rules without a literal) and that ``blocked`` does not exclude there: (first
        line, mask of rules that cannot act from that line on, until the next entry's line), in line
        order (the engine's position conditions, see ``engine.Reach``). ``hits``: the page's
        ``literal_hits`` when they are known (a later pass keeps lines of the first, whose finds
        hold for them as they were). ``allowed``: ``self.allowed(blocked, len(page))``, when the
        caller has it already (then ``blocked`` is not read). ``refused``: (the mask of the rules
        with a condition on the line itself, a function of a line index giving those of them that
        the line refuses), see ``engine.Reach.refused``.
        """
        if not self.active:
            return
        if allowed is None:
            allowed = self.allowed(blocked, len(page))
        if self._literals is not None:
            found = self.literal_hits(page) if hits is None else hits
            yield from self._from_literals(page, found, allowed, refused)
        else:
            yield from self._from_regex(page, timeout, allowed, refused)

    def _from_literals(self, page: Page, found: dict[int, int], allowed: list[int],
                       refused: tuple[int, Callable[[int], int]] | None,
                       ) -> Iterator[tuple[int, tuple[CompiledRule, ...]]]:
        always = self._always
        line_rules, refusing = refused or (0, None)
        words, views = page.words, page.views
        lines = range(len(page)) if always else sorted(found)
        for i in lines:
            w = words[i]
            if not w or w > self.max_words:
                continue
            ids = (found.get(i, 0) | always) & allowed[i]
            if ids:
                ids &= self._admitted(w, views[i][:1])
                if ids & line_rules:
                    ids &= ~refusing(i)
                if ids:
                    yield i, self._in_order(ids)

    def _admitted(self, words: int, start: str) -> int:
        """The rules that a line of ``words`` words starting with ``start`` may concern: their
        word-count guards allow it and, for a rule without a literal, its first-character test."""
        by_words = self._by_words.get(words)
        if by_words is None:
            by_words = sum(1 << k for k, (least, most) in enumerate(self._guards) if least <= words <= most)
            bounded_put(self._by_words, words, by_words)
        by_start = self._by_start.get(start)
        if by_start is None:
            # (only rules without a literal, handed every line, are tested here: working out the
            # test of every rule takes a parse of each pattern, which a command's start should not
            # pay for; the others are tested in CompiledRule.search)
            by_start = ~self._always
            for k in self._always_indices:
                first = self.rules[k].first
                if first is None or first.admits(start):
                    by_start |= 1 << k
            bounded_put(self._by_start, start, by_start)
        return by_words & by_start

    def _in_order(self, ids: int) -> tuple[CompiledRule, ...]:
        """The rules of the mask ``ids``, in rule order."""
        rules = self._ordered.get(ids)
        if rules is None:
            found = []
            rest = ids
            while rest:
                low = rest & -rest  # the lowest bit set
                found.append(self.rules[low.bit_length() - 1])
                rest ^= low
            rules = tuple(found)
            bounded_put(self._ordered, ids, rules)
        return rules

    def _from_regex(self, page: Page, timeout: float | None, allowed: list[int],
                    refused: tuple[int, Callable[[int], int]] | None,
                    ) -> Iterator[tuple[int, tuple[CompiledRule, ...]]]:
        if self._regex is None:
            self._regex = RegexScanner(self.active)
        scanner = self._regex
        line_rules, refusing = refused or (0, None)
        views, words = page.views, page.words
        for i in range(len(page)):
            w = words[i]
            if w and w <= self.max_words:
                ids = self._always & allowed[i] & self._admitted(w, views[i][:1])
                if ids & line_rules:
                    ids &= ~refusing(i)
                if ids and scanner.hits(views[i], timeout):
                    yield i, self._in_order(ids)


def bounded_put(cache: dict, key, value, size: int = MATCHER_CACHE_SIZE) -> None:
    """Add to one of the matcher's caches (or the engine's memory of verdicts), emptying it first
    when it holds ``size`` entries."""
    if len(cache) >= size:
        cache.clear()
    cache[key] = value


def _per_line(blocked: Sequence[tuple[int, int]], n: int, rules: int) -> list[int]:
    """The mask of the ``rules`` not excluded at each of ``n`` lines, from (first line, excluded)
    entries.

    >>> _per_line([(0, 0b01), (2, 0b10)], 4, 0b111) == [0b110, 0b110, 0b101, 0b101]
    True
    >>> _per_line((), 2, 0b11)
    [3, 3]
    """
    if not blocked:
        return [rules] * n
    allowed = [rules] * blocked[0][0]
    for k, (first, excluded) in enumerate(blocked):
        end = blocked[k + 1][0] if k + 1 < len(blocked) else n
        allowed += [rules & ~excluded] * (end - first)
    return allowed
