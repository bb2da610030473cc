from __future__ import annotations

import pytest

from parsers.urls import canonicalize_url, question_id_for_url


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
