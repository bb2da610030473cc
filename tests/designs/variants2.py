# ruff: noqa: E501  (long lines of HTML read better whole)
"""Render every truth record of tests/corpus/truth.jsonl into 11 more site designs, plus broken pages
(written by a second helper asked to break the parser; tests/test_designs.py renders them into a
temporary folder).

    python tests/designs/variants2.py OUT                 # all designs, risky features on + truth.jsonl
    python tests/designs/variants2.py --safe OUT          # every risky feature off (controls)
    python tests/designs/variants2.py --only FEAT OUT     # only FEAT on (FEAT may be "a,b")

The parser is never called here. Truth values are the record's, unchanged (no value is changed in
page or truth). Every design keeps the site's VISIBLE text conventions (headline "<page_title> -
<dept>", "Share to:", title, body lines, asker line "... Ask Date: Y/M/D", "Dr. <name> reply <dept>",
"Reply Date: Y/M/D", "More Info", "Similar Q&A", "Related FAQ", "[Read More] <title>",
"<topic>" + "(<dept>)"); what changes is the markup, and the extra chrome a redesign adds.

Designs (none is cards/flat/blocks/deep/relaunch, nor bootstrap/components/semantic/legacy/magazine/
material/forum/portal/seo/cms/a11y/tailwind/stack):

- xhtml   : 2005 XHTML 1.0 Strict: <?xml?> prolog, CDATA-wrapped script/style, self-closing <a id/> <div/>
            <br/>, <p class="h3"><strong> pseudo-headings, replies in <blockquote> with <cite> dates,
            Similar Q&A as <dl>, FAQ as a 2-column table with summary=, "Back to top" links, <acronym>.
            RISKS: question title wrapped in a named anchor <h2><a name="question">..</a></h2> (named_anchor);
            section labels drawn as images <h3><img alt="More Info"></h3>, the 2004 way (img_labels).
- amp     : AMP page: <html amp>, amp-img, amp-fit-text, amp-social-share, amp-sidebar, amp-carousel of
            Similar Q&A slides, all three sections inside one <amp-accordion>, JSON-LD QAPage.
            RISKS: accordion headers carry "+"/"−" toggle glyph spans (accordion_glyph); dates rendered by
            <amp-date-display datetime=...><template> (only the attribute holds the date in the HTML; on
            even pages) (amp_date).
- react   : Next.js / React 18 SSR: #__next, data-reactroot, hashed CSS-module classes, "<!-- -->" text
            separators, <time dateTime>, __NEXT_DATA__ and JSON-LD with the same texts.
            RISKS: More Info is a Headless-UI Disclosure <button> (not inside a heading) (disclosure_button);
            Similar Q&A streamed by Suspense: skeleton in place, real cards in <div hidden id="S:0"> at the end
            of <body>, moved in by $RC() (suspense_stream); FAQ chips as <a href><button>..</button></a>
            (link_button).
- email   : table layout with role=presentation, <center>, <font>, spacer gifs, bgcolor, <td class="h3">.
            RISKS: the asker line in a cell to the right of the title row, body in the next row
            (asker_beside_title); Related FAQ as a classic row-major product grid: a row of 3 topics, then a
            row of their 3 "(dept)" cells (faq_row_major).
- word    : a page pasted/exported from MS Word: MsoNormal paragraphs, <o:p>, mso conditional comments,
            <![if !supportLists]> list numbers, spans around everything, mso-spacerun nbsp.
            RISKS: the question title inside a Word bookmark <a name="_Toc..."> (word_bookmark).
- widgets : community Q&A with engagement widgets; a print-only block.
            RISKS: stats line under the headline "1,204 views · 2 answers" (stats_line); avatar with
            initials as an inline <span> before the doctor and asker names (avatar_initials); rating
            "4.5 ★ (12 votes)" under the doctor line (rating_in_header); "Was this helpful? Yes / No"
            between body and footer (helpful_before_date); a print-only (display:none on screen via a
            stylesheet class) copy of the answers at the end of <main> (print_only).
- grid    : CSS grid page whose source order differs from the visual order.
            RISKS: Similar Q&A + Related FAQ rail before the question in source (rail_first); each Similar
            card shows its own "Ask Date:" (sim_ask_dates); answers in flex column-reverse, i.e. reversed in
            source (reverse_replies); doctor card with a "More info" profile link (profile_more_info).
- i18n    : server-side Fluent-style l10n: every interpolated value wrapped in U+2068/U+2069 (FSI/PDI)
            (fsi_pdi); zero-width spaces inserted into long words of More Info for wrapping (zwsp); dates
            wrapped in LRE/PDF U+202A/U+202C (bidi_dates); <bdi> names, dir=auto, NBSP and tabs.
- html5   : 2011 HTML5-with-html5shiv theme (WordPress-like): div soup with <header>/<footer> inside posts,
            <hgroup>, sections as <aside class="widget"> with a <header> holding the label; no <main>/<article>/<section>.
            RISKS: doctor line in the reply's <header>, Reply Date in its <footer>, section labels in a
            widget <header> (post_header_footer); asker line in the question post's <footer class=entry-meta>
            (every 3rd page) (meta_footer).
- minified: the current design (body starts with <header>, as the live site's) through a minifier that
            removes optional tags: no <head>/<body> tags, no </p> </li>, unquoted attributes
            (omit_optional_tags). libxml2 then keeps <header>, <main> ... inside <head>.
- premium : the current design for logged-in premium members: <div class="page no-ads"> (ads switched
            off) wraps the page (no_ads_class; every page).

Broken pages (OUT/broken/, truth {"reject": true}) are written by `broken()`; see BROKEN_NOTES.
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import hashlib
import json
import sys
from html import escape
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
HOST = "https://askdoctor.example"

RISKS = {
    "xhtml": ["named_anchor", "img_labels"],
    "amp": ["accordion_glyph", "amp_date"],
    "react": ["disclosure_button", "suspense_stream", "link_button"],
    "email": ["asker_beside_title", "faq_row_major"],
    "word": ["word_bookmark"],
    "widgets": ["stats_line", "avatar_initials", "rating_in_header", "helpful_before_date", "print_only"],
    "grid": ["rail_first", "sim_ask_dates", "reverse_replies", "profile_more_info"],
    "i18n": ["fsi_pdi", "zwsp", "bidi_dates"],
    "html5": ["post_header_footer", "meta_footer"],
    "premium": ["no_ads_class"],
    "minified": ["omit_optional_tags"],
}
SUBSET = {"amp_date": 2, "meta_footer": 3}  # risk applied only on pages n % k == 0
ON: set[str] = {r for rs in RISKS.values() for r in rs}
N = 0  # index of the page being rendered


def risk(name: str) -> bool:
    return name in ON and N % SUBSET.get(name, 1) == 0


# ---- helpers ------------------------------------------------------------------------------------
def e(text: str | None) -> str:
    return escape(text or "", quote=True)


def ymd(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def slash(day: str) -> str:
    return f"{ymd(day):%Y/%m/%d}"


def asker_text(q: dict) -> str:
    parts = []
    if q["asker_name"]:
        parts.append(q["asker_name"])
    if q["asker_age_min"] is not None:
        parts.append(f"{q['asker_age_min']}~{q['asker_age_max']} year old {q['asker_gender']}")
    return (", ".join(parts) + ". ") if parts else ""


def lines(text: str | None) -> list[str]:
    return (text or "").split("\n")


def paragraphs(text: str | None) -> list[list[str]]:
    return [p.split("\n") for p in (text or "").split("\n\n")]


def similar(entry: dict) -> list[dict]:
    return [x for x in entry["related_links"] if x["kind"] == "similar_qa"]


def faqs(entry: dict) -> list[dict]:
    return [x for x in entry["related_links"] if x["kind"] == "related_faq"]


def doctors(entry: dict) -> list[dict]:
    return [r for r in entry["replies"] if r["kind"] == "doctor"]


def more_info(entry: dict) -> list[dict]:
    return [r for r in entry["replies"] if r["kind"] == "more_info"]


def path_of(url: str) -> str:
    return url.removeprefix(HOST)


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def seed(*parts: object) -> int:
    return int(hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def initials(name: str | None) -> str:
    return "".join(w[0] for w in (name or "?").replace(".", "").split()[:2]).upper()


def headline(q: dict) -> str:
    return f"{e(q['page_title'])} - {e(q['department'])}"


def br(ls: list[str], sep: str = "<br>") -> str:
    return sep.join(e(x) for x in ls)


DEPTS = ["Orthopedics", "Neurology", "Cardiology", "Dermatology", "Pediatrics", "Urology", "Psychiatry", "Oncology"]


# ---- design: xhtml ------------------------------------------------------------------------------
def img_label(text: str, name: str, tag: str = "h3") -> str:
    if risk("img_labels"):
        return f'<{tag} class="label"><img src="/img/h_{name}.gif" width="160" height="22" alt="{e(text)}" /></{tag}>'
    return f'<p class="h3"><strong>{e(text)}</strong></p>'


def xhtml(entry: dict) -> str:
    q = entry["question"]
    o = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
        "<head>",
        '\t<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
        f"\t<title>{headline(q)} | AskDoctor</title>",
        f'\t<link rel="canonical" href="{e(q["source_url"])}" />',
        '\t<link rel="stylesheet" type="text/css" href="/css/screen.css" media="screen" />',
        '\t<style type="text/css">/*<![CDATA[*/ #nav li { display: inline; } .h3 { font-size: 1.2em; } /*]]>*/</style>',
        '\t<script type="text/javascript">//<![CDATA[',
        "\tfunction popup(u) { if (window.screen.width < 800 && u.length > 0) { window.open(u, 'p'); } return false; }",
        "\t//]]></script>",
        "</head>",
        "<body>",
        '<div id="container">',
        '\t<div id="header"><a href="/en/" accesskey="1"><img src="/img/logo.gif" alt="AskDoctor" width="180" height="40" /></a>',
        '\t<ul id="nav">' + "".join(f'<li><a href="/en/dept/{slug(d)}/">{d}</a></li>' for d in DEPTS) + "</ul></div>",
        '\t<div id="content">',
        '\t<a id="top" />',
        f'\t<h1 id="headline">{headline(q)}</h1>',
        '\t<p class="share">Share to: <a href="#" onclick="return popup(\'fb\')"><img src="/img/fb.gif" alt="Facebook" /></a>'
        ' <a href="#"><img src="/img/plurk.gif" alt="Plurk" /></a></p>',
        '\t<div class="question">',
    ]
    if risk("named_anchor"):
        o.append(f'\t\t<h2><a name="question" id="question">{e(q["title"])}</a></h2>')
    else:
        o.append(f'\t\t<h2 id="question">{e(q["title"])}</h2>')
    o += [
        f"\t\t<p>{br(lines(q['body']), '<br />')}</p>",
        f'\t\t<p class="meta"><em>{e(asker_text(q))}Ask&#160;Date: {slash(q["asked_on"])}</em></p>',
        "\t</div>",
        '\t<div class="clear" />',
        '\t<a id="answers" />',
    ]
    for n, r in enumerate(doctors(entry)):
        o += [
            f'\t<div class="answer" id="a{n + 1}">',
            f'\t\t<p class="doctor"><strong>Dr. <a href="/en/doctor/{slug(r["doctor_name"])}/">{e(r["doctor_name"])}</a></strong>'
            f' reply <a href="/en/dept/{slug(r["department"])}/">{e(r["department"])}</a></p>',
            f'\t\t<blockquote cite="{e(q["source_url"])}#a{n + 1}"><p>{br(lines(r["body"]), "<br />")}</p>',
            f'\t\t<p class="date"><cite>Reply Date: {slash(r["replied_on"])}</cite></p></blockquote>',
            "\t</div>",
        ]
    for r in more_info(entry):
        o.append(img_label("More Info", "moreinfo"))
        o.append(
            '\t<div class="moreinfo"><p>' + "<br /><br />".join(br(p, "<br />") for p in paragraphs(r["body"])) + "</p>"
        )
        o.append('\t<p class="top"><a href="#top">&#8593; Back to top</a></p></div>')
    sims = similar(entry)
    if sims:
        o.append(
            img_label("Similar Q&A", "similar").replace(
                "Q&A", '<acronym title="Questions and Answers">Q&amp;A</acronym>'
            )
            if not risk("img_labels")
            else img_label("Similar Q&A", "similar")
        )
        o.append('\t<dl class="similar">')
        for s in sims:
            o += [
                f'\t\t<dt><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></dt>',
                f"\t\t<dd>{e(s['question_snippet'])}</dd>",
                f'\t\t<dd class="doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</dd>',
                f"\t\t<dd>{e(s['reply_snippet'])}</dd>",
                f'\t\t<dd class="more"><a href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></dd>',
            ]
        o.append("\t</dl>")
    fs = faqs(entry)
    if fs:
        o.append(img_label("Related FAQ", "faq"))
        o.append('\t<table class="faq" summary="Related FAQ topics and their departments">')
        for f in fs:
            o.append(
                f'\t\t<tr><td><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a></td><td class="dept">({e(f["department"])})</td></tr>'
            )
        o.append("\t</table>")
        o.append('\t<p class="top"><a href="#top">&#8593; Back to top</a></p>')
    o += [
        "\t</div>",
        '\t<div id="footer"><p>&#169; 2005 AskDoctor &#183; <a href="/en/about/">About</a> &#183; '
        '<a href="http://validator.w3.org/check?uri=referer"><img src="/img/valid-xhtml10.png" alt="Valid XHTML 1.0 Strict" /></a></p></div>',
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: amp --------------------------------------------------------------------------------
def amp_day(day: str) -> str:
    if risk("amp_date"):
        return (
            f'<amp-date-display datetime="{day}T00:00:00+08:00" layout="fixed-height" height="20">'
            '<template type="amp-mustache">{{year}}/{{monthTwoDigit}}/{{dayTwoDigit}}</template></amp-date-display>'
        )
    return slash(day)


def acc_head(label: str) -> str:
    glyph = '<span class="show-more"> +</span><span class="show-less"> \u2212</span>' if risk("accordion_glyph") else ""
    return f'<h3 class="acc-h">{e(label)}{glyph}</h3>'


def amp(entry: dict) -> str:
    q = entry["question"]
    ld = {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": q["title"],
            "text": q["body"],
            "dateCreated": q["asked_on"],
            "answerCount": len(doctors(entry)),
            "suggestedAnswer": [
                {
                    "@type": "Answer",
                    "text": r["body"],
                    "dateCreated": r["replied_on"],
                    "author": {"@type": "Person", "name": "Dr. " + r["doctor_name"]},
                }
                for r in doctors(entry)
            ],
        },
    }
    o = [
        "<!doctype html>",
        '<html amp lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<script async src="https://cdn.ampproject.org/v0.js"></script>',
        '<script async custom-element="amp-accordion" src="https://cdn.ampproject.org/v0/amp-accordion-0.1.js"></script>',
        '<script async custom-element="amp-carousel" src="https://cdn.ampproject.org/v0/amp-carousel-0.1.js"></script>',
        '<script async custom-element="amp-date-display" src="https://cdn.ampproject.org/v0/amp-date-display-0.1.js"></script>',
        '<script async custom-template="amp-mustache" src="https://cdn.ampproject.org/v0/amp-mustache-0.2.js"></script>',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<meta name="viewport" content="width=device-width">',
        "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>"
        "<noscript><style amp-boilerplate>body{-webkit-animation:none;animation:none}</style></noscript>",
        "<style amp-custom>.show-less{display:none}section[expanded] .show-more{display:none}section[expanded] .show-less{display:inline}</style>",
        '<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>",
        "</head>",
        "<body>",
        '<amp-sidebar id="sidebar" layout="nodisplay" side="left"><nav><ul>'
        + "".join(f'<li><a href="/en/dept/{slug(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></nav></amp-sidebar>",
        '<header class="bar"><button on="tap:sidebar.toggle" aria-label="Menu">&#9776;</button>'
        '<a href="/en/"><amp-img src="/logo.png" width="120" height="30" alt="AskDoctor"></amp-img></a></header>',
        "<main><article>",
        f'<amp-fit-text width="320" height="64" layout="responsive" max-font-size="28"><h1>{headline(q)}</h1></amp-fit-text>',
        '<div class="share">Share to: <amp-social-share type="facebook" width="32" height="32" data-param-app_id="1"></amp-social-share>'
        '<amp-social-share type="line" width="32" height="32"></amp-social-share></div>',
        f'<section class="q"><h2>{e(q["title"])}</h2><div class="q-body">',
        *(f"<p>{e(x)}</p>" for x in lines(q["body"])),
        f'</div><p class="asker">{e(asker_text(q))}Ask Date: {amp_day(q["asked_on"])}</p></section>',
    ]
    for r in doctors(entry):
        o += [
            '<section class="answer"><div class="doc">'
            f'<amp-img class="avatar" src="/img/doc/{slug(r["doctor_name"])}.jpg" layout="fixed" width="40" height="40" alt="Photo of Dr. {e(r["doctor_name"])}">'
            f'<noscript><img src="/img/doc/{slug(r["doctor_name"])}.jpg" width="40" height="40" alt=""></noscript></amp-img>'
            f'<span>Dr. <a href="/en/doctor/{slug(r["doctor_name"])}">{e(r["doctor_name"])}</a> reply '
            f'<a href="/en/dept/{slug(r["department"])}">{e(r["department"])}</a></span></div>',
            f'<div class="a-body"><p>{br(lines(r["body"]))}</p></div>',
            f'<p class="date">Reply Date: {amp_day(r["replied_on"])}</p></section>',
        ]
    o.append('<amp-accordion disable-session-states animate class="more">')
    for r in more_info(entry):
        o.append(f'<section expanded>{acc_head("More Info")}<div class="mi">')
        o += ["<p>" + br(p) + "</p>" for p in paragraphs(r["body"])]
        o.append("</div></section>")
    sims = similar(entry)
    if sims:
        o.append(
            f"<section expanded>{acc_head('Similar Q&A')}<div>"
            '<amp-carousel type="slides" layout="fixed-height" height="320" controls loop>'
        )
        for s in sims:
            o.append(
                f'<div class="slide"><h4><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f'<p class="doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p><p>{e(s["reply_snippet"])}</p>'
                f'<a class="more" href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></div>'
            )
        o.append("</amp-carousel></div></section>")
    fs = faqs(entry)
    if fs:
        o.append(f'<section expanded>{acc_head("Related FAQ")}<ul class="faq">')
        o += [
            f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <span class="d">({e(f["department"])})</span></li>'
            for f in fs
        ]
        o.append("</ul></section>")
    o += [
        "</amp-accordion>",
        "</article></main>",
        '<footer class="foot"><p>&copy; AskDoctor</p><a href="/en/privacy">Privacy</a></footer>',
        "</body></html>",
    ]
    return "\n".join(o)


# ---- design: react ------------------------------------------------------------------------------
def h(name: str, text: str) -> str:
    """A CSS-modules class: Name_part__hash."""
    return f"{name}__{hashlib.md5((name + text).encode()).hexdigest()[:5]}"


def react(entry: dict) -> str:
    q = entry["question"]
    C = "css-1dbjc4n r-1awozwy r-18u37iz"
    ld = {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": q["title"],
            "text": q["body"],
            "dateCreated": q["asked_on"],
            "author": {"@type": "Person", "name": q["asker_name"] or "Anonymous"},
            "answerCount": len(doctors(entry)),
            "acceptedAnswer": (
                {
                    "@type": "Answer",
                    "text": doctors(entry)[0]["body"],
                    "author": {"name": "Dr. " + doctors(entry)[0]["doctor_name"]},
                }
                if doctors(entry)
                else None
            ),
        },
    }
    o = [
        '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}"/><meta name="next-head-count" content="4"/>',
        '<link rel="preload" href="/_next/static/css/8a1c2f.css" as="style"/><link rel="stylesheet" href="/_next/static/css/8a1c2f.css" data-n-g=""/>',
        '<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>",
        '<noscript data-n-css=""></noscript><script defer="" nomodule="" src="/_next/static/chunks/polyfills.js"></script></head>',
        '<body><div id="__next" data-reactroot="">',
        f'<div class="{C}"><header class="{h("Header_root", "h")}"><a class="{h("Header_logo", "l")}" href="/en">AskDoctor</a>'
        f'<nav class="{h("Header_nav", "n")}">'
        + "".join(f'<a href="/en/dept/{slug(d)}">{d}</a>' for d in DEPTS[:5])
        + "</nav></header>",
        f'<div class="{h("Layout_main", "m")}"><div class="{C}"><div class="{C}"><div class="{h("Question_wrap", "w")}">',
        f'<h1 class="{h("Headline_title", "t")}">{e(q["page_title"])}<!-- --> - <!-- -->{e(q["department"])}</h1>',
        f'<div class="{h("Share_row", "s")}"><span class="css-901oao">Share to:</span><a aria-label="Facebook" href="#" class="{h("Share_icon", "f")}">'
        '<svg viewBox="0 0 24 24"><path d="M0 0"></path></svg></a></div>',
        f'<div class="{h("QuestionCard_root", "q")}"><div class="{C}"><h2 class="css-4rbku5 css-901oao">{e(q["title"])}</h2></div>',
        f'<div class="{h("QuestionCard_body", "b")}">'
        + "".join(f'<div class="css-901oao r-1qd0xha">{e(x)}</div>' for x in lines(q["body"]))
        + "</div>",
    ]
    parts = []
    if q["asker_name"]:
        parts.append(f"<span>{e(q['asker_name'])}</span>")
    if q["asker_age_min"] is not None:
        parts.append(
            f"<span>{q['asker_age_min']}<!-- -->~<!-- -->{q['asker_age_max']}<!-- --> year old <!-- -->{q['asker_gender']}</span>"
        )
    who = "<!-- -->, <!-- -->".join(parts) + ("<!-- -->. <!-- -->" if parts else "")
    o.append(
        f'<div class="{h("QuestionCard_meta", "a")}">{who}<span>Ask Date: <!-- --><time dateTime="{q["asked_on"]}T00:00:00.000Z">'
        f"{slash(q['asked_on'])}</time></span></div></div>"
    )
    for r in doctors(entry):
        o += [
            f'<div class="{h("AnswerCard_root", "r")}"><div class="{h("AnswerCard_header", "h")}"><a href="/en/doctor/{slug(r["doctor_name"])}">Dr. <!-- -->'
            f'{e(r["doctor_name"])}</a><!-- --> reply <!-- --><a href="/en/dept/{slug(r["department"])}">{e(r["department"])}</a></div>',
            f'<div class="{h("AnswerCard_body", "b")}"><p>{br(lines(r["body"]), "<br/>")}</p></div>',
            f'<div class="{h("AnswerCard_footer", "f")}">Reply Date: <!-- --><time dateTime="{r["replied_on"]}T00:00:00.000Z">{slash(r["replied_on"])}</time></div></div>',
        ]
    for r in more_info(entry):
        if risk("disclosure_button"):
            o.append(
                f'<div class="{h("MoreInfo_root", "r")}"><button class="{h("MoreInfo_toggle", "t")}" id="headlessui-disclosure-button-:r1:" type="button" '
                'aria-expanded="true" data-headlessui-state="open">More Info<svg viewBox="0 0 20 20"><path d="M5 8l5 5 5-5"></path></svg></button>'
                f'<div id="headlessui-disclosure-panel-:r2:" data-headlessui-state="open" class="{h("MoreInfo_panel", "p")}">'
            )
        else:
            o.append(
                f'<div class="{h("MoreInfo_root", "r")}"><h2 class="{h("MoreInfo_title", "t")}">More Info</h2><div class="{h("MoreInfo_panel", "p")}">'
            )
        o += ["<p>" + br(p, "<br/>") + "</p>" for p in paragraphs(r["body"])]
        o.append("</div></div>")
    sims = similar(entry)
    cards = []
    for s in sims:
        cards.append(
            f'<div class="{h("SimilarCard_root", "c")}"><a href="{e(path_of(s["url"]))}"><h3 class="{h("SimilarCard_title", "t")}">{e(s["title"])}</h3></a>'
            f'<p class="{h("SimilarCard_q", "q")}">{e(s["question_snippet"])}</p><div class="{h("SimilarCard_doc", "d")}">Dr. <!-- -->{e(s["doctor_name"])}<!-- --> reply <!-- -->'
            f'{e(s["department"])}</div><p class="{h("SimilarCard_a", "a")}">{e(s["reply_snippet"])}</p>'
            f'<a class="{h("SimilarCard_more", "m")}" href="{e(path_of(s["url"]))}">[Read More] <!-- -->{e(s["title"])}</a></div>'
        )
    if sims:
        o.append(f'<section class="{h("Similar_root", "r")}"><h2>Similar Q&amp;A</h2>')
        if risk("suspense_stream"):
            o.append(
                '<!--$?--><template id="B:0"></template>'
                f'<div class="{h("Skeleton_root", "s")}" aria-busy="true"><div class="{h("Skeleton_line", "l")}"></div>'
                f'<div class="{h("Skeleton_line", "l")}"></div><span class="{h("Skeleton_label", "x")}">Loading similar questions\u2026</span></div><!--/$-->'
            )
        else:
            o.append(f'<div class="{h("Similar_grid", "g")}">' + "".join(cards) + "</div>")
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(f'<section class="{h("Faq_root", "r")}"><h2>Related FAQ</h2><div class="{h("Chips_row", "c")}">')
        for f in fs:
            inner = f'{e(f["title"])} <span class="{h("Chip_dept", "d")}">({e(f["department"])})</span>'
            if risk("link_button"):
                o.append(
                    f'<a href="{e(path_of(f["url"]))}" class="{h("Chip_link", "l")}"><button type="button" class="{h("Chip_root", "c")} css-18t94o4">{inner}</button></a>'
                )
            else:
                o.append(f'<a href="{e(path_of(f["url"]))}" class="{h("Chip_root", "c")}">{inner}</a>')
        o.append("</div></section>")
    o += [
        f'</div></div></div></div><footer class="{h("Footer_root", "f")}"><p>\u00a9 AskDoctor</p></footer></div></div>',
    ]
    if sims and risk("suspense_stream"):
        o.append(
            f'<div hidden id="S:0"><div class="{h("Similar_grid", "g")}">' + "".join(cards) + "</div></div>"
            "<script>$RC=function(b,c,e){c=document.getElementById(c);c.parentNode.removeChild(c);var a=document.getElementById(b);"
            'if(a){b=a.previousSibling;if(e)b.data="$!";else{e=b.parentNode;a=b.nextSibling;var f=0;do{if(a&&8===a.nodeType){var d=a.data;'
            'if("/$"===d)if(0===f)break;else f--;else"$"!==d&&"$?"!==d&&"$!"!==d||f++}d=a.nextSibling;e.removeChild(a);a=d}while(a);'
            'for(;c.firstChild;)e.insertBefore(c.firstChild,a);b.data="$"}b._reactRetry&&b._reactRetry()}};$RC("B:0","S:0")</script>'
        )
    data = {
        "props": {"pageProps": {"question": q, "replies": entry["replies"], "links": entry["related_links"]}},
        "page": "/qa/[id]",
    }
    o.append(
        '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
    )
    o.append("</body></html>")
    return "".join(o)


# ---- design: email (tables) ---------------------------------------------------------------------
SPACER = '<img src="/img/spacer.gif" width="1" height="8" alt="" border="0">'


def email(entry: dict) -> str:
    q = entry["question"]
    o = [
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">',
        "<html><head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "</head>",
        '<body bgcolor="#eeeeee" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">',
        "<center>",
        '<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff">',
        f'<tr><td colspan="3">{SPACER}</td></tr>',
        '<tr><td width="20"><img src="/img/spacer.gif" width="20" height="1" alt=""></td><td width="600">',
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">',
        f'<tr><td><font face="Arial, Helvetica, sans-serif" size="4" color="#004488"><b>{headline(q)}</b></font></td></tr>',
        '<tr><td><font face="Arial" size="1" color="#666666">Share to:</font> <a href="#"><img src="/img/fb.gif" alt="f" border="0"></a></td></tr>',
        f"<tr><td>{SPACER}</td></tr></table>",
    ]
    asker = f'<font face="Arial" size="1" color="#888888">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</font>'
    body = f'<font face="Arial" size="2">{br(lines(q["body"]))}</font>'
    title = f'<font face="Arial" size="3"><b>{e(q["title"])}</b></font>'
    o.append('<table role="presentation" width="100%" cellpadding="6" cellspacing="0" border="0" bgcolor="#fafafa">')
    if risk("asker_beside_title"):
        o += [
            f'<tr><td valign="top">{title}</td><td align="right" valign="top" nowrap>{asker}</td></tr>',
            f'<tr><td colspan="2">{body}</td></tr>',
        ]
    else:
        o += [f"<tr><td>{title}</td></tr>", f"<tr><td>{body}</td></tr>", f"<tr><td>{asker}</td></tr>"]
    o.append("</table>")
    for r in doctors(entry):
        o += [
            f"{SPACER}",
            '<table role="presentation" width="100%" cellpadding="6" cellspacing="0" border="0" bgcolor="#f2f7fc"><tr>',
            '<td width="48" valign="top"><img src="/img/doc.gif" width="40" height="40" alt=""></td>',
            f'<td valign="top"><font face="Arial" size="2"><b>Dr. {e(r["doctor_name"])}</b> reply {e(r["department"])}</font><br>{SPACER}<br>',
            f'<font face="Arial" size="2">{br(lines(r["body"]))}</font><br>',
            f'<font face="Arial" size="1" color="#999999">Reply Date: {slash(r["replied_on"])}</font></td>',
            "</tr></table>",
        ]
    o.append('<table role="presentation" width="100%" cellpadding="4" cellspacing="0" border="0">')
    for r in more_info(entry):
        o.append('<tr><td class="h3" bgcolor="#dde6f0"><font face="Arial" size="3"><b>More Info</b></font></td></tr>')
        o.append(
            '<tr><td><font face="Arial" size="2">'
            + "<br><br>".join(br(p) for p in paragraphs(r["body"]))
            + "</font></td></tr>"
        )
    sims = similar(entry)
    if sims:
        o.append(
            '<tr><td class="h3" bgcolor="#dde6f0"><font face="Arial" size="3"><b>Similar Q&amp;A</b></font></td></tr>'
        )
        for s in sims:
            o.append(
                '<tr><td><table role="presentation" width="100%" cellpadding="2" cellspacing="0" border="0"><tr>'
                f'<td valign="top" width="200"><a href="{e(path_of(s["url"]))}"><font face="Arial" size="2"><b>{e(s["title"])}</b></font></a></td>'
                f'<td valign="top"><font face="Arial" size="2">{e(s["question_snippet"])}</font><br>'
                f'<font face="Arial" size="1"><i>Dr. {e(s["doctor_name"])} reply {e(s["department"])}</i></font><br>'
                f'<font face="Arial" size="2">{e(s["reply_snippet"])}</font><br>'
                f'<a href="{e(path_of(s["url"]))}"><font size="1">[Read More] {e(s["title"])}</font></a></td></tr></table></td></tr>'
            )
    fs = faqs(entry)
    if fs:
        o.append('<tr><td class="h3" bgcolor="#dde6f0"><font face="Arial" size="3"><b>Related FAQ</b></font></td></tr>')
        o.append('<tr><td><table role="presentation" width="100%" cellpadding="3" cellspacing="0" border="0">')
        if risk("faq_row_major"):
            for k in range(0, len(fs), 3):
                row = fs[k : k + 3]
                o.append(
                    "<tr>"
                    + "".join(
                        f'<td width="33%" valign="bottom"><a href="{e(path_of(f["url"]))}"><font face="Arial" size="2">'
                        f"{e(f['title'])}</font></a></td>"
                        for f in row
                    )
                    + "</tr>"
                )
                o.append(
                    "<tr>"
                    + "".join(
                        f'<td valign="top"><font face="Arial" size="1" color="#888888">({e(f["department"])})</font></td>'
                        for f in row
                    )
                    + "</tr>"
                )
        else:
            for f in fs:
                o.append(
                    f'<tr><td><a href="{e(path_of(f["url"]))}"><font face="Arial" size="2">{e(f["title"])}</font></a></td>'
                    f'<td><font face="Arial" size="1" color="#888888">({e(f["department"])})</font></td></tr>'
                )
        o.append("</table></td></tr>")
    o += [
        "</table>",
        f'</td><td width="20">&nbsp;</td></tr><tr><td colspan="3">{SPACER}</td></tr>',
        '<tr><td colspan="3" bgcolor="#333333" align="center"><font face="Arial" size="1" color="#cccccc">&copy; 2003 AskDoctor. All rights reserved.</font></td></tr>',
        "</table></center></body></html>",
    ]
    return "\r\n".join(o)


# ---- design: word -------------------------------------------------------------------------------
def mso(text: str) -> str:
    """Word's way with a line: split into runs (spans), source line breaks inside runs."""
    words = e(text).split(" ")
    if len(words) < 6:
        return f"<span lang=EN-US style='font-family:\"Arial\",sans-serif'>{' '.join(words)}</span>"
    mid = len(words) // 2
    a, b = " ".join(words[:mid]), " ".join(words[mid:])
    a = a.replace(" ", "\r\n", 1)  # Word wraps its source lines anywhere
    return (
        f"<span lang=EN-US style='font-family:\"Arial\",sans-serif'>{a}<span style='mso-spacerun:yes'>&nbsp;</span></span>"
        f"<span lang=EN-US style='font-family:\"Arial\",sans-serif;mso-bidi-font-family:Arial'>{b}</span>"
    )


