"""A run's commit: its staged batches merged into the tables, month by month and bucket by bucket,
written under hidden names, then renamed in one journal (with its `runs` row and its quality)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset import qindex
from dataset.files import (
    apply_renames,
    atomic_write_text,
    parquet_rows,
    read_parquet,
    sync_filesystem,
    write_hidden,
)
from dataset.quality import QUALITY_FILE, Measurement, evaluate, read_quality, rows_of, with_quality
from dataset.runs import RUNS_FILE, RunRow, read_runs, with_rows
from dataset.store import RESOLVED, CommitSummary, Dataset, _bucket_column
from schemas import ALL_TABLES, DATA_TABLES, PARTITION, QUESTIONS, REJECTS, SEQ, Table, month_of

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
        t = t.append_column(PART, labels).sort_by([(PART, "ascending")])
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


def _read_staged(staging: Path, table: str, parts: list[str] | None = None, columns: list[str] | None = None
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


def _drop_seq(t: pa.Table) -> pa.Table:
    return t.drop_columns([SEQ]) if SEQ in t.column_names else t


def _sorted(t: pa.Table, key: tuple[str, ...]) -> pa.Table:
    return t.sort_by([(k, "ascending") for k in key])


@dataclass
class MonthMerge:
    """What one month partition gets: the questions that leave it (replaced or moved) and the
    staged rows (by _seq) of the questions that land in it."""

    month: str
    remove: list[str] = field(default_factory=list)  # question_ids
    seqs: list[int] = field(default_factory=list)  # winning _seq of the staged questions


def _plan_months(
    ds: Dataset, run_id: str, summary: CommitSummary
) -> tuple[list[MonthMerge], pa.Table | None, pa.Table | None]:
    """Which questions change, and so which months must be rewritten.

    The page read last wins for each question; a page whose bytes and parser match the row the
    tables hold changes nothing. A question whose asked date moved to another month leaves its old
    month, so the existing month of each staged question is looked up first (one column is read).
    """
    cols = ["question_id", SEQ, "raw_sha256", "parser_version"]
    read = _read_staged(ds.staging_dir(run_id), QUESTIONS.name, columns=cols)
    if read is None:
        return [], None, None
    staged = read.rename_columns([*cols, "month"])
    winners = staged.group_by("question_id").aggregate([(SEQ, "max")]).column(f"{SEQ}_max")
    staged = staged.filter(pc.is_in(staged.column(SEQ), value_set=winners))

    ids = staged.column("question_id")
    index = qindex.current(ds)
    held = index.filter(pc.is_in(index.column("question_id"), value_set=ids))
    where = {q: (m, h, v) for q, m, h, v in zip(*(held.column(c).to_pylist() for c in held.column_names), strict=True)}

    plans: dict[str, MonthMerge] = {}
    landing: list[tuple[str, str, str, str]] = []
    for q, seq, h, v, month in zip(*(staged.column(c).to_pylist() for c in staged.column_names), strict=True):
        old = where.get(q)
        if old is not None and old[1:] == (h, v):
            summary.unchanged_questions += 1
            continue
        summary.changed_questions += 1
        landing.append((q, month, h, v))
        plans.setdefault(month, MonthMerge(month)).seqs.append(seq)
        if old is not None:
            plans.setdefault(old[0], MonthMerge(old[0])).remove.append(q)
    columns = [[row[i] for row in landing] for i in range(len(qindex.SCHEMA))]
    rows = pa.table(columns, schema=qindex.SCHEMA)
    return [plans[m] for m in sorted(plans)], index, rows


def merge_months(root: str, run_id: str, plans: list[MonthMerge]) -> list[tuple[str | None, str]]:
    """Rewrite some months of every data table into hidden files; months are independent, so groups
    of them run in parallel. The staged rows of the group's months are read once. Returns (hidden
    file, final) renames; (None, final) deletes a month left empty."""
    ds = Dataset(root)
    staging = ds.staging_dir(run_id)
    months = [p.month for p in plans]
    staged = {t.name: _read_staged(staging, t.name, months) for t in DATA_TABLES}
    renames: list[tuple[str | None, str]] = []
    for plan in plans:
        of_month = {
            name: None if t is None else t.filter(pc.equal(t.column(PART), plan.month)) for name, t in staged.items()
        }
        renames += _merge_month(ds, run_id, plan, of_month)
    return renames


def _merge_month(
    ds: Dataset, run_id: str, plan: MonthMerge, staged_rows: dict[str, pa.Table | None]
) -> list[tuple[str | None, str]]:
    seqs = pa.array(plan.seqs, pa.int64())
    questions = staged_rows[QUESTIONS.name]
    landing_ids = (
        questions.filter(pc.is_in(questions.column(SEQ), value_set=seqs)).column("question_id").to_pylist()
        if questions is not None
        else []
    )
    # Every row of a question that leaves or lands here goes, whatever the other tables' files say:
    # rows are merged by question, so a lost or damaged questions file never leaves a key twice.
    gone = pa.array(sorted({*plan.remove, *landing_ids}), pa.string())
    renames: list[tuple[str | None, str]] = []
    for table in DATA_TABLES:
        folder = ds.table_dir(table.name) / f"{PARTITION}={plan.month}"
        files = sorted(folder.glob("part-*.parquet"), key=_part_number) if folder.is_dir() else []
        staged = staged_rows[table.name]
        landing = table.arrow_schema.empty_table()
        if staged is not None and staged.num_rows:
            picked = staged.filter(pc.is_in(staged.column(SEQ), value_set=seqs))
            landing = _drop_seq(picked).select(table.column_names).cast(table.arrow_schema)
        if files and not plan.remove and len(files) < MONTH_FILES and not _holds_any(files, table, gone):
            # Only new questions, and the month is not yet in too many files: they go into a file of
            # their own beside the others, so a small run does not rewrite every month it touches.
            if landing.num_rows:
                path = folder / f"part-{_part_number(files[-1]) + 1}.parquet"
                renames.append(_write_month_file(ds, run_id, table, path, landing))
            continue
        current = [read_parquet(f, schema=table.arrow_schema) for f in files]
        kept = [t.filter(pc.invert(pc.is_in(t.column("question_id"), value_set=gone))) for t in current]
        merged = pa.concat_tables([*kept, landing])
        renames += [(None, str(f.relative_to(ds.root))) for f in files if _part_number(f) != 0]
        path = ds.partition_path(table.name, plan.month)  # the month compacted into one file
        if merged.num_rows == 0:
            if path.exists():
                renames.append((None, str(path.relative_to(ds.root))))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        renames.append(_write_month_file(ds, run_id, table, path, merged))
    return renames


MONTH_FILES = 8  # files a month may hold before the next commit that touches it compacts them into one


def _part_number(path: Path) -> int:
    try:
        return int(path.stem.removeprefix("part-"))
    except ValueError:
        return -1  # a name of someone else's: sorted first, compacted away with the rest


def _holds_any(files: list[Path], table: Table, ids: pa.Array) -> bool:
    """Whether any file of a month already holds rows of `ids` (one column read, not the rows)."""
    if table is QUESTIONS:
        return False  # the plan looked the questions up: landing ones are new to every month
    for f in files:
        held = read_parquet(f, columns=["question_id"])
        if pc.any(pc.is_in(held.column("question_id"), value_set=ids)).as_py():
            return True
    return False


def _write_month_file(ds: Dataset, run_id: str, table: Table, path: Path, rows: pa.Table) -> tuple[str | None, str]:
    if table is QUESTIONS:  # by department, one row group each, so a filter on it skips the others
        order = ("department", "asked_on", "question_id")
        return write_hidden(ds.root, path, _sorted(rows, order), run_id, row_groups_by="department", sync=False)
    return write_hidden(ds.root, path, _sorted(rows, table.key), run_id, sync=False)


MONTH_GROUP_QUESTIONS = 2_000  # staged questions merged by one task at most: its memory follows this
MONTH_GROUPS = 8  # at least this many groups when there are as many months: the workers share them


def _month_groups(plans: list[MonthMerge]) -> list[list[MonthMerge]]:
    """Consecutive months in groups of at most MONTH_GROUP_QUESTIONS staged questions, and at least
    MONTH_GROUPS groups (of about equal size) when there are enough months."""
    if not plans:
        return []
    total = sum(len(p.seqs) + len(p.remove) for p in plans)
    per = max(1, min(MONTH_GROUP_QUESTIONS, -(-total // MONTH_GROUPS)))
    groups: list[list[MonthMerge]] = [[]]
    size = 0
    for p in plans:
        weight = len(p.seqs) + len(p.remove)
        if groups[-1] and size + weight > per:
            groups.append([])
            size = 0
        groups[-1].append(p)
        size += weight
    return groups


def merge_rejects_bucket(root: str, run_id: str, bucket: int) -> list[tuple[str | None, str]]:
    """Merge one bucket of rejects into a hidden file; buckets are independent, so this runs in parallel."""
    ds = Dataset(root)
    staging = ds.staging_dir(run_id)
    staged = _read_staged(staging, REJECTS.name, [f"{bucket:03d}"])
    resolved = _read_staged(staging, RESOLVED, [f"{bucket:03d}"])
    if staged is None and resolved is None:
        return []
    path = ds.part_path(REJECTS.name, bucket)
    current = read_parquet(path) if path.exists() else REJECTS.arrow_schema.empty_table()
    drop: set[str] = set(resolved.column("source").to_pylist()) if resolved is not None else set()
    new = REJECTS.arrow_schema.empty_table()
    if staged is not None:
        staged = staged.sort_by([(SEQ, "ascending")])
        latest: dict[str, int] = {s: i for i, s in enumerate(staged.column("source").to_pylist())}
        new = _drop_seq(staged.take(sorted(latest.values()))).select(REJECTS.column_names).cast(REJECTS.arrow_schema)

        # A page rejected again for the same reason, with the same bytes and parser, keeps its old row.
        def facts(t: pa.Table) -> list[tuple[str, ...]]:
            cols = ("source", "raw_sha256", "reason", "parser_version")
            return list(zip(*(t.column(c).to_pylist() for c in cols), strict=True))

        same = set(facts(current))
        fresh = [f not in same for f in facts(new)]
        new = new.filter(pa.array(fresh, pa.bool_()))
        drop |= set(new.column("source").to_pylist())
    current_sources = current.column("source").to_pylist()
    if new.num_rows == 0 and not drop.intersection(current_sources):
        return []
    kept = current.filter(pc.invert(pc.is_in(current.column("source"), value_set=pa.array(sorted(drop), pa.string()))))
    merged = _sorted(pa.concat_tables([kept, new]), REJECTS.key)
    return [write_hidden(ds.root, ds.part_path(REJECTS.name, bucket), merged, run_id, sync=False)]


def commit_run(
    ds: Dataset,
    run_id: str,
    *,
    executor: Executor | None = None,
    after_journal: object = None,
    run: RunRow | None = None,
    on_wait: Callable[[str], object] | None = None,
    measured: Measurement | None = None,
) -> CommitSummary:
    """Merge everything `run_id` staged into the tables, atomically as seen by the next run.

    Waits for the commit lock if another run is committing (saying so through `on_wait`). `run`, its
    row in `runs`, is written `completed` in the same journal as the data; with `measured`, the run's
    quality is judged against the output's recent runs, stored in `quality` in the same journal, and
    the row says `degraded` if it fell past a threshold.
    """
    with ds.commit_lock(run_id, on_wait=on_wait or (lambda _: None)):
        return _commit(ds, run_id, executor, after_journal, run, measured)


def _commit(
    ds: Dataset,
    run_id: str,
    executor: Executor | None,
    after_journal: object,
    run: RunRow | None,
    measured: Measurement | None = None,
) -> CommitSummary:
    started = time.perf_counter()
    summary = CommitSummary()
    renames: list[tuple[str | None, str]] = []
    mapper = executor.map if executor is not None else map
    plans, index, landed = _plan_months(ds, run_id, summary)
    groups = _month_groups(plans)
    for merged in mapper(merge_months, [str(ds.root)] * len(groups), [run_id] * len(groups), groups):
        renames += merged
    for t in DATA_TABLES:  # a table's first month replaces its empty file
        landing = any(final.startswith(f"{t.name}/{PARTITION}=") and tmp for tmp, final in renames)
        if landing and ds.empty_path(t.name).exists():
            renames.append((None, str(ds.empty_path(t.name).relative_to(ds.root))))
    if index is not None and landed is not None and landed.num_rows:
        renames.append(qindex.write_index(ds, run_id, index, landed, renames))
    n = ds.buckets
    for merged in mapper(merge_rejects_bucket, [str(ds.root)] * n, [run_id] * n, range(n)):
        renames += merged
    if run is not None:
        runs = read_runs(ds.root)
        summary.status = "completed"
        if measured is not None:
            verdict = summary.quality = evaluate(ds.root, run_id, runs, measured)
            rows = rows_of(run_id, verdict, _now())
            final = ds.root / QUALITY_FILE
            final.parent.mkdir(exist_ok=True)
            renames.append(write_hidden(ds.root, final, with_quality(read_quality(ds.root), run_id, rows), run_id))
            summary.status = "degraded" if verdict.degraded else "completed"
        done = replace(run, questions_changed=summary.changed_questions).finished(summary.status)
        renames.append(write_hidden(ds.root, ds.root / RUNS_FILE, with_rows(runs, [done]), run_id))
    # Every file's footer is read before anything lands: a damaged file, even one this run does not
    # merge into, stops it here rather than after the journal, when its rows would already be in.
    counts = {f: parquet_rows(f) for t in ALL_TABLES for f in ds.part_files(t.name)}
    if renames:
        sync_filesystem(ds.root)  # every hidden file durable before the journal names it
        journal = ds.root / f"_journal-{run_id}.json"
        atomic_write_text(journal, json.dumps({"run_id": run_id, "renames": renames}))
        if callable(after_journal):
            after_journal()  # test hook: a crash between journal and renames
        apply_renames(ds.root, renames)
        journal.unlink()
    for tmp, name in renames:
        landed = ds.root / name
        if tmp is None:
            counts.pop(landed, None)
        elif landed.suffix == ".parquet":
            counts[landed] = parquet_rows(landed)
    for t in ALL_TABLES:
        summary.rows[t.name] = sum(n for f, n in counts.items() if f.is_relative_to(ds.table_dir(t.name)))
    summary.seconds = time.perf_counter() - started
    return summary


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
