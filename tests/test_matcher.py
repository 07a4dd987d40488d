"""The literal prefilter finds every line a rule could match: both scanners give the same results."""

from __future__ import annotations

import pytest
import regex

from cleantext import Cleaner
from cleantext.boilerplate import load_ruleset
from cleantext.boilerplate.engine import Engine
from cleantext.boilerplate.prefilter import Unsupported, required_literals, widen

RULESET = load_ruleset()
EXAMPLE_LINES = sorted({
    line
    for rule in RULESET.rules
    for examples in rule.examples.values()
    for ex in examples
    for line in ex.text.split("\n")
    if line.strip()
})


def test_every_pattern_match_contains_one_of_its_required_literals():
    """On every example line of every pack: a pattern that matches implies one literal is present."""
    checked = 0
    for rule in RULESET.rules:
        for pattern in rule.any:
            try:
                literals = required_literals(widen(pattern))
            except Unsupported:
                continue
            if literals is None:
                continue
            compiled = regex.compile(pattern, rule.flags)
            for line in EXAMPLE_LINES:
                if compiled.search(line):
                    folded = line.casefold()
                    assert any(lit in folded for lit in literals), (rule.id, pattern, line, sorted(literals))
                    checked += 1
    assert checked > len(RULESET.rules)


def test_literal_and_regex_scanners_agree_on_documents(monkeypatch):
    article = "The regional court will announce its decision on the appeal next Tuesday, a spokesman said."
    docs = []
    for rule in RULESET.rules:
        texts = [ex.text for exs in rule.examples.values() for ex in exs]
        docs.append("\n".join([article, *texts, article]))
        docs.append("\n".join(texts))
    literal = Cleaner()
    assert literal._engine.general.matcher.engine == "literal"
    monkeypatch.setenv("CLEANTEXT_MATCHER", "regex")
    regex_only = Cleaner()
    regex_only._engine = Engine(regex_only.active, regex_only._engine.timeout)
    assert regex_only._engine.general.matcher.engine == "regex"
    for doc in docs:
        assert literal.clean(doc) == regex_only.clean(doc), doc


@pytest.mark.parametrize("pattern,literals", [
    # a chain of fixed text runs through groups of alternatives and optional parts
    (r"^(already )?subscribed\? log ?in\b", {"subscribed? log in", "subscribed? login"}),
    (r"^(cargar|ver) (más|todo)\b", {"cargar más", "cargar todo", "ver más", "ver todo"}),
    (r"^(teilen|share) (on|auf) [\w ]+$", {"teilen on ", "teilen auf ", "share on ", "share auf "}),
    (r"^© \d{4}", {"© "}),
    (r"^\w+$", None),
    (r"(?i:^Werbung$)", {"werbung"}),
    (r"^(?P<n>abc)d(?=e)", {"abcd"}),
    # a back-reference is widened to any text: the literals around it still count
    (r"^(\w+), \1 and more$", {" and more"}),
    (r"(?P<w>\w+) \g<w> again", {" again"}),
])
def test_required_literals(pattern, literals):
    got = required_literals(widen(pattern))
    assert (None if got is None else set(got)) == literals


def test_every_pattern_match_starts_with_one_of_its_first_characters():
    """On every example line of every pack, and its view: a pattern that matches at the line start
    begins with a character its first-character test admits (the test only ever skips non-matches)."""
    from cleantext.boilerplate.prefilter import first_chars
    from cleantext.segment import view_of

    checked = 0
    for rule in RULESET.rules:
        for pattern in rule.any:
            first = first_chars(pattern)
            if first is None:
                continue
            compiled = regex.compile(pattern, rule.flags)
            for line in EXAMPLE_LINES:
                view = view_of(line)
                if compiled.search(view):
                    assert first.admits(view[:1]), (rule.id, pattern, view)
                    checked += 1
    assert checked > 500


