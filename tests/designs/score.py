"""Score the parser on a folder of generated pages against its truth.jsonl.

    python tests/designs/score.py OUT [--show N]

Every file named in OUT/truth.jsonl is parsed with parsers.parse_page and compared field by field
with tests/conftest.py's `same` (whitespace collapsed; a trailing "..." may be dropped). Per design
(the first folder of `file`): pages, fields, exact %, rejects (valid pages the parser refused), bad
pages accepted (truth "reject": true that parsed), and silent wrong fields: wrong fields on pages
with no warning whose `.section` names that field's part (question fields -> "question", doctor
replies -> "reply", more_info -> "more_info", links -> their kind). Rows are matched by kind, in
order; a missing or extra row counts as one wrong field of its part. A refused valid page has all
its fields wrong, none of them silent (the refusal is seen). --show N prints the first N wrong
fields with what was expected and what was got.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import SKIP, same  # noqa: E402

from parsers import ParseError, parse_page  # noqa: E402

REPLY_PART = {"doctor": "reply", "more_info": "more_info"}


def _short(value: object, size: int = 100) -> str:
    text = repr(value)
    return text if len(text) <= size else text[: size - 1] + "…"


def compare(entry: dict, page: object) -> tuple[int, list[tuple[str, str, object, object]], int]:
    """(fields compared, wrong fields as (part, where, expected, got), further fields not exact: a
    missing row is one wrong field, and its other fields are not exact either)."""
    fields, wrong = 0, []
    missed = [0]  # fields of missing rows beyond the one wrong field each counts for

    def rows(part: str, label: str, expected: list[dict], got: list[dict]) -> None:
        nonlocal fields
        for i, (e, g) in enumerate(zip(expected, got, strict=False)):
            for key, value in e.items():
                if key in SKIP:
                    continue
                fields += 1
                if not same(value, g.get(key)):
                    wrong.append((part, f"{label}[{i}].{key}", value, g.get(key)))
        for i in range(len(got), len(expected)):  # a missing row: its fields are not exact; one wrong field to count
            n = sum(1 for k in expected[i] if k not in SKIP)
            fields += n
            missed[0] += n - 1
            wrong.append((part, f"{label}[{i}]", "a row", "missing"))
        for i in range(len(expected), len(got)):  # an extra row: one field that should not be
            fields += 1
            wrong.append((part, f"{label}[{i}]", "no row", got[i]))

    q = dataclasses.asdict(page.question)  # type: ignore[attr-defined]
    for key, value in entry["question"].items():
        if key in SKIP:
            continue
        fields += 1
        if not same(value, q.get(key)):
            wrong.append(("question", f"question.{key}", value, q.get(key)))
    got_replies = [dataclasses.asdict(r) for r in page.replies]  # type: ignore[attr-defined]
    for kind, part in REPLY_PART.items():
        rows(
            part,
            kind,
            [r for r in entry["replies"] if r["kind"] == kind],
            [r for r in got_replies if r["kind"] == kind],
        )
    extra = [r for r in got_replies if r["kind"] not in REPLY_PART]
    for r in extra:
        fields += 1
        wrong.append(("reply", f"reply kind {r['kind']!r}", "no row", r))
    got_links = [dataclasses.asdict(x) for x in page.related_links]  # type: ignore[attr-defined]
    kinds = list(dict.fromkeys([x["kind"] for x in entry["related_links"]] + ["similar_qa", "related_faq"]))
    kinds += [x["kind"] for x in got_links if x["kind"] not in kinds]
    for kind in dict.fromkeys(kinds):
        rows(
            kind,
            kind,
            [x for x in entry["related_links"] if x["kind"] == kind],
            [x for x in got_links if x["kind"] == kind],
        )
    return fields, wrong, missed[0]


def truth_fields(entry: dict) -> int:
    n = sum(1 for k in entry["question"] if k not in SKIP)
    n += sum(1 for r in entry["replies"] for k in r if k not in SKIP)
    n += sum(1 for x in entry["related_links"] for k in x if k not in SKIP)
    return n


def score(out: Path, show: int = 0) -> dict[str, dict[str, int]]:
    entries = [json.loads(x) for x in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    shown: list[str] = []
    for entry in entries:
        name = entry["file"]
        design = name.split("/")[0] if "/" in name else "."
        s = stats[design]
        raw = (out / name).read_bytes()
        try:
            page = parse_page(raw, name=name)
        except ParseError as e:
            if entry.get("reject"):
                s["bad pages"] += 1
                s["bad refused"] += 1
                continue
            s["pages"] += 1
            s["rejects"] += 1
            n = truth_fields(entry)
            s["fields"] += n
            s["wrong"] += n
            if len(shown) < show:
                shown.append(f"{name}: REJECTED {e.reason}: {_short(e.detail)} ({n} fields)")
            continue
        if entry.get("reject"):
            s["bad pages"] += 1
            s["bad accepted"] += 1
            if len(shown) < show:
                shown.append(f"{name}: ACCEPTED a page truth rejects")
            continue
        s["pages"] += 1
        fields, wrong, missed = compare(entry, page)
        warned = {w.section for w in page.warnings}
        s["fields"] += fields
        s["wrong"] += len(wrong) + missed
        s["warned pages"] += bool(page.warnings)
        s["pages with a wrong field"] += bool(wrong)
        for part, where, expected, got in wrong:
            silent = part not in warned
            s["silent"] += silent
            if len(shown) < show:
                flag = "SILENT " if silent else ""
                shown.append(f"{name}: {flag}{where}\n    expected {_short(expected)}\n    got      {_short(got)}")
    print(f"{'design':<20} {'pages':>5} {'fields':>7} {'exact %':>8} {'rejects':>7} {'silent wrong':>12}", end="")
    print(f" {'pages wrong':>11}")
    total: dict[str, int] = defaultdict(int)
    for design in sorted(stats):
        s = stats[design]
        for k, v in s.items():
            total[k] += v
        _row(design, s)
    if len(stats) > 1:
        _row("ALL", total)
    if total["bad pages"]:
        print(f"pages truth rejects: {total['bad pages']}, accepted by the parser: {total['bad accepted']}")
    for line in shown:
        print(line)
    return {k: dict(v) for k, v in stats.items()}


def _row(design: str, s: dict[str, int]) -> None:
    fields = s.get("fields", 0)
    exact = 100.0 * (fields - s.get("wrong", 0)) / fields if fields else 100.0
    print(
        f"{design:<20} {s.get('pages', 0):>5} {fields:>7} {exact:>7.1f}% {s.get('rejects', 0):>7} "
        f"{s.get('silent', 0):>12} {s.get('pages with a wrong field', 0):>11}"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="a folder with truth.jsonl and the files it names")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the first N wrong fields")
    args = ap.parse_args(argv)
    if not (args.out / "truth.jsonl").is_file():
        raise SystemExit(f"{args.out}/truth.jsonl not found")
    score(args.out, args.show)


if __name__ == "__main__":
    main()
