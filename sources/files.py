"""Pages from local files and folders."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".txt")
MAX_PAGE_BYTES = 20 * 1024 * 1024  # a Q&A page is ~50 KB; anything this big is not one
NOT_PAGES = frozenset({"robots.txt"})  # site metadata found beside pages in a mirrored site


class SourceError(ValueError):
    """A SOURCE argument that cannot be used; the message is one line for the command line."""


@dataclass(frozen=True, slots=True)
class RawPage:
    source: str  # absolute path or URL: the key of the page's rejects row
    data: bytes | None  # None when it could not be read (see `error`)
    fetched_at: dt.datetime
    url: str | None = None  # the URL it was fetched from; None for a local file
    error: str | None = None


def check_sources(sources: list[str]) -> list[Path]:
    """Resolve SOURCE arguments to existing files and folders, or raise SourceError naming the bad one."""
    if not sources:
        raise SourceError("no SOURCE given")
    out = []
    for s in sources:
        if "://" in s:
            raise SourceError(f"{s}: URLs are not supported as a SOURCE yet; give a file or folder of pages")
        p = Path(s)
        if not p.exists():
            raise SourceError(f"{s}: no such file or folder")
        if p.is_file() and p.suffix.lower() not in PAGE_SUFFIXES:
            raise SourceError(f"{s}: not a page file (expected {', '.join(PAGE_SUFFIXES)}) or a folder")
        out.append(p.resolve())
    return out


def iter_pages(paths: list[Path]) -> Iterator[str]:
    """Every page file named or found below the folders, once each, in a stable order."""
    seen: set[str] = set()
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in PAGE_SUFFIXES and f.name.lower() not in NOT_PAGES and f.is_file()
            )
        else:
            found = [p]
        for f in found:
            key = str(f)
            if key not in seen:
                seen.add(key)
                yield key


def read_page(path: str) -> RawPage:
    """Read one page file; an unreadable or oversized file comes back with `error` set, not raised."""
    now = dt.datetime.now(dt.UTC)
    try:
        size = os.path.getsize(path)
        if size > MAX_PAGE_BYTES:
            return RawPage(path, None, now, error=f"too large: {size} bytes (limit {MAX_PAGE_BYTES})")
        with open(path, "rb") as fh:
            return RawPage(path, fh.read(), now)
    except OSError as e:
        return RawPage(path, None, now, error=f"unreadable: {e.strerror or e}")