def word_para(text: str) -> str:
    if len(text) > 3 and text[0].isdigit() and text[1:3] == ". ":
        num, rest = text[:2], text[3:]
        return (
            "<p class=MsoListParagraphCxSpMiddle style='margin-left:.5in;text-indent:-.25in;mso-list:l0 level1 lfo1'>"
            f"<![if !supportLists]><span lang=EN-US>{num}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span>"
            f"<![endif]>{mso(rest)}<o:p></o:p></p>"
        )
    return f"<p class=MsoNormal>{mso(text)}<o:p></o:p></p>"


def word(entry: dict) -> str:
    q = entry["question"]
    o = [
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
        'xmlns="http://www.w3.org/TR/REC-html40">',
        "<head>",
        '<meta http-equiv=Content-Type content="text/html; charset=utf-8">',
        "<meta name=ProgId content=Word.Document>",
        '<meta name=Generator content="Microsoft Word 15">',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel=canonical href="{e(q["source_url"])}">',
        "<!--[if gte mso 9]><xml>\r\n <o:DocumentProperties>\r\n  <o:Author>editor</o:Author>\r\n  <o:Pages>1</o:Pages>\r\n </o:DocumentProperties>\r\n</xml><![endif]-->",
        '<style>\r\n<!--\r\n p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0in; font-size:11.0pt; font-family:"Calibri",sans-serif;}\r\n'
        " @page WordSection1 {size:8.5in 11.0in;}\r\n div.WordSection1 {page:WordSection1;}\r\n-->\r\n</style>",
        "</head>",
        "<body lang=EN-US style='tab-interval:.5in;word-wrap:break-word'>",
        "<div class=WordSection1>",
        f"<p class=MsoTitle><span lang=EN-US>{headline(q)}<o:p></o:p></span></p>",
        "<p class=MsoNormal><span lang=EN-US style='font-size:9.0pt;color:gray'>Share to:<o:p></o:p></span></p>",
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>",
    ]
    if risk("word_bookmark"):
        o.append(
            f"<p class=MsoNormal><b><a name=\"_Toc{4800000 + N}\"><span lang=EN-US style='font-size:14.0pt'>{e(q['title'])}</span></a><o:p></o:p></b></p>"
        )
    else:
        o.append(
            f"<p class=MsoNormal><b><span lang=EN-US style='font-size:14.0pt'>{e(q['title'])}</span><o:p></o:p></b></p>"
        )
    o += [word_para(x) for x in lines(q["body"])]
    o.append(
        f"<p class=MsoNormal><i><span lang=EN-US style='color:#595959'>{e(asker_text(q))}Ask Date: {slash(q['asked_on'])}<o:p></o:p></span></i></p>"
    )
    o.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
    for r in doctors(entry):
        o.append(
            f"<p class=MsoNormal><b><span lang=EN-US>Dr. {e(r['doctor_name'])}</span></b><span lang=EN-US> reply "
            f"<span style='mso-tab-count:1'>\t</span>{e(r['department'])}<o:p></o:p></span></p>".replace(
                "reply <span style='mso-tab-count:1'>\t</span>", "reply<span style='mso-tab-count:1'>\t</span>"
            )
        )
        o += [word_para(x) for x in lines(r["body"])]
        o.append(
            f"<p class=MsoNormal><span lang=EN-US style='font-size:9.0pt;color:gray'>Reply Date: {slash(r['replied_on'])}<o:p></o:p></span></p>"
        )
        o.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
    for r in more_info(entry):
        o.append(
            "<p class=MsoNormal><b><span lang=EN-US style='font-size:12.0pt;color:#2F5496'>More Info<o:p></o:p></span></b></p>"
        )
        for p in paragraphs(r["body"]):
            o += [word_para(x) for x in p]
            o.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
    sims = similar(entry)
    if sims:
        o.append(
            "<p class=MsoNormal><b><span lang=EN-US style='font-size:12.0pt;color:#2F5496'>Similar Q&amp;A<o:p></o:p></span></b></p>"
        )
        for s in sims:
            o += [
                f"<p class=MsoNormal><a href=\"{e(s['url'])}\"><span style='color:#0563C1'>{e(s['title'])}</span></a><o:p></o:p></p>",
                word_para(s["question_snippet"]),
                f"<p class=MsoNormal><i><span lang=EN-US>Dr. {e(s['doctor_name'])} reply {e(s['department'])}<o:p></o:p></span></i></p>",
                word_para(s["reply_snippet"]),
                f'<p class=MsoNormal><a href="{e(s["url"])}"><span class=MsoHyperlink>[Read More] {e(s["title"])}</span></a><o:p></o:p></p>',
            ]
    fs = faqs(entry)
    if fs:
        o.append(
            "<p class=MsoNormal><b><span lang=EN-US style='font-size:12.0pt;color:#2F5496'>Related FAQ<o:p></o:p></span></b></p>"
        )
        for f in fs:
            o.append(
                f'<p class=MsoNormal><a href="{e(f["url"])}"><span class=MsoHyperlink>{e(f["title"])}</span></a>'
                f"<span lang=EN-US style='mso-spacerun:yes'>&nbsp; </span><span style='color:gray'>({e(f['department'])})</span><o:p></o:p></p>"
            )
    o += ["</div>", "</body>", "</html>"]
    return "\r\n".join(o)


