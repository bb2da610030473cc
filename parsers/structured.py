"""What a page declares about itself in structured data: a second witness for the visible text.

schema.org ``QAPage``/``Question``/``Answer`` and ``BreadcrumbList`` in JSON-LD and microdata, and
OpenGraph's ``og:title``, read with extruct into one :class:`Declared`. The parser reads the visible
text first; this says what the page claims, to check that against, and to fall back on where the
visible labels are not understood.

Pure functions, no I/O. Cheap on pages without structured data: unless the HTML holds one of
``application/ld+json``, ``itemscope`` or ``og:`` (any case) nothing is parsed or walked. Hostile input
never raises: malformed JSON, odd shapes and garbage values give fields of ``None`` (or an empty
:class:`Declared`), and the work is bounded (script size, answers, nesting depth, nodes walked).
Where JSON-LD and microdata both declare a question, JSON-LD wins and microdata only fills the fields
JSON-LD lacks.
"""

from __future__ import annotations

import datetime
import html as htmllib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import lxml.etree as etree
import lxml.html
from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor

__all__ = ["Declared", "DeclaredAnswer", "read_declared"]

MAX_HTML_CHARS = 8 * 1024 * 1024  # when we parse the page ourselves, at most this much of it
MAX_SCRIPT_BYTES = 1024 * 1024  # a JSON-LD script over 1 MiB is ignored
MAX_ANSWERS = 1000
MAX_DEPTH = 20  # nesting levels walked in a JSON-LD (or microdata) tree
MAX_NODES = 50_000  # objects walked over all the JSON-LD of one page
MAX_ITEMSCOPES = 2_000  # more microdata items than this (extruct slows down quadratically): microdata is skipped
MAX_ITEMPROPS = 10_000  # likewise for microdata properties
MAX_BREADCRUMBS = 100

_GATE = (b"application/ld+json", b"itemscope", b"og:")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_WS = re.compile(r"\s+")
_DR = re.compile(r"^(?:dr\.\s*|dr\s+)", re.I)
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_INT = re.compile(r"^\s*([+-]?\d{1,12})(?:\.0*)?\s*$")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table tbody thead tfoot tr td th ul".split()
)
# Markup inside a JSON-LD string: real HTML tags only ("7/10 <not constant>" is text as the page shows it).
_MARKUP = re.compile(
    r"<(?:/?(?:a|b|blockquote|br|code|div|em|h[1-6]|hr|i|img|li|ol|p|pre|small|span|strong|sub|sup|table|"
    r"td|th|tr|u|ul)\b[^<>]*|!--)>?",
    re.I,
)
_SKIP_TAGS = frozenset(("script", "style", "template", "noscript"))


@dataclass(frozen=True, slots=True)
class DeclaredAnswer:
    author: str | None  # as declared, "Dr." prefix removed ("Wang Shouji")
    department: str | None  # author's medicalSpecialty / department / worksFor|affiliation department, or `about`
    text: str | None  # plain text, lines joined by "\n"
    date: datetime.date | None  # dateCreated / datePublished, the date as written
    accepted: bool


@dataclass(frozen=True, slots=True)
class Declared:
    syntaxes: tuple[str, ...]  # which were found, of "json-ld", "microdata", "opengraph"
    title: str | None = None  # Question.name
    text: str | None = None  # Question.text (plain)
    author: str | None = None  # Question.author.name (or a plain string author)
    date: datetime.date | None = None  # Question.dateCreated / datePublished
    department: str | None = None  # Question (or QAPage) about / medicalSpecialty / specialty / articleSection
    answers: tuple[DeclaredAnswer, ...] = ()  # suggested and accepted merged in page order
    answer_count: int | None = None
    og_title: str | None = None
    breadcrumbs: tuple[str, ...] = ()  # BreadcrumbList item names in position order

    @property
    def has_question(self) -> bool:
        return bool(self.title) and (bool(self.text) or bool(self.answers))


