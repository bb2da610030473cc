"""Where pages come from: files and folders (URLs, sitemaps and WARC files come later)."""

from sources.files import MAX_PAGE_BYTES, PAGE_SUFFIXES, RawPage, SourceError, check_sources, iter_pages, read_page

__all__ = ["MAX_PAGE_BYTES", "PAGE_SUFFIXES", "RawPage", "SourceError", "check_sources", "iter_pages", "read_page"]
