"""The raw page store: HTTP responses in WARC files and their `fetches` index."""

from rawstore.store import Fetch, RawStore, StoredResponse, StoreWriter, read_response

__all__ = ["Fetch", "RawStore", "StoreWriter", "StoredResponse", "read_response"]