_EMPTY = Declared(syntaxes=())


def read_declared(root: etree._Element | None, html: str, base_url: str | None = None) -> Declared:
    """What the page declares. `root`: the lxml HTML tree the caller already parsed, or None (then
    `html` is parsed here, at most MAX_HTML_CHARS of it). Never raises."""
    try:
        if not isinstance(html, str):
            return _EMPTY
        # bytes: lower-casing and searching them is several times cheaper than a str of non-ASCII text
        lowered = html.encode("utf-8", "surrogatepass").lower()
        has_ld, has_md, has_og = (marker in lowered for marker in _GATE)
        if not (has_ld or has_md or has_og):
            return _EMPTY
        if root is None:
            root = _parse(html)
            if root is None:
                return _EMPTY
        return _read(root, base_url, has_ld, has_md, has_og)
    except Exception:  # the last guard: a page's structured data must never fail its parse
        return _EMPTY


def _read(root: etree._Element, base_url: str | None, has_ld: bool, has_md: bool, has_og: bool) -> Declared:
    syntaxes: list[str] = []
    ld: Declared | None = None
    md: Declared | None = None
    og_title: str | None = None
    if has_ld:
        items = _jsonld_items(root)
        if items:
            syntaxes.append("json-ld")
            ld = _from_tree(items, html_values=True, order=None)
    if has_md:
        order: dict[int, int] = {}
        items = _microdata_items(root, base_url, order)
        if items:
            syntaxes.append("microdata")
            md = _from_tree(items, html_values=False, order=order)
    if has_og:
        found, og_title = _opengraph(root)
        if found:
            syntaxes.append("opengraph")
    out = _merge(ld, md) if ld is not None and md is not None else (ld or md or _EMPTY)
    return replace(out, syntaxes=tuple(syntaxes), og_title=og_title)


def _parse(html: str) -> etree._Element | None:
    data = html[:MAX_HTML_CHARS].encode("utf-8", "replace")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except Exception:
        return None


# ---- extraction (extruct) ------------------------------------------------------------------------


def _jsonld_items(root: etree._Element) -> list[Any]:
    """Every JSON-LD object of the page, script by script: a script that does not parse (or is too
    big) is left out without losing the others."""
    extractor = JsonLdExtractor()
    items: list[Any] = []
    try:
        scripts = root.xpath("//script[@type]")
    except Exception:
        return items
    for node in scripts if isinstance(scripts, list) else ():
        if not isinstance(node, etree._Element):
            continue
        kind = str(node.get("type") or "")
        if kind.strip().lower().split(";")[0].strip() != "application/ld+json":
            continue
        text = "".join(node.itertext())
        if len(text) > MAX_SCRIPT_BYTES or (
            len(text) * 4 > MAX_SCRIPT_BYTES and len(text.encode("utf-8", "replace")) > MAX_SCRIPT_BYTES
        ):
            continue
        try:
            if kind == "application/ld+json":  # the public API finds the script node itself
                found = extractor.extract_items(node)
            else:  # a variant spelling ("application/ld+json; charset=utf-8"): the same decoder, per node
                found = [item for item in extractor._extract_items(node) if item]
        except Exception:  # malformed JSON, even for jstyleson; RecursionError on absurd nesting
            continue
        items.extend(item for item in found if isinstance(item, dict | list))
    return items


def _microdata_items(root: etree._Element, base_url: str | None, order: dict[int, int]) -> list[Any]:
    """Microdata items turned into JSON-LD-like objects ({"@type": ..., prop: value}); `order` gets
    each object's position in the document (by id of the object), for answers' page order."""
    try:
        scopes = root.xpath("count(//*[@itemscope])")
        if not isinstance(scopes, float) or scopes == 0 or scopes > MAX_ITEMSCOPES:
            return []
        props = root.xpath("count(//*[@itemprop])")
        if not isinstance(props, float) or props > MAX_ITEMPROPS:
            return []
        # extruct's property lookup is quadratic in how deep items nest: refuse absurd nesting first
        if root.xpath(f"boolean(//*[@itemscope][count(ancestor::*[@itemscope]) > {MAX_DEPTH}])"):
            return []
        raw = MicrodataExtractor(add_html_node=True).extract_items(root, base_url)
        positions = {el: i for i, el in enumerate(root.xpath("//*[@itemscope]"))}
    except Exception:  # RecursionError on items nested past Python's stack, anything else
        return []
    return [obj for item in raw if isinstance(obj := _md_to_ld(item, positions, order, 0), dict)]


