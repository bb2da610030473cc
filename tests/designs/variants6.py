# ruff: noqa: E501  (one line of HTML per line: easier to read against the page than split strings)
"""A sixth attack (written by a helper to break the parser): 6 designs x 20 pages from
tests/corpus/truth.jsonl (valid records with a source URL).

    python tests/designs/variants6.py OUT

Truth = the record, unchanged. Site labels kept except where a risk says otherwise.
Designs:
- discourse : Discourse topic: topic-title h1 = headline, posts as <article><div class=topic-body>
              with topic-meta-data (username, post-date "Nov '15"), <div class=cooked> content,
              post-menu (like count, Reply, Share), a topic-map after post 1 with
              <h4>replies</h4>/<h4>views</h4>/<h4>likes</h4> stats, the Solved plugin's
              "Solved by Dr. X in post #2" box with a quote of the answer's first line inside post 1,
              a "Solution" badge, timeline before the posts, "Suggested Topics" table at the end.
- stackex   : Stack Exchange: headline h1, "Asked / Modified / Viewed" row, vote cells (▲ 5 ▼),
              tags, user card AFTER each post body ("asked Nov 6 '15 at 10:03" + asker line;
              "answered Nov 6 '15 at 14:32" + "Dr. X reply Dept" + reputation), comments under
              posts with "Add a comment", "2 Answers" header + sort select, accepted check; on odd
              pages no "Reply Date:" label, only the "answered <date>" line (se_dates_only);
              sidebar "Linked" / "Related" / "Hot Network Questions" after the mainbar.
- singlefile: page saved by SingleFile (odd) or Chrome "Save page as, complete" (even): the
              SingleFile header comment / "saved from url=" comment, big inline <style>, data:
              URI / base64 images with alt texts (avatar alt "Dr. X"), <noscript> image copies,
              inline styles, sf-hidden elements; on n % 3 == 0 the label "Reply Date:" drawn by
              CSS ::before only (css_label) -- truth keeps the date the reader sees.
- mobile    : dark-mode mobile template: app bar with back arrow and the headline, jump nav chips
              "More Info | Similar Q&A | Related FAQ" under the share bar, "Read more" expand
              button after each long reply body, sticky "Ask a doctor" CTA, bottom tab bar
              "Home / Ask / Messages / Me", "Pull to refresh".
- embed     : (6th) Google AMP viewer page saved by SingleFile: viewer header "✕ askdoctor.example ⋯", the
              mobile page inside <iframe srcdoc="..."> (SingleFile stores frames that way).
              Expected: refused loudly (a reader sees the page; the parser sees one attribute).
- mobile    : (additions) headline only in the app bar (no <h1> headline) on odd pages; "Consult Dr. X |
              Usually replies in 2 h" button row after each reply (before Reply Date on n % 3 == 0).
- singlefile: (addition) <noscript><p>Please enable JavaScript to rate this answer.</p></noscript> at
              the end of each reply body.
- lynx      : text made by `lynx -dump` (.txt): link numbers "[12]" glued before link texts,
              paragraphs indented 3 spaces and wrapped at 78 columns, list bullets "*",
              "References" list "  12. <url>" at the end. Truth link urls: the record's (the reader
              resolves [k] through References); truth source_url null (lynx does not print it).
"""

from __future__ import annotations

import copy
import json
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling variants5, for helpers
import variants5 as v
from variants5 import (
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
    seed,
    similar,
    slash,
    ymd,
)

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
PAGES = 20
N = 0


def short(day: str) -> str:  # Nov 6 '15
    d = ymd(day)
    return f"{d:%b} {d.day} '{d:%y}"


def asker_line(q: dict) -> str:
    p = asker_prefix(q)
    return (p + " " if p else "") + f"Ask Date: {slash(q['asked_on'])}"


def head(q: dict, extra: str = "", cls: str = "") -> list[str]:
    return [
        f'<!DOCTYPE html><html lang="en"{cls}><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{e(headline(q))} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        extra,
        "</head>",
    ]


