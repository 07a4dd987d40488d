"""Clean the annotated article text itself: every line removed from it is a false positive.

    .venv/bin/python benchmarks/precision_on_gold.py [--corpus PATH] [--select NAME] [--ignore NAME]

The scrapinghub set's ``gold`` is the hand-annotated article body of 181 pages, and the
trafilatura set's ``keep`` snippets are article text. Both are cleaned as they are (gold with its
page's URL; the keep snippets of a page joined one per line) and every removal is listed with the
rule that made it. A rule that removes a sentence here deletes article text on real pages too.
Context differs from a real page (no boilerplate around the text, so the last article line is the
last line), which makes this a strict test of the position conditions. Keep snippets are fragments
cut out of paragraphs, so a short one can read like a button; judge those by eye.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from corpus import load_pages, resolve_corpus  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--select", action="append", default=[], metavar="NAME", help="rules to run (repeatable)")
    parser.add_argument("--ignore", action="append", default=[], metavar="NAME", help="rules to leave out")
    args = parser.parse_args(argv)

    import cleantext

    corpus = resolve_corpus(args.corpus)
    cleaner = cleantext.Cleaner(select=args.select, ignore=args.ignore)
    by_rule: Counter = Counter()
    texts = {"scrapinghub gold": 0, "trafilatura keep": 0}
    for set_name, label in (("scrapinghub", "scrapinghub gold"), ("trafilatura", "trafilatura keep")):
        for page in load_pages(corpus, set_name):
            text = page.get("gold") if set_name == "scrapinghub" else "\n".join(
                k for k in page.get("keep") or () if k.strip())
            if not text:
                continue
            texts[label] += 1
            for removal in cleaner.clean_and_explain(text, url=page.get("url")).removals:
                by_rule[removal.rule] += 1
                print(f"{label:17} {removal.rule:34} {(page.get('url') or '')[:60]:60} {removal.text.strip()[:100]!r}")
    print(f"\n{sum(by_rule.values())} removals from {texts['scrapinghub gold']} gold texts and "
          f"{texts['trafilatura keep']} pages' keep snippets; by rule: {dict(by_rule.most_common())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
