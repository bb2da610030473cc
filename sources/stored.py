"""Pages from the raw page store, for `qa-etl reparse`: no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from errors import inside
from rawstore import RawStore
from sources.pages import PageRef

GONE_STATUSES = (404, 410)  # a page found gone (dataset.changes.GONE_REASONS: "http 404", "http 410")


def iter_stored_pages(root: str | Path, only: set[str] | None = None) -> Iterator[PageRef]:
    """The latest outcome of every URL ever fetched as a page (or sitemap that failed), oldest first;
    with `only`, of those whose URL (as requested, or canonical) is in it.

    A 304 says the stored body is still current, so the outcome it confirms is the one before it.
    """
    store = RawStore(root)
    latest: dict[str, dict[str, object]] = {}
    last_body: dict[str, dict[str, object]] = {}  # the latest row with a stored body, per canonical URL
    for row in store.fetches().to_pylist():  # oldest first: later rows replace earlier ones
        if row["kind"] == "robots" or row["status"] == 304:
            continue
        if row["kind"] == "sitemap" and row["error"] is None and 200 <= (row["status"] or 0) < 300:
            latest.pop(row["canonical_url"], None)
            last_body.pop(row["canonical_url"], None)
            continue
        latest[row["canonical_url"]] = row
        if row["warc_file"] and 200 <= (row["status"] or 0) < 300:
            last_body[row["canonical_url"]] = row
    for key, row in latest.items():
        url = str(row["url"])
        if only is not None and url not in only and row["canonical_url"] not in only:
            continue
        before = last_body.get(key)
        if row["status"] in GONE_STATUSES and before is not None:
            # A page found gone: its last body first, then the 404, so its rows come back removed
            # (a reparse or a repair must not lose what the tables kept of it).
            gone_path = inside(store.root, str(before["warc_file"]), "the raw page store's index (fetches/)")
            yield PageRef(url, path=str(gone_path), offset=before["warc_offset"])  # type: ignore[arg-type]
        if row["warc_file"]:
            offset = row["warc_offset"]
            assert isinstance(offset, int)
            path = inside(store.root, str(row["warc_file"]), "the raw page store's index (fetches/)")
            yield PageRef(url, path=str(path), offset=offset)
        else:
            yield PageRef(url, error=str(row["error"]), fetched_at=row["fetched_at"])  # type: ignore[arg-type]