# ---- design: widgets ----------------------------------------------------------------------------
def widgets(entry: dict) -> str:
    q = entry["question"]
    ds = doctors(entry)
    o = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "<style>.print-only{display:none}@media print{.print-only{display:block}.no-print{display:none}}</style>",
        '</head><body><div class="site">',
        '<header class="masthead no-print"><a href="/en/" class="logo">AskDoctor</a> <a href="/en/ask" class="btn">Ask a doctor</a></header>',
        '<main class="thread">',
        f"<h1>{headline(q)}</h1>",
    ]
    if risk("stats_line"):
        views = 300 + seed(q["source_url"]) % 9000
        o.append(
            f'<div class="thread-stats"><span>\U0001f441 {views:,} views</span> \u00b7 <span>{len(ds)} answer{"s" if len(ds) != 1 else ""}</span>'
            f" \u00b7 <span>Followed by {seed(q['title']) % 40}</span></div>"
        )
    o.append(
        '<div class="share-bar no-print">Share to: <a href="#">Facebook</a> <a href="#">LINE</a> <a href="#">Copy link</a></div>'
    )
    o += [
        f'<div class="post post--question"><h2 class="post-title">{e(q["title"])}</h2><div class="post-body">',
        *(f"<p>{e(x)}</p>" for x in lines(q["body"])),
        "</div>",
    ]
    av = (
        f'<span class="avatar avatar--sm">{initials(q["asker_name"])}</span> '
        if risk("avatar_initials") and q["asker_name"]
        else ""
    )
    o.append(f'<div class="post-meta">{av}{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</div></div>')
    o.append(
        f'<div class="answers"><div class="answers-head"><span>{len(ds)} Answers</span> <span class="pager">Page 1 of 1</span></div>'
    )
    for n, r in enumerate(ds):
        av = f'<span class="avatar">{initials(r["doctor_name"])}</span>' if risk("avatar_initials") else ""
        o.append(
            f'<div class="post post--answer"><div class="post-author">{av}<a href="/en/doctor/{slug(r["doctor_name"])}">Dr. {e(r["doctor_name"])}</a>'
            f' reply <a href="/en/dept/{slug(r["department"])}">{e(r["department"])}</a></div>'
        )
        if risk("rating_in_header"):
            votes = 3 + seed(r["doctor_name"], n) % 40
            o.append(
                f'<div class="rating"><span class="stars" aria-hidden="true">\u2605\u2605\u2605\u2605\u2606</span> 4.{seed(r["doctor_name"]) % 10} \u2605 ({votes} votes)</div>'
            )
        o.append('<div class="post-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>")
        if risk("helpful_before_date"):
            o.append(
                f'<div class="helpful no-print">Was this helpful? <a href="#" rel="nofollow">Yes</a> ({seed(n, q["title"]) % 9}) / <a href="#" rel="nofollow">No</a></div>'
            )
        o.append(
            f'<div class="post-foot"><span>Reply Date: {slash(r["replied_on"])}</span> \u00b7 <a href="/en/report?a={n}" rel="nofollow">Report</a></div></div>'
        )
    o.append(
        '<nav class="pagination" aria-label="Answer pages"><span>Page 1 of 1</span> <a href="#">\u00ab</a> <strong>1</strong> <a href="#">\u00bb</a></nav></div>'
    )
    for r in more_info(entry):
        o.append(
            '<section class="more-info"><h3>More Info</h3>'
            + "".join("<p>" + br(p) + "</p>" for p in paragraphs(r["body"]))
            + "</section>"
        )
    sims = similar(entry)
    if sims:
        o.append('<section class="similar"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            o.append(
                f'<div class="sim"><h4><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f'<div class="sim-doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</div><p>{e(s["reply_snippet"])}</p>'
                f'<a class="rm" href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section class="faq"><h3>Related FAQ</h3><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <span>({e(f["department"])})</span></li>'
                for f in fs
            )
            + "</ul></section>"
        )
    if risk("print_only") and ds:
        o.append(f'<div class="print-only"><p>Printed from askdoctor.example \u2014 {headline(q)}</p>')
        for r in ds:
            o.append(
                f"<div><p>Dr. {e(r['doctor_name'])} reply {e(r['department'])}</p><p>{br(lines(r['body']))}</p>"
                f"<p>Reply Date: {slash(r['replied_on'])}</p></div>"
            )
        o.append("</div>")
    o += [
        "</main>",
        '<footer class="sitefoot no-print"><a href="/en/about">About</a> <a href="/en/terms">Terms</a></footer>',
        "</div></body></html>",
    ]
    return "\n".join(o)


