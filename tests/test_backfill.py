"""Backfills: a window on sitemap lastmod, re-parse of outdated rows only, and resuming after SIGKILL.

Pages come from a real HTTP server on 127.0.0.1 (tests/site_server.py); rows are read back from
Parquet and compared with truth.jsonl or with an uninterrupted run.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, ROOT, cli_process, field_mismatches, load_truth
from site_server import Site

from dataset.backfills import BackfillError, BackfillRequest
from parsers import PARSER_VERSION
from sources.options import FetchOptions
from sources.sitemap import parse_lastmod

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out

SITE_TRUTH = [t for t in load_truth() if t["file"].startswith("site/en/qa/")]
PAGE_PATHS = sorted("/" + t["file"].removeprefix("site/") for t in SITE_TRUTH)
FAST = FetchOptions(concurrency=4, delay=0.0, timeout=2.0, backoff=0.05)
# Every other page changed in January 2024 (one a day); the rest in March.
LASTMOD = {p: (f"2024-01-{i // 2 % 31 + 1:02d}" if i % 2 == 0 else "2024-03-05") for i, p in enumerate(PAGE_PATHS)}
JANUARY = [p for p in PAGE_PATHS if LASTMOD[p].startswith("2024-01")]
LINEAGE = ["run_id", "fetched_at", "seen_at"]  # differ between any two runs by design


def page_path(entry: dict) -> str:
    return "/" + entry["file"].removeprefix("site/")


def test_a_window_on_lastmod_takes_whole_days() -> None:
    r = BackfillRequest(
        sources=("https://x.example/sitemap.xml",), since=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31)
    )
    inside = [
        "2024-01-01",
        "2024-01-31",
        "2024-01-01T00:00:01Z",
        "2024-01-31T23:59:59+00:00",
        "2024-02-01T00:30:00+01:00",
    ]
    outside = ["2023-12-31", "2024-02-01", "2023-12-31T23:59:59Z", "2024-02-01T00:00:01Z", None]
    assert [r.in_window(parse_lastmod(t)) for t in inside] == [True] * len(inside)
    assert [r.in_window(parse_lastmod(t)) for t in outside] == [False] * len(outside)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (BackfillRequest(), "nothing to backfill"),
        (BackfillRequest(since=dt.date(2024, 1, 1)), "needs a sitemap SOURCE"),
        (BackfillRequest(sources=("a",), since=dt.date(2024, 2, 1), until=dt.date(2024, 1, 1)), "is after"),
        (BackfillRequest(sources=("a",), urls_file="f"), "not both"),
        (BackfillRequest(sources=("a",), reparse=True), "give no SOURCE"),
        (BackfillRequest(reparse=True, since=dt.date(2024, 1, 1)), "add --on asked"),
        (BackfillRequest(sources=("a",), since=dt.date(2024, 1, 1), on="asked"), "already loaded: give no SOURCE"),
        (BackfillRequest(urls_file="f", since=dt.date(2024, 1, 1)), "drop --since/--until"),
    ],
)
def test_requests_that_mean_nothing_are_refused(request_: BackfillRequest, message: str) -> None:
    with pytest.raises(BackfillError, match=message):
        request_.check()


def test_the_same_request_names_the_same_plan() -> None:
    a = BackfillRequest(sources=("https://x.example/sitemap.xml",), since=dt.date(2024, 1, 1))
    assert a.id == BackfillRequest(sources=("https://x.example/sitemap.xml",), since=dt.date(2024, 1, 1)).id
    assert a.id != BackfillRequest(sources=("https://x.example/sitemap.xml",), since=dt.date(2024, 1, 2)).id


def test_window_backfill_loads_exactly_the_window_and_a_rerun_does_nothing(
    prefect_harness: None, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.backfill import run_backfill

    out = tmp_path / "out"
    with Site(CORPUS / "site", sitemap_paths=list(PAGE_PATHS), lastmod=dict(LASTMOD)) as site:
        request = BackfillRequest(
            sources=(f"{site.base}/sitemap.xml",), since=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31), chunk_size=5
        )
        s = run_backfill(request, output=str(out), parallel=2, workers=1, fetch=FAST)
        assert s.ok and s.plan.entries == len(JANUARY) and s.not_in_window == len(PAGE_PATHS) - len(JANUARY)
        assert s.plan.chunks == -(-len(JANUARY) // 5) and sorted(s.completed) == list(range(s.plan.chunks))
        assert {h.path for h in site.hits if h.path.startswith("/en/")} == set(JANUARY)  # nothing else fetched

        in_window = [t for t in SITE_TRUTH if page_path(t) in JANUARY]
        checked, bad = field_mismatches(out, in_window, lambda e: site.base + page_path(e))
        assert checked > 1000 and bad == []
        q = pd.read_parquet(out / "questions")
        assert len(q) == sum(1 for t in in_window if not t.get("reject"))
        rejects = set(pd.read_parquet(out / "rejects")["source"])
        assert rejects == {site.base + page_path(t) for t in in_window if t.get("reject")}

        runs = pd.read_parquet(out / "runs").set_index("run_id")
        chunks = runs[runs["parent_run_id"] == s.run_id]
        assert sorted(chunks["idempotency_key"]) == [f"{s.plan.id}/{n:04d}" for n in range(s.plan.chunks)]
        assert set(chunks["status"]) == {"completed"} and chunks["pages"].sum() == len(JANUARY)
        assert runs.loc[s.run_id, "status"] == "completed" and runs.loc[s.run_id, "flow"] == "qa-etl-backfill"
        assert set(q["run_id"]) <= set(chunks.index)
        with get_client(sync_client=True) as client:
            arts = client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["qa-etl-backfill-summary"]))
            )
        assert any(s.plan.id in (a.description or "") and f"{len(JANUARY)} pages in" in str(a.data) for a in arts)

        site.reset()
        again = run_backfill(request, output=str(out), parallel=2, workers=1, fetch=FAST)
        assert again.resumed and again.skipped == list(range(s.plan.chunks)) and not again.completed
        assert site.hits == []  # the plan is frozen: not even the sitemap is asked again


def test_reparse_touches_only_rows_of_an_older_parser(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.steps
    from flows.backfill import run_backfill
    from flows.pipeline import run_pipeline

    out = tmp_path / "out"
    old, new = PAGE_PATHS[::2], PAGE_PATHS[1::2]
    with Site(CORPUS / "site", sitemap_paths=list(PAGE_PATHS)) as site:
        with monkeypatch.context() as m:
            m.setattr(engine.steps, "PARSER_VERSION", "0.9.0")  # workers=1 parses in this process
            run_pipeline([site.base + p for p in old], output=str(out), workers=1, fetch=FAST)
        run_pipeline([site.base + p for p in new], output=str(out), workers=1, fetch=FAST)
        base = site.base
    before = {t: pd.read_parquet(out / t) for t in ("questions", "replies", "related_links", "rejects")}
    assert set(before["questions"]["parser_version"]) == {"0.9.0", PARSER_VERSION}

    s = run_backfill(BackfillRequest(reparse=True, chunk_size=10), output=str(out), parallel=2, workers=1)  # no server
    assert s.ok and s.plan.entries == len(old) and s.plan.mode == "stored"

    chunk_runs = set(s.completed.values())
    for table, was in before.items():
        now = pd.read_parquet(out / table)
        key = "source"
        was_new = was[was[key].isin({base + p for p in new})].sort_values(list(was.columns)).reset_index(drop=True)
        now_new = now[now[key].isin({base + p for p in new})].sort_values(list(now.columns)).reset_index(drop=True)
        pd.testing.assert_frame_equal(now_new, was_new)  # rows of the current parser: untouched, run_id included
        now_old = now[now[key].isin({base + p for p in old})]
        assert set(now_old["parser_version"]) <= {PARSER_VERSION} and set(now_old["run_id"]) <= chunk_runs
        assert len(now_old) == len(was[was[key].isin({base + p for p in old})])
    checked, bad = field_mismatches(out, SITE_TRUTH, lambda e: base + page_path(e))
    assert checked > 2500 and bad == []


def _completed_chunks(out: Path) -> int:
    try:
        runs = pq.read_table(out / "runs" / "part-000.parquet").to_pandas()
    except (FileNotFoundError, OSError):
        return 0
    return int(((runs["status"] == "completed") & runs["idempotency_key"].notna()).sum())


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    got = {}
    for t in ("questions", "replies", "related_links", "rejects"):
        df = pd.read_parquet(out / t)
        df = df.drop(columns=[c for c in LINEAGE if c in df.columns])
        got[t] = df.sort_values(list(df.columns[:3])).reset_index(drop=True)
    return got


def test_a_backfill_killed_mid_way_and_started_again_ends_like_one_that_was_not(tmp_path: Path) -> None:
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    with Site(CORPUS / "site", sitemap_paths=list(PAGE_PATHS), lastmod=dict(LASTMOD)) as site:
        args = [
            "backfill", f"{site.base}/sitemap.xml", "--since", "2024-01-01", "--until", "2024-03-31",
            "--chunk-size", "4", "--parallel", "2", "--concurrency", "2", "--delay", "0.05",
        ]  # fmt: skip
        proc = cli_process(*args, "-o", str(killed), start_new_session=True)
        deadline = time.monotonic() + 120
        while _completed_chunks(killed) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the run, its worker processes and its Prefect server
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        done_when_killed = _completed_chunks(killed)
        n_chunks = -(-len(PAGE_PATHS) // 4)
        assert 2 <= done_when_killed < n_chunks  # killed mid-way, not before or after

        again = cli_process(*args, "-o", str(killed))
        stdout, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr
        assert f"{n_chunks} chunks; {done_when_killed} chunks done before" in stdout

        ref = cli_process(*args, "-o", str(whole))
        _, stderr = ref.communicate(timeout=300)
        assert ref.returncode == 0, stderr

    got, want = _tables(killed), _tables(whole)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)
    assert len(want["questions"]) == sum(1 for t in SITE_TRUTH if not t.get("reject"))

    runs = pd.read_parquet(killed / "runs")
    assert (runs["flow"] == "qa-etl-backfill").sum() == 2
    assert "crashed" in set(runs.loc[runs["flow"] == "qa-etl-backfill", "status"])  # found by the restart
    keys = runs.loc[runs["status"] == "completed", "idempotency_key"].dropna()
    assert keys.is_unique and len(keys) == n_chunks  # each chunk committed exactly once
    check = subprocess.run(
        [sys.executable, "-m", "flows.cli", "validate", str(killed)], capture_output=True, text=True, cwd=ROOT
    )
    assert check.returncode == 0, check.stdout


def test_a_window_on_asked_date_selects_the_loaded_questions_asked_in_it(tmp_path: Path) -> None:
    from conftest import run_without_prefect

    from dataset.backfills import asked_between

    run_without_prefect([str(CORPUS / "site")], tmp_path, "r1")
    got = asked_between(tmp_path, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    want = sorted(
        str((CORPUS / t["file"]).resolve())
        for t in SITE_TRUTH
        if not t.get("reject") and t["question"]["asked_on"].startswith("2025-")
    )
    assert got == want and len(want) > 1


def test_a_plan_changed_on_disk_is_held_to_the_request(tmp_path: Path) -> None:
    """A plan is a file in OUTPUT: a chunk naming a file the request never named stops the backfill
    before anything runs; a URL on another origin is a reject, never requested; a chunk count the
    folder does not hold is refused at once (not a billion chunks looked up)."""
    out, secret = tmp_path / "out", tmp_path / "secret.html"
    secret.write_bytes((CORPUS / "site/en/qa/1.html").read_bytes())
    with Site(CORPUS / "site") as site, Site(CORPUS / "site") as other:
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{site.base}{p}\n" for p in PAGE_PATHS[:4]))
        args = ["backfill", "--urls", str(urls), "--chunk-size", "2", "-o", str(out), "--delay", "0"]
        first = cli_process(*args)
        assert first.wait(timeout=300) == 0, first.communicate()
        (plan_dir,) = (out / "_backfills").iterdir()
        runs_before = len(pd.read_parquet(out / "runs"))
        chunk = plan_dir / "chunk-0001.txt"

        def again_after(change: Callable[[], None]) -> tuple[int, str]:
            pq.write_table(pq.read_table(out / "runs").slice(0, 0), out / "runs" / "part-000.parquet")  # all to do
            change()
            proc = cli_process(*args)
            _, stderr = proc.communicate(timeout=300)
            return proc.returncode, stderr

        code, stderr = again_after(lambda: chunk.write_text(f"{secret}\n"))
        assert code == 1 and stderr.count("\n") == 1 and "does not cover" in stderr, stderr
        assert not any(pd.read_parquet(out / "questions")["source"] == str(secret))

        plan = plan_dir / "plan.json"
        saved = plan.read_text()
        code, stderr = again_after(lambda: plan.write_text(saved.replace('"chunks": 2', '"chunks": 1000000000')))
        assert code == 1 and stderr.count("\n") == 1 and "holds 2" in stderr, stderr

        plan.write_text(saved)
        code, stderr = again_after(lambda: chunk.write_text(f"{other.base}/en/qa/1.html\n"))
        assert code == 0, stderr
        assert other.hits == []  # not even its robots.txt
        rejects = pd.read_parquet(out / "rejects")
        assert (rejects["reason"] == "not on an allowed host").sum() == 1
    assert runs_before > 0
