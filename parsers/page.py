"""One Q&A page, HTML or text snapshot, into a question, its replies, its related links, and
warnings about what the page shows but did not give.

Both formats become the same list of visible lines (HTML through `render`), and one parser
finds the parts by their visible labels, in the order the page shows them:

    headline "<page title> - <Department>" · "Share to:" · question title · body lines ·
    asker line "... Ask Date: Y/M/D" · replies "Dr. <Name> reply <Dept>" ... "Reply Date: Y/M/D" ·
    "More Info" · "Similar Q&A" entries · "Related FAQ" entries "<topic> (<Dept>)"

The question is read by `parsers.question`, replies by `parsers.replies`, sections and their
entries by `parsers.sections`; sections under headings the parser does not know are read here,
only when their entries leave no doubt, and always with a warning (`parsers.checks`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from parsers import decode as dec
from parsers.asker import parse_asker
from parsers.boxes import boxed_warnings, has_boxes, unbox
from parsers.checks import Checks, quote
from parsers.css_order import order_by_style
from parsers.departments import KNOWN as KNOWN_DEPARTMENTS
from parsers.departments import reads_like_department, split_headline, vouched
from parsers.disclosure import disclosed_content
from parsers.dumps import dump_to_html, is_dump
from parsers.feeds import feed_to_html, is_feed
from parsers.formats import kind_of, mail_to_html, markdown_to_html
from parsers.patterns import (
    AD_LINE,
    ASK,
    DOCTOR,
    FAQ_DEPT,
    FAQ_INLINE,
    REPLY_DATE,
    SHARE,
    SITE_SUFFIX,
    WIDGET_LINE,
    label_kind,
)
from parsers.printed import printed_warnings, read_printed, reader_chrome
from parsers.question import QuestionPart, find_question
from parsers.records import ParsedPage, ParseError, Question, RelatedLink, Reply
from parsers.render import Line, render, unclosed
from parsers.replies import blocks, replies
from parsers.sections import (
    Entry,
    faq_entries,
    find_sections,
    more_info_body,
    similar_entries,
    target_of,
)
from parsers.structured import read_declared
from parsers.text import clean_line, decode_entities, fold, join_lines, parse_date
from parsers.unknown import unknown_sections
from parsers.urls import archived_page_url, canonicalize_url, original_url, question_id_for_content, question_id_for_url
from parsers.witness import confirm, read_from_declared

PARSER_VERSION = "1.15.2"
MAX_PAGE_BYTES = 8 * 1024 * 1024  # bounds the work one page can cost (the site's pages are about 30 KB)
MAX_SAVED_BYTES = 512 * 1024  # the same for a page saved as Markdown or a mail: at most ~5 s of rendering
MAX_ENTRIES = 1000  # per section; the site shows about ten

_DR_ALONE = re.compile(r"^Dr\.?\s+\S.{0,60}$")
_REPLY_DEPT = re.compile(r"^repl(?:y|ied)\s*[:：]?\s+\S.{0,80}$")
_REPLY_WORD = re.compile(r"^repl(?:y|ied)\s*[:：]?$")
_DR_ONLY = re.compile(r"^Dr\.?$")  # a snapshot tool ends a "sentence" after the abbreviation
_NAME_REPLY = re.compile(r"^\S.{0,80}?\s+repl(?:y|ied)\s*[:：]?\s+\S.{0,80}$")
# "Dr. X · Neurology" (a chat export's sender, a card's header): the department after a separator.
_DR_SEP_DEPT = re.compile(r"^(?P<dr>Dr\.?\s+\S.{0,60}?)\s*[·•|｜–—]\s*(?P<dept>\S.{0,60})$")


def _is_chrome_line(text: str) -> bool:
    """An ad's or a widget's line ("Advertisement", "4.5 ★ (12 votes)", "Was this helpful?")."""
    return len(text) <= 80 and (AD_LINE.match(text) is not None or WIDGET_LINE.match(text) is not None)


def _seen(lines: list[Line]) -> str:
    """What a page shows, in a few words, for a reject's detail."""
    texts = [line.text for line in lines if line.text]
    doctors = sum(1 for t in texts if DOCTOR.match(t))
    labels = list(dict.fromkeys(t for t in texts if label_kind(t)))
    parts = [f"{len(texts)} lines"]
    if texts:
        parts.insert(0, f"first {texts[0][:60]!r}")
    parts.append(f"{doctors} doctor lines" if doctors else "no doctor lines")
    parts.append("labels " + ", ".join(repr(t) for t in labels[:3]) if labels else "no section labels")
    return "; ".join(parts)


