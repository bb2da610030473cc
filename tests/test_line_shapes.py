"""Each line shape the pages use, and each kind of damage they come with, on small hand-made pages."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CORPUS

from parsers import ParseError, parse_page
from parsers.page import parse_asker
from parsers.text import parse_date

SNAPSHOT = """Knee Pain After Running - Orthopedics - Sports Medicine

Share to:

Why does my knee hurt?


Hello doctor, my knee hurts.
It is worse on stairs.

{asker}

Dr. Wang Shouji reply Orthopedics

Rest it for a week.
Thank you!

Reply Date: 2020/01/03

Dr. Lin Meiling reply Rehabilitation

Try ice.

Reply Date: 2020/01/04

More Info

First paragraph.

Second paragraph, line one.
Line two.

Similar Q&A

Hip Pain Explained

Hello, my hip hurts ...

Dr. Pan Yingda reply Rehabilitation
Stretch daily...

[Read More] Hip Pain Explained

Related FAQ

Knee Pain

(Orthopedics)

Ankle Sprain (Sports Medicine)
"""


def _page(asker: str = "Jie, 20~29 year old female. Ask Date: 2020/01/02", text: str = SNAPSHOT) -> object:
    return parse_page(text.format(asker=asker).encode(), name="page.txt")


@pytest.mark.parametrize(
    ("line", "name", "age_min", "age_max", "gender"),
    [
        ("Jie, 20~29 year old female. Ask Date: 2015/11/06", "Jie", 20, 29, "female"),
        ("Mr. Lin, 70~79 year old male. Ask Date: 2013/07/05", "Mr. Lin", 70, 79, "male"),
        ("Ask Date: 2019/03/02", None, None, None, None),
        ("Xiao Wang. Ask Date: 2019/03/02", "Xiao Wang", None, None, None),
        ("30~39 year old male. Ask Date: 2019/03/02", None, 30, 39, "male"),
        ("Ah-Hua, female. Ask Date: 2019/03/02", "Ah-Hua", None, None, "female"),
        ("Tina, 80 years and above, female. Ask Date: 2019/03/02", "Tina", 80, None, "female"),
    ],
)
def test_asker_line(line: str, name: str | None, age_min: int | None, age_max: int | None, gender: str | None) -> None:
    asker, date_text = parse_asker(line)
    assert (asker.name, asker.age_min, asker.age_max, asker.gender) == (name, age_min, age_max, gender)
    assert parse_date(date_text) == dt.date(
        int(date_text.strip()[:4]), int(date_text.strip()[5:7]), int(date_text.strip()[8:10])
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reply Date: 2015/11/06", dt.date(2015, 11, 6)),
        ("Ask Date: 2015-1-6", dt.date(2015, 1, 6)),
        ("Ask Date: 2015/02/30", None),  # not a real day
        ("Ask Date: soon", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_snapshot_sections() -> None:
    page = _page()
    q = page.question
    assert q.page_title == "Knee Pain After Running - Orthopedics"  # department follows the LAST " - "
    assert q.department == "Sports Medicine"
    assert q.title == "Why does my knee hurt?"
    assert q.body == "Hello doctor, my knee hurts.\nIt is worse on stairs."
    assert q.asked_on == dt.date(2020, 1, 2)
    assert q.source_url is None
    assert [(r.kind, r.position, r.doctor_name, r.department, r.replied_on) for r in page.replies] == [
        ("doctor", 0, "Wang Shouji", "Orthopedics", dt.date(2020, 1, 3)),
        ("doctor", 1, "Lin Meiling", "Rehabilitation", dt.date(2020, 1, 4)),
        ("more_info", 2, None, None, None),
    ]
    assert page.replies[0].body == "Rest it for a week.\nThank you!"
    assert page.replies[2].body == "First paragraph.\n\nSecond paragraph, line one.\nLine two."
    similar, faq1, faq2 = page.related_links
    assert (
        similar.kind,
        similar.title,
        similar.question_snippet,
        similar.doctor_name,
        similar.department,
        similar.reply_snippet,
        similar.url,
    ) == (
        "similar_qa",
        "Hip Pain Explained",
        "Hello, my hip hurts ...",
        "Pan Yingda",
        "Rehabilitation",
        "Stretch daily...",
        None,
    )
    assert (faq1.kind, faq1.position, faq1.title, faq1.department) == ("related_faq", 0, "Knee Pain", "Orthopedics")
    assert (faq2.title, faq2.department, faq2.position) == ("Ankle Sprain", "Sports Medicine", 1)


def test_snapshot_id_comes_from_content_and_is_stable() -> None:
    a, b = _page(), _page()
    assert a.question.question_id == b.question.question_id
    other = _page(asker="Jie, 20~29 year old female. Ask Date: 2020/01/05")
    assert other.question.question_id != a.question.question_id


def test_crlf_and_entities_in_snapshot() -> None:
    text = SNAPSHOT.replace("my knee hurts", "my knee &amp; hip hurt").replace("\n", "\r\n")
    page = parse_page(text.format(asker="Ask Date: 2020/01/02").encode(), name="page.txt")
    assert page.question.body == "Hello doctor, my knee & hip hurt.\nIt is worse on stairs."
    assert page.question.asker_name is None


def test_control_characters_never_reach_a_value() -> None:
    """A NUL past the first 64 KiB, an escape in a snapshot: dropped, like other invisible characters."""
    text = SNAPSHOT.replace("Knee Pain\n", "Knee\x1b[0m Pain\n").replace("Try ice.", "Try\x07 ice.")
    page = parse_page(text.format(asker="Ask Date: 2020/01/02").encode(), name="page.txt")
    faq = [x.title for x in page.related_links if x.kind == "related_faq"]
    assert faq[0] == "Knee[0m Pain" and page.replies[1].body == "Try ice."
    html = _html(HTML_BODY.replace("Q title", "Q\x1b title") + " " * 70_000 + "<p>late\x00 NUL</p>")
    assert parse_page(html, name="x.html").question.title == "Q title"  # NUL past the 64 KiB sniffed: dropped too
    raw = (CORPUS / "snapshots" / "qa-1.txt").read_text(encoding="utf-8")
    for char in "\x0b\x0c\x1c\x1e\x85\u2028":  # no line ends there for a reader: none for the parser
        split = raw.replace("Experiencing", f"Exp{char}eriencing", 1).encode()
        title = parse_page(split, name="qa-1.txt").question.title
        whole = title.replace("Exp eriencing", "Experiencing")  # whitespace (\v, \f, \u2028) stays a space
        assert whole == "Experiencing spinal numbness the day after weight training?", repr(char)


def test_bare_ampersand_survives() -> None:
    page = parse_page(
        SNAPSHOT.replace("my knee hurts", "R&D & me").format(asker="Ask Date: 2020/01/02").encode(), name="page.txt"
    )
    assert page.question.body.startswith("Hello doctor, R&D & me.")


def _html(
    body: str, head: str = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html">'
) -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>T - Dept | Site</title></head><body>{body}</body></html>".encode()


HTML_BODY = """
<nav><a href="/">Home</a></nav>
<div><h1>T - Dept</h1><div>Share to: <a href="#">FB</a></div>
<h2>Q title</h2><div>Line &amp; one<br>line&nbsp;two</div>
<p>Anonymous, 40~49 year old male. Ask Date: 2021/05/06</p>
<div class="ad-slot"><span>Advertisement</span></div>
<div><p><a href="/doc/x">Dr. Xu Zhengwen</a> reply <a href="/d">Urology</a></p>
<p>Answer <b>bold</b> text.</p><p>Reply Date: 2021/05/07</p></div>
<section><h3>More Info</h3><p>Para 1.</p><div class="adsbygoogle">Buy now</div><p>Para 2.</p></section>
<div><h3>Similar Q&amp;A</h3>
<div><h4><a href="/qa/8.html?utm_source=x#top">Other</a></h4><p>q snip</p>
<div>Dr. Lin Meiling reply Pharmacy</div><p>r snip</p><a href="/qa/8.html?utm_source=x">[Read More] Other</a></div>
</div>
<div><h3>Related FAQ</h3><ul><li><a href="../faq/knee">Knee</a> <span>(Orthopedics)</span></li></ul></div>
</div>
<footer><a href="/help">Help</a></footer>
"""


def test_html_structure_and_links() -> None:
    page = parse_page(_html(HTML_BODY), name="x.html")
    q = page.question
    assert (q.source_url, q.page_title, q.department, q.title) == ("https://ex.org/qa/7.html", "T", "Dept", "Q title")
    assert q.body == "Line & one\nline two"
    assert (q.asker_name, q.asker_age_min, q.asker_age_max, q.asker_gender) == ("Anonymous", 40, 49, "male")
    assert [(r.kind, r.doctor_name, r.department, r.body) for r in page.replies] == [
        ("doctor", "Xu Zhengwen", "Urology", "Answer bold text."),
        ("more_info", None, None, "Para 1.\n\nPara 2."),
    ]
    similar, faq = page.related_links
    assert similar.url == "https://ex.org/qa/8.html"  # resolved, tracking parameters and fragment dropped
    assert (similar.doctor_name, similar.department, similar.question_snippet, similar.reply_snippet) == (
        "Lin Meiling",
        "Pharmacy",
        "q snip",
        "r snip",
    )
    assert faq.url == "https://ex.org/faq/knee"
    assert faq.department == "Orthopedics"


def test_unknown_template_found_by_labels_not_classes() -> None:
    """A redesign with no familiar tags or classes: sections are still found by their visible labels."""
    body = """<main><header><span>T - Dept</span></header><span>Share to:</span><br>
    <span>Q title</span><br><span>Body.</span><br><span>Ask Date: 2021/05/06</span><br>
    <span>Dr. A B reply Dept</span><br><span>Text.</span><br><span>Reply Date: 2021/05/07</span><br>
    <span>Related FAQ</span><br><span>Topic</span><br><span>(Dept)</span></main>"""
    page = parse_page(_html(body), name="x.html")
    assert (page.question.title, page.question.body) == ("Q title", "Body.")
    assert [(r.doctor_name, r.body) for r in page.replies] == [("A B", "Text.")]
    assert [(link.title, link.department) for link in page.related_links] == [("Topic", "Dept")]


def test_footer_does_not_leak_into_last_section() -> None:
    body = HTML_BODY.split("<div><h3>Similar")[0] + "</div><div><ul><li><a href='/h/1'>Help topic 1</a></li></ul></div>"
    page = parse_page(_html(body), name="x.html")
    assert page.replies[-1].body == "Para 1.\n\nPara 2."


def test_big5_declared_page() -> None:
    raw = _html(
        "<h1>T - Dept</h1><p>Share to:</p><p>Q</p><p>我的醫生說沒有問題</p><p>Ask Date: 2020/01/01</p>",
        head='<meta charset="big5">',
    ).replace("我的醫生說沒有問題".encode(), "我的醫生說沒有問題".encode("big5"))
    assert parse_page(raw, name="x.html").question.body == "我的醫生說沒有問題"


def test_undeclared_big5_page_is_told_by_its_bytes() -> None:
    """No charset anywhere: a multi-byte East Asian encoding is recognised (BeautifulSoup's detector)."""
    body = "我的醫生說沒有問題，但是還是很痛。這是一個很長的句子，用來測試編碼偵測。"
    raw = f"<html><head><title>T - Dept</title></head><body><h1>T - Dept</h1><p>Q</p><p>{body}</p>"
    raw += "<p>Ask Date: 2020/01/01</p></body></html>"
    assert parse_page(raw.encode("big5"), name="x.html").question.body == body


def test_wrongly_declared_charset_utf8_wins() -> None:
    raw = _html(
        "<h1>T - Dept</h1><p>Q</p><p>38.5°C &amp; 500 µg</p><p>Ask Date: 2020/01/01</p>", head='<meta charset="big5">'
    )
    assert parse_page(raw, name="x.html").question.body == "38.5°C & 500 µg"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty page"),
        (b"  \n\r\n ", "empty page"),
        (bytes(range(256)) * 4, "binary content"),
        (b"<html><head><title>Page not found</title></head><body><h1>404</h1></body></html>", "not a Q&A page"),
        (_html(HTML_BODY)[:400], "truncated page"),
        (b"Some random text\nwith lines\n", "not a Q&A page"),
    ],
)
def test_broken_input_gets_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_page(raw, name="x.html")
    assert err.value.reason == reason


def test_snapshot_cut_inside_a_reply_is_truncated() -> None:
    text = SNAPSHOT.format(asker="Ask Date: 2020/01/02").split("Reply Date: 2020/01/03")[0]
    with pytest.raises(ParseError) as err:
        parse_page(text.encode(), name="x.txt")
    assert err.value.reason == "truncated page"
