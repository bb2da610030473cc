"""`qa-etl prune`: old raw copies go, the latest per URL and every copy a table row comes from stay,
`reparse` still gives the same tables, and finished backfill plans are removed. Pages are served by
a real HTTP server on 127.0.0.1 and change between runs, as a site's do."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS
from site_server import Site

from dataset.check import check_dataset
from flows.cli import main
from rawstore import RawStore
from rawstore.prune import prune

pytestmark = pytest.mark.slow  # several crawls of a real HTTP server

NAMES = ("100002.html", "100007.html")


def _run(site: Site, out: Path, *extra: str) -> None:
    args = ["run", f"{site.base}/sitemap.xml", "-o", str(out), "--delay", "0", "--workers", "1", "-q", *extra]
    assert main(args) in (0, 3)  # a page turned into junk may degrade the run: its rows are in


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    keys = {"questions": ["question_id"], "replies": ["reply_id"], "related_links": ["question_id", "kind", "position"]}
    return {
        t: pd.read_parquet(out / t)
        .drop(columns=["run_id", "fetched_at", "asked_month"])
        .sort_values(k)
        .reset_index(drop=True)
        for t, k in keys.items()
    }


def test_prune_keeps_the_latest_and_what_the_tables_come_from(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    paths = [f"/qa/{n}" for n in NAMES]
    site = Site(served, sitemap_paths=paths)
    originals = {p: (CORPUS / "site/en/qa" / p.rsplit("/", 1)[-1]).read_bytes() for p in paths}
    out = tmp_path / "out"
    with site:
        site.pages = dict(originals)
        _run(site, out)  # version 1 of both
        for n in (2, 3):  # versions 2 and 3: a comment changes the bytes, not the rows
            site.pages = {p: b + f"<!-- v{n} -->".encode() for p, b in originals.items()}
            time.sleep(0.01)
            _run(site, out)
        # The last fetch of the second page is junk: rejected, so its question's rows come from v3.
        site.pages[paths[1]] = b"<html><body><p>Service temporarily replaced</p></body></html>"
        _run(site, out)
    store = RawStore(out)
    before = store.fetches()
    stored = before.filter(before.column("warc_file").is_valid()).to_pylist()
    # page 1: v1, v2, v3, then a 304 (no body); page 2: v1, v2, v3 and the junk
    assert sum(r["kind"] == "page" for r in stored) == 7
    others = [r for r in stored if r["kind"] != "page"]  # the sitemap: its latest copy stays
    extra = len(others) - len({r["canonical_url"] for r in others})
    reparsed = tmp_path / "reparsed"  # what the store gives before pruning
    assert main(["reparse", "-o", str(reparsed), "--from", str(out), "--workers", "1", "-q"]) in (0, 3)
    tables_before = _tables(reparsed)
    warc_bytes = sum(f.stat().st_size for f in (out / "raw").glob("*.warc.gz"))

    dry = prune(out, keep=1, dry_run=True)
    assert sum(f.stat().st_size for f in (out / "raw").glob("*.warc.gz")) == warc_bytes  # nothing removed

    report = prune(out, keep=1)
    assert (report.dropped, report.pinned, report.bytes_after) == (dry.dropped, dry.pinned, dry.bytes_after)
    after = store.fetches()
    kept = after.filter(after.column("warc_file").is_valid()).to_pylist()
    by_url: dict[str, list[str]] = {}
    assert report.dropped == 7 - 3 + extra
    for r in kept:
        by_url.setdefault(r["canonical_url"].rsplit("/", 1)[-1], []).append(r["content_sha256"])
    # page 1: only its latest (v3); page 2: its latest (the junk) and v3, which its rows come from.
    assert len(by_url[NAMES[0]]) == 1 and len(by_url[NAMES[1]]) == 2 and report.pinned == 1
    assert len(after) == len(before) - report.dropped  # rows of fetches with no body stay
    assert report.bytes_after < report.bytes_before == warc_bytes
    for r in kept:  # every kept row still reads back, at its new offset, as the bytes it names
        body = store.read(r["warc_file"], r["warc_offset"]).body
        import hashlib

        assert hashlib.sha256(body).hexdigest() == r["content_sha256"]
    assert check_dataset(out).ok
    import duckdb

    from dataset import duckdb_views

    con = duckdb.connect()
    con.execute(duckdb_views(out))
    assert con.execute("select count(*) from fetches").fetchone() == (len(after),)

    # The store gives the same tables after pruning, without the network.
    again = tmp_path / "again"
    assert main(["reparse", "-o", str(again), "--from", str(out), "--workers", "1", "-q"]) in (0, 3)
    for name, frame in _tables(again).items():
        pd.testing.assert_frame_equal(
            frame.drop(columns=["source"], errors="ignore"),
            tables_before[name].drop(columns=["source"], errors="ignore"),
        )
    assert prune(out, keep=1).dropped == 0  # nothing more to do


def test_prune_removes_finished_backfill_plans_only(tmp_path: Path) -> None:
    import json

    from dataset.runs import RunRow, with_rows

    out = tmp_path / "out"
    main(["run", str(CORPUS / "snapshots"), "-o", str(out), "--workers", "1", "-q"])
    plans = out / "_backfills"
    for name, chunks in (("done", 2), ("half", 2)):
        (plans / name).mkdir(parents=True)
        (plans / name / "plan.json").write_text(json.dumps({"plan": {"chunks": chunks}}))
    (plans / "planning").mkdir()  # no plan.json yet: being planned
    from dataset.runs import read_runs

    rows = [RunRow(f"c{n}", "qa-etl", idempotency_key=key).finished("completed") for n, key in
            enumerate(["done/0000", "done/0001", "half/0000"])]  # fmt: skip
    table = with_rows(read_runs(out), rows)
    import pyarrow.parquet as pq

    pq.write_table(table, out / "runs" / "part-000.parquet")
    report = prune(out)
    assert report.plans == ["done"]
    assert sorted(p.name for p in plans.iterdir()) == ["half", "planning"]
