"""What a disclosure control hides: content in a list of links, nothing anywhere else.

A Similar Q&A or Related FAQ section often shows its first entries and hides the rest behind its
own "Show more" (`<button aria-controls=X>` and `<div id=X hidden>`): those entries are the
section's, a reader gets them with one click. Hidden things elsewhere (reader comments behind
"Load more", a collapsed sidebar) are not the question's, and never part of a reply's text.
"""

from __future__ import annotations

from parsers.render import Line
from parsers.sections import container_of, label_of

_LISTS = frozenset({"similar_qa", "related_faq"})


def disclosed_content(lines: list[Line]) -> list[Line]:
    """`lines` without the disclosed ones that lie outside a Similar Q&A or Related FAQ section's block."""
    if not any(line.disclosed for line in lines):
        return lines
    out: list[Line] = []
    kind, block = None, None  # the last section label seen, and the block holding it and its entries
    for i, line in enumerate(lines):
        if not line.disclosed:
            if line.text:
                named = label_of(line)
                if named is not None:
                    kind, block = named, container_of(lines, i)
                elif block is not None and block not in line.path:
                    kind, block = None, None
            out.append(line)
        elif kind in _LISTS and block is not None and block in line.path:
            out.append(line)
    return out
