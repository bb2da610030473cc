"""Stopping a run: SIGINT and SIGTERM end it cleanly (one line, 130/143, its row `cancelled`, its
fetched pages kept), and SIGKILL leaves no process of it behind.

The run is `qa-etl` as a subprocess, crawling a real HTTP server on 127.0.0.1 whose later pages
stall, so that the signal lands while requests are in flight.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_process, load_truth, many_pages
from site_server import Site

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out

SITE_TRUTH = [t for t in load_truth() if t["file"].startswith("site/en/qa/")]
PAGE_PATHS = sorted("/" + t["file"].removeprefix("site/") for t in SITE_TRUTH)
FIRST = 12  # pages served at once; the others stall on their first request
FETCH = ["--concurrency", "4", "--delay", "0", "--timeout", "60"]


def stalling_site() -> Site:
    return Site(
        CORPUS / "site",
        sitemap_paths=list(PAGE_PATHS),
        faults={p: ["stall:60"] for p in PAGE_PATHS[FIRST:]},
    )


def wait_until(condition: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def served(site: Site) -> int:
    return sum(1 for h in site.hits if h.status == 200 and h.path in PAGE_PATHS)


def stalled(site: Site) -> int:
    return sum(1 for h in site.hits if h.path in PAGE_PATHS[FIRST:] and not h.end)


@pytest.mark.parametrize(("signum", "how"), [(signal.SIGINT, "--no-prefect"), (signal.SIGTERM, "--prefect")])
def test_a_signal_mid_crawl_stops_the_run_cleanly_and_the_next_run_completes_it(
    tmp_path: Path, signum: signal.Signals, how: str
) -> None:
    out = tmp_path / "out"
    with stalling_site() as site:
        proc = cli_process("run", f"{site.base}/sitemap.xml", "-o", str(out), "--workers", "2", how, *FETCH)
        wait_until(lambda: (served(site) >= FIRST and stalled(site) >= 1) or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=45)  # the stalled requests would take 60 s

        assert proc.returncode == 128 + signum, stderr
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in stderr, stderr
        assert lines[0].startswith(f"qa-etl: error: stopped by {signum.name}"), lines
        runs = pd.read_parquet(out / "runs")
        assert runs["status"].tolist() == ["cancelled"]
        assert pd.read_parquet(out / "questions").empty  # nothing of it committed
        check = subprocess.run(
            [sys.executable, "-m", "flows.cli", "validate", str(out)], capture_output=True, text=True, cwd=ROOT
        )
        assert check.returncode == 0, check.stdout + check.stderr

        fetched = {h.path for h in site.hits if h.status == 200 and h.path in PAGE_PATHS}
        site.reset()
        site.faults.clear()
        again = cli_process("run", f"{site.base}/sitemap.xml", "-o", str(out), "--workers", "2", *FETCH)
        _, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr
        # What the stopped run fetched was kept: asked again only conditionally, and not sent again.
        repeated = [h for h in site.hits if h.path in fetched]
        assert repeated and all("if-none-match" in h.headers for h in repeated)
        assert all(h.status == 304 for h in repeated)

    runs = pd.read_parquet(out / "runs").sort_values("started_at")
    assert runs["status"].tolist() == ["cancelled", "completed"]
    questions = pd.read_parquet(out / "questions")
    assert len(questions) == sum(1 for t in SITE_TRUTH if not t.get("reject"))


def test_a_second_sigint_exits_at_once_and_says_what_runs_shows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with stalling_site() as site:
        # Through Prefect, whose temporary server takes over a second to stop: the second signal comes
        # before the process ends, during the run's stop or after it (the plain engine ends in < 0.1 s).
        proc = cli_process("run", f"{site.base}/sitemap.xml", "-o", str(out), "--workers", "2", "--prefect", *FETCH)
        wait_until(lambda: (served(site) >= FIRST and stalled(site) >= 1) or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        time.sleep(0.1)  # two signals at once are one to Python
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=45)
    assert proc.returncode == 130, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("qa-etl: error: stopped at once by a second SIGINT (Ctrl-C)"), lines
    listing = subprocess.run(
        [sys.executable, "-m", "flows.cli", "runs", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert listing.returncode == 0, listing.stderr
    status = listing.stdout.splitlines()[2].split()[2]  # the one run's row, under the title and header
    # Where the second signal lands (before or after the row is written) is a race the line tells apart;
    # it must never claim what `runs` does not show, and no row is left `running`.
    if "while the run was stopping" in lines[0]:
        assert status in ("crashed", "cancelled"), listing.stdout
    else:
        assert "after the run had stopped" in lines[0] and status == "cancelled", listing.stdout
    assert pd.read_parquet(out / "questions").empty, "nothing of a stopped run is committed"


def test_a_second_signal_says_what_the_runs_row_can_show() -> None:
    from engine.lifeline import second_signal_message

    during = second_signal_message(signal.SIGINT, under_way=True)
    after = second_signal_message(signal.SIGTERM, under_way=False)
    assert during.startswith("stopped at once by a second SIGINT (Ctrl-C) while the run was stopping")
    assert "crashed" in during and "cancelled" in during
    assert after.startswith("stopped at once by a second SIGTERM after the run had stopped") and "crashed" not in after


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(d.name))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.add(c)
            todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize(("how", "helpers"), [("--no-prefect", 3), ("--prefect", 4)])
def test_a_run_killed_with_sigkill_leaves_no_process_behind(tmp_path: Path, how: str, helpers: int) -> None:
    with stalling_site() as site:
        out = str(tmp_path / "out")
        proc = cli_process(
            "run", f"{site.base}/sitemap.xml", "-o", out, "--workers", "2", "--batch-size", "1", how, *FETCH
        )  # fmt: skip
        # The fork server, its parsing workers, the resource tracker; with --prefect, its temporary server.
        wait_until(
            lambda: (stalled(site) >= 1 and len(_descendants(proc.pid)) >= helpers + 1) or proc.poll() is not None
        )
        assert proc.poll() is None, proc.communicate()
        left = _descendants(proc.pid)
        proc.kill()
        proc.communicate()
        wait_until(lambda: not any(_alive(p) for p in left), seconds=20)


def test_a_backfill_stopped_by_sigint_is_cancelled_with_its_chunks_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["backfill", "--chunk-size", "4", "--parallel", "2", "-o", str(out), *FETCH]
    with stalling_site() as site:
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{site.base}{p}\n" for p in PAGE_PATHS))
        proc = cli_process(*args, "--urls", str(urls))
        wait_until(lambda: (served(site) >= FIRST and stalled(site) >= 2) or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 130, stderr
        lines = stderr.strip().splitlines()  # a chunk waiting for another's commit says so, as a WARNING
        assert "Traceback" not in stderr and [x for x in lines if "WARNING" not in x] == lines[-1:], stderr
        assert lines[-1].startswith("qa-etl: error: stopped by SIGINT"), stderr

        runs = pd.read_parquet(out / "runs")
        assert "running" not in set(runs["status"])
        assert runs.loc[runs["flow"] == "qa-etl-backfill", "status"].tolist() == ["cancelled"]
        chunks = runs[runs["flow"] == "qa-etl"]
        assert "cancelled" in set(chunks["status"]) and set(chunks["status"]) <= {"completed", "cancelled"}
        done_before = int((chunks["status"] == "completed").sum())

        site.faults.clear()
        again = cli_process(*args, "--urls", str(urls))
        stdout, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr
        assert f"{done_before} chunks done before" in stdout

    questions = pd.read_parquet(out / "questions")
    assert len(questions) == sum(1 for t in SITE_TRUTH if not t.get("reject"))
    check = subprocess.run(
        [sys.executable, "-m", "flows.cli", "validate", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_run_killed_with_sigkill_leaves_nothing_on_the_terminal(tmp_path: Path) -> None:
    """Its worker pool's resource tracker outlives it and used to print a two-line 'leaked semaphore
    objects' warning on the user's terminal after the kill."""
    pages = many_pages(tmp_path / "pages", 600)
    out = tmp_path / "out"
    proc = cli_process("run", str(pages), "-o", str(out), "--batch-size", "20", "-q")
    while not list((out / "_staging").glob("*/*/batch-*.parquet")):  # batches are being staged
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    proc.kill()
    _, stderr = proc.communicate(timeout=60)  # (it returns once every process holding stderr is gone)
    assert proc.returncode == -signal.SIGKILL and stderr == "", stderr
