"""cleantext: scraped page text to clean article text.

Removes paywall and subscription prompts, login notices, cookie banners, newsletter sign-ups, share
lines, ad labels and related-link lists; repairs broken encoding, invisible characters, stray
whitespace and punctuation left behind by removals; explains every change.

>>> import cleantext
>>> cleantext.clean("The minister resigned on Friday.\\nAlready subscribed? Log in.")
'The minister resigned on Friday.'
"""

from __future__ import annotations

from typing import Sequence

from .errors import CleantextError, InputError, Problem, RuleError
from .pipeline import Cleaner, cached_cleaner
from .record import Removal, Result, Step

__version__ = "0.1.0"

__all__ = [
    "Cleaner", "CleantextError", "InputError", "Problem", "Removal", "Result", "RuleError", "Step",
    "clean", "clean_and_explain", "clean_html", "replay", "__version__",
]


def _cleaner(preset: str, rules: Sequence[str], select: Sequence[str], ignore: Sequence[str]) -> Cleaner:
    return cached_cleaner(preset, tuple(str(r) for r in rules), tuple(select), tuple(ignore))


def clean(text: str, *, url: str | None = None, preset: str = "default", rules: Sequence[str] = (),
          select: Sequence[str] = (), ignore: Sequence[str] = ()) -> str:
    """Clean one document's text. ``url`` activates the site packs of its domain.

    ``rules`` adds pack files or folders; ``select``/``ignore`` choose rules by id, pack, tag or
    ``lang:xx``. For many documents build a ``Cleaner`` once (this function caches one per settings).
    """
    return _cleaner(preset, rules, select, ignore).clean(text, url)


def clean_and_explain(text: str, *, url: str | None = None, preset: str = "default", rules: Sequence[str] = (),
                      select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Result:
    """Like ``clean``, returning a ``Result`` with every removal and normalizer step."""
    return _cleaner(preset, rules, select, ignore).clean_and_explain(text, url)


def clean_html(html: str, *, url: str | None = None, preset: str = "default", include_comments: bool = False,
               rules: Sequence[str] = (), select: Sequence[str] = (), ignore: Sequence[str] = ()) -> str:
    """Extract an HTML page's article text with trafilatura, then clean it."""
    return _cleaner(preset, rules, select, ignore).clean_html(html, url, include_comments)


def replay(text: str, changes: Sequence[Removal | Step]) -> str:
    """Apply a recorded ``Result.changes`` to the input it was recorded on; gives ``Result.text``."""
    from .record import replay as _replay

    return _replay(text, changes)
