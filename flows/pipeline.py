"""The Prefect flow: sources -> extract -> parse -> validate -> Parquet, in batches.

Orchestration only: each task calls a plain function from `sources`, `flows.steps` or `dataset`.
Tasks take batches of pages and return small summaries (Prefect keeps task results in memory).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import multiprocessing as mp
import queue
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from multiprocessing import forkserver
from pathlib import Path
from typing import Any, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, State
from prefect.task_runners import ThreadPoolTaskRunner

from dataset import CommitSummary, Dataset, RunRow, commit_run, parsed_among
from dataset.quality import Measurement
from errors import Stopped
from flows import lifeline
from flows.server import prefect_api, wait_for_api
from flows.steps import BatchSummary, process_batch
from parsers import PARSER_VERSION
from quality import Thresholds, Verdict
from quality.alerts import notify_url, origin, post
from schemas import QUESTIONS, RELATED_LINKS, REPLIES, WARNINGS, latest_valid_day
from sources import PageRef, SourcePlan, check_sources, iter_pages, iter_warc_pages, read_list_file
from sources.options import FetchOptions
from sources.stored import iter_stored_pages
from sources.web import CrawlSummary, crawl

DEFAULT_SEEDS = str(Path(__file__).resolve().parent.parent / "seeds")
DEFAULT_OUTPUT = "output"
DEFAULT_BATCH_SIZE = 250
T = TypeVar("T")


@dataclass
class RunSummary:
    run_id: str
    output: str
    pages: int = 0
    rows_staged: Counter[str] = field(default_factory=Counter)
    rejects: Counter[tuple[str, str]] = field(default_factory=Counter)
    commit: CommitSummary = field(default_factory=CommitSummary)
    counts: Counter[str] = field(default_factory=Counter)  # for the quality metrics
    fetch: CrawlSummary | None = None
    alert_error: str | None = None  # why a degraded run's alert was not delivered
    alert_sent: str | None = None  # "the alert was sent to <origin>", when it was
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None

    @property
    def rejected(self) -> int:
        return sum(self.rejects.values())

    def add(self, batch: BatchSummary) -> None:
        self.pages += batch.pages
        self.rows_staged.update(batch.rows)
        self.rejects.update(batch.rejects)
        self.counts.update(batch.counts)

    @property
    def status(self) -> str:
        return self.commit.status or "completed"

    def as_markdown(self) -> str:
        secs = (self.finished_at - self.started_at).total_seconds() if self.finished_at else 0.0
        lines = [
            f"# qa-etl run `{self.run_id}`",
            "",
            f"Pages read: **{self.pages}** in {secs:.1f} s; rejected: **{self.rejected}**; "
            f"questions changed: {self.commit.changed_questions}, unchanged: {self.commit.unchanged_questions}.",
            "",
            "| table | rows from this run | rows in dataset |",
            "|---|---|---|",
        ]
        for name, total in self.commit.rows.items():
            staged = self.rejected if name == "rejects" else self.rows_staged.get(name, 0)
            lines.append(f"| {name} | {staged} | {total} |")
        if self.fetch:
            line = self.fetch.describe()
            lines += ["", line[0].upper() + line[1:] + "."]
        if self.rejects:
            lines += ["", "| stage | reason | pages |", "|---|---|---|"]
            lines += [f"| {s} | {r} | {n} |" for (s, r), n in sorted(self.rejects.items())]
        return "\n".join(lines)


Page = PageRef | str  # a file path, or a reference to a WARC record or a failed fetch


def batched(items: list[Page], size: int) -> list[list[Page]]:
    it = iter(items)
    return [list(chunk) for chunk in iter(lambda: list(itertools.islice(it, size)), [])]


@task(name="extract: list pages in files and WARC files")
def list_pages(plan: SourcePlan) -> list[Page]:
    return [*iter_pages(plan.paths), *iter_warc_pages(plan.warcs)]


@task(name="extract: list pages in the raw page store")
def list_stored_pages(root: str, only: str | None = None) -> list[Page]:
    wanted = set(read_list_file(only)) if only else None
    return list(iter_stored_pages(root, only=wanted))


@task(name="extract: fetch from the web into the raw page store", cache_policy=NO_CACHE)
def fetch_pages(
    plan: SourcePlan,
    output: str,
    run_id: str,
    options: FetchOptions,
    batches: queue.Queue,
    batch_size: int,
    stop: threading.Event,
) -> CrawlSummary:
    """Hands pages to the flow in batches as they arrive, so parsing overlaps fetching."""
    batch: list[Page] = []

    def on_page(ref: PageRef) -> None:
        batch.append(ref)
        if len(batch) >= batch_size:
            batches.put(batch.copy())
            batch.clear()

    try:
        summary = crawl(
            plan.urls,
            output=output,
            run_id=run_id,
            options=options,
            on_page=on_page,
            allowed=plan.origins,
            parsed=functools.partial(parsed_among, Dataset(output)),
            stop=stop,
        )
        if batch:
            batches.put(batch)
        return summary
    finally:
        batches.put(None)


@task(name="parse, validate and stage a batch", cache_policy=NO_CACHE)
def run_batch(
    pool: Executor,
    batch_no: int,
    paths: list[Page],
    output: str,
    run_id: str,
    buckets: int,
    today: dt.date,
    stop: threading.Event,
) -> BatchSummary:
    if stop.is_set():  # the run is stopping: a batch not started is not done
        raise lifeline.stopped_error()
    work = functools.partial(process_batch, batch_no, paths, output=output, run_id=run_id, buckets=buckets, today=today)
    try:
        return pool.submit(work).result()
    except BrokenProcessPool:  # a worker died (killed, out of memory): this batch still gets done
        get_run_logger().warning("worker pool broken; running batch %d in the flow's process", batch_no)
        return work()


@task(name="commit to Parquet", cache_policy=NO_CACHE)
def commit(pool: Executor, output: str, run: RunRow, measured: Measurement) -> CommitSummary:
    """Waits for the commit lock if another run is committing; writes `run` completed (or degraded,
    judged by its measurements) with the rows."""
    log = get_run_logger()
    try:
        return commit_run(Dataset(output), run.run_id, executor=pool, run=run, on_wait=log.warning, measured=measured)
    except BrokenProcessPool:  # merging writes hidden files only, so doing it again in-process is safe
        log.warning("worker pool broken; merging in the flow's process")
        return commit_run(Dataset(output), run.run_id, run=run, on_wait=log.warning, measured=measured)


@task(name="alert: the run is degraded", cache_policy=NO_CACHE)
def alert(url: str, summary: RunSummary) -> str | None:
    """POST the degraded run's verdict to the webhook; returns why it failed, if it did (never raises:
    the run's rows are in whatever the receiver says)."""
    error = post(url, alert_payload(summary))
    if error:
        get_run_logger().info(error)  # the caller says it, in its one line
    return error


