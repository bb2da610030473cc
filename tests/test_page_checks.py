"""Page self-checks and reject reasons, on small hand-written pages: what a page shows but did not
give is a warning beside its good rows, and a reject says what was seen and what was missing."""

from __future__ import annotations

import pytest

from parsers import ParseError, parse_page


def _html(body: str, closing: str = "</body></html>") -> bytes:
    head = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html">'
    head += "<title>T - Urology | Site</title>"
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}{closing}".encode()


QUESTION = """<main><article><h1>T - Urology</h1><p>Share to: <a href="#">FB</a></p>
<h2>Q title</h2><p>Body line.</p><p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>
<section><div>Dr. Xu Zhengwen reply Urology</div><p>Answer.</p><div>Reply Date: 2021/05/07</div></section>
"""
SIMILAR = """<aside><h3>Similar Q&amp;A</h3>
<div><h4><a href="/qa/8.html">Other</a></h4><p>q snip</p><div>Dr. Lin Meiling reply Pharmacy</div><p>r snip</p>
<a href="/qa/8.html">[Read More] Other</a></div></aside>"""
FAQ = """<aside><h3>Related FAQ</h3><ul><li><a href="/faq/knee">Knee</a> <span>(Orthopedics)</span></li>
<li><a href="/faq/hip">Hip</a> <span>(Orthopedics)</span></li></ul></aside>"""


def _checks(page: object) -> list[tuple[str, str | None]]:
    return [(w.check, w.section) for w in page.warnings]


def test_a_whole_page_has_no_warning() -> None:
    page = parse_page(_html(QUESTION + SIMILAR + FAQ + "</article></main>"), name="x.html")
    assert [(r.kind, r.doctor_name) for r in page.replies] == [("doctor", "Xu Zhengwen")]
    assert [(x.kind, x.title) for x in page.related_links] == [
        ("similar_qa", "Other"),
        ("related_faq", "Knee"),
        ("related_faq", "Hip"),
    ]
    assert page.warnings == []


def test_an_unreadable_section_is_one_warning_and_the_other_rows_land() -> None:
    """Similar Q&A shows only pictures (no text to read): one warning; replies and FAQ still come."""
    pictures = """<aside><h3>Similar Q&amp;A</h3><div><a href="/qa/8.html"><img src="/a.png" alt="Other"></a>
    </div></aside>"""
    page = parse_page(_html(QUESTION + pictures + FAQ + "</article></main>"), name="x.html")
    assert _checks(page) == [("section_empty", "similar_qa")]
    assert "Similar Q&A" in page.warnings[0].detail and "nothing under it" in page.warnings[0].detail
    assert [r.doctor_name for r in page.replies] == ["Xu Zhengwen"]
    assert [x.title for x in page.related_links] == ["Knee", "Hip"]


def test_a_doctor_line_in_an_unknown_section_never_becomes_a_reply() -> None:
    """Replies here carry a Reply Date; the doctor lines under 'Our experts say' carry none, and the
    section is not one the parser knows, so they are no reply, and a warning says they were seen."""
    unknown = """<section><h3>Our experts say</h3><p>Dr. Chen Wen reply Cardiology</p><p>Drink water.</p>
    <p>Dr. Wu Jian reply Neurology</p><p>Rest.</p></section>"""
    page = parse_page(_html(QUESTION + unknown + FAQ + "</article></main>"), name="x.html")
    assert [r.doctor_name for r in page.replies] == ["Xu Zhengwen"]
    assert _checks(page) == [("doctor_line_outside_reply", "reply")]
    assert "2 'Dr. … reply …' lines" in page.warnings[0].detail


def test_a_more_info_read_beside_an_unread_reply_is_warned_about_its_position() -> None:
    """More Info's position counts the replies read: with a doctor line nobody read before it, the
    position may be one short, and the more_info part says so (not only the reply part)."""
    unknown = """<section><h3>Our experts say</h3><p>Dr. Chen Wen reply Cardiology</p><p>Drink water.</p></section>"""
    more = "<section><h3>More Info</h3><p>An article about the topic, long enough to be read.</p></section>"
    page = parse_page(_html(QUESTION + unknown + more + FAQ + "</article></main>"), name="x.html")
    assert [(r.kind, r.position) for r in page.replies] == [("doctor", 0), ("more_info", 1)]
    assert _checks(page) == [("doctor_line_outside_reply", "reply"), ("doctor_line_outside_reply", "more_info")]
    assert "its position is 1" in page.warnings[1].detail


