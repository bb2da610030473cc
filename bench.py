"""`make bench`: pages/s and peak memory of the whole pipeline on N synthetic pages.

Synthetic pages are the corpus's HTML pages (both templates) with a new canonical URL and title
each, so every one is a distinct question. The same pages are also parsed by a naive
single-process BeautifulSoup loop, the baseline the pipeline must beat. Nothing here is a test:
it prints figures for a person to read.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flows.cli import QUIET_PREFECT

ROOT = Path(__file__).resolve().parent
TEMPLATES = sorted((ROOT / "tests/corpus/site/en/qa").glob("1*.html"))


def make_pages(folder: Path, n: int) -> int:
    """Write n distinct pages; returns their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [p.read_bytes() for p in TEMPLATES]
    total = 0
    for i in range(n):
        raw = sources[i % len(sources)]
        raw = re.sub(
            rb'(rel="canonical" href="https://askdoctor\.example/en/qa/)\d+',
            rb"\g<1>%d" % (9_000_000 + i),
            raw,
            count=1,
        )
        raw = re.sub(
            rb'(property="og:url" content="https://askdoctor\.example/en/qa/)\d+',
            rb"\g<1>%d" % (9_000_000 + i),
            raw,
            count=1,
        )
        sub = f"synthetic {i}".encode()
        raw = raw.replace(b"?</h2>", b" (" + sub + b")?</h2>", 1).replace(
            b"?</b></td>", b" (" + sub + b")?</b></td>", 1
        )
        (folder / f"{i:07d}.html").write_bytes(raw)
        total += len(raw)
    return total


def naive_bs4(folder: Path) -> float:
    """Seconds for a plain single-process BeautifulSoup(lxml) parse pulling the main fields of every page."""
    from bs4 import BeautifulSoup

    start = time.perf_counter()
    for path in sorted(folder.glob("*.html")):
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        text = soup.get_text("\n")
        _ = (
            soup.title.string if soup.title else None,
            [a.get("href") for a in soup.find_all("a")],
            re.search(r"Ask Date: (\d{4}/\d\d/\d\d)", text),
            re.findall(r"Dr\. (.+?) reply (.+)", text),
        )
    return time.perf_counter() - start


def run_once(
    pages: Path | str, out: Path, workers: int, batch_size: int, fetch: str = "None"
) -> tuple[float, float, float]:
    """(seconds, peak RSS MB of the run's main process, of its largest worker), in a fresh process."""
    code = (
        "import resource, sys, time\n"
        "from flows.pipeline import run_pipeline\n"
        "from sources.options import FetchOptions\n"
        "t = time.perf_counter()\n"
        f"s = run_pipeline([{str(pages)!r}], output={str(out)!r}, batch_size={batch_size}, workers={workers}, "
        f"fetch={fetch})\n"
        "secs = time.perf_counter() - t\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "assert s.rejected == 0 and s.commit.rows['questions'] >= s.pages, s\n"
        "print(secs, me, kids)\n"
    )
    env = {**os.environ, **QUIET_PREFECT}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    secs, me, kids = (float(x) for x in proc.stdout.split()[-3:])
    return secs, me, kids


def crawl_bench(pages: Path, tmp: Path, args: argparse.Namespace) -> None:
    """Crawl synthetic pages from a sitemap on a local server (tests/site_server.py), then again."""
    sys.path.insert(0, str(ROOT / "tests"))
    from site_server import Site

    paths = [f"/{p.name}" for p in sorted(pages.glob("*.html"))[: args.crawl_pages]]
    site = Site(pages, robots="User-agent: *\n", sitemap_paths=paths, gzip_pages=True)
    with site:
        out = tmp / "out-crawl"
        fetch = "FetchOptions(concurrency=4, delay=0.0)"
        url = f"{site.base}/sitemap.xml"
        first = run_once(url, out, args.workers, args.batch_size, fetch)
        hits_first = len(site.hits)
        again = run_once(url, out, args.workers, args.batch_size, fetch)
        wanted = set(paths)
        full_again = sum(1 for h in site.hits[hits_first:] if h.status == 200 and h.path in wanted)
    n = len(paths)
    print(f"\ncrawl of {n} pages from a sitemap on 127.0.0.1 (gzip, --concurrency 4 --delay 0; includes Prefect start)")
    print(f"{'run':<14}{'seconds':>9}{'pages/s':>10}{'peak MB main':>14}{'peak MB worker':>16}")
    print(f"{'first crawl':<14}{first[0]:>9.1f}{n / first[0]:>10.0f}{first[1]:>14.0f}{first[2]:>16.0f}")
    print(f"{'next crawl':<14}{again[0]:>9.1f}{n / again[0]:>10.0f}{again[1]:>14.0f}{again[2]:>16.0f}", end="")
    print(f"   ({full_again} of {n} pages downloaded again; the rest 304)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=4000, help="synthetic pages to generate (default 4000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=250)
    ap.add_argument("--no-baseline", action="store_true", help="skip the naive bs4 baseline")
    ap.add_argument(
        "--crawl-pages", type=int, default=1000, help="pages to crawl from a local HTTP server (default 1000; 0: skip)"
    )
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="qa-etl-bench-") as tmp:
        small_n = max(1, args.pages // 4)
        print(f"generating {args.pages} + {small_n} synthetic pages ...", flush=True)
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        size = make_pages(big, args.pages)
        make_pages(small, small_n)
        print(f"  {size / 1e6:.1f} MB of HTML, {size / args.pages / 1e3:.1f} KB a page")

        rows = []
        for label, folder, n in ((f"{small_n} pages", small, small_n), (f"{args.pages} pages", big, args.pages)):
            secs, me, kids = run_once(folder, Path(tmp) / f"out-{n}", args.workers, args.batch_size)
            rows.append((label, n, secs, me, kids))
        secs_re, _, _ = run_once(big, Path(tmp) / f"out-{args.pages}", args.workers, args.batch_size)

        print(
            f"\npipeline (workers={args.workers}, batch={args.batch_size}; includes Prefect's temporary server start)"
        )
        print(f"{'run':<14}{'seconds':>9}{'pages/s':>10}{'peak MB main':>14}{'peak MB worker':>16}")
        for label, n, secs, me, kids in rows:
            print(f"{label:<14}{secs:>9.1f}{n / secs:>10.0f}{me:>14.0f}{kids:>16.0f}")
        print(f"{'rerun ' + str(args.pages):<14}{secs_re:>9.1f}{args.pages / secs_re:>10.0f}   (unchanged pages)")
        if not args.no_baseline:
            base = naive_bs4(big)
            print(
                f"\nnaive single-process bs4 parse of the same {args.pages} pages (parse only, no output): "
                f"{base:.1f} s, {args.pages / base:.0f} pages/s"
            )
            print(f"pipeline speed-up over the baseline: {base / rows[-1][2]:.2f}x")
        if args.crawl_pages:
            crawl_bench(big, Path(tmp), args)
        me_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this benchmark process peaked at {me_self:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
