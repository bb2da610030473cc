"""Shared fixtures: the corpus copied from ../shared (tests/corpus), its truth, a Prefect harness."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
TRUTH_FILE = CORPUS / "truth.jsonl"
SKIP = {"question_id_hint", "target_id_hint"}  # truth's hints, not columns
HISTORY = ("runs", "quality")  # tables that grow with every run, even one that changes no data


# The tests' own Prefect home and cache folder, never the user's: no test's flow run shows up in the
# user's Prefect UI, nor its database in ~/.prefect (set before anything imports Prefect).
ISOLATED = Path(tempfile.mkdtemp(prefix="qa-etl-tests-"))
atexit.register(shutil.rmtree, ISOLATED, True)
HOME_ENV = {"PREFECT_HOME": str(ISOLATED / "prefect"), "XDG_CACHE_HOME": str(ISOLATED / "cache")}
os.environ.update(HOME_ENV)


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for `qa-etl` as a subprocess: this checkout importable, and no PREFECT_*
    setting of the test session (its harness server) leaking into what the CLI does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    # A contact, as an operator configures one: a crawl without it warns (tests of that remove it).
    return {**env, **HOME_ENV, "PYTHONPATH": str(ROOT), "QA_ETL_CONTACT": "qa-etl-tests@example.invalid", **extra}


def cli_process(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    """`qa-etl ARGS` started as a user would, its output captured (communicate() to wait)."""
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=cli_env(),
        **kwargs,
    )


def load_truth() -> list[dict]:
    return [json.loads(line) for line in TRUTH_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _identity(entry: dict) -> tuple:
    q = entry["question"]
    return (q["page_title"], q["title"], q.get("asker_name"), q["asked_on"])


def merged_snapshots(entries: list[dict] | None = None) -> set[str]:
    """Files of text snapshots whose question truth also has as an HTML page (same headline, title,
    asker and ask date): a dataset holding both keeps the HTML question only (README: one question,
    one row)."""
    entries = [t for t in (entries if entries is not None else load_truth()) if not t.get("reject")]
    html = {_identity(t) for t in entries if t["file"].endswith((".html", ".htm"))}
    return {t["file"] for t in entries if t["file"].endswith(".txt") and _identity(t) in html}


def held_truth(entries: list[dict] | None = None) -> list[dict]:
    """Truth's valid pages as a dataset of all of them holds their questions: merged snapshots left out."""
    entries = entries if entries is not None else load_truth()
    merged = merged_snapshots(entries)
    return [t for t in entries if not t.get("reject") and "question" in t and t["file"] not in merged]


def norm(value: object) -> object:
    """Truth compares text after collapsing whitespace; a snippet's trailing '...' may be dropped."""
    if isinstance(value, str):
        return " ".join(value.split())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def same(expected: object, got: object) -> bool:
    e, g = norm(expected), norm(got)
    if isinstance(e, str) and isinstance(g, str) and e.endswith("...") != g.endswith("..."):
        e, g = e.removesuffix("...").rstrip(), g.removesuffix("...").rstrip()
    return e == g


def page_mismatches(
    entry: dict, page: object, replies: list[dict] | None = None, links: list[dict] | None = None
) -> list[str]:
    """Fields of a parsed page that differ from its truth entry (or from `replies`/`links`, where a
    test expects a part of them)."""
    import dataclasses

    out = []

    def compare(where: str, expected: dict, got: dict) -> None:
        for key, value in expected.items():
            if key not in SKIP and not same(value, got.get(key)):
                out.append(f"{where}.{key}: expected {value!r:.80} got {got.get(key)!r:.80}")

    compare("question", entry["question"], dataclasses.asdict(page.question))  # type: ignore[attr-defined]
    wanted = (
        ("replies", entry["replies"] if replies is None else replies, page.replies),  # type: ignore[attr-defined]
        ("related_links", entry["related_links"] if links is None else links, page.related_links),  # type: ignore[attr-defined]
    )
    for name, expected, got in wanted:
        if len(expected) != len(got):
            out.append(f"{name}: expected {len(expected)} rows, got {len(got)}")
        for i, (e, g) in enumerate(zip(expected, got, strict=False)):
            compare(f"{name}[{i}]", e, dataclasses.asdict(g))
    return out


