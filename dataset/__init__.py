"""The Parquet dataset: staged batches, upsert by key and atomic, recoverable commits."""

from dataset.commit import commit_run
from dataset.files import DamagedFile
from dataset.load import duckdb_views, load, load_all, read_table
from dataset.runs import RunRow, completed_keys, read_runs
from dataset.staging import stage_batch
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
    "duckdb_views",
    "load",
    "load_all",
    "parsed_among",
    "read_runs",
    "read_table",
    "stage_batch",
]
