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

import re
from dataclasses import dataclass

from parsers.departments import reads_like_department
from parsers.patterns import ASK, DOCTOR, FAQ_DEPT, FAQ_INLINE, READ_MORE, REPLY_DATE, doctor_name, label_kind
from parsers.render import Line
from parsers.text import join_paragraphs
from parsers.urls import canonicalize_url, original_url, question_id_for_url


@dataclass(slots=True)
class Section:
    start: int  # index of its label line
    end: int  # end (exclusive) of its content
    kind: str | None  # "more_info", "similar_qa", "related_faq"; None: a heading the parser does not know
    label: str
    level: int  # heading level of the label line (0: not a heading element)
    container: int | None = None  # the block holding its label and its entries (None in text snapshots)
    skip: frozenset[int] = frozenset()  # lines inside it that are not content: a "View all" beside the label

    def content(self, lines: list[Line]) -> list[Line]:
        return [lines[i] for i in range(self.start + 1, self.end) if i not in self.skip]


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


def container_of(lines: list[Line], start: int) -> int | None:
    """The innermost block enclosing the line at `start` and the next non-empty line, if it lies
    below <html>/<body>; None for text snapshots, which have no containers."""
    path = lines[start].path
    nxt = next((i for i in range(start + 1, len(lines)) if lines[i].text), None)
    if nxt is None or not path:
        return None
    shared = [b for b in path if b in lines[nxt].path]
    return shared[-1] if len(shared) > 1 else None


def label_of(line: Line) -> str | None:
    """The section kind a line labels; a link elsewhere ("More info" on a doctor's profile) labels nothing,
    an accordion's toggle ("#more-info") does."""
    kind = label_kind(line.text)
    if kind and line.is_link_only and any(not h.startswith(("#", "javascript:")) for h in line.hrefs):
        return None
    return kind


def _heading_like(text: str) -> bool:
    return (
        len(text) <= 80
        and not DOCTOR.match(text)
        and not REPLY_DATE.match(text)
        and not READ_MORE.match(text)
        and not ASK.search(text)
    )


_VIEW_ALL = re.compile(r"^(?:(?:view|see|show|browse)\s+(?:all|more)|more|all)\b.{0,20}$", re.I)


def _own_container(lines: list[Line], start: int, ask: int) -> tuple[int | None, frozenset[int]]:
    """The block holding a label and its entries, and the lines in it that are not entries.

    A label wrapped with only a "View all" link beside it has its entries outside that wrapper,
    in the wrapper's parent."""
    container = container_of(lines, start)
    if container is None:
        return None, frozenset()
    inside: list[int] = []
    for i in range(start + 1, len(lines)):
        if lines[i].text:
            if container not in lines[i].path or len(inside) > 2:
                break
            inside.append(i)
    if inside and len(inside) <= 2 and all(lines[i].is_link_only and _VIEW_ALL.match(lines[i].text) for i in inside):
        path = lines[start].path
        at = path.index(container)
        if at > 1:
            return path[at - 1], frozenset(inside)
    return container, frozenset()


def find_sections(lines: list[Line], after: int, ask: int) -> list[Section]:
    """Every section that starts after line `after`, in page order (`ask`: a line of the question).

    Inside a known section's own block (one that does not also hold the question), no heading
    starts another section: it is an entry's title or a subheading. Where the block is the whole
    page (a design without containers), a heading as high as the label's starts the next section."""
    starts: list[tuple[int, str | None, int | None, frozenset[int]]] = []
    open_level, open_container, open_is_page = 0, None, True
    ask_path = lines[ask].path
    for i in range(after + 1, len(lines)):
        line = lines[i]
        if not line.text:
            continue
        kind = label_of(line)
        if kind is None:
            if not line.heading or not _heading_like(line.text):
                continue
            inside = open_container is not None and open_container in line.path
            if inside and (not open_is_page or open_level == 0 or line.heading > open_level):
                continue  # an entry's own heading, inside the open section
        container, skip = _own_container(lines, i, ask)
        starts.append((i, kind, container, skip))
        open_level, open_container = line.heading, container
        open_is_page = container is None or container in ask_path
    out = []
    for n, (i, kind, container, skip) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = _extent(lines, i, stop, container)
        out.append(Section(i, end, kind, lines[i].text, lines[i].heading, container, skip))
    return out


