"""`qa-etl`: a thin command line over `flows.pipeline.run_pipeline`.

Bad arguments get one line on stderr and exit status 2; a run that cannot write its output,
exit status 1; a run that completes, rejected pages included, exit status 0; a run that completes
but whose quality fell past a threshold (degraded: its rows are in), exit status 3.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flows.cli_common import (
    PROG,
    Parser,
    date_arg,
    error,
    examples,
    host,
    on_prefect,
    plain_logging,
    positive,
    seconds,
)
from flows.cli_output import COMMANDS as OUTPUT_COMMANDS
from flows.cli_output import add_commands as add_output_commands
from sources.options import CONTACT_ENV, FetchOptions
from sources.options import VERSION as FETCHER_VERSION

if TYPE_CHECKING:
    from flows.backfill import BackfillSummary
    from flows.pipeline import RunSummary
    from quality import Thresholds


def _add_run_options(p: argparse.ArgumentParser, workers: int | None = None, plain: bool = True) -> None:
    p.add_argument(
        "--output",
        "-o",
        default="output",
        metavar="DIR",
        help="folder of the Parquet tables and the raw page store, created if missing (default: output)",
    )
    p.add_argument(
        "--batch-size",
        type=positive,
        default=1000,
        metavar="N",
        help="pages per task; each task is one unit of parallel work (default: 1000)",
    )
    p.add_argument(
        "--workers",
        type=positive,
        default=workers or min(2, os.cpu_count() or 1),
        metavar="N",
        help=f"worker processes for parsing, per run; 1 parses in the run's own thread (default: "
        f"{workers or '2, or 1 on a one-core machine'})",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="parse the batches on a Dask cluster: a scheduler's address (tcp://host:8786), or local / local:N "
        "for N worker processes on this machine. Dask workers run the same qa-etl and read and write --output "
        "at the same path; the commit happens here (see the README: Scaling out)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    if plain:
        p.add_argument(
            "--json", action="store_true", help="print the run's summary as one JSON document (errors stay on stderr)"
        )
        _add_engine_choice(p)
    _add_quality_options(p)


def _add_engine_choice(p: argparse.ArgumentParser) -> None:
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--prefect",
        dest="prefect",
        action="store_true",
        default=None,
        help="run as a Prefect flow (the default when a Prefect API is configured: PREFECT_API_URL, or the "
        "active Prefect profile); with none, a temporary local Prefect server is started for the run",
    )
    how.add_argument(
        "--no-prefect",
        dest="prefect",
        action="store_false",
        help="run the plain engine in this process, no Prefect (the default with no Prefect API configured)",
    )


def _share(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a share (0.2 or 20%): {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (or 0% and 100%): {text}")
    return value


def _add_quality_options(p: argparse.ArgumentParser) -> None:
    from quality import Thresholds

    d = Thresholds()
    g = p.add_argument_group(
        "quality monitor",
        "Each run measures its rows (field coverage, rows per page of each section, reject and warning rates) "
        "against the median of the output's last completed runs. Past a threshold the run is degraded: its rows "
        "still commit, `runs` says degraded, the exit status is 3 and the alert is sent.",
    )
    g.add_argument(
        "--quality-window", type=positive, default=d.window, metavar="N",
        help=f"baseline: the last N completed runs with enough pages (default: {d.window})",
    )  # fmt: skip
    g.add_argument(
        "--quality-min-pages", type=positive, default=d.min_pages, metavar="N",
        help=f"runs with fewer pages are measured but not judged, nor used as baseline (default: {d.min_pages})",
    )  # fmt: skip
    g.add_argument(
        "--max-section-drop", type=_share, default=d.section_drop, metavar="SHARE",
        help=f"degraded when a section's rows per page fall by more than this share: 0.5 or 50%% "
        f"(default: {d.section_drop:g})",
    )  # fmt: skip
    g.add_argument(
        "--max-coverage-drop", type=_share, default=d.coverage_drop, metavar="SHARE",
        help=f"degraded when a field's coverage (share of rows where it is filled) falls by more than this: 0.2 or "
        f"20%% means 20 points (default: {d.coverage_drop:g})",
    )  # fmt: skip
    g.add_argument(
        "--max-reject-rate", type=_share, default=d.reject_rate, metavar="SHARE",
        help=f"degraded when over this share of pages is rejected (0.05 or 5%%), and at least {d.reject_factor:g}x "
        f"the baseline's (default: {d.reject_rate:g})",
    )  # fmt: skip
    g.add_argument(
        "--max-warning-rate", type=_share, default=d.warning_rate, metavar="SHARE",
        help=f"degraded when over this share of pages has a warning (0.05 or 5%%), and at least "
        f"{d.warning_factor:g}x the baseline's (default: {d.warning_rate:g})",
    )  # fmt: skip
    g.add_argument(
        "--max-witness-drop", type=_share, default=d.witness_drop, metavar="SHARE",
        help=f"degraded when the share of fields the pages' structured data confirms falls by more than this: "
        f"0.05 or 5%% means 5 points (default: {d.witness_drop:g})",
    )  # fmt: skip
    g.add_argument(
        "--max-structured-rate", type=_share, default=d.structured_rate, metavar="SHARE",
        help=f"degraded when over this share of questions is read from structured data because the visible labels "
        f"were not understood (0.05 or 5%%), and at least {d.structured_factor:g}x the baseline's "
        f"(default: {d.structured_rate:g})",
    )  # fmt: skip
    g.add_argument(
        "--notify", metavar="URL",
        help="POST a JSON alert to this webhook when the run is degraded (default: $QA_ETL_NOTIFY_URL); "
        "the URL is never stored or printed",
    )  # fmt: skip


def _thresholds(args: argparse.Namespace) -> Thresholds:
    from quality import Thresholds

    return Thresholds(
        window=args.quality_window,
        min_pages=args.quality_min_pages,
        section_drop=args.max_section_drop,
        coverage_drop=args.max_coverage_drop,
        reject_rate=args.max_reject_rate,
        warning_rate=args.max_warning_rate,
        witness_drop=args.max_witness_drop,
        structured_rate=args.max_structured_rate,
    )


def _set_notify(args: argparse.Namespace) -> tuple[str, int] | None:
    """Hand --notify to the flow through the environment (never as a parameter, which Prefect stores);
    returns why the URL (or $QA_ETL_NOTIFY_URL's) is unusable, and the exit status, if it is."""
    from quality.alerts import NOTIFY_ENV, check_url

    if args.notify is None:
        env = os.environ.get(NOTIFY_ENV)
        problem = check_url(env, f"${NOTIFY_ENV}") if env else None
        return (problem, 1) if problem else None
    problem = check_url(args.notify)
    if problem is None:
        os.environ[NOTIFY_ENV] = args.notify
        return None
    return problem, 2


def _add_fetch_options(p: argparse.ArgumentParser) -> None:
    d = FetchOptions()
    g = p.add_argument_group("fetching (for URL sources)")
    g.add_argument(
        "--concurrency",
        type=positive,
        default=d.concurrency,
        metavar="N",
        help=f"requests in flight per host, at most (default: {d.concurrency})",
    )
    g.add_argument(
        "--delay",
        type=seconds,
        default=d.delay,
        metavar="SECONDS",
        help=f"time between request starts to a host; a larger robots.txt Crawl-delay wins (default: {d.delay:g})",
    )
    g.add_argument(
        "--timeout",
        type=seconds,
        default=d.timeout,
        metavar="SECONDS",
        help=f"connect and read timeout; a stalled response is retried (default: {d.timeout:g})",
    )
    g.add_argument(
        "--deadline",
        type=seconds,
        default=d.deadline,
        metavar="SECONDS",
        help=f"longest one request may take, connect to last byte; a response still arriving then fails the "
        f"page, not retried (default: {d.deadline:g})",
    )
    g.add_argument(
        "--retries",
        type=int,
        choices=range(0, 21),
        default=d.retries,
        metavar="N",
        help=f"retries after the first try on 408, 429, 5xx, dropped connections and timeouts (default: {d.retries})",
    )
    g.add_argument(
        "--backoff",
        type=seconds,
        default=d.backoff,
        metavar="SECONDS",
        help=f"first retry waits about this long, each next one twice as long, never less than the server's "
        f"Retry-After (default: {d.backoff:g})",
    )
    g.add_argument(
        "--max-wait",
        type=seconds,
        default=d.max_wait,
        metavar="SECONDS",
        help=f"longest wait before a retry; a page whose Retry-After is longer is rejected (default: {d.max_wait:g})",
    )
    g.add_argument(
        "--max-bytes",
        type=positive,
        default=d.max_bytes,
        metavar="N",
        help=f"largest body accepted, after decompression; larger ones are cut off, rejected (default: {d.max_bytes})",
    )
    g.add_argument(
        "--allow-host",
        type=host,
        action="append",
        default=[],
        metavar="HOST",
        help="also fetch from, and follow redirects to, HOST (http and https on their default ports) or HOST:PORT "
        "(repeatable); the origins of the sources (scheme, host and port) are allowed",
    )
    g.add_argument(
        "--follow-links",
        action="store_true",
        help="also fetch the pages that Similar Q&A entries link to, on allowed hosts",
    )
    g.add_argument(
        "--max-depth",
        type=positive,
        default=d.max_depth,
        metavar="N",
        help=f"with --follow-links, how many links away from the sources to go (default: {d.max_depth})",
    )
    g.add_argument(
        "--max-sitemaps", type=positive, default=d.max_sitemaps, metavar="N",
        help=f"sitemap documents fetched per run, at most; more are a reject (default: {d.max_sitemaps})",
    )  # fmt: skip
    g.add_argument(
        "--max-sitemap-depth", type=positive, default=d.max_sitemap_depth, metavar="N",
        help=f"sitemap indexes within indexes, at most (default: {d.max_sitemap_depth})",
    )  # fmt: skip
    g.add_argument(
        "--max-urls", type=positive, default=d.max_urls, metavar="N",
        help=f"page URLs taken from sitemaps per run, at most (default: {d.max_urls})",
    )  # fmt: skip
    g.add_argument("--user-agent", metavar="TEXT", help="User-Agent header (default: qa-etl/<version> (+CONTACT))")
    g.add_argument(
        "--contact",
        default=os.environ.get(CONTACT_ENV) or None,
        metavar="URL_OR_EMAIL",
        help=f"how site owners reach you, put in the default User-Agent (default: ${CONTACT_ENV}; without "
        "either, a crawl warns once)",
    )


class _Version(argparse.Action):
    """Looked up only when asked: the parser's version costs an import of the parsers."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        from parsers import PARSER_VERSION

        try:
            package = version("qa-etl")
        except PackageNotFoundError:  # run from a checkout that was never installed
            package = "(not installed)"
        print(f"{PROG} {package} (parser {PARSER_VERSION}; User-Agent qa-etl/{FETCHER_VERSION})")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description="Extract pages of a medical Q&A site, parse them into questions, replies and related "
        "links, validate the rows and upsert them into Parquet tables.",
    )
    parser.add_argument("--version", action=_Version, help="print the versions of qa-etl and its parser, and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    run = sub.add_parser(
        "run",
        help="run the pipeline on files, folders, WARC files, URLs or sitemaps",
        description="Run the pipeline: read every page of every SOURCE, parse and validate it, and upsert the "
        "rows into Parquet tables under --output: questions/, replies/, related_links/, warnings/ (what pages "
        "show but did not give) and rejects/ (pages that could not become valid rows, with the reason). A "
        "SOURCE is a page file (.html/.htm/.txt, .php, .shtml ..., or no suffix if it starts like HTML), a "
        "folder of them (searched recursively), a WARC file (.warc/.warc.gz), an http(s) URL of a page or a "
        "sitemap (or sitemap index), or a .txt list file of URLs or absolute paths, one per line. Fetched "
        "responses are kept in the raw page store (--output/raw/*.warc.gz, indexed by --output/fetches/), "
        "so `qa-etl reparse` can rebuild the tables without the network, and the next run asks only for "
        "pages that changed. Running again on unchanged pages changes nothing. Exit status 0 when the run "
        "completes, rejected pages included; 3 when it completes degraded (see the quality monitor below).",
        epilog=examples(
            "qa-etl run seeds/ -o output/",
            "qa-etl run https://askdoctor.example/sitemap.xml --contact ops@example.org",
            "qa-etl run http://127.0.0.1:8000/sitemap.xml --concurrency 4 --delay 0",
            "qa-etl run seeds/ -o output/ --json | jq .status",
        ),
    )
    run.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="page file, folder, WARC file, URL, sitemap URL or list file (default: the seeds/ folder)",
    )
    _add_run_options(run)
    run.add_argument(
        "--from-raw",
        metavar="DIR",
        help="also re-parse every page in the raw page store of output folder DIR (no network)",
    )
    _add_fetch_options(run)
    reparse = sub.add_parser(
        "reparse",
        help="rebuild the tables from the raw page store, without the network",
        description="Re-parse the latest stored response of every URL ever fetched into --output (or --from "
        "DIR), and upsert the rows into the tables of --output. Use it after a parser fix, or to rebuild "
        "tables that were deleted. No request is made.",
        epilog=examples("qa-etl reparse -o output/", "qa-etl reparse -o output/ --dask tcp://10.0.0.5:8786"),
    )
    _add_run_options(reparse)
    reparse.add_argument(
        "--from",
        dest="from_raw",
        metavar="DIR",
        help="read the raw page store of output folder DIR instead (default: --output)",
    )
    bf = sub.add_parser(
        "backfill",
        help="load old or newly found pages in resumable chunks: by window, URL list, or re-parse",
        description="Backfill --output with the pages a selection covers, in chunks run as parallel sub-runs "
        "(each an ordinary run with an idempotency key, committed on its own). What it covers: the pages of "
        "each SOURCE (sitemaps are listed, not crawled whole: with --since/--until only pages whose lastmod "
        "is in the window); or the URLs of --urls FILE; or, with --on asked and a window and no SOURCE, the "
        "questions already loaded that were asked in the window (fetched again, with conditional requests); "
        "or, with --reparse, the stored pages whose rows an older parser version made (after a parser fix; "
        "no network). The selection is frozen in a plan under --output/_backfills/ the first time: stopped "
        "or killed, the same command continues with the chunks not yet completed. Runs beside scheduled "
        "runs: commits queue on the output's lock. Exit status 0 when every chunk completed, 1 when some "
        "failed (run the same command again), 2 for bad arguments, 3 when every chunk completed but some are "
        "degraded (their quality fell past a threshold; see `qa-etl quality`).",
        epilog=examples(
            "qa-etl backfill https://askdoctor.example/sitemap.xml --since 2024-01-01 --until 2024-03-31",
            "qa-etl backfill --urls found.txt",
            "qa-etl backfill --reparse",
            "qa-etl backfill --on asked --since 2023-01-01 --reparse",
        ),
    )
    bf.add_argument("sources", nargs="*", metavar="SOURCE", help="sitemap or page URL, list file, page file or folder")
    bf.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD", help="first day of the window (inclusive)")
    bf.add_argument("--until", type=date_arg, metavar="YYYY-MM-DD", help="last day of the window (inclusive)")
    bf.add_argument(
        "--on",
        choices=("lastmod", "asked"),
        default="lastmod",
        help="what the window applies to: the sitemap's lastmod, or the question's asked date (default: lastmod)",
    )
    bf.add_argument("--urls", dest="urls_file", metavar="FILE", help="a list file: the URLs (or paths) to backfill")
    bf.add_argument(
        "--reparse", action="store_true", help="re-parse stored pages whose rows an older parser version made"
    )
    bf.add_argument(
        "--chunk-size", type=positive, default=500, metavar="N", help="pages per chunk (sub-run) (default: 500)"
    )
    bf.add_argument(
        "--parallel",
        type=positive,
        default=2,
        metavar="N",
        help="chunks run at once; they share --concurrency and --delay, so a host sees no more (default: 2)",
    )
    _add_run_options(bf, workers=1, plain=False)
    _add_fetch_options(bf)
    serve = sub.add_parser(
        "serve",
        help="serve the deployments of prefect.yaml (the daily incremental run, backfills) on a Prefect server",
        description="Register the deployments of prefect.yaml with the Prefect server named by PREFECT_API_URL "
        "and run their flow runs when their schedule (or the UI) asks, until stopped with Ctrl-C. The "
        "daily-incremental deployment fetches the pages new or changed since the last run; the backfill "
        "deployment has no schedule: start it from the UI with the window you want. A schedule needs a "
        "server that stays up: start one with `prefect server start` (UI at http://127.0.0.1:4200) and set "
        "PREFECT_API_URL=http://127.0.0.1:4200/api. The temporary server `qa-etl run` starts lives only "
        "as long as the run, so serve refuses to use it.",
        epilog=examples(
            "prefect server start &",
            "export PREFECT_API_URL=http://127.0.0.1:4200/api",
            "qa-etl serve --cron '0 4 * * *' --timezone Europe/Berlin",
        ),
    )
    serve.add_argument(
        "--config", metavar="FILE", help="deployments file (default: ./prefect.yaml, else the project's own)"
    )
    serve.add_argument("--cron", metavar="EXPR", help="schedule of the daily-incremental deployment (cron syntax)")
    serve.add_argument("--timezone", metavar="TZ", help="timezone of that schedule, an IANA name such as Europe/Berlin")
    serve.add_argument(
        "--source",
        dest="sources",
        action="append",
        metavar="SOURCE",
        help="sitemap or URL to read, instead of prefect.yaml's (repeatable)",
    )
    serve.add_argument("--output", "-o", metavar="DIR", help="output folder, instead of prefect.yaml's")
    serve.add_argument(
        "--check",
        action="store_true",
        help="print the deployments as they would be served, and exit (needs no server)",
    )
    add_output_commands(sub)
    return parser


def _fetch_options(args: argparse.Namespace) -> FetchOptions:
    return FetchOptions(
        user_agent=args.user_agent,
        contact=args.contact,
        concurrency=args.concurrency,
        delay=args.delay,
        timeout=args.timeout,
        deadline=args.deadline,
        max_bytes=args.max_bytes,
        retries=args.retries,
        backoff=args.backoff,
        max_wait=args.max_wait,
        allow_hosts=tuple(args.allow_host),
        follow_links=args.follow_links,
        max_depth=args.max_depth,
        max_sitemaps=args.max_sitemaps,
        max_sitemap_depth=args.max_sitemap_depth,
        max_urls=args.max_urls,
    )


def _foreign_folder(out: Path) -> bool:
    """A folder with files in it and no `_dataset.json`: not an output of qa-etl (yet)."""
    if not out.is_dir() or (out / "_dataset.json").exists():
        return False
    return next(out.iterdir(), None) is not None


def _use_prefect(args: argparse.Namespace) -> bool:
    """--prefect, --no-prefect, else whether a Prefect API is configured (read without importing
    Prefect, which costs a second): PREFECT_API_URL, or the active profile's."""
    if args.prefect is not None:
        return bool(args.prefect)
    if os.environ.get("PREFECT_API_URL"):
        return True
    import tomllib

    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    return bool(profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL"))


def _cmd_run(args: argparse.Namespace) -> int:
    from sources import SourceError, check_sources

    reparse = args.command == "reparse"
    sources = [] if reparse else args.sources
    if sources:
        try:
            check_sources(sources)
        except SourceError as e:
            return error(str(e), 2)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        return error(f"--output {out} is a file, not a folder", 2)
    if not (args.quiet or args.json) and _foreign_folder(out):
        plain_logging()
        logging.getLogger("qa_etl").warning(
            "--output %s is not empty and holds no qa-etl output: the tables are written beside what is there "
            "(give an empty or new folder to keep them apart)",
            out,
        )
    from_raw = (args.from_raw or args.output) if reparse else args.from_raw
    if from_raw is not None and not (Path(from_raw) / "fetches").is_dir():
        return error(f"{from_raw} has no raw page store (no fetches/ folder): nothing was fetched into it", 2)
    fetch = None if reparse else _fetch_options(args)
    problem = _set_notify(args)
    if problem:
        return error(*problem)
    thresholds = _thresholds(args)

    options = {
        "output": str(out), "batch_size": args.batch_size, "workers": args.workers, "fetch": fetch,
        "from_raw": from_raw, "quality": thresholds, "dask": args.dask,
        "progress": not (args.quiet or args.json) and sys.stderr.isatty(),
    }  # fmt: skip
    if _use_prefect(args):

        def start() -> RunSummary:
            from flows.pipeline import run_pipeline

            return run_pipeline(sources or None, **options)

        summary = on_prefect(start)
    else:
        import engine

        plain_logging()
        summary = engine.run(sources or None, **options)
    if args.json:
        from engine.summary import summary_dict
        from flows.cli_output import to_json

        print(to_json(summary_dict(summary)))
    elif not args.quiet:
        from flows.views import print_summary

        print_summary(summary)
    verdict = summary.commit.quality
    if verdict is not None and verdict.degraded:
        said = summary.alert_error or summary.alert_sent
        alert = f"; {said}" if said else ""
        return error(
            f"run {summary.run_id} is degraded (its rows are in): {verdict.failing_summary()}; "
            f"see `qa-etl quality {args.output}`{alert}",
            3,
        )
    return 0


def _cmd_backfill(args: argparse.Namespace) -> int:
    from dataset.backfills import BackfillError, BackfillRequest

    request = BackfillRequest(
        sources=tuple(args.sources),
        since=args.since,
        until=args.until,
        on=args.on,
        urls_file=str(Path(args.urls_file).resolve()) if args.urls_file else None,
        reparse=args.reparse,
        chunk_size=args.chunk_size,
    )
    try:
        request.check()
    except BackfillError as e:
        return error(str(e), 2)
    from sources import SourceError, check_sources, read_sources_file

    try:
        if request.sources:
            check_sources(list(request.sources))
        if request.urls_file and not request.reparse:
            read_sources_file(request.urls_file)
    except SourceError as e:
        return error(str(e), 2)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        return error(f"--output {out} is a file, not a folder", 2)
    if args.reparse and not (out / "fetches").is_dir():
        return error(f"{out} has no raw page store (no fetches/ folder): nothing to re-parse", 2)

    problem = _set_notify(args)
    if problem:
        return error(*problem)
    thresholds = _thresholds(args)

    def start() -> BackfillSummary:
        from flows.backfill import run_backfill

        return run_backfill(
            request,
            output=str(out),
            parallel=args.parallel,
            workers=args.workers,
            dask=args.dask,
            batch_size=args.batch_size,
            fetch=_fetch_options(args),
            quality=thresholds,
        )

    s = on_prefect(start)
    if s.plan.chunks == 0 and s.error:
        return error(s.error, 1)
    if not args.quiet:
        p = s.plan
        print(
            f"backfill {p.id}: {p.entries} pages in {p.chunks} chunk{'' if p.chunks == 1 else 's'}"
            + (f" ({s.not_in_window} sitemap pages outside the window)" if s.not_in_window else "")
            + f"; {len(s.skipped)} chunks done before, {len(s.completed)} completed now, {len(s.failed)} failed; "
            f"{s.pages} pages read, {s.rejects} rejected, {s.questions_changed} questions new or changed -> {out}"
        )
        for n, err in sorted(s.failed.items()):
            print(f"chunk {n}: {err}")
        for n, said in sorted(s.degraded.items()):
            print(f"chunk {n}: {said}")
    if s.error:
        return error(s.error, 1)
    if s.degraded:
        return error(f"{len(s.degraded)} chunks are degraded, their rows are in (see `qa-etl quality`)", 3)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from flows.deployments import DEFAULT_CONFIG, DeploymentError, read_specs, to_deployment, with_overrides

    config = (
        Path(args.config)
        if args.config
        else (Path("prefect.yaml") if Path("prefect.yaml").is_file() else DEFAULT_CONFIG)
    )
    try:
        specs = with_overrides(
            read_specs(config), cron=args.cron, timezone=args.timezone, sources=args.sources, output=args.output
        )
    except DeploymentError as e:
        return error(str(e), 2)
    if args.check:
        for spec in specs:
            when = f"cron '{spec.cron}' ({spec.timezone})" if spec.cron else "no schedule (run on demand)"
            print(f"{spec.flow_name}/{spec.name}: {when}; parameters {json.dumps(spec.parameters)}")
        return 0

    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        return error(
            "serve needs a Prefect server that stays up: schedules cannot run on the temporary server a run "
            "starts. Start one with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api",
            1,
        )
    from flows.server import ServerError, wait_for_api

    try:
        wait_for_api()
    except ServerError as e:
        return error(str(e), 1)
    from prefect import serve

    deployments = [to_deployment(spec) for spec in specs]
    serve(*deployments)
    return 0


# A normal run prints no Prefect chatter or tracebacks, wherever it is started from (prefect.toml
# holds the same settings, but Prefect reads it only from the current folder). Explicit settings win.
# Prefect's own chatter stays off the console; a flow run's and its tasks' INFO lines still go to
# the Prefect API (its Logs tab), where Prefect users look. `serve` shows them on its terminal too.
QUIET_PREFECT = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
}
SERVING_PREFECT = {"PREFECT_LOGGING_LEVEL": "INFO", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "INFO"}


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": _cmd_run,
    "reparse": _cmd_run,
    "backfill": _cmd_backfill,
    "serve": _cmd_serve,
    **OUTPUT_COMMANDS,
}


