"""Readers through the project see whole commits: 10 commits (new questions in many months, and
questions moved to another month) while readers poll; every count they see is one a commit left,
and no read fails. `pd.read_parquet(folder)` has no such guarantee (the README says what it may see)."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, run_without_prefect

from dataset import load, load_all
from dataset.check import check_dataset
from dataset.files import generation

pytestmark = pytest.mark.slow  # 10 commits under polling readers

SITE = CORPUS / "site" / "en" / "qa"
ROUNDS = 10


def _page(base: str, qid: str, month: str | None = None) -> str:
    """A corpus page as another question (its canonical id replaced) or asked in another month."""
    page = re.sub(r"/en/qa/\d+\.html", f"/en/qa/{qid}.html", base) if qid else base
    if month:
        page = re.sub(r"Ask Date: \d{4}/\d{2}/", f"Ask Date: {month}/", page, count=1)
    return page


def test_readers_polling_through_commits_see_only_committed_states(tmp_path: Path) -> None:
    pages, out = tmp_path / "pages", tmp_path / "out"
    shutil.copytree(SITE, pages)
    bases = [p.read_text(encoding="latin-1") for p in sorted(SITE.glob("*.html"))]
    run_without_prefect([str(pages)], out, "r0")
    committed = {len(pd.read_parquet(out / "questions"))}
    done = threading.Event()
    seen: list[int] = []
    errors: list[str] = []

    def poll(whole: bool) -> None:
        while not done.is_set():
            try:
                n = len(load_all(out)["questions"]) if whole else len(load(out, "questions"))
            except Exception as e:  # every failure is the finding
                errors.append(f"{type(e).__name__}: {e}")
            else:
                seen.append(n)

    readers = [threading.Thread(target=poll, args=(whole,)) for whole in (False, True)]
    for r in readers:
        r.start()
    try:
        for k in range(ROUNDS):
            for j in range(12):  # new questions, each in its own month
                base = bases[(k * 12 + j) % len(bases)]
                month = f"{2004 + (k + j) % 20}/{1 + (k * 5 + j) % 12:02d}"
                (pages / f"new-{k}-{j}.html").write_text(_page(base, f"9{k:02d}{j:02d}", month), encoding="latin-1")
            for j in range(3):  # questions asked in another month than before: they move
                moved = sorted(pages.glob("*.html"))[(k * 3 + j) % len(bases)]
                month = f"{2003 + (k + j) % 20}/{1 + (k + 7 * j) % 12:02d}"
                moved.write_text(_page(moved.read_text(encoding="latin-1"), "", month), encoding="latin-1")
            run_without_prefect([str(pages)], out, f"r{k + 1}")
            committed.add(len(pd.read_parquet(out / "questions")))  # (no commit is under way now)
    finally:
        done.set()
        for r in readers:
            r.join()
    assert generation(out) == 2 * (ROUNDS + 1), generation(out)  # every commit went through the counter
    assert len(committed) > ROUNDS  # the counts moved at each commit
    assert len(seen) > 100, len(seen)
    assert errors == []
    assert set(seen) <= committed, sorted(set(seen) - committed)
    assert check_dataset(out).ok