def _extent(lines: list[Line], start: int, stop: int, container: int | None) -> int:
    """End (exclusive) of the content after the label at `start`: where its container ends, or a
    <nav> it is not in begins; at most `stop`."""
    nav = lines[start].nav
    for i in range(start + 1, stop):
        line = lines[i]
        if line.text and (line.nav != nav or (container is not None and container not in line.path)):
            return i
    return stop


def more_info_body(section: list[Line]) -> str | None:
    """The article's paragraphs; trailing link-only lines ("Read the full article") are not its text."""
    section = [line for line in section if not line.is_control]
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
    url = canonicalize_url(href, base)
    return original_url(url) if url else (href if base is None else None)


def _chunks(section: list[Line], container: int | None) -> list[list[Line]]:
    """A Similar Q&A section's lines, one list per entry.

    Entries end at their "[Read More]" line where the page has them. Otherwise each entry is a
    block of its own in the section's block (a card, a list item) where the page has such blocks;
    else a line with a link of its own (a title) starts the next entry.
    """
    lines = [line for line in section if line.text]
    if container is None and not any(line.hrefs for line in lines) and not any(READ_MORE.match(x.text) for x in lines):
        return _text_chunks(section)
    if any(READ_MORE.match(line.text) for line in lines):
        chunks: list[list[Line]] = [[]]
        for line in lines:
            chunks[-1].append(line)
            if READ_MORE.match(line.text):
                chunks.append([])
        trailing = chunks.pop()  # after the last "[Read More]": an entry only if it has a doctor line
        return chunks + ([trailing] if any(DOCTOR.match(line.text) for line in trailing) else [])
    if container is not None and lines:
        # The entries' blocks: the first level below the section's block where its lines part ways.
        depth = min(len(line.path) for line in lines)
        common = 0
        while common < depth and all(line.path[common] == lines[0].path[common] for line in lines):
            common += 1
        groups: list[list[Line]] = []
        key: int | None = None
        for line in lines:
            block = line.path[common] if common < len(line.path) else None
            if block is None or block != key or not groups:
                groups.append([])
                key = block
            groups[-1].append(line)
        if len(lines) >= 1.5 * len(groups):
            return groups
    out: list[list[Line]] = []
    href: str | None = None
    for line in lines:
        own = line.hrefs[0] if line.hrefs else None
        chip = bool(out) and len(out[-1]) == 1 and not out[-1][0].heading and line.heading > 0
        if own and not DOCTOR.match(line.text) and (not out or own != href) and not chip:
            out.append([line])
            href = own
        elif out:
            out[-1].append(line)  # (a link above a title heading is the entry's chip, not an entry)
    return out


def _text_chunks(section: list[Line]) -> list[list[Line]]:
    """Entries of a text snapshot saved without "[Read More]" lines: each ends with the reply snippet
    under its doctor line, up to a blank line, or one line where the snapshot has no blank lines."""
    texts = [line.text for line in section]
    first = next((i for i, t in enumerate(texts) if t), 0)
    last = max((i for i, t in enumerate(texts) if t), default=0)
    blanks = any(not t for t in texts[first:last])
    out: list[list[Line]] = [[]]
    snippet = -1  # lines of reply snippet taken since the entry's doctor line (-1: none yet)
    for line in section:
        if not line.text:
            if snippet > 0:
                out.append([])
                snippet = -1
            continue
        if snippet > 0 and not blanks:
            out.append([])
            snippet = -1
        out[-1].append(line)
        if DOCTOR.match(line.text):
            snippet = 0
        elif snippet >= 0:
            snippet += 1
    return [chunk for chunk in out if chunk]


