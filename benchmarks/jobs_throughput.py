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


def children_of() -> dict[int, list[int]]:
    """Map each running process id to its children's ids, from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    tree = children_of()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of one process so far; None once it has exited."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_sampled(command: list[str], on_sample=None) -> tuple[float, subprocess.Popen, dict[int, float]]:
    """Run ``command``, sampling its process tree every 50 ms until it ends.

    Returns (wall seconds, the finished process, last CPU seconds seen per process id).
    ``on_sample(pids)`` is called at every sample (the memory benchmark reads RSS there).
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cpu: dict[int, float] = {}
    while process.poll() is None:
        pids = descendants(process.pid)
        for pid in pids:
            seconds = cpu_seconds(pid)
            if seconds is not None:
                cpu[pid] = seconds
        if on_sample is not None:
            on_sample(pids)
        time.sleep(0.05)
    return time.perf_counter() - started, process, cpu


def run_command(source: Path, output: Path, jobs: int) -> tuple[float, float, float, float, float]:
    """Run ``python -m cleantext --stats`` on ``source``.

    Returns (wall seconds, seconds loading the rules, seconds cleaning, parent CPU seconds,
    workers' CPU seconds). Loading and cleaning come from the command's --stats report, so that
    rule compilation (the same for every job count) is told apart from the cleaning the workers
    share; CPU seconds come from /proc (the parent's include loading the rules).
    """
    command = [sys.executable, "-m", "cleantext", "--jobs", str(jobs), "--no-progress", "--stats",
               str(source), "-o", str(output)]
    wall, process, cpu = run_sampled(command)
    report = process.stderr.read().decode()
    if process.returncode != 0:
        sys.exit(f"cleantext failed (exit {process.returncode}): {report.strip()}")
    parent = cpu.pop(process.pid, 0.0)
    return wall, _stat(report, "loading rules"), _stat(report, "cleaning time"), parent, sum(cpu.values())


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
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per job count, alternating; the fastest cleaning time counts (default 1). "
                             "On a shared machine other processes take cores at random; the best of a few "
                             "runs is the closest to the machine's real capacity")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmp:
        source = Path(tmp) / "pages.jsonl"
        size = make_jsonl(args.corpus, source, args.mb)
        print(f"input: {size / 1e6:.1f} MB JSONL from {args.corpus}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        best: dict[int, tuple] = {}
        for round_ in range(args.repeat):
            for jobs in args.jobs:
                timing = run_command(source, Path(tmp) / f"out-{jobs}.jsonl", jobs)
                print(f"  run {round_ + 1} --jobs {jobs}: cleaning {timing[2]:6.1f} s "
                      f"(load {os.getloadavg()[0]:.2f})")
                if jobs not in best or timing[2] < best[jobs][2]:
                    best[jobs] = timing
        base = None
        for jobs in args.jobs:
            wall, setup, cleaning, parent, workers = best[jobs]
            rate = size / 1e6 / cleaning
            base = base or rate
            print(f"--jobs {jobs}: wall {wall:6.1f} s = rules {setup:5.1f} s + cleaning {cleaning:6.1f} s"
                  f"  -> {rate:5.2f} MB/s cleaning, x{rate / base:.2f}; CPU s: parent {parent:.1f}, workers {workers:.1f}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

if __name__ == "__main__":
    main()
