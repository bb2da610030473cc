"""Counts a batch's rows give, which add up across batches and runs into the run's metrics.

Counting happens where the rows are (in the worker that parsed the batch), so a run of any size
carries only a few dozen numbers to its commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

# Coverage is measured on the fields a page may lack (required ones never land empty: the page is
# rejected instead, which the reject rate measures), per table and kind of row.
FIELDS: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("questions", None): (
        "source_url", "department", "body", "asker_name", "asker_age_min", "asker_age_max", "asker_gender",
    ),
    ("replies", "doctor"): ("department", "replied_on"),
    ("related_links", "similar_qa"): ("url", "question_snippet", "doctor_name", "department", "reply_snippet"),
    ("related_links", "related_faq"): ("url", "department"),
}  # fmt: skip
# Rows per page are measured for each section and reply kind.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("replies", "doctor"),
    ("replies", "more_info"),
    ("related_links", "similar_qa"),
    ("related_links", "related_faq"),
)


def _subject(table: str, kind: str | None) -> str:
    return table if kind is None else f"{table}.{kind}"


def batch_counts(pages: int, rejected: int, tables: Mapping[str, pa.Table]) -> Counter[str]:
    """The counts one batch's valid rows give (`tables` as staged: questions, replies, ...)."""
    counts: Counter[str] = Counter({"pages": pages, "rejected": rejected})
    questions = tables.get("questions")
    counts["parsed"] = questions.num_rows if questions is not None else 0
    if questions is not None and questions.num_rows and "read_from" in questions.column_names:
        counts["read_from:structured_data"] = pc.sum(pc.equal(questions.column("read_from"), "structured_data")).as_py()
        counts["fields_compared"] = pc.sum(questions.column("fields_compared")).as_py() or 0
        counts["fields_confirmed"] = pc.sum(questions.column("fields_confirmed")).as_py() or 0
    warnings = tables.get("warnings")
    if warnings is not None and warnings.num_rows:
        counts["warned"] = len(pc.unique(warnings.column("question_id")))
        for check, n in Counter(warnings.column("check").to_pylist()).items():
            counts[f"warnings:{check}"] = n
    for (table, kind), fields in FIELDS.items():
        t = tables.get(table)
        if t is None or t.num_rows == 0:
            continue
        if kind is not None:
            t = t.filter(pc.equal(t.column("kind"), kind))
        subject = _subject(table, kind)
        counts[f"rows:{subject}"] += t.num_rows
        for name in fields:
            counts[f"filled:{subject}.{name}"] += t.num_rows - t.column(name).null_count
    for table, kind in SECTIONS:
        if (table, kind) in FIELDS:
            continue
        t = tables.get(table)
        if t is not None and t.num_rows:
            counts[f"rows:{_subject(table, kind)}"] += pc.sum(pc.equal(t.column("kind"), kind)).as_py() or 0
    return counts


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def metrics_of(counts: Mapping[str, int]) -> dict[str, float | None]:
    """A run's metrics from its summed counts; None where it had nothing to measure."""
    out: dict[str, float | None] = {}
    for (table, kind), fields in FIELDS.items():
        subject = _subject(table, kind)
        rows = counts.get(f"rows:{subject}", 0)
        for name in fields:
            out[f"coverage:{subject}.{name}"] = _ratio(counts.get(f"filled:{subject}.{name}", 0), rows)
    parsed = counts.get("parsed", 0)
    for table, kind in SECTIONS:
        subject = _subject(table, kind)
        out[f"rows_per_page:{subject}"] = _ratio(counts.get(f"rows:{subject}", 0), parsed)
    out["reject_rate"] = _ratio(counts.get("rejected", 0), counts.get("pages", 0))
    out["warning_rate"] = _ratio(counts.get("warned", 0), parsed)
    # The second witness: the share of fields structured data declares that the page confirms, and
    # the share of questions read from structured data (visible labels not understood).
    out["witness_confirmed"] = _ratio(counts.get("fields_confirmed", 0), counts.get("fields_compared", 0))
    out["structured_data_rate"] = _ratio(counts.get("read_from:structured_data", 0), parsed)
    return out
