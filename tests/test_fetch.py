"""Fetching from a real HTTP server on 127.0.0.1 that misbehaves on purpose (tests/site_server.py).

The assertions are on what the server saw (requests, their timing, how many were in flight) as
well as on the rows, which are compared with truth.jsonl.
"""

from __future__ import annotations

import functools
import itertools
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, field_mismatches, load_truth
from site_server import Site

from dataset import Dataset, commit_run, parsed_among
from engine.steps import process_batch
from flows.pipeline import batched
from rawstore import RawStore
from schemas import latest_valid_day
from sources import PageRef, check_sources, read_page
from sources.options import FetchOptions
from sources.web import CrawlSummary, crawl

pytestmark = pytest.mark.slow  # subprocesses and Prefect servers: `make test-quick` leaves them out

TRUTH = load_truth()
SITE_TRUTH = [t for t in TRUTH if t["file"].startswith("site/en/qa/")]
PAGE_PATHS = sorted("/" + t["file"].removeprefix("site/") for t in SITE_TRUTH)
GOOD = [t for t in SITE_TRUTH if not t.get("reject")]
FAST = {"concurrency": 4, "delay": 0.0, "timeout": 1.0, "backoff": 0.05}


def page_path(entry: dict) -> str:
    return "/" + entry["file"].removeprefix("site/")


@pytest.fixture
def site() -> Site:
    s = Site(CORPUS / "site", sitemap_paths=list(PAGE_PATHS))
    with s:
        yield s


def fetch(site: Site, urls: list[str], out: Path, run_id: str = "r1", **options: object) -> tuple[CrawlSummary, list]:
    """The fetch step alone (no Prefect), under the output's lock as the flow runs it."""
    refs: list[PageRef] = []
    ds = Dataset(out)
    with ds.writer(run_id):
        summary = crawl(
            urls,
            output=out,
            run_id=run_id,
            options=FetchOptions(**{**FAST, **options}),  # type: ignore[arg-type]
            on_page=refs.append,
            allowed=check_sources(urls).origins,
            parsed=functools.partial(parsed_among, ds),
        )
    return summary, refs


def fetch_and_load(site: Site, urls: list[str], out: Path, run_id: str = "r1", **options: object) -> CrawlSummary:
    """Fetch, parse, validate and commit, as the flow does, without Prefect."""
    summary, refs = fetch(site, urls, out, run_id, **options)
    ds = Dataset(out)
    with ds.writer(run_id):
        for n, batch in enumerate(batched(refs, 20)):
            process_batch(n, batch, output=str(out), run_id=run_id, buckets=ds.buckets, today=latest_valid_day())
        commit_run(ds, run_id)
    return summary


def outcome(refs: list[PageRef], url: str) -> tuple[bytes | None, str | None]:
    [ref] = [r for r in refs if r.source == url]
    page = read_page(ref)
    return page.data, page.error


# ---- the whole site, through the Prefect flow --------------------------------------------------


