"""Literal prefilter: every rule of a group found by its required words in one pass over the text.

Each pattern is first *widened* to a form that matches at least wherever the original does (character
classes, ``\\w``/``\\d``/``\\s`` and ``.`` become "any character but a newline", bounded repeats become
``*`` or ``+``, lookarounds and word boundaries are dropped). From the widened form comes the pattern's
*required literals*: a set of strings one of which every match must contain ("subscribe", "abonnieren",
...). All required literals of all rules go into one Aho-Corasick automaton, which scans the
case-folded document once, so the cost of finding candidates does not grow with the number of rules.
A candidate is only a candidate: each candidate line is then checked with the rule's real patterns,
so the results are exactly those of checking every rule on every line.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import Iterator, Sequence


ANY = r"[^\n]"

_CLASS_ESCAPES = set("wWdDsSpPhHvVXR")  # escapes standing for a set of characters
_ZERO_WIDTH_ESCAPES = set("bBGmM")  # assertions: dropping them widens the pattern
_DIGITS = set("0123456789")
_LITERAL_ESCAPES = set(".^$*+?()[]{}|\\/-'\"#&~ <>!=:,;%@`")


class Unsupported(ValueError):
    """The pattern uses syntax the widening does not handle; the rule is checked on every line."""


def widen(pattern: str) -> str:
    """A pattern that matches at least wherever ``pattern`` matches (within one line).

    Anchors stay as they are; they only matter to the real pattern, not to the literals.

    >>> widen(r"^share (this|the) (article|story)\\b[.!]?$")
    '^share (?:this|the) (?:article|story)[^\\\\n]?$'
    >>> widen(r"^(retrouvez|lisez) [\\w' ]{1,30} (sur|dans)")
    '^(?:retrouvez|lisez) [^\\\\n]+ (?:sur|dans)'
    >>> widen(r"(?<!\\d)cookies(?= policy)")
    'cookies'
    >>> widen(r"(\\w+), \\1")  # a back-reference matches some of the line: anything
    '(?:[^\\\\n]+), [^\\\\n]*'
    """
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise Unsupported("trailing backslash")
            nxt = pattern[i + 1]
            if nxt in _CLASS_ESCAPES:
                out.append(ANY)
                i += 2
                if nxt in "pP" and i < n and pattern[i] == "{":
                    close = pattern.find("}", i)
                    if close < 0:
                        raise Unsupported("unclosed \\p{")
                    i = close + 1
                continue
            if nxt in _ZERO_WIDTH_ESCAPES:
                i += 2
                continue
            if nxt == "A":
                out.append("^")
                i += 2
                continue
            if nxt in "Zz":
                out.append("$")
                i += 2
                continue
            if nxt in "123456789" and pattern[i + 2:i + 3] not in _DIGITS or nxt == "g" and \
                    pattern.startswith("<", i + 2) and ">" in pattern[i + 3:]:
                # a back-reference matches some text the line holds: any text, widened
                out.append(ANY + "*")
                i = pattern.index(">", i) + 1 if nxt == "g" else i + 2
                continue
            if nxt.isdigit() or nxt == "g":
                raise Unsupported("back-reference or octal escape")
            if nxt in _LITERAL_ESCAPES or nxt in "ntrfae" or not nxt.isalnum():
                out.append(pattern[i:i + 2])
                i += 2
                continue
            if nxt == "x" or nxt == "u" or nxt == "N":
                raise Unsupported(f"escape \\{nxt}")
            raise Unsupported(f"escape \\{nxt}")
        if ch == "[":
            i = skip_class(pattern, i)
            out.append(ANY)
            continue
        if ch == ".":
            out.append(ANY)
            i += 1
            continue
        if ch == "{" and _is_quantifier(pattern, i):
            close = pattern.index("}", i)
            least = pattern[i + 1:close].split(",")[0]
            out.append("+" if int(least) >= 1 else "*")  # {2,} keeps what it repeats required
            i = close + 1
            if i < n and pattern[i] in "?+":  # lazy / possessive suffix
                i += 1
            continue
        if ch in "*+?" and i + 1 < n and pattern[i + 1] in "?+" and out and out[-1] in ("*", "+", "?"):
            out.append(ch)
            i += 2
            continue
        if ch == "(":
            i = _open_group(pattern, i, out)
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def skip_class(pattern: str, i: int) -> int:
    """Index just after the character class starting at ``i`` (nested sets of the regex module too)."""
    depth = 0
    j = i
    n = len(pattern)
    while j < n:
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            depth += 1
            if pattern[j + 1:j + 2] == "^":
                j += 1
            if pattern[j + 1:j + 2] == "]":
                j += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise Unsupported("unclosed character class")


def _is_quantifier(pattern: str, i: int) -> bool:
    close = pattern.find("}", i)
    if close < 0:
        return False
    body = pattern[i + 1:close]
    return bool(body) and all(c.isdigit() or c == "," for c in body) and body[0] != ","


def structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    r"""(index, character) for each character of ``pattern`` from ``start`` that is neither escaped
    nor inside a character class: what decides groups and alternatives.

    >>> "".join(c for _, c in structure(r"(a\(b[(|]c|d)"))
    '(abc|d)'
    """
    i = start
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = skip_class(pattern, i)
        else:
            yield i, c
            i += 1


def _matching_paren(pattern: str, i: int) -> int:
    depth = 0
    for j, c in structure(pattern, i):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
    raise Unsupported("unbalanced parentheses")


def _open_group(pattern: str, i: int, out: list[str]) -> int:
    """Rewrite a group opening at ``i``; return where to continue."""
    if not pattern.startswith("(?", i):
        out.append("(?:")
        return i + 1
    rest = pattern[i + 2:i + 4]
    if rest[:1] in ("=", "!") or rest in ("<=", "<!"):
        # lookaround: drop it entirely (and any quantifier after it)
        end = _matching_paren(pattern, i) + 1
        if end < len(pattern) and pattern[end] in "?*":
            end += 1
        return end
    if rest[:1] == ":" or rest[:1] == ">":
        out.append("(?:")
        return i + 3
    if rest[:1] == "P" and pattern[i + 3:i + 4] == "<" or rest[:1] == "<":
        close = pattern.index(">", i)
        out.append("(?:")
        return close + 1
    if rest[:1] == "#":
        return _matching_paren(pattern, i) + 1
    # inline flags: (?i) (?i:...) (?-i:...) — matching is caseless in the prefilter anyway
    j = i + 2
    while j < len(pattern) and (pattern[j].isalpha() or pattern[j] == "-"):
        j += 1
    if j < len(pattern) and pattern[j] == ")":
        return j + 1
    if j < len(pattern) and pattern[j] == ":":
        out.append("(?:")
        return j + 1
    raise Unsupported(f"group syntax {pattern[i:i + 4]!r}")


# A required literal shorter than this would make nearly every line a candidate: such a rule is
# checked on every line short enough for it instead. A symbol outside ASCII (©, ®, ►, €) is as
# rare in article text as three letters, so a literal holding one is selective at any length.
MIN_LITERAL = 3


def selective(literal: str) -> bool:
    """Whether a required literal is rare enough to pick candidate lines.

    >>> selective("log in"), selective("ad"), selective("©"), selective(":"), selective("–")
    (True, False, True, False, False)
    """
    return len(literal.strip()) >= MIN_LITERAL or any(
        ord(ch) > 127 and unicodedata.category(ch).startswith("S") for ch in literal)


def required_literals(widened: str) -> frozenset[str] | None:
    """Case-folded strings one of which every match of the widened pattern contains, or None.

    >>> sorted(required_literals(widen(r"^(already )?subscribed\\? log ?in\\b")))
    ['subscribed? log in', 'subscribed? login']
    >>> sorted(required_literals(widen(r"^(teilen|share|partager)( (on|auf|sur) [\\w ]+)?$")))
    ['partager', 'share', 'teilen']
    >>> required_literals(widen(r"^[\\w ]{1,20}$")) is None
    True
    """
    nodes, end = _parse_alt(widened, 0)
    if end != len(widened):
        raise Unsupported("could not parse the widened pattern")
    best = _best_alt(nodes)
    if best is None:
        return None
    return frozenset(x.casefold() for x in best)


# The widened grammar: alt := seq ('|' seq)* ; seq := (atom quant?)* ;
# atom := '(?:' alt ')' | '[^\n]' | '^' | '$' | '\' char | char ; quant := '*' | '+' | '?'.
# A parsed seq is a list of items: ("lit", ch) | ("any",) | ("anchor",) | ("group", alts) each with
# a quantifier ("", "*", "+", "?").

def _parse_alt(p: str, i: int) -> tuple[list, int]:
    alts = []
    seq, i = _parse_seq(p, i)
    alts.append(seq)
    while i < len(p) and p[i] == "|":
        seq, i = _parse_seq(p, i + 1)
        alts.append(seq)
    return alts, i


def _parse_seq(p: str, i: int) -> tuple[list, int]:
    items = []
    n = len(p)
    while i < n and p[i] not in "|)":
        if p.startswith("(?:", i):
            alts, i = _parse_alt(p, i + 3)
            if i >= n or p[i] != ")":
                raise Unsupported("unbalanced group")
            i += 1
            atom = ("group", alts)
        elif p.startswith(ANY, i):
            atom = ("any",)
            i += len(ANY)
        elif p[i] in "^$":
            atom = ("anchor",)
            i += 1
        elif p[i] == "\\":
            nxt = p[i + 1]
            atom = ("lit", {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}.get(nxt, nxt))
            i += 2
        elif p[i] == "(":
            raise Unsupported("capturing group after widening")
        else:
            atom = ("lit", p[i])
            i += 1
        quant = ""
        if i < n and p[i] in "*+?":
            quant = p[i]
            i += 1
            if i < n and p[i] in "?+":
                i += 1
        items.append((atom, quant))
    return items, i


def _best_alt(alts: list) -> set[str] | None:
    """Union of the branches' requirements (None when one branch requires nothing)."""
    union: set[str] = set()
    for seq in alts:
        req = _best_seq(seq)
        if req is None:
            return None
        union |= req
    return union


