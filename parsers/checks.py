"""Page self-checks: what a page shows but did not give, as warnings beside its rows.

A warning never withholds a row; it says where the parser and the page disagree, so a redesign is
seen the day it ships. Check names are stable (group by them); the detail says what was seen.

- `section_empty`: a known section label ("Similar Q&A", ...) with no rows read under it.
- `entry_incomplete`: an entry missing a part the other entries (or the page's format) have.
- `section_unknown`: a heading the parser does not know, inside the question's article, whose
  entries were read as a known kind (by their shape), or over much plain text that was not read.
- `doctor_line_outside_reply`: "Dr. ... reply ..." lines in no reply and no section read.
- `read_more_outside_section`: "[Read More]" lines in no Similar Q&A section read.
- `replies_unread`: the page shows doctors' replies the parser did not give: "Reply Date:" lines and
  no reply read, a count ("2 doctors replied") above the replies read, or a wall ("Log in to read the
  doctors' replies") where they would be.
- `entries_capped`: a section with more entries than a page may give (a hostile page): the first kept.
- `body_holds_asker`: the question's last body line is the asker's name or reads as an asker line
  (name, age, gender), or one of its last three lines an asker's or a "Reply Date:" line: the asker
  box, or the question's end, was not where the parser looked.
- `page_title_differs`: the headline read as page_title is not what the page's <title> says.
- `witness_disagrees`: the visible page and its structured data (JSON-LD, microdata, og:title) give
  a field different values: the visible one is kept; the detail names the field and both values.
- `read_from_structured_data`: the visible labels were not understood; the question and its answers
  were read from the page's structured data (each value checked to be on the visible page).
- `widget_text`: a line of a body or an entry that reads like a control, not text: a vote or a count
  ("♡ 3", "Yes (2) No"), a disclosure button ("Show more"), a table's header ("Topic"). Known
  widgets' lines are dropped before parsing; this catches the ones nobody has named yet.
- `department_unconfirmed`: the headline's " - <suffix>" read as the department by its shape alone:
  no doctor line, entry, pill, breadcrumb or structured data names it, and it is not the site's.
- `column_unread`: printed text (pdftotext -layout) with a second column beside the page's text on
  the same lines (an ad, an app promo): that column was cut off and not read.
- `order_by_style`: the page's CSS reorders boxes by a rule whose boxes the parser cannot find (a
  selector other than a class, an id or a tag): each part with two rows or more (replies, Similar
  Q&A, Related FAQ) is warned that its positions may not be the order shown. Boxes it can find are
  read in the order shown (parsers/css_order.py).
- `another_question`: below the question's page, another question's whole article (its own
  headline and "Ask Date:"), as an infinite scroll adds the next one: the page is read up to it.
- `asker_unsure`: the asker line read is the only "Ask Date:" there was and it is one the question's
  text quotes ("(Ask Date: …)"): every part is warned, since where the question ends was a guess;
  or no date could be read from the asker line (on the question).
- `table_drawn_as_text`: text whose tables a text browser drew in box characters (`w3m -dump`): the
  cells' lines were read out of their borders, cell after cell; every part read is warned.
- `line_break_guessed`: printed text wrapped at a width broke a word with a hyphen at a line end
  ("subsi-" / "des"), and the page gives no other spelling of it: the hyphen was dropped on a guess.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parsers.asker import looks_like_asker
from parsers.patterns import DOCTOR, LABEL_NAMES, QUOTED_ASK, READ_MORE, REPLY_DATE
from parsers.records import PageWarning, Reply
from parsers.text import fold

if TYPE_CHECKING:
    from parsers.render import Line
    from parsers.sections import Entry, Section

CHECKS = (
    "section_empty",
    "entry_incomplete",
    "section_unknown",
    "doctor_line_outside_reply",
    "read_more_outside_section",
    "replies_unread",
    "entries_capped",
    "department_unconfirmed",
    "body_holds_asker",
    "page_title_differs",
    "witness_disagrees",
    "read_from_structured_data",
    "widget_text",
    "column_unread",
    "line_break_guessed",
    "order_by_style",
    "another_question",
    "table_drawn_as_text",
    "asker_unsure",
)

# A heading over the replies, however it is worded: "Doctors' answers", "Answers (2)", "Our experts reply".
_REPLIES_HEADING = re.compile(
    r"^(?:(?P<n>\d+)\s+)?(?:(?:the|our)\s+)?(?:(?:doctors?|experts?|physicians?|specialists?)(?:'s|s')?\s+)?"
    r"(?:answers?|repl(?:y|ies)|responses?)(?:\s+from\s+(?:the\s+|our\s+)?(?:doctors?|experts?))?"
    r"\s*(?:\(\d+\)|\d+)?\s*[:：]?$",
    re.I,
)

_DR_NAMED = re.compile(r"\bDr\.?\s+[A-Z][a-z]+\s+[A-Z]")  # "Dr. Pan Yingda", not "Dr. Jiang,"

# Reply-part warnings that mean replies the page shows were not read (so later positions shift).
_REPLIES_MISSED = frozenset({"replies_unread", "doctor_line_outside_reply"})

# Looser than patterns.WIDGET_LINE (which drops what it matches): what only may be a widget's.
_WIDGET_LIKE = re.compile(
    r"^(?:[^\w\s]{1,3}\s*\d[\d,.]*k?"  # "♡ 3", "★ 4.5"
    r"|(?:yes|no)(?:\s*\(\d+\))?(?:\s*[/|·]?\s*(?:yes|no)(?:\s*\(\d+\))?)?"  # "Yes No", "Yes (2) No (0)"
    r"|(?:show|load|view|see|read)\s+(?:more|all|less)\b.{0,20}"  # a disclosure's label
    r"|[A-Za-z]{3,12}\s*\(\d+\)"  # "Helpful (3)", "Reply (2)"
    r"|(?:topic|title|question|department|subject|name)s?"  # a table's column header
    r"|(?:posts|joined|location|registered|member since|reputation|karma|thanks)\s*:\s*.{1,30}"  # a forum's user panel
    r"|(?:new|junior|senior|active|regular|full|verified)?\s*member|moderator|administrator"  # a user's rank
    r"|add a comment|\d[\d.,]*k?(?:\s*[●•]\s*\d+)+"  # a Q&A site's comment link, a reputation and badges
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)$",  # a chat message's time, read as a title
    re.I,
)


# "2 doctors replied to this question", "3 answers": how many replies the page says it has.
_REPLY_COUNT = re.compile(
    r"^(?P<n>\d{1,3})\s+(?:(?:doctors?|physicians?|experts?|specialists?)\s+(?:have\s+|has\s+)?"
    r"(?:replied|answered|responded)|(?:answers?|replies|responses)\b(?!\s*[·•|,]))",
    re.I,
)
# "Log in to read the doctors' replies", "Sign up to see the answer": the replies behind a wall.
_WALL = re.compile(
    r"\b(?:log\s?in|sign\s?in|sign\s?up|register|subscribe|create\s+(?:a\s+|an\s+)?(?:free\s+)?account)\b"
    r".{0,30}?\bto\s+(?:read|see|view|unlock)\b.{0,40}\b(?:repl(?:y|ies)|answers?|responses?)\b",
    re.I,
)

UNREAD_PROSE = 300  # characters of plain text under an unknown heading worth a warning


def quote(text: str, size: int = 60) -> str:
    return repr(text if len(text) <= size else text[: size - 1] + "…")


class Checks:
    def __init__(self) -> None:
        self.warnings: list[PageWarning] = []

    def add(self, check: str, section: str | None, detail: str) -> None:
        self.warnings.append(PageWarning(check, section, detail))

    def section_empty(self, s: Section, lines: list[Line]) -> None:
        shown = [line.text for line in lines if line.text]
        what = f"{len(shown)} lines under it, first {quote(shown[0])}" if shown else "nothing under it"
        self.add("section_empty", s.kind, f"label {quote(s.label)} seen, no {s.kind} rows read; {what}")

    def entries(self, kind: str | None, label: str, found: list[Entry], fmt: str) -> None:
        missing: dict[str, list[int]] = {}
        with_doctor = any(e.doctor_name for e in found)
        with_dept = any(e.department for e in found)
        for n, e in enumerate(found):
            parts = {
                "url": fmt == "html" and e.url is None,
                # (none read, but a "Dr. X" in the snippet: the doctor stood apart, a table's cell say)
                "doctor line": kind == "similar_qa"
                and e.doctor_name is None
                and (with_doctor or _DR_NAMED.search(e.question_snippet or "") is not None),
                "department": kind == "related_faq" and (with_dept or len(found) > 0) and e.department is None,
            }
            for part, lacks in parts.items():
                if lacks:
                    missing.setdefault(part, []).append(n)
        for part, which in missing.items():
            self.add(
                "entry_incomplete",
                kind,
                f"{len(which)} of {len(found)} entries under {quote(label)} have no {part} (entries {which[:10]})",
            )

    def department_unconfirmed(self, department: str, headline: str) -> None:
        self.add(
            "department_unconfirmed",
            "question",
            f"department {quote(department)} read from the headline {quote(headline)} by its shape only: "
            "nothing else on the page names it",
        )

    def body_tail(self, body: list[str], name: str | None) -> None:
        """The asker's line, or a reply's date, read into the question's body: the question's end
        (and its asker) were not where the parser looked."""
        if not body:
            return
        last = body[-1]
        if (name and last.casefold() == name.casefold()) or looks_like_asker(last):
            self.add(
                "body_holds_asker",
                "question",
                f"the body's last line {quote(last)} reads as the asker's (name {quote(name or '')})",
            )
            return
        stray = next((t for t in body[-3:] if REPLY_DATE.match(t) or looks_like_asker(t)), None)
        if stray is not None:
            self.add(
                "body_holds_asker",
                "question",
                f"the body ends with {quote(stray)}, an asker's or a reply's line: where the question ends was a guess",
            )

    def page_title(self, page_title: str | None, headline: str, title_hint: str | None) -> None:
        """The <title> names the page too: a page_title it does not hold (nor holds it) is a doubt."""
        if not page_title or not title_hint:
            return
        a, b = fold(page_title), fold(title_hint)
        if a and b and a not in b and b not in fold(headline):
            self.add(
                "page_title_differs",
                "question",
                f"page_title {quote(page_title)} is not in the page's <title> {quote(title_hint)}",
            )

    def capped(self, kind: str | None, label: str, found: int, kept: int) -> None:
        self.add("entries_capped", kind, f"{found} entries under {quote(label)}; only the first {kept} were kept")

    def unknown_section(self, label: str, kind: str, found: list[Entry]) -> None:
        self.add(
            "section_unknown",
            kind,
            f"heading {quote(label)} is not a known label; its {len(found)} entries were read as "
            f"{LABEL_NAMES[kind]} by their shape",
        )

    def unread_section(self, label: str, lines: list[Line]) -> None:
        """An unknown heading over much plain text, on a page with no More Info read, is most likely a
        renamed More Info: the warning names that part, so a monitor of it sees the loss; a short promo
        or a list of links is not worth a look."""
        prose = [line.text for line in lines if line.text and not line.is_link_only]
        size = sum(len(t) for t in prose)
        if size >= UNREAD_PROSE and len(prose) >= 3:  # an article's paragraphs, not a one-paragraph disclaimer
            self.add(
                "section_unknown",
                "more_info",
                f"heading {quote(label)} is not a known label; the {len(prose)} lines ({size} characters) "
                "under it were not read (the page has no More Info read: a renamed one?)",
            )

    def stray_lines(
        self, lines: list[Line], ask: int, used: set[int], read: set[int], root: int | None, doctors_read: int,
    ) -> None:  # fmt: skip
        """Doctor, "Reply Date:" and "[Read More]" lines (not mere links) in the question's article that
        no reply or section took (a sidebar's are not the page's business), and replies the page says
        it has (a count, a login wall) beyond the `doctors_read`."""
        mine = [i for i in range(ask + 1, len(lines)) if i not in used and i not in read
                and not lines[i].is_link_only and (root is None or root in lines[i].path)]  # fmt: skip
        doctors = [i for i in mine if DOCTOR.match(lines[i].text)]
        more = [i for i in mine if READ_MORE.match(lines[i].text)]
        self._unread_replies(lines, mine, doctors_read)
        if doctors:
            self.add(
                "doctor_line_outside_reply",
                "reply",
                f"{len(doctors)} 'Dr. … reply …' lines in no reply and no known section, first "
                f"{quote(lines[doctors[0]].text)}",
            )
        if more:
            self.add(
                "read_more_outside_section",
                "similar_qa",
                f"{len(more)} '[Read More]' lines in no Similar Q&A section, first {quote(lines[more[0]].text)}",
            )

    def more_info_position(self, replies: list[Reply]) -> None:
        """More Info comes after the doctors' replies, so its position counts the replies read: where
        the page shows replies that were not read, it is off by as many, and its part says so."""
        missed = [w for w in self.warnings if w.section == "reply" and w.check in _REPLIES_MISSED]
        more = next((r for r in replies if r.kind == "more_info"), None)
        if missed and more is not None:
            self.add(
                missed[0].check,
                "more_info",
                f"its position is {more.position}, after the {more.position} replies read; the page shows "
                "replies that were not read, so it may be more",
            )

    def asker_line(self, text: str, asked_on: object, parts: list[str]) -> None:
        """The asker line read is a quoted "(Ask Date: …)" (no other was found): where the question
        ends, so where the replies and sections start, was a guess, and every part says so (`parts`);
        or the asker line holds no date."""
        if QUOTED_ASK.search(text):
            for part in parts:
                self.add("asker_unsure", part, f"the only 'Ask Date:' read is one the text quotes: {quote(text)}")
        elif asked_on is None:
            self.add("asker_unsure", "question", f"no date read from the asker line {quote(text)}")

    def undated(self, doctor_replies: list[Reply]) -> None:
        """Every reply of the site carries its date ("Reply Date: …"): one read without is a reply
        whose end (and date) the parser did not see, so its body may run into what follows."""
        missing = [r for r in doctor_replies if r.replied_on is None]
        if missing:
            first = missing[0]
            self.add(
                "entry_incomplete",
                "reply",
                f"{len(missing)} of {len(doctor_replies)} replies with no reply date read, first the one at "
                f"position {first.position} (Dr. {first.doctor_name}): no 'Reply Date:' line ended it",
            )

    def _unread_replies(self, lines: list[Line], mine: list[int], doctors_read: int) -> None:
        dates = [i for i in mine if REPLY_DATE.match(lines[i].text)]
        counts = [(i, int(m["n"])) for i in mine if (m := _REPLY_COUNT.match(lines[i].text))]
        wall = next((i for i in mine if len(lines[i].text) <= 200 and _WALL.search(lines[i].text)), None)
        heading = next(
            (i for i in mine if lines[i].heading and (m := _REPLIES_HEADING.match(lines[i].text)) and m["n"] != "0"),
            None,
        )  # ("0 answers from our doctors" says there is none)
        said = max((n for _, n in counts), default=0)
        if dates and doctors_read == 0:  # (a read reply's date may stand above its doctor line, in no block)
            seen = f"{len(dates)} 'Reply Date:' lines in no reply read, first {quote(lines[dates[0]].text)}"
        elif said > doctors_read:
            seen = f"the page says {quote(lines[counts[0][0]].text)}, {doctors_read} doctors' replies read"
        elif wall is not None and doctors_read == 0:
            seen = f"no doctors' replies read; the page shows {quote(lines[wall].text)}"
        elif heading is not None and doctors_read == 0:  # (filled in by a script, say: nothing under it)
            seen = f"no doctors' replies read under the heading {quote(lines[heading].text)}"
        else:
            return
        self.add("replies_unread", "reply", seen)

    def above_title(self, above: list[str], title: str) -> None:
        """Short lines above the question's title heading were left out of the question: say so."""
        self.add(
            "widget_text",
            "question",
            f"{len(above)} short line(s) above the title heading {quote(title)} were not read as the question, "
            f"first {quote(above[0])}",
        )

    def widget_text(self, part: str, what: str, lines: list[str]) -> None:
        """Lines of `what` (a body, an entry) that read like a widget's, not the page's text."""
        odd = [t for t in lines if len(t) <= 40 and _WIDGET_LIKE.match(t)]
        if odd:
            self.add(
                "widget_text", part, f"{what} holds {len(odd)} line(s) that read like a widget's, first {quote(odd[0])}"
            )
