"""Text whose tables a text browser drew in box characters (`w3m -dump`): read out of the borders,
cell after cell, every part read warned `table_drawn_as_text` (parsers/boxes.py)."""

from __future__ import annotations

from parsers import parse_page
from parsers.boxes import unbox

DUMP = """Spinal Numbness - Orthopedics

Share to: Facebook LINE

┌──────────────────────────────┐
│Experiencing spinal numbness? │
├──────────────────────────────┤
│Hello Doctor, my back is numb.│
├──────────────────────────────┤
│Jie, 20~29 year old female.   │
│Ask Date: 2015/11/06          │
└──────────────────────────────┘
┌──────────────────┬───────────┐
│Dr. Wang Shouji   │Drink water│
│reply Orthopedics │and rest.  │
└──────────────────┴───────────┘
Reply Date: 2015/11/06
"""


def test_cells_come_out_of_their_borders_cell_after_cell() -> None:
    text, found = unbox(DUMP)
    assert found and "│" not in text and "─" not in text
    lines = [x for x in text.splitlines() if x]
    assert lines[2:7] == [
        "Experiencing spinal numbness?",
        "Hello Doctor, my back is numb.",
        "Jie, 20~29 year old female.",
        "Ask Date: 2015/11/06",
        "Dr. Wang Shouji",
    ]
    assert unbox("a | b\nno box here │ once\n") == ("a | b\nno box here │ once\n", False)


def test_a_boxed_dump_is_read_and_every_part_warned() -> None:
    page = parse_page(DUMP.encode(), name="x.txt")
    assert page.question.title == "Experiencing spinal numbness?" and page.question.asker_name == "Jie"
    assert [r.doctor_name for r in page.replies if r.kind == "doctor"] == ["Wang Shouji"]
    warned = {w.section for w in page.warnings if w.check == "table_drawn_as_text"}
    assert warned == {"question", "reply"}
