# ruff: noqa: E501  (long lines of HTML read better whole)
"""Render the first 40 truth records of tests/corpus/truth.jsonl (valid pages with a source URL) into 5
more site designs: the faults a product owner met testing the parser on an unseen design, plus more of
the same kinds.

    python tests/designs/variants3.py OUT                 # all designs, risky features on + truth.jsonl
    python tests/designs/variants3.py --safe OUT          # every risky feature off (controls)
    python tests/designs/variants3.py --only FEAT OUT     # only FEAT on (FEAT may be "a,b")

The parser is never called here. Truth is the record's, except one value changed in page AND truth:
page_title gets a " - " inside it on pages n % 4 == 1 (dash_titles; app, app-ld, relaunch-ld, stale-ld).
Every page has <link rel=canonical href="https://askdoctor.example/en/qa/<id>.html"> (truth's
source_url) and absolute link URLs, as the records'. OUT/truth.jsonl has the format of
tests/corpus/truth.jsonl, `file` relative to OUT.

Designs:

- app        : server-rendered Vue/Nuxt app markup: #__nuxt/#__layout wrappers, hashed class names
               (title_3fa2c), data-v-xxxxxxxx attributes, <!--[--> <!--]--> fragment comments, <main><article>,
               a window.__NUXT__ state script. Site labels kept ("Share to:", "Ask Date:", "Dr. X reply Dept",
               "Reply Date:", "More Info", "Similar Q&A", "Related FAQ", "[Read More] <title>").
               RISKS: the asker's name in its own block (<span class="user">Jie</span>) after the body, apart from
               the "20~29 year old female · Ask Date: 2015/11/06" block (asker_own_line); the department as a
               pill next to an <h1> holding the page_title only (dept_pill); page_titles with " - " inside
               ("Spinal Numbness After Weight Training - When to Seek Help"; n % 4 == 1) (dash_titles; the corpus
               has natural ones too, "Sharp Pain - Is It Serious? ..."); the last Similar Q&A entries in
               <div id="more-sim" hidden> behind <button aria-expanded="false" aria-controls="more-sim">Show
               more</button>: they ARE content (sim_show_more); Related FAQ as a <table> with a "Topic" |
               "Department" header row and plain department cells, no parentheses (faq_table); a vote widget per
               reply, "👍 12" / "Helpful (3)" / "Was this answer helpful? Yes No", as <button>s on even pages, as
               <a role=button>/<span> on odd ones (vote_widget), on n % 3 == 0
               between the body and "Reply Date:" (votes_before_date); "Reader comments" with a "Load more"
               button and hidden comments, NOT content, between the replies and More Info on even pages, at
               the end on odd ones (hidden_comments); a visible breadcrumb "Home › Dept › page_title" above
               the <h1> (crumbs; even pages); a "✓ Verified doctor" badge in its own block under the doctor
               line (verified_badge; n % 3 == 1); a "Have a similar problem? Ask a doctor" call to action
               between the question and the first answer (cta_between; odd pages).
- app-ld     : app plus schema.org QAPage JSON-LD agreeing with the visible page: mainEntity Question (name,
               text, dateCreated, author Person, answerCount, acceptedAnswer/suggestedAnswer Answers with
               text, dateCreated, upvoteCount, author Person|Physician named "Dr. Wang Shouji" or "Wang Shouji"
               with medicalSpecialty or department), a BreadcrumbList Home › Dept › page_title, og:title.
               Shapes by n % 3: one @graph, a list of top-level objects, single objects in two scripts.
               RISKS: Question/Answer text as HTML with <br>/<p> (even pages), else plain with \\n
               (ld_html_text); dateCreated as a datetime early in the morning at +08:00, whose UTC date is the
               day before (ld_tz_shift; n % 3 == 2); otherwise a date or an afternoon datetime.
- relaunch-ld: a relaunch that rewords every label (reworded_labels), with the JSON-LD of app-ld: asker
               "Asked by Jie · 20–29 · female · 6 November 2015" / "Jie (female, 20-29) asked on 2015-11-06" /
               "Asked by Jie, female, aged 20 to 29, on November 6, 2015"; doctor "Answer from Dr. Wang Shouji,
               Orthopedics" / "Wang Shouji (Orthopedics) answered"; "Answered 6 Nov 2015" / "Answered on
               2015-11-06"; "Further reading" (More Info), "Questions like this" (Similar Q&A, "Answered by
               Dr. X · Dept", "Read the full answer →"), "Explore topics" (Related FAQ, "Topic · Dept").
               No "Ask Date:", "Reply Date:", "Similar Q&A", "Share to:". Truth is the full record (today's
               parser rejects these: "not a Q&A page").
- microdata  : the site's standard labels and headline "<page_title> - <dept>", with schema.org microdata on the
               visible elements (itemscope itemtype=QAPage / Question / Answer / Person, itemprop name, text,
               dateCreated on <time datetime>, author, answerCount, acceptedAnswer, suggestedAnswer).
               RISKS: a <meta itemprop="dateCreated" content="...T..+08:00"> beside the visible date (even pages)
               (md_meta_dates); "12 people found this helpful" (itemprop=upvoteCount) under each Reply Date
               (md_upvotes); Similar Q&A entries marked up as nested itemscope Questions with name/text/
               suggestedAnswer (sim_as_questions).
- stale-ld   : app-ld whose JSON-LD disagrees with the visible page on ONE field per page (the cache kept an
               older copy): an older title, a different asker name (or one where the page shows none), a
               shortened body, an earlier ask date, a later answer date, another answering doctor. Truth is the
               VISIBLE value; DISAGREES = {file: field} ("question.title", "question.asker_name",
               "question.body", "question.asked_on", "replies[i].replied_on", "replies[i].doctor_name";
               i as in page_mismatches) says which, for a test asserting the parser warned (stale_ld).
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
PAGES = 40

APP = [
    "asker_own_line",
    "dept_pill",
    "dash_titles",
    "sim_show_more",
    "faq_table",
    "vote_widget",
    "votes_before_date",
    "hidden_comments",
    "crumbs",
    "verified_badge",
    "cta_between",
]
LD = ["ld_html_text", "ld_tz_shift"]
RISKS = {
    "app": APP,
    "app-ld": APP + LD,
    "relaunch-ld": ["reworded_labels", "dash_titles", "dept_pill", *LD],
    "microdata": ["md_meta_dates", "md_upvotes", "sim_as_questions"],
    "stale-ld": [*APP, *LD, "stale_ld"],
}
# risk applied only on pages with n % k == r
SUBSET = {
    "dash_titles": (4, 1),
    "votes_before_date": (3, 0),
    "crumbs": (2, 0),
    "verified_badge": (3, 1),
    "cta_between": (2, 1),
    "ld_html_text": (2, 0),
    "ld_tz_shift": (3, 2),
    "md_meta_dates": (2, 0),
}
ON: set[str] = {r for rs in RISKS.values() for r in rs}
N = 0  # index of the page being rendered
FILE = ""  # its file, relative to OUT
DISAGREES: dict[str, str] = {}  # stale-ld file -> the field whose JSON-LD value disagrees with the page


def risk(name: str) -> bool:
    k, r = SUBSET.get(name, (1, 0))
    return name in ON and N % k == r


# ---- helpers ------------------------------------------------------------------------------------
def e(text: str | None) -> str:
    return escape(text or "", quote=True)


def ymd(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def slash(day: str) -> str:
    return f"{ymd(day):%Y/%m/%d}"


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


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def seed(*parts: object) -> int:
    return int(hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def dept_url(dept: str) -> str:
    return f"{HOST}/en/dept/{slug(dept)}"


def doc_url(name: str) -> str:
    return f"{HOST}/en/doctor/{slug(name)}"


def br(ls: list[str], sep: str = "<br>") -> str:
    return sep.join(e(x) for x in ls)


def ps(text: str | None) -> str:
    return "".join("<p>" + br(p) + "</p>" for p in paragraphs(text))


def hc(name: str) -> str:
    """A hashed (CSS-modules / scoped) class name."""
    return f"{name}_{hashlib.md5(name.encode()).hexdigest()[:5]}"


def dv(component: str) -> str:
    """Vue's scoped-style attribute of a component."""
    return f"data-v-{hashlib.md5(component.encode()).hexdigest()[:8]}"


