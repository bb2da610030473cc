"""Controls and widgets on a page, on small hand-written pages: entries a section hides behind its
own "Show more" are content, hidden things elsewhere are not; vote counts, badges and table headers
are never text; one nobody has named yet is a warning naming its part."""

from __future__ import annotations

import pytest

from parsers import parse_page


def _html(body: str) -> bytes:
    head = '<meta charset="utf-8"><link rel="canonical" href="https://ex.org/qa/7.html">'
    head += "<title>T - Urology | Site</title>"
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body><main><article>{body}</article></main></body></html>".encode()
    )


def _reply(extra_before: str = "", extra_after: str = "") -> str:
    return (
        "<section><div>Dr. Xu Zhengwen reply Urology</div>"
        f"{extra_before}<p>Drink water.</p><p>Rest well.</p>{extra_after}"
        "<div>Reply Date: 2021/05/07</div></section>"
    )


QUESTION = """<h1>T - Urology</h1><p>Share to: <a href="#">FB</a></p>
<h2>Q title</h2><p>Body line.</p><p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>"""


def _card(n: int) -> str:
    return (
        f'<li><a href="/qa/{n}.html">Other {n}</a><p>q snip {n}</p><div>Dr. Lin Meiling reply Pharmacy</div>'
        f'<p>r snip {n}</p><a href="/qa/{n}.html">[Read More] Other {n}</a></li>'
    )


BUTTON = '<button type="button" aria-expanded="false" aria-controls="more-sim">Show more</button>'
HIDDEN = f'<div id="more-sim" hidden><ul>{_card(3)}{_card(4)}</ul></div>'


@pytest.mark.parametrize("order", ["button first", "hidden first"])
def test_entries_behind_the_sections_own_show_more_are_read(order: str) -> None:
    more = BUTTON + HIDDEN if order == "button first" else HIDDEN + BUTTON
    similar = f"<section><h2>Similar Q&amp;A</h2><ul>{_card(1)}{_card(2)}</ul>{more}</section>"
    page = parse_page(_html(QUESTION + _reply() + similar), name="x.html")
    assert [x.title for x in page.related_links] == ["Other 1", "Other 2", "Other 3", "Other 4"]
    assert [x.url for x in page.related_links][2:] == ["https://ex.org/qa/3.html", "https://ex.org/qa/4.html"]
    assert page.warnings == []


def test_hidden_things_outside_a_list_section_are_not_content() -> None:
    """Reader comments behind "Load more" between the replies and Similar Q&A, a hidden doctor's note
    opened by a button inside the reply, and a hidden element nothing opens: none of them is read."""
    comments = (
        '<section><h3>Reader comments (2)</h3><button aria-expanded="false" aria-controls="c">Load more</button>'
        '<div id="c" hidden><p>Dr. Wu Jian reply Neurology</p><p>Thanks, same here.</p></div></section>'
    )
    note = '<button aria-controls="note">Why?</button><div id="note" hidden><p>Because of the kidneys.</p></div>'
    orphan = f"<div hidden><ul>{_card(9)}</ul></div>"
    similar = f"<section><h2>Similar Q&amp;A</h2><ul>{_card(1)}</ul></section>{orphan}"
    page = parse_page(_html(QUESTION + _reply(extra_after=note) + comments + similar), name="x.html")
    assert [(r.doctor_name, r.body) for r in page.replies] == [("Xu Zhengwen", "Drink water.\nRest well.")]
    assert [x.title for x in page.related_links] == ["Other 1"]


