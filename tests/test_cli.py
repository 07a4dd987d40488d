"""The ``cleantext`` command, run as a user runs it: in-process through ``cli.main`` and as
``python -m cleantext`` in a subprocess.

Most runs select the paywall and login packs only (``SELECT``): the fixtures' boilerplate is in
those packs, and compiling a small selection keeps the suite fast.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
SELECT = ("--select", "paywall,login")
ARTICLE_IN = FIXTURES / "harbour-bridge.in.txt"
ARTICLE_OUT = (FIXTURES / "harbour-bridge.out.txt").read_bytes()
PAGE = FIXTURES / "library-hours.html"
BANNER = "Thank you for your patience while we verify access."
LOGIN = "Already subscribed? Log in."
PARAGRAPH = "The council approved the budget on Monday after a long debate about the price of bus tickets."


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run ``cli.main`` in-process; return (exit code, stdout bytes, stderr text)."""

    def _run(*args: object, stdin: bytes = b"") -> tuple[int, bytes, str]:
        out, err = io.BytesIO(), io.StringIO()
        stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main([str(a) for a in args])
        stdout.flush()
        return code, out.getvalue(), err.getvalue()

    return _run


def _records(n: int) -> list[dict]:
    """Dataset records whose text carries a paywall banner; ids in order."""
    return [{"id": i, "meta": {"body": f"{PARAGRAPH} Item {i}.\n{BANNER}", "lang": "en"}, "n": [i, i * 0.5]}
            for i in range(n)]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)


def _read_jsonl(path: Path) -> list[dict]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return [json.loads(line) for line in data.splitlines()]


# -- text documents -----------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed page is not in this checkout")
def test_seed_page_prints_exactly_the_expected_text(run) -> None:
    code, out, err = run(SEED / "nyt-north-korean-pows.in.txt")
    assert (code, err) == (0, "")
    assert out == (SEED / "nyt-north-korean-pows.out.txt").read_bytes()


def test_own_page_prints_exactly_the_expected_text(run) -> None:
    code, out, err = run(ARTICLE_IN)
    assert (code, out, err) == (0, ARTICLE_OUT, "")


