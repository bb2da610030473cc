"""The Parquet dataset: staged batches, upsert by key and atomic, recoverable commits."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dataset.commit import commit_run
    from dataset.files import DamagedFile
    from dataset.loader import duckdb_views, load, load_all, read_table
    from dataset.runs import RunRow, completed_keys, read_runs
    from dataset.staging import stage_batch
    from dataset.store import RESOLVED, CommitSummary, Dataset, DatasetError, DatasetLocked, bucket_of, parsed_among

# Imported on first use (PEP 562): a worker process that needs one module of the package does not
# pay for the others (pandas, the commit's planner, ...).
_WHERE = {
    "commit_run": "dataset.commit",
    "DamagedFile": "dataset.files",
    "duckdb_views": "dataset.loader",
    "load": "dataset.loader",
    "load_all": "dataset.loader",
    "read_table": "dataset.loader",
    "RunRow": "dataset.runs",
    "completed_keys": "dataset.runs",
    "read_runs": "dataset.runs",
    "stage_batch": "dataset.staging",
    "RESOLVED": "dataset.store",
    "CommitSummary": "dataset.store",
    "Dataset": "dataset.store",
    "DatasetError": "dataset.store",
    "DatasetLocked": "dataset.store",
    "bucket_of": "dataset.store",
    "parsed_among": "dataset.store",
}

__all__ = [
    "RESOLVED",
    "CommitSummary",
    "DamagedFile",
    "Dataset",
    "DatasetError",
    "DatasetLocked",
    "RunRow",
    "bucket_of",
    "commit_run",
    "completed_keys",
    "duckdb_views",
    "load",
    "load_all",
    "parsed_among",
    "read_runs",
    "read_table",
    "stage_batch",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