# ---- design: grid -------------------------------------------------------------------------------
def fake_day(url: str) -> str:
    d = dt.date(2014, 1, 1) + dt.timedelta(days=seed(url) % 2500)
    return f"{d:%Y/%m/%d}"


def grid(entry: dict) -> str:
    q = entry["question"]
    o = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "<style>.qa-grid{display:grid;grid-template-columns:2fr 1fr;grid-template-areas:'head head' 'q rail' 'ans rail' 'more rail'}"
        ".rail{grid-area:rail}"
        + (".answers{display:flex;flex-direction:column-reverse}" if risk("reverse_replies") else "")
        + "</style>",
        '</head><body><div class="app"><header class="topbar"><a href="/en/">AskDoctor</a></header>',
        '<main class="qa-grid">',
        f'<div class="head" style="grid-area:head"><h1>{headline(q)}</h1><div class="share">Share to: <a href="#">f</a> <a href="#">x</a></div></div>',
    ]
    rail = ['<aside class="rail">']
    sims = similar(entry)
    if sims:
        rail.append('<section class="similar"><h2>Similar Q&amp;A</h2>')
        for s in sims:
            when = f'<div class="sim-meta">Ask Date: {fake_day(s["url"])}</div>' if risk("sim_ask_dates") else ""
            rail.append(
                f'<div class="sim-card"><h3><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h3>{when}<p>{e(s["question_snippet"])}</p>'
                f'<p class="doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p><p>{e(s["reply_snippet"])}</p>'
                f'<a href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></div>'
            )
        rail.append("</section>")
    fs = faqs(entry)
    if fs:
        rail.append(
            '<section class="faq"><h2>Related FAQ</h2><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <small>({e(f["department"])})</small></li>'
                for f in fs
            )
            + "</ul></section>"
        )
    rail.append("</aside>")
    if risk("rail_first"):
        o += rail
    o += [
        f'<article class="question" style="grid-area:q"><h2>{e(q["title"])}</h2><div class="body">',
        *(f"<p>{e(x)}</p>" for x in lines(q["body"])),
        f'</div><p class="asker">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p></article>',
    ]
    ds = doctors(entry)
    if risk("reverse_replies"):
        ds = list(reversed(ds))
    o.append('<section class="answers" style="grid-area:ans">')
    for r in ds:
        more = (
            f'<a class="profile" href="/en/doctor/{slug(r["doctor_name"])}">More info</a>'
            if risk("profile_more_info")
            else ""
        )
        o.append(
            f'<div class="answer"><div class="doc-card"><img src="/img/d.png" alt=""><div><a href="/en/doctor/{slug(r["doctor_name"])}">Dr. {e(r["doctor_name"])}</a>'
            f' reply {e(r["department"])}</div>{more}</div><div class="text">'
            + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"]))
            + f'</div><div class="when">Reply Date: {slash(r["replied_on"])}</div></div>'
        )
    o.append("</section>")
    for r in more_info(entry):
        o.append(
            '<section class="more" style="grid-area:more"><h2>More Info</h2>'
            + "".join("<p>" + br(p) + "</p>" for p in paragraphs(r["body"]))
            + "</section>"
        )
    if not risk("rail_first"):
        o += rail
    o += ["</main>", '<footer class="bottom"><a href="/en/about">About</a></footer>', "</div></body></html>"]
    return "\n".join(o)


