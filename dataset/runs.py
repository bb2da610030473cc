"""The `runs` table: one row per run, kept in `<output>/runs/part-000.parquet`.

A run's row is written when it starts (`running`) and again when it ends. The final row of a run
that commits goes into the same journal as its data, so `completed` and the data land together:
a backfill trusts it to skip chunks already done.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from dataset.files import read_parquet
from parsers import PARSER_VERSION
from schemas import DONE_STATUSES, RUNS

RUNS_FILE = f"{RUNS.name}/part-000.parquet"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class RunRow:
    """A row of `runs` (see schemas.tables.RUNS for each field)."""

    run_id: str
    flow: str
    parameters: str = "{}"
    idempotency_key: str | None = None
    parent_run_id: str | None = None
    started_at: dt.datetime = field(default_factory=_now)
    finished_at: dt.datetime | None = None
    status: str = "running"
    pages: int = 0
    questions: int = 0
    replies: int = 0
    related_links: int = 0
    rejects: int = 0
    warnings: int = 0
    questions_changed: int = 0
    parser_version: str = PARSER_VERSION
    error: str | None = None
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)

    @staticmethod
    def params(**values: object) -> str:
        return json.dumps(values, sort_keys=True, default=str)

    def finished(self, status: str, error: str | None = None) -> RunRow:
        self.status, self.error, self.finished_at = status, error, _now()
        return self


def read_runs(root: str | os.PathLike[str]) -> pa.Table:
    """Every run recorded under `root`, oldest first."""
    path = Path(root) / RUNS_FILE
    if not path.exists():
        return RUNS.arrow_schema.empty_table()
    return read_parquet(path, schema=RUNS.arrow_schema)


def with_rows(current: pa.Table, rows: list[RunRow]) -> pa.Table:
    """`current` with `rows` replacing the rows of the same run_id, sorted by start."""
    ids = pa.array([r.run_id for r in rows], pa.string())
    kept = current.filter(pc.invert(pc.is_in(current.column("run_id"), value_set=ids)))
    new = pa.Table.from_pylist([asdict(r) for r in rows], RUNS.arrow_schema)
    return pa.concat_tables([kept, new]).sort_by([("started_at", "ascending"), ("run_id", "ascending")])


def completed_keys(root: str | os.PathLike[str]) -> dict[str, str]:
    """idempotency key -> run_id of the run that holds it and whose rows are in (completed or degraded)."""
    t = read_runs(root)
    done = pc.is_in(t.column("status"), value_set=pa.array(DONE_STATUSES, pa.string()))
    t = t.filter(pc.and_(done, pc.is_valid(t.column("idempotency_key"))))
    return dict(zip(t.column("idempotency_key").to_pylist(), t.column("run_id").to_pylist(), strict=True))