class _Inline(Executor):
    """One worker: run in the calling thread, no process to start."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        fut: Future[T] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as e:
            fut.set_exception(e)
        return fut


def worker_pool(workers: int) -> Executor:
    """Parsing is CPU-bound, so batches run in worker processes that import only the plain steps
    (not Prefect: a Prefect task runner's worker would start a Prefect server of its own)."""
    if workers <= 1:
        return _Inline()
    start_fork_server()
    return _Pool(max_workers=workers, mp_context=_fork_context(), initializer=lifeline.worker_init)


class _Pool(ProcessPoolExecutor):
    """Left by an exception (a stop, a failure), batches not started are dropped, not parsed."""

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        self.shutdown(wait=True, cancel_futures=exc_type is not None)


def _fork_context() -> mp.context.ForkServerContext:
    ctx = mp.get_context("forkserver")
    # Imported once by the fork server, not by every worker; the lifeline makes it die with the run.
    ctx.set_forkserver_preload(["flows.lifeline_preload", "flows.steps"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now (it imports the parsing code while the run does other things); it
    ignores SIGINT and SIGTERM (see flows.lifeline_preload). Does nothing if it runs already."""
    _fork_context()
    forkserver.ensure_running()


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
) -> RunSummary | State:
    """Extract pages from SOURCES (files, folders, WARC files, URLs, sitemaps) or, with FROM_RAW, from
    the raw page store of that output folder (only the sources listed in the file FROM_RAW_ONLY, if
    given); parse, validate and upsert them into Parquet under OUTPUT. IDEMPOTENCY_KEY and
    PARENT_RUN_ID are recorded in `runs` (backfill chunks use them). The run's quality is judged
    against the output's recent runs by QUALITY's thresholds: a degraded run still commits, ends in a
    Completed state named "Degraded", and is posted to the webhook in QA_ETL_NOTIFY_URL if set."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    summary = RunSummary(run_id=run_id, output=output)
    dataset = Dataset(output)
    plan = check_sources(sources or [DEFAULT_SEEDS]) if sources or not from_raw else SourcePlan()
    params = RunRow.params(
        sources=sources, output=output, batch_size=batch_size, workers=workers, from_raw=from_raw,
        from_raw_only=from_raw_only, fetch=asdict(fetch) if fetch else None,
        quality=asdict(quality) if quality else None, notify=notify_url() is not None,
    )  # fmt: skip
    row = RunRow(run_id, "qa-etl", params, idempotency_key, parent_run_id, summary.started_at)
    log = get_run_logger()
    lifeline.take_signals()
    try:
        with lifeline.run_stop() as stop, dataset.writer(row, on_wait=log.warning), worker_pool(workers) as pool:
            _run(summary, row, plan, dataset, pool, stop, sources=sources, batch_size=batch_size, fetch=fetch,
                 from_raw=from_raw, from_raw_only=from_raw_only, quality=quality)  # fmt: skip
    except Stopped as e:  # its row says cancelled; the flow run is Cancelled (not Failed), the caller gets e
        return Cancelled(message=str(e), data=e)
    summary.finished_at = dt.datetime.now(dt.UTC)
    summary.finished_at = dt.datetime.now(dt.UTC)
    _publish(summary)
    log.info("run %s: %d pages, %d rejected", run_id, summary.pages, summary.rejected)
    verdict = summary.commit.quality
    if verdict is not None and verdict.degraded:
        url = notify_url()
        if url:
            summary.alert_error = alert(url, summary)
            summary.alert_sent = None if summary.alert_error else f"the alert was sent to {origin(url)}"
        log.info("run %s is degraded: %s", run_id, verdict.describe())  # the caller says it: one line
        return Completed(name="Degraded", message=verdict.describe(), data=summary)
    return summary


def _run(
    summary: RunSummary,
    row: RunRow,
    plan: SourcePlan,
    dataset: Dataset,
    pool: Executor,
    stop: threading.Event,
    *,
    sources: list[str] | None,
    batch_size: int,
    fetch: FetchOptions | None,
    from_raw: str | None,
    from_raw_only: str | None,
    quality: Thresholds | None,
) -> None:
    """The run inside its writer: read, parse and stage in batches, then commit. A stop (a signal) is
    checked wherever it waits, and last before the commit."""
    today = latest_valid_day()
    root = str(dataset.root)
    futures: list[PrefectFuture[Any]] = []
    fetching: PrefectFuture[CrawlSummary] | None = None

    def submit(batch: list[Page]) -> None:
        lifeline.check()
        futures.append(run_batch.submit(pool, len(futures), batch, root, row.run_id, dataset.buckets, today, stop))

    try:
        pages: list[Page] = list_stored_pages(from_raw, from_raw_only) if from_raw else []
        if plan.paths or plan.warcs:
            pages += list_pages(plan)
        for batch in batched(pages, batch_size):
            submit(batch)
        if plan.urls:
            arrived: queue.Queue[list[Page] | None] = queue.Queue()
            fetching = fetch_pages.submit(plan, root, row.run_id, fetch or FetchOptions(), arrived, batch_size, stop)
            futures.append(fetching)
            while (arrival := _next(arrived)) is not None:
                submit(arrival)
            lifeline.wait(fetching)
            summary.fetch = fetching.result()
        for fut in futures:
            if fut is not fetching:
                lifeline.wait(fut)
                summary.add(fut.result())
    except BaseException:
        # Stopped or failed: batches not started skip their work, the crawl ends its requests; wait
        # for both, so that nothing writes to the output once the run's row says how it ended.
        stop.set()
        for fut in futures:
            fut.wait()
        raise
    row.pages, row.rejects = summary.pages, summary.rejected
    row.questions, row.replies, row.related_links, row.warnings = (
        summary.rows_staged.get(t.name, 0) for t in (QUESTIONS, REPLIES, RELATED_LINKS, WARNINGS)
    )
    lifeline.check()  # the last moment a stop is taken: a commit that started runs to its end
    summary.commit = commit(pool, root, row, Measurement(summary.counts, quality or Thresholds()))


def _next(arrived: queue.Queue[list[Page] | None]) -> list[Page] | None:
    """The next batch the crawl hands over (None: it is done), checking for a stop meanwhile."""
    while True:
        lifeline.check()
        try:
            return arrived.get(timeout=lifeline.POLL)
        except queue.Empty:
            continue


def run_pipeline(
    sources: list[str] | None = None,
    output: str = DEFAULT_OUTPUT,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 2,
    fetch: FetchOptions | None = None,
    from_raw: str | None = None,
    from_raw_only: str | None = None,
    quality: Thresholds | None = None,
) -> RunSummary:
    """The library entry point: run the flow with `workers` batches in flight at once."""
    with prefect_api():
        if workers > 1:
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


def alert_payload(summary: RunSummary) -> dict[str, object]:
    verdict = summary.commit.quality
    assert verdict is not None
    return {
        "event": "qa-etl.run.degraded",
        "run_id": summary.run_id,
        "output": str(Path(summary.output).resolve()),
        "status": summary.status,
        "summary": verdict.describe(),
        "pages": summary.pages,
        "rejected": summary.rejected,
        "baseline_runs": verdict.baseline_runs,
        "failing": [
            {"metric": r.metric, "baseline": r.baseline, "value": r.value, "reason": r.reason} for r in verdict.failing
        ],
        "finished_at": summary.finished_at.isoformat() if summary.finished_at else None,
    }