# ---- design: i18n -------------------------------------------------------------------------------
FSI, PDI, LRE, PDF, ZWSP = "\u2068", "\u2069", "\u202a", "\u202c", "\u200b"


def p_(value: object) -> str:
    """A placeable as Fluent inserts it (isolated)."""
    text = e(str(value))
    return f"{FSI}{text}{PDI}" if risk("fsi_pdi") else text


def day_(day: str) -> str:
    text = slash(day)
    if risk("bidi_dates"):
        text = f"{LRE}{text}{PDF}"
    return p_(text) if not risk("fsi_pdi") else f"{FSI}{text}{PDI}"


def zw(text: str) -> str:
    if not risk("zwsp"):
        return e(text)
    out = []
    for w in text.split(" "):
        if len(w) >= 13 and w.isalpha():
            w = w[:7] + ZWSP + w[7:]
        out.append(w)
    return e(" ".join(out))


def i18n(entry: dict) -> str:
    q = entry["question"]
    head = f"{p_(q['page_title'])} - {p_(q['department'])}"
    ds = doctors(entry)
    o = [
        '<!DOCTYPE html><html lang="en-US" dir="ltr"><head><meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}"><link rel="alternate" hreflang="zh-TW" href="{e(q["source_url"]).replace("/en/", "/tw/")}">',
        '</head><body><div id="page">',
        '<header class="site"><a href="/en/">AskDoctor</a> <form><select name="lang"><option>English</option><option>中文</option></select></form></header>',
        '<main><article class="qa" lang="en">',
        f'<h1 dir="auto">{head}</h1>',
        '<div class="share">Share\u00a0to: <a href="#">Facebook</a>\t<a href="#">LINE</a></div>',
        f'<h2 dir="auto">{e(q["title"])}</h2><div class="q-body" dir="auto">',
        *(f"<p>{e(x)}</p>" for x in lines(q["body"])),
        "</div>",
    ]
    parts = []
    if q["asker_name"]:
        parts.append(f"<bdi>{p_(q['asker_name'])}</bdi>")
    if q["asker_age_min"] is not None:
        parts.append(f"{p_(q['asker_age_min'])}~{p_(q['asker_age_max'])} year old {p_(q['asker_gender'])}")
    o.append(
        '<p class="asker">' + (", ".join(parts) + ". " if parts else "") + f"Ask\u00a0Date: {day_(q['asked_on'])}</p>"
    )
    o.append(f'<h2 class="cnt">Doctors\u2019 replies ({p_(len(ds))})</h2>' if ds else "")
    for r in ds:
        o += [
            f'<div class="reply"><p class="who">Dr.\u00a0<bdi>{p_(r["doctor_name"])}</bdi> reply\t{p_(r["department"])}</p>',
            '<div class="text">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>",
            f'<p class="when">Reply\u00a0Date:\t{day_(r["replied_on"])}</p></div>',
        ]
    for r in more_info(entry):
        o.append(
            '<section class="mi"><h3>More Info</h3>'
            + "".join("<p>" + "<br>".join(zw(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
            + "</section>"
        )
    sims = similar(entry)
    if sims:
        o.append(f'<section class="sim"><h3>Similar Q&amp;A ({p_(len(sims))})</h3>')
        for s in sims:
            o.append(
                f'<div class="card"><h4><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f'<p class="who">Dr.\u00a0<bdi>{p_(s["doctor_name"])}</bdi> reply {p_(s["department"])}</p><p>{e(s["reply_snippet"])}</p>'
                f'<p><a href="{e(path_of(s["url"]))}">[Read\u00a0More] {p_(s["title"])}</a></p></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(
            f'<section class="faq"><h3>Related FAQ ({p_(len(fs))})</h3><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a>\u00a0<span>({p_(f["department"])})</span></li>'
                for f in fs
            )
            + "</ul></section>"
        )
    o += ["</article></main>", "<footer><p>\u00a9 AskDoctor</p></footer>", "</div></body></html>"]
    return "\n".join(o)


# ---- design: html5 (2011, html5shiv) ------------------------------------------------------------
def html5(entry: dict) -> str:
    q = entry["question"]
    hf = risk("post_header_footer")
    H, F = ("header", "footer") if hf else ("div", "div")
    o = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<!--[if lt IE 9]><script src="/js/html5shiv.js"></script><![endif]-->',
        '</head><body class="single single-question"><div id="wrapper">',
        '<header id="masthead"><hgroup><h1 class="site-title"><a href="/en/">AskDoctor</a></h1><h2 class="site-description">Free answers from real doctors</h2></hgroup>'
        '<nav id="access"><ul>'
        + "".join(f'<li><a href="/en/dept/{slug(d)}">{d}</a></li>' for d in DEPTS[:4])
        + "</ul></nav></header>",
        '<div id="primary"><div id="content" role="main">',
        '<div class="entry type-question">',
        f'<{H} class="entry-header"><h1 class="entry-title">{headline(q)}</h1><div class="share">Share to: <a href="#">Facebook</a></div></{H}>',
        f'<div class="entry-content"><h2>{e(q["title"])}</h2>'
        + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"]))
        + "</div>",
    ]
    MF = "footer" if risk("meta_footer") else "div"
    o.append(f'<{MF} class="entry-meta">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</{MF}></div>')
    o.append('<div id="replies" class="replies">')
    for r in doctors(entry):
        o.append(
            f'<div class="reply"><{H} class="reply-author vcard"><img class="avatar" src="/img/a.png" alt="" width="40">'
            f'Dr. <a class="fn" href="/en/doctor/{slug(r["doctor_name"])}">{e(r["doctor_name"])}</a> reply {e(r["department"])}</{H}>'
            '<div class="reply-content">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>"
            f'<{F} class="reply-meta">Reply Date: {slash(r["replied_on"])}</{F}></div>'
        )
    o.append("</div>")
    for r in more_info(entry):
        o.append(
            f'<aside class="widget widget-more"><{H} class="widget-header"><h3 class="widget-title">More Info</h3></{H}><div class="widget-content">'
            + "".join("<p>" + br(p) + "</p>" for p in paragraphs(r["body"]))
            + "</div></aside>"
        )
    sims = similar(entry)
    if sims:
        o.append(
            f'<aside class="widget widget-similar"><{H} class="widget-header"><h3 class="widget-title">Similar Q&amp;A</h3></{H}><ul class="similar">'
        )
        for s in sims:
            o.append(
                f'<li><h4><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f'<p class="doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p><p>{e(s["reply_snippet"])}</p>'
                f'<p><a href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></p></li>'
            )
        o.append("</ul></aside>")
    fs = faqs(entry)
    if fs:
        o.append(
            f'<aside class="widget widget-faq"><{H} class="widget-header"><h3 class="widget-title">Related FAQ</h3></{H}><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs
            )
            + "</ul></aside>"
        )
    o += ["</div></div>", '<footer id="colophon"><p>Proudly powered by AskDoctor</p></footer>', "</div></body></html>"]
    return "\n".join(o)


