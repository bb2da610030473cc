"""Upsert by key, idempotent reruns, the lock, and crash safety of the Parquet dataset."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, ROOT, held_truth, merged_snapshots, run_without_prefect, snapshot_files

from dataset import Dataset, DatasetLocked, commit_run
from engine.steps import process_batch
from parsers import parse_page
from schemas import latest_valid_day

SITE = CORPUS / "site/en/qa"
# Questions of the pages in site/en/qa and snapshots/ that truth.jsonl says must give rows (the dept
# listing is elsewhere), as one output holds them: a text snapshot of an HTML page is merged into it.
N_VALID = len(held_truth())


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(SITE, folder)
    shutil.copytree(CORPUS / "snapshots", folder / "snapshots")
    return folder


def _read(output: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(output / table)


def test_first_run_writes_every_page_and_rejects(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_without_prefect([str(pages)], out, "r1")
    q = _read(out, "questions")
    assert len(q) == N_VALID
    assert q["question_id"].is_unique
    assert summary.rows["questions"] == N_VALID
    rejects = _read(out, "rejects")
    assert sorted(Path(s).name for s in rejects["source"]) == [
        "999001.html",
        "999002.html",
        "999003.html",
        "999004.html",
    ]
    r = _read(out, "replies")
    assert r["reply_id"].is_unique
    assert set(r["question_id"]) <= set(q["question_id"])
    links = _read(out, "related_links")
    assert not links.duplicated(["question_id", "kind", "position"]).any()


def test_rerun_changes_nothing(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_without_prefect([str(pages)], out, "r1")
    before = snapshot_files(out)
    summary = run_without_prefect([str(pages)], out, "r2")
    assert summary.changed_questions == 0
    assert summary.unchanged_questions == N_VALID
    assert snapshot_files(out) == before  # byte for byte: no file rewritten


def test_changed_page_replaces_its_rows_wholesale(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_without_prefect([str(pages)], out, "r1")
    q_before = _read(out, "questions").set_index("question_id")
    page = pages / "1.html"
    html = page.read_text(encoding="utf-8")
    # Edit: a new reply text, and drop the first Similar Q&A item.
    html = html.replace("Thank you!</p></div>", "Please see an orthopedist.</p></div>", 1)
    start = html.index('<div class="similar-item">')
    html = html[:start] + html[html.index('<div class="similar-item">', start + 1) :]
    page.write_text(html, encoding="utf-8")
    summary = run_without_prefect([str(pages)], out, "r2")
    assert summary.changed_questions == 1

    expected = parse_page(page.read_bytes(), name="1.html")
    qid = expected.question.question_id
    replies = _read(out, "replies").query("question_id == @qid").sort_values("position")
    assert list(replies["body"]) == [r.body for r in expected.replies]
    assert "Please see an orthopedist." in replies["body"].iloc[0]
    links = _read(out, "related_links").query("question_id == @qid")
    assert len(links) == 13 and len(links.query("kind == 'similar_qa'")) == 3
    q_after = _read(out, "questions").set_index("question_id")
    assert q_after.loc[qid, "run_id"] == "r2"
    others = q_after.drop(index=qid)
    assert (others["run_id"] == "r1").all()  # untouched pages keep their lineage
    assert len(q_after) == len(q_before)


def test_fixed_page_leaves_rejects(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_without_prefect([str(pages)], out, "r1")
    shutil.copy(SITE / "100002.html", pages / "999002.html")  # the empty page gets real content
    run_without_prefect([str(pages)], out, "r2")
    assert "999002.html" not in {Path(s).name for s in _read(out, "rejects")["source"]}


def test_runs_overlap_and_their_commits_queue(pages: Path, tmp_path: Path) -> None:
    """Two runs stage at the same time; each commit sees the other's; both are completed in `runs`."""
    out = tmp_path / "out"
    ds = Dataset(out)
    today = latest_valid_day()
    html = sorted(str(p) for p in pages.glob("*.html"))
    snaps = sorted(str(p) for p in (pages / "snapshots").glob("*.txt"))
    with ds.writer("r1") as row1, Dataset(out).writer("r2") as row2:
        process_batch(0, html, output=str(out), run_id="r1", buckets=ds.buckets, today=today)
        process_batch(0, snaps, output=str(out), run_id="r2", buckets=ds.buckets, today=today)
        assert set(_read_runs(out)["status"]) == {"running"}
        commit_run(ds, "r2", run=row2)
        commit_run(ds, "r1", run=row1)
    whole = tmp_path / "whole"
    run_without_prefect([str(pages)], whole, "w")
    cols = ["question_id", "title", "body", "asked_on"]
    got = _read(out, "questions")[cols].sort_values("question_id").reset_index(drop=True)
    want = _read(whole, "questions")[cols].sort_values("question_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    runs = _read_runs(out).set_index("run_id")
    assert list(runs["status"]) == ["completed", "completed"]
    assert runs.loc["r1", "pages"] == 0  # counted by the flow, not by the dataset
    # r2 (the snapshots) committed first: qa-1.txt landed, then r1 brought its HTML page and merged it.
    assert runs["questions_changed"].sum() == N_VALID + 1


def test_commit_lock_names_its_holder(tmp_path: Path) -> None:
    ds = Dataset(tmp_path / "out")
    with ds.commit_lock("r1"):
        with pytest.raises(DatasetLocked, match=r"being written by run r1 \(pid \d+\)"):
            with Dataset(tmp_path / "out").commit_lock("r2"):
                pass
    with ds.commit_lock("r3"):  # released when the first one ends
        pass


def test_a_run_that_raises_is_recorded_as_failed(tmp_path: Path) -> None:
    with pytest.raises(ValueError), Dataset(tmp_path / "out").writer("r1"):
        raise ValueError("the sitemap server is on fire")
    runs = _read_runs(tmp_path / "out")
    assert runs["status"].tolist() == ["failed"]
    assert runs["error"].tolist() == ["ValueError: the sitemap server is on fire"]
    assert runs["finished_at"].notna().all()


def test_killed_run_is_found_crashed_and_a_live_runs_staging_is_left_alone(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    script = textwrap.dedent(f"""
        import datetime as dt, os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from dataset import Dataset
        from engine.steps import process_batch
        ds = Dataset({str(out)!r})
        with ds.writer("killed"):
            process_batch(0, [{str(pages / "1.html")!r}], output={str(out)!r}, run_id="killed",
                          buckets=ds.buckets, today=dt.date.today())
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert (out / "_staging" / "killed").is_dir()
    ds = Dataset(out)
    with ds.writer("alive"):
        process_batch(0, [str(pages / "1.html")], output=str(out), run_id="alive", buckets=16, today=latest_valid_day())
        with Dataset(out).writer("next"):  # recovers: drops what the killed run left, not what "alive" staged
            assert not (out / "_staging" / "killed").exists()
            assert any((out / "_staging" / "alive").rglob("*.parquet"))
        runs = _read_runs(out).set_index("run_id")
        assert runs.loc["killed", "status"] == "crashed" and "process ended" in runs.loc["killed", "error"]
        assert pd.isna(runs.loc["killed", "finished_at"])  # when it died is not known
        assert runs.loc["alive", "status"] == "running"


def _visible_rows(out: Path) -> int:
    return sum(pq.read_metadata(out / name).num_rows for name in snapshot_files(out))


def _read_runs(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "runs")


class Crash(Exception):
    pass


def test_crash_between_journal_and_renames_is_rolled_forward(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def crash() -> None:
        raise Crash

    with pytest.raises(Crash):
        run_without_prefect([str(pages)], out, "r1", after_journal=crash)
    assert list(out.glob("_journal-*.json"))
    assert _visible_rows(out) == 0  # readers see empty tables, nothing of the unfinished commit
    run_without_prefect([str(pages / "snapshots")], out, "r2")  # any next run first completes r1
    assert not list(out.glob("_journal-*.json"))
    assert len(_read(out, "questions")) == N_VALID


@pytest.mark.slow  # starts a subprocess
def test_killed_process_leaves_no_partial_file(pages: Path, tmp_path: Path) -> None:
    """A real SIGKILL after the journal is written: the next run completes the commit."""
    out = tmp_path / "out"
    reference = tmp_path / "reference"
    run_without_prefect([str(pages)], reference, "ref")
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from conftest import run_without_prefect
        from pathlib import Path
        run_without_prefect([{str(pages)!r}], Path({str(out)!r}), "killed",
                            after_journal=lambda: os.kill(os.getpid(), signal.SIGKILL))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9
    hidden = list(out.glob("**/.*.tmp"))
    assert any(p.parent.name.startswith("asked_month=") for p in hidden)  # month files written, not yet renamed
    assert _visible_rows(out) == 0
    run_without_prefect([str(pages / "snapshots")], out, "next")
    assert not list(out.glob("**/.*.tmp"))
    cols = ["question_id", "title", "body", "asked_on"]
    got = _read(out, "questions")[cols].sort_values("question_id").reset_index(drop=True)
    want = _read(reference, "questions")[cols].sort_values("question_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


def test_a_table_with_no_rows_yet_has_its_columns_and_loses_its_empty_file_with_its_first_month(
    tmp_path: Path,
) -> None:
    from schemas import QUESTIONS, WARNINGS

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "site/en/qa/999004.html")], out, run_id="r1")  # a 404 page: no rows
    assert list(pd.read_parquet(out / "questions").columns) == QUESTIONS.column_names
    assert list(pd.read_parquet(out / "warnings").columns) == WARNINGS.column_names
    run_without_prefect([str(CORPUS / "site/en/qa/1.html")], out, run_id="r2")
    assert not (out / "questions" / "part-empty.parquet").exists()
    assert [p.parent.name for p in (out / "questions").glob("*/part-*.parquet")] == ["asked_month=2015-11"]
    assert (out / "warnings" / "part-empty.parquet").exists()  # still no warning: still its columns
    assert len(pd.read_parquet(out / "questions")) == 1


def test_a_lost_questions_file_leaves_no_key_twice(tmp_path: Path) -> None:
    """One month's questions file deleted, the same pages run again: replies and links are merged by
    question, so the month's old rows are replaced, not doubled."""
    from dataset.check import check_dataset

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "site")], out, run_id="r1")
    before = {t: len(pd.read_parquet(out / t)) for t in ("questions", "replies", "related_links")}
    month = max((out / "questions").glob("asked_month=*/part-0.parquet"), key=lambda p: p.stat().st_size)
    month.unlink()
    run_without_prefect([str(CORPUS / "site")], out, run_id="r2")
    assert check_dataset(out).ok
    assert {t: len(pd.read_parquet(out / t)) for t in before} == before


