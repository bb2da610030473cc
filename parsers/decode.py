"""Bytes to text: refuse what is not text, honour BOMs and declared charsets, prefer valid UTF-8."""

from __future__ import annotations

import codecs
import logging
import re

from parsers.records import ParseError

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|title|meta|table|div|p|h1|article|main)\b", re.I)
# Browsers decode these labels with a superset; so do we (WHATWG Encoding Standard).
_SUPERSETS = {
    "big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
}
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f")


def looks_like_html(raw: bytes) -> bool:
    return _HTML_SNIFF.search(raw[:4096]) is not None


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, as written."""
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    try:
        return codecs.lookup(_SUPERSETS.get(label, label)).name
    except LookupError:
        return None


def declared_charsets(raw: bytes, header_charset: str | None = None) -> list[str]:
    """Codecs the HTTP header and the page's <meta> declare, most trustworthy first.

    The header usually wins, as in browsers; but a Latin-1 header (many servers' default label)
    yields to a <meta> that names another charset, since the page's author knew its encoding.
    """
    m = _META_CHARSET.search(raw[:8192])
    meta = _codec(m.group(1).decode("ascii", "replace")) if m else None
    header = _codec(header_charset)
    order = [meta, header] if header == "cp1252" and meta else [header, meta]
    return list(dict.fromkeys(c for c in order if c))


def check_is_text(raw: bytes) -> None:
    """Raise ParseError for empty or binary input: those are never pages."""
    if not raw.strip():
        raise ParseError("empty page", f"{len(raw)} bytes, no text")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # UTF-16 text is full of NUL bytes by design
    sample = raw[:65536]
    if b"\x00" in sample:
        raise ParseError("binary content", "contains NUL bytes; not an HTML or text page")
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > len(sample) // 100:
        raise ParseError("binary content", f"{controls} control bytes in the first {len(sample)}")


def decode(raw: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Valid UTF-8 wins over a wrong declaration; else the first declared charset
    that decodes cleanly (a header saying UTF-8 over bytes that are not is plainly wrong)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace").lstrip("\ufeff"), codec
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charsets(raw, header_charset)
    others = [c for c in declared if c != "utf-8"]  # the bytes are not UTF-8, whatever a label says
    for codec in others:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    if not declared:  # nothing says: a multi-byte East Asian encoding is told by its bytes, else cp1252
        guess = _sniff(raw)
        if guess:
            return raw.decode(guess, errors="replace"), guess
    codec = others[0] if others else "utf-8" if declared else "cp1252"
    return raw.decode(codec, errors="replace"), codec


_MULTIBYTE = ("big5", "cp950", "gb2312", "gbk", "gb18030", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949")


def _sniff(raw: bytes) -> str | None:
    """BeautifulSoup's detector (charset-normalizer underneath) for pages that declare no charset;
    trusted only for multi-byte encodings, whose byte patterns are distinctive (it tells Western
    single-byte code pages apart poorly: cp1252 text comes back as windows-1250)."""
    from bs4.dammit import UnicodeDammit

    # Its "Some characters could not be decoded" is a log line, printed on stderr by Python's last
    # resort where nothing configured logging (a worker): the page's warnings say what matters.
    logging.getLogger("bs4.dammit").setLevel(logging.ERROR)
    found = UnicodeDammit(raw[:65536], is_html=True).original_encoding
    codec = _codec(found)
    return codec if codec and codec.replace("-", "_") in _MULTIBYTE else None
