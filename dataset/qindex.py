"""Where each question is held: question_id -> (month, raw_sha256, parser_version), one small file.

A commit must know, for every staged question, whether the tables hold it already, in which month,
and from which bytes and parser. Reading the question_id column of every month file answers that,
but costs as much as the dataset is big, so a small daily run into years of questions would pay for
all of them. `_index/questions.parquet` answers it by reading one sorted file, and is rewritten
in the same journal as the months it describes, so it is as atomic as they are.

It is trusted only while it describes the files as they are: it carries the size and mtime of every
questions file it was built from. A file changed behind its back (deleted by hand, set aside by
`qa-etl repair`, a crash between journal and renames rolled forward) makes it stale, and the commit
falls back to reading the months, and writes a fresh index.
"""

from __future__ import annotations

import hashlib
import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset.files import read_parquet, write_hidden
from dataset.store import Dataset
from errors import DamagedFile
from schemas import PARTITION, QUESTIONS

INDEX_FILE = "_index/questions.parquet"
SCHEMA = pa.schema(
    [
        pa.field("question_id", pa.string()),
        pa.field("month", pa.string()),
        pa.field("raw_sha256", pa.string()),
        pa.field("parser_version", pa.string()),
        pa.field("source", pa.string()),  # where the page was read: a 404 for this URL finds the question
        pa.field("removed", pa.bool_()),  # removed_at is set: the page was found gone
        pa.field("content_key", pa.string()),  # the same question as HTML and as a text snapshot: the same key
        pa.field("text", pa.bool_()),  # read from a text snapshot
    ]
)
KEY_COLUMNS = ["page_title", "title", "asker_name", "asked_on"]


def content_keys(t: pa.Table) -> pa.Array:
    """A question's identity on its page, whatever the format: headline, title, asker, ask date."""
    parts = [t.column(c).cast(pa.string()).fill_null("") for c in KEY_COLUMNS]
    joined = pc.binary_join_element_wise(*parts, "\x1f")
    return pa.array([hashlib.sha256(v.encode()).hexdigest()[:16] for v in joined.to_pylist()], pa.string())


Manifest = dict[str, tuple[int, int]]  # questions file (relative) -> (size, mtime_ns)
ROW_GROUP = 16_384  # sorted by question_id: a lookup of a few ids reads the row groups that hold them


def manifest_of(ds: Dataset) -> Manifest:
    out: Manifest = {}
    for f in ds.part_files(QUESTIONS.name):
        if f.parent.name.startswith(f"{PARTITION}="):
            st = f.stat()
            out[str(f.relative_to(ds.root))] = (st.st_size, st.st_mtime_ns)
    return out


def read_index(ds: Dataset) -> pa.Table | None:
    """The index, if it describes the questions files as they are now; else None."""
    path = ds.root / INDEX_FILE
    try:
        meta = pq.read_schema(path).metadata or {}
        recorded = {k: tuple(v) for k, v in json.loads(meta[b"qa_etl_manifest"]).items()}
    except (FileNotFoundError, KeyError, ValueError, OSError, pa.ArrowException):
        return None
    if recorded != manifest_of(ds):
        return None
    try:
        return read_parquet(path, schema=SCHEMA)
    except (DamagedFile, FileNotFoundError):
        return None


def scan(ds: Dataset) -> pa.Table:
    """The index as the month files say it, every questions file read (the columns it needs)."""
    pieces = [SCHEMA.empty_table()]
    cols = ["question_id", "raw_sha256", "parser_version", "source", "removed_at", "source_format", *KEY_COLUMNS]
    for f in ds.part_files(QUESTIONS.name):
        if not f.parent.name.startswith(f"{PARTITION}="):
            continue
        held = read_parquet(f, schema=QUESTIONS.arrow_schema, columns=cols)
        month = pa.array([f.parent.name.partition("=")[2]] * held.num_rows, pa.string())
        columns = [held.column(0), month, held.column(1), held.column(2), held.column(3)]
        text = pc.equal(held.column("source_format"), "text")
        pieces.append(pa.table([*columns, pc.is_valid(held.column(4)), content_keys(held), text], schema=SCHEMA))
    return pa.concat_tables(pieces)


def current(ds: Dataset) -> pa.Table:
    index = read_index(ds)
    return index if index is not None else scan(ds)


def write_index(
    ds: Dataset,
    run_id: str,
    index: pa.Table,
    landing: pa.Table,
    removed: list[str],
    dropped: list[str],
    renames: list[tuple[str | None, str]],
) -> tuple[str, str]:
    """The index after this commit: `index` without the landing and `dropped` questions, plus the
    landing ones, the `removed` ones marked so, described by the questions files as they will be
    once `renames` are applied. Returns its (hidden, final) rename."""
    gone = pa.concat_arrays([landing.column("question_id").combine_chunks(), pa.array(dropped, pa.string())])
    kept = index.filter(pc.invert(pc.is_in(index.column("question_id"), value_set=gone)))
    if removed:
        hit = pc.is_in(kept.column("question_id"), value_set=pa.array(removed, pa.string()))
        kept = kept.set_column(kept.schema.get_field_index("removed"), "removed", pc.or_(kept.column("removed"), hit))
    new = pa.concat_tables([kept, landing.select(SCHEMA.names).cast(SCHEMA)]).sort_by("question_id")
    after = manifest_of(ds)
    prefix = f"{QUESTIONS.name}/"
    for tmp, final in renames:
        if not final.startswith(prefix):
            continue
        if tmp is None:
            after.pop(final, None)
        else:
            st = (ds.root / tmp).stat()  # a rename keeps size and mtime
            after[final] = (st.st_size, st.st_mtime_ns)
    final_path = ds.root / INDEX_FILE
    final_path.parent.mkdir(exist_ok=True)
    table = new.replace_schema_metadata({"qa_etl_manifest": json.dumps(after, sort_keys=True)})
    return write_hidden(ds.root, final_path, table, run_id, sync=False, row_group_size=ROW_GROUP)


def held_sources(ds: Dataset, sources: list[str], parser_version: str) -> dict[str, str]:
    """source -> SHA-256 of the bytes its question's rows came from, for those of `sources` whose rows
    this parser version made (and whose page was not found gone): the same bytes need no parse."""
    if not sources or not (ds.root / QUESTIONS.name).is_dir():
        return {}
    index = current(ds)
    hit = pc.and_(
        pc.is_in(index.column("source"), value_set=pa.array(sources, pa.string())),
        pc.and_(pc.equal(index.column("parser_version"), parser_version), pc.invert(index.column("removed"))),
    )
    held = index.filter(hit)
    return dict(zip(held.column("source").to_pylist(), held.column("raw_sha256").to_pylist(), strict=True))
