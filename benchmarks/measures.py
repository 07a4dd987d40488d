"""The development corpus's measures, as ../shared/corpus/README.md defines them.

Two families, both pure functions of strings:

* **Snippet presence** (trafilatura set). A page carries ``keep`` snippets (article text)
  and ``drop`` snippets (boilerplate). A snippet counts only when it is *present* in the
  page's ``extracted`` text; the measures are how many present ``drop`` snippets are still
  present after cleaning (lower is better) and how many present ``keep`` snippets are
  still present (higher is better).
* **Shingle precision / recall / F1** (scrapinghub set), the definition of the
  scrapinghub article-extraction-benchmark's ``evaluate.py``: 4-token shingles of ``\\w+``
  tokens, true/false positives per page normalised to sum 1, precision and recall
  macro-averaged over pages, F1 from the two averages.

Presence, precisely (this reproduces the corpus dashboard's counts: with no cleaning,
225 ``drop`` and 2190 ``keep`` snippets are present):

* text is compared line by line; each line and the snippet are normalised by
  :func:`normalize` (NFKC, casefold, edge punctuation stripped, whitespace collapsed);
* a *short* snippet (:func:`is_short`: 3 words or fewer, or under 25 characters) is
  present only when a whole normalised line equals it;
* a longer snippet is present when it is a substring of one normalised line.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A snippet this short is too common a phrase to be matched inside a line: it counts only
# as a whole line. Both limits are the corpus README's.
SHORT_MAX_WORDS = 3
SHORT_MIN_CHARS = 25

# The scrapinghub benchmark's shingle length (evaluate.py: ngram_n=4).
SHINGLE_N = 4

_WHITESPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


def _is_punctuation(char: str) -> bool:
    """True for a Unicode punctuation character (general category P*).

    >>> _is_punctuation("«"), _is_punctuation("-"), _is_punctuation("|"), _is_punctuation(" ")
    (True, True, False, False)
    """
    return unicodedata.category(char).startswith("P")


def strip_edge_punctuation(text: str) -> str:
    """Remove punctuation characters from both ends of ``text``; whitespace stops it.

    Stripping stops at the first character that is not punctuation, a space included, so
    a dash set off by a space stays (the corpus dashboard's behaviour, kept so that the
    counts agree with it).

    >>> strip_edge_punctuation("«Hello, world!»")
    'Hello, world'
    >>> strip_edge_punctuation(" - Related")
    ' - Related'
    """
    start, end = 0, len(text)
    while start < end and _is_punctuation(text[start]):
        start += 1
    while end > start and _is_punctuation(text[end - 1]):
        end -= 1
    return text[start:end]


def collapse_whitespace(text: str) -> str:
    """Turn every run of whitespace into one space and trim the ends.

    >>> collapse_whitespace("  Read\\tmore \\n now ")
    'Read more now'
    """
    return _WHITESPACE.sub(" ", text).strip()


def normalize(text: str) -> str:
    """The comparison form of a snippet or a line: NFKC, casefold, edges, whitespace.

    >>> normalize("  Weiterlesen   mit  SPIEGEL+ …")
    'weiterlesen mit spiegel+'
    >>> normalize("“Straße”")
    'strasse'
    >>> normalize("ﬁne.")
    'fine'
    """
    return collapse_whitespace(strip_edge_punctuation(unicodedata.normalize("NFKC", text).casefold()))


def is_short(snippet: str) -> bool:
    """True when a snippet must equal a whole line to count (on the raw snippet).

    >>> is_short("Share this article"), is_short("Subscribe to our newsletter today")
    (True, False)
    >>> is_short("Sign up for updates!")   # 4 words but 20 characters
    True
    """
    return len(snippet.split()) <= SHORT_MAX_WORDS or len(snippet) < SHORT_MIN_CHARS


@dataclass(frozen=True)
class LineIndex:
    """A text's normalised lines, built once and asked about many snippets.

    >>> index = LineIndex.of("Intro line here.\\n\\nShare this\\nThe council met on Tuesday evening.")
    >>> index.contains("share this!"), index.contains("the council met on Tuesday")
    (True, True)
    >>> index.contains("Intro")          # short: must be a whole line
    False
    """

    lines: tuple[str, ...]
    line_set: frozenset[str]
    joined: str

    @classmethod
    def of(cls, text: str | None) -> "LineIndex":
        """Normalise every line of ``text`` (None counts as empty)."""
        lines = tuple(normalize(line) for line in (text or "").splitlines())
        return cls(lines=lines, line_set=frozenset(lines), joined="\n".join(lines))

    def contains(self, snippet: str) -> bool:
        """Whether ``snippet`` is present (see the module docstring)."""
        needle = normalize(snippet)
        if not needle:
            return False
        if is_short(snippet):
            return needle in self.line_set
        return needle in self.joined


def is_present(snippet: str, text: str | None) -> bool:
    """Whether ``snippet`` is present in ``text``.

    >>> is_present("Cookies", "Article text.\\nCookies\\nMore.")
    True
    >>> is_present("Cookies", "We use cookies on this site.")
    False
    >>> is_present("we use cookies on this site", "Hi.\\nWe use cookies on this site to help.")
    True
    """
    return LineIndex.of(text).contains(snippet)


@dataclass(frozen=True)
class SnippetCount:
    """How many snippets were present before cleaning and how many of those after."""

    present: int
    still_present: int

    def __add__(self, other: "SnippetCount") -> "SnippetCount":
        return SnippetCount(self.present + other.present, self.still_present + other.still_present)


def present_snippets(snippets: Iterable[str], text: str | None) -> list[str]:
    """The snippets present in ``text``, in their order.

    >>> present_snippets(["Subscribe now", "Never there"], "Body.\\nSubscribe now")
    ['Subscribe now']
    """
    index = LineIndex.of(text)
    return [snippet for snippet in snippets if index.contains(snippet)]


def snippet_survival(snippets: Sequence[str], before: str | None, after: str | None) -> tuple[list[str], list[str]]:
    """Split the snippets present in ``before`` into (still present in ``after``, gone).

    >>> snippet_survival(["Share this", "Absent"], "Text.\\nShare this", "Text.")
    ([], ['Share this'])
    """
    index_after = LineIndex.of(after)
    kept, gone = [], []
    for snippet in present_snippets(snippets, before):
        (kept if index_after.contains(snippet) else gone).append(snippet)
    return kept, gone


def count_snippets(snippets: Sequence[str], before: str | None, after: str | None) -> SnippetCount:
    """Count the snippets present in ``before`` and how many of them remain in ``after``.

    >>> count_snippets(["Share this", "Article body sentence goes here."],
    ...                "Article body sentence goes here.\\nShare this",
    ...                "Article body sentence goes here.")
    SnippetCount(present=2, still_present=1)
    """
    kept, gone = snippet_survival(snippets, before, after)
    return SnippetCount(len(kept) + len(gone), len(kept))


# --- shingles (scrapinghub evaluate.py) -------------------------------------------------


def tokenize(text: str | None) -> list[str]:
    """``\\w+`` tokens, case kept (evaluate.py compares tokens case-sensitively).

    >>> tokenize("It's 3 p.m. — déjà vu!")
    ['It', 's', '3', 'p', 'm', 'déjà', 'vu']
    """
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token shingles; a text shorter than ``n`` tokens is one shingle.

    >>> sorted(shingles("a b c d e", 4).items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    >>> shingles("a b", 4)
    Counter({('a', 'b'): 1})
    >>> shingles("")
    Counter()
    """
    tokens = tokenize(text)
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_match(true: str | None, pred: str | None, n: int = SHINGLE_N) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, divided by their sum so that every page weighs the same.

    >>> shingle_match("a b c d e", "a b c d x")
    (0.3333333333333333, 0.3333333333333333, 0.3333333333333333)
    >>> shingle_match("", "")
    (0.0, 0.0, 0.0)
    """
    gold, got = shingles(true, n), shingles(pred, n)
    tp = float(sum((gold & got).values()))
    fp = float(sum((got - gold).values()))
    fn = float(sum((gold - got).values()))
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def precision_score(tp: float, fp: float, fn: float) -> float:
    """evaluate.py's precision: 1 when nothing is wrong, 0 when nothing was predicted right.

    >>> precision_score(0.5, 0.25, 0.25), precision_score(0.0, 0.0, 0.0), precision_score(0.0, 0.0, 1.0)
    (0.6666666666666666, 1.0, 0.0)
    """
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    """evaluate.py's recall, the mirror of :func:`precision_score`.

    >>> recall_score(0.5, 0.25, 0.25), recall_score(0.0, 1.0, 0.0)
    (0.6666666666666666, 0.0)
    """
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


@dataclass(frozen=True)
class PRF:
    """Macro-averaged precision, recall and the F1 of the two averages."""

    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"{self.precision:.3f} / {self.recall:.3f} / {self.f1:.3f}"


def macro_prf(tp_fp_fns: Iterable[tuple[float, float, float]]) -> PRF:
    """Average per-page precision and recall as evaluate.py does.

    A page enters the precision average only if something was predicted (tp + fp > 0)
    and the recall average only if there was something to find (tp + fn > 0); a page with
    an empty prediction therefore lowers recall and leaves precision alone. An average
    over no page is 0.

    >>> str(macro_prf([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.0, 0.0, 1.0)]))
    '0.750 / 0.667 / 0.706'
    """
    counts = list(tp_fp_fns)
    precisions = [precision_score(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [recall_score(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return PRF(precision, recall, f1)


def shingle_prf(pairs: Iterable[tuple[str | None, str | None]], n: int = SHINGLE_N) -> PRF:
    """P/R/F1 over (gold, prediction) pages.

    >>> str(shingle_prf([("one two three four five", "one two three four five"),
    ...                  ("alpha beta gamma delta", "")]))
    '1.000 / 0.500 / 0.667'
    """
    return macro_prf(shingle_match(gold, pred, n) for gold, pred in pairs)
