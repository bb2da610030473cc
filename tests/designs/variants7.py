# ruff: noqa: E501
"""A seventh attack (written by a helper to break the parser): designs x 20 pages from
tests/corpus/truth.jsonl (valid records with a source URL).

    python tests/designs/variants7.py OUT

Designs:
- pdf     : Chrome "Print -> Save as PDF" then `pdftotext -layout` (simulated, .txt): browser header
            "11/6/15, 2:32 PM <title>" and footer "<url> 1/3" (even) or site print CSS "Page 1 of 3" (odd),
            form feeds between pages, lines wrapped at 84 cols with hyphenated breaks "exami-\nnation"
            (real hyphens "follow-\nup" too), a right-hand column (app ad) beside the first page's lines.
            Truth: record; link urls null (pdftotext prints no link targets); source_url kept on even
            pages (footer prints it), null on odd pages.
- pdf-head / pdf-side / pdf-wrap / pdf-hyph : attribution controls, one pdf feature each (hyph = wrap+hyph).
- chat    : Telegram Desktop HTML export of a channel that posts the Q&A: service date separators,
            userpic initials, from_name, time with full date in title=, joined messages, reactions,
            reply_to "In reply to this message"; odd pages: doctor message from "Dr. X · Dept" with no
            "Reply Date:" label (date from the separator before it).
- gdocs   : Google Docs "Publish to web": banner "Published using Google Docs / Report abuse / Learn
            more / Updated automatically every 5 minutes", class soup c1 c2, text split in styled spans,
            empty paragraphs, headings as <h2>/<h3> (even) or bold <p> (odd), links through
            https://www.google.com/url?q=<url>&sa=D... (truth: the record's url, a judgement call).
- overlay : accessibility overlay (accessiBe/UserWay) page: "Skip to content", sr-only alerts, widget
            trigger + panel text, ARIA live region repeating the headline and reply first line; reply bodies:
            n%3==0 a <table> (Doctor | Answer | Reply Date header, one row per reply), n%3==1 <pre>,
            n%3==2 one <p> with <span>s separated by <br><br>; even pages: an acsb-sr-only "End of answer by
            Dr. X." span after each reply body; odd pages: the overlay's "Page Structure" panel (aria-hidden,
            hidden by class only) listing headings and the FAQ links, after </main>.
- table   : replies as <table> rows, by n % 4 (see table()'s docstring): bare date cell under a "Reply Date"
            header; date cell with its label; separate Doctor / Department cells; no header row.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling variants5, for helpers
import variants5 as v  # noqa: E402
from variants5 import (  # noqa: E402
    HOST,
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

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
PAGES = 20
N = 0


def asker_line(q: dict) -> str:
    p = asker_prefix(q)
    return (p + " " if p else "") + f"Ask Date: {slash(q['asked_on'])}"


# ------------------------------------------------------------------ pdf
def hwrap(text: str, width: int, hyph: bool) -> list[str]:
    """Wrap; when a long word does not fit, break it with a hyphen (like a browser with hyphens:auto)."""
    out, cur = [], ""
    for w in text.split():
        cand = (cur + " " + w) if cur else w
        if len(cand) <= width:
            cur = cand
            continue
        room = width - len(cur) - (1 if cur else 0) - 1
        if hyph and "-" in w and 0 < w.index("-") + 1 <= room + 1 and w.index("-") >= 3:
            k = w.index("-") + 1
            out.append((cur + " " if cur else "") + w[:k])
            cur = w[k:]
            continue
        if hyph and w.isalpha() and len(w) >= 8 and room >= 4 and len(w) - room >= 3:
            out.append((cur + " " if cur else "") + w[:room] + "-")
            cur = w[room:]
            continue
        out.append(cur)
        cur = w
    if cur:
        out.append(cur)
    return out or [""]


def pdf(entry: dict) -> str:
    q = entry["question"]
    W = 84 if "wrap" in FEAT else 100000
    hy = "hyph" in FEAT
    body: list[str] = []

    def para(t: str, ind: int = 0) -> None:
        body.extend(" " * ind + x for x in hwrap(t, W - ind, hy))

    para(headline(q))
    body.append("")
    body.append("Share to:")
    body.append("")
    para(q["title"])
    body.append("")
    for x in lines(q["body"]):
        para(x)
    body.append("")
    para(asker_line(q))
    body.append("")
    for r in doctors(entry):
        para(f"Dr. {r['doctor_name']} reply {r['department']}")
        body.append("")
        for x in lines(r["body"]):
            para(x)
        body.append("")
        para(f"Reply Date: {slash(r['replied_on'])}")
        body.append("")
    for r in more_info(entry):
        body.append("More Info")
        body.append("")
        for p in paragraphs(r["body"]):
            for x in p:
                para(x)
            body.append("")
    sims = similar(entry)
    if sims:
        body.append("Similar Q&A")
        body.append("")
        for s in sims:
            para(s["title"])
            para(s["question_snippet"])
            para(f"Dr. {s['doctor_name']} reply {s['department']}")
            para(s["reply_snippet"])
            para(f"[Read More] {s['title']}")
            body.append("")
    fs = faqs(entry)
    if fs:
        body.append("Related FAQ")
        body.append("")
        for f in fs:
            para(f["title"])
            para(f"({f['department']})")
        body.append("")
    # right column beside the first lines of page 1
    side = [
        "ADVERTISEMENT",
        "",
        "Get the AskDoctor app",
        "Ask doctors anytime,",
        "anywhere.",
        "",
        "[QR code]",
        "Scan to download",
    ]
    for i, s in enumerate(side if "side" in FEAT else []):
        j = 2 + i
        if j < len(body):
            body[j] = body[j].ljust(W + 6) + s
    per = 56 if "head" in FEAT else 100000
    chunks = [body[i : i + per] for i in range(0, len(body), per)]
    total = len(chunks)
    d = ymd(doctors(entry)[0]["replied_on"] if doctors(entry) else q["asked_on"])
    stamp = f"{d.month}/{d.day}/{d:%y}, 2:32 PM"
    title = f"{headline(q)} | AskDoctor"
    out = []
    for k, ch in enumerate(chunks, 1):
        if "head" not in FEAT:
            out.append("\n".join(ch))
            continue
        page = [stamp + " " * max(4, 70 - len(stamp) - len(title) // 2) + title, "", ""]
        page += ch
        page += ["", ""]
        if N % 2 == 0:
            u = q["source_url"]
            page.append(u + " " * max(4, 89 - len(u)) + f"{k}/{total}")
        else:
            page.append(" " * 40 + f"Page {k} of {total}")
        out.append("\n".join(page))
    if N % 2 == 1 or "head" not in FEAT:
        entry["question"]["source_url"] = None
    for x in entry["related_links"]:
        x["url"] = None
    return "\f".join(out) + "\f"


# ------------------------------------------------------------------ chat (Telegram export)
MID = [0]


def initials(name: str) -> str:
    ws = [w for w in name.replace("Dr. ", "").split() if w[:1].isalpha()]
    return "".join(w[0] for w in ws[:2]).upper()


def service(day: str) -> str:
    MID[0] += 1
    d = ymd(day)
    return f'<div class="message service" id="message-{MID[0]}"><div class="body details">{d.day} {d:%B %Y}</div></div>'


def tmsg(
    frm: str, day: str, hm: str, text: str, joined: bool = False, reply_to: int | None = None, react: str = ""
) -> str:
    MID[0] += 1
    d = ymd(day)
    title = f"{d:%d.%m.%Y} {hm}:12 UTC+08:00"
    pic = (
        ""
        if joined
        else (
            f'<div class="pull_left userpic_wrap"><div class="userpic userpic{MID[0] % 8 + 1}" style="width: 42px; height: 42px">'
            f'<div class="initials" style="line-height: 42px">{e(initials(frm))}</div></div></div>'
        )
    )
    rt = (
        f'<div class="reply_to details">In reply to <a href="#go_to_message{reply_to}" onclick="return GoToMessage({reply_to})">this message</a></div>'
        if reply_to
        else ""
    )
    fn = "" if joined else f'<div class="from_name">{e(frm)}</div>'
    rx = (
        f'<span class="reactions"><span class="reaction"><span class="emoji">👍</span><span class="count">{react}</span></span></span>'
        if react
        else ""
    )
    return (
        f'<div class="message default clearfix{" joined" if joined else ""}" id="message{MID[0]}">{pic}<div class="body">'
        f'<div class="pull_right date details" title="{title}">{hm}</div>{fn}{rt}<div class="text">{text}</div>{rx}</div></div>'
    )


def a(url: str | None, text: str) -> str:
    return f'<a href="{e(url)}">{e(text)}</a>' if url else e(text)


def chat(entry: dict) -> str:
    q = entry["question"]
    MID[0] = 100 + N * 50
    o = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title>',
        '<meta content="width=device-width, initial-scale=1.0" name="viewport"/><link href="css/style.css" rel="stylesheet"/><script src="js/script.js" type="text/javascript"></script></head>',
        '<body onload="CheckLocation();"><div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">AskDoctor Q&amp;A</div></div></div>',
        '<div class="page_body chat_page"><div class="history">',
    ]
    o.append(service(q["asked_on"]))
    o.append(
        tmsg(
            "AskDoctor",
            q["asked_on"],
            "10:03",
            f'<strong>{e(headline(q))}</strong><br><br>Share to: <a href="https://www.facebook.com/sharer/sharer.php">Facebook</a> <a href="https://social-plugins.line.me/lineit/share">LINE</a><br><br><a href="{e(q["source_url"])}">{e(q["source_url"])}</a>',
        )
    )
    qid = MID[0] + 1
    o.append(
        tmsg(
            "AskDoctor",
            q["asked_on"],
            "10:03",
            f"<strong>{e(q['title'])}</strong><br><br>"
            + "<br>".join(e(x) for x in lines(q["body"]))
            + f"<br><br><em>{e(asker_line(q))}</em>",
            joined=True,
        )
    )
    last = q["asked_on"]
    for i, r in enumerate(doctors(entry)):
        name, dept = r["doctor_name"], r["department"]
        if r["replied_on"] != last:
            o.append(service(r["replied_on"]))
            last = r["replied_on"]
        body = "<br>".join(e(x) for x in lines(r["body"]))
        if N % 2 == 0:
            text = f"Dr. {a(doc_url(name), name)} reply {a(dept_url(dept), dept)}<br><br>{body}<br><br>Reply Date: {slash(r['replied_on'])}"
            o.append(tmsg("AskDoctor", r["replied_on"], "14:32", text, reply_to=qid, react=str(3 + i)))
        else:
            o.append(tmsg(f"Dr. {name} · {dept}", r["replied_on"], "14:32", body, reply_to=qid, react=str(3 + i)))
    for r in more_info(entry):
        text = "<strong>More Info</strong><br><br>" + "<br><br>".join(
            "<br>".join(e(x) for x in p) for p in paragraphs(r["body"])
        )
        o.append(tmsg("AskDoctor", last, "18:20", text))
    sims = similar(entry)
    if sims:
        parts = ["<strong>Similar Q&amp;A</strong>"]
        for s in sims:
            parts.append(
                f"{a(s['url'], s['title'])}<br>{e(s['question_snippet'])}<br>Dr. {e(s['doctor_name'])} reply {e(s['department'])}<br>{e(s['reply_snippet'])}<br>{a(s['url'], '[Read More] ' + s['title'])}"
            )
        o.append(tmsg("AskDoctor", last, "18:20", "<br><br>".join(parts), joined=True))
    fs = faqs(entry)
    if fs:
        text = "<strong>Related FAQ</strong><br>" + "<br>".join(
            f"{a(f['url'], f['title'])} ({e(f['department'])})" for f in fs
        )
        o.append(tmsg("AskDoctor", last, "18:20", text, joined=True))
    o.append("</div></div></div></body></html>")
    return "\n".join(o)


# ------------------------------------------------------------------ gdocs
def g(url: str | None) -> str:
    return (
        f"https://www.google.com/url?q={url}&amp;sa=D&amp;source=editors&amp;ust=1736040000000000&amp;usg=AOvVaw3x{N:02d}Qk"
        if url
        else "#"
    )


def sp(text: str, c: str = "c0") -> str:
    return f'<span class="{c}">{e(text)}</span>'


def gp(inner: str, c: str = "c3") -> str:
    return f'<p class="{c}">{inner}</p>'


EMPTY = '<p class="c1 c2"><span class="c0"></span></p>'


def gdocs(entry: dict) -> str:
    q = entry["question"]
    entry["question"]["source_url"] = None  # a published Doc does not show the page's URL
    hd = N % 2 == 0
    css = "".join(
        f'.c{i}{{color:#000000;font-weight:{700 if i in (5, 7, 8) else 400};font-size:11pt;font-family:"Arial"}}'
        for i in range(12)
    )
    o = [
        f'<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><title>{e(headline(q))}</title><meta content="width=device-width, initial-scale=1" name="viewport">',
        f'<style type="text/css">ol{{margin:0;padding:0}}table td,table th{{padding:0}}{css}.title{{padding-top:0pt;font-size:26pt}}</style></head>',
        '<body><div id="banners"><div id="publish-banner"><div id="publish-banner-text">Published using Google Docs</div>'
        '<div id="publish-banner-links"><a href="https://docs.google.com/abuse?id=1xYz">Report abuse</a><span> – </span><a href="https://support.google.com/docs/answer/183965">Learn more</a></div></div>'
        f'<div id="title-banner"><div id="title">{e(q["page_title"])}</div><div id="interval"><span>Updated automatically every 5 minutes</span></div></div></div>',
        '<div id="contents"><body class="c10 doc-content">',
        f'<p class="c4 title" id="h.{N}a1b2c3"><span class="c7">{e(headline(q))}</span></p>',
        gp(
            sp("Share to: ")
            + f'<span class="c9"><a class="c11" href="{g("https://www.facebook.com/sharer/sharer.php")}">Facebook</a></span>'
            + sp(" ")
            + f'<span class="c9"><a class="c11" href="{g("https://social-plugins.line.me/lineit/share")}">LINE</a></span>'
        ),
        EMPTY,
        *(
            [gp(f'<span class="c9"><a class="c11" href="#h.q{N}">{e(q["title"])}</a></span>', "c2 c12")]
            + [
                gp(f'<span class="c9"><a class="c11" href="#h.{v.seed(t) % 9999}">{e(t)}</a></span>', "c2 c12")
                for t, ok in (
                    ("More Info", more_info(entry)),
                    ("Similar Q&A", similar(entry)),
                    ("Related FAQ", faqs(entry)),
                )
                if ok
            ]
            if hd and N % 4 == 0
            else []
        ),
        (
            f'<h2 class="c6" id="h.q{N}"><span class="c8">{e(q["title"])}</span></h2>'
            if hd
            else gp(sp(q["title"], "c8"), "c3 c6")
        ),
    ]
    o += [gp(sp(x)) for x in lines(q["body"])]
    o.append(EMPTY)
    o.append(gp(sp(asker_line(q), "c0 c5")))
    for r in doctors(entry):
        name, dept = r["doctor_name"], r["department"]
        o.append(EMPTY)
        o.append(
            gp(
                sp("Dr. ")
                + f'<span class="c9 c5"><a class="c11" href="{g(doc_url(name))}">{e(name)}</a></span>'
                + sp(" reply ")
                + f'<span class="c9"><a class="c11" href="{g(dept_url(dept))}">{e(dept)}</a></span>'
            )
        )
        o += [gp(sp(x)) for x in lines(r["body"])]
        o.append(gp('<span class="c0" style="color:#666666">' + e(f"Reply Date: {slash(r['replied_on'])}") + "</span>"))

    def label(t: str) -> str:
        return (
            f'<h3 class="c6" id="h.{v.seed(t) % 9999}"><span class="c8">{e(t)}</span></h3>'
            if hd
            else gp(sp(t, "c5 c8"), "c3 c6")
        )

    for r in more_info(entry):
        o.append(EMPTY)
        o.append(label("More Info"))
        for p in paragraphs(r["body"]):
            o += [gp(sp(x)) for x in p]
            o.append(EMPTY)
    sims = similar(entry)
    if sims:
        o.append(label("Similar Q&A"))
        for s in sims:
            o.append(gp(f'<span class="c9 c5"><a class="c11" href="{g(s["url"])}">{e(s["title"])}</a></span>'))
            o.append(gp(sp(s["question_snippet"])))
            o.append(gp(sp(f"Dr. {s['doctor_name']} reply {s['department']}")))
            o.append(gp(sp(s["reply_snippet"])))
            o.append(
                gp(f'<span class="c9"><a class="c11" href="{g(s["url"])}">{e("[Read More] " + s["title"])}</a></span>')
            )
            o.append(EMPTY)
    fs = faqs(entry)
    if fs:
        o.append(label("Related FAQ"))
        o.append(f'<ul class="c2 lst-kix_faq{N}-0 start">')
        o += [
            f'<li class="c3 li-bullet-0"><span class="c9"><a class="c11" href="{g(f["url"])}">{e(f["title"])}</a></span>{sp(" (" + f["department"] + ")")}</li>'
            for f in fs
        ]
        o.append("</ul>")
    o.append(
        '</body></div><div id="footer"><div id="footer-links"><a href="https://docs.google.com/abuse?id=1xYz">Report abuse</a></div></div>'
    )
    o.append('<script nonce="x">window.jstiming={};</script></body></html>')
    return "\n".join(o)


# ------------------------------------------------------------------ overlay
def overlay(entry: dict) -> str:
    q = entry["question"]
    mode = N % 3
    docs = doctors(entry)
    o = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(headline(q))} | AskDoctor</title>',
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<script src="https://acsbapp.com/apps/app/dist/js/app.js" async></script><script src="https://cdn.userway.org/widget.js" data-account="AbC123"></script></head>',
        '<body data-acsb-custom-palette="0">',
        '<div class="acsb-sr-alert" data-acsb-sr-only="true" style="position:absolute;left:-9999px">Screen-reader users, press Alt+1 for screen-reader mode.</div>',
        '<a class="skip-link acsb-skip-link" href="#main-content">Skip to content</a> <a class="acsb-skip-link" href="#footer">Skip to footer</a>',
        '<div class="uwy userway_p1" data-uw-rm-ignore><div class="uai userway_dark" role="button" tabindex="0" aria-label="Accessibility Menu" title="Accessibility Menu"><span class="ui_w">Accessibility Menu</span></div></div>',
        f'<header class="site-head"><a href="{HOST}/en/">AskDoctor</a> <nav><a href="{HOST}/en/dept">Departments</a></nav></header>',
        f'<div role="status" aria-live="polite" aria-atomic="true" class="acsb-live sr-only">Page loaded: {e(headline(q))}</div>',
        '<main id="main-content" tabindex="-1">',
        f'<h1 data-acsb-title="true">{e(headline(q))}</h1>',
        '<div class="share">Share to: <a href="#" aria-label="Share on Facebook">Facebook</a> <a href="#" aria-label="Share on LINE">LINE</a></div>',
        f'<article class="question"><h2>{e(q["title"])}</h2><div class="q-body">'
        + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"]))
        + f'</div><p class="asker">{e(asker_line(q))}</p></article>',
    ]
    if docs:
        first = lines(docs[0]["body"])[0]
        o.append(
            f'<div aria-live="assertive" class="acsb-reading-guide sr-only" data-acsb-tts="true">Now reading: {e(first)}</div>'
        )
    if mode == 0 and docs:
        o.append(
            '<table class="answers"><thead><tr><th scope="col">Doctor</th><th scope="col">Answer</th><th scope="col">Reply Date</th></tr></thead><tbody>'
        )
        for r in docs:
            name, dept = r["doctor_name"], r["department"]
            o.append(
                f'<tr class="answer"><td class="doctor">Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a></td>'
                f'<td class="body">'
                + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"]))
                + f'</td><td class="date">{slash(r["replied_on"])}</td></tr>'
            )
        o.append("</tbody></table>")
    else:
        for r in docs:
            name, dept = r["doctor_name"], r["department"]
            if mode == 1:
                body = '<pre class="reply-text">' + e(r["body"]) + "</pre>"
            else:
                body = (
                    '<p class="reply-text">'
                    + "<br><br>".join(f"<span>{e(x)}</span>" for x in lines(r["body"]))
                    + "</p>"
                )
            o.append(
                f'<section class="answer" aria-label="Answer by Dr. {e(name)}"><p class="doctor">Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a></p>'
                f"{body}"
                + (
                    f'<span class="acsb-sr-only" data-acsb-sr-only="true">End of answer by Dr. {e(name)}.</span>'
                    if N % 2 == 0
                    else ""
                )
                + f'<p class="date">Reply Date: {slash(r["replied_on"])}</p></section>'
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
            o.append(
                f'<div class="sim"><h4><a href="{e(s["url"])}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section class="faq"><h3>Related FAQ</h3><ul>'
            + "".join(f'<li><a href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs)
            + "</ul></section>"
        )
    o.append("</main>")
    o.append(
        '<div id="acsb-panel" class="acsb-widget" aria-hidden="true" style="display:none"><div class="acsb-header"><span>Accessibility Adjustments</span>'
        "<button>Reset Settings</button><button>Statement</button><button>Hide Interface</button></div>"
        '<div class="acsb-profiles"><h2>Choose the right accessibility profile for you</h2><p>Seizure Safe Profile</p><p>Vision Impaired Profile</p><p>ADHD Friendly Profile</p></div>'
        '<div class="acsb-content"><h3>Content Adjustments</h3><p>Readable Font</p><p>Highlight Titles</p><p>Highlight Links</p><p>Text Magnifier</p></div></div>'
    )
    if N % 2 == 1:  # the overlay's "Page Structure" panel, hidden by the overlay's own stylesheet (class only)
        o.append(
            '<div class="acsb-widget acsb-page-structure" aria-hidden="true"><h3>Page Structure</h3><h4>Headings</h4><ul>'
            + "".join(
                f'<li><a href="#">{e(t)}</a></li>'
                for t in [headline(q), q["title"], "More Info", "Similar Q&A", "Related FAQ"]
            )
            + "</ul><h4>Links</h4><ul>"
            + "".join(f'<li><a href="{e(f["url"])}">{e(f["title"])}</a></li>' for f in faqs(entry))
            + "</ul></div>"
        )
    o.append(
        '<footer id="footer"><p>© 2015 AskDoctor. Answers do not replace a visit to your doctor.</p><p><a href="#">Accessibility Statement</a></p></footer>'
    )
    o.append('<div role="alert" aria-live="polite" class="uw-sr-only">Accessibility menu closed</div></body></html>')
    return "\n".join(o)


# ------------------------------------------------------------------ table (replies as table rows)
def table(entry: dict) -> str:
    """n % 4: 0 Doctor | Answer | Reply Date (bare date); 1 the date cell keeps its label "Reply Date: ...";
    2 Doctor | Department | Answer | Reply Date with "Dr. X" and "Dept" in their own cells (header labels);
    3 like 0 without a header row (the date column unlabelled)."""
    q = entry["question"]
    m = N % 4
    docs = doctors(entry)
    o = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(headline(q))} | AskDoctor</title>',
        f'<link rel="canonical" href="{e(q["source_url"])}"></head><body><main>',
        f"<h1>{e(headline(q))}</h1>",
        '<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>',
    ]
    qbody = "".join(f"<p>{e(x)}</p>" for x in lines(q["body"]))
    if True:
        o.append(f'<div class="question"><h2>{e(q["title"])}</h2>{qbody}<p class="asker">{e(asker_line(q))}</p></div>')
    heads = ["Doctor", "Department", "Answer", "Reply Date"] if m == 2 else ["Doctor", "Answer", "Reply Date"]
    thead = "" if m == 3 else "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>"
    o.append(f'<table class="qa-table">{thead}<tbody>')
    for r in docs:
        name, dept = r["doctor_name"], r["department"]
        body = "".join(f"<p>{e(x)}</p>" for x in lines(r["body"]))
        date = f"Reply Date: {slash(r['replied_on'])}" if m == 1 else slash(r["replied_on"])
        if m == 2:
            cells = [
                f'Dr. <a href="{doc_url(name)}">{e(name)}</a>',
                f'<a href="{dept_url(dept)}">{e(dept)}</a>',
                body,
                date,
            ]
        else:
            cells = [
                f'Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a>',
                body,
                date,
            ]
        o.append('<tr class="answer">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    o.append("</tbody></table>")
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
            o.append(
                f'<div class="sim"><h4><a href="{e(s["url"])}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(
            '<section class="faq"><h3>Related FAQ</h3><ul>'
            + "".join(f'<li><a href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs)
            + "</ul></section>"
        )
    o.append("</main></body></html>")
    return "\n".join(o)


FEAT: set[str] = set()
PDF = {
    "pdf": {"wrap", "hyph", "side", "head"},
    "pdf-head": {"head"},
    "pdf-side": {"side"},
    "pdf-wrap": {"wrap"},
    "pdf-hyph": {"wrap", "hyph"},
}


def pdfv(feats: set[str]):
    def r(entry: dict) -> str:
        FEAT.clear()
        FEAT.update(feats)
        return pdf(entry)

    return r


DESIGNS = {**{k: pdfv(f) for k, f in PDF.items()}, "chat": chat, "gdocs": gdocs, "overlay": overlay, "table": table}
EXT = {k: "txt" for k in PDF}


def write(out: Path, designs: dict | None = None) -> None:
    global N
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]][:PAGES]
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
            truth.append(page)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
