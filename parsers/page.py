"""One Q&A page, HTML or text snapshot, into a question, its replies and its related links.

Both formats become the same list of visible lines (HTML through `render`), and one parser
finds the parts by their visible labels, in the order the page shows them:

    headline "<page title> - <Department>" · "Share to:" · question title · body lines ·
    asker line "... Ask Date: Y/M/D" · replies "Dr. <Name> reply <Dept>" ... "Reply Date: Y/M/D" ·
    "More Info" · "Similar Q&A" entries ending "[Read More] <title>" · "Related FAQ" "<topic> (<Dept>)"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers import decode as dec
from parsers.records import ParsedPage, ParseError, Question, RelatedLink, Reply
from parsers.render import Line, render
from parsers.text import clean_line, decode_entities, join_lines, join_paragraphs, parse_date
from parsers.urls import canonicalize_url, question_id_for_content, question_id_for_url

PARSER_VERSION = "1.0.0"

_SHARE = re.compile(r"^share\s+(?:to|this)\b", re.I)
_ASK = re.compile(r"\bAsk(?:ed)?\s+(?:Date|on)\s*[:：]", re.I)
_DOCTOR = re.compile(r"^Dr\.?\s+(?P<name>\S.{0,80}?)\s+repl(?:y|ied)\s*[:：]?\s+(?P<dept>\S.{0,80})$")
_REPLY_DATE = re.compile(r"^Repl(?:y|ied)\s+(?:Date|on)\s*[:：]", re.I)
_MORE_INFO = re.compile(r"^more\s+info(?:rmation)?\s*:?$", re.I)
_SIMILAR = re.compile(r"^similar\s+(?:q\s*(?:&|and)\s*a|questions?)\s*:?$", re.I)
_FAQ = re.compile(r"^related\s+(?:faqs?|topics?)\s*:?$", re.I)
_READ_MORE = re.compile(r"^\[\s*read\s+more\s*\]\s*(?P<title>.*)$", re.I)
_FAQ_DEPT = re.compile(r"^\((?P<dept>[^()]{1,80})\)$")
_FAQ_INLINE = re.compile(r"^(?P<topic>.+?)\s*\((?P<dept>[^()]{1,80})\)$")
_AD_LINE = re.compile(r"^(?:advertisement|advertising|sponsored(?:\s+content)?|ad)$", re.I)
_DEPT_SEP = re.compile(r"\s+[-–—]\s+")
_SITE_SUFFIX = re.compile(r"\s+[|｜]\s+[^|｜]+$")
_AGE_RANGE = re.compile(r"(?P<min>\d{1,3})\s*(?:~|-|–|to)\s*(?P<max>\d{1,3})\s*(?:years?|yrs?|y)?[\s-]*(?:old)?", re.I)
_AGE_OPEN = re.compile(
    r"(?P<min>\d{1,3})\s*(?:\+|(?:years?|yrs?)?[\s-]*(?:old)?\s*(?:and|or)\s+(?:above|over|older))", re.I
)
_AGE_ONE = re.compile(r"(?P<min>\d{1,3})\s*(?:years?|yrs?)[\s-]*old", re.I)
_GENDER = re.compile(r"\b(?P<g>female|male|woman|man|girl|boy)\b", re.I)
_GENDERS = {"female": "female", "woman": "female", "girl": "female", "male": "male", "man": "male", "boy": "male"}
_LABELS = (_MORE_INFO, _SIMILAR, _FAQ)


@dataclass(slots=True)
class _Asker:
    name: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    gender: str | None = None


def parse_asker(line: str) -> tuple[_Asker, str]:
    """The asker's name, age range and gender from the text before 'Ask Date:', and the date text."""
    m = _ASK.search(line)
    who, date_text = (line[: m.start()], line[m.end() :]) if m else (line, "")
    asker = _Asker()
    for part in (p.strip(" .;:") for p in re.split(r"[,，]", who)):
        if not part:
            continue
        age = _AGE_RANGE.search(part) or _AGE_OPEN.search(part) or _AGE_ONE.search(part)
        gender = _GENDER.search(part)
        if age or gender:
            first = min(x.start() for x in (age, gender) if x)
            if first > 0 and asker.name is None:
                asker.name = part[:first].strip(" .;:") or None
            if age:
                asker.age_min = int(age.group("min"))
                has_max = "max" in age.re.groupindex
                asker.age_max = int(age.group("max")) if has_max else (asker.age_min if age.re is _AGE_ONE else None)
            if gender:
                asker.gender = _GENDERS[gender.group("g").lower()]
        elif asker.name is None:
            asker.name = part
    return asker, date_text


