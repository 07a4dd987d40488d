"""Running many documents: the worker pool, the progress reporter and the run's ``Summary``.

- ``WorkerPool.map`` sends tasks to worker processes and yields their results in input order.
  The ``Cleaner`` is pickled once and unpickled by each worker's initializer, so every worker
  compiles the rule packs once. At most ``jobs * IN_FLIGHT_PER_WORKER`` tasks are out at a time:
  memory stays flat however long the input is.
- ``Progress`` draws records, MB/s and ETA on stderr (tqdm when installed, else a plain line).
- ``Summary`` counts what happened; every document that was not cleaned is counted by its
  reason (nothing is dropped without a count), like datatrove's pipeline statistics.

This module knows nothing about file formats: the readers and writers in ``cleantext.io`` build
the tasks and consume the results.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any

import regex

from cleantext.errors import CleantextError
from cleantext.record import Result

__all__ = ["Progress", "Summary", "WorkerPool", "default_jobs"]

# Each worker holds one task it is running and one queued, so it never waits for the parent;
# more would only hold memory.
IN_FLIGHT_PER_WORKER = 2

_worker_cleaner: Any = None  # the Cleaner of this worker process, set by _init_worker


def default_jobs() -> int:
    """All cores this process may run on: cleaning is CPU-bound and the parent mostly waits.

    ``sched_getaffinity`` respects CPU pinning (containers, taskset); ``cpu_count`` does not.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _init_worker(cleaner_pickle: bytes) -> None:
    """Worker initializer: leave Ctrl-C to the parent, and rebuild the Cleaner once.

    A forked worker inherits the parent's signal handlers; SIGTERM goes back to the default
    (end the worker) so that only the parent turns it into a clean shutdown.
    """
    global _worker_cleaner
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # the parent forked us with SIGINT blocked: see _launch
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_cleaner = pickle.loads(cleaner_pickle)


def _ready() -> bool:
    """A task that only shows a worker is up."""
    return True


def _run_task(func: Callable[..., Any], args: tuple) -> Any:
    """Run one task in a worker with that worker's Cleaner."""
    return func(_worker_cleaner, *args)


