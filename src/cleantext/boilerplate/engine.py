"""Deciding what to remove: runs compiled rule groups over a segmented page and returns Removals."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..record import Removal
from ..segment import Page, is_prose
from .loader import address_of, host_of, site_matches
from .matcher import CompiledRule, LineMatcher, bounded_put, compile_rule
from .schema import NEIGHBOUR_KEYS, Rule, Where, compiled, set_fields


# Rules run again on what is left after a pass that removed lines, up to this many passes in all
# (each pass after the first only runs when the previous one changed the text).
MAX_PASSES = 3
# Actions that take every line above or below: their head/tail windows are judged on the input too
_CUTS = frozenset({"cut_rest", "cut_before"})

# Lines of up to this many words have their pattern verdicts remembered (LineMatcher.verdicts): the
# short lines of menus and buttons repeat from page to page; longer lines rarely do.
VERDICT_MAX_WORDS = 12
# Remembered lines per rule group; the memory is emptied when full (about 10 MB at this size).
VERDICT_CACHE_SIZE = 50_000
# A section under a header above all article prose that runs on to the first prose line leaves
# this many of its last lines: a page's top menu runs straight into the article's title, kicker
# and dateline (measured on whole-page text: they are 1-3 lines)
ARTICLE_HEAD_LINES = 3
_NOTHING_KNOWN: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())


class RuleTimeout(Exception):
    """A pattern took longer than the per-search time limit (a pathological regex or input)."""


@dataclass
class Marks:
    """What is removed, per line: whole lines (by which rule) and spans inside kept lines."""

    direct: list  # rule id that matched this very line, or None
    covered: list  # rule id whose cut/section/block covers this line, or None
    spans: dict  # line index -> list of (start, end, rule id) in line offsets
    # remove_run rules: rule id -> the lines of the run it last found that start no run of their own
    # (too few lines follow, or they are the article head that stays); see Engine._run
    runs: dict = field(default_factory=dict)

    def owner(self, i: int) -> str | None:
        return self.direct[i] or self.covered[i]


@dataclass
class Group:
    """One set of rules compiled for scanning: line rules through the matcher, ``remove_repeat``
    rules, and neighbour rules (``where.beside``/``between``...), which run after the others.

    ``contextual`` holds the line rules whose decision can change once other lines are gone (a
    position condition, or a section or run that reads the lines below); the later passes run only
    those, since a line no other rule took in the first pass cannot be taken by them later. It hands
    out only those (``contextual.active``) but shares the matcher's rules (their indices), literal
    scanner and memory of verdicts: the later passes see lines of the first again.
    """

    matcher: LineMatcher
    contextual: LineMatcher
    repeat: list[CompiledRule]
    neighbour: list[CompiledRule]
    reach: Reach  # the range conditions of the matcher's rules
    contextual_reach: Reach  # and of the contextual matcher's


# where-conditions that read only the line itself or the page's URL, checked line by line
# (Engine._fits_line); every other one reads the lines around it: the neighbour conditions (those
# rules run on their own, after the others), and the conditions that hold on one range of a page's
# lines (outside_prose: on two), decided by the page's figures (ranks, prose lines), which Reach
# works out once per page and pass
_LINE_KEYS = ("list_item", "page_title", "page_url")
_LINE_ONLY = {*_LINE_KEYS, *NEIGHBOUR_KEYS}
_RANGE_KEYS = ("head", "tail", "after_prose", "before_prose", "outside_prose", "outside_article", "min_prose",
               "min_prose_above", "min_prose_below")


def is_contextual(rule: Rule) -> bool:
    """Whether what the rule does at a line depends on the other lines of the page."""
    where = rule.where
    return rule.action in ("remove_section", "remove_run") or any(
        name not in _LINE_ONLY for name in set_fields(where))


def _group(rules: list[Rule]) -> Group:
    plain = [r for r in rules if r.action != "remove_repeat" and not r.where.neighbours]
    matcher = LineMatcher(plain)
    # the later passes' rules, sharing the first pass's rules, literals and memory of verdicts
    contextual = LineMatcher(plain, [is_contextual(r) for r in plain], shared=matcher)
    return Group(matcher, contextual,
                 [compile_rule(r, k) for k, r in enumerate(rules) if r.action == "remove_repeat"],
                 [compile_rule(r, k) for k, r in enumerate(rules)
                  if r.where.neighbours and r.action != "remove_repeat"],
                 Reach(matcher.active), Reach(contextual.active))



class Reach:
    """Where on a page the rules of one matcher can act, as far as their range conditions decide.

    Most rules a line is a candidate for fail on position (``tail: 40``, ``after_prose``,
    ``outside_prose``), and each such condition holds on one range of lines of a page (two for
    ``outside_prose``), known once the page is segmented. So per page and pass the lines are cut
    where one of those ranges starts or ends, and each piece gets the mask of the rules that cannot
    act there (``blocked``): the matcher hands a line only the others. What reads the line itself
    (a list marker, the page title, the page URL: ``line_checked``) is worked out once per line
    and shared by every rule that asks (``refused``), so the matcher leaves out those rules too.
    """

    def __init__(self, rules: Sequence[CompiledRule]):
        specs: dict[tuple, int] = {}  # rules with the same range conditions share one computation
        for cr in rules:
            spec = _range_spec(cr.rule)
            if spec is not None:
                specs[spec] = specs.get(spec, 0) | 1 << cr.index
        self._specs = list(specs.items())
        # the indices of the rules with a condition on the line itself
        self.line_checked = frozenset(cr.index for cr in rules if _given(cr.rule.where, _LINE_KEYS))
        line_specs: dict[tuple, int] = {}  # (list_item, page_title, page_url) -> the rules asking
        for cr in rules:
            if cr.index in self.line_checked:
                spec = tuple(getattr(cr.rule.where, key) for key in _LINE_KEYS)
                line_specs[spec] = line_specs.get(spec, 0) | 1 << cr.index
        self._line_specs = list(line_specs.items())
        self.line_mask = sum(1 << k for k in self.line_checked)

    def refused(self, page: Page) -> Callable[[int], int]:
        """A function of a line index: the mask of the rules whose conditions on the line itself
        (``Engine._fits_line``) fail there, worked out on the first question about the line (most
        lines are never asked about, and the page title test is the costly one)."""
        specs = self._line_specs
        known: list[int | None] = [None] * len(page)

        def refused(i: int) -> int:
            mask = known[i]
            if mask is None:
                mask = 0
                for (list_item, page_title, page_url), rules in specs:
                    if not _line_holds(list_item, page_title, page_url, page, i):
                        mask |= rules
                known[i] = mask
            return mask

        return refused

    def blocked(self, page: Page, rules: int = -1) -> list[tuple[int, int]]:
        """(first line, mask of the rules that cannot act from there to the next entry's line), in
        line order from line 0 (the form ``LineMatcher.candidates`` takes).

        ``rules``: a mask of the rules asked about (``LineMatcher.reachable``: those the page may hand
        some line); the range conditions of the others are not worked out and they count as
        admitted everywhere, which changes nothing, since no line is handed to them. On extracted
        text a page hands a line to a few dozen of the rules, and the other range conditions cost
        more than the whole rest of the scan.
        """
        # each range's ends toggle its rules between excluded and not: one sweep down the page
        toggles: dict[int, int] = {0: 0}
        excluded = 0
        for spec, mask in self._specs:
            mask &= rules
            if not mask:
                continue
            excluded |= mask
            for lo, hi in _lines_where(page, spec):
                toggles[lo] = toggles.get(lo, 0) ^ mask
                toggles[hi] = toggles.get(hi, 0) ^ mask
        out: list[tuple[int, int]] = []
        for first in sorted(toggles):
            excluded ^= toggles[first]
            if not out or out[-1][1] != excluded:
                out.append((first, excluded))
        return out


def _range_spec(rule: Rule) -> tuple | None:
    """The rule's range conditions as a key (None when it has none); a cut's head/tail window is
    counted in the input on later passes, so whether the rule is a cut is part of the key."""
    where = rule.where
    if not _given(where, _RANGE_KEYS):
        return None
    values = tuple(getattr(where, key) for key in _RANGE_KEYS)
    windowed = where.head is not None or where.tail is not None
    return (*values, windowed and rule.action in _CUTS)


def _lines_where(page: Page, spec: tuple) -> list[tuple[int, int]]:
    """The ranges [lo, hi) of line indices where the range conditions of ``spec`` all hold: the same
    conditions as in ``Engine._fits``, solved for the line index (each figure they read is monotonic
    in it)."""
    (head, tail, after_prose, before_prose, outside_prose, outside_article, min_prose, min_prose_above,
     min_prose_below, cut) = spec
    n = len(page)
    lo, hi = 0, n
    if head is not None or tail is not None:
        if cut and page.input_ranks is not None:
            from_top, to_end = page.input_ranks  # (non-decreasing, non-increasing)
        else:
            from_top, to_end = page.rank, None
        if head is not None:  # lines before the head-th non-blank line
            hi = min(hi, bisect_left(from_top, head))
        if tail is not None:  # lines from the tail-th last non-blank line on
            if to_end is None:
                lo = max(lo, bisect_left(from_top, page.nonblank - tail))
            else:
                lo = max(lo, bisect_left(to_end, -tail, key=_negated))
    if after_prose and page.last_prose >= 0:  # from the last prose line on
        lo = max(lo, page.last_prose)
    if before_prose and page.first_prose >= 0:  # up to the first prose line
        hi = min(hi, page.first_prose + 1)
    if min_prose is not None and page.prose_total < min_prose:
        return []
    if min_prose_above is not None:
        lo = max(lo, bisect_left(page.prose_above, min_prose_above))
    if min_prose_below is not None and min_prose_below > 0:
        # line i has prose_total - prose_above[i + 1] prose lines below it (none for the last line)
        hi = min(hi, bisect_right(page.prose_above, page.prose_total - min_prose_below) - 1)
    if outside_prose and page.first_prose + 1 < page.last_prose:  # up to the first prose line, and
        spans = [(lo, min(hi, page.first_prose + 1)), (max(lo, page.last_prose), hi)]  # from the last on
    else:  # (no line is between two prose lines)
        spans = [(lo, hi)]
    if outside_article:  # above the article's first line and below its last (Page.article_span)
        first, last = page.article_span()
        spans = [(max(a, x), min(b, y)) for a, b in spans for x, y in ((0, max(first, 0)), (last + 1, n))]
    return [(a, b) for a, b in spans if a < b]  # (disjoint, in line order)


def _fits_from(reach: tuple[list[int], Callable[[int], int]], cr: CompiledRule) -> Callable[[Rule, Page, int], bool]:
    """``Engine._fits`` for ``cr``'s rule, answered from what a scan knows: (the mask of the rules
    each line's range conditions admit, ``Reach.refused``)."""
    allowed, refused = reach
    bit = 1 << cr.index
    least, most = cr.rule.min_words or 0, cr.rule.max_words

    def fits(rule: Rule, page: Page, j: int) -> bool:
        w = page.words[j]
        return (most is None or w <= most) and w >= least and bool(allowed[j] & bit) and not refused(j) & bit

    return fits


def _line_holds(list_item: bool | None, page_title: bool | None, page_url: bool, page: Page, i: int) -> bool:
    """Whether line ``i`` meets the where-conditions that read the line itself (``_LINE_KEYS``)."""
    if list_item is not None and page.has_marker(i) != list_item:
        return False
    if page_title is not None and page.is_page_title(i) != page_title:
        return False
    if page_url and not (page.address and page.address.partition("/")[0] in page.views[i].lower()
                         and address_of(page.views[i]) == page.address):
        return False  # (the host test first: address_of parses a URL, and most lines hold none)
    return True


def _given(where: Where, keys: tuple[str, ...]) -> bool:
    """Whether one of these where-conditions is set (differs from its default)."""
    given = set_fields(where)
    return any(key in given for key in keys)


def removed_before(page: Page, i: int) -> int:
    """The non-blank lines of the input that earlier passes removed between line ``i - 1`` and line
    ``i`` of ``page`` (0 on the input itself, and above its first line).

    >>> page = Page("Home\\nNews\\nShare\\nSport\\n\\nWeather")
    >>> later = page.keeping([0, 1, 3, 4, 5])  # "Share" was removed
    >>> later.input_ranks = ([page.rank[i] for i in (0, 1, 3, 4, 5)], None)
    >>> [removed_before(later, j) for j in range(len(later))]
    [0, 0, 1, 0, 0]
    """
    if page.input_ranks is None or i == 0:
        return 0
    ranks = page.input_ranks[0]
    # the input's non-blank lines from line i - 1 (itself included when non-blank) up to line i
    return ranks[i] - ranks[i - 1] - (1 if page.words[i - 1] else 0)


def _negated(x: int) -> int:
    return -x


class Engine:
    """The active rules, split into the general group and one group per site, compiled once."""

    def __init__(self, rules: tuple[Rule, ...], timeout: float | None = None):
        self.rules = rules
        self.timeout = timeout
        self.general = _group([r for r in rules if not r.sites])
        by_sites: dict[tuple[str, ...], list[Rule]] = {}
        for r in rules:
            if r.sites:
                by_sites.setdefault(r.sites, []).append(r)
        self._site_rules = by_sites
        self._site_groups: dict[tuple[str, ...], Group] = {}

    def warm(self) -> None:
        """Compile every pattern now (rules otherwise compile when a line first needs them), site
        packs included: before forking workers, which then share the compiled patterns."""
        for sites, rules in self._site_rules.items():
            if sites not in self._site_groups:
                self._site_groups[sites] = _group(rules)
        for group in (self.general, *self._site_groups.values()):
            for cr in (*group.matcher.rules, *group.repeat, *group.neighbour):  # (contextual's among them)
                cr.compile()
                cr.first  # (worked out from the pattern text, also once)

    def groups_for(self, url: str | None) -> list[Group]:
        """General rules first, then the packs of the sites the URL belongs to."""
        groups = [self.general]
        host = host_of(url)
        if host:
            for sites, rules in self._site_rules.items():
                if site_matches(host, sites):
                    if sites not in self._site_groups:
                        self._site_groups[sites] = _group(rules)
                    groups.append(self._site_groups[sites])
        return groups

    def find(self, page: Page, url: str | None = None) -> Marks:
        """Mark what the rules remove from ``page``. Raises RuleTimeout on a runaway pattern.

        Context depends on what is removed: once a trailer's offer box is gone, the paywall marker
        above it is after the last prose line. So the rules run again on the lines that are left
        until a pass removes no further line (at most MAX_PASSES), which also makes cleaning a
        fixpoint: cleaning the output again removes nothing more. One exception: the head/tail window
        of a cut (``cut_rest``, ``cut_before``) stays where the input put it. Counted on what a pass
        left, the window slid up the page with every footer line removed below, until a comment
        count in a byline cut the whole article off (whole-page text); so a cut that only a shorter
        text would allow is not made, and cleaning such an output again may still make it.
        """
        n = len(page)
        marks = Marks([None] * n, [None] * n, {})
        groups = self.groups_for(url)
        page.address = address_of(url)
        kept = list(range(n))  # original index of each line of ``current``
        current = page
        # each group's literal finds on the input's lines: the later passes keep some of those lines,
        # and what they hold has not changed
        hits = [group.matcher.literal_hits(page) for group in groups]
        try:
            for passes in range(MAX_PASSES):
                found = Marks([None] * len(current), [None] * len(current), {})
                for group, group_hits in zip(groups, hits):
                    if passes:
                        kept_hits = {k: group_hits[i] for k, i in enumerate(kept) if i in group_hits}
                        self._scan(current, group.contextual, group.contextual_reach, found, kept_hits)
                    else:
                        self._scan(current, group.matcher, group.reach, found, group_hits)
                    if group.repeat and not passes:  # fewer kept lines never make a new repeat
                        self._repeats(current, group.repeat, found)
                neighbour = [cr for group in groups for cr in group.neighbour]
                if neighbour:
                    self._neighbours(current, neighbour, found)
                removed_line = False
                for k, i in enumerate(kept):
                    if found.direct[k] or found.covered[k]:
                        marks.direct[i] = found.direct[k]
                        marks.covered[i] = found.covered[k]
                        removed_line = True
                    elif k in found.spans and i not in marks.spans:
                        marks.spans[i] = found.spans[k]
                if not removed_line:
                    break
                kept = [i for k, i in enumerate(kept) if not found.owner(k)]
                current = page.keeping(kept)
                # a cut's window stays where the input put it (see the docstring)
                current.input_ranks = ([page.rank[i] for i in kept], [page.nonblank - page.rank[i] for i in kept])
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from None
        return marks

    # -- scanning ---------------------------------------------------------------------------------

    def _scan(self, page: Page, matcher: LineMatcher, reach: Reach, marks: Marks, hits: dict[int, int]) -> None:
        """The first rule (in rule order) that matches a candidate line and applies there, acts.

        The matcher hands a line (of those with literal ``hits``, and every line to the rules with
        no literal) only the rules whose word-count guards, range conditions and conditions on the
        line itself (``reach``) admit it.
        Whether a rule's patterns match depends on the line's text alone, and short lines repeat
        (menus, buttons, "Share", "Kommentare"): for those the matching rules are remembered per
        group (``LineMatcher.verdicts``), and only the position conditions are checked again.
        """
        timeout = self.timeout
        views, words = page.views, page.words
        verdicts = matcher.verdicts
        # the range conditions of only the rules this page may hand a line (most rules have no
        # literal on a page of extracted text); _run reads the same masks for the lines below
        allowed = matcher.allowed(reach.blocked(page, matcher.reachable(hits)), len(page))
        refused = reach.refused(page)
        known = (allowed, refused)
        for i, rules in matcher.candidates(page, timeout, hits=hits, allowed=allowed,
                                           refused=(reach.line_mask, refused)):
            if marks.direct[i]:
                continue
            view = views[i]
            remember = words[i] <= VERDICT_MAX_WORDS
            checked, matched = (verdicts.get(view) if remember else None) or _NOTHING_KNOWN
            learned = False
            for cr in rules:
                k = cr.index
                if k in checked:  # the verdict on this text is known: the position is, too
                    if k in matched and self._act(cr, page, i, marks, verdicts, known):
                        break
                    continue
                hit = self._matches(cr, view)
                checked = checked | {k}
                if hit:
                    matched = matched | {k}
                learned = True
                if hit and self._act(cr, page, i, marks, verdicts, known):
                    break
            if learned and remember:
                bounded_put(verdicts, view, (checked, matched), VERDICT_CACHE_SIZE)

    def _matches(self, cr: CompiledRule, view: str) -> bool:
        """The rule's patterns match the line and none of its vetoes does."""
        timeout = self.timeout
        return cr.search(view, timeout) is not None and not (cr.unless and cr.vetoed(view, timeout))

    def _recall(self, cr: CompiledRule, view: str, words: int, verdicts: dict | None) -> bool:
        """``_matches``, answered from and added to the matcher's memory of verdicts (``verdicts``,
        for the rule indices of ``cr``'s matcher; None: no memory) when the line is short."""
        if verdicts is None or words > VERDICT_MAX_WORDS:
            return self._matches(cr, view)
        checked, matched = verdicts.get(view) or _NOTHING_KNOWN
        k = cr.index
        if k in checked:
            return k in matched
        hit = self._matches(cr, view)
        bounded_put(verdicts, view, (checked | {k}, matched | {k} if hit else matched), VERDICT_CACHE_SIZE)
        return hit

    def _neighbours(self, page: Page, rules: list[CompiledRule], marks: Marks) -> None:
        """Neighbour rules: a line next to lines removed by the named packs or rules, repeated until
        nothing more is removed, so that a run (a comment thread) is taken line by line."""
        nonblank = [i for i, w in enumerate(page.words) if w]
        last = len(nonblank) - 1
        direct, covered = marks.direct, marks.covered  # (marks.owner, inlined: every line is read)
        conditions = [(cr, cr.rule.where.neighbours, _NEIGHBOURS_HOLD[cr.rule.where.neighbour_key]) for cr in rules]
        held: dict[tuple[str | None, str | None], list[CompiledRule]] = {}  # see _held
        changed = True
        while changed:
            changed = False
            for k, i in enumerate(nonblank):
                if direct[i] or covered[i]:
                    continue
                above = direct[nonblank[k - 1]] or covered[nonblank[k - 1]] if k > 0 else None
                below = direct[nonblank[k + 1]] or covered[nonblank[k + 1]] if k < last else None
                if not (above or below):
                    continue
                near = held.get((above, below))
                if near is None:
                    near = held[above, below] = _held(conditions, above, below)
                for cr in near:
                    if self._applies(cr, page, i) and cr.search(page.views[i], self.timeout) is not None \
                            and self._act(cr, page, i, marks):
                        changed = True
                        break

    def _repeats(self, page: Page, repeat: list[CompiledRule], marks: Marks) -> None:
        """``remove_repeat`` rules: a line identical to an earlier kept line."""
        seen: set[str] = set()
        for i, view in enumerate(page.views):
            if not page.words[i]:
                continue
            if view in seen and not marks.owner(i):
                for cr in repeat:
                    if self._applies(cr, page, i) and cr.search(view, self.timeout) is not None:
                        marks.direct[i] = cr.rule.id
                        break
            elif not marks.owner(i):
                seen.add(view)

    def _applies(self, cr: CompiledRule, page: Page, i: int) -> bool:
        """The rule's guards, position conditions and vetoes hold for line ``i`` (patterns aside)."""
        if not self._fits(cr.rule, page, i):
            return False
        return not (cr.unless and cr.vetoed(page.views[i], self.timeout))

    @staticmethod
    def _fits(rule: Rule, page: Page, i: int) -> bool:
        """Word-count guards and position conditions (the cheap checks, done before any pattern)."""
        w = page.words[i]
        if rule.max_words is not None and w > rule.max_words:
            return False
        if rule.min_words is not None and w < rule.min_words:
            return False
        where = rule.where
        if where.head is not None or where.tail is not None:
            if page.input_ranks is not None and rule.action in _CUTS:  # (never nearer the edge than now)
                head, tail = page.input_ranks[0][i], page.input_ranks[1][i]
            else:
                head, tail = page.rank[i], page.nonblank - page.rank[i]
            if where.head is not None and head >= where.head or where.tail is not None and tail > where.tail:
                return False
        if where.after_prose and page.prose_after(i):
            return False
        if where.before_prose and page.prose_before(i):
            return False
        if where.outside_prose and page.prose_before(i) and page.prose_after(i):
            return False
        if where.outside_article and not page.outside_article(i):
            return False
        if where.min_prose is not None and page.prose_total < where.min_prose:
            return False
        if where.min_prose_above is not None and page.prose_above[i] < where.min_prose_above:
            return False
        if where.min_prose_below is not None and page.prose_below(i) < where.min_prose_below:
            return False
        return Engine._fits_line(rule, page, i)

    @staticmethod
    def _fits_line(rule: Rule, page: Page, i: int) -> bool:
        """The position conditions that read the line itself (list marker, page title, page URL)."""
        where = rule.where
        return _line_holds(where.list_item, where.page_title, where.page_url, page, i)

    def _act(self, cr: CompiledRule, page: Page, i: int, marks: Marks, verdicts: dict | None = None,
             reach: tuple[list[int], Callable[[int], int]] | None = None) -> bool:
        """Mark what the rule removes at line ``i``; False when it finds nothing to remove there
        (a section header with no run under it), so that the next matching rule gets its turn.
        ``verdicts``: the memory of pattern verdicts of ``cr``'s matcher, if any (see ``_run``);
        ``reach``: what the scan knows of its position conditions on this page (see ``_run``)."""
        rule = cr.rule
        action = rule.action
        if action == "remove_match":
            return self._spans(cr, page, i, marks)
        if action == "remove_line":
            cover: range = range(0)
        elif action == "remove_block":
            cover = page.block_of(i)
        elif action == "cut_rest":
            cover = range(i + 1, len(page))
        elif action == "cut_before":
            cover = range(0, i)
        elif action == "remove_run":
            if marks.covered[i] == rule.id:
                # inside a run this rule took from a line above, which ends where this one would:
                # nothing to add (and the line is left to the other rules, as in a section)
                return False
            found = self._run(cr, page, i, marks, verdicts, reach)
            if found is None:
                return False
            cover = found
        else:  # remove_section
            section = self._section(rule, page, i)
            if section is None:
                return False
            cover = section
        # the first rule that took a line keeps the credit: a line inside a section removed above is
        # still scanned (it may start a cut that reaches further) but stays the section's
        if marks.covered[i] is None:
            marks.direct[i] = rule.id
        for j in cover:
            if marks.covered[j] is None and marks.direct[j] is None:
                marks.covered[j] = rule.id
        return True

    def _run(self, cr: CompiledRule, page: Page, i: int, marks: Marks, verdicts: dict | None,
             reach: tuple[list[int], Callable[[int], int]] | None = None) -> range | None:
        """For ``remove_run``: the lines after ``i`` that continue a run of lines the rule matches
        (each one passing its guards, position conditions and vetoes; blank lines inside allowed).
        The verdicts on the lines below go to the matcher's memory (``_recall``): the scan reaches
        those lines next and asks again. ``reach``: the scan's mask of the rules each line's range
        conditions admit and its ``Reach.refused``, which decide ``_fits`` with the word-count
        guards; None: ``_fits`` line by line.

        None when the run, line ``i`` included, is shorter than ``run.min_lines``: one headline-like
        line is content, a column of them is a list of links. With ``run.bridge_removed`` the lines
        that earlier passes removed between two lines of the run (gone from ``page``;
        ``removed_before`` counts them) count towards ``min_lines``: single-line rules take a menu's
        known entries ("Impressum", "Newsletter", "Suche nach:") one by one in the first pass, and
        what they leave of the column is too short to be one by itself. (Lines that other rules take
        later in the same pass are not known yet; the next pass judges the run again without them.)

        A run above all article prose that goes on to the first prose line (nothing else between)
        leaves its last ARTICLE_HEAD_LINES lines, as a section does: a page's top menu runs straight
        into the article's title, kicker and dateline.
        """
        if i in marks.runs.get(cr.rule.id, ()):
            return None  # a later line of a run found from above, which was too short or ends here
        members = [i]
        rule, words, views = cr.rule, page.words, page.views
        fits = self._fits if reach is None else _fits_from(reach, cr)
        bridge = rule.run.bridge_removed and page.input_ranks is not None  # (none removed before the first pass)
        bridged = 0  # run.bridge_removed: lines earlier passes removed between two of the run's lines
        pending = 0  # and those since its last line, which count once another of its lines follows
        for j in range(i + 1, len(page)):
            if bridge:
                pending += removed_before(page, j)
            w = words[j]
            if not w:
                continue
            if not (fits(rule, page, j) and self._recall(cr, views[j], w, verdicts)):
                break
            members.append(j)
            bridged += pending
            pending = 0
        if len(members) + bridged < rule.run.min_lines or self._introduced(rule, page, i):
            marks.runs[cr.rule.id] = frozenset(members)
            return None
        last = members[-1]
        start = page.article_span()[0]  # (a prose line in a sidebar above is not the article)
        if 0 <= last < start and page.rank[start] - page.rank[last] <= ARTICLE_HEAD_LINES:
            # the non-blank lines from the run's end to the article: the run's last lines count
            # towards the article head that stays
            between = page.rank[start] - page.rank[last] - 1
            spared = members[-(ARTICLE_HEAD_LINES - between):]
            marks.runs[cr.rule.id] = frozenset(spared)
            if i in spared:
                return None
            last = spared[0] - 1
        return range(i + 1, last + 1)

    def _introduced(self, rule: Rule, page: Page, i: int) -> bool:
        """Whether the nearest non-blank line above line ``i`` matches one of ``run.not_below``: a
        line that introduces the run as the article's own list ("The following schools are
        affected:")."""
        if not rule.run.not_below:
            return False
        j = i - 1
        while j >= 0 and not page.words[j]:
            j -= 1
        return j >= 0 and any(compiled(p, rule.flags).search(page.views[j], timeout=self.timeout) is not None
                              for p in rule.run.not_below)

    def _section(self, rule: Rule, page: Page, i: int) -> range | None:
        """The run of short lines under a header at ``i`` (blank lines inside it included).

        None when fewer than ``run.min_lines`` short lines follow and the run does not reach the end
        of the text (a header word in the middle of an article is left alone). With
        ``run.until_repeat`` the run ends before a line that repeats its first line (a table of
        contents whose first entry comes back as the article's first heading). Under a header above
        all article prose, a run of short lines (no ``run.match``: not a dialog) that goes on to the
        first prose line leaves its last ARTICLE_HEAD_LINES lines: in a page's top chrome it has
        reached the article's own title, kicker and dateline.
        """
        limit = rule.run.max_words
        extend = [compiled(p, rule.flags) for p in rule.run.match]
        last = i
        short = 0
        reached_end = True
        list_run = None  # with run.same_marker: whether the run is a list (decided by its first line)
        first_entry = None
        for j in range(i + 1, len(page)):
            w = page.words[j]
            if not w:
                continue
            if rule.run.same_marker:
                if list_run is None:
                    list_run = page.has_marker(j)
                elif list_run and not page.has_marker(j):
                    reached_end = False
                    break
            if w > limit and not any(p.search(page.views[j], timeout=self.timeout) is not None for p in extend):
                if not extend and page.prose_above[i] == 0 and is_prose(page.views[j], w):
                    # the run went on to the first prose line: its last lines are the article's
                    # title, kicker and dateline, not list entries; they stay
                    kept = [k for k in range(i + 1, j) if page.words[k]][-ARTICLE_HEAD_LINES:]
                    last = kept[0] - 1 if kept else last
                    short -= len(kept)
                reached_end = False
                break
            entry = page.views[j].casefold()
            if first_entry is None:
                first_entry = entry
            elif rule.run.until_repeat and entry == first_entry:
                reached_end = False
                break
            short += 1
            last = j
        if short < rule.run.min_lines and not reached_end:
            return None
        return range(i + 1, last + 1)

    def _spans(self, cr: CompiledRule, page: Page, i: int, marks: Marks) -> bool:
        line, view = page.lines[i], page.views[i]
        shift = len(line) - len(view)
        found = []
        for pat in cr.patterns:
            for m in pat.finditer(view, timeout=self.timeout):
                if m.end() > m.start():
                    found.append((m.start() + shift, m.end() + shift, cr.rule.id))
        if found:
            marks.spans.setdefault(i, []).extend(found)
        return bool(found)


# whether a neighbour condition holds, from (the line above is named, the line below is named)
_NEIGHBOURS_HOLD = {
    "beside": lambda above, below: above or below,
    "between": lambda above, below: above and below,
    "after": lambda above, below: above,
    "before": lambda above, below: below,
}


def _held(conditions: list[tuple[CompiledRule, tuple[str, ...], Callable]], above: str | None,
          below: str | None) -> list[CompiledRule]:
    """The neighbour rules (in order) whose condition holds between a line removed by ``above``
    and one removed by ``below`` (rule ids; None: kept), from (rule, the names its condition
    gives, the condition's test) for each neighbour rule."""
    return [cr for cr, names, hold in conditions if hold(_named(above, names), _named(below, names))]


def _named(rule_id: str | None, names: tuple[str, ...]) -> bool:
    """``rule_id`` is one of ``names`` or belongs to a pack among them.

    >>> _named("comments.byline", ("comments",)), _named("comments.byline", ("comment",))
    (True, False)
    >>> _named(None, ("comments",)), _named("ads.label", ("ads.label",))
    (False, True)
    """
    if not rule_id:
        return False
    return rule_id in names or rule_id.split(".", 1)[0] in names


def removals(page: Page, marks: Marks) -> list[Removal]:
    """Turn marks into Removals (one per removed line, one per merged span), in document order.

    A removed line takes its newline with it; the last line takes the newline before it instead, so
    that what is left never ends with a dangling line break from the removal.
    """
    out: list[Removal] = []
    text, starts, lines = page.text, page.starts, page.lines
    direct, covered, spanned = marks.direct, marks.covered, marks.spans
    n = len(lines)
    for i in range(n):
        rid = direct[i] or covered[i]  # (marks.owner, inlined: every line is read)
        if not rid and i not in spanned:
            continue
        start = starts[i]
        end = start + len(lines[i])
        if rid:
            if i < n - 1:
                end += 1  # the line's own newline
            elif i > 0 and not (direct[i - 1] or covered[i - 1]):
                start -= 1  # the last line: take the newline before it
            if end > start:
                out.append(Removal(rid, start, end, text[start:end], i + 1))
            continue
        spans = marks.spans.get(i)
        if spans:
            for s, e, r in _merge(spans):
                out.append(Removal(r, start + s, start + e, text[start + s:start + e], i + 1))
    return out


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Merge overlapping spans (the earlier rule keeps the credit).

    >>> _merge([(5, 9, "a.x"), (0, 3, "b.y"), (2, 6, "c.z")])
    [(0, 9, 'b.y')]
    """
    merged: list[list] = []
    for s, e, r in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, r])
    return [tuple(m) for m in merged]  # type: ignore[misc]


def removed_words(page: Page, marks: Marks) -> int:
    """Words taken by the marks (spans counted by their own words)."""
    total = 0
    for i, w in enumerate(page.words):
        if marks.owner(i):
            total += w
        elif i in marks.spans:
            line = page.lines[i]
            total += sum(len(line[s:e].split()) for s, e, _ in marks.spans[i])
    return total
