"""The command line as scripts use it: --json documents, --version, whole lines when piped, ISO
dates, `runs show`, messages for empty filters, examples one per line, and the crawl's contact."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env, run_without_prefect
from site_server import Site

from flows.cli import main

SNAPSHOTS = sorted((CORPUS / "snapshots").glob("*.txt"))


def qa_etl(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=ROOT, env=cli_env(**env),
        timeout=300,
    )  # fmt: skip


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_run_json_is_one_document_that_agrees_with_the_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    got = _json(capsys, "run", str(CORPUS / "snapshots"), "-o", str(out), "--workers", "1", "--json")
    assert isinstance(got, dict)
    assert got["status"] == "completed" and got["pages"] == len(SNAPSHOTS)
    for table in ("questions", "replies", "related_links", "rejects"):
        assert got["rows_in_dataset"][table] == len(pd.read_parquet(out / table)), table
    assert got["questions_changed"] == len(pd.read_parquet(out / "questions")) > 0
    started = dt.datetime.fromisoformat(got["started_at"])
    assert started.tzinfo is not None and dt.datetime.fromisoformat(got["finished_at"]) >= started
    assert got["seconds"] > 0 and got["commit_seconds"] >= 0 and got["fetch"] is None


def test_runs_validate_and_quality_as_json_and_runs_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        assert main(["run", str(CORPUS / "snapshots"), "-o", str(out), "--workers", "1", "-q"]) == 0
    runs = _json(capsys, "runs", str(out), "--json")
    assert isinstance(runs, list) and len(runs) == 2
    first, second = runs[1]["run_id"], runs[0]["run_id"]  # newest first
    assert runs[0]["started_at"] > runs[1]["started_at"] and runs[0]["questions_changed"] == 0
    assert all(dt.datetime.fromisoformat(r["started_at"]).year == dt.date.today().year for r in runs)
    assert _json(capsys, "runs", str(out), "--json", "--status", "failed") == []

    report = _json(capsys, "validate", str(out), "--json")
    assert isinstance(report, dict) and report["ok"] is True and report["problems"] == []
    assert report["rows"]["questions"] == len(pd.read_parquet(out / "questions"))

    quality = _json(capsys, "quality", str(out), "--json")
    assert isinstance(quality, list) and {q["run_id"] for q in quality} == {first, second}
    assert any(q["metric"] == "reject_rate" for q in quality)

    shown = _json(capsys, "runs", "show", first[:8], str(out), "--json")
    assert isinstance(shown, dict) and shown["run_id"] == first and shown["chunks"] == []
    assert shown["status"] == "completed" and len(shown["quality"]) > 0
    assert main(["runs", "show", first[:8], str(out)]) == 0
    text = capsys.readouterr().out
    assert f"run {first} of" in text and re.search(r"started_at\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text)

    run_without_prefect([str(CORPUS / "snapshots")], out, "same-1")
    run_without_prefect([str(CORPUS / "snapshots")], out, "same-2")
    assert main(["runs", "show", "same", str(out)]) == 2  # the start of two ids
    assert "is the start of 2 runs' ids" in capsys.readouterr().err
    assert main(["runs", "show", "nope", str(out)]) == 2
    assert "no run 'nope'" in capsys.readouterr().err


def test_empty_filters_say_exactly_what_is_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    run_without_prefect([str(CORPUS / "snapshots")], out, "only-run")
    assert main(["runs", str(out), "--status", "failed"]) == 0
    assert capsys.readouterr().out.strip() == f"no failed runs among the 1 runs of {out}"
    assert main(["runs", str(out)]) == 0
    table = capsys.readouterr().out
    assert re.search(r"only-run\s+run\s+completed\s+\d{4}-\d\d-\d\dT\d\d:\d\dZ", table), table  # ISO, 4-digit year


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from parsers import PARSER_VERSION

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert re.fullmatch(rf"qa-etl \S+ \(parser {re.escape(PARSER_VERSION)}; User-Agent qa-etl/\S+\)\n",
                        capsys.readouterr().out)  # fmt: skip


@pytest.mark.slow
def test_piped_output_is_never_wrapped(tmp_path: Path) -> None:
    out = tmp_path / ("a-long-folder-name-" * 4) / "out"
    proc = qa_etl("run", str(CORPUS / "snapshots"), "-o", str(out), "--no-prefect")
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert len(first) > 80 and first.startswith("run ") and first.endswith(f"-> {out}")


def test_help_examples_are_one_per_line() -> None:
    for command, example in [
        ("backfill", "qa-etl backfill --urls found.txt"),
        ("run", "qa-etl run seeds/ -o output/"),
        ("runs", "qa-etl runs show 7e0c1a2b output/"),
        ("serve", "export PREFECT_API_URL=http://127.0.0.1:4200/api"),
    ]:
        proc = subprocess.run([sys.executable, "-m", "flows.cli", command, "--help"], capture_output=True, text=True,
                              cwd=ROOT, env=cli_env(COLUMNS="60"))  # fmt: skip
        assert f"\n  {example}\n" in proc.stdout, (command, proc.stdout[-400:])


@pytest.mark.slow
def test_a_crawl_without_contact_warns_once_and_with_one_names_it(tmp_path: Path) -> None:
    pages = [f"/en/qa/{p.name}" for p in sorted((CORPUS / "site/en/qa").glob("*.html"))[:3]]
    with Site(CORPUS / "site", sitemap_paths=pages) as site:
        env = {k: v for k, v in cli_env().items() if k != "QA_ETL_CONTACT"}
        proc = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", f"{site.base}/sitemap.xml", "-o", str(tmp_path / "a"),
             "--delay", "0", "-q", "--no-prefect"],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.count("no contact configured") == 1 and proc.stderr.count("\n") == 1, proc.stderr
        assert {h.headers["user-agent"] for h in site.hits} == {"qa-etl/1.0"}

        site.reset()
        proc = qa_etl("run", f"{site.base}/sitemap.xml", "-o", str(tmp_path / "b"), "--delay", "0", "-q",
                      "--no-prefect", "--contact", "ops@example.org")  # fmt: skip
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        assert {h.headers["user-agent"] for h in site.hits} == {"qa-etl/1.0 (+ops@example.org)"}

        site.reset()
        proc = qa_etl("run", f"{site.base}/sitemap.xml", "-o", str(tmp_path / "c"), "--delay", "0", "-q",
                      "--no-prefect", QA_ETL_CONTACT="https://ops.example.org/crawler")  # fmt: skip
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        assert {h.headers["user-agent"] for h in site.hits} == {"qa-etl/1.0 (+https://ops.example.org/crawler)"}


def test_the_readme_quickstart_shows_what_make_run_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The quickstart's summary, as `qa-etl run` prints it on the seeds (run id and times left out)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("`make run` prints (run ids and times vary):\n\n```\n", 1)[1].split("```", 1)[0]
    assert main(["run", "-o", str(tmp_path / "output"), "--workers", "1"]) == 0
    printed = capsys.readouterr().out

    def steady(text: str) -> list[str]:
        lines = text.strip().splitlines()
        first = re.sub(r"run \S+: (.*) read in [\d.]+ s \(commit [\d.]+ s\)", r"\1", lines[0]).rsplit(" -> ", 1)[0]
        return [first, *lines[1:]]

    assert steady(printed) == steady(shown)
    # The merged snapshot (qa-1.txt) is listed under the title of the HTML question that stands for it.
    assert main(["changes", str(tmp_path / "output")]) == 0
    [merged] = [line for line in capsys.readouterr().out.splitlines() if " merged " in line]
    assert "Experiencing spinal numbness the day after weight training?" in merged
