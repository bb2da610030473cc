"""Run-level quality monitoring: what each run's rows say about the parser's health, judged
against a baseline taken from the output's own recent runs (Spidermon's field-coverage monitors,
with thresholds relative to history instead of fixed numbers)."""

from quality.metrics import FIELDS, SECTIONS, batch_counts, metrics_of
from quality.monitor import MetricResult, Thresholds, Verdict, judge

__all__ = [
    "FIELDS",
    "SECTIONS",
    "MetricResult",
    "Thresholds",
    "Verdict",
    "batch_counts",
    "judge",
    "metrics_of",
]
