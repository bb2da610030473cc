"""`qa-etl repair`: set damaged files of an output aside and rebuild what they held.

A file cut short or overwritten (a disk that failed, a copy that stopped) makes every run that
reads it fail with a one-line error naming it. Repair, under the output's lock:

- moves every unreadable file to `_damaged/<UTC time>/`, keeping its path, so nothing is deleted;
- sets a whole month aside with its damaged file (a question's replies, links and warnings live
  beside it: keeping half of a month would leave rows pointing at nothing), noting the sources of
  the rows it held from whichever of its files were still readable;
- makes the output usable again: `_dataset.json` (bucket count from the rejects files), an empty
  `runs` or `quality` table, an empty rejects bucket, a data table's empty file; the raw page
  store's index is rebuilt from its WARC files by the next run's recovery;
- writes the sources whose rows were set aside to `_damaged/<time>/sources.txt`, a list file the
  command line reads them back from (from the raw page store for URLs, from disk for files).

It is a transaction, like a commit: before anything moves, `_repair.json` records every move and
the sources to read again; it is removed only once they have been read again (`finish`). A repair
killed at any point leaves it: the next repair first finishes a commit cut short, then the moves,
then reads the sources again; `validate` meanwhile reports the months set aside and not restored.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dataset.files import DamagedFile, atomic_write_text, read_journal, read_json, roll_forward
from dataset.store import DEFAULT_BUCKETS, FORMAT_VERSION, Dataset, DatasetError
from errors import OutputError, inside
from rawstore import RawStore
from schemas import CHANGES, DATA_TABLES, PARTITION, QUALITY, REJECTS, RUNS, TABLES, Table

DAMAGED_DIR = "_damaged"
PENDING = "_repair.json"  # a repair under way, or cut short: its moves and the sources to read again


@dataclass
class RepairReport:
    root: Path
    folder: Path | None = None  # where the damaged files were set aside
    moved: list[str] = field(default_factory=list)  # damaged files (relative to root)
    also_moved: list[str] = field(default_factory=list)  # sound files of a damaged month
    rebuilt: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # sources whose rows were set aside
    unknown: bool = False  # rows were set aside whose sources no readable file named
    sources_file: Path | None = None
    resumed: bool = False  # it finished a repair that was cut short
    planned: list[tuple[str, str]] = field(default_factory=list)  # (from, to), relative to root
    finished: list[str] = field(default_factory=list)  # journals of commits cut short, rolled forward

    @property
    def clean(self) -> bool:
        return not self.moved


def _stamp() -> str:
    """The name of a folder of `_damaged/`: when its files were set aside, in UTC."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def pending(root: str | Path) -> dict[str, object] | None:
    """The record of a repair not finished (its sources not yet read again), or None."""
    path = Path(root) / PENDING
    try:
        record = read_json(path)
    except FileNotFoundError:
        return None
    except DamagedFile:
        record = None
    # (a damaged record: nothing known but that a repair is unfinished, its rows to be read again)
    return record if isinstance(record, dict) else {"folder": None, "moves": [], "sources": [], "unknown": True}


def finish(root: str | Path) -> None:
    """The sources set aside were read again (or nothing could be): the repair is over."""
    (Path(root) / PENDING).unlink(missing_ok=True)


def _resume(ds: Dataset, record: dict[str, object]) -> RepairReport:
    """A repair cut short: its moves rolled forward (each path checked to stay inside the output)."""
    report = RepairReport(ds.root, resumed=True)
    damaged = record.get("damaged")
    for src, dst in record.get("moves") or []:  # type: ignore[attr-defined]
        source, target = inside(ds.root, src, PENDING), inside(ds.root, dst, PENDING)
        if source.exists() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
        was_damaged = not isinstance(damaged, list) or src in damaged
        (report.moved if was_damaged else report.also_moved).append(str(src))
    report.rebuilt = [r for r in record.get("rebuilt") or [] if isinstance(r, str)]  # type: ignore[attr-defined]
    folder = record.get("folder")
    if folder is None and (ds.root / PENDING).exists():  # a damaged record: set aside, its rows read again
        stamp = _stamp()
        target = ds.root / DAMAGED_DIR / stamp / PENDING
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ds.root / PENDING, target)  # (the record stays until the rows are read again)
        report.moved.append(PENDING)
        folder = str(target.parent.relative_to(ds.root))
    report.folder = inside(ds.root, folder, PENDING) if isinstance(folder, str) else None
    report.sources = [s for s in record.get("sources") or [] if isinstance(s, str)]  # type: ignore[attr-defined]
    report.unknown = bool(record.get("unknown"))
    if report.folder is not None:
        report.sources_file = report.folder / "sources.txt"
        report.folder.mkdir(parents=True, exist_ok=True)
        report.sources_file.write_text("".join(f"{s}\n" for s in report.sources), encoding="utf-8")
    return report


def _readable(path: Path, table: Table | None) -> bool:
    try:
        if table is None:
            pq.read_table(path)
        else:
            got = pq.read_schema(path)
            if [f.name for f in got] != table.column_names:
                return False
            pq.read_table(path, schema=table.arrow_schema)
        return True
    except (pa.ArrowException, OSError):
        return False


def _sources(path: Path) -> set[str]:
    try:
        return set(pq.read_table(path, columns=["source"]).column("source").to_pylist())
    except (pa.ArrowException, OSError, KeyError):
        return set()


