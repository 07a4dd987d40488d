"""The pipeline end to end through the API: page fixtures, explain records, replay, safety."""

from __future__ import annotations

import pickle
import textwrap
import threading
from pathlib import Path

import pytest

import cleantext
from cleantext import Cleaner, Removal, Step

PAGES = Path(__file__).parent / "fixtures" / "pages"
PAGE_CASES = sorted(p.name[: -len(".in.txt")] for p in PAGES.glob("*.in.txt"))


@pytest.mark.parametrize("name", PAGE_CASES)
def test_page_fixture_comes_out_exactly(name):
    text = (PAGES / f"{name}.in.txt").read_text(encoding="utf-8")
    want = (PAGES / f"{name}.out.txt").read_text(encoding="utf-8")
    assert cleantext.clean(text) + "\n" == want


@pytest.mark.parametrize("name", PAGE_CASES)
def test_page_fixture_replays(name):
    text = (PAGES / f"{name}.in.txt").read_text(encoding="utf-8")
    result = cleantext.clean_and_explain(text)
    assert cleantext.replay(text, result.changes) == result.text


def test_seed_page_exact_output_and_four_removals(seed_page):
    src, out = seed_page
    text = src.read_text(encoding="utf-8")
    result = cleantext.clean_and_explain(text)
    assert result.text + "\n" == out.read_text(encoding="utf-8")
    assert [(r.rule, r.line) for r in result.removals] == [
        ("paywall.verify-access", 7),
        ("paywall.verify-access", 8),
        ("login.already-subscribed", 9),
        ("subscription.question-then-subscribe", 10),
    ]
    assert Step("repair_punctuation") in result.steps


def test_removal_offsets_index_the_input():
    text = "The vote was delayed until March.\nAlready subscribed? Log in.\nThe court will rule in May."
    result = cleantext.clean_and_explain(text)
    (removal,) = result.removals
    assert text[removal.start:removal.end] == removal.text == "Already subscribed? Log in.\n"
    assert removal.line == 2
    assert result.text == "The vote was delayed until March.\nThe court will rule in May."
    assert result.chars_removed == len(removal.text)
    assert result.rule_counts() == {"login.already-subscribed": 1}
    assert result.to_dict()["removals"][0]["rule"] == "login.already-subscribed"


def test_replay_with_normalizer_steps_before_and_after_removals():
    text = "Caf\u00c3\u00a9 owners\u200b met  on Monday.\r\nAlready subscribed? Log in.\r\nThey said . , nothing more."
    result = cleantext.clean_and_explain(text)
    names = [c.name for c in result.changes if isinstance(c, Step)]
    assert "fix_encoding" in names and "normalize_newlines" in names and "remove_invisible" in names
    assert any(isinstance(c, Removal) for c in result.changes)
    assert cleantext.replay(text, result.changes) == result.text
    assert result.text.startswith("Café owners met on Monday.\n")


def test_empty_and_whitespace_input():
    assert cleantext.clean("") == ""
    assert cleantext.clean("  \n\n \t ") == ""
    assert cleantext.clean_and_explain("").changes == ()


def test_non_str_input_is_a_type_error_that_says_what_to_do():
    with pytest.raises(TypeError, match="decode bytes first"):
        cleantext.clean(b"bytes")  # type: ignore[arg-type]


def test_cleaner_pickles_and_gives_the_same_output():
    cleaner = Cleaner(preset="ml", ignore=["subscription"])
    clone = pickle.loads(pickle.dumps(cleaner))
    text = "Rates rose again.\nWant all the Times? Subscribe.\nAlready subscribed? Log in."
    assert clone.clean(text) == cleaner.clean(text) == "Rates rose again.\nWant all the Times? Subscribe."
    assert repr(clone) == repr(cleaner)


def test_cleaner_is_thread_safe():
    cleaner = Cleaner()
    docs = [f"Report number {i} was published on Monday.\nAlready subscribed? Log in.\nPage {i} ends here." for i in range(200)]
    want = [cleaner.clean(d) for d in docs]
    got: list = [None] * len(docs)

    def work(offset: int) -> None:
        for i in range(offset, len(docs), 4):
            got[i] = cleaner.clean(docs[i])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == want