def sections(entry: dict, h: int = 3) -> list[str]:
    """The site's More Info / Similar Q&A / Related FAQ, standard markup."""
    o = []
    for r in more_info(entry):
        body = "".join("<p>" + "<br>".join(e(x) for x in p) + "</p>" for p in paragraphs(r["body"]))
        o.append(f'<section class="more-info" id="more"><h{h}>More Info</h{h}>{body}</section>')
    sims = similar(entry)
    if sims:
        o.append(f'<section class="similar" id="sim"><h{h}>Similar Q&amp;A</h{h}>')
        for s in sims:
            o.append(
                f'<div class="sim"><h{h + 1}><a href="{e(s["url"])}">{e(s["title"])}</a></h{h + 1}><p>{e(s["question_snippet"])}</p>'
                f"<p>Dr. {e(s['doctor_name'])} reply {e(s['department'])}</p><p>{e(s['reply_snippet'])}</p>"
                f'<p><a href="{e(s["url"])}">[Read More] {e(s["title"])}</a></p></div>'
            )
        o.append("</section>")
    fs = faqs(entry)
    if fs:
        o.append(f'<section class="faq" id="faq"><h{h}>Related FAQ</h{h}><ul>')
        o += [f'<li><a href="{e(f["url"])}">{e(f["title"])}</a> ({e(f["department"])})</li>' for f in fs]
        o.append("</ul></section>")
    return o


def share() -> str:
    return '<div class="share">Share to: <a href="#">Facebook</a> <a href="#">LINE</a></div>'


def plines(text: str) -> str:
    return "".join(f"<p>{e(x)}</p>" for x in lines(text))


# ---------------------------------------------------------------- discourse
def discourse(entry: dict) -> str:
    q = entry["question"]
    docs = doctors(entry)
    o = head(q, '<meta name="generator" content="Discourse 3.2.0 - https://github.com/discourse/discourse">')
    o += ['<body class="crawler"><section id="main"><div id="main-outlet" class="wrap">']
    o += [
        f'<div id="topic-title"><div class="title-wrapper"><h1 data-topic-id="{e(q["question_id_hint"])}"><a href="{e(q["source_url"])}" class="fancy-title">{e(headline(q))}</a></h1>',
        f'<div class="topic-category"><a class="badge-category__wrapper" href="{dept_url(q["department"])}"><span class="badge-category__name">{e(q["department"])}</span></a>'
        '<div class="list-tags"><a class="discourse-tag">solved</a></div></div></div></div>',
        share(),
        '<div class="timeline-container"><div class="topic-timeline"><div class="timeline-date-wrapper">'
        f'<a class="start-date">{short(q["asked_on"])}</a></div><div class="timeline-scrollarea"><div class="timeline-replies">1 / {len(docs) + 1}</div>'
        f'<div class="timeline-ago">{short(docs[-1]["replied_on"]) if docs else ""}</div></div>'
        '<div class="timeline-footer-controls"><button class="btn-primary create">Reply</button></div></div></div>',
        '<div class="post-stream">',
    ]

    def post(num: int, user: str, title: str, day: str, cooked: str, likes: int, solution: bool = False) -> str:
        badge = '<span class="accepted-answer-badge">✓ Solution</span>' if solution else ""
        return (
            f'<div class="topic-post clearfix regular" data-post-number="{num}"><article id="post_{num}" class="boxed onscreen-post" role="region">'
            '<div class="row"><div class="topic-avatar"><div class="post-avatar"><img alt="" width="45" height="45" src="/user_avatar/askdoctor.example/u/90/1.png" class="avatar"></div></div>'
            f'<div class="topic-body clearfix"><div role="heading" class="topic-meta-data"><div class="names trigger-user-card"><span class="first username"><a href="#">{user}</a></span>'
            f'{title}</div><div class="post-infos"><div class="post-info post-date"><a class="post-date" href="{e(q["source_url"])}/{num}"><span title="{ymd(day):%b} {ymd(day).day}, {ymd(day):%Y} 10:03 am" class="relative-date">{short(day)}</span></a></div></div></div>'
            f'<div class="regular contents"><div class="cooked">{cooked}</div>'
            f'<section class="post-menu-area clearfix"><nav class="post-controls"><div class="actions"><button class="like-count">{likes}</button>'
            f'<button class="toggle-like" title="like this post">♥</button>{badge}<button class="share" title="share a link to this post">Share</button>'
            '<button class="reply" title="begin composing a reply to this post">Reply</button></div></nav></section></div></div></div></article></div>'
        )

    cooked = f"<h2>{e(q['title'])}</h2>" + plines(q["body"]) + f'<p class="asker">{e(asker_line(q))}</p>'
    if docs:
        d0 = docs[0]
        first = lines(d0["body"])[0]
        cooked += (
            '<div class="accepted-answer"><div class="title"><svg class="fa d-icon d-icon-check-square"><use href="#check-square"></use></svg>'
            f' Solved by <a href="{doc_url(d0["doctor_name"])}">Dr. {e(d0["doctor_name"])}</a> in <a href="#post_2">post #2</a></div>'
            f"<blockquote><p>{e(first)}</p></blockquote></div>"
        )
    user = e(q["asker_name"] or "anonymous")
    o.append(post(1, user, "", q["asked_on"], cooked, seed(q["title"]) % 9))
    o.append(
        '<div class="topic-map"><section class="map"><ul>'
        f'<li><h4>created</h4><a><span class="relative-date">{short(q["asked_on"])}</span></a></li>'
        f'<li><h4>last reply</h4><a><span class="relative-date">{short(docs[-1]["replied_on"]) if docs else ""}</span></a></li>'
        f'<li><span class="number">{len(docs)}</span><h4>replies</h4></li><li><span class="number">1.2k</span><h4>views</h4></li>'
        f'<li><span class="number">{len(docs) + 1}</span><h4>users</h4></li><li><span class="number">5</span><h4>likes</h4></li></ul></section></div>'
    )
    for i, r in enumerate(docs):
        name, dept = r["doctor_name"], r["department"]
        user = f'Dr. <a href="{doc_url(name)}">{e(name)}</a>'
        title = f' <span class="user-title">reply <a href="{dept_url(dept)}">{e(dept)}</a></span>'
        cooked = plines(r["body"]) + f'<p class="reply-date">Reply Date: {slash(r["replied_on"])}</p>'
        o.append(post(i + 2, user, title, r["replied_on"], cooked, seed(name, i) % 20, solution=(i == 0)))
    o.append("</div>")
    o += sections(entry)
    o.append(
        '<div class="suggested-topics"><h3 class="suggested-topics-title">Suggested Topics</h3><table class="topic-list">'
        "<thead><tr><th>Topic</th><th>Replies</th><th>Views</th><th>Activity</th></tr></thead><tbody>"
        f'<tr><td><a href="{HOST}/en/qa/100999.html" class="title">Back pain when sitting for long hours?</a> <span class="badge-category__name">{e(q["department"])}</span></td><td>1</td><td>342</td><td>Dec \'15</td></tr>'
        f'<tr><td><a href="{HOST}/en/qa/100998.html" class="title">Is numbness after running normal?</a> <span class="badge-category__name">Neurology</span></td><td>2</td><td>1.1k</td><td>Jan \'16</td></tr>'
        "</tbody></table></div>"
    )
    o += ["</div></section></body></html>"]
    return "\n".join(x for x in o if x)


