"""The Parquet dataset under an output folder: staging, upsert by key, atomic commit, recovery.

Layout (what a reader sees is only the `part-*.parquet` files):

    <output>/_dataset.json                                   format version, rejects bucket count
    <output>/_lock                                           flock held by the run committing
    <output>/_live/<run_id>.lock                             flock held by each run while it lives
    <output>/questions/asked_month=YYYY-MM/part-0.parquet    also replies/ and related_links/
    <output>/rejects/part-NNN.parquet                        rows whose source hashes to bucket NNN
    <output>/runs/part-000.parquet                           run history (dataset.runs)
    <output>/_staging/<run_id>/...                           batches staged by a run, not yet committed
    <output>/_journal-<run_id>.json                          renames of a commit in progress (redo log)

Runs stage in parallel and take the lock only to commit, one after the other; each commit merges
into what the previous ones left. Every key lives in exactly one file (a question, its replies
and its links in the month it was asked), and a file is only ever replaced whole with `os.replace`,
so a reader never sees a partial file or a key twice. A commit first writes every new file under a
hidden name, then records the renames in a journal, then renames; a run killed at any moment
leaves either no journal (nothing visible changed) or a journal that the next run rolls forward
before it does anything else. A run's own lock tells the next run whether its staging and raw
files are still being written or were left by a killed process.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset.quality import QUALITY_FILE, Measurement, evaluate, read_quality, rows_of, with_quality
from dataset.runs import RUNS_FILE, RunRow, read_runs, with_rows
from errors import OutputError, inside
from quality import Verdict
from rawstore import RawStore
from schemas import (
    ALL_TABLES,
    DATA_TABLES,
    PARTITION,
    QUALITY,
    QUESTIONS,
    REJECTS,
    RUNS,
    SEQ,
    TABLES,
    month_of,
)

FORMAT_VERSION = 1
DEFAULT_BUCKETS = 16
EMPTY_PART = "part-empty.parquet"  # a data table's file while it has no month
RESOLVED = "_resolved"  # staged sources that parsed fine this run: their old rejects rows go
_PARQUET_OPTS = {"compression": "zstd", "compression_level": 3}


class DatasetError(OutputError):
    """The output folder cannot be used; the message says why and what to do."""


class DatasetLocked(DatasetError):
    pass


def bucket_of(key: str, buckets: int) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest(), "big") % buckets


def _bucket_column(t: pa.Table, column: str, buckets: int) -> pa.Array:
    return pa.array([bucket_of(k, buckets) for k in t.column(column).to_pylist()], pa.int32())


@dataclass
class CommitSummary:
    rows: dict[str, int] = field(default_factory=dict)  # rows in each table after the commit
    changed_questions: int = 0
    unchanged_questions: int = 0
    quality: Verdict | None = None  # the run's metrics against its baseline, when it was measured
    status: str | None = None  # how the run's row in `runs` ended: completed or degraded


class Dataset:
    """An output folder of Parquet tables. A run writes inside `with Dataset(path).writer(run_id):`
    and ends with `commit_run`, which takes the commit lock."""

    def __init__(self, root: str | os.PathLike[str], buckets: int = DEFAULT_BUCKETS) -> None:
        self.root = Path(root)
        self._requested_buckets = buckets

    # ---- layout -------------------------------------------------------------------------
    def table_dir(self, name: str) -> Path:
        return self.root / name

    def part_path(self, name: str, bucket: int) -> Path:
        return self.table_dir(name) / f"part-{bucket:03d}.parquet"

    def partition_path(self, name: str, month: str) -> Path:
        return self.table_dir(name) / f"{PARTITION}={month}" / "part-0.parquet"

    def part_files(self, name: str) -> list[Path]:
        """A table's data files: its months' files, or (rejects, runs) its own."""
        return sorted(self.table_dir(name).glob(f"{PARTITION}=*/part-*.parquet")) + sorted(
            self.table_dir(name).glob("part-*.parquet")
        )

    def staging_dir(self, run_id: str) -> Path:
        return self.root / "_staging" / run_id

    @property
    def buckets(self) -> int:
        meta = self.root / "_dataset.json"
        if meta.exists():
            return int(json.loads(meta.read_text())["buckets"])
        return self._requested_buckets

    def _init_layout(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatasetError(f"cannot create output folder {self.root}: {e.strerror}") from e
        if self.root.exists() and not self.root.is_dir():
            raise DatasetError(f"output {self.root} is a file, not a folder")
        meta = self.root / "_dataset.json"
        if not meta.exists():
            _atomic_write_text(meta, json.dumps({"format": FORMAT_VERSION, "buckets": self._requested_buckets}))

    # ---- locking and recovery ----------------------------------------------------------------
    def live_dir(self) -> Path:
        return self.root / "_live"

    def is_live(self, run_id: str) -> bool:
        """Whether the process of run `run_id` still holds its run lock (it is running, here or elsewhere)."""
        path = self.live_dir() / f"{run_id}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    @contextmanager
    def live(self, run_id: str) -> Iterator[None]:
        """Hold run `run_id`'s own lock while it runs, so recovery never touches its staging or files."""
        self.live_dir().mkdir(parents=True, exist_ok=True)
        path = self.live_dir() / f"{run_id}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
            os.close(fd)

    @contextmanager
    def commit_lock(self, run_id: str, on_wait: Callable[[str], object] | None = None) -> Iterator[None]:
        """The dataset's write lock, held only while a run commits (or starts): runs overlap, commits queue.

        Without `on_wait`, raise DatasetLocked if another run holds it; with it, say so and wait.
        """
        self._init_layout()
        fd = os.open(self.root / "_lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another run"
                message = f"{self.root} is being written by {holder}"
                if on_wait is None:
                    raise DatasetLocked(f"{message}; wait for it to finish or use another --output") from None
                on_wait(f"{message}; waiting for it to finish its commit")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"run {run_id} (pid {os.getpid()})".encode(), 0)
            yield
        finally:
            os.close(fd)  # releases the flock

    @contextmanager
    def writer(self, run: RunRow | str, on_wait: Callable[[str], object] | None = None) -> Iterator[RunRow]:
        """Write access for one run. Its row in `runs` says `running` until `commit_run` completes it;
        if the block raises first, it says `failed`. Other runs may fetch and parse meanwhile."""
        row = RunRow(run, "qa-etl") if isinstance(run, str) else run
        self._init_layout()
        with self.live(row.run_id):
            try:
                with self.commit_lock(row.run_id, on_wait):
                    self.recover()
                    self._ensure_tables(row.run_id)
                    self.put_runs([row])
                yield row
            except BaseException as e:
                # Its staging goes first: on a full disk, that is the space the failure is recorded in.
                shutil.rmtree(self.staging_dir(row.run_id), ignore_errors=True)
                try:
                    self._end_uncommitted(row, f"{type(e).__name__}: {e}"[:500])
                except OSError:
                    pass  # the row stays `running`; the next run, finding no live process, marks it crashed
                raise
            else:
                self._end_uncommitted(row, "it ended without a commit")
            finally:
                shutil.rmtree(self.staging_dir(row.run_id), ignore_errors=True)

    def _end_uncommitted(self, row: RunRow, error: str) -> None:
        """Mark the run failed unless its row on disk already says how it ended (a commit, or end_run)."""
        held = read_runs(self.root).to_pylist()
        if any(r["run_id"] == row.run_id and r["status"] != "running" for r in held):
            return
        self.end_run(row, "failed", error)

    def end_run(self, row: RunRow, status: str, error: str | None = None) -> None:
        """Record how a run that commits no rows of its own (a backfill) ended."""
        with self.commit_lock(row.run_id, on_wait=lambda _: None):
            self.put_runs([row.finished(status, error[:500] if error else None)])

    def empty_path(self, name: str) -> Path:
        """The file a data table holds while it has no month: its schema, no rows."""
        return self.table_dir(name) / EMPTY_PART

    def _ensure_tables(self, run_id: str) -> None:
        """Create the table folders, each with a part file from the start, so that a reader of a table
        with no rows yet (warnings, often) gets its columns, not an empty frame without any. Rejects
        gets its bucket 0; a data table, until its first month lands, `part-empty.parquet` (which the
        commit that writes its first month removes, so the months stay the only files). A folder
        appears with its file in it (one rename). Under the lock."""
        for t in (*DATA_TABLES, REJECTS):
            final = self.part_path(t.name, 0) if t is REJECTS else self.empty_path(t.name)
            folder = self.table_dir(t.name)
            empty = t.arrow_schema.empty_table()
            if not folder.is_dir():
                new = self.root / f".{t.name}.{run_id}.tmp"
                shutil.rmtree(new, ignore_errors=True)
                new.mkdir()
                pq.write_table(empty, new / final.name, **_PARQUET_OPTS)
                os.rename(new, folder)
            elif not self.part_files(t.name):
                _apply(self.root, [_write_hidden(self.root, final, empty, run_id)])

    def put_runs(self, rows: list[RunRow]) -> None:
        """Upsert rows of `runs` at once. Call under the commit lock."""
        final = self.root / RUNS_FILE
        final.parent.mkdir(exist_ok=True)
        _apply(self.root, [_write_hidden(self.root, final, with_rows(read_runs(self.root), rows), "runs")])

    def recover(self) -> list[str]:
        """Finish what killed runs left half-done. Call under the commit lock.

        Rolls their commits forward, drops their staging and hidden files, indexes their WARC files
        and marks their rows in `runs` as crashed. Runs still alive are left alone.
        """
        done = []
        for journal in sorted(self.root.glob("_journal-*.json")):
            try:
                renames = json.loads(journal.read_text())["renames"]
                renames = [(tmp, final) for tmp, final in renames]
            except (ValueError, KeyError, TypeError):
                renames = []  # the journal itself was cut short: its renames never started
            _apply(self.root, renames, again=True, named_by=f"the journal {journal.name}")
            journal.unlink()
            done.append(journal.name)
        for t in (*ALL_TABLES, RUNS, QUALITY):
            for stale in [*self.table_dir(t.name).glob(".*.tmp"), *self.table_dir(t.name).glob("*/.*.tmp")]:
                stale.unlink()
            for stale in self.root.glob(f".{t.name}.*.tmp"):  # a first table folder, never renamed
                shutil.rmtree(stale, ignore_errors=True)
        staging = self.root / "_staging"
        for run_dir in sorted(staging.iterdir()) if staging.is_dir() else []:
            if not self.is_live(run_dir.name):
                shutil.rmtree(run_dir, ignore_errors=True)
        RawStore(self.root).recover(skip=self.is_live)
        runs = read_runs(self.root).to_pylist()
        why = "its process ended before the run did (killed, or the machine stopped)"
        dead = [  # finished_at stays null: when it died is not known
            replace(RunRow(**r), status="crashed", error=why)
            for r in runs
            if r["status"] == "running" and not self.is_live(r["run_id"])
        ]
        if dead:
            self.put_runs(dead)
        return done

    # ---- reading ------------------------------------------------------------------------------
    def read_table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        files = self.part_files(name)
        schema = TABLES[name].arrow_schema
        if not files:
            return schema.empty_table() if columns is None else schema.empty_table().select(columns)
        return pa.concat_tables([pq.read_table(f, columns=columns, schema=schema) for f in files])


