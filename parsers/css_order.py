"""Rows whose order the page's own CSS may change: `order_by_style`.

Rows are read in markup order. A stylesheet that reverses a flex box (`flex-direction:
column-reverse`) or moves a box (`order: 2`) shows another order, the newest reply first, say, so
positions would be swapped with nothing to tell. Where the reordered boxes can be found (a class,
an id or a tag named by the rule, or an inline style), only the parts whose rows they hold are
warned; where they cannot (a selector this does not read), every part with two rows or more is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from parsers.checks import quote
from parsers.records import PageWarning, ParsedPage

_REVERSED = re.compile(r"(?:flex-direction|flex-flow)\s*:\s*[\w\s-]*?reverse", re.I)
_ORDER = re.compile(r"order\s*:\s*-?\d", re.I)  # (starts with a literal: re scans for it fast)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_MAX_SELECTORS = 50
_SIMPLE = re.compile(r"(?:^|[\s>+~])([.#]?[\w-]+)(?::[\w-]+(?:\([^)]*\))?)*\s*$")  # a selector's last simple part


def _reorders(css: str) -> str | None:
    """The declaration that reorders boxes, as written, or None ("border: 0" is no `order`)."""
    if "reverse" in css:
        seen = _REVERSED.search(css)
        if seen:
            return seen.group()
    for m in _ORDER.finditer(css):
        before = css[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before in "-_"):
            return m.group()
    return None


def _box(el: Any, rule: str) -> Any:
    """What a rule reorders: a reversed flex box its own children, an `order` the element among its siblings."""
    parent = el.getparent()
    return el if "reverse" in rule.lower() or parent is None else parent


def _boxes(root: Any, css_blocks: Iterable[str]) -> tuple[list[Any], bool]:
    """The boxes whose children a reordering rule moves, and whether every such rule's selector was read."""
    found: list[Any] = []
    for el in root.iter():
        rule = _reorders(el.get("style") or "") if isinstance(el.tag, str) else None
        if rule:
            found.append(_box(el, rule))
    complete, looked = True, 0
    for css in css_blocks:
        for selectors, body in _RULE.findall(css):
            rule = _reorders(body)
            if not rule:
                continue
            for selector in selectors.split(","):
                m = _SIMPLE.search(selector.strip())
                looked += 1
                if not m or looked > _MAX_SELECTORS:  # (a hostile page's thousand rules: not one search each)
                    complete = False
                    continue
                name = m.group(1)
                if name.startswith("."):
                    xpath = f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name[1:]} ')]"
                elif name.startswith("#"):
                    xpath = f"//*[@id='{name[1:]}']"
                else:
                    xpath = f"//{name.lower()}"
                found.extend(_box(el, rule) for el in root.xpath(xpath))
    return found, complete


def _parts(page: ParsedPage) -> dict[str, list[str]]:
    """Each part's rows with two rows or more, as a short text of each row to find in a box."""
    rows: dict[str, list[str]] = {}
    for r in page.replies:
        if r.kind == "doctor":
            rows.setdefault("reply", []).append((r.body or "").split("\n", 1)[0][:40] or (r.doctor_name or ""))
    for link in page.related_links:
        rows.setdefault(link.kind, []).append((link.title or "")[:40])
    return {part: texts for part, texts in rows.items() if len(texts) >= 2}


def order_by_style(text: str, page: ParsedPage, root: Any | None) -> list[PageWarning]:
    """A warning per part whose rows sit in a box the page's CSS reorders."""
    rule = _reorders(text)
    if rule is None:
        return []
    parts = _parts(page)
    if not parts:
        return []
    affected = set(parts)
    if root is not None:
        boxes, complete = _boxes(root, (el.text or "" for el in root.iter("style")))
        if complete:
            held = [" ".join(" ".join(box.itertext()).split()) for box in boxes]
            affected = {
                part for part, texts in parts.items()
                if any(sum(1 for t in texts if t and " ".join(t.split()) in box) >= 2 for box in held)
            }  # fmt: skip
    shown = quote(" ".join(rule.split()))
    return [
        PageWarning(
            "order_by_style", part, f"the page's CSS reorders boxes ({shown}) around {len(parts[part])} rows: "
            "they are in markup order, which may not be the order shown"
        )
        for part in parts if part in affected
    ]  # fmt: skip
