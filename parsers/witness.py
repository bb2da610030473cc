"""The visible page against what it declares about itself (parsers.structured): a second witness.

Field by field: where both say the same, the field is confirmed (counted, nothing to say); where
they differ, the visible value stands and a `witness_disagrees` warning names the field and both
values. Where the visible labels are not understood but the structured data holds the question, the
question and its answers are read from it (`read_from_declared`): every value is checked to be on
the visible page, the rows say `read_from = structured_data`, and the page gets a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from parsers.asker import parse_asker
from parsers.checks import UNREAD_PROSE, Checks, quote
from parsers.departments import split_headline, vouched
from parsers.records import ParsedPage, ParseError, Question, Reply
from parsers.render import Line
from parsers.sections import find_sections, more_info_body
from parsers.structured import Declared, DeclaredAnswer
from parsers.text import fold, join_lines
from parsers.urls import question_id_for_content, question_id_for_url

_DR = re.compile(r"^dr\.?\s+", re.I)


def _key(text: str | None) -> str:
    """Text as two witnesses may both write it: case, punctuation, spacing, compatibility forms and
    a "Dr." aside."""
    return fold(unicodedata.normalize("NFKC", _DR.sub("", text.strip()))) if text else ""


@dataclass(slots=True)
class _Tally:
    compared: int = 0
    confirmed: int = 0


# What a site declares for an author with no name: not a name the page could show.
_NO_NAME = frozenset({"anonymous", "anonymous user", "guest", "user", "n a", "匿名"})


def _compare(tally: _Tally, checks: Checks, part: str, field: str, shown: object, declared: object) -> None:
    if declared is None or declared == "":
        return
    missing = shown is None or shown == ""
    if missing and isinstance(declared, str) and _key(declared) in _NO_NAME:
        return  # no name shown, none declared
    tally.compared += 1
    if missing:
        same = False
    elif isinstance(shown, str):
        same = _key(shown) == _key(str(declared))
    elif isinstance(shown, dt.date) and isinstance(declared, dt.date):
        same = abs((shown - declared).days) <= 1  # a datetime in UTC may fall on the day before or after
    else:
        same = shown == declared
    if same:
        tally.confirmed += 1
    else:
        checks.add(
            "witness_disagrees",
            part,
            f"{field}: the page shows {'none' if missing else quote(str(shown))}, "
            f"its structured data says {quote(str(declared))}",
        )


def confirm(page: ParsedPage, declared: Declared) -> ParsedPage:
    """`page` with the fields its structured data confirms counted and every disagreement warned."""
    if not declared.syntaxes:
        return page
    checks = Checks()
    tally = _Tally()
    q = page.question
    if declared.has_question:
        _compare(tally, checks, "question", "title", q.title, declared.title)
        _compare(tally, checks, "question", "body", q.body, declared.text)
        _compare(tally, checks, "question", "asker_name", q.asker_name, declared.author)
        _compare(tally, checks, "question", "asked_on", q.asked_on, declared.date)
        if declared.department is not None:
            _compare(tally, checks, "question", "department", q.department, declared.department)
        doctors = [r for r in page.replies if r.kind == "doctor"]
        shown = declared.answer_count if declared.answer_count is not None else len(declared.answers)
        if shown != len(doctors) and (declared.answer_count is not None or shown > len(doctors)):
            checks.add(
                "witness_disagrees",
                "reply",
                f"replies: the page shows {len(doctors)} doctor replies, its structured data declares {shown}",
            )
        for n, a in enumerate(declared.answers):  # a page may declare only its accepted answer
            r = _matching(doctors, a, n, len(declared.answers))
            if r is None:
                continue
            at = f"replies[{r.position}]"
            _compare(tally, checks, "reply", f"{at}.doctor_name", r.doctor_name, a.author)
            _compare(tally, checks, "reply", f"{at}.replied_on", r.replied_on, a.date)
            _compare(tally, checks, "reply", f"{at}.body", r.body, a.text)
            if a.department is not None:
                _compare(tally, checks, "reply", f"{at}.department", r.department, a.department)
    if q.department and declared.breadcrumbs:
        tally.compared += 1
        if any(_key(b) == _key(q.department) for b in declared.breadcrumbs):
            tally.confirmed += 1
    og = declared.og_title
    if og and q.page_title:
        tally.compared += 1
        headline = f"{q.page_title} - {q.department}" if q.department else q.page_title
        if _key(og) in (_key(q.page_title), _key(headline)) or _key(q.page_title) in _key(og):
            tally.confirmed += 1
        else:
            checks.add(
                "witness_disagrees",
                "question",
                f"page_title: the page shows {quote(q.page_title)}, its og:title says {quote(og)}",
            )
    return replace(
        page,
        warnings=[*page.warnings, *checks.warnings],
        fields_compared=tally.compared,
        fields_confirmed=tally.confirmed,
    )


def _matching(doctors: list[Reply], a: DeclaredAnswer, n: int, declared: int) -> Reply | None:
    """The visible reply a declared answer is about: the same place where both list them all, else the
    one by the same doctor, else the one with the same text."""
    if declared == len(doctors):
        return doctors[n]
    for same in (lambda r: _key(r.doctor_name) == _key(a.author), lambda r: _key(r.body) == _key(a.text)):
        found = [r for r in doctors if same(r)]
        if len(found) == 1:
            return found[0]
    return None


def _shown(key: str, visible: str) -> bool:
    return bool(key) and key in visible


def read_from_declared(
    declared: Declared, lines: list[Line], *, base_url: str | None, headline: str | None, why: ParseError
) -> ParsedPage:
    """The question and its answers from the structured data, where the visible labels were not
    understood (`why`). Never from it alone: its title, question text and each answer's text must be
    on the visible page, else the page stays rejected."""
    visible = _key(" ".join(line.text for line in lines if line.text))
    missing = [
        name
        for name, value in (("title", declared.title), ("question text", declared.text))
        if value and not _shown(_key(value), visible)
    ]
    missing += [f"answer {n}" for n, a in enumerate(declared.answers) if a.text and not _shown(_key(a.text), visible)]
    if missing:
        raise ParseError(
            why.reason,
            f"{why.detail}; its structured data declares a question, but the page does not show its "
            + ", ".join(missing[:3]),
        )
    title = declared.title or ""
    if base_url:
        question_id = question_id_for_url(base_url)
    else:
        question_id = question_id_for_content(headline, title, declared.author)
    depts = {a.department.casefold() for a in declared.answers if a.department}
    department = declared.department or next((b for b in declared.breadcrumbs if vouched(b, depts)), None)
    page_title: str | None = headline or declared.og_title or title
    if page_title:  # its " - <suffix>" is the department only where a witness names it
        before, suffix = split_headline(page_title)
        if suffix and vouched(suffix, depts | ({department.casefold()} if department else set())):
            page_title, department = before, department or suffix
    asker = parse_asker(next((t for t in _lines_naming(lines, declared.author)), ""))[0]
    replies = [
        Reply(
            f"{question_id}:{n}",
            question_id,
            n,
            "doctor",
            a.author,
            a.department or _department_beside(lines, a.author, depts),
            a.text,
            a.date,
        )
        for n, a in enumerate(declared.answers)
    ]
    question = Question(
        question_id=question_id,
        source_url=base_url,
        page_title=page_title,
        title=title,
        department=department,
        body=join_lines((declared.text or "").split("\n")),
        asker_name=declared.author,
        asker_age_min=asker.age_min,
        asker_age_max=asker.age_max,
        asker_gender=asker.gender,
        asked_on=declared.date,
    )
    checks = Checks()
    more_info = _more_info_by_shape(lines, declared, checks)
    if more_info:
        replies.append(Reply(f"{question_id}:{len(replies)}", question_id, len(replies), "more_info", None, None,
                             more_info, None))  # fmt: skip
    for part in ("similar_qa", "related_faq"):
        checks.add(
            "section_unknown",
            part,
            "not read: the page's section labels were not understood and its structured data does not declare them",
        )
    checks.add(
        "read_from_structured_data",
        "question",
        f"the visible page was not understood ({why.reason}: {why.detail[:120]}); the question and "
        f"{len(replies)} answers were read from its structured data ({', '.join(declared.syntaxes)})",
    )
    return ParsedPage(question, replies, [], "html", checks.warnings, read_from="structured_data")


def _more_info_by_shape(lines: list[Line], declared: Declared, checks: Checks) -> str | None:
    """The article after the last answer: the first section there, under a heading of any name,
    with an article's worth of plain text (read by its shape, so with a warning)."""
    last = declared.answers[-1].text if declared.answers else declared.text
    key = _key((last or "").split("\n")[-1])
    end = max((i for i, line in enumerate(lines) if key and key in _key(line.text)), default=None)
    if end is None:
        return None
    for s in find_sections(lines, end, end):
        section = s.content(lines)
        prose = [line.text for line in section if line.text and not line.is_link_only]
        article = sum(map(len, prose)) >= UNREAD_PROSE and max(map(len, prose), default=0) >= 150
        if s.kind == "more_info" or (s.kind is None and article):
            body = more_info_body(section)
            if body:
                checks.add(
                    "section_unknown",
                    "more_info",
                    f"heading {quote(s.label)} read as More Info by its shape ({len(prose)} lines of text)",
                )
                return body
    checks.add("section_unknown", "more_info", "no More Info read: no section after the answers reads as an article")
    return None


def _lines_naming(lines: list[Line], name: str | None) -> list[str]:
    """Visible lines that hold `name` as a word (the asker's line, with their age and gender)."""
    if not name:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)
    return [line.text for line in lines if line.text and len(line.text) < 200 and pattern.search(line.text)]


def _department_beside(lines: list[Line], doctor: str | None, depts: set[str]) -> str | None:
    """A department written beside a doctor's name on their line ("Dr. Wang, Orthopedics")."""
    for text in _lines_naming(lines, doctor):
        rest = re.sub(rf"(?i)^.*?{re.escape(doctor or '')}", "", text)
        for piece in re.split(r"[,()·|•:–—-]+|\banswered\b|\breplied\b", rest):
            piece = piece.strip(" .")
            if piece and vouched(piece, depts):
                return piece
    return None
