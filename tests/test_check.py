"""`qa-etl validate`: a sound dataset passes; each kind of damage is found and named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, run_without_prefect

from dataset.check import check_dataset
from flows.cli import main


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sound")
    run_without_prefect([str(CORPUS / "site")], out, run_id="r1")
    return out


@pytest.fixture
def copy(sound: Path, tmp_path: Path) -> Path:
    shutil.copytree(sound, tmp_path / "out")
    return tmp_path / "out"


def checks(out: Path) -> set[tuple[str, str]]:
    return {(p.table, p.check) for p in check_dataset(out).problems}


def test_a_sound_dataset_passes(sound: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = check_dataset(sound)
    assert report.ok and report.rows["questions"] == 50 and report.rows["rejects"] == 5 and report.rows["runs"] == 1
    assert main(["validate", str(sound)]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_a_row_copied_into_another_month_is_a_duplicate_in_the_wrong_month(copy: Path) -> None:
    a, b = sorted((copy / "questions").glob("asked_month=*/part-*.parquet"))[:2]
    assert a.parent != b.parent
    pq.write_table(pa.concat_tables([pq.read_table(b), pq.read_table(a).slice(0, 1)]), b)
    found = checks(copy)
    assert ("questions", "row in the wrong month") in found
    assert any(t == "questions" and "unique" in c for t, c in found), found


def test_a_reply_moved_to_another_month_is_found(copy: Path) -> None:
    a, b = sorted((copy / "replies").glob("asked_month=*/part-*.parquet"))[:2]
    moved = pq.read_table(a).slice(0, 1)
    pq.write_table(pq.read_table(a).slice(1), a)
    pq.write_table(pa.concat_tables([pq.read_table(b), moved]), b)
    assert ("replies", "not in its question's month") in checks(copy)


def test_a_row_copied_into_another_rejects_bucket_is_found(copy: Path) -> None:
    a, b = [p for p in sorted((copy / "rejects").glob("part-*.parquet")) if pq.read_metadata(p).num_rows][:2]
    pq.write_table(pa.concat_tables([pq.read_table(b), pq.read_table(a).slice(0, 1)]), b)
    found = checks(copy)
    assert ("rejects", "row in the wrong bucket") in found
    assert any(t == "rejects" and "unique" in c for t, c in found), found


def test_replies_of_a_lost_question_file_are_orphans(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = sorted((copy / "questions").glob("asked_month=*/part-*.parquet"))[0]
    qids = set(pq.read_table(victim).column("question_id").to_pylist())
    victim.unlink()
    assert ("replies", "no such question") in checks(copy) and qids
    assert main(["validate", str(copy)]) == 1
    assert "no such question" in capsys.readouterr().out


def test_wrong_schema_and_broken_rule_are_found(copy: Path) -> None:
    part = next(p for p in sorted((copy / "replies").glob("*/part-*.parquet")) if pq.read_metadata(p).num_rows)
    t = pq.read_table(part)
    pq.write_table(t.drop_columns(["replied_on"]), part)
    rej = next(p for p in sorted((copy / "rejects").glob("part-*.parquet")) if pq.read_metadata(p).num_rows)
    t = pq.read_table(rej)
    stages = pa.array(["nowhere"] * t.num_rows)
    pq.write_table(t.set_column(t.schema.get_field_index("stage"), "stage", stages), rej)
    found = checks(copy)
    assert ("replies", "wrong schema") in found
    assert any(t == "rejects" and c.startswith("isin") for t, c in found), found


def test_a_run_recorded_twice_is_found(copy: Path) -> None:
    runs = copy / "runs" / "part-000.parquet"
    t = pq.read_table(runs)
    pq.write_table(pa.concat_tables([t, t]), runs)
    assert any(t == "runs" and "unique" in c for t, c in checks(copy))


def test_not_an_output_folder_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a qa-etl output folder" in err
