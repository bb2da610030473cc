"""Typed loading: what an analyst gets from `dataset.load`, DuckDB views over the output, and the
column descriptions the Parquet files carry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, ROOT, held_truth, run_without_prefect

from dataset.loader import duckdb_views, load, load_all
from errors import OutputError


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("load") / "out"
    run_without_prefect([str(CORPUS / "site"), str(CORPUS / "snapshots")], out, "r1")
    return out


def test_dates_are_datetimes_ages_nullable_integers_and_few_valued_columns_categories(out: Path) -> None:
    q = load(out, "questions")
    assert str(q["asked_on"].dtype).startswith("datetime64")
    assert str(q["fetched_at"].dtype).startswith("datetime64") and str(q["fetched_at"].dt.tz) == "UTC"
    assert str(q["asker_age_min"].dtype) == "Int16" and q["asker_age_min"].isna().any()  # nulls stay nulls
    assert q["department"].dtype == "category" and q["asked_month"].dtype == "category"
    assert str(q["title"].dtype) == "string"
    # What the plain read gives instead, and why this exists: resample needs datetimes.
    plain = pd.read_parquet(out / "questions")
    assert plain["asked_on"].dtype == object and plain["asker_age_min"].dtype == "float64"
    per_year = q.set_index("asked_on").resample("YE").size()
    assert per_year.sum() == len(q)


def test_loaded_values_are_the_truth(out: Path) -> None:
    """Every question's title, asked date and age range, as truth.jsonl gives them, through the typed frame."""
    q = load(out, "questions")
    got = Counter(
        (r.title, r.asked_on.date(), None if pd.isna(r.asker_age_min) else int(r.asker_age_min)) for r in q.itertuples()
    )
    want = Counter(
        (t["question"]["title"], dt.date.fromisoformat(t["question"]["asked_on"]), t["question"].get("asker_age_min"))
        for t in held_truth()
    )
    assert sum(want.values()) >= 10 and got == want


def test_a_month_filter_and_every_table(out: Path) -> None:
    q = load(out, "questions")
    month = q["asked_month"].astype(str).max()
    some = load(out, "questions", filter=pc.field("asked_month") == month)
    assert 0 < len(some) < len(q) and set(some["asked_month"].astype(str)) == {month}
    tables = load_all(out)
    assert {"questions", "replies", "related_links", "warnings", "rejects", "runs", "quality"} <= set(tables)
    assert len(tables["warnings"]) == 0 and "check" in tables["warnings"].columns  # columns even when empty
    assert tables["rejects"]["reason"].dtype == "category" and len(tables["rejects"]) > 0


def test_load_says_what_is_wrong(tmp_path: Path, out: Path) -> None:
    with pytest.raises(OutputError, match="not an output folder"):
        load(tmp_path / "nothing", "questions")
    with pytest.raises(OutputError, match="no table 'question'"):
        load(out, "question")


def test_duckdb_views_query_the_tables_by_name(out: Path) -> None:
    con = duckdb.connect()
    con.execute(duckdb_views(out))
    n_q, n_months = con.execute("select count(*), count(distinct asked_month) from questions").fetchone() or (0, 0)
    assert n_q == len(pd.read_parquet(out / "questions")) and n_months > 1
    doctors = con.execute(
        "select count(*) from replies r join questions q using (question_id) where r.kind = 'doctor'"
    ).fetchone()
    assert doctors and doctors[0] == (pd.read_parquet(out / "replies")["kind"] == "doctor").sum()
    assert con.execute("select count(*) from warnings").fetchone() == (0,)


def test_parquet_files_carry_the_column_descriptions(out: Path) -> None:
    month = next((out / "questions").glob("asked_month=*/part-*.parquet"))
    schema = pq.read_schema(month)
    assert schema.field("asked_on").metadata == {b"description": b"The question's `Ask Date`."}
    assert schema.field("title").metadata == {b"description": b"The asker's question title."}
    assert b"One row per Q&A page" in schema.metadata[b"description"]


def test_the_readme_loading_examples_run(out: Path) -> None:
    """Every Python example of the README's "Loading the tables", run on an output as written
    (with its folder for "output"), and what it computes checked against the tables."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Loading the tables\n", 1)[1].split("\n### ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
    assert len(blocks) == 4  # dataset.load, plain pandas, polars, DuckDB
    names: dict[str, object] = {}
    for code in blocks:
        exec(code.replace('"output', f'"{out}'), names)
    q = pd.read_parquet(out / "questions")
    assert names["per_month"].sum() == len(q)  # type: ignore[attr-defined]
    assert len(names["live"]) == len(q)  # type: ignore[arg-type]
    assert str(names["questions"].schema["asked_on"]) == "Date"  # type: ignore[attr-defined]  # polars, last
    assert names["by_department"]["len"].sum() == len(q)  # type: ignore[index]
    assert names["doctors"].sum() == (pd.read_parquet(out / "replies")["kind"] == "doctor").sum()  # type: ignore[attr-defined]
    assert names["doctor_replies"] == names["doctors"].sum()  # type: ignore[attr-defined]  # DuckDB


@pytest.mark.parametrize("name", ["out[12]", "out*", "out?x", "o{a,b}"])
def test_duckdb_views_of_an_output_whose_path_reads_like_a_glob_see_only_it(tmp_path: Path, name: str) -> None:
    """An output folder named with glob characters beside outputs the pattern would match: the
    views read its own files only, so DuckDB counts its questions and no neighbour's."""
    ours = tmp_path / name
    run_without_prefect([str(ROOT / "seeds")], ours, "ours")
    for sibling in ("out1", "outx", "out2x", "oa"):  # what `out[12]`, `out*`, `out?x`, `o{a,b}` would also match
        run_without_prefect([str(CORPUS / "site")], tmp_path / sibling, sibling)
    con = duckdb.connect()
    con.execute(duckdb_views(ours))
    assert con.execute("select count(*) from questions").fetchone() == (len(pd.read_parquet(ours / "questions")),)


def test_duckdb_views_refuse_a_path_with_a_backslash_in_one_line(tmp_path: Path) -> None:
    """DuckDB takes a backslash for a folder separator: no view could read the files, so say so
    instead of printing views that fail when run."""
    ours = tmp_path / "back\\slash"
    run_without_prefect([str(ROOT / "seeds")], ours, "ours")
    with pytest.raises(OutputError, match="backslash"):
        duckdb_views(ours)