ASKED = QUESTION.split("<section>")[0]


@pytest.mark.parametrize(
    ("shown", "seen"),
    [
        ("<p>2 doctors replied to this question.</p><p>Log in to read the doctors’ replies.</p>",
         "the page says '2 doctors replied to this question.', 0 doctors' replies read"),
        ("<div class='wall'>Sign up for free to read the answers</div>",
         "no doctors' replies read; the page shows 'Sign up for free to read the answers'"),
        ("<section><p>王守基 醫師回覆 骨科</p><p>您好。</p><p>Reply Date: 2015/11/06</p></section>",
         "1 'Reply Date:' lines in no reply read, first 'Reply Date: 2015/11/06'"),
    ],
)  # fmt: skip
def test_replies_the_page_shows_but_the_parser_did_not_read_are_a_warning(shown: str, seen: str) -> None:
    """A login wall where the replies were, or replies whose doctor line is not understood: the
    question lands with no reply, and a warning on the replies says why none came."""
    page = parse_page(_html(ASKED + shown + FAQ + "</article></main>"), name="x.html")
    assert page.replies == [] and page.question.title == "Q title"
    assert _checks(page) == [("replies_unread", "reply")]
    assert page.warnings[0].detail == seen


def test_a_count_of_replies_that_were_all_read_is_no_warning() -> None:
    page = parse_page(_html(QUESTION.replace("<section>", "<p>1 doctor replied</p><section>") + FAQ), name="x.html")
    assert [r.doctor_name for r in page.replies] == ["Xu Zhengwen"]
    assert page.warnings == []


def test_entries_under_an_unknown_heading_are_read_by_their_shape_with_a_warning() -> None:
    renamed = SIMILAR.replace("Similar Q&amp;A", "People also asked")
    page = parse_page(_html(QUESTION + renamed + FAQ + "</article></main>"), name="x.html")
    first = page.related_links[0]
    assert (first.kind, first.title, first.doctor_name) == ("similar_qa", "Other", "Lin Meiling")
    assert _checks(page) == [("section_unknown", "similar_qa")]
    assert "People also asked" in page.warnings[0].detail


def test_a_sidebar_after_the_sections_is_not_read() -> None:
    """A 'Trending' list after the last known section looks like FAQ entries: it is navigation."""
    trending = """<aside><h3>Trending</h3><ul><li><a href="/qa/9.html">Back Pain (Orthopedics)</a></li>
    <li><a href="/qa/10.html">Dizziness (Neurology)</a></li></ul></aside>"""
    page = parse_page(_html(QUESTION + SIMILAR + trending + "</article></main>"), name="x.html")
    assert [x.kind for x in page.related_links] == ["similar_qa"]
    assert page.warnings == []


def test_read_more_lines_outside_any_similar_section_are_a_warning() -> None:
    stray = "<div><p>Other question</p><p>[Read More] Other question</p></div>"
    page = parse_page(_html(QUESTION + stray + FAQ + "</article></main>"), name="x.html")
    assert ("read_more_outside_section", "similar_qa") in _checks(page)


def test_an_entry_missing_a_part_is_a_warning() -> None:
    two = SIMILAR.replace(
        "</aside>",
        '<div><h4><a href="/qa/9.html">Third</a></h4><p>q</p><a href="/qa/9.html">[Read More] Third</a></div></aside>',
    )
    page = parse_page(_html(QUESTION + two + "</article></main>"), name="x.html")
    assert [x.title for x in page.related_links] == ["Other", "Third"]
    assert _checks(page) == [("entry_incomplete", "similar_qa")]
    assert "1 of 2 entries" in page.warnings[0].detail and "doctor line" in page.warnings[0].detail


def test_chips_in_one_line_are_one_entry_each() -> None:
    chips = """<section><h3>Related FAQ</h3><div><a href="/faq/a?utm_source=x">Knee <small>(Orthopedics)</small></a>
    <a href="/faq/b#top">Hip Pain <small>(Ear, Nose &amp; Throat)</small></a></div></section>"""
    page = parse_page(_html(QUESTION + chips + "</article></main>"), name="x.html")
    assert [(x.title, x.department, x.url) for x in page.related_links] == [
        ("Knee", "Orthopedics", "https://ex.org/faq/a"),
        ("Hip Pain", "Ear, Nose & Throat", "https://ex.org/faq/b"),
    ]


