"""HTML pages: article text through trafilatura, and the page's own URL for site packs."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Extraction settings chosen on the scrapinghub pages (benchmarks/html_quality.py): precision-leaning
# extraction, because the rule packs then remove what slips through; tables and links' text kept.
EXTRACT_SETTINGS = dict(favor_precision=True, include_tables=True, include_images=False, deduplicate=False)

_HTML_START = regex.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", regex.I | regex.S)
_TAGS = regex.compile(r"</?(?:div|p|span|a|article|section|script|br|li|ul|table|h[1-6])\b[^>]*>", regex.I)
_CANONICAL = regex.compile(
    r"""<link\b(?=[^>]*\brel\s*=\s*["']?canonical)[^>]*\bhref\s*=\s*["']([^"'>\s]+)""", regex.I)
_OG_URL = regex.compile(
    r"""<meta\b(?=[^>]*\bproperty\s*=\s*["']?og:url)[^>]*\bcontent\s*=\s*["']([^"'>\s]+)""", regex.I)


@dataclass(frozen=True)
class Extracted:
    text: str
    url: str | None


def looks_like_html(text: str) -> bool:
    """Whether a document is an HTML page rather than text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Prices rose 3% <p> is a tag name, said the author.")
    False
    >>> looks_like_html("<div><p>One</p><p>Two</p><p>Three</p></div>")
    True
    """
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_TAGS.findall(head)) >= 4


def page_url(html: str) -> str | None:
    """The page's canonical URL (``<link rel=canonical>``, else ``og:url``), if it declares one.

    >>> page_url('<head><link rel="canonical" href="https://example.com/a"></head>')
    'https://example.com/a'
    >>> page_url('<meta property="og:url" content="https://example.org/b">')
    'https://example.org/b'
    """
    head = html[:200_000]
    for pattern in (_CANONICAL, _OG_URL):
        m = pattern.search(head)
        if m and m.group(1).startswith(("http://", "https://")):
            return m.group(1)
    return None


def extract(html: str, url: str | None = None, include_comments: bool = False) -> Extracted:
    """Article text of an HTML page (empty when trafilatura finds none) and its URL."""
    import trafilatura

    url = url or page_url(html)
    text = trafilatura.extract(html, url=url, include_comments=include_comments, **EXTRACT_SETTINGS)
    return Extracted(text or "", url)