def test_flaky_site_from_sitemap_then_incremental_then_reparse(
    prefect_harness: None, site: Site, tmp_path: Path
) -> None:
    from flows.pipeline import run_pipeline

    site.sitemap_paths.append("/en/private/secret.html")  # disallowed by robots.txt
    kinds = ["503", "429:1", "drop", "stall:2.5"]
    faulty = PAGE_PATHS[::3]  # a third of the pages
    for n, path in enumerate(faulty):
        site.faults[path] = [kinds[n % len(kinds)]]
    site.faults[PAGE_PATHS[1]] = ["503", "503"]  # twice, then fine
    site.gzip_pages = True
    out = tmp_path / "out"
    options = FetchOptions(**FAST)  # type: ignore[arg-type]
    summary = run_pipeline([f"{site.base}/sitemap.xml"], output=str(out), batch_size=10, workers=2, fetch=options)

    # Every page arrived, every field exact; the broken pages are rejects with a reason.
    checked, bad = field_mismatches(out, GOOD, lambda e: site.base + page_path(e))
    assert checked > 2500 and bad == []
    rejects = pd.read_parquet(out / "rejects").set_index("source")
    for entry in SITE_TRUTH:
        if entry.get("reject"):
            assert rejects.loc[site.base + page_path(entry), "stage"] == "parse"
    assert rejects.loc[f"{site.base}/en/private/secret.html", "reason"] == "disallowed by robots.txt"

    # What the server saw: polite, patient, nothing disallowed.
    assert site.hits_for("/en/private/secret.html") == []
    assert len(site.hits_for("/robots.txt")) == 1
    assert 1 < site.max_in_flight <= 4
    for n, path in enumerate(faulty):
        hits = site.hits_for(path)
        assert len(hits) == 2, path
        if kinds[n % len(kinds)] == "429:1":
            assert hits[1].start - hits[0].end >= 1.0  # not before its Retry-After
    assert len(site.hits_for(PAGE_PATHS[1])) == 3
    assert summary.fetch is not None and summary.fetch.retried == len(faulty) + 2

    # The next run downloads nothing unchanged: sitemap lastmod unknown here, so conditional requests.
    before = pd.read_parquet(out / "questions")
    site.reset()
    again = run_pipeline([f"{site.base}/sitemap.xml"], output=str(out), batch_size=10, workers=2, fetch=options)
    page_hits = [h for h in site.hits if h.path in PAGE_PATHS]
    assert len(page_hits) == len(PAGE_PATHS)
    assert all(h.status == 304 for h in page_hits)
    assert again.pages == 1  # only the disallowed URL, rejected again without a request
    assert again.fetch is not None and again.fetch.not_modified == len(PAGE_PATHS)
    after = pd.read_parquet(out / "questions")
    pd.testing.assert_frame_equal(before, after)

    # With the server gone, the raw page store alone rebuilds the same tables elsewhere.
    site.stop()
    rebuilt = tmp_path / "rebuilt"
    run_pipeline(None, output=str(rebuilt), batch_size=10, workers=2, from_raw=str(out))
    for table in ("questions", "replies", "related_links", "rejects"):
        # Run metadata aside: run_id, and when a reject was first seen (a rerun keeps an unchanged reject).
        a, b = (pd.read_parquet(d / table).drop(columns=["run_id", "seen_at"], errors="ignore") for d in (out, rebuilt))
        key = list(a.columns[:3])
        pd.testing.assert_frame_equal(
            a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True), check_like=True
        )


# ---- faults, one at a time ------------------------------------------------------------------------


def test_sitemap_lastmod_skips_unchanged_pages(site: Site, tmp_path: Path) -> None:
    site.lastmod = {p: "2020-01-01" for p in PAGE_PATHS}
    changed = PAGE_PATHS[5]
    fetch_and_load(site, [f"{site.base}/sitemap.xml"], tmp_path)
    site.reset()
    site.lastmod[changed] = "2999-01-01"  # the sitemap says this one changed (its body did not: 304)
    summary = fetch_and_load(site, [f"{site.base}/sitemap.xml"], tmp_path, run_id="r2")
    assert [h.path for h in site.hits if h.path in PAGE_PATHS] == [changed]
    assert site.hits_for(changed)[0].headers.get("if-none-match")
    assert summary.unchanged_by_lastmod == len(PAGE_PATHS) - 1 and summary.not_modified == 1


def test_sitemap_index_is_followed(site: Site, tmp_path: Path) -> None:
    summary, refs = fetch(site, [f"{site.base}/sitemap_index.xml"], tmp_path)
    assert summary.sitemaps == 3
    assert sorted(r.source.removeprefix(site.base) for r in refs) == PAGE_PATHS


def test_retries_are_bounded_with_growing_backoff_then_rejected(site: Site, tmp_path: Path) -> None:
    path = PAGE_PATHS[0]
    site.faults[path] = ["503"] * 10
    summary, refs = fetch(site, [site.base + path], tmp_path, retries=3, backoff=0.2)
    hits = site.hits_for(path)
    assert len(hits) == 4  # one try and three retries
    gaps = [b.start - a.start for a, b in itertools.pairwise(hits)]
    assert gaps[0] >= 0.1 and gaps[1] >= gaps[0] * 0.99 and gaps[2] >= gaps[1] * 0.99  # 0.2 s x 2^n, jittered
    data, error = outcome(refs, site.base + path)
    assert data is None and error is not None and error.startswith("http 503")
    assert summary.failed["http 503"] == 1
    row = RawStore(tmp_path).fetches().to_pylist()[-1]
    assert row["status"] == 503 and row["tries"] == 4  # the last response is stored too