def _os_message(e: OSError) -> str:
    """An OSError as a user reads it: what, where, and what to do for the usual ones."""
    where = f"{e.filename}: " if e.filename else ""
    what = e.strerror or str(e)
    hint = {
        errno.ENOSPC: "; free some space and run again (nothing half-written is visible)",
        errno.EDQUOT: "; free some space and run again (nothing half-written is visible)",
        errno.EROFS: "; the output folder is on a read-only file system: choose another with --output",
        errno.EACCES: "; the output folder is not writable by you: choose another with --output",
        errno.EPERM: "; the output folder is not writable by you: choose another with --output",
        errno.EFBIG: "; a file grew past the size this process may write (ulimit -f)",
    }.get(e.errno or 0, "")
    return f"{where}{what}{hint}"


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every failure is one line on stderr and the exit status of its kind, mapped
    here and only here (see `errors`); QA_ETL_DEBUG=1 shows the traceback too."""
    given = sys.argv[1:] if argv is None else argv
    settings = {**QUIET_PREFECT, **(SERVING_PREFECT if given[:1] == ["serve"] else {})}
    for key, value in settings.items():  # before Prefect is imported: it reads them once
        os.environ.setdefault(key, value)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from errors import QaEtlError

    debug = bool(os.environ.get("QA_ETL_DEBUG"))
    if args.command in ("run", "reparse", "backfill"):
        from engine import lifeline

        lifeline.install_handlers()  # a first SIGINT/SIGTERM stops the run cleanly, a second at once
    else:  # Ctrl-C is a KeyboardInterrupt (said in one line below), SIGTERM ends the process
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        return COMMANDS[args.command](args)
    except QaEtlError as e:
        if debug:
            raise
        return error(str(e), e.exit_status)
    except BrokenPipeError:  # `qa-etl runs | head -1`: the reader had enough; not a failure
        return _reader_gone()
    except SystemExit as e:  # rich's console says a broken pipe with SystemExit(1): the same case
        if not isinstance(e.__context__, BrokenPipeError):
            raise
        return _reader_gone()
    except OSError as e:
        if debug:
            raise
        return error(_os_message(e), 1)
    except KeyboardInterrupt:
        return error("stopped by Ctrl-C", 130)
    except Exception as e:  # a failure of Prefect's, or a bug: still one line, and how to see more
        if debug:
            raise
        where = "the Prefect API failed" if type(e).__module__.startswith("prefect") else "unexpected error"
        return error(f"{where}: {type(e).__name__}: {str(e)[:300]} (QA_ETL_DEBUG=1 shows the traceback)", 1)
    except BaseException as e:  # Prefect's TerminationSignal: a SIGTERM before the run took its signals
        if type(e).__name__ != "TerminationSignal" or debug:
            raise
        return error("stopped by SIGTERM", 143)


def _reader_gone() -> int:
    """The reader of stdout closed it: not a failure, nor is the flush at exit (stdout goes nowhere)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def exit_with(status: int) -> None:
    """Leave with `status`, whatever signal comes while the interpreter shuts down: Python puts the
    default handlers back then, and a second Ctrl-C just after a clean stop would turn exit 130 into
    death by signal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(status)


if __name__ == "__main__":
    exit_with(main())
