"""Write the pages of new site designs, and their truth, from the shared corpus's truth.

The parser is never called here: every page is rendered from a truth record (the hand-checked
rows of `tests/corpus/truth.jsonl`), so the truth of each new page is that record, with the
changes this script makes to both (names with apostrophes, departments with commas and "&").
Run it again only to change the designs: `python tests/designs/generate.py`; commit its output.

Designs, each unlike the shared corpus's two:
- `cards`: whole-card links for Similar Q&A, chips for Related FAQ, <time> dates, a cookie
  banner, SVG icons with <title>, image alt texts, a promo between answers, a "Trending"
  sidebar after the sections, links with tracking query strings and fragments.
- `flat`: no containers at all, every part a sibling under <main>; "·"-separated asker line,
  ISO dates, no-break spaces, Related FAQ as a list of whole-entry links, then a trending list.
- `blocks`: Similar Q&A as a list without "[Read More]", Related FAQ as link blocks (topic and
  department in two blocks inside one link), dates written with month names, doctor photos.
- `deep`: the current design with a few hundred nested inline tags in More Info; `deeper`:
  the same with thousands (past libxml2's limit even with huge_tree).
- `relaunch` (HTML) and `relaunch-text` (snapshots): the current design with every section heading
  renamed ("Doctor's notes", "People also asked", "Explore topics"). Their truth is the rows the
  pages show; the parser is expected to miss the renamed More Info and say so (see test_designs).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE.parent / "corpus" / "truth.jsonl"
HOST = "https://askdoctor.example"
MONTHS = "January February March April May June July August September October November December".split()


def e(text: str | None) -> str:
    return escape(text or "", quote=True)


def ymd(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def asker_text(q: dict, sep: str = ", ") -> str:
    """The asker's part of the line before 'Ask Date:', as the site writes it."""
    parts = []
    if q["asker_name"]:
        parts.append(q["asker_name"])
    if q["asker_age_min"] is not None:
        parts.append(f"{q['asker_age_min']}~{q['asker_age_max']} year old {q['asker_gender']}")
    return (sep.join(parts) + ". ") if parts else ""


def lines(text: str | None) -> list[str]:
    return (text or "").split("\n")


def paragraphs(text: str | None) -> list[list[str]]:
    return [p.split("\n") for p in (text or "").split("\n\n")]


def vary(entry: dict, n: int) -> dict:
    """Names and departments the shared corpus lacks, changed in the truth and so on the page."""
    entry = copy.deepcopy(entry)
    q = entry["question"]
    if n % 3 == 0 and q["asker_name"]:
        q["asker_name"] = "Mrs. O'Neil"
    if n % 4 == 1:
        old = q["department"]
        q["department"] = "Ear, Nose & Throat"
        for r in entry["replies"]:
            if r["department"] == old:
                r["department"] = "Ear, Nose & Throat"
    if n % 5 == 2:
        for r in entry["replies"]:
            if r["doctor_name"]:
                r["doctor_name"] = "D'Souza Ling"
    for link in entry["related_links"]:
        if n % 4 == 3 and link["kind"] == "related_faq":
            link["department"] = "Obstetrics & Gynecology, Maternal Care"
    return entry


def similar(entry: dict) -> list[dict]:
    return [x for x in entry["related_links"] if x["kind"] == "similar_qa"]


def faqs(entry: dict) -> list[dict]:
    return [x for x in entry["related_links"] if x["kind"] == "related_faq"]


def path_of(url: str) -> str:
    return url.removeprefix(HOST)


# ---- design: cards ----------------------------------------------------------------------------
SVG = '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><title>{}</title><path d="M0 0h16v16H0z"/></svg>'


