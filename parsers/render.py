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

from parsers.css_order import unnumbered_lists, visual_order
from parsers.shadow import compose_shadow_roots
from parsers.streamed import apply_streamed, unwrap_lazy_noscript
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
# Classes whose text is not the page's to a reader: screen-reader-only text, icon fonts' ligature names ("share"),
# a looping carousel's clones of its own slides (Swiper, Slick, Owl, Splide: the real slide is there too),
# a reader view's header (Firefox: the site's domain, Readability's byline, the reading time), and a
# forum's user panel beside each post (phpBB's postprofile, vBulletin's postbit, XenForo's userDetails:
# rank, posts, joined, location; the post itself names its author), and a post's list of tags.
_UNSEEN = re.compile(
    r"(?:^|\s)(?:[\w-]*sr-only|visually-?hidden|screen-reader-(?:text|only)|a11y-hidden|offscreen|acsb-[\w-]+"
    r"|material-icons(?:-[\w-]+)?|material-symbols(?:-[\w-]+)?|glyphicon"
    r"|print-?only|visible-print(?:-\w+)?|d-print-\w+|show-for-print|avatar|initials"
    r"|swiper-slide-duplicate|slick-cloned|owl-item-cloned|splide__slide--clone"
    r"|reader-(?:domain|credits|estimated-time)"
    r"|postprofile|post-?profile|user-?panel|poster-?info|author-?panel|postbit-?(?:user|info)|message-userDetails"
    r"|message-userExtras|user-?details-?panel|post-taglist|tag-?list|tags-list)(?:$|\s)",
    re.I,
)
# An icon's accessible name that is a label, "Ask Date:" (an <img alt> or an empty <i aria-label>): a
# reader sees the icon in its place and a screen reader says the label, so the line holds the label.
_ICON_LABEL = re.compile(r"^[^\W\d_][\w .'’-]{1,30}:$")
_CSS_BEFORE = re.compile(
    r"\.(?P<cls>[\w-]+)::?before\s*\{[^{}]{0,200}?content\s*:\s*(?P<q>[\"'])(?P<label>[^\"'{}]{1,40})(?P=q)"
)
_DISPLAY_BLOCK = re.compile(r"display\s*:\s*(?:block|flex|grid|list-item|table)\b", re.I)
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
    unplaced_order: str | None = None  # a CSS rule reordering boxes that could not be placed (css_order)


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


# What a tag is to the walk, looked up once per element.
_INLINE, _BLOCK_K, _LINE_K, _SKIP_K, _A, _BUTTON, _IMG, _TEMPLATE, _FOOTER, _SUP = range(10)
_KIND: dict[str, int] = {
    **dict.fromkeys(_BLOCK, _BLOCK_K), **dict.fromkeys(_LINE, _LINE_K), **dict.fromkeys(_SKIP, _SKIP_K),
    "a": _A, "button": _BUTTON, "img": _IMG, "template": _TEMPLATE, "footer": _FOOTER, "sup": _SUP,
}  # fmt: skip
# A footnote mark: "Dr. Wang Shouji<sup>[1]</sup>", as print views and wikis cite a link; no part of a name.
_FOOTNOTE_MARK = re.compile(r"^\s*\[\s*\d{1,3}\s*\]\s*$")


def _css_labels(text: str) -> dict[str, str]:
    """Labels a page's own stylesheet draws before elements of a class, `.reply-date::before {
    content: "Reply Date: " }` (a page saved with its CSS inlined): a reader sees them as text."""
    if ":before" not in text:
        return {}
    labels = ((m["cls"], m["label"].strip()) for m in _CSS_BEFORE.finditer(text))
    return {cls: label for cls, label in labels if _ICON_LABEL.match(label)}


