"""The one definition of every table: columns, Arrow types, checks and their documentation.

The Arrow schema the writer uses, the pandera schema the validator uses and the README's data
dictionary are all derived from the `Table` objects below, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pda
import pyarrow as pa

from parsers.checks import CHECKS

UTC_MICROS = pa.timestamp("us", tz="UTC")
_CONTROL = r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"  # control characters other than tab, newlines and form feed


@dataclass(frozen=True)
class Col:
    name: str
    type: pa.DataType
    doc: str
    required: bool = False
    allowed: tuple[str, ...] | None = None
    min_value: int | None = None
    max_value: int | None = None
    not_future: bool = False
    categorical: bool = False  # loaded as a pandas category (also every column with `allowed` values)

    @property
    def category(self) -> bool:
        return self.categorical or self.allowed is not None


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    key: tuple[str, ...]
    columns: tuple[Col, ...]
    # Row-level rules over several columns: name -> (description, function of the frame -> bool Series)
    rules: dict[str, tuple[str, Callable[[pd.DataFrame], pd.Series]]] = field(default_factory=dict)

    @property
    def arrow_schema(self) -> pa.Schema:
        """Each field carries its `description` in its metadata, so the Parquet files document themselves."""
        return pa.schema(
            [pa.field(c.name, c.type, nullable=not c.required, metadata={"description": c.doc}) for c in self.columns],
            metadata={"description": self.doc},
        )

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def pandera_schema(self, today: dt.date) -> pda.DataFrameSchema:
        """Checks as pandera runs them; `today` bounds dates so that none lies in the future."""
        cols = {}
        for c in self.columns:
            checks = []
            if c.allowed is not None:
                checks.append(pda.Check.isin(list(c.allowed)))
            if c.min_value is not None:
                checks.append(pda.Check.ge(c.min_value))
            if c.max_value is not None:
                checks.append(pda.Check.le(c.max_value))
            if pa.types.is_string(c.type):
                checks.append(
                    pda.Check(
                        lambda col: ~col.str.contains(_CONTROL, regex=True).fillna(False).astype(bool),
                        name="no_control_characters",
                        error="no_control_characters",
                    )
                )
            if c.not_future:
                # A named check, so the rejects reason does not change with the date.
                checks.append(
                    pda.Check(
                        lambda col, day=today: (col <= day).fillna(True), name="not_in_future", error="not_in_future"
                    )
                )
            cols[c.name] = pda.Column(pd.ArrowDtype(c.type), checks=checks, nullable=not c.required)
        rules = [pda.Check(fn, name=name, error=name) for name, (_desc, fn) in self.rules.items()]
        return pda.DataFrameSchema(cols, checks=rules, unique=list(self.key), strict=True, coerce=False)


def _lineage(what: str) -> tuple[Col, ...]:
    return (
        Col(
            "source",
            pa.string(),
            f"Where the page {what} came from was read: a file path or the URL fetched.",
            required=True,
        ),
        Col("run_id", pa.string(), "The pipeline run that wrote this row.", required=True),
        Col("fetched_at", UTC_MICROS, "When the page was fetched or read (UTC).", required=True),
        Col("raw_sha256", pa.string(), "SHA-256 of the raw page bytes, hex.", required=True),
        Col("parser_version", pa.string(), "Version of the parser that produced the row.", required=True),
    )


def _null_or(mask_cond: pd.Series, when: pd.Series) -> pd.Series:
    return (~when) | mask_cond.fillna(False).astype(bool)


QUESTIONS = Table(
    name="questions",
    doc="One row per Q&A page: the asker's question.",
    key=("question_id",),
    columns=(
        Col(
            "question_id",
            pa.string(),
            "Stable id: hash of the canonical URL; for a page with no URL, of its headline, title and asker line.",
            required=True,
        ),
        Col(
            "source_url",
            pa.string(),
            "Canonical URL (`<link rel=canonical>`, else the URL fetched, tracking "
            "parameters removed); null for a text snapshot.",
        ),
        Col(
            "page_title",
            pa.string(),
            "The headline without its trailing ` - <Department>`; null where the page shows no headline of its "
            "own (the site's second text layout opens with the asker's title).",
        ),
        Col("title", pa.string(), "The asker's question title.", required=True),
        Col(
            "department",
            pa.string(),
            "Department named at the end of the headline (or by a pill or the structured data); on a page with "
            "no headline, the first doctor line's.",
            categorical=True,
        ),
        Col("body", pa.string(), "The question text; lines joined with `\\n`."),
        Col("asker_name", pa.string(), "Name or nickname the asker gave."),
        Col(
            "asker_age_min",
            pa.int16(),
            "Lower bound of the asker's age range (`20~29` gives 20).",
            min_value=0,
            max_value=130,
        ),
        Col("asker_age_max", pa.int16(), "Upper bound of the asker's age range.", min_value=0, max_value=130),
        Col(
            "asker_gender",
            pa.string(),
            "`female` or `male`, as the page says (the site shows `female` on nearly every page, male askers "
            "included: it is the page's word, not a fact about the asker).",
            allowed=("female", "male"),
        ),
        Col("asked_on", pa.date32(), "The question's `Ask Date`.", required=True, not_future=True),
        Col(
            "source_format", pa.string(), "`html` or `text` (a text snapshot).", required=True, allowed=("html", "text")
        ),
        Col(
            "read_from",
            pa.string(),
            "How the question was read: `visible` (the page's visible text, checked against its structured data "
            "where it has any) or `structured_data` (the visible labels were not understood; the question and "
            "its answers come from the page's schema.org JSON-LD or microdata, each value found on the visible "
            "page, and the page has a `read_from_structured_data` warning).",
            required=True,
            allowed=("visible", "structured_data"),
        ),
        Col(
            "fields_compared",
            pa.int16(),
            "Fields of this page that its structured data (JSON-LD, microdata, og:title, breadcrumbs) also "
            "declares: a second witness; 0 on a page with none.",
            required=True,
            min_value=0,
        ),
        Col(
            "fields_confirmed",
            pa.int16(),
            "Of `fields_compared`, those where both witnesses say the same (each other one is a "
            "`witness_disagrees` warning).",
            required=True,
            min_value=0,
        ),
        Col(
            "removed_at",
            UTC_MICROS,
            "When the page was found gone (its URL answered 404 or 410): the rows are kept, and the "
            "`changes` table says `removed`. Null while the page is live; a later answer with the page "
            "brings it back (`restored`).",
        ),
        *_lineage("question"),
    ),
    rules={
        "age_range_ordered": (
            "asker_age_min <= asker_age_max",
            lambda df: (df["asker_age_min"] <= df["asker_age_max"]).fillna(True).astype(bool),
        ),
    },
)

REPLIES = Table(
    name="replies",
    doc="Doctors' replies and the page's 'More Info' article, in page order.",
    key=("reply_id",),
    columns=(
        Col("reply_id", pa.string(), "`<question_id>:<position>`.", required=True),
        Col("question_id", pa.string(), "The question replied to.", required=True),
        Col(
            "position",
            pa.int32(),
            "Order on the page, from 0: doctor replies, then `more_info`.",
            required=True,
            min_value=0,
        ),
        Col("kind", pa.string(), "`doctor` or `more_info`.", required=True, allowed=("doctor", "more_info")),
        Col("doctor_name", pa.string(), "The replying doctor, without `Dr.`; null for `more_info`."),
        Col("department", pa.string(), "The doctor's department; null for `more_info`.", categorical=True),
        Col(
            "body",
            pa.string(),
            "Reply text; lines joined with `\\n`, article paragraphs with a blank line.",
            required=True,
        ),
        Col("replied_on", pa.date32(), "`Reply Date`; null for `more_info`.", not_future=True),
        *_lineage("reply"),
    ),
    rules={
        "doctor_reply_names_a_doctor": (
            "a doctor reply has a doctor_name",
            lambda df: _null_or(df["doctor_name"].notna(), df["kind"] == "doctor"),
        ),
        "more_info_has_no_date": (
            "a more_info row has no replied_on",
            lambda df: _null_or(df["replied_on"].isna(), df["kind"] == "more_info"),
        ),
    },
)

RELATED_LINKS = Table(
    name="related_links",
    doc="'Similar Q&A' and 'Related FAQ' entries of a question's page.",
    key=("question_id", "kind", "position"),
    columns=(
        Col("question_id", pa.string(), "The page the link is on.", required=True),
        Col(
            "kind", pa.string(), "`similar_qa` or `related_faq`.", required=True, allowed=("similar_qa", "related_faq")
        ),
        Col("position", pa.int32(), "Order within its kind, from 0.", required=True, min_value=0),
        Col(
            "title",
            pa.string(),
            "The link's text: the linked page's headline (its `page_title`, not the asker's `title`), or a FAQ topic.",
            required=True,
        ),
        Col("url", pa.string(), "Absolute canonical URL of the link; null on a text snapshot."),
        Col(
            "target_question_id",
            pa.string(),
            "question_id of the linked page (same function as the "
            "question's), so `similar_qa` rows join to `questions` when the target was loaded.",
        ),
        Col("question_snippet", pa.string(), "Start of the linked question (similar_qa)."),
        Col("doctor_name", pa.string(), "Doctor of the linked reply (similar_qa)."),
        Col("department", pa.string(), "Doctor's department (similar_qa) or the FAQ's department.", categorical=True),
        Col("reply_snippet", pa.string(), "Start of the linked reply (similar_qa)."),
        *_lineage("link"),
    ),
)

WARNING_CHECKS = CHECKS

WARNINGS = Table(
    name="warnings",
    doc="Page self-checks: what a page shows that did not become rows, or became rows only by their shape. "
    "The page's rows still land; a warning says where the page and the parser disagree. The latest parse of "
    "each page, like its rows.",
    key=("question_id", "position"),
    columns=(
        Col("question_id", pa.string(), "The page's question.", required=True),
        Col("position", pa.int32(), "Order among the page's warnings, from 0.", required=True, min_value=0),
        Col(
            "check",
            pa.string(),
            "`section_empty` (a known label with no rows read under it), `entry_incomplete` (entries missing a "
            "part the others have, or a reply with no reply date), `section_unknown` (a heading the parser "
            "does not know: its entries read by "
            "their shape, or its text not read), `doctor_line_outside_reply` ('Dr. … reply …' lines in no reply "
            "and no section read), `read_more_outside_section` ('[Read More]' lines in no Similar Q&A section), "
            "`replies_unread` (replies the page shows or counts that were not read: 'Reply Date:' lines and no "
            "reply, '2 doctors replied' above the replies read, a login wall where they would be, a replies heading "
            "with none under it), "
            "`entries_capped` (a section with more entries than a page may give: the first 1,000 kept); per "
            "field: `department_unconfirmed`, `body_holds_asker`, `page_title_differs`, `witness_disagrees`, "
            "`read_from_structured_data`, `widget_text`, `order_by_style` (the page's CSS reorders boxes by a "
            "rule the parser cannot place: a part's positions may not be the order shown), `another_question` (another "
            "question's article below this one's, as an infinite scroll adds it: not read as this page's), "
            "`table_drawn_as_text` (text whose tables a text browser drew in box characters: every part read "
            "from it), `asker_unsure` (the asker line read is one the text quotes, or holds no date); in "
            "printed text: "
            "`column_unread`, "
            "`line_break_guessed` (the README's 'When the site changes' says what each means).",
            required=True,
            allowed=WARNING_CHECKS,
        ),
        Col(
            "section",
            pa.string(),
            "Part of the page concerned: `question`, `reply`, `more_info`, `similar_qa`, `related_faq`; null "
            "when unknown.",
            allowed=("question", "reply", "more_info", "similar_qa", "related_faq"),
        ),
        Col("detail", pa.string(), "What was seen and what was missing.", required=True),
        Col("source", pa.string(), "Where the page was read: a file path or the URL fetched.", required=True),
        Col("run_id", pa.string(), "The run that parsed the page.", required=True),
        Col("seen_at", UTC_MICROS, "When the page was fetched or read (UTC).", required=True),
        Col("parser_version", pa.string(), "Version of the parser that made the check.", required=True),
    ),
)

REJECTS = Table(
    name="rejects",
    doc="Every page that could not become valid rows, with the reason; the latest outcome per source.",
    key=("source",),
    columns=(
        Col("source", pa.string(), "File path or URL of the page.", required=True),
        Col(
            "stage",
            pa.string(),
            "Where it failed: `extract`, `parse` or `validate`.",
            required=True,
            allowed=("extract", "parse", "validate"),
        ),
        Col("reason", pa.string(), "Short, stable reason (group by it).", required=True, categorical=True),
        Col("detail", pa.string(), "What exactly was wrong, to help fix it."),
        Col("size_bytes", pa.int64(), "Size of the raw page."),
        Col("raw_sha256", pa.string(), "SHA-256 of the raw page, hex; null if it could not be read."),
        Col("run_id", pa.string(), "The run that rejected it.", required=True),
        Col("seen_at", UTC_MICROS, "When the page was read (UTC).", required=True),
        Col("parser_version", pa.string(), "Parser version that rejected it.", required=True),
    ),
)

FETCHES = Table(
    name="fetches",
    doc="The raw page store's index: one row per HTTP fetch (robots.txt, sitemaps and pages), newest last. "
    "Appended to, never rewritten; the response bodies are in `raw/*.warc.gz`.",
    key=("run_id", "warc_file", "url", "fetched_at"),
    columns=(
        Col("url", pa.string(), "The URL requested, as given or found.", required=True),
        Col(
            "canonical_url",
            pa.string(),
            "The requested URL in canonical form (the key that dedups fetches and finds the previous one).",
            required=True,
        ),
        Col("final_url", pa.string(), "The URL the body came from, after redirects."),
        Col(
            "kind",
            pa.string(),
            "`page`, `sitemap` or `robots`.",
            required=True,
            allowed=("page", "sitemap", "robots"),
        ),
        Col("status", pa.int16(), "HTTP status of the last try; null if no response came (see `error`)."),
        Col("fetched_at", UTC_MICROS, "When the last try ended (UTC).", required=True),
        Col("tries", pa.int16(), "Requests made for this fetch, retries included.", required=True, min_value=0),
        Col("content_sha256", pa.string(), "SHA-256 of the body (decoded), hex; null when none was stored."),
        Col("content_length", pa.int64(), "Bytes of the body (decoded)."),
        Col("content_type", pa.string(), "The response's Content-Type."),
        Col("etag", pa.string(), "The response's ETag, sent back as If-None-Match next time."),
        Col("last_modified", pa.string(), "The response's Last-Modified, sent back as If-Modified-Since next time."),
        Col("warc_file", pa.string(), "WARC file holding the response, relative to the output folder."),
        Col("warc_offset", pa.int64(), "Byte offset of the response record in `warc_file`."),
        Col("error", pa.string(), "Why the fetch failed (`reason: detail`), else null.", required=False),
        Col("run_id", pa.string(), "The run that fetched it.", required=True),
    ),
)

RUN_STATUSES = ("running", "completed", "degraded", "failed", "cancelled", "crashed")
DONE_STATUSES = ("completed", "degraded")  # the run's rows are in the tables

RUNS = Table(
    name="runs",
    doc="Run history: one row per pipeline run or backfill, written when it starts and again when it ends. "
    "A finished run's row is committed together with its rows, so `completed` means its data is in.",
    key=("run_id",),
    columns=(
        Col(
            "run_id",
            pa.string(),
            "The run (the Prefect flow run id); the `run_id` of the rows it wrote.",
            required=True,
        ),
        Col("flow", pa.string(), "`qa-etl` (a run) or `qa-etl-backfill`.", required=True),
        Col("parameters", pa.string(), "The run's parameters, as JSON.", required=True),
        Col(
            "idempotency_key",
            pa.string(),
            "For a backfill chunk: `<backfill id>/<chunk>`; a chunk with a completed run is not run again.",
        ),
        Col("parent_run_id", pa.string(), "For a backfill chunk: the backfill's run_id."),
        Col("started_at", UTC_MICROS, "When the run started (UTC).", required=True),
        Col("finished_at", UTC_MICROS, "When it ended (UTC); null while running or if it was killed."),
        Col(
            "status",
            pa.string(),
            "`running`, `completed`, `degraded` (completed, its rows are in, but its quality fell past a "
            "threshold against the recent runs: see `quality`), `failed` (an error, see `error`), `cancelled` "
            "(stopped by SIGINT or SIGTERM before its commit: none of its rows are in) or `crashed` (its process "
            "died: found by the next run).",
            required=True,
            allowed=RUN_STATUSES,
        ),
        Col("pages", pa.int64(), "Pages read (parsed, or rejected), including those of sub-runs.", min_value=0),
        Col("questions", pa.int64(), "Question rows the run produced.", min_value=0),
        Col("replies", pa.int64(), "Reply rows the run produced.", min_value=0),
        Col("related_links", pa.int64(), "Related-link rows the run produced.", min_value=0),
        Col("rejects", pa.int64(), "Pages the run rejected.", min_value=0),
        Col("warnings", pa.int64(), "Warning rows the run produced (page self-checks).", min_value=0),
        Col("questions_changed", pa.int64(), "Questions new or changed in the tables by this run.", min_value=0),
        Col("parser_version", pa.string(), "Parser version of the run.", required=True),
        Col("error", pa.string(), "Why a `failed` or `crashed` run stopped."),
        Col("pid", pa.int64(), "Process id of the run, with `host` to find it while it runs."),
        Col("host", pa.string(), "Host name the run ran on."),
    ),
)

QUALITY = Table(
    name="quality",
    doc="What each run measured of its own rows, against a baseline from the recent completed runs of the same "
    "output: field coverage, rows per page of each section and reply kind, reject and warning rates. One row "
    "per run and metric, written with the run's rows.",
    key=("run_id", "metric"),
    columns=(
        Col("run_id", pa.string(), "The run measured.", required=True),
        Col(
            "metric",
            pa.string(),
            "`coverage:<table>.<kind>.<field>` (share of non-null values), `rows_per_page:<table>.<kind>`, "
            "`reject_rate` (rejected / pages read) or `warning_rate` (pages with a warning / pages parsed).",
            required=True,
        ),
        Col("value", pa.float64(), "The run's value; null when the run had no rows to measure it on."),
        Col("baseline", pa.float64(), "Median of the same metric over the baseline runs; null without one."),
        Col("baseline_runs", pa.int32(), "How many runs the baseline was taken from.", required=True, min_value=0),
        Col("pages", pa.int64(), "Pages the run read (its sample size).", required=True, min_value=0),
        Col(
            "degraded",
            pa.bool_(),
            "True when the value is past its threshold against the baseline (see `reason`).",
            required=True,
        ),
        Col("reason", pa.string(), "Why the metric degraded, in words; null otherwise."),
        Col("measured_at", UTC_MICROS, "When the run was measured (UTC).", required=True),
    ),
)

CHANGE_KINDS = ("added", "changed", "removed", "restored", "merged")
CHANGED_PARTS = ("question", "replies", "related_links", "warnings")

CHANGES = Table(
    name="changes",
    doc="The change feed: one row per question and run that added, changed, removed, restored or merged it, "
    "written in "
    "the same commit as the rows. A page read again whose rows come out the same (new bytes, same content) "
    "is not a change.",
    key=("question_id", "run_id"),
    columns=(
        Col("question_id", pa.string(), "The question.", required=True),
        Col("run_id", pa.string(), "The run whose commit made the change.", required=True),
        Col(
            "change",
            pa.string(),
            "`added` (new to the tables), `changed` (its rows differ), `removed` (its page answered 404 or 410: "
            "rows kept, `questions.removed_at` set), `restored` (a removed question's page is back) or `merged` "
            "(a text snapshot of a page also held as HTML: its rows are not kept, the HTML question in "
            "`same_as` stands for it).",
            required=True,
            allowed=CHANGE_KINDS,
        ),
        Col(
            "parts",
            pa.string(),
            "For `changed`, and `restored` when the page came back different: which of `question`, `replies`, "
            "`related_links`, `warnings` differ, comma-separated (a question whose asked date moved to another "
            "month: `question`). Null otherwise.",
        ),
        Col("changed_at", UTC_MICROS, "When the commit happened (UTC).", required=True),
        Col("source", pa.string(), "The page read (or found gone): a file path or URL.", required=True),
        Col("same_as", pa.string(), "For `merged`: the question_id of the HTML question that stands for it."),
    ),
)

# Questions, replies and related links are partitioned by the month the question was asked, as Hive
# folders (`questions/asked_month=2024-01/part-0.parquet`): a query on a date range opens only its
# months, and joins between the three stay within a month. Within a month, questions are sorted by
# department, one row group each, so a filter on department skips the other row groups.
PARTITION = "asked_month"


def month_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


DATA_TABLES: tuple[Table, ...] = (QUESTIONS, REPLIES, RELATED_LINKS, WARNINGS)  # by month, a question's rows together
ALL_TABLES: tuple[Table, ...] = (*DATA_TABLES, REJECTS)  # the tables a run upserts
TABLES: dict[str, Table] = {t.name: t for t in ALL_TABLES}
DOCUMENTED_TABLES: tuple[Table, ...] = (*ALL_TABLES, CHANGES, RUNS, QUALITY, FETCHES)
