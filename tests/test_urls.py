from __future__ import annotations

import pytest

from parsers import parse_page
from parsers.urls import archived_page_url, canonicalize_url, original_url, question_id_for_url


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("https://AskDoctor.example:443/en/qa/1.html", None, "https://askdoctor.example/en/qa/1.html"),
        (
            "/en/qa/2.html?utm_source=x&utm_medium=y&fbclid=z",
            "https://askdoctor.example/en/qa/1.html",
            "https://askdoctor.example/en/qa/2.html",
        ),
        ("3.html#replies", "https://askdoctor.example/en/qa/1.html", "https://askdoctor.example/en/qa/3.html"),
        ("https://x.org/p?b=2&a=1&gclid=q", None, "https://x.org/p?a=1&b=2"),
        ("http://x.org:8080", None, "http://x.org:8080/"),
        ("mailto:someone@x.org", None, None),
        ("javascript:void(0)", None, None),
        ("", None, None),
        ("http://[::1", None, None),
        ("http://[::1]:18001/x#top", None, "http://[::1]:18001/x"),  # IPv6 keeps its brackets
        ("https://[2001:DB8::1]:443/a", None, "https://[2001:db8::1]/a"),
        ("http://user:pw@x.org/p", None, "http://x.org/p"),  # credentials are never part of a key
    ],
)
def test_canonicalize(url: str, base: str | None, expected: str | None) -> None:
    assert canonicalize_url(url, base) == expected


def test_same_page_same_id_however_reached() -> None:
    a = canonicalize_url("https://askdoctor.example/en/qa/5.html?utm_campaign=mail")
    b = canonicalize_url("5.html", "https://ASKDOCTOR.example/en/qa/1.html")
    assert a == b
    assert question_id_for_url(a) == question_id_for_url(b)
    assert question_id_for_url(a) != question_id_for_url(canonicalize_url("https://askdoctor.example/en/qa/6.html"))


@pytest.mark.parametrize(
    ("url", "original"),
    [
        ("https://web.archive.org/web/20160103041522/https://ex.org/qa/1.html", "https://ex.org/qa/1.html"),
        (
            "https://web.archive.org/web/20160103041522id_/http://ex.org/qa/1.html?utm_source=x",
            "http://ex.org/qa/1.html",
        ),
        ("https://archive.ph/o/Xy7Qa/https://ex.org/faq/knee", "https://ex.org/faq/knee"),
        ("https://ex.org/archive/2016/1.html", "https://ex.org/archive/2016/1.html"),  # not an archive's copy
        ("https://archive.ph/Xy7Qa", "https://archive.ph/Xy7Qa"),  # the copy's own URL names no original
    ],
)
def test_a_web_archives_url_of_a_copy_stands_for_the_original(url: str, original: str) -> None:
    assert original_url(url) == original


def test_an_archive_today_copy_is_the_page_its_saved_from_link_names() -> None:
    html = '<div>Saved from <a href="https://archive.ph/o/Xy7Qa/https://ex.org/qa/7.html">ex.org</a></div>'
    assert archived_page_url("https://archive.ph/Xy7Qa", html) == "https://ex.org/qa/7.html"
    assert archived_page_url("https://archive.ph/Other", html) == "https://archive.ph/Other"
    page = (
        '<html><head><link rel="canonical" href="https://web.archive.org/web/20160103041522/https://ex.org/qa/7.html">'
        "<title>T - Urology</title></head><body><h1>T - Urology</h1><h2>Q title</h2><p>Body.</p>"
        "<p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p><div>Dr. Xu Zhengwen reply Urology</div>"
        "<p>Drink water.</p><div>Reply Date: 2021/05/07</div><h3>Related FAQ</h3>"
        '<p><a href="/web/20160103041522/https://ex.org/faq/1">Stones</a> (Urology)</p></body></html>'
    )
    parsed = parse_page(page.encode(), name="x.html")
    assert parsed.question.source_url == "https://ex.org/qa/7.html"
    assert [x.url for x in parsed.related_links] == ["https://ex.org/faq/1"]


@pytest.mark.parametrize(
    "link",
    [
        "https://www.google.com/url?q=https://ex.org/qa/3.html&sa=D&source=editors&ust=1&usg=AOv",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fex.org%2Fqa%2F3.html&h=AT0",
    ],
)
def test_a_redirect_link_stands_for_where_it_sends_the_reader(link: str) -> None:
    """Google Docs publishes every link as google.com/url?q=<url>; Facebook wraps them in l.php."""
    assert original_url(canonicalize_url(link) or link) == "https://ex.org/qa/3.html"
    assert (
        original_url("https://www.google.com/url?q=javascript:alert(1)")
        == "https://www.google.com/url?q=javascript:alert(1)"
    )
