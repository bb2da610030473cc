"""Staging: each batch's rows written to the run's staging folder, and read back by month or bucket.

Plain functions (no Dataset state) so worker processes can stage their own batches.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset import qindex
from dataset.store import RESOLVED, Dataset, _bucket_column
from schemas import QUESTIONS, REJECTS, SEQ, month_of

CONTENT_KEY = "content_key"  # staged questions only: see dataset.qindex.content_keys
PART = "_part"  # staging only: the month (data tables) or hash bucket (rejects) a staged row goes to


def stage_batch(root: Path, run_id: str, buckets: int, batch_no: int, tables: dict[str, pa.Table]) -> int:
    """Plain function (no Dataset state) so worker processes can stage their own batches.

    One file per table and batch, whatever the months its pages were asked in: each row carries the
    month its question was asked (replies and links come from the same page as their question, so the
    batch knows it), or for rejects its hash bucket, and the file is sorted by it, so the commit reads
    the rows of a few months without decoding the rest.
    """
    staging = Dataset(root).staging_dir(run_id)
    months = _months_by_question(tables.get(QUESTIONS.name))
    written = 0
    for name, t in tables.items():
        if t.num_rows == 0:
            continue
        if name in (REJECTS.name, RESOLVED):
            labels = pa.array([f"{b:03d}" for b in _bucket_column(t, "source", buckets).to_pylist()], pa.string())
        else:
            labels = pa.array([months[q] for q in t.column("question_id").to_pylist()], pa.string())
        t = t.append_column(PART, labels)
        if name == QUESTIONS.name:  # computed here, in the workers: the plan then reads 16 characters a row
            t = t.append_column(CONTENT_KEY, qindex.content_keys(t))
        t = t.sort_by([(PART, "ascending")])
        folder = staging / name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".batch-{batch_no:06d}.tmp"
        pq.write_table(t, tmp, compression="lz4", row_group_size=STAGED_ROW_GROUP)
        os.replace(tmp, folder / f"batch-{batch_no:06d}.parquet")
        written += 1
    return written


STAGED_ROW_GROUP = 2048


def _months_by_question(questions: pa.Table | None) -> dict[str, str]:
    if questions is None or questions.num_rows == 0:
        return {}
    days = questions.column("asked_on").to_pylist()
    return {q: month_of(d) for q, d in zip(questions.column("question_id").to_pylist(), days, strict=True)}


def read_staged(staging: Path, table: str, parts: list[str] | None = None, columns: list[str] | None = None
                 ) -> pa.Table | None:  # fmt: skip
    """The rows a run staged for `table` (only those of `parts`, if given: months or buckets), from
    every batch file, skipping row groups whose `_part` range holds none of them."""
    files = sorted((staging / table).glob("batch-*.parquet")) if (staging / table).is_dir() else []
    wanted = None if parts is None else pa.array(sorted(parts), pa.string())
    lo, hi = (min(parts), max(parts)) if parts else ("", "")
    pieces = []
    for f in files:
        pf = pq.ParquetFile(f)
        groups = list(range(pf.num_row_groups))
        if wanted is not None:
            at = pf.schema_arrow.get_field_index(PART)
            groups = [g for g in groups if _may_hold(pf.metadata.row_group(g).column(at).statistics, lo, hi)]
        if not groups:
            continue
        t = pf.read_row_groups(groups, columns=None if columns is None else [*columns, PART])
        pieces.append(t if wanted is None else t.filter(pc.is_in(t.column(PART), value_set=wanted)))
    pieces = [p for p in pieces if p.num_rows]
    return pa.concat_tables(pieces, promote_options="default") if pieces else None


def _may_hold(stats: pq.Statistics | None, lo: str, hi: str) -> bool:
    if stats is None or not stats.has_min_max:
        return True
    return not (stats.max < lo or stats.min > hi)


def drop_seq(t: pa.Table) -> pa.Table:
    return t.drop_columns([SEQ]) if SEQ in t.column_names else t


def sort_by_key(t: pa.Table, key: tuple[str, ...]) -> pa.Table:
    return t.sort_by([(k, "ascending") for k in key])