def _walk(root: etree._Element, ids: frozenset[str], drawn: Mapping[str, str] | None = None) -> list[Line]:
    """The visible lines of a tree, in one pass over lxml's C-level walk.

    Blocks end a paragraph (an empty Line), <br> and cells end a line; invisible subtrees are skipped
    whole. Every piece of state is a local of this function (the walk's cost is per element, so no
    attribute lookups there): `parts`/`pieces` the open line's text, `hrefs` its links (`pending` of
    them opened after its last words: the next line's), `anchors` the href of each open <a>,
    `blocks` the serials of the open blocks, `times` open elements with a datetime."""
    lines: list[Line] = []
    parts: list[str] = []
    pieces: list[tuple[str, str | None]] = []
    hrefs: list[str] = []
    anchors: list[str | None] = []  # None: an <a> with no href (<a name>) is no link; "": a button
    blocks: list[int] = []
    headings: list[int] = []
    navs: list[int] = []
    chrome: list[int] = []  # open <header>/<footer> outside any sectioning element (serials)
    times: list[tuple[int, int, int, str]] = []  # each open element with a datetime: depth, text and piece start, day
    revealed: list[int] = []  # depth of each open hidden element a disclosure control opens
    broken: list[int] = []  # depth of each open inline element styled as a block (its own line)
    state = [0, 0, 0, 0, 0]  # pending, link_chars, contents, depth, serial
    lists: list[list[int]] = []  # each open <ol>: its depth, next number, step (0 for a <ul>: no numbers)
    marker: list[str] = []  # the number of a list item not yet placed before its first words
    kinds, clean = _KIND, clean_line

    def text(s: str) -> None:
        if marker and not s.isspace():
            if not anchors and not _OWN_NUMBER.match(s):  # an item that opens with words: its number is read with them
                parts.append(marker[0])
                pieces.append((marker[0], None))
            marker.clear()  # (one that opens with a link is an entry of a list of links: no number; one
            # that writes its own number ("<li>1. Evaluate", as the site does) hides the browser's)
        parts.append(s)
        href = anchors[-1] if anchors else None
        if state[0] and not s.isspace():
            state[0] = 0
        if href is not None:
            state[1] += len(s.strip())
        pieces.append((s, href))

    def end_line() -> None:
        nonlocal hrefs
        if not parts:
            return
        line = clean("".join(parts))
        if line:
            # A link opened after the line's last words (a whole-card link whose first block
            # comes next) is the next line's.
            cut = len(hrefs) - state[0]
            mine, hrefs = hrefs[:cut], hrefs[cut:]
            lines.append(
                Line(
                    line,
                    mine,
                    state[1],
                    tuple(blocks),
                    headings[-1] if headings else 0,
                    pieces[:] if state[1] else None,
                    navs[0] if navs else 0,
                    chrome[0] if chrome else 0,
                    bool(revealed),
                )
            )
        parts.clear()
        pieces.clear()
        state[1] = 0
        times.clear()

    def end_paragraph() -> None:
        if parts:
            end_line()
        if lines and lines[-1].text:
            lines.append(Line("", [], 0, tuple(blocks)))

    walker = etree.iterwalk(root, events=("start", "end"))  # C-level walk: no recursion, no Python stack
    skipped = None
    for event, el in walker:
        tag = el.tag  # the HTML parser gives lower-case names
        if "-" in tag:
            tag = _custom(el)
        kind = kinds.get(tag, _INLINE)
        if event == "start":
            if kind == _SKIP_K:
                walker.skip_subtree()
                skipped = el
                continue
            items = el.items()
            attrs = dict(items) if items else _NO_ATTRS
            if items and _is_hidden_or_ad(attrs):
                if not (ids and _revealable(attrs, ids)):
                    walker.skip_subtree()
                    skipped = el
                    continue
                end_paragraph()
                revealed.append(state[3] + 1)
            if kind == _BUTTON:
                # A button's text is a control's ("Share", "Load more"), except an accordion's or
                # disclosure's label, or a chip styled as a button inside a link: kept, as link text.
                if not (headings or anchors or "aria-expanded" in attrs or "aria-controls" in attrs):
                    walker.skip_subtree()
                    skipped = el
                    continue
                outer = anchors[-1] if anchors else None
                anchors.append(outer if outer is not None else "")
                state[3] += 1
                if el.text:
                    text(el.text)
                continue
            if kind == _FOOTER and not state[2] and len(blocks) <= _CHROME_DEPTH:
                walker.skip_subtree()  # the page's own footer (body's child): site links, never content
                skipped = el
                continue
            if kind == _SUP and not len(el) and el.text and _FOOTNOTE_MARK.match(el.text):
                walker.skip_subtree()
                skipped = el
                continue
            if kind == _TEMPLATE and "shadowrootmode" not in attrs:
                walker.skip_subtree()
                skipped = el
                continue
            if kind == _BLOCK_K or kind == _FOOTER or kind == _TEMPLATE:
                end_paragraph()
                state[4] += 1
                blocks.append(state[4])
                level = _HEADINGS.get(tag)
                if level:
                    headings.append(level)
                elif tag == "nav":
                    navs.append(state[4])
                if tag in _CONTENT:
                    state[2] += 1
                elif tag in _CHROME and not state[2]:
                    chrome.append(state[4])
                if tag == "ol" or tag == "ul":
                    numbered = tag == "ol" and not navs  # (a breadcrumb's <ol> shows no numbers)
                    lists.append([state[3] + 1, *(_first_number(el, attrs) if numbered else (0, 0))])
                elif tag == "li" and lists and lists[-1][2] and lists[-1][0] == state[3]:
                    number = lists[-1]
                    value = _int_attr(attrs, "value")
                    if value is not None:
                        number[1] = value
                    parent = el.getparent()
                    style = attrs.get("type") or (parent.get("type") if parent is not None else None) or ""
                    marker[:] = [_marker(number[1], style)]
                    number[1] += number[2]
            elif kind == _LINE_K:
                if tag == "br" and headings:
                    parts.append(" ")  # a heading broken over lines is still one heading
                else:
                    end_line()
            elif kind == _A:
                href = attrs.get("href")
                anchors.append(href)
                if href:
                    hrefs.append(href)
                    state[0] += 1
            elif kind == _INLINE and items and "style" in attrs and _DISPLAY_BLOCK.search(attrs["style"]):
                end_line()  # a <span style="display:block">: its own line, as the browser draws it
                broken.append(state[3] + 1)
            elif kind == _IMG and headings:
                alt = attrs.get("alt")
                if alt:  # a heading drawn as an image: its alt text is the heading
                    text(f" {alt} ")
            if drawn and "class" in attrs:
                for token in attrs["class"].split():
                    if token in drawn:
                        text(f"{drawn[token]} ")
                        break
            if (kind == _IMG or kind == _INLINE) and not headings and not len(el) and not el.text:
                label = attrs.get("alt") if kind == _IMG else attrs.get("aria-label")
                if label and _ICON_LABEL.match(label):  # an icon that stands for a label ("Reply Date:")
                    text(f" {label} ")
            state[3] += 1
            day = attrs.get("datetime")
            if day is not None:  # <time>, <relative-time>, <amp-date-display>: the date's machine form
                m = _ISO_DAY.match(day)
                if m:
                    # A tooltip's date ("Thursday, 21 December 2023 06:03") is the site's own day; a
                    # UTC datetime ("…T22:03:00Z") may be the day before it.
                    hover = parse_date(attrs.get("title") or "") if attrs.get("title") else None
                    times.append((state[3], len(parts), len(pieces), hover.isoformat() if hover else m.group(1)))
            if el.text:
                text(el.text)
            continue
        # event == "end"
        if el is skipped:
            skipped = None
        else:
            depth = state[3]
            if times and times[-1][0] == depth:
                _, at, piece_at, day = times.pop()
                # The date a reader sees wins; where the text shows none ("3 days ago"), the datetime's day.
                if at <= len(parts) and parse_date("".join(parts[at:])) is None:
                    parts[at:] = [f" {day} "]
                    pieces[piece_at:] = [(f" {day} ", anchors[-1] if anchors else None)]
            if broken and broken[-1] == depth:
                end_line()
                broken.pop()
            if revealed and revealed[-1] == depth:
                end_paragraph()
                revealed.pop()
            state[3] = depth - 1
            if kind == _BLOCK_K or kind == _FOOTER or kind == _TEMPLATE:
                if lists and lists[-1][0] == depth and (tag == "ol" or tag == "ul"):
                    lists.pop()
                elif tag == "li":
                    marker.clear()
                closing = blocks[-1] if blocks else 0
                end_paragraph()
                if blocks:
                    blocks.pop()
                if tag in _HEADINGS and headings:
                    headings.pop()
                elif tag == "nav" and navs:
                    navs.pop()
                if tag in _CONTENT and state[2]:
                    state[2] -= 1
                elif tag in _CHROME and chrome and chrome[-1] == closing:
                    chrome.pop()
            elif kind == _LINE_K:
                if tag != "br":
                    end_line()
            elif (kind == _A or kind == _BUTTON) and anchors:
                anchors.pop()
        if el.tail:
            text(el.tail)
    end_paragraph()
    return lines