def test_a_complete_page_without_closing_tags_is_not_truncated() -> None:
    """HTML lets a page leave out </body> and </html>: laid out unexpectedly is not cut short."""
    page = parse_page(_html(QUESTION + FAQ + "</article></main>", closing=""), name="x.html")
    assert [x.title for x in page.related_links] == ["Knee", "Hip"]


def test_a_page_cut_short_says_where() -> None:
    cut = _html(QUESTION + FAQ)[:-200]
    with pytest.raises(ParseError) as err:
        parse_page(cut, name="x.html")
    assert err.value.reason == "truncated page"
    assert "still open" in err.value.detail and "saw" in err.value.detail


@pytest.mark.parametrize(
    ("body", "reason", "said"),
    [
        ("<h1>404</h1><p>The page you asked for is gone.</p>", "not a Q&A page", "no section labels"),
        (
            "<h1>T - Dept</h1><p>Share to:</p><p>Ask Date: 2020/01/01</p>",
            "no question title",
            "headline 'T - Dept' and the asker line found",
        ),
        (
            "<h1>T - Dept</h1><p>Q</p><p>Dr. A B reply C</p><h3>Similar Q&amp;A</h3>",
            "not a Q&A page",
            "1 doctor lines; labels 'Similar Q&A'",
        ),
    ],
)
def test_a_reject_says_what_was_seen_and_what_was_missing(body: str, reason: str, said: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_page(_html(body), name="x.html")
    assert err.value.reason == reason
    assert said in err.value.detail


def test_through_the_pipeline_the_warning_lands_beside_the_pages_rows(tmp_path) -> None:
    """Read back from Parquet: one page whose Similar Q&A cannot be read gives one `warnings` row,
    and its question, reply and Related FAQ rows land; `qa-etl validate` passes, and finds a
    warning left without its question."""
    import pandas as pd
    import pyarrow.parquet as pq
    from conftest import run_without_prefect

    from dataset.check import check_dataset

    pictures = '<aside><h3>Similar Q&amp;A</h3><div><a href="/qa/8.html"><img src="/a.png" alt="x"></a></div></aside>'
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "7.html").write_bytes(_html(QUESTION + pictures + FAQ + "</article></main>"))
    out = tmp_path / "out"
    run_without_prefect([str(pages)], out, run_id="r1")
    warnings = pd.read_parquet(out / "warnings")
    assert list(warnings["check"]) == ["section_empty"] and list(warnings["section"]) == ["similar_qa"]
    assert warnings["run_id"].iloc[0] == "r1" and warnings["source"].iloc[0].endswith("7.html")
    assert len(pd.read_parquet(out / "questions")) == 1 and len(pd.read_parquet(out / "replies")) == 1
    assert list(pd.read_parquet(out / "related_links")["title"]) == ["Knee", "Hip"]
    assert check_dataset(out).ok

    (month,) = (out / "questions").glob("asked_month=*/part-*.parquet")
    pq.write_table(pq.read_table(month).slice(0, 0), month)  # the question gone, its warning left
    assert ("warnings", "no such question") in {(p.table, p.check) for p in check_dataset(out).problems}


def test_a_permalinked_title_is_the_question_and_a_latest_box_is_not() -> None:
    """The title links to the page itself; a box of other questions, each a linked title with its own
    'Ask Date:', follows: the page's question is its own, the box's are not."""
    body = """<main><h1>T - Dept</h1><div><h2><a href="/qa/7.html">Why?</a></h2><p>Body.</p>
    <p>Ask Date: 2020/01/01</p></div><div><p>Dr. A B reply C</p><p>Ok.</p><p>Reply Date: 2020/01/02</p></div>
    <aside><h3>Latest</h3><div><a href="/qa/8.html">Other?</a><p>x</p><p>Ask Date: 2020/02/02</p></div>
    <div><a href="/qa/9.html">Third?</a><p>y</p><p>Ask Date: 2020/03/03</p></div></aside></main>"""
    page = parse_page(_html(body), name="x.html")
    q = page.question
    assert (q.title, q.body, str(q.asked_on)) == ("Why?", "Body.", "2020-01-01")
    assert [r.doctor_name for r in page.replies] == ["A B"]


