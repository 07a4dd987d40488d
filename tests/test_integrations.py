"""The dataset-tool adapters: Hugging Face datasets, datatrove and Dask give what cleantext.clean gives.

Each tool's tests skip when its extra is not installed. They run the tools for real (worker
processes, a LocalPipelineExecutor, a distributed LocalCluster) on a handful of small pages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cleantext
from cleantext.integrations import summarize

ROOT = Path(__file__).resolve().parents[1]

# Small pages as a scraper hands them over: article prose, then the publisher's prompts.
TRAM = (
    "The city council voted 9-2 on Tuesday to extend the tram line to the northern suburbs, "
    "ending a decade of debate over the route.\n"
    "Construction is expected to start next spring and to take about three years, the transport "
    "department said.\n"
    "Already subscribed? Log in.\n"
    "Want all the Times? Subscribe."
)
HARBOUR = (
    "Thank you for your patience while we verify access.\n"
    "Fishermen in the old harbour say the new breakwater has changed the currents, and catches "
    "near the mouth of the bay have fallen by a third since it was finished.\n"
    "The port authority has promised an independent study before the summer season.\n"
    "You have reached your limit of free articles."
)
# Real prose that mentions subscriptions: nothing may be removed.
LIBRARY = (
    "Readers who have reached their limit of free articles are asked to subscribe, a strategy the "
    "publisher says has doubled its digital revenue.\n"
    "The library, meanwhile, lends e-readers to anyone with a card."
)
FESTIVAL = (
    "The festival drew more than 40,000 visitors over the weekend, organisers said, despite the "
    "rain that closed the main stage on Saturday afternoon.\n"
    "To continue reading, subscribe or log in."
)
TEXTS = [TRAM, None, LIBRARY, HARBOUR, FESTIVAL, None, TRAM]
BOILERPLATE = (
    "Already subscribed? Log in.",
    "Want all the Times? Subscribe.",
    "verify access",
    "You have reached your limit of free articles.",
    "To continue reading",
)


def expected(text: str | None) -> tuple[str | None, cleantext.Result | None]:
    """What cleantext gives for one value: (clean text, Result), or the value and None if not a str."""
    if not isinstance(text, str):
        return text, None
    result = cleantext.clean_and_explain(text)
    return result.text, result


def assert_report_matches(report: dict, text: str | None) -> None:
    """A report written by an adapter says what clean_and_explain says about the same text."""
    _, result = expected(text)
    if result is None:
        assert report["status"] == "skipped"
        assert (report["chars_removed"], report["removal_count"], report["changed"]) == (0, 0, False)
        return
    rules = report["rules"]
    rules = json.loads(rules) if isinstance(rules, str) else rules
    assert report["status"] == ("fallback" if result.fallback else "cleaned")
    assert rules == dict(result.rule_counts())
    assert report["chars_removed"] == result.chars_removed
    assert report["removal_count"] == len(result.removals)
    assert report["changed"] == (result.text != text)


def test_fixture_pages_have_boilerplate_that_cleantext_removes():
    """Guard for the tests below: the pages carry boilerplate and the default rules remove it."""
    cleaned = [expected(t)[0] for t in TEXTS if t is not None]
    for marker in BOILERPLATE:
        assert any(marker in t for t in TEXTS if t), marker
        assert not any(marker in t for t in cleaned), marker
    assert expected(LIBRARY)[0] == LIBRARY
    assert expected(TRAM)[0].endswith("the transport department said.")


# -- shared report and summary ------------------------------------------------------------------


def test_summarize_adds_up_reports_of_every_shape():
    cleaner = cleantext.Cleaner()
    from cleantext.integrations._common import clean_value

    reports = [clean_value(cleaner, t)[1] for t in TEXTS]
    reports[0]["rules"] = json.dumps(reports[0]["rules"])  # the Hugging Face column form
    summary = summarize(reports + [None])
    results = [expected(t)[1] for t in TEXTS if t is not None]
    assert summary.documents == len(TEXTS)
    assert summary.skipped == 2
    assert summary.cleaned == 5
    assert summary.changed == sum(r.text != t for r, t in zip(results, [t for t in TEXTS if t]))
    assert summary.chars_removed == sum(r.chars_removed for r in results)
    assert summary.rules == sum((r.rule_counts() for r in results), start=type(summary.rules)())
    both = summary + summarize(reports[:1])
    assert both.documents == len(TEXTS) + 1
    assert both.rules["login.already-subscribed"] == summary.rules["login.already-subscribed"] + 1
    assert json.loads(json.dumps(summary.to_dict()))["skipped"] == 2


def test_cleaner_and_options_are_exclusive():
    from cleantext.integrations._common import build_cleaner

    with pytest.raises(ValueError, match="not both"):
        build_cleaner(cleantext.Cleaner(), {"preset": "ml"})
    with pytest.raises(TypeError, match="must be a cleantext.Cleaner"):
        build_cleaner("default", {})


@pytest.mark.parametrize(
    "module, names, call, extra",
    [
        ("hf_datasets", ["datasets"], "m.clean_dataset([])", "datasets"),
        ("dask", ["dask", "dask.bag"], "m.clean_bag([])", "dask"),
        ("datatrove", ["datatrove", "datatrove.pipeline.formatters.base"], "m.CleantextFormatter()", "datatrove"),
    ],
)
def test_missing_tool_names_the_extra_to_install(module, names, call, extra):
    """With the tool hidden, the adapter module still imports and its entry point says what to install."""
    code = textwrap.dedent(f"""
        import sys
        for name in {names!r}:
            sys.modules[name] = None  # makes `import name` raise ImportError
        import importlib
        m = importlib.import_module("cleantext.integrations.{module}")
        try:
            {call}
        except ImportError as e:
            print(e)
        else:
            print("no error")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"pip install 'cleantext-boilerplate[{extra}]'" in out.stdout


