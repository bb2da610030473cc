"""How to fetch: a light module (no HTTP client), so the command line can show the defaults quickly."""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "1.0"
DEFAULT_CONTACT = "https://github.com/qa-etl/qa-etl"


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch; the command line's options, with the same defaults."""

    user_agent: str | None = None  # None: "qa-etl/<version> (+<contact>)"
    contact: str = DEFAULT_CONTACT
    concurrency: int = 2  # requests in flight per host, at most
    delay: float = 1.0  # seconds between request starts to a host; a larger robots Crawl-delay wins
    timeout: float = 30.0  # seconds to connect, and to wait for each read
    max_bytes: int = 10 * 1024 * 1024  # body size limit, after decompression
    retries: int = 4  # retries after the first try
    backoff: float = 1.0  # the first retry waits about this long; each later one twice as long
    max_wait: float = 300.0  # the longest wait before a retry; a longer Retry-After fails the page
    allow_hosts: tuple[str, ...] = ()  # hosts beyond those of the sources
    follow_links: bool = False
    max_depth: int = 1
    max_sitemaps: int = 1000  # sitemap documents fetched per run, at most (an index chain is bounded)
    max_sitemap_depth: int = 3  # sitemap indexes within indexes, at most
    max_urls: int = 1_000_000  # page URLs taken from sitemaps per run, at most
    progress: bool = False
    shared_by: int = 1  # crawls running at once against the same hosts (a backfill's parallel chunks)

    @property
    def host_concurrency(self) -> int:
        """This crawl's share of `concurrency`, so crawls running together stay within it."""
        return max(1, self.concurrency // self.shared_by)

    def host_delay(self, crawl_delay: float = 0.0) -> float:
        """This crawl's gap between request starts to a host: together, crawls keep the host's rate."""
        return max(self.delay, crawl_delay) * self.shared_by

    @property
    def agent(self) -> str:
        return self.user_agent or f"qa-etl/{VERSION} (+{self.contact})"
