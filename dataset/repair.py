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
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dataset.files import DamagedFile, read_journal, read_json
from dataset.store import DEFAULT_BUCKETS, FORMAT_VERSION, Dataset, DatasetError
from errors import OutputError
from rawstore import RawStore
from schemas import CHANGES, DATA_TABLES, PARTITION, QUALITY, REJECTS, RUNS, TABLES, Table

DAMAGED_DIR = "_damaged"


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

    @property
    def clean(self) -> bool:
        return not self.moved


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
    ds = Dataset(root)
    if not ds.root.is_dir() or not any((ds.root / t.name).is_dir() for t in DATA_TABLES):
        raise DatasetError(f"{ds.root} is not a qa-etl output folder (no table folders)")
    report = RepairReport(ds.root)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = ds.root / DAMAGED_DIR / stamp

    def move(path: Path, damaged: bool) -> None:
        rel = path.relative_to(ds.root)
        target = aside / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(target))
        (report.moved if damaged else report.also_moved).append(str(rel))

    with ds.commit_lock("repair", on_wait=lambda _: None):
        for journal in sorted(ds.root.glob("_journal-*.json")):  # one naming paths outside: set aside
            try:
                read_journal(ds.root, journal)
            except OutputError:
                move(journal, damaged=True)
        meta = ds.root / "_dataset.json"
        try:
            read_json(meta)["buckets"]
            meta_ok = True
        except (DamagedFile, FileNotFoundError, KeyError, TypeError):
            meta_ok = False
        if not meta_ok:
            if meta.exists():
                move(meta, damaged=True)
            highest = [int(f.stem.split("-")[1]) for f in ds.table_dir(REJECTS.name).glob("part-[0-9]*.parquet")]
            buckets = max([DEFAULT_BUCKETS - 1, *highest]) + 1
            meta.write_text(json.dumps({"format": FORMAT_VERSION, "buckets": buckets}))
            report.rebuilt.append("_dataset.json")

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
            for f in files:
                if f.parent.exists() and not any(f.parent.iterdir()):
                    f.parent.rmdir()
        for t in (*DATA_TABLES, REJECTS, RUNS, QUALITY, CHANGES):
            for f in [*ds.table_dir(t.name).glob("part-*.parquet")]:
                if not _readable(f, t):
                    move(f, damaged=True)
                    if t is REJECTS:
                        report.unknown = True  # a reject is found again when its page is read again
                    if t is CHANGES:
                        report.rebuilt.append(
                            f"not changes/{f.name}: the feed it held is lost; later commits add to it"
                        )
        store = RawStore(ds.root)
        for f in store.damaged_index_files():
            move(f, damaged=True)
        if any(m.startswith("fetches/") for m in report.moved):  # indexed again from the WARC records
            report.rebuilt += [f"the index of raw/{name}" for name in store.recover(skip=ds.is_live)]
        for name in ("runs", "quality"):
            table = RUNS if name == "runs" else QUALITY
            path = ds.table_dir(name) / "part-000.parquet"
            if any(m.startswith(f"{name}/") for m in report.moved) and not path.exists():
                pq.write_table(table.arrow_schema.empty_table(), path)
                report.rebuilt.append(f"{name}/part-000.parquet (empty: its history was in the damaged file)")
        ds._ensure_tables("repair")  # a data table with no month gets its empty file; rejects its bucket 0
        if report.moved:
            report.folder = aside
            report.sources_file = aside / "sources.txt"
            report.sources_file.write_text("".join(f"{s}\n" for s in report.sources), encoding="utf-8")
    return report
