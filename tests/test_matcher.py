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
    (r"^(already )?subscribed\? log ?in\b", {"subscribed? log"}),
    (r"^(teilen|share)( auf| on)? (facebook|twitter)$", {"facebook", "twitter"}),
    (r"^© \d{4}", {"© "}),
    (r"^\w+$", None),
    (r"(?i:^Werbung$)", {"werbung"}),
    (r"^(?P<n>abc)d(?=e)", {"abc"}),
])
def test_required_literals(pattern, literals):
    got = required_literals(widen(pattern))
    assert (None if got is None else set(got)) == literals
