"""HTML to visible lines, as a reader sees them: the one place that knows about tags.

Everything after this works on lines and their visible labels ("Share to:", "Ask Date:",
"More Info", ...), so a redesign of the site's markup does not need a new parser. Each line keeps
the little structure the parser needs to tell sections and entries apart: the block elements that
enclose it, whether it is a heading, and which of its words are links.

lxml parses; where libxml2 gives up (nesting deeper than it allows, or a fatal error) the page is
parsed again by BeautifulSoup with Python's html.parser, which has no depth limit, and walked the
same way, so a hostile page costs time, never its content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import lxml.etree as etree

from parsers.text import clean_line

# Block elements end a paragraph; a blank line marks the boundary (as in the text snapshots).
_BLOCK = frozenset(
    "p div section article aside main header footer h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "table thead tbody tfoot tr blockquote pre figure figcaption address hr center details summary "
    "fieldset legend body html form".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Cells and <br> end a line but not a paragraph.
_LINE = frozenset({"br", "td", "th", "caption"})
# Never visible, or never content.
_SKIP = frozenset(
    "head script style noscript template iframe object embed svg canvas math input select "
    "textarea button nav dialog audio video map".split()
)
_AD_TOKEN = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert\w*|adsbygoogle|ad-?slot|sponsored|cookies?|consent|gdpr)(?:$|[\s_-])", re.I
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


@dataclass(slots=True)
class Line:
    """One visible line (empty text: a paragraph break).

    `hrefs` are the links on it in order, `link_chars` how much of its text is link text, `path`
    the block elements that enclose it (by serial number), so a section can end where its
    container ends, `heading` the level of the <h1>-<h6> it is in (0: none), and `pieces` its text
    in runs, each with the href of the link it is in (None outside links); kept only for lines
    with links, so a row of chips can be split into its entries.
    """

    text: str
    hrefs: list[str] = field(default_factory=list)
    link_chars: int = 0
    path: tuple[int, ...] = ()
    heading: int = 0
    pieces: list[tuple[str, str | None]] | None = None

    @property
    def is_link_only(self) -> bool:
        return bool(self.text) and self.link_chars >= len(self.text) - 1

    def links(self) -> list[tuple[str, str | None, str]]:
        """(link text, href, the text after it up to the next link) for each link on the line."""
        out: list[tuple[str, str | None, str]] = []
        for text, href in self.pieces or []:
            if href is not None and (not out or out[-1][1] != href or out[-1][2]):
                out.append((text, href, ""))
            elif out and href is not None:
                out[-1] = (out[-1][0] + text, href, "")
            elif out:
                out[-1] = (out[-1][0], out[-1][1], out[-1][2] + text)
        return [(clean_line(t), h, clean_line(after)) for t, h, after in out]


@dataclass(slots=True)
class HtmlPage:
    lines: list[Line]
    title: str | None  # <title>
    h1: str | None
    canonical: str | None  # <link rel=canonical>, else og:url
    tree: str = "lxml"  # which parser built the tree: "lxml", or "html.parser" where lxml gave up


def _is_hidden_or_ad(attrs: Mapping[str, str]) -> bool:
    get = attrs.get
    if "hidden" in attrs or get("aria-hidden") == "true" or get("role") in ("dialog", "alertdialog"):
        return True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls, ident = get("class"), get("id")
    if not (cls or ident):
        return False
    return _AD_TOKEN.search(f"{cls or ''} {ident or ''}") is not None


def _attr(attrs: Mapping[str, str], name: str) -> str:
    return attrs.get(name) or ""


class _Builder:
    """Turns start/text/end events into lines; called once per tree event, so kept lean."""

    __slots__ = (
        "anchors", "blocks", "headings", "hrefs", "lines", "link_chars", "parts", "pending", "pieces", "serial"
    )  # fmt: skip

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.pieces: list[tuple[str, str | None]] = []
        self.hrefs: list[str] = []
        self.pending = 0  # how many of `hrefs` were opened after the line's last text: they belong to the next line
        self.anchors: list[str | None] = []  # href of each open <a>, innermost last
        self.link_chars = 0
        self.blocks: list[int] = []
        self.headings: list[int] = []
        self.serial = 0

    def start(self, tag: str, attrs: Mapping[str, str]) -> bool:
        """Open `tag`; False when its subtree is to be skipped (its end still comes)."""
        if tag in _SKIP or (attrs and _is_hidden_or_ad(attrs)):
            return False
        if tag in _BLOCK:
            self.open_block()
            level = _HEADINGS.get(tag)
            if level:
                self.headings.append(level)
        elif tag in _LINE:
            self.end_line()
        elif tag == "a":
            href = attrs.get("href") or None
            self.anchors.append(href)
            if href:
                self.hrefs.append(href)
                self.pending += 1
        elif tag == "time":
            m = _ISO_DAY.match(_attr(attrs, "datetime"))
            if m:  # the machine-readable date, whatever the visible text says ("3 days ago", "Nov 6")
                self.text(f" {m.group(1)} ")
                return False
        return True

    def end(self, tag: str) -> None:
        if tag in _BLOCK:
            self.close_block()
            if tag in _HEADINGS and self.headings:
                self.headings.pop()
        elif tag in _LINE:
            if tag != "br":
                self.end_line()
        elif tag == "a" and self.anchors:
            self.anchors.pop()

    def text(self, s: str) -> None:
        self.parts.append(s)
        if self.pending and s.strip():
            self.pending = 0
        if self.anchors:
            self.link_chars += len(s.strip())
            self.pieces.append((s, self.anchors[-1] or ""))
        else:
            self.pieces.append((s, None))

    def end_line(self) -> None:
        if self.parts:
            text = clean_line("".join(self.parts))
            if text:
                # A link opened after the line's last words (a whole-card link whose first block comes
                # next) is the next line's.
                cut = len(self.hrefs) - self.pending
                hrefs, self.hrefs = self.hrefs[:cut], self.hrefs[cut:]
                pieces = self.pieces if hrefs else None
                heading = self.headings[-1] if self.headings else 0
                self.lines.append(Line(text, hrefs, self.link_chars, tuple(self.blocks), heading, pieces))
            self.parts = []
            self.pieces = []
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


def _lxml_parser() -> etree.HTMLParser:
    # Comments and processing instructions are dropped by the parser, which joins the text around them.
    # huge_tree lifts libxml2's nesting limit from 256 to 2048 levels.
    return etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)


def _lxml_head(root: etree._Element) -> tuple[str | None, str | None, str | None]:
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
    h1_el = root.find(".//h1")
    h1 = clean_line("".join(h1_el.itertext())) if h1_el is not None else None
    return title_text or None, h1 or None, canonical


def _walk_lxml(root: etree._Element, out: _Builder) -> None:
    walker = etree.iterwalk(root, events=("start", "end"))  # C-level walk: no recursion, no Python stack
    skipped = None
    start, end, text = out.start, out.end, out.text
    for event, el in walker:
        if event == "start":
            if not start(el.tag, el.attrib):  # the HTML parser gives lower-case names
                walker.skip_subtree()
                skipped = el
                continue
            if el.text:
                text(el.text)
        else:
            if el is skipped:
                skipped = None
            else:
                end(el.tag)
            if el.tail:
                text(el.tail)


def _parse_lxml(text: str) -> tuple[etree._Element | None, bool]:
    """(root, whether libxml2 gave up part-way: a fatal error such as nesting too deep)."""
    parser = _lxml_parser()
    try:
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, True
    fatal = any(err.level == etree.ErrorLevels.FATAL for err in parser.error_log)
    return root, fatal


def _soup_events(text: str) -> Iterator[tuple[str, str, Mapping[str, str]]]:
    """The tree BeautifulSoup builds with html.parser, as start/text/end events, walked with an
    explicit stack (no recursion, so no depth limit)."""
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4.element import PreformattedString

    soup = BeautifulSoup(text, "html.parser")
    stack: list[Iterator[object]] = [iter(soup.contents)]
    names: list[str] = []
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if names:
                yield "end", names.pop(), {}
            continue
        if isinstance(child, Tag):  # bs4 gives multi-valued attributes (class) as lists
            yield "start", child.name, {k: " ".join(v) if isinstance(v, list) else v for k, v in child.attrs.items()}
            names.append(child.name)
            stack.append(iter(child.contents))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            yield "text", str(child), {}  # comments, doctypes and CDATA are PreformattedStrings


def _walk_soup(text: str, out: _Builder) -> tuple[str | None, str | None, str | None]:
    """Build lines from BeautifulSoup's tree; returns its (title, h1, canonical)."""
    skipping = 0  # depth inside a skipped subtree
    title_parts: list[str] | None = None
    title = h1 = canonical = None
    h1_parts: list[str] | None = None
    for kind, value, attrs in _soup_events(text):
        if kind == "text":
            if title_parts is not None:
                title_parts.append(value)
            if h1_parts is not None:
                h1_parts.append(value)
            if not skipping:
                out.text(value)
        elif kind == "start":
            if value == "title" and title is None:
                title_parts = []
            elif value == "h1" and h1 is None:
                h1_parts = []
            elif value == "link" and canonical is None and "canonical" in _attr(attrs, "rel").lower().split():
                canonical = _attr(attrs, "href") or None
            elif value == "meta" and canonical is None and _attr(attrs, "property").lower() == "og:url":
                canonical = _attr(attrs, "content") or None
            if skipping:
                skipping += 1
            elif not out.start(value, attrs):
                skipping = 1
        else:
            if value == "title" and title_parts is not None:
                title, title_parts = clean_line("".join(title_parts)), None
            elif value == "h1" and h1_parts is not None:
                h1, h1_parts = clean_line("".join(h1_parts)), None
            if skipping:
                skipping -= 1  # a skipped element never opened in `out`, so it does not close there
            else:
                out.end(value)
    return title or None, h1 or None, canonical


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
# Elements whose end tag HTML lets a page leave out, and elements that never have one.
_OPTIONAL_END = frozenset(
    "html head body p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def unclosed(text: str) -> list[str]:
    """Elements still open where the text ends, outermost first (those whose end tag may be left
    out are not counted): a page cut short ends inside some, a complete one inside none."""
    stack: list[str] = []
    pos, n = 0, len(text)
    while pos < n:
        m = _TAG.search(text, pos)
        if m is None:
            break
        pos = m.end()
        closing, name, selfclose = m.group(1), (m.group(2) or "").lower(), m.group(3)
        if not name or name in _VOID or selfclose:
            continue
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        else:
            stack.append(name)
            if name in _RAW_TEXT:  # its content is text until its end tag, or the end of the page
                end = re.compile(rf"</{name}\s*>", re.I).search(text, pos)
                if end is None:
                    break
                stack.pop()
                pos = end.end()
    return [name for name in stack if name not in _OPTIONAL_END]


def render(text: str) -> HtmlPage:
    """Parse HTML text into visible lines. Never raises on malformed markup."""
    root, gave_up = _parse_lxml(text)
    out = _Builder()
    if root is not None and not gave_up:
        title, h1, canonical = _lxml_head(root)
        _walk_lxml(root, out)
        tree = "lxml"
    else:
        title, h1, canonical = _walk_soup(text, out)
        tree = "html.parser"
    out.end_paragraph()
    return HtmlPage(out.lines, title, h1, canonical, tree)