def _page_chrome(lines: list[Line]) -> list[Line]:
    """Lines of a header or footer outside any sectioning element are the page's own (site links, a
    footer's "More info" column) unless it holds a part of the question: a post's header or footer
    in a theme without <article> may hold its "Ask Date:", "Dr. ... reply ..." or "Reply Date"."""
    holding = {
        line.chrome
        for line in lines
        if line.chrome and (ASK.search(line.text) or DOCTOR.match(line.text) or REPLY_DATE.match(line.text))
    }
    if not holding:
        return lines
    return [replace(line, chrome=0) if line.chrome in holding else line for line in lines]


def _joined_doctor_lines(lines: list[Line]) -> list[Line]:
    """'Dr. <name>' and 'reply <dept>' on two lines (name and department in blocks of their own) are one line."""
    out = list(lines)
    for i, line in enumerate(out):
        if not line.text.startswith("Dr"):  # what both patterns below need, tested cheaply on every line
            continue
        if (sep := _DR_SEP_DEPT.match(line.text)) and sep["dept"].casefold() in KNOWN_DEPARTMENTS:
            out[i] = replace(line, text=f"{sep['dr']} reply {sep['dept']}")
            continue
        alone = _DR_ONLY.match(line.text) is not None  # "Dr." and "<name> reply <dept>" on the next line
        if not (alone or _DR_ALONE.match(line.text)) or DOCTOR.match(line.text):
            continue
        nxt = _next_text(out, i)
        taken: list[int] = []
        text = ""
        if nxt is not None and (_NAME_REPLY if alone else _REPLY_DEPT).match(out[nxt].text):
            taken = [nxt]
        elif not alone and nxt is not None and _REPLY_WORD.match(out[nxt].text):  # "Dr. X" / "reply" / "Dept"
            last = _next_text(out, nxt)
            if last is not None and reads_like_department(out[last].text):
                taken = [nxt, last]
        elif not alone and nxt is not None and out[nxt].text.casefold() in KNOWN_DEPARTMENTS:
            taken = [nxt]  # "Dr. X" and a department the site has, in cells of their own (a replies table)
            text = f"{line.text} reply {out[nxt].text}"
        if taken:
            text = text or " ".join([line.text, *(out[j].text for j in taken)])
            out[i] = Line(text, line.hrefs + [h for j in taken for h in out[j].hrefs], 0, line.path, line.heading)
            for j in taken:
                out[j] = Line("", [], 0, out[j].path)
    return out


def _next_question(lines: list[Line], q: QuestionPart) -> int | None:
    """Where a second question starts below this one (its own headline, at this headline's heading
    level, above its own "Ask Date:" line), or None. Without such a headline nothing is cut: an
    entry of Similar Q&A with an asker line is not a question of the page's."""
    level = lines[q.head].heading if q.head >= 0 else 0
    if not level:
        return None
    ask = next((i for i in range(q.end + 1, len(lines)) if ASK.search(lines[i].text)), None)
    if ask is None:
        return None
    return next((i for i in range(ask - 1, q.end, -1) if lines[i].heading == level and lines[i].text), None)


def _next_text(lines: list[Line], i: int) -> int | None:
    """The next line with text within two lines of `i` (a blank line may stand between)."""
    return next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].text), None)