def _md_to_ld(value: Any, positions: dict[Any, int], order: dict[int, int], depth: int) -> Any:
    if isinstance(value, list):
        if depth > MAX_DEPTH:
            return None
        return [_md_to_ld(v, positions, order, depth + 1) for v in value[:MAX_ANSWERS]]
    if not isinstance(value, dict):
        return value
    if depth > MAX_DEPTH:
        return None
    obj: dict[str, Any] = {}
    if "type" in value:
        obj["@type"] = value["type"]
    if "id" in value:
        obj["@id"] = value["id"]
    props = value.get("properties")
    if isinstance(props, dict):
        for key, v in props.items():
            obj[key] = _md_to_ld(v, positions, order, depth + 1)
    elif "value" in value:
        obj["name"] = value["value"]
    node = value.get("htmlNode")
    if node is not None and node in positions:
        order[id(obj)] = positions[node]
    return obj


class _OgDocument:
    """What extruct's OpenGraphExtractor needs of a document (xpath and .head), for a plain
    lxml.etree tree, which has no .head."""

    __slots__ = ("_root", "head")

    def __init__(self, root: etree._Element, head: etree._Element) -> None:
        self._root = root
        self.head = head

    def xpath(self, path: str) -> Any:
        return self._root.xpath(path)


def _opengraph(root: etree._Element) -> tuple[bool, str | None]:
    try:
        heads = root.xpath("//head")
        if not isinstance(heads, list) or not heads:
            return False, None
        found = False
        title: str | None = None
        for item in OpenGraphExtractor().extract_items(_OgDocument(root, heads[0])):
            for prop, value in item.get("properties", ()):
                found = True
                if title is None and prop == "og:title":
                    title = _line(value, html_values=False)
        return found, title
    except Exception:
        return False, None


# ---- the tree: find the question, read its fields ------------------------------------------------


class _Tree:
    """All objects of one syntax in document order, with types and @id references resolved."""

    def __init__(self, items: list[Any], html_values: bool, order: dict[int, int] | None) -> None:
        self.html_values = html_values
        self.order = order
        self.nodes: list[dict[str, Any]] = []
        self.ids: dict[str, dict[str, Any]] = {}
        stack: list[tuple[Any, int]] = [(item, 0) for item in reversed(items)]
        while stack and len(self.nodes) < MAX_NODES:
            value, depth = stack.pop()
            if depth > MAX_DEPTH:
                continue
            if isinstance(value, list):
                stack.extend((v, depth + 1) for v in reversed(value[:MAX_NODES]))
            elif isinstance(value, dict):
                self.nodes.append(value)
                ident = value.get("@id")
                if isinstance(ident, str) and len(value) > 1 and ident not in self.ids:
                    self.ids[ident] = value
                stack.extend((v, depth + 1) for v in reversed(list(value.values())) if isinstance(v, dict | list))

    def deref(self, value: Any) -> Any:
        """A bare {"@id": ...} reference is the object it names, where the page defines it."""
        if isinstance(value, dict) and "@id" in value and set(value) <= {"@id", "@type"}:
            target = self.ids.get(value["@id"]) if isinstance(value["@id"], str) else None
            return target if target is not None else value
        return value

    def first(self, kind: str) -> dict[str, Any] | None:
        return next((node for node in self.nodes if _is(node, kind)), None)

    def objects(self, value: Any) -> Iterator[dict[str, Any]]:
        """The objects a property holds: one object, or the objects of a list."""
        for v in value if isinstance(value, list) else [value]:
            v = self.deref(v)
            if isinstance(v, dict):
                yield v


