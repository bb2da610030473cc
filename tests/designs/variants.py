# ruff: noqa: E501  (long lines of HTML read better whole)
"""Render every truth record of tests/corpus/truth.jsonl into 13 more site designs (written by a
helper asked to break the parser; tests/test_designs.py renders them into a temporary folder).

    python tests/designs/variants.py OUT               # all designs, risky features on -> OUT/<design>/<id>.html
    python tests/designs/variants.py --safe OUT        # every risky feature off (controls)
    python tests/designs/variants.py --only FEAT OUT   # only FEAT on (to attribute a mismatch)

The parser is never called here. Truth values are the record's, unchanged. Every design keeps the
site's visible text (headline, "Share to:", title, body, asker line, "Dr. <name> reply <dept>",
"Reply Date:", "More Info", "Similar Q&A", "Related FAQ", "[Read More] <title>", "<topic> (<dept>)");
what changes is markup. Features that I expect might trip the parser are named (RISKS below) so they
can be switched off to get a control page, or switched on one at a time to attribute a mismatch.

Designs (none of them is cards / flat / blocks / deep / relaunch):
- bootstrap : Bootstrap-5 grid (container/row/col nesting), navbar with a second <h1> (site name),
              breadcrumb, icon-only share links, answer cards (header/body/footer), a hidden
              (inline display:none) mobile copy of the doctor line, lazy avatars, Similar Q&A cards in
              a row/col grid, FAQ list-group with badges, trending sidebar after, big footer.
              RISKS: sticky compact header repeating the headline before the article (sticky_header);
              More Info as a WAI-ARIA accordion <h2><button>More Info</button></h2> (accordion_button);
              "View all" link beside the section headings (view_all).
- components: web components / custom elements everywhere (<qa-page>, <qa-answer>, <x-card>, <x-chip>),
              inline SVG icons, chips as <x-chip> inside <a>.
              RISKS: <base href="/"> with relative links without leading slash (base_href);
              leaf custom elements that the site's CSS makes display:block, adjacent to each other
              (inline_custom); section headings rendered into declarative shadow DOM
              <template shadowrootmode="open"> (dsd_heading).
- semantic  : schema.org microdata (QAPage/Question/Answer, itemprop, <meta itemprop> in the body),
              <nav> breadcrumbs, <details>/<summary> around More Info, Similar Q&A as <article> cards
              with the link on the title only and no [Read More], aria-labelledby sections.
              RISKS: <time datetime> in UTC (toISOString) while the visible date is local time (utc_time);
              "Reply Date:" as <dt> and the date as <dd> (dl_reply_date); Related FAQ wrapped in
              <nav aria-labelledby> (faq_nav).
- legacy    : HTML 4 style: UPPERCASE tags, unquoted attributes, missing </p> </li> </td> </tr>, CRLF,
              comments everywhere (also inside text), entities (&nbsp; &#39; &amp;), tables inside divs,
              inline <script>/<style>/<noscript> between answers, conditional comments.
              RISKS: Related FAQ as one line of links separated by " &middot; " (faq_separators).
- magazine  : editorial layout: "Trending" and "Most read" rails BEFORE the article in source order
              (doctor lines, [Read More], "<topic> (<dept>)" chips), lazy hero image with alt text,
              optional end tags omitted (</p>, </li>, </body>, </html>), right rail and footer after.
              RISKS: soft hyphens (&shy;) in long words of More Info (soft_hyphen); section labels as
              small <h5 class="eyebrow"> over entry titles in <h3> (eyebrow_labels).
- material  : Material Design markup (mdc-* classes, cards, lists, chips).
              RISKS: Material Icons ligature spans (<span class="material-icons">event</span>) before
              labels (icon_ligatures); visually-hidden " (opens in a new tab)" inside target=_blank FAQ
              links (sr_only); MDC two-line list items whose primary/secondary text are <span>s made
              display:block by MDC's CSS (mdc_list_spans).
- forum     : forum-style post layout (markup + order of parts inside a post).
              RISKS: asker line between the question title and its body (asker_before_body);
              "Reply Date" in the answer's header row, before the body (date_in_header); Similar Q&A
              cards with the doctor line above the title (doctor_first).
- portal    : clean current-like markup, with a left column BEFORE the article and a right column after it
              ("Top doctors" with plain "Dr. <name> reply <dept>" lines, "Editor picks" with a "[Read More]" line).
              RISKS: a "Latest questions" box in that column showing "Ask Date:" per entry (latest_box).
- seo       : headline only in <title> ("<page_title> - <dept> | AskDoctor"); the visible <h1> is the
              question title. RISKS: headline_title_only.
- cms       : WordPress block theme (wp-block-group/columns), a "Medical disclaimer" box inside the article.
              RISKS: Related FAQ in a column beside the question, i.e. before the answers in source order
              (faq_beside_question); More Info's Markdown subheadings ("...:" lines) as <h3> like its label
              (mi_subheads); a footer column headed "More info" with a line of text (footer_more_info).
- a11y      : accessibility-first relaunch (landmarks, aria-labelledby, skip link, <abbr>).
              RISKS: "Share to:" and share links as separate <li>s (share_list); "Dr." as
              <span aria-hidden="true">Dr.</span><span class="visually-hidden">Doctor</span> (aria_hidden_abbr);
              More Info body collapsed with hidden="until-found" (until_found).
- tailwind  : utility-class markup (flex, rounded cards, chips).
              RISKS: doctor card with "Dr. <name>" and "reply <dept>" on two <p>s (doctor_split); "Reply Date" as
              <span class="block"> inside the body's <p> (block_span_date); a department chip link above each
              Similar Q&A title, no [Read More] (chip_before_title).
- stack     : current-like markup, the question as a post card. RISKS: the card's meta row (avatar, asker line
              with "Ask Date:") above the question title (asker_on_top).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import sys
from html import escape
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
HOST = "https://askdoctor.example"

RISKS = {
    "bootstrap": ["sticky_header", "accordion_button", "view_all"],
    "components": ["base_href", "inline_custom", "dsd_heading"],
    "semantic": ["utc_time", "dl_reply_date", "faq_nav"],
    "legacy": ["faq_separators"],
    "magazine": ["soft_hyphen", "eyebrow_labels"],
    "material": ["icon_ligatures", "sr_only", "mdc_list_spans"],
    "forum": ["asker_before_body", "date_in_header", "doctor_first"],
    "portal": ["latest_box"],
    "seo": ["headline_title_only"],
    "cms": ["faq_beside_question", "mi_subheads", "footer_more_info"],
    "a11y": ["share_list", "aria_hidden_abbr", "until_found"],
    "tailwind": ["doctor_split", "block_span_date", "chip_before_title"],
    "stack": ["asker_on_top"],
}
ON: set[str] = {r for rs in RISKS.values() for r in rs}


def risk(name: str) -> bool:
    return name in ON


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


FOOTER_LINKS = [
    "About us",
    "Our doctors",
    "Editorial policy",
    "Privacy",
    "Terms of use",
    "Contact",
    "Careers",
    "Advertise with us",
    "Press",
    "Help center",
    "Sitemap",
    "Accessibility",
]
DEPTS = ["Orthopedics", "Neurology", "Cardiology", "Dermatology", "Pediatrics", "Urology", "Psychiatry", "Oncology"]


# ---- design: bootstrap --------------------------------------------------------------------------
def bootstrap(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        "<!DOCTYPE html>",
        '<html lang="en" data-bs-theme="light">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f"  <title>{head} | AskDoctor</title>",
        f'  <link rel="canonical" href="{e(q["source_url"])}">',
        '  <link href="/static/css/bootstrap.min.css" rel="stylesheet">',
        '  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap-icons@1.11.3/font/bootstrap-icons.min.css">',
        "</head>",
        '<body class="d-flex flex-column min-vh-100">',
        '<a class="visually-hidden-focusable" href="#main">Skip to main content</a>',
        '<header class="navbar navbar-expand-lg bg-body-tertiary border-bottom sticky-top">',
        '  <div class="container">',
        '    <h1 class="navbar-brand m-0 fs-4"><a class="text-decoration-none" href="/en/">'
        '<img src="/static/img/logo.svg" alt="AskDoctor logo" width="28" height="28"> AskDoctor</a></h1>',
        '    <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#nav">'
        '<span class="navbar-toggler-icon"></span></button>',
        '    <nav class="collapse navbar-collapse" id="nav"><ul class="navbar-nav ms-auto">'
        + "".join(f'<li class="nav-item"><a class="nav-link" href="/en/dept/{slug(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></nav>",
        '    <form class="d-flex ms-3" role="search"><input class="form-control" type="search" placeholder="Search"'
        ' aria-label="Search"><button class="btn btn-outline-primary" type="submit">Search</button></form>',
        "  </div>",
        "</header>",
    ]
    if risk("sticky_header"):  # shown by JS (class "show") once the real headline scrolls away
        o += [
            '<div class="compact-bar border-bottom bg-white" id="compactBar" data-show-after="#qa-headline">',
            '  <div class="container"><div class="row align-items-center py-2">',
            f'    <div class="col text-truncate"><strong>{head}</strong></div>',
            '    <div class="col-auto"><a class="btn btn-sm btn-primary" href="/en/ask">Ask a doctor</a></div>',
            "  </div></div>",
            "</div>",
        ]
    o += [
        '<main id="main" class="container my-4 flex-grow-1">',
        '  <div class="row g-4">',
        '    <div class="col-lg-8">',
        '      <nav aria-label="breadcrumb"><ol class="breadcrumb">'
        '<li class="breadcrumb-item"><a href="/en/">Home</a></li>'
        f'<li class="breadcrumb-item"><a href="/en/dept/{slug(q["department"])}">{e(q["department"])}</a></li>'
        f'<li class="breadcrumb-item active" aria-current="page">{e(q["page_title"])}</li></ol></nav>',
        '      <article class="qa">',
        '        <div class="row"><div class="col-12">',
        f'          <h1 id="qa-headline" class="h3 mb-2">{head}</h1>',
        "        </div></div>",
        '        <div class="row mb-3"><div class="col-12"><div class="share d-flex align-items-center gap-2">'
        '<span class="text-muted small">Share to:</span>'
        '<a class="btn btn-sm btn-light" href="https://www.facebook.com/sharer/sharer.php" title="Facebook">'
        '<i class="bi bi-facebook"></i></a>'
        '<a class="btn btn-sm btn-light" href="https://social-plugins.line.me/lineit/share" title="LINE">'
        '<i class="bi bi-line"></i></a>'
        '<a class="btn btn-sm btn-light" href="#" title="Copy link"><i class="bi bi-link-45deg"></i></a>'
        "</div></div></div>",
        '        <div class="card mb-4 question"><div class="card-body">',
        '          <div class="row"><div class="col">',
        f'            <h2 class="card-title h5">{e(q["title"])}</h2>',
        '            <div class="card-text">'
        + "".join(f'<p class="mb-1">{e(x)}</p>' for x in lines(q["body"]))
        + "</div>",
        "          </div></div>",
        '          <div class="row mt-2"><div class="col"><p class="text-body-secondary small mb-0">'
        f'<i class="bi bi-person-circle me-1"></i>{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p></div></div>',
        "        </div></div>",
    ]
    for r in doctors(entry):
        doc = f"Dr. {e(r['doctor_name'])} reply {e(r['department'])}"
        o += [
            '        <div class="card mb-3 answer">',
            '          <div class="card-header bg-white"><div class="row g-2 align-items-center">',
            '            <div class="col-auto"><img class="rounded-circle" loading="lazy" width="40" height="40" '
            f'src="/static/img/doctors/{slug(r["doctor_name"])}.jpg" alt="Photo of Dr. {e(r["doctor_name"])}"></div>',
            f'            <div class="col"><a href="/en/doctor/{slug(r["doctor_name"])}">Dr. {e(r["doctor_name"])}</a>'
            f' reply <span class="badge text-bg-light">{e(r["department"])}</span></div>',
            "          </div>",
            f'          <div class="d-md-none small" style="display:none">{doc}</div>',
            "          </div>",
            '          <div class="card-body"><p class="card-text">'
            + "<br>".join(e(x) for x in lines(r["body"]))
            + "</p></div>",
            f'          <div class="card-footer text-body-secondary small">Reply Date: {slash(r["replied_on"])}</div>',
            "        </div>",
        ]
    for r in more_info(entry):
        o.append('        <div class="accordion mb-4" id="moreInfo"><div class="accordion-item">')
        if risk("accordion_button"):
            o.append(
                '          <h2 class="accordion-header"><button class="accordion-button collapsed" type="button" '
                'data-bs-toggle="collapse" data-bs-target="#moreInfoBody" aria-expanded="false" '
                'aria-controls="moreInfoBody">More Info</button></h2>'
            )
        else:
            o.append(
                '          <h2 class="accordion-header"><a class="accordion-button collapsed" '
                'data-bs-toggle="collapse" href="#moreInfoBody" role="button">More Info</a></h2>'
            )
        o.append(
            '          <div id="moreInfoBody" class="accordion-collapse collapse" data-bs-parent="#moreInfo">'
            '<div class="accordion-body">'
        )
        o += ["            <p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"])]
        o.append("          </div></div></div></div>")
    sims = similar(entry)
    if sims:
        o.append('        <section class="mb-4 similar">')
        o.append(
            '          <div class="d-flex justify-content-between align-items-baseline mb-2">'
            '<h2 class="h5 mb-0">Similar Q&amp;A</h2>'
            + ('<a class="small" href="/en/qa/?similar=1">View all</a>' if risk("view_all") else "")
            + "</div>"
        )
        o.append('          <div class="row row-cols-1 row-cols-md-2 g-3">')
        for n, s in enumerate(sims):
            url = path_of(s["url"])
            o += [
                '            <div class="col"><div class="card h-100"><div class="card-body">',
                f'              <h3 class="h6 card-title"><a href="{e(url)}">{e(s["title"])}</a></h3>',
                f'              <p class="card-text small">{e(s["question_snippet"])}</p>',
                f'              <p class="small mb-1"><i class="bi bi-person-badge"></i> Dr. {e(s["doctor_name"])} reply '
                f"{e(s['department'])}</p>",
                f'              <p class="small text-body-secondary">{e(s["reply_snippet"])}</p>',
                f'            </div><div class="card-footer bg-transparent"><a class="small" '
                f'href="{e(url)}?utm_source=similar&amp;utm_medium=card&amp;utm_content={n}">[Read More] '
                f"{e(s['title'])}</a></div></div></div>",
            ]
        o.append("          </div>")
        o.append("        </section>")
    fs = faqs(entry)
    if fs:
        o.append('        <section class="mb-4 faq">')
        o.append(
            '          <div class="d-flex justify-content-between align-items-baseline mb-2">'
            '<h2 class="h5 mb-0">Related FAQ</h2>'
            + ('<a class="small" href="/en/faq/">View all</a>' if risk("view_all") else "")
            + "</div>"
        )
        o.append('          <div class="list-group list-group-flush">')
        for f in fs:
            o.append(
                f'            <a href="{e(path_of(f["url"]))}" class="list-group-item list-group-item-action '
                f'd-flex justify-content-between"><span>{e(f["title"])}</span> '
                f'<span class="badge text-bg-light">({e(f["department"])})</span></a>'
            )
        o.append("          </div>")
        o.append("        </section>")
    o += [
        "      </article>",
        "    </div>",
        '    <div class="col-lg-4">',
        '      <aside class="card"><div class="card-body"><h2 class="h6">Trending</h2><ol class="small ps-3">',
        '        <li><a href="/en/qa/555.html">Is coffee bad for the heart?</a></li>',
        '        <li><a href="/en/qa/556.html">Headache after sleep (Neurology)</a></li>',
        '        <li><a href="/en/qa/557.html">Why do knees crack?</a></li>',
        "      </ol></div></aside>",
        "    </div>",
        "  </div>",
        "</main>",
        '<footer class="bg-dark text-light py-4 mt-auto"><div class="container"><div class="row">',
    ]
    for c, title in enumerate(["Company", "Departments", "Help"]):
        items = FOOTER_LINKS[c * 4 : (c + 1) * 4] if c != 1 else DEPTS
        o.append(
            f'  <div class="col-md-4"><h5>{title}</h5><ul class="list-unstyled">'
            + "".join(f'<li><a class="link-light" href="/en/{slug(x)}">{x}</a></li>' for x in items)
            + "</ul></div>"
        )
    o += [
        '</div><p class="small mt-3 mb-0">&copy; 2024 AskDoctor. Answers are for information only.</p></div></footer>',
        '<script src="/static/js/bootstrap.bundle.min.js"></script>',
        "<script>document.addEventListener('scroll',()=>{compactBar&&compactBar.classList.toggle('show',scrollY>200)})"
        "</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: components -------------------------------------------------------------------------
ICON = '<svg class="i" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M1 1h14v14H1z"/></svg>'


def components(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"

    def href(url: str) -> str:  # what the app's router writes: relative to <base href="/">
        p = path_of(url)
        return p.lstrip("/") if risk("base_href") else p

    def block_tag(name: str) -> tuple[str, str]:
        # the leaf elements: custom elements (display:block via the component CSS), or plain divs
        return (f"<{name}>", f"</{name}>") if risk("inline_custom") else (f'<div class="{name}">', "</div>")

    def heading(label: str, level: int = 2) -> str:
        if risk("dsd_heading"):  # SSR output of a Lit component: the heading lives in the shadow root
            return (
                f'<template shadowrootmode="open"><style>:host{{display:block;margin:24px 0}}</style>'
                f'<h{level} part="heading">{label}</h{level}><slot></slot></template>'
            )
        return f'<h{level} slot="heading">{label}</h{level}>'

    o = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<base href="/">' if risk("base_href") else "",
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<script type="module" src="assets/app-4f3a9c.js"></script>',
        "<style>qa-page,qa-question,qa-answer,qa-section,x-card{display:block}</style>",
        "</head>",
        "<body>",
        '<qa-page theme="light">',
        f'<header><x-logo><a href="{"en/" if risk("base_href") else "/en/"}">{ICON}AskDoctor</a></x-logo></header>',
        "<main>",
        f'<qa-question question-id="{e(q["question_id_hint"])}">',
        f"<h1>{head}</h1>",
        f'<x-share-bar><div class="share">Share to: <a href="#fb" aria-label="Facebook">{ICON}</a> '
        f'<a href="#line" aria-label="LINE">{ICON}</a></div></x-share-bar>',
        f"<h2>{e(q['title'])}</h2>",
        '<div class="q-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
    ]
    a, b = block_tag("qa-asker")
    o.append(f"{a}{e(asker_text(q))}Ask Date: {slash(q['asked_on'])}{b}")
    o.append("</qa-question>")
    o.append("<qa-answer-list>")
    for r in doctors(entry):
        a1, b1 = block_tag("qa-byline")
        a2, b2 = block_tag("qa-reply-date")
        o += [
            f'<qa-answer doctor="{e(r["doctor_name"])}">',
            f'<x-avatar src="assets/doctors/{slug(r["doctor_name"])}.jpg" alt="Dr. {e(r["doctor_name"])}"></x-avatar>',
            f'{a1}<a href="{"en/" if risk("base_href") else "/en/"}doctor/{slug(r["doctor_name"])}">Dr. '
            f"{e(r['doctor_name'])}</a> reply <x-tag>{e(r['department'])}</x-tag>{b1}",
            "<qa-answer-body>" + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</qa-answer-body>",
            f"{a2}Reply Date: {slash(r['replied_on'])}{b2}",
            "</qa-answer>",
        ]
    o.append("</qa-answer-list>")
    for r in more_info(entry):
        o.append('<qa-section kind="more-info">' + heading("More Info"))
        o += ["<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"])]
        o.append("</qa-section>")
    sims = similar(entry)
    if sims:
        o.append('<qa-section kind="similar">' + heading("Similar Q&amp;A") + "<x-card-list>")
        for s in sims:
            u = href(s["url"])
            o += [
                "<x-card>",
                f'<h3 slot="title"><a href="{e(u)}?utm_source=similar">{e(s["title"])}</a></h3>',
                f"<p>{e(s['question_snippet'])}</p>",
                f'<div class="doc">{ICON}Dr. {e(s["doctor_name"])} reply {e(s["department"])}</div>',
                f"<p>{e(s['reply_snippet'])}</p>",
                f'<div slot="footer"><a href="{e(u)}#answers">[Read More] {e(s["title"])}</a></div>',
                "</x-card>",
            ]
        o.append("</x-card-list></qa-section>")
    fs = faqs(entry)
    if fs:
        o.append('<qa-section kind="faq"><h2 slot="heading">Related FAQ</h2><x-chip-set>')
        for f in fs:
            o.append(
                f'<a href="{e(href(f["url"]))}"><x-chip>{e(f["title"])} <span class="dept">({e(f["department"])})'
                "</span></x-chip></a>"
            )
        o.append("</x-chip-set></qa-section>")
    o += [
        "</main>",
        "<footer><x-footer-links><ul>"
        + "".join(f'<li><a href="{"en/" if risk("base_href") else "/en/"}{slug(x)}">{x}</a></li>' for x in FOOTER_LINKS)
        + "</ul></x-footer-links><p>&copy; AskDoctor</p></footer>",
        "</qa-page>",
        "</body>",
        "</html>",
    ]
    return "\n".join(x for x in o if x)


# ---- design: semantic ---------------------------------------------------------------------------
def time_el(day: str, key: object, prop: str) -> str:
    """Visible date in the site's (UTC+8) local time; datetime as the CMS writes it."""
    d = ymd(day)
    h = seed(day, key) % 24
    m = seed(key, day) % 60
    local = dt.datetime(d.year, d.month, d.day, h, m)
    if risk("utc_time"):
        machine = (local - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    else:
        machine = local.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    return f'<time itemprop="{prop}" datetime="{machine}">{d:%Y/%m/%d}</time>'


def semantic(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        "<!DOCTYPE html>",
        '<html lang="en" itemscope itemtype="https://schema.org/QAPage">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        f'<meta property="og:title" content="{e(q["page_title"])}">',
        "</head>",
        "<body>",
        '<header class="site"><a href="/en/" class="brand">AskDoctor</a>',
        '<nav aria-label="Breadcrumb"><ol><li><a href="/en/">Home</a></li>'
        f'<li><a href="/en/dept/{slug(q["department"])}">{e(q["department"])}</a></li></ol></nav></header>',
        "<main>",
        '<article class="qa" itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">',
        f'<h1 class="headline">{head}</h1>',
        '<p class="share">Share to: <a href="#" rel="noopener"><svg role="img" aria-label="Facebook" width="16" '
        'height="16"><title>Facebook</title><circle cx="8" cy="8" r="8"/></svg></a></p>',
        f'<h2 itemprop="name">{e(q["title"])}</h2>',
        '<div itemprop="text">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
    ]
    who = ""
    text = asker_text(q)
    if text:
        name = q["asker_name"] or ""
        rest = text.removeprefix(name)
        who = (
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            + (f'<span itemprop="name">{e(name)}</span>' if name else "")
            + f"{e(rest)}</span>"
        )
    o.append(f'<footer class="asked">{who}Ask Date: {time_el(q["asked_on"], "ask", "dateCreated")}</footer>')
    o.append(f'<meta itemprop="answerCount" content="{len(doctors(entry))}">')
    for n, r in enumerate(doctors(entry)):
        o += [
            '<div class="answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">',
            f'<header itemprop="author" itemscope itemtype="https://schema.org/Physician">Dr. '
            f'<span itemprop="name">{e(r["doctor_name"])}</span> reply '
            f'<span itemprop="medicalSpecialty">{e(r["department"])}</span></header>',
            '<div itemprop="text">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>",
        ]
        if risk("dl_reply_date"):
            o.append(
                f'<dl class="answer-meta"><dt>Reply Date:</dt><dd>{time_el(r["replied_on"], n, "dateCreated")}'
                "</dd></dl>"
            )
        else:
            o.append(f'<p class="answer-meta">Reply Date: {time_el(r["replied_on"], n, "dateCreated")}</p>')
        o.append(f'<meta itemprop="upvoteCount" content="{seed(n, q["title"]) % 40}">')
        o.append("</div>")
    o.append("</article>")
    for r in more_info(entry):
        o.append('<details class="more-info"><summary><h2>More Info</h2></summary><div class="article-body">')
        o += ["<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"])]
        o.append("</div></details>")
    sims = similar(entry)
    if sims:
        o.append('<section class="similar" aria-labelledby="similar-h"><h2 id="similar-h">Similar Q&amp;A</h2>')
        for s in sims:
            o += [
                '<article class="similar-item" itemscope itemtype="https://schema.org/Question">',
                f'<h3 itemprop="name"><a itemprop="url" href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h3>',
                f'<p itemprop="text">{e(s["question_snippet"])}</p>',
                f'<p class="by">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p>',
                f"<blockquote>{e(s['reply_snippet'])}</blockquote>",
                "</article>",
            ]
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        tag = "nav" if risk("faq_nav") else "section"
        o.append(f'<{tag} class="related-faq" aria-labelledby="faq-h"><h2 id="faq-h">Related FAQ</h2><ul>')
        o += [
            f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <small>({e(f["department"])})</small></li>'
            for f in fs
        ]
        o.append(f"</ul></{tag}>")
    o += [
        "</main>",
        '<footer class="site"><p>&copy; AskDoctor &middot; <a href="/en/privacy">Privacy</a> &middot; '
        '<a href="/en/terms">Terms</a></p></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: legacy -----------------------------------------------------------------------------
def legacy(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">',
        "<HTML>",
        "<HEAD>",
        '<META HTTP-EQUIV=Content-Type CONTENT="text/html; charset=utf-8">',
        f"<TITLE>{head} | AskDoctor</TITLE>",
        f"<LINK REL=canonical HREF={e(q['source_url'])}>",
        "<!--[if lt IE 9]><SCRIPT SRC=/js/html5shiv.js></SCRIPT><![endif]-->",
        "<STYLE TYPE=text/css>BODY{font:13px Verdana} .doc{color:#036}</STYLE>",
        "</HEAD>",
        "<BODY BGCOLOR=#FFFFFF TOPMARGIN=0 LEFTMARGIN=0>",
        "<!-- ===== header ===== -->",
        "<DIV ID=hdr><TABLE WIDTH=100% CELLPADDING=0 CELLSPACING=0><TR>",
        "<TD><A HREF=/en/><IMG SRC=/img/logo.gif ALT=AskDoctor BORDER=0 WIDTH=120 HEIGHT=40></A>",
        "<TD ALIGN=right><A HREF=/en/ask>Ask a doctor</A> | <A HREF=/en/login>Login</A>",
        "</TABLE></DIV>",
        "<DIV CLASS=content><!-- content -->",
        f"<H1 CLASS=head>{head}</H1>",
        "<P CLASS=share>Share&nbsp;to: <A HREF=#><IMG SRC=/img/fb.gif ALT=Facebook></A> "
        "<A HREF=#><IMG SRC=/img/line.gif ALT=LINE></A>",
        "<DIV CLASS=q>",
        "<TABLE CLASS=qbox WIDTH=100% BORDER=0>",
        f"<TR><TH ALIGN=left><!-- q title -->{e(q['title'])}",
        "<TR><TD CLASS=qtext>" + "<BR>\r\n".join(e(x).replace("&#x27;", "&#39;") for x in lines(q["body"])),
        f"<TR><TD CLASS=meta>{e(asker_text(q))}Ask<!-- asked -->&nbsp;Date: {slash(q['asked_on'])}",
        "</TABLE></DIV>",
        '<SCRIPT TYPE=text/javascript>document.write(\'<div class="banner"><a href="/promo">\''
        " + 'Dr. Ad reply Nowhere</a></div>');</SCRIPT>",
        "<NOSCRIPT><P>Please enable JavaScript to see doctor photos.</NOSCRIPT>",
    ]
    for n, r in enumerate(doctors(entry)):
        o += [
            f"<!-- answer {n} -->",
            "<DIV CLASS=ans><TABLE WIDTH=100% BORDER=0 CELLPADDING=4>",
            f"<TR><TD CLASS=doc><B>Dr.&nbsp;<A HREF=/en/doctor/{slug(r['doctor_name'])}>{e(r['doctor_name'])}</A>"
            f"</B> reply <!-- dept -->{e(r['department'])}",
            "<TR><TD CLASS=atext>" + "<BR>\r\n".join(e(x).replace("&#x27;", "&#39;") for x in lines(r["body"])),
            f"<TR><TD CLASS=adate><FONT COLOR=#999999>Reply Date:<!-- y/m/d --> {slash(r['replied_on'])}</FONT>",
            "</TABLE></DIV>",
            "<STYLE>.ans + .ans{border-top:1px dotted #ccc}</STYLE>",
            "<SCRIPT>var _gaq=_gaq||[];_gaq.push(['_trackEvent','answer','view']);</SCRIPT>",
        ]
    for r in more_info(entry):
        o.append("<DIV CLASS=more><H3>More Info</H3>")
        o += ["<P>" + "<BR>\r\n".join(e(x) for x in p) for p in paragraphs(r["body"])]
        o.append("</DIV>")
    sims = similar(entry)
    if sims:
        o.append("<DIV CLASS=sim><H3>Similar Q&amp;A</H3><UL>")
        for s in sims:
            u = path_of(s["url"])
            o.append(
                f"<LI><A HREF={u}><B>{e(s['title'])}</B></A><BR>{e(s['question_snippet'])}<BR>"
                f"<I>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</I><BR>{e(s['reply_snippet'])}<BR>"
                f"<A HREF={u}>[Read More] {e(s['title'])}</A>"
            )
        o.append("</UL></DIV>")
    fs = faqs(entry)
    if fs:
        o.append("<DIV CLASS=faq><H3>Related FAQ</H3>")
        if risk("faq_separators"):
            o.append(
                "<P>"
                + " &middot;\r\n".join(
                    f"<A HREF={path_of(f['url'])}>{e(f['title'])}</A> ({e(f['department'])})" for f in fs
                )
            )
        else:
            o.append(
                "<UL>"
                + "\r\n".join(f"<LI><A HREF={path_of(f['url'])}>{e(f['title'])}</A> ({e(f['department'])})" for f in fs)
                + "</UL>"
            )
        o.append("</DIV>")
    o += [
        "</DIV><!-- /content -->",
        "<HR SIZE=1 NOSHADE>",
        "<P ALIGN=center><FONT SIZE=1>"
        + " | ".join(f"<A HREF=/en/{slug(x)}>{x}</A>" for x in FOOTER_LINKS)
        + "<BR>&copy; 2003-2024 AskDoctor. All rights reserved.</FONT>",
        "</BODY>",
        "</HTML>",
    ]
    return "\r\n".join(o)


# ---- design: magazine ---------------------------------------------------------------------------
def hyphenate(text: str) -> str:
    """Insert soft hyphens into long words, as a typography plugin does (after escaping)."""
    out = []
    for word in text.split(" "):
        if len(word) >= 10 and word.isalpha():
            word = "&shy;".join(word[i : i + 4] for i in range(0, len(word), 4))
        out.append(word)
    return " ".join(out)


def magazine(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    label = (lambda t: f'<h5 class="eyebrow">{t}</h5>') if risk("eyebrow_labels") else (lambda t: f"<h2>{t}</h2>")
    o = [
        "<!doctype html>",
        '<html lang="en">',
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<link rel="stylesheet" href="/mag.css">',
        '<body class="magazine">',
        '<header class="masthead"><h1 class="logo"><a href="/en/">AskDoctor</a></h1>',
        '<p class="tagline">Real doctors, real answers',
        "</header>",
        '<div class="layout">',
        '<aside class="rail rail-left">',
        "<h2>Trending</h2>",
        "<ol>",
        '<li><article class="mini"><img loading="lazy" src="/img/t1.jpg" alt="A cup of coffee">'
        '<h3><a href="/en/qa/555.html">Is coffee bad for the heart?</a></h3>'
        "<p>Dr. Chen Mingde reply Cardiology"
        '<p><a href="/en/qa/555.html">[Read More] Is coffee bad for the heart?</a></article>',
        '<li><article class="mini"><img loading="lazy" src="/img/t2.jpg" alt="Knee x-ray">'
        '<h3><a href="/en/qa/557.html">Why do my knees crack?</a></h3>'
        "<p>Dr. Lin Yuting reply Orthopedics"
        '<p><a href="/en/qa/557.html">[Read More] Why do my knees crack?</a></article>',
        "</ol>",
        "<h2>Most read</h2>",
        '<ul class="chips">',
        '<li><a href="/en/faq/headache">Headache</a> (Neurology)',
        '<li><a href="/en/faq/tinnitus">Tinnitus</a> (Otolaryngology)',
        '<li><a href="/en/faq/back-pain">Back Pain</a> (Orthopedics)',
        "</ul>",
        "</aside>",
        '<main class="story">',
        '<article class="qa">',
        f'<figure class="hero"><img loading="lazy" decoding="async" src="/img/hero/{slug(q["department"])}.jpg" '
        f'srcset="/img/hero/{slug(q["department"])}@2x.jpg 2x" alt="Illustration for {e(q["page_title"])}"></figure>',
        f'<h1 class="headline">{head}</h1>',
        '<div class="share">Share to: <a href="#"><svg width="16" height="16"><use href="#i-fb"/></svg></a> '
        '<a href="#"><svg width="16" height="16"><use href="#i-x"/></svg></a></div>',
        f'<h2 class="dek">{e(q["title"])}</h2>',
        '<div class="q-text">',
        *(f"<p>{e(x)}" for x in lines(q["body"])),
        "</div>",
        f'<p class="byline">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}',
    ]
    for r in doctors(entry):
        o += [
            '<blockquote class="answer">',
            f'<p class="who"><img loading="lazy" src="/img/dr/{slug(r["doctor_name"])}.jpg" alt="Portrait of Dr. '
            f'{e(r["doctor_name"])}">Dr. {e(r["doctor_name"])} reply {e(r["department"])}',
            *(f"<p>{e(x)}" for x in lines(r["body"])),
            f'<p class="when">Reply Date: {slash(r["replied_on"])}',
            "</blockquote>",
        ]
    for r in more_info(entry):
        o.append('<section class="essay">' + label("More Info"))
        for p in paragraphs(r["body"]):
            o.append("<p>" + "<br>".join(hyphenate(e(x)) if risk("soft_hyphen") else e(x) for x in p))
        o.append("</section>")
    sims = similar(entry)
    if sims:
        o.append('<section class="similar">' + label("Similar Q&amp;A"))
        for s in sims:
            u = path_of(s["url"])
            o += [
                '<article class="teaser">',
                f'<h3><a href="{e(u)}">{e(s["title"])}</a></h3>',
                f'<p class="q">{e(s["question_snippet"])}',
                f'<p class="by">Dr. {e(s["doctor_name"])} reply {e(s["department"])}',
                f'<p class="a">{e(s["reply_snippet"])}',
                f'<p class="more"><a href="{e(u)}?utm_source=mag&amp;utm_campaign=similar">[Read More] {e(s["title"])}</a>',
                "</article>",
            ]
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append('<section class="faq">' + label("Related FAQ") + '<ul class="tags">')
        o += [
            f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <span>({e(f["department"])})</span>' for f in fs
        ]
        o.append("</ul></section>")
    o += [
        "</article>",
        "</main>",
        '<aside class="rail rail-right"><h2>Newsletter</h2><p>Health news every Friday.'
        '<form><input type="email" placeholder="Your e-mail"><button>Subscribe</button></form></aside>',
        "</div>",
        '<footer class="colophon"><ul>'
        + "".join(f'<li><a href="/en/{slug(x)}">{x}</a>' for x in FOOTER_LINKS)
        + "</ul>",
        "<p>&copy; AskDoctor Media",
        "</footer>",
    ]
    return "\n".join(o)  # no </body></html>: optional end tags, omitted


# ---- design: material ---------------------------------------------------------------------------
def mi(name: str) -> str:
    return f'<span class="material-icons">{name}</span>' if risk("icon_ligatures") else ""


def material(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<link href="https://fonts.googleapis.com/icon?family=Material+Icons" rel="stylesheet">',
        '<link href="/css/material-components-web.min.css" rel="stylesheet">',
        "<style>.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}</style>",
        "</head>",
        '<body class="mdc-typography">',
        '<header class="mdc-top-app-bar"><div class="mdc-top-app-bar__row">'
        '<section class="mdc-top-app-bar__section mdc-top-app-bar__section--align-start">'
        '<a href="/en/" class="mdc-top-app-bar__title">AskDoctor</a></section></div></header>',
        '<main class="mdc-top-app-bar--fixed-adjust"><div class="mdc-layout-grid"><div class="mdc-layout-grid__inner">',
        '<div class="mdc-layout-grid__cell mdc-layout-grid__cell--span-8">',
        f'<h1 class="mdc-typography--headline5">{head}</h1>',
        f'<div class="share mdc-typography--caption">{mi("share")} Share to: <a href="#fb">Facebook</a> '
        '<a href="#line">LINE</a></div>',
        '<div class="mdc-card question"><div class="mdc-card__content">',
        f'<h2 class="mdc-typography--headline6">{e(q["title"])}</h2>',
        '<div class="mdc-typography--body1">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        f'<div class="meta mdc-typography--caption">{mi("schedule")} {e(asker_text(q))}Ask Date: '
        f"{slash(q['asked_on'])}</div>",
        "</div></div>",
    ]
    for r in doctors(entry):
        o += [
            '<div class="mdc-card answer"><div class="mdc-card__content">',
            f'<div class="byline mdc-typography--subtitle2">{mi("verified")} Dr. {e(r["doctor_name"])} reply '
            f"{e(r['department'])}</div>",
            '<div class="mdc-typography--body2">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>",
            f'<div class="date mdc-typography--caption">{mi("event")} Reply Date: {slash(r["replied_on"])}</div>',
            '</div><div class="mdc-card__actions"><button class="mdc-button"><span class="mdc-button__label">Helpful'
            "</span></button></div></div>",
        ]
    for r in more_info(entry):
        o.append(
            f'<div class="mdc-card more"><div class="mdc-card__content"><h2 class="mdc-typography--headline6">'
            f"{mi('info')} More Info</h2>"
        )
        o += ["<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"])]
        o.append("</div></div>")
    sims = similar(entry)
    if sims:
        o.append(
            f'<section class="similar"><h2 class="mdc-typography--headline6">{mi("forum")} Similar Q&amp;A</h2>'
            '<ul class="mdc-list mdc-list--two-line">'
        )
        for s in sims:
            u = path_of(s["url"])
            t = "span" if risk("mdc_list_spans") else "div"  # MDC's CSS makes these spans display:block
            o.append(
                f'<li class="mdc-list-item"><span class="mdc-list-item__ripple"></span>\n<{t} class="mdc-list-item__text">\n'
                f'<{t} class="mdc-list-item__primary-text"><a href="{e(u)}">{e(s["title"])}</a></{t}>\n'
                f'<{t} class="mdc-list-item__secondary-text">{e(s["question_snippet"])}</{t}>\n'
                f'</{t}><div class="doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</div>'
                f'<div class="a">{e(s["reply_snippet"])}</div>'
                f'<div class="more"><a href="{e(u)}">[Read More] {e(s["title"])}</a></div></li>'
            )
        o.append("</ul></section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section class="faq"><h2 class="mdc-typography--headline6">Related FAQ</h2>'
            '<div class="mdc-chip-set" role="grid">'
        )
        hid = '<span class="visually-hidden"> (opens in a new tab)</span>' if risk("sr_only") else ""
        o += [
            f'<div class="mdc-chip" role="row"><a class="mdc-chip__text" role="gridcell" target="_blank" '
            f'rel="noopener" href="{e(path_of(f["url"]))}">{e(f["title"])} ({e(f["department"])}){hid}</a></div>'
            for f in fs
        ]
        o.append("</div></section>")
    o += [
        "</div>",
        '<div class="mdc-layout-grid__cell mdc-layout-grid__cell--span-4"><aside><h2 class="mdc-typography--headline6">'
        'Popular</h2><ul class="mdc-list"><li class="mdc-list-item"><a href="/en/qa/555.html">Is coffee bad for the heart?'
        "</a></li></ul></aside></div>",
        "</div></div></main>",
        '<footer class="mdc-typography--caption">'
        + " ".join(f'<a href="/en/{slug(x)}">{x}</a>' for x in FOOTER_LINKS)
        + "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: forum ------------------------------------------------------------------------------
def forum(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    asker = (
        f'<div class="post-meta"><img class="avatar" loading="lazy" src="/img/anon.png" alt="">'
        f'<span class="who">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</span></div>'
    )
    o = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "</head>",
        "<body>",
        '<div id="wrap"><div class="topbar"><a href="/en/">AskDoctor</a> <a href="/en/ask">Ask</a></div>',
        '<div class="thread">',
        f'<h1 class="thread-title">{head}</h1>',
        '<div class="share">Share to: <a href="#"><i class="fa fa-facebook"></i></a> <a href="#"><i class="fa fa-line">'
        "</i></a></div>",
        '<div class="post post-question">',
        f'<h2 class="post-title">{e(q["title"])}</h2>',
    ]
    if risk("asker_before_body"):
        o.append(asker)
    o.append('<div class="post-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>")
    if not risk("asker_before_body"):
        o.append(asker)
    o.append("</div>")
    for r in doctors(entry):
        o.append('<div class="post post-answer">')
        who = (
            f'<div class="post-author"><img class="avatar" loading="lazy" src="/img/dr.png" alt="">'
            f"<span>Dr. {e(r['doctor_name'])} reply {e(r['department'])}</span></div>"
        )
        date = f'<div class="post-date">Reply Date: {slash(r["replied_on"])}</div>'
        body = '<div class="post-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>"
        if risk("date_in_header"):
            o += [f'<div class="post-head">{who}{date}</div>', body]
        else:
            o += [f'<div class="post-head">{who}</div>', body, date]
        o.append("</div>")
    for r in more_info(entry):
        o.append('<div class="box more-info"><div class="box-title">More Info</div><div class="box-body">')
        o += ["<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"])]
        o.append("</div></div>")
    sims = similar(entry)
    if sims:
        o.append('<div class="box similar"><div class="box-title">Similar Q&amp;A</div><div class="box-body">')
        for s in sims:
            u = path_of(s["url"])
            doc = f'<div class="topic-doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</div>'
            o.append('<div class="topic">')
            if risk("doctor_first"):
                o.append(doc)
            o += [
                f'<div class="topic-title"><a href="{e(u)}">{e(s["title"])}</a></div>',
                f'<div class="topic-q">{e(s["question_snippet"])}</div>',
            ]
            if not risk("doctor_first"):
                o.append(doc)
            o += [
                f'<div class="topic-a">{e(s["reply_snippet"])}</div>',
                f'<div class="topic-more"><a href="{e(u)}">[Read More] {e(s["title"])}</a></div>',
                "</div>",
            ]
        o.append("</div></div>")
    fs = faqs(entry)
    if fs:
        o.append('<div class="box faq"><div class="box-title">Related FAQ</div><div class="box-body"><table>')
        o += [
            f'<tr><td><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a></td><td>({e(f["department"])})</td></tr>'
            for f in fs
        ]
        o.append("</table></div></div>")
    o += [
        "</div>",
        '<div class="foot">' + " | ".join(f'<a href="/en/{slug(x)}">{x}</a>' for x in FOOTER_LINKS) + "</div>",
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: portal -----------------------------------------------------------------------------
OTHERS: list[dict] = []  # other records, for the "Latest questions" box


def portal(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "</head>",
        "<body>",
        '<div class="page"><div class="col-left">',
        '<div class="widget"><h2>Departments</h2><ul>'
        + "".join(f'<li><a href="/en/dept/{slug(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></div>",
    ]
    if risk("latest_box"):
        others = [x for x in OTHERS if x["question"]["source_url"] != q["source_url"]][:3]
        o.append('<div class="widget latest"><h2>Latest questions</h2><ul>')
        for x in others:
            xq = x["question"]
            o.append(
                f'<li><a href="{e(path_of(xq["source_url"]))}">{e(xq["title"])}</a>'
                f'<div class="meta">Ask Date: {slash(xq["asked_on"])}</div></li>'
            )
        o.append("</ul></div>")
    o += [
        "</div>",
        '<div class="col-main"><article class="qa">',
        f"<h1>{head}</h1>",
        '<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>',
        f'<section class="question"><h2>{e(q["title"])}</h2><div>'
        + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"]))
        + f'</div><div class="asker">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</div></section>',
    ]
    for r in doctors(entry):
        o.append(
            f'<section class="answer"><div class="doctor">Dr. {e(r["doctor_name"])} reply {e(r["department"])}</div>'
            '<div class="body"><p>' + "<br>".join(e(x) for x in lines(r["body"])) + "</p></div>"
            f'<div class="date">Reply Date: {slash(r["replied_on"])}</div></section>'
        )
    for r in more_info(entry):
        o.append(
            '<section class="more-info"><h3>More Info</h3><div>'
            + "".join("<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
            + "</div></section>"
        )
    sims = similar(entry)
    if sims:
        o.append('<section class="similar"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            u = path_of(s["url"])
            o.append(
                f'<div class="item"><h4><a href="{e(u)}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f"<div>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</div><p>{e(s['reply_snippet'])}</p>"
                f'<a href="{e(u)}">[Read More] {e(s["title"])}</a></div>'
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
    o += [
        "</article></div>",
        '<div class="col-right"><div class="widget"><h2>Top doctors</h2>',
        "<p>Dr. Chen Mingde reply Cardiology</p><p>Dr. Lin Yuting reply Orthopedics</p></div>",
        '<div class="widget"><h2>Editor picks</h2><p>[Read More] <a href="/en/blog/sleep">How to sleep better</a></p></div>',
        "</div></div>",
        "<footer><p>&copy; AskDoctor</p></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: seo --------------------------------------------------------------------------------
def seo(entry: dict) -> str:
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        f'<meta name="description" content="{e((q["body"] or "")[:150])}">',
        "</head>",
        "<body>",
        '<header class="bar"><a class="brand" href="/en/">AskDoctor</a></header>',
        '<main><article class="qa">',
        '<ol class="crumbs"><li><a href="/en/">Home</a></li>'
        f'<li><a href="/en/dept/{slug(q["department"])}">{e(q["department"])}</a></li></ol>',
    ]
    if risk("headline_title_only"):
        o.append(f'<h1 class="q-title">{e(q["title"])}</h1>')
        o.append('<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>')
    else:
        o.append(f'<p class="kicker">{head}</p>')
        o.append('<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>')
        o.append(f'<h1 class="q-title">{e(q["title"])}</h1>')
    o += [
        '<div class="q-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        f'<p class="asker">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p>',
    ]
    for r in doctors(entry):
        o.append(
            f'<div class="answer"><p class="doctor">Dr. {e(r["doctor_name"])} reply {e(r["department"])}</p>'
            '<div class="body"><p>' + "<br>".join(e(x) for x in lines(r["body"])) + "</p></div>"
            f'<p class="date">Reply Date: {slash(r["replied_on"])}</p></div>'
        )
    for r in more_info(entry):
        o.append(
            '<section class="more-info"><h2>More Info</h2>'
            + "".join("<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
            + "</section>"
        )
    sims = similar(entry)
    if sims:
        o.append('<section class="similar"><h2>Similar Q&amp;A</h2>')
        for s in sims:
            u = path_of(s["url"])
            o.append(
                f'<div class="item"><h3><a href="{e(u)}">{e(s["title"])}</a></h3><p>{e(s["question_snippet"])}</p>'
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(u)}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section class="faq"><h2>Related FAQ</h2><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])} ({e(f["department"])})</a></li>' for f in fs
            )
            + "</ul></section>"
        )
    o += ["</article></main>", "<footer><p>&copy; AskDoctor</p></footer>", "</body>", "</html>"]
    return "\n".join(o)


# ---- design: cms --------------------------------------------------------------------------------
def cms(entry: dict) -> str:
    """A WordPress block theme: wp-block-* groups and columns, the article rendered from Markdown."""
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    faq_box = ""
    fs = faqs(entry)
    if fs:
        faq_box = (
            '<div class="wp-block-group related-faq"><h3 class="wp-block-heading">Related FAQ</h3>'
            '<ul class="wp-block-list">'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs
            )
            + "</ul></div>"
        )
    o = [
        "<!DOCTYPE html>",
        '<html lang="en-US">',
        "<head>",
        '<meta charset="UTF-8">',
        f"<title>{head} | AskDoctor</title>",
        f"<link rel='canonical' href='{e(q['source_url'])}' />",
        "<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css' media='all' />",
        "</head>",
        '<body class="single single-qa wp-embed-responsive">',
        '<div class="wp-site-blocks">',
        '<header class="wp-block-template-part"><div class="wp-block-group"><p class="wp-block-site-title">'
        '<a href="/en/" rel="home">AskDoctor</a></p><nav class="wp-block-navigation"><ul><li><a href="/en/ask">Ask</a></li>'
        "</ul></nav></div></header>",
        '<main class="wp-block-group">',
        f'<h1 class="wp-block-post-title">{head}</h1>',
        '<div class="wp-block-group share"><p>Share to: <a href="#"><svg width="20" height="20"><path d="M0 0h20v20H0z"/></svg></a></p></div>',
        '<div class="wp-block-columns">',
        '<div class="wp-block-column" style="flex-basis:66.66%">',
        f'<h2 class="wp-block-heading">{e(q["title"])}</h2>',
        *(f"<p>{e(x)}</p>" for x in lines(q["body"])),
        f'<p class="has-small-font-size">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p>',
        "</div>",
        '<div class="wp-block-column" style="flex-basis:33.33%">'
        + (faq_box if risk("faq_beside_question") else "")
        + "</div>",
        "</div>",
    ]
    for r in doctors(entry):
        o += [
            '<div class="wp-block-group answer">',
            f'<p class="has-medium-font-size"><strong>Dr. {e(r["doctor_name"])}</strong> reply {e(r["department"])}</p>',
            *(f"<p>{e(x)}</p>" for x in lines(r["body"])),
            f'<p class="has-small-font-size">Reply Date: {slash(r["replied_on"])}</p>',
            "</div>",
        ]
    for r in more_info(entry):
        o.append('<div class="wp-block-group more-info"><h3 class="wp-block-heading">More Info</h3>')
        for p in paragraphs(r["body"]):
            chunk = []
            for x in p:
                if risk("mi_subheads") and x.endswith(":") and len(x) < 60:  # Markdown "### ..." lines
                    if chunk:
                        o.append("<p>" + "<br>".join(chunk) + "</p>")
                        chunk = []
                    o.append(f'<h3 class="wp-block-heading">{e(x)}</h3>')
                else:
                    chunk.append(e(x))
            if chunk:
                o.append("<p>" + "<br>".join(chunk) + "</p>")
        o.append("</div>")
    o.append(
        '<div class="wp-block-group disclaimer"><h4 class="wp-block-heading">Medical disclaimer</h4><p>The '
        "information on AskDoctor is provided for general educational purposes only. It is not a substitute for "
        "professional medical advice, diagnosis or treatment. Always seek the advice of your physician or another "
        "qualified health provider with any questions you may have regarding a medical condition, and never "
        "disregard professional advice because of something you have read on this website.</p></div>"
    )
    sims = similar(entry)
    if sims:
        o.append('<div class="wp-block-group similar"><h3 class="wp-block-heading">Similar Q&amp;A</h3>')
        for s in sims:
            u = path_of(s["url"])
            o.append(
                f'<div class="wp-block-group"><h4 class="wp-block-heading"><a href="{e(u)}">{e(s["title"])}</a></h4>'
                f"<p>{e(s['question_snippet'])}</p><p><em>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</em></p>"
                f'<p>{e(s["reply_snippet"])}</p><p><a href="{e(u)}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</div>")
    if fs and not risk("faq_beside_question"):
        o.append(faq_box)
    o += [
        "</main>",
        '<footer class="wp-block-template-part"><div class="wp-block-columns">',
        '<div class="wp-block-column"><h4 class="wp-block-heading">About</h4><ul><li><a href="/en/about">About us</a></li>'
        '<li><a href="/en/doctors">Our doctors</a></li></ul></div>',
        '<div class="wp-block-column"><h4 class="wp-block-heading">More info</h4>'
        + ("<p>Customer service: Mon&ndash;Fri 9:00&ndash;18:00</p>" if risk("footer_more_info") else "")
        + '<ul><li><a href="/en/help">Help center</a></li><li><a href="/en/privacy">Privacy</a></li></ul></div>',
        "</div><p>&copy; 2024 AskDoctor</p></footer>",
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: a11y -------------------------------------------------------------------------------
def a11y(entry: dict) -> str:
    """An accessibility-first relaunch: landmarks, expanded abbreviations, find-in-page collapsibles."""
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    dr = (
        '<span aria-hidden="true">Dr.</span><span class="visually-hidden">Doctor</span>'
        if risk("aria_hidden_abbr")
        else '<abbr title="Doctor">Dr.</abbr>'
    )
    if risk("share_list"):
        share = (
            '<ul class="share" aria-label="Share"><li>Share to:</li><li><a href="#fb">Facebook</a></li>'
            '<li><a href="#line">LINE</a></li><li><a href="#mail">E-mail</a></li></ul>'
        )
    else:
        share = (
            '<p class="share">Share to: <a href="#fb">Facebook</a> <a href="#line">LINE</a> '
            '<a href="#mail">E-mail</a></p>'
        )
    o = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "</head>",
        "<body>",
        '<a class="skip-link" href="#content">Skip to content</a>',
        '<header role="banner"><a href="/en/">AskDoctor</a><nav aria-label="Main"><ul><li><a href="/en/ask">Ask</a></li>'
        "</ul></nav></header>",
        '<main id="content" tabindex="-1"><article aria-labelledby="headline">',
        f'<h1 id="headline">{head}</h1>',
        share,
        f'<section aria-label="Question"><h2>{e(q["title"])}</h2>',
        *(f"<p>{e(x)}</p>" for x in lines(q["body"])),
        f'<p class="asker">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p></section>',
    ]
    for n, r in enumerate(doctors(entry)):
        o += [
            f'<section aria-labelledby="a{n}" class="answer">',
            f'<h3 id="a{n}" class="doctor">{dr} {e(r["doctor_name"])} reply {e(r["department"])}</h3>',
            *(f"<p>{e(x)}</p>" for x in lines(r["body"])),
            f'<p class="date">Reply Date: {slash(r["replied_on"])}</p>',
            "</section>",
        ]
    for r in more_info(entry):
        hid = ' hidden="until-found"' if risk("until_found") else ""
        o.append(
            '<section class="more-info" aria-labelledby="mi"><h2 id="mi">More Info</h2>'
            f'<button type="button" aria-expanded="false" aria-controls="mi-body">Show</button><div id="mi-body"{hid}>'
        )
        o += ["<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"])]
        o.append("</div></section>")
    sims = similar(entry)
    if sims:
        o.append('<section aria-labelledby="sim"><h2 id="sim">Similar Q&amp;A</h2><ul class="similar">')
        for s in sims:
            u = path_of(s["url"])
            o.append(
                f'<li><h3><a href="{e(u)}">{e(s["title"])}</a></h3><p>{e(s["question_snippet"])}</p>'
                f"<p>{dr} {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(u)}">[Read More] {e(s["title"])}</a></p></li>'
            )
        o.append("</ul></section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section aria-labelledby="faq"><h2 id="faq">Related FAQ</h2><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs
            )
            + "</ul></section>"
        )
    o += ["</article></main>", '<footer role="contentinfo"><p>&copy; AskDoctor</p></footer>', "</body>", "</html>"]
    return "\n".join(o)