def parse_lines(
    lines: list[Line], *, base_url: str | None, hints: list[str], fmt: str, links_base: str | None = None,
    title_hint: str | None = None,
) -> ParsedPage:  # fmt: skip
    """Parse visible lines; `base_url` is the canonical URL (None for a page with no URL), `links_base`
    what relative links resolve against (the page's <base href>, else `base_url`), `hints` what may
    be the headline (the <title>'s text; a text snapshot's is its first line, found here)."""
    links_base = links_base or base_url
    lines = disclosed_content([line for line in lines if not _is_chrome_line(line.text)])
    if not any(ASK.search(line.text) for line in lines):
        raise ParseError("not a Q&A page", f"no asker line with 'Ask Date:'; saw {_seen(lines)}")
    lines = _page_chrome(_joined_doctor_lines(lines))
    doctors, faq = _departments_named(lines, entries=fmt == "text")
    shown = True
    if fmt == "text":  # its headline is its first line, unless it opens with the asker's title (second layout)
        shown = _text_headline(lines, doctors | faq)
        hints = [next((line.text for line in lines if line.text), "")] if shown else []
    q = find_question(lines, hints, title_hint, base_url, headline_shown=shown, departments=doctors)
    after = _next_question(lines, q) if fmt == "html" else None
    below = lines[after].text if after is not None else None
    if below is not None and q.head >= 0 and fold(below) == fold(lines[q.head].text):
        below = None  # the same article rendered twice: read once, nothing left out
    if after is not None:  # an infinite scroll's next question below this one: not this page's
        lines = lines[:after]
    if base_url:
        question_id = question_id_for_url(base_url)
    else:
        question_id = question_id_for_content(q.headline, q.title, lines[q.ask].text)

    checks = Checks()
    if below is not None:
        checks.add(
            "another_question", None,
            f"another question below this one's, from {quote(below)} (an infinite scroll's next article): "
            "not read as this page's",
        )  # fmt: skip
    sections = find_sections(lines, q.end, q.ask)
    root = _article(lines, q.head, q.ask)
    known = [s for s in [*q.sections_before, *sections] if s.kind is not None and not lines[s.start].chrome]
    # Replies may be anywhere after the question outside the known sections (a Related FAQ box may
    # stand between the question and its answers), but not in the page's own header or footer. A
    # text snapshot's sections run to the next label, so its replies end at the first one.
    # Where the page has known sections, the block holding them and the question bounds the replies
    # too: a sidebar after the article has "Dr. ... reply ..." lines of its own.
    scope = _common(lines, [max(q.head, 0), q.ask, *(s.start for s in known)]) if known else None
    outside = {i for s in known for i in range(s.start, s.end)}
    outside |= {i for i, line in enumerate(lines) if line.chrome or (scope is not None and scope not in line.path)}
    stop = known[0].start if fmt == "text" and known else len(lines)
    found = blocks(lines, q.end + 1, stop, {s.start for s in sections if s.kind is None}, outside)
    asked = frozenset(fold(t) for t in (q.title, *q.body))
    doctor_replies, used = replies(lines, found, question_id, fmt, page_ends=not known, question=asked)
    doctor_replies = _unique_replies(doctor_replies)

    replies_out = list(doctor_replies)
    entries: list[tuple[int, list[Entry]]] = []  # (where the section starts, its entries)
    read: set[int] = set()  # lines of sections whose entries were read
    for s in known:
        section = s.content(lines)
        read.update(range(s.start, s.end))
        if s.kind == "more_info":
            body = more_info_body(section)
            if body and not any(r.kind == "more_info" for r in replies_out):
                pos = len(replies_out)
                replies_out.append(Reply(f"{question_id}:{pos}", question_id, pos, "more_info", None, None, body, None))
            elif not body:
                checks.section_empty(s, section)
            continue
        if s.kind == "similar_qa":
            got = similar_entries(section, links_base, s.container)
        else:
            got = faq_entries(section, links_base)
        if not got:
            checks.section_empty(s, section)
        checks.entries(s.kind, s.label, got, fmt)
        if len(got) > MAX_ENTRIES:
            checks.capped(s.kind, s.label, len(got), MAX_ENTRIES)
            got = got[:MAX_ENTRIES]
        entries.append((s.start, got))

    entries += unknown_sections(lines, sections, known, found, used, read, links_base, fmt, root, checks)
    in_page_order = _unique([e for _, got in sorted(entries, key=lambda x: x[0]) for e in got])
    ordered = sorted(in_page_order, key=lambda e: e.kind != "similar_qa")  # by kind, each in page order
    doctor_rows = [r for r in doctor_replies if r.kind == "doctor"]
    checks.undated(doctor_rows)
    checks.stray_lines(lines, q.ask, used, read, root, len(doctor_rows))

    positions: dict[str, int] = {}
    links = [
        RelatedLink(
            question_id=question_id,
            kind=e.kind,
            position=_next_position(positions, e.kind),
            title=e.title,
            url=e.url,
            target_question_id=target_of(e.url) if e.kind == "similar_qa" else None,
            question_snippet=e.question_snippet,
            doctor_name=e.doctor_name,
            department=e.department,
            reply_snippet=e.reply_snippet,
        )
        for e in ordered
    ]
    page_title, department = _page_title_and_department(q.headline, q.pill, doctor_replies, links, checks)
    asker, _ = parse_asker(q.asker or lines[q.who].text)
    if asker.name is None:
        asker.name = q.name
    checks.body_tail(q.body, asker.name)
    if q.above_title:
        checks.above_title(q.above_title, q.title)
    checks.widget_text("question", "the question's title", [q.title])
    checks.widget_text("question", "the question's body", q.body)
    for r in replies_out:
        part = "reply" if r.kind == "doctor" else "more_info"
        checks.widget_text(part, f"the {part} at position {r.position}", (r.body or "").split("\n"))
    for kind in ("similar_qa", "related_faq"):
        checks.widget_text(kind, f"the {kind} entries' titles", [e.title or "" for e in links if e.kind == kind])
    if fmt == "html":
        checks.page_title(page_title, q.headline, title_hint)
    checks.more_info_position(replies_out)
    asked_on = parse_date(q.date_text)
    parts = ["question", "reply", *dict.fromkeys(r.kind for r in replies_out if r.kind != "doctor")]
    checks.asker_line(lines[q.ask].text, asked_on, parts + list(dict.fromkeys(e.kind for e in links)))
    question = Question(
        question_id=question_id,
        source_url=base_url,
        page_title=page_title,
        title=q.title,
        department=department,
        body=join_lines(q.body),
        asker_name=asker.name,
        asker_age_min=asker.age_min,
        asker_age_max=asker.age_max,
        asker_gender=asker.gender,
        asked_on=asked_on,
    )
    return ParsedPage(question, replies_out, links, fmt, checks.warnings)


