"""Table definitions (columns, Arrow types, checks) and the validation built from them."""

from schemas.tables import (
    ALL_TABLES,
    DATA_TABLES,
    DOCUMENTED_TABLES,
    FETCHES,
    PARTITION,
    QUESTIONS,
    REJECTS,
    RELATED_LINKS,
    REPLIES,
    RUNS,
    TABLES,
    Col,
    Table,
    month_of,
)
from schemas.validate import SEQ, Failure, Lineage, latest_valid_day, to_tables, validate

__all__ = [
    "ALL_TABLES",
    "DATA_TABLES",
    "DOCUMENTED_TABLES",
    "FETCHES",
    "PARTITION",
    "QUESTIONS",
    "REJECTS",
    "RELATED_LINKS",
    "REPLIES",
    "RUNS",
    "SEQ",
    "TABLES",
    "Col",
    "Failure",
    "Lineage",
    "Table",
    "latest_valid_day",
    "month_of",
    "to_tables",
    "validate",
]
