"""Fetching pages from the web, politely, patiently and incrementally.

Polite: robots.txt is obeyed; at most `concurrency` requests are in flight per host, and request
starts to a host are `delay` seconds apart (the robots Crawl-delay when it is larger).
Patient: 408, 429, 5xx, dropped connections, cut bodies and stalls are retried with exponential
backoff and jitter, never before the server's Retry-After; what still fails becomes a rejects row.
Incremental: a page the sitemap says is unchanged since the last fetch is not requested at all;
the others are requested with If-None-Match / If-Modified-Since, and a 304 is not parsed again.
Every response is written to the raw page store before anything parses it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import random
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from errors import QaEtlError, inside
from parsers import ParseError, canonicalize_url, parse_page
from parsers.decode import charset_of
from rawstore import Fetch, Latest, RawStore, StoreWriter
from sources.options import NO_CONTACT, FetchOptions
from sources.origins import Origin, describe, of_option, origin_of
from sources.pages import PageRef
from sources.sitemap import SitemapEntry, SitemapError, looks_like_sitemap, parse_sitemap

log = logging.getLogger("qa_etl.fetch")

RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_URL_LENGTH = 8192  # longer is never a page of the site, and many servers refuse it
MAX_REDIRECTS = 10
OFF_FENCE = "not on an allowed host"  # the reject reason of a URL outside the crawl's origins
UNCHANGED_BATCH = 10_000  # unchanged pages asked of the tables at once (each asking reads a column of each)


@dataclass
class CrawlSummary:
    requests: int = 0  # HTTP requests sent, retries and robots.txt included
    fetched: int = 0  # pages downloaded
    not_modified: int = 0  # pages the server answered 304
    unchanged_by_lastmod: int = 0  # pages not requested: the sitemap's lastmod is older than our copy
    retried: int = 0  # retries sent
    sitemaps: int = 0
    links_followed: int = 0
    links_offsite: int = 0  # Similar Q&A links to other origins, not followed
    unparsed_restored: int = 0  # unchanged pages whose stored copy never reached the tables (a run was killed)
    failed: Counter[str] = field(default_factory=Counter)  # reason -> URLs
    stopped: bool = False  # the crawl was stopped (a signal) before it was done

    def describe(self) -> str:
        """One line for the run summary (the command line's and the Prefect artifact's)."""
        return (
            f"fetched {self.fetched} pages with {self.requests} requests ({self.retried} retries); "
            f"{self.not_modified} not modified (304), {self.unchanged_by_lastmod} unchanged by sitemap lastmod, "
            f"{sum(self.failed.values())} failed"
            + (f"; {self.links_offsite} links to other sites not followed" if self.links_offsite else "")
        )


class _Failed(Exception):
    def __init__(self, reason: str, detail: str = "", *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail, self.transient, self.retry_after = reason, detail, transient, retry_after
        self.tries = 0


@dataclass
class _Response:
    url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes


@dataclass
class _Host:
    slots: asyncio.Semaphore
    delay: float
    next_start: float = 0.0
    gate: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots: Protego | None = None
    robots_error: str | None = None  # robots.txt could not be read: the host is off limits (RFC 9309)
    robots_loaded: asyncio.Event = field(default_factory=asyncio.Event)
    robots_started: bool = False


class _Decoder:
    """Content-Encoding decoding with a hard output limit, so a gzip bomb costs `limit` bytes at most."""

    def __init__(self, encoding: str | None, limit: int) -> None:
        enc = (encoding or "identity").strip().lower()
        self.limit, self.size = limit, 0
        if enc in ("", "identity"):
            self.z = None
        elif enc in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.z = zlib.decompressobj()
        else:
            raise _Failed("unsupported content-encoding", enc, transient=False)

    def _count(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.limit:
            raise _Failed("too large", f"body over {self.limit} bytes", transient=False)
        return out

    def feed(self, chunk: bytes) -> bytes:
        if self.z is None:
            return self._count(chunk)
        try:
            out = self.z.decompress(chunk, self.limit - self.size + 1)
        except zlib.error as e:
            raise _Failed("bad content-encoding", str(e), transient=False) from None
        if self.z.unconsumed_tail:
            raise _Failed("too large", f"body over {self.limit} bytes once decompressed", transient=False)
        return self._count(out)

    def finish(self) -> bytes:
        if self.z is None:
            return b""
        if not self.z.eof:
            raise _Failed("connection error", "compressed body cut short", transient=True)
        return self._count(self.z.flush())


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _origin(url: str) -> tuple[str, str]:
    p = urlsplit(url)
    return p.scheme, p.netloc


def _origin_key(url: str) -> Origin:
    origin = origin_of(url)
    assert origin is not None  # only URLs on allowed origins are requested
    return origin


@dataclass(frozen=True, slots=True)
class _Item:
    url: str
    kind: str  # "page", "sitemap", or "seed" (a URL given as SOURCE: a page or a sitemap)
    depth: int = 0  # links followed to reach it
    lastmod: dt.datetime | None = None
    nesting: int = 0  # sitemap indexes above it


class Crawler:
    """One crawl: `await crawler.run(urls)`. Pages to parse or reject go to `on_page` as they come."""

    def __init__(
        self,
        options: FetchOptions,
        store: RawStore,
        writer: StoreWriter,
        run_id: str,
        on_page: Callable[[PageRef], None],
        allowed: set[Origin],
        parsed: Callable[[Collection[str]], dict[str, str]] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.stop = stop  # set: end the crawl now (a signal); what was stored stays stored
        self.o = options
        self.parsed = parsed or (lambda _: {})
        self._fatal: QaEtlError | None = None  # set: the crawl stops and raises it
        self._unchanged_pages: list[tuple[str, Latest]] = []  # asked of `parsed` UNCHANGED_BATCH at a time
        self.store = store
        self.writer = writer
        self.run_id = run_id
        self.on_page = on_page
        self.allowed = set(allowed).union(*(of_option(spec) for spec in options.allow_hosts))
        self.previous = store.latest()  # one URL at a time: memory does not grow with the index
        self.summary = CrawlSummary()
        self._hosts: dict[Origin, _Host] = {}  # politeness and robots.txt, per origin
        self._seen: set[tuple[str, str]] = set()
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._progress: Callable[[int, int], None] | None = None
        self._in_flight: set[asyncio.Task[_Response]] = set()
        self._done = 0
        self._sitemaps = 0  # sitemap documents queued
        self._listed = 0  # page URLs taken from sitemaps
        self.listing: list[SitemapEntry] | None = None  # set: list the pages of sitemaps, fetch no page

    # ---- the crawl ------------------------------------------------------------------------
    async def run(self, urls: list[str]) -> CrawlSummary:
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=64)
        # A read may wait up to the deadline: `_request` gives up after one timeout, but lets the request end by itself.
        timeout = httpx.Timeout(max(self.o.deadline, self.o.timeout), connect=self.o.timeout)
        headers = {"User-Agent": self.o.agent, "Accept-Encoding": "gzip, deflate"}
        async with httpx.AsyncClient(
            limits=limits, timeout=timeout, headers=headers, follow_redirects=False, trust_env=False
        ) as self.client:
            for url in urls:
                kind = "sitemap" if urlsplit(url).path.lower().endswith((".xml", ".xml.gz")) else "seed"
                if kind == "seed" and self.listing is not None:
                    self.listing.append(SitemapEntry(url, None))
                    continue
                self._sitemaps += kind == "sitemap"
                self._enqueue(_Item(url, kind))
            n_workers = min(256, 4 * self.o.host_concurrency * max(1, len(self.allowed)))
            workers = [asyncio.create_task(self._worker()) for _ in range(n_workers)]
            done = asyncio.create_task(self._queue.join())
            try:
                while not done.done():  # the queue drained, or a stop asked for: in-flight requests are cancelled
                    await asyncio.wait({done}, timeout=0.2)
                    if (self.stop is not None and self.stop.is_set()) or self._fatal:
                        self.summary.stopped = True
                        break
            finally:
                done.cancel()
                abandoned = list(self._in_flight)  # stalled requests we stopped waiting for
                for t in (*workers, *abandoned):
                    t.cancel()
                await asyncio.gather(*workers, *abandoned, return_exceptions=True)
                self.previous.close()
        if self._fatal:
            raise self._fatal
        if not self.summary.stopped:
            self._restore_unparsed()
        return self.summary

    def _enqueue(self, item: _Item) -> None:
        canonical = canonicalize_url(item.url)
        if canonical is None:
            return
        key = ("sitemap" if item.kind == "sitemap" else "page", canonical)
        if key in self._seen:
            return
        self._seen.add(key)
        self._queue.put_nowait(item)

    async def _worker(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                await self._visit(item)
            except QaEtlError as e:  # the output itself is wrong (a hostile index): the crawl stops
                self._fatal = self._fatal or e
            except Exception as e:  # a bug must cost one URL, not the crawl
                log.exception("unexpected error fetching %s", item.url)
                self._fail(item, canonicalize_url(item.url) or item.url, "fetch error", f"{type(e).__name__}: {e}", 0)
            finally:
                self._done += 1
                if self._progress:
                    self._progress(self._done, len(self._seen))
                self._queue.task_done()

    async def _visit(self, item: _Item) -> None:
        canonical = canonicalize_url(item.url) or item.url
        if len(item.url) > MAX_URL_LENGTH:
            self._fail(item, canonical, "url too long", f"{len(item.url)} characters, more than {MAX_URL_LENGTH}", 0)
            return
        prev = self.previous.get(canonical)
        if item.kind == "page" and prev and item.lastmod and prev.confirmed_at >= item.lastmod:
            self.summary.unchanged_by_lastmod += 1
            self._unchanged(item, prev)
            await self._follow_stored(item, prev)
            return
        origin = origin_of(item.url)
        if origin is None or origin not in self.allowed:
            where = describe(origin) if origin else item.url[:100]
            allow = f"{origin[1]}:{origin[2]}" if origin else "HOST"
            self._fail(item, canonical, OFF_FENCE, f"{where} (add it with --allow-host {allow})", 0)
            return
        conditional = {}
        if prev and prev.etag:
            conditional["If-None-Match"] = prev.etag
        if prev and prev.last_modified:
            conditional["If-Modified-Since"] = prev.last_modified
        try:
            resp, tries = await self._fetch(item.url, conditional)
        except _Failed as f:
            self._fail(item, canonical, f.reason, f.detail, f.tries)
            return
        now = dt.datetime.now(dt.UTC)
        if resp.status == 304 and prev:
            self.writer.add(self._row(item, canonical, resp, tries, now, kind=prev.kind))
            if prev.kind == "sitemap":
                self._expand_sitemap(item, self.store.read(prev.warc_file, prev.warc_offset).body, resp.url)
            else:
                self.summary.not_modified += 1
                self._unchanged(item, prev)
                await self._follow_stored(item, prev)
            return
        kind = self._kind(item, resp.body if 200 <= resp.status < 300 else None)
        row = self._store(self._row(item, canonical, resp, tries, now, kind=kind), resp)
        if kind == "sitemap":
            if 200 <= resp.status < 300:
                self._expand_sitemap(item, resp.body, resp.url)
            else:
                self.summary.failed[f"http {resp.status}"] += 1
                self.on_page(PageRef(item.url, error=f"http {resp.status}: sitemap {resp.url}", fetched_at=now))
            return
        if 200 <= resp.status < 300:
            self.summary.fetched += 1
            self._follow(item, resp.body, resp.url, charset_of(resp.headers.get("content-type")))
        else:
            self.summary.failed[f"http {resp.status}"] += 1
        assert row.warc_file is not None
        self.on_page(PageRef(item.url, path=str(self.store.root / row.warc_file), offset=row.warc_offset))

    def _unchanged(self, item: _Item, prev: Latest) -> None:
        """An unchanged page is parsed again only if its stored copy is not what the tables hold
        (the run that fetched it was killed before its commit, or the tables were deleted). The
        tables are asked about many pages at once: each asking reads their `source` columns."""
        self._unchanged_pages.append((item.url, prev))
        if len(self._unchanged_pages) >= UNCHANGED_BATCH:
            self._restore_unparsed()

    def _restore_unparsed(self) -> None:
        pages, self._unchanged_pages = self._unchanged_pages, []
        held = self.parsed({url for url, _ in pages}) if pages else {}
        for url, prev in pages:
            if held.get(url) != prev.content_sha256:
                self.summary.unparsed_restored += 1
                path = inside(self.store.root, prev.warc_file, "the raw page store's index (fetches/)")
                self.on_page(PageRef(url, path=str(path), offset=prev.warc_offset))

    def _kind(self, item: _Item, body: bytes | None) -> str:
        if item.kind == "seed":
            return "sitemap" if body is not None and looks_like_sitemap(body) else "page"
        return item.kind

    def _row(self, item: _Item, canonical: str, resp: _Response, tries: int, now: dt.datetime, *, kind: str) -> Fetch:
        return Fetch(
            url=item.url,
            canonical_url=canonical,
            kind=kind,
            fetched_at=now,
            tries=tries,
            run_id=self.run_id,
            final_url=resp.url,
            status=resp.status,
            content_type=resp.headers.get("content-type"),
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
        )

    def _store(self, row: Fetch, resp: _Response) -> Fetch:
        """Write the response (decoded body, headers that still describe it) and its index row."""
        headers = [(k, v) for k, v in resp.headers.multi_items() if k.lower() not in _HOP_HEADERS]
        return self.writer.add(row, body=resp.body, status_line=f"{resp.status} {resp.reason}".strip(), headers=headers)

    def _fail(self, item: _Item, canonical: str, reason: str, detail: str, tries: int) -> None:
        now = dt.datetime.now(dt.UTC)
        error = f"{reason}: {detail}" if detail else reason
        kind = "sitemap" if item.kind == "sitemap" else "page"
        self.writer.add(Fetch(item.url, canonical, kind, now, tries, self.run_id, error=error))
        self.summary.failed[reason] += 1
        self.on_page(PageRef(item.url, error=error, fetched_at=now))

    # ---- discovery ---------------------------------------------------------------------------
    def _expand_sitemap(self, item: _Item, body: bytes, url: str) -> None:
        self.summary.sitemaps += 1
        try:
            sitemap = parse_sitemap(body)
        except SitemapError as e:
            self.summary.failed["bad sitemap"] += 1
            self.on_page(PageRef(item.url, error=f"bad sitemap: {e}", fetched_at=dt.datetime.now(dt.UTC)))
            return
        if sitemap.is_index and item.nesting >= self.o.max_sitemap_depth:
            self._over(item, f"a sitemap index {item.nesting + 1} levels deep (--max-sitemap-depth {item.nesting})")
            return
        over = 0
        for entry in sitemap.entries:
            loc = canonicalize_url(entry.loc, url)
            if not loc:  # said, not dropped: a sitemap names what the site holds
                self.summary.failed["not a URL"] += 1
                if self.listing is None:
                    error = f"not a URL: {entry.loc[:200]!r} in {url[:200]}"
                    self.on_page(PageRef(entry.loc[:2000], error=error, fetched_at=dt.datetime.now(dt.UTC)))
                continue
            if sitemap.is_index:
                if self._sitemaps >= self.o.max_sitemaps:
                    over += 1
                    continue
                self._sitemaps += 1
                self._enqueue(_Item(loc, "sitemap", item.depth, entry.lastmod, item.nesting + 1))
                continue
            if self._listed >= self.o.max_urls:
                over += 1
                continue
            self._listed += 1
            if self.listing is not None:
                self.listing.append(SitemapEntry(loc, entry.lastmod))
            else:
                self._enqueue(_Item(loc, "page", item.depth, entry.lastmod))
        if over:
            what = "sitemaps" if sitemap.is_index else "page URLs"
            limit = f"--max-sitemaps {self.o.max_sitemaps}" if sitemap.is_index else f"--max-urls {self.o.max_urls}"
            self._over(item, f"{over} {what} left out: the run's limit ({limit}) was reached")

    def _over(self, item: _Item, detail: str) -> None:
        """A sitemap past a limit of the run: a reject that says which (nothing more is requested)."""
        self.summary.failed["sitemap limit"] += 1
        self.on_page(PageRef(item.url, error=f"sitemap limit: {detail}", fetched_at=dt.datetime.now(dt.UTC)))

    async def _follow_stored(self, item: _Item, prev: Latest) -> None:
        if self.o.follow_links and item.depth < self.o.max_depth:
            stored = self.store.read(prev.warc_file, prev.warc_offset)
            self._follow(item, stored.body, stored.final_url, stored.charset)

    def _follow(self, item: _Item, body: bytes, url: str, charset: str | None) -> None:
        """Queue the page's Similar Q&A links (on allowed hosts), one level deeper."""
        if not self.o.follow_links or item.depth >= self.o.max_depth:
            return
        try:
            page = parse_page(body, url=url, charset=charset)
        except ParseError:
            return
        canonical = page.question.source_url
        for link in page.related_links:
            if link.kind != "similar_qa" or not link.url:
                continue
            target = link.url
            if canonical and _origin(target) == _origin(canonical) != _origin(url):
                # The page names its own canonical host (a mirror, or a test server): stay where it was fetched.
                p = urlsplit(target)
                target = urlunsplit((*_origin(url), p.path, p.query, ""))
            if origin_of(target) in self.allowed:
                before = len(self._seen)
                self._enqueue(_Item(target, "page", item.depth + 1))
                self.summary.links_followed += len(self._seen) - before
            else:
                self.summary.links_offsite += 1  # another site's page: not ours to crawl (counted, said)

    # ---- one URL, with redirects, robots.txt and retries --------------------------------------
    async def _fetch(self, url: str, conditional: dict[str, str]) -> tuple[_Response, int]:
        tries = 0
        hops = 0
        current = url
        while True:
            host = await self._host_for(current)
            if host.robots_error:
                raise _Failed("robots.txt unavailable", host.robots_error, transient=False)
            if host.robots is not None and not host.robots.can_fetch(current, self.o.agent):
                raise _Failed("disallowed by robots.txt", current, transient=False)
            resp, n = await self._with_retries(current, conditional if hops == 0 else {})
            tries += n
            if resp.status not in REDIRECT_STATUSES or "location" not in resp.headers:
                return resp, tries
            hops += 1
            target = canonicalize_url(resp.headers["location"], current)
            if target is None:
                raise _Failed("bad redirect", resp.headers["location"][:200], transient=False)
            if hops > MAX_REDIRECTS:
                raise _Failed("too many redirects", f"more than {MAX_REDIRECTS}", transient=False)
            if origin_of(target) not in self.allowed:
                raise _Failed("redirect to another host", f"{current} -> {target}", transient=False)
            current = target

    async def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[_Response, int]:
        host = self._hosts[_origin_key(url)]
        tries = 0
        while True:
            tries += 1
            failure: _Failed
            try:
                resp = await self._request(host, url, headers)
                if resp.status not in RETRY_STATUSES:
                    return resp, tries
                failure = _Failed(
                    f"http {resp.status}",
                    f"still {resp.status} after {tries} tries",
                    transient=True,
                    retry_after=_retry_after(resp.headers.get("retry-after")),
                )
                if tries > self.o.retries:
                    return resp, tries  # stored and rejected with its status
            except _Failed as f:
                failure = f
                if not f.transient or tries > self.o.retries:
                    f.detail = f"{f.detail} (after {tries} tries)" if f.transient else f.detail
                    f.tries = tries
                    raise
            backoff = min(self.o.max_wait, self.o.backoff * 2 ** (tries - 1)) * (0.5 + random.random() / 2)
            if failure.retry_after is not None and failure.retry_after > self.o.max_wait:
                failure.reason, failure.transient = "retry-after too long", False
                failure.detail = f"server asked to wait {failure.retry_after:.0f} s (limit {self.o.max_wait:.0f} s)"
                failure.tries = tries
                raise failure
            wait = max(backoff, failure.retry_after or 0.0)
            self.summary.retried += 1
            log.info("retrying %s in %.2f s: %s", url, wait, failure)
            await asyncio.sleep(wait)

    async def _request(self, host: _Host, url: str, headers: dict[str, str]) -> _Response:
        """One request, holding one of the host's slots until the request has really ended.

        A response that stalls for `timeout` seconds is given up on (and retried), but it keeps its slot
        until the server answers or closes, or the deadline passes: a request we stopped waiting for
        may still be running on the server, and it counts against `concurrency` until it is not. A
        response still arriving at the deadline (a byte now and then) fails, and is not retried.
        """
        loop = asyncio.get_running_loop()
        await host.slots.acquire()
        try:
            async with host.gate:  # request starts to a host are `delay` apart
                wait = host.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                host.next_start = loop.time() + host.delay
        except BaseException:
            host.slots.release()
            raise
        self.summary.requests += 1
        progress = [loop.time()]
        task = asyncio.create_task(self._get(url, headers, progress))
        self._in_flight.add(task)

        def finished(t: asyncio.Task[object]) -> None:
            host.slots.release()
            self._in_flight.discard(t)

        task.add_done_callback(finished)
        while True:
            left = progress[0] + self.o.timeout - loop.time()
            done, _ = await asyncio.wait({task}, timeout=max(left, 0.0))
            if done:
                break
            if loop.time() - progress[0] >= self.o.timeout:
                task.add_done_callback(_consume)
                raise _Failed("timeout", f"no data for {self.o.timeout:g} s", transient=True)
        try:
            return task.result()
        except (TimeoutError, httpx.TimeoutException) as e:
            raise _Failed("timeout", f"{type(e).__name__} after {self.o.timeout:g} s", transient=True) from None
        except httpx.TransportError as e:
            raise _Failed("connection error", f"{type(e).__name__}: {e}"[:300], transient=True) from None

    async def _get(self, url: str, headers: dict[str, str], progress: list[float]) -> _Response:
        try:
            async with asyncio.timeout(self.o.deadline):
                return await self._get_within(url, headers, progress)
        except TimeoutError:
            what = f"the response was still arriving after {self.o.deadline:g} s (--deadline); not retried"
            raise _Failed("deadline", what, transient=False) from None

    async def _get_within(self, url: str, headers: dict[str, str], progress: list[float]) -> _Response:
        loop = asyncio.get_running_loop()
        async with self.client.stream("GET", url, headers=headers) as r:
            progress[0] = loop.time()
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > self.o.max_bytes and r.status_code not in REDIRECT_STATUSES:
                raise _Failed("too large", f"Content-Length {length} > {self.o.max_bytes}", transient=False)
            if r.status_code in REDIRECT_STATUSES or r.status_code == 304:
                return _Response(str(r.url), r.status_code, r.reason_phrase, r.headers, b"")
            decoder = _Decoder(r.headers.get("content-encoding"), self.o.max_bytes)
            parts = []
            async for chunk in r.aiter_raw():
                progress[0] = loop.time()
                parts.append(decoder.feed(chunk))
            parts.append(decoder.finish())
            return _Response(str(r.url), r.status_code, r.reason_phrase, r.headers, b"".join(parts))

    async def _host_for(self, url: str) -> _Host:
        name = _origin_key(url)
        host = self._hosts.get(name)
        if host is None:
            host = self._hosts[name] = _Host(asyncio.Semaphore(self.o.host_concurrency), self.o.host_delay())
        if not host.robots_started:
            host.robots_started = True
            await self._load_robots(url, host)
            host.robots_loaded.set()
        await host.robots_loaded.wait()
        return host

    async def _load_robots(self, url: str, host: _Host) -> None:
        p = urlsplit(url)
        robots_url = urlunsplit((p.scheme, p.netloc, "/robots.txt", "", ""))
        item = _Item(robots_url, "robots")
        now = dt.datetime.now(dt.UTC)
        try:
            resp, tries = await self._with_retries(robots_url, {})
        except _Failed as f:
            host.robots_error = f"{robots_url}: {f}"
            self.writer.add(Fetch(robots_url, robots_url, "robots", now, f.tries, self.run_id, error=str(f)))
            return
        self._store(self._row(item, robots_url, resp, tries, now, kind="robots"), resp)
        if 200 <= resp.status < 300:
            host.robots = Protego.parse(resp.body.decode("utf-8", "replace"))
            crawl_delay = host.robots.crawl_delay(self.o.agent)
            if crawl_delay and crawl_delay > self.o.delay:
                wanted = (robots_url, crawl_delay, self.o.delay)
                log.warning("%s asks for Crawl-delay %g s; using it instead of --delay %g", *wanted)
                host.delay = self.o.host_delay(float(crawl_delay))
        elif resp.status >= 500 or resp.status in REDIRECT_STATUSES:
            host.robots_error = f"{robots_url}: http {resp.status}"
        # 4xx: no robots.txt, everything is allowed (RFC 9309)


