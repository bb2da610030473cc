"""The quality monitor: metrics from counts, judged against a baseline of earlier runs, by hand-made
numbers; then stored with a run's commit, read back from Parquet."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from conftest import CORPUS

from quality import Thresholds, batch_counts, judge, metrics_of

T = Thresholds()


def _base(**metrics: float | None) -> list[tuple[str, dict[str, float | None]]]:
    return [("r1", dict(metrics)), ("r2", dict(metrics)), ("r3", dict(metrics))]


def test_metrics_from_counts() -> None:
    counts = {
        "pages": 50, "rejected": 5, "parsed": 45, "warned": 9,
        "rows:questions": 45, "filled:questions.asker_name": 36,
        "rows:replies.doctor": 90, "rows:replies.more_info": 40, "rows:related_links.similar_qa": 0,
    }  # fmt: skip
    m = metrics_of(counts)
    assert m["reject_rate"] == 0.1
    assert m["warning_rate"] == 0.2
    assert m["coverage:questions.asker_name"] == 0.8
    assert m["rows_per_page:replies.doctor"] == 2.0
    assert m["rows_per_page:related_links.similar_qa"] == 0.0
    assert m["coverage:related_links.similar_qa.doctor_name"] is None  # no rows: nothing to measure


def test_counts_from_a_batchs_rows() -> None:
    links = pa.table(
        {
            "question_id": ["a", "a", "b"],
            "kind": ["similar_qa", "related_faq", "similar_qa"],
            "url": ["u", None, "v"],
            "question_snippet": [None, None, "s"],
            "doctor_name": ["d", None, None],
            "department": ["x", "y", "z"],
            "reply_snippet": [None, None, None],
        }
    )
    warnings = pa.table({"question_id": ["a", "a"], "check": ["section_empty", "entry_incomplete"]})
    questions = pa.table({c: ["v", None] for c in ("question_id", *__import__("quality").FIELDS[("questions", None)])})
    c = batch_counts(3, 1, {"questions": questions, "related_links": links, "warnings": warnings})
    assert (c["pages"], c["rejected"], c["parsed"], c["warned"]) == (3, 1, 2, 1)
    assert c["rows:related_links.similar_qa"] == 2 and c["rows:related_links.related_faq"] == 1
    assert c["filled:related_links.similar_qa.doctor_name"] == 1
    assert c["filled:related_links.related_faq.url"] == 0
    assert c["warnings:section_empty"] == 1


def test_the_second_witness_is_measured() -> None:
    """Fields structured data confirmed over those it declared; questions read from it over parsed."""
    filled = {c: ["v"] * 4 for c in __import__("quality").FIELDS[("questions", None)]}
    questions = pa.table(
        {
            **filled,
            "question_id": ["a", "b", "c", "d"],
            "read_from": ["visible", "visible", "structured_data", "visible"],
            "fields_compared": pa.array([8, 2, 0, 0], pa.int16()),
            "fields_confirmed": pa.array([7, 2, 0, 0], pa.int16()),
        }
    )
    m = metrics_of(batch_counts(4, 0, {"questions": questions}))
    assert m["witness_confirmed"] == 9 / 10
    assert m["structured_data_rate"] == 1 / 4
    none = metrics_of(batch_counts(1, 0, {"questions": questions.slice(3)}))
    assert none["witness_confirmed"] is None and none["structured_data_rate"] == 0


@pytest.mark.parametrize(
    ("metric", "base", "value", "degraded"),
    [
        ("rows_per_page:related_links.similar_qa", 4.0, 2.1, False),  # fell by less than half
        ("rows_per_page:related_links.similar_qa", 4.0, 1.9, True),  # by more than half
        ("rows_per_page:replies.more_info", 0.0, 0.0, False),  # nothing to fall from
        ("coverage:questions.asker_name", 0.9, 0.71, False),  # 19 points
        ("coverage:questions.asker_name", 0.9, 0.69, True),  # 21 points
        ("reject_rate", 0.01, 0.04, False),  # 4x, but under 5 %
        ("reject_rate", 0.04, 0.07, False),  # over 5 %, but under 2x
        ("reject_rate", 0.03, 0.07, True),  # over 5 % and over 2x
        ("reject_rate", 0.0, 0.06, True),
        ("warning_rate", 0.0, 0.5, True),
        ("warning_rate", 0.5, 0.6, False),  # warnings are this output's normal
        ("witness_confirmed", 0.99, 0.95, False),  # 4 points
        ("witness_confirmed", 0.99, 0.90, True),  # 9 points: the page and its structured data part ways
        ("structured_data_rate", 0.0, 0.04, False),  # under 5 %
        ("structured_data_rate", 0.0, 0.97, True),  # a relaunch read from its structured data
        ("structured_data_rate", 0.5, 0.6, False),  # this output's normal
    ],
)
def test_each_threshold(metric: str, base: float, value: float, degraded: bool) -> None:
    v = judge({metric: value}, 100, _base(**{metric: base}), T)
    assert v.judged and v.degraded is degraded
    assert (v.results[0].reason is not None) is degraded


def test_no_baseline_or_too_few_pages_is_never_degraded() -> None:
    metric = {"rows_per_page:related_links.similar_qa": 0.0}
    first = judge(metric, 500, [], T)
    assert not first.judged and not first.degraded and "no baseline" in (first.why_not_judged or "")
    few = judge(metric, 19, _base(**{"rows_per_page:related_links.similar_qa": 4.0}), T)
    assert not few.judged and not few.degraded and "19 pages" in (few.why_not_judged or "")
    assert few.results[0].baseline == 4.0  # still stored with its baseline, for the record


def test_a_first_run_read_from_structured_data_is_degraded_against_the_known_normal() -> None:
    """No baseline yet, but a site is read from its visible labels: a first run over a relaunch whose
    questions all came from structured data is degraded, not the baseline of every run after it."""
    metrics = {"structured_data_rate": 1.0, "rows_per_page:related_links.similar_qa": 0.0}
    first = judge(metrics, 40, [], T)
    assert not first.judged and first.degraded
    assert [r.metric for r in first.failing] == ["structured_data_rate"]
    assert first.describe().startswith("degraded against the site's known normal")
    assert not judge({"structured_data_rate": 0.04}, 40, [], T).degraded  # under 5 %
    assert not judge({"structured_data_rate": 1.0}, 19, [], T).degraded  # too few pages to say


def test_baseline_is_the_median_of_the_last_window_runs() -> None:
    history = [(f"r{i}", {"reject_rate": x}) for i, x in enumerate([0.5, 0.5, 0.0, 0.01, 0.02, 0.03, 0.04])]
    v = judge({"reject_rate": 0.08}, 100, history, Thresholds(window=5))
    assert v.baseline_runs == ["r2", "r3", "r4", "r5", "r6"]
    assert v.results[0].baseline == 0.02 and v.degraded  # the two old 50 % runs are out of the window


def test_thresholds_are_configurable() -> None:
    metric = "rows_per_page:related_links.similar_qa"
    assert not judge({metric: 1.0}, 100, _base(**{metric: 4.0}), Thresholds(section_drop=0.8)).degraded
    with pytest.raises(ValueError):
        Thresholds(coverage_drop=2).check()


def test_a_commit_stores_its_quality_and_a_degraded_run_says_so(tmp_path) -> None:
    """Three runs through the plain steps: two of the corpus (the second is judged against the first),
    then one of pages whose Similar Q&A and Related FAQ headings were renamed to something no shape
    reveals: it commits, and its runs row says degraded."""
    from dataset import Dataset, commit_run
    from dataset.quality import Measurement
    from engine.steps import process_batch
    from flows.pipeline import batched
    from schemas import latest_valid_day
    from sources import check_sources, iter_pages

    def run(source, run_id: str) -> object:
        ds = Dataset(tmp_path / "out")
        counts: dict = {}
        with ds.writer(run_id) as row:
            paths = list(iter_pages(check_sources([str(source)]).paths))
            total = __import__("collections").Counter()
            for n, batch in enumerate(batched(paths, 25)):
                b = process_batch(n, batch, output=str(ds.root), run_id=run_id, buckets=ds.buckets,
                                  today=latest_valid_day())  # fmt: skip
                total.update(b.counts)
            row.pages = total["pages"]
            counts = dict(total)
            return commit_run(ds, run_id, run=row, measured=Measurement(counts))

    site = CORPUS / "site/en/qa"
    first = run(site, "first")
    assert first.status == "completed" and not first.quality.judged
    second = run(site, "second")
    assert second.status == "completed" and second.quality.judged and not second.quality.degraded
    assert second.quality.baseline_runs == ["first"]

    broken = tmp_path / "relaunch"
    broken.mkdir()
    for page in site.glob("*.html"):  # headings renamed to words with no entries' shape under them
        text = page.read_bytes().replace(b"Similar Q&amp;A", b"Elsewhere").replace(b"Related FAQ", b"More")
        text = text.replace(b"[Read More]", b"").replace(b" reply ", b" says ")
        (broken / page.name).write_bytes(text)
    third = run(broken, "third")
    assert third.status == "degraded" and third.quality.degraded
    failing = {r.metric for r in third.quality.failing}
    assert {"rows_per_page:related_links.similar_qa", "rows_per_page:related_links.related_faq"} <= failing

    runs = pd.read_parquet(tmp_path / "out" / "runs").set_index("run_id")
    assert list(runs.loc[["first", "second", "third"], "status"]) == ["completed", "completed", "degraded"]
    q = pd.read_parquet(tmp_path / "out" / "quality")
    assert set(q["run_id"]) == {"first", "second", "third"}
    third_rows = q[q["run_id"] == "third"].set_index("metric")
    assert bool(third_rows.loc["rows_per_page:related_links.similar_qa", "degraded"])
    assert third_rows.loc["rows_per_page:related_links.similar_qa", "value"] == 0.0
    assert third_rows["baseline_runs"].iloc[0] == 2
    assert len(pd.read_parquet(tmp_path / "out" / "questions")) > 0  # its rows are in
