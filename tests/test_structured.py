"""parsers.structured: what pages declare in JSON-LD, microdata and OpenGraph.

Every expected value is written by hand from the snippet beside it."""

from __future__ import annotations

import datetime as dt
import json

import lxml.etree as etree
import pytest

from parsers import structured
from parsers.structured import Declared, DeclaredAnswer, read_declared


def ld_page(*blocks: object, head: str = "", body: str = "<p>x</p>") -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{b if isinstance(b, str) else json.dumps(b)}</script>' for b in blocks
    )
    return f"<!DOCTYPE html><html><head><title>T</title>{head}{scripts}</head><body>{body}</body></html>"


def lxml_root(html: str) -> etree._Element:
    """The tree as parsers.render builds it: plain lxml.etree, not lxml.html."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    return etree.fromstring(html.encode("utf-8"), parser)


QAPAGE = {
    "@context": "https://schema.org",
    "@type": "QAPage",
    "mainEntity": {
        "@type": "Question",
        "name": "Spinal numbness after weight training",
        "text": "Hello doctor,<br>I have mild scoliosis.<p>It  hurts &amp; tingles.</p>",
        "dateCreated": "2015-11-06T08:00:00+08:00",
        "author": {"@type": "Person", "name": "Li Ming"},
        "answerCount": 2,
        "about": {"@type": "MedicalSpecialty", "name": "Orthopedics"},
        "acceptedAnswer": {
            "@type": "Answer",
            "text": "See a spine surgeon.",
            "dateCreated": "2015-11-07",
            "author": {"@type": "Physician", "name": "Dr. Wang Shouji", "medicalSpecialty": "Spine Surgery"},
        },
        "suggestedAnswer": [
            {
                "@type": "Answer",
                "text": "Rest for a week.",
                "dateCreated": "2015-11-08",
                "author": {"@type": "Person", "name": "Dr. Chen Yu"},
            }
        ],
    },
}


def test_qapage_json_ld_every_field() -> None:
    d = read_declared(None, ld_page(QAPAGE))
    assert d == Declared(
        syntaxes=("json-ld",),
        title="Spinal numbness after weight training",
        text="Hello doctor,\nI have mild scoliosis.\nIt hurts & tingles.",
        author="Li Ming",
        date=dt.date(2015, 11, 6),
        department="Orthopedics",
        answers=(
            DeclaredAnswer("Wang Shouji", "Spine Surgery", "See a spine surgeon.", dt.date(2015, 11, 7), True),
            DeclaredAnswer("Chen Yu", None, "Rest for a week.", dt.date(2015, 11, 8), False),
        ),
        answer_count=2,
    )
    assert d.has_question


def test_same_result_from_the_callers_lxml_etree_root() -> None:
    html = ld_page(QAPAGE, head='<meta property="og:title" content="Spinal numbness">')
    from_root = read_declared(lxml_root(html), html)
    assert from_root == read_declared(None, html)
    assert from_root.syntaxes == ("json-ld", "opengraph")
    assert from_root.og_title == "Spinal numbness"


def test_question_at_top_level_without_qapage_and_full_url_types() -> None:
    q = {
        "@context": "https://schema.org",
        "@type": "https://schema.org/Question",
        "name": "Is a fever of 38.5 dangerous?",
        "text": "My son has a fever.",
        "author": "Zhang Wei",
        "datePublished": "2015/11/06",
        "suggestedAnswer": {"@type": ["Thing", "http://schema.org/Answer"], "text": "Not usually.", "author": "Dr Li"},
    }
    d = read_declared(None, ld_page(q))
    assert d.title == "Is a fever of 38.5 dangerous?"
    assert d.author == "Zhang Wei"
    assert d.date == dt.date(2015, 11, 6)
    assert d.answers == (DeclaredAnswer("Li", None, "Not usually.", None, False),)
    assert d.department is None


def test_graph_array_with_id_references_and_main_entity_list() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "AskDoctor"},
            {"@type": "QAPage", "@id": "#page", "mainEntity": [{"@id": "#site"}, {"@id": "#q"}]},
            {
                "@type": "Question",
                "@id": "#q",
                "name": "Knee pain when climbing stairs",
                "text": "Both knees.",
                "suggestedAnswer": [{"@id": "#a1"}],
            },
            {"@type": "Answer", "@id": "#a1", "text": "Likely patellofemoral pain.", "author": {"@id": "#doc"}},
            {
                "@type": "Physician",
                "@id": "#doc",
                "name": "Dr. Zhou Min",
                "worksFor": {"@type": "Hospital", "name": "City Hospital", "department": {"name": "Sports Medicine"}},
            },
        ],
    }
    d = read_declared(None, ld_page(doc))
    assert d.title == "Knee pain when climbing stairs"
    assert d.answers == (DeclaredAnswer("Zhou Min", "Sports Medicine", "Likely patellofemoral pain.", None, False),)


def test_top_level_list_and_second_script() -> None:
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": "3", "name": "Back pain"},
            {"@type": "ListItem", "position": 1, "item": {"@id": "https://askdoctor.example/", "name": "Home"}},
            {"@type": "ListItem", "position": 2, "name": "Orthopedics"},
        ],
    }
    question = {"@type": "Question", "name": "Q", "text": "body"}
    d = read_declared(None, ld_page([{"@type": "Organization", "name": "AskDoctor"}, crumbs], question))
    assert d.breadcrumbs == ("Home", "Orthopedics", "Back pain")
    assert (d.title, d.text) == ("Q", "body")
    assert d.has_question


def test_answers_merge_accepted_into_suggested_by_date() -> None:
    q = {
        "@type": "Question",
        "name": "Q",
        "acceptedAnswer": {"@type": "Answer", "text": "second", "dateCreated": "2020-01-02", "author": "Dr. B"},
        "suggestedAnswer": [
            {"@type": "Answer", "text": "first", "dateCreated": "2020-01-01", "author": "Dr. A"},
            {"@type": "Answer", "text": "third", "dateCreated": "2020-01-03", "author": "Dr. C"},
        ],
    }
    d = read_declared(None, ld_page(q))
    assert [(a.text, a.accepted) for a in d.answers] == [("first", False), ("second", True), ("third", False)]


def test_answers_by_declared_position() -> None:
    q = {
        "@type": "Question",
        "name": "Q",
        "suggestedAnswer": [{"text": "two", "position": "2"}, {"text": "three", "position": 3}],
        "acceptedAnswer": [{"text": "one", "position": 1}],
    }
    d = read_declared(None, ld_page(q))
    assert [(a.text, a.accepted) for a in d.answers] == [("one", True), ("two", False), ("three", False)]


def test_answers_without_dates_keep_declaration_order_and_accepted_twin_is_one_answer() -> None:
    q = {
        "@type": "Question",
        "name": "Q",
        "suggestedAnswer": [{"text": "a", "author": "Dr. X"}, {"text": "b", "author": "Dr. Y"}],
        "acceptedAnswer": {"text": "b", "author": "Dr. Y"},
    }
    d = read_declared(None, ld_page(q))
    assert [(a.text, a.author, a.accepted) for a in d.answers] == [("a", "X", False), ("b", "Y", True)]


def test_answer_department_from_about_and_numbers_as_strings() -> None:
    q = {
        "@type": "Question",
        "name": 404,
        "answerCount": "3",
        "suggestedAnswer": {"text": "ok", "about": "Dermatology", "author": {"name": "Dr. Lin"}},
    }
    d = read_declared(None, ld_page(q))
    assert d.title == "404"
    assert d.answer_count == 3
    assert d.answers[0].department == "Dermatology"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-11-06", dt.date(2015, 11, 6)),
        ("2015-11-06T08:00:00+08:00", dt.date(2015, 11, 6)),
        ("2015-11-06T23:30:00-05:00", dt.date(2015, 11, 6)),  # the date as written, no tz conversion
        ("2015/11/06", dt.date(2015, 11, 6)),
        ("2015年11月6日", dt.date(2015, 11, 6)),
        ("2015-13-40", None),
        ("yesterday", None),
        (None, None),
        (20151106, None),
        ({"@value": "2016-01-02", "@type": "Date"}, dt.date(2016, 1, 2)),
    ],
)
def test_dates(value: object, expected: dt.date | None) -> None:
    d = read_declared(None, ld_page({"@type": "Question", "name": "Q", "dateCreated": value}))
    assert d.date == expected


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "Question", "name": "Q",',  # truncated JSON
        "{not json at all",
        "",
        "null",
        '[1, 2, null, "x"]',
        '{"@type": 7, "mainEntity": "nope"}',
        '{"@type": ["Question"], "name": {"x": 1}, "text": ["", null], "author": [null, 3.5], "answerCount": "many"}',
        '{"@type": "QAPage", "mainEntity": null}',
        '{"@type": "Question", "acceptedAnswer": null, "suggestedAnswer": [null, 1, "x", []]}',
        '{"@type": "Question", "name": "Q", "dateCreated": "2015-02-30"}',
        "[" * 5000 + "]" * 5000,  # deeper than json's recursion limit
        '{"a":' * 3000 + "1" + "}" * 3000,
    ],
)
def test_hostile_json_ld_never_raises(script: str) -> None:
    d = read_declared(None, ld_page(script))
    assert isinstance(d, Declared)
    assert d.answers == () or all(isinstance(a, DeclaredAnswer) for a in d.answers)


def test_malformed_script_does_not_lose_the_good_one() -> None:
    d = read_declared(None, ld_page('{"@type": "Question", "name": "bad",', {"@type": "Question", "name": "good"}))
    assert d.title == "good"


def test_json_with_a_leading_comment_line_parses() -> None:
    d = read_declared(None, ld_page('// generated\n{"@type": "Question", "name": "commented"}'))
    assert d.title == "commented"


def test_deep_nesting_is_cut_at_the_depth_cap() -> None:
    inner: dict[str, object] = {"@type": "Question", "name": "too deep", "text": "t"}
    for _ in range(40):
        inner = {"@type": "Thing", "x": inner}
    d = read_declared(None, ld_page(inner))
    assert d.title is None
    assert d.syntaxes == ("json-ld",)


def test_script_over_one_mib_is_ignored() -> None:
    big = {"@type": "Question", "name": "big", "text": "x" * (1024 * 1024)}
    assert read_declared(None, ld_page(big)).title is None
    assert read_declared(None, ld_page(big, {"@type": "Question", "name": "small"})).title == "small"


def test_answers_capped_at_1000() -> None:
    q = {"@type": "Question", "name": "Q", "suggestedAnswer": [{"text": f"a{i}"} for i in range(1500)]}
    d = read_declared(None, ld_page(q))
    assert len(d.answers) == 1000
    assert d.answers[0].text == "a0"
    assert d.answers[-1].text == "a999"


def test_control_characters_are_stripped() -> None:
    q = {"@type": "Question", "name": "Ba\x00ck\x1b pain\x85", "text": "li\x07ne one\x0bstill one\nline two"}
    d = read_declared(None, ld_page(q))
    assert d.title == "Back pain"
    assert d.text == "line onestill one\nline two"


def test_text_html_with_plain_less_than_and_entities() -> None:
    q = {"@type": "Question", "name": "BP", "text": "systolic &lt; 120 and diastolic < 80<br/>ok&nbsp;now"}
    assert read_declared(None, ld_page(q)).text == "systolic < 120 and diastolic < 80\nok now"


def test_decoy_qapage_without_question() -> None:
    # a QAPage's own name is not the question's title
    d = read_declared(None, ld_page({"@type": "QAPage", "name": "Dr. Nobody reply Nowhere"}))
    assert d.syntaxes == ("json-ld",)
    assert d.title is None
    assert not d.has_question


MICRODATA = """<!DOCTYPE html><html><head><title>T</title></head>
<body itemscope itemtype="https://schema.org/QAPage">
<ol itemscope itemtype="https://schema.org/BreadcrumbList">
  <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
    <a itemprop="item" href="/en/"><span itemprop="name">Home</span></a><meta itemprop="position" content="1"></li>
  <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
    <a itemprop="item" href="/en/dept/ent"><span itemprop="name">ENT</span></a>
    <meta itemprop="position" content="2"></li>
