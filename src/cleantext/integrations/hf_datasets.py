"""Hugging Face ``datasets``: a batched map function and a one-call ``clean_dataset``.

    >>> from cleantext.integrations.hf_datasets import map_function, clean_dataset
    >>> fn = map_function(field="text", report_field="cleantext")  # doctest: +SKIP
    >>> ds = ds.map(fn, batched=True, num_proc=2, features=fn.features(ds.features))  # doctest: +SKIP
    >>> ds = clean_dataset(ds, field="text", num_proc=2)  # the same in one call  # doctest: +SKIP

The map function is a small picklable object holding a ``Cleaner``: each worker process unpickles
it once per shard and the compiled rule packs are cached per process. It hashes deterministically,
so ``datasets`` caching works: the same settings and rules give the same fingerprint in every
process, and a change of settings, rules or cleantext version gives a new one.

The report column holds, per record, ``{"status", "changed", "chars_removed", "removal_count",
"rules", "fallback"}`` (see ``REPORT_FEATURES``); ``rules`` is JSON text (rule id -> removals)
because an Arrow column needs one fixed type. ``summarize(ds["cleantext"])`` adds them up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._common import (
    Summary,
    build_cleaner,
    clean_value,
    cleaner_fingerprint,
    missing_extra,
    summarize,
)

if TYPE_CHECKING:
    import datasets

    from cleantext import Cleaner

__all__ = ["CleanBatch", "map_function", "clean_dataset", "report_features", "summarize", "Summary"]

# Rows per map batch: big enough that per-batch overhead vanishes, small enough that a batch of
# long web pages stays a few MB in memory (datasets' own default is 1000 as well).
DEFAULT_BATCH_SIZE = 1000


def _require_datasets():
    """Import ``datasets`` or raise an ImportError naming the extra to install."""
    try:
        import datasets
    except ImportError as error:
        raise missing_extra("datasets", "datasets", error) from None
    return datasets


def report_features():
    """The ``datasets`` feature type of one report (a struct of plain scalars)."""
    Value = _require_datasets().Value  # noqa: N806 (the datasets class)

    return {
        "status": Value("string"),
        "changed": Value("bool"),
        "chars_removed": Value("int64"),
        "removal_count": Value("int64"),
        "rules": Value("string"),  # JSON object: rule id -> removals
        "fallback": Value("string"),  # "" unless a safety limit stopped the rules
    }


class CleanBatch:
    """A batched ``datasets`` map function that cleans one text column.

    Call it with a batch (column name -> list of values) and it returns the columns it changed:
    ``output_field`` (the cleaned text; the same as ``field`` unless set) and, when
    ``report_field`` is set, one report per row. Other columns are left to ``datasets`` to keep,
    so row order and every other field stay as they were. A value that is None or not a string
    passes through unchanged and is reported as ``"skipped"``.
    """

    def __init__(
        self,
        cleaner: Cleaner,
        field: str = "text",
        *,
        url_field: str | None = None,
        report_field: str | None = None,
        output_field: str | None = None,
    ):
        self.cleaner = cleaner
        self.field = field
        self.url_field = url_field
        self.report_field = report_field
        self.output_field = output_field or field
        # Computed once here so that every pickle (and so every datasets fingerprint) carries it.
        self.fingerprint = cleaner_fingerprint(cleaner)

    def __call__(self, batch: Mapping[str, list]) -> dict[str, list]:
        """Clean ``batch[field]``; return the cleaned column and, if asked, the report column."""
        values = self._column(batch, self.field)
        urls = self._column(batch, self.url_field) if self.url_field else [None] * len(values)
        texts: list[Any] = []
        reports: list[dict[str, Any]] = []
        for value, url in zip(values, urls):
            text, report = clean_value(self.cleaner, value, url)
            texts.append(text)
            report["rules"] = json.dumps(report["rules"], sort_keys=True)
            reports.append(report)
        out: dict[str, list] = {self.output_field: texts}
        if self.report_field:
            out[self.report_field] = reports
        return out

    def features(self, input_features: Any):
        """The output ``datasets.Features`` given the input's: pass it as ``ds.map(features=...)``.

        Needed so that a batch whose texts are all None cannot fix the output column's type as
        null, which would make the next batch fail to write.
        """
        _require_datasets()
        from datasets import Features, Value

        out = Features(dict(input_features))
        out[self.output_field] = Value("string")
        if self.report_field:
            out[self.report_field] = report_features()
        return out

    def __repr__(self) -> str:
        return (
            f"CleanBatch(field={self.field!r}, url_field={self.url_field!r}, "
            f"report_field={self.report_field!r}, output_field={self.output_field!r})"
        )

    @staticmethod
    def _column(batch: Mapping[str, list], name: str) -> list:
        """One column of the batch, or a KeyError that lists the columns there are."""
        try:
            return batch[name]
        except KeyError:
            raise KeyError(
                f"column {name!r} is not in the dataset (columns: {', '.join(batch)}); "
                "pass the right name as field= / url_field="
            ) from None


def map_function(
    field: str = "text",
    *,
    url_field: str | None = None,
    report_field: str | None = None,
    output_field: str | None = None,
    cleaner: Cleaner | None = None,
    **cleaner_options: Any,
) -> CleanBatch:
    """A batched map function for ``ds.map(fn, batched=True, num_proc=N)``.

    field: the text column to clean. url_field: a column with each page's URL, so site-specific
    rules apply. report_field: a new column with a report per row. output_field: write the clean
    text there and keep ``field`` as it was (default: overwrite ``field``). cleaner: a Cleaner to
    use; otherwise one is built from ``cleaner_options`` (``preset="default"``, ``rules``,
    ``select``, ``ignore``, ...; see ``cleantext.Cleaner``).
    """
    return CleanBatch(
        build_cleaner(cleaner, cleaner_options),
        field,
        url_field=url_field,
        report_field=report_field,
        output_field=output_field,
    )


def clean_dataset(
    ds: datasets.Dataset | datasets.DatasetDict | datasets.IterableDataset,
    field: str = "text",
    *,
    num_proc: int | None = None,
    url_field: str | None = None,
    report_field: str | None = None,
    output_field: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    cleaner: Cleaner | None = None,
    **cleaner_options: Any,
):
    """Clean ``ds[field]`` and return the new dataset (a DatasetDict is cleaned split by split).

    num_proc: worker processes (None: this process only; streaming datasets ignore it). The other
    arguments are those of ``map_function``. Order and the other columns are kept.
    """
    datasets = _require_datasets()
    fn = map_function(
        field,
        url_field=url_field,
        report_field=report_field,
        output_field=output_field,
        cleaner=cleaner,
        **cleaner_options,
    )
    if isinstance(ds, (datasets.DatasetDict, datasets.IterableDatasetDict)):
        return type(ds)({split: _map(part, fn, num_proc, batch_size) for split, part in ds.items()})
    return _map(ds, fn, num_proc, batch_size)


def _map(ds: Any, fn: CleanBatch, num_proc: int | None, batch_size: int):
    """Run ``fn`` over one Dataset or IterableDataset with the right output features."""
    import datasets

    _check_columns(ds, fn)
    features = fn.features(ds.features) if ds.features is not None else None
    if isinstance(ds, datasets.IterableDataset):
        return ds.map(fn, batched=True, batch_size=batch_size, features=features)
    return ds.map(
        fn,
        batched=True,
        batch_size=batch_size,
        num_proc=num_proc,
        features=features,
        desc=f"cleantext {fn.field}",
    )


def _check_columns(ds: Any, fn: CleanBatch) -> None:
    """Fail before any work when the text or URL column is missing (when the columns are known)."""
    columns = ds.column_names
    if columns is None:  # a streaming dataset whose columns are not known until read
        return
    for name in (fn.field, fn.url_field):
        if name and name not in columns:
            raise KeyError(
                f"column {name!r} is not in the dataset (columns: {', '.join(columns)}); "
                "pass the right name as field= / url_field="
            )
