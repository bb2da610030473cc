# ruff: noqa: E501
"""A ninth attack (written by a helper to break the parser): 8 designs x 20 pages from
tests/corpus/truth.jsonl (the same 20 records as variants8.py: valid with a source URL, every record
with two doctor replies, then the first others, in corpus order).

    python variants9.py OUT          # OUT/<design>/<id>.<ext> and OUT/truth.jsonl

Runs from a clone's tests/designs/ folder, or from anywhere with the clone found by walking up from
the current directory (or $QA_ETL_REPO).

Truth = the record (what a reader of the page says the fields are), unchanged unless said. Site labels
kept ("<page_title> - <dept>", "Share to:", "Ask Date:", "Dr. X reply Dept", "Reply Date:", "More Info",
"Similar Q&A", "[Read More] <title>", "Related FAQ", "<topic> (<dept>)") unless said.

Designs:
- quote-q       : the question's body in a <blockquote class="question-text"> with the HTML5 attribution
                  pattern INSIDE it: <footer>— <cite>Jie</cite>, 20~29 year old female</footer> (no
                  trailing "."); "Ask Date: ..." in its own <p class="meta"> after the blockquote. Pages
                  without an asker: no footer. Replies as the site's.
- rowspan       : replies in one <table class="answers"> with a "Doctor | Answer" header row; each reply
                  two rows: the doctor cell (avatar <img alt=""> + "Dr. X reply Dept") with rowspan="2",
                  the body cell; then a row with only the "Reply Date: ..." cell (the doctor cell spans it).
                  Similar Q&A as a table "Department | Question | Answered by | Answer": the department
                  cell has rowspan=k over consecutive entries of the same department (record order kept),
                  the question cell the title link + question snippet, "Answered by" = "Dr. X", the answer
                  cell the reply snippet + "[Read More] <title>". Truth: each entry's department is its
                  group's (a reader reads the merged cell for every row it spans).
- lit-dsd       : Lit SSR web components with declarative shadow DOM and SLOTS: the labels ("Ask Date:",
                  "Reply Date:", "More Info", "Similar Q&A", "Related FAQ") and the layout live in each
                  <template shadowrootmode="open"> (with <!--lit-part--> markers); the values are light-DOM
                  children assigned to named slots, in a different order from the one the shadow tree shows:
                  <qa-question>: light DOM date, asker, body, title -> shown title, body, asker + "Ask Date:"
                  + date; <qa-answer>: light DOM date, body, doctor line -> shown doctor line, body, "Reply
                  Date:" + date. Sections: the heading in the shadow tree, entries in the default slot.
                  Truth: the record (what the browser renders).
- jump-menu     : every heading is a <div role="heading" aria-level="N"> (headline 1, title 2, section labels
                  3, Similar Q&A titles 4), no <h1>-<h6> at all; Related FAQ as a jump menu: the label
                  "Related FAQ" (role=heading, a <label for>), then <select onchange="location=this.value">
                  with a disabled placeholder "Choose a topic…" and one <option value="<url>">Topic (Dept)</option>
                  per entry, a <noscript><button>Go</button></noscript>. Truth: the record (the options are
                  what a reader can pick; url = the option's value).
- timeago       : dates as <time class="timeago" datetime=... title=...>: n % 4 == 0 the visible text relative,
                  timeago.js style ("9 years ago", as of 2025-01-05; datetime "2015-11-06T10:03:00+08:00",
                  the day also in title=); n % 4 == 2 relative too, but the datetime is the server's UTC ISO
                  string (toISOString) of an early-morning Taipei time, "2015-11-05T22:03:00.000Z", the
                  title= local ("Friday, 6 November 2015 06:03"); n % 4 == 1 "Fri, 6 Nov 2015"; n % 4 == 3
                  "Friday, November 6, 2015" (Angular DatePipe 'fullDate'). Truth: the record (the site's
                  local day, as the page's title= tooltip says).
- hyphenate     : server-side hyphenation (Hyphenopoly / php-hyphenator) of the content: a soft hyphen
                  (&shy;) every 3 letters inside every word of 8+ letters of titles, bodies, department
                  names (headline, doctor lines, entries, FAQ), snippets and FAQ topics; <wbr> after each
                  "/" of dates ("2015/<wbr>11/<wbr>06") and inside long doctor links' text none. Truth: the
                  record (soft hyphens and <wbr> draw nothing unless the line breaks there).
- lazy-noscript : lazysizes' noscript extension: Similar Q&A and Related FAQ below the fold as <div
                  class="lazyload" data-noscript=""><noscript>...</noscript></div> (the browser swaps the
                  noscript's markup in when the box scrolls into view); even pages the section heading
                  outside the wrapper, odd pages inside it; doctors' avatars as <img class="lazyload"
                  data-src> + <noscript><img alt="Dr. X"></noscript>. Truth: the record (a reader sees both
                  sections).
- w3m-box       : `w3m -dump -cols 80` (UTF-8, no link numbers) of the site's printer-friendly page (print_html),
                  .txt: "Print this page | Back to the question", the headline, the question as a bordered
                  one-column table (title / body / asker line rows), the replies as a bordered two-column
                  table "Doctor | Answer" (left "Dr. X reply Dept" <br> "Reply Date: ...", wrapped inside its
                  30 % cell; right the body wrapped inside its cell), drawn with box characters
                  ┌─┬┐│├┼┤└┴┘; More Info, Similar Q&A as text; Related FAQ as "  • Topic (Dept)" items. Made by
                  the real w3m where it is installed (apt-get install w3m; w3m 0.5.3), else by w3m_sim, a
                  close imitation. Truth: link urls and source_url null (the dump prints none).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

sys.dont_write_bytecode = True


def _repo() -> Path:
    here = Path(__file__).resolve()
    if (here.parent / "variants5.py").is_file():
        return here.parents[2]
    for p in [Path(os.environ["QA_ETL_REPO"])] if os.environ.get("QA_ETL_REPO") else []:
        return p.resolve()
    for p in [Path.cwd(), *Path.cwd().parents]:
        if (p / "tests" / "designs" / "variants5.py").is_file():
            return p
    return Path("/tmp/attack15b")


REPO = _repo()
sys.path.insert(0, str(REPO / "tests" / "designs"))
from variants5 import (  # noqa: E402
    HOST,
    age_gender,
    asker_prefix,
    dept_url,
    doc_url,
    doctors,
    e,
    faqs,
    headline,
    lines,
    more_info,
    paragraphs,
    similar,
    slash,
    ymd,
)

TRUTH = REPO / "tests" / "corpus" / "truth.jsonl"
PAGES = 20
N = 0


def asker_line(q: dict) -> str:
    p = asker_prefix(q)
    return (p + " " if p else "") + f"Ask Date: {slash(q['asked_on'])}"


def head(q: dict, lang: str = "en", extra: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(headline(q))} | AskDoctor</title><link rel="canonical" href="{e(q["source_url"])}">{extra}</head>'
    )


NAV = (
    f'<header class="site-header"><a class="logo" href="{HOST}/en/">AskDoctor</a><nav>'
    + " ".join(f'<a href="{dept_url(d)}">{d}</a>' for d in ["Orthopedics", "Neurology", "Cardiology", "Pediatrics"])
    + "</nav></header>"
)
FOOT = '<footer class="site-footer"><p>© 2015 AskDoctor. Answers do not replace a visit to your doctor.</p></footer>'
SHARE = '<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>'


def ps(text: str | None) -> str:
    return "".join("<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(text))


def lps(text: str | None) -> str:
    return "".join(f"<p>{e(x)}</p>" for x in lines(text))


def doctor_line(r: dict) -> str:
    n, d = r["doctor_name"], r["department"]
    return f'Dr. <a href="{doc_url(n)}">{e(n)}</a> reply <a href="{dept_url(d)}">{e(d)}</a>'


def sim_block(s: dict, tag: str = "div", cls: str = "sim") -> str:
    return (
        f'<{tag} class="{cls}"><h4><a href="{e(s["url"])}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
        f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
        f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></{tag}>'
    )


def faq_li(f: dict) -> str:
    return f'<li><a href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>'


def sims_aside(entry: dict) -> str:
    sims = similar(entry)
    if not sims:
        return ""
    return '<aside class="similar-qa"><h3>Similar Q&amp;A</h3>' + "".join(sim_block(s) for s in sims) + "</aside>"


def faq_aside(entry: dict) -> str:
    fs = faqs(entry)
    if not fs:
        return ""
    return '<aside class="related-faq"><h3>Related FAQ</h3><ul>' + "".join(faq_li(f) for f in fs) + "</ul></aside>"


def std_replies(entry: dict) -> list[str]:
    o = []
    for r in doctors(entry):
        o.append(
            f'<section class="answer"><div class="doctor-line">{doctor_line(r)}</div><div class="answer-body">{lps(r["body"])}</div>'
            f'<div class="reply-date">Reply Date: {slash(r["replied_on"])}</div></section>'
        )
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    return o


# ------------------------------------------------------------------ quote-q
def quote_q(entry: dict) -> str:
    q = entry["question"]
    o = [
        head(q),
        "<body>",
        NAV,
        '<main><article class="qa-article">',
        f'<h1 class="qa-headline">{e(headline(q))}</h1>',
        SHARE,
    ]
    foot = ""
    if q["asker_name"] or q["asker_age_min"] is not None:
        who = f"<cite>{e(q['asker_name'])}</cite>" if q["asker_name"] else ""
        ag = age_gender(q) if q["asker_age_min"] is not None else ""
        foot = f'<footer class="attribution">— {who}{", " if who and ag else ""}{e(ag)}</footer>'
    o.append(
        f'<section class="question"><h2 class="question-title">{e(q["title"])}</h2>'
        f'<blockquote class="question-text">{lps(q["body"])}{foot}</blockquote>'
        f'<p class="meta">Ask Date: {slash(q["asked_on"])}</p></section>'
    )
    o += std_replies(entry)
    o += [sims_aside(entry), faq_aside(entry)]
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ rowspan
def rowspan(entry: dict) -> str:
    q = entry["question"]
    o = [
        head(
            q,
            extra="<style>table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:8px;vertical-align:top}</style>",
        ),
        "<body>",
        NAV,
        '<main><article class="qa-article">',
        f'<h1 class="qa-headline">{e(headline(q))}</h1>',
        SHARE,
        f'<section class="question"><h2>{e(q["title"])}</h2><div class="question-body">{lps(q["body"])}</div>'
        f'<div class="asker-meta">{e(asker_line(q))}</div></section>',
    ]
    ds = doctors(entry)
    if ds:
        o.append('<table class="answers"><thead><tr><th>Doctor</th><th>Answer</th></tr></thead><tbody>')
        for r in ds:
            o.append(
                f'<tr><td rowspan="2" class="doc"><img class="avatar" src="/img/doc/{r["doctor_name"].replace(" ", "-").lower()}.jpg" alt="" width="48" height="48"><br>{doctor_line(r)}</td>'
                f'<td class="body">{lps(r["body"])}</td></tr>'
                f'<tr><td class="date">Reply Date: {slash(r["replied_on"])}</td></tr>'
            )
        o.append("</tbody></table>")
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    sims = similar(entry)
    if sims:
        groups: list[list[dict]] = []
        for s in sims:
            if groups and groups[-1][0]["department"] == s["department"]:
                groups[-1].append(s)
            else:
                groups.append([s])
        o.append(
            '<section class="similar-qa"><h3>Similar Q&amp;A</h3><table class="sim-table"><thead><tr>'
            "<th>Department</th><th>Question</th><th>Answered by</th><th>Answer</th></tr></thead><tbody>"
        )
        for g in groups:
            for i, s in enumerate(g):
                rs = f' rowspan="{len(g)}"' if len(g) > 1 else ""
                dcell = f'<td{rs} class="dept">{e(s["department"])}</td>' if i == 0 else ""
                o.append(
                    f'<tr>{dcell}<td><a href="{e(s["url"])}">{e(s["title"])}</a><br>{e(s["question_snippet"])}</td>'
                    f"<td>Dr. {e(s['doctor_name'])}</td>"
                    f'<td>{e(s["reply_snippet"])}<br><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></td></tr>'
                )
        o.append("</tbody></table></section>")
    o.append(faq_aside(entry))
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ lit-dsd
LIT = "<!--lit-part {h}-->"


def shadow(h: str, inner: str, css: str = ":host{display:block}") -> str:
    return f'<template shadowroot="open" shadowrootmode="open"><style>{css}</style>{LIT.format(h=h)}{inner}<!--/lit-part--></template>'


def lit_dsd(entry: dict) -> str:
    q = entry["question"]
    o = [
        head(q, extra='<script type="module" src="/static/qa-components.js"></script>'),
        "<body>",
        NAV,
        '<main><qa-page><article class="qa-article">',
        f"<h1>{e(headline(q))}</h1>",
        SHARE,
    ]
    p = asker_prefix(q)
    o.append(
        "<qa-question>"
        + shadow(
            "Qm2x8A1=",
            '<h2 class="title"><slot name="title"></slot></h2><div class="body"><slot></slot></div>'
            '<p class="meta"><!--lit-part--><slot name="asker"></slot><!--/lit-part--> Ask Date: <slot name="date"></slot></p>',
        )
        + f'<time slot="date" datetime="{q["asked_on"]}">{slash(q["asked_on"])}</time>'
        + (f'<span slot="asker">{e(p)}</span>' if p else "")
        + lps(q["body"])
        + f'<span slot="title">{e(q["title"])}</span>'
        + "</qa-question>"
    )
    for r in doctors(entry):
        o.append(
            "<qa-answer>"
            + shadow(
                "Rk0p1Zq=",
                '<header class="doctor"><slot name="doctor"></slot></header><div class="body"><slot></slot></div>'
                '<footer class="date">Reply Date: <slot name="date"></slot></footer>',
            )
            + f'<time slot="date" datetime="{r["replied_on"]}">{slash(r["replied_on"])}</time>'
            + lps(r["body"])
            + f'<span slot="doctor">{doctor_line(r)}</span>'
            + "</qa-answer>"
        )
    for r in more_info(entry):
        o.append(
            '<qa-section kind="more-info">'
            + shadow("Mi7sQw0=", '<h3>More Info</h3><div class="content"><slot></slot></div>')
            + ps(r["body"])
            + "</qa-section>"
        )
    sims = similar(entry)
    if sims:
        o.append(
            '<qa-section kind="similar">'
            + shadow("Sx9Lk2c=", '<h3>Similar Q&amp;A</h3><div class="list"><slot></slot></div>')
            + "".join(sim_block(s, "qa-card", "sim") for s in sims)
            + "</qa-section>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            '<qa-section kind="faq">'
            + shadow("Fq3Vb8n=", '<h3>Related FAQ</h3><ul class="chips"><slot></slot></ul>')
            + "".join(faq_li(f) for f in fs)
            + "</qa-section>"
        )
    o.append("</article></qa-page></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ jump-menu
def hd(level: int, inner: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<div role="heading" aria-level="{level}"{c}>{inner}</div>'


FAQ_LABEL = '<label for="faq-menu">Related FAQ</label>'


def sim_link(s: dict) -> str:
    return f'<a href="{e(s["url"])}">{e(s["title"])}</a>'


def jump_menu(entry: dict) -> str:
    q = entry["question"]
    o = [head(q), "<body>", NAV, '<main><div class="qa-article">', hd(1, e(headline(q)), "headline"), SHARE]
    o.append(
        f'<div class="question">{hd(2, e(q["title"]), "q-title")}<div class="question-body">{lps(q["body"])}</div>'
        f'<div class="asker-meta">{e(asker_line(q))}</div></div>'
    )
    for r in doctors(entry):
        o.append(
            f'<div class="answer"><div class="doctor-line">{doctor_line(r)}</div><div class="answer-body">{lps(r["body"])}</div>'
            f'<div class="reply-date">Reply Date: {slash(r["replied_on"])}</div></div>'
        )
    for r in more_info(entry):
        o.append(f'<div class="more-info">{hd(3, "More Info")}{ps(r["body"])}</div>')
    sims = similar(entry)
    if sims:
        o.append(
            f'<div class="similar-qa">{hd(3, "Similar Q&amp;A")}'
            + "".join(
                f'<div class="sim">{hd(4, sim_link(s))}<p>{e(s["question_snippet"])}</p>'
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></div>'
                for s in sims
            )
            + "</div>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            f'<form class="related-faq" action="/en/go" method="get">{hd(3, FAQ_LABEL)}'
            '<select id="faq-menu" name="to" onchange="if(this.value)location.href=this.value">'
            '<option value="" selected disabled>Choose a topic…</option>'
            + "".join(f'<option value="{e(f["url"])}">{e(f["title"])} ({e(f["department"])})</option>' for f in fs)
            + '</select><noscript><button type="submit">Go</button></noscript></form>'
        )
    o.append("</div></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ timeago
NOW = dt.date(2025, 1, 5)


def ago(d: dt.date) -> str:
    years = NOW.year - d.year - ((NOW.month, NOW.day) < (d.month, d.day))
    if years >= 1:
        return f"{years} year{'s' if years > 1 else ''} ago"
    months = (NOW.year - d.year) * 12 + NOW.month - d.month - (NOW.day < d.day)
    return f"{months} months ago"


def tdate(day: str, hm: str) -> str:
    d = ymd(day)
    m = N % 4
    if m == 2:  # timeago.js fed the server's UTC ISO string (toISOString); the title is local (Taipei) time
        hm = "06:03" if hm == "10:03" else "07:32"
        local = dt.datetime.combine(d, dt.time(int(hm[:2]), int(hm[3:])), dt.timezone(dt.timedelta(hours=8)))
        utc = local.astimezone(dt.UTC)
        return f'<time class="timeago" datetime="{utc:%Y-%m-%dT%H:%M:%S.000Z}" title="{d:%A}, {d.day} {d:%B %Y} {hm}">{ago(d)}</time>'
    title = f"{d:%A}, {d.day} {d:%B %Y} {hm}"
    text = ago(d) if m == 0 else f"{d:%a}, {d.day} {d:%b %Y}" if m == 1 else f"{d:%A}, {d:%B} {d.day}, {d.year}"
    return f'<time class="timeago" datetime="{d.isoformat()}T{hm}:00+08:00" title="{title}">{text}</time>'


def timeago(entry: dict) -> str:
    q = entry["question"]
    p = asker_prefix(q)
    o = [
        head(q),
        "<body>",
        NAV,
        '<main><article class="qa-article">',
        f'<h1 class="qa-headline">{e(headline(q))}</h1>',
        SHARE,
    ]
    o.append(
        f'<section class="question"><h2>{e(q["title"])}</h2><div class="question-body">{lps(q["body"])}</div>'
        f'<div class="asker-meta">{e(p + " " if p else "")}Ask Date: {tdate(q["asked_on"], "10:03")}</div></section>'
    )
    for r in doctors(entry):
        o.append(
            f'<section class="answer"><div class="doctor-line">{doctor_line(r)}</div><div class="answer-body">{lps(r["body"])}</div>'
            f'<div class="reply-date">Reply Date: {tdate(r["replied_on"], "14:32")}</div></section>'
        )
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    o += [sims_aside(entry), faq_aside(entry)]
    o.append(
        "</article></main>"
        + FOOT
        + '<script src="/static/timeago.min.js"></script><script>timeago.render(document.querySelectorAll(".timeago"))</script></body></html>'
    )
    return "\n".join(o)


# ------------------------------------------------------------------ hyphenate
_LONG = re.compile(r"[A-Za-z]{8,}")


def hy(text: str | None) -> str:
    """Escaped text with a soft hyphen every 3 letters inside words of 8+ letters (not in the last 2)."""

    def cut(m: re.Match) -> str:
        w = m.group(0)
        parts = [w[i : i + 3] for i in range(0, len(w), 3)]
        if len(parts[-1]) < 2:
            last = parts.pop()
            parts[-1] += last
        return "&shy;".join(parts)

    return _LONG.sub(cut, e(text))


def hy_date(day: str) -> str:
    return slash(day).replace("/", "/<wbr>")


def hyphenate(entry: dict) -> str:
    q = entry["question"]
    p = asker_prefix(q)
    o = [
        head(q, extra="<style>.hyphenate{hyphens:manual;-webkit-hyphens:manual}</style>"),
        "<body>",
        NAV,
        '<main><article class="qa-article hyphenate">',
        f'<h1 class="qa-headline">{hy(q["page_title"])} - {hy(q["department"])}</h1>',
        SHARE,
        f'<section class="question"><h2>{hy(q["title"])}</h2><div class="question-body">'
        + "".join(f"<p>{hy(x)}</p>" for x in lines(q["body"]))
        + f'</div><div class="asker-meta">{hy(p + " " if p else "")}Ask Date: {hy_date(q["asked_on"])}</div></section>',
    ]
    for r in doctors(entry):
        n, d = r["doctor_name"], r["department"]
        o.append(
            f'<section class="answer"><div class="doctor-line">Dr. <a href="{doc_url(n)}">{hy(n)}</a> reply <a href="{dept_url(d)}">{hy(d)}</a></div>'
            f'<div class="answer-body">{"".join(f"<p>{hy(x)}</p>" for x in lines(r["body"]))}</div>'
            f'<div class="reply-date">Reply Date: {hy_date(r["replied_on"])}</div></section>'
        )
    for r in more_info(entry):
        o.append(
            '<section class="more-info"><h3>More Info</h3>'
            + "".join("<p>" + "<br>".join(hy(x) for x in par) + "</p>" for par in paragraphs(r["body"]))
            + "</section>"
        )
    sims = similar(entry)
    if sims:
        o.append(
            '<aside class="similar-qa"><h3>Similar Q&amp;A</h3>'
            + "".join(
                f'<div class="sim"><h4><a href="{e(s["url"])}">{hy(s["title"])}</a></h4><p>{hy(s["question_snippet"])}</p>'
                f"<p>Dr. {hy(s['doctor_name'])} reply {hy(s['department'])}</p><p>{hy(s['reply_snippet'])}</p>"
                f'<p><a href="{e(s["url"])}">[Read More] {hy(s["title"])}</a></p></div>'
                for s in sims
            )
            + "</aside>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            '<aside class="related-faq"><h3>Related FAQ</h3><ul>'
            + "".join(f'<li><a href="{e(f["url"])}">{hy(f["title"])}</a> ({hy(f["department"])})</li>' for f in fs)
            + "</ul></aside>"
        )
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ lazy-noscript
def lazy(inner: str) -> str:
    return f'<div class="lazyload" data-noscript=""><noscript>{inner}</noscript></div>'


def lazy_noscript(entry: dict) -> str:
    q = entry["question"]
    o = [
        head(
            q,
            extra='<script src="/static/lazysizes.min.js" async></script><script src="/static/ls.noscript.min.js" async></script>',
        ),
        "<body>",
        NAV,
        '<main><article class="qa-article">',
        f'<h1 class="qa-headline">{e(headline(q))}</h1>',
        SHARE,
        f'<section class="question"><h2>{e(q["title"])}</h2><div class="question-body">{lps(q["body"])}</div>'
        f'<div class="asker-meta">{e(asker_line(q))}</div></section>',
    ]
    for r in doctors(entry):
        n = r["doctor_name"]
        src = f"/img/doc/{n.replace(' ', '-').lower()}.jpg"
        o.append(
            f'<section class="answer"><div class="doctor-card"><img class="lazyload doc-photo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{src}" alt="Dr. {e(n)}">'
            f'<noscript><img class="doc-photo" src="{src}" alt="Dr. {e(n)}"></noscript>'
            f'<div class="doctor-line">{doctor_line(r)}</div></div><div class="answer-body">{lps(r["body"])}</div>'
            f'<div class="reply-date">Reply Date: {slash(r["replied_on"])}</div></section>'
        )
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    sims = similar(entry)
    if sims:
        body = "".join(sim_block(s) for s in sims)
        if N % 2 == 0:
            o.append('<aside class="similar-qa"><h3>Similar Q&amp;A</h3>' + lazy(body) + "</aside>")
        else:
            o.append('<aside class="similar-qa">' + lazy("<h3>Similar Q&amp;A</h3>" + body) + "</aside>")
    fs = faqs(entry)
    if fs:
        body = "<ul>" + "".join(faq_li(f) for f in fs) + "</ul>"
        if N % 2 == 0:
            o.append('<aside class="related-faq"><h3>Related FAQ</h3>' + lazy(body) + "</aside>")
        else:
            o.append('<aside class="related-faq">' + lazy("<h3>Related FAQ</h3>" + body) + "</aside>")
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ w3m-box
W = 80


def wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for ln in text.split("\n"):
        out += textwrap.wrap(ln, width, break_long_words=True, break_on_hyphens=False) or [""]
    return out


def box1(rows: list[list[str]]) -> list[str]:
    inner = W - 2
    o = ["┌" + "─" * inner + "┐"]
    for i, r in enumerate(rows):
        if i:
            o.append("├" + "─" * inner + "┤")
        o += ["│" + x.ljust(inner) + "│" for x in r]
    o.append("└" + "─" * inner + "┘")
    return o


def box2(rows: list[tuple[list[str], list[str]]], a: int, b: int, header: tuple[str, str] | None = None) -> list[str]:
    o = ["┌" + "─" * a + "┬" + "─" * b + "┐"]
    if header:
        o.append("│" + header[0].center(a) + "│" + header[1].center(b) + "│")
        o.append("├" + "─" * a + "┼" + "─" * b + "┤")
    for i, (left, right) in enumerate(rows):
        if i:
            o.append("├" + "─" * a + "┼" + "─" * b + "┤")
        for k in range(max(len(left), len(right))):
            lt = left[k] if k < len(left) else ""
            rt = right[k] if k < len(right) else ""
            o.append("│" + lt.ljust(a) + "│" + rt.ljust(b) + "│")
    o.append("└" + "─" * a + "┴" + "─" * b + "┘")
    return o


def print_html(entry: dict) -> str:
    """The site's printer-friendly page with bordered tables (what w3m is given)."""
    q = entry["question"]
    o = [
        head(q) + '<body onload="window.print()">',
        '<p><a href="#" onclick="window.print()">Print this page</a> | <a href="'
        + e(q["source_url"])
        + '">Back to the question</a></p>',
        f"<h1>{e(headline(q))}</h1><p>Share to: Facebook LINE</p>",
        f'<table border="1" width="100%"><tr><td><b>{e(q["title"])}</b></td></tr><tr><td>{"<br>".join(e(x) for x in lines(q["body"]))}</td></tr>'
        f"<tr><td>{e(asker_line(q))}</td></tr></table>",
    ]
    ds = doctors(entry)
    if ds:
        o.append('<table border="1" width="100%"><tr><th>Doctor</th><th>Answer</th></tr>')
        for r in ds:
            o.append(
                f'<tr><td width="30%">{doctor_line(r)}<br>Reply Date: {slash(r["replied_on"])}</td><td>{"<br>".join(e(x) for x in lines(r["body"]))}</td></tr>'
            )
        o.append("</table>")
    for r in more_info(entry):
        o.append(f"<h3>More Info</h3>{ps(r['body'])}")
    if similar(entry):
        o.append("<h3>Similar Q&amp;A</h3>" + "".join(sim_block(s) for s in similar(entry)))
    if faqs(entry):
        o.append("<h3>Related FAQ</h3><ul>" + "".join(faq_li(f) for f in faqs(entry)) + "</ul>")
    o.append("<p>© 2015 AskDoctor. Answers do not replace a visit to your doctor.</p></body></html>")
    return "\n".join(o)


