"""Pages saved as Markdown (a clipper's file) or as an e-mail notification, on hand-written files:
read through the HTML reader, every field as the page showed it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from parsers import parse_page
from parsers.formats import kind_of
from parsers.records import ParseError

MARKDOWN = """---
title: "Knee pain - Orthopedics | AskDoctor"
source: https://ex.org/en/qa/7.html
clipped: 2025-01-05
---

# Knee pain - Orthopedics

Share to: [Facebook](#) [LINE](#)

## Knee pain after running

My knee hurts after I run\\_fast.

It is worse on stairs.

*amy, 30~39 year old female. Ask Date: 2021/05/06*

**[Dr. Lin Mei](https://ex.org/doc/lin) reply [Orthopedics](https://ex.org/dept/ortho)**

> Rest for a week.
>
> 1\\. Ice it.

Reply Date: 2021/05/07

### Related FAQ

*   [Runner's Knee](https://ex.org/faq/1) (Orthopedics)
*   [Knee Swelling](https://ex.org/faq/2) (Rehabilitation)
"""

MAIL = """From: AskDoctor <no-reply@ex.org>
To: member@example.com
Subject: [AskDoctor] New answer: Knee pain after running
Date: Fri, 07 May 2021 18:20:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8; format=flowed

Hello,

A doctor has answered a question you follow on AskDoctor.

Knee pain - Orthopedics
=======================

Share to:

Knee pain after running
-----------------------

My knee hurts after I run and it has been like this for three weeks,␠
mostly on the left side.
It is worse on stairs.

amy, 30~39 year old female. Ask Date: 2021/05/06

Dr. Lin Mei reply Orthopedics
Rest for a week.
Reply Date: 2021/05/07

Related FAQ
-----------

* Runner's Knee (Orthopedics) <https://ex.org/faq/1>
* Knee Swelling (Rehabilitation) <https://ex.org/faq/2>

View this question online: https://ex.org/en/qa/7.html

--␠
Unsubscribe: https://ex.org/unsubscribe?u=1
""".replace("␠", " ")  # a trailing space: format=flowed's soft break, and the signature's separator


@pytest.mark.parametrize(
    ("raw", "name", "kind"),
    [
        (b"# x", "page.md", "markdown"),
        (b"x", "a/B.MARKDOWN", "markdown"),
        (b"Hello", "note.eml", "mail"),
        (b"From: a@b\nSubject: x\nDate: Fri, 07 May 2021 18:20:00 +0800\n\nbody", "saved.txt", "mail"),
        (b"Subject: x\n\nbody", "saved.txt", None),  # one header-like line is no mail
        (b"Knee pain - Orthopedics\n\nShare to:\n", "qa-1.txt", None),
    ],
)
def test_a_page_saved_as_markdown_or_mail_is_told_by_name_or_headers(raw: bytes, name: str, kind: str | None) -> None:
    assert kind_of(raw, name) == kind


@pytest.mark.parametrize(("text", "name"), [(MARKDOWN, "7.md"), (MAIL, "7.eml")])
def test_a_clipped_or_mailed_page_gives_the_pages_fields(text: str, name: str) -> None:
    page = parse_page(text.encode(), name=name)
    q = page.question
    assert q.source_url == "https://ex.org/en/qa/7.html"
    assert (q.page_title, q.department, q.title) == ("Knee pain", "Orthopedics", "Knee pain after running")
    assert (q.asker_name, q.asker_age_min, q.asker_age_max, q.asker_gender) == ("amy", 30, 39, "female")
    assert str(q.asked_on) == "2021-05-06"
    doctor = page.replies[0]
    assert (doctor.doctor_name, doctor.department, str(doctor.replied_on)) == ("Lin Mei", "Orthopedics", "2021-05-07")
    faq = [(x.title, x.department, x.url) for x in page.related_links]
    assert faq == [
        ("Runner's Knee", "Orthopedics", "https://ex.org/faq/1"),
        ("Knee Swelling", "Rehabilitation", "https://ex.org/faq/2"),
    ]
    assert page.warnings == []
    if name.endswith(".md"):  # escapes undone, a block quote's paragraphs kept
        assert q.body == "My knee hurts after I run_fast.\nIt is worse on stairs."
        assert doctor.body == "Rest for a week.\n1. Ice it."
    else:  # a soft line break (a trailing space) joined, the greeting and the signature not read
        assert q.body == (
            "My knee hurts after I run and it has been like this for three weeks, mostly on the left side.\n"
            "It is worse on stairs."
        )
        assert doctor.body == "Rest for a week."


def test_a_huge_markdown_or_mail_file_is_rejected_before_it_costs_minutes() -> None:
    with pytest.raises(ParseError) as e:
        parse_page(b"[" * (600 * 1024), name="x.md")
    assert e.value.reason == "too large"
    assert "markdown" in e.value.detail


LYNX = """   [1]Home [2]Urology

Pain when urinating - Urology

Why does it hurt when I urinate and the pain lasts for several minutes
afterwards?

   Hello doctor, for two days it has hurt every time I urinate and the
   pain lasts for several minutes afterwards.
   Is this an infection?

   Jie, 20~29 year old female. Ask Date: 2021/05/06

   Dr. [3]Xu Zhengwen reply [4]Urology

   Drink plenty of water.

   Reply Date: 2021/05/07

Related FAQ

     * [5]Urinary Tract Infection (Urology)

References

   1. https://ex.org/
   2. https://ex.org/dept/urology
   3. https://ex.org/doctor/xu-zhengwen
   4. https://ex.org/dept/urology
   5. https://ex.org/faq/uti
"""


def test_a_text_browsers_dump_is_read_as_the_page_it_was() -> None:
    """`lynx -dump`: headings flush left (one wrapped over two lines), paragraphs indented and wrapped
    at the terminal's width (a line the page broke stays broken), "[n]" before each link's text and
    the URLs in References at the end."""
    page = parse_page(LYNX.encode(), name="qa.txt")
    q = page.question
    assert (q.page_title, q.department) == ("Pain when urinating", "Urology")
    assert q.title == "Why does it hurt when I urinate and the pain lasts for several minutes afterwards?"
    assert q.body == (
        "Hello doctor, for two days it has hurt every time I urinate and the pain lasts for several minutes "
        "afterwards.\nIs this an infection?"
    )
    assert [(r.doctor_name, r.department, r.body) for r in page.replies] == [
        ("Xu Zhengwen", "Urology", "Drink plenty of water.")
    ]
    assert [(x.title, x.department, x.url) for x in page.related_links] == [
        ("Urinary Tract Infection", "Urology", "https://ex.org/faq/uti")
    ]
    assert page.warnings == []


def test_a_text_with_bracketed_numbers_but_no_references_is_a_text_snapshot() -> None:
    from parsers.dumps import is_dump

    assert not is_dump("Title - Urology\n\nShare to:\n\nSee [1] and [2].\n")
    assert is_dump(LYNX)


def test_text_of_a_printed_page_is_read_without_its_print_header_and_footer() -> None:
    """pdftotext of a page printed from a browser: each page opens with the date and the <title>
    and ends with the URL and "1/2"; a form feed between them. The footer's URL is the page's."""
    header = "11/6/15, 2:32 PM             Pain when urinating - Urology | Site"
    footer = "https://ex.org/qa/7.html                                   {n}/2"
    text = (
        f"{header}\n\nPain when urinating - Urology\n\nShare to:\n\nWhy does it hurt?\nFor two days now.\n"
        f"Jie, 20~29 year old female. Ask Date: 2021/05/06\n\n{footer.format(n=1)}\f{header}\n\n"
        f"Dr. Xu Zhengwen reply Urology\nDrink water.\nReply Date: 2021/05/07\n\n{footer.format(n=2)}\f"
    )
    page = parse_page(text.encode(), name="printed.txt")
    q = page.question
    assert (q.page_title, q.title, q.body, q.source_url) == (
        "Pain when urinating",
        "Why does it hurt?",
        "For two days now.",
        "https://ex.org/qa/7.html",
    )
    assert [(r.doctor_name, r.body, str(r.replied_on)) for r in page.replies] == [
        ("Xu Zhengwen", "Drink water.", "2021-05-07")
    ]


def test_a_page_of_undecodable_bytes_prints_nothing_on_stderr() -> None:
    """bs4's charset detector logs "Some characters could not be decoded" for bytes no codec reads;
    with nothing configuring logging (a worker process), Python prints that on stderr: kept off it."""
    code = (
        "import contextlib, random\n"
        "from parsers import ParseError, parse_page\n"
        "rng = random.Random(3)\n"
        "for _ in range(20):\n"
        "    noise = bytes(rng.randrange(128, 256) for _ in range(300))\n"
        "    with contextlib.suppress(ParseError):\n"
        "        parse_page(b'<html><body>' + noise + b'Ask Date: 2020/01/01</body></html>', name='x.html')\n"
        "print('parsed')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and proc.stdout == "parsed\n"
    assert proc.stderr == ""
