"""The Parquet dataset: staged batches, upsert by key and atomic, recoverable commits."""

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
    "bucket_of",
    "commit_run",
    "parsed_sources",
    "stage_batch",
]