def cards(entry: dict) -> str:
    q = entry["question"]
    day = ymd(q["asked_on"])
    out = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{e(q["page_title"])} - {e(q["department"])} | AskDoctor'
        f'</title><link rel="canonical" href="{e(q["source_url"])}">',
        '<meta name="viewport" content="width=device-width"><script type="application/ld+json">'
        '{"@type": "QAPage", "name": "Dr. Nobody reply Nowhere"}</script></head>',
        '<body class="v3"><div class="cookie-consent" role="dialog"><p>We use cookies to improve your experience. '
        'By continuing you agree to our <a href="/en/cookies">Cookie Policy</a>.</p><button>Accept all</button> '
        '<a href="/en/cookies#settings">Manage preferences</a></div>',
        f'<header class="top"><a class="brand" href="/en/">{SVG.format("AskDoctor logo")}AskDoctor</a>'
        '<nav><a href="/en/dept/">Departments</a> <a href="/en/ask">Ask a doctor</a></nav></header>',
        '<main><article class="qa">',
        f'<ol class="crumbs"><li><a href="/en/">{SVG.format("Home")}Home</a></li><li><a href="/en/dept/x">'
        f"{e(q['department'])}</a></li></ol>",
        f"<h1>{e(q['page_title'])} - {e(q['department'])}</h1>",
        f'<div class="share"><span>Share to:</span> <a href="#fb">{SVG.format("Facebook")}</a> '
        f'<a href="#x">{SVG.format("X")}</a></div>',
        f'<div class="q-card"><h2 class="q-title">{e(q["title"])}</h2><div class="q-body">',
        *(f"<p>{e(line)}</p>" for line in lines(q["body"])),
        f'</div><p class="q-meta"><img src="/img/avatar.png" alt="Avatar of the asker"><span class="who">'
        f'{e(asker_text(q))}</span><span class="when">Ask Date: <time datetime="{day.isoformat()}">'
        f"{day:%Y/%m/%d}</time></span></p></div>",
    ]
    doctors = [r for r in entry["replies"] if r["kind"] == "doctor"]
    out.append(f'<section class="answers"><h2>{len(doctors)} answers from our doctors</h2>')
    for i, r in enumerate(doctors):
        rday = ymd(r["replied_on"])
        out += [
            f'<div class="answer"><div class="doc"><img src="/img/doc.png" alt="Dr. {e(r["doctor_name"])} reply '
            f'{e(r["department"])}"><a href="/en/doctor/x">Dr. {e(r["doctor_name"])}</a> reply '
            f'<a href="/en/dept/x">{e(r["department"])}</a></div><div class="a-body">',
            "<p>" + "<br>".join(e(line) for line in lines(r["body"])) + "</p>",
            f'</div><div class="a-date">Reply Date: <time datetime="{rday.isoformat()}">{rday:%Y/%m/%d}</time>'
            "</div></div>",
        ]
        if i == 0:
            out.append(
                '<div class="promo"><strong>Need a second opinion?</strong> <a href="/en/app">Download the '
                "AskDoctor app</a> and chat with a doctor today.</div>"
            )
    out.append("</section>")
    for r in entry["replies"]:
        if r["kind"] == "more_info":
            out.append('<section class="more-info"><h2>More Info</h2><div class="mi-body">')
            out += ["<p>" + "<br>".join(e(x) for x in para) + "</p>" for para in paragraphs(r["body"])]
            out.append("</div></section>")
    sims = similar(entry)
    if sims:
        out.append('<section class="similar"><h2>Similar Q&amp;A</h2><div class="card-grid">')
        for n, s in enumerate(sims):
            href = path_of(s["url"]) + (f"?utm_source=similar&utm_medium=card&utm_content={n}#answer")
            out.append(
                f'<a class="card" href="{e(href)}"><h3>{e(s["title"])}</h3><p class="q">{e(s["question_snippet"])}'
                f'</p><p class="doc">{SVG.format("Doctor")}Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p>'
                f'<p class="a">{e(s["reply_snippet"])}</p><span class="more">[Read More] {e(s["title"])}</span></a>'
            )
        out.append("</div></section>")
    fs = faqs(entry)
    if fs:
        out.append('<section class="faq"><h2>Related FAQ</h2><div class="chips">')
        for f in fs:
            out.append(
                f'<a class="chip" href="{e(path_of(f["url"]))}#top">{e(f["title"])} <small>({e(f["department"])})'
                "</small></a>"
            )
        out.append("</div></section>")
    out += [
        "</article>",
        '<aside class="trending"><h2>Trending now</h2><ol>',
        '<li><a href="/en/qa/555.html">Dr. Chen reply Cardiology: is coffee bad for you?</a></li>',
        '<li><a href="/en/qa/556.html">Headache after sleep (Neurology)</a></li>',
        '<li><a href="/en/qa/557.html">[Read More] Why do knees crack?</a></li></ol></aside>',
        "</main>",
        '<footer><p>AskDoctor answers are for information only.</p><a href="/en/about">About</a> '
        '<a href="/en/privacy">Privacy</a></footer>',
        "</body></html>",
    ]
    return "\n".join(out)


