"""The sections after the question: where each starts and ends, and the entries each holds.

A section starts at a known label ("More Info", "Similar Q&A", "Related FAQ") or, in HTML, at a
heading the parser does not know. It ends where its container ends (the innermost block holding
its label and its first line), or where the next section starts. A heading inside a section's
container that is deeper than the section's own label (a card's title) belongs to the section.

Entries are read from what they show, not how they are marked up: a Similar Q&A entry is a title,
a snippet, a "Dr. <name> reply <dept>" line, a snippet and maybe "[Read More] <title>"; a Related
FAQ entry is "<topic> (<department>)", on one line, on two, or as one chip in a row of chips.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.patterns import ASK, DOCTOR, FAQ_DEPT, FAQ_INLINE, READ_MORE, REPLY_DATE, label_kind
from parsers.render import Line
from parsers.text import join_paragraphs
from parsers.urls import canonicalize_url, question_id_for_url


@dataclass(slots=True)
class Section:
    start: int  # index of its label line
    end: int  # end (exclusive) of its content
    kind: str | None  # "more_info", "similar_qa", "related_faq"; None: a heading the parser does not know
    label: str
    level: int  # heading level of the label line (0: not a heading element)


@dataclass(slots=True)
class Entry:
    """One related link as read, before it gets its page position."""

    kind: str
    title: str | None
    url: str | None
    question_snippet: str | None = None
    doctor_name: str | None = None
    department: str | None = None
    reply_snippet: str | None = None


def _container(lines: list[Line], start: int) -> int | None:
    """The innermost block enclosing the line at `start` and the next non-empty line, if it lies
    below <html>/<body>; None for text snapshots, which have no containers."""
    path = lines[start].path
    nxt = next((i for i in range(start + 1, len(lines)) if lines[i].text), None)
    if nxt is None or not path:
        return None
    shared = [b for b in path if b in lines[nxt].path]
    return shared[-1] if len(shared) > 1 else None


def _heading_like(text: str) -> bool:
    return (
        len(text) <= 80
        and not DOCTOR.match(text)
        and not REPLY_DATE.match(text)
        and not READ_MORE.match(text)
        and not ASK.search(text)
    )


def find_sections(lines: list[Line], after: int) -> list[Section]:
    """Every section that starts after line `after`, in page order."""
    starts: list[tuple[int, str | None]] = []
    open_level, open_container = 0, None
    for i in range(after + 1, len(lines)):
        line = lines[i]
        if not line.text:
            continue
        kind = label_kind(line.text)
        if kind is None:
            if not line.heading or not _heading_like(line.text):
                continue
            inside = open_container is not None and open_container in line.path
            if inside and (open_level == 0 or line.heading > open_level):
                continue  # an entry's own heading, inside the open section
        starts.append((i, kind))
        open_level, open_container = line.heading, _container(lines, i)
    out = []
    for n, (i, kind) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        out.append(Section(i, _extent(lines, i, stop), kind, lines[i].text, lines[i].heading))
    return out


def _extent(lines: list[Line], start: int, stop: int) -> int:
    """End (exclusive) of the content after the label at `start`: where its container ends, at most `stop`."""
    container = _container(lines, start)
    if container is None:
        return stop
    nxt = next(i for i in range(start + 1, stop + 1) if i == stop or lines[i].text)
    return next((i for i in range(nxt, stop) if container not in lines[i].path), stop)


def more_info_body(section: list[Line]) -> str | None:
    """The article's paragraphs; trailing link-only lines ("Read the full article") are not its text."""
    end = len(section)
    while end and (not section[end - 1].text or section[end - 1].is_link_only):
        end -= 1
    paras: list[list[str]] = [[]]
    for line in section[:end]:
        if line.text:
            paras[-1].append(line.text)
        elif paras[-1]:
            paras.append([])
    return join_paragraphs(paras)


