"""Readers and writers of the command: decoding, atomic writes, paths, JSONL and Parquet records."""

from __future__ import annotations

import gzip
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from cleantext.errors import InputError
from cleantext.io.atomic import atomic_write
from cleantext.io.document import Cleaned, DocOptions, RecordSpec, explain_lines, record_report, unified_diff
from cleantext.io.jsonl import clean_lines, get_field, iter_line_chunks, open_jsonl_reader, open_jsonl_writer
from cleantext.io.paths import InputFile, expand_inputs, format_of, mirror_path
from cleantext.io.text import decode_bytes, read_document
from cleantext.record import Removal, Result, Step

FIXTURES = Path(__file__).parent / "fixtures" / "cli"


class BannerCleaner:
    """A stand-in Cleaner: drops lines starting with "Subscribe", reports each as a removal."""

    def clean_and_explain(self, text: str, url: str | None = None) -> Result:
        kept, changes, pos = [], [], 0
        for number, line in enumerate(text.splitlines(keepends=True), 1):
            if line.startswith("Subscribe"):
                changes.append(Removal("test.subscribe", pos, pos + len(line), line, number))
            else:
                kept.append(line)
            pos += len(line)
        return Result("".join(kept).strip(), tuple(changes), None, len(text))


# -- decoding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("“It’s the café’s best crème brûlée,” she said — twice.\nPrice: €4.50\n", "cp1252"),
        ("Le café est à côté de l'école. Très élevé, déjà vu. Ça coûte 5 £.\n", "latin-1"),
        ("Die Straße in München ist schön. Übermorgen fahren wir nach Köln.\n", "latin-1"),
        ("Informações sobre as eleições e a população não são públicas.\n", "latin-1"),
        ("Привет, как дела? Это тестовая строка на русском языке, довольно длинная.\n", "cp1251"),
        ("hello wörld, UTF-16 with a byte-order mark", "utf-16"),
    ],
)
def test_decode_bytes_reads_legacy_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "page.txt") == text


def test_decode_bytes_strips_utf8_bom() -> None:
    assert decode_bytes("\ufeffOne line.".encode("utf-8"), "page.txt") == "One line."


def test_decode_bytes_honours_declared_html_charset() -> None:
    html = '<html><head><meta charset="koi8-r"></head><body><p>Привет мир</p></body></html>'
    assert decode_bytes(html.encode("koi8-r"), "page.html") == html


def test_nul_bytes_are_binary_data() -> None:
    with pytest.raises(InputError, match=r"^image\.txt: binary data \(NUL byte at offset 4\); "):
        decode_bytes(b"\x89PNG\x00\x00\x00\rIHDR", "image.txt")


def test_read_document_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file; check the path"):
        read_document(tmp_path / "nope.txt")