def test_a_damaged_file_the_run_does_not_merge_into_stops_it_before_anything_lands(tmp_path: Path) -> None:
    """A run with no rejects never opens a rejects file to merge, yet a damaged one must stop it
    before its questions land (found by CI: the rows landed, then the row count failed)."""
    from errors import DamagedFile

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "site")], out, run_id="r1")
    victim = next((out / "rejects").glob("part-*.parquet"))
    victim.write_bytes(victim.read_bytes()[:100])
    before = snapshot_files(out)
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(CORPUS / "snapshots" / "qa-1.txt", pages)
    with pytest.raises(DamagedFile, match=victim.name):
        run_without_prefect([str(pages)], out, run_id="r2")
    assert snapshot_files(out) == before


def test_a_poisoned_journal_touches_nothing_outside_the_output(tmp_path: Path) -> None:
    """A journal naming `../canary.txt` (to delete) and `../planted.txt` (to create): recovery stops
    with one error naming the journal, and neither file outside OUTPUT is touched."""
    import json

    from errors import OutputError

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "snapshots")], out, run_id="r1")
    canary = tmp_path / "canary.txt"
    canary.write_text("still here")
    (out / "questions" / ".x.tmp").write_text("payload")
    renames = [[None, "../canary.txt"], ["questions/.x.tmp", "../planted.txt"]]
    (out / "_journal-evil.json").write_text(json.dumps({"run_id": "evil", "renames": renames}))
    with pytest.raises(OutputError) as err:
        run_without_prefect([str(CORPUS / "snapshots")], out, run_id="r2")
    assert "_journal-evil.json" in str(err.value) and "outside the output folder" in str(err.value)
    assert canary.read_text() == "still here" and not (tmp_path / "planted.txt").exists()


