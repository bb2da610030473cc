"""React 18's streamed server rendering: a section sent late, hidden at the end of <body>, is read
where the page's `$RC()` script puts it (parsers/streamed.py), and hostile markup never breaks it."""

from __future__ import annotations

import pytest

from parsers import parse_page

HEAD = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html"><title>T - Urology | Site</title>'
QUESTION = """<main><article><h1>T - Urology</h1><h2>Q title</h2><p>Body line.</p>
<p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>
<section><div>Dr. Xu Zhengwen reply Urology</div><p>Answer.</p><div>Reply Date: 2021/05/07</div></section>"""
SIMILAR = """<div><h4><a href="/qa/8.html">Other</a></h4><p>q snip</p><div>Dr. Lin Meiling reply Pharmacy</div>
<p>r snip</p><a href="/qa/8.html">[Read More] Other</a></div>"""
FAQ = """<aside><h3>Related FAQ</h3><ul><li><a href="/faq/knee">Knee</a> <span>(Orthopedics)</span></li></ul></aside>"""
SCRIPT = '<script>$RC=function(b,c){/* React moves S:0 into B:0 */};$RC("B:0","S:0")</script>'


def _page(placeholder: str, tail: str) -> bytes:
    body = f"{QUESTION}<aside><h3>Similar Q&amp;A</h3>{placeholder}</aside>{FAQ}</article></main>{tail}"
    return f"<!DOCTYPE html><html><head>{HEAD}</head><body>{body}</body></html>".encode()


SKELETON = '<!--$?--><template id="B:0"></template><div aria-busy="true">Loading similar questions…</div><!--/$-->'


def test_a_streamed_section_is_read_where_the_script_puts_it_and_its_skeleton_is_not() -> None:
    page = parse_page(_page(SKELETON, f'<div hidden id="S:0">{SIMILAR}</div>{SCRIPT}'), name="x.html")
    assert [(x.kind, x.title, x.doctor_name) for x in page.related_links] == [
        ("similar_qa", "Other", "Lin Meiling"),
        ("related_faq", "Knee", None),
    ]
    assert page.warnings == []


def test_without_the_script_the_hidden_segment_stays_hidden() -> None:
    """No `$RC()` call: nothing moves it, so a browser never shows it either (a warning says the
    section showed nothing)."""
    page = parse_page(_page(SKELETON, f'<div hidden id="S:0">{SIMILAR}</div>'), name="x.html")
    assert [x.kind for x in page.related_links] == ["related_faq"]
    assert [(w.check, w.section) for w in page.warnings] == [("section_empty", "similar_qa")]


@pytest.mark.parametrize(
    ("placeholder", "tail"),
    [
        ('<template id="B:0"></template>', f'<div hidden id="S:0">{SIMILAR}</div>{SCRIPT}'),  # no end marker
        (SKELETON, SCRIPT),  # no segment
        (f'<div hidden id="S:0">{SKELETON}</div>', SCRIPT),  # the segment holds its own boundary
        (SKELETON, f'<div hidden id="S:0">{SIMILAR}</div>' + '<script>$RC("S:0","S:0")</script>' * 500),
    ],
)
def test_broken_or_hostile_streaming_markup_never_breaks_the_page(placeholder: str, tail: str) -> None:
    page = parse_page(_page(placeholder, tail), name="x.html")
    assert [r.doctor_name for r in page.replies] == ["Xu Zhengwen"]
    assert "related_faq" in [x.kind for x in page.related_links]


@pytest.mark.parametrize("heading_inside", [False, True])
def test_a_lazy_load_boxs_noscript_content_is_read_and_no_other_noscript_is(heading_inside: bool) -> None:
    """lazysizes' noscript extension shows `<div class="lazyload" data-noscript><noscript>…` once in
    view: its Similar Q&A is read, the section heading inside it or not; an avatar's `<noscript><img>`
    fallback beside a lazy image is not (it would be text twice)."""
    inner = ("<h3>Similar Q&amp;A</h3>" if heading_inside else "") + SIMILAR
    box = f'<div class="lazyload" data-noscript=""><noscript>{inner}</noscript></div>'
    outer = "" if heading_inside else "<h3>Similar Q&amp;A</h3>"
    body = f"{QUESTION}<aside>{outer}{box}</aside>{FAQ}</article></main><noscript><p>Enable JavaScript</p></noscript>"
    raw = f"<!DOCTYPE html><html><head>{HEAD}</head><body>{body}</body></html>".encode()
    page = parse_page(raw, name="x.html")
    assert [(x.kind, x.title) for x in page.related_links] == [("similar_qa", "Other"), ("related_faq", "Knee")]
    assert page.warnings == []
