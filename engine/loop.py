"""The pipeline as plain Python: `engine.run(sources, output=...)` extracts, parses, validates and
commits with no Prefect import, like dlt's `pipeline.run()`. `flows.pipeline` runs the very same
loop with each step a Prefect task: the loop takes the way to start each step (`Steps`).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import queue
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from dataset import CommitSummary, Dataset, RunRow, commit_run, parsed_among, qindex
from dataset.quality import Measurement
from engine import lifeline
from engine.progress import RunProgress, ask_batches_to_stop
from engine.steps import BatchSummary, process_batch
from engine.summary import Page, RunSummary, alert_payload, batched
from engine.workers import executor_for, result_of
from errors import NothingFetched, Stopped
from parsers import PARSER_VERSION
from quality import Thresholds
from quality.alerts import notify_url, origin, post
from schemas import QUESTIONS, RELATED_LINKS, REPLIES, WARNINGS, latest_valid_day
from sources import PageRef, SourcePlan, check_sources, iter_pages, iter_warc_pages, read_list_file
from sources.options import FetchOptions
from sources.origins import origin_of
from sources.stored import iter_stored_pages
from sources.web import OFF_FENCE, CrawlSummary, crawl

DEFAULT_SEEDS = str(Path(__file__).resolve().parent.parent / "seeds")
DEFAULT_OUTPUT = "output"
DEFAULT_BATCH_SIZE = 1000  # checks cost about as much per batch as per page: fewer, larger batches
log = logging.getLogger("qa_etl")


class Log(Protocol):
    def warning(self, msg: str, *args: object) -> object: ...


# ---- the steps, as plain functions ------------------------------------------------------------------
def list_pages(plan: SourcePlan) -> list[Page]:
    return [*iter_pages(plan.paths), *iter_warc_pages(plan.warcs)]


def list_stored_pages(root: str, only: str | None = None) -> list[Page]:
    wanted = set(read_list_file(only)) if only else None
    return list(iter_stored_pages(root, only=wanted))


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
    """Hands pages to the run in batches as they arrive, so parsing overlaps fetching; `progress` is
    told the URLs done and known as the crawl goes."""
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
            progress=progress,
        )
        if batch:
            batches.put(batch)
        return summary
    finally:
        batches.put(None)


def parse_batch(
    pool: Executor,
    batch_no: int,
    pages: list[Page],
    output: str,
    run_id: str,
    buckets: int,
    today: dt.date,
    stop: threading.Event,
    log: Log = log,
) -> BatchSummary:
    """One batch in the worker pool (a worker killed, say out of memory: here, in this process)."""
    if stop.is_set():  # the run is stopping: a batch not started is not done
        raise lifeline.stopped_error()
    work = functools.partial(process_batch, batch_no, pages, output=output, run_id=run_id, buckets=buckets, today=today)
    try:
        return result_of(pool, pool.submit(work), stop)
    except BrokenProcessPool:
        log.warning("worker pool broken; running batch %d in the run's process", batch_no)
        return work()


def commit(pool: Executor, output: str, run: RunRow, measured: Measurement, log: Log = log) -> CommitSummary:
    """Waits for the commit lock if another run is committing; writes `run` completed (or degraded,
    judged by its measurements) with the rows."""
    try:
        return commit_run(Dataset(output), run.run_id, executor=pool, run=run, on_wait=log.warning, measured=measured)
    except BrokenProcessPool:  # merging writes hidden files only, so doing it again in-process is safe
        log.warning("worker pool broken; merging in the run's process")
        return commit_run(Dataset(output), run.run_id, run=run, on_wait=log.warning, measured=measured)


def send_alert(url: str, summary: RunSummary) -> str | None:
    """POST the degraded run's verdict to the webhook; returns why it failed, if it did (never raises:
    the run's rows are in whatever the receiver says)."""
    return post(url, alert_payload(summary))


# ---- the loop ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Steps:
    """How the loop starts each step: `fetch` and `batch` return futures (a concurrent.futures
    Future, or a Prefect future), the others their result."""

    list_pages: Callable[[SourcePlan], list[Page]]
    list_stored: Callable[[str, str | None], list[Page]]
    fetch: Callable[
        [SourcePlan, str, str, FetchOptions, queue.Queue[list[Page] | None], int, threading.Event,
         Callable[[int, int], None] | None],
        Any,
    ]  # fmt: skip
    batch: Callable[[Executor, int, list[Page], str, str, int, dt.date, threading.Event], Any]
    commit: Callable[[Executor, str, RunRow, Measurement], CommitSummary]


