"""Judge a run's metrics against a baseline from the same output's recent completed runs.

Fixed thresholds ("at least 90 % of questions have an asker name") are wrong for someone: each
site, and each slice of one, has its own normal. The baseline is the median of each metric over
the last `window` completed runs of the output with at least `min_pages` pages; a run is degraded
when a metric moves past its threshold relative to that normal. A run with no baseline yet, or
too few pages to judge, is measured and stored but never degraded, with one exception: a metric
whose normal is known without history (`KNOWN_NORMAL`: a site is read from its visible labels, so
no question is read from structured data) is judged against that normal until a baseline exists.
A first run over a relaunch is then degraded, not silently the baseline of every later run.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

KNOWN_NORMAL: dict[str, float] = {"structured_data_rate": 0.0}


@dataclass(frozen=True)
class Thresholds:
    window: int = 5  # baseline runs: the last N completed runs
    min_pages: int = 20  # fewer pages than this: not judged (and not a baseline run)
    section_drop: float = 0.5  # rows per page of a section or reply kind fall by more than this share
    coverage_drop: float = 0.20  # a field's coverage falls by more than this (0.20: 20 points)
    reject_rate: float = 0.05  # the reject rate is over this ...
    reject_factor: float = 2.0  # ... and at least this many times the baseline's
    warning_rate: float = 0.05  # the share of pages with a warning is over this ...
    warning_factor: float = 2.0  # ... and at least this many times the baseline's
    witness_drop: float = 0.05  # the share of fields structured data confirms falls by more than this
    structured_rate: float = 0.05  # the share of questions read from structured data is over this ...
    structured_factor: float = 2.0  # ... and at least this many times the baseline's

    def check(self) -> None:
        """Raise ValueError for values that cannot mean anything."""
        if self.window < 1 or self.min_pages < 1:
            raise ValueError("the quality window and minimum pages must be at least 1")
        for name in ("section_drop", "coverage_drop", "reject_rate", "warning_rate", "witness_drop", "structured_rate"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"quality threshold {name} must be between 0 and 1")
        if self.reject_factor < 1 or self.warning_factor < 1 or self.structured_factor < 1:
            raise ValueError("quality factors must be at least 1")


@dataclass(frozen=True)
class MetricResult:
    metric: str
    value: float | None
    baseline: float | None
    degraded: bool = False
    reason: str | None = None


@dataclass
class Verdict:
    """A run's metrics, each against its baseline."""

    pages: int
    baseline_runs: list[str] = field(default_factory=list)
    results: list[MetricResult] = field(default_factory=list)
    judged: bool = False  # False: no baseline yet, or too few pages
    why_not_judged: str | None = None

    @property
    def degraded(self) -> bool:
        return any(r.degraded for r in self.results)

    @property
    def failing(self) -> list[MetricResult]:
        return [r for r in self.results if r.degraded]

    def describe(self) -> str:
        """One sentence: how the run's quality compares with its baseline."""
        if self.degraded and not self.judged:
            return f"degraded against the site's known normal ({self.why_not_judged}): {self.failing_summary()}"
        if not self.judged:
            return f"quality measured, not judged: {self.why_not_judged}"
        if not self.degraded:
            return f"quality within thresholds of the last {len(self.baseline_runs)} completed runs"
        return f"degraded: {self.failing_summary()}"

    def failing_summary(self) -> str:
        names = ", ".join(r.metric for r in self.failing[:3]) + (" …" if len(self.failing) > 3 else "")
        return f"{len(self.failing)} metrics past their thresholds ({names})"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _judge_one(metric: str, value: float | None, base: float | None, t: Thresholds) -> MetricResult:
    if value is None or base is None:
        return MetricResult(metric, value, base)
    reason = None
    if metric.startswith("rows_per_page:"):
        if base > 0 and value < base * (1 - t.section_drop):
            reason = f"rows per page fell from {base:.2f} to {value:.2f} (more than {_pct(t.section_drop)})"
    elif metric.startswith("coverage:"):
        if value < base - t.coverage_drop:
            drop = _pct(t.coverage_drop)
            reason = f"filled in {_pct(value)} of rows, down from {_pct(base)} (more than {drop} points)"
    elif metric == "reject_rate":
        if value > t.reject_rate and value >= t.reject_factor * base:
            limit = f"over {_pct(t.reject_rate)} and {t.reject_factor:g}×"
            reason = f"{_pct(value)} of pages rejected, against {_pct(base)} ({limit})"
    elif metric == "warning_rate":
        if value > t.warning_rate and value >= t.warning_factor * base:
            limit = f"over {_pct(t.warning_rate)} and {t.warning_factor:g}×"
            reason = f"{_pct(value)} of pages have a warning, against {_pct(base)} ({limit})"
    elif metric == "witness_confirmed":
        if value < base - t.witness_drop:
            drop = f"more than {_pct(t.witness_drop)} points"
            reason = f"structured data confirms {_pct(value)} of fields, down from {_pct(base)} ({drop})"
    elif metric == "structured_data_rate":
        if value > t.structured_rate and value >= t.structured_factor * max(base, 0.0):
            limit = f"over {_pct(t.structured_rate)} and {t.structured_factor:g}×"
            reason = f"{_pct(value)} of questions read from structured data, against {_pct(base)} ({limit})"
    return MetricResult(metric, value, base, reason is not None, reason)


def judge(
    metrics: Mapping[str, float | None],
    pages: int,
    history: Sequence[tuple[str, Mapping[str, float | None]]],
    thresholds: Thresholds,
) -> Verdict:
    """`history`: (run_id, metrics) of the eligible earlier runs, oldest first (completed, enough pages)."""
    recent = list(history)[-thresholds.window :]
    verdict = Verdict(pages, [run for run, _ in recent])
    baseline: dict[str, float | None] = {}
    for metric in metrics:
        values = [m[metric] for _, m in recent if m.get(metric) is not None]
        baseline[metric] = statistics.median(values) if values else None  # type: ignore[type-var]
    if pages < thresholds.min_pages:
        verdict.why_not_judged = f"{pages} pages, fewer than the {thresholds.min_pages} needed to judge"
    elif not recent:
        verdict.why_not_judged = "no baseline yet (no earlier completed run with enough pages)"
    else:
        verdict.judged = True
    for metric, value in metrics.items():
        if verdict.judged:
            verdict.results.append(_judge_one(metric, value, baseline[metric], thresholds))
        elif not recent and pages >= thresholds.min_pages and metric in KNOWN_NORMAL:
            verdict.results.append(_judge_one(metric, value, KNOWN_NORMAL[metric], thresholds))
        else:
            verdict.results.append(MetricResult(metric, value, baseline[metric]))
    return verdict
