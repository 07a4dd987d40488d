"""Throughput of cleantext next to its peers, on the corpus's extracted text, in one run.

    .venv/bin/python benchmarks/throughput.py [--corpus PATH] [--mb 20] [--repeat 1] [--json OUT]
                                              [--page-text]

The input is every page's ``extracted`` text (both sets), repeated in order until it holds
``--mb`` megabytes (10^6 bytes of UTF-8); each cleaner cleans it page by page. MB/s is that
size over the time taken: wall-clock time, and the process's CPU time (steadier on a shared
machine). With ``--repeat N`` each cleaner runs N times and its best time counts. The ratio
column is a cleaner's MB/s over cleantext's (default preset), so >1 means faster than it.
``--page-text`` takes each page's whole rendered text instead (page_text.py; what a Common Crawl
WET file holds): about four times as many lines per MB, most of them short menu and footer lines.

Then the rule-count check: a Cleaner with one pack selected (``select=("paywall",)``), one
with all packs, and one with no rules at all; if matching cost does not grow with the number
of rules, the first two run at about the same speed. ``--per-pack`` times each pack alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SETS, iter_set, resolve_corpus, run_benchmark  # noqa: E402
from peers import available_peers  # noqa: E402

PageCleaner = Callable[[str, "str | None"], object]
MB = 1_000_000  # bytes; MB/s figures are decimal megabytes of UTF-8 input per second
# About three passes over the corpus's 7 MB of extracted text: long enough that per-call
# overhead and timer noise vanish, short enough for a 2-core machine (the design card's figure).
DEFAULT_MB = 20.0


def build_input(pages: Sequence[dict], megabytes: float) -> list[tuple[str, str | None]]:
    """(text, url) pairs: the pages' extracted text repeated until it reaches ``megabytes``.

    >>> docs = build_input([{"extracted": "abcd", "url": None}], 0.00001)
    >>> len(docs), docs[0]
    (3, ('abcd', None))
    """
    texts = [(page["extracted"], page.get("url")) for page in pages if page["extracted"]]
    if not texts:
        raise ValueError("no extracted text in the corpus")
    target, size, docs = megabytes * MB, 0, []
    while size < target:
        for text, url in texts:
            docs.append((text, url))
            size += len(text.encode("utf-8"))
            if size >= target:
                break
    return docs


def input_bytes(docs: Sequence[tuple[str, str | None]]) -> int:
    """Total UTF-8 size of the documents.

    >>> input_bytes([("é", None), ("ab", None)])
    4
    """
    return sum(len(text.encode("utf-8")) for text, _ in docs)


@dataclass
class Timing:
    """One cleaner's best wall and CPU time over the input."""

    name: str
    wall: float
    cpu: float
    size: int
    detail: str = ""

    @property
    def wall_mbps(self) -> float:
        return self.size / MB / self.wall if self.wall else float("inf")

    @property
    def cpu_mbps(self) -> float:
        return self.size / MB / self.cpu if self.cpu else float("inf")


