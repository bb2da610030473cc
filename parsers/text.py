"""Text normalisation shared by every template: one definition of a "clean" string."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata

_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")
# Soft hyphens, zero-width spaces, direction and isolation marks (Fluent's ⁨…⁩): never seen, never
# data. Nor are control characters (C0 but whitespace, DEL, C1): a NUL anywhere, a stray escape are
# dropped, so none reaches a column (and the tables' checks refuse any that would).
_INVISIBLE = dict.fromkeys(
    [
        *map(ord, "\u00ad\u034f\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"),
        *map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
        *(c for c in range(32) if chr(c) not in "\t\n\r\f\v"),
        *range(0x7F, 0xA0),
    ]
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_DATE = re.compile(r"(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})")
_MONTHS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_M = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_WORDS_DATE = re.compile(
    rf"\b(?:(?P<d1>{_D})\s+(?P<m1>{_M}),?|(?P<m2>{_M})\s+(?P<d2>{_D}),?)\s+(?P<year>\d{{4}})\b", re.I
)


# A zero-width joiner or non-joiner beside a Latin letter, a digit, a space or the end: a phone's
# keyboard left it ("Xiao Wang\u200d"); between emoji ("👩\u200d⚕️") or in Persian and Indic words it
# is part of the text.
_STRAY_JOINER = re.compile(
    r"[\u200c\u200d]+(?=[\x00-\x7f\u00c0-\u024f]|$)|(?<=[\x00-\x7f\u00c0-\u024f])[\u200c\u200d]+"
)


def clean_line(text: str) -> str:
    """NFC, invisible characters dropped, whitespace collapsed to single spaces, trimmed (called on
    every line of every page: plain ASCII, the common case, skips what cannot apply to it)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
        if "\u200c" in text or "\u200d" in text:  # joiners: kept only where they join (emoji, scripts)
            text = _STRAY_JOINER.sub("", text)
    elif not text.isprintable():  # ASCII control characters, or just a newline or tab
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())  # str.split's whitespace is re's \s


def fold(text: str) -> str:
    """Text as two places may both write it: case, punctuation and spacing aside."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


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
    """The first date in `text` (Y/M/D in digits, or "6 Nov 2015" / "November 6, 2015"), or None
    when absent or impossible (2015/02/30). Digits-only D/M/Y is ambiguous, so it is not read."""
    m = _DATE.search(text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        w = _WORDS_DATE.search(text)
        if w:
            month = _MONTHS.get((w.group("m1") or w.group("m2"))[:3].lower())
            day = int((w.group("d1") or w.group("d2")).rstrip("stndrh"))
            return dt.date(int(w.group("year")), month, day) if month else None
    except ValueError:
        return None
    return None