def test_a_list_of_questions_is_not_a_question() -> None:
    items = "".join(
        f'<div><h3><a href="/qa/{n}.html">Q{n}?</a></h3><p>snippet</p><p>Ask Date: 2020/01/0{n}</p></div>'
        for n in range(1, 4)
    )
    with pytest.raises(ParseError) as err:
        parse_page(_html(f"<main><h1>Search results for back pain</h1>{items}</main>"), name="x.html")
    assert err.value.reason == "not a Q&A page" and "a list of 3 questions" in err.value.detail


def test_work_per_page_is_bounded() -> None:
    """A hostile page: a Similar Q&A of 1,500 entries keeps the first 1,000, with a warning; a page
    past 8 MiB is rejected before it is parsed."""
    entries = "".join(
        f'<div><h4><a href="/qa/{i}.html">T{i}</a></h4><p>q</p><p>Dr. A B reply C</p><p>r</p>'
        f'<a href="/qa/{i}.html">[Read More] T{i}</a></div>'
        for i in range(1500)
    )
    page = parse_page(_html(QUESTION + f"<aside><h3>Similar Q&amp;A</h3>{entries}</aside></article></main>"), name="x")
    similar = [x for x in page.related_links if x.kind == "similar_qa"]
    assert len(similar) == 1000 and similar[-1].title == "T999" and similar[-1].position == 999
    assert _checks(page) == [("entries_capped", "similar_qa")] and "1500 entries" in page.warnings[0].detail
    with pytest.raises(ParseError) as err:
        parse_page(_html(QUESTION + "<p>" + "x" * (9 * 1024 * 1024) + "</p>"), name="x.html")
    assert err.value.reason == "too large"


def test_a_reply_read_with_no_date_is_warned() -> None:
    """Every reply of the site ends with its 'Reply Date:'; one read without it is a reply whose end
    the parser did not see (a chat export's sender line, a timestamp above it): warned on reply."""
    undated = QUESTION.replace("<div>Reply Date: 2021/05/07</div>", "")
    page = parse_page(_html(undated + FAQ + "</article></main>"), name="x.html")
    assert [(r.doctor_name, r.replied_on) for r in page.replies] == [("Xu Zhengwen", None)]
    assert ("entry_incomplete", "reply") in _checks(page)
    assert "no 'Reply Date:' line ended it" in next(w.detail for w in page.warnings if w.section == "reply")


@pytest.mark.parametrize("heading", ["Doctors' answers", "Answers (2)", "Our experts reply"])
def test_a_replies_heading_with_no_reply_under_it_is_warned(heading: str) -> None:
    """The answers a script fills in (a Next.js client component): the HTML shows the heading and a
    skeleton only. No reply can be read, and the page says so, on reply and on More Info's position."""
    asked = QUESTION.split("<section>")[0]
    more = "<section><h3>More Info</h3><p>An article about the topic, long enough to be read.</p></section>"
    page = parse_page(_html(asked + f"<h2>{heading}</h2><div aria-busy='true'></div>" + more + FAQ), name="x.html")
    assert [r.kind for r in page.replies] == ["more_info"]
    assert _checks(page) == [("replies_unread", "reply"), ("replies_unread", "more_info")]
    assert heading in page.warnings[0].detail


def test_a_list_a_stylesheet_draws_without_numbers_gets_none() -> None:
    """`.timeline { list-style: none }` in the page's own <style>: its items show no "1.", "2.", so
    none is put before them (an inline style and Bootstrap's list-unstyled were read already)."""
    steps = '<ol class="timeline"><li>Drink water.</li><li>Rest.</li></ol>'
    answer = f"<section><div>Dr. Xu Zhengwen reply Urology</div>{steps}<div>Reply Date: 2021/05/07</div></section>"
    for style, numbered in (("", True), (".timeline{list-style:none;margin:0}", False)):
        raw = _html(ASKED + answer + FAQ + "</article></main>").replace(
            b"</head>", f"<style>{style}</style></head>".encode()
        )
        [reply] = parse_page(raw, name="x.html").replies
        assert reply.body == ("1. Drink water.\n2. Rest." if numbered else "Drink water.\nRest."), style


