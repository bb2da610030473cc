"""Scale-out: batches parsed on a real Dask cluster give the same tables as a local run.

Two clusters: a LocalCluster of worker processes (`--dask local:2`), and a `dask scheduler` with
two `dask worker` processes on 127.0.0.1, started here as a user would.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env, cli_process, many_pages

import engine
from errors import EnvironmentFailure
from schemas import TABLES

pytestmark = pytest.mark.slow  # clusters of processes: `make test-quick` leaves them out

LINEAGE = ["run_id", "fetched_at", "seen_at"]
KEYS = {name: list(TABLES[name].key) for name in ("questions", "replies", "related_links", "rejects", "warnings")}


def tables(out: Path) -> dict[str, pd.DataFrame]:
    got = {}
    for name, key in KEYS.items():
        df = pd.read_parquet(out / name)
        df = df.drop(columns=[c for c in LINEAGE if c in df.columns])
        got[name] = df.sort_values(key).reset_index(drop=True)
    return got


@pytest.fixture(scope="module")
def local_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("local") / "out"
    engine.run([str(CORPUS / "site")], output=str(out), workers=1, batch_size=7)
    return tables(out)


def test_a_local_dask_cluster_gives_the_tables_of_a_local_run(
    tmp_path: Path, local_tables: dict[str, pd.DataFrame]
) -> None:
    out = tmp_path / "out"
    summary = engine.run([str(CORPUS / "site")], output=str(out), batch_size=7, dask="local:2")
    assert summary.pages == 55 and summary.status == "completed"
    got = tables(out)
    for name, want in local_tables.items():
        pd.testing.assert_frame_equal(got[name], want, obj=name)


@contextlib.contextmanager
def _cluster(tmp_path: Path, workers: int) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """`dask scheduler` and `workers` `dask worker`s, each its own process group, on 127.0.0.1:
    (address, [scheduler, worker, ...])."""
    bin_dir = Path(sys.executable).parent
    env = {**cli_env(), "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "scheduler.log").open("w+")
    procs = [
        subprocess.Popen(
            [str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        address = None
        while address is None:
            assert time.monotonic() < deadline and procs[0].poll() is None, Path(log.name).read_text()
            time.sleep(0.2)
            found = re.search(r"Scheduler at:\s+(tcp://127\.0\.0\.1:\d+)", Path(log.name).read_text())
            address = found.group(1) if found else None
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [str(bin_dir / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                     "--no-dashboard", "--host", "127.0.0.1"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
                )
            )  # fmt: skip
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
        yield address, procs
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            p.wait(timeout=30)
        log.close()


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    with _cluster(tmp_path, 2) as (address, _):
        yield address


def test_a_dask_scheduler_with_two_workers_through_the_command_line(
    tmp_path: Path, scheduler: str, local_tables: dict[str, pd.DataFrame]
) -> None:
    out = tmp_path / "out"
    proc = cli_process("run", str(CORPUS / "site"), "-o", str(out), "--batch-size", "7", "--dask", scheduler)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert "55 pages read" in stdout
    got = tables(out)
    for name, want in local_tables.items():
        pd.testing.assert_frame_equal(got[name], want, obj=name)
    from distributed import Client

    with Client(scheduler, timeout="30s") as client:  # both workers parsed batches (8 in all, and merges)
        done = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(done) == 2 and all(n > 0 for n in done.values()) and sum(done.values()) >= 8, done


def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFailure, match="did not answer"):
        engine.run([str(CORPUS / "snapshots")], output=str(tmp_path / "out"), dask="tcp://127.0.0.1:9")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(CORPUS / "snapshots"), "-o", str(tmp_path / "o2"),
         "--dask", "local:x"],
        capture_output=True, text=True, cwd=ROOT, env=cli_env(),
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr


@pytest.mark.parametrize("how", ["waits", "stopped"])
def test_a_cluster_whose_workers_all_die_ends_the_run_in_one_line(tmp_path: Path, how: str) -> None:
    """The only worker is killed once the first batch is staged, 99 batches before the end: the run
    fails in one line once the cluster has had no worker for $QA_ETL_DASK_GRACE seconds (exit 1,
    `runs` says failed), or, given SIGTERM while it waits, stops at once (exit 143, cancelled); it
    used to wait for a worker for ever, SIGTERM or not."""
    pages = many_pages(tmp_path / "pages", 2000)
    out = tmp_path / "out"
    with _cluster(tmp_path, 1) as (address, [_, worker]):
        grace = "2" if how == "waits" else "600"
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(pages), "-o", str(out), "--batch-size", "20",
             "--dask", address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**cli_env(), "QA_ETL_DASK_GRACE": grace},
        )  # fmt: skip
        staging = out / "_staging"
        while not any(p.name.startswith("batch-") for p in staging.rglob("*.parquet")):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        if how == "stopped":
            time.sleep(1.5)  # (the run is waiting for a worker now)
            proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    lines = stderr.strip().splitlines()
    if how == "waits":
        assert proc.returncode == 1 and len(lines) == 1 and "has had no worker for 2 s" in lines[0], stderr
    else:
        assert proc.returncode == 143 and len(lines) == 1 and "SIGTERM" in lines[0], stderr
    status = pd.read_parquet(out / "runs")["status"].tolist()
    assert status == (["failed"] if how == "waits" else ["cancelled"]), status
    assert not (out / "questions").exists() or len(pd.read_parquet(out / "questions")) == 0


def test_a_stop_while_connecting_to_a_scheduler_that_does_not_answer_is_taken_at_once(tmp_path: Path) -> None:
    """SIGTERM while the run tries a scheduler for up to 10 s: exit 143, `runs` says cancelled (it
    waited out the 10 s, then said the scheduler did not answer, exit 1, failed)."""
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", str(CORPUS / "snapshots"), "-o", str(out), "--dask",
         "tcp://127.0.0.1:9"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=cli_env(),
    )  # fmt: skip
    while not (out / "runs" / "part-000.parquet").exists():  # the run's row is written, then it connects
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143 and stderr.count("\n") == 1 and "SIGTERM" in stderr, stderr
    assert pd.read_parquet(out / "runs")["status"].tolist() == ["cancelled"]


def test_a_scheduler_killed_mid_run_is_one_line(tmp_path: Path) -> None:
    """The scheduler dies while batches are under way: one line, exit 1, `runs` says failed (it was
    distributed's own log line and an "unexpected error: CancelledError")."""
    pages = many_pages(tmp_path / "pages", 2000)
    out = tmp_path / "out"
    with _cluster(tmp_path, 1) as (address, [scheduler, _]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(pages), "-o", str(out), "--batch-size", "20",
             "--dask", address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=cli_env(),
        )  # fmt: skip
        while not any(p.name.startswith("batch-") for p in (out / "_staging").rglob("*.parquet")):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        os.killpg(scheduler.pid, signal.SIGKILL)
        scheduler.wait(timeout=30)
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1 and stderr.count("\n") == 1 and "went away" in stderr, stderr
    assert pd.read_parquet(out / "runs")["status"].tolist() == ["failed"]
