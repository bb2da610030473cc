"""A run's commit: its staged batches merged into the tables, month by month and bucket by bucket,
written under hidden names, then renamed in one journal (with its `runs` row and its quality)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from dataset import qindex
from dataset.changes import (
    PART_FOR,
    differing_parts,
    to_rows,
    with_removed_at,
    write_changes,
)
from dataset.files import journaled, parquet_rows, read_parquet, write_hidden
from dataset.plan import MonthMerge, plan_commit
from dataset.quality import QUALITY_FILE, Measurement, evaluate, read_quality, rows_of, with_quality
from dataset.runs import RUNS_FILE, RunRow, read_runs, with_rows
from dataset.staging import PART, drop_seq, read_staged, sort_by_key
from dataset.store import RESOLVED, CommitSummary, Dataset
from schemas import ALL_TABLES, DATA_TABLES, PARTITION, QUESTIONS, REJECTS, SEQ, Table


def merge_months(
    root: str, run_id: str, plans: list[MonthMerge]
) -> tuple[list[tuple[str | None, str]], dict[str, set[str]]]:
    """Rewrite some months of every data table into hidden files; months are independent, so groups
    of them run in parallel. The staged rows of the group's months are read once. Returns (hidden
    file, final) renames ((None, final) deletes a file), and for each question replaced in place
    the parts (tables) whose rows differ."""
    ds = Dataset(root)
    staging = ds.staging_dir(run_id)
    months = [p.month for p in plans]
    staged = {t.name: read_staged(staging, t.name, months) for t in DATA_TABLES}
    renames: list[tuple[str | None, str]] = []
    parts: dict[str, set[str]] = {}
    for plan in plans:
        of_month = {
            name: None if t is None else t.filter(pc.equal(t.column(PART), plan.month)) for name, t in staged.items()
        }
        renames += _merge_month(ds, run_id, plan, of_month, parts)
    return renames, parts


def _merge_month(
    ds: Dataset, run_id: str, plan: MonthMerge, staged_rows: dict[str, pa.Table | None], parts: dict[str, set[str]]
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
            landing = drop_seq(picked).select(table.column_names).cast(table.arrow_schema)
        tombstones = plan.tombstone if table is QUESTIONS else []
        if (
            files
            and not plan.remove
            and not tombstones
            and len(files) < MONTH_FILES
            and not _holds_any(files, table, gone)
        ):
            # Only new questions, and the month is not yet in too many files: they go into a file of
            # their own beside the others, so a small run does not rewrite every month it touches.
            if landing.num_rows:
                path = folder / f"part-{_part_number(files[-1]) + 1}.parquet"
                renames.append(_write_month_file(ds, run_id, table, path, landing))
            continue
        current = [read_parquet(f, schema=table.arrow_schema) for f in files]
        replaced = sorted(set(plan.remove).intersection(landing_ids))  # the same month, before and after
        if replaced:
            old = pa.concat_tables(current) if current else table.arrow_schema.empty_table()
            for q, differs in differing_parts(table, old, landing, replaced).items():
                if differs:
                    parts.setdefault(q, set()).add(PART_FOR[table.name])
        kept = [t.filter(pc.invert(pc.is_in(t.column("question_id"), value_set=gone))) for t in current]
        merged = pa.concat_tables([*kept, landing])
        if tombstones:  # held ones, and pages read again in this run before their URL answered 404
            assert plan.at is not None
            merged = with_removed_at(merged, tombstones, plan.at)
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
    """Whether any file of a month already holds rows of `ids` (one column read, not the rows). The
    plan found the landing questions new in the index; this is what keeps an index that lies (a file
    changed behind its back at the same size and time) from making a question twice."""
    for f in files:
        held = read_parquet(f, columns=["question_id"])
        if pc.any(pc.is_in(held.column("question_id"), value_set=ids)).as_py():
            return True
    return False


def _write_month_file(ds: Dataset, run_id: str, table: Table, path: Path, rows: pa.Table) -> tuple[str | None, str]:
    if table is QUESTIONS:  # by department, one row group each, so a filter on it skips the others
        order = ("department", "asked_on", "question_id")
        return write_hidden(ds.root, path, sort_by_key(rows, order), run_id, row_groups_by="department", sync=False)
    return write_hidden(ds.root, path, sort_by_key(rows, table.key), run_id, sync=False)


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
    staged = read_staged(staging, REJECTS.name, [f"{bucket:03d}"])
    resolved = read_staged(staging, RESOLVED, [f"{bucket:03d}"])
    if staged is None and resolved is None:
        return []
    path = ds.part_path(REJECTS.name, bucket)
    current = read_parquet(path) if path.exists() else REJECTS.arrow_schema.empty_table()
    drop: set[str] = set(resolved.column("source").to_pylist()) if resolved is not None else set()
    new = REJECTS.arrow_schema.empty_table()
    if staged is not None:
        staged = staged.sort_by([(SEQ, "ascending")])
        latest: dict[str, int] = {s: i for i, s in enumerate(staged.column("source").to_pylist())}
        new = drop_seq(staged.take(sorted(latest.values()))).select(REJECTS.column_names).cast(REJECTS.arrow_schema)

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
    merged = sort_by_key(pa.concat_tables([kept, new]), REJECTS.key)
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
    at = _now()
    plan = plan_commit(ds, run_id, summary, at)
    groups = _month_groups(plan.months if plan is not None else [])
    parts: dict[str, set[str]] = {}
    for merged, differing in mapper(merge_months, [str(ds.root)] * len(groups), [run_id] * len(groups), groups):
        renames += merged
        parts.update(differing)
    for t in DATA_TABLES:  # a table's first month replaces its empty file
        landing = any(final.startswith(f"{t.name}/{PARTITION}=") and tmp for tmp, final in renames)
        if landing and ds.empty_path(t.name).exists():
            renames.append((None, str(ds.empty_path(t.name).relative_to(ds.root))))
    if plan is not None and (plan.changes or plan.added.num_rows):
        removed = [c.question_id for c in plan.changes if c.change == "removed"]
        renames.append(qindex.write_index(ds, run_id, plan.index, plan.landing, removed, plan.dropped, renames))
        for c in plan.changes:
            if c.parts is not None:
                c.parts = {"question"} if c.question_id in plan.moved else parts.get(c.question_id, set())
        feed = to_rows(plan.changes, run_id, at, plan.added)
        summary.changes = Counter(feed.column("change").to_pylist())
        renames += write_changes(ds, run_id, feed, at)
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
        journaled(ds.root, run_id, renames, after_journal)
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
