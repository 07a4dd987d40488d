"""Clean a Hugging Face dataset with cleantext, in two worker processes, with a report column.

Run: python examples/hf_datasets_example.py   (needs: pip install 'cleantext-boilerplate[datasets]')
The data is made here; nothing is downloaded.
"""

from __future__ import annotations

import datasets

from cleantext.integrations import summarize
from cleantext.integrations.hf_datasets import clean_dataset, map_function

PAGES = [
    "The city council voted 9-2 on Tuesday to extend the tram line to the northern suburbs.\n"
    "Construction is expected to start next spring, the transport department said.\n"
    "Already subscribed? Log in.\n"
    "Want all the Times? Subscribe.",
    "Thank you for your patience while we verify access.\n"
    "Fishermen say the new breakwater has changed the currents in the old harbour.",
    None,  # a record without text passes through unchanged
    "The library lends e-readers to anyone with a card.",
]


def main() -> None:
    """Build a small dataset, clean it two ways, and print what was removed."""
    ds = datasets.Dataset.from_dict({"id": list(range(len(PAGES))), "text": PAGES})

    # One call: the dataset with clean text and a "cleantext" report column.
    clean = clean_dataset(ds, field="text", report_field="cleantext", num_proc=2)

    # The same with ds.map, for pipelines that already call it (features= fixes the column types).
    fn = map_function(field="text", report_field="cleantext")
    same = ds.map(fn, batched=True, num_proc=2, features=fn.features(ds.features))
    assert same["text"] == clean["text"]

    for row in clean:
        print(f"[{row['id']}] {row['cleantext']['status']}: {row['text']!r}")
    summary = summarize(clean["cleantext"])
    print(f"{summary.documents} documents, {summary.skipped} skipped, "
          f"{summary.chars_removed} characters removed by rule: {dict(summary.rules)}")


if __name__ == "__main__":  # worker processes import this file; only the main one runs it
    main()
