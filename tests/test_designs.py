"""Pages in designs unlike the shared corpus's, against their truth: tests/designs (rendered from
truth records by tests/designs/generate.py), and 13 more designs that tests/designs/variants.py
renders from the same truth records into a temporary folder. Never by the parser."""

from __future__ import annotations

import html
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, cli_env, page_mismatches, same

from parsers import ParseError, parse_page
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
    renamed More Info (plain text under an unknown heading, or after the replies of a text snapshot)
    is not read, with a warning naming its heading and the part it most likely is."""
    page = _parse(entry)
    doctors = [r for r in entry["replies"] if r["kind"] == "doctor"]
    assert page_mismatches(entry, page, replies=doctors) == []
    assert all(r.kind == "doctor" for r in page.replies)
    read_as = {w.section for w in page.warnings if w.check == "section_unknown"}
    kinds = {x["kind"] for x in entry["related_links"]}
    assert kinds <= read_as
    if any(r["kind"] == "more_info" for r in entry["replies"]):  # HTML and text snapshots alike
        assert any(
            w.check == "section_unknown" and w.section == "more_info" and "Doctor's notes" in w.detail
            for w in page.warnings
        )


def _generator(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, DESIGNS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V1, V2 = _generator("variants"), _generator("variants2")
VARIANTS = [("variants", d) for d in V1.DESIGNS] + [("variants2", d) for d in V2.DESIGNS]  # type: ignore[attr-defined]


def _written(module: object, folder: Path) -> tuple[Path, list[dict]]:
    """A generator's designs rendered into `folder`, with the truth it wrote beside them."""
    module.write(folder, module.DESIGNS)  # type: ignore[attr-defined]
    text = (folder / "truth.jsonl").read_text(encoding="utf-8")
    return folder, [json.loads(line) for line in text.splitlines() if line]


def _wrong_or_warned(out: Path, pages: list[dict]) -> dict[str, list[str]]:
    """Pages whose fields differ from truth or that carry a warning: the first mismatches, the checks."""
    wrong = {}
    for entry in pages:
        page = parse_page((out / entry["file"]).read_bytes(), name=entry["file"])
        found = page_mismatches(entry, page)
        if found or page.warnings:
            wrong[entry["file"]] = found[:3] + [w.check for w in page.warnings]
    return wrong


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[dict]]]:
    out = {}
    for name, module in (("variants", V1), ("variants2", V2)):
        out[name] = _written(module, tmp_path_factory.mktemp(name))
    return out


@pytest.mark.parametrize(("generator", "design"), VARIANTS, ids=[f"{g}-{d}" for g, d in VARIANTS])
def test_every_page_of_a_variant_design_matches_truth(
    generator: str, design: str, variants: dict[str, tuple[Path, list[dict]]]
) -> None:
    """Bootstrap grids, web components, microdata, HTML 4, editorial rails, Material, forum posts,
    portals, SEO titles, WordPress blocks, accessibility-first and utility-class markup; XHTML, AMP,
    React server rendering, e-mail tables, Word exports, widgets, CSS grid, localisation marks,
    2011 themes, minified pages: 50 pages each."""
    out, truth = variants[generator]
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 50
    assert _wrong_or_warned(out, pages) == {}


# Broken pages that are arguably pages: one cut by a login wall after the question (its question is
# real), one with the whole article repeated (read once), one in a Chinese template that keeps an
# English "Ask Date:" (its labels are not the site's vocabulary).
ARGUABLE = {"broken/login_wall_partial.html", "broken/same_question_twice.html", "broken/lang_zh_mixed_labels.html"}


def test_broken_pages_a_crawl_meets_are_rejected(variants: dict[str, tuple[Path, list[dict]]]) -> None:
    """Cut at every kind of place (a "</body></html>" inside a script does not make a page whole), a
    login wall, a removed question, search results, a department listing, error pages served with
    200, a page in another language, a bot challenge, a script-rendered shell."""
    out, truth = variants["variants2"]
    broken = [t["file"] for t in truth if t.get("reject") and t["file"] not in ARGUABLE]
    assert len(broken) >= 25
    accepted = []
    for name in broken:
        try:
            parse_page((out / name).read_bytes(), name=name)
        except ParseError as e:
            assert e.reason and e.detail
        else:
            accepted.append(name)
    assert accepted == []


