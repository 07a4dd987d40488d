"""The benchmark measures (benchmarks/measures.py) and peers on small hand-made cases.

No corpus needed: these run where ../shared does not exist.
"""

from __future__ import annotations

import doctest
import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str):
    """Import a benchmarks/ module by path (benchmarks/ is scripts, not a package)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


m = _load("measures")
peers = _load("peers")


@pytest.mark.parametrize("name", ["measures", "peers", "corpus", "quality", "throughput", "rule_hits",
                                  "page_text"])
def test_doctests(name):
    module = sys.modules.get(name) or _load(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


# --- normalisation and presence ----------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("  Hello,   WORLD!  ", "hello, world!"),      # leading space stops the edge strip...
    ("Hello,   WORLD!", "hello, world"),           # ...otherwise edge punctuation goes
    ("«Bonjour»", "bonjour"),
    ("Ｆｕｌｌ width", "full width"),                # NFKC
    ("STRASSE und Straße", "strasse und strasse"),  # casefold
    ("line one\nline two", "line one line two"),
    ("...", ""),
])
def test_normalize(raw, expected):
    assert m.normalize(raw) == expected


@pytest.mark.parametrize("snippet, short", [
    ("Three words only", True),                 # 3 words
    ("four words but short", True),             # 4 words, 20 chars < 25
    ("one two three four-five!", True),         # 4 words, 24 chars
    ("one two three four-five!!", False),       # 4 words, 25 chars
    ("Subscribe to our newsletter for more", False),
])
def test_is_short(snippet, short):
    assert m.is_short(snippet) is short


def test_short_snippet_needs_a_whole_line():
    text = "The vote passed.\nAdvertisement\nThe advertisement budget grew."
    assert m.is_present("Advertisement", text)
    assert m.is_present("ADVERTISEMENT:", text)            # case and edge punctuation ignored
    assert not m.is_present("advertisement budget", text)  # short, and no line equals it
    assert not m.is_present("Advertisement", "The advertisement budget grew.")


def test_long_snippet_is_a_substring_of_one_line():
    text = "First paragraph about the council meeting.\nSecond paragraph about taxes."
    assert m.is_present("paragraph about the council", text)
    assert m.is_present("  paragraph   about the COUNCIL ", text)
    # a snippet spanning a line break is not present (lines are compared one by one)
    assert not m.is_present("council meeting. Second paragraph", text)


def test_empty_inputs():
    assert not m.is_present("", "anything")
    assert not m.is_present("...", "...")
    assert not m.is_present("Some long snippet of article text", None)
    assert m.count_snippets([], "text", "text") == m.SnippetCount(0, 0)


def test_count_snippets_only_counts_what_was_present():
    before = "Body text of the article goes on here.\nShare this\nSign up for our newsletter today"
    after = "Body text of the article goes on here.\nSign up for our newsletter today"
    drop = ["Share this", "Sign up for our newsletter today", "Never in the page at all, long enough"]
    assert m.count_snippets(drop, before, after) == m.SnippetCount(present=2, still_present=1)
    kept, gone = m.snippet_survival(drop, before, after)
    assert kept == ["Sign up for our newsletter today"] and gone == ["Share this"]
    assert m.SnippetCount(2, 1) + m.SnippetCount(3, 3) == m.SnippetCount(5, 4)


@given(st.lists(st.text(max_size=40), max_size=6), st.text(max_size=200))
def test_identity_keeps_every_present_snippet(snippets, text):
    count = m.count_snippets(snippets, text, text)
    assert count.present == count.still_present


# --- shingles (scrapinghub evaluate.py) -----------------------------------------------------


def test_shingles_and_tokens():
    assert m.tokenize("Don't stop—now!") == ["Don", "t", "stop", "now"]
    assert m.shingles("one two three") == {("one", "two", "three"): 1}
    assert m.shingles("a b c d a b c d") [("a", "b", "c", "d")] == 2
    assert m.shingles("") == {}


def test_shingle_match_is_case_sensitive_and_normalised():
    tp, fp, fn = m.shingle_match("The cat sat on the mat", "the cat sat on the mat")
    assert tp == pytest.approx(2 / 4) and fp == pytest.approx(1 / 4) and fn == pytest.approx(1 / 4)
    assert sum(m.shingle_match("a b c d e f", "c d e f g h")) == pytest.approx(1.0)


def test_empty_prediction_lowers_recall_not_precision():
    prf = m.shingle_prf([("w x y z", "w x y z"), ("a b c d", "")])
    assert prf.precision == 1.0 and prf.recall == 0.5
    assert prf.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_page_with_nothing_on_either_side_is_left_out():
    prf = m.shingle_prf([("w x y z", "w x y z"), ("", "")])
    assert (prf.precision, prf.recall) == (1.0, 1.0)


def test_f1_is_of_the_averages_not_the_average_of_f1s():
    counts = [(1.0, 0.0, 0.0), (0.0, 0.5, 0.5)]
    prf = m.macro_prf(counts)
    assert (prf.precision, prf.recall) == (0.5, 0.5)
    assert prf.f1 == pytest.approx(0.5)
    assert m.macro_prf([]).f1 == 0.0


def test_duplicated_prediction_counts_as_false_positives():
    tp, fp, fn = m.shingle_match("a b c d", "a b c d a b c d")
    # shingles: gold {abcd:1}; pred {abcd:2, bcda:1, cdab:1, dabc:1}
    assert (tp, fp, fn) == pytest.approx((1 / 5, 4 / 5, 0.0))


# --- peers -----------------------------------------------------------------------------------


def test_refinedweb_line_rules():
    page = ("THE DAILY NEWS\nCouncil approves the new budget.\n2019\n12 Comments\nShare\n"
            "Sign-in to comment on this story\nRead the whole thing. Read more...")
    assert peers.refinedweb_lines(page) == (
        "Council approves the new budget.\nto comment on this story\nRead the whole thing.")


def test_refinedweb_drops_a_page_that_lost_over_five_percent_of_words():
    body = " ".join(["word"] * 100)
    assert peers.refinedweb(body + "\nMenu") == body           # 1 of 101 words: kept
    assert peers.refinedweb(body + "\nHOME NEWS SPORT WEATHER BUSINESS SHOP") == ""  # 6 of 106
    assert peers.refinedweb("") == ""


def test_c4_peer_through_datatrove():
    pytest.importorskip("datatrove")
    c4 = peers.make_c4()
    page = ("Short nav\n" + "\n".join(f"This is sentence number {i} of the article." for i in range(6))
            + "\nRead our cookie policy and terms of use.")
    out = c4(page)
    assert out.splitlines() == [f"This is sentence number {i} of the article." for i in range(6)]
    assert c4("Only one sentence here.") == ""     # fewer than 5 sentences: page rejected


# --- rule_hits: the verdict a removed line gets from a page's annotations -------------------


def test_rule_hits_verdicts():
    hits = sys.modules.get("rule_hits") or _load("rule_hits")
    page = {
        "gold": "The council voted 7-2 to approve the budget on Tuesday evening.",
        "keep": ["Residents packed the hall"],
        "drop": ["Sign up for our newsletter"],
    }
    assert hits.verdict("The council voted 7-2 to approve the budget on Tuesday evening.", page) == "GOLD"
    assert hits.verdict("Residents packed the hall before the vote.", page) == "KEEP"
    assert hits.verdict("Sign up for our newsletter!", page) == "drop"
    assert hits.verdict("Share this article", page) == "-"


# --- page_text: whole pages rendered to lines, and the language guess ------------------------


def test_page_text_renders_blocks_as_lines_and_leaves_hidden_text_out():
    page_text = sys.modules.get("page_text") or _load("page_text")
    html = ("<html><head><title>Title</title><style>p{}</style></head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li>Kontakt</li></ul></nav>"
            "<article><h1>Neue Regeln</h1><p>Der Kreistag hat <b>am Donnerstag</b> beschlossen.<br>Zweite Zeile.</p>"
            "<div hidden>versteckt</div><div style='display: none'>auch versteckt</div>"
            "<script>var x = 1;</script></article><footer>© 2024 Verlag</footer></body></html>")
    assert page_text.render_page_text(html).split("\n") == [
        "Home", "Kontakt", "Neue Regeln", "Der Kreistag hat am Donnerstag beschlossen.", "Zweite Zeile.",
        "© 2024 Verlag"]
    assert page_text.render_page_text("") == ""


@pytest.mark.parametrize("text, lang", [
    ("Der Stadtrat hat die neue Brücke genehmigt, die auch für Radfahrer offen sein soll.", "de"),
    ("El ayuntamiento aprobó el presupuesto con los votos de la mayoría, pero la oposición se quejó.", "es"),
    ("Il consiglio comunale ha approvato il bilancio della città con i voti della maggioranza e non solo.", "it"),
    ("De gemeenteraad heeft het plan voor een nieuwe brug goedgekeurd, maar niet met de stemmen van de oppositie.", "nl"),
    ("Rada miasta przyjęła budżet na przyszły rok i nie zmieniła planu, że to jest do przyjęcia.", "pl"),
])
def test_page_text_language_guess(text, lang):
    page_text = sys.modules.get("page_text") or _load("page_text")
    assert page_text.guess_text_language(text) == lang