def w3m_box(entry: dict) -> str:
    """Real `w3m -dump` of print_html when w3m is installed (apt-get install w3m), else w3m_sim."""
    if shutil.which("w3m"):
        res = subprocess.run(
            [
                "w3m",
                "-dump",
                "-cols",
                "80",
                "-T",
                "text/html",
                "-I",
                "UTF-8",
                "-O",
                "UTF-8",
                "-o",
                "display_charset=UTF-8",
            ],
            input=print_html(entry).encode("utf-8"),
            capture_output=True,
            check=True,
        )
        return res.stdout.decode("utf-8")
    return w3m_sim(entry)


def w3m_sim(entry: dict) -> str:
    q = entry["question"]
    o = ["Print this page | Back to the question", "", *wrap(headline(q), W), ""]
    o += ["Share to: Facebook LINE", ""]
    body = [x for ln in lines(q["body"]) for x in wrap(ln, W - 2)]
    o += box1([wrap(q["title"], W - 2), body, wrap(asker_line(q), W - 2)])
    o.append("")
    ds = doctors(entry)
    if ds:
        a, b = 24, W - 24 - 3
        rows = []
        for r in ds:
            left = wrap(f"Dr. {r['doctor_name']} reply {r['department']}", a) + wrap(
                f"Reply Date: {slash(r['replied_on'])}", a
            )
            right = [x for ln in lines(r["body"]) for x in wrap(ln, b)]
            rows.append((left, right))
        o += box2(rows, a, b, ("Doctor", "Answer"))
        o.append("")
    for r in more_info(entry):
        o += ["More Info", ""]
        for par in paragraphs(r["body"]):
            for ln in par:
                o += wrap(ln, W)
            o.append("")
    sims = similar(entry)
    if sims:
        o += ["Similar Q&A", ""]
        for s in sims:
            o += [*wrap(s["title"], W), ""]
            o += [*wrap(s["question_snippet"], W), ""]
            o += [*wrap(f"Dr. {s['doctor_name']} reply {s['department']}", W), ""]
            o += [*wrap(s["reply_snippet"], W), ""]
            o += [*wrap(f"[Read More] {s['title']}", W), ""]
    fs = faqs(entry)
    if fs:
        o += ["Related FAQ", ""]
        for f in fs:
            o += wrap(f"• {f['title']} ({f['department']})", W - 2)
        o.append("")
    o += ["© 2015 AskDoctor. Answers do not replace a visit to your doctor.", ""]
    # w3m pads nothing after the text of a line
    return "\n".join(x.rstrip() if not x.startswith(("│", "┌", "├", "└")) else x for x in o)


