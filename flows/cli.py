"""`qa-etl`: a thin command line over `flows.pipeline.run_pipeline`.

Bad arguments get one line on stderr and exit status 2; a run that cannot write its output,
exit status 1; a run that completes, rejected pages included, exit status 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from flows.pipeline import RunSummary

PROG = "qa-etl"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Extract pages of a medical Q&A site, parse them into questions, replies and related "
        "links, validate the rows and upsert them into Parquet tables.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    run = sub.add_parser(
        "run",
        help="run the pipeline on files and folders of pages",
        description="Run the pipeline: read every .html/.htm/.txt page in SOURCE (files or folders, searched "
        "recursively), parse and validate it, and upsert the rows into Parquet tables under --output: "
        "questions/, replies/, related_links/ and rejects/ (pages that could not become valid rows, "
        "with the reason). Running again on unchanged pages changes nothing; a changed page replaces "
        "its question's rows. Exit status 0 when the run completes, rejected pages included.",
        epilog="example: qa-etl run seeds/ --output output/   then   "
        "python -c \"import pandas as pd; print(pd.read_parquet('output/questions'))\"",
    )
    run.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="page file or folder of pages (default: the seeds/ folder shipped with qa-etl)",
    )
    run.add_argument(
        "--output",
        "-o",
        default="output",
        metavar="DIR",
        help="folder of the Parquet tables, created if missing (default: output)",
    )
    run.add_argument(
        "--batch-size",
        type=_positive,
        default=250,
        metavar="N",
        help="pages per task; each task is one unit of parallel work (default: 250)",
    )
    run.add_argument(
        "--workers",
        type=_positive,
        default=min(2, os.cpu_count() or 1),
        metavar="N",
        help="parallel worker processes for parsing (default: 2, or 1 on a one-core machine)",
    )
    run.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    return parser


def _print_summary(s: RunSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    secs = (s.finished_at - s.started_at).total_seconds() if s.finished_at else 0.0
    console.print(
        f"run {s.run_id}: {s.pages} pages read in {secs:.1f} s, {s.rejected} rejected; "
        f"{s.commit.changed_questions} questions new or changed, "
        f"{s.commit.unchanged_questions} unchanged -> {s.output}",
        highlight=False,
    )
    rows = Table("table", "rows from this run", "rows in dataset")
    for name, total in s.commit.rows.items():
        staged = s.rejected if name == "rejects" else s.rows_staged.get(name, 0)
        rows.add_row(name, str(staged), str(total))
    console.print(rows)
    if s.rejects:
        rej = Table("stage", "reason", "pages", title="rejected pages")
        for (stage, reason), n in sorted(s.rejects.items()):
            rej.add_row(stage, reason, str(n))
        console.print(rej)


def _cmd_run(args: argparse.Namespace) -> int:
    from sources import SourceError, check_sources

    if args.sources:
        try:
            check_sources(args.sources)
        except SourceError as e:
            print(f"{PROG}: error: {e}", file=sys.stderr)
            return 2
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        print(f"{PROG}: error: --output {out} is a file, not a folder", file=sys.stderr)
        return 2

    from flows.server import ServerError, prefect_api

    try:
        with prefect_api():  # started first, so the server boots while the pipeline's code imports
            from dataset import Dataset, DatasetError

            try:
                Dataset(out).check_unlocked()
                from flows.pipeline import run_pipeline

                summary = run_pipeline(
                    args.sources or None, output=str(out), batch_size=args.batch_size, workers=args.workers
                )
            except DatasetError as e:
                print(f"{PROG}: error: {e}", file=sys.stderr)
                return 1
    except ServerError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        _print_summary(summary)
    return 0


# A normal run prints no Prefect chatter or tracebacks, wherever it is started from (prefect.toml
# holds the same settings, but Prefect reads it only from the current folder). Explicit settings win.
QUIET_PREFECT = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
}


def main(argv: list[str] | None = None) -> int:
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if args.command == "run":
        return _cmd_run(args)
    parser.error(f"unknown command {args.command}")


if __name__ == "__main__":
    raise SystemExit(main())
