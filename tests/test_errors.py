"""Every failure a user can cause or meet: one line on stderr, no traceback, the documented exit
status (1 output or environment, 2 usage), and a `runs` row that says how the run ended."""

from __future__ import annotations

import contextlib
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env

pytestmark = pytest.mark.slow  # subprocesses: `make test-quick` leaves them out


def qa_etl(*args: str, preexec=None) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True, text=True, cwd=ROOT, env=cli_env(), timeout=300, preexec_fn=preexec,
    )  # fmt: skip


def one_line(proc: subprocess.CompletedProcess[str], status: int) -> str:
    assert proc.returncode == status, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("qa-etl"), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout and "Error logging to API" not in proc.stderr
    return proc.stderr


@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A real small or read-only file system (tmpfs); the test is skipped where mounting is not allowed."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def test_an_output_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    line = one_line(qa_etl("run", str(CORPUS / "snapshots"), "-o", str(tmp_path / "file" / "sub"), "-q"), 1)
    assert "Not a directory" in line


def test_a_full_disk_fails_in_one_line_and_the_run_says_failed(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "size=300k") as small:
        line = one_line(qa_etl("run", str(CORPUS / "site"), "-o", str(small / "out"), "-q"), 1)
        assert "No space left on device" in line and "free some space" in line
        runs = pd.read_parquet(small / "out" / "runs")
        assert list(runs["status"]) == ["failed"] and "No space left" in runs["error"].iloc[0]
        assert qa_etl("validate", str(small / "out")).returncode == 0  # nothing half-written is visible


def test_a_read_only_output_fails_in_one_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "size=1m,ro") as ro:
        line = one_line(qa_etl("run", str(CORPUS / "snapshots"), "-o", str(ro / "out"), "-q"), 1)
        assert "Read-only file system" in line


@pytest.mark.parametrize(("how", "kib"), [("--no-prefect", 8), ("--prefect", 64)])
def test_a_file_size_limit_fails_in_one_line(tmp_path: Path, how: str, kib: int) -> None:
    """Without a disk to mount: no process may write a file over KIB (ulimit -f): the tables' files
    (8 KiB), or with Prefect its temporary server's database too (64 KiB); whichever write fails
    first, it is one line."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (kib * 1024, kib * 1024))

    one_line(qa_etl("run", str(CORPUS / "site"), "-o", str(tmp_path / "out"), "-q", how, preexec=limit), 1)


def test_a_100_kb_url_is_refused_in_one_line(tmp_path: Path) -> None:
    line = one_line(qa_etl("run", "http://127.0.0.1:9/" + "a" * 100_000, "-o", str(tmp_path / "out")), 2)
    assert "more than 8192" in line and len(line) < 300


def test_bad_arguments_of_the_new_options_are_usage_errors(tmp_path: Path) -> None:
    for args in (["--max-urls", "0"], ["--max-sitemaps", "x"], ["--allow-host", "http://x/"]):
        one_line(qa_etl("run", "http://127.0.0.1:9/", "-o", str(tmp_path / "out"), *args), 2)
