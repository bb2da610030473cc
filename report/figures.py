"""The report's figures: the numbers behind each chart, computed from the typed tables.

Kept apart from drawing (report.charts) so they can be tested against hand counts, and so the
Prefect artifact can show the headline figures without matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

COVERAGE_SHOWN = (  # the fields a broken spider loses first, shown over runs
    "coverage:questions.body",
    "coverage:questions.department",
    "coverage:replies.doctor.replied_on",
    "coverage:related_links.similar_qa.question_snippet",
    "coverage:related_links.similar_qa.doctor_name",
)


@dataclass
class Figures:
    headline: dict[str, object] = field(default_factory=dict)
    per_month: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))  # asked_month -> questions
    departments: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))  # top departments
    doctors: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))  # top doctors by replies
    # Beyond the top ones: (how many departments / doctors, their questions / replies together).
    other_departments: tuple[int, int] = (0, 0)
    other_doctors: tuple[int, int] = (0, 0)
    reply_days: pd.Series = field(default_factory=lambda: pd.Series(dtype="float64"))  # per answered question
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)  # run label x reason -> pages
    quality: pd.DataFrame = field(default_factory=pd.DataFrame)  # run label x metric -> value
    durations: pd.DataFrame = field(default_factory=pd.DataFrame)  # run label, seconds, status


def _label(runs: pd.DataFrame) -> pd.Series:
    """A run as a chart axis shows it: start time (UTC) and the id's first characters."""
    return runs["started_at"].dt.strftime("%Y-%m-%d %H:%M") + " " + runs["run_id"].astype(str).str[:8]


def _top(values: pd.Series, top: int) -> tuple[pd.Series, tuple[int, int]]:
    """The `top` most frequent values, and (how many others, how many rows they hold)."""
    counts = values.value_counts()
    rest = counts.iloc[top:]
    return counts.head(top), (len(rest), int(rest.sum()))


def compute(tables: dict[str, pd.DataFrame], top: int = 15) -> Figures:
    q, r = tables["questions"], tables["replies"]
    runs = tables["runs"].sort_values("started_at")
    live = q[q["removed_at"].isna()] if "removed_at" in q else q
    doctors = r[r["kind"] == "doctor"]
    f = Figures()
    f.headline = {
        "questions": len(q),
        "removed": len(q) - len(live),
        "doctor replies": len(doctors),
        "doctors": doctors["doctor_name"].nunique(),
        "departments": q["department"].nunique(),
        "asked from": q["asked_on"].min().date().isoformat() if len(q) else "-",
        "asked until": q["asked_on"].max().date().isoformat() if len(q) else "-",
        "rejected pages": len(tables["rejects"]),
        "runs": len(runs),
        "last run": str(runs["status"].iloc[-1]) if len(runs) else "-",
    }
    if len(q):
        f.per_month = q["asked_on"].dt.to_period("M").value_counts().sort_index()
        f.departments, f.other_departments = _top(q["department"].astype("string").fillna("(none)"), top)
    if len(doctors):
        f.doctors, f.other_doctors = _top(doctors["doctor_name"].astype("string"), top)
        first = doctors.groupby("question_id", observed=True)["replied_on"].min()
        asked = q.set_index("question_id")["asked_on"]
        days = (first - asked.reindex(first.index)).dt.days.dropna()
        f.reply_days = days[days >= 0].astype("float64")
    if len(runs):
        labels = dict(zip(runs["run_id"], _label(runs), strict=True))
        rej = tables["rejects"]
        if len(rej):
            counts = rej.groupby(["run_id", "reason"], observed=True).size().unstack(fill_value=0)
            counts.index = [labels.get(i, str(i)[:8]) for i in counts.index]
            f.rejects = counts.sort_index()
        qual = tables["quality"]
        qual = qual[qual["metric"].isin(COVERAGE_SHOWN)]
        if len(qual):
            table = qual.pivot_table(index="run_id", columns="metric", values="value", observed=True)
            order = [i for i in runs["run_id"] if i in table.index]
            table = table.loc[order]
            table.index = [labels[i] for i in table.index]
            f.quality = table
        done = runs[runs["finished_at"].notna()]
        f.durations = pd.DataFrame(
            {
                "run": _label(done).to_numpy(),
                "seconds": (done["finished_at"] - done["started_at"]).dt.total_seconds().to_numpy(),
                "status": done["status"].astype(str).to_numpy(),
            }
        )
    return f
