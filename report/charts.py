"""The report's charts, drawn with matplotlib as inline SVG: no script, no CDN, nothing to fetch,
so the file opens offline and in any browser, and stays small (text is kept as text)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")  # no display: the charts are written, never shown

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from report.figures import Figures

# Scraped text is text: a "$" in a department or doctor's name must not start a formula.
plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                     "text.parse_math": False})  # fmt: skip
STATUS_COLOURS = {"completed": "#2a9d8f", "degraded": "#e9c46a", "failed": "#e76f51", "crashed": "#9d0208",
                  "cancelled": "#adb5bd", "running": "#457b9d"}  # fmt: skip


def _svg(draw: Callable[[Axes], None], height: float = 3.2) -> str:
    fig, ax = plt.subplots(figsize=(9, height))
    try:
        draw(ax)
        return _saved(fig)
    finally:
        plt.close(fig)


def _saved(fig: Figure) -> str:
    with warnings.catch_warnings():  # a very long label: the layout is as good as it gets, said nowhere
        warnings.simplefilter("ignore", UserWarning)
        fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.index("<svg") :]  # the XML prolog and doctype do not belong inside HTML


def _barh(series: pd.Series, xlabel: str, other: tuple[int, int] = (0, 0), what: str = "") -> Callable[[Axes], None]:
    """The top values as bars, largest on top; the rest (`other`: how many, their total) as one grey
    bar under them, so the chart says it is not all of them."""

    def draw(ax: Axes) -> None:
        s = series.iloc[::-1]
        labels, values, colours = [str(i) for i in s.index], list(s.to_numpy()), ["#457b9d"] * len(s)
        if other[0]:
            labels.insert(0, f"{other[0]} other {what}")
            values.insert(0, other[1])
            colours.insert(0, "#adb5bd")
        ax.barh(labels, values, color=colours)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))

    return draw


def _quality(table: pd.DataFrame) -> str:
    """One small panel per metric, over the same runs: lines that sit at the same value (every field
    at 1.0, say) would hide one another on one chart."""
    n = len(table.columns)
    fig, axes = plt.subplots(n, 1, figsize=(9, 0.85 * n + 1.4), sharex=True, squeeze=False)
    try:
        x = range(len(table))
        for ax, metric in zip(axes[:, 0], table.columns, strict=True):
            values = table[metric].to_numpy(dtype="float64")
            ax.plot(x, values, marker="o", color="#457b9d")
            ax.set_ylim(-0.05, 1.1)
            ax.set_yticks([0, 0.5, 1])
            last = values[~pd.isna(values)]
            note = f" (last run: {last[-1]:.3f})" if len(last) else ""
            ax.set_title(f"{str(metric).removeprefix('coverage:')}{note}", fontsize=8, loc="left")
        bottom = axes[-1, 0]
        bottom.set_xticks(list(x), [str(i) for i in table.index], rotation=30, ha="right")  # every run labelled
        fig.supylabel("share of rows with the field filled", fontsize=8)
        return _saved(fig)
    finally:
        plt.close(fig)


def charts(f: Figures) -> dict[str, str | None]:
    """Chart title -> inline SVG (None: no data for it yet, said in words by the page)."""
    out: dict[str, str | None] = {}

    def per_month(ax: Axes) -> None:
        s = f.per_month
        ax.bar(s.index.to_timestamp(), s.to_numpy(), width=25, color="#457b9d")
        ax.set_ylabel("questions asked")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))

    out["Questions per month asked"] = _svg(per_month) if len(f.per_month) else None
    dept = _barh(f.departments, "questions", f.other_departments, "departments")
    out["Questions by department"] = _svg(dept, 0.28 * (len(f.departments) + 1) + 1) if len(f.departments) else None
    docs = _barh(f.doctors, "doctor replies", f.other_doctors, "doctors")
    out["Top doctors by replies"] = _svg(docs, 0.28 * (len(f.doctors) + 1) + 1) if len(f.doctors) else None

    def delays(ax: Axes) -> None:
        d = f.reply_days
        width = max(1, int(d.max() - d.min()) // 40 + 1)  # whole days per bar
        ax.hist(d.to_numpy(), bins=range(int(d.min()), int(d.max()) + width + 1, width), color="#457b9d")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(f"days from question to first doctor reply (median {d.median():.0f})")
        ax.set_ylabel("questions")

    out["Days from question to first reply"] = _svg(delays) if len(f.reply_days) else None

    def rejects(ax: Axes) -> None:
        f.rejects.plot.bar(stacked=True, ax=ax, rot=30)
        ax.set_ylabel("pages rejected (latest outcome)")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=7, loc="upper left")

    out["Rejects by reason, by the run that rejected them"] = _svg(rejects, 3.6) if len(f.rejects) else None

    out["Quality over runs (coverage of key fields)"] = _quality(f.quality) if len(f.quality) else None

    def durations(ax: Axes) -> None:
        d = f.durations
        ax.bar(d["run"], d["seconds"], color=[STATUS_COLOURS.get(s, "#6c757d") for s in d["status"]])
        ax.set_ylabel("seconds")
        ax.tick_params(axis="x", labelrotation=30)
        shown = [s for s in STATUS_COLOURS if s in set(d["status"])] + sorted(set(d["status"]) - set(STATUS_COLOURS))
        ax.legend(
            handles=[Patch(color=STATUS_COLOURS.get(s, "#6c757d"), label=s) for s in shown],
            fontsize=7,
            loc="upper left",
            title="status",
            title_fontsize=7,
        )

    out["Run durations (colour: status)"] = _svg(durations, 3.6) if len(f.durations) else None
    return out
