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

from parsers.text import clean_line, parse_date

# Block elements end a paragraph; a blank line marks the boundary (as in the text snapshots).
_BLOCK = frozenset(
    "p div section article aside main header footer h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "table thead tbody tfoot tr blockquote pre figure figcaption address hr center details summary "
    "fieldset legend body html form nav template".split()
)
_CONTENT = frozenset({"article", "main", "section", "aside", "nav"})  # sectioning content, and <main>
_CHROME_DEPTH = 2  # a footer this close to <html> (html > body > footer) is the page's own: not walked
_CHROME = frozenset({"header", "footer"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Cells and <br> end a line but not a paragraph.
_LINE = frozenset({"br", "td", "th", "caption"})
# Never visible, or never content. (A <button> is, inside a heading: an accordion's label; a
# <template> is, with shadowrootmode: declarative shadow DOM, which browsers render.)
_SKIP = frozenset(
    "title meta link base script style noscript iframe object embed svg canvas math input select textarea dialog "
    "audio video map".split()
)
# Ads and cookie banners, by whole class or id tokens ("ad-slot", "cookie-consent"; not "no-ads").
_AD_TOKEN = re.compile(
    r"(?:^|\s)(?:ads?|advert\w*|adsbygoogle|ad[-_]?(?:slot|unit|container|banner|wrapper|box|block|space)"
    r"|sponsored(?:[-_]content)?|(?:cookie|consent|gdpr)(?:[-_]?(?:banner|consent|notice|bar|layer|dialog|modal|popup))?"
    r")(?:$|\s)",
    re.I,
)
# Classes whose text no reader sees: screen-reader-only text, and icon fonts' ligature names ("share").
_UNSEEN = re.compile(
    r"(?:^|\s)(?:sr-only|visually-?hidden|screen-reader-(?:text|only)|a11y-hidden|offscreen"
    r"|material-icons(?:-[\w-]+)?|material-symbols(?:-[\w-]+)?|glyphicon"
    r"|print-?only|visible-print(?:-\w+)?|d-print-\w+|show-for-print|avatar|initials)(?:$|\s)",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The ids a control opens (<button aria-controls="more-sim">Show more</button>): what they hide is
# there for a reader who clicks, so it is walked, marked `disclosed`, for the parser to decide.
_CONTROLS = re.compile(r"""\baria-controls\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
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
    nav: int = 0  # serial of the <nav> it is in, 0 if none: a section never runs into a <nav>
    chrome: int = 0  # serial of the header/footer outside any sectioning element it is in (maybe the page's own)
    disclosed: bool = False  # hidden until a disclosure control ("Show more", aria-controls) opens it

    @property
    def is_control(self) -> bool:
        """All its words are a button's (a disclosure's "Show"): a control, never text."""
        return bool(self.pieces) and all(href == "" for text, href in self.pieces or [] if text.strip())

    @property
    def is_link_only(self) -> bool:
        return bool(self.text) and 0 < self.link_chars and self.link_chars >= len(self.text) - 1

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
    canonical: str | None  # <link rel=canonical>
    og_url: str | None = None  # <meta property=og:url>
    base: str | None = None  # <base href>: what relative links resolve against
    tree: str = "lxml"  # which parser built the tree: "lxml", or "html.parser" where lxml gave up
    root: etree._Element | None = None  # lxml's tree, for what else reads the page (its structured data)


def _is_hidden_or_ad(attrs: Mapping[str, str]) -> bool:
    get = attrs.get
    hidden = get("hidden")
    if (hidden is not None and hidden != "until-found") or get("role") in ("dialog", "alertdialog"):
        return True  # (aria-hidden hides from screen readers only: its text is seen)
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls, ident = get("class"), get("id")
    if cls and _UNSEEN.search(cls):
        return True
    if not (cls or ident):
        return False
    return _AD_TOKEN.search(f"{cls or ''} {ident or ''}") is not None


def _disclosed_ids(text: str) -> frozenset[str]:
    """Every id a disclosure control on the page names (aria-controls may name several)."""
    if "ontrols" not in text and "ONTROLS" not in text:  # cheap on every page; the pattern is case-blind
        return frozenset()
    return frozenset(i for m in _CONTROLS.finditer(text) for i in "".join(m.groups(default="")).split())


def _revealable(attrs: Mapping[str, str], ids: frozenset[str]) -> bool:
    """A hidden element a control on the page opens: neither a dialog nor an ad nor screen-reader text."""
    ident, cls = attrs.get("id"), attrs.get("class")
    if ident not in ids or attrs.get("role") in ("dialog", "alertdialog"):
        return False
    return not (cls and (_UNSEEN.search(cls) or _AD_TOKEN.search(cls)))


def _attr(attrs: Mapping[str, str], name: str) -> str:
    return attrs.get(name) or ""


class _Builder:
    """Turns start/text/end events into lines; called once per tree event, so kept lean."""

    __slots__ = (
        "anchors", "blocks", "chrome", "contents", "depth", "headings", "hrefs", "ids", "lines", "link_chars",
        "navs", "parts", "pending", "pieces", "revealed", "serial", "times",
    )  # fmt: skip

    def __init__(self, ids: frozenset[str] = frozenset()) -> None:
        self.ids = ids  # what disclosure controls on the page open
        self.revealed: list[int] = []  # depth of each open hidden element a control opens
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.pieces: list[tuple[str, str | None]] = []
        self.hrefs: list[str] = []
        self.pending = 0  # how many of `hrefs` were opened after the line's last text: they belong to the next line
        self.anchors: list[str | None] = []  # href of each open <a>, innermost last
        self.link_chars = 0
        self.blocks: list[int] = []
        self.headings: list[int] = []
        self.navs: list[int] = []
        self.contents = 0  # open sectioning elements (<article>, <section>, <aside>, <nav>) and <main>
        self.chrome: list[int] = []  # open <header>/<footer> outside any sectioning element (serials)
        self.times: list[tuple[int, int, int, str]] = []  # each open element with a datetime: depth, text start, day
        self.depth = 0  # elements open (skipped ones never open)
        self.serial = 0

    def start(self, tag: str, attrs: Mapping[str, str]) -> bool:
        """Open `tag`; False when its subtree is to be skipped (its end still comes)."""
        if tag in _SKIP:
            return False
        if attrs and _is_hidden_or_ad(attrs):
            if not (self.ids and _revealable(attrs, self.ids)):
                return False
            self.end_paragraph()
            self.revealed.append(self.depth + 1)
        if tag == "footer" and not self.contents and len(self.blocks) <= _CHROME_DEPTH:
            return False  # the page's own footer (body's child): site links, never content
        if tag == "button":
            # A button's text is a control's ("Share", "Load more"), except an accordion's or
            # disclosure's label, or a chip styled as a button inside a link: kept, as link text.
            if not (self.headings or self.anchors or "aria-expanded" in attrs or "aria-controls" in attrs):
                return False
            outer = self.anchors[-1] if self.anchors else None
            self.anchors.append(outer if outer is not None else "")
            self.depth += 1
            return True
        if tag == "template" and "shadowrootmode" not in attrs:
            return False
        if tag in _BLOCK:
            self.open_block()
            level = _HEADINGS.get(tag)
            if level:
                self.headings.append(level)
            elif tag == "nav":
                self.navs.append(self.serial)
            if tag in _CONTENT:
                self.contents += 1
            elif tag in _CHROME and not self.contents:
                self.chrome.append(self.serial)
        elif tag in _LINE:
            if tag == "br" and self.headings:
                self.parts.append(" ")  # a heading broken over lines is still one heading
            else:
                self.end_line()
        elif tag == "a":
            href = attrs.get("href")
            self.anchors.append(href)  # None: an anchor with no href (<a name>) is no link
            if href:
                self.hrefs.append(href)
                self.pending += 1
        elif tag == "img" and self.headings:
            alt = attrs.get("alt")
            if alt:  # a heading drawn as an image: its alt text is the heading
                self.text(f" {alt} ")
        self.depth += 1
        if "datetime" in attrs:  # <time>, <relative-time>, <amp-date-display>: the date's machine form
            m = _ISO_DAY.match(attrs["datetime"])
            if m:
                self.times.append((self.depth, len(self.parts), len(self.pieces), m.group(1)))
        return True

    def end(self, tag: str) -> None:
        if self.times and self.times[-1][0] == self.depth:
            self._end_time(*self.times.pop()[1:])
        if self.revealed and self.revealed[-1] == self.depth:
            self.end_paragraph()
            self.revealed.pop()
        self.depth -= 1
        if tag in _BLOCK:
            closing = self.blocks[-1] if self.blocks else 0
            self.close_block()
            if tag in _HEADINGS and self.headings:
                self.headings.pop()
            elif tag == "nav" and self.navs:
                self.navs.pop()
            if tag in _CONTENT and self.contents:
                self.contents -= 1
            elif tag in _CHROME and self.chrome and self.chrome[-1] == closing:
                self.chrome.pop()
        elif tag in _LINE:
            if tag != "br":
                self.end_line()
        elif (tag == "a" or tag == "button") and self.anchors:
            self.anchors.pop()

    def _end_time(self, at: int, piece_at: int, day: str) -> None:
        """The date a reader sees wins; where the text shows none ("3 days ago"), the datetime's day."""
        if at > len(self.parts) or parse_date("".join(self.parts[at:])) is not None:
            return
        self.parts[at:] = [f" {day} "]
        self.pieces[piece_at:] = [(f" {day} ", self.anchors[-1] if self.anchors else None)]

    def text(self, s: str) -> None:
        self.parts.append(s)
        if self.pending and s.strip():
            self.pending = 0
        href = self.anchors[-1] if self.anchors else None
        if href is not None:
            self.link_chars += len(s.strip())
        self.pieces.append((s, href))

    def end_line(self) -> None:
        if self.parts:
            text = clean_line("".join(self.parts))
            if text:
                # A link opened after the line's last words (a whole-card link whose first block comes
                # next) is the next line's.
                cut = len(self.hrefs) - self.pending
                hrefs, self.hrefs = self.hrefs[:cut], self.hrefs[cut:]
                pieces = self.pieces if self.link_chars else None
                heading = self.headings[-1] if self.headings else 0
                nav = self.navs[0] if self.navs else 0
                chrome = self.chrome[0] if self.chrome else 0
                line = Line(
                    text, hrefs, self.link_chars, tuple(self.blocks), heading, pieces, nav, chrome, bool(self.revealed)
                )
                self.lines.append(line)
            self.parts = []
            self.pieces = []
            self.link_chars = 0
            self.times.clear()

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


def _lxml_head(root: etree._Element) -> dict[str, str | None]:
    title = root.find(".//title")
    head: dict[str, str | None] = {"title": clean_line("".join(title.itertext())) if title is not None else None}
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            head["canonical"] = link.get("href")
            break
    for meta in root.iter("meta"):
        if (meta.get("property") or "").lower() == "og:url" and meta.get("content"):
            head["og_url"] = meta.get("content")
            break
    base = root.find(".//base")
    head["base"] = base.get("href") if base is not None else None
    h1_el = root.find(".//h1")
    head["h1"] = clean_line("".join(h1_el.itertext())) if h1_el is not None else None
    return head


def _custom_lxml(el: etree._Element) -> str:
    """How to treat a custom element (<qa-answer>): as a block if it holds blocks, else inline."""
    return "div" if any(d.tag in _BLOCK for d in el.iterdescendants() if isinstance(d.tag, str)) else "span"


def _walk_lxml(root: etree._Element, out: _Builder) -> None:
    walker = etree.iterwalk(root, events=("start", "end"))  # C-level walk: no recursion, no Python stack
    skipped = None
    start, end, text = out.start, out.end, out.text
    for event, el in walker:
        tag = el.tag  # the HTML parser gives lower-case names
        if "-" in tag:
            tag = _custom_lxml(el)
        if event == "start":
            if not start(tag, el.attrib):
                walker.skip_subtree()
                skipped = el
                continue
            if el.text:
                text(el.text)
        else:
            if el is skipped:
                skipped = None
            else:
                end(tag)
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
            name = child.name
            if "-" in name:  # a custom element: a block if it holds blocks, else inline
                name = "div" if child.find(list(_BLOCK)) is not None else "span"
            yield "start", name, {k: " ".join(v) if isinstance(v, list) else v for k, v in child.attrs.items()}
            names.append(name)
            stack.append(iter(child.contents))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            yield "text", str(child), {}  # comments, doctypes and CDATA are PreformattedStrings


def _walk_soup(text: str, out: _Builder) -> dict[str, str | None]:
    """Build lines from BeautifulSoup's tree; returns the head's title, canonical, og:url, base and h1."""
    skipping = 0  # depth inside a skipped subtree
    head: dict[str, str | None] = {}
    capture: dict[str, list[str]] = {}  # title and h1 text, while they are open
    for kind, value, attrs in _soup_events(text):
        if kind == "text":
            for parts in capture.values():
                parts.append(value)
            if not skipping:
                out.text(value)
        elif kind == "start":
            if value in ("title", "h1") and value not in head:
                capture[value] = []
            elif value == "link" and "canonical" not in head and "canonical" in _attr(attrs, "rel").lower().split():
                head["canonical"] = _attr(attrs, "href") or None
            elif value == "meta" and "og_url" not in head and _attr(attrs, "property").lower() == "og:url":
                head["og_url"] = _attr(attrs, "content") or None
            elif value == "base" and "base" not in head:
                head["base"] = _attr(attrs, "href") or None
            if skipping:
                skipping += 1
            elif not out.start(value, attrs):
                skipping = 1
        else:
            if value in capture:
                head[value] = clean_line("".join(capture.pop(value))) or None
            if skipping:
                skipping -= 1  # a skipped element never opened in `out`, so it does not close there
            else:
                out.end(value)
    return head


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>|<!--.*?-->", re.S)
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
    out = _Builder(_disclosed_ids(text))
    kept = None
    if root is not None and not gave_up:
        head = _lxml_head(root)
        _walk_lxml(root, out)
        tree, kept = "lxml", root
    else:
        head = _walk_soup(text, out)
        tree = "html.parser"
    out.end_paragraph()
    get = head.get
    return HtmlPage(out.lines, get("title"), get("h1"), get("canonical"), get("og_url"), get("base"), tree, kept)
