"""The latest stored response of each URL, looked up one URL at a time.

`fetches/` grows by a file every 1,000 fetches and is never rewritten; a crawl needs, for each URL
it meets, only that URL's latest stored body (to send its validators, or to skip it by sitemap
lastmod). Reading the whole index for that made every run's memory and time grow with every URL
ever fetched (1.5 GB for a one-URL run after a 1,000,000-URL sitemap). So the latest outcome per
canonical URL is kept in SQLite, `raw/latest.sqlite`, with the name of every index file merged into
it recorded in the same transaction: each file is merged once, by whichever run meets it first.

It is derived data: missing, unreadable, or naming an index file that is gone (a repair set it
aside), it is rebuilt from the index, streaming, one file at a time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from errors import DamagedFile, OutputError

FILE_NAME = "latest.sqlite"
_COLUMNS = ["canonical_url", "kind", "status", "etag", "last_modified", "warc_file", "warc_offset", "content_sha256",
            "fetched_at"]  # fmt: skip
_SCHEMA = """
CREATE TABLE IF NOT EXISTS latest (
    canonical_url TEXT PRIMARY KEY,
    kind TEXT, etag TEXT, last_modified TEXT, warc_file TEXT, warc_offset INTEGER, content_sha256 TEXT,
    confirmed_at INTEGER NOT NULL,  -- µs since the epoch: the last 200 or 304 for this body
    event_at INTEGER NOT NULL,      -- µs: the last body or gone applied (the later wins); 0: none yet
    live INTEGER NOT NULL           -- 0: the URL is gone (a stored non-200 came after its body)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS merged (file TEXT PRIMARY KEY) WITHOUT ROWID;
"""
# A body: replaces what is older. A 304: confirms the body it validated. A stored non-200 (404, 410,
# ...): the URL is gone, unless a newer body came. Each statement gives the same end whatever order
# the rows come in (concurrent runs merge files of overlapping times): a 304 met before its body is
# kept as a pending confirmation (event_at 0, not live) that the body then takes up.
_BODY = """
INSERT INTO latest VALUES (:canonical_url, :kind, :etag, :last_modified, :warc_file, :warc_offset,
                           :content_sha256, :t, :t, 1)
ON CONFLICT (canonical_url) DO UPDATE SET
    kind = excluded.kind, etag = excluded.etag, last_modified = excluded.last_modified,
    warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,
    content_sha256 = excluded.content_sha256,
    confirmed_at = CASE WHEN latest.event_at = 0 THEN max(latest.confirmed_at, excluded.confirmed_at)
                        ELSE excluded.confirmed_at END,
    event_at = excluded.event_at, live = 1
WHERE excluded.event_at >= latest.event_at
"""
_CONFIRMED = """
INSERT INTO latest (canonical_url, confirmed_at, event_at, live) VALUES (:canonical_url, :t, 0, 0)
ON CONFLICT (canonical_url) DO UPDATE SET confirmed_at = excluded.confirmed_at
WHERE latest.confirmed_at < excluded.confirmed_at AND (latest.live = 1 OR latest.event_at = 0)
"""
_GONE = """
INSERT INTO latest (canonical_url, confirmed_at, event_at, live) VALUES (:canonical_url, :t, :t, 0)
ON CONFLICT (canonical_url) DO UPDATE SET live = 0, event_at = excluded.event_at
WHERE excluded.event_at >= latest.event_at
"""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Latest:
    """The latest stored body of a URL, and when the server last said it was current."""

    kind: str
    etag: str | None
    last_modified: str | None
    warc_file: str
    warc_offset: int
    content_sha256: str
    confirmed_at: dt.datetime


def _micros(t: dt.datetime) -> int:
    return (t - _EPOCH) // dt.timedelta(microseconds=1)


class LatestFetches:
    """Lookups of the latest stored body per canonical URL; `sync()` merges index files not merged yet."""

    def __init__(self, raw_dir: Path, index_dir: Path) -> None:
        self.path = raw_dir / FILE_NAME
        self.index_dir = index_dir
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> LatestFetches:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def sync(self) -> LatestFetches:
        """Merge the index files not merged yet; rebuild if the file is unreadable or stale."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._sync()
        except sqlite3.DatabaseError:  # damaged (cut short, overwritten): it is derived, so rebuilt
            self._rebuild()
        return self

    def get(self, canonical_url: str) -> Latest | None:
        assert self._db is not None, "sync() first"
        row = self._db.execute(
            "SELECT kind, etag, last_modified, warc_file, warc_offset, content_sha256, confirmed_at FROM latest "
            "WHERE canonical_url = ? AND live = 1",
            (canonical_url,),
        ).fetchone()
        if row is None:
            return None
        kind, etag, last_modified, warc_file, warc_offset, sha, confirmed = row
        return Latest(
            kind, etag, last_modified, warc_file, warc_offset, sha, _EPOCH + dt.timedelta(microseconds=confirmed)
        )

    # ---- merging ----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=120, isolation_level=None, check_same_thread=False)
        db.executescript(_SCHEMA)
        return db

    def _sync(self) -> None:
        self.close()
        self._db = db = self._connect()
        present = {f.name for f in self.index_dir.glob("*.parquet")} if self.index_dir.is_dir() else set()
        merged = {name for (name,) in db.execute("SELECT file FROM merged")}
        if merged - present:  # an index file it was built from is gone: what it says may be too
            self._rebuild()
            return
        for name in sorted(present - merged):
            self._merge(db, self.index_dir / name)

    def _rebuild(self) -> None:
        self.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()
        try:
            self._sync()
        except sqlite3.DatabaseError as e:
            raise OutputError(f"{self.path} cannot be rebuilt ({e}); check the disk and permissions") from None

    def _merge(self, db: sqlite3.Connection, index_file: Path) -> None:
        db.execute("BEGIN IMMEDIATE")  # one merger of a file at a time; others wait, then skip it
        try:
            if db.execute("SELECT 1 FROM merged WHERE file = ?", (index_file.name,)).fetchone() is None:
                for params in _outcomes(index_file):
                    db.execute(params.pop("_sql"), params)  # type: ignore[arg-type]
                db.execute("INSERT INTO merged VALUES (?)", (index_file.name,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _outcomes(index_file: Path) -> Iterator[dict[str, object]]:
    """The statements one index file asks for, streamed in record batches."""
    try:
        reader = pq.ParquetFile(index_file)
        for batch in reader.iter_batches(columns=_COLUMNS, batch_size=10_000):
            for r in batch.to_pylist():
                status, t = r["status"], _micros(r["fetched_at"])
                if status == 200 and r["warc_file"]:
                    yield {"_sql": _BODY, **{c: r[c] for c in _COLUMNS if c not in ("status", "fetched_at")}, "t": t}
                elif status == 304:
                    yield {"_sql": _CONFIRMED, "canonical_url": r["canonical_url"], "t": t}
                elif status is not None and r["warc_file"]:
                    yield {"_sql": _GONE, "canonical_url": r["canonical_url"], "t": t}
    except (pa.ArrowException, OSError) as e:
        raise DamagedFile(index_file, f"{type(e).__name__}: {e}") from None
