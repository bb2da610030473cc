"""Parsed pages to typed Arrow tables, and the checks that decide which pages' rows are valid.

A page is all or nothing: if any of its rows fails a check, every row of that page is withheld
and the page becomes one `rejects` row naming the first failure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.pandas as pda
import pyarrow as pa
import pyarrow.compute as pc

from parsers.records import ParsedPage
from schemas.tables import QUESTIONS, RELATED_LINKS, REPLIES, WARNINGS, Table

SEQ = "_seq"  # page order within a run: the later page wins when two give the same question


@dataclass(frozen=True, slots=True)
class Lineage:
    source: str
    run_id: str
    fetched_at: dt.datetime
    raw_sha256: str
    parser_version: str
    seq: int


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str
    detail: str


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _rows(records: Iterable[Any], lineage: Lineage) -> list[dict[str, object]]:
    extra = {
        "source": lineage.source,
        "run_id": lineage.run_id,
        "fetched_at": lineage.fetched_at,
        "raw_sha256": lineage.raw_sha256,
        "parser_version": lineage.parser_version,
        SEQ: lineage.seq,
    }
    # Flat records: a field-by-field copy is ten times cheaper than dataclasses.asdict's deep copy.
    return [{**{f: getattr(r, f) for f in _fields(type(r))}, **extra} for r in records]


def _schema_with_seq(table: Table) -> pa.Schema:
    return table.arrow_schema.append(pa.field(SEQ, pa.int64(), nullable=False))


def to_tables(pages: list[tuple[ParsedPage, Lineage]]) -> dict[str, pa.Table]:
    """Arrow tables (with the `_seq` helper column) for a batch of parsed pages."""
    questions: list[dict[str, object]] = []
    replies: list[dict[str, object]] = []
    links: list[dict[str, object]] = []
    warnings: list[dict[str, object]] = []
    for page, lineage in pages:
        q = _rows([page.question], lineage)[0]
        q["source_format"] = page.template
        q["read_from"] = page.read_from
        q["fields_compared"] = page.fields_compared
        q["fields_confirmed"] = page.fields_confirmed
        questions.append(q)
        replies.extend(_rows(page.replies, lineage))
        links.extend(_rows(page.related_links, lineage))
        qid = page.question.question_id
        warnings.extend(
            {
                "question_id": qid,
                "position": n,
                "check": w.check,
                "section": w.section,
                "detail": w.detail,
                "source": lineage.source,
                "run_id": lineage.run_id,
                "seen_at": lineage.fetched_at,
                "parser_version": lineage.parser_version,
                SEQ: lineage.seq,
            }
            for n, w in enumerate(page.warnings)
        )
    return {
        QUESTIONS.name: pa.Table.from_pylist(questions, _schema_with_seq(QUESTIONS)),
        REPLIES.name: pa.Table.from_pylist(replies, _schema_with_seq(REPLIES)),
        RELATED_LINKS.name: pa.Table.from_pylist(links, _schema_with_seq(RELATED_LINKS)),
        WARNINGS.name: pa.Table.from_pylist(warnings, _schema_with_seq(WARNINGS)),
    }


def _frame(t: pa.Table) -> pd.DataFrame:
    return t.to_pandas(types_mapper=pd.ArrowDtype)


def _failures_from(table: Table, df: pd.DataFrame, err: pda.errors.SchemaErrors) -> list[Failure]:
    out = []
    cases = err.failure_cases
    for _, case in cases.iterrows():
        idx = case.get("index")
        column = case.get("column")
        check = str(case.get("check"))
        row_rule = case.get("schema_context") == "DataFrameSchema" and check in table.rules
        where = table.name if row_rule or not isinstance(column, str) else f"{table.name}.{column}"
        if idx is None or pd.isna(idx):
            rows = df.index  # a check on the whole column (e.g. a wrong type): every row of the batch
        else:
            rows = [int(idx)]
        for r in rows:
            source = df.at[r, "source"]
            value = case.get("failure_case")
            out.append(Failure(str(source), f"{where}: {check}", f"{where} = {value!r} fails {check}"))
    return out


def _cross_checks(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """Rules across tables: every reply and link points at a question; no reply before its question."""
    q = frames[QUESTIONS.name][["question_id", "asked_on"]]
    known = set(q["question_id"])
    out = []
    for name in (REPLIES.name, RELATED_LINKS.name, WARNINGS.name):
        df = frames[name]
        for _, row in df[~df["question_id"].isin(known)].iterrows():
            out.append(
                Failure(
                    row["source"],
                    f"{name}.question_id: no such question",
                    f"{name} row points at question {row['question_id']} not in the batch",
                )
            )
    r = frames[REPLIES.name]
    if len(r):
        joined = r[["question_id", "replied_on", "source"]].merge(q, on="question_id", how="inner")
        early = joined[(joined["replied_on"] < joined["asked_on"]).fillna(False).astype(bool)]
        for _, row in early.iterrows():
            out.append(
                Failure(
                    row["source"],
                    "replies.replied_on: before asked_on",
                    f"reply dated {row['replied_on']} precedes the question's {row['asked_on']}",
                )
            )
    return out


def latest_valid_day(now: dt.datetime | None = None) -> dt.date:
    """The latest date it can be anywhere on Earth (UTC+14): later dates are in the future."""
    now = now or dt.datetime.now(dt.UTC)
    return (now + dt.timedelta(hours=14)).date()


def validate(tables: dict[str, pa.Table], today: dt.date) -> tuple[dict[str, pa.Table], list[Failure]]:
    """Split a batch into the rows that pass every check and one Failure per failing page.

    Pages of one question (copies under other names: the same canonical URL) are checked one copy
    at a time, the page read last first: the question's rows are those of the last copy that passes,
    and every copy that fails is a Failure, whatever the order the copies came in."""
    layers = _copies_latest_first(tables)
    if len(layers) == 1:
        return _validate_once(layers[0], today)
    kept: list[dict[str, pa.Table]] = []
    failures: list[Failure] = []
    settled: set[str] = set()
    for layer in layers:
        valid, failed = _validate_once(layer, today)
        failures += failed
        ids = pa.array(sorted(set(valid[QUESTIONS.name].column("question_id").to_pylist()) - settled), pa.string())
        kept.append({name: t.filter(pc.is_in(t.column("question_id"), value_set=ids)) for name, t in valid.items()})
        settled.update(ids.to_pylist())
    return {name: pa.concat_tables([k[name] for k in kept]) for name in tables}, failures


def _copies_latest_first(tables: dict[str, pa.Table]) -> list[dict[str, pa.Table]]:
    """The batch as layers with one page per question each: the page read last of every question,
    then the one read before it, and so on (one layer where no question came twice)."""
    q = tables[QUESTIONS.name]
    seqs: dict[str, list[int]] = {}
    for qid, seq in zip(q.column("question_id").to_pylist(), q.column(SEQ).to_pylist(), strict=True):
        seqs.setdefault(qid, []).append(seq)
    depth = max((len(s) for s in seqs.values()), default=1)
    if depth == 1:
        return [tables]
    ordered = [sorted(s, reverse=True) for s in seqs.values()]
    layers = []
    for k in range(depth):
        wanted = pa.array([s[k] for s in ordered if len(s) > k], pa.int64())
        layers.append({name: t.filter(pc.is_in(t.column(SEQ), value_set=wanted)) for name, t in tables.items()})
    return layers


def _validate_once(tables: dict[str, pa.Table], today: dt.date) -> tuple[dict[str, pa.Table], list[Failure]]:
    frames = {name: _frame(t) for name, t in tables.items()}
    failures: list[Failure] = []
    for table in (QUESTIONS, REPLIES, RELATED_LINKS, WARNINGS):
        df = frames[table.name]
        try:
            table.pandera_schema(today).validate(df.drop(columns=[SEQ]), lazy=True)
        except pda.errors.SchemaErrors as err:
            failures.extend(_failures_from(table, df, err))
    failures.extend(_cross_checks(frames))
    if not failures:
        return tables, []
    first: dict[str, Failure] = {}
    details: dict[str, list[str]] = {}
    for f in failures:
        first.setdefault(f.source, f)
        details.setdefault(f.source, []).append(f.detail)
    bad = pa.array(sorted(first), pa.string())
    valid = {name: t.filter(pc.invert(pc.is_in(t.column("source"), value_set=bad))) for name, t in tables.items()}
    merged = [Failure(s, f.reason, "; ".join(dict.fromkeys(details[s]))[:2000]) for s, f in first.items()]
    return valid, merged
