"""Precision fixtures: real article prose that must come through the pipeline untouched.

Every item in ``tests/fixtures/negatives/<lang>-<topic>.txt`` (one paragraph a line) mentions words
that boilerplate rules key on -- subscribers, paywalls, cookies, logins, newsletters, ads, shares,
copyright, comments, "related", "read more", "sign up", print, sponsored -- but is article content.
Each item, alone, must come back byte-identical from the default and the ``ml`` preset, with no
removal recorded (a removal that the safety fallback undid still counts: a rule wanted to delete
article text). Each whole document in ``tests/fixtures/negatives/docs/`` must likewise survive whole.

A failing id names the fixture file and line, e.g. ``en-subscriptions.txt:17-default``: that is a
finding for the rule writers, not a reason to edit the item.

The guard tests at the bottom check the fixture files themselves (NFC, single spaces, no tabs or
trailing spaces, no invisible characters, sizes and language coverage), so that a typo in a fixture
is never mistaken for a pipeline bug.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

NEG_DIR = Path(__file__).parent / "fixtures" / "negatives"
DOCS_DIR = NEG_DIR / "docs"
PRESETS = ("default", "ml")
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru")
MIN_ITEMS = {"en": 400, **{lang: 40 for lang in LANGS if lang != "en"}}
MIN_SHORT_SHARE = 0.20  # share of items that are short lines (3-12 words)
FILE_NAME = re.compile(r"^(?P<lang>[a-z]{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")


class Item(NamedTuple):
    file: str
    line: int  # 1-based line number in the fixture file
    text: str

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"


def item_files() -> list[Path]:
    return sorted(NEG_DIR.glob("*.txt"))


def doc_files() -> list[Path]:
    return sorted(DOCS_DIR.glob("*.txt"))


def read_lines(path: Path) -> list[str]:
    """The file's lines without their newlines (a final newline does not make an extra line)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_items(path: Path) -> list[Item]:
    """Items of one fixture file: every line after the leading block of ``#`` comment lines.

    Blank lines are skipped here (the guard test reports them), so an empty string is never an item.
    """
    items = []
    in_header = True
    for number, line in enumerate(read_lines(path), start=1):
        if in_header and line.startswith("#"):
            continue
        in_header = False
        if line.strip():
            items.append(Item(path.name, number, line))
    return items


def load_doc(path: Path) -> str:
    """A whole document: the file's text without its single final newline."""
    text = path.read_text(encoding="utf-8")
    return text[:-1] if text.endswith("\n") else text


def language(path: Path) -> str:
    match = FILE_NAME.match(path.name)
    return match.group("lang") if match else ""


def word_count(text: str) -> int:
    return len(text.split())


ALL_ITEMS = [item for path in item_files() for item in load_items(path)]
ALL_DOCS = doc_files()


# --------------------------------------------------------------------------------------------
# the pipeline must leave every item and every document alone


@pytest.fixture(scope="module")
def cleaners():
    """One Cleaner per preset for the whole module (built on first use)."""
    import cleantext

    built: dict[str, object] = {}

    def get(preset: str):
        if preset not in built:
            built[preset] = cleantext.Cleaner(preset=preset)
        return built[preset]

    return get


def _describe(text: str, cleaned: str, result) -> str:
    """A readable account of what the pipeline did to a text that should have been left alone."""
    parts = []
    for change in getattr(result, "changes", ()):
        rule = getattr(change, "rule", None)
        if rule is not None:
            parts.append(f"  removed by {rule} (line {change.line}): {change.text!r}")
        else:
            parts.append(f"  normalizer step: {getattr(change, 'name', change)!r}")
    fallback = getattr(result, "fallback", None)
    if fallback:
        parts.append(f"  fallback: {fallback}")
    if cleaned != text:
        diff = difflib.unified_diff(
            text.splitlines(), cleaned.splitlines(), "expected", "got", lineterm="", n=1
        )
        parts.append("  diff:\n    " + "\n    ".join(diff))
    return "\n".join(parts) or "  (no changes recorded, but the text differs)"


def _assert_untouched(cleaner, text: str, where: str, preset: str) -> None:
    cleaned = cleaner.clean(text)
    result = cleaner.clean_and_explain(text)
    touched = (
        cleaned != text
        or result.text != text
        or len(result.removals) > 0
        or result.fallback is not None
    )
    if touched:
        pytest.fail(
            f"{where} [{preset}] was changed; it is article prose and must survive:\n"
            f"  input: {text!r}\n" + _describe(text, cleaned, result),
            pytrace=False,
        )


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("item", ALL_ITEMS, ids=[item.id for item in ALL_ITEMS])
def test_item_survives(cleaners, item: Item, preset: str) -> None:
    _assert_untouched(cleaners(preset), item.text, item.id, preset)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("path", ALL_DOCS, ids=[f"docs/{p.name}" for p in ALL_DOCS])
def test_doc_survives(cleaners, path: Path, preset: str) -> None:
    import cleantext

    doc = load_doc(path)
    # the module-level function (what users call) and the Cleaner must both leave it alone
    cleaned = cleantext.clean(doc, preset=preset)
    if cleaned != doc:
        result = cleantext.clean_and_explain(doc, preset=preset)
        pytest.fail(
            f"docs/{path.name} [{preset}] was changed by cleantext.clean:\n"
            + _describe(doc, cleaned, result),
            pytrace=False,
        )
    _assert_untouched(cleaners(preset), doc, f"docs/{path.name}", preset)


