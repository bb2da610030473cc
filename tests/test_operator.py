"""What an operator sees: progress on a terminal (and none piped), a stop that reaches a batch
between its pages, the temporary Prefect server kept out of the user's Prefect home, a word when
--output is a folder of something else. Runs are `qa-etl` subprocesses; the terminal is a real pty."""

from __future__ import annotations

import datetime as dt
import os
import pty
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, cli_env, cli_process

from dataset import Dataset
from engine.progress import BEATS, ask_batches_to_stop
from engine.steps import process_batch

SEED = ROOT / "seeds" / "qa-1.html"


def copies(folder: Path, n: int) -> Path:
    """`n` pages (one seed page under `n` names: `n` pages to parse, one question)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copyfile(SEED, folder / f"page-{i:05d}.html")
    return folder


def on_a_terminal(*args: str) -> tuple[int, str, str]:
    """`qa-etl ARGS` with its stderr on a pty (a terminal, as rich sees it) and stdout piped:
    (exit status, what the terminal showed, stdout)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=cli_env(COLUMNS="120", TERM="xterm"),
    )
    os.close(slave)
    shown = bytearray()

    def read() -> None:  # (the pty's buffer is small: read while the run writes)
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    stdout, _ = proc.communicate(timeout=300)
    reader.join(timeout=30)
    os.close(master)
    return proc.returncode, shown.decode("utf-8", "replace"), stdout


@pytest.mark.slow
def test_a_terminal_shows_the_runs_progress_and_a_pipe_or_json_does_not(tmp_path: Path) -> None:
    pages = copies(tmp_path / "pages", 300)
    args = ["run", str(pages), "--no-prefect", "--batch-size", "25", "--workers", "2"]
    status, shown, stdout = on_a_terminal(*args, "-o", str(tmp_path / "a"))
    assert status == 0, shown
    assert "parsed" in shown and "/300" in shown and "rejected" in shown, shown[-2000:]
    assert ": 300 pages read in " in stdout  # the summary still comes, on stdout

    status, shown, stdout = on_a_terminal(*args, "-o", str(tmp_path / "b"), "--json")
    assert status == 0 and "parsed" not in shown and stdout.lstrip().startswith("{")

    piped = cli_process(*args, "-o", str(tmp_path / "c"))
    _, stderr = piped.communicate(timeout=300)
    assert piped.returncode == 0 and stderr == ""


def test_a_batch_stops_between_pages_once_its_run_has_stopped(tmp_path: Path) -> None:
    """A batch in a worker cannot see the run's stop event: it looks for the run's stop marker
    between pages, and ends staging nothing. Without the marker, the same batch stages its rows."""
    pages = [str(p) for p in sorted(copies(tmp_path / "pages", 12).iterdir())]
    out = tmp_path / "out"
    today = dt.date.today()

    ran = process_batch(0, pages, output=str(out), run_id="go", buckets=Dataset(out).buckets, today=today)
    assert not ran.stopped and ran.rows["questions"] == 1  # (12 copies of one question)
    assert (Dataset(out).staging_dir("go") / "questions").is_dir()

    ask_batches_to_stop(str(out), "stop")
    stopped = process_batch(0, pages, output=str(out), run_id="stop", buckets=Dataset(out).buckets, today=today)
    assert stopped.stopped and stopped.rows == {} and not stopped.rejects
    assert sorted(p.name for p in Dataset(out).staging_dir("stop").iterdir()) == ["_stop"]


@pytest.mark.slow
def test_a_sigint_in_the_middle_of_one_large_batch_ends_the_run_cleanly(tmp_path: Path) -> None:
    """One batch of every page (the case that used to run to the batch's end before stopping): the
    signal lands while the batch is under way, as its beat shows; the run is cancelled, nothing
    committed, and the message says nothing of fetched pages (it fetched none)."""
    n = 1500
    pages = copies(tmp_path / "pages", n)
    out = tmp_path / "out"
    proc = cli_process("run", str(pages), "-o", str(out), "--no-prefect", "--batch-size", str(n), "--workers", "2")
    done = 0
    deadline = time.monotonic() + 120
    while not done and proc.poll() is None:
        assert time.monotonic() < deadline, "no beat from the batch"
        for beat in out.glob(f"_staging/*/{BEATS}/[0-9]*"):
            text = beat.read_text().split()
            done = int(text[0]) if text else 0
        time.sleep(0.05)
    assert proc.poll() is None and 0 < done < n  # mid-batch
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == [
        "qa-etl: error: stopped by SIGINT (Ctrl-C): nothing of this run was committed"
    ]
    assert pd.read_parquet(out / "runs")["status"].tolist() == ["cancelled"]
    assert pd.read_parquet(out / "questions").empty
    assert not list(out.glob("_staging/*"))


@pytest.mark.slow
def test_the_temporary_prefect_server_keeps_out_of_the_users_prefect_home(tmp_path: Path) -> None:
    """`--prefect` with no API configured: the server's database is in a temporary Prefect home of
    its own, copied from a template migrated once (kept in qa-etl's cache folder), never in the
    user's PREFECT_HOME; the second run copies the template, not making it again."""
    user_home, cache = tmp_path / "user-prefect", tmp_path / "cache"
    env = {"PREFECT_HOME": str(user_home), "XDG_CACHE_HOME": str(cache)}
    outputs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "--prefect"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=cli_env(**env),
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        [template] = (cache / "qa-etl").glob("prefect-*.db")
        outputs.append(template.stat().st_mtime_ns)
    assert outputs[0] == outputs[1]  # made by the first run, only read by the second
    assert not (user_home / "prefect.db").exists()
    assert pd.read_parquet(tmp_path / "out" / "runs")["status"].tolist() == ["completed", "completed"]


def test_output_into_a_folder_of_something_else_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk\n")
    first = cli_process("run", str(SEED), "-o", str(folder), "--no-prefect")
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0
    [line] = stderr.strip().splitlines()
    assert "WARNING" in line and f"--output {folder} is not empty and holds no qa-etl output" in line
    again = cli_process("run", str(SEED), "-o", str(folder), "--no-prefect")  # an output now: nothing to say
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0 and stderr == ""