def test_retry_after_is_honoured_and_a_long_one_fails_the_page(site: Site, tmp_path: Path) -> None:
    short, long = PAGE_PATHS[0], PAGE_PATHS[1]
    site.faults[short] = ["429:1"]
    site.faults[long] = ["429:3600"]
    summary, refs = fetch(site, [site.base + short, site.base + long], tmp_path, max_wait=5)
    first, second = site.hits_for(short)
    assert second.start - first.end >= 1.0
    assert outcome(refs, site.base + short)[0] is not None
    assert len(site.hits_for(long)) == 1
    assert summary.failed["retry-after too long"] == 1


def test_dropped_connection_and_stall_are_retried(site: Site, tmp_path: Path) -> None:
    dropped, stalled = PAGE_PATHS[0], PAGE_PATHS[1]
    site.faults[dropped] = ["drop"]
    site.faults[stalled] = ["stall:2"]
    summary, refs = fetch(site, [site.base + dropped, site.base + stalled], tmp_path, timeout=0.5)
    assert len(site.hits_for(dropped)) == 2 and len(site.hits_for(stalled)) == 2
    for path in (dropped, stalled):
        assert outcome(refs, site.base + path)[0] == (CORPUS / "site" / path.lstrip("/")).read_bytes()
    assert summary.retried == 2


def test_a_dripping_server_fails_the_page_at_the_deadline_not_retried(site: Site, tmp_path: Path) -> None:
    """A byte every 0.1 s never stalls a read, so only the request's deadline ends it: the page is
    a reject with reason `deadline` after one request (a retry would drip again), the others land."""
    dripping, fine = PAGE_PATHS[0], PAGE_PATHS[1]
    site.faults[dripping] = ["drip:0.1"]
    summary, refs = fetch(
        site, [site.base + dripping, site.base + fine], tmp_path, timeout=1.0, deadline=1.5, retries=3
    )
    assert summary.failed == {"deadline": 1}, summary.failed
    assert len(site.hits_for(dripping)) == 1 and 0 < site.hits_for(dripping)[0].body_bytes < 1000
    assert outcome(refs, site.base + fine)[0] == (CORPUS / "site" / fine.lstrip("/")).read_bytes()
    [reject] = [r for r in refs if r.source == site.base + dripping]
    assert reject.path is None and "still arriving after 1.5 s" in (reject.error or "")


def test_stalled_request_keeps_its_slot_until_the_server_is_done(site: Site, tmp_path: Path) -> None:
    """We stop waiting after the timeout, but the server still counts the stalled request in flight."""
    for path in PAGE_PATHS[:4]:
        site.faults[path] = ["stall:1.5"]
    summary, refs = fetch(site, [site.base + p for p in PAGE_PATHS[:12]], tmp_path, timeout=0.5, concurrency=2)
    assert site.max_in_flight == 2  # both slots used, never a third, even while stalled requests linger
    assert len([r for r in refs if r.path]) == 12 and summary.retried >= 4  # every page came, the stalled ones again


def test_redirects_stay_on_allowed_hosts(site: Site, tmp_path: Path) -> None:
    inside, outside = "/moved/1.html", "/moved/away.html"
    site.faults[inside] = [f"redirect:{site.base}/en/qa/1.html"]
    site.faults[outside] = ["redirect:http://elsewhere.invalid/en/qa/1.html"]
    summary, refs = fetch(site, [site.base + inside, site.base + outside], tmp_path)
    assert outcome(refs, site.base + inside)[0] == (CORPUS / "site/en/qa/1.html").read_bytes()
    data, error = outcome(refs, site.base + outside)
    assert data is None and error is not None and error.startswith("redirect to another host")
    assert summary.failed == {"redirect to another host": 1}


@pytest.mark.parametrize("action", ["big", "big-chunked", "bomb"])
def test_oversized_bodies_are_cut_off_and_rejected(site: Site, tmp_path: Path, action: str) -> None:
    path = "/huge.html"
    site.faults[path] = [action]
    summary, refs = fetch(site, [site.base + path], tmp_path, max_bytes=1024 * 1024)
    data, error = outcome(refs, site.base + path)
    assert data is None and error is not None and error.startswith("too large")
    assert len(site.hits_for(path)) == 1  # permanent: not retried
    assert summary.failed == {"too large": 1}


