"""Render truth records of tests/corpus/truth.jsonl into TEXT SNAPSHOTS of the site, in the layouts
and with the quirks the real site's snapshots show, plus a truth.jsonl for what was written.

    python tests/designs/snapshots2.py OUT      # OUT/<design>/<id>.txt and OUT/truth.jsonl

The parser is never called here: truth is the record's, changed only by this file's own rules
(names, departments, headlines substituted consistently in page and truth; bodies given the lines
the page shows, which compare equal after collapsing whitespace).

Layouts:
- first  : the layout of tests/corpus/snapshots/qa-1.txt: "<page_title> - <dept>", blank, "Share to:",
           title, body, asker line, "Dr. X reply Dept", reply, "Reply Date:", "More Info", article,
           "Similar Q&A" entries (title, snippet, doctor line, snippet, "[Read More] title"),
           "Related FAQ" entries ("topic", "(Dept)"); blocks separated by blank lines.
- second : no headline, no "Share to:"; the first line is the asker's title; every block separated by
           a single newline (no blank lines). Truth: page_title null, department = the first doctor
           reply's department (null without one). Similar Q&A / Related FAQ on some pages only.

Designs (40 pages each, from different records):
- second            : second layout, plain.
- second-quirks     : second layout + one sentence per line (a line may end in "Dr."/"Mr."/"Ms.", the
                      name on the next line), list numbers on their own line, blank lines inside the
                      question or a reply, signatures ending replies, "Dr.\\n<name> reply <dept>" doctor
                      lines, "Dr. Chen" mentioned in bodies, typed names, long department names.
- first-quirks      : first layout with the same quirks.
- other-tool        : first layout as another tool saves it: BOM, CRLF, blank lines collapsed to one, no
                      "Share to:", no "[Read More]", a Related FAQ entry as "Topic (Dept)" on one line.
- other-tool-second : second layout with BOM and CRLF (and on odd pages no "[Read More]", inline FAQ).
- mixed             : a random choice of the five above for every page.

Headline hazards: some second-layout titles contain " - " ("Knee pain - left side"), and some
first-layout page titles contain " - " before the " - <dept>" suffix; truth keeps them whole.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "corpus" / "truth.jsonl"
SEED = 20240611
PAGES = 40

DESIGNS = ["second", "second-quirks", "first-quirks", "other-tool", "other-tool-second", "mixed"]
BASE = DESIGNS[:-1]

# What people typed as their name (never a comma: the asker line separates its parts with one).
NAMES = [
    "amy", "XXX", "QQ", "Nìmíng", "Wang Nüshì", "Chen Xiansheng", "Lin Xiaojie", "mary ann lee",
    "Zhang Nǚshì", "xiao hui", "Ā Míng", "Huang Taitai", "anonymous user", "Li Xiansheng Jr",
]  # fmt: skip
LONG_DEPTS = ["Gastroenterology and Hepatology", "Otolaryngology", "Obstetrics and Gynecology"]
SHORT_TITLES = [
    "Knee pain", "Eye floaters", "Is this normal..?", "Back pain", "Help please", "Rash on my arm",
    "Dizzy spells", "Question about medication", "Ear ringing", "Stomach ache", "Please help!!",
]  # fmt: skip
DASH_TITLES = [
    "Knee pain - left side", "Headache - every morning", "Cough - 3 weeks now", "Stomach ache - after meals?",
    "Ear ringing - Otolaryngology", "Numb fingers - Neurology or Orthopedics?", "Rash - itchy at night",
]  # fmt: skip
DASH_PAGE_TITLES = [
    "Knee Pain - Left Side: When to Seek Help",
    "Ear Ringing - Otolaryngology Answers for Common Questions",
    "Dizziness - Is It Serious? - A Specialist Explains",
    "Back Pain - Orthopedics or Rehabilitation?",
    "Cough - 3 Weeks Now: What It May Mean",
]
HOSPITALS = [
    "Taipei Veterans General Hospital", "National Taiwan University Hospital", "Chang Gung Memorial Hospital",
    "Mackay Memorial Hospital", "Tri-Service General Hospital",
]  # fmt: skip
GREETINGS = ["Take care!", "Wishing you good health.", "Get well soon!", "Hope this helps."]


# ---- records ------------------------------------------------------------------------------------
def records() -> list[dict]:
    """Valid truth records, one per question (the corpus has some questions as HTML and as text)."""
    out, seen = [], set()
    for line in TRUTH.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry.get("reject") or "question" not in entry:
            continue
        q = entry["question"]
        key = (q["page_title"], q["title"], q.get("asker_name"), q["asked_on"])
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def slash(day: str | None) -> str:
    return f"{dt.date.fromisoformat(day):%Y/%m/%d}" if day else ""


def surname(name: str) -> str:
    return name.split()[0]


# ---- the page's content, changed by this file's rules (page and truth alike) ------------------------
class Style:
    """How one page is rendered: its layout and which quirks it has."""

    def __init__(self, design: str, rng: random.Random, n: int) -> None:
        self.design = design
        self.second = design in ("second", "second-quirks", "other-tool-second")
        self.quirks = design.endswith("-quirks")
        self.data = design != "second"  # names, long departments
        self.bom = design.startswith("other-tool")
        self.crlf = self.bom
        self.collapse = design == "other-tool"
        self.share = not design.startswith("other-tool")
        self.read_more = design != "other-tool" and not (design == "other-tool-second" and n % 2)
        self.faq_inline = design == "other-tool" or (design == "other-tool-second" and n % 2 == 1)
        self.split = self.quirks  # one sentence per line
        self.broken_doctor = self.quirks and rng.random() < 0.35
        if self.second:
            self.links = rng.choice(["all", "all", "none", "none", "similar", "faq"])
        else:
            self.links = "all"


def content(entry: dict, style: Style, rng: random.Random, n: int) -> dict:
    """A deep copy of the record with this page's substitutions and inserted content."""
    t = copy.deepcopy(entry)
    q = t["question"]
    doctors = [r for r in t["replies"] if r["kind"] == "doctor"]
    if q["asker_gender"] is not None:
        q["asker_gender"] = "female"  # real pages: always
    if style.data and q["asker_name"] and rng.random() < 0.45:
        q["asker_name"] = rng.choice(NAMES)
    if style.data and rng.random() < 0.35:
        dept = rng.choice(LONG_DEPTS)
        q["department"] = dept
        if doctors:
            doctors[0]["department"] = dept
    if style.data:
        for link in t["related_links"]:
            if link.get("department") and rng.random() < 0.15:
                link["department"] = rng.choice(LONG_DEPTS)
    if style.second:
        if n % 7 == 3:
            q["title"] = DASH_TITLES[(n // 7) % len(DASH_TITLES)]
        elif rng.random() < 0.4:
            q["title"] = rng.choice(SHORT_TITLES)
    elif n % 7 == 5:
        q["page_title"] = DASH_PAGE_TITLES[(n // 7) % len(DASH_PAGE_TITLES)]
    if style.quirks:
        q["body"] = question_quirks(q["body"], rng)
        for r in doctors:
            r["body"] = reply_quirks(r["body"], r, rng)
    return t


def question_quirks(body: str, rng: random.Random) -> str:
    lines = body.split("\n")
    if rng.random() < 0.4:  # "Dr. Chen" mid-text
        if lines[0].startswith("Hello Doctor, "):
            lines[0] = "Hello Dr. Chen, " + lines[0].removeprefix("Hello Doctor, ")
        else:
            lines.insert(min(1, len(lines)), "I saw Dr. Chen at a clinic last month and he gave me an ointment.")
    if rng.random() < 0.25:
        lines.insert(len(lines) // 2, "My husband Mr. Wang has had the same problem since last year.")
    if rng.random() < 0.35:  # a list
        lines.insert(len(lines) - 1, "My symptoms are: 1. Pain at night. 2. Swelling in the morning. 3. A mild fever.")
    if rng.random() < 0.4 and len(lines) > 1:  # a blank line inside the question
        at = rng.randrange(1, len(lines))
        lines.insert(at, "")
    return "\n".join(lines)


def signature(r: dict, rng: random.Random) -> str:
    name, dept = r["doctor_name"], r["department"]
    kind = rng.randrange(7)
    if kind == 0:
        return f"{rng.choice(GREETINGS)} Dr. {surname(name)}"  # "Take care!\nDr.\nLin"
    if kind == 1:
        return name  # a bare name
    if kind == 2:
        return f"Best regards,\n{name}"
    if kind == 3:
        return f"{name}\n{dept}\n{rng.choice(HOSPITALS)}"
    if kind == 4:
        return f"Dr. {name}, {dept}\n{rng.choice(HOSPITALS)}"
    if kind == 5:
        return f"{rng.choice(GREETINGS)}\nDr. {name}"
    return f"Sincerely,\nDr. {name}\nAttending Physician\n{dept}\n{rng.choice(HOSPITALS)}"


def reply_quirks(body: str, r: dict, rng: random.Random) -> str:
    lines = body.split("\n")
    if rng.random() < 0.3:
        lines.insert(len(lines) - 1, "You may also see Dr. Chen in our clinic for a second opinion.")
    if rng.random() < 0.2:
        lines.insert(1, "As Ms. Lin at our front desk can tell you, appointments are open every weekday.")
    if rng.random() < 0.4:  # a list
        lines.insert(
            len(lines) - 1,
            "Suggestions: 1. Rest for a few days. 2. Apply a warm compress. 3. See a doctor if it persists.",
        )
    if rng.random() < 0.35 and len(lines) > 1:  # a blank line inside the reply
        lines.insert(rng.randrange(1, len(lines)), "")
    if rng.random() < 0.7:
        lines += ([""] if rng.random() < 0.3 else []) + signature(r, rng).split("\n")
    return "\n".join(lines)


# ---- rendering --------------------------------------------------------------------------------
SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?=\S)")


def text_lines(text: str | None, style: Style, split: bool, blanks: bool) -> list[str]:
    """The lines a body shows: one sentence per line (after "Dr.", "1." too) when `split`; blank
    lines kept when `blanks`; never a blank first or last line."""
    out: list[str] = []
    for line in (text or "").split("\n"):
        if not line.strip():
            if blanks and out and out[-1]:
                out.append("")
            continue
        out += SENTENCE_END.split(line.strip()) if split else [line.strip()]
    while out and not out[-1]:
        out.pop()
    return out


def body_of(lines: list[str]) -> str | None:
    return "\n".join(lines) if lines else None


def asker_line(q: dict) -> str:
    parts = []
    if q["asker_name"]:
        parts.append(q["asker_name"])
    if q["asker_age_min"] is not None:
        parts.append(f"{q['asker_age_min']}~{q['asker_age_max']} year old {q['asker_gender']}")
    return ((", ".join(parts) + ". ") if parts else "") + f"Ask Date: {slash(q['asked_on'])}"


def doctor_lines(r: dict, style: Style, rng: random.Random) -> list[str]:
    if style.broken_doctor and rng.random() < 0.7:
        return ["Dr.", f"{r['doctor_name']} reply {r['department']}"]
    return [f"Dr. {r['doctor_name']} reply {r['department']}"]


def render(t: dict, style: Style, rng: random.Random) -> tuple[str, dict]:
    """The snapshot's text and the truth entry for it."""
    q = t["question"]
    first = not style.second
    gap = [""] if first else []  # a blank line between blocks (first layout only)
    gap2 = ["", ""] if first else []
    blanks = style.quirks  # blank lines inside a question or a reply
    out: list[str] = []
    doctors = [r for r in t["replies"] if r["kind"] == "doctor"]
    more = [r for r in t["replies"] if r["kind"] == "more_info"]

    if first:
        out += [f"{q['page_title']} - {q['department']}", ""]
        if style.share:
            out += ["Share to:", ""]
    out.append(q["title"])
    out += gap2
    body = text_lines(q["body"], style, style.split, blanks)
    out += body
    out += gap
    out.append(asker_line(q))
    out += gap
    replies = []
    for r in t["replies"]:
        rr = dict(r)
        if r["kind"] == "doctor":
            out += doctor_lines(r, style, rng)
            out += gap2
            lines = text_lines(r["body"], style, style.split, blanks)
            out += lines
            out += gap
            out.append(f"Reply Date: {slash(r['replied_on'])}")
            out += gap
        replies.append(rr)
        rr["body"] = body_of(lines) if r["kind"] == "doctor" else None
    for r, rr in zip(t["replies"], replies, strict=True):
        if r["kind"] == "more_info":
            out.append("More Info")
            out += gap2
            paras = [p for p in r["body"].split("\n\n") if p.strip()]
            shown = []
            for i, p in enumerate(paras):
                if i and first:
                    shown.append("")
                shown += [x.strip() for x in p.split("\n") if x.strip()]
            out += shown
            out += gap
            rr["body"] = body_of(shown)
    sims = [x for x in t["related_links"] if x["kind"] == "similar_qa"]
    faqs = [x for x in t["related_links"] if x["kind"] == "related_faq"]
    if style.links in ("none", "faq"):
        sims = []
    if style.links in ("none", "similar"):
        faqs = []
    links = []
    if sims:
        out.append("Similar Q&A")
        out += gap
        for s in sims:
            out.append(s["title"])
            out += gap
            if s.get("question_snippet"):
                out.append(s["question_snippet"])
                out += gap2
            if s.get("doctor_name"):
                out.append(f"Dr. {s['doctor_name']} reply {s['department']}")
            if s.get("reply_snippet"):
                out.append(s["reply_snippet"])
            out += gap
            if style.read_more:
                out.append(f"[Read More] {s['title']}")
                out += gap2
            links.append({**s, "url": None})
    if faqs:
        out.append("Related FAQ")
        out += gap
        for f in faqs:
            if style.faq_inline:
                out.append(f"{f['title']} ({f['department']})")
            else:
                out.append(f["title"])
                out += gap
                out.append(f"({f['department']})")
            out += gap
            links.append({**f, "url": None})
    while out and not out[-1]:
        out.pop()
    if style.collapse:
        out = [x for i, x in enumerate(out) if x or (i and out[i - 1])]

    question = dict(q)
    question["source_url"] = None
    question["body"] = body_of(body)
    if style.second:
        question["page_title"] = None
        question["department"] = doctors[0]["department"] if doctors else None
    del more
    truth = {"question": question, "replies": replies, "related_links": links, "template": "text"}
    sep = "\r\n" if style.crlf else "\n"
    return ("\ufeff" if style.bom else "") + sep.join(out), truth


# ---- writing ----------------------------------------------------------------------------------
def pages_of(design: str, recs: list[dict]) -> list[dict]:
    pick = random.Random(f"{SEED}:pick:{design}")
    return pick.sample(recs, min(PAGES, len(recs)))


def write(folder: Path | str, designs: list[str] | dict | None = None) -> None:
    out = Path(folder)
    recs = records()
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design in list(designs if designs is not None else DESIGNS):
        if design not in DESIGNS:
            raise SystemExit(f"unknown design {design!r} (known: {', '.join(DESIGNS)})")
        where = out / design
        where.mkdir(exist_ok=True)
        for old in where.glob("*.txt"):
            old.unlink()
        for n, entry in enumerate(pages_of(design, recs)):
            rng = random.Random(f"{SEED}:{design}:{n}:{entry['question']['question_id_hint']}")
            as_design = rng.choice(BASE) if design == "mixed" else design
            style = Style(as_design, rng, n)
            text, page = render(content(entry, style, rng, n), style, rng)
            page["file"] = f"{design}/{entry['question']['question_id_hint']}.txt"
            page["design"] = as_design
            (out / page["file"]).write_bytes(text.encode("utf-8"))
            truth.append(page)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for page in truth:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> None:
    if not argv or argv[0].startswith("-"):
        raise SystemExit("usage: python tests/designs/snapshots2.py OUT [DESIGN ...]")
    write(Path(argv[0]), argv[1:] or DESIGNS)


if __name__ == "__main__":
    main(sys.argv[1:])
