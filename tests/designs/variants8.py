# ruff: noqa: E501
"""An eighth attack (written by a helper to break the parser): 8 designs x 20 pages from
tests/corpus/truth.jsonl (valid records with a source URL: every record with two doctor replies, then
the first others, in corpus order).

    python variants8.py OUT          # OUT/<design>/<id>.<ext> and OUT/truth.jsonl

Truth = the record (what a reader of the page says the fields are), unchanged unless said. Site labels
kept ("<page_title> - <dept>", "Share to:", "Ask Date:", "Dr. X reply Dept", "Reply Date:", "More Info",
"Similar Q&A", "[Read More] <title>", "Related FAQ", "<topic> (<dept>)") unless said.

Designs:
- bs5-accordion : Bootstrap 5: every doctor reply an .accordion-item, the doctor line inside the
                  <button class="accordion-button">, body + "Reply Date:" in .accordion-collapse.collapse
                  (only the first has .show; the others are display:none until clicked, still content);
                  More Info an accordion item (collapsed); Similar Q&A entries accordion items whose
                  button is the title (no link on it), the link on "[Read More] <title>" inside.
- utility-order : Tailwind page whose order is set by utility CLASSES (the CSS is an external
                  /_next/static/css/*.css): the replies box "flex flex-col-reverse" with replies in reversed
                  markup (newest first in source); Similar Q&A: even pages "flex flex-col-reverse" with entries
                  reversed in markup, odd pages the first entry last in markup with class "order-first";
                  Related FAQ on n % 3 == 0 "flex flex-col-reverse", reversed in markup. Truth: the order a
                  reader sees = the record's.
- gb-dates      : en-GB locale template (<html lang="en-GB">): dates as <time datetime="YYYY-MM-DD"> with the
                  visible text day-first: n % 3 == 0 "06/11/2015", 1 "06.11.2015", 2 "6/11/15".
- timeline      : table-free timeline (<ol class="timeline">, list-style:none in the page's own <style>): each event's date column comes BEFORE its
                  card: "Ask Date: 2015/11/06" then the question card (title, body, "Jie, 20~29 year old
                  female."), "Reply Date: ..." then the reply card ("Dr. X reply Dept", body).
- next-csr      : Next.js page whose doctor replies are a client component: the HTML shows the question, a
                  heading "Doctors' answers" (even pages with "1 doctor replied" / "2 doctors replied"), a
                  skeleton "Loading answers…" (aria-busy), and the answers only in __NEXT_DATA__; More Info,
                  Similar Q&A and Related FAQ server-rendered. Truth: the record (a reader's browser shows
                  the answers): the parser should read __NEXT_DATA__ or warn about the replies.
- infinite      : infinite-scroll article page: below the question, "Up next" and the NEXT question's whole
                  article (its own headline, asker line, replies, More Info, Similar Q&A, Related FAQ), as a
                  second <article> (even pages) or a <div class="infinite-item"> (odd pages). Truth: the
                  first question only.
- feed          : the question as a feed export (.xml): Atom <entry> with <content type="html"> (escaped
                  article HTML) on even pages, RSS 2.0 <item> with <description><![CDATA[...]]> on odd;
                  <link> = source_url.
- dl-meta       : question metadata as a <dl> placed between the headline and the title, in an unusual
                  order: "Department" / "Ask Date:" / "Gender" / "Age" / "Asker" (items left out where
                  truth has none); replies: even pages the site's doctor line, odd pages a <dl>
                  "Reply Date:" / "Doctor" "Dr. X" / "Department" before the body.
"""

from __future__ import annotations

import copy
import json
import sys
from html import escape
from pathlib import Path

sys.dont_write_bytecode = True
REPO = Path(__file__).resolve().parents[2]
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
    slug,
    ymd,
)

TRUTH = REPO / "tests" / "corpus" / "truth.jsonl"
PAGES = 20
N = 0
NEXT: dict = {}  # the next record (infinite)


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


