"""The Parquet dataset: staged batches, upsert by key and atomic, recoverable commits."""

from dataset.commit import commit_run, stage_batch
from dataset.files import DamagedFile
from dataset.runs import RunRow, completed_keys, read_runs
from dataset.store import (
    RESOLVED,
    CommitSummary,
    Dataset,
    DatasetError,
    DatasetLocked,
    bucket_of,
    parsed_among,
)

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
    "parsed_among",
    "read_runs",
    "stage_batch",
]