@pytest.mark.parametrize(
    "renames",
    [[[None, "questions/a\u0000b"]], [[None, 5]], [[None, None]], [[{"a": 1}, "x"]], [["/etc/x", "questions/y"]]],
)
def test_a_journal_of_junk_is_one_error_validate_names_it_and_repair_sets_it_aside(
    tmp_path: Path, renames: list
) -> None:
    import json

    from dataset.check import check_dataset
    from dataset.repair import repair
    from errors import OutputError

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "snapshots")], out, run_id="r1")
    (out / "_journal-junk.json").write_text(json.dumps({"run_id": "junk", "renames": renames}))
    with pytest.raises(OutputError, match=r"_journal-junk\.json"):
        run_without_prefect([str(CORPUS / "snapshots")], out, run_id="r2")
    assert [p.check for p in check_dataset(out).problems] == ["hostile journal"]
    report = repair(out)
    assert report.moved == ["_journal-junk.json"]
    assert check_dataset(out).ok
    run_without_prefect([str(CORPUS / "snapshots")], out, run_id="r3")


def test_paths_from_a_plan_or_the_index_stay_inside_the_output(tmp_path: Path) -> None:
    from dataset.backfills import BackfillRequest, load_plan, plan_folder
    from errors import OutputError
    from rawstore import RawStore

    out = tmp_path / "out"
    out.mkdir()
    request = BackfillRequest(urls_file=str(tmp_path / "u.txt"))
    folder = plan_folder(out, request)
    folder.mkdir(parents=True)
    plan = {"id": "x", "folder": "/etc", "mode": "sources", "chunks": 1, "entries": 1, "created_at": "2026-01-01"}
    (folder / "plan.json").write_text(__import__("json").dumps({"plan": plan}))
    loaded = load_plan(out, request)
    assert loaded is not None and Path(loaded.chunk_file(0)).parent == folder  # not /etc
    with pytest.raises(OutputError):
        RawStore(out).read("../../etc/passwd", 0)


