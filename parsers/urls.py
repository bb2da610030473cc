"""Canonical URLs and the ids derived from them: one function, so links join to their targets."""

from __future__ import annotations

import functools
import hashlib
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

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


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def question_id_for_url(canonical_url: str) -> str:
    """The question_id of the page at `canonical_url` (already canonical)."""
    return _short_hash("url:" + canonical_url)


def question_id_for_content(*identity: str | None) -> str:
    """The question_id of a page with no URL, from the parts that identify its question."""
    return _short_hash("content:" + "\x1f".join(part or "" for part in identity))