# -- Hugging Face datasets ----------------------------------------------------------------------


@pytest.fixture
def hf(tmp_path, monkeypatch):
    """The datasets module, with its cache in a temporary folder and no network."""
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    return datasets


def _pages_dataset(datasets):
    return datasets.Dataset.from_dict({
        "id": [f"page-{i}" for i in range(len(TEXTS))],
        "text": TEXTS,
        "lang": ["en"] * len(TEXTS),
    })


@pytest.mark.integration
def test_hf_map_function_in_two_processes_equals_clean(hf):
    from cleantext.integrations.hf_datasets import map_function

    ds = _pages_dataset(hf)
    fn = map_function(field="text", report_field="cleantext")
    out = ds.map(fn, batched=True, batch_size=2, num_proc=2, features=fn.features(ds.features))
    assert out["id"] == ds["id"]  # order kept
    assert out["lang"] == ds["lang"]  # other fields kept
    assert out["text"] == [expected(t)[0] for t in TEXTS]
    assert out["text"][1] is None and out["text"][5] is None  # None passes through
    for report, text in zip(out["cleantext"], TEXTS):
        assert_report_matches(report, text)
    summary = summarize(out["cleantext"])
    assert (summary.documents, summary.skipped, summary.cleaned) == (7, 2, 5)
    assert summary.rules["login.already-subscribed"] == 2


@pytest.mark.integration
def test_hf_plain_map_without_features_and_a_clean_first_batch(hf):
    """`ds.map(fn, batched=True)` alone works although the first batch has nothing to report."""
    from cleantext.integrations.hf_datasets import map_function

    texts = [LIBRARY, LIBRARY, TRAM, HARBOUR]
    ds = hf.Dataset.from_dict({"text": texts})
    out = ds.map(map_function(report_field="report"), batched=True, batch_size=2)
    assert out["text"] == [expected(t)[0] for t in texts]
    assert json.loads(out["report"][0]["rules"]) == {}
    assert json.loads(out["report"][2]["rules"]) == dict(expected(TRAM)[1].rule_counts())


@pytest.mark.integration
def test_hf_clean_dataset_survives_an_all_none_first_batch(hf):
    from cleantext.integrations.hf_datasets import clean_dataset

    texts = [None, None, TRAM, FESTIVAL]
    ds = hf.Dataset.from_dict({"text": texts, "n": [1, 2, 3, 4]})
    out = clean_dataset(ds, batch_size=2, report_field="report")
    assert out["text"] == [None, None, expected(TRAM)[0], expected(FESTIVAL)[0]]
    assert out["n"] == [1, 2, 3, 4]
    assert [r["status"] for r in out["report"]] == ["skipped", "skipped", "cleaned", "cleaned"]


