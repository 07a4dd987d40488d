"""Every rule's examples are tests: one case per rule and kind, named by rule id.

remove: removed by the rule alone and by the full default set; keep: unchanged by the full default
set; todo_remove / todo_keep: known gaps, run as strict expected failures.
"""

from __future__ import annotations

import pytest

from cleantext.boilerplate import load_ruleset, run_examples

RULESET = load_ruleset()
OUTCOMES = run_examples(RULESET)


def _cases():
    for outcome in OUTCOMES:
        marks = ()
        if outcome.kind.startswith("todo"):
            marks = (pytest.mark.xfail(strict=True, reason=f"known gap recorded as {outcome.kind}"),)
        ident = f"{outcome.rule}:{outcome.kind}:{outcome.line}"
        yield pytest.param(outcome, id=ident, marks=marks)


@pytest.mark.parametrize("outcome", list(_cases()))
def test_example(outcome):
    if outcome.kind.startswith("todo"):
        # a todo example documents a gap: the rule still gets it wrong (so this assertion fails)
        assert outcome.ok is False, outcome.detail
    else:
        assert outcome.ok, f"{outcome.file}:{outcome.line}: {outcome.rule} {outcome.kind} example {outcome.example!r}: {outcome.detail}"


def test_every_rule_has_remove_and_keep_examples():
    for rule in RULESET.rules:
        assert rule.examples["remove"] and rule.examples["keep"], rule.id


def test_rule_ids_are_prefixed_by_their_pack():
    for rule in RULESET.rules:
        assert rule.id.startswith(rule.pack + "."), rule.id