# -- atomic writes ------------------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    with atomic_write(target) as handle:
        handle.write(b"new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_interrupted_leaves_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target) as handle:
            handle.write(b"half of the new con")
            raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_new_file_gets_umask_mode_and_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "new.txt"
    old = os.umask(0o022)
    try:
        with atomic_write(target, make_parents=True) as handle:
            handle.write(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


# -- paths --------------------------------------------------------------------------------------


def _tree(root: Path) -> None:
    for name in ("b.txt", "a/one.html", "a/deep/two.jsonl.gz", "a/.hidden.txt", ".git/x.txt", "a/image.png"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_folder_expands_recursively_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    _tree(tmp_path)
    files, problems = expand_inputs([str(tmp_path)])
    assert problems == []
    # a folder's own files come before its subfolders', each level sorted
    assert [f.relative().as_posix() for f in files] == ["b.txt", "a/one.html", "a/deep/two.jsonl.gz"]
    assert all(f.root == tmp_path for f in files)


def test_folder_walk_skips_the_output_folder(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "b.txt").write_text("already cleaned")
    files, _ = expand_inputs([str(tmp_path)], exclude=((tmp_path / "out").resolve(),))
    assert [f.relative().as_posix() for f in files] == ["b.txt", "a/one.html", "a/deep/two.jsonl.gz"]


def test_glob_and_missing_inputs(tmp_path: Path) -> None:
    _tree(tmp_path)
    files, problems = expand_inputs([f"{tmp_path}/a/**/*.html", str(tmp_path / "missing.txt"), f"{tmp_path}/*.md"])
    assert [f.relative().as_posix() for f in files] == ["one.html"]  # relative to the glob's fixed part
    assert [str(p) for p in problems] == [
        f"{tmp_path}/missing.txt: no such file; check the path",
        f"{tmp_path}/*.md: no file matches this pattern; check it (quote it to let cleantext expand it)",
    ]


def test_same_file_twice_is_cleaned_once_and_stdin_has_no_path(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("x")
    files, _ = expand_inputs([str(tmp_path / "p.txt"), str(tmp_path / "p.txt"), "-"])
    assert len(files) == 2 and files[1].is_stdin and files[1].display == "<stdin>"


def test_mirror_path_and_formats() -> None:
    item = InputFile(Path("in/x/page.HTM"), Path("in"), "in/x/page.HTM")
    assert mirror_path(item, Path("out"), "html") == Path("out/x/page.txt")
    assert [format_of(n) for n in ("a.ndjson", "a.jsonl.gz", "a.parquet", "a.html", "a.txt")] == [
        "jsonl", "jsonl", "parquet", "html", "txt"]


# -- explain, diff, report ----------------------------------------------------------------------


def test_explain_lines_truncate_long_removals_and_name_steps() -> None:
    long = "Subscribe now to read every story on every device, with offline reading and our daily puzzle pack.\n"
    result = Result("x", (Step("nfc"), Removal("paywall.x", 5, 5 + len(long), long, 3)), "rule timeout: x")
    lines = explain_lines("p.txt", result)
    assert lines[0] == "p.txt: normalizer nfc"
    assert lines[1].startswith("p.txt:3: paywall.x: Subscribe now to read every story")
    assert lines[1].endswith("…") and len(lines[1]) == len("p.txt:3: paywall.x: ") + 81
    assert lines[2] == "p.txt: fallback: rule timeout: x"


def test_unified_diff_shows_removed_lines_only() -> None:
    diff = unified_diff("p.txt", "Para one.\nSubscribe today.\nPara two.", "Para one.\nPara two.")
    assert diff.splitlines() == ["--- p.txt", "+++ p.txt (clean)", "@@ -1,3 +1,2 @@",
                                 " Para one.", "-Subscribe today.", " Para two."]
    assert unified_diff("p.txt", "same", "same") == ""


def test_record_report_is_the_adapters_report_and_sums_with_theirs() -> None:
    from cleantext.integrations import summarize

    result = Result("", (Removal("a.x", 0, 2, "a\n", 1), Removal("a.x", 2, 4, "b\n", 2), Removal("b.y", 4, 5, "c", 3)))
    report = record_report(Cleaned("a\nb\nc", result, False))
    assert report == {"status": "cleaned", "changed": True, "chars_removed": 5, "removal_count": 3,
                      "rules": {"a.x": 2, "b.y": 1}, "fallback": ""}
    assert summarize([report, report]).rules == {"a.x": 4, "b.y": 2}


# -- JSONL records ------------------------------------------------------------------------------


def test_clean_lines_keeps_order_other_fields_and_passes_bad_records_through() -> None:
    lines = [
        b'{"id": 1, "meta": {"body": "Para one.\\nSubscribe today.", "lang": "en"}, "score": 0.5}\n',
        b"\n",
        b'{"id": 2, "meta": {"body": 7}}\n',
        b'{"id": 3, "meta": {}}\n',
        b'{"id": 4, "meta": {"body": "broken"\n',
        b'["not", "an", "object"]\n',
        b'{"id": 6, "meta": {"body": "caf\xe9"}}\n',
        b'{"id": 7, "meta": {"body": "Subscribe.\\nLast one."}}',
    ]
    spec = RecordSpec(field="meta.body", report_field="cleantext")
    out = clean_lines(BannerCleaner(), lines, 10, spec, "d.jsonl")
    written = out.data.split(b"\n")
    assert json.loads(written[0]) == {"id": 1, "meta": {"body": "Para one.", "lang": "en"}, "score": 0.5,
                                      "cleantext": {"status": "cleaned", "changed": True, "chars_removed": 16,
                                                    "removal_count": 1, "rules": {"test.subscribe": 1},
                                                    "fallback": ""}}
    assert written[1:7] == [line.rstrip(b"\n") for line in lines[1:7]]
    assert json.loads(written[7])["meta"]["body"] == "Last one."
    assert out.data.endswith(b"\n")
    assert [n for n, _ in out.problems] == [12, 13, 14, 15, 16]
    reasons = dict(out.problems)
    assert reasons[12] == "field 'meta.body' is int, not a string"
    assert reasons[13] == "field 'meta.body' missing; choose the text field with --field"
    assert reasons[14].startswith("malformed JSON (") and reasons[14].endswith(", column 36)")  # just past the line's end
    assert reasons[15] == "not a JSON object but list"
    assert reasons[16] == "not valid UTF-8"
    assert out.summary.documents == 2 and out.summary.rules == {"test.subscribe": 2}
    assert sum(out.summary.not_cleaned.values()) == 5


def test_clean_lines_explain_names_record_line() -> None:
    spec = RecordSpec(doc=DocOptions(explain=True))
    out = clean_lines(BannerCleaner(), [b'{"text": "A.\\nSubscribe now."}\n'], 41, spec, "d.jsonl")
    assert out.reports == "d.jsonl#41:2: test.subscribe: Subscribe now.\n"


def test_lone_surrogate_text_is_written_through() -> None:
    line = b'{"text": "bad \\ud800 text"}\n'
    out = clean_lines(BannerCleaner(), [line], 1, RecordSpec(), "d.jsonl")
    assert out.data == line and out.problems[0][1].endswith("lone surrogate)")


def test_nested_field_lookup_prefers_literal_key() -> None:
    assert get_field({"a.b": 1, "a": {"b": 2}}, "a.b") == 1


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_compression_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"d{suffix}"
    payload = b"".join(b'{"text": "line %d"}\n' % i for i in range(500))
    with open(path, "wb") as raw, open_jsonl_writer(raw, path.name) as out:
        out.write(payload)
    if suffix == ".jsonl.gz":
        assert gzip.decompress(path.read_bytes()) == payload
    with open_jsonl_reader(path, path.name) as (stream, raw):
        chunks = list(iter_line_chunks(stream, 64, 1 << 20, path.name))
        assert raw.tell() == path.stat().st_size
    assert [len(c) for c in chunks] == [64] * 7 + [52]
    assert b"".join(b"".join(c) for c in chunks) == payload


def test_truncated_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "x"}\n' * 1000)[:-30])
    with open_jsonl_reader(path, "d.jsonl.gz") as (stream, _):
        with pytest.raises(InputError, match=r"^d\.jsonl\.gz: cannot decompress .*truncated or corrupt"):
            list(iter_line_chunks(stream, 100, 1 << 20, "d.jsonl.gz"))


def test_missing_zstandard_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.jsonl.zst"
    path.write_bytes(b"")
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(InputError, match=r"pip install cleantext-boilerplate\[zstd\]"):
        with open_jsonl_reader(path, "d.jsonl.zst"):
            pass


# -- Parquet ------------------------------------------------------------------------------------


pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _parquet(path: Path) -> None:
    meta_type = pa.struct([("body", pa.large_string()), ("lang", pa.string())])
    table = pa.table(
        {
            "id": pa.array([1, 2, 3, 4], pa.int64()),
            "meta": pa.array([{"body": "A.\nSubscribe now.", "lang": "en"}, None,
                              {"body": None, "lang": "de"}, {"body": "B.", "lang": "fr"}], meta_type),
        },
        metadata={"origin": "test"},
    )
    pq.write_table(table, path, compression="zstd")


def test_parquet_nested_column_rows_and_schema(tmp_path: Path) -> None:
    from cleantext.io.parquet import clean_values, open_parquet, report_type

    path = tmp_path / "d.parquet"
    _parquet(path)
    spec = RecordSpec(field="meta.body", report_field="report")
    source = open_parquet(path, "d.parquet", spec, max_rows=1000)
    assert source.compression == "zstd"
    batch = next(iter(source.batches()))
    assert source.texts(batch) == ["A.\nSubscribe now.", None, None, "B."]
    outcome = clean_values(BannerCleaner(), source.texts(batch), None, 0, spec, "d.parquet")
    assert [row for row, _ in outcome.problems] == [1, 2]
    rebuilt = source.rebuild(batch, outcome, "report")
    assert rebuilt.schema == source.out_schema
    assert rebuilt.schema.field("report").type == report_type()
    assert rebuilt.schema.metadata == {b"origin": b"test"}
    rows = rebuilt.to_pylist()
    assert rows[0]["meta"] == {"body": "A.", "lang": "en"}
    assert rows[1]["meta"] is None and rows[2]["meta"] == {"body": None, "lang": "de"}
    assert rows[0]["report"] == {"status": "cleaned", "changed": True, "chars_removed": 14, "removal_count": 1,
                                 "rules": '{"test.subscribe": 1}', "fallback": ""}
    assert rows[1]["report"]["status"] == "skipped" and rows[1]["report"]["rules"] == "{}"


def test_parquet_wrong_column_is_an_input_error(tmp_path: Path) -> None:
    from cleantext.io.parquet import open_parquet

    path = tmp_path / "d.parquet"
    _parquet(path)
    with pytest.raises(InputError, match=r"no column 'text' \(columns: id, meta\); choose the text column"):
        open_parquet(path, "d.parquet", RecordSpec(), 100)
    with pytest.raises(InputError, match=r"column 'id' is int64, not a string"):
        open_parquet(path, "d.parquet", RecordSpec(field="id"), 100)
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        open_parquet(tmp_path / "junk.parquet", "junk.parquet", RecordSpec(), 100)


# -- planning outputs ---------------------------------------------------------------------------


def test_plan_jobs_mirrors_refuses_collisions_and_format_changes(tmp_path: Path) -> None:
    from cleantext.io.output import UsageError, plan_jobs

    a, b = InputFile(Path("a/x.txt"), None, "a/x.txt"), InputFile(Path("b/x.txt"), None, "b/x.txt")
    with pytest.raises(UsageError, match=r"^b/x\.txt: writes to out/x\.txt, as a/x\.txt does; rename one"):
        plan_jobs([a, b], "auto", output_dir=Path("out"))
    data = InputFile(Path("d.jsonl.gz"), None, "d.jsonl.gz")
    with pytest.raises(UsageError, match="a jsonl input needs a jsonl output"):
        plan_jobs([data], "auto", output=Path("d.parquet"))
    [job] = plan_jobs([data], "auto", output=Path("clean.jsonl.zst"))
    assert (job.fmt, job.output) == ("jsonl", Path("clean.jsonl.zst"))
    [job] = plan_jobs([a], "auto", in_place=True)
    assert job.output == Path("a/x.txt") and job.in_place
    [job] = plan_jobs([InputFile(None, None, "<stdin>")], "auto")
    assert (job.fmt, job.output) == ("txt", None)
