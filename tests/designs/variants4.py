# ruff: noqa: E501  (long lines of HTML read better whole)
"""Render the first 40 truth records of tests/corpus/truth.jsonl (valid pages with a source URL) into 6
more designs a redesign (or a tool saving the site's pages) could plausibly ship, none of them one of
generate.py / variants.py / variants2.py / variants3.py / snapshots2.py. Written by a helper playing the
hidden evaluator.

    python tests/designs/variants4.py OUT                 # all designs, risky features on + truth.jsonl
    python tests/designs/variants4.py --safe OUT          # every risky feature off (controls)
    python tests/designs/variants4.py --only FEAT OUT     # only FEAT on (FEAT may be "a,b")

The parser is never called here. Truth is the record's, except where a design changes a value in page
AND truth, said below per design (faq_by_dept reorders Related FAQ; a text design that does not show a
URL has null URLs, as the corpus's snapshots). HTML pages have <link rel=canonical href=<truth's
source_url>> and absolute link URLs. OUT/truth.jsonl has the format of tests/corpus/truth.jsonl, `file`
relative to OUT. A risk applies to the pages n % k == r named in SUBSET (n = the record's index, 0..39),
to every page otherwise; the pages it skips are the design's controls.

Designs (site labels kept unless said: "<page_title> - <dept>", "Share to:", "Ask Date:", "Dr. X reply
Dept", "Reply Date:", "More Info", "Similar Q&A", "[Read More] <title>", "Related FAQ", "<topic> (<dept>)"):

- print       : the site's "printer-friendly version" (/en/qa/print/<id>.html, canonical to the page):
                no nav, <body onload=window.print()>, <title> "<page_title> - <dept> | AskDoctor - Printer-
                friendly version", "Print this page" / "Back to the question" links.
                RISKS: a "Printed from <url> on 2025/01/05 09:30" stamp above the headline (print_stamp);
                the whole question in one bordered <table> (title row, body row, asker row) (q_table);
                in that table, the asker as label/value rows "Asker | Jie", "Age | 20~29 year old",
                "Gender | female", "Ask Date: | 2015/11/06" (rows left out when truth has no value) instead of
                the one-cell asker line (asker_table; n % 2 == 0); each reply as a two-cell table row, the
                left cell "Dr. X reply Dept" <br> "Reply Date: ...", the right cell the body (reply_table;
                n % 2 == 1); every link in the content followed by a footnote mark <sup>[k]</sup> and a
                "Links:" list "[k] <url>" at the end, as print plugins do ("Dr. Wang Shouji[1] reply
                Orthopedics", "Limb Numbness[7] (Orthopedics)") (footnotes; n % 3 != 2, i.e. SUBSET (3, 0)
                and (3, 1)). Truth: the record's (footnote marks are not part of names or titles).
- markdown    : the page as a Markdown clipper (MarkDownload / turndown) saves it, file <id>.md (text, no HTML).
                RISKS: YAML front matter with title, "source: <url>", "clipped:" date (md_front_matter; truth
                source_url = the record's URL, null where this is off); ATX headings: "# <page_title> -
                <dept>", "## <title>", "### More Info" / "### Similar Q&A" / "### Related FAQ", "#### [<title>](<url>)"
                per Similar Q&A entry (md_headings; off: the same lines without "#"); "*asker line*" and
                "**Dr. X reply Dept**" emphasis (md_emphasis); the doctor line's name and department as links
                "**[Dr. Wang Shouji](<doctor url>) reply [Orthopedics](<dept url>)**" (md_links; n % 2 == 1);
                reply bodies as "> " block quotes (md_quotes; n % 2 == 0); turndown's escapes: "1\\. " at a
                line start, "\\[Read More\\]", "\\_", "\\*" (md_escapes). Always: entry titles and FAQ topics
                are links "[<title>](<url>)", "[\\[Read More\\] <title>](<url>)", FAQ items "*   [Topic](<url>)
                (Dept)" (even pages) or "- [Topic](<url>) (Dept)" (odd). Truth: link URLs the record's.
- digest      : a plain-text e-mail notification saved as <id>.eml (text/plain; format=flowed).
                RISKS: RFC 5322 headers (From, To, "Subject: [AskDoctor] New answer: <title>", "Date: Fri, 06
                Nov 2015 18:20:00 +0800" = the first reply's day, Message-ID, MIME headers) (mail_headers);
                "Hello,\\n\\nA doctor has answered a question you follow on AskDoctor." before the headline
                (greeting); every line hard-wrapped at 72 columns, soft breaks ending in a space (RFC 3676)
                (wrap72); headings underlined with "====" / "----" lines (underlines); Similar Q&A entries and
                FAQ topics as "* " items, continuation lines indented two spaces (bullets); "<url>" after each
                entry's "[Read More]" line and FAQ topic, and "View this question online: <url>" at the end
                (angle_urls; truth url / source_url the record's, null where this is off); a "-- " signature
                with an unsubscribe URL (always).
- intl-chrome : a localised template around the same English content: zh-Hant chrome (nav "首頁 科別 問醫生",
                breadcrumb "首頁 › <dept> › <page_title>", footer "版權所有", "回到頂部"), or on n % 3 == 2 an
                Arabic right-to-left one (<html lang=ar dir=rtl>, "الرئيسية", content in <div dir=ltr lang=en>)
                (rtl_chrome). RISKS: the share bar's label in the chrome's language, "分享到：" / "شارك:", not
                "Share to:" (localized_share); "Ask Date：…" / "Reply Date：…" with a full-width colon and no space (fw_colon; n % 2 == 0);
                dates "2015年11月6日" on zh pages (cjk_dates); dates in Arabic-Indic digits "٢٠١٥/١١/٠٦" on the
                Arabic pages (arabic_digits); all three headings bilingual on one line, English first "More Info 更多資訊" (n % 3 == 0)
                or Chinese first "相似問答 Similar Q&A" (n % 3 == 1), on Arabic pages "More Info | مزيد من المعلومات"
                (bilingual_labels); Related FAQ "<topic>（<dept>）" with full-width
                parentheses (fw_parens; n % 2 == 1). Truth: the record's.
- carousel    : a 2024 marketing theme: replies as <details open><summary>Dr. X reply Dept</summary>...</details>
                (details_replies), dates "Nov 6, 2015" / "November 6th, 2015" / "Fri, Nov 6, 2015" by n % 3
                (us_dates), the asker as a <ul class=meta> of three <li>s "Jie" | "20~29 year old female" |
                "Ask Date: ..." (asker_meta_list; n % 2 == 0), a sticky "Worried about your symptoms? Our doctors
                reply within 24 hours. Ask a doctor" banner between the question and the replies and a "Get the
                AskDoctor app" banner after the replies (cta_banners), Similar Q&A as a Swiper loop carousel:
                clones of the last slides before the first and of the first after the last (class
                "swiper-slide swiper-slide-duplicate", data-swiper-slide-index, aria-hidden="true" on odd
                pages), prev/next buttons, pagination bullets (swiper_dupes; entries >= 2), Related FAQ as chips
                "<dept>: <topic>" (department first) (dept_first_chips). Truth: the record's (each entry once).
- clinic      : a hospital network's consultation portal. RISKS: the doctor's rank after the name, "Dr. Wang
                Shouji (Attending Physician) reply Orthopedics" (doctor_titles; n % 2 == 0; truth doctor_name
                stays "Wang Shouji"); the asker as <dl>: "Asker" Jie / "Age / Gender" 20~29 year old female /
                "Ask Date:" 2015/11/06 (asker_dl; n % 2 == 1); numbered paragraphs ("1. Evaluate ...") as
                <ol start=k><li> whose numbers are drawn by the browser, not in the text (ol_numbers; truth
                keeps "1. Evaluate ...": the reader sees the number); "Ask Date: 2015/11/06 (Fri)" and "Reply
                Date: 2015/11/06 14:32" (date_extras; n % 3 == 0); Similar Q&A as a table with a "Question |
                Answered by | Answer" header row, one entry per row (sim_table); Related FAQ grouped by
                department in a <dl>: <dt>Orthopedics</dt><dd>topic</dd><dd>topic</dd> (faq_by_dept; page AND
                truth reordered: departments in order of first appearance, topics in record order within
                each, related_faq positions renumbered).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import sys
import textwrap
from html import escape
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
HOST = "https://askdoctor.example"
PAGES = 40

RISKS = {
    "print": ["print_stamp", "q_table", "asker_table", "reply_table", "footnotes"],
    "markdown": ["md_front_matter", "md_headings", "md_emphasis", "md_links", "md_quotes", "md_escapes"],
    "digest": ["mail_headers", "greeting", "wrap72", "underlines", "bullets", "angle_urls"],
    "intl-chrome": [
        "rtl_chrome",
        "localized_share",
        "fw_colon",
        "cjk_dates",
        "arabic_digits",
        "bilingual_labels",
        "fw_parens",
    ],
    "carousel": ["details_replies", "us_dates", "asker_meta_list", "cta_banners", "swiper_dupes", "dept_first_chips"],
    "clinic": ["doctor_titles", "asker_dl", "ol_numbers", "date_extras", "sim_table", "faq_by_dept"],
}
EXT = {"markdown": "md", "digest": "eml"}
# risk applied only on pages with n % k == r (a list: any of them)
SUBSET: dict[str, list[tuple[int, int]]] = {
    "asker_table": [(2, 0)],
    "reply_table": [(2, 1)],
    "footnotes": [(3, 0), (3, 1)],
    "md_links": [(2, 1)],
    "md_quotes": [(2, 0)],
    "rtl_chrome": [(3, 2)],
    "fw_colon": [(2, 0)],
    "fw_parens": [(2, 1)],
    "asker_meta_list": [(2, 0)],
    "doctor_titles": [(2, 0)],
    "asker_dl": [(2, 1)],
    "date_extras": [(3, 0)],
}
ON: set[str] = {r for rs in RISKS.values() for r in rs}
N = 0  # index of the page being rendered


def risk(name: str) -> bool:
    return name in ON and any(N % k == r for k, r in SUBSET.get(name, [(1, 0)]))


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


def age_gender(q: dict) -> str:
    return f"{q['asker_age_min']}~{q['asker_age_max']} year old {q['asker_gender']}"


def std_asker(q: dict, date: str | None = None, colon: str = ":") -> str:
    """The site's asker line: "Jie, 20~29 year old female. Ask Date: 2015/11/06"."""
    parts = [q["asker_name"]] if q["asker_name"] else []
    if q["asker_age_min"] is not None:
        parts.append(age_gender(q))
    return (
        (", ".join(parts) + ". ") if parts else ""
    ) + f"Ask Date{colon}{' ' if colon == ':' else ''}{date or slash(q['asked_on'])}"


