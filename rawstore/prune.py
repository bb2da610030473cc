"""Retention: `qa-etl prune` keeps the raw page store and the backfill plans from growing forever.

Each URL keeps its `keep` latest stored bodies, and every body a table row still comes from (its
`raw_sha256`: questions, replies' pages, rejects), so `qa-etl reparse` and conditional requests go
on working. A WARC file holding copies to drop is rewritten without them (its records are separate
gzip members, so kept ones are copied byte for byte) and its index with the new offsets; the new
files are written under hidden names and renamed in one journal, like a commit, under the commit
lock: a kill leaves the old files or the new ones, never a mix. Rows of fetches that stored no body
(304s, failures) are kept: they are the crawl's history, and small.

Backfill plans whose every chunk has a completed run are removed too.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator

from dataset.backfills import BACKFILLS_DIR
from dataset.files import journaled, read_parquet
from dataset.runs import completed_keys
from dataset.store import Dataset
from rawstore.latest import FILE_NAME as LATEST_FILE
from rawstore.store import RAW_DIR, WARC_SUFFIX, RawStore, _read_index
from schemas import FETCHES, QUESTIONS, REJECTS


@dataclass
class PruneReport:
    copies: int = 0  # stored bodies before
    dropped: int = 0  # stored bodies removed
    pinned: int = 0  # older than the `keep` latest, kept because a table row comes from them
    bytes_before: int = 0  # of the WARC files
    bytes_after: int = 0
    warc_files: list[str] = field(default_factory=list)  # rewritten or removed
    plans: list[str] = field(default_factory=list)  # finished backfill plans removed
    skipped_live: list[str] = field(default_factory=list)  # WARC files of runs still running


def _pinned_shas(ds: Dataset) -> set[str]:
    """The raw_sha256 of every page the tables' rows come from."""
    shas: set[str] = set()
    for table in (QUESTIONS, REJECTS):
        for f in ds.part_files(table.name):
            shas.update(s for s in read_parquet(f, columns=["raw_sha256"]).column(0).to_pylist() if s)
    return shas


