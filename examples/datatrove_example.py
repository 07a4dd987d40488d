"""Clean JSONL shards with a datatrove pipeline: read, clean with cleantext, write; two tasks.

Run: python examples/datatrove_example.py   (needs: pip install 'cleantext-boilerplate[datatrove]')
It writes its input, output and logs into a temporary folder (removed at the end); nothing is downloaded.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleantext.integrations.datatrove import CleantextFormatter

PAGES = [
    "The city council voted 9-2 on Tuesday to extend the tram line to the northern suburbs.\n"
    "Construction is expected to start next spring, the transport department said.\n"
    "Already subscribed? Log in.\n"
    "Want all the Times? Subscribe.",
    "Fishermen say the new breakwater has changed the currents in the old harbour.\n"
    "You have reached your limit of free articles.",
    "The library lends e-readers to anyone with a card.",
]


def write_shards(folder: Path, shards: int = 2) -> None:
    """Write the pages into `shards` JSONL files, as a crawl would leave them."""
    folder.mkdir(parents=True)
    for shard in range(shards):
        with open(folder / f"pages-{shard}.jsonl", "w") as f:
            for i, text in enumerate(PAGES):
                f.write(json.dumps({"id": f"{shard}-{i}", "text": text, "url": "https://news.example/a"}) + "\n")


def main() -> None:
    """Run the pipeline and print the cleaned documents and the step's stats."""
    with tempfile.TemporaryDirectory(prefix="cleantext-datatrove-") as tmp:
        run_in(Path(tmp))


def run_in(work: Path) -> None:
    """Write the input shards under `work`, run the pipeline there and print what came out."""
    write_shards(work / "in")
    step = CleantextFormatter(report_key="cleantext")  # cleans doc.text; report in doc.metadata
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(work / "in")), step, JsonlWriter(str(work / "out"), compression=None)],
        tasks=2,  # one task per input file
        workers=2,
        logging_dir=str(work / "logs"),
    ).run()

    for path in sorted((work / "out").glob("*.jsonl")):
        for line in path.open():
            doc = json.loads(line)
            report = doc["metadata"]["cleantext"]
            print(f"[{doc['id']}] removed {report['chars_removed']} chars {report['rules']}: {doc['text']!r}")
    stats = next(s for s in json.loads((work / "logs" / "stats.json").read_text()) if s["name"] == str(step))
    print("stats:", json.dumps(stats["stats"], sort_keys=True))


if __name__ == "__main__":  # the executor's worker processes import this file; only the main one runs it
    main()