def test_python_m_cleantext_in_a_subprocess() -> None:
    done = subprocess.run([sys.executable, "-m", "cleantext", *SELECT, str(ARTICLE_IN)],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ARTICLE_OUT and done.stderr == b""


def test_output_file_and_nothing_on_stdout(run, tmp_path: Path) -> None:
    target = tmp_path / "clean.txt"
    code, out, err = run(*SELECT, ARTICLE_IN, "-o", target)
    assert (code, out, err) == (0, b"", "")
    assert target.read_bytes() == ARTICLE_OUT


def test_output_dir_mirrors_the_input_tree(run, tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    shutil.copy(ARTICLE_IN, source / "article.txt")
    shutil.copy(PAGE, source / "sub" / "page.html")
    code, out, err = run(*SELECT, source, "--output-dir", tmp_path / "out")
    assert (code, out) == (0, b"")
    assert err.startswith("cleantext: 2 documents (2 changed)")  # the short summary of a multi-document run
    assert (tmp_path / "out" / "article.txt").read_bytes() == ARTICLE_OUT
    page = (tmp_path / "out" / "sub" / "page.txt").read_text()
    assert page.startswith("Library extends weekend opening hours\nThe central library will stay open")
    assert LOGIN not in page and "Copyright" not in page and "Home" not in page


def test_in_place_replaces_atomically_and_keeps_mode(run, tmp_path: Path) -> None:
    target = tmp_path / "article.txt"
    shutil.copy(ARTICLE_IN, target)
    target.chmod(0o600)
    code, out, _ = run(*SELECT, "--in-place", target)
    assert (code, out) == (0, b"")
    assert target.read_bytes() == ARTICLE_OUT
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["article.txt"]


def test_in_place_refuses_to_turn_html_into_text(run, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    shutil.copy(PAGE, page)
    code, _, err = run(*SELECT, "--in-place", page)
    assert code == 1
    assert err == f"cleantext: error: {page}: is HTML; --in-place would replace the page with its text; " \
                  "use --output-dir DIR or -o FILE\n"
    assert page.read_bytes() == PAGE.read_bytes()


def test_html_page_url_and_forced_text(run) -> None:
    code, out, _ = run(*SELECT, PAGE)
    assert code == 0 and out.startswith(b"Library extends weekend opening hours\n")
    code, out, _ = run(*SELECT, "--text", PAGE)  # forced text: the markup stays
    assert code == 0 and out.startswith(b"<!DOCTYPE html>")


def test_explain_replaces_text_on_stdout(run, tmp_path: Path) -> None:
    code, out, err = run(*SELECT, "--explain", ARTICLE_IN)
    assert (code, err) == (0, "")
    lines = out.decode().splitlines()
    assert lines[:2] == [f"{ARTICLE_IN}:5: paywall.verify-access: {BANNER}",
                         f"{ARTICLE_IN}:6: login.already-subscribed: {LOGIN}"]
    assert all(line.startswith(f"{ARTICLE_IN}: normalizer ") for line in lines[2:])
    # with an output file the text goes there and the explanation to stdout
    code, out2, _ = run(*SELECT, "--explain", ARTICLE_IN, "-o", tmp_path / "c.txt")
    assert out2 == out and (tmp_path / "c.txt").read_bytes() == ARTICLE_OUT


def test_diff_shows_the_removed_lines(run) -> None:
    code, out, _ = run(*SELECT, "--diff", ARTICLE_IN)
    lines = out.decode().splitlines()
    assert code == 0
    assert lines[:2] == [f"--- {ARTICLE_IN}", f"+++ {ARTICLE_IN} (clean)"]
    assert [line for line in lines[2:] if line.startswith(("-", "+"))] == [f"-{BANNER}", f"-{LOGIN}"]


def test_stdin_and_empty_input(run, tmp_path: Path) -> None:
    code, out, _ = run(*SELECT, "-", stdin=ARTICLE_IN.read_bytes())
    assert (code, out) == (0, ARTICLE_OUT)
    code, out, err = run(*SELECT, stdin=b"")  # no INPUT and a piped stdin: read it
    assert (code, out, err) == (0, b"", "")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run(*SELECT, tmp_path / "empty.txt") == (0, b"", "")
    code, out, _ = run(*SELECT, "-", stdin=f"{BANNER}\n".encode())  # nothing left: nothing written
    assert (code, out) == (0, b"")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "The café’s “crème brûlée” costs €5 — a bargain, said the owner of the bistro."),
        ("latin-1", "Le maire a annoncé que l'école fermera à midi; les élèves déjeuneront à côté."),
    ],
)
def test_non_utf8_input_is_decoded(run, tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"{text}\n{BANNER}\n".encode(encoding))
    code, out, err = run(*SELECT, path)
    assert (code, err) == (0, "")
    assert out.decode("utf-8") == text + "\n"


# -- errors -------------------------------------------------------------------------------------


def test_missing_file_is_one_line_and_exit_1(run, tmp_path: Path) -> None:
    code, out, err = run(*SELECT, tmp_path / "nope.txt")
    assert (code, out) == (1, b"")
    assert err == f"cleantext: error: {tmp_path / 'nope.txt'}: no such file; check the path\n"


def test_missing_file_among_others_still_cleans_the_rest(run, tmp_path: Path) -> None:
    code, out, err = run(*SELECT, ARTICLE_IN, tmp_path / "nope.txt", "-q")
    assert code == 1 and out == ARTICLE_OUT
    assert err.count("\n") == 1 and "nope.txt: no such file" in err


def test_directory_with_output_file_is_a_usage_error(run, tmp_path: Path) -> None:
    code, _, err = run(*SELECT, FIXTURES, "-o", tmp_path / "x.txt")
    assert code == 2
    assert err == f"cleantext: error: {FIXTURES}: is a folder; -o writes one file, use --output-dir DIR\n"
    code, _, err = run(*SELECT, ARTICLE_IN, "-o", tmp_path)
    assert code == 2 and err.endswith(f"is a folder; -o writes one file, use --output-dir {tmp_path}\n")


