"""Splitting a document into lines with what rules need to know about each: offsets, words, prose.

A line's *view* is what patterns see: the line without a leading list marker ("- ", "• ", "> "),
so that ``^share this`` matches "• Share this" as well.
"""

from __future__ import annotations

import regex

# Leading list markers that extractors put in front of list items and menu entries.
_MARKER = regex.compile(r"^(?:[-*•·▪►▸»>|]+|\d{1,2}[.)])\s+")
# A line of article prose: long enough and ending like a sentence (quotes and brackets allowed after).
PROSE_MIN_WORDS = 12
_SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]]*$")


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
                 "prose_above", "prose_total", "address", "input_ranks")

    def __init__(self, text: str, address: str = ""):
        self.text = text
        self.address = address  # the page's own URL as host + path (boilerplate.loader.address_of), or ""
        self.lines = lines = text.split("\n")
        starts = []
        pos = 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        self.starts = starts
        self.views = views = [view_of(line) for line in lines]
        self.words = words = [len(v.split()) for v in views]
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
        # for the shorter text of a later pass (set by the engine; Engine.find says why): each line's
        # non-blank lines before it and from it to the end in the text as it came in; None: this
        # text is the input
        self.input_ranks: tuple[list[int], list[int]] | None = None
        self.prose_above = prose_above  # article-prose lines before each line
        self.prose_total = prose
        self.nonblank = count
        self.first_prose = first_prose
        self.last_prose = last_prose

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
        after = self.prose_above[i + 1] if i + 1 < len(self.lines) else self.prose_total
        return self.prose_total - after

    def prose_before(self, i: int) -> bool:
        return 0 <= self.first_prose < i

    def has_marker(self, i: int) -> bool:
        """Whether line ``i`` starts with a list marker (its view is shorter than the line)."""
        return len(self.views[i]) != len(self.lines[i])
