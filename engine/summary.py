"""What a run reports: its summary (the command line prints it, Prefect publishes it), and the
alert a degraded run posts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dataset import CommitSummary
from engine.steps import BatchSummary
from sources import PageRef
from sources.web import CrawlSummary

Page = PageRef | str  # a file path, or a reference to a WARC record or a failed fetch


def batched(items: list[Page], size: int) -> list[list[Page]]:
    it = iter(items)
    return [list(chunk) for chunk in iter(lambda: list(itertools.islice(it, size)), [])]


@dataclass
class RunSummary:
    run_id: str
    output: str
    pages: int = 0
    unchanged: int = 0  # pages read whose bytes and parser version the tables hold already: not parsed
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
        self.unchanged += batch.unchanged
        self.rows_staged.update(batch.rows)
        self.rejects.update(batch.rejects)
        self.counts.update(batch.counts)

    def rows_from_run(self) -> dict[str, int]:
        """Rows this run gave each table (rejects: its rejected pages), in the commit's table order."""
        staged = self.rows_staged
        return {name: self.rejected if name == "rejects" else staged.get(name, 0) for name in self.commit.rows}

    @property
    def status(self) -> str:
        return self.commit.status or "completed"

    def as_markdown(self) -> str:
        secs = (self.finished_at - self.started_at).total_seconds() if self.finished_at else 0.0
        lines = [
            f"# qa-etl run `{self.run_id}`",
            "",
            f"Pages read: **{self.pages}** in {secs:.1f} s ({self.unchanged} unchanged, not parsed); "
            f"rejected: **{self.rejected}**; "
            f"questions changed: {self.commit.changed_questions}, unchanged: {self.commit.unchanged_questions}.",
            "",
            "| table | rows from this run | rows in dataset |",
            "|---|---|---|",
        ]
        staged = self.rows_from_run()
        lines += [f"| {name} | {staged[name]} | {total} |" for name, total in self.commit.rows.items()]
        changes = self.commit.changes
        lines += [
            "",
            "**Headline:** "
            + f"{self.commit.rows.get('questions', 0)} questions in the dataset; this run "
            + ", ".join(f"{changes.get(k, 0)} {k}" for k in ("added", "changed", "removed", "restored"))
            + f" (`qa-etl changes {self.output}`). Charts: `qa-etl report {self.output}` writes "
            + f"`{Path(self.output) / 'report.html'}`.",
        ]
        if self.fetch:
            line = self.fetch.describe()
            lines += ["", line[0].upper() + line[1:] + "."]
        if self.rejects:
            lines += ["", "| stage | reason | pages |", "|---|---|---|"]
            lines += [f"| {s} | {r} | {n} |" for (s, r), n in sorted(self.rejects.items())]
        return "\n".join(lines)


def summary_dict(s: RunSummary) -> dict[str, object]:
    """The run as `qa-etl run --json` prints it: one JSON document, stable keys, ISO 8601 times."""
    verdict = s.commit.quality
    return {
        "run_id": s.run_id,
        "output": s.output,
        "status": s.status,
        "started_at": s.started_at,
        "finished_at": s.finished_at,
        "seconds": round((s.finished_at - s.started_at).total_seconds(), 3) if s.finished_at else None,
        "commit_seconds": round(s.commit.seconds, 3),
        "pages": s.pages,
        "pages_unchanged": s.unchanged,
        "rejected": s.rejected,
        "questions_changed": s.commit.changed_questions,
        "questions_unchanged": s.commit.unchanged_questions,
        "questions_removed": s.commit.removed_questions,
        "questions_merged": s.commit.merged_questions,
        "changes": dict(s.commit.changes),
        "rows_from_run": s.rows_from_run(),
        "rows_in_dataset": dict(s.commit.rows),
        "rejects": [{"stage": st, "reason": r, "pages": n} for (st, r), n in sorted(s.rejects.items())],
        "fetch": None if s.fetch is None else {**asdict(s.fetch), "failed": dict(s.fetch.failed)},
        "quality": None
        if verdict is None
        else {
            "degraded": verdict.degraded,
            "summary": verdict.describe(),
            "failing": [
                {"metric": r.metric, "baseline": r.baseline, "value": r.value, "reason": r.reason}
                for r in verdict.failing
            ],
        },
        "alert": s.alert_sent or s.alert_error,
    }


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
