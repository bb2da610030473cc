"""The site relaunches with renamed headings while scheduled runs go on: the run after it is
degraded, says so in one line with exit status 3, its rows still land (and no fabricated reply
among them), `runs` says degraded, and a person is told through the webhook."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out

DESIGNS = Path(__file__).parent / "designs"
SECRET = "T0KEN-s3cret"


class Receiver:
    """A webhook receiver on 127.0.0.1 that keeps every JSON body it is sent."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.paths: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.paths.append(self.path)
                outer.bodies.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/{SECRET}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def qa_etl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=ROOT, env=cli_env(), timeout=300
    )


def test_relaunch_after_baseline_runs_is_degraded_and_alerted(tmp_path: Path, receiver: Receiver) -> None:
    out = tmp_path / "out"
    site = CORPUS / "site/en/qa"
    for _ in range(2):  # scheduled runs over the old design: the baseline
        proc = qa_etl("run", str(site), "-o", str(out), "--notify", receiver.url)
        assert proc.returncode == 0, proc.stderr
    assert receiver.bodies == []  # a run within its thresholds alerts nobody

    proc = qa_etl("run", str(DESIGNS / "relaunch"), "-o", str(out), "--notify", receiver.url)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.count("\n") == 1 and "degraded" in proc.stderr and "Traceback" not in proc.stderr
    assert f"the alert was sent to http://127.0.0.1:{receiver.server.server_address[1]}" in proc.stderr
    header = next(line for line in proc.stdout.splitlines() if "baseline" in line and "why" in line)
    assert header.replace("┃", " ").replace("│", " ").split() == ["metric", "baseline", "this", "run", "why"]
    assert "rows_per_page:replies.more_info" in proc.stdout
    assert SECRET not in proc.stdout + proc.stderr

    runs = pd.read_parquet(out / "runs").sort_values("started_at")
    assert list(runs["status"]) == ["completed", "completed", "degraded"]
    assert SECRET not in " ".join(runs["parameters"])
    newest = runs["run_id"].iloc[-1]

    # The alert reached the receiver, and says what fell.
    assert len(receiver.bodies) == 1 and receiver.paths == [f"/hooks/{SECRET}"]
    alert = receiver.bodies[0]
    assert alert["event"] == "qa-etl.run.degraded" and alert["run_id"] == newest and alert["status"] == "degraded"
    failing = {f["metric"]: f for f in alert["failing"]}
    assert failing["rows_per_page:replies.more_info"]["value"] == 0.0
    assert failing["rows_per_page:replies.more_info"]["baseline"] > 0.5
    assert "warning_rate" in failing

    # Its rows landed, with no reply made of a Similar Q&A entry, and the warnings say why.
    truth = [json.loads(x) for x in (DESIGNS / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    relaunched = [t for t in truth if t["file"].startswith("relaunch/")]
    replies = pd.read_parquet(out / "replies")
    mine = replies[replies["run_id"] == newest]
    assert set(mine["kind"]) == {"doctor"}
    assert len(mine) == sum(1 for t in relaunched for r in t["replies"] if r["kind"] == "doctor")
    warnings = pd.read_parquet(out / "warnings")
    assert (warnings["run_id"] == newest).all() and set(warnings["check"]) == {"section_unknown"}

    proc = qa_etl("quality", str(out))
    assert proc.returncode == 0, proc.stderr
    shown = " ".join(proc.stdout.split())
    assert "rows_per_page:replies.more_info" in shown and "!" in shown and newest[:8] in shown
    assert qa_etl("validate", str(out)).returncode == 0
    proc = qa_etl("runs", str(out), "--status", "degraded")
    assert newest[:8] in proc.stdout and proc.stdout.count("degraded") == 1


def test_the_prefect_flow_run_ends_degraded_with_a_quality_artifact(prefect_harness: None, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.pipeline import run_pipeline

    out = str(tmp_path / "out")
    first = run_pipeline([str(CORPUS / "site/en/qa")], output=out, workers=1)
    after = run_pipeline([str(DESIGNS / "relaunch")], output=out, workers=1)
    assert first.status == "completed" and after.status == "degraded"
    with get_client(sync_client=True) as client:
        states = {s.run_id: client.read_flow_run(s.run_id).state for s in (first, after)}
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["qa-etl-quality"])))
    assert states[first.run_id].name == "Completed"
    assert states[after.run_id].name == "Degraded" and states[after.run_id].is_completed()
    mine = [a for a in arts if after.run_id in (a.description or "")]
    assert mine and "rows_per_page:replies.more_info" in str(mine[0].data) and "degraded" in mine[0].description


def test_an_unusable_webhook_is_refused_before_the_run_and_never_echoed(tmp_path: Path) -> None:
    proc = qa_etl("run", str(CORPUS / "snapshots"), "-o", str(tmp_path / "a"), "--notify", f"htp://h/{SECRET}")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and SECRET not in proc.stderr
    env = cli_env(QA_ETL_NOTIFY_URL=f"not-a-url-{SECRET}")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(CORPUS / "snapshots"), "-o", str(tmp_path / "b")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1 and "$QA_ETL_NOTIFY_URL" in proc.stderr and SECRET not in proc.stderr
    assert not (tmp_path / "b").exists()  # refused before anything ran
