"""What the parse step reads: a reference to a page (a file, a WARC record, or a failed fetch)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a Q&A page is ~50 KB; anything this big is not one


@dataclass(frozen=True, slots=True)
class RawPage:
    source: str  # absolute path or URL: the key of the page's rejects row
    data: bytes | None  # None when it could not be read (see `error`)
    fetched_at: dt.datetime
    url: str | None = None  # the URL it was fetched from; None for a local file
    error: str | None = None  # "reason: detail"
    charset: str | None = None  # from the HTTP Content-Type header


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page to parse, small enough to hand to a worker process by the thousand."""

    source: str  # URL or file path: the key of its rows
    path: str | None = None  # a page file, or with `offset` a WARC file
    offset: int | None = None  # offset of the response record in the WARC file
    error: str | None = None  # set when there is nothing to read: the fetch failed ("reason: detail")
    fetched_at: dt.datetime | None = None
    held: str | None = None  # SHA-256 of the bytes the tables hold for `source` from this parser version


def read_page(ref: PageRef | str) -> RawPage:
    """Read one page; a page that cannot be read comes back with `error` set, never raised."""
    if isinstance(ref, str):
        return _read_file(ref)
    now = ref.fetched_at or dt.datetime.now(dt.UTC)
    if ref.error is not None or ref.path is None:
        return RawPage(ref.source, None, now, url=ref.source, error=ref.error or "not fetched")
    if ref.offset is None:
        return _read_file(ref.path)
    from rawstore import read_response  # warcio is only needed for WARC pages

    try:
        resp = read_response(ref.path, ref.offset)
    except (OSError, ValueError, StopIteration) as e:
        return RawPage(ref.source, None, now, url=ref.source, error=f"unreadable WARC record: {e}")
    if not 200 <= resp.status < 300:
        reason = f"http {resp.status}"
        return RawPage(ref.source, None, resp.fetched_at, url=resp.final_url, error=f"{reason}: {resp.final_url}")
    return RawPage(ref.source, resp.body, resp.fetched_at, url=resp.final_url, charset=resp.charset)


def _read_file(path: str) -> RawPage:
    now = dt.datetime.now(dt.UTC)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # (a FIFO put in its place: no wait)
        with open(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return RawPage(path, None, now, error="unreadable: not a regular file (a FIFO, socket or device)")
            if st.st_size > MAX_PAGE_BYTES:
                return RawPage(path, None, now, error=f"too large: {st.st_size} bytes (limit {MAX_PAGE_BYTES})")
            return RawPage(path, fh.read(MAX_PAGE_BYTES + 1), now)
    except OSError as e:
        return RawPage(path, None, now, error=f"unreadable: {e.strerror or e}")
