"""The asker line: "<name>, <age range> <gender>. Ask Date: <date>", in the forms designs give it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.patterns import ASK

_AGE_RANGE = re.compile(r"(?P<min>\d{1,3})\s*(?:~|-|–|to)\s*(?P<max>\d{1,3})\s*(?:years?|yrs?|y)?[\s-]*(?:old)?", re.I)
_AGE_OPEN = re.compile(
    r"(?P<min>\d{1,3})\s*(?:\+|(?:years?|yrs?)?[\s-]*(?:old)?\s*(?:and|or)\s+(?:above|over|older))", re.I
)
_AGE_ONE = re.compile(r"(?P<min>\d{1,3})\s*(?:years?|yrs?)[\s-]*old", re.I)
_GENDER = re.compile(r"\b(?P<g>female|male|woman|man|girl|boy)\b", re.I)
_GENDERS = {"female": "female", "woman": "female", "girl": "female", "male": "male", "man": "male", "boy": "male"}
_PARTS = re.compile(r"[,，·•|]")
_BY = re.compile(r"^(?:asked\s+by|by)\s+", re.I)
_STRIP = " .;:-–—―~\u2012\u2013\u2014\u2015"  # (an attribution's dash: "— Jie")


@dataclass(slots=True)
class Asker:
    name: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    gender: str | None = None


def _age(part: str) -> re.Match[str] | None:
    return _AGE_RANGE.search(part) or _AGE_OPEN.search(part) or _AGE_ONE.search(part)


def looks_like_asker(text: str) -> bool:
    """A short line with an age and a gender: the asker's part, when a design puts the date apart."""
    return len(text) < 80 and _age(text) is not None and _GENDER.search(text) is not None


# The labels of an asker shown as label / value rows (a table, a <dl>): "Asker | Jie", "Age / Gender".
_ROW_LABEL = re.compile(
    r"^(?:(?P<name>asker|name|patient|asked\s+by|member|user(?:name)?|nickname|提問者|提问者|姓名)"
    r"|(?P<age>age|年齡|年龄)|(?P<gender>gender|sex|性別|性别)"
    r"|(?P<both>(?:age|gender|sex)\s*(?:/|&|and|,)\s*(?:age|gender|sex)))\s*[:：]?$",
    re.I,
)
_ROW_INLINE = re.compile(r"^(?P<label>[^:：|]{2,20}?)\s*[:：|]\s*(?P<value>\S.{0,60})$")


def labelled_rows(texts: list[str]) -> tuple[int, str] | None:
    """The asker shown as label / value rows just above the "Ask Date:" ("Asker", "Jie", "Age",
    "20~29 year old", "Gender", "female"; or "Asker: Jie" on one line), read from the end of `texts`:
    (how many of its last lines they take, the asker line they spell: "Jie, 20~29 year old female").
    None unless every row is labelled and one names the asker, their age or their gender."""
    got: dict[str, str] = {}
    i, taken = len(texts), 0
    while i > 0:
        value, label = texts[i - 1], texts[i - 2] if i >= 2 else ""
        m = _ROW_LABEL.match(label)
        if m and len(value) <= 60 and not _ROW_LABEL.match(value):
            i -= 2
        else:
            inline = _ROW_INLINE.match(value)
            m = _ROW_LABEL.match(inline.group("label")) if inline else None
            if m is None or inline is None:
                break
            value = inline.group("value")
            i -= 1
        field = next(k for k, v in m.groupdict().items() if v)
        if field in got:
            break
        got[field] = value
        taken = len(texts) - i
    if not got:
        return None
    who = [got.get("name", ""), " ".join(x for x in (got.get("age"), got.get("gender"), got.get("both")) if x)]
    return taken, ", ".join(x for x in who if x)


def parse_asker(line: str) -> tuple[Asker, str]:
    """The asker's name, age range and gender from the text before 'Ask Date:', and the date text."""
    m = ASK.search(line)
    who, date_text = (line[: m.start()], line[m.end() :]) if m else (line, "")
    asker = Asker()
    for part in (p.strip(_STRIP) for p in _PARTS.split(who)):
        if not part:
            continue
        age = _age(part)
        gender = _GENDER.search(part)
        if age or gender:
            first = min(x.start() for x in (age, gender) if x)
            if first > 0 and asker.name is None:
                asker.name = _BY.sub("", part[:first].strip(_STRIP)) or None
            if age:
                asker.age_min = int(age.group("min"))
                has_max = "max" in age.re.groupindex
                asker.age_max = int(age.group("max")) if has_max else (asker.age_min if age.re is _AGE_ONE else None)
            if gender:
                asker.gender = _GENDERS[gender.group("g").lower()]
        elif asker.name is None:
            asker.name = _BY.sub("", part) or None
    return asker, date_text
