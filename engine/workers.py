"""Where batches are parsed: in this process (one worker), in worker processes of this machine, or
on a Dask cluster. Each is a `concurrent.futures.Executor`, so the run does not care which."""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import forkserver
from typing import Any, TypeVar

from engine import lifeline

T = TypeVar("T")
GRACE_ENV = "QA_ETL_DASK_GRACE"
NO_WORKER_GRACE = 30.0  # seconds a Dask cluster may have no worker (a restart) before the run fails


class Inline(Executor):
    """One worker: run in the calling thread, no process to start."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        fut: Future[T] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as e:
            fut.set_exception(e)
        return fut


class _Pool(ProcessPoolExecutor):
    """Left by an exception (a stop, a failure), batches not started are dropped, not parsed."""

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        self.shutdown(wait=True, cancel_futures=exc_type is not None)


def worker_pool(workers: int) -> Executor:
    """Parsing is CPU-bound, so batches run in worker processes that import only the plain steps
    (not Prefect: a Prefect task runner's worker would start a Prefect server of its own)."""
    if workers <= 1:
        return Inline()
    start_fork_server()
    return _Pool(max_workers=workers, mp_context=_fork_context(), initializer=lifeline.worker_init)


def _fork_context() -> mp.context.ForkServerContext:
    # The resource tracker outlives a run killed with SIGKILL and would print a two-line
    # "leaked semaphore objects" warning on the terminal: its interpreter takes this from the
    # environment (a killed run's leftovers are cleaned up by the next run, not by the tracker).
    quiet = "ignore::UserWarning:multiprocessing.resource_tracker"
    given = os.environ.get("PYTHONWARNINGS", "")
    if quiet not in given:
        os.environ["PYTHONWARNINGS"] = f"{given},{quiet}" if given else quiet
    ctx = mp.get_context("forkserver")
    # Imported once by the fork server, not by every worker; the lifeline makes it die with the run.
    ctx.set_forkserver_preload(["engine.lifeline_preload", "engine.steps"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now (it imports the parsing code while the run does other things); it
    ignores SIGINT and SIGTERM (see engine.lifeline_preload). Does nothing if it runs already."""
    _fork_context()
    forkserver.ensure_running()


@contextlib.contextmanager
def executor_for(workers: int, dask: str | None = None) -> Iterator[Executor]:
    """The executor batches and merges run on: `workers` processes here, or a Dask cluster.

    `dask` is a scheduler's address (`tcp://host:8786`), or `local` / `local:N` for a cluster of N
    worker processes on this machine (default: `workers`). Dask workers must run the same qa-etl
    (its parser version is checked) and read and write the output folder at the same path.
    """
    if not dask:
        with worker_pool(workers) as pool:
            yield pool
        return
    grace = _grace()
    with _dask_client(dask, workers) as client:
        yield DaskExecutor(client, dask, grace)


def result_of(pool: Executor, fut: Future[T], stop: threading.Event | None = None) -> T:
    """A batch's result: a Dask cluster's is waited for with an end (see DaskExecutor.result)."""
    return pool.result(fut, stop) if isinstance(pool, DaskExecutor) else fut.result()


class DaskExecutor(Executor):
    """A Dask cluster's executor whose waits end. Tasks wait for a worker as long as it takes, so a
    cluster whose workers all died would hold the run for ever: once it has had no worker for
    `grace` seconds, a wait fails in one line; a run that is stopping stops waiting at once when no
    worker is left (nothing can be writing to the output then)."""

    def __init__(self, client: Any, address: str, grace: float) -> None:
        self._client, self._address, self._grace = client, address, grace
        self._inner = client.get_executor(pure=False)
        self._lock = threading.Lock()
        self._checked = 0.0
        self._since: float | None = None  # when the cluster was last seen without a worker
        self._unreachable = False  # the scheduler did not answer the last time it was asked

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return self._inner.submit(fn, *args, **kwargs)

    def map(
        self, fn: Callable[..., T], *iterables: Iterable[Any], timeout: float | None = None, chunksize: int = 1
    ) -> Iterator[T]:
        futures = [self.submit(fn, *args) for args in zip(*iterables, strict=False)]

        def results() -> Iterator[T]:
            try:
                for fut in futures:
                    yield self.result(fut)
            finally:
                for fut in futures:
                    fut.cancel()

        return results()

    def result(self, fut: Future[T], stop: threading.Event | None = None) -> T:
        try:
            return self._wait(fut, stop)
        except concurrent.futures.CancelledError:  # the client closed: the scheduler is gone
            raise self._scheduler_gone() from None

    def _scheduler_gone(self) -> Exception:
        from errors import EnvironmentFailure

        return EnvironmentFailure(
            f"the Dask scheduler at {self._address} went away while the run waited for it, and nothing was "
            "committed: start it again (and its workers) and run again"
        )

    def _wait(self, fut: Future[T], stop: threading.Event | None) -> T:
        while True:
            with contextlib.suppress(concurrent.futures.TimeoutError):
                return fut.result(timeout=1.0)
            if fut.done():
                return fut.result()
            gone = self.workerless_for()
            if gone is None:
                continue
            if stop is not None and stop.is_set():
                raise lifeline.stopped_error()
            if gone >= self._grace:
                from errors import EnvironmentFailure

                if self._unreachable:  # the scheduler itself does not answer: no worker could be asked
                    raise self._scheduler_gone()
                raise EnvironmentFailure(
                    f"the Dask cluster at {self._address} has had no worker for {self._grace:g} s "
                    f"(${GRACE_ENV}): its workers died or left, and nothing was committed; start workers with "
                    f"`dask worker {self._address}` and run again"
                )

    def workerless_for(self) -> float | None:
        """Seconds the cluster has had no worker, or None while it has one (asked at most once a second)."""
        now = time.monotonic()
        with self._lock:
            if now - self._checked >= 1.0:
                self._checked = now
                try:
                    workers = len(self._client.nthreads())
                    self._unreachable = self._client.status != "running"  # ("connecting": reconnecting)
                except Exception:  # the scheduler itself is gone: no worker it could hand a task to
                    workers, self._unreachable = 0, True
                if workers:
                    self._since = None
                elif self._since is None:
                    self._since = now
            return None if self._since is None else now - self._since


def _grace() -> float:
    text = os.environ.get(GRACE_ENV, "")
    try:
        grace = float(text) if text else NO_WORKER_GRACE
    except ValueError:
        grace = -1.0
    if not grace >= 0:
        from errors import UsageError

        raise UsageError(f"${GRACE_ENV}={text!r}: give the seconds a Dask cluster may have no worker (default 30)")
    return grace


@contextlib.contextmanager
def _dask_client(dask: str, workers: int) -> Iterator[Any]:
    import logging

    from distributed import Client, LocalCluster

    from errors import EnvironmentFailure, UsageError
    from parsers import PARSER_VERSION

    # distributed's and tornado's own log lines (a lost scheduler, a callback failing while the
    # client closes after a stop) are kept off stderr: the run says what happened in one line.
    known = [name for name in logging.root.manager.loggerDict if name.split(".")[0] in ("distributed", "tornado")]
    for name in {"distributed", "tornado", "tornado.application", *known}:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    cluster = None
    try:
        if dask == "local" or dask.startswith("local:"):
            n = dask.partition(":")[2]
            if n and not n.isdigit():
                raise UsageError(f"--dask {dask}: give local, local:N (N worker processes) or a scheduler address")
            cluster = LocalCluster(
                n_workers=int(n or workers), threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        else:
            client = _connect(Client, dask)
    except (OSError, TimeoutError) as e:
        raise EnvironmentFailure(
            f"the Dask scheduler at {dask} did not answer ({type(e).__name__}: {str(e)[:120]}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`, or use --dask local"
        ) from None
    try:
        try:
            versions = client.run(_parser_version)
        except Exception as e:  # the workers cannot even unpickle a function of qa-etl's
            raise EnvironmentFailure(
                f"the Dask workers at {dask} cannot run qa-etl ({type(e).__name__}: {str(e)[:120]}): install "
                "the same qa-etl on every worker"
            ) from None
        if not versions:
            raise EnvironmentFailure(f"the Dask cluster at {dask} has no worker: start one with `dask worker {dask}`")
        other = {w: v for w, v in versions.items() if v != PARSER_VERSION}
        if other:
            worker, version = next(iter(other.items()))
            raise EnvironmentFailure(
                f"Dask worker {worker} runs qa-etl's parser {version}, this run {PARSER_VERSION}: install the "
                "same qa-etl on every worker"
            )
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _connect(client_class: Any, address: str) -> Any:
    """A client of the scheduler at `address`, connected in a thread so that a stop is taken while
    it tries (up to 10 s for a scheduler that does not answer)."""
    box: dict[str, Any] = {}

    def connect() -> None:
        try:
            box["client"] = client_class(address, timeout="10s")
        except BaseException as e:  # (raised below, in the run's thread)
            box["error"] = e

    thread = threading.Thread(target=connect, name="qa-etl dask connect", daemon=True)
    thread.start()
    while thread.is_alive():
        lifeline.check()
        thread.join(lifeline.POLL)
    if "error" in box:
        raise box["error"]
    return box["client"]


def _parser_version() -> str:
    """Run on each Dask worker: which qa-etl it would parse with (or why it cannot)."""
    try:
        from parsers import PARSER_VERSION
    except ImportError as e:
        return f"none (qa-etl cannot be imported there: {e})"
    return PARSER_VERSION
