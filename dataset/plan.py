"""A commit's plan: which questions land, which leave or are found gone, and so which months each
data table must rewrite, decided from the staged rows and the question index before any write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from dataset import qindex
from dataset.changes import GONE_REASONS, Change, read_changes
from dataset.staging import PART, read_staged
from dataset.store import CommitSummary, Dataset
from schemas import QUESTIONS, REJECTS, SEQ


@dataclass
class MonthMerge:
    """What one month partition gets: the questions that leave it (replaced or moved) and the
    staged rows (by _seq) of the questions that land in it."""

    month: str
    remove: list[str] = field(default_factory=list)  # question_ids
    seqs: list[int] = field(default_factory=list)  # winning _seq of the staged questions
    tombstone: list[str] = field(default_factory=list)  # question_ids whose page was found gone
    at: dt.datetime | None = None  # the commit's time: removed_at of the tombstoned


@dataclass
class Plan:
    """What a commit does to the data tables, decided before any file is written."""

    months: list[MonthMerge]
    index: pa.Table  # the question index as it was
    landing: pa.Table  # index rows of the questions that land
    changes: list[Change]
    moved: set[str]  # landing questions whose asked date moved them to another month
    dropped: list[str]  # held text snapshots merged into their HTML question: their rows go


def plan_commit(ds: Dataset, run_id: str, summary: CommitSummary, at: dt.datetime) -> Plan | None:
    """Which questions change, and so which months must be rewritten.

    The page read last wins for each question; a page whose bytes and parser match the row the
    tables hold changes nothing (unless it was removed: it is back). A question whose asked date
    moved to another month leaves its old month, so each staged question is looked up first, in the
    question index (dataset.qindex). A page whose URL answered 404 or 410 in this run, and that no
    page of the run gave again, marks its question removed.
    """
    staging = ds.staging_dir(run_id)
    cols = ["question_id", SEQ, "raw_sha256", "parser_version", "source", "source_format", *qindex.KEY_COLUMNS]
    read = read_staged(staging, QUESTIONS.name, columns=cols)
    rejected = read_staged(staging, REJECTS.name, columns=["source", "reason", SEQ])
    if read is None and rejected is None:
        return None
    if read is None:  # only rejects: nothing lands, a 404 may still remove
        fields = {c: QUESTIONS.arrow_schema.field(c).type for c in cols if c != SEQ}
        read = pa.schema([*fields.items(), (SEQ, pa.int64()), (PART, pa.string())]).empty_table().select([*cols, PART])
    staged = read.rename_columns([*cols, "month"])
    winners = staged.group_by("question_id").aggregate([(SEQ, "max")]).column(f"{SEQ}_max")
    staged = staged.filter(pc.is_in(staged.column(SEQ), value_set=winners))
    staged = staged.append_column("content_key", qindex.content_keys(staged))
    parsed_sources = set(staged.column("source").to_pylist())
    gone: set[str] = set()
    if rejected is not None:
        latest: dict[str, tuple[int, str]] = {}
        for src, reason, seq in zip(*(rejected.column(c).to_pylist() for c in ("source", "reason", SEQ)), strict=True):
            if src not in latest or seq > latest[src][0]:
                latest[src] = (seq, reason)
        gone = {src for src, (_, reason) in latest.items() if reason in GONE_REASONS and src not in parsed_sources}

    index = qindex.current(ds)
    ids = staged.column("question_id")
    held = index.filter(pc.is_in(index.column("question_id"), value_set=ids))
    where = {r["question_id"]: r for r in held.to_pylist()}

    plans: dict[str, MonthMerge] = {}
    landing: list[dict[str, object]] = []
    changes: list[Change] = []
    moved: set[str] = set()
    merged = _merged_snapshots(index, staged)
    staged_ids = set(ids.to_pylist())
    dropped = [q for q in merged if q in where or q not in staged_ids]  # held: its rows go
    said = _merged_before(ds, merged) if merged else set()
    for q, (html, src) in merged.items():
        summary.merged_questions += 1
        if (q, html) not in said or q in dropped:  # each snapshot is merged once in the feed, not every run
            changes.append(Change(q, "merged", src, same_as=html))
    for r in index.filter(pc.is_in(index.column("question_id"), value_set=pa.array(dropped, pa.string()))).to_pylist():
        plans.setdefault(r["month"], MonthMerge(r["month"])).remove.append(r["question_id"])
    for row in staged.to_pylist():
        q, seq, h, v, src, month = (
            row[c] for c in ("question_id", SEQ, "raw_sha256", "parser_version", "source", "month")
        )
        if q in merged:
            continue
        old = where.get(q)
        if old is not None and (old["raw_sha256"], old["parser_version"]) == (h, v) and not old["removed"]:
            summary.unchanged_questions += 1
            continue
        summary.changed_questions += 1
        landing.append({"question_id": q, "month": month, "raw_sha256": h, "parser_version": v, "source": src,
                        "removed": False, "content_key": row["content_key"],
                        "text": row["source_format"] == "text"})  # fmt: skip
        plans.setdefault(month, MonthMerge(month)).seqs.append(seq)
        if old is None:
            changes.append(Change(q, "added", src))
            continue
        changes.append(Change(q, "restored" if old["removed"] else "changed", src, set()))
        plans.setdefault(old["month"], MonthMerge(old["month"])).remove.append(q)
        if old["month"] != month:
            moved.add(q)
    if gone:
        hit = index.filter(pc.is_in(index.column("source"), value_set=pa.array(sorted(gone), pa.string())))
        for r in hit.to_pylist():
            if r["removed"] or r["question_id"] in where:
                continue
            plans.setdefault(r["month"], MonthMerge(r["month"])).tombstone.append(r["question_id"])
            changes.append(Change(r["question_id"], "removed", r["source"]))
            summary.removed_questions += 1
    for p in plans.values():
        p.at = at
    landed = pa.Table.from_pylist(landing, qindex.SCHEMA)
    return Plan([plans[m] for m in sorted(plans)], index, landed, changes, moved, dropped)


def _merged_before(ds: Dataset, merged: dict[str, tuple[str, str]]) -> set[tuple[str, str]]:
    """(snapshot, HTML question) pairs the change feed already says were merged."""
    feed = read_changes(ds.root, columns=["question_id", "change", "same_as"])
    ids = pa.array(list(merged), pa.string())
    hit = feed.filter(pc.and_(pc.equal(feed.column("change"), "merged"), pc.is_in(feed.column("question_id"), ids)))
    return set(zip(hit.column("question_id").to_pylist(), hit.column("same_as").to_pylist(), strict=True))


def _merged_snapshots(index: pa.Table, staged: pa.Table) -> dict[str, tuple[str, str]]:
    """Text snapshots of pages that are also held (or staged) as HTML: question_id -> (the HTML
    question's id, the snapshot's source). HTML wins: it has the URLs, and a stable id."""
    staged_rows = staged.select(["question_id", "source", "source_format", "content_key"]).to_pylist()
    html = {r["content_key"]: r["question_id"] for r in staged_rows if r["source_format"] == "html"}
    keys = pa.array(sorted({r["content_key"] for r in staged_rows}), pa.string())
    near = index.filter(pc.is_in(index.column("content_key"), value_set=keys)).to_pylist()
    for r in near:
        if not r["text"]:
            html.setdefault(r["content_key"], r["question_id"])
    merged: dict[str, tuple[str, str]] = {}
    for r in staged_rows:
        if r["source_format"] == "text" and r["content_key"] in html:
            merged[r["question_id"]] = (html[r["content_key"]], r["source"])
    for r in near:  # snapshots loaded before their HTML page came
        if r["text"] and r["content_key"] in html and r["question_id"] not in merged:
            merged[r["question_id"]] = (html[r["content_key"]], r["source"])
    return merged