def _page_title_and_department(
    headline: str, pill: str | None, doctor_replies: list[Reply], links: list[RelatedLink], checks: Checks
) -> tuple[str | None, str | None]:
    """The headline's title and its " - <Department>", where the suffix is a department: one the page
    names elsewhere or the site's (no doubt), or one that reads like a department (a warning: nothing
    vouches for it). A department badge (`pill`) beside a headline that has no such suffix is the
    department, and the headline is the title whole. A page with no headline (the second text
    layout) names its department only in the doctor line."""
    if not headline:
        return None, next((r.department for r in doctor_replies if r.department), None)
    page_title, suffix = split_headline(headline)
    named = {d.casefold() for d in [*(r.department for r in doctor_replies), *(x.department for x in links)] if d}
    if pill is not None and (suffix is None or suffix.casefold() != pill.casefold()):
        return headline, pill
    if suffix is None:
        return headline, None
    if vouched(suffix, named):
        return page_title, suffix
    if reads_like_department(suffix):
        checks.department_unconfirmed(suffix, headline)
        return page_title, suffix
    return headline, None  # "Knee pain - left side": the dash is the title's own


def _departments_named(lines: list[Line], entries: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The departments the page's doctor lines name, and (with `entries`) those its "(Department)"
    entries name, casefolded: what vouches for a department shown elsewhere on the page."""
    doctors: set[str] = set()
    faq: set[str] = set()
    for line in lines:  # (a prefix or suffix test first: this runs over every line of every page)
        text = line.text
        if text.startswith("Dr") and (m := DOCTOR.match(text)):
            doctors.add(m.group("dept").strip().casefold())
        elif entries and text.endswith(")") and (m := FAQ_DEPT.match(text) or FAQ_INLINE.match(text)):
            faq.add(m.group("dept").strip().casefold())
    return frozenset(doctors), frozenset(faq)


def _text_headline(lines: list[Line], named: frozenset[str]) -> bool:
    """Whether a text snapshot opens with the page's headline ("<title> - <Department>", the first
    layout) or with the asker's title (the second layout: no headline, no "Share to:")."""
    texts = [line.text for line in lines]
    first = next((i for i, t in enumerate(texts) if t), None)
    ask = next((i for i, t in enumerate(texts) if ASK.search(t)), None)
    if first is None or ask is None or ask <= first:
        return True
    between = [t for t in texts[first + 1 : ask] if t]
    if any(SHARE.match(t) for t in between):
        return True
    if texts[first + 1]:  # the second layout's title and body are one newline apart; a headline stands alone
        return False
    _, suffix = split_headline(texts[first])
    if suffix is None or not between:
        return False
    return vouched(suffix, named) or reads_like_department(suffix)


