"""Rows in the order the page shows them, where its CSS reorders boxes: `visual_order`.

The markup's order is not always the order shown: a flex box reversed by its stylesheet
(`flex-direction: column-reverse`) or by a utility class (Tailwind's `flex-col-reverse`) shows the
newest reply first, and `order: 2` / `order-first` move one box among its siblings. A reader reads
what is shown, so the tree is put in that order before it is walked: a reversed box's children
reversed, a box's children sorted by their `order` (stable, 0 by default). The rules are found in
inline styles, utility classes, and `<style>` rules whose selector ends in a class, an id or a tag.
A reordering rule whose selector is not one of those cannot be placed: then every part with two
rows or more is warned `order_by_style` (its positions may not be the order shown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from parsers.checks import quote
from parsers.records import PageWarning, ParsedPage

_REVERSED = re.compile(
    r"(?:flex-direction|flex-flow)\s*:[^;}\"']*?\b(?:row|column)-reverse", re.I
)  # (not wrap-reverse)
_ORDER = re.compile(r"order\s*:\s*(-?\d+)", re.I)  # (starts with a literal: re scans for it fast)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE = re.compile(r"(?:^|[\s>+~])([.#]?[\w-]+)\s*$")  # a selector ending in one class, id or tag
# Utility classes (Tailwind and the like), a breakpoint prefix allowed: "md:flex-col-reverse", "order-first".
_REVERSE_CLASS = re.compile(r"(?:^|\s)(?:[\w-]+:)*flex-(?:col|row)-reverse(?=\s|$)")
_ORDER_CLASS = re.compile(r"(?:^|\s)(?:[\w-]+:)*order-(first|last|none|\d+|\[-?\d+\])(?=\s|$)")
_MAX_SELECTORS = 50
T = TypeVar("T")
_MAX_BOXES = 500  # reordered boxes on one page, at most (a hostile page's thousands: left as they are)


def _order_value(css: str) -> int | None:
    """The `order` a declaration block sets ("border: 0" is no `order`), or None."""
    for m in _ORDER.finditer(css):
        before = css[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before in "-_"):
            return int(m.group(1))
    return None


def _mentions_order(text: str) -> bool:
    """Whether `order` stands anywhere as a property or a class ("border" and "order_id" are neither)."""
    at = text.find("order")
    while at >= 0:
        before, after = text[at - 1 : at] or " ", text[at + 5 : at + 7]
        if not (before.isalnum() or before in "-_") and (after[:1] in (":", "-") or after == " :"):
            return True
        at = text.find("order", at + 5)
    return False


def _class_order(token: str) -> int:
    return {"first": -9999, "last": 9999, "none": 0}.get(token) or int(token.strip("[]"))


def visual_order(root: Any, text: str) -> str | None:
    """Put `root`'s reordered boxes in the order shown, in place. Returns a reordering rule that
    could not be placed (its selector not read), or None."""
    if "reverse" not in text and not _mentions_order(text):
        return None  # (most pages: no element is looked at)
    reversed_boxes: list[Any] = []
    ordered: dict[Any, int] = {}  # element -> its order
    unplaced: str | None = None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        cls, style = el.get("class") or "", el.get("style") or ""
        if ("reverse" in cls and _REVERSE_CLASS.search(cls)) or ("reverse" in style and _REVERSED.search(style)):
            reversed_boxes.append(el)
        if "order" in cls and (m := _ORDER_CLASS.search(cls)):
            ordered[el] = _class_order(m.group(1))
        if "order" in style and (value := _order_value(style)) is not None:
            ordered[el] = value
    for (reverses, value), found, rule in _styled(root, _reordering):
        if found is None:
            unplaced = unplaced or rule
            continue
        for el in found:
            if reverses:
                reversed_boxes.append(el)
            if value is not None:
                ordered.setdefault(el, value)  # (an inline style or a class is more specific)
    for box in reversed_boxes[:_MAX_BOXES]:
        children = list(box)
        for child in children:
            box.remove(child)
        box.extend(reversed(children))
    parents = {id(el.getparent()): el.getparent() for el in ordered if el.getparent() is not None}
    for parent in list(parents.values())[:_MAX_BOXES]:
        children = list(parent)
        moved = sorted(children, key=lambda c: ordered.get(c, 0))  # (stable: equal orders keep their places)
        if moved != children:
            for child in children:
                parent.remove(child)
            parent.extend(moved)
    return unplaced


def _reordering(body: str) -> tuple[bool, int | None] | None:
    """(whether a rule's declarations reverse a flex box, the `order` they set), or None for neither."""
    reverses, value = bool(_REVERSED.search(body)), _order_value(body)
    return (reverses, value) if reverses or value is not None else None


def _styled(root: Any, wanted: Callable[[str], T | None]) -> Iterator[tuple[T, list[Any] | None, str]]:
    """Each `<style>` rule's selector whose declarations `wanted` makes something of: that, the
    elements it names (None where it is not one class, id or tag, or past the bound on selectors),
    and the rule as written."""
    looked = 0
    for sheet in root.iter("style"):
        for selectors, body in _RULE.findall(sheet.text or ""):
            got = wanted(body)
            if got is None:
                continue
            for selector in selectors.split(","):
                looked += 1
                m = _SIMPLE.search(selector.strip())
                found = root.xpath(_xpath(m.group(1))) if m and looked <= _MAX_SELECTORS else None
                yield got, found, " ".join(f"{selector.strip()} {{{body.strip()}}}".split())


def _xpath(name: str) -> str:
    if name.startswith("."):
        return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name[1:]} ')]"
    if name.startswith("#"):
        return f"//*[@id='{name[1:]}']"
    return f"//{name.lower()}"


def order_by_style(page: ParsedPage, unplaced: str | None) -> list[PageWarning]:
    """A warning per part with two rows or more, where a reordering rule could not be placed."""
    if unplaced is None:
        return []
    rows = page.rows_by_part()
    shown = quote(unplaced)
    return [
        PageWarning(
            "order_by_style", part, f"the page's CSS reorders boxes ({shown}) the parser could not place: the "
            f"{n} rows are in markup order, which may not be the order shown"
        )
        for part, n in rows.items() if n >= 2 and part not in ("question", "more_info")
    ]  # fmt: skip


_NO_MARKERS = re.compile(r"list-style(?:-type)?\s*:\s*none", re.I)


def unnumbered_lists(root: Any, text: str) -> None:
    """Lists a `<style>` rule draws without numbers (`.timeline { list-style: none }`): marked with
    the same inline style, which the walk reads, so "1." is not put before their items."""
    if "list-style" not in text:
        return
    for _, found, _rule in _styled(root, lambda body: True if _NO_MARKERS.search(body) else None):
        for el in found or []:
            el.set("style", f"{el.get('style') or ''};list-style:none")
