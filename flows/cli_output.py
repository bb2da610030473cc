"""The commands over an existing output: look at it (validate, runs, quality, views), and tend it
(repair). Each is a thin skin: parse, call the library, print a table or, with --json, JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.cli_common import error, examples, plural, positive

_OUTPUT_HELP = "the folder (default: output)"


def to_json(value: Any) -> str:
    """JSON for scripts: dates and times in ISO 8601, one document per command."""

    def default(v: Any) -> Any:
        if isinstance(v, dt.datetime | dt.date):
            return v.isoformat()
        raise TypeError(f"not JSON: {type(v).__name__}")

    return json.dumps(value, default=default, ensure_ascii=False)


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("output", nargs="?", default="output", metavar="OUTPUT", help=_OUTPUT_HELP)


def add_commands(sub: Any) -> None:
    check = sub.add_parser(
        "validate",
        help="re-check an existing output: schemas, checks, keys, references",
        description="Re-check the dataset under OUTPUT as it is on disk: each part file's schema, every column "
        "and row check of the data dictionary, key uniqueness across files, each question in the month folder "
        "of its asked date and its replies and links beside it (rejects: in the bucket their source hashes "
        "to), references to existing questions, the runs, quality and changes tables, and the raw page store's "
        "WARC files. Prints "
        "rows per table and every problem found. Exit status 0 when there is none, 1 when there are "
        "problems, 2 when OUTPUT is not a qa-etl output folder.",
        epilog=examples("qa-etl validate output/", "qa-etl validate output/ --json | jq .ok"),
    )
    _add_output(check)
    check.add_argument("--json", action="store_true", help="print the report as one JSON document")
    runs = sub.add_parser(
        "runs",
        help="list the runs and backfills that wrote to an output, newest first",
        description="List the run history of OUTPUT (its runs table): each run's id, flow, status, start, "
        "duration, pages read, questions produced, pages rejected and warnings (page self-checks) written; a "
        "backfill's chunks are indented under it. `runs show ID` prints every field of one run, its chunks "
        "and its quality. Status is running, completed (its rows are in "
        "the tables), degraded (its rows are in, but its quality fell past a threshold: see `qa-etl quality`), "
        "failed (see --errors), cancelled (stopped by SIGINT or SIGTERM before its commit: none of its rows "
        "are in) or crashed (its process died; the next run cleaned up after it).",
        epilog=examples(
            "qa-etl runs output/",
            "qa-etl runs output/ --status failed --errors",
            "qa-etl runs show 7e0c1a2b output/",
            "qa-etl runs output/ --json | jq '.[0].status'",
        ),
    )
    runs.add_argument(
        "words",
        nargs="*",
        metavar="[show ID] [OUTPUT]",
        help="OUTPUT, the folder (default: output); `show ID` prints everything about one run (an id's first "
        "characters are enough)",
    )
    runs.add_argument("--json", action="store_true", help="print the rows as JSON (a list; `show`: one object)")
    runs.add_argument(
        "--limit", "-n", type=positive, default=20, metavar="N", help="newest N runs, chunks not counted (default: 20)"
    )
    runs.add_argument(
        "--status",
        choices=("running", "completed", "degraded", "failed", "cancelled", "crashed"),  # schemas.RUN_STATUSES
        help="only runs with this status",
    )
    runs.add_argument(
        "--errors", action="store_true", help="also print why each failed, cancelled or crashed run stopped"
    )
    ch = sub.add_parser(
        "changes",
        help="list the questions added, changed, removed or restored, newest last",
        description="List the change feed of OUTPUT (its changes table): for each question a run added, changed "
        "(its rows differ: which parts), removed (its page answered 404 or 410: its rows are kept, with "
        "removed_at set) or restored (a removed page is back), when, and its title. --since DAY (YYYY-MM-DD, "
        "UTC) lists the changes from that day on; --since RUN (a run id, or its first characters) those of the "
        "runs that committed after it.",
        epilog=examples(
            "qa-etl changes output/",
            "qa-etl changes output/ --since 2026-11-01",
            "qa-etl changes output/ --since 7e0c1a2b --json | jq -r '.[] | select(.change == \"removed\")'",
        ),
    )
    _add_output(ch)
    ch.add_argument("--since", metavar="RUN|DAY", help="only the changes after run RUN, or from day DAY on")
    ch.add_argument("--limit", "-n", type=positive, default=50, metavar="N", help="the newest N changes (default: 50)")
    ch.add_argument("--json", action="store_true", help="print every change as JSON rows (no --limit)")
    rp = sub.add_parser(
        "report",
        help="write one HTML file of charts: questions over time, departments, doctors, delays, rejects, quality",
        description="Write a self-contained HTML report of OUTPUT: headline figures, questions per month asked, "
        "by department, top doctors by replies, days from question to first doctor reply, rejects by reason "
        "by the run that rejected them, the quality monitor's coverage of key fields over runs, and run "
        "durations. The charts are inline SVG: the file needs no network and no other file, so it can be "
        "mailed or archived as it is.",
        epilog=examples("qa-etl report output/", "qa-etl report output/ -o /srv/www/qa-etl.html"),
    )
    _add_output(rp)
    rp.add_argument("-o", "--to", metavar="FILE", help="where to write it (default: OUTPUT/report.html)")
    pr = sub.add_parser(
        "prune",
        help="remove old raw copies (keeping the N latest per URL) and finished backfill plans",
        description="Keep the raw page store and the backfill plans of OUTPUT from growing forever. Each URL keeps "
        "its --keep latest stored responses, and every response a table row still comes from (so `qa-etl "
        "reparse` gives the same tables); older copies are removed by rewriting their WARC files and index "
        "under hidden names and renaming them in one journal, under the commit lock, as a commit does. Rows "
        "of fetches that stored no body (304s, failures) stay. Backfill plans (OUTPUT/_backfills/) whose every "
        "chunk has a completed run are removed. Safe beside running runs: their WARC files are left alone.",
        epilog=examples("qa-etl prune output/ --dry-run", "qa-etl prune output/", "qa-etl prune output/ --keep 3"),
    )
    _add_output(pr)
    pr.add_argument("--keep", type=positive, default=1, metavar="N", help="stored copies kept per URL (default: 1)")
    pr.add_argument("--dry-run", action="store_true", help="say what would be removed, remove nothing")
    views = sub.add_parser(
        "views",
        help="print the SQL that makes the tables queryable by name in DuckDB",
        description="Print one `create or replace view` statement per table of OUTPUT, over its Parquet files as "
        "laid out now (months as Hive folders, so a filter on asked_month opens only those months). Run them "
        "again after a table gets its first rows: its files move from part-empty.parquet into month folders. "
        "From Python: `dataset.duckdb_views(OUTPUT)`; typed pandas frames: `dataset.load(OUTPUT, TABLE)`.",
        epilog=examples(
            "qa-etl views output/ > views.sql",
            "duckdb -init views.sql",
            'qa-etl views output/ | duckdb -c ".read /dev/stdin" -c "select count(*) from questions"',
        ),
    )
    _add_output(views)
    rep = sub.add_parser(
        "repair",
        help="set damaged files of an output aside and rebuild what they held",
        description="Repair OUTPUT after files were damaged (cut short, overwritten): every run that reads a "
        "damaged file stops with a one-line error naming it, and `qa-etl validate` lists them. Repair moves "
        "each unreadable file to OUTPUT/_damaged/<time>/ (nothing is deleted), with the rest of its month "
        "(a question's replies, links and warnings live beside it); rebuilds _dataset.json, and an empty "
        "runs or quality table or rejects bucket where those were damaged; then reads again the pages whose "
        "rows were set aside: from the raw page store for fetched URLs (no network), from disk for files. "
        "Their sources are listed in OUTPUT/_damaged/<time>/sources.txt. Exit status 0 when the output is "
        "sound again, 1 when it could not be made so.",
        epilog=examples("qa-etl validate output/", "qa-etl repair output/", "qa-etl repair output/ --no-reread"),
    )
    _add_output(rep)
    rep.add_argument(
        "--no-reread", action="store_true", help="only set the damaged files aside; read the pages again yourself"
    )
    qual = sub.add_parser(
        "quality",
        help="show field coverage, rows per section and reject and warning rates over the last runs",
        description="Show what the quality monitor measured in the last runs of OUTPUT (its quality table): for "
        "each metric a row, for each run a column, oldest first, and the baseline the newest run was judged "
        "against. A value marked ! was past its threshold: that run is degraded. Metrics: reject_rate (pages "
        "rejected / pages read), warning_rate (pages with a warning / pages parsed), structured_data_rate "
        "(questions read from structured data / pages parsed), witness_confirmed (fields the structured data "
        "confirms / fields it declares), rows_per_page:<table>.<kind> "
        "(e.g. related_links.similar_qa), coverage:<table>[.<kind>].<field> (share of rows where the field is "
        "filled).",
        epilog=examples("qa-etl quality output/", "qa-etl quality output/ -n 3 --all", "qa-etl quality output/ --json"),
    )
    _add_output(qual)
    qual.add_argument("--json", action="store_true", help="print the shown runs' metrics as JSON rows")
    qual.add_argument("--limit", "-n", type=positive, default=6, metavar="N", help="the newest N runs (default: 6)")
    qual.add_argument(
        "--all", action="store_true", help="also list metrics that none of the shown runs had rows to measure"
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from dataset import DatasetError
    from dataset.check import check_dataset
    from flows.views import print_check

    try:
        report = check_dataset(args.output)
    except DatasetError as e:
        return error(str(e), 2)
    if args.json:
        print(to_json({**asdict(report), "ok": report.ok}))
    else:
        print_check(report)
    return 0 if report.ok else 1


def _not_output(folder: str) -> str | None:
    if (Path(folder) / "_dataset.json").is_file():
        return None
    return f"{folder} is not a qa-etl output folder (no _dataset.json)"


def _cmd_runs(args: argparse.Namespace) -> int:
    from dataset import read_runs
    from flows.views import print_run, print_runs

    words = list(args.words)
    show = None
    if words and words[0] == "show":
        if len(words) not in (2, 3):
            return error("usage: qa-etl runs show ID [OUTPUT] (see --help)", 2)
        if len(words) == 2 and not _not_output(words[1]):
            return error(f"{words[1]} is an output folder: give the run's id first, qa-etl runs show ID {words[1]}", 2)
        show = words[1]
        words = words[2:]
    if len(words) > 1:
        return error(f"one OUTPUT folder, not {len(words)}: {' '.join(words)} (see --help)", 2)
    output = words[0] if words else "output"
    if problem := _not_output(output):
        return error(problem, 2)
    rows = _as_now(output, read_runs(output).to_pylist())
    if show is not None:
        found = [r for r in rows if str(r["run_id"]).startswith(show)]
        if not found:
            return error(f"no run {show!r} in {output} ({plural(len(rows), 'run')}: see `qa-etl runs {output}`)", 2)
        if len(found) > 1:
            ids = ", ".join(str(r["run_id"]) for r in found[:5])
            return error(f"{show!r} is the start of {len(found)} runs' ids ({ids}): give more of it", 2)
        run = found[0]
        chunks = sorted(
            (r for r in rows if r["parent_run_id"] == run["run_id"]), key=lambda r: str(r["idempotency_key"])
        )
        quality = _quality_of(output, str(run["run_id"]))
        if args.json:
            print(to_json({**_with_seconds(run), "chunks": [_with_seconds(c) for c in chunks], "quality": quality}))
        else:
            print_run(output, run, chunks, quality)
        return 0
    shown = select_runs(rows, args.status, args.limit)
    if args.json:
        print(to_json([_with_seconds(r) for r in shown]))
    else:
        print_runs(output, rows, shown, args.status, args.errors)
    return 0


def select_runs(rows: list[dict[str, Any]], status: str | None, limit: int) -> list[dict[str, Any]]:
    """Newest first: the `limit` newest runs with `status` (a chunk counts with its backfill), each
    followed by its chunks."""
    if status:
        rows = [r for r in rows if r["status"] == status]
    ids = {r["run_id"] for r in rows}
    children: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["parent_run_id"] in ids:
            children.setdefault(str(r["parent_run_id"]), []).append(r)
    top = [r for r in rows if r["parent_run_id"] not in ids][::-1][:limit]
    shown: list[dict[str, Any]] = []
    for r in top:
        shown.append(r)
        shown += sorted(children.get(str(r["run_id"]), []), key=lambda c: str(c["idempotency_key"]))
    return shown


def _with_seconds(r: dict[str, Any]) -> dict[str, Any]:
    """A runs row for JSON: its parameters as an object (not a string of JSON), and its duration."""
    took = (r["finished_at"] - r["started_at"]).total_seconds() if r["finished_at"] else None
    try:
        parameters = json.loads(r["parameters"])
    except (TypeError, ValueError):
        parameters = r["parameters"]
    return {**r, "parameters": parameters, "seconds": took}


def _quality_of(output: str, run_id: str) -> list[dict[str, Any]]:
    from dataset.quality import read_quality

    quality = read_quality(output)
    return [q for q in quality.to_pylist() if q["run_id"] == run_id]


def _as_now(output: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row still `running` whose process is gone (killed, or stopped by a second signal) is shown
    `crashed`, as the next run will record it."""
    from dataset import Dataset

    ds = Dataset(output)
    for r in rows:
        if r["status"] == "running" and not ds.is_live(str(r["run_id"])):
            r["status"] = "crashed"
            r["error"] = r["error"] or "its process is gone (found by `qa-etl runs`; the next run records it)"
    return rows