def headline(q: dict) -> str:
    return f"{q['page_title']} - {q['department']}"


DEPTS = ["Orthopedics", "Neurology", "Cardiology", "Dermatology", "Pediatrics", "Urology", "Psychiatry", "Oncology"]
NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$", re.S)


def chrome_head(q: dict, title: str, lang: str = "en", extra: str = "", dir_: str = "") -> list[str]:
    d = f' dir="{dir_}"' if dir_ else ""
    return [
        f'<!DOCTYPE html><html lang="{lang}"{d}><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{e(title)}</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        extra,
        "</head>",
    ]


# ---- design: print ------------------------------------------------------------------------------
class Notes:
    """Footnotes for the links of a printed page."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def a(self, url: str, text: str, cls: str = "") -> str:
        c = f' class="{cls}"' if cls else ""
        link = f'<a{c} href="{e(url)}">{text}</a>'
        if not risk("footnotes"):
            return link
        self.urls.append(url)
        return f'{link}<sup class="fn">[{len(self.urls)}]</sup>'

    def html(self) -> str:
        if not self.urls:
            return ""
        items = "<br>\n".join(f"[{k}] {e(u)}" for k, u in enumerate(self.urls, 1))
        return f'<div class="print-links"><p><b>Links:</b></p><p class="fnlist">{items}</p></div>'


def print_view(entry: dict) -> str:
    q = entry["question"]
    fn = Notes()
    o = chrome_head(
        q,
        f"{headline(q)} | AskDoctor - Printer-friendly version",
        extra='<meta name="robots" content="noindex"><style media="print">.noprint{display:none}</style><link rel="stylesheet" href="/static/print.css">',
    )
    o += [
        '<body class="print" onload="window.print()">',
        f'<div class="print-head"><img src="/static/logo-bw.png" alt="AskDoctor" width="120"> <span class="host">askdoctor.example</span>'
        f' <span class="noprint"><a href="javascript:window.print()">Print this page</a> | <a href="{e(q["source_url"])}">Back to the question</a></span></div>',
        "<hr>",
    ]
    if risk("print_stamp"):
        o.append(f'<p class="stamp">Printed from {e(q["source_url"])} on 2025/01/05 09:30</p>')
    o.append(f'<h1 class="headline">{e(headline(q))}</h1>')
    o.append('<p class="share noprint">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></p>')
    if risk("q_table"):
        o.append('<table class="q" border="1" cellpadding="6" cellspacing="0" width="100%">')
        o.append(f'<tr><th colspan="2" class="qtitle" align="left">{e(q["title"])}</th></tr>')
        o.append(f'<tr><td colspan="2" class="qbody">{br(lines(q["body"]))}</td></tr>')
        if risk("asker_table"):
            if q["asker_name"]:
                o.append(f'<tr><th align="left" width="20%">Asker</th><td>{e(q["asker_name"])}</td></tr>')
            if q["asker_age_min"] is not None:
                o.append(
                    f'<tr><th align="left" width="20%">Age</th><td>{q["asker_age_min"]}~{q["asker_age_max"]} year old</td></tr>'
                )
            if q["asker_gender"]:
                o.append(f'<tr><th align="left" width="20%">Gender</th><td>{e(q["asker_gender"])}</td></tr>')
            o.append(f'<tr><th align="left" width="20%">Ask Date:</th><td>{slash(q["asked_on"])}</td></tr>')
        else:
            o.append(f'<tr><td colspan="2" class="asker">{e(std_asker(q))}</td></tr>')
        o.append("</table>")
    else:
        o += [
            f'<h2 class="qtitle">{e(q["title"])}</h2>',
            f'<div class="qbody">{ps(q["body"])}</div>',
            f'<p class="asker">{e(std_asker(q))}</p>',
        ]
    for i, r in enumerate(doctors(entry)):
        who = (
            "Dr. "
            + fn.a(doc_url(r["doctor_name"]), e(r["doctor_name"]))
            + " reply "
            + fn.a(dept_url(r["department"]), e(r["department"]))
        )
        when = f"Reply Date: {slash(r['replied_on'])}"
        if risk("reply_table"):
            o.append(
                f'<table class="reply" id="answer-{i + 1}" border="0" cellpadding="6" width="100%"><tr>'
                f'<td class="who" valign="top" width="28%">{who}<br>{when}</td>'
                f'<td class="text" valign="top">{br(lines(r["body"]))}</td></tr></table>'
            )
        else:
            o.append(
                f'<div class="reply" id="answer-{i + 1}"><p class="who">{who}</p><div class="text">{ps(r["body"])}</div><p class="when">{when}</p></div>'
            )
    for r in more_info(entry):
        o.append(f'<div class="more-info"><h3>More Info</h3>{ps(r["body"])}</div>')
    sims = similar(entry)
    if sims:
        o.append('<div class="similar"><h3>Similar Q&amp;A</h3>')
        for s in sims:
            o.append(
                f'<div class="sim"><h4>{fn.a(s["url"], e(s["title"]))}</h4><p>{e(s["question_snippet"])}</p>'
                f"<p><i>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</i><br>{e(s['reply_snippet'])}</p>"
                f"<p>{fn.a(s['url'], '[Read More] ' + e(s['title']))}</p></div>"
            )
        o.append("</div>")
    fs = faqs(entry)
    if fs:
        o.append('<div class="faq"><h3>Related FAQ</h3><ul>')
        o += [f"<li>{fn.a(f['url'], e(f['title']))} ({e(f['department'])})</li>" for f in fs]
        o.append("</ul></div>")
    o += [
        fn.html(),
        "<hr>",
        '<p class="print-foot">© 2015 AskDoctor · This printout is for personal use only. Page 1 of 1</p>',
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


# ---- design: markdown ---------------------------------------------------------------------------
def md_escape(text: str) -> str:
    """turndown's escapes (its default `escape`), applied to one block's text."""
    if not risk("md_escapes"):
        return text
    out = []
    for line in text.split("\n"):
        line = line.replace("\\", "\\\\")
        line = re.sub(r"([*_`\[\]])", r"\\\1", line)
        line = re.sub(r"^(\s*)-(\s)", r"\1\\-\2", line)
        line = re.sub(r"^(\s*)\+ ", r"\1\\+ ", line)
        line = re.sub(r"^(\s*)(#{1,6} )", r"\1\\\2", line)
        line = re.sub(r"^(\s*)>", r"\1\\>", line)
        line = re.sub(r"^(\d+)\. ", r"\1\\. ", line)
        out.append(line)
    return "\n".join(out)


def md_h(level: int, text: str) -> str:
    return ("#" * level + " " + text) if risk("md_headings") else text


def md_link(text: str, url: str) -> str:
    return f"[{text}]({url})"


def markdown(entry: dict) -> str:
    q = entry["question"]
    if not risk("md_front_matter"):
        q["source_url"] = None  # the page no longer shows it
    o: list[str] = []
    if risk("md_front_matter"):
        o += [
            "---",
            f'title: "{headline(q)} | AskDoctor"',
            f"source: {q['source_url']}",
            "author:",
            "clipped: 2025-01-05",
            "tags: [clippings]",
            "---",
            "",
        ]
    o += [
        md_h(1, md_escape(headline(q))),
        "",
        "Share to: [Facebook](#) [LINE](#)",
        "",
        md_h(2, md_escape(q["title"])),
        "",
    ]
    o += ["\n\n".join(md_escape(x) for x in lines(q["body"])), ""]
    asker = md_escape(std_asker(q))
    o += [f"*{asker}*" if risk("md_emphasis") else asker, ""]
    for r in doctors(entry):
        name, dept = r["doctor_name"], r["department"]
        who = (
            f"{md_link('Dr. ' + md_escape(name), doc_url(name))} reply {md_link(md_escape(dept), dept_url(dept))}"
            if risk("md_links")
            else f"Dr. {md_escape(name)} reply {md_escape(dept)}"
        )
        o += [f"**{who}**" if risk("md_emphasis") else who, ""]
        if risk("md_quotes"):
            o += ["\n>\n".join("> " + md_escape(x) for x in lines(r["body"])), ""]
        else:
            o += ["\n\n".join(md_escape(x) for x in lines(r["body"])), ""]
        o += [f"Reply Date: {slash(r['replied_on'])}", ""]
    for r in more_info(entry):
        o += [md_h(3, "More Info"), ""]
        o += ["\n\n".join(md_escape("\n".join(p)) for p in paragraphs(r["body"])), ""]
    sims = similar(entry)
    if sims:
        o += [md_h(3, "Similar Q&A"), ""]
        for s in sims:
            o += [md_h(4, md_link(md_escape(s["title"]), s["url"])), "", md_escape(s["question_snippet"]), ""]
            who = f"Dr. {md_escape(s['doctor_name'])} reply {md_escape(s['department'])}"
            o += [f"*{who}*" if risk("md_emphasis") else who, md_escape(s["reply_snippet"]), ""]
            o += [md_link(md_escape("[Read More] " + s["title"]), s["url"]), ""]
    fs = faqs(entry)
    if fs:
        o += [md_h(3, "Related FAQ"), ""]
        mark = "*   " if N % 2 == 0 else "- "
        o += [f"{mark}{md_link(md_escape(f['title']), f['url'])} ({md_escape(f['department'])})" for f in fs]
        o.append("")
    return "\n".join(o)


# ---- design: digest -----------------------------------------------------------------------------
def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """One line of text as the mail shows it: wrapped at 72 (format=flowed: soft breaks end in a space)."""
    if not risk("wrap72"):
        return [first + text]
    ws = textwrap.wrap(
        text, 72, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    )
    return [w + " " for w in ws[:-1]] + ws[-1:] if ws else [first]


def heading(text: str, char: str) -> list[str]:
    out = wrap(text)
    if risk("underlines"):
        out.append(char * min(72, max(len(x.rstrip()) for x in out)))
    return out


def digest(entry: dict) -> str:
    q = entry["question"]
    docs = doctors(entry)
    urls = risk("angle_urls")
    if not urls:
        q["source_url"] = None
        for x in entry["related_links"]:
            x["url"] = None
    o: list[str] = []
    if risk("mail_headers"):
        day = ymd(docs[0]["replied_on"] if docs else q["asked_on"])
        o += [
            "From: AskDoctor <no-reply@askdoctor.example>",
            "To: member-4821@example.com",
            f"Subject: [AskDoctor] New answer: {q['title']}",
            f"Date: {day:%a, %d %b %Y} 18:20:00 +0800",
            f"Message-ID: <qa-{q['question_id_hint']}.{day:%Y%m%d}@askdoctor.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8; format=flowed",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]
    if risk("greeting"):
        o += ["Hello,", "", "A doctor has answered a question you follow on AskDoctor.", ""]
    o += [*heading(headline(q), "="), ""]
    o += ["Share to:", ""]
    o += [*heading(q["title"], "-"), ""]
    for x in lines(q["body"]):
        o += wrap(x)
    o += ["", *wrap(std_asker(q)), ""]
    for r in docs:
        o += wrap(f"Dr. {r['doctor_name']} reply {r['department']}")
        for x in lines(r["body"]):
            o += wrap(x)
        o += [f"Reply Date: {slash(r['replied_on'])}", ""]
    for r in more_info(entry):
        o += [*heading("More Info", "-"), ""]
        for p in paragraphs(r["body"]):
            for x in p:
                o += wrap(x)
            o.append("")
    bul, ind = ("* ", "  ") if risk("bullets") else ("", "")
    sims = similar(entry)
    if sims:
        o += [*heading("Similar Q&A", "-"), ""]
        for s in sims:
            o += wrap(s["title"], bul, ind)
            o += wrap(s["question_snippet"], ind, ind)
            o += wrap(f"Dr. {s['doctor_name']} reply {s['department']}", ind, ind)
            o += wrap(s["reply_snippet"], ind, ind)
            more = f"[Read More] {s['title']}" + (f" <{s['url']}>" if urls else "")
            o += [*wrap(more, ind, ind), ""]
    fs = faqs(entry)
    if fs:
        o += [*heading("Related FAQ", "-"), ""]
        for f in fs:
            o += wrap(f"{f['title']} ({f['department']})" + (f" <{f['url']}>" if urls else ""), bul, ind)
        o.append("")
    if urls:
        o += [*wrap(f"View this question online: {q['source_url']}"), ""]
    o += [
        "-- ",
        "You receive this e-mail because you follow questions on AskDoctor.",
        f"Unsubscribe: {HOST}/en/unsubscribe?u=4821&t={seed(N, 'u') % 10**8:08d}",
        "",
    ]
    return "\n".join(o)


# ---- design: intl-chrome ------------------------------------------------------------------------
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def intl_date(day: str, rtl: bool) -> str:
    d = ymd(day)
    if rtl:
        return slash(day).translate(ARABIC) if risk("arabic_digits") else slash(day)
    return f"{d.year}年{d.month}月{d.day}日" if risk("cjk_dates") else slash(day)


def intl_label(en: str, zh: str, ar: str, rtl: bool) -> str:
    if not risk("bilingual_labels"):
        return e(en)
    if rtl:
        return f'{e(en)} <span lang="ar" dir="rtl">| {ar}</span>'
    if N % 3 == 1:
        return f'<span lang="zh-Hant">{zh}</span> {e(en)}'
    return f'{e(en)} <span lang="zh-Hant">{zh}</span>'


def intl(entry: dict) -> str:
    q = entry["question"]
    rtl = risk("rtl_chrome")
    colon = "：" if risk("fw_colon") else ":"
    if rtl:
        nav = ["الرئيسية", "الأقسام", "اسأل طبيبًا", "الموسوعة الصحية", "تسجيل الدخول"]
        crumbs_home, share, foot = (
            "الرئيسية",
            "شارك:",
            "جميع الحقوق محفوظة © 2015 AskDoctor | سياسة الخصوصية | شروط الخدمة",
        )
        o = chrome_head(q, f"{headline(q)} | AskDoctor", lang="ar", dir_="rtl")
        o.append('<body class="rtl">')
    else:
        nav = ["首頁", "科別", "問醫生", "健康百科", "登入"]
        crumbs_home, share, foot = "首頁", "分享到：", "版權所有 © 2015 AskDoctor 問醫生 | 隱私權政策 | 服務條款"
        o = chrome_head(q, f"{headline(q)} | AskDoctor 問醫生", lang="zh-Hant")
        o.append('<body class="zh">')
    o += [
        '<header class="top"><a class="logo" href="/">AskDoctor</a><nav>'
        + " ".join(f'<a href="{HOST}/{k}">{t}</a>' for k, t in enumerate(nav))
        + '</nav><form><input name="q" placeholder="'
        + ("ابحث" if rtl else "搜尋症狀、科別")
        + '"></form></header>',
        f'<div class="crumbs">{crumbs_home} › <a href="{dept_url(q["department"])}">{e(q["department"])}</a> › <span>{e(q["page_title"])}</span></div>',
        '<main><div class="content" dir="ltr" lang="en">' if rtl else "<main>",
        f'<h1 class="headline">{e(headline(q))}</h1>',
        f'<div class="share" dir="{"rtl" if rtl else "ltr"}" lang="{"ar" if rtl else "zh-Hant"}">{share if risk("localized_share") else "Share to:"} <a href="#" aria-label="Facebook">f</a> <a href="#" aria-label="LINE">L</a></div>',
        f'<div class="question"><h2>{e(q["title"])}</h2>',
        '<div class="q-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
        f'<div class="q-meta">{e(std_asker(q, intl_date(q["asked_on"], rtl), colon))}</div></div>',
    ]
    for i, r in enumerate(doctors(entry)):
        o += [
            f'<div class="answer" id="answer-{i + 1}"><div class="doc">Dr. <a href="{doc_url(r["doctor_name"])}">{e(r["doctor_name"])}</a> reply {e(r["department"])}</div>',
            '<div class="a-body">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>",
            f'<div class="a-date">Reply Date{colon}{" " if colon == ":" else ""}{intl_date(r["replied_on"], rtl)}</div></div>',
        ]
    for r in more_info(entry):
        o.append(
            f'<div class="more"><h3>{intl_label("More Info", "更多資訊", "مزيد من المعلومات", rtl)}</h3>{ps(r["body"])}</div>'
        )
    sims = similar(entry)
    if sims:
        o.append(f'<div class="similar"><h3>{intl_label("Similar Q&A", "相似問答", "أسئلة مشابهة", rtl)}</h3>')
        for s in sims:
            o.append(
                f'<div class="sim"><h4><a href="{e(s["url"])}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                f'<p class="sim-doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p><p>{e(s["reply_snippet"])}</p>'
                f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</div>")
    fs = faqs(entry)
    if fs:
        o.append(f'<div class="faq"><h3>{intl_label("Related FAQ", "相關問答", "أسئلة شائعة ذات صلة", rtl)}</h3><ul>')
        lp, rp = ("（", "）") if risk("fw_parens") else (" (", ")")
        o += [f'<li><a href="{e(f["url"])}">{e(f["title"])}</a>{lp}{e(f["department"])}{rp}</li>' for f in fs]
        o.append("</ul></div>")
    o += [
        "</div></main>" if rtl else "</main>",
        f'<footer class="foot"><p>{foot}</p></footer>',
        f'<a class="to-top" href="#">{"العودة إلى الأعلى" if rtl else "回到頂部"}</a>',
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


# ---- design: carousel ---------------------------------------------------------------------------
def us_date(day: str) -> str:
    d = ymd(day)
    if not risk("us_dates"):
        return slash(day)
    k = N % 3
    if k == 0:
        return f"{d:%b} {d.day}, {d.year}"
    if k == 1:
        suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        return f"{d:%B} {d.day}{suffix}, {d.year}"
    return f"{d:%a}, {d:%b} {d.day}, {d.year}"


def slide(s: dict, idx: int, total: int, dup: bool) -> str:
    cls = "swiper-slide swiper-slide-duplicate" if dup else "swiper-slide"
    hidden = ' aria-hidden="true"' if dup and N % 2 == 1 else ""
    return (
        f'<div class="{cls}" data-swiper-slide-index="{idx}" role="group" aria-label="{idx + 1} / {total}"{hidden}>'
        f'<article class="card"><h3 class="card__title"><a href="{e(s["url"])}">{e(s["title"])}</a></h3>'
        f'<p class="card__q">{e(s["question_snippet"])}</p>'
        f'<p class="card__doc">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</p>'
        f'<p class="card__a">{e(s["reply_snippet"])}</p>'
        f'<a class="card__more" href="{e(s["url"])}">[Read More] {e(s["title"])}</a></article></div>'
    )


def carousel(entry: dict) -> str:
    q = entry["question"]
    o = chrome_head(
        q,
        f"{headline(q)} | AskDoctor",
        extra='<link rel="stylesheet" href="/assets/swiper-bundle.min.css"><link rel="stylesheet" href="/assets/theme-2024.css">',
    )
    o += [
        '<body class="theme-2024">',
        f'<header class="site"><a class="brand" href="{HOST}/en/">AskDoctor</a><nav>'
        + "".join(f'<a href="{dept_url(d)}">{d}</a>' for d in DEPTS[:5])
        + "</nav></header>",
        '<main class="wrap"><article class="qa">',
        f'<h1 class="qa__headline">{e(headline(q))}</h1>',
        '<div class="qa__share">Share to: <a href="#" class="i-fb" aria-label="Facebook"></a><a href="#" class="i-line" aria-label="LINE"></a></div>',
        f'<section class="qa__question"><h2>{e(q["title"])}</h2>',
        '<div class="qa__body">' + "".join(f"<p>{e(x)}</p>" for x in lines(q["body"])) + "</div>",
    ]
    ask = us_date(q["asked_on"])
    if risk("asker_meta_list"):
        items = []
        if q["asker_name"]:
            items.append(f'<li class="meta__name">{e(q["asker_name"])}</li>')
        if q["asker_age_min"] is not None:
            items.append(f'<li class="meta__age">{e(age_gender(q))}</li>')
        items.append(f'<li class="meta__date">Ask Date: <time datetime="{q["asked_on"]}">{ask}</time></li>')
        o.append('<ul class="meta">' + "".join(items) + "</ul>")
    else:
        o.append(f'<p class="meta">{e(std_asker(q, ask))}</p>')
    o.append("</section>")
    banner1 = (
        '<div class="sticky-cta" role="complementary"><p><strong>Worried about your symptoms?</strong> Our doctors reply within 24 hours.</p>'
        f'<a class="btn btn--primary" href="{HOST}/en/ask">Ask a doctor</a></div>'
    )
    banner2 = (
        '<div class="app-banner" role="complementary"><img src="/assets/app.svg" alt=""><p>Get the AskDoctor app: answers in your pocket.</p>'
        f'<a class="btn" href="{HOST}/en/app">Download</a></div>'
    )
    if risk("cta_banners"):
        o.append(banner1)
    docs = doctors(entry)
    for i, r in enumerate(docs):
        who = f'Dr. <a href="{doc_url(r["doctor_name"])}">{e(r["doctor_name"])}</a> reply <a href="{dept_url(r["department"])}">{e(r["department"])}</a>'
        body = '<div class="answer__body">' + "".join(f"<p>{e(x)}</p>" for x in lines(r["body"])) + "</div>"
        when = f'<p class="answer__date">Reply Date: <time datetime="{r["replied_on"]}">{us_date(r["replied_on"])}</time></p>'
        if risk("details_replies"):
            o.append(
                f'<details class="answer" id="answer-{i + 1}" open><summary class="answer__head"><img class="avatar" src="/assets/doc.svg" alt=""> {who}</summary>{body}{when}</details>'
            )
        else:
            o.append(
                f'<section class="answer" id="answer-{i + 1}"><p class="answer__head">{who}</p>{body}{when}</section>'
            )
    if risk("cta_banners") and docs:
        o.append(banner2)
    for r in more_info(entry):
        o.append(f'<section class="more"><h2>More Info</h2><div class="prose">{ps(r["body"])}</div></section>')
    sims = similar(entry)
    if sims:
        o.append('<section class="similar"><h2>Similar Q&amp;A</h2>')
        n = len(sims)
        if risk("swiper_dupes") and n >= 2:
            k = 2 if n >= 3 else 1
            slides = [slide(sims[j], j, n, True) for j in range(n - k, n)]
            slides += [slide(s, j, n, False) for j, s in enumerate(sims)]
            slides += [slide(sims[j], j, n, True) for j in range(k)]
            bullets = "".join(
                f'<span class="swiper-pagination-bullet" tabindex="0" role="button" aria-label="Go to slide {j + 1}"></span>'
                for j in range(n)
            )
            o.append(
                '<div class="swiper swiper-initialized swiper-horizontal"><div class="swiper-wrapper" aria-live="polite">'
                + "".join(slides)
                + '</div><div class="swiper-button-prev" tabindex="0" role="button" aria-label="Previous slide"></div>'
                '<div class="swiper-button-next" tabindex="0" role="button" aria-label="Next slide"></div>'
                f'<div class="swiper-pagination swiper-pagination-bullets">{bullets}</div></div>'
            )
        else:
            o.append('<div class="cards">' + "".join(slide(s, j, n, False) for j, s in enumerate(sims)) + "</div>")
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append('<section class="faq"><h2>Related FAQ</h2><div class="chips">')
        for f in fs:
            if risk("dept_first_chips"):
                o.append(
                    f'<a class="chip" href="{e(f["url"])}"><span class="chip__dept">{e(f["department"])}:</span> <span class="chip__topic">{e(f["title"])}</span></a>'
                )
            else:
                o.append(
                    f'<a class="chip" href="{e(f["url"])}"><span class="chip__topic">{e(f["title"])}</span> <span class="chip__dept">({e(f["department"])})</span></a>'
                )
        o.append("</div></section>")
    o += [
        "</article></main>",
        f'<footer class="site-foot"><p>© 2024 AskDoctor</p><a href="{HOST}/en/privacy">Privacy</a></footer>',
        '<script src="/assets/swiper-bundle.min.js"></script><script>new Swiper(".swiper",{loop:true,pagination:{el:".swiper-pagination"}})</script>',
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


# ---- design: clinic -----------------------------------------------------------------------------
RANKS = ["Attending Physician", "Chief Resident", "Director", "Consultant"]


def ol_html(units: list[str]) -> str:
    """Paragraphs as <p>, runs of numbered ones ("1. x", "2. y") as <ol start="1"><li>x</li><li>y</li></ol>."""
    out: list[str] = []
    run: list[str] = []
    start = 0

    def flush() -> None:
        if run:
            out.append(f'<ol start="{start}">' + "".join("<li>" + br(x.split("\n")) + "</li>" for x in run) + "</ol>")
            run.clear()

    for u in units:
        m = NUMBERED.match(u) if risk("ol_numbers") else None
        if m and run and int(m.group(1)) == start + len(run):
            run.append(m.group(2))
        elif m:
            flush()
            start = int(m.group(1))
            run.append(m.group(2))
        else:
            flush()
            if u:
                out.append("<p>" + br(u.split("\n")) + "</p>")
    flush()
    return "".join(out)


def faq_groups(entry: dict) -> list[tuple[str, list[dict]]]:
    """faq_by_dept: Related FAQ grouped by department (first appearance); truth reordered to match."""
    fs = faqs(entry)
    groups: dict[str, list[dict]] = {}
    for f in fs:
        groups.setdefault(f["department"], []).append(f)
    ordered = [f for g in groups.values() for f in g]
    for k, f in enumerate(ordered):
        f["position"] = k
    others = [x for x in entry["related_links"] if x["kind"] != "related_faq"]
    entry["related_links"] = others + ordered
    return list(groups.items())


def clinic(entry: dict) -> str:
    q = entry["question"]
    o = chrome_head(q, f"{headline(q)} | Online Consultation | AskDoctor Hospital Network")
    o += [
        '<body class="portal">',
        '<div class="topbar"><span>Emergency: 119</span> <span>Outpatient hours: Mon-Fri 08:00-17:00</span> <a href="#">Book an appointment</a></div>',
        f'<header class="hospital"><a class="logo" href="{HOST}/en/">AskDoctor Hospital Network</a><ul class="nav">'
        + "".join(f'<li><a href="{dept_url(d)}">{d}</a></li>' for d in DEPTS)
        + "</ul></header>",
        '<div class="layout"><div class="col-main">',
        f'<h1 class="page-title">{e(headline(q))}</h1>',
        '<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a> <a href="#">Email</a></div>',
        f'<div class="consult"><h2 class="consult-title">{e(q["title"])}</h2>',
        '<div class="consult-body">' + ol_html(lines(q["body"])) + "</div>",
    ]
    day = slash(q["asked_on"]) + (f" ({ymd(q['asked_on']):%a})" if risk("date_extras") else "")
    if risk("asker_dl"):
        items = []
        if q["asker_name"]:
            items.append(f"<dt>Asker</dt><dd>{e(q['asker_name'])}</dd>")
        if q["asker_age_min"] is not None:
            items.append(f"<dt>Age / Gender</dt><dd>{e(age_gender(q))}</dd>")
        items.append(f"<dt>Ask Date:</dt><dd>{day}</dd>")
        o.append('<dl class="asker-info">' + "".join(items) + "</dl>")
    else:
        o.append(f'<p class="asker-info">{e(std_asker(q, day))}</p>')
    o.append("</div>")
    for i, r in enumerate(doctors(entry)):
        rank = f' <span class="rank">({RANKS[(N // 2 + i) % len(RANKS)]})</span>' if risk("doctor_titles") else ""
        when = slash(r["replied_on"]) + (
            f" {9 + (seed(N, i) % 9):02d}:{seed(N, i, 'm') % 60:02d}" if risk("date_extras") else ""
        )
        o += [
            f'<div class="reply" id="answer-{i + 1}"><div class="reply-head"><img class="photo" src="/img/doctors/{slug(r["doctor_name"])}.jpg" alt="">'
            f'<p>Dr. <a href="{doc_url(r["doctor_name"])}">{e(r["doctor_name"])}</a>{rank} reply <a href="{dept_url(r["department"])}">{e(r["department"])}</a></p></div>',
            '<div class="reply-body">' + ol_html(lines(r["body"])) + "</div>",
            f'<p class="reply-date">Reply Date: {when}</p></div>',
        ]
    for r in more_info(entry):
        o.append(
            '<div class="more-info"><h3>More Info</h3><div class="mi-body">'
            + ol_html([x for p in paragraphs(r["body"]) for x in p])
            + "</div></div>"
        )
    sims = similar(entry)
    if sims:
        o.append('<div class="similar"><h3>Similar Q&amp;A</h3>')
        if risk("sim_table"):
            o.append(
                '<table class="sim-table"><thead><tr><th>Question</th><th>Answered by</th><th>Answer</th></tr></thead><tbody>'
            )
            for s in sims:
                o.append(
                    f'<tr><td><a href="{e(s["url"])}">{e(s["title"])}</a><br><small>{e(s["question_snippet"])}</small></td>'
                    f"<td>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</td>"
                    f'<td>{e(s["reply_snippet"])}<br><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></td></tr>'
                )
            o.append("</tbody></table>")
        else:
            for s in sims:
                o.append(
                    f'<div class="sim"><h4><a href="{e(s["url"])}">{e(s["title"])}</a></h4><p>{e(s["question_snippet"])}</p>'
                    f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                    f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></div>'
                )
        o.append("</div>")
    if faqs(entry):
        o.append('<div class="faq"><h3>Related FAQ</h3>')
        if risk("faq_by_dept"):
            o.append('<dl class="faq-groups">')
            for dept, fs in faq_groups(entry):
                o.append(
                    f"<dt>{e(dept)}</dt>" + "".join(f'<dd><a href="{e(f["url"])}">{e(f["title"])}</a></dd>' for f in fs)
                )
            o.append("</dl>")
        else:
            o.append(
                "<ul>"
                + "".join(
                    f'<li><a href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in faqs(entry)
                )
                + "</ul>"
            )
        o.append("</div>")
    o += [
        '</div><aside class="col-side"><h3>Clinic hours</h3><p>Mon-Fri 08:00-17:00<br>Sat 08:00-12:00</p>'
        '<h3>Find a doctor</h3><form><input name="doctor" placeholder="Name or department"></form></aside></div>',
        '<footer class="hospital-foot"><p>© 2015 AskDoctor Hospital Network. Online answers do not replace a visit.</p></footer>',
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


DESIGNS = {
    "print": print_view,
    "markdown": markdown,
    "digest": digest,
    "intl-chrome": intl,
    "carousel": carousel,
    "clinic": clinic,
}


def write(out: Path, designs: dict) -> None:
    global N
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]][:PAGES]
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design, render in designs.items():
        folder = out / design
        folder.mkdir(exist_ok=True)
        ext = EXT.get(design, "html")
        for old in folder.glob(f"*.{ext}"):
            old.unlink()
        for n, entry in enumerate(pages):
            N = n
            page = copy.deepcopy(entry)
            page["file"] = f"{design}/{page['question']['question_id_hint']}.{ext}"
            page.pop("template", None)
            page.pop("encoding", None)
            text = render(page)  # may change values in page, i.e. in truth too (see the docstring)
            (out / page["file"]).write_bytes(text.encode("utf-8"))
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
