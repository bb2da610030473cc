"""Text of a page printed to PDF (`pdftotext -layout`) read as the page meant it: without the print
header and footer, without a second column glued onto its lines, its lines unwrapped and words the
line ends broke ("subsi-" / "des") whole again. A text snapshot (one sentence per line) is untouched:
each step acts only on what only printed text shows."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsers.checks import quote
from parsers.patterns import ASK, DOCTOR, FAQ_DEPT, READ_MORE, REPLY_DATE, SHARE
from parsers.records import PageWarning

if TYPE_CHECKING:
    from parsers.records import ParsedPage

_LINE_ENDS = re.compile(r"\r\n|\r|\n")  # not str.splitlines: \v, \f, \x1c-\x1e, \x85 end no line a reader sees

# A browser's print header and footer, as text from a printed PDF shows them on every page:
# "11/6/15, 2:32 PM      <title> | Site" and "https://ex.org/qa/1.html      1/2".
_PRINT_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\s{2,}\S.*$", re.I)
_PRINT_FOOTER = re.compile(r"^(?P<url>https?://\S+)\s{2,}\d+\s*/\s*\d+$")

# A second column: text, a gap no sentence has, text again (or only the gap's spaces before it).
_GAP = re.compile(r"^(?P<left>(?:.*?\S)?)(?P<gap> {6,})(?P<right>\S.*)$")
_MIN_COLUMN = 30  # a column starting further left is an indent, not a column beside the page's text
_MIN_COLUMN_LINES = 3

# A line the page breaks on purpose: never the tail of the line above it.
_STARTS_LINE = (DOCTOR, READ_MORE, REPLY_DATE, FAQ_DEPT, SHARE)
_ENDS_LINE = (DOCTOR, REPLY_DATE, FAQ_DEPT)
_SOFT_END = re.compile(r"[a-z,]$")
_SOFT_START = re.compile(r"[a-z]")
_BROKEN_WORD = re.compile(r"(?P<head>[^\W\d_]{2,}|\d+)-$")  # "subsi-", "follow-", "15-"
_MIN_SOFT_BREAKS = 3  # lines that end mid-sentence, the next going on in lower case


@dataclass
class Printed:
    """The text as read, and what reading it changed that a reader should know of."""

    text: str
    printed_at: str | None = None  # the page's URL, as the print footer shows it
    column: list[str] = field(default_factory=list)  # a second column's lines, not read
    guessed_words: list[tuple[str, str]] = field(default_factory=list)  # (word read, the other reading)


def read_printed(text: str) -> Printed:
    """The text without its print chrome and second column, unwrapped if it was wrapped."""
    marked, printed_at = _without_print_chrome(text)
    printed = None in marked  # (a print header opens it)
    marked, column = _without_second_column(marked)
    lines = _over_page_breaks(marked)
    if not _looks_wrapped(lines):
        return Printed("\n".join(lines) if column or printed else text, printed_at, column)
    lines, guessed = _unwrapped(lines)
    return Printed("\n".join(lines), printed_at, column, guessed)


def printed_warnings(printed: Printed, page: ParsedPage) -> list[PageWarning]:
    """What reading the printed text changed that the rows cannot show: a second column not read, and
    each word whose line-end hyphen was kept or dropped on no evidence, under the part holding it."""
    out = []
    if printed.column:
        shown = [line for line in printed.column if line]
        first = quote(shown[0]) if shown else "nothing"
        out.append(
            PageWarning(
                "column_unread",
                None,
                f"{len(printed.column)} lines of a second column beside the text were not read (printed "
                f"text, pdftotext -layout?), first {first}",
            )
        )
    if not printed.guessed_words:
        return out
    q = page.question
    parts: list[tuple[str, str]] = [("question", f"{q.title or ''} {q.body or ''} {q.page_title or ''}")]
    parts += [("reply" if r.kind == "doctor" else "more_info", r.body or "") for r in page.replies]
    parts += [(link.kind, " ".join(filter(None, (link.title, link.question_snippet, link.reply_snippet))))
              for link in page.related_links]  # fmt: skip
    for word, other in printed.guessed_words:
        section = next((part for part, text in parts if word in text), None)
        out.append(
            PageWarning(
                "line_break_guessed",
                section,
                f"{quote(word)} read from a word a line end broke with a hyphen; the page may mean {quote(other)}",
            )
        )
    return out


def _without_print_chrome(text: str) -> tuple[list[str | None], str | None]:
    """The lines without the print header and footer of each printed page (None where a printed page
    broke, its margins dropped), and the page's URL the footer prints. Only a text that opens with
    such a header is touched; its form feeds are page breaks."""
    head = text[:400].lstrip().split("\n", 1)[0].strip()  # (not the whole text copied to strip it)
    if not _PRINT_HEADER.match(head):
        return list(_LINE_ENDS.split(text)), None
    kept: list[str | None] = []
    printed_at = None
    for raw in _LINE_ENDS.split(text.replace("\f", "\n")):
        line = raw.strip()
        footer = _PRINT_FOOTER.match(line)
        if footer or _PRINT_HEADER.match(line):
            printed_at = printed_at or (footer["url"] if footer else None)
            while kept and (kept[-1] is None or not (kept[-1] or "").strip()):  # the bottom margin
                kept.pop()
            kept.append(None)
        elif line or kept[-1:] != [None]:  # (not the top margin)
            kept.append(raw)
    return kept, printed_at


def _over_page_breaks(marked: list[str | None]) -> list[str]:
    """A printed page's break is no line break where the line before it is full (the width broke
    it: "guida-" / "nce" over two pages), a blank line where it is not (the break a reader sees)."""
    if None not in marked:
        return marked  # type: ignore[return-value]
    width = max((len(raw.rstrip()) for raw in marked if raw), default=0)
    shown = {raw.strip() for raw in marked if raw}
    out: list[str] = []
    for i, raw in enumerate(marked):
        if raw is not None:
            out.append(raw)
            continue
        after = marked[i + 1] if i + 1 < len(marked) else None
        if out and after and _goes_on(out[-1].strip(), after.strip(), width, shown):
            continue
        if out and out[-1].strip():
            out.append("")
    return out


def _without_second_column(lines: list[str | None]) -> tuple[list[str | None], list[str]]:
    """pdftotext -layout prints a column beside the text on the same lines, after a wide gap: where at
    least three lines have text starting at one column, that column is cut off (an ad, an app promo)
    and returned so the page can say it was not read."""
    if not any(line and "      " in line for line in lines):  # (the common case: no line has such a gap)
        return lines, []
    starts: Counter[int] = Counter()
    for line in lines:
        m = _GAP.match(line or "")
        if m and m.start("right") >= _MIN_COLUMN:
            starts[m.start("right")] += 1
    if not starts:
        return lines, []
    at, count = starts.most_common(1)[0]
    if count < _MIN_COLUMN_LINES:
        return lines, []
    kept, column = [], []
    for line in lines:
        m = _GAP.match(line or "")
        if m and m.start("right") == at:
            kept.append(m["left"])
            column.append(m["right"].strip())
        else:
            kept.append(line)
    return kept, column


def _looks_wrapped(lines: list[str]) -> bool:
    """Wrapped at a width: lines end mid-sentence (the next going on in lower case), and each such
    line is full (the next word would not have fit). A snapshot's sentence-per-line text has none."""
    width = max((len(line.rstrip()) for line in lines), default=0)
    soft = [
        (a.rstrip(), b.strip())
        for a, b in itertools.pairwise(lines)
        if _SOFT_END.search(a.rstrip()) and _SOFT_START.match(b.strip())
    ]
    if len(soft) < _MIN_SOFT_BREAKS:
        return False
    full = sum(1 for a, b in soft if len(a) + 1 + len(b.split()[0]) > width)
    return full * 10 >= len(soft) * 9


