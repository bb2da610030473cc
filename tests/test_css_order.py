"""Rows in the order the page shows them: a box its CSS reverses (a stylesheet rule, an inline
style, a utility class) or whose children it moves (`order`) is read in that order; a reordering
rule whose boxes cannot be found is a warning, `order_by_style`, on every part with two rows."""

from __future__ import annotations

import pytest

from parsers import parse_page


def _page(style: str, answers_attrs: str = "", faq_attrs: str = "", hip_attrs: str = "") -> bytes:
    head = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html">'
    head += f"<title>T - Urology | Site</title><style>{style}</style>"
    body = f"""<main><article><h1>T - Urology</h1><p>Share to: <a href="#">FB</a></p>
<h2>Q title</h2><p>Body line.</p><p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>
<div {answers_attrs or 'class="answers"'}>
<section><div>Dr. Xu Zhengwen reply Urology</div><p>First answer.</p><div>Reply Date: 2021/05/07</div></section>
<section><div>Dr. Lin Meiling reply Urology</div><p>Second answer.</p><div>Reply Date: 2021/05/08</div></section>
</div>
<aside><h3>Related FAQ</h3><ul class="faq" {faq_attrs}><li><a href="/faq/knee">Knee</a> <span>(Orthopedics)</span></li>
<li {hip_attrs}><a href="/faq/hip">Hip</a> <span>(Orthopedics)</span></li></ul></aside></article></main>"""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


AS_MARKED = (["Xu Zhengwen", "Lin Meiling"], ["Knee", "Hip"])
REPLIES_REVERSED = (["Lin Meiling", "Xu Zhengwen"], ["Knee", "Hip"])
FAQ_REVERSED = (["Xu Zhengwen", "Lin Meiling"], ["Hip", "Knee"])


@pytest.mark.parametrize(
    ("style", "attrs", "shown"),
    [
        (".answers{border: 0; margin:0} .faq{display:flex;flex-direction:row}", {}, AS_MARKED),  # "border: 0"
        (".faq{display:flex;flex-wrap:wrap-reverse}", {}, AS_MARKED),  # lines of boxes, not their order
        (".answers{display:flex;flex-direction:column-reverse}", {}, REPLIES_REVERSED),
        ("#a{display:flex; flex-flow: column-reverse wrap}", {"answers_attrs": 'id="a"'}, REPLIES_REVERSED),
        ("", {"faq_attrs": 'style="display:flex;flex-direction:row-reverse"'}, FAQ_REVERSED),
        ("", {"answers_attrs": 'class="answers flex md:flex-col-reverse gap-4"'}, REPLIES_REVERSED),  # Tailwind
        ("", {"hip_attrs": 'class="text-sm order-first"'}, FAQ_REVERSED),
        ("", {"hip_attrs": 'style="order: -1"'}, FAQ_REVERSED),
        ("li{order: 3}", {"hip_attrs": 'style="order: 1"'}, FAQ_REVERSED),  # the inline style wins
    ],
)
def test_rows_are_read_in_the_order_the_css_shows_them(style: str, attrs: dict[str, str], shown: tuple) -> None:
    page = parse_page(_page(style, **attrs), name="x.html")
    assert [r.doctor_name for r in page.replies] == shown[0]
    assert [x.title for x in page.related_links] == shown[1]
    assert page.warnings == []


@pytest.mark.parametrize(
    "style", ["ul li:first-child{order: 2}", "[data-reversed] > *{display:flex;flex-direction:column-reverse}"]
)
def test_a_reordering_rule_that_cannot_be_placed_warns_every_part_with_two_rows(style: str) -> None:
    page = parse_page(_page(style), name="x.html")
    assert [r.doctor_name for r in page.replies] == AS_MARKED[0]  # markup order, and said:
    assert [(w.check, w.section) for w in page.warnings] == [
        ("order_by_style", "reply"),
        ("order_by_style", "related_faq"),
    ]
    assert "could not place" in page.warnings[0].detail
