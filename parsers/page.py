"""One Q&A page, HTML or text snapshot, into a question, its replies, its related links, and
warnings about what the page shows but did not give.

Both formats become the same list of visible lines (HTML through `render`), and one parser
finds the parts by their visible labels, in the order the page shows them:

    headline "<page title> - <Department>" · "Share to:" · question title · body lines ·
    asker line "... Ask Date: Y/M/D" · replies "Dr. <Name> reply <Dept>" ... "Reply Date: Y/M/D" ·
    "More Info" · "Similar Q&A" entries · "Related FAQ" entries "<topic> (<Dept>)"

A "Dr. ... reply ..." line is a reply only where replies are: between the asker line and the
first section, and, on a page whose replies carry a "Reply Date", only with one. Sections under
headings the parser does not know are read only when their entries leave no doubt, and always
with a warning; see `parsers.checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers import decode as dec
from parsers.asker import looks_like_asker, parse_asker
from parsers.checks import Checks
from parsers.patterns import AD_LINE, ASK, DEPT_SEP, DOCTOR, READ_MORE, REPLY_DATE, SHARE, SITE_SUFFIX, label_kind
from parsers.records import ParsedPage, ParseError, Question, RelatedLink, Reply
from parsers.render import Line, render, unclosed
from parsers.sections import (
    Entry,
    Section,
    faq_entries,
    faq_run,
    find_sections,
    more_info_body,
    similar_entries,
    target_of,
)
from parsers.text import clean_line, decode_entities, join_lines, parse_date
from parsers.urls import canonicalize_url, question_id_for_content, question_id_for_url

PARSER_VERSION = "1.1.0"


def _find_headline(lines: list[Line], ask: int, hints: list[str]) -> int:
    for hint in hints:
        for i in range(ask):
            if lines[i].text == hint:
                return i
    share = next((i for i in range(ask) if SHARE.match(lines[i].text)), None)
    if share is not None:
        prev = next((i for i in range(share - 1, -1, -1) if lines[i].text), None)
        if prev is not None:
            return prev
    first = next((i for i in range(ask) if lines[i].text), None)
    if first is None:
        raise ParseError("no headline", "the asker line ('Ask Date:') is the first thing on the page")
    return first


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


@dataclass(slots=True)
class _Block:
    """The lines from a doctor line to its 'Reply Date' (or to whatever ends it first)."""

    doctor: int
    name: str
    dept: str
    body: list[int] = field(default_factory=list)
    date: int | None = None
    read_more: bool = False  # it reached a "[Read More]": a Similar Q&A entry, not a reply
    ended_by: str = "stop"  # "date", "doctor", "heading" or "stop"


def _blocks(lines: list[Line], start: int, stop: int, headings: set[int]) -> list[_Block]:
    out: list[_Block] = []
    block: _Block | None = None
    for i in range(start, stop):
        text = lines[i].text
        if not text:
            continue
        doctor = DOCTOR.match(text)
        if doctor:
            if block is not None:
                block.ended_by = "doctor"
            block = _Block(i, doctor.group("name").strip(), doctor.group("dept").strip())
            out.append(block)
        elif block is None:
            continue
        elif REPLY_DATE.match(text):
            block.date, block.ended_by, block = i, "date", None
        elif i in headings:
            block.ended_by, block = "heading", None
        elif READ_MORE.match(text):
            block.read_more, block = True, None
        else:
            block.body.append(i)
    return out


def _replies(lines: list[Line], blocks: list[_Block], stop: int, qid: str, fmt: str) -> tuple[list[Reply], set[int]]:
    """The blocks that are replies, and the lines they use.

    Where any reply has a 'Reply Date', one without is not a reply (it is an entry of a section
    the parser does not know). Where none has, replies end at the first block that reads as an
    entry or at the first unknown heading after a reply. A text snapshot that ends inside a
    reply was cut short.
    """
    dated = any(b.date is not None for b in blocks)
    out: list[Reply] = []
    used: set[int] = set()
    for b in blocks:
        if fmt == "text" and b.ended_by == "stop" and not b.read_more and stop >= len(lines):
            raise ParseError(
                "truncated page",
                f"the text ends inside the reply by Dr. {b.name}: no 'Reply Date' and nothing after it",
            )
        if b.read_more or (dated and b.date is None):
            continue
        pos = len(out)
        replied_on = parse_date(lines[b.date].text) if b.date is not None else None
        body = join_lines([lines[i].text for i in b.body])
        out.append(Reply(f"{qid}:{pos}", qid, pos, "doctor", b.name, b.dept, body, replied_on))
        used.update([b.doctor, *b.body, *([b.date] if b.date is not None else [])])
        if not dated and b.ended_by == "heading":
            break  # undated replies end at the first heading after one of them
    return out, used


def _asker_and_date(lines: list[Line], ask: int) -> tuple[int, str]:
    """The asker line's index and the date text. A design may put the asker's name, age and gender
    on the line before 'Ask Date:', and the date on the line after it."""
    line = lines[ask].text
    _asker, date_text = parse_asker(line)
    if parse_date(date_text) is None:
        nxt = next((i for i in range(ask + 1, min(ask + 4, len(lines))) if lines[i].text), None)
        if nxt is not None and len(lines[nxt].text) < 40 and parse_date(lines[nxt].text):
            date_text = lines[nxt].text
    m = ASK.search(line)
    if m and not line[: m.start()].strip(" .,;:"):
        prev = next((i for i in range(ask - 1, -1, -1) if lines[i].text), None)
        if prev is not None and looks_like_asker(lines[prev].text):
            return prev, date_text
    return ask, date_text


def parse_lines(lines: list[Line], *, base_url: str | None, hints: list[str], fmt: str) -> ParsedPage:
    """Parse visible lines; `base_url` is the canonical URL (None for a page with no URL)."""
    lines = [line for line in lines if len(line.text) > 24 or not AD_LINE.match(line.text)]
    ask = next((i for i, line in enumerate(lines) if ASK.search(line.text)), None)
    if ask is None:
        raise ParseError("not a Q&A page", f"no asker line with 'Ask Date:'; saw {_seen(lines)}")

    head = _find_headline(lines, ask, hints)
    headline = lines[head].text
    parts = DEPT_SEP.split(headline)
    page_title, department = (headline, None) if len(parts) < 2 else (" - ".join(parts[:-1]), parts[-1])
    who_at, date_text = _asker_and_date(lines, ask)
    content = [line.text for line in lines[head + 1 : who_at] if line.text and not SHARE.match(line.text)]
    if not content:
        raise ParseError(
            "no question title", f"headline {headline[:60]!r} and the asker line found, nothing between them"
        )
    title, body_lines = content[0], content[1:]
    asker, _ = parse_asker(lines[who_at].text)
    asked_on = parse_date(date_text)

    if base_url:
        question_id = question_id_for_url(base_url)
    else:
        question_id = question_id_for_content(headline, title, lines[ask].text)

    checks = Checks()
    sections = find_sections(lines, ask)
    known = [s for s in sections if s.kind is not None]
    region_end = known[0].start if known else len(lines)
    headings = {s.start for s in sections if s.kind is None}
    blocks = _blocks(lines, ask + 1, region_end, headings)
    replies, used = _replies(lines, blocks, region_end, question_id, fmt)

    entries: list[tuple[int, list[Entry]]] = []  # (where the section starts, its entries)
    read: set[int] = set()  # lines of sections whose entries were read
    for s in known:
        section = lines[s.start + 1 : s.end]
        read.update(range(s.start, s.end))
        if s.kind == "more_info":
            body = more_info_body(section)
            if body:
                pos = len(replies)
                replies.append(Reply(f"{question_id}:{pos}", question_id, pos, "more_info", None, None, body, None))
            else:
                checks.section_empty(s, section)
            continue
        found = similar_entries(section, base_url) if s.kind == "similar_qa" else faq_entries(section, base_url)
        if not found:
            checks.section_empty(s, section)
        checks.entries(s.kind, s.label, found, fmt)
        entries.append((s.start, found))

    shared = [b for b in lines[head].path if b in lines[ask].path]
    root = shared[-1] if shared else None  # the block holding the question: the article, not its sidebars
    entries += _unknown_sections(lines, sections, blocks, used, read, base_url, fmt, root, checks)
    ordered = [e for _, found in sorted(entries, key=lambda x: x[0]) for e in found]  # in page order
    checks.stray_lines(lines, ask, used, read)

    links = [
        RelatedLink(
            question_id=question_id,
            kind=e.kind,
            position=sum(1 for x in ordered[:n] if x.kind == e.kind),
            title=e.title,
            url=e.url,
            target_question_id=target_of(e.url) if e.kind == "similar_qa" else None,
            question_snippet=e.question_snippet,
            doctor_name=e.doctor_name,
            department=e.department,
            reply_snippet=e.reply_snippet,
        )
        for n, e in enumerate(ordered)
    ]
    question = Question(
        question_id=question_id,
        source_url=base_url,
        page_title=page_title,
        title=title,
        department=department,
        body=join_lines(body_lines),
        asker_name=asker.name,
        asker_age_min=asker.age_min,
        asker_age_max=asker.age_max,
        asker_gender=asker.gender,
        asked_on=asked_on,
    )
    return ParsedPage(question, replies, links, fmt, checks.warnings)


def _unknown_sections(
    lines: list[Line],
    sections: list[Section],
    blocks: list[_Block],
    used: set[int],
    read: set[int],
    base: str | None,
    fmt: str,
    root: int | None,
    checks: Checks,
) -> list[tuple[int, list[Entry]]]:
    """Entries of sections under headings the parser does not know, where they leave no doubt.

    A page has one section of each kind: an unknown heading is read only as a kind the page lacks,
    only the first such, and only when every entry has its parts (a title and a doctor line, or a
    topic and a department). Sidebars are not read: the heading must be inside the block that holds
    the question, and not after the last known section. A text snapshot has no headings: the lines
    after its last reply (up to a known label) are such sections, cut after the last "[Read More]".
    """
    have = {s.kind for s in sections if s.kind is not None}
    last_known = max((s.start for s in sections if s.kind is not None), default=None)
    candidates = [
        s
        for s in sections
        if s.kind is None
        and (last_known is None or s.start < last_known)
        and (root is None or root in lines[s.start].path)
    ]
    if fmt == "text":  # no headings: the lines after the last reply, split after the last "[Read More]"
        after = max(used, default=-1) + 1
        first_known = next((s.start for s in sections if s.kind is not None), len(lines))
        more = [i for i in range(after, first_known) if READ_MORE.match(lines[i].text)]
        cut = more[-1] + 1 if more else after
        for start, end in ((after, cut), (cut, first_known)):
            first = next((i for i in range(start, end) if lines[i].text), None)
            if first is not None:  # its first line stands for a heading
                candidates.append(Section(first, end, None, lines[first].text, 0))
    out: list[tuple[int, list[Entry]]] = []
    for s in candidates:
        section = [line for i, line in enumerate(lines[s.start + 1 : s.end], s.start + 1) if i not in used]
        label = s.label
        if "similar_qa" not in have:
            found = similar_entries(section, base)
            if found and all(e.doctor_name and e.title for e in found):
                title = next(line for line in section if line.text == found[0].title)
                checks.unknown_section(label if fmt == "html" else _label_before(lines, title), "similar_qa", found)
                read.update(range(s.start, s.end))
                have.add("similar_qa")
                out.append((s.start, found))
                continue
        if "related_faq" not in have:
            run = faq_run(section)
            found = faq_entries(run, base)
            texts = [line for line in section if line.text]
            if len(found) >= 2 and (fmt == "text" or len(run) * 2 >= len(texts)):
                checks.unknown_section(label if fmt == "html" else _label_before(lines, run[0]), "related_faq", found)
                read.update(range(s.start, s.end))
                have.add("related_faq")
                out.append((s.start, found))
                continue
        if fmt == "html":
            checks.unread_section(label, section)
    return out


def _label_before(lines: list[Line], first: Line) -> str:
    """In a text snapshot, the line before a section's first entry stands for its heading."""
    at = next(i for i, line in enumerate(lines) if line is first)
    return next((lines[i].text for i in range(at - 1, -1, -1) if lines[i].text), "")


