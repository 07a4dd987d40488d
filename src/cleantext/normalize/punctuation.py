"""Punctuation left dangling where a removal cut a sentence.

Removing an inline link, an ad label or a share prompt from the middle of a
sentence leaves its neighbours' punctuation behind: "agency. , echoing",
"( )", or a line holding only ", .". This step tidies those marks and nothing
else. A lone space before a comma or full stop ("Yobe North , Ahmad Lawan") is
left as it is: some sites set their text that way, and article-body annotations
keep it, so it is no sign of a cut. It is conservative by design: it leaves alone
ellipses ("...", ". . ."), decimals, French spacing before ; : ! ? and
inside « », emoticons, URLs and e-mail addresses, abbreviations followed by
a cut ("Mr. , the"), editorial "[...]" and Markdown check boxes "[ ]", and
every line that looks like code.
"""

from __future__ import annotations

import re

__all__ = ["repair_punctuation"]

# Quick test: could this text hold any of the patterns below at all? Each
# pattern starts with a literal character, the shape Python's re searches
# fastest (several hundred MB/s, against ~50 MB/s for one pattern that starts
# with a character class); "..." and "Calif.," are left out because they are
# never changed. The space-before cases are plain substring tests.
_QUICK_RES = tuple(
    re.compile(p)
    for p in (
        r",[ \t]*[,;.]",
        r";[ \t]*[,;.]",
        r":[ \t]*[,;.]",
        r"\.[ \t]+[,;]",
        r"\([ \t,;]*\)",
        r"\[[,;]?\]",
        r"\n[ \t]*[,;]",
    )
)

# Lines that look like code or data are never touched.
_CODE_LIKE_RE = re.compile(
    r"[{}<>=|\\`$]|;[ \t]*$|::|//|\w\(|\w\[|^[ \t]*(?:#|[-*+][ \t]+\[)"
)

# An empty pair of brackets (optionally holding the commas of a cut list),
# standing as a word of its own; takes the spaces before it along.
_EMPTY_BRACKETS_RE = re.compile(r"(?:[ \t]+|^)(?:\([ \t,;]*\)|\[[,;]?\])(?=[\s.,;:!?]|$)", re.MULTILINE)

# Two or more of . , ; : in a row, possibly spaced, right after a word and
# followed by a space or the line's end: "agency. , echoing".
_CLUSTER_RE = re.compile(r"(?<=[^\s.,;:])[ \t]*[.,;:](?:[ \t]*[.,;:])+(?=[ \t]|$)", re.MULTILINE)

# Opening quotes that may stand before a sentence's first letter.
_OPENING_QUOTES = "\"“«„'‘"

# A line holding nothing but punctuation, with at least one comma or semicolon.
_PUNCT_LINE_RE = re.compile(r"^[ \t]*[.,;:]*[ \t]*[,;][ \t.,;:]*$", re.MULTILINE)

# A full stop directly followed by another mark ends an abbreviation or an
# ordinal, and the mark is the author's: "Calif., sheriff", "24./30.10., 20 Uhr".
_ABBREVIATION_COMMA_RE = re.compile(r"\.[,;:]")

# Words after which a full stop is part of an abbreviation, not a sentence end.
_ABBREVIATION_RE = re.compile(
    r"(?:^|[\s(])(?:[A-Za-z]|Mr|Mrs|Ms|Mme|Mlle|Dr|Prof|St|Sts|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|"
    r"Capt|Rev|Hon|Pres|vs|etc|Inc|Ltd|Co|Corp|No|Nr|Nos|Vol|pp|ca|approx|al|"
    r"e\.g|i\.e|[A-Z](?:\.[A-Z])+|z\.B|bzw|usw|vgl|ggf|Hr|Fr)$"
)


def _may_need_repair(text: str) -> bool:
    """Cheap test: False means :func:`repair_punctuation` has nothing to do in ``text``.

    >>> _may_need_repair("Wait... what? Calif., he said."), _may_need_repair("agency. , echoing")
    (False, True)
    >>> _may_need_repair("first,  , second"), _may_need_repair("\\t, ok")
    (True, True)
    """
    if text.lstrip(" \t")[:1] in (",", ";"):
        return True
    return any(p.search(text) is not None for p in _QUICK_RES)


def _protected_token(before: str) -> bool:
    """True when the word just before a mark is a URL, an e-mail address or an abbreviation.

    >>> _protected_token("see https://example.com/a"), _protected_token("said Mr")
    (True, True)
    >>> _protected_token("the intelligence agency")
    False
    """
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    if "://" in word or word.startswith("www.") or "@" in word:
        return True
    return _ABBREVIATION_RE.search(before) is not None


def _starts_sentence(text: str) -> bool:
    """True when ``text`` starts (after spaces and opening quotes) with a capital letter.

    >>> _starts_sentence(" “Mit"), _starts_sentence("Далее"), _starts_sentence("and")
    (True, True, False)
    """
    return text.lstrip(" \t" + _OPENING_QUOTES)[:1].isupper()


def _merge_cluster(line: str, m: re.Match[str]) -> str:
    """The replacement for one cluster of marks: a single mark, or the cluster unchanged.

    The mark kept is the last one (it belongs to the text after the cut: in
    "agency. , echoing" the sentence goes on), except that a full stop wins
    when the next word starts with a capital or the line ends.
    """
    cluster = m.group(0)
    marks = cluster.replace(" ", "").replace("\t", "")
    if ".." in marks or ("," not in marks and ";" not in marks):
        return cluster  # an ellipsis, or ". :" style clusters: not ours to judge
    if _ABBREVIATION_COMMA_RE.search(cluster):
        return cluster  # "Calif., sheriff", "20.10., 17 Uhr", "3 ст. л., 2": written so
    if marks[0] in ".:" and _protected_token(line[: m.start()]):
        return cluster  # "Mr. , the" — the cut may have taken a name
    rest = line[m.end():]
    if "." in marks and (not rest.strip() or _starts_sentence(rest)):
        return "."
    return marks[-1]


def _repair_line(line: str) -> str:
    """Repair one line that is not code-like; see the module docstring."""
    line = _EMPTY_BRACKETS_RE.sub("", line)
    line = _CLUSTER_RE.sub(lambda m: _merge_cluster(line, m), line)
    return _PUNCT_LINE_RE.sub("", line)


def repair_punctuation(text: str) -> str:
    """Remove punctuation left dangling by removals, conservatively.

    >>> repair_punctuation("the intelligence agency. , echoing a claim")
    'the intelligence agency, echoing a claim'
    >>> repair_punctuation("he said , adding that ( ) it was over , .")
    'he said , adding that it was over.'
    >>> repair_punctuation("Wait... what? It costs 3.5 € ; oui !")
    'Wait... what? It costs 3.5 € ; oui !'
    >>> s = "Mr. , the"; repair_punctuation(s) is s
    True
    """
    if not _may_need_repair(text):
        return text
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if not line or not _may_need_repair(line) or _CODE_LIKE_RE.search(line):
            continue
        fixed = _repair_line(line)
        if fixed != line:
            lines[i] = fixed
            changed = True
    return "\n".join(lines) if changed else text
