"""The worker pool, progress reporting and the run summary."""

from __future__ import annotations

import io
import os
from collections import Counter

import pytest

from cleantext.batch import IN_FLIGHT_PER_WORKER, Progress, Summary, WorkerPool, reason_key
from cleantext.errors import CleantextError
from cleantext.record import Removal, Result


class CountingCleaner:
    """A picklable stand-in for a Cleaner that records in which process it was rebuilt."""

    def __init__(self) -> None:
        self.built_in = os.getpid()

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.built_in = os.getpid()  # unpickled: rebuilt in this process

    def clean_and_explain(self, text: str, url: str | None = None) -> Result:
        return Result(text.upper(), (), None, len(text))


def upper_task(cleaner: CountingCleaner, texts: list[str]) -> tuple[list[str], int, int]:
    """A task: clean a batch; say which process ran it and where its cleaner was built."""
    return [cleaner.clean_and_explain(t).text for t in texts], os.getpid(), cleaner.built_in


def dying_task(cleaner: CountingCleaner, n: int) -> int:
    """A task whose worker dies (as if killed by the out-of-memory killer)."""
    if n == 3:
        os._exit(1)
    return n


def test_parallel_results_keep_input_order_and_cleaner_is_built_once_per_worker() -> None:
    tasks = [([f"doc {i}", f"more {i}"],) for i in range(40)]
    with WorkerPool(CountingCleaner(), jobs=2) as pool:
        results = list(pool.map(upper_task, tasks))
    assert [r[0] for r in results] == [[f"DOC {i}", f"MORE {i}"] for i in range(40)]
    workers = {pid for _, pid, _ in results}
    assert os.getpid() not in workers and 1 <= len(workers) <= 2
    # each worker's cleaner was unpickled in that worker, once
    assert all(built == pid for _, pid, built in results)


def test_in_flight_tasks_are_bounded() -> None:
    pulled = 0
    most_ahead = 0

    def tasks():
        nonlocal pulled
        for i in range(60):
            pulled += 1
            yield ([str(i)],)

    with WorkerPool(CountingCleaner(), jobs=2) as pool:
        for done, _ in enumerate(pool.map(upper_task, tasks()), 1):
            most_ahead = max(most_ahead, pulled - done)
    assert pulled == 60
    assert most_ahead <= 2 * IN_FLIGHT_PER_WORKER


def test_single_task_and_one_job_run_in_this_process() -> None:
    with WorkerPool(CountingCleaner(), jobs=2) as pool:
        [(texts, pid, _)] = list(pool.map(upper_task, [(["only"],)]))
    assert texts == ["ONLY"] and pid == os.getpid()
    with WorkerPool(CountingCleaner(), jobs=1) as pool:
        assert {pid for _, pid, _ in pool.map(upper_task, [(["a"],), (["b"],), (["c"],)])} == {os.getpid()}
    with WorkerPool(CountingCleaner(), jobs=2) as pool:
        assert list(pool.map(upper_task, [])) == []


def test_a_dead_worker_is_a_clear_error() -> None:
    with WorkerPool(CountingCleaner(), jobs=2) as pool:
        with pytest.raises(CleantextError, match="a worker process died .*retry with fewer --jobs"):
            list(pool.map(dying_task, [(i,) for i in range(8)]))


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        WorkerPool(CountingCleaner(), jobs=0)


# -- summary ------------------------------------------------------------------------------------


def _result(text: str, rules: list[str], fallback: str | None = None) -> Result:
    removals = tuple(Removal(r, 0, 5, "xxxxx", 1) for r in rules)
    return Result(text, removals, fallback, 0)


def test_summary_counts_merges_and_reports() -> None:
    one, two = Summary(), Summary()
    one.add("Hello world.\nSubscribe!", _result("Hello world.", ["paywall.a"]))
    two.add("Same text.", _result("Same text.", []))
    two.add("x" * 100, _result("x" * 100, [], fallback="rules would remove 90 of 100 words (more than x); kept"))
    two.skip("malformed JSON", 2)
    one.merge(two)
    assert (one.documents, one.changed, one.chars_removed) == (3, 1, 5)
    assert one.chars_in == 23 + 10 + 100 and one.chars_out == 12 + 10 + 100
    assert one.rules == Counter({"paywall.a": 1})
    assert one.fallbacks == Counter({"rules would remove N of N words": 1})
    assert one.problems == 2
    full = one.full(2.0)
    assert "  not cleaned                   2" in full and "           2  malformed JSON" in full
    assert full.splitlines()[-1] == "           1  paywall.a"
    assert one.short(2.0).startswith("cleantext: 3 documents (1 changed), 133 -> 122 characters (-8.3%)")


def test_removals_per_rule_most_frequent_first() -> None:
    summary = Summary(rules=Counter({"b.rare": 1, "a.common": 5, "c.mid": 3}))
    lines = summary.full(1.0).splitlines()
    assert [line.split()[-1] for line in lines[-3:]] == ["a.common", "c.mid", "b.rare"]


def test_reason_key_groups_similar_reasons() -> None:
    assert reason_key("rule timeout: login.x took 2.0 s") == "rule timeout"
    assert reason_key("rules would remove 10 of 12 words") == "rules would remove N of N words"


# -- progress -----------------------------------------------------------------------------------


def test_progress_disabled_writes_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(False, 100, stream)
    progress.advance(5, 50)
    progress.close()
    assert stream.getvalue() == ""


def test_progress_plain_line_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if tqdm were not installed
    stream = io.StringIO()
    progress = Progress(True, 4_000_000, stream)
    progress.advance(10, 1_000_000)
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\rcleantext: 10 records, 1.0 MB, ")
    assert ", ETA 0:00:" in text and text.endswith("\r\033[K")


def test_progress_with_tqdm_shows_records_and_rate() -> None:
    pytest.importorskip("tqdm")
    stream = io.StringIO()
    progress = Progress(True, 2_000_000, stream)
    progress.advance(7, 1_000_000)
    progress._bar.refresh()
    shown = stream.getvalue()
    progress.close()
    assert "cleantext" in shown and "7 records" in shown and "1.00M/2.00M" in shown


def clean_task(cleaner, texts: list[str]) -> list[str]:
    """A task on the real Cleaner (module level, so that a spawned worker can import it)."""
    return [cleaner.clean(t) for t in texts]


def test_spawned_workers_rebuild_the_cleaner_and_clean_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and Windows spawn their workers: each one imports cleantext afresh and rebuilds the
    Cleaner from its pickled settings (compiling the packs again); results must not differ."""
    import multiprocessing

    import cleantext
    from cleantext import batch

    monkeypatch.setattr(batch, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    article = ("The council approved the budget on Tuesday after a debate that lasted more than six hours.\n"
               "Share this article\nAlready a subscriber? Log in")
    texts = [[article, "Nothing to remove here."], [article]]
    cleaner = cleantext.Cleaner()
    with WorkerPool(cleaner, jobs=2) as pool:
        got = list(pool.map(clean_task, [(t,) for t in texts]))
    assert got == [[cleaner.clean(t) for t in batch_] for batch_ in texts]
    assert got[0][0] == "The council approved the budget on Tuesday after a debate that lasted more than six hours."
