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
_STRIP = " .;:-–"


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