</ol>
<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
  <h1 itemprop="name">Ringing in  the ears</h1>
  <div itemprop="text"><p>It started last week.</p><p>Both ears &amp; worse at night.</p></div>
  <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Wu Fang</span></span>
  <time itemprop="dateCreated" datetime="2019-03-04T10:00:00+08:00">March 4</time>
  <meta itemprop="answerCount" content="2">
  <div itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">
    <div itemprop="text">Avoid loud noise.<br>Come back in a week.</div>
    <span itemprop="author" itemscope itemtype="https://schema.org/Physician">
      <span itemprop="name">Dr. Sun Hao</span><meta itemprop="medicalSpecialty" content="Otolaryngology"></span>
    <meta itemprop="dateCreated" content="2019-03-05">
  </div>
  <div itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">
    <div itemprop="text">Get a hearing test.</div>
    <span itemprop="author">Dr. Ma Lin</span>
    <meta itemprop="dateCreated" content="2019-03-06">
  </div>
</div>
</body></html>"""


def test_microdata_question_answers_breadcrumbs() -> None:
    d = read_declared(lxml_root(MICRODATA), MICRODATA, base_url="https://askdoctor.example/en/qa/5.html")
    assert d == Declared(
        syntaxes=("microdata",),
        title="Ringing in the ears",
        text="It started last week.\nBoth ears & worse at night.",
        author="Wu Fang",
        date=dt.date(2019, 3, 4),
        answers=(
            DeclaredAnswer(
                "Sun Hao", "Otolaryngology", "Avoid loud noise.\nCome back in a week.", dt.date(2019, 3, 5), False
            ),
            DeclaredAnswer("Ma Lin", None, "Get a hearing test.", dt.date(2019, 3, 6), True),
        ),
        answer_count=2,
        breadcrumbs=("Home", "ENT"),
    )


def test_microdata_answers_in_document_order_even_accepted_first_in_markup_order() -> None:
    html = """<html><body><div itemscope itemtype="http://schema.org/Question"><span itemprop="name">Q</span>
    <div itemprop="acceptedAnswer" itemscope itemtype="http://schema.org/Answer"><p itemprop="text">first</p></div>
    <div itemprop="suggestedAnswer" itemscope itemtype="http://schema.org/Answer"><p itemprop="text">second</p></div>
    <div itemprop="acceptedAnswer" itemscope itemtype="http://schema.org/Answer"><p itemprop="text">third</p></div>
    </div></body></html>"""
    d = read_declared(None, html)
    assert [(a.text, a.accepted) for a in d.answers] == [("first", True), ("second", False), ("third", True)]


def test_json_ld_preferred_microdata_fills_gaps() -> None:
    ld = {
        "@type": "Question",
        "name": "From JSON-LD",
        "text": "JSON-LD body",
        "suggestedAnswer": [{"text": "Avoid loud noise."}, {"text": "Get a hearing test.", "author": "Dr. Ma Lin"}],
    }
    html = MICRODATA.replace("</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>')
    d = read_declared(None, html)
    assert d.syntaxes == ("json-ld", "microdata")
    assert (d.title, d.text) == ("From JSON-LD", "JSON-LD body")
    assert d.author == "Wu Fang"  # JSON-LD has none
    assert d.date == dt.date(2019, 3, 4)
    assert d.answer_count == 2
    assert d.breadcrumbs == ("Home", "ENT")
    assert [(a.author, a.department, a.text, a.date) for a in d.answers] == [
        ("Sun Hao", "Otolaryngology", "Avoid loud noise.", dt.date(2019, 3, 5)),
        ("Ma Lin", None, "Get a hearing test.", dt.date(2019, 3, 6)),
    ]
    assert [a.accepted for a in d.answers] == [False, False]  # JSON-LD's word on which is accepted


def test_hostile_microdata_never_raises() -> None:
    deep = '<div itemscope itemtype="http://schema.org/Thing"><span itemprop="x" itemscope>' * 300
    d = read_declared(None, f"<html><body>{deep}</body></html>")
    assert isinstance(d, Declared)
    d = read_declared(None, '<div itemscope itemtype=""><span itemprop="">?</span><div itemscope itemref="nope">')
    assert isinstance(d, Declared)


def test_opengraph_title() -> None:
    html = (
        '<html prefix="og: http://ogp.me/ns#"><head><meta property="og:title" content="  Knee  pain\x01 "/>'
        '<meta property="og:url" content="https://askdoctor.example/x"></head><body></body></html>'
    )
    d = read_declared(lxml_root(html), html)
    assert d.syntaxes == ("opengraph",)
    assert d.og_title == "Knee pain"
    assert not d.has_question


def test_opengraph_without_title() -> None:
    html = '<html><head><meta property="og:url" content="https://askdoctor.example/x"></head><body></body></html>'
    d = read_declared(lxml_root(html), html)
    assert d == Declared(syntaxes=("opengraph",))


def test_page_with_no_structured_data() -> None:
    html = "<html><head><title>Just a page</title></head><body><h1>Hello</h1><p>og, itemprop</p></body></html>"
    d = read_declared(lxml_root(html), html)
    assert d == Declared(syntaxes=())
    assert d.syntaxes == ()
    assert not d.has_question


def test_gate_mentions_but_nothing_declared() -> None:
    html = "<html><body><p>The words og: and itemscope and application/ld+json in prose.</p></body></html>"
    assert read_declared(None, html) == Declared(syntaxes=())


def test_without_gate_substrings_nothing_is_touched(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(structured, "_parse", lambda html: called.append("parse"))
    monkeypatch.setattr(structured, "_read", lambda *a: called.append("read"))

    class Untouchable:
        def __getattr__(self, name: str) -> object:
            called.append(name)
            raise RuntimeError(name)

    html = "<html><head><title>Plain</title></head><body><p>nothing declared</p></body></html>" * 500
    assert read_declared(None, html) == Declared(syntaxes=())
    assert read_declared(Untouchable(), html) == Declared(syntaxes=())
    assert called == []


def test_gate_is_case_insensitive() -> None:
    html = ld_page({"@type": "Question", "name": "Q"}).replace("application/ld+json", "Application/LD+JSON")
    d = read_declared(None, html)
    assert d.title == "Q"


def test_garbage_inputs_never_raise() -> None:
    assert read_declared(None, "") == Declared(syntaxes=())
    assert read_declared(None, None) == Declared(syntaxes=())  # type: ignore[arg-type]
    assert isinstance(read_declared(None, "\x00og:\x00itemscope\udc80"), Declared)
    assert isinstance(read_declared(None, '<?xml version="1.0" encoding="latin-1"?><html>og:</html>'), Declared)
