"""SOURCE arguments: page files and folders, WARC files, page and sitemap URLs, files of URLs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from errors import UsageError
from parsers import canonicalize_url
from parsers.decode import looks_like_html
from sources.origins import Origin, of_sources
from sources.pages import PageRef

log = logging.getLogger("qa_etl")

# (.md: a Markdown clipper's page; .eml: a notification mail: parsers/formats.py reads both; .rss,
# .atom: one question exported as a feed entry, parsers/feeds.py. Not .xml: a folder's sitemap.xml
# is no page.)
PAGE_SUFFIXES = (
    ".html",
    ".htm",
    ".txt",
    ".xhtml",
    ".shtml",
    ".php",
    ".asp",
    ".aspx",
    ".jsp",
    ".md",
    ".markdown",
    ".eml",
    ".rss",
    ".atom",
)
WARC_SUFFIXES = (".warc", ".warc.gz")
NOT_PAGES = frozenset({"robots.txt", "readme.md", "changelog.md", "license.md"})  # metadata beside pages


class SourceError(UsageError):
    """A SOURCE argument that cannot be used; the message is one line for the command line."""


@dataclass
class SourcePlan:
    """SOURCE arguments sorted by how they are read."""

    paths: list[Path] = field(default_factory=list)  # page files and folders of pages
    warcs: list[Path] = field(default_factory=list)  # WARC files (read in place)
    urls: list[str] = field(default_factory=list)  # page or sitemap URLs (fetched)
    fence: frozenset[Origin] | None = None  # set: the only origins, whatever the URLs name (a backfill's)

    @property
    def origins(self) -> set[Origin]:
        """Where the crawl may fetch from: the SOURCE URLs' origins (scheme, host, port), or the fence."""
        return set(self.fence) if self.fence is not None else of_sources(self.urls)


def _has_credentials(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.username is not None or parts.password is not None


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def read_list_file(path: str | os.PathLike[str]) -> list[str]:
    """The entries of a list file: one per line, blank lines and `#` comments skipped."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]
    except OSError as e:
        raise SourceError(f"{path}: cannot read: {e.strerror}") from None


def _list_file(p: Path) -> list[str] | None:
    """The SOURCEs of a list file (URLs, or absolute paths, one per line), or None if it is a page snapshot."""
    entries = read_list_file(p)
    if not entries or not (_is_url(entries[0]) or (entries[0].startswith("/") and Path(entries[0]).exists())):
        return None
    return entries


def read_sources_file(path: str | os.PathLike[str]) -> list[str]:
    """The entries of a list file given as one (`backfill --urls`), or SourceError saying why it is not one."""
    p = Path(path)
    if not p.is_file():
        what = "not a regular file (a folder, pipe or device)" if p.exists() else "no such file"
        raise SourceError(f"{path}: {what}")
    entries = _list_file(p)
    if entries is None:
        raise SourceError(f"{path}: not a list of http(s) URLs or absolute paths, one per line")
    check_sources(entries, _listed_in=p)
    return entries


def _where(listed_in: Path | None, entry: str) -> str:
    """`<file> line N: ` for an entry of a list file (comments and blank lines counted), else nothing."""
    if listed_in is None:
        return ""
    with open(listed_in, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip() == entry:
                return f"{listed_in} line {n}: "
    return f"{listed_in}: "


# "127.0.0.1:8765/sitemap.xml", "askdoctor.example/en/qa/1.html", "www.x.org": a host without its
# scheme (a host and then a port or a path, or a www. name; "qa-1.txt" alone is a file's name).
_LOOKS_LIKE_HOST = re.compile(
    r"^(?:(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+|:\d+/.*|/.*)|www\.[^/]+\.[a-z]{2,}/?)$",
    re.I,
)


def check_sources(sources: list[str], *, _listed_in: Path | None = None) -> SourcePlan:
    """Sort SOURCE arguments, or raise SourceError naming the first bad one."""
    if not sources:
        raise SourceError(f"{_listed_in}: lists no SOURCE" if _listed_in else "no SOURCE given")
    plan = SourcePlan()
    for s in sources:
        if "://" in s:
            if len(s) > 8192:
                raise SourceError(f"{_where(_listed_in, s)}{s[:60]}…: a URL of {len(s)} characters, more than 8192")
            if not _is_url(s) or canonicalize_url(s) is None:
                raise SourceError(f"{_where(_listed_in, s)}{s[:200]}: not an http(s) URL")
            if _has_credentials(s):  # they would be stored with every row, in the WARC and the run's parameters
                raise SourceError(
                    f"{_where(_listed_in, s)}{canonicalize_url(s)}: a URL with a user name or password is not "
                    "accepted (it would be stored with the rows); give the URL without them"
                )
            plan.urls.append(s)
            continue
        p = Path(s)
        if not p.exists():
            scheme = "http" if re.match(r"localhost|\d", s) else "https"
            hint = f" (a URL? give it with its scheme: {scheme}://{s})" if _LOOKS_LIKE_HOST.match(s) else ""
            raise SourceError(f"{_where(_listed_in, s)}{s}: no such file or folder{hint}")
        if not (p.is_file() or p.is_dir()):  # opening a FIFO waits for a writer that may never come
            raise SourceError(
                f"{_where(_listed_in, s)}{s}: not a regular file or folder (a FIFO, socket or device); give page "
                "files, WARC files, list files or folders"
            )
        name = p.name.lower()
        if p.is_file() and name.endswith(WARC_SUFFIXES):
            plan.warcs.append(p.resolve())
        elif p.is_file() and p.suffix.lower() == ".txt" and not _listed_in and (listed := _list_file(p)) is not None:
            inner = check_sources(listed, _listed_in=p)
            plan.paths += inner.paths
            plan.warcs += inner.warcs
            plan.urls += inner.urls
        elif p.is_file() and not _is_page_file(p):
            raise SourceError(
                f"{_where(_listed_in, s)}{s}: not a page file ({', '.join(PAGE_SUFFIXES)}), "
                f"WARC file ({', '.join(WARC_SUFFIXES)}), list file or folder"
            )
        else:
            plan.paths.append(p.resolve())
    return plan


def iter_pages(paths: list[Path]) -> Iterator[str]:
    """Every page file named or found below the folders, once each, in a stable order."""
    seen: set[str] = set()
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.name.lower() not in NOT_PAGES and _is_page_file(f))
            inside = [f for f in found if not f.is_symlink() or f.resolve().is_relative_to(p)]
            if len(inside) < len(found):
                first = next(f for f in found if f not in set(inside))
                log.warning(
                    "%s: %d symbolic link(s) leading out of the folder were not read (first %s); give what they "
                    "point to as a SOURCE of its own to read it",
                    p,
                    len(found) - len(inside),
                    first.relative_to(p),
                )
            found = inside
        else:
            found = [p]
        for f in found:
            key = str(f)
            if key not in seen:
                seen.add(key)
                yield key


def _is_page_file(f: Path) -> bool:
    """A page file: by its suffix, or, without one (a mirrored site's `/qa/123`), by its first bytes."""
    if f.name.startswith(".") or not f.is_file():
        return False
    if f.suffix:
        return f.suffix.lower() in PAGE_SUFFIXES
    try:
        with open(f, "rb") as fh:
            return looks_like_html(fh.read(4096))
    except OSError:
        return True  # listed, so that the run says why it cannot be read


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