@pytest.mark.parametrize(
    "widget",
    [
        '<div><span aria-hidden="true">👍</span> 12</div>',
        '<div><a href="#" role="button">Helpful (3)</a></div>',
        "<div>Was this answer helpful? <a href='#'>Yes</a> <a href='#'>No</a></div>",
        "<div>12 people found this helpful</div>",
        '<div><span aria-hidden="true">✓</span> Verified doctor</div>',
        '<div class="pagination">1 post • Page 1 of 1</div>',  # a forum thread's action bar
        "<div>5 min read</div>",
        "<div>answered Nov 6 '15 at 14:32</div>",  # a Q&A site's post stamp
        "<div>Reading time: 3-4 minutes</div>",
    ],
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_vote_widget_or_badge_in_a_reply_is_not_its_text(widget: str, where: str) -> None:
    reply = _reply(extra_before=widget) if where == "before" else _reply(extra_after=widget)
    page = parse_page(_html(QUESTION + reply), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water.\nRest well."]
    assert page.warnings == []


@pytest.mark.parametrize(
    "widget",
    [
        "<div>♡ 3</div>",
        "<div>Yes (2) No (0)</div>",
        "<div>Hugs (4)</div>",
        "<div>Add a comment</div>",
        "<p>12.3k●3●12</p>",
    ],
)
def test_a_widget_nobody_named_yet_is_a_warning_naming_the_reply(widget: str) -> None:
    page = parse_page(_html(QUESTION + _reply(extra_after=widget)), name="x.html")
    warned = [w for w in page.warnings if w.check == "widget_text"]
    assert [w.section for w in warned] == ["reply"]
    assert "the reply at position 0" in warned[0].detail


def test_a_show_more_read_as_text_in_the_question_is_a_warning() -> None:
    """A control drawn as plain text (a <span> with a click handler): nothing in the markup says so."""
    question = QUESTION.replace("<p>Body line.</p>", "<p>Body line.</p><p><span class='x'>Show more</span></p>")
    page = parse_page(_html(question + _reply()), name="x.html")
    assert [(w.check, w.section) for w in page.warnings] == [("widget_text", "question")]


@pytest.mark.parametrize("header", ["thead", "first row"])
def test_a_related_faq_table_gives_its_departments_and_not_its_header(header: str) -> None:
    head = "<tr><th>Topic</th><th>Department</th></tr>"
    rows = "".join(
        f'<tr><td><a href="/faq/{t.lower()}">{t}</a></td><td>{d}</td></tr>'
        for t, d in [("Knee", "Orthopedics"), ("Rash", "Dermatology"), ("Cough", "Infectious Diseases")]
    )
    table = f"<thead>{head}</thead><tbody>{rows}</tbody>" if header == "thead" else f"<tbody>{head}{rows}</tbody>"
    faq = f"<section><h2>Related FAQ</h2><table>{table}</table></section>"
    page = parse_page(_html(QUESTION + _reply() + faq), name="x.html")
    assert [(x.title, x.department, x.url) for x in page.related_links] == [
        ("Knee", "Orthopedics", "https://ex.org/faq/knee"),
        ("Rash", "Dermatology", "https://ex.org/faq/rash"),
        ("Cough", "Infectious Diseases", "https://ex.org/faq/cough"),
    ]
    assert page.warnings == []


def test_a_related_faq_of_links_and_other_text_is_not_paired_as_departments() -> None:
    """Only where every topic link is followed by one plain department-like cell is it a table."""
    faq = (
        '<section><h2>Related FAQ</h2><ul><li><a href="/faq/knee">Knee</a></li><li>Updated daily by our editors.</li>'
        '<li><a href="/faq/hip">Hip</a></li></ul></section>'
    )
    page = parse_page(_html(QUESTION + _reply() + faq), name="x.html")
    assert [(x.title, x.department) for x in page.related_links] == [("Knee", None), ("Hip", None)]
    assert ("entry_incomplete", "related_faq") in [(w.check, w.section) for w in page.warnings]


def test_a_looping_carousels_clones_are_not_its_entries() -> None:
    """Swiper's loop mode copies the last slide before the first and the first after the last: the
    entries are the real slides, in their order."""
    slide = '<div class="swiper-slide{}"><ul>{}</ul></div>'
    slides = slide.format(" swiper-slide-duplicate", _card(2)) + slide.format("", _card(1)) + slide.format("", _card(2))
    slides += slide.format(" swiper-slide-duplicate", _card(1))
    wrapper = f'<div class="swiper"><div class="swiper-wrapper">{slides}</div></div>'
    similar = f"<section><h2>Similar Q&amp;A</h2>{wrapper}</section>"
    page = parse_page(_html(QUESTION + _reply() + similar), name="x.html")
    assert [x.title for x in page.related_links] == ["Other 1", "Other 2"]
    assert page.warnings == []


@pytest.mark.parametrize("label", ["分享到：", "شارك:", "Partager :"])
def test_a_localised_share_label_is_chrome_not_the_title(label: str) -> None:
    question = QUESTION.replace("Share to:", label)
    page = parse_page(_html(question + _reply()), name="x.html")
    assert (page.question.title, page.question.body) == ("Q title", "Body line.")


def test_a_reader_views_header_is_not_the_questions_title() -> None:
    """Firefox's Reader View saves the site's domain, Readability's byline and a reading time above
    the content: the title is the content's own heading, the body starts after it."""
    header = (
        '<div class="header reader-header"><a class="domain reader-domain" href="https://ex.org/qa/7.html">ex.org</a>'
        '<h1 class="reader-title">T - Urology</h1><div class="credits reader-credits">Site Editorial</div>'
        '<div class="meta-data"><div class="reader-estimated-time">5-6 minutes</div></div></div>'
    )
    question = "<h3>Q title</h3><p>Body line.</p><p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>"
    page = parse_page(_html(header + question + _reply()), name="x.html")
    assert (page.question.title, page.question.body) == ("Q title", "Body line.")
    assert page.warnings == []


def test_a_line_that_only_looks_like_a_reading_time_stays_in_the_reply() -> None:
    page = parse_page(_html(QUESTION + _reply(extra_after="<p>10 minutes</p>")), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water.\nRest well.\n10 minutes"]


def _post(body: str) -> str:
    return f"<section><div>Dr. Xu Zhengwen reply Urology</div>{body}<div>Reply Date: 2021/05/07</div></section>"


@pytest.mark.parametrize("head", ["Jie wrote:", "Quote from Jie:", "Quote:"])
def test_a_reply_that_opens_by_quoting_the_question_is_read_without_the_quote(head: str) -> None:
    quoted = f"<blockquote><cite>{head}</cite> Body line.</blockquote><p>Drink water.</p>"
    page = parse_page(_html(QUESTION + _post(quoted)), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water."]


def test_a_quote_of_something_the_question_does_not_say_stays_in_the_reply() -> None:
    quoted = "<blockquote><cite>WHO wrote:</cite> Rest is advised.</blockquote><p>Drink water.</p>"
    page = parse_page(_html(QUESTION + _post(quoted)), name="x.html")
    assert [r.body for r in page.replies] == ["WHO wrote: Rest is advised.\nDrink water."]


@pytest.mark.parametrize("rule", ["_________________", "-----", "=========="])
def test_a_forum_signature_behind_its_rule_is_not_the_reply(rule: str) -> None:
    signed = f"<p>Drink water.</p><div>{rule}<br>Dr. Xu Zhengwen | Urology | Some Hospital</div>"
    page = parse_page(_html(QUESTION + _post(signed)), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water."]


def test_a_sign_off_without_a_rule_stays_in_the_reply() -> None:
    """The site's own replies end with "Best regards," and a name: that is the reply as shown."""
    page = parse_page(_html(QUESTION + _post("<p>Drink water.</p><p>Best regards,</p><p>Dr. Xu</p>")), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water.\nBest regards,\nDr. Xu"]


@pytest.mark.parametrize(
    ("ask", "reply"),
    [
        ('<img class="icon" src="c.svg" alt="Ask Date:">', '<i class="fa fa-clock" aria-label="Reply Date:"></i>'),
        ('<span class="icon" aria-label="Ask Date:"></span>', '<img src="r.png" alt="Reply Date:">'),
    ],
)
def test_a_date_label_drawn_as_an_icon_is_read_from_its_accessible_name(ask: str, reply: str) -> None:
    asker = f"<p>Jie, 20~29 year old female. {ask} 2021/05/06</p>"
    question = f"<h1>T - Urology</h1><h2>Q title</h2><p>Body line.</p>{asker}"
    body = f"<section><div>Dr. Xu Zhengwen reply Urology</div><p>Drink water.</p><p>{reply} 2021/05/07</p></section>"
    page = parse_page(_html(question + body), name="x.html")
    assert (page.question.asker_name, str(page.question.asked_on)) == ("Jie", "2021-05-06")
    assert [(r.body, str(r.replied_on)) for r in page.replies] == [("Drink water.", "2021-05-07")]


def test_a_forum_user_panel_is_not_the_question_and_an_unknown_one_is_a_warning() -> None:
    panel = (
        '<dl class="{cls}"><dt><a href="/u/1">Jie</a></dt><dd>New member</dd><dd><strong>Posts:</strong> 1</dd>'
        "<dd><strong>Joined:</strong> 2011/11/14</dd><dd><strong>Location:</strong> Taipei</dd></dl>"
    )
    question = "<h1>T - Urology</h1>{panel}<h3>Q title</h3><p>Body line.</p>"
    question += "<p>Jie, 20~29 year old female. Ask Date: 2021/05/06</p>"
    known = parse_page(_html(question.format(panel=panel.format(cls="postprofile")) + _reply()), name="x.html")
    assert (known.question.title, known.question.body) == ("Q title", "Body line.")
    assert known.warnings == []
    unknown = parse_page(_html(question.format(panel=panel.format(cls="x1")) + _reply()), name="x.html")
    assert (unknown.question.title, unknown.question.body) == ("Q title", "Body line.")  # above its heading
    assert {(w.check, w.section) for w in unknown.warnings} == {("widget_text", "question")}  # and said so


def test_a_label_the_pages_own_stylesheet_draws_is_read() -> None:
    """A page saved with its CSS inlined (SingleFile): `.rd::before { content: "Reply Date: " }`."""
    css = "<style>.rd::before{content:'Reply Date: '} .q::before{content:'\u201c'}</style>"
    reply = '<section><div>Dr. Xu Zhengwen reply Urology</div><p>Drink water.</p><p class="rd">2021/05/07</p></section>'
    page = parse_page(_html(css + QUESTION + reply), name="x.html")
    assert [(r.body, str(r.replied_on)) for r in page.replies] == [("Drink water.", "2021-05-07")]


def test_a_consult_button_in_a_reply_is_not_its_text() -> None:
    button = '<div><a class="btn" href="/ask">Consult Dr. Xu Zhengwen</a> <span>Usually replies in 2 h</span></div>'
    page = parse_page(_html(QUESTION + _reply(extra_after=button)), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water.\nRest well."]
    assert page.warnings == []


def test_replies_in_a_table_take_the_dates_under_its_reply_date_column() -> None:
    table = (
        "<table><tr><th>Doctor</th><th>Answer</th><th>Reply Date</th></tr>"
        "<tr><td>Dr. Xu Zhengwen reply Urology</td><td><p>Drink water.</p></td><td>2021/05/07</td></tr></table>"
    )
    page = parse_page(_html(QUESTION + table), name="x.html")
    assert [(r.body, str(r.replied_on)) for r in page.replies] == [("Drink water.", "2021-05-07")]


def test_an_accessibility_overlays_screen_reader_text_is_not_the_reply() -> None:
    """accessiBe's `acsb-sr-only` text ("End of answer by Dr. …"), like any `*-sr-only`."""
    sr = '<span class="acsb-sr-only" data-acsb-sr-only="true">End of answer by Dr. Xu Zhengwen.</span>'
    page = parse_page(_html(QUESTION + _reply(extra_after=sr)), name="x.html")
    assert [r.body for r in page.replies] == ["Drink water.\nRest well."]


def test_a_message_time_above_the_question_is_no_title() -> None:
    """A chat export: the first message's time ("10:03", "2:32 PM") sits above the question's text;
    a time stamp alone on a line is chrome, like a post's "asked Nov 6 '15", so the title is the text."""
    for stamp in ("10:03", "2:32 PM"):
        question = QUESTION.replace("<h2>Q title</h2>", f"<div>{stamp}</div><p>Q title</p>")
        page = parse_page(_html(question + _reply()), name="x.html")
        assert page.question.title == "Q title", stamp


def test_a_doctor_and_a_known_department_in_cells_of_their_own_are_a_doctor_line() -> None:
    table = (
        "<table><tr><th>Doctor</th><th>Department</th><th>Answer</th><th>Reply Date</th></tr>"
        "<tr><td>Dr. <a href='/d/xu'>Xu Zhengwen</a></td><td><a href='/dept/urology'>Urology</a></td>"
        "<td><p>Drink water.</p></td><td>2021/05/07</td></tr></table>"
    )
    page = parse_page(_html(QUESTION + table), name="x.html")
    assert [(r.doctor_name, r.department, r.body, str(r.replied_on)) for r in page.replies] == [
        ("Xu Zhengwen", "Urology", "Drink water.", "2021-05-07")
    ]


def test_a_doctors_name_above_a_line_that_is_no_department_stays_apart() -> None:
    """'Dr. Xu' above 'Answers in 2 days' is no doctor line: nothing is made up."""
    card = "<aside><p>Dr. Xu Zhengwen</p><p>Answers in 2 days</p></aside>"
    page = parse_page(_html(QUESTION + _reply() + card), name="x.html")
    assert [r.doctor_name for r in page.replies] == ["Xu Zhengwen"]


def test_a_bare_date_ending_a_reply_is_its_date_where_no_reply_has_a_labelled_one() -> None:
    """Replies in a table with no header row: the last cell, a bare date, is the reply's date."""
    table = (
        "<table><tr><td>Dr. Xu Zhengwen reply Urology</td><td><p>Drink water.</p></td><td>2021/05/07</td></tr>"
        "<tr><td>Dr. Wu Jian reply Urology</td><td><p>Rest.</p></td><td>2021/05/08</td></tr></table>"
    )
    page = parse_page(_html(QUESTION + table), name="x.html")
    assert [(r.body, str(r.replied_on)) for r in page.replies] == [
        ("Drink water.", "2021-05-07"),
        ("Rest.", "2021-05-08"),
    ]
