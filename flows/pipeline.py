"""The Prefect flow: the engine's loop (engine.loop.execute) with each step a Prefect task.

Orchestration only: each task calls the engine's plain function of the same name. Tasks take
batches of pages and return small summaries (Prefect keeps task results in memory).
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, State
from prefect.task_runners import ThreadPoolTaskRunner

from dataset import CommitSummary, Dataset, RunRow
from dataset.quality import Measurement
from engine import lifeline, loop
from engine.loop import DEFAULT_BATCH_SIZE, DEFAULT_OUTPUT, DEFAULT_SEEDS, Request, Steps
from engine.steps import BatchSummary
from engine.summary import Page, RunSummary, batched
from engine.workers import executor_for, start_fork_server
from errors import Stopped
from flows.server import prefect_api, wait_for_api
from parsers import PARSER_VERSION
from quality import Thresholds, Verdict
from sources import SourcePlan
from sources.options import FetchOptions
from sources.web import CrawlSummary

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_OUTPUT", "DEFAULT_SEEDS", "RunSummary", "batched", "etl", "run_pipeline"]


@task(name="extract: list pages in files and WARC files")
def list_pages(plan: SourcePlan) -> list[Page]:
    return loop.list_pages(plan)


@task(name="extract: list pages in the raw page store")
def list_stored_pages(root: str, only: str | None = None) -> list[Page]:
    return loop.list_stored_pages(root, only)


@task(name="extract: fetch from the web into the raw page store", cache_policy=NO_CACHE)
def fetch_pages(
    plan: SourcePlan,
    output: str,
    run_id: str,
    options: FetchOptions,
    batches: queue.Queue[list[Page] | None],
    batch_size: int,
    stop: threading.Event,
    progress: Callable[[int, int], None] | None = None,
) -> CrawlSummary:
    return loop.fetch_pages(plan, output, run_id, options, batches, batch_size, stop, progress)


@task(name="parse, validate and stage a batch", cache_policy=NO_CACHE)
def run_batch(
    pool: Executor,
    batch_no: int,
    pages: list[Page],
    output: str,
    run_id: str,
    buckets: int,
    today: dt.date,
    stop: threading.Event,
) -> BatchSummary:
    return loop.parse_batch(pool, batch_no, pages, output, run_id, buckets, today, stop, get_run_logger())


@task(name="commit to Parquet", cache_policy=NO_CACHE)
def commit(pool: Executor, output: str, run: RunRow, measured: Measurement) -> CommitSummary:
    return loop.commit(pool, output, run, measured, get_run_logger())


@task(name="alert: the run is degraded", cache_policy=NO_CACHE)
def alert(url: str, summary: RunSummary) -> str | None:
    error = loop.send_alert(url, summary)
    if error:
        get_run_logger().info(error)  # the caller says it, in its one line
    return error


PREFECT_STEPS = Steps(
    list_pages=list_pages,
    list_stored=list_stored_pages,
    fetch=fetch_pages.submit,
    batch=run_batch.submit,
    commit=commit,
)


@flow(name="qa-etl", log_prints=False)
def etl(
    sources: list[str] | None = None,
    output: str = DEFAULT_OUTPUT,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 2,
    fetch: FetchOptions | None = None,
    from_raw: str | None = None,
    from_raw_only: str | None = None,
    idempotency_key: str | None = None,
    parent_run_id: str | None = None,
    quality: Thresholds | None = None,
    origins: list[str] | None = None,
    dask: str | None = None,
    progress: bool = False,
) -> RunSummary | State:
    """Extract pages from SOURCES (files, folders, WARC files, URLs, sitemaps) or, with FROM_RAW, from
    the raw page store of that output folder (only the sources listed in the file FROM_RAW_ONLY, if
    given); parse, validate and upsert them into Parquet under OUTPUT. IDEMPOTENCY_KEY and
    PARENT_RUN_ID are recorded in `runs` (backfill chunks use them); ORIGINS, if given, are the only
    origins fetched from, whatever the sources name (a backfill's); DASK, a Dask scheduler's address
    (or local[:N]), parses the batches on that cluster; PROGRESS shows a progress bar on stderr. The
    run's quality is judged against the output's recent runs by QUALITY's thresholds: a degraded run
    still commits, ends in a Completed state named "Degraded", and is posted to the webhook in
    QA_ETL_NOTIFY_URL if set."""
    request = Request(sources, output, batch_size, workers, fetch, from_raw, from_raw_only, quality,
                      idempotency_key, parent_run_id, origins, dask, progress)  # fmt: skip
    run_id = str(flow_run.get_id() or uuid.uuid4())
    summary = RunSummary(run_id=run_id, output=output)
    plan = request.plan()
    row = request.row(run_id, summary.started_at)
    log = get_run_logger()
    lifeline.take_signals()
    try:
        with (
            lifeline.run_stop() as stop,
            Dataset(output).writer(row, on_wait=log.warning),
            executor_for(workers, dask) as pool,
        ):
            loop.execute(request, summary, row, plan, pool, stop, PREFECT_STEPS)
    except Stopped as e:  # its row says cancelled; the flow run is Cancelled (not Failed), the caller gets e
        return Cancelled(message=str(e), data=e)
    loop.finish(summary, alert)
    _publish(summary)
    log.info("run %s: %d pages, %d rejected", run_id, summary.pages, summary.rejected)
    verdict = summary.commit.quality
    if verdict is not None and verdict.degraded:
        log.info("run %s is degraded: %s", run_id, verdict.describe())  # the caller says it: one line
        return Completed(name="Degraded", message=verdict.describe(), data=summary)
    return summary


def run_pipeline(
    sources: list[str] | None = None,
    output: str = DEFAULT_OUTPUT,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 2,
    fetch: FetchOptions | None = None,
    from_raw: str | None = None,
    from_raw_only: str | None = None,
    quality: Thresholds | None = None,
    dask: str | None = None,
    progress: bool = False,
) -> RunSummary:
    """The flow, on the configured Prefect API (else a temporary local server), with `workers`
    batches in flight at once. `engine.run` is the same without Prefect."""
    with prefect_api():
        if workers > 1 and not dask:
            start_fork_server()  # it imports the parsing code while the API starts
        wait_for_api()
        runner: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=max(1, workers) + 1)  # + fetching
        result = etl.with_options(task_runner=runner)(  # type: ignore[arg-type]  # Prefect's generics
            sources=sources,
            output=output,
            batch_size=batch_size,
            workers=workers,
            fetch=fetch,
            from_raw=from_raw,
            from_raw_only=from_raw_only,
            quality=quality,
            dask=dask,
            progress=progress,
        )
        assert isinstance(result, RunSummary)  # a Degraded state's data is the summary
        return result


def _publish(summary: RunSummary) -> None:
    create_markdown_artifact(
        markdown=summary.as_markdown(),
        key="qa-etl-run-summary",
        description=f"qa-etl run {summary.run_id} (parser {PARSER_VERSION})",
    )
    if summary.rejects:
        create_table_artifact(
            table=[{"stage": s, "reason": r, "pages": n} for (s, r), n in sorted(summary.rejects.items())],
            key="qa-etl-rejects",
            description="Pages rejected in this run, by reason",
        )
    verdict = summary.commit.quality
    if verdict is not None:
        create_table_artifact(
            table=quality_rows(verdict),
            key="qa-etl-quality",
            description=f"qa-etl run {summary.run_id}: {verdict.describe()}",
        )


def quality_rows(verdict: Verdict) -> list[dict[str, object]]:
    """The verdict as table rows (metric, baseline, this run, verdict), failing metrics first."""
    ordered = sorted(verdict.results, key=lambda r: (not r.degraded, r.metric))
    return [
        {
            "metric": r.metric,
            "baseline": _fmt(r.baseline),
            "this run": _fmt(r.value),
            "verdict": r.reason or ("ok" if verdict.judged else "not judged"),
        }
        for r in ordered
        if r.value is not None or r.baseline is not None
    ]


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.3f}"