# ---- design: premium (current design, ad-free members) ------------------------------------------
def current(entry: dict, wrap_class: str | None = "page", extra_head: str = "") -> str:
    """Markup like the site's current template (tests/corpus/site/en/qa/1.html)."""
    q = entry["question"]
    o = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{headline(q)} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">' if q.get("source_url") else "",
        extra_head,
        '<link rel="stylesheet" href="/static/site.css"></head>\n<body class="qa-page">'
        + (f'<div class="{wrap_class}">' if wrap_class else ""),
        '<header class="site-header"><a class="logo" href="/en/">AskDoctor</a><nav><ul class="menu">'
        + "".join(f'<li class="menu-item"><a href="/en/dept/{slug(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></nav></header>",
        '<main id="content"><article class="qa-article">',
        f'<h1 class="qa-headline">{headline(q)}</h1>',
        '<div class="share">Share to: <a class="share-fb" href="#">Facebook</a> <a class="share-line" href="#">LINE</a></div>',
        f'<section class="question"><h2 class="question-title">{e(q["title"])}</h2>',
        '<div class="question-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        f'<div class="asker-meta">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</div></section>',
    ]
    for r in doctors(entry):
        o += [
            f'<section class="answer"><div class="doctor-line"><a href="/en/doctor/{slug(r["doctor_name"])}">Dr. {e(r["doctor_name"])}</a> reply '
            f'<a class="dept" href="/en/dept/{slug(r["department"])}">{e(r["department"])}</a></div>',
            f'<div class="answer-body"><p>{br(lines(r["body"]))}</p></div>',
            f'<div class="reply-date">Reply Date: {slash(r["replied_on"])}</div></section>',
        ]
    for r in more_info(entry):
        o.append(
            '<section class="more-info"><h3>More Info</h3><div class="more-info-body">'
            + "\n".join("<p>" + br(p) + "</p>" for p in paragraphs(r["body"]))
            + "</div></section>"
        )
    sims = similar(entry)
    if sims:
        o.append('<aside class="similar-qa"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            o.append(
                f'<div class="similar-item"><h4><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h4><p class="q-snippet">{e(s["question_snippet"])}</p>'
                f'<div class="similar-reply"><div class="doctor-line">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</div>'
                f'<p class="r-snippet">{e(s["reply_snippet"])}</p></div><a class="read-more" href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></div>'
            )
        o.append("</aside>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<aside class="related-faq"><h3>Related FAQ</h3><ul>\n'
            + "\n".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <span class="dept">({e(f["department"])})</span></li>'
                for f in fs
            )
            + "\n</ul></aside>"
        )
    o += [
        "</article></main>",
        '<footer class="site-footer"><p>&copy; AskDoctor</p></footer>' + ("</div>" if wrap_class else ""),
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


def premium(entry: dict) -> str:
    return current(entry, "page no-ads" if risk("no_ads_class") else "page")


# ---- design: minified (the current design through an HTML minifier) ------------------------------
def minified(entry: dict) -> str:
    """The current template (body starting with its <header>, as the live site's) run through a minifier
    with optional-tag removal (html-minifier removeOptionalTags / tdewolff minify's default): no <head>,
    </head>, <body>, </body>, </html>, </p>, </li>; unquoted attributes; no whitespace between tags."""
    import re

    page = current(entry, None)
    page = re.sub(r">\s+<", "><", page)
    page = re.sub(r'="([^"\s>=`<\'&]+)"', r"=\1", page)
    page = page.replace("</p>", "").replace("</li>", "")
    if risk("omit_optional_tags"):
        page = re.sub(r"</?head>|<body[^>]*>|</body>|</html>", "", page)
    return page


DESIGNS = {
    "xhtml": xhtml,
    "amp": amp,
    "react": react,
    "email": email,
    "word": word,
    "widgets": widgets,
    "grid": grid,
    "i18n": i18n,
    "html5": html5,
    "premium": premium,
    "minified": minified,
}


# ---- broken pages -------------------------------------------------------------------------------
BROKEN_NOTES: dict[str, str] = {}


def cut_at(html: str, marker: str, extra: int = 0, nth: int = 0) -> str:
    at = -1
    for _ in range(nth + 1):
        at = html.index(marker, at + 1)
    return html[: at + extra]


def listing_item(x: dict, with_reply: bool = True) -> str:
    q = x["question"]
    d = doctors(x)
    out = (
        f'<li class="result"><h3><a href="{e(path_of(q["source_url"]))}">{e(q["title"])}</a></h3>'
        f'<p>{e(lines(q["body"])[0][:180])} ...</p><p class="meta">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p>'
    )
    if with_reply and d:
        out += f'<p class="doc">Dr. {e(d[0]["doctor_name"])} reply {e(d[0]["department"])}</p><p>{e(lines(d[0]["body"])[0][:150])}...</p>'
    return out + "</li>"


def chrome_page(title: str, body: str, canonical: str | None = None, head: str = "") -> str:
    can = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{can}{head}</head>\n'
        '<body><header class="site-header"><a class="logo" href="/en/">AskDoctor</a><nav><ul class="menu">'
        + "".join(f'<li><a href="/en/dept/{slug(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></nav></header>\n"
        f'<main id="content">{body}</main>\n<footer class="site-footer"><p>&copy; AskDoctor</p></footer></body></html>'
    )


PRINT_SCRIPT = (
    '<script>function printAnswer(id){var w=window.open("","print");w.document.write("<html><head><title>Print</title></head><body>"'
    '+document.getElementById(id).innerHTML+"</body></html>");w.document.close();w.print();}</script>'
)


def broken(pages: list[dict]) -> dict[str, bytes]:
    global ON, N
    saved = ON
    ON = set()
    N = 1
    by_id = {p["question"]["question_id_hint"]: p for p in pages}
    one = by_id["1"]  # 1 doctor reply, More Info, 4 similar, 10 FAQ
    two = by_id["100036"]  # 2 doctor replies
    solo = by_id["100014"]  # 1 reply, no More Info
    full = current(one)
    out: dict[str, bytes] = {}

    def add(name: str, html: str | bytes, note: str) -> None:
        out[name] = html if isinstance(html, bytes) else html.encode("utf-8")
        BROKEN_NOTES[name] = note

    add(
        "cut_in_reply.html",
        cut_at(full, "further follow-up examinations"),
        "cut inside the first reply's body (mid-sentence, <p> open) -> expect 'truncated page'",
    )
    add(
        "cut_in_faq.html",
        cut_at(full, '<li><a href="/en/faq/sensory-numbness'),
        "cut inside Related FAQ after 3 of 10 entries -> expect 'truncated page'",
    )
    add(
        "cut_in_tag.html",
        cut_at(full, '<a href="/en/faq/back-numbness', 22),
        "cut inside an <a href=...> tag in Related FAQ -> expect 'truncated page'",
    )
    add("cut_in_moreinfo.html", cut_at(full, "Start Gradually"), "cut inside More Info -> expect 'truncated page'")
    add(
        "cut_in_similar.html",
        cut_at(full, "Dr. Jiang Junyi reply Neurology", 17),
        "cut inside a Similar Q&A entry's doctor line ('Dr. Jiang Junyi r') -> expect 'truncated page'",
    )
    add(
        "cut_after_asker.html",
        cut_at(full, '<section class="answer">'),
        "cut right after the question section, before any reply -> expect 'truncated page'",
    )
    add(
        "cut_in_head.html",
        cut_at(full, "<main"),
        "cut at <main (only head and site header) -> expect 'truncated page' or 'not a Q&A page'",
    )
    add(
        "cut_in_comment.html",
        cut_at(
            full.replace('<aside class="related-faq">', '<!-- begin related faq widget --><aside class="related-faq">'),
            "<!-- begin related faq",
            14,
        ),
        "cut inside an HTML comment before Related FAQ -> expect 'truncated page'",
    )
    add(
        "cut_in_entity.html",
        cut_at(full.replace("Thank you!</p>", "Thank you &amp; take care!</p>", 1), "&amp; take", 3),
        "cut in the middle of an entity in a reply ('&am') -> expect 'truncated page'",
    )
    pf = current(one, extra_head=PRINT_SCRIPT)
    add(
        "cut_faq_printscript.html",
        cut_at(pf, '<li><a href="/en/faq/sensory-numbness'),
        "cut inside Related FAQ, page has an inline print script containing the string '</body></html>' -> expect 'truncated page'",
    )
    ps = current(solo, extra_head=PRINT_SCRIPT)
    add(
        "cut_reply_printscript.html",
        cut_at(ps, "If it persists for more than a month"),
        "cut inside the only reply's body (no Reply Date yet), page has an inline print script with '</body></html>' -> expect 'truncated page'",
    )
    q = solo["question"]
    legacy = [
        "<HTML><HEAD><TITLE>" + headline(q) + " | AskDoctor</TITLE>",
        f'<LINK REL="canonical" HREF="{q["source_url"]}"></HEAD><BODY BGCOLOR="#FFFFFF">',
        f"<H1>{headline(q)}</H1><P>Share to: <A HREF=#>Facebook</A>",
        f"<P><B>{e(q['title'])}</B><P>{br(lines(q['body']), '<BR>')}<P>{e(asker_text(q))}Ask Date: {slash(q['asked_on'])}",
    ]
    for r in doctors(solo):
        legacy.append(
            f"<P>Dr. {e(r['doctor_name'])} reply {e(r['department'])}<P>{br(lines(r['body']), '<BR>')}<P>Reply Date: {slash(r['replied_on'])}"
        )
    legacy.append("<P><B>Related FAQ</B>")
    for f in faqs(solo):
        legacy.append(f'<P><A HREF="{path_of(f["url"])}">{e(f["title"])}</A> ({e(f["department"])})')
    legacy_full = "\n".join(legacy) + "\n</BODY></HTML>"
    add(
        "cut_legacy_implied_ends.html",
        cut_at(legacy_full, "<P><A HREF", 0, 2),
        "HTML 3.2-style page (only <P> with implied end tags), cut after 2 of 5 Related FAQ entries -> expect 'truncated page'",
    )
    add(
        "gzip_body.html",
        gzip.compress(full.encode()),
        "gzip-compressed body saved without decoding (Content-Encoding mishandled) -> expect 'binary content'",
    )
    add("empty_200.html", b"\r\n   \r\n", "whitespace only -> expect 'empty page'")
    add(
        "login_wall.html",
        chrome_page(
            "Sign in | AskDoctor",
            '<div class="login"><h1>Sign in to AskDoctor</h1><p>Please sign in to continue.</p>'
            '<form method="post"><label>Email <input name="email"></label><label>Password <input type="password" name="pw"></label>'
            '<button>Sign in</button></form><p><a href="/en/forgot">Forgot password?</a></p></div>',
        ),
        "login page served at the question URL with 200 -> expect 'not a Q&A page'",
    )
    wall = current(two)
    a = wall.index('<section class="answer">')
    b = wall.index('<section class="more-info">')  # noqa: F841 if '<section class="more-info">' in wall else wall.index("</article>")
    wall = (
        wall[:a]
        + '<div class="login-wall"><p>2 doctors replied to this question.</p><p><strong>Log in to read the doctors\u2019 replies.</strong></p>'
        '<p><a class="btn" href="/en/login?next=/en/qa/100036.html">Log in</a> or <a href="/en/signup">create a free account</a></p></div>'
        + wall[wall.index("</article>") :]
    )
    add(
        "login_wall_partial.html",
        wall,
        "question shown, replies and sections replaced by a 'Log in to read the doctors' replies' wall -> expect reject (incomplete page)",
    )
    latest = pages[5:9]
    add(
        "question_removed.html",
        chrome_page(
            "Question removed | AskDoctor",
            '<div class="notice"><h1>This question has been removed</h1><p>The question you are looking for was removed at the request of the asker '
            'or by our moderators.</p></div><aside class="latest"><h2>Latest questions</h2><ul>'
            + "".join(listing_item(x) for x in latest)
            + "</ul></aside>",
            "https://askdoctor.example/en/qa/100500.html",
        ),
        "'question removed' notice + a 'Latest questions' box with asker lines and doctor lines -> expect 'not a Q&A page'/'question removed'",
    )
    results = pages[10:16]
    add(
        "search_results.html",
        chrome_page(
            "Search: back pain | AskDoctor",
            '<h1>Search results for \u201cback pain\u201d</h1><p>About 1,240 results</p><ol class="results">'
            + "".join(listing_item(x) for x in results)
            + '</ol><nav class="pager"><a href="?q=back+pain&amp;p=2">Next \u00bb</a></nav>',
            "https://askdoctor.example/en/search?q=back+pain",
        ),
        "search results page: 6 questions each with title, snippet, asker line with Ask Date, doctor line -> expect 'not a Q&A page'",
    )
    add(
        "dept_listing.html",
        chrome_page(
            "Orthopedics - Latest questions | AskDoctor",
            '<h1>Orthopedics - Latest questions</h1><div class="share">Share to: <a href="#">Facebook</a></div><ul class="qlist">'
            + "".join(listing_item(x, with_reply=False) for x in pages[20:26])
            + "</ul>",
            "https://askdoctor.example/en/dept/orthopedics",
        ),
        "department listing in the new markup: headline with ' - ', Share to:, 6 questions with asker lines, no doctor lines -> expect 'not a Q&A page'",
    )
    q1 = one["question"]
    zh = (
        '<!DOCTYPE html><html lang="zh-TW"><head><meta charset="utf-8"><title>重訓後脊椎麻木 - 骨科 | 問醫師</title>'
        '<link rel="canonical" href="https://askdoctor.example/tw/qa/1.html"></head><body><main><article>'
        '<h1>重訓後脊椎麻木：何時該就醫 - 骨科</h1><div class="share">分享到： <a href="#">Facebook</a></div>'
        '<section class="question"><h2>重訓隔天脊椎麻木？</h2><p>醫師您好，我在高中入學體檢時發現有輕微脊椎側彎（15-20度）。</p>'
        '<div>潔，20~29歲 女性。提問日期：2015/11/06</div></section><section class="answer"><div>王守基 醫師回覆 骨科</div>'
        "<p>您好：如果只是背部脊椎麻木，應該不是大問題。</p><div>回覆日期：2015/11/06</div></section>"
        '<aside><h3>相似問答</h3><ul><li><a href="/tw/qa/100002.html">重訓後頸背痛</a></li></ul></aside>'
        '<aside><h3>相關FAQ</h3><ul><li><a href="/tw/faq/limb-numbness">肢體麻木</a> (骨科)</li></ul></aside></article></main></body></html>'
    )
    add("lang_zh.html", zh, "the same question in the Chinese template (other language) -> expect 'not a Q&A page'")
    mixed = zh.replace("提問日期：", "Ask Date: ").replace("回覆日期：", "Reply Date: ")
    add(
        "lang_zh_mixed_labels.html",
        mixed,
        "Chinese template whose date labels were left in English ('Ask Date:', 'Reply Date:'), other labels Chinese -> expect reject (other language)",
    )
    add(
        "error_500_200.html",
        chrome_page(
            "500 Internal Server Error | AskDoctor",
            '<div class="error"><h1>500 - Internal Server Error</h1><p>Something went wrong on our side. Please try again later.</p>'
            "<p>Request ID: 7f3a9c1e</p></div>",
            "https://askdoctor.example/en/qa/100501.html",
        ),
        "error page served with 200 -> expect 'not a Q&A page'",
    )
    add(
        "error_503_popular.html",
        chrome_page(
            "We\u2019ll be right back | AskDoctor",
            '<div class="error"><h1>We\u2019ll be right back</h1><p>AskDoctor is down for maintenance. Meanwhile, read our popular questions:</p></div>'
            '<section class="popular"><h2>Popular questions</h2><ul>'
            + "".join(listing_item(x) for x in pages[30:33])
            + "</ul></section>",
        ),
        "maintenance page (200) with a 'Popular questions' list (asker lines, doctor lines) -> expect 'not a Q&A page'",
    )
    add(
        "soft_404.html",
        chrome_page(
            "Page not found | AskDoctor",
            "<h1>Sorry, we couldn\u2019t find that page</h1><p>You may be interested in:</p><ul>"
            + "".join(listing_item(x, False) for x in pages[40:43])
            + "</ul>",
        ),
        "soft 404 with 'You may be interested in' list with asker lines -> expect 'not a Q&A page'",
    )
    twice = current(two)
    art = twice[twice.index('<article class="qa-article">') : twice.index("</article>") + len("</article>")]
    twice = twice.replace(art, art + "\n" + art)
    add(
        "same_question_twice.html",
        twice,
        "the whole article rendered twice (CMS include bug) -> expect a reject (duplicate content), or at least no duplicated rows",
    )
    add(
        "challenge.html",
        '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="35"></head>'
        '<body><div class="main-wrapper"><h1>askdoctor.example</h1><h2>Checking if the site connection is secure</h2>'
        "<p>askdoctor.example needs to review the security of your connection before proceeding.</p><noscript>Enable JavaScript and cookies to continue</noscript>"
        '<div class="footer">Ray ID: <code>7f3a9c1e2b</code> Performance &amp; security by Cloudflare</div></div></body></html>',
        "bot-challenge interstitial -> expect 'not a Q&A page'",
    )
    spa = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>AskDoctor</title></head><body><div id="__next"></div>'
        '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps(
            {
                "props": {
                    "pageProps": {"q": one["question"], "asker": "Jie, 20~29 year old female. Ask Date: 2015/11/06"}
                }
            }
        ).replace("</", "<\\/")
        + '</script><script src="/_next/static/chunks/main.js"></script></body></html>'
    )
    add(
        "spa_shell.html",
        spa,
        "client-rendered shell: empty #__next, the data only in a JSON script -> expect 'not a Q&A page'",
    )
    add(
        "meta_refresh.html",
        '<html><head><meta http-equiv="refresh" content="0; url=https://askdoctor.example/en/qa/100002.html"><title>Moved</title></head>'
        '<body><p>This question has moved <a href="/en/qa/100002.html">here</a>.</p></body></html>',
        "redirect stub -> expect 'not a Q&A page'",
    )
    add(
        "iframe_wrapper.html",
        chrome_page(
            headline(q1) + " | AskDoctor",
            '<iframe src="/en/qa/1.html?embed=1" width="100%" height="2000" title="question"></iframe>',
            "https://askdoctor.example/en/qa/1.html",
        ),
        "page whose content is in an <iframe> (frame not fetched) -> expect 'not a Q&A page'",
    )
    add(
        "hostile_lt_tail.html",
        cut_at(full, '<li><a href="/en/faq/sensory-numbness') + '<li data-note="' + "a<b " * 12000,
        "cut inside an attribute value holding 12,000 unescaped '<b' (legal in a quoted attribute) -> expect 'truncated page', quickly"
        " (time it: unclosed() rescans to the end for every '<' that has no '>' after it)",
    )
    ON = saved
    return out