def parsed_sources(ds: Dataset) -> dict[str, str]:
    """source -> SHA-256 of the page its rows (or its reject) came from: what the tables already hold."""
    out: dict[str, str] = {}
    for name in (QUESTIONS.name, REJECTS.name):
        t = ds.read_table(name, columns=["source", "raw_sha256"])
        out.update(zip(t.column("source").to_pylist(), t.column("raw_sha256").to_pylist(), strict=True))
    return out


def stage_batch(root: Path, run_id: str, buckets: int, batch_no: int, tables: dict[str, pa.Table]) -> int:
    """Plain function (no Dataset state) so worker processes can stage their own batches.

    Rows of the data tables are staged by the month their question was asked (replies and links
    come from the same page as their question, so the batch knows it); rejects by bucket.
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
        for label in pc.unique(labels).to_pylist():
            part = t.filter(pc.equal(labels, label))
            folder = staging / name / label
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".batch-{batch_no:06d}.tmp"
            pq.write_table(part, tmp, compression="lz4")
            os.replace(tmp, folder / f"batch-{batch_no:06d}.parquet")
            written += 1
    return written


def _months_by_question(questions: pa.Table | None) -> dict[str, str]:
    if questions is None or questions.num_rows == 0:
        return {}
    days = questions.column("asked_on").to_pylist()
    return {q: month_of(d) for q, d in zip(questions.column("question_id").to_pylist(), days, strict=True)}


def _read_staged(folder: Path) -> pa.Table | None:
    files = sorted(folder.glob("batch-*.parquet")) if folder.is_dir() else []
    if not files:
        return None
    return pa.concat_tables([pq.ParquetFile(f).read() for f in files], promote_options="default")


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


def _plan_months(ds: Dataset, run_id: str, summary: CommitSummary) -> list[MonthMerge]:
    """Which questions change, and so which months must be rewritten.

    The page read last wins for each question; a page whose bytes and parser match the row the
    tables hold changes nothing. A question whose asked date moved to another month leaves its old
    month, so the existing month of each staged question is looked up first (one column is read).
    """
    staging = ds.staging_dir(run_id) / QUESTIONS.name
    cols = ["question_id", SEQ, "raw_sha256", "parser_version"]
    pieces = []
    for folder in sorted(staging.iterdir()) if staging.is_dir() else []:
        for f in sorted(folder.glob("batch-*.parquet")):
            t = pq.ParquetFile(f).read(columns=cols)  # lighter than read_table: staged files are many and small
            pieces.append(t.append_column("month", pa.array([folder.name] * t.num_rows, pa.string())))
    if not pieces:
        return []
    staged = pa.concat_tables(pieces)
    winners = staged.group_by("question_id").aggregate([(SEQ, "max")]).column(f"{SEQ}_max")
    staged = staged.filter(pc.is_in(staged.column(SEQ), value_set=winners))

    ids = staged.column("question_id")
    where: dict[str, tuple[str, str, str]] = {}  # question_id -> (month, raw_sha256, parser_version) held now
    for path in ds.part_files(QUESTIONS.name):
        held = pq.read_table(path, columns=cols[:1] + cols[2:], filters=[("question_id", "in", ids)])
        month = path.parent.name.partition("=")[2]
        for q, h, v in zip(*(held.column(c).to_pylist() for c in held.column_names), strict=True):
            where[q] = (month, h, v)

    plans: dict[str, MonthMerge] = {}
    for q, seq, h, v, month in zip(*(staged.column(c).to_pylist() for c in staged.column_names), strict=True):
        old = where.get(q)
        if old is not None and old[1:] == (h, v):
            summary.unchanged_questions += 1
            continue
        summary.changed_questions += 1
        plans.setdefault(month, MonthMerge(month)).seqs.append(seq)
        if old is not None:
            plans.setdefault(old[0], MonthMerge(old[0])).remove.append(q)
    return [plans[m] for m in sorted(plans)]


def merge_month(root: str, run_id: str, plan: MonthMerge) -> list[tuple[str | None, str]]:
    """Rewrite one month of every data table into hidden files; months are independent, so this runs
    in parallel. Returns (hidden file, final) renames; (None, final) deletes a month left empty."""
    ds = Dataset(root)
    staging = ds.staging_dir(run_id)
    seqs = pa.array(plan.seqs, pa.int64())
    questions = _read_staged(staging / QUESTIONS.name / plan.month)
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
        path = ds.partition_path(table.name, plan.month)
        current = pq.read_table(path, schema=table.arrow_schema) if path.exists() else table.arrow_schema.empty_table()
        pieces = [current.filter(pc.invert(pc.is_in(current.column("question_id"), value_set=gone)))]
        staged = questions if table is QUESTIONS else _read_staged(staging / table.name / plan.month)
        if staged is not None:
            landing = staged.filter(pc.is_in(staged.column(SEQ), value_set=seqs))
            pieces.append(_drop_seq(landing).select(table.column_names).cast(table.arrow_schema))
        merged = pa.concat_tables(pieces)
        if merged.num_rows == current.num_rows == 0:
            continue
        if merged.num_rows == 0:
            renames.append((None, str(path.relative_to(ds.root))))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if table is QUESTIONS:  # by department, one row group each, so a filter on it skips the others
            order = ("department", "asked_on", "question_id")
            renames.append(_write_hidden(ds.root, path, _sorted(merged, order), run_id, row_groups_by="department"))
        else:
            renames.append(_write_hidden(ds.root, path, _sorted(merged, table.key), run_id))
    return renames


def merge_rejects_bucket(root: str, run_id: str, bucket: int) -> list[tuple[str | None, str]]:
    """Merge one bucket of rejects into a hidden file; buckets are independent, so this runs in parallel."""
    ds = Dataset(root)
    staging = ds.staging_dir(run_id)
    staged = _read_staged(staging / REJECTS.name / f"{bucket:03d}")
    resolved = _read_staged(staging / RESOLVED / f"{bucket:03d}")
    if staged is None and resolved is None:
        return []
    path = ds.part_path(REJECTS.name, bucket)
    current = pq.read_table(path) if path.exists() else REJECTS.arrow_schema.empty_table()
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
    return [_write_hidden(ds.root, ds.part_path(REJECTS.name, bucket), merged, run_id)]


def _write_hidden(
    root: Path, final: Path, t: pa.Table, run_id: str, row_groups_by: str | None = None
) -> tuple[str, str]:
    """`t` written and synced beside `final` under a hidden name; returns the (hidden, final) rename,
    relative to `root`. With `row_groups_by`, each run of equal values of that column is a row group."""
    tmp = final.with_name(f".{final.name}.{run_id}.tmp")
    if row_groups_by is None:
        pq.write_table(t, tmp, **_PARQUET_OPTS)
    else:
        values = t.column(row_groups_by).to_pylist()
        with pq.ParquetWriter(tmp, t.schema, **_PARQUET_OPTS) as w:
            start = 0
            for i in range(1, len(values) + 1):
                if i == len(values) or values[i] != values[start]:
                    w.write_table(t.slice(start, i - start))
                    start = i
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    return (str(tmp.relative_to(root)), str(final.relative_to(root)))


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
    summary = CommitSummary()
    renames: list[tuple[str | None, str]] = []
    mapper = executor.map if executor is not None else map
    months = _plan_months(ds, run_id, summary)
    for merged in mapper(merge_month, [str(ds.root)] * len(months), [run_id] * len(months), months):
        renames += merged
    for t in DATA_TABLES:  # a table's first month replaces its empty file
        landing = any(final.startswith(f"{t.name}/{PARTITION}=") and tmp for tmp, final in renames)
        if landing and ds.empty_path(t.name).exists():
            renames.append((None, str(ds.empty_path(t.name).relative_to(ds.root))))
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
            renames.append(_write_hidden(ds.root, final, with_quality(read_quality(ds.root), run_id, rows), run_id))
            summary.status = "degraded" if verdict.degraded else "completed"
        done = replace(run, questions_changed=summary.changed_questions).finished(summary.status)
        renames.append(_write_hidden(ds.root, ds.root / RUNS_FILE, with_rows(runs, [done]), run_id))
    if renames:
        journal = ds.root / f"_journal-{run_id}.json"
        _atomic_write_text(journal, json.dumps({"run_id": run_id, "renames": renames}))
        if callable(after_journal):
            after_journal()  # test hook: a crash between journal and renames
        _apply(ds.root, renames)
        journal.unlink()
    for t in ALL_TABLES:
        summary.rows[t.name] = sum(pq.ParquetFile(f).metadata.num_rows for f in ds.part_files(t.name))
    return summary


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _apply(
    root: Path, renames: list[tuple[str | None, str]], again: bool = False, named_by: str = "the commit"
) -> None:
    """Carry out a commit's renames (a None source deletes). `again`: after a crash, some are done.
    Every path must stay inside the output folder, checked before anything is touched (a journal is
    read from disk: a damaged or hostile one must not delete or create files elsewhere)."""
    checked = [
        (None if tmp is None else inside(root, tmp, named_by), inside(root, final, named_by)) for tmp, final in renames
    ]
    folders = {root}
    for tmp_path, final_path in checked:
        if tmp_path is None:
            final_path.unlink(missing_ok=True)
        elif not again or tmp_path.exists():
            os.replace(tmp_path, final_path)
        folders.add(final_path.parent)
    for folder in folders:
        if folder.exists():
            _fsync_dir(folder)


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two processes may write it at once
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
