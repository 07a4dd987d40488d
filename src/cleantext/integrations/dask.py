"""Dask: clean a ``dask.bag`` of dicts or strings, or a text column of a ``dask.dataframe``.

    import dask.bag as db
    from cleantext.integrations.dask import clean_bag, clean_dataframe

    bag = db.read_text("pages/*.jsonl").map(json.loads)
    clean = clean_bag(bag, field="text", report_field="cleantext")

    ddf = dd.read_parquet("pages/")
    ddf = clean_dataframe(ddf, column="text", report_column="cleantext")
    ddf.to_parquet("clean/")

Both run per partition (``map_partitions``) with one picklable Cleaner, so the same code runs on a
laptop (the default scheduler) and on a cluster (a ``distributed.Client``): each worker process
unpickles the Cleaner and caches the compiled rule packs once. Nothing is computed until you ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._common import build_cleaner, clean_value, cleaner_fingerprint, missing_extra

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

    from cleantext import Cleaner

__all__ = ["clean_bag", "clean_dataframe", "CleanPartition", "CleanFrame"]


def _require(module: str):
    """Import a dask module or raise an ImportError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise missing_extra("dask", "dask", error) from None


class CleanPartition:
    """Clean one bag partition: a list of strings, or of dicts with the text under ``field``.

    A dict comes back as a new dict (the input is not mutated) with the clean text under
    ``field`` and, when ``report_field`` is set, the report under that key; every other key is
    kept. A string comes back as a string (``report_field`` makes it a ``(text, report)`` pair).
    A value that is None or not a string passes through unchanged and is reported as skipped.
    """

    def __init__(
        self,
        cleaner: Cleaner,
        field: str | None = None,
        *,
        url_field: str | None = None,
        report_field: str | None = None,
    ):
        self.cleaner = cleaner
        self.field = field
        self.url_field = url_field
        self.report_field = report_field
        self.fingerprint = cleaner_fingerprint(cleaner)

    def __dask_tokenize__(self) -> tuple:
        """A deterministic token, so equal calls give equal task keys (Dask would pick a random one)."""
        return (type(self).__name__, self.field, self.url_field, self.report_field, self.fingerprint)

    def __call__(self, partition: Iterable[Any]) -> list[Any]:
        """Clean every record of the partition, in order."""
        return [self._clean_record(record) for record in partition]

    def _clean_record(self, record: Any) -> Any:
        """Clean one record (a dict when ``field`` is set, else the text itself)."""
        if self.field is None:
            text, report = clean_value(self.cleaner, record)
            return (text, report) if self.report_field else text
        if not isinstance(record, Mapping):
            raise TypeError(
                f"clean_bag(field={self.field!r}) needs a bag of dicts, got a {type(record).__name__}; "
                "pass field=None for a bag of strings"
            )
        url = record.get(self.url_field) if self.url_field else None
        text, report = clean_value(self.cleaner, record.get(self.field), url)
        out = dict(record)
        if self.field in out:  # a record without the field stays without it
            out[self.field] = text
        if self.report_field:
            out[self.report_field] = report
        return out


class CleanFrame:
    """Clean one pandas partition's ``column``; a value that is not a string (None, NaN) is kept.

    Returns a new frame: the column cleaned in place (same dtype), the index and the other columns
    as they were, and a ``report_column`` of report dicts when asked.
    """

    def __init__(
        self,
        cleaner: Cleaner,
        column: str = "text",
        *,
        url_column: str | None = None,
        report_column: str | None = None,
    ):
        self.cleaner = cleaner
        self.column = column
        self.url_column = url_column
        self.report_column = report_column
        self.fingerprint = cleaner_fingerprint(cleaner)

    def __dask_tokenize__(self) -> tuple:
        """A deterministic token, so equal calls give equal task keys (Dask would pick a random one)."""
        return (type(self).__name__, self.column, self.url_column, self.report_column, self.fingerprint)

    def __call__(self, frame: pandas.DataFrame) -> pandas.DataFrame:
        """Clean ``frame[column]`` and return the new frame."""
        import pandas as pd

        values = frame[self.column].tolist()
        urls = frame[self.url_column].tolist() if self.url_column else [None] * len(values)
        cleaned = [clean_value(self.cleaner, value, url) for value, url in zip(values, urls)]
        dtype = frame[self.column].dtype
        if isinstance(dtype, pd.CategoricalDtype):  # clean texts are new values, not categories
            dtype = object
        out = frame.copy()
        out[self.column] = pd.Series([text for text, _ in cleaned], index=frame.index, dtype=dtype)
        if self.report_column:
            out[self.report_column] = pd.Series(
                [report for _, report in cleaned], index=frame.index, dtype=object
            )
        return out


def clean_bag(
    bag: dask.bag.Bag,
    field: str | None = None,
    *,
    url_field: str | None = None,
    report_field: str | None = None,
    cleaner: Cleaner | None = None,
    **cleaner_options: Any,
) -> dask.bag.Bag:
    """Clean a bag of strings (``field=None``) or of dicts (the text under ``field``); lazy.

    url_field: the key holding each page's URL, so site-specific rules apply. report_field: add
    the report under this key (for a bag of strings: yield ``(text, report)`` pairs). cleaner: a
    Cleaner to use; otherwise one is built from ``cleaner_options`` (``preset="default"``, ...).
    Order and every other key are kept.
    """
    _require("dask.bag")
    if url_field and field is None:
        raise ValueError("url_field= needs a bag of dicts; pass field= as well (the key of the text)")
    fn = CleanPartition(
        build_cleaner(cleaner, cleaner_options),
        field,
        url_field=url_field,
        report_field=report_field,
    )
    return bag.map_partitions(fn)


def clean_dataframe(
    ddf: dask.dataframe.DataFrame,
    column: str = "text",
    *,
    url_column: str | None = None,
    report_column: str | None = None,
    cleaner: Cleaner | None = None,
    **cleaner_options: Any,
) -> dask.dataframe.DataFrame:
    """Clean ``ddf[column]`` partition by partition (``map_partitions``); lazy.

    url_column: a column with each page's URL, so site-specific rules apply. report_column: add a
    column of report dicts (object dtype). cleaner / cleaner_options: as for ``clean_bag``. The
    index, order, divisions and other columns are kept.
    """
    _require("dask.dataframe")
    for name in (column, url_column):
        if name and name not in ddf.columns:
            raise KeyError(
                f"column {name!r} is not in the dataframe (columns: {', '.join(map(str, ddf.columns))}); "
                "pass the right name as column= / url_column="
            )
    fn = CleanFrame(
        build_cleaner(cleaner, cleaner_options),
        column,
        url_column=url_column,
        report_column=report_column,
    )
    # Running the function on the empty meta frame gives the output's exact columns and dtypes.
    return ddf.map_partitions(fn, meta=fn(ddf._meta))