def _cmd_quality(args: argparse.Namespace) -> int:
    from dataset import read_runs
    from dataset.quality import read_quality
    from flows.views import measured_runs, print_quality

    if problem := _not_output(args.output):
        return error(problem, 2)
    runs, quality = read_runs(args.output).to_pylist(), read_quality(args.output)
    if args.json:
        shown = {r["run_id"] for r in measured_runs(runs, quality, args.limit)}
        print(to_json([q for q in quality.to_pylist() if q["run_id"] in shown]))
    else:
        print_quality(args.output, runs, quality, args.limit, args.all)
    return 0


def _cmd_changes(args: argparse.Namespace) -> int:
    from dataset import read_runs
    from dataset.changes import read_changes
    from dataset.loader import read_table
    from flows.views import print_changes

    if problem := _not_output(args.output):
        return error(problem, 2)
    rows = sorted(read_changes(args.output).to_pylist(), key=lambda r: (r["changed_at"], r["question_id"]))
    every = len(rows)
    since = args.since
    if since is not None and not since.strip():
        return error("--since needs a run id or a day (YYYY-MM-DD)", 2)
    if since:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            runs = [r for r in read_runs(args.output).to_pylist() if str(r["run_id"]).startswith(since)]
            if len(runs) != 1:
                found = "no run" if not runs else f"{len(runs)} runs"
                return error(f"--since {since!r}: {found} of {args.output} has that id (nor is it a YYYY-MM-DD day)", 2)
            if runs[0]["finished_at"] is None:
                return error(f"--since {since!r}: that run never finished, so nothing came after its commit", 2)
            rows = [r for r in rows if r["changed_at"] > runs[0]["finished_at"]]
            since = f"run {str(runs[0]['run_id'])[:8]}"
        else:
            start = dt.datetime.combine(day, dt.time(), dt.UTC)
            rows = [r for r in rows if r["changed_at"] >= start]
            since = f"{day}"
    if args.json:
        print(to_json(rows))
        return 0
    titles = {}
    if rows:
        wanted = {r["question_id"] for r in rows} | {r["same_as"] for r in rows}
        q = read_table(args.output, "questions", columns=["question_id", "title"]).to_pylist()
        titles = {r["question_id"]: r["title"] for r in q if r["question_id"] in wanted}
        for r in rows:  # a merged snapshot is no question of its own: its HTML question's title
            if r["same_as"] in titles:
                titles.setdefault(r["question_id"], titles[r["same_as"]])
    print_changes(args.output, rows, args.limit, every, since, titles)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from report import write_report

    if problem := _not_output(args.output):
        return error(problem, 2)
    if args.to == "":
        return error("-o needs a file name", 2)
    if args.to and not _not_output(args.to):
        return error(
            f"-o {args.to} is an output folder; -o names the report's file: qa-etl report {args.to} -o FILE", 2
        )
    target = Path(args.to) if args.to else Path(args.output) / "report.html"
    if target.is_dir():
        return error(f"-o {target} is a folder: give a file name such as {target / 'report.html'}", 2)
    path = write_report(args.output, target)
    print(f"report of {args.output} written to {path} ({path.stat().st_size // 1024} KiB; opens offline)")
    return 0