def _types(node: dict[str, Any]) -> list[str]:
    kinds = node.get("@type", node.get("type"))
    out = []
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if isinstance(kind, str):
            out.append(re.split(r"[/#:]", kind.strip())[-1].lower())
    return out


def _is(node: dict[str, Any], kind: str) -> bool:
    return kind.lower() in _types(node)


def _prop(node: dict[str, Any], name: str) -> Any:
    """node[name], also under a prefixed or full-IRI key ("schema:name", "http://schema.org/name")."""
    if name in node:
        return node[name]
    for key, value in node.items():
        if isinstance(key, str) and (":" in key or "/" in key) and re.split(r"[/#:]", key)[-1] == name:
            return value
    return None


def _from_tree(items: list[Any], html_values: bool, order: dict[int, int] | None) -> Declared:
    tree = _Tree(items, html_values, order)
    crumbs = _breadcrumbs(tree)
    page = tree.first("QAPage")
    question: dict[str, Any] | None = None
    if page is not None:
        question = next((q for q in tree.objects(_prop(page, "mainEntity")) if _is(q, "Question")), None)
    if question is None:
        question = tree.first("Question")
    if question is None:
        return Declared(syntaxes=(), breadcrumbs=crumbs)
    hv = html_values
    department = _department_of(tree, question)
    if department is None and page is not None:
        department = _department_of(tree, page)
    return Declared(
        syntaxes=(),
        title=_line(_prop(question, "name"), hv) or _line(_prop(question, "headline"), hv),
        text=_text(_prop(question, "text"), hv),
        author=_person(tree, _prop(question, "author")),
        date=_date_of(question),
        department=department,
        answers=_answers(tree, question),
        answer_count=_int(_prop(question, "answerCount")),
        breadcrumbs=crumbs,
    )


def _department_of(tree: _Tree, node: dict[str, Any]) -> str | None:
    for key in ("about", "medicalSpecialty", "specialty", "articleSection"):
        value = _thing_name(tree, _prop(node, key))
        if value:
            return value
    return None


def _thing_name(tree: _Tree, value: Any) -> str | None:
    """A string, or the name of an object that is not itself a question, answer or person."""
    for v in value if isinstance(value, list) else [value]:
        v = tree.deref(v)
        if isinstance(v, dict):
            if any(_is(v, k) for k in ("Question", "Answer", "Person", "QAPage", "WebPage")):
                continue
            v = _prop(v, "name")
        name = _line(v, tree.html_values)
        if name and re.match(r"^https?://", name):  # an enumeration member, https://schema.org/Cardiovascular
            name = re.split(r"[/#]", name.rstrip("/"))[-1] or None
        if name:
            return name
    return None


def _person(tree: _Tree, value: Any) -> str | None:
    for v in value if isinstance(value, list) else [value]:
        v = tree.deref(v)
        name = _line(_prop(v, "name") if isinstance(v, dict) else v, tree.html_values)
        if name:
            return name
    return None


def _author_department(tree: _Tree, author: Any) -> str | None:
    for person in tree.objects(author):
        for key in ("medicalSpecialty", "department"):
            found = _thing_name(tree, _prop(person, key))
            if found:
                return found
        for org_key in ("worksFor", "affiliation", "memberOf"):
            for org in tree.objects(_prop(person, org_key)):
                for key in ("department", "medicalSpecialty"):
                    found = _thing_name(tree, _prop(org, key))
                    if found:
                        return found
    return None


