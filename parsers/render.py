"""HTML to visible lines, as a reader sees them: the one place that knows about tags.

Everything after this works on lines and their visible labels ("Share to:", "Ask Date:",
"More Info", ...), so a redesign of the site's markup does not need a new parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree as etree

from parsers.text import clean_line

# Block elements end a paragraph; a blank line marks the boundary (as in the text snapshots).
_BLOCK = frozenset(
    "p div section article aside main header footer h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "table thead tbody tfoot tr blockquote pre figure figcaption address hr center details summary "
    "fieldset legend body html".split()
)
# Cells and <br> end a line but not a paragraph.
_LINE = frozenset({"br", "td", "th", "caption"})
# Never visible, or never content.
_SKIP = frozenset(
    "head script style noscript template iframe object embed svg canvas math form input select "
    "textarea button nav dialog audio video map".split()
)
_AD_TOKEN = re.compile(r"(?:^|[\s_-])(?:ad|ads|advert\w*|adsbygoogle|ad-?slot|sponsored)(?:$|[\s_-])", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(slots=True)
class Line:
    """One visible line (empty text: a paragraph break).

    `hrefs` are the links on it in order, `link_chars` how much of its text is link text, and
    `path` the block elements that enclose it (by serial number), so a section can end where
    its container ends.
    """

    text: str
    hrefs: list[str] = field(default_factory=list)
    link_chars: int = 0
    path: tuple[int, ...] = ()

    @property
    def is_link_only(self) -> bool:
        return bool(self.text) and self.link_chars >= len(self.text) - 1


@dataclass(slots=True)
class HtmlPage:
    lines: list[Line]
    title: str | None  # <title>
    h1: str | None
    canonical: str | None  # <link rel=canonical>, else og:url


def _is_hidden_or_ad(el: etree._Element) -> bool:
    attrs = el.attrib
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    marks = f"{attrs.get('class', '')} {attrs.get('id', '')}"
    return bool(marks.strip()) and _AD_TOKEN.search(marks) is not None


class _Builder:
    """Accumulates text into lines; called once per tree event, so kept lean."""

    __slots__ = ("blocks", "hrefs", "lines", "link_chars", "link_depth", "parts", "serial")

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.link_chars = 0
        self.link_depth = 0
        self.blocks: list[int] = []
        self.serial = 0

    def text(self, s: str) -> None:
        self.parts.append(s)
        if self.link_depth:
            self.link_chars += len(s.strip())

    def end_line(self) -> None:
        if self.parts:
            text = clean_line("".join(self.parts))
            if text:
                self.lines.append(Line(text, self.hrefs, self.link_chars, tuple(self.blocks)))
                self.hrefs = []
            self.parts = []
            self.link_chars = 0

    def end_paragraph(self) -> None:
        if self.parts:
            self.end_line()
        lines = self.lines
        if lines and lines[-1].text:
            lines.append(Line("", [], 0, tuple(self.blocks)))

    def open_block(self) -> None:
        self.end_paragraph()
        self.serial += 1
        self.blocks.append(self.serial)

    def close_block(self) -> None:
        self.end_paragraph()
        if self.blocks:
            self.blocks.pop()


def _head_info(root: etree._Element) -> tuple[str | None, str | None]:
    title = root.find(".//title")
    title_text = clean_line("".join(title.itertext())) if title is not None else None
    canonical = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href")
            break
    if canonical is None:
        for meta in root.iter("meta"):
            if (meta.get("property") or "").lower() == "og:url" and meta.get("content"):
                canonical = meta.get("content")
                break
    return title_text or None, canonical


def _parser() -> etree.HTMLParser:
    # Comments and processing instructions are dropped by the parser, which joins the text around them.
    return etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)


def render(text: str) -> HtmlPage:
    """Parse HTML text into visible lines. Never raises on malformed markup."""
    try:
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        return HtmlPage([], None, None, None)
    title, canonical = _head_info(root)
    h1_el = root.find(".//h1")
    h1 = clean_line("".join(h1_el.itertext())) if h1_el is not None else None

    out = _Builder()
    walker = etree.iterwalk(root, events=("start", "end"))  # C-level walk: no recursion, no Python stack
    skipped = None
    for event, el in walker:
        tag = el.tag  # the HTML parser gives lower-case names
        if event == "start":
            if tag in _SKIP or (el.keys() and _is_hidden_or_ad(el)):
                walker.skip_subtree()
                skipped = el
                continue
            if tag in _BLOCK:
                out.open_block()
            elif tag in _LINE:
                out.end_line()
            elif tag == "a":
                out.link_depth += 1
                href = el.get("href")
                if href:
                    out.hrefs.append(href)
            if el.text:
                out.text(el.text)
        else:
            if el is skipped:
                skipped = None
            else:
                if tag in _BLOCK:
                    out.close_block()
                elif tag in _LINE and tag != "br":
                    out.end_line()
                elif tag == "a":
                    out.link_depth -= 1
            if el.tail:
                out.text(el.tail)
    out.end_paragraph()
    return HtmlPage(out.lines, title, h1, canonical)
