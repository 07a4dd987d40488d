"""Boilerplate removal on whole-page text, in many languages: the trafilatura set's pages rendered
to text in full (menus, footers, sidebars and all), not trafilatura's extraction of them.

    .venv/bin/python benchmarks/page_text.py [--corpus PATH] [--preset default|ml]
                                             [--select NAME] [--ignore NAME] [--rules FILE]
                                             [--show-left N] [--lang xx] [--show-losses N]

``quality.py`` measures what is left of the 225 drop snippets that survive trafilatura's
extraction. Scrapers also hold text taken from whole pages (``inner_text`` of a body, a
crawler's text dump), and the corpus annotates 2,966 drop snippets in all; most of them live in
the parts of a page that extraction cuts. Here every page's HTML is rendered to lines (one line per
block element; script, style, head and hidden elements left out; ``render_page_text``), and the
same measures are taken as in ``quality.py``: drop snippets present before and after cleaning,
keep snippets present before and after. The pages are grouped by a language guessed from the
text's common words (``guess_text_language``), which is surer than the URL on .com and .ch pages.

This is the measure to develop multilingual rules on: the dev corpus's extracted text has 3 or
fewer drop snippets in French, Italian, Polish and Portuguese, whole pages have hundreds.
Whole-page text also holds menus of single words ("Home", "Kontakt"), which line rules are not
meant to take; that caps the share any line cleaner can reach here.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_pages, read_html, resolve_corpus, run_benchmark  # noqa: E402
from measures import LineIndex, normalize  # noqa: E402
from peers import available_peers  # noqa: E402
from quality import covering_rules  # noqa: E402

# Elements whose start and end break the line, as a browser lays them out as blocks.
BLOCK_TAGS = frozenset("""address article aside blockquote body br caption dd details dialog div dl dt
fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section
summary table tbody td tfoot th thead tr ul option button label legend""".split())
# Elements whose text a reader never sees.
HIDDEN_TAGS = frozenset("script style noscript template head svg iframe object canvas select".split())


def render_page_text(html: str) -> str:
    """All visible text of a page, one line per block element, whitespace collapsed.

    >>> render_page_text("<html><head><title>T</title></head><body><nav><a>Home</a> "
    ...                  "<a>News</a></nav><p>First <b>para</b>.</p><script>x()</script>"
    ...                  "<ul><li>One</li><li>Two</li></ul></body></html>")
    'Home News\\nFirst para.\\nOne\\nTwo'
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        hidden = tag in HIDDEN_TAGS or element.get("hidden") is not None or \
            "display:none" in (element.get("style") or "").replace(" ", "")
        if tag and not hidden:
            block = tag in BLOCK_TAGS
            if block:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
            for child in element:
                walk(child)
            if block:
                parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def whole_text(corpus: Path, set_name: str, page: dict) -> str:
    """A corpus page's whole text: its HTML rendered by ``render_page_text``."""
    return render_page_text(read_html(corpus, set_name, page))


# --- a language guess from the text's commonest words --------------------------------------

# Short function words that are frequent in one language and rare in the others of the nine.
FUNCTION_WORDS = {
    "en": "the and of to is that with for this are was you have not be on".split(),
    "de": "der die das und ist nicht mit sich auf für ein eine den dem auch".split(),
    "fr": "le la les des est une dans pour qui pas sur avec sont du".split(),
    "es": "el los las del que por una con para es se como más pero".split(),
    "it": "il della che di per una sono con non gli alla anche nel delle".split(),
    "pt": "o os da do que em uma para com não são dos das mais".split(),
    "nl": "de het een van en is niet dat op voor met zijn ook bij".split(),
    "pl": "i w nie na się z jest do że to jak ale po przez".split(),
    "ru": "и в не на что с по это как из за от для".split(),
}
_WORD = re.compile(r"\w+")


# A page-text line counts as article text when it is a line of the gold body or, being this long
# (normalised characters), a part of one: page text breaks a gold paragraph at links and inline blocks.
GOLD_PART_MIN_CHARS = 30


