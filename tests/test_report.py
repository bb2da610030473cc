"""`qa-etl report`: one HTML file that opens offline, whose figures agree with truth, rendered in a
real headless Chromium (Debian's package; `make test` installs it when absent)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, held_truth, load_truth
from PIL import Image

from flows.cli import main

pytestmark = pytest.mark.slow  # a browser and two runs: `make test-quick` leaves it out

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("report") / "out"
    for sources in ([str(CORPUS / "site"), str(CORPUS / "snapshots")], [str(CORPUS / "site")]):
        assert main(["run", *sources, "-o", str(out), "--workers", "1", "-q"]) == 0
    path = out.parent / "report.html"
    assert main(["report", str(out), "-o", str(path)]) == 0
    return out, path


def test_the_report_is_one_file_that_needs_nothing_else(report: tuple[Path, Path]) -> None:
    _, path = report
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text and not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "@import" not in text and not re.search(r"url\(\s*['\"]?(?!#)", text)  # url(#clip) is inside the SVG
    assert text.count("<svg") == 7 and "no data for this chart yet" not in text  # every chart drawn


def test_the_headline_agrees_with_truth(report: tuple[Path, Path]) -> None:
    _, path = report
    truth = held_truth()
    text = path.read_text(encoding="utf-8")
    headline = dict(
        (label, value) for value, label in re.findall(r"<div><b>([^<]*)</b>([^<]*)</div>", text.split("</section>")[0])
    )
    assert int(headline["questions"]) == len(truth)
    doctor_replies = sum(1 for t in truth for r in t.get("replies", []) if r["kind"] == "doctor")
    assert int(headline["doctor replies"]) == doctor_replies
    assert int(headline["departments"]) == len({t["question"]["department"] for t in truth})
    assert headline["asked from"] == min(t["question"]["asked_on"] for t in truth)
    rejected = {t["file"] for t in load_truth() if t.get("reject")}
    assert int(headline["rejected pages"]) == len(rejected) and headline["last run"] == "completed"


def test_the_figures_agree_with_truth(report: tuple[Path, Path]) -> None:
    from dataset.loader import load_all
    from report.figures import compute

    out, _ = report
    truth = held_truth()
    f = compute(load_all(out))
    assert f.per_month.sum() == len(truth)
    want = Counter(t["question"]["department"] for t in truth).most_common(3)
    assert [(str(k), int(v)) for k, v in f.departments.head(3).items()] == want or (
        sorted(f.departments.head(3).to_numpy()) == sorted(n for _, n in want)  # ties in any order
    )
    doctors = Counter(r["doctor_name"] for t in truth for r in t.get("replies", []) if r["kind"] == "doctor")
    assert int(f.doctors.iloc[0]) == doctors.most_common(1)[0][1]
    assert len(f.durations) == 2 and set(f.durations["status"]) == {"completed"}


def test_chromium_renders_every_chart_without_errors(report: tuple[Path, Path], tmp_path: Path) -> None:
    _, path = report
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is not installed: `make test` installs Debian's chromium package"
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,4200",
         f"--screenshot={shot}", "--enable-logging=stderr", "--v=0", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # charts, text and bars: not a blank or one-colour page
    white = sum(n for n, c in colours if min(c) > 245)
    assert white < 0.97 * image.width * image.height
    dom = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    assert dom.count("<svg") == 7 and dom.count('class="chart"') == 7  # as parsed and laid out by the browser


def test_scraped_text_is_drawn_as_text_and_odd_targets_are_refused(report: tuple[Path, Path], tmp_path: Path) -> None:
    import pandas as pd

    from report.charts import charts
    from report.figures import Figures

    f = Figures(departments=pd.Series({"Pricing $\\foo$ dept": 3, "Costs $5 to $10": 2}))
    svg = charts(f)["Questions by department"]
    assert svg is not None and "Costs $5 to $10" in svg and "Pricing $\\foo$ dept" in svg

    out, _ = report
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    assert main(["report", str(out), "-o", str(link)]) == 2  # never through a link: it may lead anywhere
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "old"
    lock_before = (out / "_lock").read_bytes() if (out / "_lock").exists() else None
    for own in ("_lock", "_dataset.json", "questions/x.html", ".report.html"):
        assert main(["report", str(out), "-o", str(out / own)]) == 2, own
    assert ((out / "_lock").read_bytes() if (out / "_lock").exists() else None) == lock_before
    assert not (out / "questions" / "x.html").exists() and not (out / ".report.html").exists()
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "linkdir").symlink_to(outside, target_is_directory=True)  # a folder in OUTPUT leading out of it
    try:
        assert main(["report", str(out), "-o", str(out / "linkdir" / "x.html")]) == 2
        assert list(outside.iterdir()) == []
    finally:
        (out / "linkdir").unlink()
    assert main(["report", str(out), "-o", "/dev/null"]) == 2 and Path("/dev/null").is_char_device()
    assert main(["report", str(out), "-o", ""]) == 2


def test_the_charts_say_what_they_leave_out_and_no_line_hides_another() -> None:
    """23 departments: the top 15 as bars and one bar for the other 8 and their questions; five
    quality metrics all at 1.0: five panels, not five lines on top of each other; run durations
    coloured by status, with a legend naming each status shown."""
    import re

    import pandas as pd

    from report.charts import charts
    from report.figures import COVERAGE_SHOWN, Figures, _top

    departments = pd.Series([f"Dept {i:02d}" for i in range(23) for _ in range(30 - i)])  # 30, 29, … 8 questions
    top, other = _top(departments, 15)
    assert len(top) == 15 and other == (8, sum(range(8, 16)))  # Dept 15 … Dept 22: 15 + 14 + … + 8 questions

    quality = pd.DataFrame({m: [1.0, 1.0] for m in COVERAGE_SHOWN}, index=["run a", "run b"])
    durations = pd.DataFrame({"run": ["run a", "run b"], "seconds": [3.0, 4.0], "status": ["completed", "degraded"]})
    drawn = charts(Figures(departments=top, other_departments=other, quality=quality, durations=durations))
    assert "8 other departments" in (drawn["Questions by department"] or "")
    panels = drawn["Quality over runs (coverage of key fields)"] or ""
    assert len(re.findall(r'<g id="axes_\d+"', panels)) == 5
    assert all(f"{m.removeprefix('coverage:')} (last run: 1.000)" in panels for m in COVERAGE_SHOWN)
    legend = drawn["Run durations (colour: status)"] or ""
    assert ">completed<" in legend and ">degraded<" in legend and ">failed<" not in legend
