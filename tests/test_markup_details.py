"""Small markup a reader reads through, on hand-written pages: a numbered list's numbers are text,
a footnote mark is not; the asker as label / value rows, a rank after a doctor's name, bilingual
headings, full-width parentheses, Related FAQ grouped under its departments."""

from __future__ import annotations

import pytest

from parsers import parse_page
from parsers.asker import labelled_rows
from parsers.patterns import doctor_name, label_kind
from parsers.render import render


def _page(question: str = "", reply: str = "<p>Drink water.</p>", after: str = "") -> bytes:
    question = question or "<p>Body line.</p><p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html">'
        "<title>T - Urology | Site</title></head><body><main><article><h1>T - Urology</h1>"
        f"<h2>Q title</h2>{question}<section><div>Dr. Xu Zhengwen reply Urology</div>{reply}"
        f"<div>Reply Date: 2021/05/07</div></section>{after}</article></main></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("html", "lines"),
    [
        ("<ol><li>Rest.</li><li>Drink.</li></ol>", ["1. Rest.", "2. Drink."]),
        ('<ol start="3"><li>Rest.<li value="7">Drink.<li>Sleep.</ol>', ["3. Rest.", "7. Drink.", "8. Sleep."]),
        ("<ol reversed><li>a</li><li>b</li></ol>", ["2. a", "1. b"]),
        ('<ol type="i"><li><p>x</p><ol type="A"><li>y</li></ol></li><li>z</li></ol>', ["i. x", "A. y", "ii. z"]),
        ("<ul><li>dot</li></ul>", ["dot"]),
        ('<ol class="list-unstyled"><li>plain</li></ol>', ["plain"]),
        ('<nav><ol><li><a href="/">Home</a></li><li>Topic</li></ol></nav>', ["Home", "Topic"]),
        ('<ol><li><a href="/q/1">A linked entry</a></li></ol>', ["A linked entry"]),
        ("<p>Dr. Wang<sup>[1]</sup> reply Ortho and 10<sup>3</sup> cells</p>", ["Dr. Wang reply Ortho and 103 cells"]),
    ],
)
def test_what_a_reader_sees_of_lists_and_superscripts(html: str, lines: list[str]) -> None:
    assert [line.text for line in render(f"<body>{html}</body>").lines if line.text] == lines


def test_numbered_paragraphs_of_a_reply_keep_their_numbers() -> None:
    page = parse_page(_page(reply='<p>Two things:</p><ol start="1"><li>Rest.</li><li>Drink.</li></ol>'), name="x.html")
    assert page.replies[0].body == "Two things:\n1. Rest.\n2. Drink."
    assert page.warnings == []


@pytest.mark.parametrize(
    ("texts", "taken", "asker"),
    [
        (["Body.", "Asker", "Jie", "Age", "20~29 year old", "Gender", "female"], 6, "Jie, 20~29 year old female"),
        (["Body.", "Asker", "Jun", "Age / Gender", "50~59 year old female"], 4, "Jun, 50~59 year old female"),
        (["Body.", "Asker: amy", "Gender: male"], 2, "amy, male"),
        (["Body.", "Thank you."], 0, None),
        (["Name", "Name"], 0, None),
    ],
)
def test_an_asker_shown_as_label_and_value_rows(texts: list[str], taken: int, asker: str | None) -> None:
    assert labelled_rows(texts) == ((taken, asker) if asker else None)