def line_verdicts(text: str, out: str, gold_lines: Sequence[str]) -> Counter:
    """Line-level counts on a page whose whole article body is annotated (the scrapinghub set):
    every non-blank line of ``text`` is article text (see GOLD_PART_MIN_CHARS) or boilerplate, and
    is removed when ``out`` no longer holds a line equal to it (after ``normalize``).

    >>> gold = ["The strike closed the port for a week, the union said on Monday."]
    >>> text = "Home\\nSport\\nThe strike closed the port for a week, the union said on Monday.\\nShare"
    >>> sorted(line_verdicts(text, "Sport\\nThe strike closed the port for a week, the union said on Monday.", gold).items())
    [('article', 1), ('boilerplate', 3), ('boilerplate_removed', 2)]
    """
    body = normalize(" ".join(gold_lines))
    whole = {normalize(line) for line in gold_lines}
    kept = {normalize(line) for line in out.split("\n")}
    counts: Counter = Counter()
    for line in text.split("\n"):
        n = normalize(line)
        if not n:
            continue
        kind = "article" if n in whole or len(n) >= GOLD_PART_MIN_CHARS and n in body else "boilerplate"
        counts[kind] += 1
        if n not in kept:
            counts[kind + "_removed"] += 1
    return counts


def guess_text_language(text: str) -> str:
    """The language whose function words are most frequent in ``text`` ('other' when none are).

    >>> guess_text_language("Der Hund und die Katze sind nicht mit dem Auto gefahren.")
    'de'
    >>> guess_text_language("The dog and the cat were not in the car with you.")
    'en'
    >>> guess_text_language("Le chien et le chat ne sont pas dans la voiture avec les enfants.")
    'fr'
    >>> guess_text_language("12345")
    'other'
    """
    counts = Counter(word.lower() for word in _WORD.findall(text[:20000]))
    scores = {lang: sum(counts[w] for w in words) for lang, words in FUNCTION_WORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 5 else "other"


# --- the run -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--preset", default="default", choices=("default", "ml"))
    parser.add_argument("--select", action="append", default=[], metavar="NAME",
                        help="rules to run (id, pack, tag, lang:xx, default, optional; repeatable)")
    parser.add_argument("--ignore", action="append", default=[], metavar="NAME",
                        help="rules to leave out (repeatable)")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE",
                        help="extra rule pack file or folder (repeatable)")
    parser.add_argument("--lang", help="only pages whose text is guessed to be in this language")
    parser.add_argument("--show-left", type=int, default=0, metavar="N",
                        help="list N drop snippets cleantext left, with the line holding each")
    parser.add_argument("--show-losses", type=int, default=30, metavar="N",
                        help="list the first N keep snippets cleantext removed (default 30)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = resolve_corpus(args.corpus)
    started = time.perf_counter()
    pages = []
    for set_name in ("trafilatura", "scrapinghub"):
        if not (corpus / set_name / "pages.jsonl.gz").is_file():
            continue
        for page in load_pages(corpus, set_name):
            text = whole_text(corpus, set_name, page)
            lang = guess_text_language(text)
            if args.lang and lang != args.lang:
                continue
            index = LineIndex.of(text)
            drop = [s for s in page.get("drop") or () if index.contains(s)]
            # scrapinghub: the lines of the gold article body are the snippets to keep
            keep_snippets = page.get("keep") or [line for line in (page.get("gold") or "").splitlines() if line.strip()]
            keep = [s for s in keep_snippets if index.contains(s)]
            pages.append((set_name, page, text, lang, drop, keep))
    print(f"rendered {len(pages)} pages in {time.perf_counter() - started:.1f} s; "
          f"{sum(len(p[2]) for p in pages) / 1e6:.1f} MB of page text")

    import cleantext

    cleaner = cleantext.Cleaner(preset=args.preset, rules=args.rules, select=args.select, ignore=args.ignore)
    results = []

    def clean_page(text: str, url: str | None) -> str:
        result = cleaner.clean_and_explain(text, url)   # .clean() is this result's text
        results.append(result)
        return result.text

    cleaners = {f"cleantext ({args.preset})": clean_page}
    peers, notes = available_peers()
    cleaners.update({name: (lambda text, url, f=peer: f(text)) for name, peer in peers.items()})

    print("\n| cleaner | drop snippets left | keep snippets kept | scrapinghub gold lines kept | lines removed | seconds |"
          "\n|---|---|---|---|---|---|")
    ours = None
    line_level: dict[str, Counter] = {}
    for name, clean in cleaners.items():
        start = time.perf_counter()
        outputs = [clean(text, page.get("url")) for _, page, text, *_ in pages]
        seconds = time.perf_counter() - start
        n = Counter()
        for (set_name, page, text, lang, drop, keep), out in zip(pages, outputs):
            index = LineIndex.of(out)
            n["drop_present"] += len(drop)
            n["drop_left"] += sum(index.contains(s) for s in drop)
            kind = "keep" if set_name == "trafilatura" else "gold"
            n[kind + "_present"] += len(keep)
            n[kind + "_kept"] += sum(index.contains(s) for s in keep)
            n["lines_before"] += text.count("\n") + 1
            n["lines_after"] += out.count("\n") + 1 if out else 0
            if set_name == "scrapinghub":
                line_level.setdefault(name, Counter()).update(line_verdicts(text, out, keep))
        print(f"| {name} | {n['drop_left']} / {n['drop_present']} | {n['keep_kept']} / {n['keep_present']} | "
              f"{n['gold_kept']} / {n['gold_present']} | {n['lines_before'] - n['lines_after']} / {n['lines_before']} "
              f"| {seconds:.1f} |")
        if ours is None:
            ours = outputs
    for note in notes:
        print(f"  note: {note}")
    if line_level:
        print("\nline level on the scrapinghub pages, whose whole article body is annotated (every other line "
              "of the page text is boilerplate):\n\n| cleaner | boilerplate lines removed | article lines removed |"
              "\n|---|---|---|")
        for name, c in line_level.items():
            print(f"| {name} | {c['boilerplate_removed']} / {c['boilerplate']} "
                  f"({c['boilerplate_removed'] / max(c['boilerplate'], 1):.0%}) | "
                  f"{c['article_removed']} / {c['article']} ({c['article_removed'] / max(c['article'], 1):.1%}) |")

    by_lang: dict[str, Counter] = defaultdict(Counter)
    left, losses = [], []
    removed_by = Counter()
    for (set_name, page, text, lang, drop, keep), out, result in zip(pages, ours, results):
        index = LineIndex.of(out)
        removed_by.update(removal.rule for removal in result.removals)
        row = by_lang[lang if set_name == "trafilatura" else "en (scrapinghub)"]
        row["pages"] += 1
        row["present"] += len(drop)
        for snippet in drop:
            if index.contains(snippet):
                left.append((lang, page, snippet))
            else:
                row["removed"] += 1
        row["keep"] += len(keep)
        for snippet in keep:
            if not index.contains(snippet):
                rules, by_rules = covering_rules(snippet, text, result)
                row["keep_lost" if by_rules else "keep_altered"] += 1
                losses.append((lang if set_name == "trafilatura" else "gold", page, snippet, rules))
    print("\ndrop snippets removed per language (guessed from the page text's function words; "
          "for the scrapinghub set, keep means gold lines):")
    print("  lang    pages  present  removed  share  keep lost by rules (altered by normalizers)")
    for lang, row in sorted(by_lang.items(), key=lambda kv: -kv[1]["present"]):
        share = f"{row['removed'] / row['present']:.0%}" if row["present"] else "-"
        print(f"  {lang:6} {row['pages']:6} {row['present']:8} {row['removed']:8} {share:>6} "
              f"{row['keep_lost']:4} / {row['keep']} ({row['keep_altered']})")
    print("\nrules that fired most (removals):")
    for rule, count in removed_by.most_common(25):
        print(f"  {count:6}  {rule}")
    if losses:
        print(f"\nkeep snippets no longer present ({len(losses)}; first {args.show_losses}):")
        for lang, page, snippet, rules in losses[: args.show_losses]:
            print(f"  [{lang}] {page['id'][:12]} {page.get('url')}\n     {snippet[:160]!r}  <- {', '.join(rules)}")
    if args.show_left:
        print(f"\ndrop snippets left (first {args.show_left} of {len(left)}):")
        for lang, page, snippet in left[: args.show_left]:
            print(f"  [{lang}] {page['id'][:12]} {page.get('url')}\n     {snippet[:160]!r}")
    return 0


if __name__ == "__main__":
    run_benchmark(main)
