"""The peers cleantext is measured against, each a ``str -> str`` cleaner.

* ``nothing``: the identity; the score of trafilatura's extraction alone.
* ``refinedweb``: RefinedWeb's line-wise corrections (Penedo et al. 2023, section G.2) in
  the form and order DCLM's ``dclm_baseline_refinedweb.yaml`` runs them
  (``uppercase_ratio_line_modifier`` 0.5, ``numeric_ratio_line_modifier`` 0.999999,
  ``counter_line_modifier``, ``line_length_modifier`` min 2 words, three
  ``substring_line_modifier`` steps), then RefinedWeb's own guard, DCLM's
  ``word_removal_ratio_filter``: a page that lost more than 5% of its words is dropped
  (returned as ''). Written here from that description; DCLM's page filters (language,
  length, repetition) are not line corrections and are left out.
* ``c4``: datatrove's ``C4QualityFilter`` in line mode (``split_paragraph=True``), run
  through datatrove itself. A page the filter rejects becomes the empty string. Its
  sentence count (a page needs 5) uses spaCy when installed, as datatrove does; without
  spaCy, :class:`PunctuationSentences` stands in (see :func:`c4_note`).

:func:`available_peers` returns the peers that can run here, and notes for the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

Cleaner = Callable[[str], str]


def nothing(text: str) -> str:
    """The identity: what trafilatura's extraction alone scores.

    >>> nothing("As extracted.\\nShare")
    'As extracted.\\nShare'
    """
    return text


# --- RefinedWeb line-wise corrections, as in DCLM --------------------------------------

# A line with more than half of its characters upper case is a heading or a menu (RW: "mostly
# composed of uppercase characters"; DCLM max_ratio 0.5, over all characters of the line).
UPPERCASE_MAX_RATIO = 0.5
# RW removes lines made only of digits; DCLM writes that as a ratio of 1 - 1e-6.
NUMERIC_MAX_RATIO = 0.999999
# Lines of fewer words are navigation ("a single word"; DCLM min_length 2).
MIN_LINE_WORDS = 2
# The substring steps only look at lines of at most this many words (DCLM max_length 10).
SUBSTRING_MAX_WORDS = 10

# "3 likes", "1.2K shares", "12 comments": a counter alone on its line (DCLM's regex).
_COUNTER = re.compile(
    r"^\W*\d(?:,|\.|\d)*(?:k|m|b)?\s+"
    r"(?:likes|shares|comments|retweets|reposts|quotes|bookmarks|upvotes|downvotes|downloads|views|followers)\W*$"
)

# The three navigation phrases DCLM removes from short lines, each where it stands.
_SUBSTRINGS = (
    re.compile(r"\s?items in cart", re.IGNORECASE),
    re.compile(r"\s?read more\.\.\.$", re.IGNORECASE),
    re.compile(r"^sign-in\s?", re.IGNORECASE),
)


def _uppercase_ratio(line: str) -> float:
    """Share of upper-case characters among all characters of a non-empty line.

    >>> _uppercase_ratio("ABc ")
    0.5
    """
    return sum(char.isupper() for char in line) / len(line)


def _numeric_ratio(line: str) -> float:
    """Share of digits among all characters of a non-empty line.

    >>> _numeric_ratio("2024")
    1.0
    """
    return sum(char.isdigit() for char in line) / len(line)


def _keep_case(line: str) -> bool:
    """Uppercase step: keep empty lines and lines at most half upper case.

    >>> _keep_case("HOME | NEWS"), _keep_case("The BBC said so."), _keep_case("")
    (False, True, True)
    """
    return not line or _uppercase_ratio(line) <= UPPERCASE_MAX_RATIO


def _keep_numeric(line: str) -> bool:
    """Numeric step: drop lines made only of digits.

    >>> _keep_numeric("12345"), _keep_numeric("1 2")
    (False, True)
    """
    return not line or _numeric_ratio(line) <= NUMERIC_MAX_RATIO


def _keep_counter(line: str) -> bool:
    """Counter step: drop "3 likes"-style lines.

    >>> _keep_counter("1.2K shares"), _keep_counter("12 Comments:"), _keep_counter("3 likes for him")
    (False, False, True)
    """
    return not _COUNTER.search(line.lower())


def _keep_length(line: str) -> bool:
    """Length step: drop lines of fewer than two words; keep truly empty lines.

    >>> _keep_length("Menu"), _keep_length("Read this"), _keep_length(""), _keep_length("  ")
    (False, True, True, False)
    """
    return not line or len(line.split()) >= MIN_LINE_WORDS


def _strip_phrase(line: str, phrase: re.Pattern[str]) -> str | None:
    """Substring step: cut ``phrase`` from a short line; None when nothing is left.

    >>> _strip_phrase("Sign-in to comment", _SUBSTRINGS[2])
    'to comment'
    >>> _strip_phrase("Read more...", _SUBSTRINGS[1]) is None
    True
    """
    if len(line.split()) > SUBSTRING_MAX_WORDS:
        return line
    cut = phrase.sub("", line)
    if line and not cut.strip():
        return None
    return cut


def _filter_lines(text: str, keep: Callable[[str], bool]) -> str:
    """Keep the lines ``keep`` accepts; strip the document's edges as DCLM does.

    >>> _filter_lines("a b\\nX\\nc d", _keep_length)
    'a b\\nc d'
    """
    return "\n".join(line for line in text.split("\n") if keep(line)).strip()


def _strip_lines(text: str, phrase: re.Pattern[str]) -> str:
    """Apply :func:`_strip_phrase` to every line.

    >>> _strip_lines("3 items in cart\\nBody text here.", _SUBSTRINGS[0])
    '3\\nBody text here.'
    """
    lines = (_strip_phrase(line, phrase) for line in text.split("\n"))
    return "\n".join(line for line in lines if line is not None).strip()


def refinedweb_lines(text: str) -> str:
    """RefinedWeb's line rules alone, in DCLM's order. An emptied page is ''.

    >>> refinedweb_lines("HOME\\nThe mayor spoke on Monday.\\n12 comments\\nShare\\n2024\\nRead more...")
    'The mayor spoke on Monday.'
    """
    for keep in (_keep_case, _keep_numeric, _keep_counter, _keep_length):
        text = _filter_lines(text, keep)
        if not text:
            return ""
    for phrase in _SUBSTRINGS:
        text = _strip_lines(text, phrase)
        if not text:
            return ""
    return text


# RefinedWeb drops a page whose line corrections removed more than 5% of its words (DCLM
# word_removal_ratio_filter, max_removed_ratio 0.05).
MAX_REMOVED_WORD_SHARE = 0.05


def _word_count(text: str) -> int:
    """Whitespace-separated words (DCLM counts fastText tokens; on these pages plain
    whitespace splitting reproduces the corpus README's figures more closely).

    >>> _word_count(" one two\\nthree ")
    3
    """
    return len(text.split())


def refinedweb(text: str) -> str:
    """RefinedWeb's line-wise corrections, then its 5% guard: '' when the page is dropped.

    >>> refinedweb("The mayor spoke on Monday about the new budget for the town of Exeter.\\n"
    ...            "He said it was a fair plan and that the roads would be repaired soon.")
    'The mayor spoke on Monday about the new budget for the town of Exeter.\\nHe said it was a fair plan and that the roads would be repaired soon.'
    >>> refinedweb("The mayor spoke on Monday.\\nSHARE ON FACEBOOK")   # 3 of 8 words went
    ''
    """
    before = _word_count(text)
    if before == 0:
        return ""
    cleaned = refinedweb_lines(text)
    if (before - _word_count(cleaned)) / before > MAX_REMOVED_WORD_SHARE:
        return ""
    return cleaned


# --- C4 through datatrove ---------------------------------------------------------------

# Characters after which spaCy's sentencizer ends a sentence (its default list, abridged to
# the scripts on these pages).
_SENTENCE_END = re.compile(r"[.!?։؟۔।॥።፧。｡]+[\"'”’)\]»]*(?=\s+\S)")


def _spacy_available() -> bool:
    """Whether spaCy can be imported (datatrove's own sentence splitter needs it)."""
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets: a sentence ends at . ! ? (and kin) before more text.

    >>> _sentence_spans("One two. Three four! Five")
    [(0, 8), (9, 20), (21, 25)]
    >>> _sentence_spans("")
    []
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=1)
def _punctuation_tokenizer():
    """A datatrove ``WordTokenizer`` that splits sentences by :func:`_sentence_spans`."""
    from datatrove.utils.word_tokenizers import WordTokenizer

    class PunctuationSentences(WordTokenizer):
        """Sentence splitting on terminal punctuation, standing in for spaCy's sentencizer."""

        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

        def sent_tokenize(self, text: str) -> list[str]:
            return [text[a:b].strip() for a, b in _sentence_spans(text)]

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            return _sentence_spans(text)

    return PunctuationSentences("en")


def c4_note() -> str:
    """One line saying how the c4 peer counts sentences here."""
    if _spacy_available():
        return "c4: datatrove C4QualityFilter, sentences by spaCy (as datatrove ships it)"
    return (
        "c4: datatrove C4QualityFilter; spaCy is not installed, so sentences (a page needs 5) "
        "are split on terminal punctuation instead of spaCy's sentencizer"
    )


def make_c4() -> Cleaner:
    """Build the c4 peer; raises ImportError when datatrove is missing."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    language = "en" if _spacy_available() else _punctuation_tokenizer()
    quality = C4QualityFilter(split_paragraph=True, language=language)

    def c4(text: str) -> str:
        """C4's line filter; a rejected page (too few sentences, a curly bracket) is ''."""
        document = Document(text=text, id="page")
        verdict = quality.filter(document)
        passed = verdict[0] if isinstance(verdict, tuple) else verdict
        return document.text if passed else ""

    return c4


def available_peers(names: Iterable[str] = ("nothing", "refinedweb", "c4")) -> tuple[dict[str, Cleaner], list[str]]:
    """The peers that run here, by name, and one note per peer skipped or approximated.

    >>> peers, notes = available_peers(("nothing", "refinedweb"))
    >>> sorted(peers), notes
    (['nothing', 'refinedweb'], [])
    """
    peers: dict[str, Cleaner] = {}
    notes: list[str] = []
    for name in names:
        if name == "nothing":
            peers[name] = nothing
        elif name == "refinedweb":
            peers[name] = refinedweb
        elif name == "c4":
            try:
                peers[name] = make_c4()
            except ImportError as error:
                notes.append(f"c4 skipped: datatrove is not importable ({error})")
                continue
            if not _spacy_available():
                notes.append(c4_note())
        else:
            raise ValueError(f"unknown peer {name!r}; known: nothing, refinedweb, c4")
    return peers, notes