def _article(lines: list[Line], head: int, ask: int) -> int | None:
    """The block holding the headline, the asker line and the first reply: the question, not the
    page's sidebars (None for a text snapshot, or a page without a reply to place it by)."""
    first_reply = next((i for i in range(ask + 1, len(lines)) if DOCTOR.match(lines[i].text)), None)
    return None if first_reply is None else _common(lines, [max(head, 0), ask, first_reply])


def _common(lines: list[Line], at: list[int]) -> int | None:
    """The innermost block holding every line in `at` (None in a text snapshot)."""
    paths = [lines[i].path for i in at]
    shared = [b for b in paths[0] if all(b in p for p in paths[1:])]
    return shared[-1] if shared else None


def _next_position(positions: dict[str, int], kind: str) -> int:
    n = positions.get(kind, 0)
    positions[kind] = n + 1
    return n


def _unique_replies(found: list[Reply]) -> list[Reply]:
    """A page shows each reply once; a copy (the article repeated, a print version) is dropped."""
    seen: set[tuple[str | None, ...]] = set()
    out: list[Reply] = []
    for r in found:
        key = (r.doctor_name, r.department, r.body, str(r.replied_on))
        if key not in seen:
            seen.add(key)
            pos = len(out)
            out.append(replace(r, reply_id=f"{r.question_id}:{pos}", position=pos))
    return out


def _unique(entries: list[Entry]) -> list[Entry]:
    """A page shows each entry once; a copy (a mobile and a desktop version of a section) is dropped."""
    seen: set[tuple[str | None, ...]] = set()
    out = []
    for e in entries:
        key = (e.kind, e.title, e.url, e.question_snippet, e.doctor_name, e.department, e.reply_snippet)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


_ENDS_WHOLE = re.compile(r"</(?:html|body)\s*>(?:\s|<!--.*?-->)*$", re.I | re.S)


def _cut_short(text: str) -> str | None:
    """How an HTML page shows it was cut short, or None. A page that ends with </html> (or </body>)
    is whole; one that leaves them out (HTML allows it) is whole if it ends with a tag and no
    element is left open that must be closed ("</body></html>" inside a script does not count)."""
    tail = text[-4096:]
    if _ENDS_WHOLE.search(tail):
        return None
    still_open = unclosed(text)
    if still_open:
        return f"with no </html> and {len(still_open)} elements still open (innermost <{still_open[-1]}>)"
    if not tail.rstrip().endswith(">"):
        return "with no </html>, in the middle of text or a tag"
    return None


_LINE_ENDS = re.compile(r"\r\n|\r|\n")  # not str.splitlines: \v, \f, \x1c-\x1e, \x85 end no line a reader sees


def _text_lines(text: str) -> list[Line]:
    return [Line(clean_line(decode_entities(raw))) for raw in _LINE_ENDS.split(text)]


