"""Shared fixtures: the corpus copied from ../shared (tests/corpus), its truth, a Prefect harness."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"
TRUTH_FILE = CORPUS / "truth.jsonl"


def load_truth() -> list[dict]:
    return [json.loads(line) for line in TRUTH_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


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
    from flows.pipeline import batched
    from flows.steps import latest_valid_day, process_batch
    from sources import check_sources, iter_pages

    ds = Dataset(output)
    with ds.writer(run_id):
        paths = list(iter_pages(check_sources(sources).paths))
        for n, batch in enumerate(batched(paths, batch_size)):
            process_batch(n, batch, output=str(output), run_id=run_id, buckets=ds.buckets, today=latest_valid_day())
        return commit_run(ds, run_id, after_journal=after_journal)


def snapshot_files(output: Path) -> dict[str, bytes]:
    """Every file a reader would see, by relative path."""
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.glob("*/part-*.parquet"))}
