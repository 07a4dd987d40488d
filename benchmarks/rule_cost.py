"""What each rule costs: time spent checking its patterns on the corpus, and on how many lines.

    .venv/bin/python benchmarks/rule_cost.py [--corpus PATH] [--top N] [--rules FILE] [--page-text]

The literal prefilter (src/cleantext/boilerplate/prefilter.py) hands a rule only the lines that
hold one of its required literals. A rule whose patterns have no literal of 3 or more characters
(``always`` below) is checked on every line its guards allow, which is what makes a pack slow. For
each rule of the general group this prints the seconds spent in its pattern and veto checks (the
same checks the engine makes, after the same first-character test and word-count and position
guards; the engine's memory of verdicts on repeated short lines is left out, so every line counts)
and the number of lines checked, costliest first. It is a profile for rule writers, not a speed benchmark: compare
the figures with each other, and see benchmarks/throughput.py for speed against peers.
``--page-text`` profiles on each page's whole rendered text (page_text.py's input), which is
mostly short menu and footer lines: the lines that rules without a literal are checked on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from corpus import load_pages, resolve_corpus  # noqa: E402


def profile(cleaner, texts: Sequence[str]) -> tuple[Counter, Counter]:
    """(seconds, lines checked) per rule id over ``texts``, for the general rule group."""
    from cleantext.segment import Page

    engine = cleaner._engine
    matcher = engine.general.matcher
    seconds: Counter = Counter()
    checked: Counter = Counter()
    for text in texts:
        page = Page(text)
        for i, rules in matcher.candidates(page, None):
            view = page.views[i]
            for cr in rules:
                if (cr.first is not None and not cr.first.admits(view[:1])) or not engine._fits(cr.rule, page, i):
                    continue
                start = time.perf_counter()
                if cr.search(view, None) is not None and cr.unless:
                    cr.vetoed(view, None)
                seconds[cr.rule.id] += time.perf_counter() - start
                checked[cr.rule.id] += 1
    return seconds, checked


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--top", type=int, default=25, help="rules to list (default 25)")
    parser.add_argument("--rules", action="append", default=[], help="extra rule file (repeatable)")
    parser.add_argument("--page-text", action="store_true",
                        help="profile on the whole rendered page text instead of the extracted text")
    args = parser.parse_args(argv)

    import cleantext

    corpus = resolve_corpus(args.corpus)
    cleaner = cleantext.Cleaner(rules=args.rules)
    if args.page_text:
        from page_text import whole_text

        texts = [whole_text(corpus, name, p)
                 for name in ("trafilatura", "scrapinghub") for p in load_pages(corpus, name)]
    else:
        texts = [p["extracted"] or "" for name in ("trafilatura", "scrapinghub") for p in load_pages(corpus, name)]
    always = {cleaner._engine.general.matcher.rules[k].rule.id
              for k in getattr(cleaner._engine.general.matcher._literals, "always", ())}
    seconds, checked = profile(cleaner, texts)
    total_lines = sum(len(t.splitlines()) for t in texts)
    print(f"{len(texts)} pages, {sum(map(len, texts)) / 1e6:.1f} MB, {total_lines} lines; "
          f"{sum(seconds.values()):.2f} s in rule checks ({len(always)} rules without a literal)")
    print(f"{'seconds':>8} {'lines':>8}  rule")
    for rule_id, spent in seconds.most_common(args.top):
        flag = "  (always: no literal)" if rule_id in always else ""
        print(f"{spent:8.3f} {checked[rule_id]:8d}  {rule_id}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