def _best_seq(items: list) -> set[str] | None:
    """The most selective requirement among a sequence's chains of fixed text and required groups.

    A *chain* is a run of items each of which spells one of a few strings (a literal character, a
    group of such alternatives, an optional one: also the empty string): every match holds one of
    the chain's strings, the product of its items' strings ("(cargar|ver) (más|todo)" holds "ver
    más", "ver todo" ...), which picks far fewer lines than "ver" alone.
    """
    options: list[set[str]] = []
    chain, run = {""}, ""  # run: literal characters not yet added to the chain's strings
    for atom, quant in items:
        if atom[0] == "lit" and quant == "":
            run += atom[1]
            continue
        spelled = _spelled(atom, quant)
        chain, run = {a + run for a in chain}, ""
        if spelled is not None and len(chain) * len(spelled) <= MAX_SPELLINGS:
            chain = {a + b for a in chain for b in spelled}
            continue
        options.append(chain)  # the chain ends here
        chain = {""} if spelled is None else spelled  # (too many strings: a new chain from here)
        if spelled is not None or quant in ("*", "?"):
            continue
        if atom[0] == "lit":  # with "+": the character is required once
            options.append({atom[1]})
        elif atom[0] == "group":
            req = _best_alt(atom[1])
            if req is not None:
                options.append(req)
    options.append({a + run for a in chain})
    options = [o for o in options if o and "" not in o and "\n" not in "".join(o)]
    if not options:
        return None
    # a set whose every literal is selective first (else the rule is checked on every line), then
    # the one whose shortest literal is longest, then the smallest
    return _shortest(max(options, key=lambda o: (all(selective(x) for x in o), min(len(x.strip()) for x in o),
                                                 -len(o))))


