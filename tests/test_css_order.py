"""`order_by_style`: rows are read in markup order, so a page whose CSS shows them in another order
(a reversed flex box, `order:`) gets a warning on the parts whose rows the reordered box holds."""

from __future__ import annotations

import pytest

from parsers import parse_page


def _page(style: str, answers_attrs: str = "", faq_attrs: str = "") -> bytes:
    head = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html">'
    head += f"<title>T - Urology | Site</title><style>{style}</style>"
    body = f"""<main><article><h1>T - Urology</h1><p>Share to: <a href="#">FB</a></p>
<h2>Q title</h2><p>Body line.</p><p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>
<div class="answers" {answers_attrs}>
<section><div>Dr. Xu Zhengwen reply Urology</div><p>First answer.</p><div>Reply Date: 2021/05/07</div></section>
<section><div>Dr. Lin Meiling reply Urology</div><p>Second answer.</p><div>Reply Date: 2021/05/08</div></section>
</div>
<aside><h3>Related FAQ</h3><ul class="faq" {faq_attrs}><li><a href="/faq/knee">Knee</a> <span>(Orthopedics)</span></li>
<li><a href="/faq/hip">Hip</a> <span>(Orthopedics)</span></li></ul></aside></article></main>"""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def _warned(raw: bytes) -> list[str | None]:
    page = parse_page(raw, name="x.html")
    assert [r.doctor_name for r in page.replies] == ["Xu Zhengwen", "Lin Meiling"]  # markup order, always
    return [w.section for w in page.warnings if w.check == "order_by_style"]


def test_plain_css_is_no_warning() -> None:
    """`border: 0` holds "order: 0": no reordering, and a page with no such CSS has no warning at all."""
    page = parse_page(_page(".answers{border: 0; margin:0} .faq{display:flex;flex-direction:row}"), name="x.html")
    assert page.warnings == []


@pytest.mark.parametrize(
    ("style", "answers_attrs", "faq_attrs", "warned"),
    [
        (".answers{display:flex;flex-direction:column-reverse}", "", "", ["reply"]),
        ("#a{display:flex; flex-flow: column wrap-reverse}", 'id="a"', "", ["reply"]),
        ("", "", 'style="display:flex;flex-direction:row-reverse"', ["related_faq"]),
        ("ul li:first-child{order: 2}", "", "", ["related_faq"]),
        ("main > div.answers > section:nth-child(2){order:-1}", "", "", ["reply"]),
        ("[data-reversed] > *{order: 1}", "", "", ["reply", "related_faq"]),  # a selector not read: both
    ],
)
def test_a_reordered_box_warns_the_parts_it_holds(
    style: str, answers_attrs: str, faq_attrs: str, warned: list[str]
) -> None:
    assert _warned(_page(style, answers_attrs, faq_attrs)) == warned
