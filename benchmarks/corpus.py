"""Reading the development corpus (../shared/corpus, read-only) for the benchmarks.

The corpus is never copied into the repository: every benchmark takes its path, by default
``../shared/corpus`` next to the repository root.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
SETS = ("trafilatura", "scrapinghub")


def resolve_corpus(path: str | Path | None) -> Path:
    """The corpus folder: ``path`` (absolute, or relative to the working directory) or the default.

    Exits with one line on stderr when the folder has no ``pages.jsonl.gz`` sets.
    """
    folder = Path(path).expanduser().resolve() if path else DEFAULT_CORPUS
    if not any((folder / name / "pages.jsonl.gz").is_file() for name in SETS):
        sys.exit(f"error: no corpus at {folder} (expected trafilatura/ and scrapinghub/ with pages.jsonl.gz); "
                 f"pass --corpus PATH")
    return folder


def load_pages(corpus: Path, name: str) -> list[dict]:
    """All pages of one set, as dicts (``id``, ``url``, ``html``, ``extracted``, annotations)."""
    path = corpus / name / "pages.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        pages = [json.loads(line) for line in lines if line.strip()]
    for page in pages:
        page["extracted"] = page.get("extracted") or ""
    return pages


def read_html(corpus: Path, name: str, page: dict) -> str:
    """A page's original HTML, decoded (UTF-8, else charset-normalizer's best guess)."""
    raw = gzip.decompress((corpus / name / page["html"]).read_bytes())
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def iter_set(corpus: Path, name: str) -> Iterator[dict]:
    """The pages of a set, or nothing when the set is absent."""
    if (corpus / name / "pages.jsonl.gz").is_file():
        yield from load_pages(corpus, name)


# --- a cheap language guess from the URL -------------------------------------------------

# Country-code TLDs taken as the language of the page. Others (.com, .org, .uk, .at, ...) say
# nothing reliable and fall through to the path check, then to 'en/other'.
TLD_LANGUAGE = {"de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt", "br": "pt",
                "nl": "nl", "pl": "pl", "ru": "ru"}
_PATH_LANGUAGE = re.compile(r"^(de|fr|es|it|pt|nl|pl|ru)(?:[-_][a-z]{2})?$", re.IGNORECASE)
LANGUAGE_GUESS_NOTE = ("language guessed from the URL: TLD .de .fr .es .it .pt/.br .nl .pl .ru, "
                       "else a first path segment like /de/ or /fr-fr/, else 'en/other'")


def guess_language(url: str | None) -> str:
    """The page's language as the URL suggests it.

    >>> guess_language("https://www.zeit.de/2019/43/x"), guess_language("https://g1.globo.com.br/a")
    ('de', 'pt')
    >>> guess_language("https://www.euronews.com/fr/2020/a"), guess_language("https://bbc.co.uk/news")
    ('fr', 'en/other')
    >>> guess_language(None)
    'en/other'
    """
    if not url:
        return "en/other"
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if tld in TLD_LANGUAGE:
        return TLD_LANGUAGE[tld]
    first = next((segment for segment in parts.path.split("/") if segment), "")
    match = _PATH_LANGUAGE.match(first)
    return match.group(1).lower() if match else "en/other"


def run_benchmark(main) -> None:
    """Run a benchmark's ``main`` as a script: its exit code, and one line (no traceback) for a
    missing dependency or a cleantext error such as a bad rule pack."""
    import sys

    try:
        sys.exit(main())
    except ImportError as error:
        sys.exit(f"error: {error}; run with the project's virtualenv (.venv/bin/python)")
    except Exception as error:
        if type(error).__module__.startswith("cleantext"):
            sys.exit(f"error: {error}")
        raise
