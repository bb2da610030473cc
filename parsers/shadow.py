"""Declarative shadow DOM, composed as the browser shows it.

A web component rendered on the server (Lit SSR, Stencil) sends its shadow tree in a
`<template shadowrootmode="open">` first in its host, and the page's own content (the light DOM)
after it, each piece marked `slot="title"`, `slot="date"`, or none (the default slot). The browser
shows the shadow tree, each `<slot>` replaced by the light DOM assigned to it (or by the slot's own
fallback content). Read in source order instead, labels and values fall apart ("Ask Date:" in the
shadow tree, the date in the light DOM, after the body).
"""

from __future__ import annotations

from lxml import etree

_MAX_HOSTS = 500  # shadow roots composed per page, at most


def compose_shadow_roots(root: etree._Element, text: str) -> None:
    """Replace each host's content by its shadow tree with the light DOM slotted in, in place."""
    if "shadowroot" not in text:
        return
    templates = [t for t in root.iter("template") if t.get("shadowrootmode") or t.get("shadowroot")]
    for template in reversed(templates[:_MAX_HOSTS]):  # (innermost first: a host inside a host)
        host = template.getparent()
        if host is None:
            continue
        light = [c for c in host if c is not template]
        for child in list(host):
            host.remove(child)
        host.text = None
        for slot in list(template.iter("slot")):
            name = slot.get("name") or ""
            if name:
                assigned = [c for c in light if isinstance(c.tag, str) and c.get("slot") == name]
            else:
                assigned = [c for c in light if not isinstance(c.tag, str) or not c.get("slot")]
            if assigned:
                _replace(slot, assigned)
            else:
                slot.tag = "span"  # nothing assigned: its own fallback content shows
        host.text = template.text
        for node in list(template):
            host.append(node)


def _replace(slot: etree._Element, nodes: list[etree._Element]) -> None:
    parent = slot.getparent()
    if parent is None:
        return
    at = parent.index(slot)
    tail = slot.tail
    parent.remove(slot)
    for n, node in enumerate(nodes):
        parent.insert(at + n, node)
    if tail:
        last = nodes[-1] if nodes else None
        if last is not None:
            last.tail = (last.tail or "") + tail
        elif at > 0:
            prev = parent[at - 1]
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