def _text_lines(text: str) -> list[Line]:
    return [Line(clean_line(decode_entities(raw))) for raw in text.splitlines()]


def parse_page(raw: bytes, *, url: str | None = None, name: str = "", charset: str | None = None) -> ParsedPage:
    """Parse one page's bytes. `url` is where it was fetched from (None for a local file).

    Raises ParseError with a short reason for anything that is not a whole Q&A page.
    """
    dec.check_is_text(raw)
    text, _encoding = dec.decode(raw, charset)
    is_html = dec.looks_like_html(raw) or (name.lower().endswith((".html", ".htm")) and "<" in text[:1024])
    if not is_html:
        base = canonicalize_url(url) if url else None
        lines = _text_lines(text)
        first = next((line.text for line in lines if line.text), "")
        return parse_lines(lines, base_url=base, hints=[first], fmt="text")

    page = render(text)
    if not re.search(r"</(?:html|body)\s*>", text[-65536:], re.I) and (still_open := unclosed(text)):
        tail = clean_line(re.sub(r"<[^>]*>?", " ", text[-300:]))[-50:]
        raise ParseError(
            "truncated page",
            f"the HTML ends after {len(raw)} bytes with no </html> and {len(still_open)} elements still open "
            f"(innermost <{still_open[-1]}>), last text {tail!r}; saw {_seen(page.lines)}",
        )
    base = None
    for candidate in (page.canonical, url):
        if candidate:
            base = canonicalize_url(candidate, url)
            if base:
                break
    hints = [h for h in (SITE_SUFFIX.sub("", page.title) if page.title else None, page.h1) if h]
    return parse_lines(page.lines, base_url=base, hints=hints, fmt="html")