@dataclass(frozen=True)
class Request:
    """What a run is asked to do (its parameters, recorded in `runs`)."""

    sources: list[str] | None = None
    output: str = DEFAULT_OUTPUT
    batch_size: int = DEFAULT_BATCH_SIZE
    workers: int = 2
    fetch: FetchOptions | None = None
    from_raw: str | None = None
    from_raw_only: str | None = None
    quality: Thresholds | None = None
    idempotency_key: str | None = None
    parent_run_id: str | None = None
    origins: list[str] | None = None  # set: fetch only from these, whatever the sources name (a backfill's)
    dask: str | None = None  # a Dask scheduler's address, or local[:N]: batches are parsed there
    progress: bool = False  # a progress bar on stderr (a terminal's: the command line decides)

    def plan(self) -> SourcePlan:
        plan = check_sources(self.sources or [DEFAULT_SEEDS]) if self.sources or not self.from_raw else SourcePlan()
        if self.origins is not None:
            plan.fence = frozenset(o for o in map(origin_of, self.origins) if o is not None)
        return plan

    def row(self, run_id: str, started_at: dt.datetime) -> RunRow:
        params = RunRow.params(
            sources=self.sources, output=self.output, batch_size=self.batch_size, workers=self.workers, dask=self.dask,
            from_raw=self.from_raw, from_raw_only=self.from_raw_only,
            fetch=asdict(self.fetch) if self.fetch else None,
            quality=asdict(self.quality) if self.quality else None, notify=notify_url() is not None,
        )  # fmt: skip
        return RunRow(run_id, "qa-etl", params, self.idempotency_key, self.parent_run_id, started_at)


def execute(
    request: Request,
    summary: RunSummary,
    row: RunRow,
    plan: SourcePlan,
    pool: Executor,
    stop: threading.Event,
    steps: Steps,
) -> None:
    """The run inside its writer: read, parse and stage in batches, then commit. A stop (a signal) is
    checked wherever it waits, and last before the commit."""
    dataset = Dataset(request.output)
    today = latest_valid_day()
    root = str(dataset.root)
    futures: list[Any] = []
    fetching: Any = None
    shown = RunProgress(root, row.run_id, show=request.progress)

    def submit(batch: list[Page]) -> None:
        lifeline.check()
        futures.append(steps.batch(pool, len(futures), batch, root, row.run_id, dataset.buckets, today, stop))
        shown.listed(len(batch))

    try:
        with shown:
            pages: list[Page] = steps.list_stored(request.from_raw, request.from_raw_only) if request.from_raw else []
            if plan.paths or plan.warcs:
                pages += _marked_unchanged(steps.list_pages(plan), dataset)
            for batch in batched(pages, request.batch_size):
                submit(batch)
            if plan.urls:
                arrived: queue.Queue[list[Page] | None] = queue.Queue()
                options = request.fetch or FetchOptions()
                told = shown.fetched if request.progress else None
                fetching = steps.fetch(plan, root, row.run_id, options, arrived, request.batch_size, stop, told)
                futures.append(fetching)
                while (arrival := _next(arrived, shown.refresh)) is not None:
                    submit(arrival)
                lifeline.wait(fetching, shown.refresh)
                summary.fetch = fetching.result()
                _reached_something(summary.fetch, plan, local=len(pages))
            for fut in futures:
                if fut is not fetching:
                    lifeline.wait(fut, shown.refresh)
                    done = fut.result()
                    if done.stopped:  # (only ever seen once the run stops: never committed)
                        raise lifeline.stopped_error()
                    summary.add(done)
                    shown.batch_done(done.batch_no, done.pages, sum(done.rejects.values()))
    except BaseException as e:
        # Stopped or failed: batches under way stop at their next page, batches not started skip
        # their work, the crawl ends its requests; wait for all, so that nothing writes to the output
        # once the run's row says how it ended.
        stop.set()
        ask_batches_to_stop(root, row.run_id)
        lifeline.settle(futures)
        if isinstance(e, Stopped) and plan.urls:
            kept = "pages it fetched are kept in the raw page store, for the next run"
            raise Stopped(e.signum, f"{e} ({kept})") from None
        raise
    row.pages, row.rejects = summary.pages, summary.rejected
    row.questions, row.replies, row.related_links, row.warnings = (
        summary.rows_staged.get(t.name, 0) for t in (QUESTIONS, REPLIES, RELATED_LINKS, WARNINGS)
    )
    lifeline.check()  # the last moment a stop is taken: a commit that started runs to its end
    measured = Measurement(summary.counts, request.quality or Thresholds())
    summary.commit = steps.commit(pool, root, row, measured)


