"""The Parquet dataset: staged batches, upsert by key and atomic, recoverable commits."""

from dataset.runs import RunRow, completed_keys, read_runs
from dataset.store import (
    RESOLVED,
    CommitSummary,
    Dataset,
    DatasetError,
    DatasetLocked,
    bucket_of,
    commit_run,
    parsed_sources,
    stage_batch,
)

__all__ = [
    "RESOLVED",
    "CommitSummary",
    "Dataset",
    "DatasetError",
    "DatasetLocked",
    "RunRow",
    "bucket_of",
    "commit_run",
    "completed_keys",
    "parsed_sources",
    "read_runs",
    "stage_batch",
]
