"""Atomic file writes: a file is either its old self or completely written, never half.

The data goes to a temporary file in the destination's folder (so the final rename stays on one
file system), is flushed and fsync'ed, then moved over the destination with ``os.replace``. Any
exception -- including ``KeyboardInterrupt`` -- removes the temporary file and leaves the
destination untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "temp_name_prefix"]


def temp_name_prefix(path: Path) -> str:
    """Return the prefix of temporary files written for ``path`` (hidden, so globs skip them).

    >>> temp_name_prefix(Path("out/page.txt"))
    '.page.txt.'
    """
    return f".{path.name}."


def _default_mode() -> int:
    """Return the permission bits a new file gets under the current umask (0666 & ~umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    """Persist a rename in ``folder``; silently skipped where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], make_parents: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces ``path`` only when the block ends normally.

    An existing destination keeps its permission bits; a new one gets the usual umask-based
    mode (``mkstemp`` alone would create it readable by the owner only). ``make_parents``
    creates the destination's missing folders first.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if make_parents:
        folder.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=temp_name_prefix(target), suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(folder)