# ---------------------------------------------------------------- stackex
def stackex(entry: dict) -> str:
    q = entry["question"]
    docs = doctors(entry)
    o = head(q, '<link rel="stylesheet" href="https://cdn.sstatic.net/Shared/stacks.css">')
    o += ['<body class="question-page"><div class="container"><div id="content">']
    o += [
        f'<div id="question-header" class="d-flex"><h1 itemprop="name" class="fs-headline1"><a href="{e(q["source_url"])}" class="question-hyperlink">{e(headline(q))}</a></h1>'
        f'<div class="ml12"><a href="{HOST}/en/ask" class="s-btn s-btn__primary">Ask Question</a></div></div>',
        f'<div class="d-flex fw-wrap"><div class="flex--item" title="{q["asked_on"]} 10:03:00Z"><span class="fc-light">Asked</span> <time datetime="{q["asked_on"]}T10:03:00">9 years ago</time></div>'
        '<div class="flex--item"><span class="fc-light">Modified</span> <a href="?lastactivity">8 years ago</a></div>'
        '<div class="flex--item"><span class="fc-light">Viewed</span> 1,204 times</div></div>',
        share(),
        '<div id="mainbar" role="main">',
    ]

    def votecell(score: int, accepted: bool = False) -> str:
        acc = (
            '<div class="js-accepted-answer-indicator" title="The question owner accepted this as the best answer">✓</div>'
            if accepted
            else ""
        )
        return (
            '<div class="votecell post-layout--left"><div class="js-voting-container"><button class="js-vote-up-btn" aria-label="Up vote">▲</button>'
            f'<div class="js-vote-count" itemprop="upvoteCount" data-value="{score}">{score}</div><button class="js-vote-down-btn" aria-label="Down vote">▼</button>'
            f'<button class="js-bookmark-btn" aria-label="Save">☆</button>{acc}</div></div>'
        )

    def comments(texts: list[tuple[str, str, str]]) -> str:
        li = "".join(
            f'<li class="comment"><div class="comment-score">{k % 4 or ""}</div><div class="comment-text"><span class="comment-copy">{e(t)}</span> – '
            f'<a class="comment-user">{e(u)}</a> <span class="comment-date"><span class="relativetime-clean">{d}</span></span></div></li>'
            for k, (t, u, d) in enumerate(texts)
        )
        return f'<div class="comments"><ul class="comments-list">{li}</ul></div><a class="js-add-link comments-link">Add a comment</a>'

    o.append(
        f'<div id="question" class="question">{votecell(seed(q["title"]) % 12)}<div class="postcell post-layout--right">'
        f'<h2 class="q-title">{e(q["title"])}</h2><div class="s-prose js-post-body" itemprop="text">{plines(q["body"])}</div>'
        f'<div class="post-taglist"><a class="post-tag" href="{dept_url(q["department"])}">{e(q["department"].lower())}</a> <a class="post-tag">symptoms</a></div>'
        '<div class="mb0"><div class="d-flex"><div class="post-menu"><a href="#">Share</a> <a href="#">Follow</a></div>'
        f'<div class="post-signature owner"><div class="user-info"><div class="user-action-time">asked <span title="{q["asked_on"]} 10:03:00Z" class="relativetime">{short(q["asked_on"])} at 10:03</span></div>'
        '<div class="user-gravatar32"><img src="https://www.gravatar.com/avatar/0?s=64" alt="" width="32" height="32"></div>'
        f'<div class="user-details"><span class="asker">{e(asker_line(q))}</span><div class="-flair"><span class="reputation-score" title="reputation score">11</span></div></div></div></div></div></div>'
        + comments(
            [
                ("Have you seen a doctor in person yet?", "Mike R.", f"{short(q['asked_on'])} at 12:10"),
                (
                    "Same thing happened to me last year, it went away after a week.",
                    "sunny88",
                    f"{short(q['asked_on'])} at 13:45",
                ),
            ]
        )
        + "</div></div>"
    )
    o.append(
        f'<div id="answers"><div id="answers-header"><div class="d-flex"><h2 class="mb0" data-answercount="{len(docs)}">{len(docs)} Answer{"s" if len(docs) != 1 else ""}</h2>'
        '<div class="flex--item"><label for="answer-sort">Sorted by:</label><select id="answer-sort"><option selected>Highest score (default)</option>'
        "<option>Date modified (newest first)</option><option>Date created (oldest first)</option></select></div></div></div>"
    )
    for i, r in enumerate(docs):
        name, dept = r["doctor_name"], r["department"]
        date_label = "" if N % 2 == 1 else f'<p class="reply-date">Reply Date: {slash(r["replied_on"])}</p>'
        o.append(
            f'<div id="answer-{i + 1}" class="answer{" accepted-answer" if i == 0 else ""}">{votecell(seed(name) % 30, i == 0)}<div class="answercell post-layout--right">'
            f'<div class="s-prose js-post-body" itemprop="text">{plines(r["body"])}</div>{date_label}'
            '<div class="mt24"><div class="d-flex"><div class="post-menu"><a href="#">Share</a> <a href="#">Follow</a></div>'
            f'<div class="post-signature"><div class="user-info"><div class="user-action-time">answered <span title="{r["replied_on"]} 14:32:10Z" class="relativetime">{short(r["replied_on"])} at 14:32</span></div>'
            '<div class="user-gravatar32"><img src="https://www.gravatar.com/avatar/1?s=64" alt="" width="32" height="32"></div>'
            f'<div class="user-details"><span class="doctor">Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a></span>'
            '<div class="-flair"><span class="reputation-score" title="reputation score 12,340">12.3k</span><span title="3 gold badges">●3</span><span title="12 silver badges">●12</span></div></div></div></div></div></div>'
            + comments(
                [
                    (
                        "Thank you doctor, very helpful.",
                        q["asker_name"] or "anonymous",
                        f"{short(r['replied_on'])} at 16:02",
                    )
                ]
            )
            + "</div></div>"
        )
    o.append("</div>")
    o += sections(entry)
    o.append("</div>")  # mainbar
    o.append(
        '<div id="sidebar"><div class="module sidebar-linked"><h4 id="h-linked">Linked</h4>'
        f'<div class="spacer"><a class="question-hyperlink" href="{HOST}/en/qa/100777.html"><div class="answer-votes">3</div></a> <a class="question-hyperlink" href="{HOST}/en/qa/100777.html">Numbness in hands after lifting</a></div></div>'
        '<div class="module sidebar-related"><h4 id="h-related">Related</h4>'
        f'<div class="spacer"><div class="answer-votes answered-accepted">7</div> <a class="question-hyperlink" href="{HOST}/en/qa/100778.html">Lower back pain after squats, when to worry?</a></div>'
        f'<div class="spacer"><div class="answer-votes">2</div> <a class="question-hyperlink" href="{HOST}/en/qa/100779.html">Tingling in feet at night</a></div></div>'
        '<div id="hot-network-questions" class="module"><h4>Hot Network Questions</h4><ul>'
        '<li><div class="favicon" title="Cooking"></div><a href="https://cooking.example/q/1">Why does my bread collapse?</a></li></ul></div></div>'
    )
    o += ["</div></div></body></html>"]
    return "\n".join(x for x in o if x)