@pytest.mark.integration
def test_hf_output_field_keeps_the_original_and_num_proc_2(hf):
    from cleantext.integrations.hf_datasets import clean_dataset

    ds = _pages_dataset(hf)
    out = clean_dataset(ds, output_field="clean_text", num_proc=2, batch_size=3)
    assert out.column_names == ["id", "text", "lang", "clean_text"]
    assert out["text"] == TEXTS
    assert out["clean_text"] == [expected(t)[0] for t in TEXTS]


@pytest.mark.integration
def test_hf_url_field_applies_site_rules(hf, tmp_path):
    from cleantext.integrations.hf_datasets import clean_dataset

    pack = _site_pack(tmp_path)
    page = TRAM + "\nListen to the Tram Files podcast every Friday."
    urls = ["https://www.example-news.com/2024/tram", "https://other.org/tram", None]
    ds = hf.Dataset.from_dict({"text": [page] * 3, "url": urls})
    out = clean_dataset(ds, url_field="url", rules=[pack])
    want = [cleantext.clean(page, url=u, rules=[pack]) for u in urls]
    assert out["text"] == want
    assert "podcast" not in want[0] and "podcast" in want[1] and "podcast" in want[2]


@pytest.mark.integration
def test_hf_dataset_dict_and_streaming(hf):
    from cleantext.integrations.hf_datasets import clean_dataset

    dd = hf.DatasetDict({"train": _pages_dataset(hf), "test": hf.Dataset.from_dict({"text": [HARBOUR]})})
    out = clean_dataset(dd, report_field="report")
    assert out["train"]["text"] == [expected(t)[0] for t in TEXTS]
    assert out["test"]["text"] == [expected(HARBOUR)[0]]
    streamed = clean_dataset(_pages_dataset(hf).to_iterable_dataset(), batch_size=3)
    assert [row["text"] for row in streamed] == [expected(t)[0] for t in TEXTS]


@pytest.mark.integration
def test_hf_missing_column_is_named(hf):
    from cleantext.integrations.hf_datasets import clean_dataset

    with pytest.raises(KeyError, match="'body' is not in the dataset \\(columns: id, text, lang\\)"):
        clean_dataset(_pages_dataset(hf), field="body")


