"""HTML in, article text out: cleantext.clean_html against trafilatura's settings, one run.

    .venv/bin/python benchmarks/html_quality.py [--corpus PATH] [--preset default|ml] [--json OUT]

On the scrapinghub set (the only set with a whole-article ``gold``), every page's original
HTML (``html``, gzipped) goes to each extractor; the output is scored against ``gold`` with
the shingle P / R / F1 of benchmarks/measures.py. Extractors:

* ``cleantext.clean_html(html, url=url)`` (trafilatura with cleantext's settings, then the
  rule packs);
* ``trafilatura.extract(html)`` with default settings (what the corpus's ``extracted`` is);
* ``trafilatura.extract(html, favor_precision=True, include_comments=False)``;
* ``trafilatura.extract(html, favor_recall=True)``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_pages, read_html, resolve_corpus, run_benchmark  # noqa: E402
from measures import macro_prf, shingle_match  # noqa: E402

Extractor = Callable[[str, "str | None"], str]


def trafilatura_extractor(**settings) -> Extractor:
    """``trafilatura.extract`` with ``settings``; no result counts as empty text."""
    import trafilatura

    def extract(html: str, url: str | None) -> str:
        return trafilatura.extract(html, **settings) or ""

    return extract


def extractors(preset: str) -> dict[str, Extractor]:
    """The extractors compared, by the name printed in the table."""
    import cleantext

    return {
        f"cleantext.clean_html ({preset})": lambda html, url: cleantext.clean_html(html, url=url, preset=preset),
        "trafilatura default": trafilatura_extractor(),
        "trafilatura favor_precision, no comments": trafilatura_extractor(favor_precision=True,
                                                                          include_comments=False),
        "trafilatura favor_recall": trafilatura_extractor(favor_recall=True),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--preset", default="default", choices=("default", "ml"))
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    corpus = resolve_corpus(args.corpus)
    pages = load_pages(corpus, "scrapinghub")
    htmls = [read_html(corpus, "scrapinghub", page) for page in pages]
    import cleantext

    start = time.perf_counter()
    cleantext.clean_html("<html><body><p>Warm-up.</p></body></html>", preset=args.preset)  # builds the cached Cleaner
    build_seconds = time.perf_counter() - start
    rows = []
    for name, extract in extractors(args.preset).items():
        start = time.perf_counter()
        outputs = [extract(html, page.get("url")) for html, page in zip(htmls, pages)]
        seconds = time.perf_counter() - start
        prf = macro_prf(shingle_match(page["gold"], out) for page, out in zip(pages, outputs))
        empty = sum(not out.strip() for out in outputs)
        rows.append(dict(name=name, precision=prf.precision, recall=prf.recall, f1=prf.f1,
                         empty_outputs=empty, seconds=seconds))
        print(f"  {name}: {seconds:.1f} s", file=sys.stderr)

    print(f"scrapinghub set, {len(pages)} pages, HTML in, scored against gold ({corpus})\n")
    print("| extractor | P | R | F1 | empty outputs | seconds |\n|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['name']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | "
              f"{row['empty_outputs']} | {row['seconds']:.1f} |")
    print(f"\n(cleantext's Cleaner took {build_seconds:.1f} s to build, not in its seconds above)")
    if args.json:
        Path(args.json).write_text(json.dumps(dict(corpus=str(corpus), preset=args.preset, rows=rows,
                                                   build_seconds=build_seconds),
                                              indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    run_benchmark(main)