# ---------------------------------------------------------------- singlefile
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
SVG = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAyNCAyNCI+PHBhdGggZD0iTTAgMGgyNHYyNEgweiIvPjwvc3ZnPg=="


def singlefile(entry: dict) -> str:
    q = entry["question"]
    sf = N % 2 == 1
    css_label = N % 3 == 0
    css = (
        "html{font-family:Roboto,Arial,sans-serif}body{margin:0;color:#222}.qa{max-width:720px;margin:auto}"
        ".sf-hidden{display:none!important}.reply-date::before{content:'Reply Date: '}" * 1 + ".x{color:red}" * 200
    )
    top = (
        f"<!--\n Page saved with SingleFile \n url: {q['source_url']} \n saved date: Sun Jan 05 2025 09:30:12 GMT+0800 (China Standard Time)\n-->"
        if sf
        else f"<!-- saved from url=({len(q['source_url']):04d}){q['source_url']} -->"
    )
    o = [
        top,
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"content-security-policy\" content=\"default-src 'none'; font-src 'self' data:; img-src 'self' data:; style-src 'unsafe-inline'; media-src 'self' data:; script-src 'unsafe-inline' data:; object-src 'self' data:; frame-src 'self' data:;\">"
        if sf
        else "",
        f"<title>{e(headline(q))} | AskDoctor</title>",
        f'<link rel="canonical" href="{e(q["source_url"])}">',
        f"<style>{css}</style>",
        f'<link rel="icon" href="{PNG}">' if sf else '<link rel="stylesheet" href="./qa_files/site.css">',
        "</head><body>",
        f'<header style="background:#0a7;color:#fff;padding:8px"><img src="{SVG if sf else "./qa_files/logo.svg"}" alt="AskDoctor logo" style="height:24px"> '
        f'<a href="{HOST}/en/" style="color:#fff">AskDoctor</a><nav class="sf-hidden" style="display:none!important"><a href="{HOST}/en/dept">Departments</a></nav></header>',
        '<main class="qa" style="max-width:720px;margin:auto">',
        f'<h1 style="font-size:24px;margin:16px 0">{e(headline(q))}</h1>',
        f'<div class="share" style="display:flex;gap:8px">Share to: <a href="#"><img src="{SVG}" alt="Facebook" width="20" height="20"></a> <a href="#"><img src="{SVG}" alt="LINE" width="20" height="20"></a></div>',
        f'<div class="question" style="border:1px solid #ddd;padding:12px"><h2 style="font-size:20px">{e(q["title"])}</h2>',
        f'<div class="q-body" style="line-height:1.6">{plines(q["body"])}</div>',
        f'<p class="asker" style="color:#777">{e(asker_line(q))}</p></div>',
    ]
    for i, r in enumerate(doctors(entry)):
        name, dept = r["doctor_name"], r["department"]
        img = f'<img src="{PNG}" alt="Dr. {e(name)}" width="48" height="48" style="border-radius:50%">'
        if not sf:
            img = f'<img src="./qa_files/doctor-{i}.jpg" data-src="{HOST}/img/doctor/{e(name)}.jpg" class="lazy" alt="Dr. {e(name)}" width="48" height="48"><noscript><img src="{HOST}/img/doctor/{e(name)}.jpg" alt="Dr. {e(name)}" width="48" height="48"></noscript>'
        date = (
            f'<p class="reply-date" style="color:#777">{slash(r["replied_on"])}</p>'
            if css_label
            else f'<p style="color:#777">Reply Date: {slash(r["replied_on"])}</p>'
        )
        o.append(
            f'<div class="reply" style="padding:12px;border-top:1px solid #eee"><div class="doc" style="display:flex;align-items:center;gap:8px">{img}'
            f'<p class="doctor">Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a></p></div>'
            f'<div class="reply-body" style="line-height:1.6">{plines(r["body"])}<noscript><p>Please enable JavaScript to rate this answer.</p></noscript></div>{date}</div>'
        )
    o += sections(entry)
    o.append("</main>")
    o.append(
        f'<footer style="padding:16px;color:#999"><img src="{PNG}" alt="" style="width:1px;height:1px"><p>© 2015 AskDoctor. Answers do not replace a visit to your doctor.</p></footer>'
    )
    o.append("</body></html>")
    return "\n".join(x for x in o if x)


