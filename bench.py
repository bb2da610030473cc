"""`make bench`: how fast the pipeline is, and how much memory every process of it takes.

Pages are the shared corpus's three kinds (the two HTML designs and the text snapshots), each made
a distinct question and asked on a day drawn over 18 years (2008-2025), as a real site's are: so a
run touches hundreds of month partitions, not a few. The same pages are parsed by a naive
single-process BeautifulSoup loop in the same run: the baseline. Every run is a fresh process;
a sampler reads the memory of it and of every process it starts (workers, fork server, Prefect's
server, Dask's) every 50 ms. Nothing here is a test: it prints figures for a person to read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "tests" / "corpus"
QUIET = {"PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
_DATE = re.compile(rb"((?:Ask|Reply) Date: )\d{4}/\d{2}/\d{2}")
_FIRST_DAY, _DAYS = dt.date(2008, 1, 1), (dt.date(2025, 12, 31) - dt.date(2008, 1, 1)).days


def templates() -> dict[str, list[bytes]]:
    """The corpus's pages that are questions, by kind: HTML design A (div), B (table), snapshots."""
    html = [p.read_bytes() for p in sorted((CORPUS / "site/en/qa").glob("*.html"))]
    html = [p for p in html if b"Ask Date:" in p and b"Dr. " in p]
    snaps = [p.read_bytes() for p in sorted((CORPUS / "snapshots").glob("qa-*.txt"))]
    return {
        "html-a": [p for p in html if b"asker-meta" in p],
        "html-b": [p for p in html if b"asker-meta" not in p],
        "text": [p for p in snaps if b"Ask Date:" in p],
    }


def make_pages(folder: Path, n: int, start: int = 0, seed: int = 7) -> int:
    """Write pages start..start+n-1 into `folder`, the kinds in turn; returns their bytes."""
    kinds = templates()
    order = sorted(kinds)
    rng = random.Random(seed + start)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(start, start + n):
        kind = order[i % len(order)]
        raw = kinds[kind][(i // len(order)) % len(kinds[kind])]
        day = _FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))
        raw = _DATE.sub(lambda m, d=day: m.group(1) + d.strftime("%Y/%m/%d").encode(), raw)
        tag = f" (bench {i})".encode()
        if kind == "text":  # its id hashes headline, title and asker: a new title is a new question
            lines = raw.split(b"\n")
            title = next(k for k, line in enumerate(lines) if line.rstrip().endswith(b"?"))
            lines[title] = lines[title].rstrip()[:-1] + tag + b"?"
            raw = b"\n".join(lines)
            name = f"{i:07d}.txt"
        else:
            raw = re.sub(
                rb'(href|content)="https://askdoctor\.example/en/qa/\d+',
                rb'\1="https://askdoctor.example/en/qa/b%d' % i,
                raw,
            )
            raw = raw.replace(b"?</h2>", tag + b"?</h2>", 1).replace(b"?</b></td>", tag + b"?</b></td>", 1)
            name = f"{i:07d}.html"
        (folder / name).write_bytes(raw)
        total += len(raw)
    return total


# ---- measuring a process and everything it starts ------------------------------------------------
@dataclass
class Measured:
    seconds: float
    peak_total_mb: float  # the largest sum of RSS over the process tree at one moment
    peak_by_role: dict[str, float] = field(default_factory=dict)  # the largest RSS of one process, by role
    processes: int = 0
    output: str = ""


def _role(p: psutil.Process, main: int) -> str:
    if p.pid == main:
        return "main"
    try:
        cmd = " ".join(p.cmdline())
        parent = " ".join(p.parent().cmdline()) if p.parent() else ""
    except psutil.Error:
        return "other"
    if "forkserver" in cmd and "forkserver" in parent:
        return "worker"  # forked by the fork server: its command line is the fork server's
    for key, role in (("forkserver", "fork server"), ("resource_tracker", "resource tracker"),
                      ("uvicorn", "prefect server"), ("spawn_main", "worker"), ("dask", "dask")):  # fmt: skip
        if key in cmd:
            return role
    return "worker"


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run `cmd`, sampling the RSS of it and its descendants every 50 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **QUIET, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    peak_total, by_role, seen = 0.0, {}, set()
    root = psutil.Process(proc.pid)

    def sample() -> None:
        nonlocal peak_total
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0.0
            for p in tree:
                try:
                    mb = p.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                total += mb
                seen.add(p.pid)
                role = _role(p, proc.pid)
                by_role[role] = max(by_role.get(role, 0.0), mb)
            peak_total = max(peak_total, total)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:6])} failed ({proc.returncode}): {err.strip()[-500:]}")
    return Measured(seconds, peak_total, by_role, len(seen), out)