def faq_li(f: dict, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<li{c}><a href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>'


def std_article(entry: dict, tag: str = "article", cls: str = "qa-article") -> list[str]:
    """The site's article (current-like markup)."""
    q = entry["question"]
    o = [f'<{tag} class="{cls}" data-qid="{q["question_id_hint"]}">', f'<h1 class="qa-headline">{e(headline(q))}</h1>']
    o.append('<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>')
    o.append(
        f'<section class="question"><h2 class="question-title">{e(q["title"])}</h2><div class="question-body">{lps(q["body"])}</div>'
        f'<div class="asker-meta">{e(asker_line(q))}</div></section>'
    )
    for r in doctors(entry):
        o.append(
            f'<section class="answer"><div class="doctor-line">{doctor_line(r)}</div><div class="answer-body">{lps(r["body"])}</div>'
            f'<div class="reply-date">Reply Date: {slash(r["replied_on"])}</div></section>'
        )
    for r in more_info(entry):
        o.append(
            f'<section class="more-info"><h3>More Info</h3><div class="more-info-body">{ps(r["body"])}</div></section>'
        )
    sims = similar(entry)
    if sims:
        o.append(
            '<aside class="similar-qa"><h3>Similar Q&amp;A</h3>' + "".join(sim_block(s) for s in sims) + "</aside>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            '<aside class="related-faq"><h3>Related FAQ</h3><ul>' + "".join(faq_li(f) for f in fs) + "</ul></aside>"
        )
    o.append(f"</{tag}>")
    return o


# ------------------------------------------------------------------ bs5-accordion
def bs5_accordion(entry: dict) -> str:
    q = entry["question"]
    o = [
        head(
            q,
            extra='<link href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css" rel="stylesheet">',
        ),
        '<body><nav class="navbar navbar-expand-lg bg-body-tertiary"><div class="container"><a class="navbar-brand" href="/en/">AskDoctor</a></div></nav>',
        '<main class="container my-4"><div class="row"><div class="col-lg-8">',
        f'<h1 class="h3">{e(headline(q))}</h1>',
        '<div class="share mb-3">Share to: <a class="btn btn-sm btn-outline-primary" href="#">Facebook</a> <a class="btn btn-sm btn-outline-success" href="#">LINE</a></div>',
        f'<div class="card mb-4"><div class="card-body"><h2 class="card-title h5">{e(q["title"])}</h2>{lps(q["body"])}'
        f'<p class="card-text"><small class="text-body-secondary">{e(asker_line(q))}</small></p></div></div>',
        '<div class="accordion mb-4" id="answers">',
    ]
    k = 0
    for r in doctors(entry):
        show = k == 0
        o.append(
            f'<div class="accordion-item"><h2 class="accordion-header" id="h{k}"><button class="accordion-button{"" if show else " collapsed"}" type="button" '
            f'data-bs-toggle="collapse" data-bs-target="#c{k}" aria-expanded="{"true" if show else "false"}" aria-controls="c{k}">{doctor_line(r)}</button></h2>'
            f'<div id="c{k}" class="accordion-collapse collapse{" show" if show else ""}" aria-labelledby="h{k}" data-bs-parent="#answers">'
            f'<div class="accordion-body">{lps(r["body"])}<p class="text-body-secondary small mb-0">Reply Date: {slash(r["replied_on"])}</p></div></div></div>'
        )
        k += 1
    for r in more_info(entry):
        o.append(
            f'<div class="accordion-item"><h2 class="accordion-header" id="h{k}"><button class="accordion-button collapsed" type="button" '
            f'data-bs-toggle="collapse" data-bs-target="#c{k}" aria-expanded="false" aria-controls="c{k}">More Info</button></h2>'
            f'<div id="c{k}" class="accordion-collapse collapse" aria-labelledby="h{k}" data-bs-parent="#answers"><div class="accordion-body">{ps(r["body"])}</div></div></div>'
        )
        k += 1
    o.append("</div>")
    sims = similar(entry)
    if sims:
        o.append('<h3 class="h5">Similar Q&amp;A</h3><div class="accordion mb-4" id="similar">')
        for i, s in enumerate(sims):
            o.append(
                f'<div class="accordion-item"><h4 class="accordion-header"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse" '
                f'data-bs-target="#s{i}" aria-expanded="false" aria-controls="s{i}">{e(s["title"])}</button></h4>'
                f'<div id="s{i}" class="accordion-collapse collapse" data-bs-parent="#similar"><div class="accordion-body">'
                f'<p>{e(s["question_snippet"])}</p><p class="fw-semibold">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p><p>{e(s["reply_snippet"])}</p>'
                f'<a class="btn btn-link px-0" href="{e(s["url"])}">[Read More] {e(s["title"])}</a></div></div></div>'
            )
        o.append("</div>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<h3 class="h5">Related FAQ</h3><div class="list-group mb-4">'
            + "".join(
                f'<a class="list-group-item list-group-item-action" href="{e(f["url"])}">{e(f["title"])} <span class="text-body-secondary">({e(f["department"])})</span></a>'
                for f in fs
            )
            + "</div>"
        )
    o.append(
        '</div><div class="col-lg-4"><div class="card"><div class="card-body"><h5 class="card-title">Ask a doctor</h5><p>Free answers from licensed doctors.</p><a class="btn btn-primary" href="/en/ask">Ask now</a></div></div></div></div></main>'
    )
    o.append(
        FOOT
        + '<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js"></script></body></html>'
    )
    return "\n".join(o)


# ------------------------------------------------------------------ utility-order
def utility_order(entry: dict) -> str:
    q = entry["question"]
    o = [
        head(q, extra='<link rel="stylesheet" href="/_next/static/css/4b1c2e9a7d0f.css" data-precedence="next">'),
        '<body class="bg-slate-50 text-slate-900 antialiased"><div class="mx-auto max-w-3xl px-4">',
        NAV,
        f'<main class="py-6"><article class="space-y-6"><h1 class="text-2xl font-bold">{e(headline(q))}</h1>',
        '<div class="flex items-center gap-2 text-sm">Share to: <a class="text-blue-600" href="#">Facebook</a> <a class="text-green-600" href="#">LINE</a></div>',
        f'<section class="rounded-xl bg-white p-4 shadow"><h2 class="text-lg font-semibold">{e(q["title"])}</h2><div class="prose">{lps(q["body"])}</div>'
        f'<p class="text-sm text-slate-500">{e(asker_line(q))}</p></section>',
    ]
    ds = doctors(entry)
    o.append('<div class="flex flex-col-reverse gap-4">')  # newest first in source, shown oldest first
    for r in reversed(ds):
        o.append(
            f'<section class="rounded-xl bg-white p-4 shadow"><p class="font-medium">{doctor_line(r)}</p><div class="prose">{lps(r["body"])}</div>'
            f'<p class="text-sm text-slate-500">Reply Date: {slash(r["replied_on"])}</p></section>'
        )
    o.append("</div>")
    for r in more_info(entry):
        o.append(
            f'<section class="rounded-xl bg-white p-4"><h3 class="font-semibold">More Info</h3><div class="prose">{ps(r["body"])}</div></section>'
        )
    sims = similar(entry)
    if sims:
        o.append('<section><h3 class="font-semibold">Similar Q&amp;A</h3>')
        if N % 2 == 0:
            o.append(
                '<div class="flex flex-col-reverse gap-3">'
                + "".join(sim_block(s, "div", "rounded-lg bg-white p-3") for s in reversed(sims))
                + "</div>"
            )
        else:
            rest = sims[1:] + sims[:1]
            o.append(
                '<div class="flex flex-col gap-3">'
                + "".join(
                    sim_block(
                        s,
                        "div",
                        "rounded-lg bg-white p-3"
                        + (" order-first ring-2 ring-amber-400" if s is sims[0] and len(sims) > 1 else ""),
                    )
                    for s in rest
                )
                + "</div>"
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        rev = N % 3 == 0
        items = list(reversed(fs)) if rev else fs
        o.append(
            f'<section><h3 class="font-semibold">Related FAQ</h3><ul class="flex {"flex-col-reverse" if rev else "flex-col"} gap-1">'
            + "".join(faq_li(f, "text-sm") for f in items)
            + "</ul></section>"
        )
    o.append("</article></main>" + FOOT + "</div></body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ gb-dates
def gb(day: str) -> str:
    d = ymd(day)
    m = N % 3
    text = f"{d:%d/%m/%Y}" if m == 0 else f"{d:%d.%m.%Y}" if m == 1 else f"{d.day}/{d.month}/{d:%y}"
    return f'<time datetime="{d.isoformat()}">{text}</time>'


def gb_dates(entry: dict) -> str:
    q = entry["question"]
    p = asker_prefix(q)
    o = [head(q, lang="en-GB"), "<body>", NAV, '<main id="content"><article class="qa-article">']
    o.append(f'<h1 class="qa-headline">{e(headline(q))}</h1>')
    o.append('<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>')
    o.append(
        f'<section class="question"><h2>{e(q["title"])}</h2><div class="question-body">{lps(q["body"])}</div>'
        f'<div class="asker-meta">{e(p + " " if p else "")}Ask Date: {gb(q["asked_on"])}</div></section>'
    )
    for r in doctors(entry):
        o.append(
            f'<section class="answer"><div class="doctor-line">{doctor_line(r)}</div><div class="answer-body">{lps(r["body"])}</div>'
            f'<div class="reply-date">Reply Date: {gb(r["replied_on"])}</div></section>'
        )
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    sims = similar(entry)
    if sims:
        o.append(
            '<aside class="similar-qa"><h3>Similar Q&amp;A</h3>' + "".join(sim_block(s) for s in sims) + "</aside>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            '<aside class="related-faq"><h3>Related FAQ</h3><ul>' + "".join(faq_li(f) for f in fs) + "</ul></aside>"
        )
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ timeline
def timeline(entry: dict) -> str:
    q = entry["question"]
    p = asker_prefix(q)
    css = (
        "<style>.timeline{list-style:none;margin:0;padding:0 0 0 24px;border-left:2px solid #cbd5e1}"
        ".tl-item{position:relative;margin:0 0 24px}.tl-dot{position:absolute;left:-31px;top:4px;width:12px;height:12px;border-radius:50%;background:#0ea5e9}"
        ".tl-date{font-size:13px;color:#64748b;margin-bottom:6px}.tl-card{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 3px #0002}</style>"
    )
    o = [head(q, extra=css), "<body>", NAV, '<main><article class="qa">', f"<h1>{e(headline(q))}</h1>"]
    o.append('<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>')
    o.append('<ol class="timeline">')
    o.append(
        f'<li class="tl-item tl-question"><div class="tl-date"><span class="tl-dot"></span>Ask Date: {slash(q["asked_on"])}</div>'
        f'<div class="tl-card"><h2>{e(q["title"])}</h2>{lps(q["body"])}'
        + (f'<p class="tl-meta">{e(p)}</p>' if p else "")
        + "</div></li>"
    )
    for r in doctors(entry):
        o.append(
            f'<li class="tl-item tl-answer"><div class="tl-date"><span class="tl-dot"></span>Reply Date: {slash(r["replied_on"])}</div>'
            f'<div class="tl-card"><div class="doctor-line">{doctor_line(r)}</div>{lps(r["body"])}</div></li>'
        )
    o.append("</ol>")
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    sims = similar(entry)
    if sims:
        o.append(
            '<section class="similar"><h3>Similar Q&amp;A</h3>' + "".join(sim_block(s) for s in sims) + "</section>"
        )
    fs = faqs(entry)
    if fs:
        o.append('<section class="faq"><h3>Related FAQ</h3><ul>' + "".join(faq_li(f) for f in fs) + "</ul></section>")
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ next-csr
def next_csr(entry: dict) -> str:
    q = entry["question"]
    ds = doctors(entry)
    data = {
        "props": {
            "pageProps": {
                "question": {
                    "id": int(q["question_id_hint"]),
                    "pageTitle": q["page_title"],
                    "title": q["title"],
                    "department": q["department"],
                    "body": q["body"],
                    "askDate": slash(q["asked_on"]),
                },
                "answers": [
                    {
                        "doctor": {"name": r["doctor_name"], "slug": slug(r["doctor_name"])},
                        "department": r["department"],
                        "body": r["body"],
                        "replyDate": slash(r["replied_on"]),
                    }
                    for r in ds
                ],
            },
            "__N_SSP": True,
        },
        "page": "/qa/[id]",
        "query": {"id": q["question_id_hint"]},
        "buildId": "k3J9x0QaTn",
        "isFallback": False,
        "gssp": True,
        "scriptLoader": [],
    }
    o = [
        head(
            q,
            extra='<link rel="preload" href="/_next/static/css/a1b2.css" as="style"><link rel="stylesheet" href="/_next/static/css/a1b2.css">',
        ),
        '<body><div id="__next">',
        NAV,
        '<main class="page"><article class="qa-article">',
        f'<h1 class="Question_headline__x2Aq">{e(headline(q))}</h1>',
        '<div class="Share_bar__9dLm">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>',
        f'<section class="Question_card__3hVf"><h2>{e(q["title"])}</h2><div>{lps(q["body"])}</div><div class="Question_meta__1pQz">{e(asker_line(q))}</div></section>',
        '<section class="Answers_root__7Hks" aria-labelledby="answers-h"><h2 id="answers-h">Doctors\' answers</h2>',
    ]
    if N % 2 == 0:
        o.append(f'<p class="Answers_count__0aZc">{len(ds)} doctor{"s" if len(ds) != 1 else ""} replied</p>')
    o.append(
        '<div class="Answers_skeleton__m4Pe animate-pulse" aria-busy="true" aria-live="polite"><div class="h-4 w-1/3 rounded bg-slate-200"></div>'
        '<div class="h-3 w-full rounded bg-slate-200"></div><div class="h-3 w-5/6 rounded bg-slate-200"></div><span class="sr-only">Loading answers…</span></div></section>'
    )
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    sims = similar(entry)
    if sims:
        o.append(
            '<aside class="similar-qa"><h3>Similar Q&amp;A</h3>' + "".join(sim_block(s) for s in sims) + "</aside>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            '<aside class="related-faq"><h3>Related FAQ</h3><ul>' + "".join(faq_li(f) for f in fs) + "</ul></aside>"
        )
    o.append("</article></main>" + FOOT + "</div>")
    o.append(
        '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
    )
    o.append('<script src="/_next/static/chunks/pages/qa/%5Bid%5D-7f1e.js" defer></script></body></html>')
    return "\n".join(o)


# ------------------------------------------------------------------ infinite
def infinite(entry: dict) -> str:
    q = entry["question"]
    nxt = NEXT["entry"]
    o = [
        head(q, extra=f'<link rel="next" href="{e(nxt["question"]["source_url"])}">'),
        '<body class="qa-page">',
        NAV,
        '<main id="content">',
    ]
    o += std_article(entry)
    o.append(
        f'<div class="up-next" data-next-url="{e(nxt["question"]["source_url"])}"><span class="up-next-label">Up next</span>'
        f'<div class="progress-bar" role="progressbar" aria-valuenow="0"></div></div>'
    )
    if N % 2 == 0:
        o += std_article(nxt)
    else:
        o += std_article(nxt, "div", "infinite-item qa-article")
    o.append('<div class="infinite-loader" aria-hidden="true">Loading the next question…</div>')
    nxt_url = nxt["question"]["source_url"]
    o.append("</main>" + FOOT + f"<script>window.__infinite={{next:'{nxt_url}'}}</script></body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ feed
def feed(entry: dict) -> str:
    q = entry["question"]
    inner = "\n".join(std_article(entry, "div", "qa-article"))
    d = ymd(q["asked_on"])
    last = ymd(doctors(entry)[-1]["replied_on"]) if doctors(entry) else d
    if N % 2 == 0:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
            f"<title>AskDoctor – {escape(q['department'])}</title>\n"
            f'<link rel="self" href="{HOST}/en/dept/{slug(q["department"])}/feed.atom"/>\n<link rel="alternate" type="text/html" href="{HOST}/en/dept/{slug(q["department"])}"/>\n'
            f"<id>tag:askdoctor.example,2015:dept/{slug(q['department'])}</id>\n<updated>{last.isoformat()}T18:20:00+08:00</updated>\n"
            f"<entry>\n<title>{escape(headline(q))}</title>\n"
            f'<link rel="alternate" type="text/html" href="{escape(q["source_url"])}"/>\n'
            f"<id>tag:askdoctor.example,{d.year}:qa/{q['question_id_hint']}</id>\n"
            f"<published>{d.isoformat()}T10:03:00+08:00</published>\n<updated>{last.isoformat()}T18:20:00+08:00</updated>\n"
            f"<author><name>{escape(q['asker_name'] or 'Anonymous')}</name></author>\n"
            f'<category term="{escape(q["department"])}"/>\n'
            f"<summary>{escape(lines(q['body'])[0])}</summary>\n"
            f'<content type="html">{escape(inner)}</content>\n</entry>\n</feed>\n'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>AskDoctor – {escape(q['department'])}</title>\n<link>{HOST}/en/dept/{slug(q['department'])}</link>\n"
        f"<description>Latest answered questions in {escape(q['department'])}</description>\n"
        f"<lastBuildDate>{last:%a, %d %b %Y} 18:20:00 +0800</lastBuildDate>\n"
        f"<item>\n<title>{escape(headline(q))}</title>\n<link>{escape(q['source_url'])}</link>\n"
        f'<guid isPermaLink="true">{escape(q["source_url"])}</guid>\n<pubDate>{d:%a, %d %b %Y} 10:03:00 +0800</pubDate>\n'
        f"<dc:creator>{escape(q['asker_name'] or 'Anonymous')}</dc:creator>\n<category>{escape(q['department'])}</category>\n"
        f"<description><![CDATA[{inner}]]></description>\n</item>\n</channel>\n</rss>\n"
    )


# ------------------------------------------------------------------ dl-meta
def dl_meta(entry: dict) -> str:
    q = entry["question"]
    o = [head(q), "<body>", NAV, '<main><article class="qa-article">', f'<h1 class="qa-headline">{e(headline(q))}</h1>']
    o.append('<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>')
    items = [
        ("Department", f'<a href="{dept_url(q["department"])}">{e(q["department"])}</a>'),
        ("Ask Date:", slash(q["asked_on"])),
    ]
    if q["asker_gender"]:
        items.append(("Gender", e(q["asker_gender"])))
    if q["asker_age_min"] is not None:
        items.append(("Age", f"{q['asker_age_min']}~{q['asker_age_max']} year old"))
    if q["asker_name"]:
        items.append(("Asker", e(q["asker_name"])))
    o.append('<dl class="q-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>")
    o.append(
        f'<section class="question"><h2>{e(q["title"])}</h2><div class="question-body">{lps(q["body"])}</div></section>'
    )
    for r in doctors(entry):
        if N % 2 == 0:
            o.append(
                f'<section class="answer"><div class="doctor-line">{doctor_line(r)}</div>{lps(r["body"])}'
                f'<div class="reply-date">Reply Date: {slash(r["replied_on"])}</div></section>'
            )
        else:
            n, d = r["doctor_name"], r["department"]
            o.append(
                f'<section class="answer"><dl class="a-meta"><dt>Reply Date:</dt><dd>{slash(r["replied_on"])}</dd>'
                f'<dt>Doctor</dt><dd><a href="{doc_url(n)}">Dr. {e(n)}</a></dd><dt>Department</dt><dd><a href="{dept_url(d)}">{e(d)}</a></dd></dl>'
                f'<div class="answer-body">{lps(r["body"])}</div></section>'
            )
    for r in more_info(entry):
        o.append(f'<section class="more-info"><h3>More Info</h3>{ps(r["body"])}</section>')
    sims = similar(entry)
    if sims:
        o.append(
            '<aside class="similar-qa"><h3>Similar Q&amp;A</h3>' + "".join(sim_block(s) for s in sims) + "</aside>"
        )
    fs = faqs(entry)
    if fs:
        o.append(
            '<aside class="related-faq"><h3>Related FAQ</h3><ul>' + "".join(faq_li(f) for f in fs) + "</ul></aside>"
        )
    o.append("</article></main>" + FOOT + "</body></html>")
    return "\n".join(o)


DESIGNS = {
    "bs5-accordion": bs5_accordion,
    "utility-order": utility_order,
    "gb-dates": gb_dates,
    "timeline": timeline,
    "next-csr": next_csr,
    "infinite": infinite,
    "feed": feed,
    "dl-meta": dl_meta,
}
EXT = {"feed": "xml"}
_ = age_gender  # (imported for symmetry with the other generators)


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
            NEXT["entry"] = copy.deepcopy(pages[(n + 1) % len(pages)])
            page["file"] = f"{design}/{page['question']['question_id_hint']}.{EXT.get(design, 'html')}"
            page.pop("template", None)
            page.pop("encoding", None)
            (out / page["file"]).write_bytes(render(page).encode("utf-8"))
            truth.append(page)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
