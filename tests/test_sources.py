"""Which files of a folder are pages: what a mirrored site holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS

from sources import SourceError, check_sources, iter_pages


def test_pages_are_found_by_suffix_or_by_their_first_bytes(tmp_path: Path) -> None:
    page = CORPUS / "site/en/qa/1.html"
    (tmp_path / "qa").mkdir()
    shutil.copy(page, tmp_path / "qa" / "123")  # a mirror of /en/qa/123: no suffix
    shutil.copy(page, tmp_path / "qa" / "124.php")
    shutil.copy(page, tmp_path / "qa" / "125.shtml")
    (tmp_path / "README").write_text("notes about this mirror\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "robots.txt").write_text("User-agent: *\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_pages(check_sources([str(tmp_path)]).paths)]
    assert found == ["qa/123", "qa/124.php", "qa/125.shtml"]
    assert check_sources([str(tmp_path / "qa" / "123")]).paths  # named directly, too
    with pytest.raises(SourceError):
        check_sources([str(tmp_path / "logo.png")])
