"""prefect.yaml and `qa-etl serve`, against a real Prefect server (the session's test harness)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env
from site_server import Site

from flows.deployments import DeploymentError, read_specs, with_overrides

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out


def test_prefect_yaml_has_a_daily_incremental_run_and_an_on_demand_backfill() -> None:
    specs = {s.name: s for s in read_specs(ROOT / "prefect.yaml")}
    daily, backfill = specs["daily-incremental"], specs["backfill"]
    assert daily.cron == "30 3 * * *" and daily.timezone == "UTC" and daily.concurrency_limit == 1
    assert daily.parameters["sources"] == ["https://askdoctor.example/sitemap.xml"]
    assert daily.flow_name == "qa-etl" and backfill.flow_name == "qa-etl-backfill"
    assert backfill.cron is None and backfill.parameters["request"]["on"] == "lastmod"


def test_overrides_are_checked_before_any_server_is_asked(tmp_path: Path) -> None:
    specs = with_overrides(read_specs(ROOT / "prefect.yaml"), cron="0 4 * * 1", timezone="Europe/Berlin", output="o")
    daily = next(s for s in specs if s.name == "daily-incremental")
    assert (daily.cron, daily.timezone) == ("0 4 * * 1", "Europe/Berlin")
    assert all(s.parameters["output"] == str(Path("o").resolve()) for s in specs)
    with pytest.raises(DeploymentError, match="Invalid cron"):
        with_overrides(read_specs(ROOT / "prefect.yaml"), cron="61 * * * *")
    with pytest.raises(DeploymentError, match="unknown timezone"):
        with_overrides(read_specs(ROOT / "prefect.yaml"), timezone="Mars/Olympus")
    bad = tmp_path / "prefect.yaml"
    bad.write_text("deployments:\n  - name: x\n    entrypoint: flows.pipeline.nope\n")
    with pytest.raises(DeploymentError, match=r"entrypoint 'flows\.pipeline\.nope'"):
        with_overrides(read_specs(bad))


def test_serve_refuses_the_temporary_server_in_one_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=cli_env(),
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "prefect server start" in proc.stderr and "PREFECT_API_URL" in proc.stderr


def _run_logs(flow_run_id: object, seconds: float = 60) -> list[str]:
    """The messages a flow run sent to the Prefect API (shipped in batches: waits for them)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    deadline = time.monotonic() + seconds
    with get_client(sync_client=True) as client:
        while True:
            logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
            if any(log.message.startswith("run ") for log in logs) or time.monotonic() > deadline:
                return [log.message for log in logs]
            time.sleep(1)


def test_serve_registers_the_schedule_and_runs_what_the_server_asks(prefect_harness: None, tmp_path: Path) -> None:
    """`qa-etl serve` against a real server: the deployments and schedule exist with the right
    parameters, and a run started from the server (as the schedule would) fetches and writes Parquet."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    out = tmp_path / "out"
    paths = ["/en/qa/1.html", "/en/qa/100002.html"]
    with Site(CORPUS / "site", sitemap_paths=paths) as site:
        sitemap = f"{site.base}/sitemap.xml"
        args = ["serve", "--cron", "15 4 * * *", "--timezone", "Europe/Berlin", "--source", sitemap, "-o", str(out)]
        env = cli_env(PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_RUNNER_POLL_FREQUENCY="1")
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=tmp_path,  # any folder: the flows are found as the installed package
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            with get_client(sync_client=True) as client:
                daily = backfill = None
                deadline = time.monotonic() + 90
                while (daily is None or backfill is None) and time.monotonic() < deadline:
                    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                    try:  # both registered: serve registers them one after the other
                        daily = client.read_deployment_by_name("qa-etl/daily-incremental")
                        backfill = client.read_deployment_by_name("qa-etl-backfill/backfill")
                    except Exception:  # not registered yet
                        time.sleep(0.5)
                assert daily is not None and backfill is not None
                [schedule] = daily.schedules
                assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == (
                    "15 4 * * *",
                    "Europe/Berlin",
                    True,
                )
                assert daily.parameters["sources"] == [sitemap] and daily.parameters["output"] == str(out)
                assert daily.parameters["fetch"]["delay"] == 1.0
                assert backfill.schedules == [] and backfill.parameters["request"]["sources"] == [sitemap]

            fetch = {**daily.parameters["fetch"], "delay": 0.0}
            run = run_deployment(
                "qa-etl/daily-incremental", parameters={"fetch": fetch, "workers": 1}, timeout=180, poll_interval=1
            )
            assert run.state is not None and run.state.is_completed(), run.state
            logged = _run_logs(run.id)  # where a Prefect user looks: the flow run's Logs tab
            assert any(m.startswith(f"run {run.id}: 2 pages, 0 rejected") for m in logged), logged
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        assert {h.path for h in site.hits} >= {"/sitemap.xml", *paths}
    assert len(pd.read_parquet(out / "questions")) == 2
    runs = pd.read_parquet(out / "runs")
    assert runs["run_id"].tolist() == [str(run.id)] and runs["status"].tolist() == ["completed"]