def _consume(task: asyncio.Task[_Response]) -> None:
    """Retrieve the outcome of a request nobody waits for any more, so asyncio does not warn of it."""
    if not task.cancelled():
        task.exception()


_HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"})


_warned: set[str] = set()


def _warn_if_anonymous(options: FetchOptions) -> None:
    """Once per process (a backfill crawls once per chunk): the crawl goes on, the operator is told."""
    if options.anonymous and "contact" not in _warned:
        _warned.add("contact")
        log.warning(NO_CONTACT)


def crawl(
    urls: list[str],
    *,
    output: str | Path,
    run_id: str,
    options: FetchOptions,
    on_page: Callable[[PageRef], None],
    allowed: set[Origin],
    parsed: Callable[[Collection[str]], dict[str, str]] | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CrawlSummary:
    """Fetch `urls` (pages and sitemaps) into the raw page store of `output`; blocking. `progress` is
    told the URLs done and known after each one.

    `parsed` maps sources to the SHA-256 of the body their rows in the tables came from (those the
    tables hold): an unchanged page whose stored copy is not in the tables is parsed again. When
    `stop` is set, requests in flight are cancelled and the crawl returns within a fraction of a
    second (`summary.stopped`), its WARC file closed and indexed.
    Call it while holding the output's lock (inside `Dataset.writer`).
    """
    _warn_if_anonymous(options)
    store = RawStore(output)
    with store.writer(run_id) as writer:  # recovery of the store is the dataset writer's job
        crawler = Crawler(options, store, writer, run_id, on_page, allowed, parsed, stop)
        crawler._progress = progress
        return asyncio.run(crawler.run(urls))


def list_sitemaps(
    urls: list[str], *, output: str | Path, run_id: str, options: FetchOptions, allowed: set[Origin]
) -> tuple[list[SitemapEntry], list[str]]:
    """The pages that the sitemaps (and sitemap indexes) at `urls` list, with their lastmod; no page is
    fetched. Page URLs among `urls` are listed as they are. Returns (pages, errors), one error per
    sitemap that could not be read. The sitemaps fetched are kept in the raw page store."""
    _warn_if_anonymous(options)
    errors: list[str] = []
    listing: list[SitemapEntry] = []

    def on_page(ref: PageRef) -> None:  # a failed sitemap, or a page where a sitemap was expected
        if ref.error:
            errors.append(f"{ref.source}: {ref.error}")
        else:
            listing.append(SitemapEntry(ref.source, None))

    store = RawStore(output)
    with store.writer(run_id) as writer:
        crawler = Crawler(options, store, writer, run_id, on_page, allowed)
        crawler.listing = listing
        asyncio.run(crawler.run(urls))
    seen: set[str] = set()
    pages = []
    for entry in listing:
        if entry.loc not in seen:
            seen.add(entry.loc)
            pages.append(entry)
    return pages, errors
