"""Shared parts of the dataset-tool adapters: building the Cleaner, the per-record report, tallies.

Every adapter reports a cleaned record the same way (``report_for``), so a report written by the
Hugging Face map function, a datatrove step or a Dask partition reads the same and sums the same
(``summarize``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the core is imported lazily so that importing an adapter stays cheap
    from cleantext import Cleaner, Result

# Status of one record in its report.
CLEANED = "cleaned"  # went through the cleaner (with or without changes)
FALLBACK = "fallback"  # a safety limit stopped the rules; only the safe steps were applied
SKIPPED = "skipped"  # the field was None or not a string; the record passed through unchanged

# Rule fields that change what a rule does; the rest (summary, examples, file, line) are documentation.
_DOC_ONLY_RULE_FIELDS = frozenset({"summary", "examples", "note", "file", "line"})


def missing_extra(tool: str, extra: str, error: ImportError) -> ImportError:
    """The ImportError to raise when an optional tool is not installed, naming the extra to install."""
    return ImportError(
        f"cleantext's {tool} integration needs {tool}, which is not installed ({error}). "
        f"Install it with: pip install 'cleantext-boilerplate[{extra}]'"
    )


def build_cleaner(cleaner: Cleaner | None, options: Mapping[str, Any]) -> Cleaner:
    """Return ``cleaner`` as given, or a new ``Cleaner(**options)``; refuse both at once.

    The Cleaner is built here, in the calling process, so that a bad preset or rule pack fails at
    once instead of in every worker.
    """
    from cleantext import Cleaner

    if cleaner is not None:
        if options:
            raise ValueError(
                f"pass either cleaner= or Cleaner options ({', '.join(sorted(options))}), not both; "
                "put the options into the Cleaner you pass"
            )
        if not isinstance(cleaner, Cleaner):
            raise TypeError(f"cleaner= must be a cleantext.Cleaner, not {type(cleaner).__name__}")
        return cleaner
    return Cleaner(**options)


def report_for(result: Result, original: str) -> dict[str, Any]:
    """The JSON-ready report of one cleaned record.

    ``rules`` maps rule id -> number of removals; ``fallback`` is "" unless a safety limit
    stopped the rules (then it says why). The keys and types never vary, so the reports fit one
    fixed column type in Arrow, Parquet and pandas.
    """
    return {
        "status": FALLBACK if result.fallback else CLEANED,
        "changed": result.text != original,
        "chars_removed": result.chars_removed,
        "removal_count": len(result.removals),
        "rules": dict(sorted(result.rule_counts().items())),
        "fallback": result.fallback or "",
    }


def skipped_report() -> dict[str, Any]:
    """The report of a record whose field was None or not a string (it passed through unchanged)."""
    return {
        "status": SKIPPED,
        "changed": False,
        "chars_removed": 0,
        "removal_count": 0,
        "rules": {},
        "fallback": "",
    }


def clean_value(cleaner: Cleaner, value: Any, url: Any = None) -> tuple[Any, dict[str, Any]]:
    """Clean one field value; a value that is not a string comes back as it was, reported skipped."""
    if not isinstance(value, str):
        return value, skipped_report()
    result = cleaner.clean_and_explain(value, url=url if isinstance(url, str) and url else None)
    return result.text, report_for(result, value)


@dataclass
class Summary:
    """Totals over many reports (``summarize``): what a cleaning run did to a data set."""

    documents: int = 0
    cleaned: int = 0  # went through the cleaner, fallbacks included
    changed: int = 0
    skipped: int = 0  # None / non-string fields passed through
    fallback: int = 0
    chars_removed: int = 0
    removals: int = 0
    rules: Counter = field(default_factory=Counter)

    def add(self, report: Mapping[str, Any]) -> None:
        """Count one record's report (as written by any adapter; ``rules`` may be JSON text)."""
        self.documents += 1
        status = report["status"]
        if status == SKIPPED:
            self.skipped += 1
            return
        self.cleaned += 1
        self.fallback += status == FALLBACK
        self.changed += bool(report["changed"])
        self.chars_removed += int(report["chars_removed"])
        self.removals += int(report["removal_count"])
        rules = report["rules"]
        self.rules.update(json.loads(rules) if isinstance(rules, str) else rules)

    def __add__(self, other: Summary) -> Summary:
        """Merge two summaries (e.g. of two shards)."""
        return Summary(
            documents=self.documents + other.documents,
            cleaned=self.cleaned + other.cleaned,
            changed=self.changed + other.changed,
            skipped=self.skipped + other.skipped,
            fallback=self.fallback + other.fallback,
            chars_removed=self.chars_removed + other.chars_removed,
            removals=self.removals + other.removals,
            rules=self.rules + other.rules,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready totals, rules sorted by count (most first)."""
        out = dataclasses.asdict(self)
        out["rules"] = dict(self.rules.most_common())
        return out


def summarize(reports: Iterable[Mapping[str, Any] | None]) -> Summary:
    """Add up reports written by any adapter; None entries (no report) are ignored.

    >>> s = summarize([skipped_report(), {"status": "cleaned", "changed": True, "chars_removed": 30,
    ...     "removal_count": 1, "rules": '{"paywall.subscribe": 1}', "fallback": ""}])
    >>> (s.documents, s.cleaned, s.skipped, s.chars_removed, s.rules["paywall.subscribe"])
    (2, 1, 1, 30, 1)
    """
    summary = Summary()
    for report in reports:
        if report is not None:
            summary.add(report)
    return summary


def cleaner_fingerprint(cleaner: Cleaner) -> str:
    """A digest of what decides the cleaner's output: cleantext's version, its settings and its rules.

    Caches keyed on a pickled map function (``datasets`` fingerprints) would otherwise reuse stale
    results after a rule pack was edited or cleantext was upgraded, since a pickle carries only the
    Cleaner's settings, not the rules it loads.
    """
    digest = hashlib.sha256(_cleantext_version().encode())
    digest.update(repr(_settings_of(cleaner)).encode())
    for rule in sorted(cleaner.ruleset.rules, key=lambda r: r.id):
        digest.update(repr(_rule_behaviour(rule)).encode())
    return digest.hexdigest()


def _cleantext_version() -> str:
    """The installed distribution's version ("unknown" when running from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cleantext-boilerplate")
    except PackageNotFoundError:
        return "unknown"


def _settings_of(cleaner: Cleaner) -> Any:
    """The Cleaner's pickled settings in a stable order (its ``__getstate__`` when it has one)."""
    state = cleaner.__getstate__() if hasattr(cleaner, "__getstate__") else vars(cleaner)
    if isinstance(state, Mapping):
        return sorted((str(k), repr(v)) for k, v in state.items())
    return repr(state)


def _rule_behaviour(rule: Any) -> tuple:
    """The fields of a Rule that change what it matches or does, as a comparable tuple."""
    if dataclasses.is_dataclass(rule):
        return tuple(
            (f.name, getattr(rule, f.name))
            for f in dataclasses.fields(rule)
            if f.name not in _DOC_ONLY_RULE_FIELDS
        )
    return (repr(rule),)
