"""Typed loading: the tables as analysts want them, without knowing the layout.

`pd.read_parquet("output/questions")` works, but gives dates as `object` (Python dates, so
`.resample()` fails) and ages with nulls as `float64`. `load` gives dates as `datetime64`, integers
as nullable `Int16`/`Int32`/`Int64`, text as `string` and the few-valued columns (departments,
kinds, reasons, statuses) as `category`, all from the one definition in `schemas/`.
`pd.read_parquet(path, dtype_backend="pyarrow")` is the plain alternative: every column an Arrow
type (dates included), nothing to import from here.

`duckdb_views` gives the `CREATE VIEW` statements that make the tables queryable by name in DuckDB
(`qa-etl views` prints them).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads

from dataset.snapshot import consistent
from errors import OutputError
from schemas import DOCUMENTED_TABLES, FETCHES, PARTITION, Table

TABLES = {t.name: t for t in DOCUMENTED_TABLES}  # the data tables, rejects and warnings, runs, quality, fetches
_INTEGERS = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
}


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise OutputError(f"no table {name!r}: the tables are {', '.join(TABLES)}") from None


def read_table(
    output: str | os.PathLike[str], name: str, *, columns: list[str] | None = None, filter: Any = None
) -> pa.Table:
    """One table as Arrow, with `asked_month` from the folder names; `filter` (a pyarrow.dataset
    expression, e.g. `pc.field("asked_month") >= "2025-01"`) opens only the months it needs. It is
    one committed state: a commit under way is waited for, a read it disturbed is read again."""
    table = _table(name)
    root = Path(output)
    if not root.is_dir():
        raise OutputError(f"{root} is not an output folder: run `qa-etl run -o {root}` first")
    try:
        return consistent(root, lambda: _read(root, table, columns, filter))
    except (pa.ArrowInvalid, OSError) as e:
        raise OutputError(
            f"{root / table.name} could not be read ({e}); `qa-etl validate {root}` names damaged files"
        ) from None


def _read(root: Path, table: Table, columns: list[str] | None, filter: Any) -> pa.Table:
    if not (root / table.name).is_dir():
        return table.arrow_schema.empty_table().select(columns or table.column_names)
    schema = table.arrow_schema
    if any((root / table.name).glob(f"{PARTITION}=*")):
        schema = schema.append(pa.field(PARTITION, pa.string()))
    # (names starting with "." or "_", in-progress files, are skipped, as every reader does)
    return pads.dataset(root / table.name, schema=schema, format="parquet", partitioning="hive").to_table(
        columns=columns, filter=filter
    )


def load(
    output: str | os.PathLike[str] = "output",
    name: str = "questions",
    *,
    columns: list[str] | None = None,
    filter: Any = None,
) -> pd.DataFrame:
    """One table as a typed pandas DataFrame (see the module's docstring for the types)."""
    table = _table(name)
    arrow = read_table(output, name, columns=columns, filter=filter)
    frame = arrow.to_pandas(
        date_as_object=False,
        types_mapper=lambda t: _INTEGERS.get(t) or (pd.StringDtype() if t == pa.string() else None),
    )
    for col in table.columns:
        if col.category and col.name in frame.columns:
            frame[col.name] = frame[col.name].astype("category")
    if PARTITION in frame.columns:
        frame[PARTITION] = frame[PARTITION].astype("category")
    return frame


def load_all(output: str | os.PathLike[str] = "output") -> dict[str, pd.DataFrame]:
    """Every table of the output, by name, all of one committed state."""
    return consistent(output, lambda: {name: load(output, name) for name in TABLES})


def duckdb_views(output: str | os.PathLike[str] = "output") -> str:
    """`CREATE OR REPLACE VIEW` statements, one per table present, over the output as it is now
    (run them again after a table gets its first month: the glob changes with the layout)."""
    root = Path(output).resolve()  # absolute: a views.sql saved from here works from anywhere
    if "\\" in str(root):
        raise OutputError(
            f"{root}: DuckDB reads a backslash in a path as a folder separator, so no view could "
            "find these files; rename the output folder (or a folder above it) without one"
        )
    statements = []
    for name in TABLES:
        folder = root / name
        if name == FETCHES.name:  # the raw page store's index: one file per WARC file, named after it
            pattern, hive = "*.parquet", ""
        elif any(folder.glob(f"{PARTITION}=*/part-*.parquet")):
            pattern, hive = f"{PARTITION}=*/part-*.parquet", ", hive_partitioning = true"
        else:
            pattern, hive = "part-*.parquet", ""
        if not any(folder.glob(pattern)):
            continue
        quoted = (_glob_literal(str(folder)) + "/" + pattern).replace("'", "''")
        statements.append(f"create or replace view {name} as select * from read_parquet('{quoted}'{hive});")
    return "\n".join(statements)


def _glob_literal(path: str) -> str:
    """The path as a DuckDB glob that matches only itself: an output named `out[12]` or `out*` must
    not read its neighbours' files (`[`, `*` and `?` each become a one-character class)."""
    return re.sub(r"[\[*?]", lambda m: f"[{m.group()}]", path)
