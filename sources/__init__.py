"""Where pages come from: files and folders, WARC files, and the web (pages, sitemaps, files of URLs)."""

from sources.files import (
    PAGE_SUFFIXES,
    WARC_SUFFIXES,
    SourceError,
    SourcePlan,
    check_sources,
    iter_pages,
    iter_warc_pages,
    read_list_file,
    read_sources_file,
)
from sources.pages import MAX_PAGE_BYTES, PageRef, RawPage, read_page

__all__ = [
    "MAX_PAGE_BYTES",
    "PAGE_SUFFIXES",
    "WARC_SUFFIXES",
    "PageRef",
    "RawPage",
    "SourceError",
    "SourcePlan",
    "check_sources",
    "iter_pages",
    "iter_warc_pages",
    "read_list_file",
    "read_page",
    "read_sources_file",
]
