"""Sitemaps (urlset and sitemap index, plain or gzipped): bytes in, URLs with their lastmod out."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from lxml import etree

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one (uncompressed) sitemap


class SitemapError(ValueError):
    """Bytes that are not a sitemap; the message is a short reason."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: dt.datetime | None  # UTC; a bare date is the end of that day, so a change that day is not missed


@dataclass(frozen=True, slots=True)
class Sitemap:
    is_index: bool  # True: `entries` are more sitemaps; False: pages
    entries: list[SitemapEntry]


def looks_like_sitemap(body: bytes) -> bool:
    """Cheap sniff: gzip, or XML whose first element is urlset or sitemapindex."""
    if body[:2] == b"\x1f\x8b":
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") and (b"<urlset" in head or b"<sitemapindex" in head)


def _gunzip(body: bytes) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(body, MAX_SITEMAP_BYTES + 1)
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"too large: more than {MAX_SITEMAP_BYTES} bytes uncompressed")
    return out


def parse_lastmod(text: str | None) -> dt.datetime | None:
    """W3C datetime -> UTC; a date alone means the end of that day; junk -> None (fetch it anyway)."""
    if not text or not (text := text.strip()):
        return None
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC) + dt.timedelta(days=1)
        t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def parse_sitemap(body: bytes) -> Sitemap:
    """Parse a sitemap or sitemap index. Entities and network access are off (no XXE)."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = _gunzip(body)
        except zlib.error as e:
            raise SitemapError(f"bad gzip: {e}") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as e:
        raise SitemapError(f"not well-formed XML: {e}") from None
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"root element is <{kind}>, not <urlset> or <sitemapindex>")
    child = "url" if kind == "urlset" else "sitemap"
    entries = []
    for el in root:
        if not isinstance(el.tag, str) or etree.QName(el).localname != child:
            continue
        fields = {etree.QName(f).localname: (f.text or "").strip() for f in el if isinstance(f.tag, str)}
        if fields.get("loc"):
            entries.append(SitemapEntry(fields["loc"], parse_lastmod(fields.get("lastmod"))))
    return Sitemap(kind == "sitemapindex", entries)