def qa_etl(*args: str, env: dict[str, str] | None = None) -> Measured:
    return measure([sys.executable, "-m", "flows.cli", *args], env)


NAIVE = """
import re, sys, time
from pathlib import Path
from bs4 import BeautifulSoup
t = time.perf_counter()
for path in sorted(Path(sys.argv[1]).iterdir()):
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    text = soup.get_text("\\n")
    _ = (soup.title.string if soup.title else None, [a.get("href") for a in soup.find_all("a")],
         re.search(r"Ask Date: (\\d{4}/\\d\\d/\\d\\d)", text), re.findall(r"Dr\\. (.+?) reply (.+)", text))
print(time.perf_counter() - t)
"""


def naive_bs4(folder: Path) -> Measured:
    """A plain single-process BeautifulSoup(lxml) parse pulling the main fields of every page."""
    return measure([sys.executable, "-c", NAIVE, str(folder)])


ALONE = """
import sys, time
from pathlib import Path
import lxml.html
from parsers import parse_page
from parsers.records import ParseError
pages = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[1]).iterdir()) if p.suffix == ".html"]
def timed(f):
    t = time.perf_counter()
    for name, raw in pages:
        f(name, raw)
    return time.perf_counter() - t
def ours(name, raw):
    try:
        parse_page(raw, name=name)
    except ParseError:
        pass
out = {"lxml": timed(lambda n, r: lxml.html.fromstring(r).text_content()), "parse_page": timed(ours)}
try:
    from selectolax.lexbor import LexborHTMLParser
    out["selectolax"] = timed(lambda n, r: LexborHTMLParser(r.decode("utf-8", "replace")).text(separator="\\n"))
except ImportError:
    pass
print(len(pages), *(f"{k}={v}" for k, v in out.items()))
"""


def parser_alone(folder: Path) -> str:
    """The parser on one core against lxml's and selectolax's (lexbor) parse + text of the same HTML pages."""
    m = measure([sys.executable, "-c", ALONE, str(folder)])
    n, *pairs = m.output.split()
    secs = {k: float(v) for k, v in (p.split("=") for p in pairs)}
    rates = ", ".join(f"{k} {int(n) / v:.0f} pages/s" for k, v in secs.items())
    ratio = (
        f"; parse_page at {secs['selectolax'] / secs['parse_page']:.2f}x selectolax's parse + text"
        if "selectolax" in secs
        else "; selectolax not installed (make install adds it)"
    )
    return f"parser alone, one core, {n} HTML pages: {rates}{ratio}"


