# ruff: noqa: E501
"""A tenth attack (written by a helper to break the parser): TEXT SNAPSHOTS of the site, in its two
layouts (tests/designs/snapshots2.py), with quirks snapshots2.py's designs do not have. 8 designs x 40
pages, each from records of tests/corpus/truth.jsonl (snapshots2.records()).

    python variants10.py OUT [DESIGN ...]     # OUT/<design>/<id>.txt and OUT/truth.jsonl

Runs from a clone's tests/designs/ folder, or from anywhere with the clone found by walking up from
the current directory (or $QA_ETL_REPO).

Truth = what a reader of the text says the fields are: the record, with this file's substitutions
made in page and truth alike; bodies are the lines the page shows (equal after collapsing
whitespace); page_title null and department = the first doctor line's in the second layout;
source_url null, link urls null (unless said). Signatures, quotes and mentions inside a body are
the body's. Invisible characters (ZWJ, ZWNJ) are not in truth; the whitespace a phone puts (NBSP,
U+2005, U+202F, U+2028) compares equal to a space.

Designs (even pages first layout, odd pages second, unless said; "split" = one sentence per line
after every ". ", so "Dr." / "Mr." / "ext." / "No." may end a line):
- three-signatures : three doctor replies (the extra doctors, bodies and dates borrowed from other
                     records), each ending with a different signature style: "Best regards," + "Dr."
                     + name (split: "Dr." alone); name, "MD" + "Department of <dept>" + hospital + a
                     "Tel: 02-2875-7000 ext." / "2011" line pair; "— Dr. <surname>" + "(Attending
                     Physician, <dept>)"; a greeting + name + "<dept>, <hospital>" + the day the doctor
                     signed ("2015/11/06"); "<name>" + "<dept>" alone on two lines; a blank line before
                     some. split, blank lines inside replies.
- quoted-labels    : bodies that quote the site's labels: a question line "I asked about this before
                     (Ask Date: 2015/10/01) and Dr." / "Chen replied that it was a sprain.", a question
                     line "Dr. Chen replied that it was nothing serious.", a question line "More info:"
                     alone (n % 4 == 0) above the asker's extra details, a reply line "Answered on behalf
                     of Dr." / "<surname>, who is away this week.", a reply quoting the doctor's earlier
                     answer: 'In my previous reply I wrote:' / '"Please rest for two weeks."' /
                     "(Reply Date: 2015/10/02)". split.
- dr-names         : names as people type them and departments with "and"/"&"/",": askers "J", "zoë",
                     "Lǚ Xiǎomíng", "ōuyáng", "***", "w", "Ms. Nguyễn"; doctors "Lǚ Zhìhóng", "Lin",
                     "Ōuyáng Wén", "Wang Shou-ji", "zhang wei"; departments "Ear, Nose & Throat",
                     "Physical Medicine and Rehabilitation", "Obstetrics & Gynecology", "Allergy and
                     Immunology", "Hematology and Oncology" (question, first reply, some entries); bodies
                     with "Dr. Ōuyáng" / "Mr. Lǚ" sentences. split.
- faq-first        : no More Info on any page; n % 2 == 0 Related FAQ before Similar Q&A, n % 2 == 1
                     Similar Q&A only (n % 4 == 1) or Related FAQ only (n % 4 == 3); FAQ inline "Topic
                     (Dept)" on pages n % 3 == 0. First layout n % 4 in (0, 1), second otherwise.
- phone-copy       : text copied from a phone: NBSP in the labels ("Ask Date:\\xa02015/11/06",
                     "Dr.\\xa0X reply\\xa0Dept", "Reply\\xa0Date:"), U+2028 line separators instead of
                     line breaks between sentences of a body and between the asker's part and "Ask
                     Date:", U+2005 after commas (WeChat), U+202F before "year old", a ZWJ after the
                     asker's name and after a doctor's name, emoji (with their own ZWJ) in the question,
                     trailing spaces on lines. Truth: the record (ZWJs outside emoji dropped).
- reader-mode      : first layout saved from a browser's reader view: a header, a blank line, the page's
                     text (its headline again; no "Share to:" on odd pages), and a last line "Source:
                     <url>". Header n % 4: 0 "askdoctor.example" + the headline + the reading time
                     ("Reading time: 4 - 5 minutes" on odd pages, else "5 min read"); 1 the headline + the
                     reading time; 2 "<page title> | AskDoctor" + the reading time; 3 the reading time.
                     Truth: source_url = that url (the record's, or https://askdoctor.example/en/qa/<id>.html).
- date-formats     : the page's dates written n % 8: "2015-11-06", "2015.11.06", "Nov 6, 2015",
                     "6 Nov 2015", "November 6, 2015", "Nov. 6, 2015", "2015-11-06 10:03", "2015/11/6";
                     on pages n % 3 == 0 the asker line split like a sentence ("Jie, 20~29 year old
                     female." / "Ask Date: Nov." / "6, 2015"), and "Reply Date: Nov." / "6, 2015" too.
- mixed-new        : every page a random one of the seven above, layout random; one folder.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

sys.dont_write_bytecode = True


def _repo() -> Path:
    here = Path(__file__).resolve()
    if (here.parent / "snapshots2.py").is_file():
        return here.parents[2]
    for p in [Path(os.environ["QA_ETL_REPO"])] if os.environ.get("QA_ETL_REPO") else []:
        return p.resolve()
    for p in [Path.cwd(), *Path.cwd().parents]:
        if (p / "tests" / "designs" / "snapshots2.py").is_file():
            return p
    return Path("/tmp/attack15c")


REPO = _repo()
sys.path.insert(0, str(REPO / "tests" / "designs"))
from snapshots2 import GREETINGS, HOSPITALS, SENTENCE_END, body_of, records  # noqa: E402

SEED = 20240915
PAGES = 40
DESIGNS = [
    "three-signatures", "quoted-labels", "dr-names", "faq-first", "phone-copy", "reader-mode",
    "date-formats", "mixed-new",
]  # fmt: skip
BASE = DESIGNS[:-1]

NBSP, LSEP, FPS, NNBSP, ZWJ = "\u00a0", "\u2028", "\u2005", "\u202f", "\u200d"


def slash(day: str) -> str:
    return f"{dt.date.fromisoformat(day):%Y/%m/%d}"


def surname(name: str) -> str:
    return name.split()[0]


# ---- one page's options -----------------------------------------------------------------------
class Opt:
    def __init__(self, design: str, n: int, rng: random.Random, second: bool | None = None) -> None:
        self.design = design
        self.n = n
        self.second = (n % 2 == 1) if second is None else second
        self.split = design in ("three-signatures", "quoted-labels", "dr-names", "date-formats")
        self.blanks = design in ("three-signatures", "dr-names")
        self.date = slash
        self.split_dates = False
        self.order = ["more_info", "similar_qa", "related_faq"]
        self.links = "all"
        self.faq_inline = False
        self.read_more = True
        self.share = True
        self.header: list[str] = []
        self.footer: list[str] = []
        self.phone = design == "phone-copy"
        self.crlf = False
        if design == "faq-first":
            self.second = n % 4 in (2, 3)
            self.order = ["related_faq", "similar_qa"]
            self.links = "all" if n % 2 == 0 else ("similar" if n % 4 == 1 else "faq")
            self.faq_inline = n % 3 == 0
        if design == "reader-mode":
            self.second = False
            self.share = n % 2 == 0
        if design == "date-formats":
            fmts = [
                lambda d: d,
                lambda d: d.replace("-", "."),
                lambda d: f"{dt.date.fromisoformat(d):%b} {dt.date.fromisoformat(d).day}, {d[:4]}",
                lambda d: f"{dt.date.fromisoformat(d).day} {dt.date.fromisoformat(d):%b} {d[:4]}",
                lambda d: f"{dt.date.fromisoformat(d):%B} {dt.date.fromisoformat(d).day}, {d[:4]}",
                lambda d: f"{dt.date.fromisoformat(d):%b}. {dt.date.fromisoformat(d).day}, {d[:4]}",
                lambda d: f"{d} {rng.randrange(8, 22):02d}:{rng.randrange(60):02d}",
                lambda d: f"{int(d[:4])}/{int(d[5:7])}/{int(d[8:])}",
            ]
            self.date = fmts[n % 8]
            self.split_dates = n % 3 == 0
        if self.second and design not in ("faq-first",):
            self.links = rng.choice(["all", "all", "none", "similar", "faq"])


# ---- content changes (page and truth alike) ----------------------------------------------------
SIG_DEPT_HOSP = HOSPITALS


def signature(style: int, name: str, dept: str, day: str, rng: random.Random) -> list[str]:
    hosp = rng.choice(SIG_DEPT_HOSP)
    if style == 0:
        return ["Best regards,", f"Dr. {name}"]
    if style == 1:
        return [f"{name}, MD", f"Department of {dept}", hosp, f"Tel: 02-2875-7000 ext. {rng.randrange(2000, 8999)}"]
    if style == 2:
        return [f"— Dr. {surname(name)}", f"(Attending Physician, {dept})"]
    if style == 3:
        return [rng.choice(GREETINGS), name, f"{dept}, {hosp}", slash(day)]
    return [name, dept]


def borrowed_doctors(recs: list[dict], rng: random.Random) -> list[dict]:
    pool = [r for e in recs for r in e["replies"] if r["kind"] == "doctor"]
    return [copy.deepcopy(rng.choice(pool)) for _ in range(2)]


def content(entry: dict, opt: Opt, rng: random.Random, recs: list[dict]) -> dict:
    t = copy.deepcopy(entry)
    q = t["question"]
    if q["asker_gender"] is not None:
        q["asker_gender"] = "female"
    d = opt.design
    doctors = [r for r in t["replies"] if r["kind"] == "doctor"]
    if d == "three-signatures":
        day = dt.date.fromisoformat(q["asked_on"])
        extra = borrowed_doctors(recs, rng)
        if not doctors:
            extra.append(copy.deepcopy(extra[0]) | {"doctor_name": "Lin Yiwen", "department": "Neurology"})
        for k, r in enumerate(extra[: 3 - len(doctors)] if len(doctors) < 3 else []):
            r["replied_on"] = (day + dt.timedelta(days=k + 1)).isoformat()
            doctors.append(r)
        styles = rng.sample(range(5), 3)
        for r, s in zip(doctors, styles, strict=False):
            sig = signature(s, r["doctor_name"], r["department"], r["replied_on"] or q["asked_on"], rng)
            r["body"] = r["body"] + ("\n\n" if rng.random() < 0.4 else "\n") + "\n".join(sig)
    if d == "quoted-labels":
        lines = q["body"].split("\n")
        k = opt.n % 4
        if k in (0, 2):
            lines.insert(
                1, "I asked about this before (Ask Date: 2015/10/01) and Dr. Chen replied that it was a sprain."
            )
        if k in (1, 2, 3):
            lines.insert(len(lines) - 1, "Dr. Chen replied that it was nothing serious.")
        if k == 0:
            lines[-1:-1] = ["More info:", "I am a nurse and I work night shifts."]
        q["body"] = "\n".join(lines)
        for i, r in enumerate(doctors):
            rl = r["body"].split("\n")
            if (opt.n + i) % 2 == 0:
                rl.insert(0, "Answered on behalf of Dr. Lin, who is away this week.")
            if (opt.n + i) % 3 != 2:
                rl[-1:-1] = [
                    "In my previous reply I wrote:",
                    '"Please rest for two weeks."',
                    "(Reply Date: 2015/10/02)",
                ]
            r["body"] = "\n".join(rl)
    if d == "dr-names":
        askers = ["J", "zoë", "Lǚ Xiǎomíng", "ōuyáng", "***", "w", "Ms. Nguyễn", "XXX"]
        names = ["Lǚ Zhìhóng", "Lin", "Ōuyáng Wén", "Wang Shou-ji", "zhang wei", "Zhāng Wěi"]
        depts = ["Ear, Nose & Throat", "Physical Medicine and Rehabilitation", "Obstetrics & Gynecology",
                 "Allergy and Immunology", "Hematology and Oncology"]  # fmt: skip
        if q["asker_name"] or opt.n % 3 == 0:
            q["asker_name"] = askers[opt.n % len(askers)]
        dept = depts[opt.n % len(depts)]
        q["department"] = dept
        for i, r in enumerate(doctors):
            r["doctor_name"] = names[(opt.n + i) % len(names)]
            if i == 0:
                r["department"] = dept
            r["body"] = r["body"].replace(
                "Thank you!", f"Dr. {surname(names[(opt.n + 2) % len(names)])} agrees. Thank you!"
            )
        for x in t["related_links"]:
            if x.get("department") and rng.random() < 0.3:
                x["department"] = rng.choice(depts)
            if x.get("doctor_name") and rng.random() < 0.3:
                x["doctor_name"] = rng.choice(names)
        lines = q["body"].split("\n")
        lines.insert(
            1,
            f"Dr. {surname(names[(opt.n + 3) % len(names)])} at my local clinic said it was a strain, but Mr. Lǚ next door had the same and needed surgery.",
        )
        q["body"] = "\n".join(lines)
    if d == "faq-first":
        t["replies"] = [r for r in t["replies"] if r["kind"] != "more_info"]
    if d == "phone-copy" and opt.n % 2 == 0:
        q["body"] = q["body"].replace("Thank you.", "Thank you 🙏👩\u200d⚕️", 1)
    # positions as the page orders its rows
    t["replies"] = [r for r in t["replies"] if r["kind"] == "doctor"] + [
        r for r in t["replies"] if r["kind"] == "more_info"
    ]
    if d == "three-signatures":
        t["replies"] = doctors + [r for r in t["replies"] if r["kind"] == "more_info"]
    for i, r in enumerate(t["replies"]):
        r["position"] = i
    return t


# ---- rendering ---------------------------------------------------------------------------------
def text_lines(text: str | None, split: bool, blanks: bool) -> list[str]:
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


def asker_lines(q: dict, opt: Opt) -> list[str]:
    parts = []
    if q["asker_name"]:
        parts.append(q["asker_name"] + (ZWJ if opt.phone else ""))
    if q["asker_age_min"] is not None:
        sp = NNBSP if opt.phone else " "
        parts.append(f"{q['asker_age_min']}~{q['asker_age_max']}{sp}year old {q['asker_gender']}")
    lead = (("," + (FPS if opt.phone else " ")).join(parts) + ".") if parts else ""
    ask = f"Ask Date:{NBSP if opt.phone else ' '}{opt.date(q['asked_on'])}"
    if opt.split_dates:
        return ([lead] if lead else []) + SENTENCE_END.split(ask)
    if opt.phone and lead and opt.n % 3 == 0:
        return [lead + LSEP + ask]
    return [(lead + " " if lead else "") + ask]


def phone_body(lines: list[str], opt: Opt) -> list[str]:
    """Every other pair of lines joined by a U+2028 line separator, commas followed by U+2005,
    trailing spaces."""
    if not opt.phone:
        return lines
    out: list[str] = []
    for i, x in enumerate(lines):
        x = x.replace(", ", "," + FPS) if i % 2 else x
        if out and i % 3 == 1 and out[-1] and x:
            out[-1] = out[-1] + LSEP + x
        else:
            out.append(x + (" " if i % 4 == 0 else ""))
    return out


def render(t: dict, opt: Opt) -> tuple[str, dict]:
    q = t["question"]
    first = not opt.second
    gap = [""] if first else []
    gap2 = ["", ""] if first else []
    sp = NBSP if opt.phone else " "
    z = ZWJ if opt.phone else ""
    out: list[str] = list(opt.header)
    doctors = [r for r in t["replies"] if r["kind"] == "doctor"]
    if first:
        out += [f"{q['page_title']} - {q['department']}", ""]
        if opt.share:
            out += ["Share to:", ""]
    out.append(q["title"])
    out += gap2
    body = text_lines(q["body"], opt.split, opt.blanks)
    out += phone_body(body, opt)
    out += gap
    out += asker_lines(q, opt)
    out += gap
    replies = []
    for r in t["replies"]:
        rr = dict(r)
        replies.append(rr)
        if r["kind"] != "doctor":
            continue
        line = f"Dr.{sp}{r['doctor_name']}{z} reply{sp}{r['department']}"
        out += SENTENCE_END.split(line, maxsplit=1) if opt.split and opt.n % 3 == 1 else [line]
        out += gap2
        lines = text_lines(r["body"], opt.split, opt.blanks)
        out += phone_body(lines, opt)
        rr["body"] = body_of(lines)
        out += gap
        rd = f"Reply{sp}Date: {opt.date(r['replied_on'])}"
        out += SENTENCE_END.split(rd) if opt.split_dates else [rd]
        out += gap
    more = [(r, rr) for r, rr in zip(t["replies"], replies, strict=True) if r["kind"] == "more_info"]
    sims = [x for x in t["related_links"] if x["kind"] == "similar_qa"]
    faqs = [x for x in t["related_links"] if x["kind"] == "related_faq"]
    if opt.links in ("none", "faq"):
        sims = []
    if opt.links in ("none", "similar"):
        faqs = []
    links = []
    for kind in opt.order:
        if kind == "more_info":
            for r, rr in more:
                out.append("More Info")
                out += gap2
                paras = [p for p in r["body"].split("\n\n") if p.strip()]
                shown: list[str] = []
                for i, p in enumerate(paras):
                    if i and first:
                        shown.append("")
                    shown += [x.strip() for x in p.split("\n") if x.strip()]
                out += shown
                out += gap
                rr["body"] = body_of(shown)
        if kind == "similar_qa" and sims:
            out.append("Similar Q&A")
            out += gap
            for s in sims:
                out.append(s["title"])
                out += gap
                if s.get("question_snippet"):
                    out.append(s["question_snippet"])
                    out += gap2
                if s.get("doctor_name"):
                    out.append(f"Dr.{sp}{s['doctor_name']} reply{sp}{s['department']}")
                if s.get("reply_snippet"):
                    out.append(s["reply_snippet"])
                out += gap
                if opt.read_more:
                    out.append(f"[Read More] {s['title']}")
                    out += gap2
                links.append({**s, "url": None})
        if kind == "related_faq" and faqs:
            out.append("Related FAQ")
            out += gap
            for f in faqs:
                if opt.faq_inline:
                    out.append(f"{f['title']} ({f['department']})")
                else:
                    out.append(f["title"])
                    out += gap
                    out.append(f"({f['department']})")
                out += gap
                links.append({**f, "url": None})
    while out and not out[-1]:
        out.pop()
    out += opt.footer
    question = dict(q)
    question["source_url"] = None
    question["body"] = body_of(body)
    if opt.second:
        question["page_title"] = None
        question["department"] = doctors[0]["department"] if doctors else None
    # link positions as the page orders them, per kind
    for kind in ("similar_qa", "related_faq"):
        for i, x in enumerate(x for x in links if x["kind"] == kind):
            x["position"] = i
    links.sort(key=lambda x: (x["kind"] != "similar_qa", x["position"]))
    truth = {"question": question, "replies": replies, "related_links": links, "template": "text"}
    sep = "\r\n" if opt.crlf else "\n"
    return sep.join(out), truth


def reader_mode(t: dict, opt: Opt, entry: dict) -> str:
    q = t["question"]
    url = entry["question"]["source_url"] or f"https://askdoctor.example/en/qa/{q['question_id_hint']}.html"
    head = f"{q['page_title']} - {q['department']}"
    rt = "Reading time: 4 - 5 minutes" if opt.n % 2 else "5 min read"
    opt.header = [
        ["askdoctor.example", head, rt, ""],  # Firefox: domain, title, reading time
        [head, rt, ""],  # the title and the reading time
        [f"{q['page_title']} | AskDoctor", rt, ""],  # the document's <title>
        [rt, ""],  # the reading time alone
    ][opt.n % 4]
    opt.footer = ["", f"Source: {url}"]
    return url


# ---- writing ------------------------------------------------------------------------------------
def page(design: str, n: int, entry: dict, recs: list[dict]) -> tuple[str, dict, str]:
    rng = random.Random(f"{SEED}:{design}:{n}:{entry['question']['question_id_hint']}")
    as_design, second = design, None
    if design == "mixed-new":
        as_design, second = rng.choice(BASE), rng.random() < 0.5
    opt = Opt(as_design, n, rng, second)
    t = content(entry, opt, rng, recs)
    url = reader_mode(t, opt, entry) if as_design == "reader-mode" else None
    text, truth = render(t, opt)
    if url:
        truth["question"]["source_url"] = url
    return text, truth, as_design


def write(folder: Path | str, designs: list[str] | None = None) -> None:
    out = Path(folder)
    recs = records()
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for design in designs or DESIGNS:
        if design not in DESIGNS:
            raise SystemExit(f"unknown design {design!r} (known: {', '.join(DESIGNS)})")
        where = out / design
        where.mkdir(exist_ok=True)
        for old in where.glob("*.txt"):
            old.unlink()
        pick = random.Random(f"{SEED}:pick:{design}")
        for n, entry in enumerate(pick.sample(recs, min(PAGES, len(recs)))):
            text, t, as_design = page(design, n, entry, recs)
            t["file"] = f"{design}/{entry['question']['question_id_hint']}.txt"
            t["design"] = as_design
            (out / t["file"]).write_bytes(text.encode("utf-8"))
            truth.append(t)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for t in truth:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        raise SystemExit("usage: python variants10.py OUT [DESIGN ...]")
    write(Path(sys.argv[1]), sys.argv[2:] or None)
