"""The change feed and tombstones, as an operator meets them between scheduled runs: pages served by
a real HTTP server on 127.0.0.1 are added, changed, removed (404) and restored, and `changes`,
`questions.removed_at` and `qa-etl changes` say so."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS
from site_server import Site

from dataset.changes import read_changes
from flows.cli import main

PAGES = [CORPUS / "site/en/qa" / name for name in ("100002.html", "100007.html", "100014.html")]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    empty = tmp_path / "served"
    empty.mkdir()
    s = Site(empty, sitemap_paths=[f"/qa/{p.name}" for p in PAGES])
    s.pages = {f"/qa/{p.name}": p.read_bytes() for p in PAGES}
    with s:
        yield s


def _run(site: Site, out: Path) -> None:
    assert main(["run", f"{site.base}/sitemap.xml", "-o", str(out), "--delay", "0", "--workers", "1", "-q"]) == 0
    time.sleep(0.01)  # runs' commits at distinct microseconds, as scheduled runs are


def _feed(out: Path) -> list[tuple[str, str, str | None]]:
    """(run, change, parts) by question, in commit order; run ids numbered from 1."""
    rows = sorted(read_changes(out).to_pylist(), key=lambda r: r["changed_at"])
    runs: dict[str, int] = {}
    for r in rows:
        runs.setdefault(r["run_id"], len(runs) + 1)
    return [(f"{runs[r['run_id']]}:{r['source'].rsplit('/', 1)[-1]}", r["change"], r["parts"]) for r in rows]


def test_added_changed_removed_restored(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    first, second, third = (f"/qa/{p.name}" for p in PAGES)
    _run(site, out)
    assert [c for _, c, _ in _feed(out)] == ["added"] * 3

    _run(site, out)  # nothing changed on the site: nothing in the feed
    assert len(_feed(out)) == 3

    # A doctor edits a reply on the first page; the second page disappears (404).
    old_reply = pd.read_parquet(out / "replies").query("kind == 'doctor'")
    edited = old_reply[old_reply["question_id"].isin(pd.read_parquet(out / "questions").query(
        f"source == '{site.base}{first}'")["question_id"])]["body"].iloc[0]  # fmt: skip
    head = edited.split("\n")[0][:40]
    assert head.encode() in site.pages[first]
    site.pages[first] = site.pages[first].replace(head.encode(), b"EDITED " + head.encode(), 1)
    del site.pages[second]
    _run(site, out)
    feed = _feed(out)[3:]
    assert sorted(c for _, c, _ in feed) == ["changed", "removed"]
    assert next(p for _, c, p in feed if c == "changed") == "replies"
    q = pd.read_parquet(out / "questions").set_index("source")
    assert pd.notna(q.loc[f"{site.base}{second}", "removed_at"])  # marked, not deleted
    assert q["removed_at"].notna().sum() == 1 and len(q) == 3
    removed_id = q.loc[f"{site.base}{second}", "question_id"]
    assert (pd.read_parquet(out / "replies")["question_id"] == removed_id).any()  # its rows are kept

    _run(site, out)  # still gone: removed once, not again
    assert len(_feed(out)) == 5

    # Rebuilt from the raw page store (no network), the removed question comes back removed, rows and all.
    rebuilt = tmp_path / "rebuilt"
    assert main(["reparse", "-o", str(rebuilt), "--from", str(out), "--workers", "1", "-q"]) == 0
    again = pd.read_parquet(rebuilt / "questions").set_index("question_id")
    assert len(again) == 3 and pd.notna(again.loc[removed_id, "removed_at"])
    assert again["removed_at"].notna().sum() == 1
    assert (
        (pd.read_parquet(rebuilt / "replies")["question_id"] == removed_id).sum()
        == (pd.read_parquet(out / "replies")["question_id"] == removed_id).sum()
        > 0
    )

    site.pages[second] = (CORPUS / "site/en/qa" / second.rsplit("/", 1)[-1]).read_bytes()
    _run(site, out)
    assert _feed(out)[-1][1:] == ("restored", None)
    assert pd.read_parquet(out / "questions")["removed_at"].isna().all()

    # The command line: everything, then since a day, then since a run, and as JSON.
    assert main(["changes", str(out)]) == 0
    text = capsys.readouterr().out
    assert "6 changes: 3 added, 1 changed, 1 removed, 1 restored" in " ".join(text.split())
    runs = json.loads((main(["runs", str(out), "--json"]), capsys.readouterr().out)[1])
    third_run = runs[2]["run_id"]  # newest first: the run that saw the edit and the 404 is the third
    assert main(["changes", str(out), "--since", third_run[:8], "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert [r["change"] for r in after] == ["restored"]
    assert main(["changes", str(out), "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out.strip() == f"no changes since 2999-01-01 among the 6 changes of {out}"
    assert main(["changes", str(out), "--since", "nope"]) == 2
    assert "no run of" in capsys.readouterr().err
    assert [c for s, c, _ in _feed(out) if s.endswith(third.rsplit("/", 1)[-1])] == ["added"]  # never changed