def _reached_something(crawl: CrawlSummary, plan: SourcePlan, local: int) -> None:
    """Raise NothingFetched when the run's only sources are URLs and not one page was reached: the
    site is down or moved, or its sitemap names another host. A backfill's chunk fails the same way
    (so that running it again retries it), unless all it named was off its plan's fence."""
    reached = crawl.fetched + crawl.not_modified + crawl.unchanged_by_lastmod
    failed = sum(crawl.failed.values())
    if local or reached or not failed or crawl.stopped:
        return
    if plan.fence is not None and crawl.failed.get(OFF_FENCE, 0) == failed:
        return  # a backfill chunk that names only URLs off its plan's fence (edited by hand): rejects
    origins = sorted({origin(u) for u in plan.urls})
    why = "; ".join(f"{n} {reason}" for reason, n in crawl.failed.most_common(3))
    raise NothingFetched(
        f"the crawl reached no page of {', '.join(origins[:3])}{' …' if len(origins) > 3 else ''}: "
        f"{failed} failed ({why}); nothing was committed: check that the site answers at that address, "
        "or allow the host its pages are on with --allow-host"
    )


def _marked_unchanged(pages: list[Page], dataset: Dataset) -> list[Page]:
    """Local files whose question the tables hold from this parser version carry the SHA-256 of those
    bytes: a worker that reads the same bytes counts the page unchanged instead of parsing it again."""
    files = [p for p in pages if isinstance(p, str)]
    held = qindex.held_sources(dataset, files, PARSER_VERSION)
    if not held:
        return pages
    return [PageRef(p, path=p, held=held[p]) if isinstance(p, str) and p in held else p for p in pages]


def _next(arrived: queue.Queue[list[Page] | None], on_poll: Callable[[], None]) -> list[Page] | None:
    """The next batch the crawl hands over (None: it is done), checking for a stop meanwhile."""
    while True:
        lifeline.check()
        on_poll()
        try:
            return arrived.get(timeout=lifeline.POLL)
        except queue.Empty:
            continue


def finish(summary: RunSummary, alert: Callable[[str, RunSummary], str | None] = send_alert) -> None:
    """After the commit: the time, and the webhook of a degraded run (QA_ETL_NOTIFY_URL)."""
    summary.finished_at = dt.datetime.now(dt.UTC)
    verdict = summary.commit.quality
    url = notify_url()
    if verdict is not None and verdict.degraded and url:
        summary.alert_error = alert(url, summary)
        summary.alert_sent = None if summary.alert_error else f"the alert was sent to {origin(url)}"


# ---- the plain entry point -------------------------------------------------------------------------
def run(
    sources: list[str] | None = None,
    output: str = DEFAULT_OUTPUT,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 2,
    fetch: FetchOptions | None = None,
    from_raw: str | None = None,
    from_raw_only: str | None = None,
    quality: Thresholds | None = None,
    *,
    dask: str | None = None,
    idempotency_key: str | None = None,
    parent_run_id: str | None = None,
    progress: bool = False,
) -> RunSummary:
    """Run the pipeline in this process, no Prefect: pages from SOURCES (files, folders, WARC files,
    URLs, sitemaps; default: the seeds) or from the raw page store of FROM_RAW, parsed by `workers`
    processes (or on the Dask cluster at DASK, see engine.workers.executor_for), upserted into Parquet
    under OUTPUT. Returns
    the summary; a degraded run returns too (`summary.status`); a stop by a signal raises Stopped.
    `progress` shows a progress bar on stderr."""
    request = Request(sources, output, batch_size, workers, fetch, from_raw, from_raw_only, quality,
                      idempotency_key, parent_run_id, dask=dask, progress=progress)  # fmt: skip
    run_id = str(uuid.uuid4())
    summary = RunSummary(run_id=run_id, output=output)
    plan = request.plan()
    row = request.row(run_id, summary.started_at)
    with (
        lifeline.run_stop() as stop,
        Dataset(output).writer(row, on_wait=log.warning),
        executor_for(workers, dask) as pool,
        ThreadPoolExecutor(max(1, workers) + 1, thread_name_prefix="qa-etl") as threads,
    ):
        steps = Steps(
            list_pages=list_pages,
            list_stored=list_stored_pages,
            fetch=lambda *a: threads.submit(fetch_pages, *a),
            batch=lambda *a: threads.submit(parse_batch, *a),
            commit=commit,
        )
        execute(request, summary, row, plan, pool, stop, steps)
    finish(summary)
    return summary
