"""What the commands print: tables for people, built from what the library returns.

Kept apart from argument parsing (flows.cli) so each command stays a thin skin: parse, call the
library, print one of these.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from dataset.check import CheckReport
    from flows.pipeline import RunSummary
    from quality import Verdict

STATUS_STYLE = {
    "completed": "[green]completed",
    "degraded": "[yellow]degraded",
    "failed": "[red]failed",
    "cancelled": "[yellow]cancelled",
    "crashed": "[red]crashed",
}


def _console(stderr: bool = False) -> Console:
    """Piped or redirected, nothing is cut or wrapped to fit 80 columns: lines stay whole for grep."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, soft_wrap=True, width=None if stream.isatty() else 1000)


def print_summary(s: RunSummary) -> None:
    console = _console()
    secs = (s.finished_at - s.started_at).total_seconds() if s.finished_at else 0.0
    console.print(
        f"run {s.run_id}: {s.pages} pages read in {secs:.1f} s (commit {s.commit.seconds:.1f} s), "
        f"{s.rejected} rejected; "
        f"{s.commit.changed_questions} questions new or changed, "
        f"{s.commit.unchanged_questions} unchanged -> {s.output}",
        highlight=False,
    )
    rows = Table("table", "rows from this run", "rows in dataset")
    for name, total in s.commit.rows.items():
        staged = s.rejected if name == "rejects" else s.rows_staged.get(name, 0)
        rows.add_row(name, str(staged), str(total))
    console.print(rows)
    if s.fetch:
        f = s.fetch
        console.print(f.describe(), highlight=False)
        if f.failed:
            failed = Table("reason", "URLs", title="failed fetches")
            for reason, n in f.failed.most_common():
                failed.add_row(reason, str(n))
            console.print(failed)
    if s.rejects:
        rej = Table("stage", "reason", "pages", title="rejected pages")
        for (stage, reason), n in sorted(s.rejects.items()):
            rej.add_row(stage, reason, str(n))
        console.print(rej)
    verdict = s.commit.quality
    if verdict is not None:
        console.print(verdict.describe(), highlight=False)
        if verdict.degraded:
            print_verdict(verdict, console)


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    if metric.startswith("rows_per_page:"):
        return f"{value:.2f}"
    return f"{100 * value:.1f}%"


def print_verdict(verdict: Verdict, console: Console | None = None) -> None:
    """The metrics past their thresholds: metric, baseline, this run, why."""
    table = Table("metric", "baseline", "this run", "why", title="quality against the last "
                  f"{len(verdict.baseline_runs)} completed runs", title_justify="left")  # fmt: skip
    for r in verdict.failing:
        table.add_row(r.metric, _fmt(r.metric, r.baseline), _fmt(r.metric, r.value), r.reason or "")
    (console or _console()).print(table)


def print_check(report: CheckReport) -> None:
    console = _console()
    by_table = Table("table", "files", "rows", "problems", title=f"qa-etl validate {report.root}")
    for name, rows in report.rows.items():
        found = sum(1 for p in report.problems if p.table == name)
        by_table.add_row(name, str(report.files.get(name, 0)), str(rows), str(found))
    console.print(by_table)
    if report.ok:
        console.print("no problems found", highlight=False)
        return
    problems = Table("table", "check", "rows", "example", title="problems")
    for p in report.problems:
        problems.add_row(p.table, p.check, str(p.rows), p.example)
    console.print(problems)


