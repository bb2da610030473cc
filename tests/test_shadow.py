"""Declarative shadow DOM (Lit SSR, Stencil): a host's shadow tree is shown with its light DOM in
its slots, so labels in the shadow tree meet their values (parsers/shadow.py)."""

from __future__ import annotations

from parsers import parse_page

HEAD = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html"><title>T - Urology | Site</title>'
SHADOW = (
    '<template shadowrootmode="open"><h2><slot name="title"></slot></h2><div><slot></slot></div>'
    '<p><slot name="asker"></slot> Ask Date: <slot name="date">(no date)</slot></p></template>'
)
LIGHT = '<span slot="date">2021/05/06</span><span slot="asker">Jie, 20~29 year old female.</span><p>Body line.</p>'
REPLY = "<section><div>Dr. Xu Zhengwen reply Urology</div><p>Answer.</p><div>Reply Date: 2021/05/07</div></section>"
FAQ = '<aside><h3>Related FAQ</h3><ul><li><a href="/faq/knee">Knee</a> <span>(Orthopedics)</span></li></ul></aside>'


def _page(question: str) -> bytes:
    body = f"<main><article><h1>T - Urology</h1>{question}{REPLY}{FAQ}</article></main>"
    return f"<!DOCTYPE html><html><head>{HEAD}</head><body>{body}</body></html>".encode()


def test_a_components_light_dom_is_read_in_its_slots() -> None:
    page = parse_page(
        _page(f'<qa-question>{SHADOW}{LIGHT}<span slot="title">Q title</span></qa-question>'), name="x.html"
    )
    q = page.question
    assert (q.title, q.body, q.asker_name, q.asker_age_min, str(q.asked_on)) == (
        "Q title",
        "Body line.",
        "Jie",
        20,
        "2021-05-06",
    )
    assert page.warnings == []


def test_a_slot_with_nothing_assigned_shows_its_fallback_and_a_host_without_a_shadow_root_is_as_is() -> None:
    light = LIGHT.replace('<span slot="date">2021/05/06</span>', "")
    shadow = SHADOW.replace("(no date)", "2021/05/09")
    page = parse_page(
        _page(f'<qa-question>{shadow}{light}<span slot="title">Q title</span></qa-question>'), name="x.html"
    )
    assert str(page.question.asked_on) == "2021-05-09"
    plain = "<qa-question><h2>Q title</h2><p>Body line.</p>"
    plain += "<p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p></qa-question>"
    assert parse_page(_page(plain), name="x.html").question.title == "Q title"
