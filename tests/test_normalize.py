"""Tests of the normalizers, driven by tests/fixtures/normalize/*.json.

cases.json:     {normalizer, input, expected, comment} — the normalizer must turn input into expected.
unchanged.json: {normalizer, input, comment} — the normalizer must return the input object itself.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import normalize
from cleantext.normalize import NORMALIZERS, PRESETS, Preset, apply, get_preset
from cleantext.normalize import encoding

FIXTURES = Path(__file__).parent / "fixtures" / "normalize"
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
UNCHANGED = json.loads((FIXTURES / "unchanged.json").read_text(encoding="utf-8"))
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "nyt-north-korean-pows.in.txt"


def _case_id(case: dict) -> str:
    return f"{case['normalizer']}: {case['comment']}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case(case: dict) -> None:
    fn = NORMALIZERS[case["normalizer"]]
    out = fn(case["input"])
    assert out == case["expected"]
    assert fn(out) == out, "not idempotent"


@pytest.mark.parametrize("case", UNCHANGED, ids=_case_id)
def test_unchanged_is_same_object(case: dict) -> None:
    text = case["input"]
    assert NORMALIZERS[case["normalizer"]](text) is text


def test_fixtures_cover_every_normalizer() -> None:
    changed = {c["normalizer"] for c in CASES}
    kept = {c["normalizer"] for c in UNCHANGED}
    assert changed == set(NORMALIZERS)
    assert kept == set(NORMALIZERS)


# --- the ftfy gate ------------------------------------------------------------


class _FtfySpy:
    """Stands in for ftfy.fix_text and records what it was given."""

    def __init__(self, real):
        self.real = real
        self.calls: list[str] = []

    def __call__(self, text, config=None):
        self.calls.append(text)
        return self.real(text, config)


@pytest.fixture
def ftfy_spy(monkeypatch):
    spy = _FtfySpy(encoding.ftfy.fix_text)
    monkeypatch.setattr(encoding.ftfy, "fix_text", spy)
    return spy


CLEAN_FOR_GATE = sorted({c["input"] for c in UNCHANGED if c["normalizer"] == "fix_encoding"})


@pytest.mark.parametrize("name", ["fix_encoding", "fix_encoding_only"])
def test_clean_text_in_many_scripts_never_reaches_ftfy(name, ftfy_spy) -> None:
    document = "\n".join(CLEAN_FOR_GATE)
    assert len(CLEAN_FOR_GATE) >= 15
    assert NORMALIZERS[name](document) is document
    for line in CLEAN_FOR_GATE:
        assert NORMALIZERS[name](line) is line
    assert ftfy_spy.calls == []


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["normalizer"].startswith("fix_encoding") and c["input"] != c["expected"]],
    ids=_case_id,
)
def test_mojibake_reaches_ftfy_and_only_broken_lines_do(case, ftfy_spy) -> None:
    clean = "Une ligne propre, déjà correcte : rien à faire."
    document = f"{clean}\n{case['input']}\n{clean}"
    out = NORMALIZERS[case["normalizer"]](document)
    assert out == f"{clean}\n{case['expected']}\n{clean}"
    assert ftfy_spy.calls, "the gate let mojibake through"
    assert all(clean not in call for call in ftfy_spy.calls), "a clean line was sent to ftfy"


def test_gate_rejects_lookalikes_that_would_decode_to_unlikely_characters() -> None:
    # "ß“" is windows-1252 for bytes DF 93, which is valid UTF-8 for an NKo letter.
    assert encoding.suspect_lines("„Grüße“, sagte er.") == []
    assert encoding.suspect_lines("Gr\u00c3\u00bc\u00c3\u0178e") == [(0, 7)]


def test_gate_ascii_fast_path_only_looks_for_entities_and_escapes() -> None:
    assert encoding.suspect_lines("AT&T and R&D") == []
    assert encoding.suspect_lines("a &lt; b") == [(0, 8)]
    assert encoding.suspect_lines("a &lt; b", preset="ml") == []
    with pytest.raises(ValueError, match="'default' or 'ml'"):
        encoding.suspect_lines("x", preset="fast")


def test_fix_encoding_keeps_curly_quotes_of_the_seed() -> None:
    line = "South Korea’s National Intelligence Service told lawmakers"
    broken = line.encode("utf-8").decode("cp1252")
    assert normalize.encoding.fix_encoding(broken) == line
    assert normalize.encoding.fix_encoding_only(broken) == line


# --- registry, presets, apply -------------------------------------------------


def test_presets_name_only_registered_normalizers() -> None:
    assert set(PRESETS) == {"default", "ml"}
    for name, preset in PRESETS.items():
        assert preset.name == name
        assert preset.summary
        for step in preset.before_rules + preset.after_rules:
            assert step in NORMALIZERS, f"{name} uses unknown normalizer {step}"
    assert get_preset("default").before_rules[0] == "fix_encoding"
    assert get_preset("ml").before_rules[0] == "fix_encoding_only"
    assert get_preset("default").after_rules[-1] == "strip_document"


def test_preset_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_preset("default").name = "other"  # type: ignore[misc]
    assert isinstance(get_preset("ml"), Preset)


def test_get_preset_error_names_known_presets() -> None:
    with pytest.raises(ValueError) as err:
        get_preset("fast")
    message = str(err.value)
    assert "'fast'" in message and "default" in message and "ml" in message


def test_apply_reports_only_steps_that_changed_the_text() -> None:
    text = "  Le café\u00a0: «\u00a0oui\u00a0»\r\nfin  "
    out, steps = apply(get_preset("default").before_rules, text)
    assert out == "Le café : « oui »\nfin"
    assert steps == ["normalize_newlines", "normalize_spaces"]
    out_ml, steps_ml = apply(get_preset("ml").before_rules, text)
    assert out_ml == "Le café\u00a0: «\u00a0oui\u00a0»\nfin"
    assert steps_ml == ["normalize_newlines", "collapse_spaces"]


def test_apply_unknown_normalizer_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="NORMALIZERS"):
        apply(["fix_encoding", "tidy"], "text")


@pytest.mark.parametrize("name", list(NORMALIZERS))
def test_clean_ascii_comes_back_as_the_same_object(name) -> None:
    text = "A clean paragraph of ASCII prose, with one space between words.\n\nAnd a second one."
    assert NORMALIZERS[name](text) is text


@pytest.mark.skipif(not SEED.exists(), reason="seed page not available")
@pytest.mark.parametrize("preset", ["default", "ml"])
def test_seed_punctuation_and_quotes(preset) -> None:
    p = get_preset(preset)
    text, _ = apply(p.before_rules, SEED.read_text(encoding="utf-8"))
    text, steps = apply(p.after_rules, text)
    assert "intelligence agency, echoing a claim made by Mr. Zelensky." in text
    assert ". ," not in text
    assert "South Korea’s" in text
    assert "repair_punctuation" in steps


# --- properties ---------------------------------------------------------------

# Characters that exercise the normalizers: mojibake pieces, spaces, breaks,
# invisible and control characters, punctuation, brackets, entities.
_INTERESTING = list(
    "ab Z9 \t\n\r.,;:!?()[]«»“”’…&#;<"
    "ÃÂâ€™©®Ð\u0178Ñ\u0081ß“РСёГ√"
    "\u00a0\u202f\u3000\u2028\u2029\x85\x0b\x0c"
    "\u200b\u200c\u200d\u00ad\ufeff\x00\x07\x1b\x7f\x9d\ufffd"
    "é\u0301ﬁＡ😀"
)
_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from(_INTERESTING), max_size=60),
    st.lists(st.sampled_from(["amp;", "&", "Ã©", "â€™", " , ", ". ", "( )", "\n\n\n", "  ", "Mr.", "x"]), max_size=12).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT)
def test_every_normalizer_is_idempotent_and_total(text: str) -> None:
    for name, fn in NORMALIZERS.items():
        once = fn(text)
        assert isinstance(once, str)
        assert fn(once) == once, f"{name} is not idempotent on {text!r}"


@settings(max_examples=100, deadline=None)
@given(text=_TEXT, preset=st.sampled_from(sorted(PRESETS)))
def test_apply_replay_gives_the_same_output(text: str, preset: str) -> None:
    p = get_preset(preset)
    for chain in (p.before_rules, p.after_rules):
        out, steps = apply(chain, text)
        replayed = text
        for name in steps:
            replayed = NORMALIZERS[name](replayed)
        assert replayed == out
        assert set(steps) <= set(chain)
