"""Canonical URLs and the ids derived from them: one function, so links join to their targets."""

from __future__ import annotations

import functools
import hashlib
import re
from urllib.parse import SplitResult, parse_qs, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the visitor; they never change which question a URL shows.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
    }
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def http_parts(url: str) -> tuple[str, str, int | None, SplitResult] | None:
    """Scheme and host (lower-cased, an IPv6 host without brackets), the explicit port, and the split
    URL, for an http(s) URL with a host; None for anything else, a port that is no number included.
    The one reading of a URL's origin: canonical URLs and the crawl's fence (sources.origins) share it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port, parts


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


@functools.lru_cache(maxsize=65536)  # pages link to the same few URLs over and over
def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of `url` (resolved against `base`), or None if it is not http(s).

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters,
    and sorts the remaining query so that equal pages get equal strings.
    """
    url = url.strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    split = http_parts(url)
    if split is None:
        return None
    scheme, host, port, parts = split
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


# A page saved by a web archive links to the archive's copies: the original URL is inside the
# archive's (the Wayback Machine's /web/<timestamp>[flags]/<url>, archive.today's /o/<id>/<url>).
_ARCHIVED = re.compile(
    r"^https?://(?:web\.archive\.org|wayback\.archive-it\.org(?:/\d+)?|webcache\.googleusercontent\.com)"
    r"/web/\d{1,14}(?:[a-z]{2}_)?/(?P<url>https?:/{1,2}.+)$"
    r"|^https?://archive\.(?:ph|today|is|li|vn|fo|md)/o/[A-Za-z0-9]+/(?P<url2>https?:/{1,2}.+)$",
    re.I,
)


def unarchived(url: str) -> str:
    """The original URL an archive's URL of a copy stands for; any other URL as it is."""
    m = _ARCHIVED.match(url)
    if m is None:
        return url
    inner = m.group("url") or m.group("url2")
    return re.sub(r"^(https?:)/(?!/)", r"\1//", inner, flags=re.I)  # (the Wayback's "http:/x" form)


# A link shortener's or a document's redirect ("https://www.google.com/url?q=<url>&sa=D", as Google
# Docs publishes links; Facebook's l.php?u=<url>): it stands for the URL it sends the reader to.
_REDIRECT = re.compile(r"^https?://(?:www\.)?(?:google\.[a-z.]{2,6}/url|l\.facebook\.com/l\.php)\?", re.I)


def unredirected(url: str) -> str:
    """The URL a redirect link sends the reader to; any other URL as it is."""
    if not _REDIRECT.match(url):
        return url
    query = parse_qs(urlsplit(url).query)
    target = next((query[k][0] for k in ("q", "url", "u") if query.get(k)), "")
    return target if target.lower().startswith(("http://", "https://")) else url


def original_url(canonical: str) -> str:
    """A canonical URL, or the canonical original an archive's copy of a page, or a redirect link,
    stands for."""
    target = unredirected(canonical)
    if target != canonical:
        return canonicalize_url(target) or canonical
    if "archive" not in canonical and "webcache" not in canonical:
        return canonical
    inner = unarchived(canonical)
    return (canonicalize_url(inner) or canonical) if inner != canonical else canonical


_ARCHIVE_TODAY = re.compile(r"^https?://archive\.(?:ph|today|is|li|vn|fo|md)/(?P<id>[A-Za-z0-9]{4,10})$", re.I)


def archived_page_url(canonical: str, html: str) -> str:
    """An archive.today copy's own URL (archive.ph/<id>) stands for the page its "Saved from" link
    names (archive.ph/o/<id>/<original>); any other URL as it is."""
    m = _ARCHIVE_TODAY.match(canonical)
    if m is None:
        return canonical
    found = re.search(rf"archive\.[a-z]{{2,5}}/o/{re.escape(m.group('id'))}/(https?://[^\s\"'<>]+)", html)
    return (canonicalize_url(found.group(1)) or canonical) if found else canonical


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def question_id_for_url(canonical_url: str) -> str:
    """The question_id of the page at `canonical_url` (already canonical)."""
    return _short_hash("url:" + canonical_url)


def question_id_for_content(*identity: str | None) -> str:
    """The question_id of a page with no URL, from the parts that identify its question."""
    return _short_hash("content:" + "\x1f".join(part or "" for part in identity))