def parse_page(
    raw: bytes, *, url: str | None = None, name: str = "", charset: str | None = None, _depth: int = 0
) -> ParsedPage:
    """Parse one page's bytes. `url` is where it was fetched from (None for a local file).

    Raises ParseError with a short reason for anything that is not a whole Q&A page. A page whose
    own text is no Q&A page but which frames one in an `<iframe srcdoc>` is read from the frame.
    """
    if len(raw) > MAX_PAGE_BYTES:
        raise ParseError(
            "too large", f"{len(raw)} bytes, more than the {MAX_PAGE_BYTES} a page may have (a Q&A page is ~30 KB)"
        )
    dec.check_is_text(raw)
    if _depth < 2 and is_feed(raw):  # one question exported as an RSS item or Atom entry
        page_html, link = feed_to_html(raw)
        return parse_page(page_html.encode("utf-8"), url=link or url, name=f"{name}.html", _depth=_depth + 1)
    saved_as = kind_of(raw, name)
    if saved_as and len(raw) > MAX_SAVED_BYTES:
        raise ParseError(
            "too large",
            f"{len(raw)} bytes of {saved_as}, more than the {MAX_SAVED_BYTES} such a page may have "
            "(Markdown costs ~10 µs a byte to render; a clipped Q&A page is ~20 KB)",
        )
    if saved_as == "mail":
        text = mail_to_html(raw)  # (it decodes the mail's own parts by its charsets)
    else:
        text, _encoding = dec.decode(raw, charset)
        if saved_as == "markdown":
            text = markdown_to_html(text)
    is_html = (
        saved_as is not None
        or dec.looks_like_html(raw)
        or (name.lower().endswith((".html", ".htm")) and "<" in text[:1024])
    )
    if not is_html and is_dump(text):  # a text browser's dump: its References make it HTML again
        text, is_html = dump_to_html(text), True
    boxed = False
    if not is_html and has_boxes(text):  # tables a text browser drew in box characters
        text, boxed = unbox(text)
    if not is_html:
        text, saved_from = reader_chrome(text)
        printed = read_printed(text)
        where = url or printed.printed_at or saved_from
        base = canonicalize_url(where) if where else None
        parsed = parse_lines(_text_lines(printed.text), base_url=base, hints=[], fmt="text")
        parsed.warnings.extend(printed_warnings(printed, parsed))
        if boxed:
            parsed.warnings.extend(boxed_warnings(parsed))
        return parsed

    page = render(text)
    cut = _cut_short(text)
    if cut:
        tail = clean_line(re.sub(r"<[^>]*>?", " ", text[-300:]))[-50:]
        raise ParseError(
            "truncated page", f"the HTML ends after {len(raw)} bytes {cut}, last text {tail!r}; saw {_seen(page.lines)}"
        )
    base = where = None
    for candidate in (page.canonical, page.og_url, url):
        if candidate:
            base = where = canonicalize_url(candidate, url)
            if base:
                base = archived_page_url(original_url(base), text)  # (a web archive's copy of a page is the page)
                break
    # Links resolve where the page is (an archive's copy: against the archive's URL, then unwrapped).
    links_base = urljoin(url or where or "", page.base) if page.base else (where if where != base else None)
    if links_base and not links_base.startswith(("http://", "https://")):
        links_base = None
    title_hint = SITE_SUFFIX.sub("", page.title) if page.title else None
    hints = [title_hint] if title_hint else []
    declared = read_declared(page.root, text, base)
    try:
        parsed = parse_lines(
            page.lines, base_url=base, hints=hints, fmt="html", links_base=links_base or None, title_hint=title_hint
        )
    except ParseError as e:
        framed = _framed(page.root) if e.reason in _READABLE_FROM_DECLARED and _depth < 2 else None
        if framed is not None:  # the article in an <iframe srcdoc> (an AMP viewer, a saved embed)
            return parse_page(framed.encode("utf-8"), url=base or url, name=name, _depth=_depth + 1)
        if not declared.has_question or e.reason not in _READABLE_FROM_DECLARED or e.detail.startswith("a list of"):
            raise
        headline = next((line.text for line in page.lines if line.heading == 1 and line.text), None) or title_hint
        return read_from_declared(declared, page.lines, base_url=base, headline=headline, why=e)
    confirmed = confirm(parsed, declared)
    confirmed.warnings.extend(order_by_style(confirmed, page.unplaced_order))
    return confirmed


def _framed(root: Any) -> str | None:
    """The largest `<iframe srcdoc>` document of the page, if it is big enough to be an article."""
    if root is None:
        return None
    docs = [frame.get("srcdoc") or "" for frame in root.iter("iframe")]
    best = max(docs, key=len, default="")
    return best if len(best) >= 500 else None


# What a page whose visible labels are not understood is rejected for (not a cut or a listing).
_READABLE_FROM_DECLARED = frozenset({"not a Q&A page", "no asker line", "no question title", "no headline"})
