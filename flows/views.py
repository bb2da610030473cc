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
        + (f"{s.unchanged} unchanged, not parsed, " if s.unchanged else "")
        + f"{s.rejected} rejected; "
        f"{s.commit.changed_questions} questions new or changed, "
        f"{s.commit.unchanged_questions} unchanged"
        + (f", {s.commit.removed_questions} removed (their pages are gone)" if s.commit.removed_questions else "")
        + (
            f", {s.commit.merged_questions} text snapshot(s) merged into their HTML page"
            if s.commit.merged_questions
            else ""
        )
        + f" -> {s.output}",
        highlight=False,
    )
    rows = Table("table", "rows from this run", "rows in dataset")
    staged = s.rows_from_run()
    for name, total in s.commit.rows.items():
        rows.add_row(name, str(staged[name]), str(total))
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


def print_runs(
    output: str, every: list[dict[str, Any]], shown: list[dict[str, Any]], status: str | None, errors: bool
) -> None:
    """`shown` (from `select_runs`: newest first, each backfill followed by its chunks) as a table."""
    console = _console()
    if not every:
        console.print(f"no runs in {output} yet", highlight=False)
        return
    if not shown:
        console.print(f"no {status} runs among the {len(every)} runs of {output}", highlight=False)
        return
    title = f"runs of {output} (times in UTC)"
    table = Table(title=title, title_justify="left", box=None, pad_edge=False, header_style="bold")
    for name in ("run", "what", "status", "started", "took", "pages", "questions", "rejects", "warnings"):
        numeric = name in ("took", "pages", "questions", "rejects", "warnings")
        table.add_column(name, no_wrap=True, justify="right" if numeric else "left")
    what = {"qa-etl": "run", "qa-etl-backfill": "backfill"}
    ids = {r["run_id"] for r in shown}
    for r in shown:
        chunk = r["parent_run_id"] in ids
        took = f"{(r['finished_at'] - r['started_at']).total_seconds():.1f}s" if r["finished_at"] else ""
        label = (
            f" chunk {int(str(r['idempotency_key']).rsplit('/', 1)[-1])}" if chunk else what.get(r["flow"], r["flow"])
        )
        table.add_row(
            str(r["run_id"])[:8], label, STATUS_STYLE.get(r["status"], r["status"]),
            _iso(r["started_at"]), took, str(r["pages"]), str(r["questions"]),
            str(r["rejects"]), "" if r.get("warnings") is None else str(r["warnings"]),
        )  # fmt: skip
    console.print(table)
    if errors:
        for r in shown:
            if r["error"]:
                console.print(f"{str(r['run_id'])[:8]} {r['status']}: {r['error']}", highlight=False)


def _iso(when: Any) -> str:
    """A UTC time as ISO 8601 to the minute: 2026-11-25T14:22Z (never a two-digit year)."""
    return f"{when:%Y-%m-%dT%H:%MZ}" if when is not None else ""


def print_run(output: str, run: dict[str, Any], chunks: list[dict[str, Any]], quality: list[dict[str, Any]]) -> None:
    """Everything the runs table holds about one run, one field per line, then its chunks and metrics."""
    console = _console()
    console.print(f"run {run['run_id']} of {output} (times in UTC)", highlight=False)
    width = max(len(k) for k in run)
    for key, value in run.items():
        text = f"{value:%Y-%m-%dT%H:%M:%SZ}" if hasattr(value, "strftime") and key.endswith("_at") else value
        console.print(f"  {key:<{width}}  {'' if text is None else text}", highlight=False, markup=False)
    if run["finished_at"]:
        console.print(f"  {'took':<{width}}  {(run['finished_at'] - run['started_at']).total_seconds():.1f} s")
    if chunks:
        console.print(f"chunks ({len(chunks)}):", highlight=False)
        for c in chunks:
            console.print(f"  {c['idempotency_key']}  {c['run_id']}  {c['status']}  {c['pages']} pages"
                          + (f"  {c['error']}" if c["error"] else ""), highlight=False, markup=False)  # fmt: skip
    failing = [q for q in quality if q["degraded"]]
    if quality:
        console.print(f"quality: {len(quality)} metrics measured, {len(failing)} past a threshold", highlight=False)
        for q in failing:
            console.print(f"  {q['metric']}: {q['reason']}", highlight=False, markup=False)


def _metric_order(metric: str) -> tuple[int, str]:
    kinds = ("reject_rate", "warning_rate", "structured_data_rate", "witness_confirmed", "rows_per_page:", "coverage:")
    return next(i for i, k in enumerate(kinds) if metric.startswith(k) or i == len(kinds) - 1), metric


def measured_runs(runs: list[dict[str, Any]], quality: pa.Table, limit: int) -> list[dict[str, Any]]:
    """The newest `limit` runs that have metrics, oldest first."""
    measured = set(quality.column("run_id").to_pylist())
    return [r for r in runs if r["run_id"] in measured][-limit:]


def print_quality(output: str, runs: list[dict[str, Any]], quality: pa.Table, limit: int, every: bool) -> None:
    """Metrics (rows) over the newest measured runs (columns, oldest left): how a site change shows."""
    console = _console()
    shown = measured_runs(runs, quality, limit)
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
        table.add_column(
            f"{str(r['run_id'])[:8]}\n{r['started_at']:%Y-%m-%d}\n{r['started_at']:%H:%MZ}\n{r['status']}",
            justify="right",
        )
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


def print_changes(
    output: str,
    matched: list[dict[str, Any]],
    limit: int,
    every: int,
    since: str | None,
    titles: dict[str, str],
) -> None:
    """The newest `limit` of the `matched` changes, oldest first, and how many of each kind matched."""
    console = _console()
    rows = matched[-limit:]
    after = f" since {since}" if since else ""
    if not every:
        console.print(f"no changes in {output} yet: a run records what its commit changes", highlight=False)
        return
    if not matched:
        console.print(f"no changes{after} among the {every} changes of {output}", highlight=False)
        return
    table = Table(title=f"changes of {output}{after} (times in UTC)", title_justify="left", box=None,
                  pad_edge=False, header_style="bold")  # fmt: skip
    for name in ("when", "change", "question", "title", "parts"):
        table.add_column(name, no_wrap=name != "title", overflow="fold")
    for r in rows:
        table.add_row(_iso(r["changed_at"]), r["change"], str(r["question_id"])[:12],
                      titles.get(r["question_id"], ""), r["parts"] or "")  # fmt: skip
    console.print(table)
    kinds: dict[str, int] = {}
    for r in matched:
        kinds[r["change"]] = kinds.get(r["change"], 0) + 1
    shown = f" (the newest {len(rows)} shown: --limit)" if len(rows) < len(matched) else ""
    counts = ", ".join(f"{n} {k}" for k, n in kinds.items())
    console.print(f"{len(matched)} changes{after}{shown}: {counts}", highlight=False)