_NO_ATTRS: dict[str, str] = {}
# An item that writes its own number ("<li>1. Evaluate", as the site does): its stylesheet hides the browser's.
_OWN_NUMBER = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})\s*[.)、](?:\s|$)")
_UNNUMBERED = re.compile(
    r"list-style(?:-type)?\s*:\s*none|(?:^|\s)(?:list-unstyled|list-none|list-inline)(?:$|\s)", re.I
)


def _first_number(el: etree._Element, attrs: Mapping[str, str]) -> tuple[int, int]:
    """(number of an <ol>'s first item, step): its `start`, counting down if `reversed`; (0, 0) for a
    list drawn without numbers (list-style: none, Bootstrap's list-unstyled)."""
    if _UNNUMBERED.search(f"{_attr(attrs, 'style')} {_attr(attrs, 'class')}"):
        return 0, 0
    start = _int_attr(attrs, "start")
    down = "reversed" in attrs
    if start is not None:
        return start, -1 if down else 1
    return (sum(1 for c in el if c.tag == "li"), -1) if down else (1, 1)


def _int_attr(attrs: Mapping[str, str], name: str) -> int | None:
    """An integer attribute (`start`, `value`) as HTML reads it, None where it holds no integer."""
    raw = _attr(attrs, name).strip()
    return int(raw) if raw.lstrip("-").isdigit() else None


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _marker(n: int, kind: str) -> str:
    """An ordered list item's number as the browser draws it ("3. ", "c. ", "iii. ")."""
    if kind in ("a", "A") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return f"{letter.upper() if kind == 'A' else letter}. "
    if kind in ("i", "I") and 0 < n < 4000:
        out, rest = "", n
        for value, digits in _ROMAN:
            while rest >= value:
                out, rest = out + digits, rest - value
        return f"{out.upper() if kind == 'I' else out}. "
    return f"{n}. "


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


