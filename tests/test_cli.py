"""The command line as a user runs it: real subprocesses, real exit codes, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env

from dataset import Dataset


def _popen_kwargs(cwd: Path = ROOT) -> dict[str, Any]:
    """A clean environment: the user's Prefect settings must not leak into what the CLI does."""
    return {
        "stdout": subprocess.PIPE,
        "stderr": subprocess.PIPE,
        "text": True,
        "cwd": cwd,
        "env": cli_env(),
    }


def qa_etl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], **_popen_kwargs(cwd), timeout=300)


@pytest.mark.parametrize(
    "args",
    [
        ["run", "does/not/exist"],
        ["run", "--batch-size", "0"],
        ["run", "--workers", "many"],
        ["run", "--frobnicate"],
        ["explode"],
        ["run", str(CORPUS / "truth.jsonl")],
        ["run", "ftp://askdoctor.example/sitemap.xml"],
        ["run", "http://127.0.0.1:9/", "--concurrency", "0"],
        ["run", "http://127.0.0.1:9/", "--delay", "-1"],
        ["run", "http://127.0.0.1:9/", "--allow-host", "http://x/"],
        ["reparse", "--output", "does/not/exist"],
    ],
)
def test_bad_arguments_one_line_nonzero(args: list[str]) -> None:
    proc = qa_etl(*args)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("qa-etl") and "error:" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_credentials_in_a_url_are_refused_and_never_echoed(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("http://127.0.0.1:9/a.html\nhttp://me:hunter2@127.0.0.1:9/b.html\n")
    for args in (["run", "http://me:hunter2@127.0.0.1:9/sitemap.xml"], ["run", str(listed)]):
        proc = qa_etl(*args, "-o", str(tmp_path / "out"))
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1
        assert "user name or password" in proc.stderr and "hunter2" not in proc.stderr + proc.stdout
    assert not (tmp_path / "out").exists()


def test_the_readme_shows_the_real_one_line_errors(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    proc = qa_etl("run", "https://user:secret@askdoctor.example/", "-o", str(tmp_path / "out"))
    assert proc.returncode == 2 and proc.stderr.strip() in readme.splitlines()


def test_output_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    proc = qa_etl("run", str(CORPUS / "snapshots"), "--output", str(target))
    assert proc.returncode == 2 and "is a file" in proc.stderr


def test_help_is_worth_reading() -> None:
    proc = qa_etl("run", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())  # as read, whatever the terminal's width
    for word in ("SOURCE", "--output", "--batch-size", "--workers", "rejects", "Exit status"):
        assert word in text


@pytest.mark.slow
def test_run_from_elsewhere_is_quiet_and_complete(tmp_path: Path) -> None:
    """Run outside the repo (no prefect.toml there): the summary, no Prefect logs, rejects counted."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("1.html", "100036.html", "999002.html", "999004.html"):
        shutil.copy(CORPUS / "site/en/qa" / name, pages / name)
    proc = qa_etl("run", str(pages), "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "4 pages read" in proc.stdout and "2 rejected" in proc.stdout
    assert "empty page" in proc.stdout and "not a Q&A page" in proc.stdout
    assert len(pd.read_parquet(tmp_path / "out" / "questions")) == 2


@pytest.mark.slow
def test_a_run_waits_for_another_runs_commit_and_says_so(tmp_path: Path) -> None:
    """Another run holds the commit lock: this run parses meanwhile, says whom it waits for, then commits."""
    out = tmp_path / "out"
    with Dataset(out).commit_lock("holder"):
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(CORPUS / "snapshots"), "--output", str(out)],
            **_popen_kwargs(),
        )
        assert proc.stderr is not None
        stderr = ""
        while "waiting for it to finish its commit" not in stderr:
            line = proc.stderr.readline()
            assert line, f"the run ended without waiting: {stderr}"
            stderr += line
        assert proc.poll() is None  # still waiting
        assert not list(out.glob("questions/asked_month=*/part-*.parquet"))  # nothing committed yet
    stdout, rest = proc.communicate(timeout=120)
    assert proc.returncode == 0, rest
    assert "being written by run holder (pid" in stderr
    assert "pages read" in stdout and len(pd.read_parquet(out / "questions")) > 0


@pytest.mark.slow
def test_two_runs_at_once_both_land_and_readers_never_see_a_broken_dataset(tmp_path: Path) -> None:
    pages = sorted((CORPUS / "site/en/qa").glob("*.html"))
    halves = [tmp_path / "a", tmp_path / "b"]
    for n, folder in enumerate(halves):
        folder.mkdir()
        for page in pages[n::2]:
            shutil.copy(page, folder / page.name)
    out = tmp_path / "out"
    procs = [
        subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(f), "-o", str(out)], **_popen_kwargs())
        for f in halves
    ]
    reads = 0
    while any(p.poll() is None for p in procs):  # a reader meanwhile: every read whole, no key twice
        if (out / "questions").is_dir():
            try:
                q = pd.read_parquet(out / "questions")  # empty until the first commit
            except FileNotFoundError as e:  # listed, then removed by a commit (README: Two runs at once)
                assert "part-empty.parquet" in str(e), e
                continue
            assert q.empty or q["question_id"].is_unique
            reads += 1
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert reads > 0

    whole = tmp_path / "whole"
    assert qa_etl("run", str(CORPUS / "site/en/qa"), "-o", str(whole)).returncode == 0
    cols = ["question_id", "title", "body", "asked_on", "department"]
    got = pd.read_parquet(out / "questions")[cols].sort_values("question_id").reset_index(drop=True)
    want = pd.read_parquet(whole / "questions")[cols].sort_values("question_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    assert len(pd.read_parquet(out / "rejects")) == len(pd.read_parquet(whole / "rejects")) > 0
    runs = pd.read_parquet(out / "runs")
    assert runs["status"].tolist() == ["completed", "completed"]
    assert sorted(runs["pages"]) == sorted(len(pages[n::2]) for n in range(2))
    check = qa_etl("validate", str(out))
    assert check.returncode == 0, check.stdout


@pytest.mark.slow
def test_crawl_a_sitemap_then_reparse_without_the_server(tmp_path: Path) -> None:
    from site_server import Site

    paths = ["/en/qa/1.html", "/en/qa/100002.html", "/en/qa/999002.html"]
    with Site(CORPUS / "site", sitemap_paths=paths, faults={paths[0]: ["503"]}) as site:
        out = tmp_path / "out"
        proc = qa_etl("run", f"{site.base}/sitemap.xml", "-o", str(out), "--concurrency", "4", "--delay", "0")
        assert proc.returncode == 0, proc.stderr
        assert "fetched 3 pages" in proc.stdout and "(1 retries)" in proc.stdout and "1 rejected" in proc.stdout
        assert len(site.hits_for(paths[0])) == 2
    proc = qa_etl("reparse", "-o", str(tmp_path / "again"), "--from", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "3 pages read" in proc.stdout
    for table in ("questions", "replies", "related_links"):
        a, b = (pd.read_parquet(d / table) for d in (out, tmp_path / "again"))
        assert sorted(a["source"]) == sorted(b["source"]) and len(a) > 0


def test_reparse_of_an_output_with_nothing_fetched_is_a_one_line_error(tmp_path: Path) -> None:
    proc = qa_etl("reparse", "-o", str(tmp_path))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "no raw page store" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "nothing to backfill"),
        (["--since", "2024-01-01"], "needs a sitemap SOURCE"),
        (["x", "--since", "2024-02-01", "--until", "2024-01-01"], "is after"),
        (["--urls", str(CORPUS / "snapshots" / "qa-1.txt")], "not a list of http(s) URLs"),
        (["--since", "yesterday", "x"], "not a date"),
        (["--reparse", "-o", "/nonexistent/out"], "no raw page store"),
    ],
)
def test_backfill_bad_arguments_are_one_line_errors(args: list[str], message: str) -> None:
    proc = qa_etl("backfill", *args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and message in proc.stderr


def test_runs_lists_the_history_newest_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import run_without_prefect

    from flows.cli import main

    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "snapshots")], out, "first-run")
    with pytest.raises(RuntimeError), Dataset(out).writer("second-run"):
        raise RuntimeError("disk full")
    assert main(["runs", str(out), "--errors"]) == 0
    text = capsys.readouterr().out
    assert text.index("second-") < text.index("first-ru")  # newest first, ids cut to 8 characters
    assert "completed" in text and "failed" in text and "second-r failed: RuntimeError: disk full" in text
    assert main(["runs", str(out), "--status", "completed"]) == 0
    assert "second-" not in capsys.readouterr().out
    assert main(["runs", str(tmp_path / "nothing")]) == 2


def test_a_bad_entry_of_a_list_file_is_named_by_its_line(tmp_path: Path) -> None:
    from sources import SourceError, check_sources

    listed = tmp_path / "urls.txt"
    listed.write_text("https://askdoctor.example/en/qa/1.html\n# found on 2024-01-02\n\nftp://nope.example/x\n")
    with pytest.raises(SourceError, match=r"urls\.txt line 4: ftp://nope\.example/x: not an http\(s\) URL"):
        check_sources([str(listed)])


@pytest.mark.slow  # starts a subprocess
def test_a_reader_that_stops_reading_is_not_a_failure(tmp_path: Path) -> None:
    """`qa-etl runs OUT | head -1`: the pipe closes under a long listing; exit 0, nothing on stderr."""
    from conftest import run_without_prefect

    from dataset import Dataset, RunRow

    run_without_prefect([str(CORPUS / "snapshots")], tmp_path, "r0")
    Dataset(tmp_path).put_runs([RunRow(f"r{n}", "qa-etl", status="completed") for n in range(1, 3000)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "runs", str(tmp_path), "--limit", "3000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=cli_env(),
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"runs of")
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


@pytest.mark.slow  # starts a subprocess
def test_a_run_whose_reader_is_gone_still_completes_and_exits_0(tmp_path: Path) -> None:
    """`qa-etl run … | head -1`, the reader gone before the summary is printed (rich's console says
    a broken pipe with SystemExit(1)): the run is committed, exit 0, nothing on stderr."""
    cmd = ["run", str(CORPUS / "snapshots"), "-o", str(tmp_path / "out"), "--no-prefect"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *cmd],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=cli_env(),
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # every write of the summary meets a closed pipe
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""
    assert pd.read_parquet(tmp_path / "out" / "runs")["status"].tolist() == ["completed"]