def _finished_plans(root: Path) -> list[Path]:
    folder = root / BACKFILLS_DIR
    if not folder.is_dir():
        return []
    done = completed_keys(root)
    finished = []
    for plan_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))["plan"]
            chunks = int(plan["chunks"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # being planned, or not ours: left alone
        if all(f"{plan_dir.name}/{n:04d}" in done for n in range(chunks)):
            finished.append(plan_dir)
    return finished


def prune(root: str | os.PathLike[str], keep: int = 1, dry_run: bool = False) -> PruneReport:
    ds = Dataset(root)
    store = RawStore(ds.root)
    report = PruneReport()
    with ds.commit_lock("prune"):
        pinned = _pinned_shas(ds)
        index_files = sorted(store.index_dir.glob("*.parquet")) if store.index_dir.is_dir() else []
        tables = {f: _read_index(f) for f in index_files}
        stored = [
            (f, i, r)
            for f, t in tables.items()
            for i, r in enumerate(t.select(["canonical_url", "fetched_at", "content_sha256", "warc_file"]).to_pylist())
            if r["warc_file"]
        ]
        report.copies = len(stored)
        by_url: dict[str, list[tuple[Path, int, dict[str, object]]]] = {}
        for item in stored:
            by_url.setdefault(str(item[2]["canonical_url"]), []).append(item)
        drop: dict[Path, set[int]] = {}
        for items in by_url.values():
            items.sort(key=lambda it: it[2]["fetched_at"], reverse=True)  # type: ignore[arg-type, return-value]
            for f, i, r in items[keep:]:
                if r["content_sha256"] in pinned:
                    report.pinned += 1
                    continue
                drop.setdefault(f, set()).add(i)
        renames: list[tuple[str | None, str]] = []
        for index_file, rows in sorted(drop.items()):
            warc = index_file.stem + WARC_SUFFIX
            if ds.is_live(index_file.stem.rsplit("-", 1)[0]):
                report.skipped_live.append(warc)
                continue
            report.dropped += len(rows)
            report.warc_files.append(f"{RAW_DIR}/{warc}")
            if not dry_run:
                renames += _rewrite(ds.root, index_file, tables[index_file], rows)
        for w in store.raw_dir.glob(f"*{WARC_SUFFIX}") if store.raw_dir.is_dir() else []:
            report.bytes_before += w.stat().st_size
        finished = _finished_plans(ds.root)
        report.plans = [p.name for p in finished]
        if dry_run:  # what the rewritten files would weigh: less the spans of the records they drop
            saved = 0
            for index_file, rows in drop.items():
                warc_path = store.raw_dir / (index_file.stem + WARC_SUFFIX)
                if f"{RAW_DIR}/{warc_path.name}" in report.warc_files:  # not a running run's
                    dropped_at = _dropped_offsets(tables[index_file], rows)
                    saved += sum(end - start for start, end in _spans(warc_path).items() if start in dropped_at)
            report.bytes_after = report.bytes_before - saved
            return report
        if renames:
            renames.append((None, f"{RAW_DIR}/{LATEST_FILE}"))  # derived from the index: rebuilt when next used
            journaled(ds.root, "prune", renames, named_by="prune")
        for plan_dir in finished:  # out of sight in one rename, then deleted
            gone = plan_dir.with_name(f".{plan_dir.name}.pruned")
            os.replace(plan_dir, gone)
            shutil.rmtree(gone)
        for w in store.raw_dir.glob(f"*{WARC_SUFFIX}") if store.raw_dir.is_dir() else []:
            report.bytes_after += w.stat().st_size
    return report


def _spans(path: Path) -> dict[int, int]:
    """Each record of a WARC file: its start offset -> its end (each is its own gzip member)."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        starts = [it.get_record_offset() for _ in it]
    return dict(zip(starts, [*starts[1:], path.stat().st_size], strict=True))


def _dropped_offsets(index: pa.Table, rows: set[int]) -> set[int]:
    return {index.column("warc_offset")[i].as_py() for i in rows}


def _rewrite(root: Path, index_file: Path, index: pa.Table, rows: set[int]) -> list[tuple[str | None, str]]:
    """A WARC file and its index without the records of `rows`, under hidden names: their renames."""
    warc_rel = str(index.column("warc_file")[min(rows)].as_py())
    warc = root / warc_rel
    spans = _spans(warc)
    gone = _dropped_offsets(index, rows)
    keep_mask = pa.array([i not in rows for i in range(index.num_rows)])
    kept = index.filter(keep_mask)
    moved: dict[int, int] = {}
    tmp_warc = warc.with_name(f".{warc.name}.prune.tmp")
    with open(warc, "rb") as src, open(tmp_warc, "wb") as out:
        for start, end in spans.items():
            if start in gone:
                continue
            src.seek(start)
            moved[start] = out.tell()
            out.write(src.read(end - start))
    offsets = [None if o is None else moved.get(o, o) for o in kept.column("warc_offset").to_pylist()]
    kept = kept.set_column(kept.schema.get_field_index("warc_offset"), "warc_offset", pa.array(offsets, pa.int64()))
    renames: list[tuple[str | None, str]] = []
    if moved:
        renames.append((str(tmp_warc.relative_to(root)), warc_rel))
    else:
        tmp_warc.unlink()
        renames.append((None, warc_rel))
        warc_col = kept.schema.get_field_index("warc_file")
        kept = kept.set_column(warc_col, "warc_file", pc.cast(pa.nulls(kept.num_rows), pa.string()))
    index_rel = str(index_file.relative_to(root))
    if kept.num_rows:
        tmp_index = index_file.with_name(f".{index_file.name}.prune.tmp")
        pq.write_table(kept.cast(FETCHES.arrow_schema), tmp_index)
        renames.append((str(tmp_index.relative_to(root)), index_rel))
    else:
        renames.append((None, index_rel))
    return renames