DESIGNS = {
    "quote-q": quote_q,
    "rowspan": rowspan,
    "lit-dsd": lit_dsd,
    "jump-menu": jump_menu,
    "timeago": timeago,
    "hyphenate": hyphenate,
    "lazy-noscript": lazy_noscript,
    "w3m-box": w3m_box,
}
EXT = {"w3m-box": "txt"}


def truth_of(design: str, page: dict) -> dict:
    if design == "w3m-box":
        page["question"]["source_url"] = None
        for x in page["related_links"]:
            x["url"] = None
    return page


def pick(entries: list[dict]) -> list[dict]:
    ok = [x for x in entries if not x.get("reject") and x["question"]["source_url"]]
    two = [x for x in ok if sum(r["kind"] == "doctor" for r in x["replies"]) > 1]
    rest = [x for x in ok if x not in two][: PAGES - len(two)]
    keep = {id(x) for x in two + rest}
    return [x for x in ok if id(x) in keep]


def write(out: Path, designs: dict | None = None) -> None:
    global N
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = pick(entries)
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design, render in (designs or DESIGNS).items():
        folder = out / design
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
        for n, entry in enumerate(pages):
            N = n
            page = copy.deepcopy(entry)
            page["file"] = f"{design}/{page['question']['question_id_hint']}.{EXT.get(design, 'html')}"
            page.pop("template", None)
            page.pop("encoding", None)
            (out / page["file"]).write_bytes(render(page).encode("utf-8"))
            truth.append(truth_of(design, page))
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
