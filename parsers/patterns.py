"""The visible labels and line shapes of a Q&A page: the site's vocabulary, in one place.

A redesign that renames a heading changes this file (and is noticed by the page checks and the
run's quality monitor until it does); one that only changes markup changes nothing here.
"""

from __future__ import annotations

import re

# "Share to:", and the same label where the site chrome is localised (zh, ar, fr, de, es).
SHARE = re.compile(r"^(?:share\s+(?:to|this)\b|分享到|分享至|شارك|partager\b|teilen\b|compartir\b)", re.I)
ASK = re.compile(r"\bAsk(?:ed)?\s+(?:Date|on)\s*[:：]", re.I)
# "Ask Date:" a question quotes ("I asked before (Ask Date: 2015/10/01) and …"): not its asker line.
QUOTED_ASK = re.compile(r"[(\[\"'“‘«]\s*Ask(?:ed)?\s+(?:Date|on)\s*[:：]", re.I)
DOCTOR = re.compile(r"^Dr\.?\s+(?P<name>\S.{0,80}?)\s+repl(?:y|ied)\s*[:：]?\s+(?P<dept>\S.{0,80})$")
# A doctor's rank or credential after the name: "Dr. Wang Shouji (Attending Physician) reply ...", ", MD".
_RANK = re.compile(
    r"\s*(?:[(（][^()（）]*\b(?:physician|resident|director|chief|attending|professor|prof\.?|consultant|surgeon"
    r"|specialist|fellow|intern|lecturer|head|m\.?d\.?|ph\.?d\.?|dds|rn|np)\b[^()（）]*[)）]"
    r"|[(（][^()（）]*(?:主任|醫師|医师|教授|院長|院长)[^()（）]*[)）]|,\s*(?:m\.?d\.?|ph\.?d\.?|dds|do|facs)\.?)$",
    re.I,
)


def doctor_name(raw: str) -> str:
    """The name in a doctor line, without a rank or credential the design writes after it."""
    return _RANK.sub("", raw.strip()) or raw.strip()