def _shortest(strings: set[str]) -> set[str]:
    """The strings without those that hold another one (which a text holding them holds too).

    >>> sorted(_shortest({"log in", "already log in", "login"}))
    ['log in', 'login']
    """
    kept: list[str] = []
    for string in sorted(strings, key=len):
        if not any(other in string for other in kept):
            kept.append(string)
    return set(kept)


# A chain (see _best_seq) of more strings than this ends: a bigger automaton for little gain
MAX_SPELLINGS = 64


def _spelled(atom: tuple, quant: str) -> set[str] | None:
    """The strings an item of a widened pattern can match, when they are few (MAX_SPELLINGS), else
    None: a literal, an anchor (the empty string), a group of such alternatives; optional: also "".

    >>> sorted(_spelled(("group", [[(("lit", "a"), "")], [(("lit", "b"), ""), (("lit", "c"), "?")]]), ""))
    ['a', 'b', 'bc']
    >>> _spelled(("any",), ""), _spelled(("lit", "a"), "+")
    (None, None)
    """
    if quant not in ("", "?"):
        return None
    kind = atom[0]
    if kind == "lit":
        found = {atom[1]}
    elif kind == "anchor":
        found = {""}
    elif kind == "group":
        found = set()
        for seq in atom[1]:
            strings, run = {""}, ""
            for item, item_quant in seq:
                if item[0] == "lit" and item_quant == "":
                    run += item[1]
                    continue
                spelled = _spelled(item, item_quant)
                if spelled is None or len(strings) * len(spelled) > MAX_SPELLINGS:
                    return None
                strings, run = {a + run + b for a in strings for b in spelled}, ""
            found |= {a + run for a in strings}
            if len(found) > MAX_SPELLINGS:
                return None
    else:
        return None
    return found | {""} if quant == "?" else found