SNAPSHOTS2 = _generator("snapshots2")


@pytest.fixture(scope="module")
def snapshots2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(SNAPSHOTS2, tmp_path_factory.mktemp("snapshots2"))


@pytest.mark.parametrize("design", SNAPSHOTS2.DESIGNS, ids=SNAPSHOTS2.DESIGNS)  # type: ignore[attr-defined]
def test_text_snapshots_of_both_layouts_and_other_tools_match_truth(
    design: str, snapshots2: tuple[Path, list[dict]]
) -> None:
    """The site's second text layout (no headline, no "Share to:", single newlines; the department
    only in the doctor line), sentence-per-line snapshots ("Dr." alone, list numbers, signatures,
    blank lines inside a reply), typed names, and other tools' text (BOM, CRLF, collapsed blank
    lines, no "[Read More]", inline FAQ): 40 pages each, exact and with no warning."""
    out, truth = snapshots2
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 40
    if design.startswith("second"):
        assert all(t["question"]["page_title"] is None for t in pages)
    assert _wrong_or_warned(out, pages) == {}


V3 = _generator("variants3")


@pytest.fixture(scope="module")
def variants3(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V3, tmp_path_factory.mktemp("variants3"))


def _pages_of(variants3: tuple[Path, list[dict]], design: str) -> list[tuple[dict, object]]:
    out, truth = variants3
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 40
    return [(t, parse_page((out / t["file"]).read_bytes(), name=t["file"])) for t in pages]


@pytest.mark.parametrize("design", ["app", "app-ld"])
def test_app_markup_with_widgets_disclosures_and_tables_matches_truth(
    design: str, variants3: tuple[Path, list[dict]]
) -> None:
    """Server-rendered app markup: the asker's name in its own box, the department as a pill, titles
    with " - " inside, Similar Q&A entries behind the section's own "Show more" (content), reader
    comments behind "Load more" (not content), vote widgets and "Verified doctor" badges inside the
    replies, a Related FAQ table with a header row: exact, with no warning."""
    out, truth = variants3
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 40
    assert _wrong_or_warned(out, pages) == {}


def test_microdata_agreeing_with_the_page_confirms_it_and_says_nothing(variants3: tuple[Path, list[dict]]) -> None:
    wrong = {}
    for entry, page in _pages_of(variants3, "microdata"):
        found = page_mismatches(entry, page)
        if found or page.warnings or not page.fields_confirmed:  # type: ignore[attr-defined]
            wrong[entry["file"]] = found[:3] + [w.check for w in page.warnings]  # type: ignore[attr-defined]
        assert page.fields_confirmed == page.fields_compared  # type: ignore[attr-defined]
    assert wrong == {}


def test_structured_data_that_disagrees_is_a_warning_naming_the_field_and_the_page_wins(
    variants3: tuple[Path, list[dict]],
) -> None:
    """stale-ld: the JSON-LD differs from the visible page on one field per page (an older title, a
    shortened body, another date or name): a warning names the field, and the visible value is kept."""
    disagrees = V3.DISAGREES  # type: ignore[attr-defined]
    for entry, page in _pages_of(variants3, "stale-ld"):
        field = disagrees[entry["file"]].removeprefix("question.")  # "title", "replies[0].replied_on"
        details = [w.detail for w in page.warnings if w.check == "witness_disagrees"]  # type: ignore[attr-defined]
        assert any(d.startswith(f"{field}: the page shows") for d in details), (entry["file"], field, details)
        if "." not in field:  # a question field: the page's value, not the structured data's
            assert same(entry["question"][field], getattr(page.question, field))  # type: ignore[attr-defined]