# ---- design: flat -----------------------------------------------------------------------------
NBSP = "\u00a0"


def flat_asker(q: dict) -> str:
    parts = [q["asker_name"]] if q["asker_name"] else []
    if q["asker_age_min"] is not None:
        parts += [f"{q['asker_age_min']}-{q['asker_age_max']} years old", q["asker_gender"]]
    return "".join(f"{p} · " for p in parts)


def flat(entry: dict) -> str:
    q = entry["question"]
    out = [
        "<!doctype html><html><head><meta charset=utf-8>",
        f"<title>{e(q['page_title'])} - {e(q['department'])}</title>",
        f'<meta property="og:url" content="{e(q["source_url"])}"></head><body><main>',
        f"<p class=kicker>{e(q['department'])}</p>",
        f"<h1>{e(q['page_title'])} - {e(q['department'])}</h1>",
        "<p>Share to: <a href=#>f</a> <a href=#>t</a></p>",
        f"<h2>{e(q['title'])}</h2>",
        *(f"<p>{e(line)}</p>" for line in lines(q["body"])),
        f"<p class=meta>{e(flat_asker(q))}Ask{NBSP}Date: {q['asked_on']}</p>",
    ]
    for r in entry["replies"]:
        if r["kind"] == "doctor":
            out += [
                f"<h3>Dr.{NBSP}{e(r['doctor_name'])} reply{NBSP}{e(r['department'])}</h3>",
                *(f"<p>{e(line)}</p>" for line in lines(r["body"])),
                f"<p><small>Reply Date: {r['replied_on']}</small></p>",
            ]
    for r in entry["replies"]:
        if r["kind"] == "more_info":
            out.append("<h2>More Info</h2>")
            out += ["<p>" + "<br>".join(e(x) for x in para) + "</p>" for para in paragraphs(r["body"])]
    sims = similar(entry)
    if sims:
        out.append("<h2>Similar Q&amp;A</h2>")
        for s in sims:
            out += [
                f'<h3><a href="{e(s["url"])}">{e(s["title"])}</a></h3>',
                f"<p>{e(s['question_snippet'])}</p>",
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p>",
                f"<p>{e(s['reply_snippet'])}</p>",
                f'<p><a href="{e(s["url"])}#top">[Read More] {e(s["title"])}</a></p>',
            ]
    fs = faqs(entry)
    if fs:
        out.append("<h2>Related FAQ</h2><ul class=links>")
        out += [f'<li><a href="{e(f["url"])}">{e(f["title"])} ({e(f["department"])})</a></li>' for f in fs]
        out.append("</ul>")
    out += [
        "<h2>Trending</h2><ul>",
        '<li><a href="/en/qa/901.html">Back Pain (Orthopedics)</a></li>',
        '<li><a href="/en/qa/902.html">Dizziness (Neurology)</a></li>',
        "</ul>",
        "<p>© AskDoctor</p></main></body></html>",
    ]
    return "\n".join(out)


# ---- design: blocks ---------------------------------------------------------------------------
def long_date(day: dt.date, short: bool = False) -> str:
    month = MONTHS[day.month - 1]
    return f"{month[:3]} {day.day}, {day.year}" if short else f"{day.day} {month} {day.year}"