def age_gender(q: dict, sep: str = " ") -> str:
    return f"{q['asker_age_min']}~{q['asker_age_max']} year old{sep}{q['asker_gender']}"


def std_asker(q: dict) -> str:
    """The site's asker line: "Jie, 20~29 year old female. Ask Date: 2015/11/06"."""
    parts = [q["asker_name"]] if q["asker_name"] else []
    if q["asker_age_min"] is not None:
        parts.append(age_gender(q))
    return ((", ".join(parts) + ". ") if parts else "") + f"Ask Date: {slash(q['asked_on'])}"


def retitle(entry: dict) -> None:
    """dash_titles: a page_title with " - " inside (changed in page and truth alike)."""
    if not risk("dash_titles"):
        return
    q = entry["question"]
    t = q["page_title"]
    q["page_title"] = t.replace(": ", " - ", 1) if ": " in t else f"{t} - What It Means"


def ld_json(obj: object) -> str:
    return (
        '<script type="application/ld+json">' + json.dumps(obj, ensure_ascii=False).replace("</", "<\\/") + "</script>"
    )


DEPTS = ["Orthopedics", "Neurology", "Cardiology", "Dermatology", "Pediatrics", "Urology", "Psychiatry", "Oncology"]
OTHER_DOCTORS = ["Lin Meiling", "Chen Wenxiong", "Xu Zhengwen", "Pan Yingda"]


