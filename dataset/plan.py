"""A commit's plan: which questions land, which leave or are found gone, and so which months each
data table must rewrite, decided from the staged rows and the question index before any write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from dataset import qindex
from dataset.changes import GONE_REASONS, Change, read_changes
from dataset.staging import CONTENT_KEY, PART, read_staged
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
    added: pa.Table  # question_id, source of the landing questions new to the tables (most of a big run)
    changes: list[Change]  # the other changes: changed, restored, removed, merged
    moved: set[str]  # landing questions whose asked date moved them to another month
    dropped: list[str]  # held text snapshots merged into their HTML question: their rows go


def plan_commit(ds: Dataset, run_id: str, summary: CommitSummary, at: dt.datetime) -> Plan | None:
    """Which questions change, and so which months must be rewritten.

    The page read last wins for each question; a page whose bytes and parser match the row the
    tables hold changes nothing (unless it was removed: it is back). A question whose asked date
    moved to another month leaves its old month, so each staged question is looked up first, in the
    question index (dataset.qindex). A page whose URL answered 404 or 410 in this run, after any
    body of it the run read, marks its question removed: held, its rows stay; read from the raw
    page store in the same run (a reparse or a repair gives the last body, then the 404), it lands
    removed. Memory: columns, not a Python object per row, so a run of 100,000 pages plans in tens
    of megabytes.
    """
    staging = ds.staging_dir(run_id)
    cols = ["question_id", SEQ, "raw_sha256", "parser_version", "source", "source_format", CONTENT_KEY]
    read = read_staged(staging, QUESTIONS.name, columns=cols)
    rejected = read_staged(staging, REJECTS.name, columns=["source", "reason", SEQ])
    if read is None and rejected is None:
        return None
    if read is None:  # only rejects: nothing lands, a 404 may still remove
        fields = {
            c: pa.string() if c == CONTENT_KEY else QUESTIONS.arrow_schema.field(c).type for c in cols if c != SEQ
        }
        read = pa.schema([*fields.items(), (SEQ, pa.int64()), (PART, pa.string())]).empty_table().select([*cols, PART])
    staged = read.rename_columns([*cols, "month"])
    winners = staged.group_by("question_id").aggregate([(SEQ, "max")]).column(f"{SEQ}_max")
    staged = staged.filter(pc.is_in(staged.column(SEQ), value_set=winners))
    gone = _gone(rejected)  # source -> the seq of its last 404/410 in this run

    index = qindex.current(ds)
    ids = staged.column("question_id")
    held = index.filter(pc.is_in(index.column("question_id"), value_set=ids))
    where = {
        q: (m, h, v, bool(r))
        for q, m, h, v, r in zip(*(held.column(c).to_pylist() for c in
                                   ("question_id", "month", "raw_sha256", "parser_version", "removed")), strict=True)
    }  # fmt: skip

    plans: dict[str, MonthMerge] = {}
    changes: list[Change] = []
    moved: set[str] = set()
    merged = _merged_snapshots(index, staged)
    staged_ids = set(pc.filter(ids, pc.is_in(ids, value_set=pa.array(list(merged), pa.string()))).to_pylist())
    dropped = [q for q in merged if q in where or q not in staged_ids]  # held: its rows go
    said = _merged_before(ds, merged) if merged else set()
    for q, (html, src) in merged.items():
        summary.merged_questions += 1
        if (q, html) not in said or q in dropped:  # each snapshot is merged once in the feed, not every run
            changes.append(Change(q, "merged", src, same_as=html))
    for r in index.filter(pc.is_in(index.column("question_id"), value_set=pa.array(dropped, pa.string()))).to_pylist():
        plans.setdefault(r["month"], MonthMerge(r["month"])).remove.append(r["question_id"])

    lands: list[bool] = []
    removed_now: list[bool] = []
    added: list[bool] = []
    names = ("question_id", SEQ, "raw_sha256", "parser_version", "source", "month")
    rows = (  # a batch at a time: Python objects for 8,192 rows at most, whatever the run's size
        row
        for batch in staged.select(list(names)).to_batches(max_chunksize=8192)
        for row in zip(*(batch.column(i).to_pylist() for i in range(len(names))), strict=True)
    )
    for q, seq, h, v, src, month in rows:
        old = where.get(q)
        gone_after = gone.get(src, -1) > seq
        if q in merged or (old is not None and old[1:3] == (h, v) and old[3] == gone_after):
            lands.append(False)
            removed_now.append(False)
            added.append(False)
            if q not in merged:
                summary.unchanged_questions += 1
            continue
        summary.changed_questions += 1
        lands.append(True)
        removed_now.append(gone_after)
        added.append(old is None)
        plan = plans.setdefault(month, MonthMerge(month))
        plan.seqs.append(seq)
        if gone_after:
            plan.tombstone.append(q)
        if old is None:
            continue
        if gone_after and not old[3]:
            changes.append(Change(q, "removed", src))
            summary.removed_questions += 1
        elif not gone_after:
            changes.append(Change(q, "restored" if old[3] else "changed", src, set()))
        plans.setdefault(old[0], MonthMerge(old[0])).remove.append(q)
        if old[0] != month:
            moved.add(q)
    sources = staged.column("source")
    read_again = set(pc.filter(sources, pc.is_in(sources, value_set=pa.array(list(gone), pa.string()))).to_pylist())
    held_gone = {src for src in gone if src not in read_again}
    if held_gone:
        hit = index.filter(pc.is_in(index.column("source"), value_set=pa.array(sorted(held_gone), pa.string())))
        for r in hit.to_pylist():
            if r["removed"] or r["question_id"] in where:
                continue
            plans.setdefault(r["month"], MonthMerge(r["month"])).tombstone.append(r["question_id"])
            changes.append(Change(r["question_id"], "removed", r["source"]))
            summary.removed_questions += 1
    for p in plans.values():
        p.at = at
    land = staged.filter(pa.array(lands, pa.bool_()))
    landing = pa.table(
        [
            land.column("question_id"), land.column("month"), land.column("raw_sha256"),
            land.column("parser_version"), land.column("source"),
            pa.array([r for r, keep in zip(removed_now, lands, strict=True) if keep], pa.bool_()),
            land.column("content_key"), pc.equal(land.column("source_format"), "text"),
        ],
        schema=qindex.SCHEMA,
    )  # fmt: skip
    new = staged.filter(pa.array(added, pa.bool_())).select(["question_id", "source"])
    return Plan([plans[m] for m in sorted(plans)], index, landing, new, changes, moved, dropped)


def _gone(rejected: pa.Table | None) -> dict[str, int]:
    """Sources whose last reject of this run says the page is gone (404, 410), with its seq."""
    if rejected is None or rejected.num_rows == 0:
        return {}
    last = rejected.group_by("source").aggregate([(SEQ, "max")])
    latest = rejected.filter(pc.is_in(rejected.column(SEQ), value_set=last.column(f"{SEQ}_max")))
    hit = latest.filter(pc.is_in(latest.column("reason"), value_set=pa.array(sorted(GONE_REASONS), pa.string())))
    return dict(zip(hit.column("source").to_pylist(), hit.column(SEQ).to_pylist(), strict=True))


def _merged_before(ds: Dataset, merged: dict[str, tuple[str, str]]) -> set[tuple[str, str]]:
    """(snapshot, HTML question) pairs the change feed already says were merged."""
    feed = read_changes(ds.root, columns=["question_id", "change", "same_as"])
    ids = pa.array(list(merged), pa.string())
    hit = feed.filter(pc.and_(pc.equal(feed.column("change"), "merged"), pc.is_in(feed.column("question_id"), ids)))
    return set(zip(hit.column("question_id").to_pylist(), hit.column("same_as").to_pylist(), strict=True))


def _merged_snapshots(index: pa.Table, staged: pa.Table) -> dict[str, tuple[str, str]]:
    """Text snapshots of pages that are also held (or staged) as HTML: question_id -> (the HTML
    question's id, the snapshot's source). HTML wins: it has the URLs, and a stable id. Only the
    few rows whose keys meet are turned into Python objects."""
    is_text = pc.equal(staged.column("source_format"), "text")
    text = staged.filter(is_text)
    html = staged.filter(pc.invert(is_text))
    held_text = index.column("text")
    cols = ["question_id", "source", "content_key"]

    def rows(t: pa.Table) -> list[dict[str, str]]:
        return t.select(cols).to_pylist()

    text_keys = text.column("content_key")
    held_html = index.filter(pc.and_(pc.invert(held_text), pc.is_in(index.column("content_key"), value_set=text_keys)))
    near_html = [*rows(html.filter(pc.is_in(html.column("content_key"), value_set=text_keys))), *rows(held_html)]
    by_key: dict[str, str] = {}
    for r in near_html:
        by_key.setdefault(r["content_key"], r["question_id"])
    merged: dict[str, tuple[str, str]] = {}
    for r in rows(text.filter(pc.is_in(text.column("content_key"), value_set=pa.array(list(by_key), pa.string())))):
        merged[r["question_id"]] = (by_key[r["content_key"]], r["source"])
    html_keys = html.column("content_key")
    held_snapshots = index.filter(pc.and_(held_text, pc.is_in(index.column("content_key"), value_set=html_keys)))
    for r in rows(held_snapshots):
        if r["question_id"] not in merged:  # snapshots loaded before their HTML page came
            html_id = html.filter(pc.equal(html_keys, r["content_key"])).column("question_id")[0]
            merged[r["question_id"]] = (html_id.as_py(), r["source"])
    return merged
