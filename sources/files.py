"""SOURCE arguments: page files and folders, WARC files, page and sitemap URLs, files of URLs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from parsers import canonicalize_url
from sources.pages import PageRef

PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
NOT_PAGES = frozenset({"robots.txt"})  # site metadata found beside pages in a mirrored site


class SourceError(ValueError):
    """A SOURCE argument that cannot be used; the message is one line for the command line."""


@dataclass
class SourcePlan:
    """SOURCE arguments sorted by how they are read."""

    paths: list[Path] = field(default_factory=list)  # page files and folders of pages
    warcs: list[Path] = field(default_factory=list)  # WARC files (read in place)
    urls: list[str] = field(default_factory=list)  # page or sitemap URLs (fetched)

    @property
    def hosts(self) -> set[str]:
        return {(urlsplit(u).hostname or "").lower() for u in self.urls}


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _url_file(p: Path) -> list[str] | None:
    """The URLs of a text file of URLs (one per line, # comments), or None if it is a page snapshot."""
    try:
        with open(p, encoding="utf-8", errors="replace") as fh:
            lines = [(n, line.strip()) for n, line in enumerate(fh, 1)]
    except OSError as e:
        raise SourceError(f"{p}: cannot read: {e.strerror}") from None
    content = [(n, line) for n, line in lines if line and not line.startswith("#")]
    if not content or not _is_url(content[0][1]):
        return None
    urls = []
    for n, line in content:
        if not _is_url(line) or canonicalize_url(line) is None:
            raise SourceError(f"{p} line {n}: not an http(s) URL: {line[:80]!r}")
        urls.append(line)
    return urls


def check_sources(sources: list[str]) -> SourcePlan:
    """Sort SOURCE arguments, or raise SourceError naming the first bad one."""
    if not sources:
        raise SourceError("no SOURCE given")
    plan = SourcePlan()
    for s in sources:
        if "://" in s:
            if not _is_url(s) or canonicalize_url(s) is None:
                raise SourceError(f"{s}: not an http(s) URL")
            plan.urls.append(s)
            continue
        p = Path(s)
        if not p.exists():
            raise SourceError(f"{s}: no such file or folder")
        name = p.name.lower()
        if p.is_file() and name.endswith(WARC_SUFFIXES):
            plan.warcs.append(p.resolve())
        elif p.is_file() and p.suffix.lower() == ".txt" and (urls := _url_file(p)) is not None:
            plan.urls.extend(urls)
        elif p.is_file() and p.suffix.lower() not in PAGE_SUFFIXES:
            raise SourceError(
                f"{s}: not a page file ({', '.join(PAGE_SUFFIXES)}), WARC file ({', '.join(WARC_SUFFIXES)}), "
                "file of URLs or folder"
            )
        else:
            plan.paths.append(p.resolve())
    return plan


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


def iter_warc_pages(warcs: list[Path]) -> Iterator[PageRef]:
    """The response and resource records of WARC files, as pages keyed by their target URI."""
    from warcio.archiveiterator import ArchiveIterator

    for path in warcs:
        try:
            with open(path, "rb") as fh:
                it = ArchiveIterator(fh)
                for record in it:
                    if record.rec_type not in ("response", "resource"):
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{it.get_record_offset()}"
                    if uri.rsplit("/", 1)[-1].lower() in NOT_PAGES:
                        continue
                    yield PageRef(source=uri, path=str(path), offset=it.get_record_offset())
        except Exception as e:  # a WARC cut short keeps the records before the damage
            yield PageRef(source=str(path), error=f"unreadable WARC file: {type(e).__name__}: {e}", fetched_at=_now())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