def test_the_asker_in_a_table_is_the_asker_and_not_the_body() -> None:
    rows = (
        "<p>Body line.</p><table><tr><th>Asker</th><td>Jie</td></tr><tr><th>Age</th><td>20~29 year old</td></tr>"
        "<tr><th>Gender</th><td>female</td></tr><tr><th>Ask Date:</th><td>2021/05/06</td></tr></table>"
    )
    q = parse_page(_page(question=rows), name="x.html").question
    assert (q.body, q.asker_name, q.asker_age_min, q.asker_age_max, q.asker_gender) == (
        "Body line.",
        "Jie",
        20,
        29,
        "female",
    )
    assert str(q.asked_on) == "2021-05-06"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Wang Shouji (Attending Physician)", "Wang Shouji"),
        ("Ou-Yang Chen (Director)", "Ou-Yang Chen"),
        ("Lin Mei, MD", "Lin Mei"),
        ("Chen Li（主任醫師）", "Chen Li"),
        ("Chen (Taipei)", "Chen (Taipei)"),  # not a rank: kept as written
    ],
)
def test_a_rank_after_a_doctors_name_is_not_the_name(raw: str, name: str) -> None:
    assert doctor_name(raw) == name


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("More Info 更多資訊", "more_info"),
        ("相似問答 Similar Q&A", "similar_qa"),
        ("More Info | مزيد من المعلومات", "more_info"),
        ("更多資訊", None),
        ("More 資訊 Info", None),
    ],
)
def test_a_bilingual_heading_is_read_by_its_english_half(label: str, kind: str | None) -> None:
    assert label_kind(label) == kind


def test_related_faq_with_full_width_parentheses_and_grouped_by_department() -> None:
    listed = (
        '<section><h3>Related FAQ</h3><ul><li><a href="/faq/1">Limb Numbness</a>（Orthopedics）</li>'
        '<li><a href="/faq/4">Back Pain</a>（Rehabilitation）</li></ul></section>'
    )
    page = parse_page(_page(after=listed), name="x.html")
    got = [(x.title, x.department) for x in page.related_links]
    assert got == [("Limb Numbness", "Orthopedics"), ("Back Pain", "Rehabilitation")]
    grouped = (
        '<section><h3>Related FAQ</h3><dl><dt>Neurology</dt><dd><a href="/faq/2">Headache</a></dd>'
        '<dd><a href="/faq/3">Dizziness</a></dd></dl></section>'
    )
    page = parse_page(_page(after=grouped), name="x.html")
    assert [(x.title, x.department) for x in page.related_links] == [
        ("Headache", "Neurology"),
        ("Dizziness", "Neurology"),
    ]
    assert page.warnings == []


def test_chips_that_name_the_department_first() -> None:
    chips = (
        '<section><h3>Related FAQ</h3><p><a href="/faq/1">Orthopedics: Limb Numbness</a> '
        '<a href="/faq/2">Neurology: Headache</a></p></section>'
    )
    page = parse_page(_page(after=chips), name="x.html")
    got = [(x.title, x.department) for x in page.related_links]
    assert got == [("Limb Numbness", "Orthopedics"), ("Headache", "Neurology")]
    assert page.warnings == []
    colon = chips.replace("Neurology: Headache", "Headache: what now?").replace("Orthopedics: ", "")
    page = parse_page(_page(after=colon), name="x.html")  # a topic's own colon: not a department
    assert [x.title for x in page.related_links] == ["Limb Numbness", "Headache: what now?"]


def test_a_doctor_line_in_three_spans_drawn_as_blocks_is_one_doctor_line() -> None:
    """Forum markup: name, "reply" and department each in a <span style="display:block">; a reader
    sees three lines, not "Dr. Pan Yingdareply"."""
    spans = (
        '<span style="display:block"><a href="/u/1">Dr. Xu Zhengwen</a></span>'
        '<span class="rank" style="display: block">reply</span><span style="display:block">Urology</span>'
    )
    assert [line.text for line in render(f"<body><p>{spans}</p></body>").lines if line.text] == [
        "Dr. Xu Zhengwen",
        "reply",
        "Urology",
    ]
    page = parse_page(_page().replace(b"<div>Dr. Xu Zhengwen reply Urology</div>", f"<div>{spans}</div>".encode()))
    assert [(r.doctor_name, r.department, r.body) for r in page.replies] == [("Xu Zhengwen", "Urology", "Drink water.")]
    assert page.warnings == []