def test_binary_input_is_refused(run, tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run(*SELECT, path)
    assert (code, out) == (1, b"")
    assert err.startswith(f"cleantext: error: {path}: binary data (NUL byte at offset 8); ")
    assert err.count("\n") == 1


def test_bad_rule_file_reports_file_line_col_and_exit_2(run) -> None:
    code, out, err = run("--rules", FIXTURES / "bad-pack.yaml", ARTICLE_IN)
    assert (code, out) == (2, b"")
    # the pack's path as the loader shows it (relative to the working folder when below it)
    assert re.match(r"cleantext: error: \S*fixtures/cli/bad-pack\.yaml:9:13: mysite\.donate-banner > match\.any\[0\]: ", err)
    assert "Traceback" not in err


def test_unknown_selection_is_a_usage_error(run) -> None:
    code, _, err = run("--select", "paywal", ARTICLE_IN)
    assert code == 2 and "'paywal' names no rule" in err


def test_usage_errors_exit_2_without_traceback(run, tmp_path: Path) -> None:
    assert run(*SELECT, "--jobs", "0", ARTICLE_IN)[0] == 2
    code, _, err = run(*SELECT, ARTICLE_IN, ARTICLE_IN, "-o", tmp_path / "x.txt")
    assert code == 2 and "-o writes one file but 2 inputs were given" in err
    code, _, err = run(*SELECT, "--no-such-option", ARTICLE_IN)
    assert code == 2 and "unrecognized arguments: --no-such-option" in err


def test_subprocess_error_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "cleantext", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr == f"cleantext: error: {tmp_path / 'nope.txt'}: no such file; check the path\n"


def test_interrupted_run_leaves_no_partial_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the output is being committed: the old file stays whole, no temporary is left."""
    source = tmp_path / "d.jsonl"
    _write_jsonl(source, _records(30))
    target = tmp_path / "out.jsonl"
    target.write_text("previous run\n")
    written = []

    import cleantext.io.jsonl as jsonl_module

    real_writer = jsonl_module.open_jsonl_writer

    def interrupting_writer(handle, name):  # noqa: ANN001, ANN202
        class Raising:
            def write(self, data: bytes) -> None:
                written.append(len(data))
                handle.write(data)
                if len(written) == 3:
                    raise KeyboardInterrupt

        import contextlib

        @contextlib.contextmanager
        def wrapped():
            with real_writer(handle, name):
                yield Raising()

        return wrapped()

    monkeypatch.setattr(jsonl_module, "open_jsonl_writer", interrupting_writer)
    code, _, err = run(*SELECT, "--field", "meta.body", "--chunk-size", "5", "--jobs", "1", source, "-o", target)
    assert code == 130 and len(written) == 3
    assert err == "cleantext: interrupted; no partial output was left\n"
    assert target.read_text() == "previous run\n"
    assert sorted(os.listdir(tmp_path)) == ["d.jsonl", "out.jsonl"]


def test_interrupt_during_text_commit_leaves_no_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleantext.io.atomic as atomic_module

    def interrupted_fsync(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_module.os, "fsync", interrupted_fsync)
    code, _, _ = run(*SELECT, ARTICLE_IN, "-o", tmp_path / "clean.txt")
    assert code == 130
    assert os.listdir(tmp_path) == []


# -- datasets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_nested_field_order_and_compression(run, tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"d{suffix}"
    _write_jsonl(source, _records(12))
    target = tmp_path / f"out{suffix}"
    code, out, err = run(*SELECT, "--field", "meta.body", source, "-o", target, "-q")
    assert (code, out, err) == (0, b"", "")
    records = _read_jsonl(target)
    assert [r["id"] for r in records] == list(range(12))
    assert records[5] == {"id": 5, "meta": {"body": f"{PARAGRAPH} Item 5.", "lang": "en"}, "n": [5, 2.5]}


def test_jsonl_to_stdout_with_report_field(run, tmp_path: Path) -> None:
    source = tmp_path / "d.jsonl.gz"
    _write_jsonl(source, _records(3))
    code, out, _ = run(*SELECT, "--field", "meta.body", "--report-field", "cleantext", source)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]  # stdout: plain JSONL
    assert records[2]["cleantext"] == {"status": "cleaned", "changed": True, "removal_count": 1,
                                       "rules": {"paywall.verify-access": 1},
                                       "chars_removed": len(BANNER) + 1, "fallback": ""}  # with its newline


def test_jsonl_from_stdin_to_stdout(run) -> None:
    data = "".join(json.dumps({"text": f"{PARAGRAPH} {i}\n{BANNER}"}) + "\n" for i in range(3)).encode()
    code, out, err = run(*SELECT, "--format", "jsonl", "-", stdin=data)
    assert code == 0 and err.startswith("cleantext: 3 documents (3 changed)")
    assert [json.loads(line) for line in out.splitlines()] == [{"text": f"{PARAGRAPH} {i}"} for i in range(3)]


def test_jsonl_bad_records_are_written_through_and_reported(run, tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": f"{PARAGRAPH}\n{BANNER}"}),
        '{"text": "unterminated',
        json.dumps({"body": "no text field"}),
        json.dumps({"text": None}),
        json.dumps({"text": f"{PARAGRAPH}\n{LOGIN}"}),
    ]
    source = tmp_path / "d.jsonl"
    source.write_text("\n".join(lines) + "\n")
    target = tmp_path / "o.jsonl"
    code, _, err = run(*SELECT, source, "-o", target)
    assert code == 1
    out_lines = target.read_text().splitlines()
    assert out_lines[1:4] == lines[1:4]  # exactly as they were
    assert json.loads(out_lines[0]) == {"text": PARAGRAPH} and json.loads(out_lines[4]) == {"text": PARAGRAPH}
    warnings = [line for line in err.splitlines() if line.startswith("cleantext: warning:")]
    assert warnings[0].startswith(f"cleantext: warning: {source}:2: malformed JSON (")
    assert warnings[1] == f"cleantext: warning: {source}:3: field 'text' missing; choose the text field " \
                          "with --field; written through unchanged"
    assert warnings[2] == f"cleantext: warning: {source}:4: field 'text' is NoneType, not a string; " \
                          "written through unchanged"
    assert "3 not cleaned" in err


def test_jobs_2_output_equals_jobs_1(run, tmp_path: Path) -> None:
    source = tmp_path / "d.jsonl"
    _write_jsonl(source, _records(40))
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"o{jobs}.jsonl"
        code, _, _ = run(*SELECT, "--field", "meta.body", "--jobs", jobs, "--chunk-size", "3", source, "-o", target)
        assert code == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert [r["id"] for r in _read_jsonl(tmp_path / "o2.jsonl")] == list(range(40))


def test_jobs_2_on_many_text_files_keeps_input_order(run, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(9):
        (folder / f"p{i}.txt").write_text(f"{PARAGRAPH} Page {i}.\n{BANNER}\n")
    one = run(*SELECT, "--jobs", "1", "-q", folder)
    two = run(*SELECT, "--jobs", "2", "--chunk-size", "2", "-q", folder)
    assert one == two
    assert one[1].decode().splitlines() == [f"{PARAGRAPH} Page {i}." for i in range(9)]


def test_parquet_keeps_schema_and_adds_report(run, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": list(range(5)), "text": [f"{PARAGRAPH}\n{BANNER}"] * 4 + [None],
                      "url": ["https://example.com/a"] * 5})
    source = tmp_path / "d.parquet"
    pq.write_table(table, source)
    target = tmp_path / "o.parquet"
    code, _, err = run(*SELECT, "--url-field", "url", "--report-field", "report", "--chunk-size", "2",
                       "--jobs", "2", source, "-o", target)
    assert code == 1  # the null row
    assert f"cleantext: warning: {source}: row 4: field 'text' is null; written through unchanged" in err
    result = pq.read_table(target)
    assert result.schema.names == ["id", "text", "url", "report"]
    assert result.schema.field("text").type == table.schema.field("text").type
    assert result.column("text").to_pylist() == [PARAGRAPH] * 4 + [None]
    assert result.column("id").to_pylist() == list(range(5))
    reports = result.column("report").to_pylist()
    assert reports[0]["chars_removed"] == len(BANNER) + 1  # with its newline
    assert json.loads(reports[0]["rules"]) == {"paywall.verify-access": 1}
    assert reports[4]["status"] == "skipped"


def test_parquet_needs_an_output_file(run, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"text": ["x"]}), tmp_path / "d.parquet")
    code, out, err = run(*SELECT, tmp_path / "d.parquet")
    assert (code, out) == (1, b"")
    assert "Parquet output is binary and is not written to standard output; use -o FILE" in err


def test_stats_summary(run, tmp_path: Path) -> None:
    source = tmp_path / "d.jsonl"
    _write_jsonl(source, _records(4))
    code, _, err = run(*SELECT, "--field", "meta.body", "--stats", source, "-o", tmp_path / "o.jsonl")
    assert code == 0
    lines = err.splitlines()
    assert lines[0] == "cleantext: summary"
    assert "  documents                     4  (4 changed)" in lines
    assert lines[-2:] == ["  removals by rule              4", "           4  paywall.verify-access"]


# -- rules subcommand ---------------------------------------------------------------------------


def test_rules_list_show_and_test(run) -> None:
    code, out, _ = run("rules", "list", "--select", "login")
    listing = out.decode().splitlines()
    assert code == 0 and listing[0].split() == ["ID", "ACTION", "TAGS", "LANG", "SUMMARY"]
    assert any(line.startswith("login.already-subscribed ") for line in listing)
    assert all(line.startswith("login.") for line in listing[1:-1])
    code, out, _ = run("rules", "show", "mysite.donate-banner", "--rules", FIXTURES / "extra-pack.yaml")
    shown = out.decode()
    assert code == 0
    assert re.match(r"mysite\.donate-banner  \(\S*fixtures/cli/extra-pack\.yaml:6\)\n", shown)
    assert "    ^support our journalism today[.!]?$" in shown and "'Support our journalism today!'" in shown
    code, out, _ = run("rules", "test", "--no-builtin", FIXTURES / "extra-pack.yaml")
    assert (code, out.decode().splitlines()[0]) == (0, "ok    mysite.donate-banner  (1 remove, 1 keep)")


def test_rules_test_reports_a_failing_example_and_exits_1(run) -> None:
    code, out, _ = run("rules", "test", "--no-builtin", FIXTURES / "failing-pack.yaml")
    lines = out.decode().splitlines()
    assert code == 1
    assert lines[0] == "FAIL  mysite.too-greedy  (1 remove, 1 keep)"
    assert re.match(r"      \S*fixtures/cli/failing-pack\.yaml:12: keep: 'Support our journalism today, ", lines[1])
    assert lines[-1] == "1 rules, 2 examples, 1 failed in 1 rules"


def test_rules_test_of_a_builtin_pack_checks_that_pack_only(run) -> None:
    from cleantext.boilerplate.loader import builtin_rules_dir

    code, out, _ = run("rules", "test", builtin_rules_dir() / "login.yaml")
    lines = out.decode().splitlines()
    assert code == 0, out.decode()
    assert all(line.startswith("ok    login.") for line in lines[:-1]) and len(lines) > 2
    assert re.fullmatch(rf"{len(lines) - 1} rules, \d+ examples, 0 failed", lines[-1])


def test_rules_show_lists_every_condition_a_rule_sets(run) -> None:
    """A condition set to false that means "not" (list_item, page_title) is shown, with the run's keys."""
    code, out, _ = run("rules", "show", "navigation.menu-run")
    text = out.decode()
    assert code == 0, text
    where = next(line for line in text.splitlines() if line.startswith("  where:"))
    assert "outside_article: true" in where and "list_item: false" in where and "page_title: false" in where
    run_line = next(line for line in text.splitlines() if line.startswith("  run:"))
    assert "min_lines: 6" in run_line and "bridge_removed: true" in run_line and "not_below: [" in run_line


def test_rules_show_unknown_id_suggests(run) -> None:
    code, _, err = run("rules", "show", "login.alredy-subscribed")
    assert code == 2 and err == "cleantext: error: login.alredy-subscribed: no such rule; " \
                                "did you mean login.already-subscribed?\n"


def test_ctrl_c_on_a_parallel_run_exits_130_and_leaves_no_partial_file(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal sends it, while workers are busy."""
    import signal
    import time

    source = tmp_path / "d.jsonl"
    _write_jsonl(source, _records(20_000))
    target = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "cleantext", *SELECT, "--field", "meta.body", "--jobs", "2", "--chunk-size", "50",
         str(source), "-o", str(target)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not any(name.startswith(".out.jsonl.") for name in os.listdir(tmp_path)):  # writing started
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "the run never started writing"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130
    assert err.decode() == "cleantext: interrupted; no partial output was left\n"
    assert os.listdir(tmp_path) == ["d.jsonl"]