REPLY_DATE = re.compile(r"^(?:Repl(?:y|ied)|Answer(?:ed)?)\s+(?:Date|on|at)\b\s*[:：]?", re.I)
READ_MORE = re.compile(r"^\[\s*read\s+more\s*\]\s*(?P<title>.*)$", re.I)
FAQ_DEPT = re.compile(r"^[(（](?P<dept>[^()（）]{1,80})[)）]$")  # (full-width parentheses in CJK templates)
FAQ_INLINE = re.compile(r"^(?P<topic>.+?)\s*[(（](?P<dept>[^()（）]{1,80})[)）]$")
AD_LINE = re.compile(r"^(?:advertisement|advertising|sponsored(?:\s+content)?|ad)$", re.I)
# Widgets' lines: a rating, "Was this helpful?", "Report", "Page 1 of 1", "2,523 views · 1 answer", a vote
# count ("👍 12", "Helpful (3)", "12 people found this helpful"), a badge ("✓ Verified doctor").
WIDGET_LINE = re.compile(
    r"^(?:[★☆✩✭\s]*\d(?:[.,]\d)?\s*(?:[★☆]|stars?\b|/\s*5)[^a-z]*(?:votes?|ratings?)?\W*"
    r"|was this (?:answer |reply |page )?(?:helpful|useful)\??.{0,30}"
    r"|(?:report|flag)(?: (?:this|answer|reply|abuse))*"
    r"|page \d+ of \d+"
    r"|(?:about |~)?\d+(?:\s*[-–]\s*\d+)? ?(?:minutes?|mins?) (?:read|reading(?: time)?)"
    r"|(?:reading time|read time):? ?\d+(?:\s*[-–]\s*\d+)? ?(?:minutes?|mins?)"
    # a post's stamp: "asked Nov 6 '15 at 10:03", "edited 2015-11-06", "answered 3 years ago"
    r"|(?:asked|answered|edited|modified|posted|updated)\s+(?:on\s+)?(?:[A-Z][a-z]{2}\.?\s+\d{1,2}(?:,?\s+'?\d{2,4})?"
    r"|\d{4}-\d{2}-\d{2}|\d+\s+(?:minutes?|hours?|days?|months?|years?)\s+ago)(?:\s+at\s+\d{1,2}:\d{2})?"
    r"|(?:consult|message|book|chat with|ask)\s+dr\.?\s+[^.!?,]{1,40}?"  # a doctor's call-to-action button
    r"(?:\s*[·•|]?\s*(?:usually\s+)?(?:replies|responds|answers)\s+(?:in|within)\s+[^.!?]{1,20})?"
    r"|[👍👎❤♥⬆▲△↑]\ufe0f?\s*[\d,.]+k?"
    r"|(?:helpful|useful|upvotes?|likes?|thanks|agree)\s*(?:\(\s*[\d,.]+k?\s*\)|[\d,.]+k?)"
    r"|[\d,.]+k?\s+(?:people|persons?|users?|readers?|members?)\s+found\s+(?:this|it)\s+(?:answer\s+|reply\s+)?(?:helpful|useful)\.?"
    r"|[✓✔☑✅]\ufe0f?\s*verified(?:\s+(?:doctor|physician|expert|specialist|answer|account))?"
    r"|verified\s+(?:doctor|physician|expert|specialist)"
    # a message's time stamp alone ("10:03", "2:32 PM"), a chat export's "In reply to this message"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"|in reply to (?:this|the) (?:message|post|comment)"
    # a post's menu, two controls or more: "Share Follow", "Share Edit Follow Flag"
    r"|(?:share|follow|edit|cite|save|flag|reply|improve this (?:question|answer))"
    r"(?:\s*[·•|]?\s*(?:share|follow|edit|cite|save|flag|reply|improve this (?:question|answer)))+"
    r"|\W{0,3}(?:[\d,.]+k? (?:views?|answers?|replies|votes?|likes?|followers?|posts?)|followed by \d+)"
    r"(?:\s*[·•|,]\s*(?:[\d,.]+k? (?:views?|answers?|replies|votes?|likes?|followers?|posts?)|followed by \d+"
    r"|page \d+ of \d+))*)$",
    re.I,
)
DEPT_SEP = re.compile(r"\s+[-–—]\s+")
SITE_SUFFIX = re.compile(r"\s+[|｜]\s+[^|｜]+$")

# Section labels, by the kind of rows their section gives. A count may follow ("Similar Q&A (4)"),
# and an accordion's glyphs ("More Info + −").
_COUNT = r"\s*(?:\(\d+\)|\d+)?\s*[:：]?\s*(?:[-+−–▾▴▸▹►▼▲›»⌄⌃]\s*)*$"
LABELS: dict[str, re.Pattern[str]] = {
    "more_info": re.compile(r"^more\s+info(?:rmation)?" + _COUNT, re.I),
    "similar_qa": re.compile(r"^similar\s+(?:q\s*(?:&|and)\s*a|questions?)" + _COUNT, re.I),
    "related_faq": re.compile(r"^related\s+(?:faqs?|topics?)" + _COUNT, re.I),
}
LABEL_NAMES = {"more_info": "More Info", "similar_qa": "Similar Q&A", "related_faq": "Related FAQ"}


# A bilingual label's other language, before or after the English one: "More Info 更多資訊",
# "相似問答 Similar Q&A", "More Info | مزيد من المعلومات".
_OTHER_SCRIPT = re.compile(r"^[^\x00-\x7f][^A-Za-z]*(?=[A-Za-z])|(?<=[\w&)])[\s|/·•:：-]*[^\x00-\x7f][^A-Za-z]*$")


def label_kind(text: str) -> str | None:
    """The section kind a label line names, or None."""
    if len(text) >= 40:
        if len(text) >= 80 or text.isascii():
            return None
    for kind, pattern in LABELS.items():
        if pattern.match(text):
            return kind
    if not text.isascii():
        english = _OTHER_SCRIPT.sub("", text).strip()
        if english != text and english.isascii() and len(english) < 40:
            return label_kind(english)
    return None
