"""Doctors' replies: a "Dr. <name> reply <dept>" line, its text, and its "Reply Date".

A "Dr. ... reply ..." line is a reply only where replies are: after the question, outside every
known section, and, on a page whose replies carry a "Reply Date", only with one (the entries of a
section the parser does not know carry none). Where no reply has a date, replies end at the first
block that reads as an entry ("[Read More]") or at the first heading or section after a reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.patterns import DOCTOR, READ_MORE, REPLY_DATE, doctor_name
from parsers.records import ParseError, Reply
from parsers.render import Line
from parsers.text import fold, join_lines, parse_date

# "Reply Date: ..." at the end of a body line (a date a stylesheet would have put on its own line).
# Not one a reply quotes ("(Reply Date: 2015/10/02)", in brackets or quotes): that is its text.
_TRAILING_DATE = re.compile(
    r"^(?P<text>.*[^\s(\[{\"'“‘«])\s*(?P<date>\b(?:Repl(?:y|ied)|Answer(?:ed)?)\s+(?:Date|on)\b.*)$", re.I
)


# A forum post's quote of the one it answers ("Jie wrote:", "Quote from Jie:", "Quote:"), its text after.
_QUOTE_HEAD = re.compile(
    r"^(?:[^:\n]{1,40}? (?:wrote|writes|said)|quote(?: from [^:\n]{1,40})?)\s*:\s*(?P<rest>.*)$", re.I
)
# A forum signature's rule ("_________________", phpBB's), its few lines after: the author's, every post.
_SIGNATURE_RULE = re.compile(r"^[_=~]{5,}$|^-{5,}$")
_SIGNATURE_LINES = 3


# A table's column header "Reply Date" (no value of its own): the cells under it are the dates.
_DATE_HEADER = re.compile(r"^(?:repl(?:y|ied)|answer(?:ed)?)\s+(?:date|on)\s*[:：]?$", re.I)


def without_quote(body: list[str], question: frozenset[str]) -> list[str]:
    """A reply that opens with a quote of the question ("Jie wrote:" and its first line), without it.
    Only what the question says is dropped: a quote of anything else is the reply's text."""
    m = _QUOTE_HEAD.match(body[0]) if body else None
    if m is None:
        return body
    first = m["rest"].strip()
    if first and fold(first) not in question:
        return body
    n = 1
    while n < len(body) and fold(body[n]) in question:
        n += 1
    if n == len(body) or (n == 1 and not first):  # all of it the question's, or nothing quoted
        return body
    return body[n:]


def without_signature(body: list[str]) -> list[str]:
    """A reply whose last lines are a forum signature behind its rule, without them."""
    for i in range(max(0, len(body) - _SIGNATURE_LINES - 1), len(body)):
        if _SIGNATURE_RULE.match(body[i].strip()) and i > 0:
            return body[:i]
    return body


@dataclass(slots=True)
class Block:
    """The lines from a doctor line to its 'Reply Date' (or to whatever ends it first)."""

    doctor: int
    name: str
    dept: str
    body: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # every line it used, the doctor line included
    date: str | None = None  # the text of its date line
    read_more: bool = False  # it reached a "[Read More]": a Similar Q&A entry, not a reply
    ended_by: str = "stop"  # "date", "doctor", "heading", "section" or "stop"


def blocks(lines: list[Line], start: int, stop: int, headings: set[int], sections: set[int]) -> list[Block]:
    """Doctor blocks among lines[start:stop]; `headings` are unknown headings, `sections` the lines of
    known sections (a block never runs into either)."""
    out: list[Block] = []
    block: Block | None = None
    dated: Block | None = None  # a block closed by its date with no text yet: its text may follow the date
    i = start
    while i < stop:
        text = lines[i].text
        if not text:
            i += 1
            continue
        if i in sections or i in headings:
            if block is not None:
                block.ended_by, block = ("section" if i in sections else "heading"), None
            dated = None
            i += 1
            continue
        doctor = DOCTOR.match(text)
        if doctor:
            if block is not None:
                block.ended_by = "doctor"
            block = Block(i, doctor_name(doctor.group("name")), doctor.group("dept").strip(), lines=[i])
            out.append(block)
            dated = None
        elif block is None:
            if dated is not None and not READ_MORE.match(text) and not lines[i].is_link_only:
                dated.body.append(text)  # the date came first, under the doctor line
                dated.lines.append(i)
        elif REPLY_DATE.match(text):
            date_text, i = _date_of(lines, i, stop)
            block.date, block.ended_by = date_text, "date"
            block.lines.append(i)
            dated = block if not block.body else None
            block = None
        elif READ_MORE.match(text):
            block.read_more, block = True, None
        else:
            trailing = _TRAILING_DATE.match(text)
            if trailing and parse_date(trailing.group("date")):
                block.body.append(trailing.group("text"))
                block.date, block.ended_by = trailing.group("date"), "date"
                block.lines.append(i)
                block = None
            elif not lines[i].is_link_only:  # a link alone ("More info", "Profile") is the card's, not the text
                block.body.append(text)
                block.lines.append(i)
        i += 1
    return out


def _date_of(lines: list[Line], at: int, stop: int) -> tuple[str, int]:
    """The date text of the 'Reply Date' line at `at` (on the next line when the label stands alone)
    and the index of the last line it took."""
    text = lines[at].text
    if parse_date(text) is None:
        nxt = next((i for i in range(at + 1, min(at + 4, stop)) if lines[i].text), None)
        if nxt is not None and len(lines[nxt].text) < 40 and parse_date(lines[nxt].text):
            return lines[nxt].text, nxt
    return text, at


def replies(
    lines: list[Line], found: list[Block], qid: str, fmt: str, page_ends: bool, question: frozenset[str] = frozenset()
) -> tuple[list[Reply], set[int]]:
    """The blocks that are replies, and the lines they use. `page_ends`: nothing but the page's end
    follows the blocks (no known section); a text snapshot that ends inside a reply was cut short.
    `question`: the question's title and body lines (folded), which a reply may open by quoting."""
    # A reply's date with no label of its own, a bare date as its last line: the cell under a table's
    # "Reply Date" column, or any reply's where no reply on the page has a labelled date.
    if not any(b.date is not None for b in found) or any(_DATE_HEADER.match(line.text) for line in lines):
        for b in found:
            if b.date is None and b.body and len(b.body[-1]) <= 30 and parse_date(b.body[-1]):
                b.date = b.body.pop()
    dated = any(b.date is not None for b in found)
    out: list[Reply] = []
    used: set[int] = set()
    for b in found:
        if fmt == "text" and b.ended_by == "stop" and not b.read_more and page_ends:
            raise ParseError(
                "truncated page",
                f"the text ends inside the reply by Dr. {b.name}: no 'Reply Date' and nothing after it",
            )
        if b.read_more or (dated and b.date is None):
            continue
        pos = len(out)
        replied_on = parse_date(b.date) if b.date is not None else None
        body = without_signature(without_quote(b.body, question))
        out.append(Reply(f"{qid}:{pos}", qid, pos, "doctor", b.name, b.dept, join_lines(body), replied_on))
        used.update(b.lines)
        if not dated and b.ended_by in ("heading", "section"):
            break  # undated replies end at the first heading or section after one of them
    return out, used
