"""Punctuation left dangling where a removal cut a sentence.

Removing an inline link, an ad label or a share prompt from the middle of a
sentence leaves its neighbours' punctuation behind: "agency. , echoing",
"said , adding", "( )", or a line holding only ", .". This step tidies those
marks and nothing else. It is conservative by design: it leaves alone
ellipses ("...", ". . ."), decimals, French spacing before ; : ! ? and
inside « », emoticons, URLs and e-mail addresses, abbreviations followed by
a cut ("Mr. , the"), editorial "[...]" and Markdown check boxes "[ ]", and
every line that looks like code.
"""

from __future__ import annotations

import re

__all__ = ["repair_punctuation"]

# Quick test: could this text hold any of the patterns below at all?
_TODO_RE = re.compile(r"[.,;:][ \t]*[,;.]|[ \t][,.]|[(\[][ \t,;]*[)\]]|^[ \t]*[,;]", re.MULTILINE)

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

# A space before a comma or full stop that ends a clause: "said , adding".
_SPACE_BEFORE_RE = re.compile(
    r"(?<=[\w)\]\"'”’»])[ \t]+(?:,(?=[ \t]|$)|\.(?=$|[ \t]+[A-Z\u00c0-\u00de\"“«]))", re.MULTILINE
)

# A line that reads like a sentence: a capital (or opening quote) first, 6+ words.
_PROSE_LINE_RE = re.compile(r"[ \t]*[\"“«„'‘]?[^\W\d_a-z](?:\S*\s+){5,}")

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


def _space_before_fix(line: str, m: re.Match[str]) -> str:
    """The replacement for a space before "," or ".": the mark alone, or the match unchanged.

    A comma always moves up. A full stop only after a plain word ("Tuesday ."),
    not after a file name or path ("poetry.lock .", "cd ~/src ."), and at a
    line's end only on a prose-like line (starts with a capital, 6+ words),
    so that shell lines such as "docker build -t app ." survive.
    """
    mark = m.group(0).strip(" \t")
    before = line[: m.start()]
    if _protected_token(before):
        return m.group(0)
    if mark == ".":
        word = before.rsplit(None, 1)[-1]
        if any(c in word for c in "./_\\~"):
            return m.group(0)
        at_end = not line[m.end():].strip()
        if at_end and not _PROSE_LINE_RE.match(line):
            return m.group(0)
    return mark


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
    rest = line[m.end():].lstrip(" \t")
    if "." in marks and (not rest or rest[0].isupper() or rest[0] in "\"“«"):
        return "."
    return marks[-1]


def _repair_line(line: str) -> str:
    """Repair one line that is not code-like; see the module docstring."""
    line = _EMPTY_BRACKETS_RE.sub("", line)
    line = _CLUSTER_RE.sub(lambda m: _merge_cluster(line, m), line)
    line = _SPACE_BEFORE_RE.sub(lambda m: _space_before_fix(line, m), line)
    return _PUNCT_LINE_RE.sub("", line)


def repair_punctuation(text: str) -> str:
    """Remove punctuation left dangling by removals, conservatively.

    >>> repair_punctuation("the intelligence agency. , echoing a claim")
    'the intelligence agency, echoing a claim'
    >>> repair_punctuation("he said , adding that ( ) it was over , .")
    'he said, adding that it was over.'
    >>> repair_punctuation("Wait... what? It costs 3.5 € ; oui !")
    'Wait... what? It costs 3.5 € ; oui !'
    >>> s = "Mr. , the"; repair_punctuation(s) is s
    True
    """
    if _TODO_RE.search(text) is None:
        return text
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _TODO_RE.search(line) is None or _CODE_LIKE_RE.search(line):
            continue
        fixed = _repair_line(line)
        if fixed != line:
            lines[i] = fixed
            changed = True
    return "\n".join(lines) if changed else text