def test_a_question_body_that_runs_into_a_replys_date_is_warned() -> None:
    """The asker line and a 'Reply Date:' read into the body (a timeline's dates above its cards):
    the question's end was a guess, and the question part says so."""
    body = ASKED.replace("<p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>", "")
    timeline = (
        "<p>Ask Date: 2021/05/06</p>" + body.split("<h2>Q title</h2>")[1] + "<p>Jie, 20~29 year old female.</p>"
        "<p>Reply Date: 2021/05/07</p><div>Dr. Xu Zhengwen reply Urology</div><p>Answer.</p>"
    )
    page = parse_page(_html(body.split("<h2>Q title</h2>")[0] + "<h2>Q title</h2>" + timeline + FAQ), name="x.html")
    assert ("body_holds_asker", "question") in _checks(page)


def test_a_time_elements_tooltip_day_wins_over_its_utc_datetime() -> None:
    """`<time datetime="2021-05-05T22:03:00Z" title="Thursday, 6 May 2021 06:03">2 years ago</time>`:
    the day the site shows on hover is the page's (the UTC datetime is the day before in Taipei)."""
    stamp = '<time datetime="2021-05-05T22:03:00.000Z" title="Thursday, 6 May 2021 06:03">2 years ago</time>'
    page = parse_page(_html(QUESTION.replace("2021/05/06", stamp) + FAQ + "</article></main>"), name="x.html")
    assert str(page.question.asked_on) == "2021-05-06"
    plain = '<time datetime="2021-05-05T22:03:00.000Z">2 years ago</time>'
    page = parse_page(_html(QUESTION.replace("2021/05/06", plain) + FAQ + "</article></main>"), name="x.html")
    assert str(page.question.asked_on) == "2021-05-05"  # no day shown anywhere: the datetime's


def test_a_stray_zero_width_joiner_is_no_part_of_a_name_and_an_emojis_is_kept() -> None:
    from parsers.text import clean_line

    assert clean_line("Xiao Wang\u200d") == "Xiao Wang" and clean_line("Xu\u200c Zhengwen") == "Xu Zhengwen"
    assert clean_line("\U0001f469\u200d\u2695\ufe0f") == "\U0001f469\u200d\u2695\ufe0f"  # woman health worker
    assert (
        clean_line("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
        == "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )  # Persian


def test_labels_a_question_or_a_reply_quotes_are_its_text() -> None:
    """ "(Ask Date: 2015/10/01)" in the question's words is no asker line, "More info:" on a line of
    its own in the question no section, and "(Reply Date: 2015/10/02)" in a reply no reply date."""
    text = (
        "Knee - Orthopedics\n\nShare to:\n\nKnee pain?\n\nMy knee hurts.\n"
        "I asked about this before (Ask Date: 2015/10/01) and was told to rest.\nMore info:\n"
        "I am a nurse.\n\nJie, 20~29 year old female. Ask Date: 2021/05/06\n\n"
        'Dr. Xu Zhengwen reply Orthopedics\n\nIn my previous reply I wrote:\n"Rest."\n'
        "(Reply Date: 2015/10/02)\nThank you!\n\nReply Date: 2021/05/07\n"
    )
    page = parse_page(text.encode(), name="x.txt")
    q = page.question
    assert (q.asker_name, str(q.asked_on)) == ("Jie", "2021-05-06")
    assert "More info:" in q.body and q.body.endswith("I am a nurse.")
    [reply] = page.replies
    assert str(reply.replied_on) == "2021-05-07" and "(Reply Date: 2015/10/02)" in (reply.body or "")


def test_an_asker_line_that_is_only_a_quote_or_holds_no_date_is_warned() -> None:
    """The only "Ask Date:" a page has is one its question quotes: every part is warned (where the
    question ends was a guess); an asker line whose date the snapshot tool cut ("Aug.") too."""
    quoted = (
        "Knee - Orthopedics\n\nShare to:\n\nKnee pain?\n\nMy knee hurts.\n"
        "I asked about this before (Ask Date: 2015/10/01) and was told to rest.\n\n"
        "Dr. Xu Zhengwen reply Orthopedics\n\nRest.\n\nReply Date: 2021/05/07\n"
    )
    page = parse_page(quoted.encode(), name="x.txt")
    assert {w.section for w in page.warnings if w.check == "asker_unsure"} >= {"question", "reply"}
    cut = quoted.replace(
        "I asked about this before (Ask Date: 2015/10/01) and was told to rest.\n",
        "Jie, 20~29 year old female.\nAsk Date: Aug.\n29, 2018\n",
    )
    page = parse_page(cut.encode(), name="x.txt")
    assert page.question.asked_on is None and ("asker_unsure", "question") in _checks(page)