_ANY_LABEL = re.compile("|".join(f"(?:{p.pattern})" for p in _LABELS), re.I)


def _is_label(text: str) -> bool:
    return len(text) < 40 and _ANY_LABEL.match(text) is not None


def _extent(lines: list[Line], start: int, stop: int) -> int:
    """End (exclusive) of the content that follows the label at `start`, at most `stop`.

    For HTML, content stays inside the label's container: the innermost enclosing block of the
    label that also encloses the next line. Trailing link-only lines (navigation, footers) are
    dropped. Text snapshots have no containers, so only `stop` bounds them.
    """
    path = lines[start].path
    nxt = next((i for i in range(start + 1, stop) if lines[i].text), None)
    end = stop
    if nxt is not None and path:
        shared = [b for b in path if b in lines[nxt].path]
        if shared and len(shared) > 1:  # a container below <html>/<body>
            container = shared[-1]
            end = next((i for i in range(nxt, stop) if container not in lines[i].path), stop)
    while end > start + 1 and (not lines[end - 1].text or lines[end - 1].is_link_only):
        end -= 1
    return end


def _paragraphs(lines: list[Line]) -> list[list[str]]:
    paras: list[list[str]] = [[]]
    for line in lines:
        if line.text:
            paras[-1].append(line.text)
        elif paras[-1]:
            paras.append([])
    return paras


def _find_headline(lines: list[Line], ask: int, hints: list[str]) -> int:
    for hint in hints:
        for i in range(ask):
            if lines[i].text == hint:
                return i
    share = next((i for i in range(ask) if _SHARE.match(lines[i].text)), None)
    if share is not None:
        prev = next((i for i in range(share - 1, -1, -1) if lines[i].text), None)
        if prev is not None:
            return prev
    first = next((i for i in range(ask) if lines[i].text), None)
    if first is None:
        raise ParseError("no headline", "nothing precedes the asker line")
    return first