def write(out: Path, designs: dict, with_broken: bool = True) -> None:
    global N
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]]
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design, render in designs.items():
        folder = out / design
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.html"):
            old.unlink()
        for n, entry in enumerate(pages):
            N = n
            page = copy.deepcopy(entry)
            page["file"] = f"{design}/{page['question']['question_id_hint']}.html"
            page.pop("template", None)
            page.pop("encoding", None)
            (out / page["file"]).write_bytes(render(page).encode("utf-8"))
            truth.append(page)
    if with_broken:
        folder = out / "broken"
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.html"):
            old.unlink()
        for name, raw in broken(pages).items():
            (folder / name).write_bytes(raw)
            truth.append({"file": f"broken/{name}", "reject": True, "note": BROKEN_NOTES[name]})
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> None:
    global ON
    if argv[:1] == ["--safe"]:
        ON = set()
        write(Path(argv[1]), DESIGNS, with_broken=False)
    elif argv[:1] == ["--only"]:
        feats = set(argv[1].split(","))
        ON = feats
        designs = {d: f for d, f in DESIGNS.items() if feats & set(RISKS[d])}
        write(Path(argv[2]), designs, with_broken=False)
    else:
        write(Path(argv[0]), DESIGNS)


if __name__ == "__main__":
    main(sys.argv[1:])