def _variant(folder: Path, n: int) -> Path:
    """qa-1.txt as another question (its title changed): a new question asked the same day."""
    text = (CORPUS / "snapshots" / "qa-1.txt").read_text(encoding="utf-8")
    page = folder / f"variant-{n}.txt"
    page.write_text(text.replace("Experiencing spinal numbness", f"Experiencing spinal numbness ({n})", 1))
    return page


def test_small_runs_add_files_to_a_month_until_it_is_compacted_and_the_index_follows(tmp_path: Path) -> None:
    """New questions go into a file of their own beside the month's (no month rewritten); the
    commit that meets MONTH_FILES files compacts the month into one; the question index agrees
    with the files at every step, and a month changed behind its back makes it stale, not wrong."""
    from dataset import qindex
    from dataset.check import check_dataset
    from dataset.commit import MONTH_FILES

    out = tmp_path / "out"
    pages = tmp_path / "pages"
    pages.mkdir()
    month_dir = None
    counts = []
    for n in range(MONTH_FILES + 1):
        _variant(pages, n)
        run_without_prefect([str(pages)], out, f"r{n}")
        [month_dir] = [p.parent for p in (out / "questions").glob("asked_month=*/part-*.parquet")][:1]
        counts.append(len(list(month_dir.glob("part-*.parquet"))))
        index = qindex.read_index(Dataset(out))
        assert index is not None and index.sort_by("question_id").equals(
            qindex.scan(Dataset(out)).sort_by("question_id")
        )
    assert counts == [*range(1, MONTH_FILES + 1), 1]  # one more file per run, then compacted into one
    q = pd.read_parquet(out / "questions")
    assert len(q) == MONTH_FILES + 1 and q["question_id"].is_unique
    assert check_dataset(out).ok

    # A changed page (same question, other bytes) replaces its row: its month is rewritten whole.
    for n in (MONTH_FILES + 1, MONTH_FILES + 2):
        _variant(pages, n)
        run_without_prefect([str(pages)], out, f"r{n}")
    assert len(list(month_dir.glob("part-*.parquet"))) == 3
    first = _variant(pages, 0)
    first.write_text(first.read_text() + "\nA line more.\n")
    run_without_prefect([str(pages)], out, "changed")
    assert len(list(month_dir.glob("part-*.parquet"))) == 1
    q = pd.read_parquet(out / "questions")
    assert len(q) == MONTH_FILES + 3 and q["question_id"].is_unique and check_dataset(out).ok

    # A month file removed by hand: the index no longer describes the files, so it is not used.
    assert month_dir is not None
    next(month_dir.glob("part-*.parquet")).unlink()
    assert qindex.read_index(Dataset(out)) is None
    run_without_prefect([str(pages)], out, "after-loss")  # the questions land again
    assert len(pd.read_parquet(out / "questions")) == MONTH_FILES + 3 and check_dataset(out).ok


