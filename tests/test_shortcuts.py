"""The engine's shortcuts give the answers of the line-by-line checks they stand in for.

``Reach`` decides the range conditions (head, tail, prose...) once per page and pass, and the matcher
hands a line only the rules they admit; ``Engine._fits`` is the line-by-line definition. Both must
agree for every rule on every line, on input pages and on the shorter pages of later passes (where a
cut's head/tail window is counted in the input). ``Page.is_page_title`` answers most lines from
their first character; the full test must agree.
"""

from __future__ import annotations

import random

import pytest

from cleantext import Cleaner
from cleantext.boilerplate.engine import Engine, Reach
from cleantext.boilerplate.matcher import _per_line
from cleantext.segment import Page

PROSE = "The council approved the new budget on Tuesday after a debate that lasted more than six hours."
SHORT = ["Home", "- News", "Sport", "Share", "1. Weather", "Read more", "Kommentare", "© 2024 Example",
         "By Jane Miller", "Harbour strike", "Subscribe now for 1 € a month", ""]


def _documents() -> list[str]:
    """Example documents of every rule, and random mixtures of menu lines and prose."""
    cleaner = Cleaner()
    docs = [ex.text for rule in cleaner.active for exs in rule.examples.values() for ex in exs if "\n" in ex.text]
    rng = random.Random(7)
    for _ in range(60):
        docs.append("\n".join(rng.choice(SHORT + [PROSE] * 3) for _ in range(rng.randint(1, 60))))
    return docs


def _agree(engine: Engine, page: Page) -> None:
    for group in engine.groups_for(None):
        for matcher, reach in ((group.matcher, group.reach), (group.contextual, group.contextual_reach)):
            allowed = _per_line(reach.blocked(page), len(page), -1)
            assert len(allowed) == len(page)
            refused = reach.refused(page)
            for cr in matcher.active:
                rule, k = cr.rule, cr.index
                for i in range(len(page)):
                    w = page.words[i]
                    guards = (rule.max_words is None or w <= rule.max_words) and \
                        (rule.min_words is None or w >= rule.min_words)
                    shortcut = guards and bool(allowed[i] >> k & 1) and \
                        (k not in reach.line_checked or Engine._fits_line(rule, page, i))
                    assert shortcut == Engine._fits(rule, page, i), (rule.id, i, page.text)
                    # the line conditions, worked out once per line for every rule that has one
                    assert bool(refused(i) >> k & 1) == (k in reach.line_checked
                                                         and not Engine._fits_line(rule, page, i)), (rule.id, i)
            # asked about some rules only, Reach gives the same answers for those
            some = sum(1 << cr.index for cr in matcher.active[::3])
            partial = _per_line(reach.blocked(page, some), len(page), -1)
            assert [a & some for a in partial] == [a & some for a in allowed]


@pytest.mark.parametrize("seed", range(3))
def test_reach_agrees_with_fits_on_input_and_later_pages(seed):
    engine = Cleaner()._engine
    rng = random.Random(seed)
    docs = _documents()
    for text in rng.sample(docs, min(len(docs), 150)):
        page = Page(text, "example.com/news/2024/harbour-strike.html")
        _agree(engine, page)
        # a later pass: some lines gone, a cut's window still counted in the input
        kept = [i for i in range(len(page)) if rng.random() < 0.6]
        if kept:
            later = page.keeping(kept)
            later.input_ranks = ([page.rank[i] for i in kept], [page.nonblank - page.rank[i] for i in kept])
            _agree(engine, later)


def test_every_where_condition_is_a_range_a_line_or_a_neighbour_condition():
    """A new where-key must join one of the engine's kinds, or Reach and _fits_line would skip it."""
    from dataclasses import fields

    from cleantext.boilerplate.engine import _LINE_KEYS, _RANGE_KEYS
    from cleantext.boilerplate.schema import NEIGHBOUR_KEYS, Where

    kinds = [*_RANGE_KEYS, *_LINE_KEYS, *NEIGHBOUR_KEYS]
    assert sorted(kinds) == sorted(f.name for f in fields(Where))


def test_reach_groups_rules_with_the_same_conditions():
    rules = Cleaner()._engine.general.matcher.active
    reach = Reach(rules)
    assert 0 < len(reach._specs) < len(rules)


@pytest.mark.parametrize("address", [
    "example.com/news/2024/harbour-strike.html",
    "example.com/kultur/vintage-flair-mit-viel-gruen",
    "example.com/essenwestviertel.htm",
    "example.com/sport/über-uns-ärger",
    "example.com/item/show/132240/1",
])
def test_page_title_quick_answer_agrees_with_the_full_test(address):
    """Page.is_page_title's quick answer (the line's first character) never differs from _is_title."""
    from cleantext.segment import _is_title

    lines = ["Harbour strike", "Harbour Strike ends", "Strike", "Vintage-Flair mit viel Grün", "Grün", "Ärger",
             "über uns ärger", "Essen-Westviertel", "essen westviertel", "1. Harbour strike", "«Harbour strike»",
             "İstanbul", "Éditorial", "132240", *SHORT]
    page = Page("\n".join(lines), address)
    for i in range(len(page)):
        got = page.is_page_title(i)
        known, joined, _ = page._title_spellings
        assert got == (bool(known) and _is_title(page.views[i], known, joined)), (address, page.views[i])
