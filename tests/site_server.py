"""A real web site on 127.0.0.1 for the fetch tests, with faults injected per path.

It serves a folder of pages, a sitemap of them (and a sitemap index), robots.txt, ETags with 304s,
and records every request with server-side timestamps and how many were in flight at once.
A fault is a list of actions for a path's successive requests; once used up, the page is served:
  "503"            503 Service Unavailable
  "429:S"          429 Too Many Requests with Retry-After: S
  "drop"           headers and half the body, then the connection is closed
  "stall:S"        nothing for S seconds, then the page
  "drip:S"         the headers, then the page one byte every S seconds (never stalled, never done)
  "redirect:URL"   302 to URL
  "big"            a body of `big_bytes` bytes, with Content-Length
  "big-chunked"    the same, chunked, with no Content-Length
  "bomb"           a small gzip body that inflates to `big_bytes` bytes
  "charset:NAME"   the page, labelled with charset NAME whatever its real encoding
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Hit:
    path: str
    start: float
    headers: dict[str, str]
    end: float = 0.0
    status: int = 0
    body_bytes: int = 0


@dataclass
class Site:
    root: Path
    robots: str = "User-agent: *\nDisallow: /en/private/\n"
    sitemap_paths: list[str] = field(default_factory=list)
    lastmod: dict[str, str] = field(default_factory=dict)
    faults: dict[str, list[str]] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)  # extra pages, by path
    big_bytes: int = 4 * 1024 * 1024
    gzip_pages: bool = False
    hits: list[Hit] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # ---- life cycle ----------------------------------------------------------------------
    def start(self) -> Site:
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Site:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # ---- what the server saw ---------------------------------------------------------------
    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self.max_in_flight = 0

    # ---- content ------------------------------------------------------------------------------
    def next_action(self, path: str) -> str | None:
        with self._lock:
            actions = self.faults.get(path)
            return actions.pop(0) if actions else None

    def content(self, path: str) -> tuple[str, bytes] | None:
        if path == "/robots.txt":
            return "text/plain", self.robots.encode()
        if path == "/sitemap.xml":
            return "application/xml", self._urlset(self.sitemap_paths)
        if path == "/sitemap_index.xml":
            half = len(self.sitemap_paths) // 2
            items = "".join(f"<sitemap><loc>{self.base}/sitemap-{n}.xml</loc></sitemap>" for n in (1, 2))
            body = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}'
            return "application/xml", (body + "</sitemapindex>").encode()
        if path in ("/sitemap-1.xml", "/sitemap-2.xml"):
            half = len(self.sitemap_paths) // 2
            part = self.sitemap_paths[:half] if path.endswith("1.xml") else self.sitemap_paths[half:]
            return "application/xml", self._urlset(part)
        if path in self.pages:
            return "text/html; charset=utf-8", self.pages[path]
        file = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() in file.parents and file.is_file():
            return "text/html; charset=utf-8", file.read_bytes()
        return None

    def _urlset(self, paths: list[str]) -> bytes:
        items = "".join(
            f"<url><loc>{self.base}{p}</loc>"
            + (f"<lastmod>{self.lastmod[p]}</lastmod>" if p in self.lastmod else "")
            + "</url>"
            for p in paths
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'
        ).encode()


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the client's
        # delayed ACK add 40 ms to every response, and the test server, not the crawler, is measured.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        site = self.site
        hit = Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
        with site._lock:
            site.hits.append(hit)
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
        try:
            self._serve(hit)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self._finished(hit)

    def _finished(self, hit: Hit) -> None:
        """The request stops counting as in flight just before its last bytes go out: once the client
        has them it may start another, and the two must not both count (the handler is still returning)."""
        if hit.end:
            return
        hit.end = time.monotonic()
        with self.site._lock:
            self.site.in_flight -= 1

    def _send(self, hit: Hit, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        hit.status = status
        self.send_response(status)
        headers = headers or {}
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        if body:
            self.end_headers()
            self._finished(hit)
            self.wfile.write(body)
        else:
            self._finished(hit)
            self.end_headers()
        hit.body_bytes = len(body)

    def _serve(self, hit: Hit) -> None:
        site = self.site
        action = site.next_action(self.path)
        found = site.content(self.path)
        if action == "503":
            return self._send(hit, 503, b"busy")
        if action and action.startswith("429:"):
            return self._send(hit, 429, b"slow down", {"Retry-After": action.split(":", 1)[1]})
        if action and action.startswith("redirect:"):
            return self._send(hit, 302, b"", {"Location": action.split(":", 1)[1]})
        if action and action.startswith("stall:"):
            time.sleep(float(action.split(":", 1)[1]))
        if action in ("big", "big-chunked", "bomb"):
            return self._serve_big(hit, action)
        if found is None:
            return self._send(hit, 404, b"<html><body>Not Found</body></html>", {"Content-Type": "text/html"})
        ctype, body = found
        if action and action.startswith("charset:"):
            ctype = f"text/html; charset={action.split(':', 1)[1]}"
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            hit.status = 304
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self._finished(hit)
            self.end_headers()
            return None
        headers = {"Content-Type": ctype, "ETag": etag}
        if site.gzip_pages and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if action and action.startswith("drip:"):
            return self._drip(hit, body, headers, float(action.split(":", 1)[1]))
        if action == "drop":
            hit.status = 200
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self._finished(hit)
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None
        return self._send(hit, 200, body, headers)

    def _drip(self, hit: Hit, body: bytes, headers: dict[str, str], every: float) -> None:
        hit.status = 200
        self.send_response(200)
        for k, v in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(k, v)
        self.end_headers()
        for n in range(len(body)):  # until the client gives up and the write fails
            self.wfile.write(body[n : n + 1])
            self.wfile.flush()
            hit.body_bytes += 1
            time.sleep(every)
        self._finished(hit)

    def _serve_big(self, hit: Hit, action: str) -> None:
        size = self.site.big_bytes
        if action == "bomb":
            body = gzip.compress(b"\0" * size)
            return self._send(hit, 200, body, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        if action == "big":
            return self._send(hit, 200, b"x" * size, {"Content-Type": "text/html"})
        hit.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 65536
        for _ in range(size // len(chunk) + 1):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            hit.body_bytes += len(chunk)
        self._finished(hit)
        self.wfile.write(b"0\r\n\r\n")
        return None