def test_a_relaunch_that_rewords_every_label_is_read_from_its_structured_data(
    variants3: tuple[Path, list[dict]],
) -> None:
    """relaunch-ld: no 'Ask Date:', no 'Dr. … reply …', no known section name, but a complete QAPage
    JSON-LD: the question and its doctors' replies are read from it (at least 99 % of their fields
    exact), every page says so, and the sections it could not read are warned."""
    fields = exact = 0
    for entry, page in _pages_of(variants3, "relaunch-ld"):
        assert page.read_from == "structured_data"  # type: ignore[attr-defined]
        checks = {(w.check, w.section) for w in page.warnings}  # type: ignore[attr-defined]
        assert ("read_from_structured_data", "question") in checks
        assert {("section_unknown", "similar_qa"), ("section_unknown", "related_faq")} <= checks
        doctors = [r for r in entry["replies"] if r["kind"] == "doctor"]
        got = [r for r in page.replies if r.kind == "doctor"]  # type: ignore[attr-defined]
        assert len(got) == len(doctors)
        pairs = [(v, getattr(page.question, k)) for k, v in entry["question"].items() if k != "question_id_hint"]  # type: ignore[attr-defined]
        pairs += [(v, getattr(g, k)) for e, g in zip(doctors, got, strict=True) for k, v in e.items()]
        fields += len(pairs)
        exact += sum(same(v, g) for v, g in pairs)
    assert fields > 400 and exact / fields >= 0.99, (exact, fields)


@pytest.mark.slow  # three runs of the command line
def test_a_relaunch_read_from_structured_data_lands_and_the_run_is_degraded(
    variants3: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    """As a scheduled run meets it: after a run of the site as it was (app-ld), the relaunch's run
    exits 3, says why on one line, `runs` says degraded, and its questions are in, read from
    structured data. Into a new output (no history to compare with) it is degraded too."""
    out, _ = variants3

    def qa_etl(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "flows.cli", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), timeout=300, check=False)

    before = qa_etl("run", str(out / "app-ld"), "-o", str(tmp_path / "out"), "-q")
    assert before.returncode == 0, before.stderr
    relaunch = qa_etl("run", str(out / "relaunch-ld"), "-o", str(tmp_path / "out"), "-q")
    assert relaunch.returncode == 3, relaunch.stderr
    assert len(relaunch.stderr.strip().splitlines()) == 1 and "is degraded (its rows are in)" in relaunch.stderr
    runs = pd.read_parquet(tmp_path / "out" / "runs").sort_values("started_at")
    assert list(runs["status"]) == ["completed", "degraded"]
    quality = pd.read_parquet(tmp_path / "out" / "quality")
    failing = quality[(quality["run_id"] == runs["run_id"].iloc[-1]) & quality["degraded"]]
    assert "structured_data_rate" in set(failing["metric"])
    questions = pd.read_parquet(tmp_path / "out" / "questions")
    assert len(questions) == 40 and set(questions["read_from"]) == {"structured_data"}
    warned = pd.read_parquet(tmp_path / "out" / "warnings")
    assert warned[warned["check"] == "read_from_structured_data"]["question_id"].nunique() == 40

    fresh = qa_etl("run", str(out / "relaunch-ld"), "-o", str(tmp_path / "fresh"), "-q")
    assert fresh.returncode == 3, fresh.stderr
    assert list(pd.read_parquet(tmp_path / "fresh" / "runs")["status"]) == ["degraded"]
    quality = pd.read_parquet(tmp_path / "fresh" / "quality")
    assert list(quality[quality["degraded"]]["metric"]) == ["structured_data_rate"]


V4 = _generator("variants4")


@pytest.fixture(scope="module")
def variants4(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V4, tmp_path_factory.mktemp("variants4"))