def test_a_text_snapshot_of_an_html_page_is_one_question_whichever_came_first(tmp_path: Path) -> None:
    """qa-1.txt is a text snapshot of site/en/qa/1.html (truth: same headline, title, asker, date).
    Together, or the snapshot first and the page later, the dataset holds the HTML question only, and
    the change feed says the snapshot was merged into it, once."""
    from dataset.changes import read_changes
    from dataset.check import check_dataset

    snapshot, page = CORPUS / "snapshots" / "qa-1.txt", SITE / "1.html"
    assert merged_snapshots() == {"snapshots/qa-1.txt"}  # what truth says, by its own fields

    for order in (["both"], ["snapshot", "page"]):
        out = tmp_path / "-".join(order)
        for n, step in enumerate(order):
            sources = {"both": [snapshot, page], "snapshot": [snapshot], "page": [page]}[step]
            run_without_prefect([str(s) for s in sources], out, f"r{n}")
        q = _read(out, "questions")
        assert list(q["source"]) == [str(page)] and q["source_format"].tolist() == ["html"]
        replies = _read(out, "replies")
        assert set(replies["question_id"]) == set(q["question_id"])  # the snapshot's replies went with it
        feed = read_changes(out).to_pylist()
        merged = [r for r in feed if r["change"] == "merged"]
        assert len(merged) == 1 and merged[0]["source"] == str(snapshot)
        assert merged[0]["same_as"] == q["question_id"].iloc[0] != merged[0]["question_id"]
        assert check_dataset(out).ok

        before = len(feed)
        run_without_prefect([str(snapshot), str(page)], out, "again")
        assert len(read_changes(out)) == before  # merged once, not at every run
        assert len(_read(out, "questions")) == 1

    alone = tmp_path / "alone"
    run_without_prefect([str(snapshot)], alone, "r0")  # no HTML page held: the snapshot is its question
    assert _read(alone, "questions")["source"].tolist() == [str(snapshot)]


def test_a_damaged_change_feed_is_listed_by_validate_and_set_aside_by_repair(tmp_path: Path) -> None:
    from dataset.changes import read_changes
    from dataset.check import check_dataset
    from dataset.repair import repair

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "snapshots")], out, "r1")
    [feed] = (out / "changes").glob("part-*.parquet")
    feed.write_bytes(feed.read_bytes()[:100])
    report = check_dataset(out)
    assert [(p.table, p.check) for p in report.problems] == [("changes", "unreadable file")]
    fixed = repair(out)
    assert any(feed.name in m for m in fixed.moved) and check_dataset(out).ok
    assert len(read_changes(out)) == 0 and len(_read(out, "questions")) > 0  # the data is untouched


def test_an_index_that_lies_makes_no_question_twice_and_stale_hidden_files_go(tmp_path: Path) -> None:
    """An index with the right manifest but no rows (forged, or a bug) says every question is new:
    the month files are still asked before new rows are added beside them. Hidden files a killed
    commit left in _index/ and changes/ are removed by the next run."""
    import json

    from dataset import qindex

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "snapshots")], out, "r1")
    n = len(_read(out, "questions"))
    ds = Dataset(out)
    empty = qindex.SCHEMA.empty_table().replace_schema_metadata(
        {"qa_etl_manifest": json.dumps(qindex.manifest_of(ds), sort_keys=True)}
    )
    pq.write_table(empty, out / qindex.INDEX_FILE)
    assert qindex.read_index(ds) is not None  # trusted: its manifest matches
    (out / "_index" / ".questions.parquet.killed.tmp").write_bytes(b"half")
    (out / "changes" / ".part-1.parquet.killed.tmp").write_bytes(b"half")
    run_without_prefect([str(CORPUS / "snapshots")], out, "r2")
    q = _read(out, "questions")
    assert len(q) == n and q["question_id"].is_unique
    assert not list((out / "_index").glob(".*.tmp")) and not list((out / "changes").glob(".*.tmp"))


@pytest.mark.parametrize("where", ["month", "table", "_live"])
def test_a_folder_of_the_output_linked_outside_it_is_refused_before_anything_is_written(
    pages: Path, tmp_path: Path, where: str
) -> None:
    """A month folder, a table folder or the runs' lock folder replaced by a symbolic link to a folder
    elsewhere: the next run writes nothing at all (there, or in the output) and says which link,
    in one line; once the folder is back, runs go on."""
    out = tmp_path / "out"
    run_without_prefect([str(pages)], out, "r1")
    folder = {"month": next((out / "questions").glob("asked_month=*")), "table": out / "replies"}.get(
        where, out / where
    )
    assert folder.is_dir()
    away = tmp_path / "elsewhere"
    shutil.move(folder, away)
    folder.symlink_to(away, target_is_directory=True)
    before = {p: p.read_bytes() for p in [*away.rglob("*"), *out.rglob("*")] if p.is_file()}
    (pages / "extra.html").write_bytes((SITE / sorted(p.name for p in SITE.iterdir())[0]).read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(pages), "-o", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert f"{folder} is a symbolic link to {away}" in proc.stderr and "nothing was written" in proc.stderr
    after = {p: p.read_bytes() for p in [*away.rglob("*"), *out.rglob("*")] if p.is_file()}
    assert after == before
    folder.unlink()
    shutil.move(away, folder)
    assert (
        subprocess.run([sys.executable, "-m", "flows.cli", "run", str(pages), "-o", str(out)], cwd=ROOT).returncode == 0
    )