def _pack(tmp_path, body: str) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def test_removal_that_would_take_most_of_a_long_document_falls_back(tmp_path):
    path = _pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo.
        rules:
          - id: demo.cut
            summary: Cuts from a marker.
            action: cut_before
            match: {any: ['^marker$']}
            examples: {remove: ["marker"], keep: ["a marker line"]}
        """)
    prose = " ".join(["The committee met again to discuss the budget for the coming year."] * 12)
    text = prose + "\n" + prose + "\nmarker\nShort tail."
    cleaner = Cleaner(rules=[path], builtin_rules=False, max_removed_share=0.5)
    result = cleaner.clean_and_explain(text)
    assert result.text == text
    assert result.removals == ()
    assert "max_removed_share=0.5" in result.fallback


def test_runaway_pattern_times_out_into_a_fallback(tmp_path):
    path = _pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo.
        rules:
          - id: demo.slow
            summary: Catastrophic backtracking on purpose.
            match: {any: ['^(a|aa)+$']}
            examples: {remove: ["aaaa"], keep: ["b"]}
        """)
    cleaner = Cleaner(rules=[path], builtin_rules=False, timeout=0.05)
    text = "a" * 60 + "b"
    result = cleaner.clean_and_explain(text)
    assert result.text == text
    assert result.fallback.startswith("rule timeout")


def test_site_rules_apply_only_on_their_domain(tmp_path):
    path = _pack(tmp_path, """
        pack: exampletimes
        schema: 1
        summary: A publisher's own trailer.
        sites: [example-times.com]
        rules:
          - id: exampletimes.masthead
            summary: The publisher's sign-off line.
            match: {any: ['^the example times newsroom$']}
            examples: {remove: ["The Example Times newsroom"], keep: ["The Example Times newsroom moved in 1998."]}
        """)
    cleaner = Cleaner(rules=[path])
    text = "The strike ended after nine days.\nThe Example Times newsroom"
    assert cleaner.clean(text, url="https://www.example-times.com/2024/strike") == "The strike ended after nine days."
    assert cleaner.clean(text, url="https://news.example-times.com/a") == "The strike ended after nine days."
    assert cleaner.clean(text, url="https://other.org/strike") == text
    assert cleaner.clean(text) == text


def test_select_and_ignore_by_pack_tag_and_id():
    text = "Budget talks resumed.\nAlready subscribed? Log in.\nWant all the Times? Subscribe."
    assert Cleaner(select=["login"]).clean(text) == "Budget talks resumed.\nWant all the Times? Subscribe."
    assert Cleaner(ignore=["login.already-subscribed"]).clean(text) == "Budget talks resumed.\nAlready subscribed? Log in."
    assert Cleaner(select=["subscription"]).clean(text) == "Budget talks resumed.\nAlready subscribed? Log in."


def test_ml_preset_keeps_quotes_and_width():
    text = "“Quoted” words and ｆｕｌｌｗｉｄｔｈ letters stay."
    assert cleantext.clean(text, preset="ml") == text


def test_unknown_preset_names_the_known_ones():
    with pytest.raises(ValueError, match="default"):
        Cleaner(preset="agressive")


def test_opt_in_rules_run_only_when_selected():
    text = "The wire service filed the story at noon.\n© 2024 Example Wire Service. All rights reserved."
    assert cleantext.clean(text) == text
    assert cleantext.clean(text, select=["default", "copyright.notice"]) == "The wire service filed the story at noon."
    assert "copyright.notice" not in {r.id for r in Cleaner().active}
    assert "copyright.notice" in {r.id for r in Cleaner(select=["optional"]).active}


def test_patterns_compile_on_first_use_or_all_at_once_with_warm():
    from cleantext import Cleaner
    from cleantext.boilerplate.engine import Engine
    from cleantext.segment import Page

    cleaner = Cleaner(select=("paywall", "login"))
    engine = Engine(cleaner.active)  # a fresh engine: nothing compiled yet
    rules = engine.general.matcher.rules
    assert rules and all(cr._parts is None for cr in rules)
    text = "The council approved the budget on Tuesday after a long debate.\nAlready a subscriber? Log in"
    engine.find(Page(text))
    compiled = [cr for cr in rules if cr._parts is not None]
    assert 0 < len(compiled) < len(rules)  # only the rules the page reached
    engine.warm()
    assert all(cr._parts is not None for cr in rules)
    assert cleaner.warm() is cleaner
