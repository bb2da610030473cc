"""A damaged file of an output: every run that reads it stops in one line naming it, `validate`
lists it (exit 1), and `qa-etl repair` sets it aside and rebuilds what it held, after which the
tables equal those of an output that was never damaged."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, ROOT, cli_env, snapshot_files
from site_server import Site

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out

KEYS = {"questions": ["question_id"], "replies": ["reply_id"], "related_links": ["question_id", "kind", "position"]}


def qa_etl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=ROOT, env=cli_env(), timeout=300
    )


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """The data tables without lineage (run_id, fetched_at: a re-read page gets a new run's)."""
    out_tables = {}
    for name, key in KEYS.items():
        df = pd.read_parquet(out / name).drop(columns=["run_id", "fetched_at", "asked_month"], errors="ignore")
        out_tables[name] = df.sort_values(key).reset_index(drop=True)
    return out_tables


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sound") / "out"
    assert qa_etl("run", str(CORPUS / "site"), "-o", str(out), "-q").returncode == 0
    return out


def damage(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # cut short, as a failed copy leaves it


@pytest.mark.parametrize(
    "victim",
    [
        "questions/asked_month=2015-11/part-0.parquet",
        "replies/asked_month=2015-11/part-0.parquet",
        "rejects/part-000.parquet",
        "runs/part-000.parquet",
        "_dataset.json",
    ],
)
def test_a_damaged_file_is_named_listed_and_repaired(sound: Path, tmp_path: Path, victim: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(sound, out)
    damage(out / victim)

    proc = qa_etl("run", str(CORPUS / "snapshots"), "-o", str(out), "-q")  # a run that touches other months
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert victim.split("/")[-1] in proc.stderr and "is damaged" in proc.stderr and "qa-etl repair" in proc.stderr
    proc = qa_etl("validate", str(out))
    assert proc.returncode == 1 and victim.split("/")[-1].split("=")[-1] in " ".join(proc.stdout.split())

    proc = qa_etl("repair", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "is sound" in proc.stdout and (out / "_damaged").is_dir()
    assert any(p.name == Path(victim).name for p in (out / "_damaged").rglob("*"))  # set aside, not deleted
    assert qa_etl("validate", str(out)).returncode == 0
    got, want = tables(out), tables(sound)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name])
    assert qa_etl("run", str(CORPUS / "snapshots"), "-o", str(out), "-q").returncode == 0  # runs work again


def test_repair_reads_fetched_pages_again_from_the_raw_page_store(tmp_path: Path) -> None:
    """Rows of a month from the web: re-read from the raw page store, with the site gone."""
    out = tmp_path / "out"
    paths = [f"/en/qa/{p.name}" for p in sorted((CORPUS / "site/en/qa").glob("*.html"))][:20]
    with Site(CORPUS / "site", sitemap_paths=paths) as site:
        proc = qa_etl("run", site.base + "/sitemap.xml", "-o", str(out), "-q", "--delay", "0", "--concurrency", "4")
        assert proc.returncode == 0, proc.stderr
    before = tables(out)
    month = sorted((out / "questions").glob("asked_month=*/part-0.parquet"))[0]
    damage(month)
    proc = qa_etl("repair", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "read again" in proc.stdout and "is sound" in proc.stdout
    got = tables(out)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], before[name])

    (index,) = (out / "fetches").glob("*.parquet")  # the raw page store's index: indexed again from its WARC
    rows = pd.read_parquet(index)
    damage(index)
    assert qa_etl("validate", str(out)).returncode == 1
    proc = qa_etl("repair", str(out))
    assert proc.returncode == 0 and "is sound" in proc.stdout, proc.stdout + proc.stderr
    again = pd.read_parquet(index).sort_values("url").reset_index(drop=True)
    pd.testing.assert_frame_equal(again, rows.sort_values("url").reset_index(drop=True), check_dtype=False)


def test_repair_of_a_sound_output_changes_nothing(sound: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(sound, out)
    before = snapshot_files(out)
    proc = qa_etl("repair", str(out))
    assert proc.returncode == 0 and "nothing damaged" in proc.stdout
    assert snapshot_files(out) == before and not (out / "_damaged").exists()


@pytest.mark.parametrize("when", ["set aside", "reading again"])
def test_a_repair_killed_mid_way_is_finished_by_the_next_and_validate_says_so_meanwhile(
    sound: Path, tmp_path: Path, when: str
) -> None:
    """SIGKILL once `_repair.json` is written (the month moving aside), or once the re-read is parsing:
    `validate` reports the month set aside and not restored (it said "no problems found" while the
    month was only in _damaged/), and the next repair reads it again: the tables equal the sound ones."""
    out = tmp_path / "out"
    shutil.copytree(sound, out)
    damage(out / "questions/asked_month=2015-11/part-0.parquet")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "repair", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT, env=cli_env(),
    )  # fmt: skip
    seen = (
        (lambda: (out / "_repair.json").exists())
        if when == "set aside"
        else (lambda: any((out / "_staging").glob("*")))
    )
    while not seen():
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.005)
    proc.kill()
    proc.communicate()
    assert (out / "_repair.json").exists()  # cut short: the record stays
    checked = qa_etl("validate", str(out))
    assert checked.returncode == 1 and "repair unfinished" in checked.stdout, checked.stdout
    again = qa_etl("repair", str(out))
    assert again.returncode == 0 and "cut short" in again.stdout and "is sound" in again.stdout, (
        again.stdout + again.stderr
    )
    assert not (out / "_repair.json").exists() and qa_etl("validate", str(out)).returncode == 0
    got, want = tables(out), tables(sound)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name])
