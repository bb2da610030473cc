"""Sections under headings the parser does not know: read only where their entries leave no doubt,
and warned either way; the prose under one that nothing read is a warning, never lost silently."""

from __future__ import annotations

from parsers.checks import Checks
from parsers.patterns import DOCTOR, READ_MORE
from parsers.render import Line
from parsers.replies import Block
from parsers.sections import Entry, Section, faq_entries, faq_run, similar_entries
from parsers.text import fold


def _parent(lines: list[Line], block: int | None) -> int | None:
    if block is None:
        return None
    path = next(line.path for line in lines if block in line.path)
    at = path.index(block)
    return path[at - 1] if at > 0 else block


def unknown_sections(
    lines: list[Line],
    sections: list[Section],
    known: list[Section],
    found: list[Block],
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
    have = {s.kind for s in known}
    last_known = max((s.start for s in known), default=None)
    around = _parent(lines, root)  # the question's sections may be its siblings
    candidates = [
        s
        for s in sections
        if s.kind is None
        and not lines[s.start].chrome
        and (last_known is None or s.start < last_known)
        and (around is None or around in lines[s.start].path)
    ]
    if fmt == "text":  # no headings: the lines after the last reply, split after the last "[Read More]"
        after = max(used, default=-1) + 1
        first_known = next((s.start for s in known), len(lines))
        more = [i for i in range(after, first_known) if READ_MORE.match(lines[i].text)]
        cut = more[-1] + 1 if more else after
        for start, end in ((after, cut), (cut, first_known)):
            first = next((i for i in range(start, end) if lines[i].text), None)
            if first is not None:  # its first line stands for a heading
                candidates.append(Section(first, end, None, lines[first].text, 0))
    out: list[tuple[int, list[Entry]]] = []
    for s in candidates:
        section = [line for i, line in enumerate(lines[s.start + 1 : s.end], s.start + 1) if i not in used]
        if "similar_qa" not in have:
            got = similar_entries(section, base, s.container)
            if got and all(e.doctor_name and e.title for e in got):
                title = next(line for line in [lines[s.start], *section] if line.text == got[0].title)
                checks.unknown_section(s.label if fmt == "html" else _label_before(lines, title), "similar_qa", got)
                read.update(range(s.start, s.end))
                have.add("similar_qa")
                out.append((s.start, got))
                continue
        if "related_faq" not in have:
            run = faq_run(section)
            got = faq_entries(run, base)
            texts = [line for line in section if line.text]
            if len(got) >= 2 and (fmt == "text" or len(run) * 2 >= len(texts)):
                checks.unknown_section(s.label if fmt == "html" else _label_before(lines, run[0]), "related_faq", got)
                read.update(range(s.start, s.end))
                have.add("related_faq")
                out.append((s.start, got))
                continue
        if fmt == "html" and "more_info" not in have:
            checks.unread_section(s.label, section)
    if fmt == "text" and "more_info" not in have:
        _unread_text(lines, candidates, out, checks)
    return out


def _unread_text(
    lines: list[Line], candidates: list[Section], out: list[tuple[int, list[Entry]]], checks: Checks
) -> None:
    """A text snapshot's prose after its replies that no entry holds (a renamed More Info: "Doctor's
    notes" and its paragraphs) is a warning, not lost silently; its first line stands for a heading."""
    parts = {fold(t) for _, got in out for e in got for t in (e.title, e.question_snippet, e.reply_snippet) if t}
    for s in candidates:
        prose = [
            i
            for i in range(s.start, s.end)
            if lines[i].text
            and fold(lines[i].text) not in parts
            and not DOCTOR.match(lines[i].text)
            and not READ_MORE.match(lines[i].text)
        ]
        if prose:
            checks.unread_section(lines[prose[0]].text, [lines[i] for i in prose[1:]])


def _label_before(lines: list[Line], first: Line) -> str:
    """In a text snapshot, the line before a section's first entry stands for its heading."""
    at = next(i for i, line in enumerate(lines) if line is first)
    return next((lines[i].text for i in range(at - 1, -1, -1) if lines[i].text), "")