def _mp_context() -> multiprocessing.context.BaseContext:
    """Workers are forked on Linux, spawned elsewhere.

    Forked workers inherit the parent's per-process caches of loaded and compiled packs, so
    unpickling the Cleaner there costs nothing, where a fresh process compiles every pattern again
    (seconds). Forking is safe here because the parent starts no thread before the workers exist
    (tqdm's monitor thread is disabled in ``Progress``) and flushes stdout first (``_start``).
    macOS and Windows spawn (fork is unsafe with macOS system libraries).
    """
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """Runs ``func(cleaner, *args)`` for a stream of tasks, in parallel, results in input order.

    With ``jobs == 1``, or when a stream holds a single task, tasks run in this process (no
    start-up cost for one small file). Worker processes start at the first stream that needs them
    and serve every later stream; use the pool as a context manager to stop them.
    """

    def __init__(self, cleaner: Any, jobs: int) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.cleaner = cleaner
        self.jobs = jobs
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close(cancel=exc_info[0] is not None)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; ``cancel`` drops queued tasks and does not wait for running ones."""
        if self._executor is not None:
            self._executor.shutdown(wait=not cancel, cancel_futures=cancel)
            self._executor = None

    def _start(self) -> ProcessPoolExecutor:
        """Start the worker processes (once), handing each the pickled Cleaner."""
        if self._executor is None:
            # A forked child flushes the std streams it inherited when it exits: flush them now,
            # or output buffered so far would be written twice.
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            # Compile every pattern now, so that the forked workers share them instead of each
            # compiling its own copies on first use.
            if hasattr(self.cleaner, "warm"):
                self.cleaner.warm()
            # Objects that exist now (the compiled packs among them) are left out of garbage
            # collection: a forked worker's collector would otherwise walk them all, writing to
            # their pages and so copying the memory it shares with the parent.
            gc.freeze()
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=_mp_context(),
                initializer=_init_worker,
                initargs=(pickle.dumps(self.cleaner),),
            )
            self._launch(self._executor)
        return self._executor

    @staticmethod
    def _launch(executor: ProcessPoolExecutor) -> None:
        """Start the workers with Ctrl-C blocked, so that none is born able to take it.

        A worker ignores SIGINT from its initializer on, but one forked a moment earlier would die
        on a Ctrl-C with a traceback. Blocking (not ignoring) keeps a Ctrl-C pressed meanwhile
        pending: the parent gets it as soon as the workers are up, and the workers, which inherit
        the blocked mask, discard it once their initializer has set SIGINT to be ignored.
        The first task makes the executor start its workers.
        """
        if not hasattr(signal, "pthread_sigmask"):  # Windows: spawned workers, nothing to block
            executor.submit(_ready).result()
            return
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            executor.submit(_ready).result()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def map(self, func: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        """Yield ``func(cleaner, *task)`` for each task, in order; tasks are read lazily."""
        iterator = iter(tasks)
        first = next(iterator, None)
        if first is None:
            return
        second = next(iterator, None)
        if second is None:
            yield func(self.cleaner, *first)
            return
        tasks_again = chain([first, second], iterator)
        if self.jobs == 1:
            for task in tasks_again:
                yield func(self.cleaner, *task)
            return
        yield from self._map_parallel(func, tasks_again)

    def _map_parallel(self, func: Callable[..., Any], tasks: Iterator[tuple]) -> Iterator[Any]:
        """Bounded, ordered parallel map: submit until the window is full, then wait for the oldest."""
        executor = self._start()
        window = self.jobs * IN_FLIGHT_PER_WORKER
        pending: deque[Future] = deque()
        try:
            for task in tasks:
                pending.append(executor.submit(_run_task, func, task))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:
            raise CleantextError(
                "a worker process died (out of memory, or killed); retry with fewer --jobs"
            ) from None
        finally:
            for future in pending:
                future.cancel()


_NUMBER = regex.compile(r"\d+(?:\.\d+)?")


def reason_key(reason: str) -> str:
    """Group fallback reasons: the reason up to its first detail, numbers replaced by N.

    >>> reason_key("rules would remove 120 of 130 words (more than max_removed_share=0.8); kept the text")
    'rules would remove N of N words'
    >>> reason_key("rule timeout: paywall.x took more than 2.0 s")
    'rule timeout'
    """
    cut = len(reason)
    for mark in (" (", ";", ":"):
        pos = reason.find(mark)
        if pos > 0:
            cut = min(cut, pos)
    return _NUMBER.sub("N", reason[:cut]).strip()


@dataclass
class Summary:
    """What a run did. Workers fill one per task; the parent merges them."""

    documents: int = 0  # documents or records cleaned
    changed: int = 0  # of which the text changed
    chars_in: int = 0
    chars_out: int = 0
    chars_removed: int = 0  # by rules (normalizer repairs are not counted)
    rules: Counter = field(default_factory=Counter)  # removals per rule id
    fallbacks: Counter = field(default_factory=Counter)  # documents kept by a safety limit, by reason
    not_cleaned: Counter = field(default_factory=Counter)  # written through or failed, by reason
    inputs: int = 0  # input files (or stdin) processed
    failed_inputs: int = 0  # inputs that could not be read at all
    bytes_in: int = 0  # input bytes read (compressed size for .gz/.zst)

    def add(self, before: str, result: Result) -> None:
        """Count one cleaned document: ``before`` is the text the rules saw."""
        self.documents += 1
        self.chars_in += len(before)
        self.chars_out += len(result.text)
        self.changed += result.text != before
        removals = result.removals
        self.chars_removed += sum(r.end - r.start for r in removals)
        self.rules.update(r.rule for r in removals)
        if result.fallback:
            self.fallbacks[reason_key(result.fallback)] += 1

    def skip(self, reason: str, count: int = 1) -> None:
        """Count a document or record that was not cleaned (written through, or failed)."""
        self.not_cleaned[reason] += count

    def merge(self, other: Summary) -> None:
        """Add another summary's counts to this one."""
        for name in ("documents", "changed", "chars_in", "chars_out", "chars_removed",
                     "inputs", "failed_inputs", "bytes_in"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rules.update(other.rules)
        self.fallbacks.update(other.fallbacks)
        self.not_cleaned.update(other.not_cleaned)

    @property
    def problems(self) -> int:
        """Inputs and records that could not be cleaned (a non-zero count makes the exit code 1)."""
        return self.failed_inputs + sum(self.not_cleaned.values())

    def _share_removed(self) -> str:
        """Characters saved as a signed percentage of the input."""
        if not self.chars_in:
            return "0.0%"
        return f"{(self.chars_out - self.chars_in) / self.chars_in:+.1%}"

    def short(self, seconds: float) -> str:
        """One line after a multi-document run.

        >>> s = Summary(documents=3, changed=2, chars_in=1000, chars_out=900, rules=Counter(a=2))
        >>> s.short(1.0)
        'cleantext: 3 documents (2 changed), 1,000 -> 900 characters (-10.0%), 2 removals; 1.0 s'
        """
        parts = [
            f"{self.documents:,} documents ({self.changed:,} changed)",
            f"{self.chars_in:,} -> {self.chars_out:,} characters ({self._share_removed()})",
            f"{sum(self.rules.values()):,} removals",
        ]
        if self.fallbacks:
            parts.append(f"{sum(self.fallbacks.values()):,} fell back")
        if self.not_cleaned:
            parts.append(f"{sum(self.not_cleaned.values()):,} not cleaned")
        if self.failed_inputs:
            parts.append(f"{self.failed_inputs:,} inputs failed")
        return f"cleantext: {', '.join(parts)}; {seconds:.1f} s"

    def full(self, seconds: float, setup: float | None = None) -> str:
        """The ``--stats`` report: totals, then fallbacks, failures and removals per rule.

        ``seconds`` is the cleaning time; ``setup`` the time spent loading and compiling the rules.
        """
        rate = self.bytes_in / seconds / 1e6 if seconds > 0 else 0.0
        lines = [
            "cleantext: summary",
            f"  inputs             {self.inputs:>12,}" + (f"  ({self.failed_inputs:,} failed)" if self.failed_inputs else ""),
            f"  documents          {self.documents:>12,}  ({self.changed:,} changed)",
            f"  characters in      {self.chars_in:>12,}",
            f"  characters out     {self.chars_out:>12,}  ({self._share_removed()})",
            f"  removed by rules   {self.chars_removed:>12,}",
            f"  fell back          {sum(self.fallbacks.values()):>12,}",
        ]
        lines += [f"    {n:>8,}  {reason}" for reason, n in self.fallbacks.most_common()]
        lines.append(f"  not cleaned        {sum(self.not_cleaned.values()):>12,}")
        lines += [f"    {n:>8,}  {reason}" for reason, n in self.not_cleaned.most_common()]
        if setup is not None:
            lines.append(f"  loading rules      {setup:>12.1f} s")
        lines.append(f"  cleaning time      {seconds:>12.1f} s  ({rate:.2f} MB/s)")
        lines.append(f"  removals by rule   {sum(self.rules.values()):>12,}")
        lines += [f"    {n:>8,}  {rule}" for rule, n in sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))]
        return "\n".join(lines)


