"""A page saved as a text browser's dump (`lynx -dump`, `w3m -dump`, `links -dump`): the page's text
wrapped to the terminal's width, each link's text after a "[n]" marker, and a "References" list
at the end giving each n its URL. It is turned back into the HTML it stands for, so the one HTML
reader reads it: the markers become links, the wrapped lines are joined where the wrap (not the
page) broke them, flush-left lines are headings (a dump indents everything else), "* " lines are
list items. Nothing here knows the site's labels.
"""

from __future__ import annotations

import re
from html import escape

# The list a dump ends with: "References" alone on a line, then "   1. https://…" lines.
_REFS_HEAD = re.compile(r"\n[ \t]*References[ \t]*\n(?=(?:[ \t]*\n)*[ \t]*\d+\.[ \t]+\S+://)")
_REF = re.compile(r"^\s*(\d+)\.\s+(\S+://\S+)\s*$")
_MARKER = re.compile(r"\[(\d+)\]")
_BULLET = re.compile(r"^(?P<indent>\s*)[*+o#@]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}\.\s+\S")
_FIRST_WORD = re.compile(r"\S+")
_SCAN = 4096  # a dump's first bytes: at least one marker there


def is_dump(text: str) -> bool:
    """A text with "[n]" markers whose end is a References list of URLs."""
    return _MARKER.search(text[:_SCAN]) is not None and _REFS_HEAD.search(text) is not None


def dump_to_html(text: str) -> str:
    text = text.replace("\r\n", "\n")
    at = list(_REFS_HEAD.finditer(text))[-1]
    body, tail = text[: at.start()], text[at.end() :]
    refs = {int(m[1]): m[2] for m in map(_REF.match, tail.splitlines()) if m}
    lines = [line.rstrip() for line in body.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    headings = 0
    for block in _blocks(lines):
        if not block[0][:1].isspace():  # flush left: a heading (its own wrapped lines joined)
            level = 1 if headings == 0 else 2
            headings += 1
            out.append(f"<h{level}>{_inline(' '.join(x.strip() for x in block), refs)}</h{level}>")
            continue
        items: list[str] = []
        logical = _unwrap(block, width)
        for line in logical:
            bullet = _BULLET.match(line)
            if bullet:
                items.append(f"<li>{_inline(bullet['text'], refs)}</li>")
                continue
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
                items = []
            out.append(f"<p>{_inline(line.strip(), refs)}</p>")
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
    title = re.sub(r"<[^>]+>", "", out[0]) if out and out[0].startswith("<h1>") else ""
    head = '<meta charset="utf-8">' + (f"<title>{title}</title>" if title else "")
    return f"<!DOCTYPE html><html><head>{head}</head><body><main><article>{''.join(out)}</article></main></body></html>"


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = []
    run: list[str] = []
    for line in lines:
        if line.strip():
            run.append(line)
        elif run:
            blocks.append(run)
            run = []
    if run:
        blocks.append(run)
    return blocks


def _unwrap(block: list[str], width: int) -> list[str]:
    """The page's own lines of a block: a line is joined to the one before where the wrap broke it,
    i.e. where the next line's first word would not have fitted on it; a bullet or a number
    ("1.") starts a line of its own."""
    out: list[str] = []
    previous = 0  # the length of the line above as the dump shows it (not as joined)
    for line in block:
        if out and not _BULLET.match(line) and not _NUMBERED.match(line):
            first = _FIRST_WORD.search(line)
            if first and previous + 1 + len(first.group()) > width:
                out[-1] = f"{out[-1]} {line.strip()}"
                previous = len(line)
                continue
        out.append(line)
        previous = len(line)
    return out


def _inline(text: str, refs: dict[int, str]) -> str:
    """A line's text with each "[n]" marker made the start of a link to reference n; a link ends at
    the next marker or at the end of the line (a dump does not mark where its text ends)."""
    parts = _MARKER.split(text)
    html = [escape(parts[0])]
    for n in range(1, len(parts), 2):
        url, words = refs.get(int(parts[n])), parts[n + 1]
        if url is None:
            html.append(escape(words))
            continue
        lead = words[: len(words) - len(words.lstrip())]  # ("[8]Wang Shouji reply " keeps its space out)
        core = words.strip()
        trail = words[len(lead) + len(core) :]
        html.append(f'{escape(lead)}<a href="{escape(url, quote=True)}">{escape(core)}</a>{escape(trail)}')
    return "".join(html)
