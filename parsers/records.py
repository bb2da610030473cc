"""Typed records a page parses into: plain data, no I/O, so they cross process boundaries cheaply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Question:
    question_id: str
    source_url: str | None
    page_title: str | None  # None: the page shows no headline of its own (the second text layout)
    title: str
    department: str | None
    body: str | None
    asker_name: str | None
    asker_age_min: int | None
    asker_age_max: int | None
    asker_gender: str | None
    asked_on: dt.date | None


@dataclass(frozen=True, slots=True)
class Reply:
    reply_id: str
    question_id: str
    position: int
    kind: str  # "doctor" | "more_info"
    doctor_name: str | None
    department: str | None
    body: str | None
    replied_on: dt.date | None


@dataclass(frozen=True, slots=True)
class RelatedLink:
    question_id: str
    kind: str  # "similar_qa" | "related_faq"
    position: int
    title: str | None
    url: str | None
    target_question_id: str | None
    question_snippet: str | None = None
    doctor_name: str | None = None
    department: str | None = None
    reply_snippet: str | None = None


@dataclass(frozen=True, slots=True)
class PageWarning:
    """Something the page shows that the parser could not give as rows (see parsers.checks)."""

    check: str
    section: str | None  # the part concerned: "question", "reply", "more_info", "similar_qa", "related_faq", or None
    detail: str


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """Everything one Q&A page yields; `template` records which layout it came in."""

    question: Question
    replies: list[Reply] = field(default_factory=list)
    related_links: list[RelatedLink] = field(default_factory=list)
    template: str = "html"
    warnings: list[PageWarning] = field(default_factory=list)
    read_from: str = "visible"  # or "structured_data": the visible labels were not understood
    fields_compared: int = 0  # fields its structured data declares that the page also shows
    fields_confirmed: int = 0  # of those, the ones where both say the same

    def rows_by_part(self) -> dict[str, int]:
        """How many rows each part of the page gave (the parts `PageWarning.section` names), parts
        with none left out."""
        kinds = [("reply" if r.kind == "doctor" else r.kind) for r in self.replies]
        kinds += [x.kind for x in self.related_links]
        counts = {part: kinds.count(part) for part in ("reply", "more_info", "similar_qa", "related_faq")}
        return {"question": 1, **{part: n for part, n in counts.items() if n}}


class ParseError(ValueError):
    """A page that cannot become rows; `reason` is a short, stable phrase fit for a rejects row."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
