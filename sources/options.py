"""How to fetch: a light module (no HTTP client), so the command line can show the defaults quickly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

VERSION = "1.0"
CONTACT_ENV = "QA_ETL_CONTACT"  # the operator's contact when --contact is not given
NO_CONTACT = (
    "no contact configured: the User-Agent is a bare qa-etl/" + VERSION + " that site owners cannot reach; "
    f"give --contact URL_OR_EMAIL (or set {CONTACT_ENV}, or the deployment's fetch.contact)"
)


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch; the command line's options, with the same defaults."""

    user_agent: str | None = None  # None: "qa-etl/<version> (+<contact>)"
    # The operator's URL or e-mail ($QA_ETL_CONTACT by default); without it a crawl warns once.
    contact: str | None = field(default_factory=lambda: os.environ.get(CONTACT_ENV) or None)
    concurrency: int = 2  # requests in flight per host, at most
    delay: float = 1.0  # seconds between request starts to a host; a larger robots Crawl-delay wins
    timeout: float = 30.0  # seconds to connect, and to wait for each read
    # Seconds for one request, connect to last byte: a server that drips a byte at a time fails the
    # page (not retried) instead of holding it for every try.
    deadline: float = 60.0
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
    shared_by: int = 1  # crawls running at once against the same hosts (a backfill's parallel chunks)

    def __post_init__(self) -> None:
        # A contact given as None (a deployment's `contact: null`, a Prefect parameter) means the
        # same as one not given: take $QA_ETL_CONTACT.
        if self.contact is None and os.environ.get(CONTACT_ENV):
            object.__setattr__(self, "contact", os.environ[CONTACT_ENV])

    @property
    def host_concurrency(self) -> int:
        """This crawl's share of `concurrency`, so crawls running together stay within it."""
        return max(1, self.concurrency // self.shared_by)

    def host_delay(self, crawl_delay: float = 0.0) -> float:
        """This crawl's gap between request starts to a host: together, crawls keep the host's rate."""
        return max(self.delay, crawl_delay) * self.shared_by

    @property
    def agent(self) -> str:
        return self.user_agent or f"qa-etl/{VERSION}" + (f" (+{self.contact})" if self.contact else "")

    @property
    def anonymous(self) -> bool:
        """No way for a site owner to reach the operator: a real crawl should carry one."""
        return not self.user_agent and not self.contact
