"""The Prefect flow end to end on the corpus, checked against truth.jsonl from the Parquet read back."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as pads
import pytest
from conftest import CORPUS, field_mismatches, held_truth, load_truth, snapshot_files

from dataset import duckdb_views
from flows.pipeline import run_pipeline

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out

TRUTH = load_truth()


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS / "site", folder / "site")
    shutil.copytree(CORPUS / "snapshots", folder / "snapshots")
    return folder


@pytest.fixture(scope="module")
def first_run(prefect_harness: None, corpus_copy: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out")
    summary = run_pipeline([str(corpus_copy)], output=str(out), batch_size=10, workers=2)
    return out, summary


def test_every_field_matches_truth(first_run, corpus_copy: Path) -> None:
    out, summary = first_run
    checked, bad = field_mismatches(out, TRUTH, lambda entry: str(corpus_copy / entry["file"]))
    assert checked > 3000
    assert bad == []
    assert summary.pages == len(TRUTH)


def test_every_broken_page_is_in_rejects_with_a_reason(first_run, corpus_copy: Path) -> None:
    out, summary = first_run
    rejects = pd.read_parquet(out / "rejects")
    expected = {str(corpus_copy / t["file"]) for t in TRUTH if t.get("reject")}
    assert set(rejects["source"]) == expected
    assert rejects["reason"].notna().all() and rejects["stage"].isin(["extract", "parse", "validate"]).all()
    assert summary.rejected == len(expected)
    parsed = rejects[rejects["stage"] == "parse"]
    assert len(parsed) > 0  # each parse reject names the bytes it was given: their sha256, computed here
    for source, sha in zip(parsed["source"], parsed["raw_sha256"], strict=True):
        assert sha == hashlib.sha256(Path(source).read_bytes()).hexdigest()


def test_readable_by_pyarrow_and_duckdb_with_joinable_links(first_run) -> None:
    out, _ = first_run
    assert pads.dataset(out / "questions").count_rows() == len(held_truth(TRUTH))
    con = duckdb.connect()
    joined = con.execute(f"""
        select count(*) from read_parquet('{out}/related_links/*/*.parquet', hive_partitioning = true) l
        join read_parquet('{out}/questions/*/*.parquet', hive_partitioning = true) q
          on q.question_id = l.target_question_id
        where l.kind = 'similar_qa'""").fetchone()[0]
    # links whose target page is in the corpus as HTML, counted from truth
    html_ids = {t["question"]["question_id_hint"] for t in TRUTH if not t.get("reject") and t["question"]["source_url"]}
    expected = sum(
        1
        for t in TRUTH
        if not t.get("reject") and t["question"]["source_url"]
        for link in t["related_links"]
        if link["kind"] == "similar_qa" and link["target_id_hint"] in html_ids
    )
    assert joined == expected
    dupes = con.execute(
        f"select count(*) - count(distinct question_id) from read_parquet('{out}/questions/*/*.parquet')"
    )
    assert dupes.fetchone()[0] == 0
    described = con.execute(f"describe select * from read_parquet('{out}/questions/*/*.parquet')").fetchall()
    types = {row[0]: row[1] for row in described}
    assert (types["asked_on"], types["asker_age_min"], types["fetched_at"]) == (
        "DATE",
        "SMALLINT",
        "TIMESTAMP WITH TIME ZONE",
    )


def test_a_date_range_or_a_department_reads_only_what_it_needs(first_run) -> None:
    """Month folders are skipped by a date-range filter, and other departments' row groups by a department one."""
    out, _ = first_run
    questions = pads.dataset(out / "questions", partitioning="hive")
    months = sorted({f.path.split("asked_month=")[1].split("/")[0] for f in questions.get_fragments()})
    assert len(months) > 3
    q = pd.read_parquet(out / "questions")
    first_quarter = (q["asked_on"] >= pd.Timestamp(months[0] + "-01").date()) & (
        q["asked_on"] < pd.Timestamp(months[2] + "-01").date()
    )
    window = pads.field("asked_month") < months[2]
    picked = list(questions.get_fragments(filter=window))
    assert len(picked) == 2 and questions.to_table(filter=window).num_rows == first_quarter.sum()

    dept = q["department"].value_counts().index[0]
    groups = [rg for f in questions.get_fragments() for rg in f.split_by_row_group()]
    wanted = [rg for f in questions.get_fragments() for rg in f.split_by_row_group(pads.field("department") == dept)]
    assert len(wanted) == q.groupby("asked_month", observed=True)["department"].apply(lambda d: (d == dept).any()).sum()
    assert len(wanted) < len(groups) / 2
    assert (
        sum(rg.to_table(filter=pads.field("department") == dept).num_rows for rg in wanted)
        == (q["department"] == dept).sum()
    )


def test_the_readme_duckdb_query_runs(first_run) -> None:
    out, _ = first_run
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    sql = readme.split("```sql\n", 1)[1].split("```", 1)[0]
    con = duckdb.connect()
    con.execute(duckdb_views(out))  # as `qa-etl views` prints them
    rows = con.execute(sql).fetchall()
    q = pd.read_parquet(out / "questions")
    r = pd.read_parquet(out / "replies")
    in_2025 = q[q["asked_on"].map(lambda d: d.year == 2025)]
    assert len(rows) == len(r[(r["kind"] == "doctor") & r["question_id"].isin(in_2025["question_id"])]) > 0


def test_rerun_through_prefect_changes_nothing(first_run, corpus_copy: Path) -> None:
    out, _ = first_run
    before = snapshot_files(out)
    summary = run_pipeline([str(corpus_copy)], output=str(out), batch_size=7, workers=1)
    assert summary.commit.changed_questions == 0
    assert snapshot_files(out) == before


def test_run_summary_is_published_as_artifacts(first_run) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, summary = first_run
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["qa-etl-run-summary"])))
    [art] = [a for a in arts if summary.run_id in (a.description or "")]
    assert "Pages read" in str(art.data)
    # The headline figures, as the first run made them: every question added.
    n = summary.commit.rows["questions"]
    assert f"**Headline:** {n} questions in the dataset; this run {n} added, 0 changed" in str(art.data)
    assert "qa-etl report" in str(art.data)
