"""Text whose tables a text browser drew with box characters (`w3m -dump`, `links -dump`).

Each table's cells are taken out of their borders and given cell by cell, row by row, each cell's
lines in order, so the text is read, not the borders. A cell's text is wrapped at the cell's width,
not the page's, and a row's cells stand side by side, so where a line ends and which line comes
first are the drawing's, not the page's: `boxed_parts` says which parts were read from such a page.
"""

from __future__ import annotations

import re

from parsers.records import PageWarning, ParsedPage

_BOX = "─━│┃┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬"
_RULE = re.compile(f"^\\s*[{_BOX}]+\\s*$")  # a border line: only box characters
_VERTICAL = "│┃║"
_MIN_TABLE_LINES = 3


def has_boxes(text: str) -> bool:
    return "│" in text or "║" in text or "┃" in text


def unbox(text: str) -> tuple[str, bool]:
    """The text with each box-drawn table's cells given one after another; and whether there was one."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    i, found = 0, False
    while i < len(lines):
        j = i
        while j < len(lines) and (_RULE.match(lines[j]) or _in_table(lines[j])):
            j += 1
        if j - i >= _MIN_TABLE_LINES and any(_in_table(x) for x in lines[i:j]):
            out += _cells(lines[i:j])
            found = True
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out), found


def _in_table(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 2 and stripped[0] in _VERTICAL and stripped[-1] in _VERTICAL


def _cells(block: list[str]) -> list[str]:
    """A table's cells, row by row, each cell's lines in order; a blank line after each cell."""
    out: list[str] = []
    row: list[list[str]] = []

    def flush() -> None:
        for cell in row:
            text = [t for t in (x.strip() for x in cell) if t]
            if text:
                out.extend([*text, ""])
        row.clear()

    for line in block:
        if _RULE.match(line):
            flush()
            continue
        parts = re.split(f"[{_VERTICAL}]", line.strip())[1:-1]
        while len(row) < len(parts):
            row.append([])
        for n, part in enumerate(parts):
            row[n].append(part)
    flush()
    return out


def boxed_warnings(page: ParsedPage) -> list[PageWarning]:
    """Every part read from text whose tables were drawn in box characters: see parsers/boxes.py."""
    detail = (
        "read from text whose tables a text browser drew in box characters: each cell's lines were read "
        "as drawn, wrapped at the cell's width and cell after cell, so where a line ends may be the drawing's"
    )
    return [PageWarning("table_drawn_as_text", part, detail) for part in page.rows_by_part()]
