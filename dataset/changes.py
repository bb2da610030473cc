"""The change feed: what each commit added, changed, removed or restored, kept in `changes/`.

A commit knows which questions it lands and which pages answered 404 or 410; the month merges
know, for a question replaced in place, which of its tables' rows differ. The commit puts both
together into one file of `changes` rows, written in its journal with the data, so the feed never
says more or less than the tables hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from dataset.files import read_parquet, write_hidden
from dataset.snapshot import consistent
from dataset.store import Dataset
from schemas import CHANGED_PARTS, CHANGES, DATA_TABLES, QUESTIONS, Table

GONE_REASONS = frozenset({"http 404", "http 410"})  # a fetch that says the page is no more
LINEAGE = frozenset({"source", "run_id", "fetched_at", "seen_at", "raw_sha256", "parser_version", "removed_at"})
COMPACT_AT = 64  # files in changes/ before a commit folds them into one
PART_FOR = {t.name: part for t, part in zip(DATA_TABLES, CHANGED_PARTS, strict=True)}


@dataclass
class Change:
    question_id: str
    change: str  # added | changed | removed | restored
    source: str
    parts: set[str] | None = None  # filled by the month merges, for changed and restored
    same_as: str | None = None  # merged: the HTML question that stands for this text snapshot


def differing_parts(table: Table, old: pa.Table, new: pa.Table, ids: list[str]) -> dict[str, bool]:
    """For each question of `ids`, whether its rows of `table` differ between `old` and `new`,
    lineage left out (a page read again gets a new run_id and fetched_at, not new content)."""
    if not ids:
        return {}
    cols = [c for c in table.column_names if c not in LINEAGE]
    wanted = pa.array(ids, pa.string())

    def rows_of(t: pa.Table) -> dict[str, list[tuple[object, ...]]]:
        t = t.filter(pc.is_in(t.column("question_id"), value_set=wanted)).select(cols)
        out: dict[str, list[tuple[object, ...]]] = {}
        for row in zip(*(t.column(c).to_pylist() for c in cols), strict=True):
            out.setdefault(str(row[cols.index("question_id")]), []).append(row)
        return out

    before, after = rows_of(old), rows_of(new)
    return {q: sorted(before.get(q, []), key=repr) != sorted(after.get(q, []), key=repr) for q in ids}


def to_rows(changes: list[Change], run_id: str, at: dt.datetime, added: pa.Table | None = None) -> pa.Table:
    """The feed's rows: `added` (question_id, source: new questions, as columns) and the other
    `changes`; a `changed` question whose rows came out the same is left out."""
    rows = []
    for c in changes:
        parts = sorted(c.parts or (), key=CHANGED_PARTS.index)
        if c.change == "changed" and not parts:
            continue
        rows.append(
            {
                "question_id": c.question_id,
                "run_id": run_id,
                "change": c.change,
                "parts": ",".join(parts) if parts else None,
                "changed_at": at,
                "source": c.source,
                "same_as": c.same_as,
            }
        )
    others = pa.Table.from_pylist(rows, CHANGES.arrow_schema)
    if added is None or added.num_rows == 0:
        return others
    n = added.num_rows
    new = pa.table(
        {
            "question_id": added.column("question_id"),
            "run_id": pa.array([run_id] * n, pa.string()),
            "change": pa.array(["added"] * n, pa.string()),
            "parts": pa.nulls(n, pa.string()),
            "changed_at": pa.array([at] * n, CHANGES.arrow_schema.field("changed_at").type),
            "source": added.column("source"),
            "same_as": pa.nulls(n, pa.string()),
        },
        schema=CHANGES.arrow_schema,
    )
    return pa.concat_tables([new, others])


def write_changes(ds: Dataset, run_id: str, rows: pa.Table, at: dt.datetime) -> list[tuple[str | None, str]]:
    """A file of this commit's rows (named by its time, so names sort as commits happened); past
    COMPACT_AT files, all of them folded into this one."""
    if rows.num_rows == 0:
        return []
    folder = ds.table_dir(CHANGES.name)
    folder.mkdir(exist_ok=True)
    final = folder / f"part-{at:%Y%m%dT%H%M%S%f}.parquet"
    older = sorted(folder.glob("part-*.parquet"))
    renames: list[tuple[str | None, str]] = []
    if len(older) + 1 >= COMPACT_AT:
        rows = pa.concat_tables([*(read_parquet(f, schema=CHANGES.arrow_schema) for f in older), rows])
        renames += [(None, str(f.relative_to(ds.root))) for f in older]
    renames.append(write_hidden(ds.root, final, rows.sort_by([("changed_at", "ascending")]), run_id, sync=False))
    return renames


def read_changes(root: str | Path, columns: list[str] | None = None) -> pa.Table:
    """The change feed, as one committed state left it (see dataset.snapshot)."""
    return consistent(root, lambda: _read_changes(root, columns))


def _read_changes(root: str | Path, columns: list[str] | None) -> pa.Table:
    folder = Path(root) / CHANGES.name
    files = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    empty = CHANGES.arrow_schema.empty_table()
    if not files:
        return empty.select(columns) if columns else empty
    return pa.concat_tables([read_parquet(f, schema=CHANGES.arrow_schema, columns=columns) for f in files])


def with_removed_at(questions: pa.Table, ids: list[str], at: dt.datetime) -> pa.Table:
    """`questions` with `removed_at` set to `at` on the rows of `ids` (the others keep theirs)."""
    hit = pc.is_in(questions.column("question_id"), value_set=pa.array(ids, pa.string()))
    col = questions.schema.get_field_index("removed_at")
    stamp = pa.scalar(at, QUESTIONS.arrow_schema.field("removed_at").type)
    return questions.set_column(
        col, QUESTIONS.arrow_schema.field("removed_at"), pc.if_else(hit, stamp, questions.column(col))
    )
