"""Every page of the shared corpus against truth.jsonl (hand-checked rows, not produced by this code)."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import CORPUS, load_truth, page_mismatches

from parsers import ParseError, parse_page, question_id_for_url

TRUTH = load_truth()
PAGES = [t for t in TRUTH if not t.get("reject")]
BROKEN = [t for t in TRUTH if t.get("reject")]
SKIP = {"question_id_hint", "target_id_hint"}


def _parse(entry: dict):
    return parse_page((CORPUS / entry["file"]).read_bytes(), name=entry["file"])


def _mismatches(entry: dict) -> list[str]:
    return page_mismatches(entry, _parse(entry))


@pytest.mark.parametrize("entry", PAGES, ids=[t["file"] for t in PAGES])
def test_page_matches_truth(entry: dict) -> None:
    assert _mismatches(entry) == []
    assert _parse(entry).warnings == []  # no false alarm on a page read whole


@pytest.mark.parametrize("entry", BROKEN, ids=[t["file"] for t in BROKEN])
def test_broken_page_is_rejected(entry: dict) -> None:
    with pytest.raises(ParseError) as err:
        _parse(entry)
    assert err.value.reason  # a reason fit for the rejects table


def test_similar_links_point_at_their_targets() -> None:
    """target_question_id is the id the target page itself gets, so links join to questions."""
    by_hint = {}
    for entry in PAGES:
        if entry["question"]["source_url"]:
            by_hint[entry["question"]["question_id_hint"]] = _parse(entry).question.question_id
    joined = expected_joins = 0
    for entry in PAGES:
        if not entry["question"]["source_url"]:
            continue
        links = [link for link in _parse(entry).related_links if link.kind == "similar_qa"]
        for expected, link in zip([x for x in entry["related_links"] if x["kind"] == "similar_qa"], links, strict=True):
            assert link.target_question_id == question_id_for_url(link.url)
            if expected["target_id_hint"] in by_hint:
                expected_joins += 1
                joined += link.target_question_id == by_hint[expected["target_id_hint"]]
    assert expected_joins > 0
    assert joined == expected_joins


def test_html_page_and_its_snapshot_agree() -> None:
    """qa-1.txt and 1.html are the same page: every parsed field but the URL-derived ones agrees."""
    html = parse_page((CORPUS / "site/en/qa/1.html").read_bytes(), name="1.html")
    text = parse_page((CORPUS / "snapshots/qa-1.txt").read_bytes(), name="qa-1.txt")
    skip = {"question_id", "source_url", "reply_id", "url", "target_question_id"}

    def strip(record: object) -> dict:
        return {k: " ".join(str(v).split()) for k, v in dataclasses.asdict(record).items() if k not in skip}

    assert strip(html.question) == strip(text.question)
    assert [strip(r) for r in html.replies] == [strip(r) for r in text.replies]
    assert [strip(r) for r in html.related_links] == [strip(r) for r in text.related_links]
