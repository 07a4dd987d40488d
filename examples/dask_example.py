"""Clean a Dask bag and a Dask dataframe on a local two-process cluster.

Run: python examples/dask_example.py   (needs: pip install 'cleantext-boilerplate[dask]')
On a real cluster, only the Client line changes (Client("scheduler-address:8786")).
The data is made here; nothing is downloaded.
"""

from __future__ import annotations

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from cleantext.integrations import summarize
from cleantext.integrations.dask import clean_bag, clean_dataframe

PAGES = [
    "The city council voted 9-2 on Tuesday to extend the tram line to the northern suburbs.\n"
    "Construction is expected to start next spring, the transport department said.\n"
    "Already subscribed? Log in.\n"
    "Want all the Times? Subscribe.",
    "Fishermen say the new breakwater has changed the currents in the old harbour.\n"
    "To continue reading, subscribe or log in.",
    None,  # a record without text passes through unchanged
    "The library lends e-readers to anyone with a card.",
]


def main() -> None:
    """Clean the same pages as a bag of dicts and as a dataframe; print what was removed."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        bag = db.from_sequence([{"id": i, "text": t} for i, t in enumerate(PAGES)], npartitions=2)
        records = clean_bag(bag, field="text", report_field="cleantext").compute()
        for r in records:
            print(f"[{r['id']}] {r['cleantext']['status']}: {r['text']!r}")
        summary = summarize(r["cleantext"] for r in records)
        print(f"bag: {summary.chars_removed} characters removed by rule: {dict(summary.rules)}")

        ddf = dd.from_pandas(pd.DataFrame({"id": range(len(PAGES)), "text": PAGES}), npartitions=2)
        frame = clean_dataframe(ddf, column="text", report_column="cleantext").compute()
        removed = sum(r["chars_removed"] for r in frame["cleantext"])
        print(f"dataframe: {len(frame)} rows, {removed} characters removed")


if __name__ == "__main__":  # the cluster's worker processes import this file; only the main one runs it
    main()
