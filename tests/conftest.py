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