@pytest.mark.parametrize("design", ["print", "clinic", "intl-chrome", "markdown", "digest", "carousel"])
def test_print_clinic_localised_carousel_clipped_and_mailed_pages_match_truth(
    design: str, variants4: tuple[Path, list[dict]]
) -> None:
    """A printer-friendly view (the question in a table, the asker as label / value rows, footnote
    marks after every link), a clinic portal (ranks after doctors' names, the asker in a <dl>,
    numbered paragraphs as <ol start>, Related FAQ grouped by department), a localised template
    (bilingual headings, full-width colons and parentheses, CJK and Arabic-Indic dates), a Markdown
    clipper's .md (front matter, escapes, block quotes, links) and an e-mail notification's .eml
    (headers, format=flowed wrapping, underlined headings, bullets, <url>s, a signature), a 2024
    theme (details/summary replies, US dates, banners, a looping carousel, "<Dept>: <topic>" chips):
    exact, with no warning."""
    out, truth = variants4
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 40
    assert _wrong_or_warned(out, pages) == {}


V5 = _generator("variants5")


@pytest.fixture(scope="module")
def variants5(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V5, tmp_path_factory.mktemp("variants5"))


@pytest.mark.parametrize("design", ["archive", "translated", "reader", "thread"])
def test_archived_translated_reader_view_and_forum_pages_match_truth(
    design: str, variants5: tuple[Path, list[dict]]
) -> None:
    """Copies in the Wayback Machine, archive.today and Google's cache (toolbars, rewritten links,
    the archive's own canonical URL), a page run through a browser's translator (<font> wrappers
    per sentence, reworded labels), a page saved from Reader View (the domain, a byline and a
    reading time above the content) and a forum thread (user panels, each reply opening with a
    quote of the question, signatures behind a rule, date labels drawn as icons, an action bar):
    exact, with no warning, their URLs the originals."""
    out, truth = variants5
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 40
    assert _wrong_or_warned(out, pages) == {}


V6 = _generator("variants6")


@pytest.fixture(scope="module")
def variants6(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V6, tmp_path_factory.mktemp("variants6"))


@pytest.mark.parametrize("design", ["lynx", "mobile", "singlefile"])
def test_text_browser_dumps_mobile_apps_and_singlefile_saves_match_truth(
    design: str, variants6: tuple[Path, list[dict]]
) -> None:
    """`lynx -dump` text (link numbers, wrapped paragraphs, a References list), a dark mobile
    template (app bar, jump chips, "Consult Dr. X" buttons in the replies) and SingleFile / "Save
    page as" copies (inline CSS drawing the "Reply Date:" label, data: images, noscript copies):
    exact, with no warning."""
    out, truth = variants6
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 20
    assert _wrong_or_warned(out, pages) == {}


def test_a_forum_topic_with_meta_above_its_title_is_exact_and_says_what_it_left_out(
    variants6: tuple[Path, list[dict]],
) -> None:
    """Discourse: tags and a timeline ("solved", "Nov '15", "1 / 2") between the headline and the
    question's title heading. Every field exact; each page says, once, that it left short lines
    above the title out of the question."""
    out, truth = variants6
    pages = [t for t in truth if t["file"].startswith("discourse/")]
    assert len(pages) == 20
    for entry in pages:
        page = parse_page((out / entry["file"]).read_bytes(), name=entry["file"])
        assert page_mismatches(entry, page) == [], entry["file"]
        assert [(w.check, w.section) for w in page.warnings] == [("widget_text", "question")], entry["file"]
        assert "above the title heading" in page.warnings[0].detail


def test_a_page_inside_an_iframe_srcdoc_is_read_from_the_frame(variants6: tuple[Path, list[dict]]) -> None:
    """An AMP viewer saved by SingleFile: a viewer header around the article, which is an
    `<iframe srcdoc>` document. Read from the frame: exact, with no warning."""
    out, truth = variants6
    pages = [t for t in truth if t["file"].startswith("embed/")]
    assert len(pages) == 20
    assert _wrong_or_warned(out, pages) == {}


def test_frames_within_frames_are_read_two_deep_and_no_deeper() -> None:
    """A hostile page nests srcdoc documents: two levels are read, the third is not (one reject)."""
    article = (CORPUS / "site/en/qa/1.html").read_text(encoding="utf-8", errors="replace")
    framed = article
    for _ in range(2):
        framed = f'<html><body><p>viewer</p><iframe srcdoc="{html.escape(framed)}"></iframe></body></html>'
    assert parse_page(framed.encode(), name="x.html").question.title
    deeper = f'<html><body><p>viewer</p><iframe srcdoc="{html.escape(framed)}"></iframe></body></html>'
    with pytest.raises(ParseError, match="not a Q&A page"):
        parse_page(deeper.encode(), name="x.html")