def blocks(entry: dict) -> str:
    q = entry["question"]
    day = ymd(q["asked_on"])
    out = [
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta http-equiv="content-type" content="text/html; charset=utf-8">',
        f"<title>{e(q['page_title'])} - {e(q['department'])} ｜ AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}"></head><body>',
        '<div id="gdpr" class="consent-layer"><div>This site uses cookies.</div><a href="/ok">OK</a></div>',
        '<div class="wrap"><div class="col-main">',
        f'<div class="headline"><span class="t">{e(q["page_title"])} - {e(q["department"])}</span></div>',
        '<div class="share">Share this: <a href="#">Facebook</a></div>',
        f'<div class="question"><div class="title"><strong>{e(q["title"])}</strong></div>',
        '<div class="text">' + "<br>".join(e(line) for line in lines(q["body"])) + "</div>",
        f'<div class="asker">{e(asker_text(q))}Ask Date: {long_date(day)}</div></div>',
    ]
    for r in entry["replies"]:
        if r["kind"] == "doctor":
            rday = ymd(r["replied_on"])
            out += [
                f'<div class="reply"><div class="who"><img src="/p.jpg" alt="Photo: Dr. {e(r["doctor_name"])}">'
                f"<b>Dr. {e(r['doctor_name'])}</b> reply <i>{e(r['department'])}</i></div>",
                '<div class="text">' + "<br>".join(e(line) for line in lines(r["body"])) + "</div>",
                f'<div class="date">Reply Date: {long_date(rday, short=True)}</div></div>',
                '<div class="ad-slot" data-ad="1">Advertisement: Vitamin D3 4000IU, buy now</div>',
            ]
    for r in entry["replies"]:
        if r["kind"] == "more_info":
            out.append('<div class="box"><div class="box-head">More Info</div><div class="box-body">')
            out += ["<p>" + "<br>".join(e(x) for x in para) + "</p>" for para in paragraphs(r["body"])]
            out.append("</div></div>")
    sims = similar(entry)
    if sims:
        out.append('<div class="box"><div class="box-head">Similar Q&amp;A</div><ul class="sim-list">')
        for s in sims:
            out.append(
                f'<li><a class="sim-title" href="{e(path_of(s["url"]))}?utm_campaign=related#reply">{e(s["title"])}'
                f'</a><div class="sim-q">{e(s["question_snippet"])}</div><div class="sim-doc">Dr. '
                f'{e(s["doctor_name"])} reply {e(s["department"])}</div><div class="sim-a">{e(s["reply_snippet"])}'
                "</div></li>"
            )
        out.append("</ul></div>")
    fs = faqs(entry)
    if fs:
        out.append('<div class="box"><div class="box-head">Related FAQ</div><div class="faq-grid">')
        for f in fs:
            out.append(
                f'<a class="faq-block" href="{e(path_of(f["url"]))}"><div class="topic">{e(f["title"])}</div>'
                f'<div class="dept">({e(f["department"])})</div></a>'
            )
        out.append("</div></div>")
    out += [
        '</div><div class="col-side"><div class="box"><div class="box-head">Most read</div>',
        '<a href="/en/qa/77.html"><div>Ringing in the ears</div><div>(Otolaryngology)</div></a></div></div></div>',
        '<div class="footer">Copyright AskDoctor</div></body></html>',
    ]
    return "\n".join(out)


# ---- designs: deep and deeper (nesting in More Info) -------------------------------------------
def nested(entry: dict, depth: int) -> str:
    """The current design's markup, with More Info's first paragraph inside `depth` nested tags."""
    q = entry["question"]
    day = ymd(q["asked_on"])
    out = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(q['page_title'])} - {e(q['department'])} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}"></head><body><main><article>',
        f"<h1>{e(q['page_title'])} - {e(q['department'])}</h1>",
        '<div class="share">Share to: <a href="#">Facebook</a></div>',
        f'<section class="question"><h2>{e(q["title"])}</h2><div>',
        *(f"<p>{e(line)}</p>" for line in lines(q["body"])),
        f"</div><div>{e(asker_text(q))}Ask Date: {day:%Y/%m/%d}</div></section>",
    ]
    for r in entry["replies"]:
        if r["kind"] == "doctor":
            out += [
                f'<section class="answer"><div>Dr. {e(r["doctor_name"])} reply {e(r["department"])}</div>',
                "<div><p>" + "<br>".join(e(line) for line in lines(r["body"])) + "</p></div>",
                f"<div>Reply Date: {ymd(r['replied_on']):%Y/%m/%d}</div></section>",
            ]
    for r in entry["replies"]:
        if r["kind"] == "more_info":
            paras = paragraphs(r["body"])
            first = "<br>".join(e(x) for x in paras[0])
            out.append('<section class="more-info"><h3>More Info</h3><div>')
            out.append("<p>" + "<b>" * depth + first + "</b>" * depth + "</p>")
            out += ["<p>" + "<br>".join(e(x) for x in para) + "</p>" for para in paras[1:]]
            out.append("</div></section>")
    sims = similar(entry)
    if sims:
        out.append('<aside class="similar-qa"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            out.append(
                f'<div class="similar-item"><h4><a href="{e(path_of(s["url"]))}">{e(s["title"])}</a></h4>'
                f"<p>{e(s['question_snippet'])}</p><div>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</div>"
                f'<p>{e(s["reply_snippet"])}</p><a href="{e(path_of(s["url"]))}">[Read More] {e(s["title"])}</a></div>'
            )
        out.append("</aside>")
    fs = faqs(entry)
    if fs:
        out.append('<aside class="related-faq"><h3>Related FAQ</h3><ul>')
        out += [f'<li><a href="{e(path_of(f["url"]))}">{e(f["title"])}</a> <span>({e(f["department"])})</span></li>'
                for f in fs]  # fmt: skip
        out.append("</ul></aside>")
    out.append("</article></main></body></html>")
    return "\n".join(out)


