# ruff: noqa: E501  (long lines of HTML read better whole)
"""Render the first 40 truth records of tests/corpus/truth.jsonl (valid pages with a source URL) into 4
more designs that a tool saving the site's pages (or a redesign) could plausibly ship, none of them one of
generate.py / variants.py / variants2.py / variants3.py / variants4.py / snapshots2.py. Written by a
helper playing the hidden evaluator.

    python tests/designs/variants5.py OUT                 # all designs, risky features on + truth.jsonl
    python tests/designs/variants5.py --safe OUT          # every risky feature off (controls)
    python tests/designs/variants5.py --only FEAT OUT     # only FEAT on (FEAT may be "a,b")

The parser is never called here. Truth is the record's unchanged (no value is changed in page or truth;
see url_rewrite below for the one judgement call). Pages have <link rel=canonical> to truth's source_url
(rewritten by url_rewrite where said) and absolute link URLs. OUT/truth.jsonl has the format of
tests/corpus/truth.jsonl, `file` relative to OUT. A risk applies to the pages n % k == r named in SUBSET
(n = the record's index, 0..39), to every page otherwise; the pages it skips are the design's controls.

Designs (site labels kept unless said: "<page_title> - <dept>", "Share to:", "Ask Date:", "Dr. X reply
Dept", "Reply Date:", "More Info", "Similar Q&A", "[Read More] <title>", "Related FAQ", "<topic> (<dept>)"):

- reader     : the page as saved from Firefox Reader View / Readability (Pocket-like): <div id=
               "readability-page-1" class="page">, div-only-inline-content turned into <p>, no nav/footer.
               RISKS: the reader header above the content: domain link "askdoctor.example", <h1 class=
               "reader-title"> headline, credits "AskDoctor Editorial", "5-6 minutes" (the content's own
               headline then dropped, Readability de-duplicates it) (reader_header); the share bar removed
               (no_share); every class/id attribute stripped from the content (no_classes); the content's
               headings demoted one level (Readability turns <h1> into <h2>, so the question title is <h2>
               and section labels <h4>) (demote_headings); a "Saved from <url> · Jan 5, 2025 · Tags:
               <dept>" footer after the content (saved_footer).
- archive    : the page as an archive/cache service serves it, by n % 3: Wayback Machine (0),
               archive.today (1), Google cache (2). RISKS: the service's banner at the top of <body>
               (Wayback toolbar with "https://web.archive.org/web/20160103041522/<url>", "12 captures",
               "06 Nov 2015 - 03 Jan 2020", month/year calendar, "About this capture"; archive.today's
               "archived 3 Jan 2016 04:15:22 UTC" header with "webpage capture" / "history" / "Saved from";
               Google's "This is Google's cache of <url>. It is a snapshot of the page as it appeared on 3
               Jan 2016 04:15:22 GMT.") (banner); every link href and the canonical rewritten by the
               service (Wayback: https://web.archive.org/web/20160103041522/<url>; archive.today:
               https://archive.ph/o/Xy7Qa/<url>; Google cache: unchanged) (url_rewrite; TRUTH keeps the
               record's original URLs: the rewritten URL embeds it whole, and the canonical page is the
               original, a judgement call); archive.today's flattening of every element to <div>/<span>
               with inline computed styles, only <a>, <br>, <img> kept (div_soup; n % 3 == 1 only);
               Wayback's injected head scripts and the trailing "FILE ARCHIVED ON ..." comment: always.
- translated : the page saved while Chrome / the Google Translate widget had translated it (target
               English): <html class="translated-ltr">, text in <font style="vertical-align: inherit;">.
               RISKS: every text node wrapped in two <font> elements (font_wrappers); text split into one
               font pair per sentence / label, so "Reply Date:" and "2015/11/06" or "Dr." and "Wang
               Shouji" sit in separate pairs, spaces between pairs outside any font (sentence_split);
               the goog-te banner iframe, the "Original text / Contribute a better translation" popup
               div at the end of body and body style="top: 40px" (te_banner); labels as the translator
               re-renders them: "Share To:", "Ask date:", "Reply date:", "More info", "Similar Q & A",
               "Related FAQs", "[Read more]" (translated_labels; n % 2 == 1; all other text as the record).
- thread     : a phpBB/Discourse-style forum thread: the question is post #1, each doctor reply a post.
               RISKS: post numbers and subjects in each post's head, "#2 Re: <title>" (post_numbers);
               a user panel beside each post with "Joined: 2012/03/01", "Posts: 1,204", "Location: Taipei"
               (user_panels); each reply post opens with a quote of the question's first line, "<blockquote>
               <cite>Jie wrote:</cite> first line</blockquote>" ("Asker wrote:" when no name), not part of
               the reply (quote_question); a signature after the reply body behind "_________________":
               "Dr. <name> | <dept> | AskDoctor Hospital" (signatures; n % 2 == 0); dates with the label as an
               icon only: <i class="fa fa-clock" aria-label="Reply Date:"></i> / <img alt="Ask Date:"> and the
               visible text "2015/11/06" (icon_labels; n % 3 != 2); the doctor line split over elements:
               <span class="username">Dr. Wang Shouji</span> <span class="rank">reply</span> <span class=
               "dept">Orthopedics</span> made display:block by the theme, with a rank image between
               (split_doctor; n % 2 == 1); Similar Q&A as a topic list with "Replies | Views" counts per entry
               (topic_counts); phpBB's action bar "Post Reply | 1 post • Page 1 of 1" between the share bar
               and post #1 (action_bar).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import sys
from html import escape
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
HOST = "https://askdoctor.example"
PAGES = 40

RISKS = {
    "reader": ["reader_header", "no_share", "no_classes", "demote_headings", "saved_footer"],
    "archive": ["banner", "url_rewrite", "div_soup"],
    "translated": ["font_wrappers", "sentence_split", "te_banner", "translated_labels"],
    "thread": [
        "post_numbers",
        "user_panels",
        "quote_question",
        "signatures",
        "icon_labels",
        "split_doctor",
        "topic_counts",
        "action_bar",
    ],
}
EXT: dict[str, str] = {}
SUBSET: dict[str, list[tuple[int, int]]] = {
    "div_soup": [(3, 1)],
    "translated_labels": [(2, 1)],
    "signatures": [(2, 0)],
    "icon_labels": [(3, 0), (3, 1)],
    "split_doctor": [(2, 1)],
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


def asker_prefix(q: dict) -> str:
    """The asker line before "Ask Date:": "Jie, 20~29 year old female." (empty without name and age)."""
    parts = [q["asker_name"]] if q["asker_name"] else []
    if q["asker_age_min"] is not None:
        parts.append(age_gender(q))
    return (", ".join(parts) + ".") if parts else ""


LABELS = {
    "share": "Share to:",
    "ask": "Ask Date:",
    "reply": "Reply Date:",
    "more": "More Info",
    "sim": "Similar Q&A",
    "faq": "Related FAQ",
    "read": "[Read More]",
}


class Style:
    """Hooks of the shared page body (base): text runs, classes, ids, heading levels, labels."""

    headline = True
    share = True
    levels = (1, 2, 3, 4)  # headline, question title, section labels, Similar Q&A titles

    def __init__(self) -> None:
        self.labels = dict(LABELS)

    def t(self, text: str | None) -> str:
        return e(text)

    def run(self, *parts: str) -> str:
        return self.t(" ".join(p for p in parts if p))

    def c(self, name: str) -> str:
        return f' class="{name}"'

    def id(self, name: str) -> str:
        return f' id="{name}"'


def base(entry: dict, S: Style) -> list[str]:
    q = entry["question"]
    L = S.labels
    h1, h2, h3, h4 = S.levels
    o: list[str] = []
    if S.headline:
        o.append(f"<h{h1}{S.c('headline')}>{S.t(headline(q))}</h{h1}>")
    if S.share:
        o.append(
            f'<div{S.c("share")}>{S.t(L["share"])} <a href="#"{S.c("fb")}>{S.t("Facebook")}</a> <a href="#">{S.t("LINE")}</a></div>'
        )
    o.append(f"<div{S.c('question')}><h{h2}{S.c('q-title')}>{S.t(q['title'])}</h{h2}>")
    o.append(f"<div{S.c('q-body')}>" + "".join(f"<p>{S.t(x)}</p>" for x in lines(q["body"])) + "</div>")
    o.append(f"<p{S.c('asker')}>{S.run(asker_prefix(q), L['ask'], slash(q['asked_on']))}</p></div>")
    for i, r in enumerate(doctors(entry)):
        name, dept = r["doctor_name"], r["department"]
        o.append(
            f'<div{S.c("reply")}{S.id(f"answer-{i + 1}")}><p{S.c("doctor")}>{S.t("Dr. ")}<a href="{doc_url(name)}">{S.t(name)}</a>'
            f'{S.t(" reply ")}<a href="{dept_url(dept)}">{S.t(dept)}</a></p>'
        )
        o.append(f"<div{S.c('reply-body')}>" + "".join(f"<p>{S.t(x)}</p>" for x in lines(r["body"])) + "</div>")
        o.append(f"<p{S.c('reply-date')}>{S.run(L['reply'], slash(r['replied_on']))}</p></div>")
    for r in more_info(entry):
        body = "".join("<p>" + "<br>".join(S.t(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
        o.append(f"<div{S.c('more-info')}><h{h3}>{S.t(L['more'])}</h{h3}>{body}</div>")
    sims = similar(entry)
    if sims:
        o.append(f"<div{S.c('similar')}><h{h3}>{S.t(L['sim'])}</h{h3}>")
        for s in sims:
            o.append(
                f'<div{S.c("sim")}><h{h4}><a href="{e(s["url"])}">{S.t(s["title"])}</a></h{h4}><p>{S.t(s["question_snippet"])}</p>'
                f"<p>{S.t('Dr. ' + s['doctor_name'] + ' reply ' + s['department'])}</p><p>{S.t(s['reply_snippet'])}</p>"
                f'<p><a href="{e(s["url"])}">{S.t(L["read"] + " " + s["title"])}</a></p></div>'
            )
        o.append("</div>")
    fs = faqs(entry)
    if fs:
        o.append(f"<div{S.c('faq')}><h{h3}>{S.t(L['faq'])}</h{h3}><ul>")
        o += [f'<li><a href="{e(f["url"])}">{S.t(f["title"])}</a> {S.t("(" + f["department"] + ")")}</li>' for f in fs]
        o.append("</ul></div>")
    return o


def site_nav(S: Style) -> str:
    return (
        f'<header{S.c("site-header")}><a{S.c("logo")} href="{HOST}/en/">{S.t("AskDoctor")}</a><nav>'
        + " ".join(f'<a href="{dept_url(d)}">{S.t(d)}</a>' for d in DEPTS[:6])
        + "</nav></header>"
    )


def site_foot(S: Style) -> str:
    return f'<footer{S.c("site-footer")}><p>{S.t("© 2015 AskDoctor. Answers do not replace a visit to your doctor.")}</p><a href="{HOST}/en/privacy">{S.t("Privacy")}</a></footer>'


# ---- design: reader -----------------------------------------------------------------------------
class ReaderStyle(Style):
    def __init__(self) -> None:
        super().__init__()
        self.headline = not risk("reader_header")
        self.share = not risk("no_share")
        self.levels = (2, 3, 4, 5) if risk("demote_headings") else (1, 2, 3, 4)

    def c(self, name: str) -> str:
        return "" if risk("no_classes") else super().c(name)

    def id(self, name: str) -> str:
        return "" if risk("no_classes") else super().id(name)


def reader(entry: dict) -> str:
    q = entry["question"]
    S = ReaderStyle()
    o = chrome_head(q, headline(q), extra='<link rel="stylesheet" href="chrome://global/skin/aboutReader.css">')
    o += [
        '<body class="loaded light sans-serif" style="--font-size: 20px; --content-width: 30em;">',
        '<div class="container" dir="ltr" lang="en" style="--font-size: 20px;">',
    ]
    if risk("reader_header"):
        o += [
            '<div class="header reader-header reader-show-element">',
            f'<a class="domain reader-domain" href="{e(q["source_url"])}">askdoctor.example</a><div class="domain-border"></div>',
            f'<h1 class="reader-title">{e(headline(q))}</h1>',
            '<div class="credits reader-credits">AskDoctor Editorial</div>',
            '<div class="meta-data"><div class="reader-estimated-time" dir="ltr">5-6 minutes</div></div>',
            "</div><hr>",
        ]
    o += [
        '<div class="content"><div class="moz-reader-content reader-show-element"><div id="readability-page-1" class="page">'
    ]
    o += base(entry, S)
    o.append("</div></div></div>")
    if risk("saved_footer"):
        o.append(
            f'<div class="saved-from"><p>Saved from <a href="{e(q["source_url"])}">{e(q["source_url"])}</a> · Jan 5, 2025 · Tags: {e(q["department"]).lower()}</p></div>'
        )
    o += ["</div></body></html>"]
    return "\n".join(x for x in o if x)


# ---- design: archive ----------------------------------------------------------------------------
TS = "20160103041522"
SOUP_BLOCK = re.compile(r"<(/?)(h[1-6]|p|ul|ol|li|header|footer|nav|main|article|section|dl|dt|dd)\b[^>]*>")
SOUP_INLINE = re.compile(r"<(/?)(strong|b|em|i|time|small|cite|font)\b[^>]*>")
SOUP_STYLE = {
    "h1": "font-size:32px;font-weight:bold;margin:21px 0;",
    "h2": "font-size:24px;font-weight:bold;margin:19px 0;",
    "h3": "font-size:19px;font-weight:bold;margin:18px 0;",
    "h4": "font-size:16px;font-weight:bold;margin:21px 0;",
    "p": "margin:16px 0;",
    "ul": "padding-left:40px;margin:16px 0;",
    "li": "display:list-item;list-style-type:disc;",
}


def soup(html: str) -> str:
    """archive.today: every block element a <div>, every inline one a <span>, with inline styles."""

    def block(m: re.Match) -> str:
        if m.group(1):
            return "</div>"
        return f'<div style="{SOUP_STYLE.get(m.group(2), "display:block;")}text-align:left;color:rgb(34,34,34);">'

    def inline(m: re.Match) -> str:
        return "</span>" if m.group(1) else '<span style="font-weight:normal;">'

    html = SOUP_BLOCK.sub(block, html)
    html = SOUP_INLINE.sub(inline, html)
    return re.sub(r' class="[^"]*"| id="[^"]*"', "", html)


def archive(entry: dict) -> str:
    q = entry["question"]
    url = q["source_url"]
    kind = N % 3  # 0 wayback, 1 archive.today, 2 google cache
    S = Style()
    body = [
        site_nav(S),
        '<main class="content"><article class="qa">',
        *base(entry, S),
        "</article></main>",
        site_foot(S),
    ]
    inner = "\n".join(body)
    if kind == 1 and risk("div_soup"):
        inner = soup(inner)
    head_extra = ""
    top = ""
    tail = ""
    canonical = url
    if kind == 0:
        head_extra = (
            '<script src="//archive.org/includes/athena.js" type="text/javascript"></script>\n'
            '<script type="text/javascript">window.__wm.init("https://web.archive.org/web");</script>\n'
            '<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=S1zqJCYt" />\n'
            "<!-- End Wayback Rewrite JS Include -->"
        )
        if risk("banner"):
            top = (
                "<!-- BEGIN WAYBACK TOOLBAR INSERT --><script>__wm.rw(0);</script>\n"
                '<div id="wm-ipp-base" lang="en" style="display:block;direction:ltr;"><div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">'
                '<div id="wm-ipp-inside"><div id="wm-logo"><a href="/web/" title="Wayback Machine home page"><img src="/_static/images/toolbar/wayback-toolbar-logo-200.png" alt="Wayback Machine"></a></div>'
                f'<div class="c"><form target="_top" method="get" action="/web/submit" name="wmtb" id="wmtb"><input type="text" name="url" id="wmtbURL" value="{e(url)}"></form>'
                f'<div class="n"><table><tr class="y"><td class="b" nowrap>OCT</td><td class="c" id="displayMonthEl" title="You are here: 04:15:22 Jan 03, 2016">JAN</td><td class="f" nowrap>FEB</td></tr>'
                '<tr class="d"><td class="b" nowrap>18</td><td class="c" id="displayDayEl">03</td><td class="f" nowrap>11</td></tr>'
                '<tr class="y"><td class="b" nowrap>2015</td><td class="c" id="displayYearEl">2016</td><td class="f" nowrap>2017</td></tr></table></div>'
                f'<div class="s"><div id="wm-nav-captures"><a class="t" href="/web/20160101000000*/{e(url)}" title="See a list of every capture for this URL">12 captures</a>'
                '<div class="r" title="Timespan for captures of this URL">06 Nov 2015 - 03 Jan 2020</div></div></div></div>'
                '<div id="wm-btns"><a href="#" id="wm-expand" title="About this capture">About this capture</a></div>'
                '<div id="wm-capinfo" style="display:none"><div class="wm-title">COLLECTED BY</div><div>Organization: <a href="/details/alexacrawls">Alexa Crawls</a></div>'
                '<div class="wm-title">TIMESTAMPS</div></div></div></div></div>\n<!-- END WAYBACK TOOLBAR INSERT -->'
            )
        tail = (
            "\n<!--\n     FILE ARCHIVED ON 04:15:22 Jan 03, 2016 AND RETRIEVED FROM THE\n     INTERNET ARCHIVE ON 09:30:01 Jan 05, 2025.\n"
            "     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.\n-->\n<!--\nplayback timings (ms):\n  captures_list: 0.6\n  load_resource: 112.4\n-->"
        )
    elif kind == 1:
        if risk("url_rewrite"):
            canonical = "https://archive.ph/Xy7Qa"
        head_extra = (
            '<meta property="article:published_time" content="2016-01-03T04:15:22Z"><meta property="article:modified_time" content="2016-01-03T04:15:22Z">'
            '<link rel="bookmark" href="https://archive.ph/Xy7Qa"><meta name="robots" content="noindex">'
        )
        if risk("banner"):
            top = (
                '<div id="HEADER" style="position:relative;background-color:#eeeeee;padding:4px;"><table style="width:100%"><tr>'
                '<td style="vertical-align:top"><a href="https://archive.ph/"><img src="https://archive.ph/apple-touch-icon.png" alt="archive.today"></a><br><span>webpage capture</span></td>'
                f'<td><form><input type="text" name="q" value="{e(url)}"></form>'
                f'<div>Saved from <a href="{e(url)}">{e(url)}</a></div><div>no other snapshots from this url</div></td>'
                '<td style="text-align:right"><span>3 Jan 2016 04:15:22 UTC</span><br><a href="https://archive.ph/Xy7Qa/image">screenshot</a> '
                '<a href="https://archive.ph/Xy7Qa.zip">download .zip</a> <a href="https://archive.ph/search/?q=askdoctor.example">history</a> '
                '<a href="https://archive.ph/submit/">report bug or abuse</a></td></tr></table></div>'
                '<div style="text-align:center;color:#888">All snapshots from host <a href="https://archive.ph/askdoctor.example">askdoctor.example</a></div>'
                '<div id="CONTENT" style="position:relative;overflow:hidden">'
            )
            tail = ""
            inner += "</div>"
    else:
        head_extra = f'<base href="{e(url)}"><style>body{{margin:0;padding:0}}</style>'
        if risk("banner"):
            top = (
                '<div style="background:#fff;border:1px solid #999;margin:-1px -1px 0;padding:0;"><div style="background:#ddd;border:1px solid #999;color:#000;font:13px arial,sans-serif;font-weight:normal;margin:12px;padding:8px;text-align:left">'
                f'This is Google&#39;s cache of <a href="{e(url)}" style="text-decoration:underline;color:#00c">{e(url)}</a>. It is a snapshot of the page as it appeared on 3 Jan 2016 04:15:22 GMT. '
                f'The <a href="{e(url)}" style="text-decoration:underline;color:#00c">current page</a> could have changed in the meantime. <a href="https://support.google.com/websearch/answer/1687222">Learn more</a>.<br>'
                '<div style="float:right"><a href="#">Full version</a> <a href="#">Text-only version</a> <a href="#">View source</a></div>'
                '<span style="display:inline-block;margin-top:8px;color:#717171">Tip: To quickly find your search term on this page, press <b>Ctrl+F</b> or <b>⌘-F</b> (Mac) and use the find bar.</span>'
                '</div></div><div style="position:relative;">'
            )
            inner += "</div>"
    o = chrome_head(q, f"{headline(q)} | AskDoctor", extra=head_extra)
    o[3] = f'<link rel="canonical" href="{e(canonical)}">'
    page = "\n".join([*o, "<body>", top, inner, "</body></html>" + tail])
    if risk("url_rewrite") and kind != 2:
        prefix = f"https://web.archive.org/web/{TS}/" if kind == 0 else "https://archive.ph/o/Xy7Qa/"
        page = re.sub(
            r'(<a\b[^>]*href="|<link rel="canonical" href=")(https://askdoctor\.example[^"]*")',
            lambda m: m.group(1) + prefix + m.group(2),
            page,
        )
    return "\n".join(x for x in page.split("\n") if x)


# ---- design: translated -------------------------------------------------------------------------
SENT = re.compile(r"(?<=[.!?:])\s+")


def font(text: str) -> str:
    return f'<font style="vertical-align: inherit;"><font style="vertical-align: inherit;">{e(text)}</font></font>'


class TranslatedStyle(Style):
    def __init__(self) -> None:
        super().__init__()
        if risk("translated_labels"):
            self.labels.update(
                share="Share To:",
                ask="Ask date:",
                reply="Reply date:",
                more="More info",
                sim="Similar Q & A",
                faq="Related FAQs",
                read="[Read more]",
            )

    def t(self, text: str | None) -> str:
        if not text:
            return ""
        if not risk("font_wrappers"):
            return e(text)
        if not risk("sentence_split"):
            return font(text)
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        return lead + " ".join(font(x) for x in SENT.split(text.strip()) if x) + trail

    def run(self, *parts: str) -> str:
        if risk("font_wrappers") and risk("sentence_split"):
            return " ".join(self.t(p) for p in parts if p)
        return super().run(*parts)


def translated(entry: dict) -> str:
    q = entry["question"]
    S = TranslatedStyle()
    o = chrome_head(
        q,
        f"{headline(q)} | AskDoctor",
        extra='<link type="text/css" rel="stylesheet" charset="UTF-8" href="https://translate.googleapis.com/translate_static/css/translateelement.css">',
    )
    o[0] = o[0].replace('<html lang="en">', '<html lang="en" class="translated-ltr">')
    if risk("te_banner"):
        o += [
            '<body style="position: relative; min-height: 100%; top: 40px;">',
            '<div class="skiptranslate" style=""><iframe id=":1.container" class="goog-te-banner-frame skiptranslate" frameborder="0" src="javascript:&#39;&#39;" style="visibility:visible"></iframe></div>',
        ]
    else:
        o.append("<body>")
    o += [site_nav(S), '<main class="content"><article class="qa">', *base(entry, S), "</article></main>", site_foot(S)]
    if risk("te_banner"):
        o.append(
            '<div id="goog-gt-tt" class="skiptranslate" dir="ltr"><div style="padding: 8px;"><div><div class="logo"><img src="https://www.gstatic.com/images/branding/product/1x/translate_24dp.png" width="20" height="20" alt="Google Translate"></div></div></div>'
            '<div class="top" style="padding: 8px; float: left; width: 100%;"><h1 class="title gray">Original text</h1></div><div class="middle" style="padding: 8px;"><div class="original-text"></div></div>'
            '<div class="bottom" style="padding: 8px;"><div class="activity-links"><span class="activity-link">Contribute a better translation</span><span class="activity-link"></span></div>'
            '<div class="started-activity-container"><hr style="color: #CCC; background-color: #CCC; height: 1px; border: none;"><div class="activity-root"></div></div></div>'
            '<div class="status-message" style="display: none;"></div></div>'
            '<div class="goog-te-spinner-pos"><div class="goog-te-spinner-animation"><svg xmlns="http://www.w3.org/2000/svg" class="goog-te-spinner" width="96px" height="96px" viewBox="0 0 66 66"><circle class="goog-te-spinner-path" fill="none" stroke-width="6" stroke-linecap="round" cx="33" cy="33" r="30"></circle></svg></div></div>'
        )
    o.append("</body></html>")
    return "\n".join(x for x in o if x)


# ---- design: thread -----------------------------------------------------------------------------
def joined(n: int, i: int) -> str:
    d = dt.date(2011, 1, 1) + dt.timedelta(days=seed(n, i, "join") % 1500)
    return slash(d.isoformat())


def panel(name: str, rank: str, n: int, i: int) -> str:
    if not risk("user_panels"):
        return ""
    posts = 1 if i == 0 else 100 + seed(n, i, "posts") % 3000
    return (
        f'<dl class="postprofile" id="profile{n}{i}"><dt><img class="avatar" src="/forum/download/file.php?avatar={seed(n, i) % 999}.png" alt="User avatar"><br>'
        f'<a class="username-coloured" href="{HOST}/forum/memberlist.php?u={seed(n, i) % 9999}">{e(name)}</a></dt>'
        f'<dd class="profile-rank">{e(rank)}</dd><dd class="profile-posts"><strong>Posts:</strong> {posts:,}</dd>'
        f'<dd class="profile-joined"><strong>Joined:</strong> {joined(n, i)}</dd><dd class="profile-location"><strong>Location:</strong> Taipei</dd></dl>'
    )


def dated(label: str, day: str, icon: str) -> str:
    if risk("icon_labels"):
        if icon == "img":
            return f'<img class="icon" src="/forum/images/icon_calendar.svg" alt="{label}" width="14" height="14"> {slash(day)}'
        return f'<i class="icon fa fa-clock-o fa-fw" aria-label="{label}" title="{label}"></i> {slash(day)}'
    return f"{label} {slash(day)}"


def thread(entry: dict) -> str:
    q = entry["question"]
    n = N
    o = chrome_head(
        q,
        f"{headline(q)} - AskDoctor Forums",
        extra='<link href="/forum/styles/prosilver/theme/stylesheet.css" rel="stylesheet">',
    )
    o += [
        '<body id="phpbb" class="nojs notouch section-viewtopic ltr">',
        '<div id="wrap" class="wrap"><div class="headerbar" role="banner"><a class="logo" href="/forum/">AskDoctor Forums</a>'
        '<p class="skiplink"><a href="#start_here">Skip to content</a></p></div>',
        f'<ul class="navbar breadcrumbs"><li><a href="{HOST}/forum/">Board index</a> ‹ <a href="{dept_url(q["department"])}">{e(q["department"])}</a></li></ul>',
        '<div id="page-body" class="page-body" role="main">',
        f'<h1 class="topic-title">{e(headline(q))}</h1>',
        '<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>',
    ]
    if risk("action_bar"):
        o.append(
            '<div class="action-bar bar-top"><a class="button" href="#">Post Reply</a> <div class="pagination">1 post • Page <strong>1</strong> of <strong>1</strong></div></div>'
        )
    asker = q["asker_name"] or "Guest"
    o.append(
        f'<div id="p{n}1" class="post has-profile bg2"><div class="inner">{panel(asker, "New member", n, 0)}<div class="postbody">'
    )
    if risk("post_numbers"):
        o.append(f'<p class="author"><a class="postnum" href="#p{n}1">#1</a></p>')
    o.append(f'<h3 class="first"><a href="#p{n}1">{e(q["title"])}</a></h3>')
    o.append('<div class="content">' + "<br>".join(e(x) for x in lines(q["body"])) + "</div>")
    pre = asker_prefix(q)
    o.append(f'<p class="asker">{e(pre) + " " if pre else ""}{dated("Ask Date:", q["asked_on"], "img")}</p>')
    o.append("</div></div></div>")
    first = lines(q["body"])[0]
    for i, r in enumerate(doctors(entry)):
        k = i + 2
        name, dept = r["doctor_name"], r["department"]
        o.append(
            f'<div id="p{n}{k}" class="post has-profile bg{1 + k % 2}"><div class="inner">{panel("Dr. " + name, "Doctor", n, k)}<div class="postbody">'
        )
        if risk("post_numbers"):
            o.append(
                f'<p class="author"><a class="postnum" href="#p{n}{k}">#{k}</a></p><h3><a href="#p{n}{k}">Re: {e(q["title"])}</a></h3>'
            )
        if risk("split_doctor"):
            o.append(
                f'<div class="doctor"><span class="username" style="display:block"><a href="{doc_url(name)}">Dr. {e(name)}</a></span>'
                '<img class="rank-img" src="/forum/images/ranks/doctor.png" alt="Verified doctor">'
                f'<span class="rank" style="display:block">reply</span><span class="dept" style="display:block"><a href="{dept_url(dept)}">{e(dept)}</a></span></div>'
            )
        else:
            o.append(
                f'<p class="doctor">Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a></p>'
            )
        quote = (
            f'<blockquote class="uncited"><div><cite>{e(q["asker_name"] or "Asker")} wrote:</cite>{e(first)}</div></blockquote>'
            if risk("quote_question")
            else ""
        )
        o.append('<div class="content">' + quote + "<br>".join(e(x) for x in lines(r["body"])) + "</div>")
        if risk("signatures"):
            o.append(
                f'<div id="sig{n}{k}" class="signature">_________________<br>Dr. {e(name)} | {e(dept)} | AskDoctor Hospital</div>'
            )
        o.append(f'<p class="reply-date">{dated("Reply Date:", r["replied_on"], "i")}</p>')
        o.append("</div></div></div>")
    for r in more_info(entry):
        o.append(f'<div class="post bg3 more-info"><div class="inner"><h3>More Info</h3>{ps(r["body"])}</div></div>')
    sims = similar(entry)
    if sims:
        o.append('<div class="forumbg"><div class="inner"><h3>Similar Q&amp;A</h3><ul class="topiclist">')
        if risk("topic_counts"):
            o.append(
                '<li class="header"><dl class="row-item"><dt><div class="list-inner">Topic</div></dt><dd class="posts">Replies</dd><dd class="views">Views</dd></dl></li></ul><ul class="topiclist topics">'
            )
        for j, s in enumerate(sims):
            counts = (
                f'<dd class="posts">{1 + seed(n, j) % 4}</dd><dd class="views">{100 + seed(n, j, "v") % 5000:,}</dd>'
                if risk("topic_counts")
                else ""
            )
            o.append(
                f'<li class="row bg{1 + j % 2}"><dl class="row-item topic_read"><dt><div class="list-inner"><a class="topictitle" href="{e(s["url"])}">{e(s["title"])}</a>'
                f'<br><span class="snippet">{e(s["question_snippet"])}</span><br><span class="by">Dr. {e(s["doctor_name"])} reply {e(s["department"])}</span>'
                f'<br><span class="snippet">{e(s["reply_snippet"])}</span><br><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></div></dt>{counts}</dl></li>'
            )
        o.append("</ul></div></div>")
    fs = faqs(entry)
    if fs:
        o.append('<div class="faq tags"><h3>Related FAQ</h3><ul>')
        o += [f'<li><a class="tag" href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs]
        o.append("</ul></div>")
    o += [
        '<div class="action-bar bar-bottom"><a class="button" href="#">Post Reply</a></div>',
        '</div><div class="page-footer"><p>Powered by phpBB® Forum Software © phpBB Limited</p><p>All times are UTC+08:00</p></div></div>',
        "</body></html>",
    ]
    return "\n".join(x for x in o if x)


DESIGNS = {
    "reader": reader,
    "archive": archive,
    "translated": translated,
    "thread": thread,
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