@lru_cache(maxsize=None)
def rule_literals(patterns: tuple[str, ...]) -> frozenset[str] | None:
    r"""Case-folded strings one of which every match of any of ``patterns`` contains (however
    common they are), or None when one pattern has no such requirement.

    >>> sorted(rule_literals((r"^\d+ comments?$", r"^keine kommentare$")))
    [' comment', 'keine kommentare']
    >>> rule_literals((r"^\w+$", "^share$")) is None
    True
    """
    found: set[str] = set()
    for pattern in patterns:
        try:
            req = required_literals(widen(pattern))
        except Unsupported:
            return None
        if req is None:
            return None
        found |= req
    return frozenset(found)


# Up to this many strings, AnyOf tests them one by one (``in``: about 50 ns each on a line, where
# starting the automaton costs about 700 ns)
_FEW_STRINGS = 12


class AnyOf:
    """A test whether a case-folded text holds one of some strings: one pass of an Aho-Corasick
    automaton (a few hundred nanoseconds on a line), else one ``in`` test per string.

    >>> test = AnyOf(["ago", ":"])
    >>> test.found_in("vor 3 tagen"), test.found_in("2 days ago"), test.found_in("12:30")
    (False, True, True)
    """

    __slots__ = ("strings", "_automaton")

    def __init__(self, strings: Sequence[str]):
        self.strings = tuple(strings)
        self._automaton = None
        # (a few strings are found faster one ``in`` test each than by starting the automaton)
        if available() and len(self.strings) > _FEW_STRINGS:
            import ahocorasick

            self._automaton = ahocorasick.Automaton()
            for string in self.strings:
                self._automaton.add_word(string, None)
            self._automaton.make_automaton()

    def found_in(self, folded: str) -> bool:
        if self._automaton is not None:
            for _ in self._automaton.iter(folded):
                return True
            return False
        for string in self.strings:  # (a loop: any() over a generator costs more than the tests)
            if string in folded:
                return True
        return False


class LiteralScanner:
    """All rules' required literals in one Aho-Corasick automaton; ``scan`` yields candidate lines."""

    def __init__(self, patterns_by_rule: Sequence[Sequence[str]], word_limits: Sequence[float] | None = None):
        """``word_limits[k]``: the most words a line may have for rule ``k`` (its max_words)."""
        import ahocorasick

        always: set[int] = set()
        owners: dict[str, set[int]] = {}
        for k, patterns in enumerate(patterns_by_rule):
            literals = rule_literals(tuple(patterns))
            if literals is None or not all(selective(x) for x in literals):
                always.add(k)
                continue
            for lit in literals:
                owners.setdefault(lit, set()).add(k)
        self.always = frozenset(always)  # rule indexes to check on every line
        self.literals = len(owners)
        automaton = ahocorasick.Automaton()
        limits = word_limits or [math.inf] * len(patterns_by_rule)
        # The literals go in sorted: the trie's nodes are then allocated along its paths, and a
        # scan, which walks from node to node once per character, runs about 15% faster than with
        # the nodes in rule order (measured on the corpus's extracted text, 22,000 literals)
        for lit, rules in sorted(owners.items()):
            # a hit on a line longer than every owner allows is no candidate: skipped in scan
            automaton.add_word(lit, (max(limits[k] for k in rules), sum(1 << k for k in rules)))
        self._automaton = automaton if owners else None
        if owners:
            automaton.make_automaton()

    def scan(self, text: str, line_starts: Sequence[int], line_words: Sequence[int]) -> dict[int, int]:
        """Candidate rules per line index (lines of ``text``, with their word counts), as a bit mask:
        bit ``k`` set for rule ``k`` (sets of a few hundred rules combine fastest as integers)."""
        found: dict[int, int] = {}
        if self._automaton is None:
            return found
        folded = text.casefold()
        starts = line_starts if len(folded) == len(text) else _starts(folded)
        get = found.get
        for end, (limit, rules) in self._automaton.iter(folded):
            line = bisect_right(starts, end) - 1
            if line_words[line] > limit:
                continue
            found[line] = get(line, 0) | rules
        return found


def _starts(text: str) -> list[int]:
    """Offset of the start of every line of ``text``."""
    starts = [0]
    pos = 0
    for line in text.split("\n")[:-1]:
        pos += len(line) + 1
        starts.append(pos)
    return starts


def available() -> bool:
    """Whether the Aho-Corasick automaton (pyahocorasick) is importable."""
    try:
        import ahocorasick  # noqa: F401
    except ImportError:
        return False
    return True


# --- first characters: which characters an anchored pattern's match can start with -------------


