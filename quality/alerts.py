"""Tell a person when a run is degraded: a JSON POST to a webhook (Slack, Teams, a pager bridge ...).

The URL comes from `--notify` or the QA_ETL_NOTIFY_URL environment variable. Webhook URLs carry
secrets in their path, so the URL is never stored, printed or logged: only its origin is named.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

NOTIFY_ENV = "QA_ETL_NOTIFY_URL"
TIMEOUT = 10.0


def notify_url(explicit: str | None = None) -> str | None:
    return explicit or os.environ.get(NOTIFY_ENV) or None


def origin(url: str) -> str:
    """scheme://host[:port], without credentials or path: what may be printed of a webhook URL."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def check_url(url: str, given_as: str = "--notify") -> str | None:
    """Why `url` cannot be a webhook, or None. The value is not repeated: it may hold a secret."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    return None if ok else f"{given_as} needs an http(s) URL with a host; the value given is not one (not shown)"


def post(url: str, payload: Mapping[str, object]) -> str | None:
    """POST `payload` as JSON; returns None when the receiver took it (2xx), else why not, in one line."""
    import httpx

    try:
        response = httpx.post(url, json=payload, timeout=TIMEOUT, follow_redirects=False)
    except httpx.HTTPError as e:
        return f"the alert to {origin(url)} was not delivered ({type(e).__name__})"
    if not 200 <= response.status_code < 300:
        return f"the alert to {origin(url)} was not delivered (HTTP {response.status_code})"
    return None
