"""The raw page store: every HTTP response, as fetched, in gzipped WARC files, indexed by `fetches`.

Layout under the output folder:
  raw/<run>-<nnnn>.warc.gz      the responses (one gzip member per record, so any offset is readable)
  fetches/<run>-<nnnn>.parquet  their index, one row per fetch, written when its WARC file is closed

A WARC file is closed and indexed every `records_per_file` responses. A run killed before that leaves
a WARC file with no index; the next writer rebuilds that index from the records themselves, since
every column of `fetches` is also in the record's headers. So a response, once stored, is never lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from errors import DamagedFile, inside
from parsers.decode import charset_of
from rawstore.latest import LatestFetches
from schemas import FETCHES

RAW_DIR = "raw"
INDEX_DIR = FETCHES.name
WARC_SUFFIX = ".warc.gz"
_H = "QA-ETL-"  # our own WARC headers, so the index can be rebuilt from the records alone


@dataclass(frozen=True, slots=True)
class Fetch:
    """One fetch as the `fetches` table stores it (see schemas.tables.FETCHES for each field)."""

    url: str
    canonical_url: str
    kind: str
    fetched_at: dt.datetime
    tries: int
    run_id: str
    final_url: str | None = None
    status: int | None = None
    content_sha256: str | None = None
    content_length: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes
    url: str  # the requested URL
    final_url: str
    fetched_at: dt.datetime

    @property
    def charset(self) -> str | None:
        return charset_of(self.headers.get("content-type"))


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


class RawStore:
    """The raw page store of one output folder. Write under the dataset's lock (see `writer`)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    @property
    def raw_dir(self) -> Path:
        return self.root / RAW_DIR

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIR

    def writer(self, run_id: str, records_per_file: int = 1000) -> StoreWriter:
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        return StoreWriter(self, run_id, records_per_file)

    def recover(self, skip: Callable[[str], bool] = lambda run_id: False) -> list[str]:
        """Index WARC files a killed run left unindexed; returns their names.

        `skip(run_id)` says a run is still alive: its files are still being written, so left alone.
        """
        rebuilt: list[str] = []
        if not self.raw_dir.is_dir():
            return rebuilt
        self.index_dir.mkdir(exist_ok=True)
        for warc in sorted(self.raw_dir.glob(f"*{WARC_SUFFIX}")):
            name = warc.name.removesuffix(WARC_SUFFIX)
            index = self.index_dir / (name + ".parquet")
            run_id = name.rsplit("-", 1)[0]
            if not index.exists() and not skip(run_id):
                for stale in self.index_dir.glob(f".{name}.parquet.tmp"):
                    stale.unlink()
                _write_index(index, list(_fetches_from_warc(warc)))
                rebuilt.append(warc.name)
        return rebuilt

    def fetches(self) -> pa.Table:
        """Every fetch ever made, oldest first."""
        files = sorted(self.index_dir.glob("*.parquet")) if self.index_dir.exists() else []
        if not files:
            return FETCHES.arrow_schema.empty_table()
        t = pa.concat_tables([_read_index(f) for f in files])
        return t.take(pc.sort_indices(t, [("fetched_at", "ascending")]))

    def latest(self) -> LatestFetches:
        """The latest stored body per canonical URL, looked up one at a time (close() it)."""
        return LatestFetches(self.raw_dir, self.index_dir).sync()

    def damaged_index_files(self) -> list[Path]:
        return [f for f in sorted(self.index_dir.glob("*.parquet")) if not _index_readable(f)]

    def read(self, warc_file: str, offset: int) -> StoredResponse:
        return read_response(inside(self.root, warc_file, "the raw page store's index (fetches/)"), offset)


