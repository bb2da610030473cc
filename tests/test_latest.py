"""The latest stored body per URL (rawstore/latest.py): what a crawl looks up before each request.

Expected outcomes are written by hand from the rules (a body replaces what is older, a 304 confirms
it, a stored 404 removes it); the memory test compares a one-URL crawl on a large index with the
same crawl on an empty one.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, ROOT
from site_server import Site

from rawstore import RawStore
from schemas import FETCHES

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
URL = "https://askdoctor.example/en/qa/{}.html"


def write_index(out: Path, name: str, rows: list[dict]) -> None:
    """An index file as the store writes it, from short rows (url number, status, minute, sha)."""
    full = [
        {
            "url": URL.format(r["n"]),
            "canonical_url": URL.format(r["n"]),
            "kind": "page",
            "fetched_at": T0 + dt.timedelta(minutes=r["minute"]),
            "tries": 1,
            "run_id": name,
            "status": r["status"],
            "content_sha256": r.get("sha"),
            "etag": r.get("etag"),
            "warc_file": f"raw/{name}.warc.gz" if r["status"] != 304 else None,
            "warc_offset": 0 if r["status"] != 304 else None,
        }
        for r in rows
    ]
    (out / "fetches").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(full, FETCHES.arrow_schema), out / "fetches" / f"{name}.parquet")


def lookup(out: Path, n: int) -> tuple[str, str | None, int] | None:
    latest = RawStore(out).latest()
    try:
        got = latest.get(URL.format(n))
    finally:
        latest.close()
    if got is None:
        return None
    return got.content_sha256, got.etag, int((got.confirmed_at - T0) / dt.timedelta(minutes=1))


HISTORY = {  # three runs; each URL's expected outcome is below
    "run-a": [
        {"n": 1, "status": 200, "minute": 0, "sha": "a1", "etag": '"1a"'},
        {"n": 2, "status": 200, "minute": 0, "sha": "a2"},
        {"n": 3, "status": 200, "minute": 0, "sha": "a3"},
    ],
    "run-b": [
        {"n": 1, "status": 304, "minute": 10},  # confirmed
        {"n": 2, "status": 404, "minute": 10},  # gone
        {"n": 3, "status": 200, "minute": 10, "sha": "b3"},  # changed
        {"n": 4, "status": 404, "minute": 10},  # never had a body
    ],
    "run-c": [
        {"n": 2, "status": 200, "minute": 20, "sha": "c2"},  # back
        {"n": 3, "status": 304, "minute": 5},  # a late 304 for the older body: changes nothing
    ],
}
EXPECTED = {1: ("a1", '"1a"', 10), 2: ("c2", None, 20), 3: ("b3", None, 10), 4: None, 5: None}


@pytest.mark.parametrize("order", [["run-a", "run-b", "run-c"], ["run-c", "run-b", "run-a"]])
def test_the_latest_body_per_url_whatever_order_the_index_files_are_merged_in(tmp_path: Path, order: list[str]) -> None:
    for name in order:  # one file per sync: merged in this order
        write_index(tmp_path, name, HISTORY[name])
        RawStore(tmp_path).latest().close()
    assert {n: lookup(tmp_path, n) for n in EXPECTED} == EXPECTED


def test_a_damaged_or_stale_lookup_file_is_rebuilt_from_the_index(tmp_path: Path) -> None:
    for name, rows in HISTORY.items():
        write_index(tmp_path, name, rows)
    RawStore(tmp_path).latest().close()
    db = tmp_path / "raw" / "latest.sqlite"
    db.write_bytes(b"not a database" * 100)  # overwritten
    assert {n: lookup(tmp_path, n) for n in EXPECTED} == EXPECTED
    (tmp_path / "fetches" / "run-c.parquet").unlink()  # set aside (a repair): what it said is gone too
    assert lookup(tmp_path, 2) is None and lookup(tmp_path, 3) == ("b3", None, 10)


MEASURE = """
import json, resource, sys
from sources.options import FetchOptions
from sources.origins import origin_of
from sources.web import crawl
url, out = sys.argv[1], sys.argv[2]
s = crawl([url], output=out, run_id="one", options=FetchOptions(delay=0.0), on_page=lambda ref: None,
          allowed={origin_of(url)})
print(json.dumps({"fetched": s.fetched, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def big_index(out: Path, rows: int) -> None:
    per = 1000
    (out / "fetches").mkdir(parents=True)
    for f in range(rows // per):
        n = range(f * per, (f + 1) * per)
        urls = [URL.format(i) for i in n]
        t = pa.table(
            {
                "url": urls,
                "canonical_url": urls,
                "kind": ["page"] * per,
                "status": pa.array([200] * per, pa.int32()),
                "fetched_at": [T0 + dt.timedelta(seconds=i) for i in n],
                "tries": pa.array([1] * per, pa.int32()),
                "content_sha256": [f"{i:064x}" for i in n],
                "etag": [f'"{i}"' for i in n],
                "warc_file": [f"raw/big-{f:04d}.warc.gz"] * per,
                "warc_offset": [j * 1000 for j in range(per)],
                "run_id": ["big"] * per,
            }
        )
        full = {c.name: t.column(c.name) if c.name in t.column_names else pa.nulls(per) for c in FETCHES.arrow_schema}
        pq.write_table(pa.table(full).cast(FETCHES.arrow_schema), out / "fetches" / f"big-{f:04d}.parquet")


@pytest.mark.slow
def test_a_one_url_crawl_after_a_huge_index_needs_no_more_memory_than_on_an_empty_one(tmp_path: Path) -> None:
    """300,000 URLs in the index (the whole index read made this ~600 MB more): the crawl, merging
    them into its lookup file included, peaks within 60 MB of the same crawl on an empty index."""
    big, empty = tmp_path / "big", tmp_path / "empty"
    big_index(big, 300_000)
    peaks = {}
    with Site(CORPUS / "site") as site:
        for out in (empty, big):
            proc = subprocess.run(
                [sys.executable, "-c", MEASURE, f"{site.base}/en/qa/1.html", str(out)],
                capture_output=True, text=True, cwd=ROOT, check=True,
            )  # fmt: skip
            got = json.loads(proc.stdout.strip().splitlines()[-1])
            assert got["fetched"] == 1
            peaks[out.name] = got["peak_kb"]
    assert lookup(big, 299_999) is not None  # the index was merged, not skipped
    assert peaks["big"] < peaks["empty"] + 60 * 1024, peaks