@pytest.mark.integration
def test_hf_fingerprint_is_deterministic_and_tracks_settings(hf, caplog, tmp_path):
    """Equal settings hash equal (here and in a process with another hash seed); others differ.

    The rules are a private pack, so that the comparison across processes holds still while the
    built-in packs are being edited (an edit rightly changes the fingerprint).
    """
    from datasets.fingerprint import Hasher, fingerprint_warnings

    from cleantext.integrations.hf_datasets import map_function

    own = {"builtin_rules": False, "rules": [_site_pack(tmp_path)]}
    fingerprint_warnings.clear()  # the hashing warning is shown once per process; re-arm it
    first = Hasher.hash(map_function(report_field="r", **own))
    assert Hasher.hash(map_function(report_field="r", **own)) == first
    assert Hasher.hash(map_function(report_field="r", preset="ml", **own)) != first
    assert Hasher.hash(map_function(report_field="r", max_removed_share=0.5, **own)) != first
    assert Hasher.hash(map_function(report_field="other", **own)) != first
    assert Hasher.hash(map_function(report_field="r")) != first  # the built-in packs as well
    code = (
        "from datasets.fingerprint import Hasher\n"
        "from cleantext.integrations.hf_datasets import map_function\n"
        f"print(Hasher.hash(map_function(report_field='r', **{own!r})))\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert other.stdout.strip() == first, other.stderr
    ds = _pages_dataset(hf)
    a = ds.map(map_function(**own), batched=True)
    b = ds.map(map_function(**own), batched=True)
    assert a._fingerprint == b._fingerprint
    assert "couldn't be hashed properly" not in caplog.text


@pytest.mark.integration
def test_hf_fingerprint_changes_when_a_rule_pack_is_edited(hf, tmp_path):
    from datasets.fingerprint import Hasher

    from cleantext.integrations.hf_datasets import map_function

    pack = _site_pack(tmp_path)
    before = Hasher.hash(map_function(rules=[pack]))
    text = Path(pack).read_text().replace("every Friday", "every Friday!")
    text = text.replace("tram files podcast", "tram files (podcast|show)")
    stat = os.stat(pack)
    Path(pack).write_text(text)
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a later edit, even on coarse clocks
    assert Hasher.hash(map_function(rules=[pack])) != before


def _site_pack(folder: Path) -> str:
    """A one-rule pack for one site, to check that URLs reach the cleaner."""
    path = folder / "example_news.yaml"
    path.write_text(textwrap.dedent("""\
        pack: examplenews
        schema: 1
        summary: House promotions printed by example-news.com only.
        sites: [example-news.com]
        rules:
          - id: examplenews.podcast-promo
            summary: Promotion of the paper's own tram podcast.
            match:
              any: ['^listen to the tram files podcast\\b']
            examples:
              remove: ["Listen to the Tram Files podcast every Friday."]
              keep: ["Residents said they listen to the tram files podcast on the way to work."]
        """))
    return str(path)


# -- datatrove ----------------------------------------------------------------------------------


@pytest.mark.integration
def test_datatrove_jsonl_pipeline_two_tasks(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleantext.integrations.datatrove import CleantextFormatter

    pages = [t for t in TEXTS if t is not None]  # a JSONL reader drops records without text
    (tmp_path / "in").mkdir()
    for shard in range(2):
        with open(tmp_path / "in" / f"{shard}.jsonl", "w") as f:
            for i, text in enumerate(pages):
                record = {"id": f"{shard}-{i}", "text": text, "url": "https://news.example/x", "section": "city"}
                f.write(json.dumps(record) + "\n")
    step = CleantextFormatter(report_key="cleantext")
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), step, JsonlWriter(str(tmp_path / "out"), compression=None)],
        tasks=2,
        workers=2,  # two worker processes: the step is pickled into each
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    for shard in range(2):
        rows = [json.loads(line) for line in open(tmp_path / "out" / f"{shard:05d}.jsonl")]
        assert [r["id"] for r in rows] == [f"{shard}-{i}" for i in range(len(pages))]
        assert [r["text"] for r in rows] == [expected(t)[0] for t in pages]
        for row, text in zip(rows, pages):
            assert row["metadata"]["section"] == "city"
            assert_report_matches(row["metadata"]["cleantext"], text)

    stats = {s["name"]: s["stats"] for s in json.loads((tmp_path / "logs" / "stats.json").read_text())}
    mine = stats[str(step)]
    results = [expected(t)[1] for t in pages] * 2
    assert _total(mine["total"]) == len(results)
    assert _total(mine["changed"]) == sum(r.text != t for r, t in zip(results, pages * 2))
    assert _total(mine["chars_removed"]) == sum(r.chars_removed for r in results)
    assert _total(mine["removals"]) == sum(len(r.removals) for r in results)
    rule_totals = sum((r.rule_counts() for r in results), start=type(results[0].rule_counts())())
    assert {k[len("rule/"):]: _total(v) for k, v in mine.items() if k.startswith("rule/")} == dict(rule_totals)
    assert "skipped" not in mine and "fallback" not in mine


def _total(stat) -> float:
    """A datatrove stat as saved: a bare number, or a dict with its total."""
    return stat["total"] if isinstance(stat, dict) else stat


@pytest.mark.integration
def test_datatrove_step_on_documents_counts_skips_and_fallbacks():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleantext.integrations.datatrove import CleantextFormatter

    # Mostly prompts: removing them would take far more than 10% of the words, so the page is kept.
    huge = "\n".join(["The vote is on Tuesday."] + ["Already subscribed? Log in."] * 30)
    docs = [
        Document(text=TRAM, id="a", metadata={"url": "https://news.example/a"}),
        Document(text=None, id="b"),  # type: ignore[arg-type]  # readers of odd data make these
        Document(text=huge, id="c"),
        Document(text=LIBRARY, id="d"),
    ]
    step = CleantextFormatter(max_removed_share=0.1)
    out = list(step(docs))
    assert [d.id for d in out] == ["a", "b", "c", "d"]
    fallback = cleantext.Cleaner(max_removed_share=0.1).clean_and_explain(huge)
    assert fallback.fallback  # guard: this page does trip the limit
    assert [d.text for d in out] == [expected(TRAM)[0], None, fallback.text, LIBRARY]
    assert all("cleantext" not in d.metadata for d in out)  # no report unless asked
    stats = step.stats.stats
    assert stats["total"].total == 4
    assert stats["skipped"].total == 1
    assert stats["fallback"].total == 1
    assert stats["rule/login.already-subscribed"].total == 1
    assert step.format(TRAM) == expected(TRAM)[0]