def running_server(home: Path) -> tuple[subprocess.Popen[bytes], str] | None:
    """`prefect server start` as a user runs it for scheduled deployments, in a Prefect home of its own."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, **QUIET, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return proc, api
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.terminate()
    proc.wait(timeout=30)
    return None


def flow_cost(api: str, extra: float) -> str:
    """What the flow asked of the server on its run: task runs, artifacts, state changes, log lines."""
    runs = httpx.post(f"{api}/flow_runs/filter", json={"limit": 1, "sort": "START_TIME_DESC"}, timeout=30).json()
    if not runs:
        return "the flow's own cost: no flow run found on the server"
    run = {"flow_runs": {"id": {"any_": [runs[0]["id"]]}}}
    tasks = httpx.post(f"{api}/task_runs/filter", json={**run, "limit": 200}, timeout=30).json()
    artifacts = httpx.post(f"{api}/artifacts/count", json=run, timeout=30).json()
    logs = httpx.post(f"{api}/logs/filter", json={"logs": {"flow_run_id": {"any_": [runs[0]["id"]]}}, "limit": 200},
                      timeout=30).json()  # fmt: skip
    states = len(httpx.get(f"{api}/flow_run_states/", params={"flow_run_id": runs[0]["id"]}, timeout=30).json())
    for t in tasks:
        states += len(httpx.get(f"{api}/task_run_states/", params={"task_run_id": t["id"]}, timeout=30).json())
    return (
        f"the flow's own cost over the plain engine: {extra:+.1f} s for {len(tasks)} task runs, {artifacts} artifacts, "
        f"{states} state changes, {len(logs)} log lines sent to the server"
    )


def row(label: str, pages: int, m: Measured) -> str:
    roles = ", ".join(f"{r} {mb:.0f}" for r, mb in sorted(m.peak_by_role.items(), key=lambda x: -x[1]))
    return f"{label:<34}{m.seconds:>8.1f}{pages / m.seconds:>9.0f}{m.peak_total_mb:>10.0f}   {roles}"


HEAD = f"{'run':<34}{'seconds':>8}{'pages/s':>9}{'peak MB':>10}   peak MB of one process, by role"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=4000, help="pages of the main comparison (default 4000)")
    ap.add_argument("--large", type=int, default=40000, help="pages of the large run (default 40000; 0: skip)")
    ap.add_argument("--dataset", type=int, default=100000, help="questions already loaded before a 100-page run "
                    "(default 100000; 0: skip)")  # fmt: skip
    ap.add_argument("--dask", default="1,2,4", help="Dask LocalCluster sizes to try (default 1,2,4; '': skip)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    print(f"this machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")

    with tempfile.TemporaryDirectory(prefix="qa-etl-bench-") as tmp_name:
        tmp = Path(tmp_name)
        pages = tmp / "pages"
        size = make_pages(pages, args.pages)
        print(f"{args.pages} pages ({size / 1e6:.1f} MB; HTML design A, B and text snapshots in turn; asked 2008-2025)")
        base = naive_bs4(pages)
        print(f"\nnaive single-process bs4 parse, parse only, no output: {base.seconds:.1f} s, "
              f"{args.pages / base.seconds:.0f} pages/s, {base.peak_total_mb:.0f} MB")  # fmt: skip

        print(parser_alone(pages))

        w = str(args.workers)
        print(f"\n{HEAD}")
        plain = qa_etl("run", str(pages), "-o", str(tmp / "o-plain"), "-q", "--workers", w, "--no-prefect")
        print(row(f"plain engine, {args.pages} pages", args.pages, plain))
        again = qa_etl("run", str(pages), "-o", str(tmp / "o-plain"), "-q", "--workers", w, "--no-prefect")
        print(row("  again, unchanged", args.pages, again))
        flow = qa_etl("run", str(pages), "-o", str(tmp / "o-flow"), "-q", "--workers", w, "--prefect")
        print(row(f"Prefect flow (temporary server), {args.pages}", args.pages, flow))
        served = running_server(tmp / "prefect-home")
        if served is None:
            print("Prefect flow (running server): `prefect server start` did not answer in 90 s; skipped")
        else:
            server, api = served
            try:
                env = {"PREFECT_API_URL": api}
                up = qa_etl("run", str(pages), "-o", str(tmp / "o-served"), "-q", "--workers", w, "--prefect", env=env)
                server_mb = psutil.Process(server.pid).memory_info().rss / 2**20
                print(row(f"Prefect flow (running server), {args.pages}", args.pages, up)
                      + f"   (the server, not counted: {server_mb:.0f} MB)")  # fmt: skip
                print(flow_cost(api, up.seconds - plain.seconds))
            finally:
                server.terminate()
                server.wait(timeout=30)
        print(f"\nspeed-up over the naive bs4 parse: plain engine {base.seconds / plain.seconds:.2f}x, "
              f"Prefect flow {base.seconds / flow.seconds:.2f}x (temporary server)"
              + (f", {base.seconds / up.seconds:.2f}x (running server)" if served else ""))  # fmt: skip

        if args.large:
            big = tmp / "large"
            make_pages(big, args.large, start=1_000_000)
            m = qa_etl("run", str(big), "-o", str(tmp / "o-large"), "-q", "--workers", w, "--no-prefect")
            print(f"\n{HEAD}\n" + row(f"plain engine, {args.large} pages", args.large, m))

        if args.dataset:
            loaded = tmp / "loaded"
            make_pages(loaded, args.dataset, start=2_000_000)
            out = tmp / "o-loaded"
            m = qa_etl("run", str(loaded), "-o", str(out), "-q", "--workers", w, "--no-prefect")
            print(f"\n{HEAD}\n" + row(f"load {args.dataset} questions", args.dataset, m))
            small = tmp / "small"
            make_pages(small, 100, start=3_000_000)
            m = qa_etl("run", str(small), "-o", str(out), "--workers", w, "--no-prefect")
            commit = re.search(r"commit ([\d.]+) s", m.output)
            print(row(f"100 new pages into {args.dataset}", 100, m)
                  + (f"   (commit {commit.group(1)} s)" if commit else ""))  # fmt: skip

        sizes = [int(x) for x in args.dask.split(",") if x.strip()]
        if sizes:
            print(f"\n{HEAD}")
            for n in sizes:
                m = qa_etl(
                    "run", str(pages), "-o", str(tmp / f"o-dask{n}"), "-q", "--dask", f"local:{n}", "--no-prefect"
                )
                print(row(f"Dask LocalCluster, {n} workers", args.pages, m))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
