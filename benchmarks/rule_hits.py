"""Every line a rule removes on the development corpus, labelled by what the annotation says.

    .venv/bin/python benchmarks/rule_hits.py PATTERN [PATTERN...] [--corpus PATH] [--rules FILE]
                                            [--limit N] [--page-text]

PATTERN selects rules by id prefix or shell pattern (``credits``, ``credits.photo``,
``comments.*-header``). For each removal made by a selected rule, on both sets, one line is
printed with a verdict from the annotations:

- ``GOLD``  the removed text overlaps a gold line (scrapinghub): article text, a loss;
- ``KEEP``  it overlaps a ``keep`` snippet (trafilatura set): article text, a loss;
- ``drop``  it overlaps a ``drop`` snippet: boilerplate, a win;
- ``-``     no annotation covers it: read it and judge (the gold leaves out titles and
  boilerplate; the trafilatura set annotates only some lines of a page).

This is the rule writer's check before a rule lands: every ``GOLD``/``KEEP`` line is article
text the rule deleted. The totals at the end count removals by verdict per rule.

``--page-text`` cleans each page's whole rendered text (menus, sidebars and footers included;
``page_text.render_page_text``) instead of trafilatura's extraction: the input of
``page_text.py``, where a rule meets far more lines that look like boilerplate.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from corpus import load_pages, resolve_corpus  # noqa: E402
from measures import is_short, normalize  # noqa: E402

VERDICTS = ("GOLD", "KEEP", "drop", "-")


def selected(rule_id: str, patterns: Sequence[str]) -> bool:
    """True when ``rule_id`` is named by a pattern: a prefix up to a dot, or a shell pattern.

    >>> selected("credits.photo", ["credits"]), selected("credits.photo", ["cred"])
    (True, False)
    >>> selected("comments.count-header", ["comments.*-header"])
    True
    """
    for pattern in patterns:
        if rule_id == pattern or rule_id.startswith(pattern + ".") or fnmatch.fnmatchcase(rule_id, pattern):
            return True
    return False


def verdict(removed: str, page: dict) -> str:
    """What the page's annotations say about a removed line (see the module docstring)."""
    text = normalize(removed)
    if not text:
        return "-"
    for label, snippets in (("GOLD", (page.get("gold") or "").splitlines()), ("KEEP", page.get("keep") or ()),
                            ("drop", page.get("drop") or ())):
        for snippet in snippets:
            if _overlaps(normalize(snippet), text):
                return label
    return "-"


def _overlaps(annotated: str, removed: str) -> bool:
    """The removed line is the annotated text, lies inside it, or holds it whole; a short
    annotation ("Leggi anche") counts only as the whole line, as in the corpus measures.

    >>> _overlaps("leggi anche", "leggi anche su: i cavalieri dello zodiaco")
    False
    >>> _overlaps("leggi anche", "leggi anche")
    True
    >>> _overlaps("the council voted 7-2 on tuesday evening", "the council voted 7-2 on tuesday")
    True
    """
    if not annotated:
        return False
    if annotated == removed:
        return True
    if not is_short(removed) and removed in annotated:
        return True
    return not is_short(annotated) and annotated in removed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="+", metavar="PATTERN", help="rule id, pack or shell pattern")
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--rules", action="append", default=[], help="extra rule file (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="print at most N lines per verdict (0: all)")
    parser.add_argument("--page-text", action="store_true",
                        help="clean the whole rendered page text instead of the extracted text")
    args = parser.parse_args(argv)

    import cleantext

    corpus = resolve_corpus(args.corpus)
    cleaner = cleantext.Cleaner(rules=args.rules)
    totals: dict[str, Counter] = defaultdict(Counter)
    printed: Counter = Counter()
    for set_name in ("trafilatura", "scrapinghub"):
        for page in load_pages(corpus, set_name):
            if args.page_text:
                from page_text import whole_text

                text = whole_text(corpus, set_name, page)
            else:
                text = page["extracted"] or ""
            result = cleaner.clean_and_explain(text, url=page.get("url"))
            for removal in result.removals:
                if not selected(removal.rule, args.patterns):
                    continue
                for line in removal.text.splitlines():
                    if not line.strip():
                        continue
                    mark = verdict(line, page)
                    totals[removal.rule][mark] += 1
                    if args.limit and printed[mark] >= args.limit:
                        continue
                    printed[mark] += 1
                    print(f"{mark:4} {removal.rule:36} {set_name[:5]} {page['id'][:12]:12} {line[:150]}")
    print("\nremovals by verdict:")
    print(f"  {'rule':40} " + " ".join(f"{v:>5}" for v in VERDICTS))
    for rule_id in sorted(totals):
        print(f"  {rule_id:40} " + " ".join(f"{totals[rule_id][v]:5d}" for v in VERDICTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