def test_a_stack_exchange_layout_not_read_right_says_so(
    variants6: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Stack Exchange puts each doctor line in the user card after the answer's text, and comments
    under it: those replies are read wrong (a known limit, in the README), but not silently. Every
    wrong field sits on a page warned about its part; a More Info position shifted by the
    doctor reply missed before it is warned too, on its own part."""
    out, _ = variants6
    stats = _generator("score").score(out)  # type: ignore[attr-defined]
    capsys.readouterr()
    stackex = stats["stackex"]
    assert stackex["pages"] == 20 and stackex.get("rejects", 0) == 0
    assert stackex.get("silent", 0) == 0, stackex


V7 = _generator("variants7")


@pytest.fixture(scope="module")
def variants7(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V7, tmp_path_factory.mktemp("variants7"))


def test_an_accessibility_overlay_page_matches_truth(variants7: tuple[Path, list[dict]]) -> None:
    """accessiBe's toolbar, its `acsb-sr-only` text and hidden page-structure panel, ARIA live
    regions repeating text, "Skip to content": exact, with no warning."""
    out, truth = variants7
    pages = [t for t in truth if t["file"].startswith("overlay/")]
    assert len(pages) == 20
    assert _wrong_or_warned(out, pages) == {}


def test_google_docs_pages_are_exact_warned_or_rejected_never_silently_wrong(
    variants7: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Publish to web" HTML: class soup, every link behind google.com/url?q= (read as its target);
    a page with a table of contents above the question is rejected, loudly."""
    out, _ = variants7
    stats = _generator("score").score(out)  # type: ignore[attr-defined]
    capsys.readouterr()
    gdocs = stats["gdocs"]
    assert gdocs["pages"] == 20 and gdocs.get("silent", 0) == 0, gdocs
    assert stats["table"].get("silent", 0) == 0 and stats["overlay"].get("silent", 0) == 0
    # Printed text (pdftotext -layout): print header and footer, an ad column beside the text, lines
    # wrapped at the page's width, words hyphenated at line ends, and all of them at once.
    for printed in ("pdf-head", "pdf-side", "pdf-wrap", "pdf-hyph", "pdf"):
        assert stats[printed]["pages"] == 20 and stats[printed]["wrong"] == 0, (printed, stats[printed])
    # A chat export: the sender "Dr. X · Neurology" is the doctor line (the question's title under a
    # message time is wrong, and warned).
    assert stats["chat"].get("silent", 0) == 0 and stats["chat"].get("rejects", 0) == 0, stats["chat"]


V8 = _generator("variants8")


@pytest.fixture(scope="module")
def variants8(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V8, tmp_path_factory.mktemp("variants8"))


@pytest.mark.parametrize("design", ["bs5-accordion", "gb-dates", "utility-order", "feed"])
def test_an_eighth_attack_is_read_exactly_with_no_warning(design: str, variants8: tuple[Path, list[dict]]) -> None:
    """A Bootstrap 5 accordion of replies; en-GB day-first dates in <time>; a Tailwind page whose
    utility classes (flex-col-reverse, order-first) set the order shown; one question exported as an
    RSS item or Atom entry: exact, with no warning."""
    out, truth = variants8
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 20
    assert _wrong_or_warned(out, pages) == {}


def test_an_infinite_scrolls_next_question_is_left_out_and_said(variants8: tuple[Path, list[dict]]) -> None:
    """Below the question, "Up next" and the next question's whole article (as an <article> or a
    <div>): every field of the page's own question exact, and one warning saying what was left out."""
    out, truth = variants8
    pages = [t for t in truth if t["file"].startswith("infinite/")]
    assert len(pages) == 20
    for entry in pages:
        page = parse_page((out / entry["file"]).read_bytes(), name=entry["file"])
        assert page_mismatches(entry, page) == [], entry["file"]
        assert [(w.check, w.section) for w in page.warnings] == [("another_question", None)], entry["file"]


def test_every_design_of_the_eighth_attack_is_exact_or_warned(
    variants8: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The rest of it: <dl> metadata in an odd order, Next.js answers only a script fills in, a
    timeline whose dates stand above their cards: read wrong in places, never silently."""
    out, _ = variants8
    stats = _generator("score").score(out)  # type: ignore[attr-defined]
    capsys.readouterr()
    for design in V8.DESIGNS:  # type: ignore[attr-defined]
        assert stats[design]["pages"] == 20 and stats[design].get("rejects", 0) == 0, (design, stats[design])
        assert stats[design].get("silent", 0) == 0, (design, stats[design])


V9 = _generator("variants9")


@pytest.fixture(scope="module")
def variants9(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V9, tmp_path_factory.mktemp("variants9"))


@pytest.mark.parametrize("design", ["hyphenate", "quote-q", "lit-dsd", "lazy-noscript", "timeago"])
def test_a_ninth_attack_is_read_exactly_with_no_warning(design: str, variants9: tuple[Path, list[dict]]) -> None:
    """Soft hyphens and <wbr> in words; the question in a <blockquote> with "— <cite>Jie</cite>";
    Lit's declarative shadow DOM with named slots; lazysizes' noscript boxes; <time> elements
    with relative text and UTC datetimes whose tooltip shows the site's day: exact, no warning."""
    out, truth = variants9
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 20
    assert _wrong_or_warned(out, pages) == {}


def test_every_design_of_the_ninth_attack_is_exact_or_warned(
    variants9: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The rest: a Similar Q&A table with the doctor and department in cells of their own, headings
    as role=heading and Related FAQ as a <select>, a w3m dump with box-drawn tables (real w3m where
    installed, else the generator's imitation): wrong in places, never silently, nothing rejected."""
    out, _ = variants9
    stats = _generator("score").score(out)  # type: ignore[attr-defined]
    capsys.readouterr()
    for design in V9.DESIGNS:  # type: ignore[attr-defined]
        assert stats[design]["pages"] == 20 and stats[design].get("rejects", 0) == 0, (design, stats[design])
        assert stats[design].get("silent", 0) == 0, (design, stats[design])


V10 = _generator("variants10")


@pytest.fixture(scope="module")
def variants10(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _written(V10, tmp_path_factory.mktemp("variants10"))


@pytest.mark.parametrize("design", ["three-signatures", "dr-names", "faq-first", "phone-copy", "reader-mode"])
def test_a_tenth_attack_on_text_snapshots_is_read_exactly(design: str, variants10: tuple[Path, list[dict]]) -> None:
    """Text snapshots of both layouts: three signature styles, names such as "J", "zoë" and
    "Lǚ Xiǎomíng", Related FAQ before Similar Q&A, a phone's copy (no-break spaces, U+2028, stray
    zero-width joiners), a reader app's save ("Source: <url>" last): every field exact."""
    out, truth = variants10
    pages = [t for t in truth if t["file"].startswith(f"{design}/")]
    assert len(pages) == 40
    wrong = {t["file"]: page_mismatches(t, parse_page((out / t["file"]).read_bytes(), name=t["file"])) for t in pages}
    assert {f: w for f, w in wrong.items() if w} == {}


def test_every_design_of_the_tenth_attack_is_exact_or_warned(
    variants10: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The rest: labels quoted inside a question or a reply, dates in other forms (one cut by the
    snapshot tool), a mixture of all in both layouts: wrong in places, never silently."""
    out, _ = variants10
    stats = _generator("score").score(out)  # type: ignore[attr-defined]
    capsys.readouterr()
    for design in V10.DESIGNS:  # type: ignore[attr-defined]
        assert stats[design]["pages"] == 40 and stats[design].get("rejects", 0) == 0, (design, stats[design])
        assert stats[design].get("silent", 0) == 0, (design, stats[design])