def test_wrong_charset_in_the_header(site: Site, tmp_path: Path) -> None:
    """100002.html is UTF-8 ("38.5°C") but served as ISO-8859-1: its fields still match truth."""
    [entry] = [t for t in GOOD if t["file"] == "site/en/qa/100002.html"]
    site.faults[page_path(entry)] = ["charset:iso-8859-1"]
    fetch_and_load(site, [site.base + page_path(entry)], tmp_path)
    checked, bad = field_mismatches(tmp_path, [entry], lambda e: site.base + page_path(e))
    assert checked > 20 and bad == []
    assert "°C" in pd.read_parquet(tmp_path / "questions")["body"].iloc[0]


def test_robots_crawl_delay_wins_over_a_smaller_delay(site: Site, tmp_path: Path) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 0.3\n"
    fetch(site, [site.base + p for p in PAGE_PATHS[:5]], tmp_path, delay=0.0, concurrency=4)
    starts = sorted(h.start for h in site.hits if h.path in PAGE_PATHS)
    assert len(starts) == 5
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.28
    assert site.hits_for("/robots.txt")[0].headers["user-agent"].startswith("qa-etl/")


def test_robots_txt_unavailable_means_nothing_is_fetched(site: Site, tmp_path: Path) -> None:
    site.faults["/robots.txt"] = ["503"] * 10
    summary, refs = fetch(site, [site.base + PAGE_PATHS[0]], tmp_path, retries=1)
    assert [h.path for h in site.hits] == ["/robots.txt", "/robots.txt"]
    assert summary.failed == {"robots.txt unavailable": 1}
    assert refs[0].error and refs[0].error.startswith("robots.txt unavailable")