# --------------------------------------------------------------------------------------------
# guards on the fixture files themselves

ALLOWED_SPACE = {" "}
# characters that normalizers legitimately remove or rewrite: a fixture must not contain them
SUSPECT = re.compile(
    "[\u00a0\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202f\u2060-\u2064\ufeff\ufffd]"
)


def _line_problems(line: str) -> list[str]:
    problems = []
    if not unicodedata.is_normalized("NFC", line):
        problems.append("not NFC")
    if "\t" in line:
        problems.append("tab")
    if "\r" in line:
        problems.append("carriage return")
    if "  " in line:
        problems.append("double space")
    if line != line.strip():
        problems.append("leading or trailing whitespace")
    if SUSPECT.search(line):
        problems.append(f"invisible or special space character {SUSPECT.search(line).group()!r}")
    for ch in line:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Co", "Cs") or (cat == "Zs" and ch not in ALLOWED_SPACE):
            problems.append(f"control/format character U+{ord(ch):04X}")
            break
    if "..." in line:
        problems.append("three dots (write the sentence without an ellipsis)")
    return problems


@pytest.mark.parametrize("path", item_files() + doc_files(), ids=lambda p: p.relative_to(NEG_DIR).as_posix())
def test_fixture_file_is_clean(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # must be valid UTF-8
    assert text.endswith("\n") and not text.endswith("\n\n"), (
        f"{path.name}: must end with exactly one newline"
    )
    assert not text.startswith("\ufeff"), f"{path.name}: byte order mark"
    is_doc = path.parent == DOCS_DIR
    lines = read_lines(path)
    problems = []
    in_header = True
    for number, line in enumerate(lines, start=1):
        if not is_doc and in_header and line.startswith("#"):
            continue
        in_header = False
        if not line:
            if not is_doc:
                problems.append(f"{number}: blank line (item files have one item a line)")
            elif number == 1 or number == len(lines) or not lines[number - 2]:
                problems.append(f"{number}: blank line at an edge or two in a row")
            continue
        if line.startswith("#"):
            problems.append(f"{number}: comment line below the header")
        problems += [f"{number}: {p}" for p in _line_problems(line)]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_item_file_names_and_sizes() -> None:
    files = item_files()
    assert files, f"no fixture files in {NEG_DIR}"
    bad = [p.name for p in files if not FILE_NAME.match(p.name) or language(p) not in LANGS]
    assert not bad, f"fixture files must be named <lang>-<topic>.txt with lang in {LANGS}: {bad}"
    for path in files:
        assert load_items(path), f"{path.name} has no items"


def test_coverage_per_language() -> None:
    counts: Counter[str] = Counter()
    short: Counter[str] = Counter()
    for path in item_files():
        lang = language(path)
        for item in load_items(path):
            counts[lang] += 1
            if 3 <= word_count(item.text) <= 12:
                short[lang] += 1
    problems = []
    for lang, minimum in MIN_ITEMS.items():
        if counts[lang] < minimum:
            problems.append(f"{lang}: {counts[lang]} items, want at least {minimum}")
        elif short[lang] / counts[lang] < MIN_SHORT_SHARE:
            problems.append(
                f"{lang}: {short[lang]}/{counts[lang]} short lines (3-12 words), "
                f"want at least {MIN_SHORT_SHARE:.0%}"
            )
    assert not problems, "\n".join(problems)


def test_items_are_unique() -> None:
    seen: dict[str, str] = {}
    duplicates = []
    for item in ALL_ITEMS:
        if item.text in seen:
            duplicates.append(f"{item.id} repeats {seen[item.text]}")
        else:
            seen[item.text] = item.id
    assert not duplicates, "\n".join(duplicates)


def test_docs_are_whole_articles() -> None:
    docs = doc_files()
    assert len(docs) >= 3, "want a few whole documents in docs/"
    problems = []
    for path in docs:
        lines = [line for line in load_doc(path).split("\n") if line]
        if not 5 <= len(lines) <= 20:
            problems.append(f"{path.name}: {len(lines)} non-blank lines, want 5-20")
        if not any(word_count(line) >= 25 for line in lines):
            problems.append(f"{path.name}: no paragraph of article prose (25+ words)")
        if sum(1 for line in lines if word_count(line) <= 8) < 2:
            problems.append(f"{path.name}: want short lines too (title, subheadings, caption)")
    assert not problems, "\n".join(problems)


def test_loader_reads_items_and_skips_header(tmp_path: Path) -> None:
    sample = tmp_path / "en-sample.txt"
    sample.write_text("# header\n# more header\nFirst item.\nSecond item here.\n", encoding="utf-8")
    assert load_items(sample) == [
        Item("en-sample.txt", 3, "First item."),
        Item("en-sample.txt", 4, "Second item here."),
    ]
    assert _line_problems("two  spaces") == ["double space"]
    assert "not NFC" in _line_problems("Cafe\u0301")
    assert _line_problems("Fine line.") == []