def _answers(tree: _Tree, question: dict[str, Any]) -> tuple[DeclaredAnswer, ...]:
    """suggestedAnswer and acceptedAnswer merged into page order: document order for microdata; else
    by declared position where every answer has one; else the accepted ones merged into the suggested
    ones by date; else in the order the two properties are declared."""
    groups: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
    key_order: list[bool] = []
    for key, value in question.items():
        if not isinstance(key, str):
            continue
        short = re.split(r"[/#:]", key)[-1]
        if short not in ("suggestedAnswer", "acceptedAnswer"):
            continue
        accepted = short == "acceptedAnswer"
        if accepted not in key_order:
            key_order.append(accepted)
        for node in tree.objects(value):
            if len(groups[False]) + len(groups[True]) >= MAX_ANSWERS:
                break
            groups[accepted].append(node)
    # the accepted answer repeated among the suggested ones: one answer, accepted
    accepted_nodes = groups[True]
    suggested: list[tuple[dict[str, Any], bool]] = []
    for node in groups[False]:
        twin = next((a for a in accepted_nodes if _same_answer(a, node)), None)
        if twin is not None:
            accepted_nodes = [a for a in accepted_nodes if a is not twin]
            suggested.append((node, True))
        else:
            suggested.append((node, False))
    accepted_list = [(node, True) for node in accepted_nodes]
    merged = _merge_order(tree, suggested, accepted_list, key_order)
    return tuple(_answer(tree, node, accepted) for node, accepted in merged[:MAX_ANSWERS])


def _same_answer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a is b:
        return True
    ida, idb = a.get("@id"), b.get("@id")
    if isinstance(ida, str) and ida == idb:
        return True
    text_a, text_b = _prop(a, "text"), _prop(b, "text")
    return (
        isinstance(text_a, str)
        and bool(text_a.strip())
        and text_a == text_b
        and _prop(a, "author") == _prop(b, "author")
    )


def _merge_order(
    tree: _Tree,
    suggested: list[tuple[dict[str, Any], bool]],
    accepted: list[tuple[dict[str, Any], bool]],
    key_order: list[bool],
) -> list[tuple[dict[str, Any], bool]]:
    both = suggested + accepted
    if tree.order is not None and all(id(node) in tree.order for node, _ in both):
        return sorted(both, key=lambda pair: tree.order[id(pair[0])] if tree.order else 0)
    positions = [_int(_prop(node, "position")) for node, _ in both]
    if both and all(p is not None for p in positions):
        ranked = sorted(zip(positions, range(len(both)), both, strict=True), key=lambda t: (t[0], t[1]))
        return [pair for _, _, pair in ranked]
    if suggested and accepted:
        dates_s = [_date_of(node) for node, _ in suggested]
        dates_a = [_date_of(node) for node, _ in accepted]
        if all(d is not None for d in dates_s + dates_a):
            out: list[tuple[dict[str, Any], bool]] = []
            i = j = 0
            accepted_first = key_order[:1] == [True]
            while i < len(suggested) and j < len(accepted):
                ds, da = dates_s[i], dates_a[j]
                assert ds is not None and da is not None
                if da < ds or (da == ds and accepted_first):
                    out.append(accepted[j])
                    j += 1
                else:
                    out.append(suggested[i])
                    i += 1
            return out + suggested[i:] + accepted[j:]
    return accepted + suggested if key_order[:1] == [True] else suggested + accepted


def _answer(tree: _Tree, node: dict[str, Any], accepted: bool) -> DeclaredAnswer:
    author_value = _prop(node, "author")
    author = _person(tree, author_value)
    if author:
        author = _DR.sub("", author).strip() or None
    department = _author_department(tree, author_value) or _thing_name(tree, _prop(node, "about"))
    return DeclaredAnswer(
        author=author,
        department=department,
        text=_text(_prop(node, "text"), tree.html_values),
        date=_date_of(node),
        accepted=accepted,
    )