def print_runs(output: str, rows: list[dict[str, Any]], status: str | None, limit: int, errors: bool) -> None:
    console = _console()
    if not rows:
        console.print("no runs yet", highlight=False)
        return
    every = rows
    if status:
        rows = [r for r in rows if r["status"] == status]
        if not rows:
            console.print(f"no {status} runs among the {len(every)} runs of {output}", highlight=False)
            return
    children: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["parent_run_id"]:
            children.setdefault(r["parent_run_id"], []).append(r)
    top = [r for r in rows if not r["parent_run_id"] or not any(p["run_id"] == r["parent_run_id"] for p in rows)]
    top = top[::-1][:limit]
    title = f"runs of {output} (times in UTC)"
    table = Table(title=title, title_justify="left", box=None, pad_edge=False, header_style="bold")
    for name in ("run", "what", "status", "started", "took", "pages", "questions", "rejects", "warnings"):
        numeric = name in ("took", "pages", "questions", "rejects", "warnings")
        table.add_column(name, no_wrap=True, justify="right" if numeric else "left")
    what = {"qa-etl": "run", "qa-etl-backfill": "backfill"}

    def add(r: dict[str, Any], chunk: bool = False) -> None:
        took = f"{(r['finished_at'] - r['started_at']).total_seconds():.1f}s" if r["finished_at"] else ""
        label = (
            f" chunk {int(str(r['idempotency_key']).rsplit('/', 1)[-1])}" if chunk else what.get(r["flow"], r["flow"])
        )
        table.add_row(
            str(r["run_id"])[:8], label, STATUS_STYLE.get(r["status"], r["status"]),
            f"{r['started_at']:%Y-%m-%d %H:%M}", took, str(r["pages"]), str(r["questions"]),
            str(r["rejects"]), "" if r.get("warnings") is None else str(r["warnings"]),
        )  # fmt: skip

    for r in top:
        add(r)
        for c in sorted(children.get(str(r["run_id"]), []), key=lambda c: str(c["idempotency_key"])):
            add(c, chunk=True)
    console.print(table)
    if errors:
        for r in rows:
            if r["error"]:
                console.print(f"{str(r['run_id'])[:8]} {r['status']}: {r['error']}", highlight=False)


def _metric_order(metric: str) -> tuple[int, str]:
    kinds = ("reject_rate", "warning_rate", "rows_per_page:", "coverage:")
    return next(i for i, k in enumerate(kinds) if metric.startswith(k) or i == len(kinds) - 1), metric


def print_quality(output: str, runs: list[dict[str, Any]], quality: pa.Table, limit: int, every: bool) -> None:
    """Metrics (rows) over the newest measured runs (columns, oldest left): how a site change shows."""
    console = _console()
    measured = set(quality.column("run_id").to_pylist())
    shown = [r for r in runs if r["run_id"] in measured][-limit:]
    if not shown:
        console.print(f"no measured runs in {output} yet: a run measures its quality when it commits", highlight=False)
        return
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for q in quality.to_pylist():
        cells[(q["run_id"], q["metric"])] = q
    newest = shown[-1]["run_id"]
    metrics = sorted({m for (run, m) in cells if run in {r["run_id"] for r in shown}}, key=_metric_order)
    title = f"quality of {output}: the last {len(shown)} measured runs, oldest first (! past a threshold)"
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("metric", no_wrap=True)
    for r in shown:
        table.add_column(f"{str(r['run_id'])[:8]}\n{r['started_at']:%m-%d %H:%M}\n{r['status']}", justify="right")
    table.add_column("baseline\n(newest)", justify="right")
    rows_added = 0
    for metric in metrics:
        values = [cells.get((r["run_id"], metric)) for r in shown]
        if not every and all(v is None or v["value"] is None for v in values):
            continue
        row = [metric]
        for v in values:
            if v is None:
                row.append("")
            else:
                text = _fmt(metric, v["value"])
                row.append(f"[red]{text} ![/red]" if v["degraded"] else text)
        base = cells.get((newest, metric))
        row.append(_fmt(metric, base["baseline"]) if base else "")
        table.add_row(*row)
        rows_added += 1
    console.print(table)
    failing = [q for q in quality.to_pylist() if q["run_id"] == newest and q["degraded"]]
    for q in failing:
        console.print(f"{str(newest)[:8]} {q['metric']}: {q['reason']}", highlight=False)
