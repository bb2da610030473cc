"""The raw page store: HTTP responses in WARC files, their `fetches` index, the latest per URL."""

from rawstore.latest import Latest, LatestFetches
from rawstore.store import Fetch, RawStore, StoredResponse, StoreWriter, read_response

__all__ = ["Fetch", "Latest", "LatestFetches", "RawStore", "StoreWriter", "StoredResponse", "read_response"]
