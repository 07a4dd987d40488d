"""Properties of cleaning on any input: never raises, idempotent, only removes or normalizes, replays."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Cleaner, Removal
from cleantext.normalize import NORMALIZERS

CLEANERS = {"default": Cleaner(), "ml": Cleaner(preset="ml")}

# Lines a scraped page is made of: prose, boilerplate, near-misses, mojibake, odd whitespace.
FRAGMENTS = [
    "The central bank raised interest rates by a quarter point on Thursday, its third increase this year.",
    "Analysts had expected the move, which was announced after a two-day meeting of the policy committee.",
    "Already subscribed? Log in.",
    "Want all the Times? Subscribe.",
    "Thank you for your patience while we verify access.",
    "Subscribers to the service rose by 2 million, the company said.",
    "Share this article",
    "Advertisement",
    "Related",
    "12 Comments",
    "© 2024 Example Media. All rights reserved.",
    "We use cookies to improve your experience on our site.",
    "Sign up for our newsletter",
    "Caf\u00c3\u00a9 prices rose",
    "agency. , echoing",
    "  spaced   out  ",
    "",
    "\u200bhidden\u00adsoft",
    "Q: Did you subscribe?",
    "• Follow us on Twitter",
]

documents = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), min_size=0, max_size=14).map("\n".join)
anything = st.text(max_size=400)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def words(text: str) -> list[str]:
    return regex.findall(r"\w+", text)


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(w == b for b in it) for w in small)


@FAST
@given(anything, st.sampled_from(sorted(CLEANERS)))
def test_never_raises_on_any_string(text, preset):
    result = CLEANERS[preset].clean_and_explain(text)
    assert isinstance(result.text, str)


@FAST
@given(documents | anything, st.sampled_from(sorted(CLEANERS)))
def test_idempotent(text, preset):
    cleaner = CLEANERS[preset]
    once = cleaner.clean(text)
    assert cleaner.clean(once) == once


@FAST
@given(documents | anything, st.sampled_from(sorted(CLEANERS)))
def test_replaying_the_record_gives_the_output(text, preset):
    result = CLEANERS[preset].clean_and_explain(text)
    assert cleantext.replay(text, result.changes) == result.text


@FAST
@given(documents, st.sampled_from(sorted(CLEANERS)))
def test_only_removes_or_normalizes(text, preset):
    """The output's words are the normalized input's words, in order, with some left out."""
    cleaner = CLEANERS[preset]
    result = cleaner.clean_and_explain(text)
    first_removal = next((k for k, c in enumerate(result.changes) if isinstance(c, Removal)), len(result.changes))
    normalized = text
    for step in result.changes[:first_removal]:  # the normalize stage, as recorded
        normalized = NORMALIZERS[step.name](normalized)
    assert is_subsequence(words(result.text), words(normalized))
    removed = sum(len(r.text) for r in result.removals)
    assert len(result.text) <= len(normalized) - removed + 1