def test_file_of_urls_and_304_on_the_second_run(site: Site, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# two pages\n" + "".join(f"{site.base}{p}\n" for p in PAGE_PATHS[:2]))
    plan = check_sources([str(urls)])
    out = tmp_path / "out"
    fetch_and_load(site, plan.urls, out)
    site.reset()
    summary = fetch_and_load(site, plan.urls, out, run_id="r2")
    assert [h.status for h in site.hits if h.path in PAGE_PATHS] == [304, 304]
    assert summary.not_modified == 2 and summary.fetched == 0 and summary.unparsed_restored == 0


def test_a_killed_run_loses_nothing_it_fetched(site: Site, tmp_path: Path) -> None:
    """Responses stored by a run that died before its commit are parsed by the next run, not fetched again."""
    urls = [site.base + p for p in PAGE_PATHS[:6]]
    fetch(site, urls, tmp_path)  # fetched and stored, never parsed nor committed
    site.reset()
    summary = fetch_and_load(site, urls, tmp_path, run_id="r2")
    assert all(h.status == 304 for h in site.hits if h.path in PAGE_PATHS)
    assert summary.unparsed_restored == 6
    assert len(pd.read_parquet(tmp_path / "questions")) == 6


def test_an_unindexed_warc_file_is_indexed_from_its_records(site: Site, tmp_path: Path) -> None:
    fetch(site, [site.base + p for p in PAGE_PATHS[:3]], tmp_path)
    store = RawStore(tmp_path)
    for index in store.index_dir.glob("*.parquet"):
        index.unlink()  # as if the run was killed before it wrote its index
    assert store.fetches().num_rows == 0
    assert store.recover()
    rows = store.fetches().to_pylist()
    assert sorted(r["url"] for r in rows if r["kind"] == "page") == sorted(site.base + p for p in PAGE_PATHS[:3])
    first = next(r for r in rows if r["kind"] == "page")
    assert store.read(first["warc_file"], first["warc_offset"]).status == 200


def test_follow_links_fetches_each_similar_page_once(site: Site, tmp_path: Path) -> None:
    [entry] = [t for t in GOOD if t["file"] == "site/en/qa/1.html"]
    targets = {"/" + link["url"].split("/", 3)[3] for link in entry["related_links"] if link["kind"] == "similar_qa"}
    summary, _refs = fetch(site, [site.base + "/en/qa/1.html"], tmp_path, follow_links=True, max_depth=1)
    pages = [h.path for h in site.hits if h.path != "/robots.txt"]
    assert sorted(pages) == sorted({"/en/qa/1.html", *targets})  # each once
    assert summary.links_followed == len(targets)


def test_warc_file_as_source(tmp_path: Path, site: Site) -> None:
    """A WARC file (here, one the raw page store wrote) is read in place as a SOURCE."""
    fetch(site, [site.base + p for p in PAGE_PATHS[:3]], tmp_path / "a")
    [warc] = (tmp_path / "a" / "raw").glob("*.warc.gz")
    copy = tmp_path / "pages.warc.gz"
    shutil.copy(warc, copy)
    plan = check_sources([str(copy)])
    from sources import iter_warc_pages

    refs = list(iter_warc_pages(plan.warcs))
    assert sorted(r.source for r in refs) == sorted(site.base + p for p in PAGE_PATHS[:3])
    assert all(read_page(r).data for r in refs)


def test_another_port_on_an_allowed_host_is_another_origin(site: Site, tmp_path: Path) -> None:
    """A redirect, a sitemap entry and a followed link, each to a service on another port of
    127.0.0.1: none is requested there (not even its robots.txt); each is a reject that says why."""
    with Site(CORPUS / "site") as other:
        page = (
            (CORPUS / "site/en/qa/1.html")
            .read_bytes()
            .replace(b'href="/en/qa/100002.html"', f'href="{other.base}/en/qa/100002.html"'.encode())
        )
        site.pages["/linking.html"] = page
        site.pages["/other-sitemap.xml"] = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{other.base}/en/qa/1.html</loc></url></urlset>"
        ).encode()
        site.faults["/moved.html"] = [f"redirect:{other.base}/en/qa/1.html"]
        urls = [site.base + p for p in ("/moved.html", "/other-sitemap.xml", "/linking.html")]
        summary, refs = fetch(site, urls, tmp_path, follow_links=True, max_depth=1)
        assert summary.links_offsite == 1 and "1 links to other sites not followed" in summary.describe()
        assert other.hits == []
        errors = {r.source: r.error for r in refs if r.error}
        assert errors[site.base + "/moved.html"].startswith("redirect to another host")
        assert errors[other.base + "/en/qa/1.html"].startswith("not on an allowed host")
        assert f"127.0.0.1:{other.base.rsplit(':', 1)[1]}" in errors[other.base + "/en/qa/1.html"]
        # Named with --allow-host HOST:PORT, that origin is fetched, its own robots.txt first.
        fetch(site, [site.base + "/other-sitemap.xml"], tmp_path / "b", allow_hosts=(other.base.split("//")[1],))
        assert [h.path for h in other.hits] == ["/robots.txt", "/en/qa/1.html"]


def test_sitemap_crawling_is_bounded(site: Site, tmp_path: Path) -> None:
    """An index chain (each index lists the next) stops at the depth limit; an index of many sitemaps
    at the sitemap limit; a huge sitemap at the URL limit. What is left out is a reject saying so."""

    def index(*locs: str) -> bytes:
        items = "".join(f"<sitemap><loc>{site.base}{loc}</loc></sitemap>" for loc in locs)
        return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode()

    for n in range(50):  # an endless chain, as far as a crawler without limits is concerned
        site.pages[f"/chain-{n}.xml"] = index(f"/chain-{n + 1}.xml")
    _, refs = fetch(site, [site.base + "/chain-0.xml"], tmp_path / "a", max_sitemap_depth=3)
    assert sorted(h.path for h in site.hits if h.path != "/robots.txt") == [f"/chain-{n}.xml" for n in range(4)]
    assert [r.error.split(":")[0] for r in refs if r.error] == ["sitemap limit"]

    site.reset()
    site.pages["/wide.xml"] = index(*(f"/chain-{n}.xml" for n in range(10, 20)))
    _, refs = fetch(site, [site.base + "/wide.xml"], tmp_path / "b", max_sitemaps=4, max_sitemap_depth=1)
    fetched = [h.path for h in site.hits if h.path != "/robots.txt"]
    assert len(fetched) == 4  # the index itself and 3 of its 10 sitemaps
    assert any(r.error and "7 sitemaps left out" in r.error for r in refs)

    site.reset()
    summary, refs = fetch(site, [site.base + "/sitemap.xml"], tmp_path / "c", max_urls=5)
    assert summary.fetched == 5 and any(r.error and "page URLs left out" in r.error for r in refs)