# ---- design: tailwind ---------------------------------------------------------------------------
def tailwind(entry: dict) -> str:
    """Utility-class markup: spans and anchors made blocks by classes ("block", "flex")."""
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    o = [
        "<!doctype html>",
        '<html lang="en" class="h-full bg-gray-50">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<link href="/build/tailwind.css" rel="stylesheet">',
        "</head>",
        '<body class="h-full">',
        '<div class="mx-auto max-w-3xl px-4 py-8">',
        f'<h1 class="text-2xl font-bold tracking-tight text-gray-900">{head}</h1>',
        '<div class="mt-2 flex items-center gap-x-2 text-sm text-gray-500">Share to: <a href="#" class="hover:text-gray-700">'
        '<svg class="h-5 w-5" fill="currentColor" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg></a></div>',
        '<div class="mt-6 rounded-lg bg-white p-6 shadow">',
        f'<h2 class="text-lg font-semibold">{e(q["title"])}</h2>',
        '<div class="mt-2 space-y-1 text-gray-700">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        f'<p class="mt-4 text-xs text-gray-500">{e(asker_text(q))}Ask Date: {slash(q["asked_on"])}</p>',
        "</div>",
    ]
    for r in doctors(entry):
        if risk("doctor_split"):
            who = (
                f'<div class="flex items-center gap-x-3"><img class="h-10 w-10 rounded-full" loading="lazy" '
                f'src="/img/dr/{slug(r["doctor_name"])}.jpg" alt=""><div><p class="font-semibold">Dr. '
                f'{e(r["doctor_name"])}</p><p class="text-sm text-gray-500">reply {e(r["department"])}</p></div></div>'
            )
        else:
            who = (
                f'<div class="flex items-center gap-x-3"><img class="h-10 w-10 rounded-full" loading="lazy" '
                f'src="/img/dr/{slug(r["doctor_name"])}.jpg" alt=""><p><span class="font-semibold">Dr. '
                f'{e(r["doctor_name"])}</span> <span class="text-sm text-gray-500">reply {e(r["department"])}</span></p></div>'
            )
        date = f'<span class="mt-3 block text-xs text-gray-400">Reply Date: {slash(r["replied_on"])}</span>'
        body = "<br>".join(e(x) for x in lines(r["body"]))
        if risk("block_span_date"):
            text = f'<p class="mt-3 text-gray-700">{body}{date}</p>'
        else:
            text = f'<p class="mt-3 text-gray-700">{body}</p><p>{date}</p>'
        o.append(f'<div class="mt-4 rounded-lg bg-white p-6 shadow">{who}{text}</div>')
    for r in more_info(entry):
        o.append(
            '<div class="mt-8"><h2 class="text-lg font-semibold">More Info</h2><div class="prose mt-2">'
            + "".join("<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
            + "</div></div>"
        )
    sims = similar(entry)
    if sims:
        o.append(
            '<div class="mt-8"><h2 class="text-lg font-semibold">Similar Q&amp;A</h2><ul role="list" class="mt-3 grid gap-4">'
        )
        for s in sims:
            u = path_of(s["url"])
            chip = (
                (
                    f'<a href="/en/dept/{slug(s["department"])}" class="inline-flex rounded-full bg-indigo-50 px-2 text-xs">'
                    f"{e(s['department'])}</a>"
                )
                if risk("chip_before_title")
                else ""
            )
            o.append(
                f'<li class="rounded-lg bg-white p-4 shadow"><div class="flex justify-between">{chip}</div>'
                f'<h3 class="mt-1 font-medium"><a href="{e(u)}">{e(s["title"])}</a></h3>'
                f'<p class="mt-1 text-sm text-gray-600">{e(s["question_snippet"])}</p>'
                f'<p class="mt-2 text-sm font-semibold">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p>'
                f'<p class="text-sm text-gray-600">{e(s["reply_snippet"])}</p></li>'
            )
        o.append("</ul></div>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<div class="mt-8"><h2 class="text-lg font-semibold">Related FAQ</h2><div class="mt-3 flex flex-wrap gap-2">'
            + "".join(
                f'<a href="{e(path_of(f["url"]))}" class="rounded-full border px-3 py-1 text-sm">'
                f'<span>{e(f["title"])}</span> <span class="text-gray-400">({e(f["department"])})</span></a>'
                for f in fs
            )
            + "</div></div>"
        )
    o += [
        "</div>",
        '<footer class="border-t py-6 text-center text-xs text-gray-500">&copy; AskDoctor</footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(o)


# ---- design: stack ------------------------------------------------------------------------------
def stack(entry: dict) -> str:
    """Current-like markup; the question is a post card whose meta row (avatar, asker, date) is on top."""
    q = entry["question"]
    head = f"{e(q['page_title'])} - {e(q['department'])}"
    meta = (
        f'<div class="post-meta"><img class="avatar" loading="lazy" src="/img/anon.png" alt="">'
        f"{e(asker_text(q))}Ask Date: {slash(q['asked_on'])}</div>"
    )
    o = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{head} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        "</head>",
        "<body>",
        '<main><article class="qa">',
        f"<h1>{head}</h1>",
        '<div class="share">Share to: <a href="#">Facebook</a></div>',
        '<div class="post">',
        meta if risk("asker_on_top") else "",
        f'<h2 class="post-title">{e(q["title"])}</h2>',
        '<div class="post-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        "" if risk("asker_on_top") else meta,
        "</div>",
    ]
    for r in doctors(entry):
        o.append(
            f'<div class="post answer"><div class="doctor">Dr. {e(r["doctor_name"])} reply {e(r["department"])}</div>'
            '<div class="post-body"><p>' + "<br>".join(e(x) for x in lines(r["body"])) + "</p></div>"
            f'<div class="date">Reply Date: {slash(r["replied_on"])}</div></div>'
        )
    for r in more_info(entry):
        o.append(
            '<section class="more-info"><h3>More Info</h3>'
            + "".join("<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
            + "</section>"
        )
    sims = similar(entry)
    if sims:
        o.append('<section class="similar"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            u = path_of(s["url"])
            o.append(
                f'<div class="item"><h4><a href="{e(u)}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(u)}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section class="faq"><h3>Related FAQ</h3><ul>'
            + "".join(
                f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs
            )
            + "</ul></section>"
        )
    o += ["</article></main>", "</body>", "</html>"]
    return "\n".join(x for x in o if x)


DESIGNS = {
    "bootstrap": bootstrap,
    "components": components,
    "semantic": semantic,
    "legacy": legacy,
    "magazine": magazine,
    "material": material,
    "forum": forum,
    "portal": portal,
    "seo": seo,
    "cms": cms,
    "a11y": a11y,
    "tailwind": tailwind,
    "stack": stack,
}


def write(out: Path, designs: dict) -> None:
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]]
    OTHERS[:] = pages
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design, render in designs.items():
        folder = out / design
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.html"):
            old.unlink()
        for entry in pages:
            page = copy.deepcopy(entry)
            page["file"] = f"{design}/{page['question']['question_id_hint']}.html"
            page.pop("template", None)
            page.pop("encoding", None)
            html = render(page)
            (out / page["file"]).write_bytes(html.encode("utf-8"))  # bytes: keep CRLF as written
            truth.append(page)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> None:
    global ON
    if argv[:1] == ["--safe"]:
        ON = set()
        write(Path(argv[1]), DESIGNS)
    elif argv[:1] == ["--only"]:
        feats = set(argv[1].split(","))
        ON = feats
        designs = {d: f for d, f in DESIGNS.items() if feats & set(RISKS[d])}
        write(Path(argv[2]), designs)
    else:
        write(Path(argv[0]), DESIGNS)


if __name__ == "__main__":
    main(sys.argv[1:])