def _custom(el: etree._Element) -> str:
    """How to treat a custom element (<qa-answer>): as a block if it holds blocks, else inline."""
    return "div" if any(d.tag in _BLOCK for d in el.iterdescendants() if isinstance(d.tag, str)) else "span"


def _parse_lxml(text: str) -> tuple[etree._Element | None, bool]:
    """(root, whether libxml2 gave up part-way: a fatal error such as nesting too deep)."""
    parser = _lxml_parser()
    try:
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, True
    fatal = any(err.level == etree.ErrorLevels.FATAL for err in parser.error_log)
    return root, fatal


# Characters an lxml tree cannot hold (XML's rule), which html.parser leaves in: never visible anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _soup_tree(text: str) -> etree._Element:
    """The tree BeautifulSoup builds with html.parser, copied into an lxml tree (with an explicit
    stack: no recursion, so no depth limit), for the one walk to read like any other."""
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4.element import PreformattedString

    soup = BeautifulSoup(text, "html.parser")
    root = etree.Element("html")
    stack: list[tuple[Iterator[object], etree._Element]] = [(iter(soup.contents), root)]
    while stack:
        children, parent = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, Tag):
            if child.name == "html" and parent is root and len(stack) == 1:
                stack.append((iter(child.contents), root))  # the document's own <html> is the root
                continue
            try:
                el = etree.SubElement(parent, child.name.lower())
            except ValueError:  # a name XML refuses ("<a:b:c>", "<1x>"): its content still counts, inline
                el = etree.SubElement(parent, "span")
            for key, value in child.attrs.items():  # bs4 gives multi-valued attributes (class) as lists
                try:
                    el.set(key.lower(), _NOT_XML.sub("", " ".join(value) if isinstance(value, list) else value))
                except ValueError:
                    continue  # an attribute name XML refuses: nothing the walk reads
            stack.append((iter(child.contents), el))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            s = _NOT_XML.sub("", str(child))  # comments, doctypes and CDATA are PreformattedStrings
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + s
            else:
                parent.text = (parent.text or "") + s
    return root


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
    tree = "lxml"
    if root is None or gave_up:
        root, tree = _soup_tree(text), "html.parser"
    apply_streamed(root, text)
    unwrap_lazy_noscript(root, text)
    compose_shadow_roots(root, text)
    unplaced = visual_order(root, text)  # (the order shown, where the page's CSS reorders boxes)
    unnumbered_lists(root, text)
    head = _lxml_head(root)
    lines = _walk(root, _disclosed_ids(text), _css_labels(text))
    get = head.get
    kept = (
        root if tree == "lxml" else None
    )  # (structured data is read from libxml2's tree only: a hostile page's is not)
    return HtmlPage(lines, get("title"), get("h1"), get("canonical"), get("og_url"), get("base"), tree, kept, unplaced)