def similar_entry(chunk: list[Line], base: str | None) -> Entry | None:
    """One Similar Q&A entry from its lines, or None when they hold no title.

    The usual order is title, question snippet, doctor line, reply snippet, "[Read More] <title>";
    a chip or kicker above the title is not part of it, and a doctor line may come first."""
    read_more = READ_MORE.match(chunk[-1].text)
    rest = chunk[:-1] if read_more else chunk
    more_title = read_more.group("title").strip() if read_more else ""
    before_title: list[Line] = []
    if more_title:  # what precedes the line that repeats the title is not the entry's text
        first = next((i for i, line in enumerate(rest) if line.text == more_title), None)
        if first is None:  # the title and the snippet in one line (blocks only a stylesheet would make)
            first = next((i for i, line in enumerate(rest) if line.text.startswith(more_title + " ")), None)
            if first is not None:
                line = rest[first]
                split = [Line(more_title, line.hrefs, line.link_chars, line.path, line.heading),
                         Line(line.text[len(more_title) :].strip(), [], 0, line.path)]  # fmt: skip
                rest = [*rest[:first], *split, *rest[first + 1 :]]
        before_title, rest = rest[: first or 0], rest[first or 0 :]
    doc = next((i for i, line in enumerate(rest) if DOCTOR.match(line.text)), None)
    doctor_line = (
        rest[doc]
        if doc is not None
        else next((line for line in reversed(before_title) if DOCTOR.match(line.text)), None)
    )
    if doc == 0 and len(rest) > 1 and not more_title:  # the doctor line above the title
        after = rest[1:]
        at = next((i for i, line in enumerate(after) if line.heading or line.hrefs), 0)
        title_line: Line | None = after[at]
        q_lines, r_lines = after[at + 1 : at + 2], after[at + 2 :]
    elif doc is None and doctor_line is not None:  # the doctor line above the title, the title repeated below
        title_line, q_lines, r_lines = rest[0] if rest else None, rest[1:2], rest[2:]
    else:
        before = rest[:doc] if doc is not None else rest
        at = next((i for i, line in enumerate(before) if line.heading), 0)  # a title heading, past a chip
        title_line = before[at] if before else None
        q_lines = before[at + 1 :]
        r_lines = rest[doc + 1 :] if doc is not None else []
    q_lines = [line for line in q_lines if not ASK.search(line.text)]  # a card's own "Ask Date:" is no snippet
    r_lines = [line for line in r_lines if not REPLY_DATE.match(line.text)]
    title = title_line.text if title_line else more_title
    if title_line is not None and title_line.pieces and not more_title:
        linked = title_line.links()
        if len(linked) == 1 and title.startswith(linked[0][0]) and len(title) - len(linked[0][0]) > 30:
            # the linked title and the snippet in one line (blocks only a stylesheet would make)
            title, snippet = linked[0][0], title[len(linked[0][0]) :].strip()
            q_lines = [Line(snippet), *q_lines]
    if not title:
        return None
    doctor = DOCTOR.match(doctor_line.text) if doctor_line is not None else None
    hrefs = (chunk[-1].hrefs[:1] if read_more else []) or (title_line.hrefs[:1] if title_line else [])
    hrefs = hrefs or [h for line in chunk for h in line.hrefs][:1]
    return Entry(
        kind="similar_qa",
        title=title,
        url=resolve(hrefs[0] if hrefs else None, base),
        question_snippet=" ".join(line.text for line in q_lines) or None,
        doctor_name=doctor_name(doctor.group("name")) if doctor else None,
        department=doctor.group("dept").strip() if doctor else None,
        reply_snippet=" ".join(line.text for line in r_lines) or None,
    )


def similar_entries(section: list[Line], base: str | None, container: int | None = None) -> list[Entry]:
    return [e for e in (similar_entry(c, base) for c in _chunks(section, container)) if e is not None]


_SEPARATORS = " ·•|,;/–-"  # between chips on one line


