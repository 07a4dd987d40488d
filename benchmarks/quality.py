"""Quality of cleantext against its peers on the development corpus, in one run.

    .venv/bin/python benchmarks/quality.py [--corpus PATH] [--preset default|ml] [--json OUT]
                                           [--show-losses N] [--show-left N]
                                           [--select NAME] [--ignore NAME] [--rules FILE]

Every cleaner gets each page's ``extracted`` text (trafilatura's output) and its URL:
cleantext as ``Cleaner(preset=...).clean(extracted, url=url)``, the peers (benchmarks/peers.py)
as plain ``str -> str``. Printed: the measures table (benchmarks/measures.py), the pages where
cleantext lost article text with the rules that removed it, the rules that fired most, drop
snippets removed per language, and with ``--show-left`` the drop snippets still left.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LANGUAGE_GUESS_NOTE, guess_language, load_pages, resolve_corpus, run_benchmark  # noqa: E402
from measures import PRF, LineIndex, is_short, macro_prf, normalize, shingle_match  # noqa: E402
from peers import available_peers  # noqa: E402

PageCleaner = Callable[[str, "str | None"], str]
TABLE_HEADER = ("| cleaner | trafilatura set: drop snippets left | keep snippets kept | "
                "scrapinghub P / R / F1 |\n|---|---|---|---|")


# --- the pages, with what is present in their extracted text ---------------------------


@dataclass(frozen=True)
class Case:
    """One page and its annotations that are present in ``extracted``.

    ``drop``/``keep`` for the trafilatura set; ``gold_lines`` (lines of ``gold`` present in
    ``extracted``) and ``gold`` for the scrapinghub set.
    """

    set_name: str
    id: str
    url: str | None
    extracted: str
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    gold: str | None = None
    gold_lines: tuple[str, ...] = ()


def make_case(set_name: str, page: dict) -> Case:
    """Index a page's extracted text once and keep the annotations present in it."""
    index = LineIndex.of(page["extracted"])
    present = lambda snippets: tuple(s for s in snippets if index.contains(s))  # noqa: E731
    gold = page.get("gold")
    gold_lines = present(line for line in (gold or "").splitlines() if line.strip())
    return Case(set_name, page["id"], page.get("url"), page["extracted"],
                drop=present(page.get("drop") or ()), keep=present(page.get("keep") or ()),
                gold=gold, gold_lines=gold_lines)


# --- scoring one cleaner ------------------------------------------------------------------


@dataclass
class Score:
    """One cleaner's figures on both sets."""

    name: str
    drop_present: int = 0
    drop_left: int = 0
    keep_present: int = 0
    keep_kept: int = 0
    prf: PRF | None = None
    seconds: float = 0.0

    def row(self) -> str:
        """The cleaner's line of the table."""
        prf = str(self.prf) if self.prf else "n/a"
        return (f"| {self.name} | {self.drop_left} / {self.drop_present} | "
                f"{self.keep_kept} / {self.keep_present} | {prf} |")

    def to_dict(self) -> dict:
        out = {k: v for k, v in vars(self).items() if k != "prf"}
        if self.prf:
            out.update(precision=self.prf.precision, recall=self.prf.recall, f1=self.prf.f1)
        return out


def score(name: str, outputs: Sequence[tuple[Case, str]]) -> Score:
    """Measure one cleaner's outputs, given as (case, cleaned text) pairs of both sets."""
    result = Score(name)
    tp_fp_fns = []
    for case, out in outputs:
        if case.set_name == "trafilatura":
            index = LineIndex.of(out)
            result.drop_present += len(case.drop)
            result.drop_left += sum(index.contains(s) for s in case.drop)
            result.keep_present += len(case.keep)
            result.keep_kept += sum(index.contains(s) for s in case.keep)
        elif case.gold is not None:
            tp_fp_fns.append(shingle_match(case.gold, out))
    result.prf = macro_prf(tp_fp_fns) if tp_fp_fns else None
    return result


def run_cleaner(name: str, clean: PageCleaner, cases: Sequence[Case]) -> tuple[Score, list[str]]:
    """Clean every case (timed) and score the outputs; returns the score and the outputs."""
    start = time.perf_counter()
    outputs = [clean(case.extracted, case.url) for case in cases]
    seconds = time.perf_counter() - start
    result = score(name, list(zip(cases, outputs)))
    result.seconds = seconds
    return result, outputs


# --- where cleantext lost article text, and why ------------------------------------------


def rules_seen_text(text: str, changes: Sequence) -> str:
    """The text the rules saw: the input after the normalizer steps recorded before removals."""
    from cleantext import Removal
    from cleantext.normalize import NORMALIZERS

    for change in changes:
        if isinstance(change, Removal):
            break
        text = NORMALIZERS[change.name](text)
    return text