def _cmd_prune(args: argparse.Namespace) -> int:
    from rawstore.prune import prune

    if problem := _not_output(args.output):
        return error(problem, 2)
    r = prune(args.output, keep=args.keep, dry_run=args.dry_run)
    would = "would remove" if args.dry_run else "removed"
    mib = (r.bytes_before - r.bytes_after) / 2**20
    print(
        f"{args.output}: {would} {plural(r.dropped, 'stored copy')} of {r.copies} "
        f"({plural(len(r.warc_files), 'WARC file')}, {mib:.1f} MiB), kept the {args.keep} latest per URL "
        f"and {r.pinned} older ones the tables come from; {would} {plural(len(r.plans), 'finished backfill plan')}"
        + (f"; left {len(r.skipped_live)} WARC files of running runs alone" if r.skipped_live else "")
    )
    return 0


def _cmd_views(args: argparse.Namespace) -> int:
    from dataset.loader import duckdb_views

    if problem := _not_output(args.output):
        return error(problem, 2)
    print(duckdb_views(args.output))
    return 0


def _cmd_repair(args: argparse.Namespace) -> int:
    from dataset.check import check_dataset
    from dataset.repair import finish, repair

    report = repair(args.output)
    if report.finished:
        print(f"finished {plural(len(report.finished), 'commit')} cut short: {', '.join(report.finished)}")
    if report.clean:
        print(f"nothing damaged in {args.output}")
        return 0
    if report.resumed:
        print(f"finishing a repair that was cut short ({report.folder}): its rows are read again now")
    print(f"set aside in {report.folder}: {', '.join(report.moved)}")
    if report.also_moved:
        print(f"with the rest of their months: {', '.join(report.also_moved)}")
    if report.rebuilt:
        print(f"rebuilt: {'; '.join(report.rebuilt)}")
    urls = [s for s in report.sources if "://" in s]
    files = [s for s in report.sources if "://" not in s and Path(s).is_file()]
    gone = [s for s in report.sources if "://" not in s and not Path(s).is_file()]
    stored = (Path(args.output) / "fetches").is_dir()
    from_raw = args.output if stored and (urls or report.unknown) else None
    if args.no_reread and (files or from_raw):
        print(f"not read again (--no-reread): `qa-etl validate` reports the months set aside until `qa-etl "
              f"repair {args.output}` reads them again, or you run the pipeline on {report.sources_file}")  # fmt: skip
    elif not (files or from_raw):
        if report.sources or report.unknown:
            print(f"to restore their rows, run the pipeline again on the sources in {report.sources_file}")
        finish(args.output)  # nothing here could read them: no repair ever will
    else:
        assert report.folder is not None
        only = report.folder / "urls.txt"
        only.write_text("".join(f"{u}\n" for u in urls), encoding="utf-8")
        import engine  # the plain engine: a re-read needs no Prefect server

        summary = engine.run(
            files or None, output=args.output, from_raw=from_raw, from_raw_only=None if report.unknown else str(only)
        )
        finish(args.output)  # (killed before this line, the next repair reads them again)
        restored = summary.commit.changed_questions
        print(f"read again: {plural(summary.pages, 'page')} ({summary.rejected} rejected), "
              f"{plural(restored, 'question')} restored")  # fmt: skip
        if gone or (report.unknown and not stored):
            print("some rows came from pages that are no longer on disk or in a raw page store: run the pipeline "
                  f"on your sources again ({report.sources_file})")  # fmt: skip
    left = check_dataset(args.output)
    problems = [p for p in left.problems if not (args.no_reread and p.check == "repair unfinished")]
    if problems:
        return error(f"{len(problems)} problems remain: see `qa-etl validate {args.output}`", 1)
    but = " but the months set aside" if left.problems else ""
    print(f"{args.output} is sound (qa-etl validate finds no problem{but})")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _cmd_validate,
    "runs": _cmd_runs,
    "quality": _cmd_quality,
    "repair": _cmd_repair,
    "views": _cmd_views,
    "changes": _cmd_changes,
    "report": _cmd_report,
    "prune": _cmd_prune,
}