def time_cleaner(name: str, clean: PageCleaner, docs: Sequence[tuple[str, str | None]], repeat: int,
                 detail: str = "") -> Timing:
    """Clean every document ``repeat`` times; keep the best wall and CPU time."""
    walls, cpus = [], []
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        for text, url in docs:
            clean(text, url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(name, min(walls), min(cpus), input_bytes(docs), detail)


def print_table(timings: Sequence[Timing], reference: Timing) -> None:
    """A markdown table: MB/s (wall and CPU) and the ratio to ``reference`` (by CPU MB/s)."""
    print("| cleaner | MB/s (wall) | MB/s (CPU) | ratio to cleantext | seconds (wall) |\n|---|---|---|---|---|")
    for t in timings:
        ratio = t.cpu_mbps / reference.cpu_mbps
        name = f"{t.name} ({t.detail})" if t.detail else t.name
        print(f"| {name} | {t.wall_mbps:.2f} | {t.cpu_mbps:.2f} | {ratio:.2f}x | {t.wall:.1f} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--mb", type=float, default=DEFAULT_MB, help="input size in MB (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per cleaner, best counts (default 1)")
    parser.add_argument("--per-pack", action="store_true",
                        help="also time a Cleaner with each pack alone (finds the costly pack)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    parser.add_argument("--page-text", action="store_true",
                        help="whole rendered page text as input instead of the extracted text")
    args = parser.parse_args(argv)

    import ftfy

    import cleantext

    corpus = resolve_corpus(args.corpus)
    pages = [page for name in SETS for page in iter_set(corpus, name)]
    kind = "extracted text"
    if args.page_text:
        from page_text import whole_text

        kind = "whole rendered page text"
        pages = [dict(page, extracted=whole_text(corpus, name, page))
                 for name in SETS for page in iter_set(corpus, name)]
    docs = build_input(pages, args.mb)
    size = input_bytes(docs)
    print(f"input: {size / MB:.1f} MB in {len(docs)} documents "
          f"({len(pages)} corpus pages' {kind}, repeated; {corpus})\n")

    built, build_seconds = {}, {}
    for label, kwargs in (("default", {}), ("ml", {"preset": "ml"}),
                          ("paywall only", {"select": ("paywall",)}), ("no rules", {"builtin_rules": False})):
        start = time.perf_counter()
        built[label] = cleantext.Cleaner(**kwargs).warm()  # patterns compiled here, not in the timed runs
        build_seconds[label] = time.perf_counter() - start

    peers, notes = available_peers(("nothing", "refinedweb", "c4"))
    runs: list[tuple[str, PageCleaner, str]] = [
        ("cleantext", built["default"].clean, "default"),
        ("cleantext", built["ml"].clean, "ml"),
        ("ftfy.fix_text", lambda text, url: ftfy.fix_text(text), ""),
        ("refinedweb", lambda text, url: peers["refinedweb"](text), ""),
    ]
    if "c4" in peers:
        runs.append(("c4", lambda text, url: peers["c4"](text), ""))
    runs.append(("identity", lambda text, url: text, ""))
    timings = []
    for name, clean, detail in runs:
        timings.append(time_cleaner(name, clean, docs, args.repeat, detail))
        print(f"  {name} {detail}: {timings[-1].wall:.1f} s", file=sys.stderr)
    print_table(timings, timings[0])
    for note in notes:
        print(f"\nnote: {note}")

    print("\nrule-count check (cleantext, default preset):")
    scaling = [
        Timing("one pack", 0, 0, size, f'select=("paywall",), {len(built["paywall only"].active)} rules'),
        Timing("all packs", timings[0].wall, timings[0].cpu, size, f'{len(built["default"].active)} rules'),
        Timing("no rules", 0, 0, size, "builtin_rules=False, 0 rules: normalizers only"),
    ]
    for timing, label in ((scaling[0], "paywall only"), (scaling[2], "no rules")):
        measured = time_cleaner(timing.name, built[label].clean, docs, args.repeat)
        timing.wall, timing.cpu = measured.wall, measured.cpu
    print_table(scaling, scaling[1])
    rules_cost = {t.name: t.cpu - scaling[2].cpu for t in scaling[:2]}
    print(f"\nCPU seconds spent on rules (minus the no-rules run): one pack {rules_cost['one pack']:.1f} s, "
          f"all packs {rules_cost['all packs']:.1f} s, for "
          f"{len(built['paywall only'].active)} and {len(built['default'].active)} rules")
    per_pack = []
    if args.per_pack:
        packs = sorted({rule.pack for rule in built["default"].active})
        for pack in packs:
            cleaner = cleantext.Cleaner(select=(pack,))
            per_pack.append(time_cleaner(pack, cleaner.clean, docs, args.repeat, f"{len(cleaner.active)} rules"))
        print("\neach pack alone (default preset):")
        print_table(per_pack, scaling[1])
    print("Cleaner build times, every pattern compiled (not timed above): " + ", ".join(
        f"{label} {seconds:.1f} s" for label, seconds in build_seconds.items()))

    if args.json:
        report = dict(
            corpus=str(corpus), megabytes=size / MB, documents=len(docs), repeat=args.repeat, notes=notes,
            timings=[dict(vars(t), wall_mbps=t.wall_mbps, cpu_mbps=t.cpu_mbps) for t in timings],
            scaling=[dict(vars(t), wall_mbps=t.wall_mbps, cpu_mbps=t.cpu_mbps) for t in scaling],
            per_pack=[dict(vars(t), wall_mbps=t.wall_mbps, cpu_mbps=t.cpu_mbps) for t in per_pack],
        )
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    run_benchmark(main)