# ---------------------------------------------------------------- mobile
def consult(name: str) -> str:
    return f'<div class="consult"><a class="btn btn-pill" href="{doc_url(name)}/ask">Consult Dr. {e(name)}</a> <span class="resp">Usually replies in 2 h</span></div>'


def mobile(entry: dict) -> str:
    q = entry["question"]
    o = head(
        q,
        '<meta name="theme-color" content="#121212"><meta name="color-scheme" content="dark light">',
        ' class="dark" data-theme="dark"',
    )
    o += [
        '<body class="m-body"><div class="ptr" aria-hidden="true">Pull to refresh</div>',
        f'<div class="appbar"><a class="back" href="{HOST}/en/" aria-label="Back">‹</a><div class="appbar-title">{e(headline(q))}</div>'
        '<button class="icon" aria-label="More">⋮</button></div>',
        '<main class="m-main">' + ("" if N % 2 == 1 else f'<h1 class="headline">{e(headline(q))}</h1>'),
        share(),
        '<nav class="jump-chips"><a href="#more" class="chip">More Info</a><a href="#sim" class="chip">Similar Q&amp;A</a><a href="#faq" class="chip">Related FAQ</a></nav>',
        f'<article class="q-card"><h2 class="q-title">{e(q["title"])}</h2><div class="q-body clamp-6">{plines(q["body"])}</div>'
        f'<button class="expand" aria-expanded="false">Read more</button><p class="asker">{e(asker_line(q))}</p></article>',
    ]
    for i, r in enumerate(doctors(entry)):
        name, dept = r["doctor_name"], r["department"]
        o.append(
            f'<article class="a-card"><div class="a-head"><img class="avatar" src="{HOST}/img/doctor/{i}.jpg" alt="">'
            f'<p class="doctor">Dr. <a href="{doc_url(name)}">{e(name)}</a> reply <a href="{dept_url(dept)}">{e(dept)}</a></p></div>'
            f'<div class="a-body clamp-8">{plines(r["body"])}</div><button class="expand" aria-expanded="false">Read more</button>'
            + (consult(name) if N % 3 == 0 else "")
            + f'<p class="reply-date">Reply Date: {slash(r["replied_on"])}</p>'
            + ("" if N % 3 == 0 else consult(name))
            + "</article>"
        )
    o += sections(entry)
    o.append("</main>")
    o.append(
        f'<div class="sticky-cta"><span>Doctors online now: 12</span> <a class="cta" href="{HOST}/en/ask">Ask a doctor</a></div>'
        f'<nav class="tabbar"><a href="{HOST}/en/"><svg><title>home</title></svg>Home</a><a href="{HOST}/en/ask">Ask</a>'
        f'<a href="{HOST}/en/messages">Messages</a><a href="{HOST}/en/me">Me</a></nav>'
    )
    o.append("</body></html>")
    return "\n".join(x for x in o if x)


