"""Text normalisation shared by every template: one definition of a "clean" string."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata

_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_DATE = re.compile(r"(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})")


def clean_line(text: str) -> str:
    """NFC, whitespace collapsed to single spaces, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def decode_entities(text: str) -> str:
    """Decode only well-formed entities, so a bare '&' in plain text survives as written."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def join_lines(lines: list[str]) -> str | None:
    """Lines of one body joined with '\\n'; empty becomes None (empty strings are nulls)."""
    kept = [line for line in lines if line]
    return "\n".join(kept) if kept else None


def join_paragraphs(paragraphs: list[list[str]]) -> str | None:
    """Paragraphs (lists of lines) joined with a blank line between them."""
    parts = [p for p in (join_lines(lines) for lines in paragraphs) if p]
    return "\n\n".join(parts) if parts else None


def parse_date(text: str) -> dt.date | None:
    """The first Y/M/D date in `text`, or None when absent or impossible (2015/02/30)."""
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
