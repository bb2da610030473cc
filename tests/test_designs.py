"""Pages in designs unlike the shared corpus's, against their truth: tests/designs (rendered from
truth records by tests/designs/generate.py), and 13 more designs that tests/designs/variants.py
renders from the same truth records into a temporary folder. Never by the parser."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import page_mismatches

from parsers import parse_page
from parsers.render import render

DESIGNS = Path(__file__).parent / "designs"
TRUTH = [json.loads(line) for line in (DESIGNS / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
EXACT = [t for t in TRUTH if t["file"].split("/")[0] in ("cards", "flat", "blocks", "deep", "deeper")]
RELAUNCH = [t for t in TRUTH if t["file"].split("/")[0] in ("relaunch", "relaunch-text")]


def _parse(entry: dict):
    return parse_page((DESIGNS / entry["file"]).read_bytes(), name=entry["file"])


def test_every_design_is_here() -> None:
    designs = {t["file"].split("/")[0] for t in TRUTH}
    assert {"cards", "flat", "blocks", "deep", "deeper", "relaunch", "relaunch-text"} <= designs
    assert len(EXACT) > 150


@pytest.mark.parametrize("entry", EXACT, ids=[t["file"] for t in EXACT])
def test_page_of_a_new_design_matches_truth(entry: dict) -> None:
    page = _parse(entry)
    assert page_mismatches(entry, page) == []
    assert page.warnings == []  # nothing the page shows was left unread


def test_the_new_designs_carry_what_they_test() -> None:
    """The hazards are really in the fixtures: whole-card links, chips, <time>, deep nesting ..."""
    cards = (DESIGNS / "cards/1.html").read_text(encoding="utf-8")
    assert '<a class="card"' in cards and '<a class="chip"' in cards and "<time datetime=" in cards
    assert "cookie" in cards and "<svg" in cards and " alt=" in cards and "utm_source" in cards and "Trending" in cards
    flat = (DESIGNS / "flat/1.html").read_text(encoding="utf-8")
    assert "\u00a0" in flat and " · " in flat and "<h2>Trending</h2>" in flat
    blocks = (DESIGNS / "blocks/1.html").read_text(encoding="utf-8")
    assert "[Read More]" not in blocks and "November" in blocks and 'class="faq-block"' in blocks
    assert (DESIGNS / "deep/1.html").read_text(encoding="utf-8").count("<b>") == 300
    assert (DESIGNS / "deeper/1.html").read_text(encoding="utf-8").count("<b>") == 3000


def test_nesting_past_libxml2s_limit_falls_back_to_a_tree_without_one() -> None:
    deep = render((DESIGNS / "deep/1.html").read_text(encoding="utf-8"))
    deeper = render((DESIGNS / "deeper/1.html").read_text(encoding="utf-8"))
    assert deep.tree == "lxml"  # 300 levels: huge_tree is enough
    assert deeper.tree == "html.parser"  # 3,000: libxml2 gives up even with huge_tree
    assert [line.text for line in deep.lines] == [line.text for line in deeper.lines]


@pytest.mark.parametrize("entry", RELAUNCH, ids=[t["file"] for t in RELAUNCH])
def test_a_relaunch_with_renamed_headings_fabricates_nothing_and_says_so(entry: dict) -> None:
    """Every heading renamed: the question and the doctors' replies are exact and no entry becomes a
    reply; the renamed Similar Q&A and Related FAQ are read by their shape, with a warning each; the
    renamed More Info (plain text under an unknown heading) is not read."""
    page = _parse(entry)
    doctors = [r for r in entry["replies"] if r["kind"] == "doctor"]
    assert page_mismatches(entry, page, replies=doctors) == []
    assert all(r.kind == "doctor" for r in page.replies)
    read_as = {w.section for w in page.warnings if w.check == "section_unknown"}
    kinds = {x["kind"] for x in entry["related_links"]}
    assert kinds <= read_as
    if entry["file"].startswith("relaunch/") and any(r["kind"] == "more_info" for r in entry["replies"]):
        assert any(w.check == "section_unknown" and "Doctor's notes" in w.detail for w in page.warnings)


def _variants_module() -> object:
    spec = importlib.util.spec_from_file_location("variants", DESIGNS / "variants.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VARIANTS = list(_variants_module().DESIGNS)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("variants")
    _variants_module().write(out, _variants_module().DESIGNS)  # type: ignore[attr-defined]
    truth = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return out, truth


@pytest.mark.parametrize("design", VARIANTS)
def test_every_page_of_a_variant_design_matches_truth(design: str, variants: tuple[Path, list[dict]]) -> None:
    """Bootstrap grids, web components, microdata, HTML 4, editorial rails, Material, forum posts,
    portals, SEO titles, WordPress blocks, accessibility-first and utility-class markup: 50 pages each."""
    out, truth = variants
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 50
    wrong = {}
    for entry in pages:
        page = parse_page((out / entry["file"]).read_bytes(), name=entry["file"])
        found = page_mismatches(entry, page)
        if found or page.warnings:
            wrong[entry["file"]] = found[:3] + [w.check for w in page.warnings]
    assert wrong == {}
