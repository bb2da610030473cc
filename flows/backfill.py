"""The backfill flow: plan once, then run the chunks as parallel sub-runs of the `qa-etl` flow.

Orchestration only: what a backfill covers is decided by plain functions (dataset.backfills,
sources.web.list_sitemaps); each chunk is an ordinary `etl` run with an idempotency key, so it
commits on its own and a restart skips it once it has.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import Cancelled, State
from prefect.task_runners import ThreadPoolTaskRunner

from dataset import Dataset, RunRow
from dataset.backfills import (
    BackfillError,
    BackfillPlan,
    BackfillRequest,
    Coverage,
    asked_between,
    load_plan,
    outdated_sources,
    save_plan,
)
from engine import lifeline
from errors import Stopped
from flows.pipeline import DEFAULT_BATCH_SIZE, DEFAULT_OUTPUT, RunSummary, etl
from flows.server import prefect_api, wait_for_api
from parsers import canonicalize_url
from quality import Thresholds
from sources import check_sources, iter_pages, read_list_file, read_sources_file
from sources.options import FetchOptions
from sources.origins import describe, of_sources
from sources.stored import iter_stored_pages
from sources.web import list_sitemaps


@dataclass
class BackfillSummary:
    run_id: str
    plan: BackfillPlan
    resumed: bool = False
    skipped: list[int] = field(default_factory=list)  # chunks a previous attempt completed
    completed: dict[int, str] = field(default_factory=dict)  # chunk -> run_id
    failed: dict[int, str] = field(default_factory=dict)  # chunk -> error
    degraded: dict[int, str] = field(default_factory=dict)  # chunk -> what its quality monitor said
    pages: int = 0
    rejects: int = 0
    questions: int = 0
    questions_changed: int = 0
    not_in_window: int = 0  # sitemap pages whose lastmod is outside the window
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_markdown(self) -> str:
        p = self.plan
        lines = [
            f"# qa-etl backfill `{p.id}`",
            "",
            f"{p.entries} pages in {p.chunks} chunks; {len(self.skipped)} chunks done by an earlier attempt, "
            f"{len(self.completed)} completed now ({len(self.degraded)} degraded), {len(self.failed)} failed.",
            f"Pages read: **{self.pages}**, rejected: **{self.rejects}**, questions new or changed: "
            f"{self.questions_changed}.",
        ]
        if self.failed:
            lines += ["", "| chunk | error |", "|---|---|"]
            lines += [f"| {n} | {e} |" for n, e in sorted(self.failed.items())]
        if self.degraded:
            lines += ["", "| chunk | quality |", "|---|---|"]
            lines += [f"| {n} | {e} |" for n, e in sorted(self.degraded.items())]
        return "\n".join(lines)


@task(name="backfill: plan the chunks", cache_policy=NO_CACHE)
def plan_backfill(request: BackfillRequest, output: str, run_id: str, fetch: FetchOptions) -> tuple[BackfillPlan, int]:
    """Select what the request covers and freeze it in chunks; returns the plan and the entries left out."""
    left_out = 0
    if request.reparse:
        wanted = outdated_sources(output)
        if request.windowed:
            wanted &= set(asked_between(output, request.since, request.until))
        if request.urls_file:
            listed = read_list_file(request.urls_file)
            wanted &= {u for url in listed for u in (url, canonicalize_url(url)) if u}
        entries = sorted({ref.source for ref in iter_stored_pages(output) if ref.source in wanted})
        return save_plan(output, request, entries, "stored"), left_out
    if request.urls_file:
        entries = list(dict.fromkeys(read_sources_file(request.urls_file)))
        return save_plan(output, request, entries, "sources"), left_out
    if not request.sources:  # a window on the questions already loaded
        return save_plan(output, request, asked_between(output, request.since, request.until), "sources"), left_out
    sources = check_sources(list(request.sources))
    if sources.warcs:
        raise BackfillError("a WARC file is read whole: give it to `qa-etl run`, not to backfill")
    entries = [str(p) for p in iter_pages(sources.paths)]
    if sources.urls:
        found, errors = list_sitemaps(
            sources.urls, output=output, run_id=run_id, options=fetch, allowed=sources.origins
        )
        if errors:
            raise BackfillError(
                f"cannot list the pages to backfill: {errors[0]}"
                + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
            )
        kept = [e.loc for e in found if request.on != "lastmod" or request.in_window(e.lastmod)]
        left_out = len(found) - len(kept)
        entries += kept
    return save_plan(output, request, entries, "sources"), left_out


def coverage(request: BackfillRequest, output: str) -> Coverage:
    """The origins and files the request names or lists (read again now, not from the plan)."""
    if request.reparse:
        return Coverage(frozenset(), frozenset())
    if request.urls_file:
        named = read_sources_file(request.urls_file)
    elif request.sources:
        plan = check_sources(list(request.sources))
        return Coverage(frozenset(plan.origins), frozenset(str(p) for p in iter_pages(plan.paths)))
    else:  # the questions already loaded
        named = Dataset(output).read_table("questions", columns=["source"]).column("source").to_pylist()
    urls = [e for e in named if "://" in e]
    return Coverage(frozenset(of_sources(urls)), frozenset(e for e in named if "://" not in e))


@task(name="backfill: run one chunk as a sub-run", cache_policy=NO_CACHE)
def run_chunk(
    plan: BackfillPlan,
    n: int,
    output: str,
    parent_run_id: str,
    batch_size: int,
    workers: int,
    fetch: FetchOptions,
    quality: Thresholds | None = None,
    origins: list[str] | None = None,
    dask: str | None = None,
) -> RunSummary:
    lifeline.check()  # a chunk that had not started when a stop came does not start
    chunk = plan.chunk_file(n)
    by_plan: dict[str, Any] = (
        {"from_raw": output, "from_raw_only": chunk}
        if plan.mode == "stored"
        else {"sources": [chunk], "origins": origins}
    )
    sub = etl.with_options(
        name="qa-etl",
        task_runner=ThreadPoolTaskRunner(max_workers=workers + 1),  # type: ignore[arg-type]  # Prefect's generics
        flow_run_name=f"backfill {plan.key(n)}",
    )
    result = sub(
        output=output,
        batch_size=batch_size,
        workers=workers,
        fetch=fetch,
        idempotency_key=plan.key(n),
        parent_run_id=parent_run_id,
        quality=quality,
        dask=dask,
        **by_plan,
    )
    assert isinstance(result, RunSummary)  # a Degraded state's data is the summary
    return result


@flow(name="qa-etl-backfill", log_prints=False)
def backfill(
    request: BackfillRequest,
    output: str = DEFAULT_OUTPUT,
    parallel: int = 2,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fetch: FetchOptions | None = None,
    quality: Thresholds | None = None,
    dask: str | None = None,
) -> BackfillSummary | State:
    """Backfill OUTPUT with what REQUEST covers, in chunks run PARALLEL at a time (each parsing on the
    Dask cluster at DASK, if given). Started again with the same request, it continues where it
    stopped: chunks already completed are skipped."""
    request.check()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    fetch = fetch or FetchOptions()
    params = RunRow.params(
        request=asdict(request), output=output, parallel=parallel, workers=workers, batch_size=batch_size,
        fetch=asdict(fetch), dask=dask,
    )  # fmt: skip
    ds = Dataset(output)
    lifeline.take_signals()
    try:
        return _backfill(ds, RunRow(run_id, "qa-etl-backfill", params), request, output, parallel, workers,
                         batch_size, fetch, quality, dask)  # fmt: skip
    except Stopped as e:  # its row and its chunks' say cancelled; the flow run is Cancelled, not Failed
        return Cancelled(message=str(e), data=e)


def _backfill(
    ds: Dataset,
    run: RunRow,
    request: BackfillRequest,
    output: str,
    parallel: int,
    workers: int,
    batch_size: int,
    fetch: FetchOptions,
    quality: Thresholds | None,
    dask: str | None,
) -> BackfillSummary:
    log = get_run_logger()
    run_id = run.run_id
    with ds.writer(run, on_wait=log.warning) as row:
        plan = load_plan(output, request)
        try:
            made, left_out = (plan, 0) if plan else plan_backfill(request, output, run_id, fetch)
        except BackfillError as e:  # said in one line, not with a traceback: nothing was run
            ds.end_run(row, "failed", str(e))
            return BackfillSummary(run_id, BackfillPlan(request.id, "", "sources", 0, 0, ""), error=str(e))
        covered = coverage(request, output)
        covered.refuse(made)  # a plan read back from disk is held to the request
        summary = BackfillSummary(run_id, made, resumed=plan is not None, not_in_window=left_out)
        todo = made.todo(output)
        summary.skipped = sorted(set(range(made.chunks)) - set(todo))
        if summary.resumed:
            log.warning(
                "resuming backfill %s: %d of %d chunks already done", made.id, len(summary.skipped), made.chunks
            )
        shared = replace(fetch, shared_by=max(1, min(parallel, len(todo))))
        origins = sorted(describe(o) for o in covered.origins)
        futures = {
            n: run_chunk.submit(made, n, output, run_id, batch_size, workers, shared, quality, origins, dask)
            for n in todo
        }
        try:
            results = _chunk_results(futures, summary)
        except BaseException:  # a signal: the chunks under way stop too; wait until their rows say so
            for f in futures.values():
                f.wait()
            raise
        for n, result in results.items():
            summary.completed[n] = result.run_id
            if result.status == "degraded" and result.commit.quality is not None:
                summary.degraded[n] = result.commit.quality.describe()
            summary.pages += result.pages
            summary.rejects += result.rejected
            summary.questions += result.rows_staged.get("questions", 0)
            summary.questions_changed += result.commit.changed_questions
        row.pages, row.rejects, row.questions = summary.pages, summary.rejects, summary.questions
        row.questions_changed = summary.questions_changed
        if summary.failed:
            summary.error = f"{len(summary.failed)} of {made.chunks} chunks failed; run the same backfill again"
        ds.end_run(row, "failed" if summary.error else "degraded" if summary.degraded else "completed", summary.error)
    create_markdown_artifact(
        markdown=summary.as_markdown(), key="qa-etl-backfill-summary", description=f"qa-etl backfill {made.id}"
    )
    return summary


def _chunk_results(futures: dict[int, PrefectFuture[RunSummary]], summary: BackfillSummary) -> dict[int, RunSummary]:
    results = {}
    for n, fut in futures.items():
        lifeline.wait(fut)
        try:
            results[n] = fut.result()
        except Stopped:
            raise
        except Exception as e:  # one chunk failing does not stop the others; a rerun retries it
            summary.failed[n] = f"{type(e).__name__}: {e}"[:300]
    return results


def run_backfill(
    request: BackfillRequest,
    output: str = DEFAULT_OUTPUT,
    parallel: int = 2,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fetch: FetchOptions | None = None,
    quality: Thresholds | None = None,
    dask: str | None = None,
) -> BackfillSummary:
    """The library entry point: `parallel` chunks at a time, each parsing with `workers` processes."""
    request.check()
    with prefect_api():
        wait_for_api()
        runner: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=max(1, parallel))
        result = backfill.with_options(task_runner=runner)(  # type: ignore[arg-type]  # Prefect's generics
            request=request,
            output=output,
            parallel=parallel,
            workers=workers,
            batch_size=batch_size,
            fetch=fetch,
            quality=quality,
            dask=dask,
        )
        assert isinstance(result, BackfillSummary)  # a cancelled backfill raises Stopped
        return result