def _resolve(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    return canonicalize_url(href, base) or (href if base is None else None)


def parse_lines(lines: list[Line], *, base_url: str | None, hints: list[str], fmt: str) -> ParsedPage:
    """Parse visible lines; `base_url` is the canonical URL (None for a page with no URL)."""
    lines = [line for line in lines if len(line.text) > 24 or not _AD_LINE.match(line.text)]
    ask = next((i for i, line in enumerate(lines) if _ASK.search(line.text)), None)
    if ask is None:
        raise ParseError("not a Q&A page", "no asker line with 'Ask Date:'")

    head = _find_headline(lines, ask, hints)
    headline = lines[head].text
    parts = _DEPT_SEP.split(headline)
    page_title, department = (headline, None) if len(parts) < 2 else (" - ".join(parts[:-1]), parts[-1])
    content = [line.text for line in lines[head + 1 : ask] if line.text and not _SHARE.match(line.text)]
    if not content:
        raise ParseError("no question title", "nothing between the headline and the asker line")
    title, body_lines = content[0], content[1:]
    asker, date_text = parse_asker(lines[ask].text)
    asked_on = parse_date(date_text)

    if base_url:
        question_id = question_id_for_url(base_url)
    else:
        question_id = question_id_for_content(headline, title, lines[ask].text)

    labels = [i for i in range(ask + 1, len(lines)) if _is_label(lines[i].text)]
    first_label = labels[0] if labels else len(lines)

    replies: list[Reply] = []
    _parse_replies(lines, ask + 1, first_label, question_id, replies)

    links: list[RelatedLink] = []
    for n, idx in enumerate(labels):
        stop = labels[n + 1] if n + 1 < len(labels) else len(lines)
        end = _extent(lines, idx, stop)
        section = lines[idx + 1 : end]
        label = lines[idx].text
        if _MORE_INFO.match(label):
            body = join_paragraphs(_paragraphs(section))
            if body:
                replies.append(
                    Reply(
                        f"{question_id}:{len(replies)}", question_id, len(replies), "more_info", None, None, body, None
                    )
                )
        elif _SIMILAR.match(label):
            _parse_similar(section, question_id, base_url, links)
        else:
            _parse_faq(section, question_id, base_url, links)

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
    return ParsedPage(question, replies, links, fmt)


def _parse_replies(lines: list[Line], start: int, stop: int, qid: str, out: list[Reply]) -> None:
    """Doctor replies: a 'Dr. X reply Dept' line, body lines, then 'Reply Date:'."""
    doctor: tuple[str, str] | None = None
    body: list[str] = []
    for line in lines[start:stop]:
        match = _DOCTOR.match(line.text)
        is_date = _REPLY_DATE.match(line.text)
        if doctor is not None and (match or is_date):
            pos = len(out)
            replied_on = parse_date(line.text) if is_date else None
            out.append(Reply(f"{qid}:{pos}", qid, pos, "doctor", doctor[0], doctor[1], join_lines(body), replied_on))
            doctor, body = None, []
        if match:
            doctor = (match.group("name").strip(), match.group("dept").strip())
        elif doctor is not None and line.text:
            body.append(line.text)
    if doctor is not None:
        if stop >= len(lines):
            raise ParseError("truncated page", f"reply by Dr. {doctor[0]} has no 'Reply Date' and the page ends")
        pos = len(out)
        out.append(Reply(f"{qid}:{pos}", qid, pos, "doctor", doctor[0], doctor[1], join_lines(body), None))


def _parse_similar(section: list[Line], qid: str, base: str | None, out: list[RelatedLink]) -> None:
    entry: list[Line] = []
    for line in section:
        if not line.text:
            continue
        entry.append(line)
        if _READ_MORE.match(line.text):
            _similar_entry(entry, qid, base, out)
            entry = []
    if entry and any(_DOCTOR.match(line.text) for line in entry):
        _similar_entry(entry, qid, base, out)


def _similar_entry(entry: list[Line], qid: str, base: str | None, out: list[RelatedLink]) -> None:
    read_more = _READ_MORE.match(entry[-1].text)
    rest = entry[:-1] if read_more else entry
    if not rest:
        return
    doc = next((i for i, line in enumerate(rest) if _DOCTOR.match(line.text)), None)
    title_line = rest[0]
    if doc == 0:  # no title line: the [Read More] text carries it
        title_line = Line(read_more.group("title") if read_more else "")
    q_lines = rest[1:doc] if doc is not None else rest[1:]
    r_lines = rest[doc + 1 :] if doc is not None else []
    doctor = _DOCTOR.match(rest[doc].text) if doc is not None else None
    href = (entry[-1].hrefs[:1] if read_more else []) or title_line.hrefs[:1]
    url = _resolve(href[0] if href else None, base)
    title = title_line.text or (read_more.group("title") if read_more else "")
    out.append(
        RelatedLink(
            question_id=qid,
            kind="similar_qa",
            position=sum(1 for link in out if link.kind == "similar_qa"),
            title=title or None,
            url=url,
            target_question_id=question_id_for_url(url) if url and url.startswith("http") else None,
            question_snippet=" ".join(line.text for line in q_lines) or None,
            doctor_name=doctor.group("name").strip() if doctor else None,
            department=doctor.group("dept").strip() if doctor else None,
            reply_snippet=" ".join(line.text for line in r_lines) or None,
        )
    )


def _parse_faq(section: list[Line], qid: str, base: str | None, out: list[RelatedLink]) -> None:
    items = [line for line in section if line.text]
    i = 0
    while i < len(items):
        line = items[i]
        inline = _FAQ_INLINE.match(line.text)
        if inline and not _FAQ_DEPT.match(line.text):
            topic, dept, i = inline.group("topic"), inline.group("dept"), i + 1
        elif i + 1 < len(items) and (dept_line := _FAQ_DEPT.match(items[i + 1].text)):
            topic, dept, i = line.text, dept_line.group("dept"), i + 2
        else:
            break
        url = _resolve(line.hrefs[0] if line.hrefs else None, base)
        out.append(
            RelatedLink(
                question_id=qid,
                kind="related_faq",
                position=sum(1 for link in out if link.kind == "related_faq"),
                title=topic.strip(),
                url=url,
                target_question_id=None,
                department=dept.strip(),
            )
        )


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

    if not re.search(r"</(?:html|body)\s*>", text[-65536:], re.I):
        raise ParseError("truncated page", "HTML has no closing </body> or </html> tag")
    page = render(text)
    base = None
    for candidate in (page.canonical, url):
        if candidate:
            base = canonicalize_url(candidate, url)
            if base:
                break
    hints = [h for h in (_SITE_SUFFIX.sub("", page.title) if page.title else None, page.h1) if h]
    return parse_lines(page.lines, base_url=base, hints=hints, fmt="html")
