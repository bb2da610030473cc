"""Files of an output folder, written so that a reader never sees half of one, and read so that a
damaged one is named: hidden writes renamed into place, journals' renames, damage detection."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from errors import DamagedFile, inside

__all__ = ["PARQUET_OPTS", "DamagedFile", "apply_renames", "atomic_write_text", "read_json", "read_parquet"]

PARQUET_OPTS: dict[str, Any] = {"compression": "zstd", "compression_level": 3}


def read_parquet(path: Path, **kwargs: Any) -> pa.Table:
    """`pq.read_table(path, **kwargs)`, a damaged file raised as DamagedFile."""
    try:
        return pq.read_table(path, **kwargs)
    except FileNotFoundError:
        raise
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as e:
        raise DamagedFile(path, f"{type(e).__name__}: {e}") from None


def parquet_batches(path: Path, columns: list[str], batch_size: int = 65_536) -> Iterator[pa.RecordBatch]:
    """The file's `columns`, a record batch at a time; a damaged file raised as DamagedFile."""
    try:
        yield from pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=columns)
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as e:
        raise DamagedFile(path, f"{type(e).__name__}: {e}") from None


def parquet_rows(path: Path) -> int:
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as e:
        raise DamagedFile(path, f"{type(e).__name__}: {e}") from None


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise DamagedFile(path, f"not JSON: {e}") from None


def write_hidden(
    root: Path,
    final: Path,
    t: pa.Table,
    run_id: str,
    row_groups_by: str | None = None,
    sync: bool = True,
    row_group_size: int | None = None,
) -> tuple[str, str]:
    """`t` written beside `final` under a hidden name; returns the (hidden, final) rename, relative to
    `root`. With `row_groups_by`, each run of equal values of that column is a row group. With
    `sync=False` the caller syncs (a commit writes hundreds of files, then syncs the file system once)."""
    tmp = final.with_name(f".{final.name}.{run_id}.tmp")
    if row_groups_by is None:
        pq.write_table(t, tmp, row_group_size=row_group_size, **PARQUET_OPTS)
    else:
        values = t.column(row_groups_by).to_pylist()
        with pq.ParquetWriter(tmp, t.schema, **PARQUET_OPTS) as w:
            start = 0
            for i in range(1, len(values) + 1):
                if i == len(values) or values[i] != values[start]:
                    w.write_table(t.slice(start, i - start))
                    start = i
    if sync:
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    return (str(tmp.relative_to(root)), str(final.relative_to(root)))


def apply_renames(
    root: Path, renames: list[tuple[str | None, str]], again: bool = False, named_by: str = "the commit"
) -> None:
    """Carry out a commit's renames (a None source deletes). `again`: after a crash, some are done.
    Every path must stay inside the output folder, checked before anything is touched (a journal is
    read from disk: a damaged or hostile one must not delete or create files elsewhere)."""
    checked = [
        (None if tmp is None else inside(root, tmp, named_by), inside(root, final, named_by)) for tmp, final in renames
    ]
    for tmp_path, final_path in checked:
        if tmp_path is None:
            final_path.unlink(missing_ok=True)
        elif not again or tmp_path.exists():
            os.replace(tmp_path, final_path)
    sync_filesystem(root)  # the renames and deletions durable before the journal goes


def sync_filesystem(path: Path) -> None:
    """Make everything written on `path`'s file system durable: one syncfs(2) on Linux, where fsyncing
    each of hundreds of small files and their folders costs more than the writes; os.sync elsewhere."""
    if sys.platform == "linux":
        import ctypes

        fd = os.open(path, os.O_RDONLY)
        try:
            if ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    os.sync()


def read_journal(root: Path, journal: Path) -> list[tuple[str | None, str]]:
    """A commit journal's renames, each path checked to stay inside the output folder (OutputError if
    not: it is read from disk). A journal cut short (not JSON) is no renames: they never started."""
    try:
        renames = json.loads(journal.read_text(encoding="utf-8", errors="replace"))["renames"]
        pairs = [(tmp, final) for tmp, final in renames]
    except (ValueError, KeyError, TypeError):
        return []
    named_by = f"the journal {journal.name}"
    for tmp, final in pairs:
        if tmp is not None:
            inside(root, tmp, named_by)
        inside(root, final, named_by)
    return pairs  # each path checked above


def journaled(
    root: Path,
    name: str,
    renames: list[tuple[str | None, str]],
    after_journal: object = None,
    named_by: str = "the commit",
) -> None:
    """Land `renames` all or nothing: the hidden files made durable, the journal written, the renames
    applied, the journal removed. A kill after the journal is rolled forward by the next writer
    (`Dataset.recover`). The output's generation is odd from before the journal until after it is
    gone, so a reader (dataset.snapshot) knows renames may be half done and reads again."""
    sync_filesystem(root)  # every hidden file durable before the journal names it
    journal = root / f"_journal-{name}.json"
    begin_commit(root)
    atomic_write_text(journal, json.dumps({"run_id": name, "renames": renames}))
    if callable(after_journal):
        after_journal()  # test hook: a crash between journal and renames
    apply_renames(root, renames, named_by=named_by)
    journal.unlink()
    end_commit(root)


GENERATION = "_generation"  # a counter, odd while a commit's renames may be under way


def generation(root: Path) -> int:
    """The output's commit generation (0 for an output written before there was one)."""
    try:
        text = (root / GENERATION).read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return 0
    return int(text) if text.isdigit() else 1  # a damaged counter reads as "a commit under way"


def begin_commit(root: Path) -> None:
    """Make the generation odd, and new: readers that started before see it change."""
    n = generation(root)
    atomic_write_text(root / GENERATION, str(n + 1 if n % 2 == 0 else n + 2))


def end_commit(root: Path) -> None:
    """Make the generation even again: the renames are all done (or, after a crash, rolled forward)."""
    n = generation(root)
    if n % 2:
        atomic_write_text(root / GENERATION, str(n + 1))


def roll_forward(root: Path) -> list[str]:
    """Finish every commit a kill cut short: its journal's renames carried out (again where some
    were done), the journal removed, the generation even. Call under the commit lock."""
    done = []
    for journal in sorted(root.glob("_journal-*.json")):
        apply_renames(root, read_journal(root, journal), again=True, named_by=f"the journal {journal.name}")
        journal.unlink()
        done.append(journal.name)
    end_commit(root)  # readers may trust the files again
    return done


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two processes may write it at once
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def links_out(root: Path, depth: int = 3) -> Iterator[tuple[Path, Path]]:
    """Symbolic links in the output (a table's folder, a month's, the raw page store's) that lead
    outside it, with where they lead: a run writes into them, so one would write outside OUTPUT.
    Not followed; `depth` levels down (the layout's deepest folder is a month's)."""
    base = root.resolve()
    todo = [(root, 0)]
    while todo:
        folder, level = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if target != base and base not in target.parents:
                    yield Path(entry.path), target
            elif level + 1 < depth and entry.is_dir(follow_symlinks=False):
                todo.append((Path(entry.path), level + 1))
