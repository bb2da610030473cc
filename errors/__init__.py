"""The one exception base of qa-etl, and the exit status each kind of failure maps to.

Every failure a user can cause or meet is a `QaEtlError` with a message fit for one line on
stderr; the command line maps them to exit statuses in one place (flows.cli.main):

    0  ok                 2  usage: bad arguments, sources, options
    1  output or environment: an output that cannot be written or read, a server out of reach
    3  degraded data: the run completed, its quality fell past a threshold
    130 / 143  stopped by SIGINT / SIGTERM

A page that cannot become rows is not a failure of the run: it is a `rejects` row.
"""

from __future__ import annotations

import os
from pathlib import Path


class QaEtlError(Exception):
    """A failure with a one-line message that says what to do; `exit_status` is the process's."""

    exit_status = 1


class UsageError(QaEtlError):
    """Bad arguments: a SOURCE, an option, a request that cannot be run."""

    exit_status = 2


class OutputError(QaEtlError):
    """An output folder that cannot be written or read as it is (damaged, locked, read-only, full)."""

    exit_status = 1


class DamagedFile(OutputError):
    """A file of the output that cannot be read (cut short, overwritten): named, with the way out."""

    def __init__(self, path: os.PathLike[str] | str, why: str) -> None:
        super().__init__(
            f"{path} is damaged ({why[:120]}); `qa-etl validate` lists every damaged file and "
            "`qa-etl repair` sets them aside and rebuilds what they held"
        )
        self.path = Path(path)
        self.why = why

    def __reduce__(self) -> tuple[object, ...]:  # raised in a worker process, it crosses back whole
        return (DamagedFile, (str(self.path), self.why))


class EnvironmentFailure(QaEtlError):
    """Something outside qa-etl: a Prefect server out of reach, an environment variable unusable."""

    exit_status = 1


class NothingFetched(EnvironmentFailure):
    """A crawl that reached no page at all: the site is down or moved, or every URL is off its fence.
    A failed run, not a completed one with a reject: a scheduled run of a dead site must not be green."""


class Stopped(QaEtlError):
    """The run was stopped by a signal; what it had parsed is committed or dropped as documented."""

    def __init__(self, signum: int, message: str) -> None:
        super().__init__(message)
        self.signum = signum
        self.exit_status = 128 + signum

    def __reduce__(self) -> tuple[object, ...]:
        return (Stopped, (self.signum, str(self)))


def is_stop(e: BaseException) -> bool:
    """A run ended by a signal: Stopped (the command line's handlers), Ctrl-C in a library call, or
    Prefect's cancellation of a flow run (its TerminationSignal): its row in `runs` says cancelled."""
    return isinstance(e, Stopped | KeyboardInterrupt) or type(e).__name__ == "TerminationSignal"


def inside(root: str | os.PathLike[str], relative: object, named_by: str) -> Path:
    """`root / relative`, resolved, if it stays inside `root`; else OutputError. A path read from a
    file (a journal, a plan, an index) is trusted only this way: a damaged or hostile file must not
    make a run touch anything outside its output folder."""
    if not isinstance(relative, str) or "\0" in relative or not relative:
        raise OutputError(
            f"{named_by} names {str(relative)[:80]!r}, which is not a path in the output folder: nothing was "
            f"touched; remove or repair {named_by} (see `qa-etl repair --help`)"
        )
    base = Path(root).resolve()
    path = (base / relative).resolve()
    if path != base and base not in path.parents:
        raise OutputError(
            f"{named_by} names {relative[:80]!r}, outside the output folder {root}: nothing was touched; "
            f"remove or repair {named_by} (see `qa-etl repair --help`)"
        )
    return path
