"""`qa-etl report`: one self-contained HTML file of an output's charts and headline figures.

The figures come from the typed tables (dataset.load); the charts are inline SVG (report.charts),
so the file needs no network, no script and no other file.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

from dataset.files import atomic_write_text
from dataset.loader import load_all
from errors import UsageError
from report.figures import Figures, compute

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.headline { display: grid; grid-template-columns: repeat(5, 1fr); gap: .5rem; }
.headline div { background: #f1f5f9; padding: .5rem; border-radius: 4px; }
.headline b { display: block; font-size: 1.2rem; }
.empty { color: #777; font-style: italic; }
svg { max-width: 100%; height: auto; }
"""


def build_report(output: str | os.PathLike[str]) -> str:
    from report.charts import charts  # matplotlib: imported only when a report is made

    figures = compute(load_all(output))
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>qa-etl report: {html.escape(str(output))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>qa-etl report of <code>{html.escape(str(Path(output).resolve()))}</code></h1>",
        f"<p>Made {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%MZ} from the tables as they were then.</p>",
        _headline(figures),
    ]
    for title, svg in charts(figures).items():
        parts.append(f'<section class="chart"><h2>{html.escape(title)}</h2>')
        parts.append(svg if svg is not None else '<p class="empty">no data for this chart yet</p>')
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _headline(f: Figures) -> str:
    cells = "".join(f"<div><b>{html.escape(str(v))}</b>{html.escape(k)}</div>" for k, v in f.headline.items())
    return f'<section class="headline" id="headline">{cells}</section>'


def write_report(output: str | os.PathLike[str], path: str | os.PathLike[str]) -> Path:
    """The report written to `path` (a hidden name renamed into place: never half a file). Never through
    a symbolic link (it may lead anywhere), and inside OUTPUT only as an `.html` file of its own, never
    over the output's files (`_lock`, `_dataset.json`, journals, tables)."""
    given = Path(path)
    if given.is_symlink():
        raise UsageError(f"-o {path} is a symbolic link: give a file name (a report is never written through a link)")
    final = given.resolve()
    if final.exists() and not final.is_file():
        raise UsageError(f"-o {path} is not a regular file (a folder, device or pipe): give a file name")
    root = Path(output).resolve()
    lexical = Path(os.path.abspath(given))
    if (lexical.is_relative_to(os.path.abspath(output)) or lexical.is_relative_to(root)) and not final.is_relative_to(
        root
    ):
        raise UsageError(
            f"-o {path} is inside the output but leads out of it through a symbolic link: give a file name"
        )
    if final.is_relative_to(root) and (
        final.parent != root or final.suffix.lower() != ".html" or final.name.startswith(("_", "."))
    ):
        raise UsageError(
            f"-o {path} is among the output's own files: give {Path(output) / 'report.html'} or a file outside it"
        )
    atomic_write_text(final, build_report(output))
    return final


__all__ = ["build_report", "compute", "write_report"]
