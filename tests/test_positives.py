"""Recall fixtures: boilerplate lines, in nine languages, that the default pipeline removes.

Every line of ``tests/fixtures/positives/<lang>-<topic>.txt`` is a piece of boilerplate in the
wording sites commonly use (a paywall call, a cookie banner, a share button, an ad label, an author
bio ...). Placed after three lines of the article sentence named in the file's ``# article:`` header
line (before them when the header says ``# position: head``: page chrome above the article; between
them, after the first two, with ``# position: middle``: markers inside the article), it must be gone from the output of the default and the ``ml`` preset, and the article lines must come
through unchanged. The rules' own examples test each rule alone; these test the whole
default set on the phrasings a user meets, so a rule edit that loses a common phrasing in one
language fails here by name.

A line that starts with ``(todo) `` is a known gap (a phrasing no rule takes yet, or one that is
left on purpose until a rule can tell it from article text): it runs as a strict expected failure,
so fixing the gap means moving the line out of the todo list.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

import cleantext

POS_DIR = Path(__file__).parent / "fixtures" / "positives"
PRESETS = ("default", "ml")
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru")
TODO = "(todo) "
FILE_NAME = re.compile(r"^(?P<lang>[a-z]{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")
# The article lines above each item: three, so the item is below the article's last prose line
ARTICLE_LINES = 3


class Item(NamedTuple):
    file: str
    line: int  # 1-based line number in the fixture file
    text: str
    article: str
    todo: bool
    position: str  # "head" (above the article), "middle" (between its lines) or "tail" (below it)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"


def load_items(path: Path) -> list[Item]:
    """The items of one fixture file: the lines after its ``#`` header, which names the article."""
    article = None
    position = "tail"
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("# article: "):
            article = line[len("# article: "):]
        elif line.startswith("# position: "):
            position = line[len("# position: "):].strip()
            assert position in ("head", "middle", "tail"), f"{path.name}: position is head, middle or tail"
        elif line.startswith("#") or not line.strip():
            continue
        else:
            assert article, f"{path.name}: the header needs an '# article: ...' line before the items"
            todo = line.startswith(TODO)
            items.append(Item(path.name, number, line[len(TODO):] if todo else line, article, todo, position))
    return items


ALL_ITEMS = [item for path in sorted(POS_DIR.glob("*.txt")) for item in load_items(path)]


@pytest.fixture(scope="module")
def cleaners() -> dict[str, cleantext.Cleaner]:
    return {preset: cleantext.Cleaner(preset=preset) for preset in PRESETS}


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(
    "item", [pytest.param(item, marks=pytest.mark.xfail(strict=True, reason="known gap")) if item.todo else item
             for item in ALL_ITEMS], ids=[item.id for item in ALL_ITEMS])
def test_item_is_removed(cleaners, item: Item, preset: str) -> None:
    article = [item.article] * ARTICLE_LINES
    at = {"head": 0, "middle": 2, "tail": ARTICLE_LINES}[item.position]
    lines = [*article[:at], item.text, *article[at:]]
    result = cleaners[preset].clean_and_explain("\n".join(lines))
    assert result.text.split("\n") == article, (
        f"{item.id}: {item.text!r} was not removed ({item.position} of the article) (rules that fired: "
        f"{sorted(result.rule_counts()) or 'none'})")


def test_fixture_files_are_named_by_language() -> None:
    names = [path.name for path in POS_DIR.glob("*.txt")]
    assert names, "no positive fixtures found"
    for name in names:
        match = FILE_NAME.match(name)
        assert match and match["lang"] in LANGS, f"{name}: name it <lang>-<topic>.txt with one of {LANGS}"


def test_every_language_has_items() -> None:
    per_lang = {lang: sum(1 for item in ALL_ITEMS if item.file.startswith(lang + "-") and not item.todo)
                for lang in LANGS}
    assert all(count >= 20 for count in per_lang.values()), per_lang  # (header and trailer files together)


def test_items_are_single_clean_lines() -> None:
    for item in ALL_ITEMS:
        assert item.text == item.text.strip() and "  " not in item.text, f"{item.id}: stray spaces"
        assert item.text not in item.article, f"{item.id}: the item is part of the article sentence"
