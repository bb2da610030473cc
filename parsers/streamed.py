"""What a page's scripts put in place, put there: React's streamed sections, lazy-loaded boxes.

React's streamed server rendering:

A React 18 page sent in pieces leaves a placeholder (`<!--$?--><template id="B:0"></template>`, a
loading skeleton, `<!--/$-->`) where a section will be, and sends the section later, at the end of
<body>, as `<div hidden id="S:0">…</div><script>$RC("B:0","S:0")</script>`. A browser runs $RC:
the skeleton goes and the hidden content takes its place. Without this the parser would see the
skeleton and skip the hidden content, so the section would be lost (warned, but lost).

lazysizes' noscript extension: a box sent as `<div class="lazyload" data-noscript><noscript>…
</noscript></div>` shows the noscript's content once it scrolls into view (`unwrap_lazy_noscript`);
any other `<noscript>` stays what a browser with scripts never shows.
"""

from __future__ import annotations

import re

from lxml import etree

_RC = re.compile(r"""\$RC\(\s*["']([^"']{1,40})["']\s*,\s*["']([^"']{1,40})["']""")
_MAX_MOVES = 100  # a page's streamed boundaries, at most (a hostile page's thousands: not searched)


def apply_streamed(root: etree._Element, text: str) -> None:
    """Move each `$RC(boundary, segment)` segment into its boundary, in place."""
    if "$RC(" not in text:
        return
    for boundary_id, segment_id in _RC.findall(text)[:_MAX_MOVES]:
        boundary = _by_id(root, boundary_id)
        segment = _by_id(root, segment_id)
        if boundary is None or segment is None or segment.getparent() is None or segment is boundary:
            continue
        if any(up is segment for up in boundary.iterancestors()):  # (a hostile page: it would hold itself)
            continue
        parent = boundary.getparent()
        if parent is None:
            continue
        fallback = list(boundary.itersiblings())  # the skeleton shown until the segment came: up to "<!--/$-->"
        end = next((n for n, node in enumerate(fallback) if _closes(node)), None)
        for node in fallback[:end] if end is not None else []:  # (no end marker: nothing is removed)
            parent.remove(node)
        at = parent.index(boundary)
        for n, child in enumerate(list(segment)):
            parent.insert(at + n, child)
        segment.getparent().remove(segment)
        boundary.tail = None
        parent.remove(boundary)


def _by_id(root: etree._Element, ident: str) -> etree._Element | None:
    found = root.xpath("//*[@id=$ident]", ident=ident)
    return found[0] if found else None


def _closes(node: etree._Element) -> bool:
    """The `<!--/$-->` comment that ends a streamed boundary's fallback."""
    return isinstance(node, etree._Comment) and (node.text or "").strip() == "/$"


def unwrap_lazy_noscript(root: etree._Element, text: str) -> None:
    """A lazy-load box's `<noscript>` content, shown as the script shows it."""
    if "data-noscript" not in text and "lazyload" not in text:
        return
    for box in root.iter("noscript"):
        parent = box.getparent()
        if parent is None:
            continue
        classes = (parent.get("class") or "").split()
        if parent.get("data-noscript") is not None or "lazyload" in classes or "lazyloaded" in classes:
            box.tag = "div"
