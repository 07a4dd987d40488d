"""Throughput of the normalizer chains, next to ftfy.fix_text, on the dev corpus's extracted text.

Usage:
    python benchmarks/normalize_speed.py [CORPUS_DIR] [--repeat N] [--limit PAGES]

CORPUS_DIR defaults to ../shared/corpus (relative to the repository); every
``*/pages.jsonl.gz`` under it is read and its ``extracted`` field used. Each
chain runs over the same documents in the same process; the best of
``--repeat`` runs is reported, in MB of UTF-8 input per second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

from cleantext.normalize import NORMALIZERS, apply, get_preset
from cleantext.normalize.encoding import suspect_lines

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def load_documents(corpus: Path, limit: int | None = None) -> list[str]:
    """The non-empty ``extracted`` texts of every pages.jsonl.gz under ``corpus``."""
    files = sorted(corpus.glob("*/pages.jsonl.gz"))
    if not files:
        raise SystemExit(f"no */pages.jsonl.gz under {corpus}; pass the corpus folder as the first argument")
    docs: list[str] = []
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("extracted") or ""
                if text:
                    docs.append(text)
                if limit is not None and len(docs) >= limit:
                    return docs
    return docs


def chain(names: tuple[str, ...]) -> Callable[[str], str]:
    """A function running the named normalizers in order."""

    def run(text: str) -> str:
        return apply(names, text)[0]

    return run


def best_seconds(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    """The shortest of ``repeat`` timed passes of ``fn`` over ``docs``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per row; the best is shown (default 3)")
    parser.add_argument("--limit", type=int, default=None, help="read at most this many pages")
    args = parser.parse_args(argv)

    docs = load_documents(args.corpus, args.limit)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    ascii_share = sum(d.isascii() for d in docs) / len(docs)
    default, ml = get_preset("default"), get_preset("ml")
    # The after chains run on what the before chains produce, as in the pipeline.
    default_mid = [chain(default.before_rules)(d) for d in docs]
    ml_mid = [chain(ml.before_rules)(d) for d in docs]

    rows: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("default before_rules", chain(default.before_rules), docs),
        ("default after_rules", chain(default.after_rules), default_mid),
        ("ml before_rules", chain(ml.before_rules), docs),
        ("ml after_rules", chain(ml.after_rules), ml_mid),
        ("gate only (default)", suspect_lines, docs),
        ("fix_encoding", NORMALIZERS["fix_encoding"], docs),
        ("repair_punctuation", NORMALIZERS["repair_punctuation"], default_mid),
        ("ftfy.fix_text (defaults)", ftfy.fix_text, docs),
    ]
    print(f"{len(docs)} pages, {megabytes:.2f} MB of extracted text, {ascii_share:.0%} pure ASCII pages")
    print(f"{'step':<28}{'seconds':>9}{'MB/s':>10}")
    for name, fn, inputs in rows:
        repeat = 1 if fn is ftfy.fix_text else args.repeat
        seconds = best_seconds(fn, inputs, repeat)
        print(f"{name:<28}{seconds:>9.3f}{megabytes / seconds:>10.1f}")
    changed = sum(1 for d in docs if NORMALIZERS["fix_encoding"](d) is not d)
    flagged = sum(1 for d in docs if suspect_lines(d))
    print(f"pages flagged by the gate: {flagged}; pages fix_encoding changed: {changed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