@pytest.fixture(scope="session")
def truth() -> list[dict]:
    return load_truth()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A real (temporary) Prefect server for the whole session, shared by every flow test."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


def run_without_prefect(
    sources: list[str], output: Path, run_id: str, batch_size: int = 20, after_journal: object = None
) -> object:
    """The flow's steps called directly, as its tasks call them (flows.pipeline runs the same functions)."""
    from dataset import Dataset, commit_run
    from engine.steps import process_batch
    from flows.pipeline import batched
    from schemas import latest_valid_day
    from sources import check_sources, iter_pages

    ds = Dataset(output)
    with ds.writer(run_id) as row:
        paths = list(iter_pages(check_sources(sources).paths))
        for n, batch in enumerate(batched(paths, batch_size)):
            process_batch(n, batch, output=str(output), run_id=run_id, buckets=ds.buckets, today=latest_valid_day())
        return commit_run(ds, run_id, after_journal=after_journal, run=row)


def snapshot_files(output: Path) -> dict[str, bytes]:
    """Every file of the data tables a reader would see, by relative path (not the run history and quality)."""
    files = sorted(p for p in output.glob("**/part-*.parquet") if p.relative_to(output).parts[0] not in HISTORY)
    return {str(p.relative_to(output)): p.read_bytes() for p in files}


def field_mismatches(out: Path, entries: list[dict], source_of: Callable[[dict], str]) -> tuple[int, list[str]]:
    """Fields of the tables under `out` that differ from truth, for pages found at `source_of(entry)`."""
    q = pd.read_parquet(out / "questions")
    r = pd.read_parquet(out / "replies")
    links = pd.read_parquet(out / "related_links")
    checked, bad = 0, []
    merged = merged_snapshots(entries)
    for entry in entries:
        if entry.get("reject"):
            continue
        rows = q[q["source"] == source_of(entry)]
        if entry["file"] in merged:  # its HTML page stands for it: no question of its own
            assert len(rows) == 0, entry["file"]
            continue
        assert len(rows) == 1, entry["file"]
        row = rows.iloc[0]
        for key, value in entry["question"].items():
            if key not in SKIP:
                checked += 1
                if not same(value, None if pd.isna(row[key]) else row[key]):
                    bad.append(f"{entry['file']} question.{key}")
        mine = r[r["question_id"] == row["question_id"]].sort_values("position")
        assert len(mine) == len(entry["replies"]), entry["file"]
        for e, (_, g) in zip(entry["replies"], mine.iterrows(), strict=True):
            for key, value in e.items():
                checked += 1
                if not same(value, None if pd.isna(g[key]) else g[key]):
                    bad.append(f"{entry['file']} reply.{key}")
        mine_links = links[links["question_id"] == row["question_id"]]
        mine_links = mine_links.assign(order=mine_links["kind"].map({"similar_qa": 0, "related_faq": 1}))
        mine_links = mine_links.sort_values(["order", "position"])
        assert len(mine_links) == len(entry["related_links"]), entry["file"]
        for e, (_, g) in zip(entry["related_links"], mine_links.iterrows(), strict=True):
            for key, value in e.items():
                if key not in SKIP:
                    checked += 1
                    if not same(value, None if pd.isna(g[key]) else g[key]):
                        bad.append(f"{entry['file']} link.{key}")
    return checked, bad


def many_pages(folder: Path, n: int) -> Path:
    """`n` copies of the corpus's HTML pages in `folder` (a run long enough to act on mid-way)."""
    folder.mkdir(parents=True, exist_ok=True)
    site = sorted((CORPUS / "site" / "en" / "qa").glob("*.html"))
    for i in range(n):
        (folder / f"{i:04d}-{site[i % len(site)].name}").write_bytes(site[i % len(site)].read_bytes())
    return folder
