"""Origins (scheme, host, port): what a crawl may fetch from, and what robots.txt is kept per (RFC 9309)."""

from __future__ import annotations

from parsers.urls import DEFAULT_PORTS, http_parts

Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin | None:
    split = http_parts(url)
    if split is None:
        return None
    scheme, host, port, _ = split
    return scheme, host, port or DEFAULT_PORTS[scheme]


def describe(origin: Origin) -> str:
    scheme, host, port = origin
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + ("" if port == DEFAULT_PORTS[scheme] else f":{port}")


def of_sources(urls: list[str]) -> set[Origin]:
    """The origins of the SOURCE URLs; a site on http's default port may also answer on https's."""
    out: set[Origin] = set()
    for url in urls:
        origin = origin_of(url)
        if origin is None:
            continue
        out.add(origin)
        if origin[0] == "http" and origin[2] == 80:
            out.add(("https", origin[1], 443))
    return out


def of_option(spec: str) -> set[Origin]:
    """`--allow-host HOST` (http and https on their default ports) or `HOST:PORT` (both schemes, that port)."""
    host, _, port = spec.rpartition(":") if spec.count(":") == 1 else (spec, "", "")
    if not port:
        return {("http", spec, 80), ("https", spec, 443)}
    return {("http", host, int(port)), ("https", host, int(port))}
