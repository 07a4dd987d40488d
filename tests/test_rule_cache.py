"""The disk cache of validated packs (cleantext/boilerplate/cache.py): hits, misses, and failures."""

from __future__ import annotations

import textwrap

import pytest

from cleantext.boilerplate import cache, loader
from cleantext.errors import RuleError

PACK = textwrap.dedent("""\
    pack: demo
    schema: 1
    summary: Demo pack.
    rules:
      - id: demo.share
        summary: A share prompt.
        match: {any: ['^share this article$']}
        examples: {remove: ["Share this article"], keep: ["Share prices fell on Monday."]}
    """)


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder / "packs"


def test_a_clean_pack_is_cached_and_read_back_without_parsing(tmp_path, cache_in, monkeypatch):
    pack = tmp_path / "demo.yaml"
    pack.write_text(PACK, encoding="utf-8")
    first, problems, _ = loader.read_pack(pack)
    assert not problems and len(list(cache_in.glob("*.pickle"))) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("the YAML was parsed again although the pack is cached")

    monkeypatch.setattr(loader, "YAML", no_parsing)
    again, problems, _ = loader.read_pack(pack)
    assert not problems and again == first
    assert again[0].file == first[0].file and again[0].any == ("^share this article$",)


def test_an_edited_pack_misses_the_cache(tmp_path, cache_in):
    pack = tmp_path / "demo.yaml"
    pack.write_text(PACK, encoding="utf-8")
    loader.read_pack(pack)
    pack.write_text(PACK.replace("share this article", "share this story"), encoding="utf-8")
    rules, _, _ = loader.read_pack(pack)
    assert rules[0].any == ("^share this story$",)
    assert len(list(cache_in.glob("*.pickle"))) == 2


def test_a_pack_with_problems_is_not_cached_and_reports_every_time(tmp_path, cache_in):
    pack = tmp_path / "demo.yaml"
    pack.write_text(PACK.replace("'^share this article$'", "'^(share'"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError, match="does not compile"):
            loader.load_ruleset([pack], builtin=False)
    assert not cache_in.exists() or not list(cache_in.glob("*.pickle"))


def test_an_unusable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker))
    pack = tmp_path / "demo.yaml"
    pack.write_text(PACK, encoding="utf-8")
    rules, problems, _ = loader.read_pack(pack)
    assert rules and not problems


def test_a_corrupt_cache_entry_is_a_miss(tmp_path, cache_in):
    pack = tmp_path / "demo.yaml"
    pack.write_text(PACK, encoding="utf-8")
    loader.read_pack(pack)
    (entry,) = cache_in.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    rules, problems, _ = loader.read_pack(pack)
    assert rules[0].id == "demo.share" and not problems


def test_the_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    pack = tmp_path / "demo.yaml"
    pack.write_text(PACK, encoding="utf-8")
    assert loader.read_pack(pack)[0][0].id == "demo.share"
