"""Finding and reading rule packs: the built-in ``rules/`` folder plus any files or folders named."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import Problem, RuleError
from . import cache
from .schema import Rule, parse_pack


def builtin_rules_dir() -> Path:
    """The rule packs shipped with cleantext.

    In a wheel they live inside the package (``cleantext/rules``); in a source checkout (an editable
    install) they are the repository's top-level ``rules/`` folder.
    """
    here = Path(__file__).resolve().parent.parent
    inside = here / "rules"
    if inside.is_dir():
        return inside
    checkout = here.parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleError([Problem(str(inside), 1, 1, "cleantext", "", "the built-in rule packs are missing; reinstall cleantext-boilerplate")])


def pack_files(path: Path) -> list[Path]:
    """The ``.yaml``/``.yml`` files of a folder (recursively, sorted: general packs before ``sites/``)."""
    if path.is_file():
        return [path]
    if not path.exists():
        raise RuleError([Problem(str(path), 1, 1, "rules", "", "no such file or folder; check the --rules path")])
    files = [p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(files, key=lambda p: (len(p.relative_to(path).parts), str(p)))


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class PackContents(NamedTuple):
    """What one pack file holds: its rules, the problems found in it, and its veto sets."""

    rules: list[Rule]
    problems: list[Problem]
    veto_sets: dict[str, tuple[str, ...]]


def read_pack(path: Path) -> PackContents:
    """Parse and validate one pack file."""
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return PackContents([], [Problem(shown, 1, 1, "pack", "", f"cannot read the file ({exc}); it must be UTF-8 YAML")], {})
    cached = cache.load(text)
    if cached is not None:
        rules, veto_sets = cached
        return PackContents([replace(rule, file=shown) for rule in rules], [], veto_sets)
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return PackContents([], [Problem(shown, line, col, "pack", "", f"not valid YAML: {exc.problem or exc}; fix the syntax")], {})
    except YAMLError as exc:
        return PackContents([], [Problem(shown, 1, 1, "pack", "", f"not valid YAML: {exc}; fix the syntax")], {})
    rules, problems, _pack, veto_sets = parse_pack(data, shown)
    if not problems:
        cache.store(text, (rules, veto_sets))
    return PackContents(rules, problems, veto_sets)


@dataclass(frozen=True)
class RuleSet:
    """All loaded rules, in order: built-in general packs, built-in site packs, then extra packs."""

    rules: tuple[Rule, ...]
    extra: tuple[str, ...] = ()  # the extra pack files or folders it was loaded from
    builtin: bool = True  # whether the built-in packs are part of it

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def names(self) -> set[str]:
        """Every id, pack, tag and ``lang:xx`` that selects something."""
        out: set[str] = set()
        for rule in self.rules:
            out |= rule.names()
        return out

    def select(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[Rule, ...]:
        """The rules chosen by ``select`` minus those named by ``ignore``.

        An empty ``select`` means ``default``: every rule except the opt-in ones (``enabled: false``).
        Names are rule ids, pack names, tags, ``lang:xx``, ``default`` and ``optional``; so
        ``select=["default", "copyright.notice"]`` adds one opt-in rule to the default set. An
        unknown name is an error so a typo does not silently select nothing.
        """
        select = tuple(select) or ("default",)
        known = self.names() | {"default", "optional"}
        unknown = [n for n in (*select, *ignore) if n not in known]
        if unknown:
            raise RuleError([Problem("--select/--ignore", 1, 1, "selection", "",
                                     f"{n!r} names no rule, pack, tag or lang; see `cleantext rules list`")
                             for n in unknown])
        chosen = [r for r in self.rules if not select or r.names() & set(select)]
        return tuple(r for r in chosen if not (r.names() & set(ignore)))


def load_ruleset(extra: Iterable[str | os.PathLike] = (), builtin: bool = True) -> RuleSet:
    """Load the built-in packs (unless ``builtin=False``) and any extra files or folders.

    Raises ``RuleError`` listing every problem in every pack, duplicate ids included.
    """
    return _load(tuple(str(p) for p in extra), builtin, _stamp(extra, builtin))


def _stamp(extra: Iterable, builtin: bool) -> tuple:
    """Modification times of the pack files, so an edited pack is re-read but an unchanged one is not."""
    roots = ([builtin_rules_dir()] if builtin else []) + [Path(p) for p in extra]
    stamp = []
    for root in roots:
        try:
            for f in pack_files(root):
                st = f.stat()
                stamp.append((str(f), st.st_mtime_ns, st.st_size))
        except (RuleError, OSError):
            stamp.append((str(root), None, None))
    return tuple(stamp)


@lru_cache(maxsize=32)
def _load(extra: tuple[str, ...], builtin: bool, _stamp: tuple) -> RuleSet:
    files: list[Path] = []
    if builtin:
        files += pack_files(builtin_rules_dir())
    for p in extra:
        # a built-in pack named again (`cleantext rules test rules/ads.yaml`) is loaded once
        files += [f for f in pack_files(Path(p)) if f.resolve() not in {g.resolve() for g in files}]
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, Rule] = {}
    veto_sets: dict[str, tuple[str, ...]] = {}
    defined_in: dict[str, str] = {}
    for f in files:
        got, bad, sets = read_pack(f)
        problems += bad
        for name, patterns in sets.items():
            if name in veto_sets:
                problems.append(Problem(_display(f), 1, 1, "veto_sets", f"veto_sets.{name}",
                                        f"veto set {name!r} is already defined in {defined_in[name]}; rename one"))
                continue
            veto_sets[name], defined_in[name] = patterns, _display(f)
        for rule in got:
            if rule.id in seen:
                first = seen[rule.id]
                problems.append(Problem(rule.file, rule.line, 1, rule.id, "id",
                                        f"duplicate id; {first.file}:{first.line} already defines it, rename one"))
                continue
            seen[rule.id] = rule
            rules.append(rule)
    problems += _unknown_neighbours(rules)
    rules, unknown_sets = _with_veto_sets(rules, veto_sets)
    problems += unknown_sets
    if problems:
        raise RuleError(problems)
    return RuleSet(tuple(rules), extra, builtin)


def _with_veto_sets(rules: list[Rule], veto_sets: dict[str, tuple[str, ...]]) -> tuple[list[Rule], list[Problem]]:
    """Each rule with its ``unless_sets`` patterns added to its ``unless`` (once each)."""
    out, problems = [], []
    for rule in rules:
        extra: list[str] = []
        for k, name in enumerate(rule.unless_sets):
            if name not in veto_sets:
                known = ", ".join(sorted(veto_sets)) or "none is loaded"
                problems.append(Problem(rule.file, rule.line, 1, rule.id, f"match.unless_sets[{k}]",
                                        f"{name!r} is no veto set; known sets: {known}"))
                continue
            extra += [p for p in veto_sets[name] if p not in rule.unless and p not in extra]
        out.append(replace(rule, unless=rule.unless + tuple(extra)) if extra else rule)
    return out, problems


def _unknown_neighbours(rules: list[Rule]) -> list[Problem]:
    """A ``where.beside``/``where.between`` name that is neither a loaded pack nor a rule id."""
    known = {r.pack for r in rules} | {r.id for r in rules}
    problems = []
    for rule in rules:
        key = rule.where.neighbour_key
        for k, name in enumerate(rule.where.neighbours):
            if name not in known:
                packs = ", ".join(sorted({r.pack for r in rules}))
                problems.append(Problem(rule.file, rule.line, 1, rule.id, f"where.{key}[{k}]",
                                        f"{name!r} is no loaded pack or rule id; name one of: {packs}"))
    return problems


def address_of(url: str | None) -> str:
    """A URL reduced to host (without ``www.``) and path, for telling whether a line is the page's
    own address; empty when it is not a single URL.

    >>> address_of("https://www.Example.com/news/a-story.html?utm_source=x#top")
    'example.com/news/a-story.html'
    >>> address_of("example.com/news/a-story.html/") == address_of("http://example.com/news/a-story.html")
    True
    >>> address_of("Read the story at example.com/news"), address_of(None)
    ('', '')
    """
    if not url or any(ch.isspace() for ch in url.strip()):
        return ""
    url = url.strip()
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""
    if "." not in host:
        return ""
    return host + parts.path.rstrip("/")


def host_of(url: str | None) -> str:
    """The lowercase host of a URL, without ``www.``; empty when there is none.

    >>> host_of("https://www.NYTimes.com/2024/12/30/world/x.html")
    'nytimes.com'
    >>> host_of(None)
    ''
    """
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def site_matches(host: str, sites: Sequence[str]) -> bool:
    """Whether ``host`` is one of ``sites`` or a subdomain of one.

    >>> site_matches("edition.cnn.com", ["cnn.com"])
    True
    >>> site_matches("notcnn.com", ["cnn.com"])
    False
    """
    return any(host == s or host.endswith("." + s) for s in sites)
