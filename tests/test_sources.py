"""Which files of a folder are pages: what a mirrored site holds."""

from __future__ import annotations

import os
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


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("127.0.0.1:8765/sitemap.xml", "http://127.0.0.1:8765/sitemap.xml"),
        ("localhost:8000", "http://localhost:8000"),
        ("askdoctor.example/en/qa/1.html", "https://askdoctor.example/en/qa/1.html"),
        ("www.askdoctor.example", "https://www.askdoctor.example"),
        ("qa-1.txt", None),
        ("pages/1.html", None),
    ],
)
def test_a_missing_source_that_reads_like_a_url_without_its_scheme_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, hint: str | None
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing of that name here
    with pytest.raises(SourceError) as e:
        check_sources([given])
    message = str(e.value)
    assert message.startswith(f"{given}: no such file or folder")
    if hint:
        assert message.endswith(f"(a URL? give it with its scheme: {hint})")
    else:
        assert "a URL?" not in message


def test_a_deployments_contact_null_takes_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    """prefect.yaml's `fetch: {contact: null}` reaches the flow as an explicit None: it means "not
    given", so $QA_ETL_CONTACT is taken, as the file says (and without it, the crawl is anonymous)."""
    from sources.options import FetchOptions

    params = {"concurrency": 2, "delay": 1.0, "contact": None}  # what a served run passes
    monkeypatch.setenv("QA_ETL_CONTACT", "ops@example.org")
    assert FetchOptions(**params).agent == "qa-etl/1.0 (+ops@example.org)"
    assert FetchOptions(**{**params, "contact": "web@example.org"}).contact == "web@example.org"
    monkeypatch.delenv("QA_ETL_CONTACT")
    assert FetchOptions(**params).anonymous


def test_a_fifo_given_as_source_is_refused_and_never_waited_on(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer that may never come: as a SOURCE it is refused in one line;
    a page file replaced by one after it was listed is an unreadable page, read without waiting."""
    from flows.cli import main
    from sources import read_page

    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file or folder"):
        check_sources([str(fifo)])
    assert main(["run", str(fifo), "-o", str(tmp_path / "out"), "--no-prefect"]) == 2
    page = read_page(str(fifo))
    assert page.data is None and page.error == "unreadable: not a regular file (a FIFO, socket or device)"


def test_a_symlink_leading_out_of_a_source_folder_is_not_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copyfile(CORPUS / "site" / "en" / "qa" / "1.html", folder / "1.html")
    (folder / "passwd.html").symlink_to("/etc/passwd")
    outside = tmp_path / "elsewhere.html"
    shutil.copyfile(CORPUS / "site" / "en" / "qa" / "1.html", outside)
    (folder / "sub").mkdir()
    (folder / "sub" / "away.html").symlink_to(outside)
    (folder / "same.html").symlink_to(folder / "1.html")  # inside the folder: read
    with caplog.at_level("WARNING", logger="qa_etl"):
        found = list(iter_pages(check_sources([str(folder)]).paths))
    assert [Path(f).name for f in found] == ["1.html", "same.html"]
    [record] = caplog.records
    assert "2 symbolic link(s) leading out of the folder were not read (first passwd.html)" in record.getMessage()


def test_a_fifo_as_a_list_file_or_a_config_is_refused_not_waited_on(tmp_path: Path) -> None:
    """`backfill --urls FIFO` and `serve --config FIFO` would wait for a writer for ever."""
    import os

    from flows.deployments import DeploymentError, read_specs
    from sources import SourceError
    from sources.files import read_sources_file

    fifo = tmp_path / "list.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        read_sources_file(fifo)
    with pytest.raises(DeploymentError, match="not a regular file"):
        read_specs(fifo)
