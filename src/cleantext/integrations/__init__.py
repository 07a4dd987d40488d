"""Adapters for the dataset tools people already use; each is an optional extra.

- ``cleantext.integrations.hf_datasets``: Hugging Face ``datasets`` (``pip install 'cleantext-boilerplate[datasets]'``)
- ``cleantext.integrations.datatrove``: a datatrove pipeline step (``[datatrove]``)
- ``cleantext.integrations.dask``: ``dask.bag`` and ``dask.dataframe`` (``[dask]``)

Importing this package imports none of the tools; each submodule imports its tool when used and
raises an ImportError naming the extra to install when it is missing. Every adapter writes the same
per-record report (see ``report_for``), and ``summarize`` adds reports up.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._common import Summary, report_for, skipped_report, summarize

__all__ = ["Summary", "summarize", "report_for", "skipped_report", "hf_datasets", "datatrove", "dask"]

_SUBMODULES = ("hf_datasets", "datatrove", "dask")


def __getattr__(name: str) -> Any:
    """Import an adapter submodule on first access (``cleantext.integrations.dask``)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
