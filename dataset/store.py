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
    <output>/_generation                                     commit counter, odd while renames are under way

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

import fcntl
import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset.files import (
    PARQUET_OPTS,
    DamagedFile,
    apply_renames,
    atomic_write_text,
    links_out,
    parquet_batches,
    read_json,
    read_parquet,
    roll_forward,
    write_hidden,
)
from dataset.runs import RUNS_FILE, RunRow, read_runs, with_rows
from errors import OutputError, is_stop
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
    TABLES,
)

FORMAT_VERSION = 1
DEFAULT_BUCKETS = 16
EMPTY_PART = "part-empty.parquet"  # a data table's file while it has no month
RESOLVED = "_resolved"  # staged sources that parsed fine this run: their old rejects rows go


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
    seconds: float = 0.0  # the commit's own time, lock wait left out
    removed_questions: int = 0  # questions whose page was found gone (404, 410): rows kept, removed_at set
    merged_questions: int = 0  # text snapshots of pages held as HTML: not kept as questions of their own
    changes: Counter[str] = field(default_factory=Counter)  # rows of the change feed, by change


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
            try:
                return int(read_json(meta)["buckets"])
            except (KeyError, TypeError, ValueError):
                raise DamagedFile(meta, "no bucket count") from None
        return self._requested_buckets

    def _init_layout(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatasetError(f"cannot create output folder {self.root}: {e.strerror}") from e
        if self.root.exists() and not self.root.is_dir():
            raise DatasetError(f"output {self.root} is a file, not a folder")
        for link, target in links_out(self.root):
            raise DatasetError(
                f"{link} is a symbolic link to {target}, outside the output: qa-etl writes only inside "
                f"{self.root.resolve()}, so nothing was written; replace the link with a folder (or copy what it holds)"
            )
        meta = self.root / "_dataset.json"
        if not meta.exists():
            atomic_write_text(meta, json.dumps({"format": FORMAT_VERSION, "buckets": self._requested_buckets}))

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
                status = "cancelled" if is_stop(e) else "failed"
                try:
                    self._end_uncommitted(row, status, f"{type(e).__name__}: {e}"[:500])
                except OSError:
                    pass  # the row stays `running`; the next run, finding no live process, marks it crashed
                raise
            else:
                self._end_uncommitted(row, "failed", "it ended without a commit")
            finally:
                shutil.rmtree(self.staging_dir(row.run_id), ignore_errors=True)

    def _end_uncommitted(self, row: RunRow, status: str, error: str) -> None:
        """Mark the run failed (or cancelled) unless its row on disk already says how it ended (a
        commit, or end_run)."""
        held = read_runs(self.root).to_pylist()
        if any(r["run_id"] == row.run_id and r["status"] != "running" for r in held):
            return
        self.end_run(row, status, error)

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
                pq.write_table(empty, new / final.name, **PARQUET_OPTS)
                os.rename(new, folder)
            elif not self.part_files(t.name):
                apply_renames(self.root, [write_hidden(self.root, final, empty, run_id)])

    def put_runs(self, rows: list[RunRow]) -> None:
        """Upsert rows of `runs` at once. Call under the commit lock."""
        final = self.root / RUNS_FILE
        final.parent.mkdir(exist_ok=True)
        apply_renames(self.root, [write_hidden(self.root, final, with_rows(read_runs(self.root), rows), "runs")])

    def recover(self) -> list[str]:
        """Finish what killed runs left half-done. Call under the commit lock.

        Rolls their commits forward, drops their staging and hidden files, indexes their WARC files
        and marks their rows in `runs` as crashed. Runs still alive are left alone.
        """
        done = roll_forward(self.root)
        for t in (*ALL_TABLES, RUNS, QUALITY):
            for stale in [*self.table_dir(t.name).glob(".*.tmp"), *self.table_dir(t.name).glob("*/.*.tmp")]:
                stale.unlink()
            for stale in self.root.glob(f".{t.name}.*.tmp"):  # a first table folder, never renamed
                shutil.rmtree(stale, ignore_errors=True)
        for folder in ("changes", "_index", "raw", "fetches"):  # the feed, the question index, a prune's copies
            for stale in (self.root / folder).glob(".*.tmp") if (self.root / folder).is_dir() else []:
                if folder not in ("raw", "fetches") or stale.name.endswith(".prune.tmp"):
                    stale.unlink()
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
        return pa.concat_tables([read_parquet(f, columns=columns, schema=schema) for f in files])


def parsed_among(ds: Dataset, sources: Collection[str]) -> dict[str, str]:
    """source -> SHA-256 of the page its rows (or its reject) came from, for those of `sources` the
    tables hold. Streamed file by file, so memory follows `sources`, not the size of the tables."""
    out: dict[str, str] = {}
    wanted = pa.array(sorted(set(sources)), pa.string())
    if len(wanted) == 0:
        return out
    for name in (QUESTIONS.name, REJECTS.name):
        for f in ds.part_files(name):
            for batch in parquet_batches(f, ["source", "raw_sha256"]):
                hit = batch.filter(pc.is_in(batch.column(0), value_set=wanted))
                out.update(zip(hit.column(0).to_pylist(), hit.column(1).to_pylist(), strict=True))
    return out