def _unwrapped(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Each line the width broke joined to the one above: a line is broken where the next line's first
    word would not have fit on it, unless it ends a sentence and the next begins one, or the next is a
    line the page starts on purpose (a doctor line, "Reply Date:", "[Read More]", "(Department)")."""
    width = max(len(line.rstrip()) for line in lines)
    shown = {line.strip() for line in lines}
    words = Counter(re.findall(r"\w+(?:-\w+)*", "\n".join(lines).casefold()))  # (fold() drops hyphens)
    out: list[str] = []
    guessed: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.strip()
        prev = out[-1] if out else ""
        if _goes_on(prev, line, width - _indent(raw), shown):
            out[-1] = _join(prev, line, words, guessed)
        else:
            out.append(line if line else "")
    return out, guessed


def _goes_on(prev: str, line: str, room: int, shown: set[str]) -> bool:
    """`line` is the rest of `prev`: its first word would not have fit on `prev`, and neither is a line
    the page breaks on purpose (a sentence's end before a capital, an asker line, a doctor line,
    "Reply Date:", "(Department)", a "[Read More]" line whose title is whole: a line of its own above)."""
    more = READ_MORE.match(prev)
    return bool(
        not (more and more["title"].strip() in shown)
        and prev
        and line
        and len(prev) + 1 + len(line.split()[0]) > room
        and not (prev[-1] in ".?!:;)" and not line[0].islower())
        and not ASK.search(prev)
        and not any(p.match(prev) for p in _ENDS_LINE)
        and not any(p.match(line) for p in _STARTS_LINE)
    )


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _join(prev: str, line: str, words: Counter[str], guessed: list[tuple[str, str]]) -> str:
    """Two lines one; a word the line end broke with a hyphen is whole again: "follow-" / "up" keeps
    its hyphen where the page writes "follow-up" elsewhere, "subsi-" / "des" loses it where the page
    writes "subsides" elsewhere; with no such evidence the hyphen goes (a printer's), and the guess
    is returned so the page is warned."""
    broken = _BROKEN_WORD.search(prev)
    if not broken or not line[0].isalnum():
        return f"{prev} {line}"
    head = broken["head"]
    tail = re.match(r"[\w-]+", line)
    rest = tail.group(0) if tail else ""
    kept, dropped = f"{head}-{rest}", f"{head}{rest}"
    if head.isdigit() or (words[kept.casefold()] and not words[dropped.casefold()]):
        whole = kept
    else:
        whole = dropped
        if not words[dropped.casefold()] or words[kept.casefold()]:
            guessed.append((dropped, kept))
    return prev[: broken.start()] + whole + line[len(rest) :]


# A reader app's save (Reader View, Pocket, a read-later export): "Source: <url>" last, and above the
# headline the page's <title> ("… | AskDoctor") or its site's name ("askdoctor.example").
_SOURCE_LINE = re.compile(r"^\s*(?:source|original|url|link|from|saved from)\s*[:：]\s*(https?://\S+)\s*$", re.I)
_SITE_LINE = re.compile(r"^\s*(?:[\w-]+\.)+[a-z]{2,}\s*$|^(?P<title>.+?)\s+[|｜·]\s+[^|｜·]{1,40}$", re.I)


def reader_chrome(text: str) -> tuple[str, str | None]:
    """The text without a reader app's source line and site line, and the source's URL."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    url = None
    if filled and (m := _SOURCE_LINE.match(lines[filled[-1]])):
        url = m.group(1)
        lines[filled[-1]] = ""
    if len(filled) > 2:
        first = lines[filled[0]]
        site = _SITE_LINE.match(first)
        later = [lines[i].strip() for i in filled[1:6]]
        title = site and site.group("title")
        if site and (not title or any(x != first.strip() and x.startswith(title.strip()) for x in later)):
            lines[filled[0]] = ""  # (the headline follows: this was the app's header)
    return "\n".join(lines), url
