"""A Prefect API for a run: the one configured, else a temporary local server started first thing.

Prefect starts such a temporary server by itself on first use, but only once the flow starts,
after every import, and it imports the whole server twice (~4 s before the first task). Started
here instead, it boots while the run imports its own code and starts its worker processes. It is
the same server app Prefect's own temporary server runs, but in a Prefect home of its own, a
temporary folder that goes with it: never the user's `~/.prefect`, whose database and UI are for
the user's own runs. Its database starts as a copy of one migrated once per Prefect version and
kept in qa-etl's cache folder (`$XDG_CACHE_HOME/qa-etl`, else `~/.cache/qa-etl`): migrating a new
database costs ~10 s at each start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_LOGGING_TO_API_ENABLED,
    get_current_settings,
    temporary_settings,
)

from engine import lifeline
from errors import EnvironmentFailure


class ServerError(EnvironmentFailure):
    """The temporary Prefect server did not come up; the message says why."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the server's process: end when the run's process ends, even by SIGKILL (no orphan server)."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


# Servers this process started, by API URL: lets wait_for_api() report a crashed server at once.
_started: dict[str, _Server] = {}


@contextmanager
def prefect_api() -> Iterator[str | None]:
    """Make sure a Prefect API is configured for the block: the user's, else a temporary local server.

    Returns at once (the server boots in the background); `wait_for_api()` waits until it answers.
    """
    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        yield None
        return
    import prefect

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    log = tempfile.TemporaryFile()
    home = Path(tempfile.mkdtemp(prefix="qa-etl-prefect-"))
    template = _template(prefect.__version__)
    fresh = not _copied(template, home / "prefect.db")
    env = {
        **os.environ,
        **settings.to_environment_variables(exclude_unset=True),
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    env.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(Path(prefect.__file__).parent.parent),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env=env,
        stdout=log,
        stderr=log,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        start_new_session=True,  # Ctrl-C in the terminal is the run's to handle: the server must outlive it
    )
    _started[url] = _Server(proc, log, home / "prefect.db", template if fresh else None)
    try:
        # Logs stay on the console: the temporary server's database goes with it, and a log shipped
        # after it stopped would print "--- Error logging to API ---".
        with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_LOGGING_TO_API_ENABLED: False}):
            yield url
    finally:
        del _started[url]
        _drain_events()  # sent while the server is up: at exit, they would fail loudly against nothing
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class _Server:
    proc: subprocess.Popen[bytes]
    log: IO[bytes]
    database: Path
    keep_as: Path | None  # where to keep its database once it answers: a template for the next starts


def _template(version: str) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qa-etl"
    return cache / f"prefect-{version}.db"


def _copied(template: Path, to: Path) -> bool:
    try:
        shutil.copyfile(template, to)
    except OSError:
        return False
    return True


def _keep_template(database: Path, template: Path) -> None:
    """The database of a server that just answered (migrated, nothing run on it yet), kept as the
    template for the next: a consistent copy (SQLite's backup), put in place whole. Best effort."""
    tmp = template.with_name(f".{template.name}.{os.getpid()}.tmp")
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(database)) as src, contextlib.closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
        tmp.replace(template)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            tmp.unlink()


_EVENT_LOGGERS = ("EventsWorker", "prefect.events.clients", "prefect._internal.concurrency")


def _drain_events() -> None:
    """Send the events still queued while the temporary server is up, quietly: its database goes
    with it, and an event it never got is worth no line on the console."""
    from prefect.events.worker import EventsWorker

    loggers = [logging.getLogger(name) for name in _EVENT_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        with contextlib.suppress(Exception):
            EventsWorker.drain_all(timeout=3, at_exit=True)
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


class _NoFailureTracebacks(logging.Filter):
    """Prefect logs a failed flow or task run with its traceback; the command line says the failure
    in one line itself, so those records stay off the console (QA_ETL_DEBUG=1 keeps them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


def quiet_failures() -> None:
    if os.environ.get("QA_ETL_DEBUG"):
        return
    for name in ("", "prefect", "prefect.flow_runs", "prefect.task_runs"):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, _NoFailureTracebacks) for f in handler.filters):
                handler.addFilter(_NoFailureTracebacks())


def wait_for_api() -> None:
    """Wait until the configured Prefect API answers, or raise ServerError saying what to do."""
    settings = get_current_settings()
    url = settings.api.url
    if not url:
        return  # Prefect will start its own temporary server
    url = url.rstrip("/")
    timeout = float(settings.server.ephemeral.startup_timeout_seconds)
    deadline = time.monotonic() + timeout
    started = _started.get(url)
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            lifeline.check()
            if started is not None and started.proc.poll() is not None:
                started.log.seek(0)
                tail = started.log.read().decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
                raise ServerError(f"the temporary Prefect server exited with code {started.proc.returncode}: {tail[0]}")
            try:
                if client.get(f"{url}/health").status_code == 200:
                    if started is not None and started.keep_as is not None:
                        _keep_template(started.database, started.keep_as)
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    what = "the temporary Prefect server" if started else f"the Prefect API at {url}"
    raise ServerError(
        f"{what} did not answer within {timeout:.0f} s; check PREFECT_API_URL "
        "or start a server with `prefect server start`"
    )