# -- Dask ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client():
    """A real two-process cluster, shared by the Dask tests and closed after them."""
    pytest.importorskip("dask.bag")
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.integration
def test_dask_bag_of_dicts_on_a_cluster(dask_client):
    import dask.bag as db

    from cleantext.integrations.dask import clean_bag

    records = [{"id": i, "text": t, "source": "crawl-7"} for i, t in enumerate(TEXTS)]
    records.append({"id": 99, "source": "crawl-7"})  # a record without the field at all
    bag = db.from_sequence(records, npartitions=3)
    out = clean_bag(bag, field="text", report_field="cleantext").compute()
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert all(r["source"] == "crawl-7" for r in out)
    assert [r.get("text") for r in out[:-1]] == [expected(t)[0] for t in TEXTS]
    assert "text" not in out[-1]
    for row, text in zip(out, TEXTS + [None]):
        assert_report_matches(row["cleantext"], text)
    assert records[0]["text"] == TRAM and "cleantext" not in records[0]  # inputs not mutated
    assert summarize(r["cleantext"] for r in out).skipped == 3


@pytest.mark.integration
def test_dask_bag_of_strings_on_a_cluster(dask_client):
    import dask.bag as db

    from cleantext.integrations.dask import clean_bag

    bag = db.from_sequence(TEXTS, npartitions=2)
    assert clean_bag(bag).compute() == [expected(t)[0] for t in TEXTS]
    assert clean_bag(bag).name == clean_bag(bag).name  # deterministic task keys
    assert clean_bag(bag).name != clean_bag(bag, preset="ml").name
    pairs = clean_bag(bag, report_field="cleantext").compute()
    assert [text for text, _ in pairs] == [expected(t)[0] for t in TEXTS]
    for (_, report), text in zip(pairs, TEXTS):
        assert_report_matches(report, text)
    with pytest.raises(TypeError, match="pass field=None"):
        clean_bag(db.from_sequence(["just a string"]), field="text").compute()


@pytest.mark.integration
def test_dask_dataframe_on_a_cluster(dask_client, tmp_path):
    import dask.dataframe as dd
    import pandas as pd

    from cleantext.integrations.dask import clean_dataframe

    pack = _site_pack(tmp_path)
    # the promotion comes before the paywall cut, so that the site rule (not the cut) takes it
    page = "Listen to the Tram Files podcast every Friday.\n" + FESTIVAL
    texts = TEXTS + [page, page]
    urls = [None] * len(TEXTS) + ["https://example-news.com/fest", "https://other.org/fest"]
    frame = pd.DataFrame(
        {"text": texts, "url": urls, "words": [len((t or "").split()) for t in texts]},
        index=pd.Index(range(100, 100 + len(texts)), name="row"),
    )
    ddf = dd.from_pandas(frame, npartitions=3)
    lazy = clean_dataframe(ddf, url_column="url", report_column="cleantext", rules=[pack])
    assert lazy._name == clean_dataframe(ddf, url_column="url", report_column="cleantext", rules=[pack])._name
    assert list(lazy.columns) == ["text", "url", "words", "cleantext"]
    assert lazy.divisions == ddf.divisions
    out = lazy.compute()
    assert list(out.index) == list(frame.index)
    assert out["words"].tolist() == frame["words"].tolist()
    want = [None if t is None else cleantext.clean(t, url=u, rules=[pack]) for t, u in zip(texts, urls)]
    got = [t if isinstance(t, str) else None for t in out["text"]]  # pandas shows a missing str as NaN
    assert got == want
    assert out["text"].dtype == ddf["text"].dtype  # dtype kept (Dask may have made it string[pyarrow])
    assert [r["status"] for r in out["cleantext"]].count("skipped") == 2
    assert out["cleantext"].iloc[-2]["rules"] == {
        **expected(FESTIVAL)[1].rule_counts(), "examplenews.podcast-promo": 1
    }
    with pytest.raises(KeyError, match="'body' is not in the dataframe"):
        clean_dataframe(ddf, column="body")


# -- the examples stay runnable -----------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    "script, needs",
    [
        ("hf_datasets_example.py", "datasets"),
        ("datatrove_example.py", "datatrove"),
        ("dask_example.py", "distributed"),
    ],
)
def test_example_runs(script, needs, tmp_path):
    pytest.importorskip(needs)
    env = dict(os.environ, HF_DATASETS_CACHE=str(tmp_path / "hf-cache"), HF_DATASETS_OFFLINE="1")
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / script)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Already subscribed? Log in." not in out.stdout
    assert "removed" in out.stdout
    assert "the transport department said." in out.stdout