# ---- JSON-LD (app-ld, relaunch-ld, stale-ld) ----------------------------------------------------
def ld_html(text: str | None) -> str:
    return "".join("<p>" + "<br>".join(escape(x, quote=False) for x in p) + "</p>" for p in paragraphs(text))


def ld_when(day: str, k: int) -> str:
    if risk("ld_tz_shift"):  # 01:xx..07:xx at +08:00: the UTC date is the day before
        return f"{day}T0{1 + k % 7}:{(17 * k) % 60:02d}:00+08:00"
    return day if (N + k) % 2 else f"{day}T{13 + k % 8}:{(11 * k) % 60:02d}:00+08:00"


def stale_field(entry: dict) -> str | None:
    """stale-ld: the one field whose JSON-LD value is an older one (None elsewhere)."""
    if "stale_ld" not in ON or not FILE.startswith("stale-ld/"):
        return None
    q = entry["question"]
    idx = next((i for i, r in enumerate(entry["replies"]) if r["kind"] == "doctor"), None)
    kinds = [
        "question.title",
        "replies.replied_on",
        "question.asker_name",
        "question.body",
        "replies.doctor_name",
        "question.asked_on",
    ]
    for k in range(len(kinds)):
        kind = kinds[(N + k) % len(kinds)]
        if kind.startswith("replies."):
            if idx is None:
                continue
            kind = kind.replace("replies.", f"replies[{idx}].")
        if kind == "question.body" and len(q["body"] or "") < 80:
            continue
        DISAGREES[FILE] = kind
        return kind
    return None


def qa_ld(entry: dict) -> list[dict]:
    """QAPage + BreadcrumbList agreeing with the visible page (but for one field on stale-ld)."""
    q = entry["question"]
    docs = doctors(entry)
    stale = stale_field(entry)
    html_text = risk("ld_html_text")
    url = q["source_url"]
    title, body, asked = q["title"], q["body"], q["asked_on"]
    asker = q["asker_name"]
    if stale == "question.title":
        title = "Help: " + q["title"].rstrip("?").lower() + "?"
    elif stale == "question.body":
        body = q["body"][: q["body"].find(" ", 60)] + " ..."
    elif stale == "question.asked_on":
        asked = (ymd(asked) - dt.timedelta(days=3)).isoformat()
    elif stale == "question.asker_name":
        asker = (
            "Guest 4821"
            if asker is None
            else ("Ms. " + asker if not asker.startswith(("Mr", "Ms")) else "Anonymous user")
        )
    answers = []
    for i, r in enumerate(docs):
        name, day = r["doctor_name"], r["replied_on"]
        if stale and stale.endswith(".doctor_name") and i == 0:
            name = next(d for d in OTHER_DOCTORS if d != name)
        if stale and stale.endswith(".replied_on") and i == 0:
            day = (ymd(day) + dt.timedelta(days=2)).isoformat()
        physician = (N + i) % 2 == 1
        author: dict = {"@type": "Physician" if physician else "Person", "name": ("Dr. " if (N + i) % 3 else "") + name}
        author["medicalSpecialty" if (N // 2 + i) % 2 else "department"] = r["department"]
        author["url"] = doc_url(r["doctor_name"])
        answers.append(
            {
                "@type": "Answer",
                "text": ld_html(r["body"]) if html_text else r["body"],
                "dateCreated": ld_when(day, i + 1),
                "upvoteCount": seed(N, i, "votes") % 40,
                "url": f"{url}#answer-{i + 1}",
                "author": author,
            }
        )
    question: dict = {
        "@type": "Question",
        "name": title,
        "text": ld_html(body) if html_text else body,
        "dateCreated": ld_when(asked, 0),
        "answerCount": len(docs),
    }
    if asker:
        question["author"] = {"@type": "Person", "name": asker}
    if answers and N % 2 == 0:
        question["acceptedAnswer"] = answers[0]
        if answers[1:]:
            question["suggestedAnswer"] = answers[1:]
    elif answers:
        question["suggestedAnswer"] = answers
    page = {"@type": "QAPage", "@id": url + "#qa", "url": url, "inLanguage": "en", "mainEntity": question}
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{HOST}/en/"},
            {"@type": "ListItem", "position": 2, "name": q["department"], "item": dept_url(q["department"])},
            {"@type": "ListItem", "position": 3, "name": q["page_title"], "item": url},
        ],
    }
    return [page, crumbs]


