"""A disk cache of validated rule packs, so that a command start does not re-parse unchanged YAML.

Parsing a pack with ruamel (kept for its line and column numbers in errors) and validating every
pattern takes most of a ``Cleaner``'s build time; each ``cleantext`` command and each spawned
worker would pay it again. A pack that validated without problems is pickled under a key made of
its text, the cleantext version and the schema code, so an edited pack, an upgrade or a schema
change all miss the cache. Packs with problems are never cached: their errors are re-reported.

Where: ``$CLEANTEXT_CACHE_DIR`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/cleantext``, else ``~/.cache/cleantext``. A cache that cannot be read or
written (read-only home, a corrupt file) is ignored and the pack is parsed as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from .schema import Rule

ENV = "CLEANTEXT_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder of cached packs, or None when caching is switched off.

    >>> os.environ[ENV] = "off"; cache_dir() is None
    True
    >>> os.environ[ENV] = "/tmp/ct-cache"; str(cache_dir())
    '/tmp/ct-cache/packs'
    >>> del os.environ[ENV]
    """
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen) / "packs"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleantext" / "packs"


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """The cleantext version and the schema code: what a cached Rule's shape depends on."""
    from .. import __version__
    from . import schema

    source = Path(schema.__file__).read_bytes() if schema.__file__ else b""
    return __version__ + ":" + hashlib.sha256(source).hexdigest()


def key(text: str) -> str:
    """The cache key of a pack's text (changes with the text, the version and the schema code)."""
    digest = hashlib.sha256()
    digest.update(_code_stamp().encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


Payload = tuple  # (list[Rule], dict[str, tuple[str, ...]]): a pack's rules and its veto sets


def load(text: str) -> Payload | None:
    """The (rules, veto sets) cached for this pack text, or None on a miss (or an unreadable cache)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{key(text)}.pickle", "rb") as fh:
            payload = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, ImportError):
        return None
    if not (isinstance(payload, tuple) and len(payload) == 2 and isinstance(payload[0], list)
            and all(isinstance(r, Rule) for r in payload[0]) and isinstance(payload[1], dict)):
        return None
    return payload


def store(text: str, payload: Payload) -> None:
    """Cache (rules, veto sets) of a pack that validated cleanly; written atomically, failures ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key(text)}.pickle")
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return
