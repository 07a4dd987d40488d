"""The rule format: what a pack and a rule may say, checked with locations for every problem.

A pack is a YAML mapping (see docs/writing-rules.md). Validation turns it into ``Rule`` objects or
a list of ``Problem``s, each naming the file, line, column and the path to the bad value.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import regex

from ..errors import Problem

SCHEMA_VERSION = 1

ACTIONS = ("remove_line", "remove_block", "remove_match", "cut_rest", "cut_before", "remove_section", "remove_run",
           "remove_repeat")
SCOPES = ("line", "block")
EXAMPLE_KINDS = ("remove", "keep", "todo_remove", "todo_keep")

PACK_KEYS = {"pack", "schema", "summary", "lang", "sites", "defaults", "rules", "note", "veto_sets"}
RULE_KEYS = {
    "id", "summary", "tags", "lang", "match", "scope", "action", "where", "max_words", "min_words",
    "run", "ignorecase", "sites", "examples", "note", "enabled",
}
DEFAULTABLE = {"scope", "action", "ignorecase", "max_words", "min_words", "where", "tags", "lang", "sites", "run",
               "enabled"}
MATCH_KEYS = {"any", "unless", "unless_sets"}
NEIGHBOUR_KEYS = ("beside", "between", "after", "before")
WHERE_KEYS = {"head", "tail", "after_prose", "before_prose", "outside_prose", "outside_article", "min_prose",
              "min_prose_above",
              "min_prose_below", "list_item", "page_title", "beside", "between", "after", "before", "page_url"}
RUN_KEYS = {"max_words", "min_lines", "same_marker", "until_repeat", "match", "not_below", "bridge_removed"}

ID_RE = regex.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
PACK_RE = regex.compile(r"^[a-z][a-z0-9-]*$")


def set_fields(part: Where | Run) -> dict[str, Any]:
    """The conditions or run keys a rule sets: the fields of its ``where`` or ``run`` that differ from
    their default, by the name the rule file gives them.

    A tri-state condition set to false ("list_item: false": not a list item) differs from its
    default (either) and is listed; a flag left at its default false is not.

    >>> set_fields(Where(tail=3, list_item=False))
    {'tail': 3, 'list_item': False}
    """
    return {f.name: getattr(part, f.name) for f in fields(part) if getattr(part, f.name) != f.default}


@dataclass(frozen=True)
class Where:
    """Where in the document a rule may fire (all given conditions must hold).

    head/tail: the line is among the first/last N non-blank lines. after_prose: no article-prose line
    follows it. before_prose: no article-prose line precedes it. outside_prose: one of the two (the
    line is in the page's header or trailer, not between prose lines). outside_article: above the
    first or below the last line of the page's largest cluster of prose lines (Page.article_span), so
    that prose-like lines in sidebars and footers do not count as the article. min_prose: the page holds at
    least N article-prose lines (on a page with none, every line is "outside the prose").
    min_prose_above: at least N article-prose lines precede it (a comment header below the article,
    not one above it).

    min_prose_below: at least N article-prose lines follow it (a picture credit inside the article,
    not a trailer line). list_item: the line starts with a list marker ("- ", "* ", "1. ") when true,
    and does not when false (an extractor marks an article's own lists; a page's menus come unmarked).
    page_title: the line is (true) / is not (false) the page's title as the URL the text came with
    spells it (a menu's column ends at the article's title). page_url: the line is the page's own
    address (the URL the text came with), as a share or permalink widget prints it.

    beside / between / after / before name packs or rule ids: the nearest non-blank line above or
    below (beside), both of them (between), the one above (after: the line comes right after a
    removed line) or the one below (before) must be removed by one of those rules. Such a rule runs
    after all the others, and again until it removes nothing more, so it extends what they removed: a
    "Reply" line under a removed comment byline, a reader's comment between two removed bylines.
    """

    head: int | None = None
    tail: int | None = None
    after_prose: bool = False
    before_prose: bool = False
    outside_prose: bool = False
    outside_article: bool = False
    min_prose: int | None = None
    min_prose_above: int | None = None
    min_prose_below: int | None = None
    list_item: bool | None = None  # None: either
    page_title: bool | None = None  # None: either
    page_url: bool = False
    beside: tuple[str, ...] = ()
    between: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()

    @property
    def neighbours(self) -> tuple[str, ...]:
        """The packs or rule ids a neighbour condition names (empty when there is none)."""
        return self.beside or self.between or self.after or self.before

    @property
    def neighbour_key(self) -> str:
        """Which neighbour condition the rule has: beside, between, after, before, or ''."""
        return next((k for k in NEIGHBOUR_KEYS if getattr(self, k)), "")


@dataclass(frozen=True)
class Run:
    """For ``remove_section``: the run of short lines under a header that goes with it; for
    ``remove_run``: ``min_lines`` is how many matching lines in a row make a run."""

    max_words: int = 12  # a line of a related-links list or a comment byline is short
    min_lines: int = 1  # a header with nothing short under it is left alone (unless it ends the text)
    same_marker: bool = False  # when the first line under the header is a list item, the run is the list
    # the run ends before a line that repeats its first line: a table of contents whose first entry
    # comes back as the article's first heading
    until_repeat: bool = False
    # lines matching one of these patterns belong to the run whatever their length (a consent
    # dialog's long paragraphs, a contact block's address lines); same flags as the rule's patterns
    match: tuple[str, ...] = ()
    # for remove_run: a run whose first line sits right under a line matching one of these patterns
    # is left whole (a sentence ending in a colon introduces the article's own list); the run's
    # lines are then not taken one by one either
    not_below: tuple[str, ...] = ()
    # for remove_run: the lines that other rules removed between two of the run's lines count
    # towards min_lines (off by default: a run is lines the rule itself matches; on for a menu
    # column whose known entries single-line rules take one by one)
    bridge_removed: bool = False


@dataclass(frozen=True)
class Example:
    text: str
    expect: str | None  # for remove examples: the expected output; None means "all of it removed"
    line: int


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    summary: str
    action: str
    scope: str
    any: tuple[str, ...]
    unless: tuple[str, ...]
    ignorecase: bool
    where: Where
    run: Run
    max_words: int | None
    min_words: int | None
    tags: tuple[str, ...]
    lang: tuple[str, ...]
    sites: tuple[str, ...]
    examples: dict[str, tuple[Example, ...]] = field(hash=False, compare=False)
    note: str = ""
    file: str = ""
    line: int = 0
    enabled: bool = True  # False: an opt-in rule, active only when selected by name
    # names of shared veto sets (a pack's ``veto_sets:``); the loader adds their patterns to ``unless``
    unless_sets: tuple[str, ...] = ()

    @property
    def flags(self) -> int:
        return regex.IGNORECASE if self.ignorecase else 0

    def names(self) -> set[str]:
        """Every name that selects this rule: its id, its pack, its tags, ``lang:xx``, and
        ``default`` (a rule on by default) or ``optional`` (an opt-in rule)."""
        return {self.id, self.pack, *self.tags, *(f"lang:{x}" for x in self.lang),
                "default" if self.enabled else "optional"}


class _Checker:
    """Collects problems while walking one pack's YAML tree."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, node: Any, key: Any, owner: str, path: str, message: str) -> None:
        line, col = _location(node, key)
        self.problems.append(Problem(self.file, line, col, owner, path, message))


def _location(node: Any, key: Any) -> tuple[int, int]:
    """1-based line and column of ``node[key]`` (or of ``node`` when key is None) in the YAML file."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return (1, 1)
    try:
        if key is None:
            return (lc.line + 1, lc.col + 1)
        if isinstance(key, int):
            line, col = lc.item(key)
        else:
            line, col = lc.value(key)
        return (line + 1, col + 1)
    except (KeyError, IndexError, TypeError, AttributeError):
        return (lc.line + 1, lc.col + 1)


def _str_list(ck: _Checker, node: Any, key: str, owner: str, path: str) -> tuple[str, ...]:
    value = node[key]
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        ck.add(node, key, owner, path, "must be a list of strings; write it as [a, b]")
        return ()
    return tuple(value)


def _pos_int(ck: _Checker, node: Any, key: str, owner: str, path: str) -> int | None:
    value = node[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        ck.add(node, key, owner, path, f"must be a whole number of at least 1, not {value!r}")
        return None
    return value


def _bool(ck: _Checker, node: Any, key: str, owner: str, path: str) -> bool:
    value = node[key]
    if not isinstance(value, bool):
        ck.add(node, key, owner, path, f"must be true or false, not {value!r}")
        return False
    return value


def _unknown_keys(ck: _Checker, node: Any, allowed: set[str], owner: str, prefix: str) -> None:
    """A problem, located at the key itself, for every key that is not allowed here."""
    for key in node:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            ck.problems.append(Problem(ck.file, *_key_location(node, key), owner, f"{prefix}{key}",
                                       f"unknown key {key!r}; the keys allowed here are: {hint}"))


def _key_location(node: Any, key: Any) -> tuple[int, int]:
    try:
        line, col = node.lc.key(key)
        return (line + 1, col + 1)
    except (KeyError, AttributeError, TypeError):
        return _location(node, None)


@lru_cache(maxsize=None)
def compiled(pattern: str, flags: int) -> regex.Pattern:
    """A rule pattern compiled once per process (validation and matching share it)."""
    return regex.compile(pattern, flags)


def check_pattern(pattern: str, flags: int) -> str | None:
    """Why ``pattern`` is unusable as a rule pattern, or None when it is fine.

    >>> check_pattern("^share this( article)?$", 0) is None
    True
    >>> check_pattern("(unclosed", 0).startswith("does not compile")
    True
    >>> check_pattern("x*", 0)
    'matches the empty string, so it would fire on every line; make it require some text'
    """
    try:
        pat = compiled(pattern, flags)
    except regex.error as exc:
        return f"does not compile ({exc}); fix the regex (it is `regex` module syntax)"
    if pat.search("") is not None:
        return "matches the empty string, so it would fire on every line; make it require some text"
    return None


def _patterns(ck: _Checker, node: Any, key: str, owner: str, path: str, flags: int) -> tuple[str, ...]:
    """``node[key]`` as a list of patterns, each checked; a bad one is located at its list item."""
    values = _str_list(ck, node, key, owner, path)
    seq = node[key]
    for i, pat in enumerate(values):
        why = check_pattern(pat, flags)
        if why:
            if isinstance(seq, list):
                ck.add(seq, i, owner, f"{path}[{i}]", why)
            else:
                ck.add(node, key, owner, path, why)
    return values


def _parse_where(ck: _Checker, node: Any, owner: str, path: str) -> Where:
    if not isinstance(node, dict):
        ck.add(node, None, owner, path, "must be a mapping like {tail: 40}")
        return Where()
    _unknown_keys(ck, node, WHERE_KEYS, owner, path + ".")
    kw: dict[str, Any] = {}
    for key in ("head", "tail", "min_prose", "min_prose_above", "min_prose_below"):
        if key in node:
            kw[key] = _pos_int(ck, node, key, owner, f"{path}.{key}")
    for key in ("after_prose", "before_prose", "outside_prose", "outside_article", "list_item", "page_title",
                "page_url"):
        if key in node:
            kw[key] = _bool(ck, node, key, owner, f"{path}.{key}")
    given = [key for key in NEIGHBOUR_KEYS if key in node]
    for key in given:
        kw[key] = _str_list(ck, node, key, owner, f"{path}.{key}")
    if len(given) > 1:
        ck.add(node, given[1], owner, f"{path}.{given[1]}",
               f"use one neighbour condition, not {' and '.join(given)}: beside (either neighbour), "
               "between (both), after (the line above) or before (the line below)")
    return Where(**kw)


def _parse_run(ck: _Checker, node: Any, owner: str, path: str, flags: int = 0) -> Run:
    if not isinstance(node, dict):
        ck.add(node, None, owner, path, "must be a mapping like {max_words: 12, min_lines: 2}")
        return Run()
    _unknown_keys(ck, node, RUN_KEYS, owner, path + ".")
    kw: dict[str, Any] = {k: _pos_int(ck, node, k, owner, f"{path}.{k}") for k in ("max_words", "min_lines") if k in node}
    for key in ("same_marker", "until_repeat", "bridge_removed"):
        if key in node:
            kw[key] = _bool(ck, node, key, owner, f"{path}.{key}")
    for key in ("match", "not_below"):
        if key in node:
            kw[key] = _patterns(ck, node, key, owner, f"{path}.{key}", flags)
    return Run(**{k: v for k, v in kw.items() if v is not None})


def _parse_examples(ck: _Checker, node: Any, owner: str) -> dict[str, tuple[Example, ...]]:
    out: dict[str, tuple[Example, ...]] = {k: () for k in EXAMPLE_KINDS}
    if not isinstance(node, dict):
        ck.add(node, None, owner, "examples", "must be a mapping with `remove:` and `keep:` lists")
        return out
    _unknown_keys(ck, node, set(EXAMPLE_KINDS), owner, "examples.")
    for kind in EXAMPLE_KINDS:
        if kind not in node:
            continue
        items = node[kind]
        if not isinstance(items, list):
            ck.add(node, kind, owner, f"examples.{kind}", "must be a list of examples")
            continue
        parsed = []
        for i, item in enumerate(items):
            line = _location(items, i)[0]
            if isinstance(item, str):
                parsed.append(Example(item, None, line))
            elif kind in ("remove", "todo_remove") and isinstance(item, dict) and set(item) == {"text", "expect"} \
                    and isinstance(item["text"], str) and isinstance(item["expect"], str):
                parsed.append(Example(item["text"], item["expect"], line))
            else:
                ck.add(items, i, owner, f"examples.{kind}[{i}]",
                       "must be a string, or (for remove examples) a mapping {text: ..., expect: ...}")
        out[kind] = tuple(parsed)
    for kind in ("remove", "keep"):
        if not out[kind]:
            ck.add(node, None, owner, f"examples.{kind}",
                   f"a rule needs at least one `{kind}` example; add one (examples are the rule's tests)")
    return out


VETO_SET_RE = re.compile(r"^[a-z][a-z0-9-]*$")


def parse_veto_sets(ck: _Checker, data: dict, owner: str) -> dict[str, tuple[str, ...]]:
    """A pack's ``veto_sets:``: name -> patterns that rules in any pack use with ``unless_sets``."""
    node = data.get("veto_sets")
    if node is None:
        return {}
    if not isinstance(node, dict):
        ck.add(data, "veto_sets", owner, "veto_sets", "must be a mapping of set names to lists of patterns")
        return {}
    sets = {}
    for name in node:
        if not isinstance(name, str) or not VETO_SET_RE.match(name):
            ck.problems.append(Problem(ck.file, *_key_location(node, name), owner, f"veto_sets.{name}",
                                       "a veto set name is lowercase letters, digits and dashes, like `attribution`"))
            continue
        sets[name] = _patterns(ck, node, name, owner, f"veto_sets.{name}", regex.IGNORECASE)
    return sets


def parse_pack(data: Any, file: str) -> tuple[list[Rule], list[Problem], str, dict[str, tuple[str, ...]]]:
    """Validate one loaded YAML document; return its rules, its problems, its pack name and its
    veto sets (name -> patterns)."""
    ck = _Checker(file)
    if not isinstance(data, dict):
        ck.add(data, None, "pack", "", "a rule pack must be a YAML mapping with pack, schema, summary and rules")
        return [], ck.problems, "", {}
    pack = data.get("pack")
    owner = pack if isinstance(pack, str) else "pack"
    _unknown_keys(ck, data, PACK_KEYS, owner, "")
    for key in ("pack", "schema", "summary", "rules"):
        if key not in data:
            ck.add(data, None, owner, key, f"missing `{key}:`; every pack needs pack, schema, summary and rules")
    if "pack" in data and (not isinstance(pack, str) or not PACK_RE.match(pack)):
        ck.add(data, "pack", owner, "pack", "must be a lowercase name like `paywall` (letters, digits, dashes)")
    if "schema" in data and data["schema"] != SCHEMA_VERSION:
        ck.add(data, "schema", owner, "schema", f"unsupported schema {data['schema']!r}; this cleantext reads schema {SCHEMA_VERSION}")
    if ck.problems:
        return [], ck.problems, owner, {}

    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        ck.add(data, "defaults", owner, "defaults", "must be a mapping of rule keys, like {action: remove_line}")
        defaults = {}
    else:
        for key in defaults:
            if key not in DEFAULTABLE:
                ck.problems.append(Problem(file, *_key_location(defaults, key), owner, f"defaults.{key}",
                                           f"{key!r} cannot have a default; allowed: {', '.join(sorted(DEFAULTABLE))}"))
    veto_sets = parse_veto_sets(ck, data, owner)
    pack_lang = _str_list(ck, data, "lang", owner, "lang") if "lang" in data else ()
    pack_sites = _str_list(ck, data, "sites", owner, "sites") if "sites" in data else ()

    rules_node = data["rules"]
    if not isinstance(rules_node, list):
        ck.add(data, "rules", owner, "rules", "must be a list of rules (each starting with `- id:`)")
        return [], ck.problems, owner, veto_sets
    rules = []
    for index, node in enumerate(rules_node):
        rule = _parse_rule(ck, node, index, rules_node, pack, defaults, pack_lang, pack_sites, file)
        if rule is not None:
            rules.append(rule)
    return rules, ck.problems, pack, veto_sets


def _parse_rule(ck: _Checker, node: Any, index: int, parent: Any, pack: str, defaults: dict,
                pack_lang: tuple[str, ...], pack_sites: tuple[str, ...], file: str) -> Rule | None:
    if not isinstance(node, dict):
        ck.add(parent, index, pack, f"rules[{index}]", "each rule must be a mapping starting with `- id: pack.name`")
        return None
    rid = node.get("id")
    owner = rid if isinstance(rid, str) else f"{pack}.rules[{index}]"
    before = len(ck.problems)
    _unknown_keys(ck, node, RULE_KEYS, owner, "")
    if "id" not in node:
        ck.add(node, None, owner, "id", f"missing `id:`; name the rule `{pack}.what-it-removes`")
    elif not isinstance(rid, str) or not ID_RE.match(rid) or not rid.startswith(pack + "."):
        ck.add(node, "id", owner, "id", f"must be `{pack}.kebab-name` (the pack name, a dot, lowercase words with dashes)")
    for key in ("summary", "match", "examples"):
        if key not in node:
            ck.add(node, None, owner, key, f"missing `{key}:`; every rule needs summary, match and examples")

    def get(key: str, default: Any) -> tuple[Any, Any]:
        """The value and the node that holds it (the rule, the pack defaults, or nothing)."""
        if key in node:
            return node[key], node
        if key in defaults:
            return defaults[key], defaults
        return default, None

    action, holder = get("action", "remove_line")
    if action not in ACTIONS:
        ck.add(holder if holder is not None else node, "action", owner, "action",
               f"unknown action {action!r}; use one of: {', '.join(ACTIONS)}")
    scope, holder = get("scope", "line")
    if scope not in SCOPES:
        ck.add(holder if holder is not None else node, "scope", owner, "scope", f"unknown scope {scope!r}; use one of: {', '.join(SCOPES)}")
    enabled, holder = get("enabled", True)  # rules are on unless a pack makes them opt-in
    if not isinstance(enabled, bool):
        ck.add(holder, "enabled", owner, "enabled", "must be true or false")
        enabled = True
    ignorecase, holder = get("ignorecase", True)  # boilerplate is written in any case ("SUBSCRIBE NOW")
    if not isinstance(ignorecase, bool):
        ck.add(holder, "ignorecase", owner, "ignorecase", "must be true or false")
        ignorecase = True
    flags = regex.IGNORECASE if ignorecase else 0

    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_sets: tuple[str, ...] = ()
    match = node.get("match")
    if match is not None:
        if not isinstance(match, dict):
            ck.add(node, "match", owner, "match", "must be a mapping with `any:` (and optionally `unless:`)")
        else:
            _unknown_keys(ck, match, MATCH_KEYS, owner, "match.")
            if "any" not in match:
                ck.add(match, None, owner, "match.any", "missing `any:`; list the patterns that find this boilerplate")
            for key in ("any", "unless"):
                if key not in match:
                    continue
                values = _patterns(ck, match, key, owner, f"match.{key}", flags)
                if key == "any":
                    patterns = values
                else:
                    unless = values
            if "unless_sets" in match:
                unless_sets = _str_list(ck, match, "unless_sets", owner, "match.unless_sets")
            if "any" in match and not patterns and not isinstance(match.get("any"), str):
                if isinstance(match.get("any"), list) and not match["any"]:
                    ck.add(match, "any", owner, "match.any", "is empty; give at least one pattern")

    where_val, holder = get("where", None)
    where = _parse_where(ck, where_val, owner, "where") if where_val is not None else Where()
    run_val, holder = get("run", None)
    run = _parse_run(ck, run_val, owner, "run", flags) if run_val is not None else Run()
    if action == "remove_run" and run.min_lines < 2:
        ck.add(node, "action", owner, "run.min_lines",
               "remove_run needs a run of at least 2 lines; set run: {min_lines: 3} (one line is remove_line)")
    if run.bridge_removed and action != "remove_run":
        ck.add(run_val, "bridge_removed", owner, "run.bridge_removed",
               f"only remove_run bridges removed lines, not {action}; remove it or use action: remove_run")
    limits: dict[str, int | None] = {}
    for key in ("max_words", "min_words"):
        value, holder = get(key, None)
        limits[key] = _pos_int(ck, holder, key, owner, key) if holder is not None else None
    def list_field(key: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
        _value, holder = get(key, None)
        return fallback if holder is None else _str_list(ck, holder, key, owner, key)

    tags = list_field("tags", ())
    lang = list_field("lang", pack_lang)
    sites = list_field("sites", pack_sites)
    summary = node.get("summary", "")
    if "summary" in node and not isinstance(summary, str):
        ck.add(node, "summary", owner, "summary", "must be one sentence of text")
    note = node.get("note", "")
    examples = _parse_examples(ck, node["examples"], owner) if "examples" in node else {k: () for k in EXAMPLE_KINDS}
    if len(ck.problems) > before:
        return None
    line, _col = _location(node, None)
    return Rule(
        id=rid, pack=pack, summary=summary, action=action, scope=scope, any=patterns, unless=unless,
        ignorecase=ignorecase, where=where, run=run, max_words=limits["max_words"], min_words=limits["min_words"],
        tags=tags, lang=lang, sites=tuple(s.lower().lstrip(".") for s in sites), examples=examples,
        note=note if isinstance(note, str) else "", file=file, line=line, enabled=enabled,
        unless_sets=unless_sets,
    )

