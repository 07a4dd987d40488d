"""Throughput of the ``cleantext`` command on a large JSONL, with 1 worker and with N workers.

The JSONL is generated from the corpus's extracted page text (``pages.jsonl.gz`` of each set),
repeated until it reaches the requested size, in a temporary folder that is removed afterwards.

    .venv/bin/python benchmarks/jobs_throughput.py --corpus ../shared/corpus --mb 100 --jobs 1 2

Prints, per job count, the wall time split into loading the rules and cleaning (from the command's
--stats), the cleaning throughput in MB/s and its speed-up over the first job count (the target on
2 cores is >= 1.7x). The machine's load average is printed too: on a shared machine, other
processes take cores away from the workers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def corpus_records(corpus: Path) -> list[dict]:
    """The corpus pages as dataset records: id, url and the extracted text."""
    records = []
    for pages in sorted(corpus.glob("*/pages.jsonl.gz")):
        with gzip.open(pages, "rt", encoding="utf-8") as handle:
            for line in handle:
                page = json.loads(line)
                if page.get("extracted"):
                    records.append({"id": page["id"], "url": page["url"], "text": page["extracted"]})
    if not records:
        sys.exit(f"no pages under {corpus}; pass the corpus folder with --corpus")
    return records


def make_jsonl(corpus: Path, target: Path, megabytes: float) -> int:
    """Write corpus records, repeated with fresh ids, until ``target`` holds ``megabytes`` MB."""
    records = corpus_records(corpus)
    limit = int(megabytes * 1e6)
    written = copy = 0
    with open(target, "wb") as out:
        while written < limit:
            for record in records:
                line = json.dumps({**record, "id": f"{record['id']}-{copy}"}, ensure_ascii=False).encode() + b"\n"
                out.write(line)
                written += len(line)
                if written >= limit:
                    break
            copy += 1
    return written


def run_command(source: Path, output: Path, jobs: int) -> tuple[float, float, float]:
    """Run ``python -m cleantext --stats`` on ``source``.

    Returns (wall seconds, seconds loading the rules, seconds cleaning) -- the last two from the
    command's own --stats report, so that rule compilation (the same for every job count) can be
    told apart from the cleaning that the workers share.
    """
    command = [sys.executable, "-m", "cleantext", "--jobs", str(jobs), "--no-progress", "--stats",
               str(source), "-o", str(output)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"cleantext failed (exit {done.returncode}): {done.stderr.strip()}")
    setup = _stat(done.stderr, "loading rules")
    cleaning = _stat(done.stderr, "cleaning time")
    return wall, setup, cleaning


def _stat(report: str, label: str) -> float:
    """The number of seconds on the ``label`` line of a --stats report."""
    for line in report.splitlines():
        if line.strip().startswith(label):
            return float(line.split()[len(label.split())])
    sys.exit(f"no {label!r} line in the --stats report:\n{report}")


def main() -> None:
    """Generate the JSONL, time each job count, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--mb", type=float, default=100.0, help="size of the generated JSONL in MB (default 100)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="job counts to time (default: 1 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmp:
        source = Path(tmp) / "pages.jsonl"
        size = make_jsonl(args.corpus, source, args.mb)
        print(f"input: {size / 1e6:.1f} MB JSONL from {args.corpus}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        base = None
        for jobs in args.jobs:
            wall, setup, cleaning = run_command(source, Path(tmp) / f"out-{jobs}.jsonl", jobs)
            rate = size / 1e6 / cleaning
            base = base or rate
            print(f"--jobs {jobs}: wall {wall:6.1f} s = rules {setup:5.1f} s + cleaning {cleaning:6.1f} s"
                  f"  -> {rate:5.2f} MB/s cleaning, x{rate / base:.2f}; {size / 1e6 / wall:5.2f} MB/s wall")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

if __name__ == "__main__":
    main()
