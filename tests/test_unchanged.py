"""A rerun over local files the tables already hold: the same bytes read by the same parser version
are not parsed again, and the tables stay as they were; a changed file is parsed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from conftest import CORPUS, snapshot_files

import engine


def test_unchanged_local_files_are_not_parsed_again(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(CORPUS / "site" / "en" / "qa", pages)
    out = tmp_path / "out"
    first = engine.run([str(pages)], output=str(out), workers=1)
    questions = len(pd.read_parquet(out / "questions"))
    assert first.unchanged == 0 and questions > 0
    before = snapshot_files(out / "questions")

    again = engine.run([str(pages)], output=str(out), workers=1)
    assert again.pages == first.pages
    assert again.unchanged == questions  # every page that gave a question; rejected ones are read again
    assert again.rejected == first.rejected
    assert snapshot_files(out / "questions") == before  # not a byte rewritten

    page = next(p for p in sorted(pages.glob("*.html")) if b"Ask Date:" in p.read_bytes())
    page.write_bytes(page.read_bytes().replace(b"Ask Date:", b"Ask Date: ", 1))  # new bytes, same question
    third = engine.run([str(pages)], output=str(out), workers=1)
    assert third.unchanged == questions - 1
    assert third.commit.changed_questions == 1  # parsed again: its rows now name the new bytes
    assert len(pd.read_parquet(out / "questions")) == questions