# ---------------------------------------------------------------- lynx
def lynx(entry: dict) -> str:
    q = entry["question"]
    refs: list[str] = []

    def ln(url: str, text: str) -> str:
        refs.append(url)
        return f"[{len(refs)}]{text}"

    def para(text: str, indent: int = 3) -> list[str]:
        w = textwrap.wrap(text, 78 - indent, break_long_words=False, break_on_hyphens=False) or [""]
        return [" " * indent + x for x in w]

    o: list[str] = []
    o.append("   " + ln(f"{HOST}/en/", "AskDoctor") + " " + " ".join(ln(dept_url(d), d) for d in v.DEPTS[:4]))
    o.append("")
    o.append(headline(q))
    o.append("")
    o.append(
        "   Share to: "
        + ln("https://www.facebook.com/sharer/sharer.php", "Facebook")
        + " "
        + ln("https://social-plugins.line.me/lineit/share", "LINE")
    )
    entry["question"]["source_url"] = None  # lynx -dump does not print the document's URL
    o.append("")
    o.append(q["title"])
    o.append("")
    for x in lines(q["body"]):
        o += para(x)
        o.append("")
    o += para(asker_line(q))
    o.append("")
    for r in doctors(entry):
        name, dept = r["doctor_name"], r["department"]
        o.append("   Dr. " + ln(doc_url(name), name) + " reply " + ln(dept_url(dept), dept))
        o.append("")
        for x in lines(r["body"]):
            o += para(x)
            o.append("")
        o += para(f"Reply Date: {slash(r['replied_on'])}")
        o.append("")
    for r in more_info(entry):
        o.append("More Info")
        o.append("")
        for p in paragraphs(r["body"]):
            for x in p:
                o += para(x)
            o.append("")
    sims = similar(entry)
    if sims:
        o.append("Similar Q&A")
        o.append("")
        for s in sims:
            o.append("  " + ln(s["url"], s["title"]))
            o.append("")
            o += para(s["question_snippet"])
            o.append("")
            o += para(f"Dr. {s['doctor_name']} reply {s['department']}")
            o.append("")
            o += para(s["reply_snippet"])
            o.append("")
            o.append("   " + ln(s["url"], "[Read More] " + s["title"]))
            o.append("")
    fs = faqs(entry)
    if fs:
        o.append("Related FAQ")
        o.append("")
        for f in fs:
            o.append("     * " + ln(f["url"], f["title"]) + f" ({f['department']})")
        o.append("")
    o.append("   © 2015 AskDoctor. Answers do not replace a visit to your doctor.")
    o.append("")
    o.append("References")
    o.append("")
    for k, u in enumerate(refs, 1):
        o.append(f"{k:>4}. {u}")
    return "\n".join(o) + "\n"