def read_response(path: str | os.PathLike[str], offset: int) -> StoredResponse:
    """The response record at `offset` of a WARC file (ours or anyone's)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return _response_of(record)


def _response_of(record: ArcWarcRecord) -> StoredResponse:
    http = record.http_headers
    warc = record.rec_headers
    body = record.content_stream().read()
    final_url = warc.get_header("WARC-Target-URI")
    return StoredResponse(
        status=int(http.get_statuscode()) if http else 200,
        headers={k.lower(): v for k, v in (http.headers if http else [])},
        body=body,
        url=warc.get_header(_H + "Requested-URI") or final_url,
        final_url=final_url,
        fetched_at=_parse_iso(warc.get_header("WARC-Date")),
    )


class StoreWriter:
    """Appends responses to WARC files and their index; use as a context manager."""

    def __init__(self, store: RawStore, run_id: str, records_per_file: int) -> None:
        self.store = store
        self.run_id = run_id
        self.records_per_file = records_per_file
        self._file_no = 0
        self._fh: io.BufferedWriter | None = None
        self._warc: WARCWriter | None = None
        self._name = ""
        self._rows: list[Fetch] = []

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start_chunk(self) -> None:
        while True:
            self._name = f"{self.run_id}-{self._file_no:04d}"
            self._file_no += 1
            taken = (self.store.raw_dir / (self._name + WARC_SUFFIX)).exists()
            if not taken and not (self.store.index_dir / (self._name + ".parquet")).exists():
                return

    def _open_warc(self) -> None:
        if not self._name:
            self._start_chunk()
        self._fh = open(self.store.raw_dir / (self._name + WARC_SUFFIX), "xb")
        self._warc = WARCWriter(self._fh, gzip=True)

    def add(
        self,
        fetch: Fetch,
        *,
        body: bytes | None = None,
        status_line: str = "",
        headers: list[tuple[str, str]] | None = None,
    ) -> Fetch:
        """Store `body` (if any) and index `fetch`; returns the row as indexed (with WARC file and offset)."""
        if not self._name:
            self._start_chunk()
        if body is not None and fetch.status is not None:
            if self._fh is None:
                self._open_warc()
            assert self._fh is not None and self._warc is not None
            offset = self._fh.tell()
            sha = hashlib.sha256(body).hexdigest()
            warc_headers = {
                "WARC-Date": _iso(fetch.fetched_at),
                _H + "Requested-URI": fetch.url,
                _H + "Canonical-URI": fetch.canonical_url,
                _H + "Kind": fetch.kind,
                _H + "Tries": str(fetch.tries),
                _H + "Run-ID": fetch.run_id,
                _H + "Content-SHA256": sha,
            }
            http = StatusAndHeaders(status_line or str(fetch.status), headers or [], protocol="HTTP/1.1")
            record = self._warc.create_warc_record(
                fetch.final_url or fetch.url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                warc_headers_dict=warc_headers,
                http_headers=http,
            )
            self._warc.write_record(record)
            self._fh.flush()  # on disk (in the OS) before anyone parses it
            fetch = replace(
                fetch,
                content_sha256=sha,
                content_length=len(body),
                warc_file=f"{RAW_DIR}/{self._name}{WARC_SUFFIX}",
                warc_offset=offset,
            )
        self._rows.append(fetch)
        if len(self._rows) >= self.records_per_file:
            self._end_chunk()
        return fetch

    def _end_chunk(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = self._warc = None
        if self._rows:
            _write_index(self.store.index_dir / (self._name + ".parquet"), self._rows)
        self._rows = []
        self._name = ""

    def close(self) -> None:
        self._end_chunk()


def _write_index(path: Path, rows: list[Fetch]) -> None:
    table = pa.Table.from_pylist([asdict(r) for r in rows], FETCHES.arrow_schema)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _fetches_from_warc(warc: Path) -> Iterator[Fetch]:
    """Index rows rebuilt from the records of one of our WARC files (those cut short end early)."""
    with open(warc, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                if record.rec_type != "response":
                    continue
                h = record.rec_headers
                resp = _response_of(record)
                yield Fetch(
                    url=resp.url,
                    canonical_url=h.get_header(_H + "Canonical-URI") or resp.final_url,
                    kind=h.get_header(_H + "Kind") or "page",
                    fetched_at=resp.fetched_at,
                    tries=int(h.get_header(_H + "Tries") or 1),
                    run_id=h.get_header(_H + "Run-ID") or warc.name,
                    final_url=resp.final_url,
                    status=resp.status,
                    content_sha256=hashlib.sha256(resp.body).hexdigest(),
                    content_length=len(resp.body),
                    content_type=resp.headers.get("content-type"),
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                    warc_file=f"{RAW_DIR}/{warc.name}",
                    warc_offset=it.get_record_offset(),
                )
        except Exception:  # a record cut short by a crash ends the file; the records before it are kept
            return


def _read_index(path: Path) -> pa.Table:
    try:
        return pq.read_table(path, schema=FETCHES.arrow_schema)
    except (pa.ArrowException, OSError) as e:
        raise DamagedFile(path, f"{type(e).__name__}: {e}") from None


def _index_readable(path: Path) -> bool:
    try:
        _read_index(path)
        return True
    except DamagedFile:
        return False
