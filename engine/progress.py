"""How far a run is, and its stop, between the run and its batches.

A batch parses in a worker process or on a Dask worker: it sees neither the run's stop event nor the
terminal, and the run does not see its pages go by. Both go through the run's staging folder, which
every worker reads and writes at the same path: `_stop`, made when the run stops (each batch looks
for it between pages, so a stop takes a page's time, not a batch's), and `_beat/<batch>`, the pages
a batch has done and rejected, rewritten every few pages. The run reads the beats into rich's
progress bar on a terminal (`RunProgress`); piped, `--quiet` or `--json`, nothing is shown.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataset import Dataset

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

STOP = "_stop"
BEATS = "_beat"
STOP_EVERY = 4  # pages between looks for the stop (a stat: ~2 µs, against ~3 ms to parse a page)
BEAT_SECONDS = 0.25  # a batch's beat is rewritten at most this often


def stop_marker(output: str, run_id: str) -> Path:
    return Dataset(output).staging_dir(run_id) / STOP


def ask_batches_to_stop(output: str, run_id: str) -> None:
    """Batches under way stop at their next page (their work is not committed: the run is stopping)."""
    marker = stop_marker(output, run_id)
    with contextlib.suppress(OSError):  # (a full disk: the batches then run to their end, as before)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


class Beat:
    """A batch's side: `page(i, rejected)` before each page is True once the run has stopped (the
    batch then ends, staging nothing), and now and then says how far the batch is."""

    def __init__(self, output: str, run_id: str, batch_no: int) -> None:
        staging = Dataset(output).staging_dir(run_id)
        self._stop = staging / STOP
        self._file = staging / BEATS / f"{batch_no:06d}"
        self._next = time.monotonic() + BEAT_SECONDS

    def page(self, i: int, rejected: int) -> bool:
        if i % STOP_EVERY == 0 and self._stop.exists():
            return True
        now = time.monotonic()
        if now >= self._next:
            self._next = now + BEAT_SECONDS
            self._write(f"{i} {rejected}")
        return False

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError):  # a beat is for the eye: never worth a page
            self._file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._file.with_name(f".{self._file.name}.tmp")
            tmp.write_text(text)
            tmp.replace(self._file)


class RunProgress:
    """The run's side: a progress bar on stderr (pages fetched, parsed of those known, rejected, rate,
    time left), fed by the batches' beats while the run waits, and by each batch's summary when it is
    done. Off, it does nothing."""

    def __init__(self, output: str, run_id: str, *, show: bool) -> None:
        self._beats = Dataset(output).staging_dir(run_id) / BEATS
        self._show = show
        self._bar: Progress | None = None
        self._parse: TaskID | None = None
        self._fetch: TaskID | None = None
        self._total = 0
        self._done = 0  # pages of the batches done
        self._rejected = 0
        self._finished: set[int] = set()

    def __enter__(self) -> RunProgress:
        if self._show:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description:>8}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
                refresh_per_second=4,
            )
            self._bar.start()
            self._parse = self._bar.add_task("parsed", total=None, note="")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.stop()

    def listed(self, pages: int) -> None:
        """Pages handed to batches (files listed, or pages the crawl delivered)."""
        self._total += pages
        self.refresh()

    def fetched(self, done: int, known: int) -> None:
        """The crawl's count of URLs done, of those it knows of (it finds more as it goes)."""
        if self._bar is None:
            return
        if self._fetch is None:
            self._fetch = self._bar.add_task("fetched", total=known, note="URLs")
        self._bar.update(self._fetch, completed=done, total=known)

    def batch_done(self, batch_no: int, pages: int, rejected: int) -> None:
        self._finished.add(batch_no)
        self._done += pages
        self._rejected += rejected
        self.refresh()

    def refresh(self) -> None:
        if self._bar is None or self._parse is None:
            return
        running, rejected = 0, 0
        for beat in self._beats.iterdir() if self._beats.is_dir() else ():
            if beat.name.startswith(".") or int(beat.name) in self._finished:
                continue
            with contextlib.suppress(OSError, ValueError):
                done, bad = map(int, beat.read_text().split())
                running, rejected = running + done, rejected + bad
        total = self._total or None
        elapsed = self._bar.tasks[self._parse].elapsed or 0.0
        parsed = self._done + running
        rate = f" · {parsed / elapsed:,.0f} pages/s" if elapsed > 1 and parsed else ""
        note = f"pages · {self._rejected + rejected:,} rejected{rate}"
        self._bar.update(self._parse, completed=parsed, total=total, note=note)