def _faq_items(section: list[Line]) -> list[tuple[str, str | None]]:
    """(text, href) of each item; a line holding several links (a row of chips) gives one per link."""
    items: list[tuple[str, str | None]] = []
    for line in section:
        if not line.text:
            continue
        links = line.links() if len(line.hrefs) > 1 else []
        if len(links) > 1:
            items += [
                (f"{text} {after.strip(_SEPARATORS)}".strip(), href or None) for text, href, after in links if text
            ]
        else:
            items.append((line.text, line.hrefs[0] if line.hrefs else None))
    return items


def faq_entries(section: list[Line], base: str | None) -> list[Entry]:
    """Related FAQ entries: "<topic> (<dept>)" on one item, or a topic item then a "(<dept>)" item.
    Where no item shows a department, every linked item is an entry without one."""
    items = _row_major(_faq_items(section))
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
        out = (
            _table_rows(items, base)
            or _grouped(items, base)
            or _dept_first(items, base)
            or [Entry("related_faq", text, resolve(href, base)) for text, href in items if href]
        )
    return out


def _table_rows(items: list[tuple[str, str | None]], base: str | None) -> list[Entry]:
    """A table or list of "<topic link>" then a plain "<Department>" each: the pairs, where every
    linked topic has one. Unlinked items before the first topic ("Topic", "Department") are its header."""
    first = next((i for i, (_, href) in enumerate(items) if href), None)
    if first is None:
        return []
    rows = items[first:]
    if len(rows) % 2 or not all(
        href and not dept_href and reads_like_department(dept)
        for (_, href), (dept, dept_href) in zip(rows[::2], rows[1::2], strict=True)
    ):
        return []
    return [
        Entry("related_faq", topic, resolve(href, base), department=dept)
        for (topic, href), (dept, _) in zip(rows[::2], rows[1::2], strict=True)
    ]


def _grouped(items: list[tuple[str, str | None]], base: str | None) -> list[Entry]:
    """Topics grouped under their department (a <dl>: "Orthopedics", then its linked topics): every
    unlinked item a department, each followed by at least one linked topic, and nothing else."""
    out: list[Entry] = []
    dept: str | None = None
    for n, (text, href) in enumerate(items):
        if href:
            if dept is None:
                return []
            out.append(Entry("related_faq", text, resolve(href, base), department=dept))
        elif reads_like_department(text) and n + 1 < len(items) and items[n + 1][1]:
            dept = text
        else:
            return []
    return out


_DEPT_FIRST = re.compile(r"^(?P<dept>[^:：]{2,40}?)\s*[:：]\s*(?P<topic>\S.*)$")


def _dept_first(items: list[tuple[str, str | None]], base: str | None) -> list[Entry]:
    """Chips that name the department first ("Orthopedics: Limb Numbness"): only where every linked
    item reads so, so a topic with a colon of its own is never cut."""
    linked = [(text, href) for text, href in items if href]
    found = [(_DEPT_FIRST.match(text), href) for text, href in linked]
    if not found or not all(m and reads_like_department(m.group("dept")) for m, _ in found):
        return []
    return [
        Entry("related_faq", m.group("topic"), resolve(href, base), department=m.group("dept"))
        for m, href in found
        if m
    ]


def _row_major(items: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """A grid read row by row (a row of k topics, then a row of their k "(<dept>)"s) as pairs."""
    out: list[tuple[str, str | None]] = []
    i = 0
    while i < len(items):
        k = 0
        while i + k < len(items) and not FAQ_DEPT.match(items[i + k][0]) and not FAQ_INLINE.match(items[i + k][0]):
            k += 1
        depts = 0
        while i + k + depts < len(items) and FAQ_DEPT.match(items[i + k + depts][0]):
            depts += 1
        if k >= 2 and depts == k:
            for n in range(k):
                out += [items[i + n], items[i + k + n]]
            i += 2 * k
        else:
            out.append(items[i])
            i += 1
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