# ---- relaunch: the current design with its section headings renamed ------------------------------
RENAMED = {"More Info": "Doctor's notes", "Similar Q&amp;A": "People also asked", "Related FAQ": "Explore topics"}


def relaunch(entry: dict) -> str:
    page = nested(entry, 0)
    for old, new in RENAMED.items():
        page = page.replace(f"<h3>{old}</h3>", f"<h3>{new}</h3>")
    return page


def relaunch_text(entry: dict) -> str:
    """A text snapshot in the layout of qa-1.txt, with the section labels renamed."""
    q = entry["question"]
    out = [f"{q['page_title']} - {q['department']}", "", "Share to:", "", q["title"], "", ""]
    out += [*lines(q["body"]), "", f"{asker_text(q)}Ask Date: {ymd(q['asked_on']):%Y/%m/%d}", ""]
    for r in entry["replies"]:
        if r["kind"] == "doctor":
            out += [f"Dr. {r['doctor_name']} reply {r['department']}", "", "", *lines(r["body"]), ""]
            out += [f"Reply Date: {ymd(r['replied_on']):%Y/%m/%d}", ""]
    for r in entry["replies"]:
        if r["kind"] == "more_info":
            out += [RENAMED["More Info"], "", ""] + [x for para in paragraphs(r["body"]) for x in [*para, ""]]
    if similar(entry):
        out += ["People also asked", ""]
        for s in similar(entry):
            out += [s["title"], "", s["question_snippet"], "", "", f"Dr. {s['doctor_name']} reply {s['department']}"]
            out += [s["reply_snippet"], "", f"[Read More] {s['title']}", "", ""]
    if faqs(entry):
        out += ["Explore topics", ""]
        for f in faqs(entry):
            out += [f["title"], "", f"({f['department']})", ""]
    return "\n".join(out)


DESIGNS = {
    "cards": cards,
    "flat": flat,
    "blocks": blocks,
    "deep": lambda entry: nested(entry, 300),
    "deeper": lambda entry: nested(entry, 3000),
    "relaunch": relaunch,
}
PAGES_PER_DESIGN = {"deep": 3, "deeper": 2}  # the nesting designs need only a few pages
TEXT_DESIGNS = {"relaunch-text": relaunch_text}


def main() -> None:
    entries = [json.loads(line) for line in TRUTH.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]]
    truth_out = []
    for design, render in DESIGNS.items():
        folder = HERE / design
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.html"):
            old.unlink()
        chosen = pages[: PAGES_PER_DESIGN.get(design, len(pages))]
        for n, entry in enumerate(chosen):
            page = vary(entry, n)
            name = f"{design}/{page['question']['question_id_hint']}.html"
            page["file"] = name
            (HERE / name).write_text(render(page), encoding="utf-8")
            truth_out.append(page)
    snapshots = [x for x in entries if not x.get("reject") and not x["question"]["source_url"]]
    for design, render_text in TEXT_DESIGNS.items():
        folder = HERE / design
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        for entry in snapshots:
            page = copy.deepcopy(entry)
            page["file"] = f"{design}/{Path(entry['file']).name}"
            (HERE / page["file"]).write_text(render_text(page), encoding="utf-8")
            truth_out.append(page)
    with open(HERE / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth_out:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
