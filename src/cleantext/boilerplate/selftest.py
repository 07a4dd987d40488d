"""Rule examples are tests: every ``remove`` example is removed by its rule alone and by the full
default set; every ``keep`` example passes the full default pipeline unchanged. ``todo_*`` examples
are known gaps: they are expected to fail, and one that starts passing is reported so it gets promoted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import RuleSet
from .schema import Rule


@dataclass(frozen=True)
class ExampleOutcome:
    rule: str
    kind: str  # remove | keep | todo_remove | todo_keep
    example: str
    ok: bool  # for todo_* kinds: True while the gap is still there (the example still fails)
    detail: str  # what came out instead, when not ok
    line: int = 0
    file: str = ""


def run_examples(ruleset: RuleSet, preset: str = "default", rule_ids: set[str] | None = None) -> list[ExampleOutcome]:
    """Check the examples of every rule of ``ruleset`` (or only of the rules in ``rule_ids``).

    The "full set" of a rule is the default set, plus the rule itself when it is opt-in.
    """
    out: list[ExampleOutcome] = []
    for rule in ruleset.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        full = _cleaner(ruleset.extra, ruleset.builtin, preset, ("default",) if rule.enabled else ("default", rule.id))
        # a neighbour rule (where.beside/between) acts next to what the rules it names removed
        alone = _cleaner(ruleset.extra, ruleset.builtin, preset, (rule.id, *rule.where.neighbours))
        url = _url_for(rule)
        for kind, examples in rule.examples.items():
            for ex in examples:
                if kind in ("remove", "todo_remove"):
                    expect = "" if ex.expect is None else ex.expect
                    got_alone = alone.clean(ex.text, url=url)
                    got_full = full.clean(ex.text, url=url)
                    passed = got_alone == expect and got_full == expect
                    if got_alone != expect:
                        detail = f"the rule alone gave {got_alone!r}, expected {expect!r}"
                    elif got_full != expect:
                        detail = f"the full default set gave {got_full!r}, expected {expect!r}"
                    else:
                        detail = ""
                else:
                    got = full.clean(ex.text, url=url)
                    passed = got == ex.text
                    detail = "" if passed else f"changed to {got!r} ({_culprits(full, ex.text, url)})"
                ok = passed if kind in ("remove", "keep") else not passed
                if kind.startswith("todo") and not ok:
                    detail = f"this known gap is fixed now: move the example from {kind} to {kind[5:]}"
                out.append(ExampleOutcome(rule.id, kind, ex.text, ok, detail, ex.line, rule.file))
    return out


# The address a page_url or page_title rule's examples are cleaned as (its examples name this
# page's own URL, or its title "Harbour strike").
EXAMPLE_PAGE_URL = "https://www.example.com/news/2024/harbour-strike.html"


def _url_for(rule: Rule) -> str | None:
    """Site rules are tried on a page of their own site; page_url and page_title rules on
    EXAMPLE_PAGE_URL."""
    if rule.where.page_url or rule.where.page_title is not None:
        return EXAMPLE_PAGE_URL if not rule.sites else f"https://{rule.sites[0]}/news/2024/harbour-strike.html"
    return f"https://{rule.sites[0]}/" if rule.sites else None


def _culprits(cleaner, text: str, url: str | None) -> str:
    """Which rules and normalizers changed a keep example (the hint for the rule writer)."""
    result = cleaner.clean_and_explain(text, url=url)
    parts = []
    ids = sorted({r.rule for r in result.removals})
    if ids:
        parts.append("removed by " + ", ".join(ids))
    if result.steps:
        parts.append("normalized by " + ", ".join(s.name for s in result.steps))
    return "; ".join(parts) or "no change recorded"


@lru_cache(maxsize=None)
def _cleaner(extra: tuple[str, ...], builtin: bool, preset: str, select: tuple[str, ...]):
    from ..pipeline import Cleaner

    return Cleaner(preset=preset, rules=extra, builtin_rules=builtin, select=select)