def test_an_index_naming_a_warc_file_outside_the_output_stops_the_crawl(site: Site, tmp_path: Path) -> None:
    """The stored copy of an unchanged page is read from where the index says: outside the output
    folder, the crawl stops with that error (not a reject per page, and not a read)."""
    from errors import OutputError

    out = tmp_path / "out"
    urls = [f"{site.base}{p}" for p in PAGE_PATHS[:3]]
    fetch(site, urls, out, "r1")
    for f in (out / "fetches").glob("*.parquet"):
        t = pq.read_table(f)
        evil = pa.array(["../evil.warc.gz"] * t.num_rows, pa.string())
        pq.write_table(t.set_column(t.schema.get_field_index("warc_file"), "warc_file", evil), f)
    (out / "raw" / "latest.sqlite").unlink()  # looked up again from the index
    (tmp_path / "evil.warc.gz").write_bytes(b"not read")
    site.reset()
    with pytest.raises(OutputError, match="outside the output folder"):
        fetch(site, urls, out, "r2", follow_links=True)


def test_a_sitemap_entry_that_is_not_a_url_is_a_reject(site: Site, tmp_path: Path) -> None:
    site.sitemap_paths = [PAGE_PATHS[0], ":9999/en/qa/1.html"]  # http://127.0.0.1:PORT:9999/…: no URL
    summary, refs = fetch(site, [f"{site.base}/sitemap.xml"], tmp_path)
    errors = [r.error for r in refs if r.error]
    assert summary.fetched == 1 and len(errors) == 1 and errors[0].startswith("not a URL: "), errors


def _run_cli(*args: str) -> tuple[int, str]:
    from conftest import cli_process

    proc = cli_process("run", *args, "--delay", "0", "--retries", "1", "--backoff", "0.05")
    _, stderr = proc.communicate(timeout=240)
    return proc.returncode, stderr


def _status(out: Path) -> list[str]:
    return pd.read_parquet(out / "runs")["status"].tolist()


@pytest.mark.parametrize("how", ["--no-prefect", "--prefect"])
def test_a_crawl_that_reaches_no_page_is_a_failed_run_not_a_green_one(site: Site, tmp_path: Path, how: str) -> None:
    """robots.txt never answers (the site is down): the run fails, exit 1, one line naming the origin
    and why; the Prefect flow run fails the same way (the run's row says so either way)."""
    site.faults["/robots.txt"] = ["503"] * 10
    code, stderr = _run_cli(f"{site.base}/sitemap.xml", "-o", str(tmp_path / "out"), how)
    assert code == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    expected = f"qa-etl: error: the crawl reached no page of {site.base}: 1 failed (1 robots.txt unavailable)"
    assert lines[0].startswith(expected)
    assert _status(tmp_path / "out") == ["failed"]


def test_a_sitemap_whose_every_page_is_off_the_fence_is_a_failed_run(site: Site, tmp_path: Path) -> None:
    with Site(CORPUS / "site") as other:
        entries = "".join(f"<url><loc>{other.base}{p}</loc></url>" for p in PAGE_PATHS[:3])
        site.pages["/moved-sitemap.xml"] = (
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        ).encode()
        code, stderr = _run_cli(f"{site.base}/moved-sitemap.xml", "-o", str(tmp_path / "out"), "--no-prefect")
        assert other.hits == []
    assert code == 1, stderr
    assert "the crawl reached no page" in stderr and "3 failed (3 not on an allowed host)" in stderr
    assert _status(tmp_path / "out") == ["failed"]


def test_a_crawl_that_reaches_some_pages_completes_with_its_rejects(site: Site, tmp_path: Path) -> None:
    """The control: one page gone (404), the others fetched: completed, exit 0, the 404 a reject."""
    site.sitemap_paths.append("/en/qa/no-such-page.html")
    code, stderr = _run_cli(f"{site.base}/sitemap.xml", "-o", str(tmp_path / "out"), "--no-prefect")
    assert code == 0, stderr
    assert _status(tmp_path / "out") == ["completed"]
    assert len(pd.read_parquet(tmp_path / "out" / "rejects")) >= 1
