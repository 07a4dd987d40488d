"""Turning the command's INPUT arguments into files, and input files into output paths.

An INPUT is a file, a glob (``pages/**/*.txt``), a folder (walked recursively, in sorted order,
hidden entries skipped) or ``-`` for standard input. A folder contributes the files whose name
ends in a known extension (``KNOWN_SUFFIXES``); name other files directly or through a glob.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from cleantext.errors import InputError

__all__ = [
    "DATASET_SUFFIXES",
    "KNOWN_SUFFIXES",
    "InputFile",
    "expand_inputs",
    "format_of",
    "mirror_path",
]

STDIN = "-"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = tuple(
    base + comp for base in (".jsonl", ".ndjson") for comp in ("", ".gz", ".zst")
)
PARQUET_SUFFIXES = (".parquet",)
DATASET_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
KNOWN_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + DATASET_SUFFIXES


@dataclass(frozen=True)
class InputFile:
    """One input: a file found from an INPUT argument, or standard input (``path`` is None)."""

    path: Path | None
    root: Path | None  # the folder the file's mirrored output path is relative to
    display: str  # the name used in messages

    @property
    def is_stdin(self) -> bool:
        """True for ``-``."""
        return self.path is None

    def relative(self) -> Path:
        """The file's path below its root: what ``--output-dir`` recreates.

        >>> InputFile(Path("in/a/b.txt"), Path("in"), "in/a/b.txt").relative().as_posix()
        'a/b.txt'
        >>> InputFile(Path("x/b.txt"), None, "x/b.txt").relative().as_posix()
        'b.txt'
        """
        if self.path is None:
            raise ValueError("standard input has no path")
        if self.root is None:
            return Path(self.path.name)
        return self.path.relative_to(self.root)


def format_of(name: str) -> str:
    """Return the format a file name implies: ``jsonl``, ``parquet``, ``html`` or ``txt``.

    >>> [format_of(n) for n in ("a.jsonl.zst", "b.PARQUET", "c.htm", "d.txt", "e")]
    ['jsonl', 'parquet', 'html', 'txt', 'txt']
    """
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return "txt"


def _is_hidden(name: str) -> bool:
    """Hidden files and folders (``.git``, editor and atomic-write temporaries) are skipped."""
    return name.startswith(".")


def _walk_folder(folder: Path, exclude: tuple[Path, ...]) -> list[Path]:
    """Return the known-extension files below ``folder``, sorted, skipping hidden and excluded folders."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not _is_hidden(d) and (here / d).resolve() not in exclude
        )
        for name in sorted(filenames):
            if not _is_hidden(name) and name.lower().endswith(KNOWN_SUFFIXES):
                found.append(here / name)
    return found


def _glob_root(pattern: str) -> Path:
    """Return the folder part of a glob before its first wildcard (``in/**/*.txt`` -> ``in``)."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _expand_one(arg: str, exclude: tuple[Path, ...]) -> list[InputFile]:
    """Expand one INPUT argument; raise ``InputError`` when it names nothing."""
    if arg == STDIN:
        return [InputFile(None, None, "<stdin>")]
    path = Path(arg)
    if path.is_dir():
        files = _walk_folder(path, exclude)
        if not files:
            known = ", ".join(KNOWN_SUFFIXES)
            raise InputError(f"{arg}: folder holds no file to clean (looked for {known}); name files directly")
        return [InputFile(f, path, str(f)) for f in files]
    if path.exists() or not glob.has_magic(arg):
        if not path.exists():
            raise InputError(f"{arg}: no such file; check the path")
        return [InputFile(path, None, arg)]
    root = _glob_root(arg)
    items: list[InputFile] = []
    for match in sorted(glob.glob(arg, recursive=True)):
        found = Path(match)
        if _is_hidden(found.name):
            continue
        if found.is_dir():
            items.extend(InputFile(f, root, str(f)) for f in _walk_folder(found, exclude))
        else:
            items.append(InputFile(found, root, match))
    if not items:
        raise InputError(f"{arg}: no file matches this pattern; check it (quote it to let cleantext expand it)")
    return items


def expand_inputs(
    args: list[str], exclude: tuple[Path, ...] = ()
) -> tuple[list[InputFile], list[InputError]]:
    """Expand INPUT arguments into files, in the order given; problems are returned, not raised.

    ``exclude`` lists resolved folders never to walk into (the output folder, when it lies inside
    an input folder). A file named by two arguments is cleaned once.
    """
    files: list[InputFile] = []
    problems: list[InputError] = []
    seen: set[Path] = set()
    for arg in args:
        try:
            expanded = _expand_one(arg, exclude)
        except InputError as exc:
            problems.append(exc)
            continue
        for item in expanded:
            key = item.path.resolve() if item.path is not None else None
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            files.append(item)
    return files, problems


def mirror_path(item: InputFile, output_dir: Path, fmt: str) -> Path:
    """Return where ``--output-dir`` writes ``item``: the same relative path below ``output_dir``.

    HTML input becomes text, so ``.html``/``.htm`` is replaced by ``.txt``; datasets keep their name.

    >>> mirror_path(InputFile(Path("in/a/p.html"), Path("in"), "in/a/p.html"), Path("out"), "html").as_posix()
    'out/a/p.txt'
    >>> mirror_path(InputFile(Path("d.jsonl.gz"), None, "d.jsonl.gz"), Path("out"), "jsonl").as_posix()
    'out/d.jsonl.gz'
    """
    relative = item.relative()
    if fmt == "html" and relative.suffix.lower() in HTML_SUFFIXES:
        relative = relative.with_suffix(".txt")
    return output_dir / relative