def embed(entry: dict) -> str:
    """Google AMP viewer page saved by SingleFile: viewer header, the article in <iframe srcdoc>."""
    q = entry["question"]
    inner = mobile(entry)
    return "\n".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            f"<title>{e(headline(q))} | AskDoctor</title>",
            f'<link rel="canonical" href="{e(q["source_url"])}">',
            "</head><body>",
            f'<header class="amp-viewer-header"><button aria-label="Close">✕</button><a class="origin" href="{e(q["source_url"])}">askdoctor.example</a><button aria-label="Share">⋯</button></header>',
            f'<iframe class="amp-viewer" title="{e(headline(q))}" srcdoc="{e(inner)}" style="width:100%;height:100vh;border:0"></iframe>',
            "</body></html>",
        ]
    )


DESIGNS = {
    "discourse": discourse,
    "stackex": stackex,
    "singlefile": singlefile,
    "mobile": mobile,
    "lynx": lynx,
    "embed": embed,
}
EXT = {"lynx": "txt"}


def write(out: Path, designs: dict | None = None) -> None:
    global N
    entries = [json.loads(x) for x in TRUTH.read_text(encoding="utf-8").splitlines() if x.strip()]
    pages = [x for x in entries if not x.get("reject") and x["question"]["source_url"]][:PAGES]
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design, render in (designs or DESIGNS).items():
        folder = out / design
        folder.mkdir(exist_ok=True)
        ext = EXT.get(design, "html")
        for old in folder.glob("*"):
            old.unlink()
        for n, entry in enumerate(pages):
            N = n
            page = copy.deepcopy(entry)
            page["file"] = f"{design}/{page['question']['question_id_hint']}.{ext}"
            page.pop("template", None)
            page.pop("encoding", None)
            (out / page["file"]).write_bytes(render(page).encode("utf-8"))
            truth.append(page)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