def test_remembered_verdicts_still_check_each_lines_position():
    """The same short line at two places: its pattern verdict is remembered, its position is not."""
    cleaner = Cleaner(select=("share.network-name-head",))
    text = ("Facebook\nThe council approved the new cycle lane on Tuesday after a long debate.\n"
            "Facebook\nThe mayor said the work would start in spring and end before the summer.")
    expected = ("The council approved the new cycle lane on Tuesday after a long debate.\n"
                "Facebook\nThe mayor said the work would start in spring and end before the summer.")
    assert cleaner.clean(text) == expected
    assert cleaner.clean(text) == expected  # the second time from remembered verdicts
    assert cleaner._engine.general.matcher.verdicts  # (they were remembered)


def test_remembered_verdicts_give_the_same_removals_as_fresh_ones(monkeypatch):
    """Whole documents cleaned with the memory of verdicts and with none give the same result."""
    from cleantext.boilerplate import engine

    docs = [ex.text for rule in RULESET.rules for examples in rule.examples.values() for ex in examples]
    remembered = Cleaner()
    with_memory = [remembered.clean_and_explain(d) for d in docs + docs]
    monkeypatch.setattr(engine, "VERDICT_MAX_WORDS", 0)
    fresh = Cleaner()
    without = [fresh.clean_and_explain(d) for d in docs + docs]
    assert [r.text for r in with_memory] == [r.text for r in without]
    assert [[(x.rule, x.start, x.end) for x in r.removals] for r in with_memory] == \
        [[(x.rule, x.start, x.end) for x in r.removals] for r in without]


def test_a_veto_is_only_skipped_on_lines_that_lack_its_words():
    """CompiledRule.vetoed (which skips a veto whose required strings a line lacks) gives the answer
    of searching every veto, for every rule with vetoes, on every example line."""
    from cleantext.boilerplate.matcher import compile_rule
    from cleantext.segment import view_of

    tested = skipped = 0
    for rule in RULESET.rules:
        if not rule.unless:
            continue
        cr = compile_rule(rule)
        plain = [regex.compile(p, rule.flags) for p in rule.unless]
        tested += 1
        skipped += any(needs is not None for _, needs in cr.compile()[5])
        for line in EXAMPLE_LINES:
            view = view_of(line)
            assert cr.vetoed(view, None) == any(p.search(view) for p in plain), (rule.id, view)
    assert tested > 10 and skipped > 5


@pytest.mark.parametrize("strings", [["ago"], [":", "ago", "vor "], [f"w{k}" for k in range(20)]])
def test_any_of_answers_alike_with_few_and_many_strings(strings):
    """AnyOf tests a few strings one by one and more with an automaton: the same answers."""
    from cleantext.boilerplate import prefilter

    test = prefilter.AnyOf(strings)
    assert (test._automaton is None) == (len(strings) <= prefilter._FEW_STRINGS)
    for text in ["2 days ago", "12:30", "vor 3 tagen", "nothing here", "w19", "w7 and w1", ""]:
        assert test.found_in(text) == any(s in text for s in strings), (strings, text)


def test_reachable_rules_are_those_with_a_hit_or_without_a_literal():
    """LineMatcher.reachable: every rule with a literal hit on the page and every rule handed all
    lines; no rule the matcher does not hand out."""
    from cleantext.segment import Page

    matcher = Cleaner()._engine.general.matcher
    page = Page("Share this article\nThe council approved the budget on Tuesday after a long debate.\n"
                "Read more: the budget in numbers")
    hits = matcher.literal_hits(page)
    assert hits
    reachable = matcher.reachable(hits)
    for cr in matcher.rules:
        bit = 1 << cr.index
        expected = any(mask & bit for mask in hits.values()) or bool(matcher._always & bit)
        assert bool(reachable & bit) == expected, cr.rule.id
    assert matcher.reachable(None) == matcher._active
    assert matcher.reachable({}) == matcher._always & matcher._active