def ld_scripts(entry: dict) -> str:
    objs = qa_ld(entry)
    ctx = "https://schema.org"
    if N % 3 == 0:
        return ld_json({"@context": ctx, "@graph": objs})
    if N % 3 == 1:
        return ld_json([{"@context": ctx, **o} for o in objs])
    return "\n".join(ld_json({"@context": ctx, **o}) for o in objs)


# ---- design: app (and app-ld, stale-ld) ---------------------------------------------------------
def votes(r: dict, i: int) -> str:
    """A vote widget: <button>s on even pages, <a role=button>/<span> (no <button>) on odd ones."""
    if not risk("vote_widget"):
        return ""
    n = seed(N, i, "votes") % 40
    kind = (N + i) % 3
    if N % 2 == 0:
        b = lambda cls, text, label="": f'<button type="button" class="{hc(cls)}"{label}>{text}</button>'  # noqa: E731
    else:
        b = lambda cls, text, label="": f'<a href="#" role="button" class="{hc(cls)}"{label}>{text}</a>'  # noqa: E731
    if kind == 0:
        up = f'<span aria-hidden="true">👍</span> {n}'
        inner = b("vote_up", up, ' aria-label="Upvote"') if N % 4 < 2 else f'<span class="{hc("vote_up")}">{up}</span>'
    elif kind == 1:
        inner = b("vote_helpful", f"Helpful ({n})")
    else:
        inner = (
            f'<span class="{hc("vote_q")}">Was this answer helpful?</span> {b("vote_yes", "Yes")} {b("vote_no", "No")}'
        )
    return f'<div {dv("Votes")} class="{hc("votes")}">{inner}</div>'


def comments() -> str:
    return (
        f'<section {dv("Comments")} class="{hc("comments")}"><h3 class="{hc("comments_title")}">Reader comments (2)</h3>'
        f'<button type="button" class="{hc("load_more")}" aria-expanded="false" aria-controls="more-comments">Load more</button>'
        f'<div id="more-comments" hidden><div class="{hc("comment")}"><b>Reader</b><p>Thanks, I had the same problem after the gym.</p>'
        "<small>2015/11/08</small></div>"
        f'<div class="{hc("comment")}"><b>Ming</b><p>Did the numbness go away in the end?</p><small>2015/11/09</small></div></div></section>'
    )


def app_sim_card(s: dict) -> str:
    return (
        f'<li {dv("SimilarCard")} class="{hc("sim_card")}"><!--[--><a class="{hc("sim_title")}" href="{e(s["url"])}">{e(s["title"])}</a>'
        f'<p class="{hc("sim_q")}">{e(s["question_snippet"])}</p>'
        f'<div class="{hc("sim_doc")}">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</div>'
        f'<p class="{hc("sim_a")}">{e(s["reply_snippet"])}</p>'
        f'<a class="{hc("sim_more")}" href="{e(s["url"])}">[Read More] {e(s["title"])}</a><!--]--></li>'
    )