def resolve(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    return canonicalize_url(href, base) or (href if base is None else None)


def _chunks(section: list[Line]) -> list[list[Line]]:
    """A Similar Q&A section's lines, one list per entry.

    Entries end at their "[Read More]" line where the page has them; otherwise a line with a link
    of its own (a title, or the first line of a whole-card link) starts the next entry.
    """
    lines = [line for line in section if line.text]
    if any(READ_MORE.match(line.text) for line in lines):
        chunks: list[list[Line]] = [[]]
        for line in lines:
            chunks[-1].append(line)
            if READ_MORE.match(line.text):
                chunks.append([])
        trailing = chunks.pop()  # after the last "[Read More]": an entry only if it has a doctor line
        return chunks + ([trailing] if any(DOCTOR.match(line.text) for line in trailing) else [])
    out: list[list[Line]] = []
    href: str | None = None
    for line in lines:
        own = line.hrefs[0] if line.hrefs else None
        if own and not DOCTOR.match(line.text) and (not out or own != href):
            out.append([line])
            href = own
        elif out:
            out[-1].append(line)
    return out


def similar_entry(chunk: list[Line], base: str | None) -> Entry | None:
    """One Similar Q&A entry from its lines, or None when they hold no title."""
    read_more = READ_MORE.match(chunk[-1].text)
    rest = chunk[:-1] if read_more else chunk
    more_title = read_more.group("title").strip() if read_more else ""
    if more_title:  # what precedes the line that repeats the title is not part of the entry
        first = next((i for i, line in enumerate(rest) if line.text == more_title), 0)
        rest = rest[first:]
    doc = next((i for i, line in enumerate(rest) if DOCTOR.match(line.text)), None)
    title_line = rest[0] if rest and doc != 0 else None
    title = title_line.text if title_line else more_title
    if not title:
        return None
    q_lines = rest[1:doc] if doc is not None else rest[1:]
    r_lines = rest[doc + 1 :] if doc is not None else []
    doctor = DOCTOR.match(rest[doc].text) if doc is not None else None
    hrefs = (chunk[-1].hrefs[:1] if read_more else []) or (title_line.hrefs[:1] if title_line else [])
    hrefs = hrefs or [h for line in chunk for h in line.hrefs][:1]
    return Entry(
        kind="similar_qa",
        title=title,
        url=resolve(hrefs[0] if hrefs else None, base),
        question_snippet=" ".join(line.text for line in q_lines) or None,
        doctor_name=doctor.group("name").strip() if doctor else None,
        department=doctor.group("dept").strip() if doctor else None,
        reply_snippet=" ".join(line.text for line in r_lines) or None,
    )


def similar_entries(section: list[Line], base: str | None) -> list[Entry]:
    return [e for e in (similar_entry(c, base) for c in _chunks(section)) if e is not None]


def _faq_items(section: list[Line]) -> list[tuple[str, str | None]]:
    """(text, href) of each item; a line holding several links (a row of chips) gives one per link."""
    items: list[tuple[str, str | None]] = []
    for line in section:
        if not line.text:
            continue
        links = line.links() if len(line.hrefs) > 1 else []
        if len(links) > 1:
            items += [(f"{text} {after}".strip(), href or None) for text, href, after in links if text]
        else:
            items.append((line.text, line.hrefs[0] if line.hrefs else None))
    return items


def faq_entries(section: list[Line], base: str | None) -> list[Entry]:
    """Related FAQ entries: "<topic> (<dept>)" on one item, or a topic item then a "(<dept>)" item.
    Where no item shows a department, every linked item is an entry without one."""
    items = _faq_items(section)
    out: list[Entry] = []
    i = 0
    while i < len(items):
        text, href = items[i]
        inline = FAQ_INLINE.match(text)
        if inline and not FAQ_DEPT.match(text):
            topic, dept, i = inline.group("topic"), inline.group("dept"), i + 1
        elif i + 1 < len(items) and (dept_item := FAQ_DEPT.match(items[i + 1][0])) and not FAQ_DEPT.match(text):
            topic, dept, i = text, dept_item.group("dept"), i + 2
            href = href or items[i - 1][1]
        else:
            i += 1
            continue
        out.append(Entry("related_faq", topic.strip(), resolve(href, base), department=dept.strip()))
    if not out:
        out = [Entry("related_faq", text, resolve(href, base)) for text, href in items if href]
    return out


def faq_run(section: list[Line]) -> list[Line]:
    """The lines at the end of `section` that are all Related FAQ entries with a department
    ("<topic> (<dept>)", or a topic line then a "(<dept>)" line): how a FAQ list is told apart
    from the text before it when no known label says where it starts."""
    lines = [line for line in section if line.text]
    i = len(lines)
    while i > 0:
        text = lines[i - 1].text
        if FAQ_DEPT.match(text) and i > 1 and not FAQ_DEPT.match(lines[i - 2].text):
            i -= 2
        elif FAQ_INLINE.match(text) and not FAQ_DEPT.match(text):
            i -= 1
        else:
            break
    return lines[i:]


def target_of(url: str | None) -> str | None:
    return question_id_for_url(url) if url and url.startswith("http") else None