class FirstChars:
    """What the first character of a match must be: one of ``chars`` (compared case-folded), or a
    digit when ``digit``, or white space when ``space``. A necessary condition only, like the
    literals: a line it refuses cannot match, a line it admits still has to match.
    """

    __slots__ = ("chars", "digit", "space")

    def __init__(self, chars: frozenset[str], digit: bool = False, space: bool = False):
        self.chars = chars
        self.digit = digit
        self.space = space

    def admits(self, ch: str) -> bool:
        """Whether a match can start with ``ch``.

        >>> first = first_chars("^(share|teilen)( this)?$")
        >>> first.admits("S"), first.admits("t"), first.admits("x")
        (True, True, False)
        """
        return ch.casefold()[:1] in self.chars or (self.digit and ch.isdigit()) or (self.space and ch.isspace())

    def __or__(self, other: "FirstChars") -> "FirstChars":
        return FirstChars(self.chars | other.chars, self.digit or other.digit, self.space or other.space)

    def union(self, *others: "FirstChars") -> "FirstChars":
        out = self
        for other in others:
            out = out | other
        return out


# Character ranges wider than this are not spelled out: the pattern gets no first-character test
_MAX_RANGE = 128


@lru_cache(maxsize=None)
def first_chars(pattern: str) -> FirstChars | None:
    r"""The characters a match of ``pattern``, anchored at the line start, can begin with; None when
    the pattern is not anchored, can match the empty string, can start with nearly anything (``.``,
    ``\w``, a negated class), or uses syntax outside Python's ``re`` (``\p{L}``): such patterns are
    simply tried on every candidate line.

    >>> sorted(first_chars(r"^\[([a-z]+) x").chars)
    ['[']
    >>> f = first_chars(r"^[-*]*\s*ads?$"); sorted(f.chars), f.space
    (['*', '-', 'a'], True)
    >>> sorted(first_chars(r"^(?:(\d+|one) comments?|keine kommentare)$").chars), first_chars(r"^\d+ x").digit
    (['k', 'o'], True)
    >>> first_chars("share this"), first_chars(r"^\w+ says$"), first_chars(r"^\p{L}+$"), first_chars("^x?$")
    (None, None, None, None)
    """
    try:  # Python's own regex parser: re._parser from 3.11, sre_parse before
        import re._constants as c
        import re._parser as sre
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c
        import sre_parse as sre
    try:
        parsed = sre.parse(pattern)
    except Exception:  # noqa: BLE001 - a pattern only the regex module reads: no test
        return None
    items = list(parsed)
    if not items or items[0] != (c.AT, c.AT_BEGINNING):
        return None
    found, nullable = _first(items[1:], c)
    return None if found is None or nullable else found


def _first(items, c) -> tuple[FirstChars | None, bool]:
    """(first characters of a sequence, whether it can match empty); None: can start with anything."""
    out = FirstChars(frozenset())
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next item decides
        if op == c.LITERAL:
            return out | _chars([chr(av)]), False
        if op == c.IN:
            found = _class(av, c)
            return (None, False) if found is None else (out | found, False)
        if op == c.SUBPATTERN:
            found, nullable = _first(av[-1], c)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            found, nullable = _first(av[2], c)
            nullable = nullable or av[0] == 0
        elif op == getattr(c, "ATOMIC_GROUP", None):
            found, nullable = _first(av, c)
        elif op == c.BRANCH:
            found, nullable = FirstChars(frozenset()), False
            for branch in av[1]:
                part, empty = _first(branch, c)
                if part is None:
                    return None, False
                found, nullable = found | part, nullable or empty
        else:  # ., a negated literal, a group reference, a conditional ...
            return None, False
        if found is None:
            return None, False
        out = out | found
        if not nullable:
            return out, False
    return out, True


def _chars(chars) -> FirstChars:
    """Characters as compared: the first character of each one's case fold."""
    return FirstChars(frozenset(ch.casefold()[:1] for ch in chars))


def _class(items, c) -> FirstChars | None:
    """The characters of a ``[...]`` class; None for a negated class, ``\\w`` and other wide sets."""
    out = FirstChars(frozenset())
    for op, av in items:
        if op == c.LITERAL:
            out = out | _chars([chr(av)])
        elif op == c.RANGE:
            low, high = av
            if high - low > _MAX_RANGE:
                return None
            out = out | _chars(chr(k) for k in range(low, high + 1))
        elif op == c.CATEGORY and av == c.CATEGORY_DIGIT:
            out = out | FirstChars(frozenset(), digit=True)
        elif op == c.CATEGORY and av == c.CATEGORY_SPACE:
            out = out | FirstChars(frozenset(), space=True)
        else:  # NEGATE, \w, \D ...
            return None
    return out
