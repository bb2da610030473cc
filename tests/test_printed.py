"""Text of a page printed to PDF and read back with `pdftotext -layout`: wrapped at the page's width,
words broken with a hyphen at line ends, an ad column beside the text, print header and footer.
The fixtures are written by hand, and so is what each must give."""

from __future__ import annotations

from pathlib import Path

from parsers import parse_page
from parsers.printed import read_printed

HEADER = "5/8/21, 9:14 AM          Knee pain after running - Orthopedics | AskDoctor"
FOOTER = "https://askdoctor.example/en/qa/4242.html                   {n}/2"
AD = "      ADVERTISEMENT"  # a column beside the text's first lines, at one column

# Wrapped at 52 characters. "subsided" is whole on its line; "doc-" / "tor's" is "doctor" (the page
# writes "doctor" elsewhere); "follow-" / "up" keeps its hyphen (the page writes "follow-up"); "vis-"
# / "it" has no other spelling on the page: a guess, warned. The page breaks inside a sentence.
PRINTED = "\n".join(
    [
        HEADER,
        "",
        "Knee pain after running - Orthopedics",
        "",
        "Share to:",
        "",
        "Why does my knee hurt after a long run on the hills" + " " * 7 + "ADVERTISEMENT",
        "and on stairs?" + " " * 44 + "Get the AskDoctor app",
        "Hello doctor, for three weeks my left knee has ached" + " " * 6 + "Ask doctors anytime,",
        "after every run. The pain has not subsided after a" + " " * 8 + "anywhere.",
        "day of rest, and it comes back on every run. My doc-",
        "tor's notes say it is not the old sprain.",
        "Tom, 30~39 year old male. Ask Date: 2021/05/06",
        "",
        "Dr. Wang Shouji reply Orthopedics",
        "",
        "Running downhill loads the front of the knee.",
        "Rest for two weeks, then start again slowly on flat",
        "",
        "",
        FOOTER.format(n=1) + "\f" + HEADER,
        "",
        "",
        "ground. If it still hurts, come for a follow-up vis-",
        "it. Bring your old X-ray and notes to the follow-",
        "up, please.",
        "",
        "Reply Date: 2021/05/08",
        "",
        "Related FAQ",
        "",
        "Runner's Knee",
        "(Orthopedics)",
        "",
        "",
        FOOTER.format(n=2) + "\f",
    ]
)


def test_a_wrapped_printed_page_is_read_as_the_page_meant_it() -> None:
    page = parse_page(PRINTED.encode(), name="4242.txt")
    q = page.question
    assert (q.source_url, q.page_title, q.department) == (
        "https://askdoctor.example/en/qa/4242.html",
        "Knee pain after running",
        "Orthopedics",
    )
    assert q.title == "Why does my knee hurt after a long run on the hills and on stairs?"
    assert " ".join((q.body or "").split()) == (
        "Hello doctor, for three weeks my left knee has ached after every run. The pain has not subsided "
        "after a day of rest, and it comes back on every run. My doctor's notes say it is not the old sprain."
    )
    assert (q.asker_name, q.asker_gender, str(q.asked_on)) == ("Tom", "male", "2021-05-06")
    [reply] = page.replies
    assert (reply.doctor_name, reply.department, str(reply.replied_on)) == ("Wang Shouji", "Orthopedics", "2021-05-08")
    assert " ".join((reply.body or "").split()) == (
        "Running downhill loads the front of the knee. Rest for two weeks, then start again slowly on flat "
        "ground. If it still hurts, come for a follow-up visit. Bring your old X-ray and notes to the "
        "follow-up, please."
    )
    assert [(x.kind, x.title, x.department) for x in page.related_links] == [
        ("related_faq", "Runner's Knee", "Orthopedics")
    ]


def test_what_reading_printed_text_changed_is_warned_under_its_part() -> None:
    """The ad column is cut off and said to be unread; the one hyphen with no evidence is a guess
    under the part holding the word; the hyphens the page itself settles are not warned."""
    page = parse_page(PRINTED.encode(), name="4242.txt")
    got = [(w.check, w.section) for w in page.warnings]
    assert got == [("column_unread", None), ("line_break_guessed", "reply")]
    column, guess = page.warnings
    assert column.detail.startswith("4 lines of a second column") and "'ADVERTISEMENT'" in column.detail
    assert "'visit'" in guess.detail and "'vis-it'" in guess.detail


def test_a_printed_page_that_is_not_wrapped_keeps_its_lines() -> None:
    """Printed from a wide window: no line is full, so none is joined, even where a sentence goes on
    on the next line in lower case (the snapshot tool's "Dr." / "Lin" lines look the same)."""
    text = "\n".join(
        [
            HEADER,
            "",
            "Knee pain - Orthopedics",
            "",
            "Share to:",
            "",
            "Why does my knee hurt?",
            "It aches after every run, and",
            "sometimes at night.",
            "Tom, 30~39 year old male. Ask Date: 2021/05/06",
            "",
            "Dr. Wang Shouji reply Orthopedics",
            "Rest for two weeks,",
            "then run on flat ground.",
            "Take care!",
            "Dr.",
            "wang",
            "Reply Date: 2021/05/08",
            FOOTER.format(n=1) + "\f",
        ]
    )
    read = read_printed(text)
    assert (read.column, read.guessed_words) == ([], [])
    assert read.text.split("\n")[:16] == text.split("\n")[2:18]  # the header and its margin gone, the rest as it was
    page = parse_page(text.encode(), name="k.txt")
    assert page.question.body == "It aches after every run, and\nsometimes at night."
    assert page.warnings == []


def test_a_text_snapshot_is_not_touched(tmp_path: Path) -> None:
    """The snapshot tool's one sentence per line, blank lines, a table-like line with wide gaps:
    none of it is printed text, and the text is given back as it came."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        read = read_printed(text)
        assert read.text is text, path.name
        assert (read.printed_at, read.column, read.guessed_words) == (None, [], []), path.name
    table = "Dose        Morning        Evening\n1 tablet        yes        no\nTake it with food, and\nslowly.\n"
    assert read_printed(table).text is table


def test_a_reader_apps_save_gives_its_source_url_and_loses_its_header() -> None:
    """Reader View / read-later saves: the page's <title> or site name above the headline, a reading
    time, and "Source: <url>" last. The URL is the page's; the header is no headline."""
    from parsers.printed import reader_chrome

    text = "Knee Pain | AskDoctor\n5 min read\n\nKnee Pain - Orthopedics\nbody\n\nSource: https://askdoctor.example/en/qa/7.html\n"
    got, url = reader_chrome(text)
    assert url == "https://askdoctor.example/en/qa/7.html"
    assert [x for x in got.splitlines() if x] == ["5 min read", "Knee Pain - Orthopedics", "body"]
    site, _ = reader_chrome("askdoctor.example\nKnee Pain - Orthopedics\nbody\n")
    assert [x for x in site.splitlines() if x] == ["Knee Pain - Orthopedics", "body"]
    plain = "Knee Pain - Orthopedics\nShare to:\nbody\n"
    assert reader_chrome(plain) == (plain, None)  # a snapshot of the site's own: as it is
