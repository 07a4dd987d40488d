"""Peak memory of the ``cleantext`` command on a large JSONL, all processes together.

Generates a JSONL of the requested size from the corpus's extracted text (see jobs_throughput.py),
runs the command on it, and samples the resident memory of the whole process tree (the command
and its workers) from /proc every 50 ms. Linux only.

    .venv/bin/python benchmarks/memory.py --corpus ../shared/corpus --mb 1000 --jobs 2

Prints the peak of the summed RSS (shared pages counted once per process: an upper bound) and of
the summed PSS (shared pages split between the processes sharing them: the real footprint).
The target is a peak under 300 MB for a 1 GB JSONL.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jobs_throughput import make_jsonl, run_sampled  # noqa: E402


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) when it has exited."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class Peaks:
    """The highest summed RSS and PSS of a process tree seen so far, and the most processes."""

    def __init__(self) -> None:
        self.rss = self.pss = self.processes = 0

    def __call__(self, pids: list[int]) -> None:
        totals = [memory_kb(pid) for pid in pids]
        self.rss = max(self.rss, sum(t[0] for t in totals))
        self.pss = max(self.pss, sum(t[1] for t in totals))
        self.processes = max(self.processes, len(pids))


def main() -> None:
    """Generate the JSONL, run the command under the sampler, print the peaks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--mb", type=float, default=1000.0, help="size of the generated JSONL in MB (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--gzip", action="store_true", help="write the output as .jsonl.gz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleantext-mem-") as tmp:
        source = Path(tmp) / "pages.jsonl"
        size = make_jsonl(args.corpus, source, args.mb)
        output = Path(tmp) / ("out.jsonl.gz" if args.gzip else "out.jsonl")
        command = [sys.executable, "-m", "cleantext", "--jobs", str(args.jobs), "--no-progress", "-q",
                   str(source), "-o", str(output)]
        peaks = Peaks()
        seconds, process, _ = run_sampled(command, peaks)
        if process.returncode != 0:
            sys.exit(f"cleantext failed (exit {process.returncode}): {process.stderr.read().decode().strip()}")
        print(f"input: {size / 1e6:.1f} MB JSONL, --jobs {args.jobs}: {seconds:.1f} s ({size / 1e6 / seconds:.2f} MB/s)")
        print(f"peak memory of the process tree ({peaks.processes} processes): "
              f"RSS {peaks.rss / 1024:.0f} MB, PSS {peaks.pss / 1024:.0f} MB")

if __name__ == "__main__":
    main()
