"""Processes a run starts die with it, even when it is killed with SIGKILL (no orphan left holding
memory): each asks the kernel to kill it when its parent dies (Linux's PR_SET_PDEATHSIG).

The fork server imports `engine.lifeline_preload` (and nothing else does), and each worker calls
`die_with_parent` as its pool initializer: the fork server dies with the run, the workers with it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from errors import Stopped


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    if sys.platform != "linux":
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signum)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before the call: nobody will send the signal
        os._exit(1)


# ---- stopping on SIGINT / SIGTERM ------------------------------------------------------------------
# The first signal only takes note: it sets the stop event of every run under way (its crawl ends its
# requests, its batches not started are dropped) and the run raises Stopped at its next check, which
# comes within a fraction of a second wherever it waits; it commits nothing and its row says
# `cancelled`. Nothing is raised inside library code (Prefect, pydantic, pyarrow), and a commit that
# started runs to its end (its run then completes, and the exit status says so). A second signal
# exits at once: nothing visible is half-written, and the next run rolls forward a cut commit.
_state = {"signum": 0, "installed": 0}
_active: set[threading.Event] = set()
_NAMES = {signal.SIGINT: "SIGINT (Ctrl-C)", signal.SIGTERM: "SIGTERM"}
POLL = 0.2  # seconds between checks while waiting


def stopped_error(signum: int | None = None) -> Stopped:
    signum = signum or _state["signum"] or signal.SIGINT
    name = _NAMES.get(signal.Signals(signum), signal.Signals(signum).name)
    return Stopped(signum, f"stopped by {name}: nothing of this run was committed")


def _on_signal(signum: int, _frame: object) -> None:
    if _state["signum"]:  # the second signal: at once
        os.write(2, f"qa-etl: error: {second_signal_message(signum, bool(_active))}\n".encode())
        _quiet_resource_tracker()
        os._exit(128 + signum)
    _state["signum"] = signum
    for event in list(_active):  # no lock: a handler must not wait for the thread it interrupted
        event.set()


def second_signal_message(signum: int, under_way: bool) -> str:
    """What a second signal says. While a run is under way its row may still say `running` (shown
    `crashed`) or may just have been written `cancelled`; once the runs have ended (a Prefect server
    still stopping, say), the row says how the run ended."""
    name = _NAMES.get(signal.Signals(signum), signal.Signals(signum).name)
    if under_way:
        return (
            f"stopped at once by a second {name} while the run was stopping: `qa-etl runs` shows it crashed "
            "(or cancelled, if its row was written in time); the next run undoes what it left half-done"
        )
    return f"stopped at once by a second {name} after the run had stopped: `qa-etl runs` shows how it ended"


def _quiet_resource_tracker() -> None:
    """The resource tracker warns of the pool's semaphores when the run exits without closing them:
    end it first, it has nothing left to clean (the workers die with the run)."""
    from multiprocessing import resource_tracker

    pid = getattr(resource_tracker._resource_tracker, "_pid", None)
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def install_handlers() -> None:
    """Stop cleanly on SIGINT and SIGTERM (the command line calls it, in the main thread)."""
    _state["signum"] = 0
    _state["installed"] = 1
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)


def take_signals() -> None:
    """Put our handlers back where the orchestrator put its own (a Prefect flow run installs a SIGTERM
    handler that raises wherever the run is, a commit included). Only if ours were installed."""
    if _state["installed"] and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_signal)
        signal.signal(signal.SIGINT, _on_signal)


@contextlib.contextmanager
def run_stop() -> Iterator[threading.Event]:
    """The stop event of one run: set by a signal, or when the run fails (its fetching ends too)."""
    event = threading.Event()
    _active.add(event)
    if _state["signum"]:
        event.set()
    try:
        yield event
    except BaseException:
        event.set()
        raise
    finally:
        _active.discard(event)


def check() -> None:
    """Raise Stopped if a signal asked the runs to stop."""
    if _state["signum"]:
        raise stopped_error()


def _inner(future: Any) -> concurrent.futures.Future[Any]:
    """A concurrent.futures Future as it is, or the one a Prefect future of a thread pool wraps."""
    return getattr(future, "wrapped_future", future)


def wait(future: Any, on_poll: Callable[[], None] | None = None) -> None:
    """Wait for `future`, checking for a stop meanwhile (and calling `on_poll` at each check)."""
    inner = _inner(future)
    while not inner.done():
        check()
        if on_poll:
            on_poll()
        concurrent.futures.wait([inner], POLL)
    check()


def settle(futures: list[Any]) -> None:
    """Wait for every one of `futures` to end, however (a run that failed or stops, before its row
    says so). Not interrupted by a first signal; a second exits at once."""
    concurrent.futures.wait([_inner(f) for f in futures])


def ignore_stop_signals() -> None:
    """In a worker: the run decides when to stop, and its pool ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def worker_init() -> None:
    die_with_parent()
    ignore_stop_signals()
