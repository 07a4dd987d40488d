"""Errors meant for the user: one line each, saying what is wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass


class CleantextError(Exception):
    """Base of every error that the command prints as one line (never a traceback)."""


class InputError(CleantextError):
    """An input that cannot be cleaned: missing, a directory, binary data, undecodable."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule pack, located like a compiler error.

    >>> str(Problem("rules/x.yaml", 14, 11, "paywall.foo", "match.any[1]", "bad regex; fix it"))
    'rules/x.yaml:14:11: paywall.foo > match.any[1]: bad regex; fix it'
    """

    file: str
    line: int  # 1-based
    col: int  # 1-based
    owner: str  # rule id, or the pack name for pack-level problems
    path: str  # path to the bad value inside the owner, e.g. "match.any[1]"
    message: str  # what is wrong; what to do

    def __str__(self) -> str:
        where = f"{self.owner} > {self.path}" if self.path else self.owner
        return f"{self.file}:{self.line}:{self.col}: {where}: {self.message}"


class RuleError(CleantextError):
    """One or more rule packs are invalid. ``problems`` lists each, one line apiece."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
