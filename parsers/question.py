"""The question part of a page: its headline, title, body and asker line, wherever a design puts them.

The headline is the line the page's <title> or <h1> names (the <h1> first: a sticky bar may repeat
the title above it); the asker line is the first "Ask Date:" line after it (a "latest questions"
box above the article has dates too). A design may put the asker line above the title: then the
title and body follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.asker import labelled_rows, looks_like_asker, parse_asker
from parsers.departments import vouched
from parsers.patterns import ASK, DEPT_SEP, DOCTOR, QUOTED_ASK, READ_MORE, SHARE, label_kind
from parsers.records import ParseError
from parsers.render import Line
from parsers.sections import Section, find_sections
from parsers.text import parse_date
from parsers.urls import canonicalize_url

# A name: 1-4 words with no punctuation, after a courtesy title maybe ("Ms. Chen").
_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+)?[^\s,.!?:;()]{1,30}(?: [^\s,.!?:;()]{1,30}){0,3}$")


@dataclass(slots=True)
class QuestionPart:
    headline: str
    head: int  # index of the headline line (-1: the headline is only in <title>)
    ask: int  # the "Ask Date:" line
    who: int  # the line with the asker's name, age and gender (the ask line, or the one before it)
    date_text: str
    title: str
    body: list[str]
    end: int  # index of the question's last line: replies come after it
    sections_before: list[Section] = field(default_factory=list)  # known sections between headline and question
    name: str | None = None  # the asker's name, where a design shows it on a line of its own above the asker line
    pill: str | None = None  # a department shown on a line of its own beside the headline (a badge, a tag)
    asker: str | None = None  # the asker line spelt from label / value rows above the "Ask Date:" ("Asker | Jie")
    above_title: list[str] = field(default_factory=list)  # short lines above the title's heading, not read


# A line above the question's heading that is a widget's, not the question's: short, and no sentence.
_META_MAX = 32
_SENTENCE_END = re.compile(r"[.?!。？！]$")


def _above_heading(lines: list[Line], at: list[int]) -> int:
    """How many of the question's first lines (indices `at`) are short lines above its title, where
    the title is a heading and what is above it only a forum's or a Q&A site's meta ("solved", "Nov 6
    '15", "Asked 2015-11-06", a vote count "6"): 0 when the first line is the title, as usual."""
    first = next((k for k, i in enumerate(at) if lines[i].heading > 0), None)
    if not first or first > 6:
        return 0
    above = [lines[i].text for i in at[:first]]
    if all(len(t) <= _META_MAX and not _SENTENCE_END.search(t) for t in above):
        return first
    return 0


def _headline(lines: list[Line], hints: list[str], title_hint: str | None) -> tuple[int, str]:
    """(index, text) of the headline; index -1 when only <title> shows it.

    The line the <title> names, an <h1> among them first (a sticky bar may repeat the title above
    it); else the last <h1> before the asker line that reads "<title> - <Dept>" (the first <h1> may
    be the site's name); else, when <title> has the department and an <h1> does not, <title> itself
    (that <h1> is the question's title); else the line before "Share to:", else the first line."""
    first_ask = next((i for i, line in enumerate(lines) if ASK.search(line.text)), len(lines))
    matches = [i for i, line in enumerate(lines) if line.text and line.text in hints]
    if matches:
        h1 = [i for i in matches if lines[i].heading == 1]
        if h1:
            return h1[0], lines[h1[0]].text
        before = [i for i in matches if i < first_ask] or matches
        return before[-1], lines[before[-1]].text
    h1s = [i for i in range(first_ask) if lines[i].heading == 1 and lines[i].text and not lines[i].is_link_only]
    with_dept = [i for i in h1s if DEPT_SEP.search(lines[i].text)]
    if with_dept:
        return with_dept[-1], lines[with_dept[-1]].text
    if title_hint and DEPT_SEP.search(title_hint) and h1s:
        return h1s[-1] - 1, title_hint
    share = next((i for i in range(first_ask) if SHARE.match(lines[i].text)), None)
    if share is not None and h1s and h1s[-1] < share:  # the <h1> over a badge or a byline before the share bar
        return h1s[-1], lines[h1s[-1]].text
    if share is not None:
        prev = next((i for i in range(share - 1, -1, -1) if lines[i].text and not lines[i].nav), None)
        if prev is not None:
            return prev, lines[prev].text
    first = next((i for i in range(first_ask) if lines[i].text and not lines[i].nav), None)
    if first is None:
        raise ParseError("no headline", "the asker line ('Ask Date:') is the first thing on the page")
    return first, lines[first].text


def _listed(lines: list[Line], ask: int, head: int, self_url: str | None) -> bool:
    """Whether the "Ask Date:" line at `ask` belongs to an entry of a list of questions (a search
    result, a "latest questions" box): the block it shares with the lines above it starts with a
    title linked to another page, and does not hold the headline."""
    path = lines[ask].path
    for depth in range(len(path) - 1, 0, -1):
        block = path[depth]
        first = ask
        while first > 0 and (not lines[first - 1].text or block in lines[first - 1].path):
            first -= 1
        if first <= head:
            return False
        top = next(i for i in range(first, ask + 1) if lines[i].text)
        if top < ask:
            title = lines[top]
            return title.is_link_only and not (
                self_url and any(canonicalize_url(h, self_url) == self_url for h in title.hrefs)
            )
    return False


def _is_content(line: Line) -> bool:
    """A line that can be the question's title or body: not the share bar, a link or navigation (a
    heading that links to the page itself, its permalink, is its title)."""
    if not line.text or SHARE.match(line.text) or line.nav:
        return False
    return not line.is_link_only or (line.heading > 0 and not line.is_control)


def _asker_line(text: str) -> bool:
    """An asker's line: "Jie, 20~29 year old female. Ask Date: …" ("Ask Date: …" alone is not enough:
    a Similar Q&A rail placed first gives its entries one each)."""
    return ASK.search(text) is not None and not QUOTED_ASK.search(text) and looks_like_asker(text)


def find_question(
    lines: list[Line],
    hints: list[str],
    title_hint: str | None = None,
    self_url: str | None = None,
    *,
    headline_shown: bool = True,
    departments: frozenset[str] = frozenset(),
) -> QuestionPart:
    """`headline_shown`: False for a page with no headline of its own (the site's second text
    layout): its first line is the question's title. `departments`: those the page's doctor lines
    name (casefolded), so a department badge beside the headline is not taken for the title."""
    head, headline = _headline(lines, hints, title_hint) if headline_shown else (-1, "")
    # Known sections between the headline and the question (a rail placed first in the source) are
    # not the question: their lines are neither its title nor its body, nor its "Ask Date:".
    before = [s for s in find_sections(lines, max(head, 0), max(head, 0)) if s.kind is not None]
    # A label that holds the asker's own line is the question's words ("More info:" on a line of its
    # own in the question's text), not a section placed first.
    before = [s for s in before if not any(_asker_line(lines[i].text) for i in range(s.start, s.end))]
    zones = {i for s in before for i in range(s.start, s.end)}
    asks = [i for i in range(max(head, 0) + 1, len(lines)) if i not in zones and ASK.search(lines[i].text)]
    own = [i for i in asks if not _listed(lines, i, head, self_url)]
    if len(asks) == 1:
        own = asks  # one question on the page: its own, whatever its title links to
    if asks and not own:
        raise ParseError(
            "not a Q&A page",
            f"a list of {len(asks)} questions, each a linked title with its own 'Ask Date:', and no question of its "
            f"own; headline {headline[:60]!r}",
        )
    ask = next((i for i in own if not QUOTED_ASK.search(lines[i].text)), own[0]) if own else None
    if ask is None:
        ask = next((i for i, line in enumerate(lines) if ASK.search(line.text)), None)
    if ask is None:
        raise ParseError("no asker line", f"headline {headline[:60]!r} found, but no 'Ask Date:' line after it")
    who, date_text = ask, parse_asker(lines[ask].text)[1]
    if parse_date(date_text) is None:  # "Ask Date:" alone, the date on the next line
        nxt = next((i for i in range(ask + 1, min(ask + 4, len(lines))) if lines[i].text), None)
        if nxt is not None and len(lines[nxt].text) < 40 and parse_date(lines[nxt].text):
            date_text = lines[nxt].text
    rows = _asker_rows(lines, head, ask)
    m = ASK.search(lines[ask].text)
    if m and rows is None and not lines[ask].text[: m.start()].strip(" .,;:"):  # name and age on the line before
        prev = next((i for i in range(ask - 1, -1, -1) if lines[i].text), None)
        if prev is not None and prev > head and looks_like_asker(lines[prev].text):
            who = prev
    name_at = _name_line(lines, who, head) if rows is None else None
    pill_at = _pill_line(lines, head, who, departments)
    taken = zones | {i for i in (name_at, pill_at) if i is not None} | (set(rows[0]) if rows else set())
    content_at = [i for i in range(head + 1, who) if i not in taken and _is_content(lines[i])]
    meta = _above_heading(lines, content_at)
    above_title = [lines[i].text for i in content_at[:meta]]
    content = [lines[i].text for i in content_at[meta:]]
    end = ask
    if not content:  # the asker line above the title: title and body follow it
        for i in range(ask + 1, len(lines)):
            text = lines[i].text
            if not text or not _is_content(lines[i]):
                continue
            if DOCTOR.match(text) or READ_MORE.match(text) or label_kind(text) or (content and lines[i].heading):
                break
            content.append(text)
            end = i
    if not content:
        raise ParseError(
            "no question title", f"headline {headline[:60]!r} and the asker line found, no title between or after them"
        )
    if len(content) == 1 and end == ask:  # a title and no body: the body may follow the asker line
        body, end = _body_after(lines, ask, end)
        content += body
    return QuestionPart(
        headline,
        head,
        ask,
        who,
        date_text,
        content[0],
        content[1:],
        end,
        [s for s in before if s.start < ask],
        lines[name_at].text if name_at is not None else None,
        lines[pill_at].text if pill_at is not None else None,
        rows[1] if rows else None,
        above_title,
    )


def _asker_rows(lines: list[Line], head: int, who: int) -> tuple[list[int], str] | None:
    """The asker as label / value rows just above the asker line (a table's, a <dl>'s), when the
    asker line holds no one: (the rows' line indexes, the asker line they spell)."""
    m = ASK.search(lines[who].text)
    if m is None or lines[who].text[: m.start()].strip(" .,;:"):
        return None
    at = [i for i in range(max(head + 1, who - 12), who) if lines[i].text]
    found = labelled_rows([lines[i].text for i in at])
    return (at[len(at) - found[0] :], found[1]) if found else None


def _name_line(lines: list[Line], who: int, head: int) -> int | None:
    """The asker's name on a line of its own just above an asker line that has none ("Jie" over
    "20~29 year old female · Ask Date: ..."): only where the two lines share a block that holds no
    line of the body above them (an author box), so a body's last sentence is never taken."""
    if parse_asker(lines[who].text)[0].name is not None or not lines[who].path:
        return None
    prev = next((i for i in range(who - 1, head, -1) if lines[i].text), None)
    if prev is None or not _NAME.match(lines[prev].text) or lines[prev].heading or lines[prev].nav:
        return None
    shared = [b for b in lines[prev].path if b in lines[who].path]
    above = next((i for i in range(prev - 1, head, -1) if lines[i].text), None)
    if not shared or (above is not None and shared[-1] in lines[above].path):
        return None
    return prev


def _pill_line(lines: list[Line], head: int, who: int, departments: frozenset[str]) -> int | None:
    """A department on a line of its own just below the headline, before the question's title (a
    badge, a tag): one the page's doctor lines name, or the site's. Not a menu's entry."""
    if head < 0:
        return None
    near = [i for i in range(head + 1, who) if lines[i].text and not SHARE.match(lines[i].text)][:2]
    for i in near:
        text = lines[i].text
        if len(text) <= 60 and not lines[i].nav and vouched(text, departments):
            return i
    return None


def _body_after(lines: list[Line], ask: int, end: int) -> tuple[list[str], int]:
    """Plain paragraphs between the asker line (and a date on the line after it) and the first
    reply, heading, link or label: the body, where a design puts it below the asker line."""
    body: list[str] = []
    for i in range(ask + 1, len(lines)):
        line = lines[i]
        if not line.text:
            continue
        text = line.text
        if not body and len(text) < 40 and parse_date(text):
            end = i  # the asker line's date, on a line of its own
            continue
        if not _is_content(line) or line.heading or DOCTOR.match(text) or READ_MORE.match(text) or label_kind(text):
            break
        body.append(text)
        end = i
    return body, end
