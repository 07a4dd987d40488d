"""Splitting a document into lines with what rules need to know about each: offsets, words, prose.

A line's *view* is what patterns see: the line without a leading list marker ("- ", "• ", "> "),
so that ``^share this`` matches "• Share this" as well.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote

import regex

# Leading list markers that extractors put in front of list items and menu entries.
_MARKER = regex.compile(r"^(?:[-*•·▪►▸»>|]+|\d{1,2}[.)])\s+")
# A line of article prose: long enough and ending like a sentence (quotes and brackets allowed after).
PROSE_MIN_WORDS = 12
# Prose lines with at most this many other non-blank lines between them belong to one cluster; the
# largest cluster is the article (Page.article_span). Measured on the corpus's whole-page text: at
# 40 an article's long list or table split it on one product page; 50 split none.
ARTICLE_GAP_LINES = 50
_SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]]*$")


# Words in a URL path or a line: letters and digits between anything else.
_WORD_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
_FIRST_WORD = regex.compile(r"[\p{L}\p{N}]+")
# A path segment's file extension, which is not part of the title it spells.
_PAGE_EXTENSION = regex.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm)$", regex.IGNORECASE)
# How German words are written in URLs ("grün" -> "gruen"); the accent-less form ("grun") is also tried.
_GERMAN_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@lru_cache(maxsize=65536)
def _spellings(word: str) -> tuple[str, ...]:
    """The ways a casefolded word can be written in a URL: as it is, without accents, German-style.

    >>> _spellings("grün"), _spellings("harbour")
    (('grün', 'grun', 'gruen'), ('harbour',))
    """
    if word.isascii():  # (no accent to strip, no umlaut to spell out: the word as it is)
        return (word,)
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return tuple(dict.fromkeys((word, plain, word.translate(_GERMAN_ASCII))))


@lru_cache(maxsize=4096)
def slug_words(address: str) -> tuple[str, ...]:
    """The words of the path segment that spells the page's title (the one with the most words, or
    else the last), casefolded, numbers left out; empty when the path has no such segment.

    >>> slug_words("example.com/kultur/vintage-flair-mit-viel-gr%C3%BCn--15/")
    ('vintage', 'flair', 'mit', 'viel', 'grün')
    >>> slug_words("taz.de/Siemens-und-die-Kohlemine-Adani/!5655255")
    ('siemens', 'und', 'die', 'kohlemine', 'adani')
    >>> slug_words("example.com/item/show/132240/1")
    ()
    """
    segments = [[w for w in _WORD_SPLIT.split(_PAGE_EXTENSION.sub("", unquote(segment)).casefold())
                 if w and not w.isdigit()] for segment in address.partition("/")[2].split("/") if segment]
    best = max(reversed(segments), key=len, default=[])  # (a tie: the later segment)
    if len(best) > 1:
        return tuple(best)
    # one word at most in every segment: the last segment's, if it has one ("/essenwestviertel.htm")
    return tuple(segments[-1]) if segments else ()


@lru_cache(maxsize=65536)
def _is_title(view: str, known: frozenset[str], joined: str) -> bool:
    """Page.is_page_title for one line, given the title's spellings and its words run together
    (remembered: the later passes of the rules ask again about the same lines)."""
    view = view.casefold()
    first = _FIRST_WORD.search(view)
    if first is None:
        return False
    # the quick answer for most lines: their first word is no word of the title
    if not any(sp in known or joined.startswith(sp) for sp in _spellings(first.group())):
        return False
    words = [w for w in _WORD_SPLIT.split(view) if w]
    if len(words) > 1 and all(any(sp in known for sp in _spellings(w)) for w in words):
        return True
    together = "".join(words)
    return len(together) > 3 and any(sp == joined for sp in _spellings(together))


def view_of(line: str) -> str:
    """The part of a line that patterns are matched against.

    >>> view_of("• Share this article")
    'Share this article'
    >>> view_of("3. Related: how to bake")
    'Related: how to bake'
    >>> view_of("-5 degrees overnight")
    '-5 degrees overnight'
    """
    if line and (line[0] in "-*•·▪►▸»>|" or line[0].isdigit()):
        return _MARKER.sub("", line, count=1)
    return line


def is_prose(view: str, words: int) -> bool:
    """Whether a line reads as article prose (long, ends like a sentence).

    >>> is_prose("Already subscribed? Log in.", 4)
    False
    >>> is_prose("The ministry said on Monday that the new rules would apply to all banks from next year.", 17)
    True
    """
    return words >= PROSE_MIN_WORDS and _SENTENCE_END.search(view) is not None


class Page:
    """A document as parallel lists, one entry per line (``\\n``-separated)."""

    __slots__ = ("text", "lines", "starts", "views", "words", "rank", "nonblank", "last_prose", "first_prose",
                 "prose_above", "prose_total", "address", "input_ranks", "_title_spellings",
                 "_article")

    def __init__(self, text: str, address: str = ""):
        lines = text.split("\n")
        views = [view_of(line) for line in lines]
        self._measure(text, address, lines, views, [len(v.split()) for v in views])

    def keeping(self, kept: Sequence[int]) -> Page:
        """The page of the lines at the indices ``kept`` (in order): what ``Page`` makes of them
        joined, without splitting and measuring each line again (the engine's later passes).

        >>> page = Page("Menu\\n- Home\\nThe council approved the new budget on Tuesday after a long debate.")
        >>> later, joined = page.keeping([1, 2]), Page("\\n".join(page.lines[1:]))
        >>> all(getattr(later, name) == getattr(joined, name) for name in ("text", "starts", "views", "words", "rank",
        ...     "prose_above", "first_prose", "last_prose", "prose_total", "nonblank", "address"))
        True
        """
        page = Page.__new__(Page)
        lines = [self.lines[i] for i in kept]
        page._measure("\n".join(lines), self.address, lines, [self.views[i] for i in kept],
                      [self.words[i] for i in kept])
        return page

    def _measure(self, text: str, address: str, lines: list[str], views: list[str], words: list[int]) -> None:
        """Set every attribute from the text split into lines, their views and word counts."""
        self.text = text
        self.address = address  # the page's own URL as host + path (boilerplate.loader.address_of), or ""
        # the title's spellings, its words run together, their first characters (see is_page_title)
        self._title_spellings: tuple[frozenset[str], str, frozenset[str]] | None = None
        self.lines = lines
        starts = []
        pos = 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        self.starts = starts
        self.views = views
        self.words = words
        rank = []
        prose_above = []
        count = 0
        prose = 0
        first_prose = last_prose = -1
        for i, v in enumerate(views):
            rank.append(count)
            prose_above.append(prose)
            if words[i]:
                count += 1
                if words[i] >= PROSE_MIN_WORDS and is_prose(v, words[i]):
                    if first_prose < 0:
                        first_prose = i
                    last_prose = i
                    prose += 1
        self.rank = rank
        # for the shorter text of a later pass (set by the engine; Engine.find says why, and
        # engine.removed_before reads the lines removed between two kept ones from it): each line's
        # non-blank lines before it and from it to the end in the text as it came in; None: this
        # text is the input
        self.input_ranks: tuple[list[int], list[int]] | None = None
        self.prose_above = prose_above  # article-prose lines before each line
        self.prose_total = prose
        self.nonblank = count
        self.first_prose = first_prose
        self.last_prose = last_prose
        self._article: tuple[int, int] | None = None  # (see article_span)

    def __len__(self) -> int:
        return len(self.lines)

    def block_of(self, i: int) -> range:
        """The paragraph (run of non-blank lines) containing line ``i``."""
        lo = i
        while lo > 0 and self.words[lo - 1]:
            lo -= 1
        hi = i
        while hi + 1 < len(self.lines) and self.words[hi + 1]:
            hi += 1
        return range(lo, hi + 1)

    def prose_after(self, i: int) -> bool:
        """Whether an article-prose line follows line ``i``."""
        return self.last_prose > i

    def prose_below(self, i: int) -> int:
        """How many article-prose lines follow line ``i``.

        >>> page = Page("Short title\\nThis sentence is long enough to count as a line of article prose.")
        >>> page.prose_below(0), page.prose_below(1)
        (1, 0)
        """
        return self.prose_total - self._prose_through(i)

    def _prose_through(self, i: int) -> int:
        """How many article-prose lines there are up to line ``i``, that line included."""
        return self.prose_above[i + 1] if i + 1 < len(self.lines) else self.prose_total

    def article_span(self) -> tuple[int, int]:
        """The first and last line of the article: the page's largest cluster of prose lines (by
        words), a cluster being prose lines with at most ARTICLE_GAP_LINES other non-blank lines
        between neighbours; (-1, -1) when the page has no prose.

        Whole-page text has prose-like lines outside the article too (a teaser's lead in the
        sidebar, a comment, a footer's "about us" paragraph), which stretch the span from the first
        to the last prose line over menus and link lists; the largest cluster is the article.

        >>> long = "The council approved the plan on Tuesday after a debate that lasted six hours."
        >>> lines = [long, "Home", *["Menu entry"] * 60, long, long, "Tags", *["Link"] * 60, long]
        >>> page = Page("\\n".join(lines))
        >>> page.first_prose, page.last_prose, page.article_span()
        (0, 125, (62, 63))
        """
        if self._article is None:
            best, best_words = (-1, -1), 0
            start = prev = -1
            words = 0
            above = self.prose_above
            for i in range(max(self.first_prose, 0), self.last_prose + 1):
                # a prose line is one the count of prose lines grows at (segmented once)
                if self._prose_through(i) == above[i]:
                    continue
                w = self.words[i]
                if prev >= 0 and self.rank[i] - self.rank[prev] - 1 > ARTICLE_GAP_LINES:
                    start, words = i, 0
                elif start < 0:
                    start = i
                words += w
                prev = i
                if words > best_words:
                    best, best_words = (start, i), words
            self._article = best
        return self._article

    def outside_article(self, i: int) -> bool:
        """Whether line ``i`` is above the article's first line or below its last (article_span)."""
        first, last = self.article_span()
        return i < first or i > last

    def prose_before(self, i: int) -> bool:
        return 0 <= self.first_prose < i

    def is_page_title(self, i: int) -> bool:
        """Whether line ``i`` is the page's title as its URL spells it: two or more words, every one
        of them a word of the URL's title segment (``slug_words``), or the segment's words run
        together ("Essen-Westviertel" for ``/essenwestviertel.html``).

        >>> page = Page("News\\nKultur\\nVintage-Flair mit viel Grün\\nGrün", "example.com/kultur/vintage-flair-mit-viel-gruen")
        >>> [page.is_page_title(i) for i in range(4)]
        [False, False, True, False]
        """
        if self._title_spellings is None:
            slug = slug_words(self.address) if self.address else ()
            known = frozenset(sp for w in slug for sp in _spellings(w))
            self._title_spellings = (known, "".join(slug), frozenset(sp[0] for sp in known))
        known, joined, initials = self._title_spellings
        if not known:
            return False
        view = self.views[i]
        start = view[:1]
        if start.isascii() and start.isalnum() and start.lower() not in initials:
            # the quick answer for most lines: a word that starts with an ASCII letter or digit is
            # spelled with it in every way (_spellings), and no word of the title starts with it
            return False
        return _is_title(view, known, joined)

    def has_marker(self, i: int) -> bool:
        """Whether line ``i`` starts with a list marker (its view is shorter than the line)."""
        return len(self.views[i]) != len(self.lines[i])
