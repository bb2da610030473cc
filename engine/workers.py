"""Where batches are parsed: in this process (one worker), in worker processes of this machine, or
on a Dask cluster. Each is a `concurrent.futures.Executor`, so the run does not care which."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import forkserver
from typing import Any, TypeVar

from engine import lifeline

T = TypeVar("T")


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
    ctx = mp.get_context("forkserver")
    # Imported once by the fork server, not by every worker; the lifeline makes it die with the run.
    ctx.set_forkserver_preload(["engine.lifeline_preload", "engine.steps"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now (it imports the parsing code while the run does other things); it
    ignores SIGINT and SIGTERM (see engine.lifeline_preload). Does nothing if it runs already."""
    _fork_context()
    forkserver.ensure_running()