# The plain progress line is redrawn at most this often (seconds): often enough to look alive,
# rarely enough to cost nothing.
_REDRAW_EVERY = 0.25


class Progress:
    """Progress on stderr: records, MB read, MB/s and ETA (when the total size is known).

    Uses tqdm when it is installed, else redraws one plain line. Disabled, it does nothing.
    """

    def __init__(self, enabled: bool, total_bytes: int | None = None, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.total = total_bytes or None
        self.stream = stream if stream is not None else sys.stderr
        self.records = 0
        self.done = 0
        self._start = time.monotonic()
        self._drawn = 0.0
        self._bar: Any = None
        if enabled:
            self._bar = self._make_tqdm()

    def _make_tqdm(self) -> Any:
        """A tqdm bar counting bytes, or None when tqdm is not installed."""
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after this
        return tqdm(total=self.total, unit="B", unit_scale=True, unit_divisor=1000, desc="cleantext",
                    file=self.stream, leave=False, dynamic_ncols=True, smoothing=0.1)

    def advance(self, records: int, nbytes: int) -> None:
        """Count ``records`` more records and ``nbytes`` more input bytes."""
        if not self.enabled:
            return
        self.records += records
        self.done += nbytes
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.records:,} records", refresh=False)
            self._bar.update(nbytes)
            return
        now = time.monotonic()
        if now - self._drawn >= _REDRAW_EVERY:
            self._drawn = now
            self.stream.write("\r" + self.line(now - self._start))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The plain progress line.

        >>> p = Progress(False, total_bytes=10_000_000); p.records, p.done = 500, 2_000_000
        >>> p.line(2.0)
        'cleantext: 500 records, 2.0 MB, 1.0 MB/s, ETA 0:00:08'
        """
        rate = self.done / elapsed if elapsed > 0 else 0.0
        text = f"cleantext: {self.records:,} records, {self.done / 1e6:.1f} MB, {rate / 1e6:.1f} MB/s"
        if self.total and rate > 0:
            left = max(0, int((self.total - self.done) / rate))
            text += f", ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
        return text

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Erase the display while something else writes to the same stream, then redraw it."""
        if not self.enabled:
            yield
            return
        if self._bar is not None:
            self._bar.clear()
        else:
            self.stream.write("\r\033[K")
        try:
            yield
        finally:
            if self._bar is not None:
                self._bar.refresh()
            else:
                self._drawn = 0.0  # redraw at the next advance

    def close(self) -> None:
        """Erase the progress display."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.close()
        else:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self.enabled = False