def app(entry: dict, with_ld: bool = False) -> str:
    retitle(entry)
    q = entry["question"]
    pill = risk("dept_pill")
    ld = ld_scripts(entry) if with_ld else ""
    o = [
        '<!DOCTYPE html><html lang="en" data-n-head-ssr><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{e(q['page_title'])} | {e(q['department'])} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        f'<meta property="og:title" content="{e(q["page_title"])}"><meta property="og:type" content="article">'
        f'<meta property="og:url" content="{e(q["source_url"])}">'
        if with_ld
        else "",
        '<link rel="preload" href="/_nuxt/app.4f1c9a.js" as="script"><link rel="stylesheet" href="/_nuxt/css/app.3f2a1b.css">',
        ld,
        "</head><body>",
        f'<div id="__nuxt"><!--[--><div id="__layout"><div {dv("App")} class="{hc("app_shell")}">',
        f'<a class="{hc("skip")}" href="#main">Skip to content</a>',
        f'<header {dv("Header")} class="{hc("header")}"><a href="{HOST}/en/" class="{hc("logo")}">AskDoctor</a><nav class="{hc("nav")}"><!--[-->'
        + "".join(f'<a {dv("Header")} href="{dept_url(d)}">{d}</a>' for d in DEPTS)
        + f'<!--]--></nav><button type="button" class="{hc("menu")}" aria-label="Menu"><svg viewBox="0 0 24 24"><path d="M3 6h18"></path></svg></button></header>',
        f'<main id="main" {dv("Page")} class="{hc("main")}"><div class="{hc("container")}"><div class="{hc("row")}"><article {dv("Question")} class="{hc("qa")}">',
    ]
    if risk("crumbs"):
        o.append(
            f'<nav aria-label="Breadcrumb" class="{hc("crumbs")}"><ol><li><a href="{HOST}/en/">Home</a></li><li>›</li>'
            f'<li><a href="{dept_url(q["department"])}">{e(q["department"])}</a></li><li>›</li><li aria-current="page">{e(q["page_title"])}</li></ol></nav>'
        )
    if pill:
        o.append(
            f'<div {dv("Title")} class="{hc("title_row")}"><h1 class="{hc("title")}">{e(q["page_title"])}</h1>'
            f'<a {dv("Pill")} class="{hc("pill")}" href="{dept_url(q["department"])}">{e(q["department"])}</a></div>'
        )
    else:
        o.append(
            f'<div {dv("Title")} class="{hc("title_row")}"><h1 class="{hc("title")}">{e(q["page_title"])} - {e(q["department"])}</h1></div>'
        )
    o += [
        f'<div {dv("Share")} class="{hc("share")}"><span>Share to:</span><!--[--><a href="#" aria-label="Facebook"><svg viewBox="0 0 24 24"><path d="M0 0"></path></svg></a>'
        '<a href="#" aria-label="LINE"><svg viewBox="0 0 24 24"><path d="M0 0"></path></svg></a><!--]--></div>',
        f'<section {dv("QuestionCard")} class="{hc("question")}"><div class="{hc("q_head")}"><h2 class="{hc("q_title")}">{e(q["title"])}</h2></div>',
        f'<div class="{hc("q_body")}"><!--[-->'
        + "".join(f"<p {dv('QuestionCard')}>{e(x)}</p>" for x in lines(q["body"]))
        + "<!--]--></div>",
    ]
    if risk("asker_own_line") and q["asker_name"]:
        meta = (age_gender(q) + " · " if q["asker_age_min"] is not None else "") + f"Ask Date: {slash(q['asked_on'])}"
        o.append(
            f'<div class="{hc("q_meta")}"><div class="{hc("asker")}"><img class="{hc("avatar")}" src="/_nuxt/img/user.svg" alt="">'
            f'<span class="user">{e(q["asker_name"])}</span></div>'
            f'<div class="{hc("q_info")}">{e(meta)}</div></div>'
        )
    else:
        o.append(f'<div class="{hc("q_meta")}"><div class="{hc("q_info")}">{e(std_asker(q))}</div></div>')
    o.append("</section>")
    if risk("cta_between"):
        o.append(
            f'<aside {dv("Cta")} class="{hc("cta")}"><p>Have a similar problem?</p><a href="{HOST}/en/ask" class="{hc("cta_btn")}">Ask a doctor</a></aside>'
        )
    for i, r in enumerate(doctors(entry)):
        o.append(
            f'<section {dv("AnswerCard")} id="answer-{i + 1}" class="{hc("answer")}"><div class="{hc("a_head")}">'
            f'<img class="{hc("avatar")}" src="/_nuxt/img/doc.svg" alt="">'
            f'<div class="{hc("a_doc")}"><a href="{doc_url(r["doctor_name"])}">Dr. <!--[-->{e(r["doctor_name"])}<!--]--></a> reply '
            f'<a href="{dept_url(r["department"])}">{e(r["department"])}</a></div></div>'
        )
        if risk("verified_badge"):
            o.append(f'<div class="{hc("badge")}"><span aria-hidden="true">✓</span> Verified doctor</div>')
        o.append(f'<div class="{hc("a_body")}">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>")
        date = f'<div class="{hc("a_date")}">Reply Date: <time datetime="{r["replied_on"]}">{slash(r["replied_on"])}</time></div>'
        vote = votes(r, i)
        o.append((vote + date) if risk("votes_before_date") else (date + vote))
        o.append("</section>")
    if risk("hidden_comments") and N % 2 == 0:
        o.append(comments())
    for r in more_info(entry):
        o.append(
            f'<section {dv("MoreInfo")} class="{hc("more_info")}"><h2 class="{hc("h2")}">More Info</h2><div class="{hc("prose")}">{ps(r["body"])}</div></section>'
        )
    sims = similar(entry)
    if sims:
        cut = len(sims) - (len(sims) - 1 if len(sims) <= 3 else len(sims) // 2) if risk("sim_show_more") else len(sims)
        shown, more = sims[:cut], sims[cut:]
        o.append(f'<section {dv("Similar")} class="{hc("similar")}"><h2 class="{hc("h2")}">Similar Q&amp;A</h2>')
        o.append(f'<ul class="{hc("sim_list")}"><!--[-->' + "".join(app_sim_card(s) for s in shown) + "<!--]--></ul>")
        if more:
            button = f'<button type="button" class="{hc("show_more")}" aria-expanded="false" aria-controls="more-sim">Show more</button>'
            hidden = (
                f'<div id="more-sim" hidden><ul class="{hc("sim_list")}">'
                + "".join(app_sim_card(s) for s in more)
                + "</ul></div>"
            )
            o.append(button + hidden if N % 2 == 0 else hidden + button)
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(f'<section {dv("Faq")} class="{hc("faq")}"><h2 class="{hc("h2")}">Related FAQ</h2>')
        if risk("faq_table"):
            head = "<tr><th>Topic</th><th>Department</th></tr>"
            rows = "".join(
                f'<tr><td><a href="{e(f["url"])}">{e(f["title"])}</a></td><td class="{hc("faq_dept")}">{e(f["department"])}</td></tr>'
                for f in fs
            )
            table = f"<thead>{head}</thead><tbody>{rows}</tbody>" if N % 2 == 0 else f"<tbody>{head}{rows}</tbody>"
            o.append(f'<table class="{hc("faq_table")}">{table}</table>')
        else:
            o.append(
                f'<ul class="{hc("faq_list")}">'
                + "".join(
                    f'<li><a href="{e(f["url"])}">{e(f["title"])}</a> <span>({e(f["department"])})</span></li>'
                    for f in fs
                )
                + "</ul>"
            )
        o.append("</section>")
    if risk("hidden_comments") and N % 2 == 1:
        o.append(comments())
    o += [
        "</article></div></div></main>",
        f'<footer {dv("Footer")} class="{hc("footer")}"><p>© 2015 AskDoctor</p><a href="{HOST}/en/privacy">Privacy</a> <a href="{HOST}/en/terms">Terms</a></footer>',
        "</div></div><!--]--></div>",
        '<script>window.__NUXT__=(function(a,b){return {layout:"default",data:[{id:a,loaded:b}],state:{}}}("'
        + e(q["question_id_hint"])
        + '",true));</script><script src="/_nuxt/app.4f1c9a.js" defer></script>',
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


def app_ld(entry: dict) -> str:
    return app(entry, with_ld=True)


# ---- design: relaunch-ld ------------------------------------------------------------------------
def long_day(day: str) -> str:
    d = ymd(day)
    return f"{d.day} {d:%B %Y}"


def short_day(day: str) -> str:
    d = ymd(day)
    return f"{d.day} {d:%b %Y}"


def us_day(day: str) -> str:
    d = ymd(day)
    return f"{d:%B} {d.day}, {d.year}"


def relaunch_asker(q: dict) -> str:
    if not risk("reworded_labels"):
        return std_asker(q)
    name, day = q["asker_name"], q["asked_on"]
    age = q["asker_age_min"] is not None
    lo, hi, g = q["asker_age_min"], q["asker_age_max"], q["asker_gender"]
    k = N % 3
    if not name:
        return [f"Asked on {long_day(day)}", f"Asked {day}", f"Asked on {us_day(day)}"][k]
    if not age:
        return [f"Asked by {name} · {long_day(day)}", f"{name} asked on {day}", f"Asked by {name} on {us_day(day)}"][k]
    return [
        f"Asked by {name} · {lo}\u2013{hi} · {g} · {long_day(day)}",
        f"{name} ({g}, {lo}-{hi}) asked on {day}",
        f"Asked by {name}, {g}, aged {lo} to {hi}, on {us_day(day)}",
    ][k]


def relaunch(entry: dict) -> str:
    retitle(entry)
    q = entry["question"]
    new = risk("reworded_labels")
    L = (
        {
            "share": "Share this question",
            "more": "Further reading",
            "sim": "Questions like this",
            "faq": "Explore topics",
            "answers": "Answers from our doctors",
        }
        if new
        else {"share": "Share to:", "more": "More Info", "sim": "Similar Q&A", "faq": "Related FAQ", "answers": ""}
    )
    o = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{e(q['page_title'])} — {e(q['department'])} — AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        f'<meta property="og:title" content="{e(q["page_title"])}"><meta property="og:site_name" content="AskDoctor">',
        '<link rel="stylesheet" href="/assets/relaunch-2024.css">',
        ld_scripts(entry),
        '</head><body class="rl">',
        f'<header class="rl-header"><a class="rl-logo" href="{HOST}/en/">AskDoctor</a><nav class="rl-nav">'
        + "".join(f'<a href="{dept_url(d)}">{d}</a>' for d in DEPTS[:6])
        + f'</nav><a class="rl-cta" href="{HOST}/en/ask">Ask your question</a></header>',
        '<main class="rl-main"><article class="rl-qa">',
        '<header class="rl-qa__header">',
    ]
    if risk("dept_pill"):
        o.append(
            f'<h1 class="rl-qa__headline">{e(q["page_title"])}</h1><a class="rl-tag" href="{dept_url(q["department"])}">{e(q["department"])}</a>'
        )
    else:
        o.append(f'<h1 class="rl-qa__headline">{e(q["page_title"])} - {e(q["department"])}</h1>')
    o += [
        f'<div class="rl-share"><span>{L["share"]}</span> <a href="#" aria-label="Facebook">f</a> <a href="#" aria-label="Copy link">🔗</a></div></header>',
        f'<section class="rl-question"><h2 class="rl-question__title">{e(q["title"])}</h2>',
        '<div class="rl-question__body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        f'<p class="rl-question__meta">{e(relaunch_asker(q))}</p></section>',
    ]
    docs = doctors(entry)
    if docs and L["answers"]:
        o.append(f'<h2 class="rl-answers__title">{L["answers"]} ({len(docs)})</h2>')
    for i, r in enumerate(docs):
        name, dept, day = r["doctor_name"], r["department"], r["replied_on"]
        if not new:
            who = f'Dr. <a href="{doc_url(name)}">{e(name)}</a> reply {e(dept)}'
            when = f"Reply Date: {slash(day)}"
        elif (N + i) % 2 == 0:
            who = f'Answer from <a href="{doc_url(name)}">Dr. {e(name)}</a>, {e(dept)}'
            when = f"Answered {short_day(day)}"
        else:
            who = f'<a href="{doc_url(name)}">{e(name)}</a> ({e(dept)}) answered'
            when = f"Answered on {day}"
        o += [
            f'<section class="rl-answer" id="answer-{i + 1}"><p class="rl-answer__by">{who}</p>',
            '<div class="rl-answer__body">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>",
            f'<p class="rl-answer__date"><time datetime="{day}">{when}</time></p></section>',
        ]
    for r in more_info(entry):
        o.append(
            f'<section class="rl-reading"><h2>{L["more"]}</h2><div class="rl-prose">{ps(r["body"])}</div></section>'
        )
    sims = similar(entry)
    if sims:
        o.append(f'<section class="rl-similar"><h2>{e(L["sim"])}</h2><ul>')
        for s in sims:
            if new:
                doc = f"Answered by Dr. {e(s['doctor_name'])} · {e(s['department'])}"
                more = f'<a class="rl-more" href="{e(s["url"])}">Read the full answer →</a>'
            else:
                doc = f"Dr. {e(s['doctor_name'])} reply {e(s['department'])}"
                more = f'<a class="rl-more" href="{e(s["url"])}">[Read More] {e(s["title"])}</a>'
            o.append(
                f'<li class="rl-card"><h3><a href="{e(s["url"])}">{e(s["title"])}</a></h3><p>{e(s["question_snippet"])}</p>'
                f'<p class="rl-card__doc">{doc}</p><p>{e(s["reply_snippet"])}</p>{more}</li>'
            )
        o.append("</ul></section>")
    fs = faqs(entry)
    if fs:
        o.append(f'<section class="rl-topics"><h2>{L["faq"]}</h2><ul class="rl-chips">')
        for f in fs:
            dept = f" · {e(f['department'])}" if new else f" ({e(f['department'])})"
            o.append(f'<li><a href="{e(f["url"])}">{e(f["title"])}</a><span class="rl-chip__dept">{dept}</span></li>')
        o.append("</ul></section>")
    o += [
        "</article></main>",
        f'<footer class="rl-footer"><p>© 2024 AskDoctor</p><a href="{HOST}/en/about">About us</a> <a href="{HOST}/en/privacy">Privacy</a></footer>',
        "</body></html>",
    ]
    return "\n".join(o)


# ---- design: microdata --------------------------------------------------------------------------
S = "https://schema.org/"


def md_time(day: str, k: int) -> str:
    if risk("md_meta_dates"):
        return f'{slash(day)}<meta itemprop="dateCreated" content="{day}T{9 + k}:30:00+08:00">'
    return f'<time itemprop="dateCreated" datetime="{day}">{slash(day)}</time>'


def microdata(entry: dict) -> str:
    q = entry["question"]
    docs = doctors(entry)
    o = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(q['page_title'])} - {e(q['department'])}</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        '<link rel="stylesheet" href="/css/site.css"></head>',
        f'<body itemscope itemtype="{S}QAPage">',
        '<div class="top"><ul class="menu">'
        + "".join(f'<li><a href="{dept_url(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></div>",
        '<div class="page">',
        f'<h1 itemprop="headline">{e(q["page_title"])} - <span itemprop="about">{e(q["department"])}</span></h1>',
        '<div class="sharebar">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>',
        f'<div class="qbox" itemprop="mainEntity" itemscope itemtype="{S}Question">',
        f'<h2 class="qtitle" itemprop="name">{e(q["title"])}</h2>',
        f'<div class="qtext" itemprop="text">{br(lines(q["body"]))}</div>',
        f'<meta itemprop="answerCount" content="{len(docs)}">',
    ]
    who = []
    if q["asker_name"]:
        who.append(
            f'<span itemprop="author" itemscope itemtype="{S}Person"><span itemprop="name">{e(q["asker_name"])}</span></span>'
        )
    if q["asker_age_min"] is not None:
        who.append(e(age_gender(q)))
    o.append(f'<div class="qinfo">{(", ".join(who) + ". ") if who else ""}Ask Date: {md_time(q["asked_on"], 0)}</div>')
    for i, r in enumerate(docs):
        prop = "acceptedAnswer" if i == 0 else "suggestedAnswer"
        o += [
            f'<div class="abox" id="answer-{i + 1}" itemprop="{prop}" itemscope itemtype="{S}Answer">',
            f'<div class="adoc">Dr. <span itemprop="author" itemscope itemtype="{S}Physician"><a itemprop="url" href="{doc_url(r["doctor_name"])}">'
            f'<span itemprop="name">{e(r["doctor_name"])}</span></a></span> reply <span itemprop="medicalSpecialty">{e(r["department"])}</span></div>',
            f'<div class="atext" itemprop="text">{br(lines(r["body"]))}</div>',
            f'<div class="adate">Reply Date: {md_time(r["replied_on"], i + 1)}</div>',
        ]
        if risk("md_upvotes"):
            n = seed(N, i, "votes") % 40 + 1
            o.append(f'<div class="upvotes"><span itemprop="upvoteCount">{n}</span> people found this helpful</div>')
        o.append("</div>")
    o.append("</div>")  # Question
    for r in more_info(entry):
        o.append(f'<div class="more-info"><h3>More Info</h3><div class="mtext">{ps(r["body"])}</div></div>')
    sims = similar(entry)
    if sims:
        o.append('<div class="similar"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            if risk("sim_as_questions"):
                o.append(
                    f'<div class="sim" itemprop="relatedLink" itemscope itemtype="{S}Question"><link itemprop="url" href="{e(s["url"])}">'
                    f'<a href="{e(s["url"])}"><b itemprop="name">{e(s["title"])}</b></a><br><span itemprop="text">{e(s["question_snippet"])}</span><br>'
                    f'<span itemprop="suggestedAnswer" itemscope itemtype="{S}Answer"><i>Dr. <span itemprop="author">{e(s["doctor_name"])}</span> reply {e(s["department"])}</i><br>'
                    f'<span itemprop="text">{e(s["reply_snippet"])}</span></span><br><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></div>'
                )
            else:
                o.append(
                    f'<div class="sim"><a href="{e(s["url"])}"><b>{e(s["title"])}</b></a><br>{e(s["question_snippet"])}<br>'
                    f"<i>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</i><br>{e(s['reply_snippet'])}<br>"
                    f'<a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></div>'
                )
        o.append("</div>")
    fs = faqs(entry)
    if fs:
        o.append('<div class="faq"><h3>Related FAQ</h3><ul>')
        o += [
            f'<li><a itemprop="relatedLink" href="{e(f["url"])}">{e(f["title"])}</a> <span>({e(f["department"])})</span></li>'
            for f in fs
        ]
        o.append("</ul></div>")
    o += [
        "</div>",
        f'<div class="foot"><a href="{HOST}/en/about">About</a> · <a href="{HOST}/en/privacy">Privacy</a></div>',
        "</body></html>",
    ]
    return "\n".join(o)


DESIGNS = {"app": app, "app-ld": app_ld, "relaunch-ld": relaunch, "microdata": microdata, "stale-ld": app_ld}


def write(out: Path, designs: dict) -> None:
    global N, FILE
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]][:PAGES]
    out.mkdir(parents=True, exist_ok=True)
    DISAGREES.clear()
    truth = []
    for design, render in designs.items():
        folder = out / design
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.html"):
            old.unlink()
        for n, entry in enumerate(pages):
            N = n
            page = copy.deepcopy(entry)
            page["file"] = FILE = f"{design}/{page['question']['question_id_hint']}.html"
            page.pop("template", None)
            page.pop("encoding", None)
            html = render(page)  # may change a value (page_title) in page, i.e. in truth too
            (out / page["file"]).write_bytes(html.encode("utf-8"))
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
        write(Path(argv[2]), {d: f for d, f in DESIGNS.items() if feats & set(RISKS[d])})
    else:
        write(Path(argv[0]), DESIGNS)


if __name__ == "__main__":
    main(sys.argv[1:])
