"""The work of one batch as a plain function (no Prefect), so it is tested and benchmarked directly.

extract (read) -> parse -> validate -> stage; returns a small summary, never rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from dataset import RESOLVED, stage_batch
from engine.progress import Beat
from parsers import PARSER_VERSION, ParseError, parse_page
from quality import batch_counts
from schemas import REJECTS, SEQ, Lineage, to_tables, validate
from sources import PageRef, read_page

SEQ_STRIDE = 1 << 24  # _seq = batch_no * SEQ_STRIDE + index: later batches win, like later pages


@dataclass
class BatchSummary:
    batch_no: int
    pages: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    rejects: Counter[tuple[str, str]] = field(default_factory=Counter)  # (stage, reason) -> pages
    unchanged: int = 0  # pages whose bytes the tables hold, read by this parser version: not parsed
    counts: Counter[str] = field(default_factory=Counter)  # for the run's quality metrics (quality.metrics)
    stopped: bool = False  # the run stopped while this batch was under way: it staged nothing


def process_batch(
    batch_no: int, pages: list[PageRef | str], *, output: str, run_id: str, buckets: int, today: dt.date
) -> BatchSummary:
    """Read, parse, validate and stage one batch of pages (file paths or PageRefs). A bad page never
    raises; a stop of the run ends it at the next page, staging nothing (engine.progress)."""
    summary = BatchSummary(batch_no, pages=len(pages))
    parsed = []
    rejects: list[dict[str, object]] = []

    sizes: dict[str, int] = {}

    def reject(
        source: str,
        stage: str,
        reason: str,
        detail: str,
        raw: bytes | None,
        seen: dt.datetime,
        seq: int,
        sha: str | None = None,
    ) -> None:
        rejects.append(
            {
                "source": source,
                "stage": stage,
                "reason": reason,
                "detail": detail or None,
                "size_bytes": len(raw) if raw is not None else sizes.get(source),
                "raw_sha256": sha if sha is not None or raw is None else hashlib.sha256(raw).hexdigest(),
                "run_id": run_id,
                "seen_at": seen,
                "parser_version": PARSER_VERSION,
                SEQ: seq,
            }
        )
        summary.rejects[(stage, reason)] += 1

    beat = Beat(output, run_id, batch_no)
    for i, ref in enumerate(pages):
        if beat.page(i, len(rejects)):  # the run stopped: nothing of this batch is wanted
            summary.stopped = True
            return summary
        seq = batch_no * SEQ_STRIDE + i
        page = read_page(ref)
        if page.data is None:
            reason, _, detail = (page.error or "unreadable").partition(": ")
            reject(page.source, "extract", reason, detail, None, page.fetched_at, seq)
            continue
        sha = hashlib.sha256(page.data).hexdigest()
        if isinstance(ref, PageRef) and ref.held == sha:  # the same bytes, the same parser: the same rows
            summary.unchanged += 1
            continue
        try:
            result = parse_page(page.data, url=page.url, name=page.source, charset=page.charset)
        except ParseError as e:
            reject(page.source, "parse", e.reason, e.detail, page.data, page.fetched_at, seq, sha)
            continue
        except Exception as e:  # a parser bug must cost one page, not the run
            why = f"{type(e).__name__}: {e}"
            reject(page.source, "parse", "parser error", why, page.data, page.fetched_at, seq, sha)
            continue
        sizes[page.source] = len(page.data)
        parsed.append((result, Lineage(page.source, run_id, page.fetched_at, sha, PARSER_VERSION, seq)))

    tables, failures = validate(to_tables(parsed), today)
    lineage = {lin.source: lin for _, lin in parsed}
    for f in failures:
        lin = lineage[f.source]
        reject(f.source, "validate", f.reason, f.detail, None, lin.fetched_at, lin.seq, lin.raw_sha256)

    reject_schema = REJECTS.arrow_schema.append(pa.field(SEQ, pa.int64()))
    tables[REJECTS.name] = pa.Table.from_pylist(rejects, reject_schema)
    tables[RESOLVED] = pa.table({"source": tables["questions"].column("source")})
    stage_batch(Path(output), run_id, buckets, batch_no, tables)
    summary.rows = {name: t.num_rows for name, t in tables.items() if name not in (REJECTS.name, RESOLVED)}
    summary.counts = batch_counts(len(pages) - summary.unchanged, len(rejects), tables)
    return summary
