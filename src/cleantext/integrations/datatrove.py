"""datatrove: ``CleantextFormatter``, a pipeline step that cleans ``doc.text``.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleantext.integrations.datatrove import CleantextFormatter

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("data/in"),
            CleantextFormatter(report_key="cleantext"),
            JsonlWriter("data/out"),
        ],
        tasks=8, workers=4, logging_dir="logs/clean",
    ).run()

The step's stats (in ``logs/clean/stats.json`` and the run's summary) count documents (``total``),
documents whose text changed (``changed``), characters removed per document (``chars_removed``),
removals per document (``removals``) and per rule (``rule/<rule id>``), documents that fell back to
the safe steps (``fallback``) and documents whose text was not a string (``skipped``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._common import build_cleaner, clean_value, missing_extra

if TYPE_CHECKING:
    from cleantext import Cleaner

__all__ = ["CleantextFormatter"]

try:
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as _error:  # keep the module importable; fail when the step is asked for
    _IMPORT_ERROR: ImportError | None = _error
else:
    _IMPORT_ERROR = None


if _IMPORT_ERROR is None:

    class CleantextFormatter(BaseFormatter):
        """Clean each document's text; optionally store a report in ``doc.metadata[report_key]``.

        url_key: the metadata key holding the page URL, used for site-specific rules ("url" is
        where datatrove's readers and extractors put it). report_key: a metadata key for the
        per-document report (None: no report). cleaner: a Cleaner to use; otherwise one is built
        from ``cleaner_options`` (``preset="default"``, ``rules``, ``select``, ``ignore``, ...).
        Documents are never dropped: one whose text is not a string passes through unchanged.
        """

        name = "🧹 cleantext"

        def __init__(
            self,
            *,
            url_key: str | None = "url",
            report_key: str | None = None,
            cleaner: Cleaner | None = None,
            **cleaner_options: Any,
        ):
            super().__init__()
            self.cleaner = build_cleaner(cleaner, cleaner_options)
            self.url_key = url_key
            self.report_key = report_key

        def format(self, text: str) -> str:
            """Clean one text (what ``BaseFormatter`` asks of a formatter; ``run`` adds URL and report)."""
            return self.cleaner.clean(text)

        def run(self, data, rank: int = 0, world_size: int = 1):
            """Clean every document in ``data`` and yield it, counting what was done in the stats."""
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    self._clean_document(doc)
                yield doc

        def _clean_document(self, doc: Any) -> None:
            """Clean ``doc.text`` in place, update the stats and, if asked, the metadata report."""
            url = doc.metadata.get(self.url_key) if self.url_key else None
            doc.text, report = clean_value(self.cleaner, doc.text, url)
            if self.report_key:
                doc.metadata[self.report_key] = report
            self._count(report)

        def _count(self, report: dict[str, Any]) -> None:
            """Add one document's report to this step's stats."""
            if report["status"] == "skipped":
                self.stat_update("skipped")
                return
            if report["status"] == "fallback":
                self.stat_update("fallback")
            if report["changed"]:
                self.stat_update("changed")
            self.stat_update("chars_removed", value=report["chars_removed"])
            self.stat_update("removals", value=report["removal_count"])
            for rule, count in report["rules"].items():
                self.stat_update(f"rule/{rule}", value=count)


def __getattr__(name: str):
    """Raise the install hint when datatrove is missing and the step is asked for."""
    if name == "CleantextFormatter" and _IMPORT_ERROR is not None:
        raise missing_extra("datatrove", "datatrove", _IMPORT_ERROR)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