def line_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) of every line, end excluding the newline.

    >>> line_spans("ab\\ncd")
    [(0, 2, 'ab'), (3, 5, 'cd')]
    """
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return spans


def snippet_lines(snippet: str, text: str) -> list[tuple[int, int]]:
    """Offsets of the lines of ``text`` where ``snippet`` is present (measures' rules).

    >>> snippet_lines("Share this", "Body.\\nShare this\\nShare this!")
    [(6, 16), (17, 28)]
    """
    needle, short = normalize(snippet), is_short(snippet)
    return [(start, end) for start, end, line in line_spans(text)
            if (normalize(line) == needle if short else needle in normalize(line))]


def covering_rules(snippet: str, text: str, result) -> tuple[list[str], bool]:
    """What took ``snippet`` out of ``text``: (labels, whether rule removals did).

    The labels are the ids of the rules whose removals overlap a line holding the snippet;
    when none does, the snippet was altered (not deleted) by normalizer steps, and the
    labels name those steps (or the fallback that stopped the rules).
    """
    removals = result.removals
    seen = rules_seen_text(text, result.changes) if removals else text
    spans = snippet_lines(snippet, seen)
    steps = ", ".join(s.name for s in result.steps) or "none recorded"
    if not spans:
        return [f"(altered before the rules by: {steps})"], False
    rules = sorted({r.rule for r in removals for start, end in spans if r.start <= end and r.end > start})
    if rules:
        return rules, True
    if result.fallback:
        return [f"(fallback: {result.fallback})"], False
    return [f"(no removal; altered by: {steps})"], False


@dataclass
class Loss:
    """A keep snippet or gold line present in ``extracted`` and not present after cleaning."""

    set_name: str
    page_id: str
    url: str | None
    kind: str
    text: str
    rules: list[str] = field(default_factory=list)
    by_rules: bool = True


def find_losses(cases: Sequence[Case], results: Sequence) -> list[Loss]:
    """Every lost keep snippet and gold line, with the rules that covered it."""
    losses = []
    for case, result in zip(cases, results):
        index = LineIndex.of(result.text)
        for kind, snippets in (("keep", case.keep), ("gold", case.gold_lines)):
            for snippet in snippets:
                if not index.contains(snippet):
                    rules, by_rules = covering_rules(snippet, case.extracted, result)
                    losses.append(Loss(case.set_name, case.id, case.url, kind, snippet, rules, by_rules))
    return losses


# --- breakdowns ----------------------------------------------------------------------------


def language_breakdown(cases: Sequence[Case], outputs: Sequence[str]) -> dict[str, dict[str, int]]:
    """Per guessed language (trafilatura set): pages, drop snippets present and removed."""
    table: dict[str, Counter] = defaultdict(Counter)
    for case, out in zip(cases, outputs):
        if case.set_name != "trafilatura":
            continue
        row = table[guess_language(case.url)]
        index = LineIndex.of(out)
        row["pages"] += 1
        row["drop_present"] += len(case.drop)
        row["drop_removed"] += sum(not index.contains(s) for s in case.drop)
    return {lang: dict(row) for lang, row in sorted(table.items(), key=lambda kv: -kv[1]["drop_present"])}


def drop_left(cases: Sequence[Case], outputs: Sequence[str]) -> list[dict]:
    """The drop snippets still present after cleaning, with the line that holds them."""
    left = []
    for case, out in zip(cases, outputs):
        index = LineIndex.of(out)
        for snippet in case.drop:
            if index.contains(snippet):
                spans = snippet_lines(snippet, out)
                line = out[spans[0][0]:spans[0][1]] if spans else ""
                left.append(dict(page_id=case.id, url=case.url, lang=guess_language(case.url),
                                 snippet=snippet, line=line))
    return left


def _short(text: str, width: int = 140) -> str:
    """One line, at most ``width`` characters.

    >>> _short("a\\nb" + "c" * 200, 10)
    'a bccccc …'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 2] + " …"


