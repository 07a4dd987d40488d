"""Cleaning one document or dataset record, and rendering what was done (``--explain``, ``--diff``).

Shared by every format: a text file, an HTML file and a JSONL or Parquet record all go through
``clean_document``; their reports come from ``explain_lines``, ``unified_diff`` and ``record_report``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from cleantext.record import Removal, Result, Step

__all__ = ["Cleaned", "DocOptions", "RecordSpec", "clean_document", "explain_lines", "record_report", "report_text", "unified_diff"]

# --explain shows this many characters of a removed span; enough to recognise a banner line.
SNIPPET_CHARS = 80
NEWLINE_MARK = " ⏎ "


@dataclass(frozen=True)
class DocOptions:
    """How to treat each document: forced or detected HTML, default URL, what to report."""

    mode: str = "auto"  # "auto" (detect HTML), "html" or "text"
    url: str | None = None  # --url: activates site packs; a record's own URL wins
    include_comments: bool = False  # HTML: keep the page's comment section in the extracted text
    explain: bool = False  # render --explain lines
    diff: bool = False  # render a unified diff


@dataclass(frozen=True)
class RecordSpec:
    """Where a dataset record's text, URL and report live (dotted paths for nested fields)."""

    field: str = "text"
    url_field: str | None = None  # per-record URL; --url is the fallback
    report_field: str | None = None  # add a per-record report under this name
    doc: DocOptions = DocOptions()


@dataclass(frozen=True)
class Cleaned:
    """A cleaned document: ``before`` is the text the rules saw (extracted text for HTML)."""

    before: str
    result: Result
    is_html: bool

    @property
    def text(self) -> str:
        """The clean text, without a trailing newline."""
        return self.result.text


def _is_html(text: str, mode: str, html_name: bool) -> bool:
    """Decide whether ``text`` is HTML: forced by ``mode``, else the file name or a content check."""
    if mode != "auto":
        return mode == "html"
    if html_name:
        return True
    from cleantext.html import looks_like_html

    return looks_like_html(text)


def clean_document(
    cleaner: Any, text: str, options: DocOptions, *, url: str | None = None, html_name: bool = False
) -> Cleaned:
    """Clean one document with ``cleaner`` (a ``cleantext.Cleaner``).

    HTML is first reduced to its article text; when no URL is known (neither ``url`` nor
    ``options.url``), the page's canonical or og:url is used for site packs.
    """
    url = url or options.url
    if _is_html(text, options.mode, html_name):
        from cleantext.html import extract

        extracted = extract(text, url=url, include_comments=options.include_comments)
        before = extracted.text
        result = cleaner.clean_and_explain(before, url=url or extracted.url)
        return Cleaned(before, result, True)
    return Cleaned(text, cleaner.clean_and_explain(text, url=url), False)


def _snippet(text: str) -> str:
    """Shorten a removed span for one report line: newlines marked, cut at ~80 characters.

    >>> _snippet("Already subscribed? Log in.\\n")
    'Already subscribed? Log in.'
    >>> len(_snippet("x" * 200))
    81
    """
    flat = text.strip("\n").replace("\r", "").replace("\n", NEWLINE_MARK)
    if len(flat) > SNIPPET_CHARS:
        return flat[:SNIPPET_CHARS] + "…"
    return flat


def explain_lines(name: str, result: Result) -> list[str]:
    """Return one ``--explain`` line per change, in the order they were made.

    >>> r = Result("a", (Step("nfc"), Removal("paywall.x", 2, 10, "Log in.\\n", 2)), None)
    >>> explain_lines("p.txt", r)
    ['p.txt: normalizer nfc', 'p.txt:2: paywall.x: Log in.']
    """
    lines: list[str] = []
    for change in result.changes:
        if isinstance(change, Removal):
            lines.append(f"{name}:{change.line}: {change.rule}: {_snippet(change.text)}")
        elif isinstance(change, Step):
            lines.append(f"{name}: normalizer {change.name}")
    if result.fallback:
        lines.append(f"{name}: fallback: {result.fallback}")
    return lines


def report_text(name: str, cleaned: Cleaned, options: DocOptions) -> str:
    """What ``--explain`` and ``--diff`` print for one document or record ("" when neither is on)."""
    parts: list[str] = []
    if options.explain:
        parts.extend(line + "\n" for line in explain_lines(name, cleaned.result))
    if options.diff:
        parts.append(unified_diff(name, cleaned.before, cleaned.text))
    return "".join(parts)


def _diff_lines(text: str) -> list[str]:
    """Split for difflib: every line ends with a newline, as the command writes it."""
    return [line + "\n" for line in text.splitlines()]


def unified_diff(name: str, before: str, after: str) -> str:
    """Return the unified diff from ``before`` to ``after`` (empty when nothing changed).

    >>> print(unified_diff("p.txt", "a\\nAd\\nb", "a\\nb"), end="")
    --- p.txt
    +++ p.txt (clean)
    @@ -1,3 +1,2 @@
     a
    -Ad
     b
    """
    diff = difflib.unified_diff(
        _diff_lines(before), _diff_lines(after), fromfile=name, tofile=f"{name} (clean)"
    )
    return "".join(diff)


def record_report(cleaned: Cleaned) -> dict[str, Any]:
    """The per-record report of ``--report-field``: the same report every dataset adapter writes.

    Status, whether the text changed, characters and removals, removals by rule, fallback reason
    (see ``cleantext.integrations.report_for``), so reports of the command and of the Hugging
    Face, datatrove and Dask adapters add up alike with ``cleantext.integrations.summarize``.

    >>> r = record_report(Cleaned("Ad\\nText", Result("Text", (Removal("ad.label", 0, 3, "Ad\\n", 1),)), False))
    >>> r["status"], r["changed"], r["chars_removed"], r["rules"]
    ('cleaned', True, 3, {'ad.label': 1})
    """
    from cleantext.integrations import report_for

    return report_for(cleaned.result, cleaned.before)
