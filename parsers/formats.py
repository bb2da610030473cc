"""Pages saved as something other than HTML or a text snapshot: a Markdown clipper's file, an
e-mail notification. Each is turned into the HTML its conventions stand for (headings, lists,
links, emphasis), so the one HTML reader reads it and nothing here knows the site's labels.

Markdown is rendered by markdown-it-py (CommonMark) with every newline kept as a line break: a
clipper writes one line per line the page showed. A mail's text is unwrapped where RFC 3676
(format=flowed) says a line break is soft, its signature ("-- ") dropped, and a "<url>" after a
line's words made the link of those words; the rest is the plain-text conventions Markdown was
drawn from (underlined headings, "* " items).
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from html import escape

import yaml
from markdown_it import MarkdownIt

from parsers.decode import decode

_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
_MAIL = (".eml",)
_HEADER = re.compile(
    rb"^(?:from|to|subject|date|message-id|mime-version|content-type|received|return-path|delivered-to|reply-to)"
    rb"\s*:",
    re.I,
)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_URL_KEYS = ("source", "url", "canonical", "canonical_url", "original_url", "link", "source_url")
_ANGLE_URL = re.compile(r"^(?P<lead>\s*(?:[*+-]\s+)?)(?P<text>\S.*?)\s*<(?P<url>https?://[^\s<>]+)>\s*$")
_ONLINE = re.compile(
    r"^(?:view|read|open|see)\b[^<>]{0,40}\b(?:online|browser|web(?:site)?|site)\b\s*:?\s*<?(?P<url>https?://[^\s<>]+)>?$",
    re.I,
)


def kind_of(raw: bytes, name: str) -> str | None:
    """ "markdown" or "mail" for a page saved so (by its file name, or a mail by its headers), else None."""
    lower = name.lower()
    if lower.endswith(_MARKDOWN):
        return "markdown"
    if lower.endswith(_MAIL):
        return "mail"
    if not _HEADER.match(raw[:40]):  # (on every page: most open with "<", and are done here)
        return None
    head = raw[:2048].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0].splitlines()
    return "mail" if sum(1 for line in head if _HEADER.match(line)) >= 3 else None


def page_html(body: str, title: str | None = None, canonical: str | None = None) -> str:
    """A page of HTML a saved format was turned into (Markdown, a mail, a feed entry), read as any page."""
    head = '<meta charset="utf-8">'
    if title:
        head += f"<title>{escape(title)}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{escape(canonical)}">'
    return f"<!DOCTYPE html><html><head>{head}</head><body><main><article>{body}</article></main></body></html>"


def _renderer(mail: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"breaks": True, "html": False})
    if mail:  # a mail's indented lines are continuations and its "```" is text, never code
        md.disable(["code", "fence"])
    return md


def markdown_to_html(text: str) -> str:
    """A clipped page: its YAML front matter gives the <title> and the page's own URL."""
    title = canonical = None
    front = _FRONT.match(text)
    if front:
        text = text[front.end() :]
        try:
            meta = yaml.safe_load(front.group("yaml"))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict):
            title = meta.get("title") if isinstance(meta.get("title"), str) else None
            urls = [meta.get(k) for k in _URL_KEYS]
            canonical = next((u for u in urls if isinstance(u, str) and u.startswith(("http://", "https://"))), None)
    return page_html(_renderer(mail=False).render(text), title, canonical)


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676: a line ending in a space continues on the next (the signature separator aside)."""
    out: list[str] = []
    joined = ""
    for line in text.split("\n"):
        if line.startswith(" ") and joined == "":
            line = line[1:]  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            joined += line[:-1] if delsp else line
            continue
        out.append(joined + line)
        joined = ""
    if joined:
        out.append(joined)
    return "\n".join(out)


def mail_to_html(raw: bytes) -> str:
    """A notification mail: its HTML part where it has one, else its text as described above."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(preferencelist=("html", "plain")) if msg.is_multipart() else msg
    if part is None:
        return page_html("")
    payload = part.get_payload(decode=True)  # the transfer encoding (base64, quoted-printable) undone
    if not isinstance(payload, bytes):
        return page_html("")
    # Our charset rules, not the mail's default (US-ASCII where it names none): valid UTF-8 wins.
    content, _ = decode(payload, part.get_content_charset())
    if part.get_content_type() == "text/html":
        return content
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    if part.get_param("format", "", header="content-type") == "flowed" or "content-type" not in part:
        text = _unflow(text, str(part.get_param("delsp", "no", header="content-type")).lower() == "yes")
    lines, canonical = [], None
    for line in text.split("\n"):
        if line.rstrip() == "--":  # the signature: who sent it and how to unsubscribe, never the page
            break
        online = _ONLINE.match(line.strip())
        if online:
            canonical = canonical or online.group("url")
            continue
        m = _ANGLE_URL.match(line)
        if m:
            words = re.sub(r"([\[\]\\])", r"\\\1", m.group("text"))
            line = f"{m.group('lead')}[{words}](<{m.group('url')}>)"
        lines.append(line)
    return page_html(_renderer(mail=True).render("\n".join(lines)), None, canonical)
