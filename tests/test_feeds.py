"""A question exported as a feed entry (RSS 2.0 item, Atom entry) is read as the page its link
names; a feed of several entries is a listing, rejected; the XML is never trusted."""

from __future__ import annotations

from html import escape

import pytest
from conftest import CORPUS

from parsers import ParseError, parse_page

ARTICLE = (CORPUS / "site/en/qa/1.html").read_text(encoding="utf-8")
BODY = ARTICLE.split("<body>", 1)[1].split("</body>", 1)[0] if "<body>" in ARTICLE else ARTICLE
URL = "https://askdoctor.example/en/qa/1.html"


def _atom(entries: int = 1) -> bytes:
    entry = (
        f'<entry><title>Spinal Numbness</title><link rel="alternate" type="text/html" href="{URL}"/>'
        f'<id>tag:x,2015:qa/1</id><content type="html">{escape(BODY)}</content></entry>'
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>AskDoctor</title>'
        '<link rel="self" href="https://askdoctor.example/feed.atom"/>' + entry * entries + "</feed>"
    ).encode()


def _rss() -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>AskDoctor</title><link>https://askdoctor.example/</link>'
        f"<item><title>Spinal Numbness</title><link>{URL}</link><description><![CDATA[{BODY}]]></description></item>"
        "</channel></rss>"
    ).encode()


@pytest.mark.parametrize("raw", [_atom(), _rss()], ids=["atom", "rss"])
def test_one_entry_is_the_page_its_link_names(raw: bytes) -> None:
    direct = parse_page(ARTICLE.encode(), url=URL)
    page = parse_page(raw, name="1.xml")
    assert page.question == direct.question  # the link is its source_url, and every field is the page's
    assert page.replies == direct.replies and page.related_links == direct.related_links


def test_a_feed_of_several_entries_is_a_listing() -> None:
    with pytest.raises(ParseError, match="a feed of 3 entries") as e:
        parse_page(_atom(3), name="feed.xml")
    assert e.value.reason == "not a Q&A page"


def test_an_external_entity_in_a_feed_is_not_read() -> None:
    """XXE: the feed's DTD names /etc/passwd; nothing of it reaches a row or a reject's detail."""
    raw = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel>'
        b"<item><title>&x;</title><link>https://askdoctor.example/en/qa/9.html</link>"
        b"<description>&x;</description></item></channel></rss>"
    )
    with pytest.raises(ParseError) as e:
        parse_page(raw, name="x.xml")
    assert "root:" not in str(e.value) and "root:" not in e.value.detail
