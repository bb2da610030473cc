"""Reads that see one committed state: the readers' side of the commit generation.

A commit renames its files one at a time (a month replaced, another compacted and its old parts
deleted), so a reader listing and opening a table's files meanwhile may find one gone or mix the
states before and after. `consistent` reads while the generation is even and the same before and
after; otherwise (a file gone, a commit under way, one that ended meanwhile) it reads again. The
anchor is a seqlock, or Iceberg's snapshot check at commit time, from the reader's side.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dataset.files import DamagedFile, generation
from errors import OutputError

T = TypeVar("T")
PATIENCE = 60.0  # seconds of commits one after another a reader waits through before it gives up
_PAUSE = 0.02


def consistent(output: str | os.PathLike[str], read: Callable[[], T], *, unfinished_ok: bool = False) -> T:
    """`read()` of one committed state of `output`. A commit cut short (its journal left, no writer)
    raises OutputError, since the files mix two states until the next run finishes it, unless
    `unfinished_ok` (validate, which reports it)."""
    root = Path(output)
    started = time.monotonic()
    while True:
        before = generation(root)
        stable = before % 2 == 0
        if not stable and not _committing(root):
            if any(root.glob("_journal-*.json")):
                if unfinished_ok:
                    return read()
                raise OutputError(
                    f"{root} holds a commit that was cut short (its journal is there, no run is writing): its "
                    "tables mix two states until the next run or `qa-etl repair` finishes it; nothing was read"
                )
            stable = True  # killed before its journal, or after its last rename: the files are whole
        if stable:
            try:
                got = read()
            except (FileNotFoundError, DamagedFile):  # a file renamed or removed under the read?
                if generation(root) == before:
                    raise  # not a commit's doing: the files are as they are
            else:
                if generation(root) == before:
                    return got
        if time.monotonic() - started > PATIENCE:
            raise OutputError(
                f"{root} changed under every read for {PATIENCE:g} s (commits one after another): try again later"
            )
        time.sleep(_PAUSE)


def _committing(root: Path) -> bool:
    """Whether a run holds the output's commit lock now (a commit under way, not one cut short)."""
    try:
        fd = os.open(root / "_lock", os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
