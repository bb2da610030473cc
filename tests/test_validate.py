"""A page whose rows break a rule is withheld whole and named with the rule it broke."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS

from parsers import PARSER_VERSION, parse_page
from schemas import Lineage, to_tables, validate

TODAY = dt.date(2026, 11, 24)


def _lineage(source: str, seq: int) -> Lineage:
    return Lineage(source, "run", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "sha", PARSER_VERSION, seq)


def _good(source: str = "a", seq: int = 0):
    return parse_page((CORPUS / "site/en/qa/1.html").read_bytes(), name="1.html"), _lineage(source, seq)


def _other(source: str = "b", seq: int = 1):
    return parse_page((CORPUS / "site/en/qa/100036.html").read_bytes(), name="x.html"), _lineage(source, seq)


def test_valid_batch_passes_whole() -> None:
    tables, failures = validate(to_tables([_good(), _other()]), TODAY)
    assert failures == []
    assert tables["questions"].num_rows == 2
    assert tables["replies"].num_rows == 2 + 3


def test_future_ask_date_rejects_that_page_only() -> None:
    page, lin = _other()
    future = dataclasses.replace(page, question=dataclasses.replace(page.question, asked_on=dt.date(2030, 1, 1)))
    tables, failures = validate(to_tables([_good(), (future, lin)]), TODAY)
    assert [(f.source, f.reason) for f in failures] == [("b", "questions.asked_on: not_in_future")]
    assert tables["questions"].column("source").to_pylist() == ["a"]
    assert set(tables["replies"].column("source").to_pylist()) == {"a"}
    assert set(tables["related_links"].column("source").to_pylist()) == {"a"}


def test_reply_before_question_is_rejected() -> None:
    page, lin = _other()
    early = dataclasses.replace(page.replies[0], replied_on=dt.date(2000, 1, 1))
    bad = dataclasses.replace(page, replies=[early, *page.replies[1:]])
    _, failures = validate(to_tables([(bad, lin)]), TODAY)
    assert [f.reason for f in failures] == ["replies.replied_on: before asked_on"]


def test_enumeration_and_required_fields() -> None:
    page, lin = _other()
    bad_q = dataclasses.replace(page.question, asker_gender="unknown", title=None)
    _, failures = validate(to_tables([(dataclasses.replace(page, question=bad_q), lin)]), TODAY)
    assert len(failures) == 1  # one row per page, naming the first failure, detailing all
    assert "asker_gender" in failures[0].detail and "title" in failures[0].detail


def test_age_range_must_be_ordered() -> None:
    page, lin = _other()
    bad_q = dataclasses.replace(page.question, asker_age_min=50, asker_age_max=40)
    _, failures = validate(to_tables([(dataclasses.replace(page, question=bad_q), lin)]), TODAY)
    assert [f.reason for f in failures] == ["questions: age_range_ordered"]


def test_same_question_twice_in_a_batch_keeps_the_later_page() -> None:
    first, second = _good("first", 0), _good("second", 1)
    tables, failures = validate(to_tables([first, second]), TODAY)
    assert failures == []
    assert tables["questions"].column("source").to_pylist() == ["second"]
    assert set(tables["replies"].column("source").to_pylist()) == {"second"}


def test_a_control_character_in_any_text_column_rejects_the_page() -> None:
    page, lin = _other()
    link = dataclasses.replace(page.related_links[0], title="Back\x1b[31m pain\x00")
    bad = dataclasses.replace(page, related_links=[link, *page.related_links[1:]])
    _, failures = validate(to_tables([(bad, lin)]), TODAY)
    assert [f.reason for f in failures] == ["related_links.title: no_control_characters"]


@pytest.mark.parametrize("bad_name", ["0-bad.html", "z-bad.html"])  # read before, or after, the valid copy
def test_two_copies_of_one_page_the_valid_one_lands_and_the_bad_one_is_rejected(tmp_path: Path, bad_name: str) -> None:
    """Two files with the same canonical URL, one with an ask date in the future: whatever their
    order, the valid copy's question lands and the bad copy is a reject (never the valid page lost,
    never the bad copy unsaid)."""
    from flows.cli import main

    page = (CORPUS / "site" / "en" / "qa" / "1.html").read_text(encoding="utf-8")
    assert "Ask Date: 2015/11/06" in page
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "m-good.html").write_text(page, encoding="utf-8")
    (pages / bad_name).write_text(page.replace("Ask Date: 2015/11/06", "Ask Date: 2999/11/06"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(pages), "-o", str(out), "--no-prefect", "-q"]) == 0
    questions = pd.read_parquet(out / "questions")
    assert [Path(s).name for s in questions["source"]] == ["m-good.html"]
    assert str(questions["asked_on"].iloc[0])[:10] == "2015-11-06"
    rejects = pd.read_parquet(out / "rejects")
    assert [(Path(s).name, r) for s, r in zip(rejects["source"], rejects["reason"], strict=True)] == [
        (bad_name, "questions.asked_on: not_in_future")
    ]
