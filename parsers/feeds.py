"""A question exported as a feed (RSS 2.0 `<item>`, Atom `<entry>`): its article, as a page.

A site's feed, or a reader app's export of one entry, carries the article's HTML escaped in the
entry (`<content type="html">`, `<description>`), its title and its link. One entry is read as
the page the link names; a feed of several is a listing, no question of its own.
"""

from __future__ import annotations

import re

from lxml import etree

from parsers.formats import page_html
from parsers.records import ParseError

_ATOM = "{http://www.w3.org/2005/Atom}"
_ROOT = re.compile(rb"^\s*(?:\xef\xbb\xbf)?(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


def is_feed(raw: bytes) -> bool:
    return raw[:1] in (b"<", b"\xef", b" ", b"\n", b"\r", b"\t") and bool(_ROOT.match(raw[:4096]))


def feed_to_html(raw: bytes) -> tuple[str, str | None]:
    """(the entry's page as HTML, the entry's link). Raises ParseError for a feed that is not one entry."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as e:
        raise ParseError("not a Q&A page", f"a feed that is not XML ({e})") from None
    if root is None:
        raise ParseError("not a Q&A page", "a feed with nothing in it")
    entries = [*root.iter(f"{_ATOM}entry"), *root.iter("item")]
    if len(entries) != 1:
        titles = [(_text(e, "title") or "")[:40] for e in entries[:2]]
        raise ParseError(
            "not a Q&A page", f"a feed of {len(entries)} entries, first {titles}, and no question of its own"
        )
    entry = entries[0]
    body = _text(entry, "content") or _text(entry, "description") or _text(entry, "summary") or ""
    link = _link(entry)
    return page_html(body, _text(entry, "title"), link), link


def _text(entry: etree._Element, name: str) -> str | None:
    for tag in (f"{_ATOM}{name}", name):
        found = entry.find(tag)
        if found is not None:
            return "".join(found.itertext()).strip() or None
    return None


def _link(entry: etree._Element) -> str | None:
    for link in entry.iter(f"{_ATOM}link"):
        if link.get("rel") in (None, "alternate") and link.get("href"):
            return link.get("href")
    found = entry.find("link")
    return (found.text or "").strip() or None if found is not None else None
