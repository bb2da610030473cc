"""The `quality` table: each run's metrics against its baseline, kept in `<output>/quality/part-000.parquet`.

Written in the commit's journal with the run's rows and its `runs` row, so a run's status
(`completed` or `degraded`) and the measurements behind it land together.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from dataset.files import read_parquet
from quality import Thresholds, Verdict, judge, metrics_of
from schemas import QUALITY

QUALITY_FILE = f"{QUALITY.name}/part-000.parquet"


@dataclass(frozen=True)
class Measurement:
    """What a run hands its commit: its summed counts, and the thresholds to judge them by."""

    counts: Mapping[str, int]
    thresholds: Thresholds = field(default_factory=Thresholds)


def read_quality(root: str | os.PathLike[str]) -> pa.Table:
    path = Path(root) / QUALITY_FILE
    if not path.exists():
        return QUALITY.arrow_schema.empty_table()
    return read_parquet(path, schema=QUALITY.arrow_schema)


def history(runs: pa.Table, quality: pa.Table, thresholds: Thresholds, exclude: str) -> list[tuple[str, dict]]:
    """(run_id, metrics) of the runs a baseline may come from, oldest first: completed (not degraded,
    failed or crashed) runs with enough pages. Backfills' own rows have no metrics; their chunks do."""
    rows = [
        r
        for r in runs.sort_by([("started_at", "ascending")]).to_pylist()
        if r["status"] == "completed" and (r["pages"] or 0) >= thresholds.min_pages and r["run_id"] != exclude
    ]
    wanted = [r["run_id"] for r in rows][-thresholds.window * 4 :]  # a few spare, for runs measured before
    held = quality.filter(pc.is_in(quality.column("run_id"), value_set=pa.array(wanted, pa.string())))
    by_run: dict[str, dict[str, float | None]] = {}
    for run_id, metric, value in zip(*(held.column(c).to_pylist() for c in ("run_id", "metric", "value")), strict=True):
        by_run.setdefault(run_id, {})[metric] = value
    return [(run, by_run[run]) for run in wanted if run in by_run]


def evaluate(root: str | os.PathLike[str], run_id: str, runs: pa.Table, m: Measurement) -> Verdict:
    metrics = metrics_of(m.counts)
    return judge(
        metrics, m.counts.get("pages", 0), history(runs, read_quality(root), m.thresholds, run_id), m.thresholds
    )


def rows_of(run_id: str, verdict: Verdict, when: dt.datetime) -> list[dict[str, object]]:
    return [
        {
            "run_id": run_id,
            "metric": r.metric,
            "value": r.value,
            "baseline": r.baseline,
            "baseline_runs": len(verdict.baseline_runs),
            "pages": verdict.pages,
            "degraded": r.degraded,
            "reason": r.reason,
            "measured_at": when,
        }
        for r in verdict.results
    ]


def with_quality(current: pa.Table, run_id: str, rows: list[dict[str, object]]) -> pa.Table:
    kept = current.filter(pc.invert(pc.equal(current.column("run_id"), run_id)))
    new = pa.Table.from_pylist(rows, QUALITY.arrow_schema)
    return pa.concat_tables([kept, new])