# --- the command ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="corpus folder (default: ../shared/corpus beside the repo)")
    parser.add_argument("--preset", default="default", choices=("default", "ml"))
    parser.add_argument("--json", metavar="OUT", help="also write every figure to this JSON file")
    parser.add_argument("--show-losses", type=int, default=20, metavar="N",
                        help="list the first N lost keep snippets / gold lines (default 20)")
    parser.add_argument("--show-left", type=int, default=0, metavar="N",
                        help="list N drop snippets cleantext left (the rule writers' worklist)")
    parser.add_argument("--select", action="append", default=[], metavar="NAME",
                        help="rules to run (id, pack, tag, lang:xx, default, optional; repeatable), "
                             "e.g. --select default --select press.about-company")
    parser.add_argument("--ignore", action="append", default=[], metavar="NAME",
                        help="rules to leave out (repeatable): what a pack adds is the difference "
                             "between a run with and one without --ignore PACK")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE",
                        help="extra rule pack file or folder (repeatable)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = resolve_corpus(args.corpus)
    cases = [make_case(name, page) for name in ("trafilatura", "scrapinghub")
             for page in (load_pages(corpus, name) if (corpus / name / "pages.jsonl.gz").is_file() else [])]
    traf = [c for c in cases if c.set_name == "trafilatura"]

    import cleantext

    started = time.perf_counter()
    cleaner = cleantext.Cleaner(preset=args.preset, rules=args.rules, select=args.select, ignore=args.ignore)
    build_seconds = time.perf_counter() - started
    results = []

    def clean_page(text: str, url: str | None) -> str:
        result = cleaner.clean_and_explain(text, url)   # .clean() is this result's text
        results.append(result)
        return result.text

    chosen = "".join(f" +{n}" for n in args.select if n != "default") + "".join(f" -{n}" for n in args.ignore)
    name = f"cleantext ({args.preset}{chosen})"
    scores, outputs = [], {}
    main_score, outputs[name] = run_cleaner(name, clean_page, cases)
    scores.append(main_score)
    peers, notes = available_peers()
    for peer_name, peer in peers.items():
        peer_score, outputs[peer_name] = run_cleaner(peer_name, lambda text, url, f=peer: f(text), cases)
        scores.append(peer_score)

    print(f"corpus: {corpus}  ({len(traf)} trafilatura pages, {len(cases) - len(traf)} scrapinghub pages)\n")
    print(TABLE_HEADER)
    for s in scores:
        print(s.row())
    print()
    for s in scores:
        print(f"  {s.name}: {s.seconds:.1f} s for {len(cases)} pages")
    print(f"  (cleantext's Cleaner took {build_seconds:.1f} s to build; not in its time above)")
    for note in notes:
        print(f"  note: {note}")

    losses = find_losses(cases, results)
    loss_pages = sorted({(l.set_name, l.page_id) for l in losses})
    by_kind = Counter(l.kind for l in losses)
    removed = [l for l in losses if l.by_rules]
    print(f"\ncleantext lost article text on {len(loss_pages)} pages: "
          f"{by_kind['keep']} keep snippets, {by_kind['gold']} gold lines no longer present; "
          f"{len(removed)} of them removed by rules on {len({l.page_id for l in removed})} pages, "
          f"{len(losses) - len(removed)} only altered by normalizers")
    for loss in losses[: args.show_losses]:
        print(f"  [{loss.set_name} {loss.page_id[:12]}] {loss.url}\n"
              f"     {loss.kind}: {_short(loss.text)}\n     removed by: {', '.join(loss.rules)}")
    loss_rules = Counter(rule for l in losses for rule in l.rules)
    if loss_rules:
        print("  rules behind the losses: " + ", ".join(f"{r} {n}" for r, n in loss_rules.most_common()))

    fired = {set_name: Counter() for set_name in ("trafilatura", "scrapinghub")}
    for case, result in zip(cases, results):
        fired[case.set_name].update(result.rule_counts())
    total = fired["trafilatura"] + fired["scrapinghub"]
    fallbacks = Counter(r.fallback.split(":")[0] for r in results if r.fallback)
    print(f"\nrules that fired most (removals; {sum(total.values())} in all, {len(total)} rules; "
          f"columns: trafilatura set, scrapinghub set):")
    for rule, count in total.most_common(25):
        print(f"  {count:5d}  {fired['trafilatura'][rule]:5d} {fired['scrapinghub'][rule]:5d}  {rule}")
    if fallbacks:
        print("  fallbacks (rules not applied): " + ", ".join(f"{k} {v}" for k, v in fallbacks.items()))

    languages = language_breakdown(traf, outputs[name][: len(traf)])
    print(f"\ndrop snippets removed per language, trafilatura set ({LANGUAGE_GUESS_NOTE}):")
    print("  lang      pages  present  removed  share")
    for lang, row in languages.items():
        share = row["drop_removed"] / row["drop_present"] if row["drop_present"] else 0.0
        print(f"  {lang:9s} {row['pages']:5d}  {row['drop_present']:7d}  {row['drop_removed']:7d}  {share:5.0%}")

    left = drop_left(traf, outputs[name][: len(traf)])
    if args.show_left:
        print(f"\ndrop snippets left after cleantext (first {args.show_left} of {len(left)}):")
        for item in left[: args.show_left]:
            print(f"  [{item['lang']}] {item['page_id'][:12]} {item['url']}\n"
                  f"     snippet: {_short(item['snippet'])}\n     line:    {_short(item['line'])}")

    if args.json:
        report = dict(
            corpus=str(corpus), preset=args.preset, notes=notes, build_seconds=build_seconds,
            scores=[s.to_dict() for s in scores],
            loss_pages=len(loss_pages), losses=[vars(l) for l in losses],
            rules_fired={k: dict(v) for k, v in fired.items()}, fallbacks=dict(fallbacks),
            languages=languages, language_guess=LANGUAGE_GUESS_NOTE, drop_left=left,
        )
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    run_benchmark(main)