def repair(root: str | Path) -> RepairReport:
    """Set damaged files aside (a transaction: see the module's docstring); the caller reads the
    report's sources again and then calls `finish`."""
    ds = Dataset(root)
    if not ds.root.is_dir() or not any((ds.root / t.name).is_dir() for t in DATA_TABLES):
        raise DatasetError(f"{ds.root} is not a qa-etl output folder (no table folders)")
    with ds.commit_lock("repair", on_wait=lambda _: None):
        hostile: list[Path] = []
        for journal in sorted(ds.root.glob("_journal-*.json")):  # one naming paths outside: set aside
            try:
                read_journal(ds.root, journal)
            except OutputError:
                stamp = _stamp()
                target = ds.root / DAMAGED_DIR / stamp / journal.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(journal), str(target))
                hostile.append(target)
        finished = roll_forward(ds.root)  # a commit cut short (a re-read killed mid-commit) first
        record = pending(ds.root)
        if record is not None:
            report = _resume(ds, record)
        else:
            report = _plan(ds)
            if report.moved:
                atomic_write_text(ds.root / PENDING, json.dumps({
                    "folder": str(report.folder.relative_to(ds.root)) if report.folder else None,
                    "moves": report.planned, "damaged": report.moved, "sources": report.sources,
                    "unknown": report.unknown, "rebuilt": report.rebuilt,
                }))  # fmt: skip
                report = _resume(ds, pending(ds.root) or {})
                report.resumed = False
        _rebuild(ds, report)
        report.finished = finished
        if not report.sources and not report.unknown:
            finish(ds.root)  # nothing to read again: the moves were the whole repair
        if hostile:
            report.moved += [h.name for h in hostile]
            report.folder = report.folder if report.folder and report.folder.is_dir() else hostile[0].parent
    return report


def _plan(ds: Dataset) -> RepairReport:
    """What to set aside, and the sources of the rows that go with it; nothing is moved yet."""
    report = RepairReport(ds.root)
    stamp = _stamp()
    aside = ds.root / DAMAGED_DIR / stamp
    report.folder = aside

    def move(path: Path, damaged: bool) -> None:
        rel = str(path.relative_to(ds.root))
        report.planned.append((rel, str((aside / rel).relative_to(ds.root))))
        (report.moved if damaged else report.also_moved).append(rel)

    meta = ds.root / "_dataset.json"
    try:
        read_json(meta)["buckets"]
    except (DamagedFile, KeyError, TypeError):
        move(meta, damaged=True)
    except FileNotFoundError:
        pass  # nothing to set aside: rebuilt after the moves
    # Months: one damaged file sets its whole month aside.
    months: dict[str, list[Path]] = {}
    for t in DATA_TABLES:
        for f in ds.table_dir(t.name).glob(f"{PARTITION}=*/part-*.parquet"):
            months.setdefault(f.parent.name, []).append(f)
    for _, files in sorted(months.items()):
        bad = [f for f in files if not _readable(f, TABLES[f.parent.parent.name])]
        if not bad:
            continue
        held = set().union(*(_sources(f) for f in files if f not in bad))
        report.sources += sorted(held - set(report.sources))
        damaged_questions = any(f.parent.parent.name == "questions" for f in bad)
        report.unknown |= damaged_questions and not held
        for f in files:
            move(f, damaged=f in bad)
    for t in (*DATA_TABLES, REJECTS, RUNS, QUALITY, CHANGES):
        for f in [*ds.table_dir(t.name).glob("part-*.parquet")]:
            if not _readable(f, t):
                move(f, damaged=True)
                if t is REJECTS:
                    report.unknown = True  # a reject is found again when its page is read again
                if t is CHANGES:
                    report.rebuilt.append(f"not changes/{f.name}: the feed it held is lost; later commits add to it")
    for f in RawStore(ds.root).damaged_index_files():
        move(f, damaged=True)
    return report


def _rebuild(ds: Dataset, report: RepairReport) -> None:
    """After the moves (this repair's, or a resumed one's): make the output usable again."""
    meta = ds.root / "_dataset.json"
    if not meta.exists():
        highest = [int(f.stem.split("-")[1]) for f in ds.table_dir(REJECTS.name).glob("part-[0-9]*.parquet")]
        buckets = max([DEFAULT_BUCKETS - 1, *highest]) + 1
        atomic_write_text(meta, json.dumps({"format": FORMAT_VERSION, "buckets": buckets}))
        report.rebuilt.append("_dataset.json")
    for t in DATA_TABLES:  # a month folder its files left
        for folder in ds.table_dir(t.name).glob(f"{PARTITION}=*"):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    store = RawStore(ds.root)
    if any(m.startswith("fetches/") for m in report.moved):  # indexed again from the WARC records
        report.rebuilt += [f"the index of raw/{name}" for name in store.recover(skip=ds.is_live)]
    for name in ("runs", "quality"):
        table = RUNS if name == "runs" else QUALITY
        path = ds.table_dir(name) / "part-000.parquet"
        if any(m.startswith(f"{name}/") for m in report.moved) and not path.exists():
            pq.write_table(table.arrow_schema.empty_table(), path)
            report.rebuilt.append(f"{name}/part-000.parquet (empty: its history was in the damaged file)")
    ds._ensure_tables("repair")  # a data table with no month gets its empty file; rejects its bucket 0
