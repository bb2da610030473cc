"""Pages from the raw page store, for `qa-etl reparse`: no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from errors import inside
from rawstore import RawStore
from sources.pages import PageRef


def iter_stored_pages(root: str | Path, only: set[str] | None = None) -> Iterator[PageRef]:
    """The latest outcome of every URL ever fetched as a page (or sitemap that failed), oldest first;
    with `only`, of those whose URL (as requested, or canonical) is in it.

    A 304 says the stored body is still current, so the outcome it confirms is the one before it.
    """
    store = RawStore(root)
    latest: dict[str, dict[str, object]] = {}
    for row in store.fetches().to_pylist():  # oldest first: later rows replace earlier ones
        if row["kind"] == "robots" or row["status"] == 304:
            continue
        if row["kind"] == "sitemap" and row["error"] is None and 200 <= (row["status"] or 0) < 300:
            latest.pop(row["canonical_url"], None)
            continue
        latest[row["canonical_url"]] = row
    for row in latest.values():
        url = str(row["url"])
        if only is not None and url not in only and row["canonical_url"] not in only:
            continue
        if row["warc_file"]:
            offset = row["warc_offset"]
            assert isinstance(offset, int)
            path = inside(store.root, str(row["warc_file"]), "the raw page store's index (fetches/)")
            yield PageRef(url, path=str(path), offset=offset)
        else:
            yield PageRef(url, error=str(row["error"]), fetched_at=row["fetched_at"])  # type: ignore[arg-type]
