"""Re-check a written dataset: what `qa-etl validate` reports.

The checks a run applies to incoming rows (schemas.validate), applied again to what is on disk:
each part file's schema, every column and row rule, key uniqueness across files, each row in the
month folder of its question (or, for rejects, the bucket its source hashes to), references
between tables, and the raw page store's files.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pda
import pyarrow as pa
import pyarrow.parquet as pq

from dataset.files import DamagedFile, read_journal
from dataset.repair import pending
from dataset.snapshot import consistent
from dataset.store import DEFAULT_BUCKETS, Dataset, DatasetError, bucket_of
from errors import OutputError, inside
from schemas import (
    ALL_TABLES,
    CHANGES,
    DATA_TABLES,
    FETCHES,
    PARTITION,
    QUALITY,
    QUESTIONS,
    REJECTS,
    RELATED_LINKS,
    REPLIES,
    RUNS,
    WARNINGS,
    Table,
    latest_valid_day,
    month_of,
)


@dataclass(frozen=True)
class Problem:
    table: str
    check: str  # short and stable, like a rejects reason
    rows: int  # rows (or files) concerned
    example: str


@dataclass
class CheckReport:
    root: str
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_dataset(root: str | os.PathLike[str], today: dt.date | None = None) -> CheckReport:
    """Check every table under `root`, as one committed state (a commit under way is waited for, a
    commit cut short is reported); raises DatasetError if it is not a qa-etl output folder."""
    return consistent(root, lambda: _check_dataset(root, today), unfinished_ok=True)


def _check_dataset(root: str | os.PathLike[str], today: dt.date | None) -> CheckReport:
    ds = Dataset(root)
    if not (ds.root / "_dataset.json").is_file():
        raise DatasetError(f"{ds.root} is not a qa-etl output folder (no _dataset.json)")
    today = today or latest_valid_day()
    report = CheckReport(str(ds.root))
    frames: dict[str, pd.DataFrame] = {}
    for journal in ds.root.glob("_journal-*.json"):
        try:
            read_journal(ds.root, journal)
            what, detail = "unfinished commit", f"{journal.name}: the next run finishes it"
        except OutputError as e:
            what, detail = "hostile journal", f"{e} (`qa-etl repair` sets it aside)"
        report.problems.append(Problem("(dataset)", what, 1, detail))
    record = pending(ds.root)
    if record is not None:
        folder, sources = record.get("folder"), record.get("sources")
        n = len(sources) if isinstance(sources, list) else 0
        where = f"set aside in {folder}" if folder else "of a repair whose record _repair.json is damaged"
        report.problems.append(Problem(
            "(dataset)", "repair unfinished", n,
            f"rows of {plural_sources(n)} {where} and not yet read again: run `qa-etl repair {ds.root}`",
        ))  # fmt: skip
    try:
        buckets = ds.buckets
    except DamagedFile as e:
        report.problems.append(Problem("(dataset)", "damaged file", 1, f"_dataset.json: {e}"))
        buckets = DEFAULT_BUCKETS
    for table in (*ALL_TABLES, RUNS, QUALITY, CHANGES):
        frames[table.name] = _check_table(ds, table, today, report, buckets)
    _check_references(frames, report)
    _check_fetches(ds, report)
    return report


def _check_table(ds: Dataset, table: Table, today: dt.date, report: CheckReport, buckets: int) -> pd.DataFrame:
    files = ds.part_files(table.name)
    report.files[table.name] = len(files)
    parts = []
    for f in files:
        name = str(f.relative_to(ds.table_dir(table.name)))
        try:
            schema = pq.read_schema(f)
        except (OSError, pa.ArrowInvalid) as e:
            report.problems.append(Problem(table.name, "unreadable file", 1, f"{name}: {e}"))
            continue
        want = {fl.name: str(fl.type) for fl in table.arrow_schema}
        got = {fl.name: str(fl.type) for fl in schema}
        if want != got:  # names and types; nullability is the checks' business
            diff = sorted(set(want.items()) ^ set(got.items()))
            report.problems.append(Problem(table.name, "wrong schema", 1, f"{name}: {diff[:3]}"))
            continue
        t = pq.read_table(f, schema=table.arrow_schema)
        if table is REJECTS:
            bucket = int(f.stem.split("-")[1])
            misplaced = [k for k in t.column("source").to_pylist() if bucket_of(k, buckets) != bucket]
            if misplaced:
                report.problems.append(
                    Problem(table.name, "row in the wrong bucket", len(misplaced), f"{name}: {misplaced[0]}")
                )
        elif table in DATA_TABLES:
            month = f.parent.name.partition("=")[2]
            t = t.append_column(PARTITION, pa.array([month] * t.num_rows, pa.string()))
        parts.append(t)
    t = pa.concat_tables(parts) if parts else table.arrow_schema.empty_table()
    report.rows[table.name] = t.num_rows
    df = t.to_pandas(types_mapper=pd.ArrowDtype)
    try:
        table.pandera_schema(today).validate(df.drop(columns=[PARTITION], errors="ignore"), lazy=True)
    except pda.errors.SchemaErrors as err:
        cases = err.failure_cases
        for check, group in cases.groupby(cases["check"].astype(str), sort=True):
            column = group["column"].iloc[0]
            where = f"{table.name}.{column}" if isinstance(column, str) else table.name
            example = group["failure_case"].iloc[0]
            report.problems.append(Problem(table.name, check, len(group), f"{where} = {example!r}"))
    return df


def _check_references(frames: dict[str, pd.DataFrame], report: CheckReport) -> None:
    """Replies, links and warnings point at a question, in the month folder of that question, which is the
    month of its asked date."""
    q = frames[QUESTIONS.name]
    if len(q):
        wrong = q[q["asked_on"].map(lambda d: month_of(d) if pd.notna(d) else None) != q[PARTITION]]
        if len(wrong):
            example = f"{wrong['question_id'].iloc[0]} asked {wrong['asked_on'].iloc[0]} in {wrong[PARTITION].iloc[0]}"
            report.problems.append(Problem(QUESTIONS.name, "row in the wrong month", len(wrong), example))
    month = dict(zip(q.get("question_id", []), q.get(PARTITION, []), strict=True))
    for name in (REPLIES.name, RELATED_LINKS.name, WARNINGS.name):
        df = frames[name]
        if not len(df):
            continue
        orphans = df[~df["question_id"].isin(month.keys())]
        if len(orphans):
            report.problems.append(
                Problem(name, "no such question", len(orphans), f"question_id = {orphans['question_id'].iloc[0]!r}")
            )
        known = df[df["question_id"].isin(month.keys())]
        astray = known[known["question_id"].map(month) != known[PARTITION]]
        if len(astray):
            example = f"question_id = {astray['question_id'].iloc[0]!r} in {astray[PARTITION].iloc[0]}"
            report.problems.append(Problem(name, "not in its question's month", len(astray), example))


def _inside(ds: Dataset, relative: str) -> bool:
    try:
        inside(ds.root, relative, "the fetches index")
        return True
    except OutputError:
        return False


def _check_fetches(ds: Dataset, report: CheckReport) -> None:
    from rawstore import RawStore

    store = RawStore(ds.root)
    try:
        fetches = store.fetches()
    except DamagedFile as e:
        report.problems.append(Problem(FETCHES.name, "damaged file", 1, str(e)))
        return
    report.rows[FETCHES.name] = fetches.num_rows
    report.files[FETCHES.name] = len(list(store.index_dir.glob("*.parquet"))) if store.index_dir.exists() else 0
    named = {w for w in fetches.column("warc_file").to_pylist() if w}
    outside = sorted(w for w in named if not _inside(ds, w))
    if outside:
        report.problems.append(Problem(FETCHES.name, "WARC file outside the output", len(outside), outside[0][:120]))
    missing = sorted(w for w in set(named) - set(outside) if not (ds.root / w).is_file())
    if missing:
        report.problems.append(Problem(FETCHES.name, "missing WARC file", len(missing), missing[0]))
    unindexed = (
        [
            w.name
            for w in store.raw_dir.glob("*.warc.gz")
            if not (store.index_dir / w.name.replace(".warc.gz", ".parquet")).exists()
        ]
        if store.raw_dir.exists()
        else []
    )
    if unindexed:
        report.problems.append(
            Problem(FETCHES.name, "WARC file not indexed", len(unindexed), f"{unindexed[0]}: the next run indexes it")
        )


def plural_sources(n: int) -> str:
    return "1 source" if n == 1 else f"{n} sources"
