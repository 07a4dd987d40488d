"""The Cleaner: normalize -> segment -> rules -> repair -> finalize, one job per stage."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .boilerplate.engine import Engine, RuleTimeout, removals as marks_to_removals, removed_words
from .boilerplate.loader import RuleSet, load_ruleset
from .boilerplate.schema import Rule
from .normalize import apply as apply_normalizers, get_preset
from .record import Change, Result, Step, apply_removals
from .segment import Page

# Safety: when the rules would take more than this share of a document's words, the document is
# returned with only the normalizers applied and the reason in ``Result.fallback``. A page that is
# mostly chrome loses a lot legitimately (a short post under a long reader-comment thread loses 90%
# and more on the dev corpus), so the limit is high and the guard only applies from GUARD_MIN_WORDS
# words on: it is there for a runaway rule that takes a whole article, not to second-guess the rules.
DEFAULT_MAX_REMOVED_SHARE = 0.95
GUARD_MIN_WORDS = 80
# Per-search limit for one pattern on one line, in seconds; a runaway regex ends in a fallback.
DEFAULT_TIMEOUT = 2.0


@lru_cache(maxsize=16)
def _engine(rules: tuple[Rule, ...], timeout: float | None) -> Engine:
    """Compiled rules are cached per process: Cleaners with the same rules share one Engine."""
    return Engine(rules, timeout)


class Cleaner:
    """Cleans documents with one preset and one selection of rule packs, compiled once.

    Thread-safe (no state changes after construction) and picklable: a pickle carries the settings
    and the receiving process rebuilds the Cleaner (its compiled packs are cached per process).
    """

    def __init__(
        self,
        preset: str = "default",
        rules: Sequence[str] = (),
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        builtin_rules: bool = True,
        max_removed_share: float = DEFAULT_MAX_REMOVED_SHARE,
        timeout: float | None = DEFAULT_TIMEOUT,
    ):
        self._settings = dict(
            preset=preset, rules=tuple(str(r) for r in rules), select=tuple(select), ignore=tuple(ignore),
            builtin_rules=builtin_rules, max_removed_share=max_removed_share, timeout=timeout,
        )
        self.preset = get_preset(preset)
        self.ruleset: RuleSet = load_ruleset(self._settings["rules"], builtin=builtin_rules)
        self.active: tuple[Rule, ...] = self.ruleset.select(self._settings["select"], self._settings["ignore"])
        self.max_removed_share = max_removed_share
        self._engine = _engine(self.active, timeout)

    def warm(self) -> Cleaner:
        """Compile every rule's patterns now instead of when a line first needs them.

        A command that cleans one page should not pay for rules its page never reaches, so patterns
        compile on first use; a parent process about to fork workers, or a benchmark, wants them all
        compiled once up front (forked workers then share them). Returns the Cleaner.
        """
        self._engine.warm()
        return self

    # pickling: carry the settings, rebuild on the other side
    def __getstate__(self) -> dict:
        return dict(self._settings)

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self._settings.items() if v not in ((), None))
        return f"Cleaner({shown})"

    # -- the pipeline -----------------------------------------------------------------------------

    def clean(self, text: str, url: str | None = None) -> str:
        """The clean text (no trailing newline)."""
        return self.clean_and_explain(text, url).text

    def clean_and_explain(self, text: str, url: str | None = None) -> Result:
        """The clean text and every change that made it (see ``Result``)."""
        if not isinstance(text, str):
            raise TypeError(f"clean() takes a str, not {type(text).__name__}; decode bytes first")
        changes: list[Change] = []
        normalized = _run(self.preset.before_rules, text, changes)
        fallback = None
        page = Page(normalized)
        try:
            marks = self._engine.find(page, url)
        except RuleTimeout as exc:
            marks = None
            fallback = f"rule timeout: {exc}"
        if marks is not None:
            found = marks_to_removals(page, marks)
            if found:
                total = sum(page.words)
                taken = removed_words(page, marks)
                if total >= GUARD_MIN_WORDS and taken > self.max_removed_share * total:
                    fallback = (f"rules would remove {taken} of {total} words "
                                f"(more than max_removed_share={self.max_removed_share}); kept the text")
                else:
                    changes.extend(found)
                    normalized = apply_removals(normalized, found)
        out = _run(self.preset.after_rules, normalized, changes)
        return Result(out, tuple(changes), fallback, len(text))

    def clean_html(self, html: str, url: str | None = None, include_comments: bool = False) -> str:
        return self.clean_html_and_explain(html, url, include_comments).text

    def clean_html_and_explain(self, html: str, url: str | None = None, include_comments: bool = False) -> Result:
        """Extract the article text with trafilatura, then clean it (the page's URL activates site packs)."""
        from .html import extract

        extracted = extract(html, url=url, include_comments=include_comments)
        return self.clean_and_explain(extracted.text, extracted.url)


def _run(names: tuple[str, ...], text: str, changes: list[Change]) -> str:
    """Run a normalizer chain to its fixpoint, recording a Step for each change."""
    text, steps = apply_normalizers(names, text)
    changes.extend(Step(name) for name in steps)
    return text



@lru_cache(maxsize=16)
def cached_cleaner(preset: str, rules: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> Cleaner:
    """The Cleaner behind the module-level functions, built once per settings."""
    return Cleaner(preset=preset, rules=rules, select=select, ignore=ignore)