def _breadcrumbs(tree: _Tree) -> tuple[str, ...]:
    crumbs = tree.first("BreadcrumbList")
    if crumbs is None:
        return ()
    ranked: list[tuple[bool, int, int, str]] = []
    for index, item in enumerate(tree.objects(_prop(crumbs, "itemListElement"))):
        if index >= MAX_BREADCRUMBS:
            break
        name = _line(_prop(item, "name"), tree.html_values)
        if not name:
            inner = tree.deref(_prop(item, "item"))
            if isinstance(inner, dict):
                name = _line(_prop(inner, "name"), tree.html_values)
        if name:
            position = _int(_prop(item, "position"))
            ranked.append((position is None, position or 0, index, name))
    return tuple(name for *_, name in sorted(ranked))


# ---- values --------------------------------------------------------------------------------------


def _scalar(value: Any) -> str | None:
    """A string from a declared value: a string, a number, {"@value": ...}, or the first of a list."""
    for _ in range(MAX_DEPTH):
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, dict):
            value = value.get("@value")
        elif isinstance(value, list):
            value = next((v for v in value if v is not None and v != ""), None)
        else:
            return None
    return None


def _clean(text: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def _lines(value: Any, html_values: bool) -> list[str]:
    raw = _scalar(value)
    if raw is None:
        return []
    raw = _clean(raw)
    if html_values and (_MARKUP.search(raw) or "&" in raw):
        raw = _html_to_text(raw) if _MARKUP.search(raw) else htmllib.unescape(raw)
    out = []
    for line in raw.splitlines():
        line = _WS.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def _line(value: Any, html_values: bool) -> str | None:
    return " ".join(_lines(value, html_values)) or None


def _text(value: Any, html_values: bool) -> str | None:
    return "\n".join(_lines(value, html_values)) or None


def _html_to_text(markup: str) -> str:
    """Markup inside a JSON-LD string as text: <br> and block elements break lines, entities decoded."""
    if "<" not in markup:
        return htmllib.unescape(markup)
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:
        return htmllib.unescape(re.sub(r"<[^>]*>", " ", markup))
    parts: list[str] = []
    skipping: etree._Element | None = None
    for event, el in etree.iterwalk(fragment, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                skipping = el
                continue
            if skipping is not None:
                continue
            if tag == "br" or tag in _BLOCK_TAGS:
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append(" ")
            if el.text and isinstance(el.tag, str):
                parts.append(el.text)
        else:
            if el is skipping:
                skipping = None
            elif skipping is not None:
                continue
            elif tag in _BLOCK_TAGS:
                parts.append("\n")
            if el is not fragment and el.tail:
                parts.append(el.tail)
    return _CONTROL.sub("", "".join(parts))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = _scalar(value)
    match = _INT.match(text) if text is not None else None
    if match is None:
        return None
    number = int(match.group(1))
    return number if number >= 0 else None


def _date(value: Any) -> datetime.date | None:
    text = _scalar(value)
    if text is None or isinstance(value, int | float):
        return None
    match = _DATE.match(_clean(text))
    if match is None:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _date_of(node: dict[str, Any]) -> datetime.date | None:
    return _date(_prop(node, "dateCreated")) or _date(_prop(node, "datePublished"))


# ---- JSON-LD first, microdata fills ---------------------------------------------------------------


def _merge(ld: Declared, md: Declared) -> Declared:
    if not ld.has_question and md.has_question and not ld.title:
        base, other = md, ld  # JSON-LD declares no question: microdata's is the one
    else:
        base, other = ld, md
    answers = base.answers or other.answers
    if base.answers and len(base.answers) == len(other.answers):
        answers = tuple(
            replace(
                a,
                author=a.author or b.author,
                department=a.department or b.department,
                text=a.text or b.text,
                date=a.date or b.date,
            )
            for a, b in zip(base.answers, other.answers, strict=True)
        )
    return Declared(
        syntaxes=(),
        title=base.title or other.title,
        text=base.text or other.text,
        author=base.author or other.author,
        date=base.date or other.date,
        department=base.department or other.department,
        answers=answers,
        answer_count=base.answer_count if base.answer_count is not None else other.answer_count,
        breadcrumbs=ld.breadcrumbs or md.breadcrumbs,
    )
