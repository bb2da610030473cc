"""Backfill plans: what a backfill covers, frozen in chunks the first time it starts.

    <output>/_backfills/<id>/chunk-NNNN.txt   the sources of one chunk, one per line (a list file)
    <output>/_backfills/<id>/plan.json        written last: the plan is complete once it exists

The id is a hash of the request, so the same command finds the same plan again: a backfill killed
at any point continues with the chunks whose idempotency key (`<id>/<chunk>`) has no completed run
in `runs` (a chunk's row is committed with its rows, so "completed" means its data is in).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pyarrow.compute as pc
from packaging.version import InvalidVersion, Version

from dataset.runs import completed_keys
from errors import OutputError, UsageError
from parsers import PARSER_VERSION
from schemas import QUESTIONS, REJECTS

BACKFILLS_DIR = "_backfills"
DEFAULT_CHUNK_SIZE = 500


class BackfillError(UsageError):
    """A backfill that cannot be planned; the message says why and what to do."""


@dataclass(frozen=True)
class BackfillRequest:
    """What the user asked for; its hash names the plan."""

    sources: tuple[str, ...] = ()  # sitemaps, URLs, files or folders
    since: dt.date | None = None
    until: dt.date | None = None
    on: str = "lastmod"  # what --since/--until apply to: "lastmod" (sitemap) or "asked" (questions.asked_on)
    urls_file: str | None = None
    reparse: bool = False
    chunk_size: int = DEFAULT_CHUNK_SIZE

    @property
    def id(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None

    def check(self) -> None:
        """Raise BackfillError for a request that cannot mean anything."""
        if self.on not in ("lastmod", "asked"):
            raise BackfillError(f"--on must be lastmod or asked, not {self.on!r}")
        if self.since and self.until and self.since > self.until:
            raise BackfillError(f"--since {self.since} is after --until {self.until}")
        if self.urls_file and self.sources:
            raise BackfillError("give SOURCE or --urls, not both")
        if self.reparse and self.sources:
            raise BackfillError("--reparse reads the raw page store: give no SOURCE (narrow with --urls or --on asked)")
        if self.reparse and self.windowed and self.on == "lastmod":
            raise BackfillError("--reparse takes a window on asked date only: add --on asked")
        if self.windowed and self.on == "asked" and self.sources:
            raise BackfillError("--on asked selects among the questions already loaded: give no SOURCE")
        if self.windowed and self.urls_file and not self.reparse:
            raise BackfillError("--urls takes every URL it lists: drop --since/--until (or add --reparse)")
        if self.windowed and self.on == "lastmod" and not self.sources:
            raise BackfillError("a window on sitemap lastmod needs a sitemap SOURCE (or use --on asked)")
        if not (self.sources or self.urls_file or self.reparse or (self.windowed and self.on == "asked")):
            raise BackfillError(
                "nothing to backfill: give a SOURCE (sitemap, URL, folder), --urls FILE, --reparse, "
                "or a window on the questions already loaded (--on asked --since DATE)"
            )

    def in_window(self, lastmod: dt.datetime | None) -> bool:
        """Whether a sitemap lastmod falls between --since and --until (whole days, UTC).

        A bare-date lastmod is read as the end of its day (see sources.sitemap), so the window is
        (since 00:00, until + 1 day 00:00]: 2024-01-31 is in a window that ends on 2024-01-31.
        """
        if not self.windowed:
            return True
        if lastmod is None:
            return False
        start = dt.datetime.combine(self.since, dt.time(), dt.UTC) if self.since else None
        end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time(), dt.UTC) if self.until else None
        return (start is None or lastmod > start) and (end is None or lastmod <= end)


@dataclass(frozen=True)
class BackfillPlan:
    id: str
    folder: str
    mode: str  # "sources": chunks are list files of SOURCEs; "stored": URLs to re-parse from the raw store
    chunks: int
    entries: int
    created_at: str

    def chunk_file(self, n: int) -> str:
        return str(Path(self.folder) / f"chunk-{n:04d}.txt")

    def key(self, n: int) -> str:
        return f"{self.id}/{n:04d}"

    def todo(self, root: str | os.PathLike[str]) -> list[int]:
        """Chunks with no completed run yet."""
        done = completed_keys(root)
        return [n for n in range(self.chunks) if self.key(n) not in done]


@dataclass(frozen=True)
class Coverage:
    """What a request may reach: the origins of the URLs it names or lists, and the files. A plan read
    back from disk is held to it (a plan is a file: it may have been changed since it was made)."""

    origins: frozenset[tuple[str, str, int]]
    files: frozenset[str]

    def refuse(self, plan: BackfillPlan) -> None:
        """Raise OutputError if the plan's chunks are not the plan's, or name what the request does not."""
        found = sorted(Path(plan.folder).glob("chunk-*.txt"))
        if plan.chunks != len(found) or found != [Path(plan.chunk_file(n)) for n in range(plan.chunks)]:
            raise OutputError(
                f"{plan.folder}: its plan counts {plan.chunks} chunks and the folder holds {len(found)}: "
                f"nothing was run; remove {plan.folder} to plan again"
            )
        if plan.mode != "sources":  # stored: entries are looked up in the raw page store, never opened
            return
        for chunk in found:  # URLs: the chunk runs fetch only from `origins` (others are rejects)
            for line in chunk.read_text(encoding="utf-8", errors="replace").splitlines():
                entry = line.strip()
                if entry and not entry.startswith("#") and "://" not in entry and entry not in self.files:
                    raise OutputError(
                        f"{chunk} names {entry[:80]!r}, which this backfill's request does not cover (the plan "
                        f"was changed on disk): nothing was run; remove {plan.folder} to plan again"
                    )


def plan_folder(root: str | os.PathLike[str], request: BackfillRequest) -> Path:
    return Path(root) / BACKFILLS_DIR / request.id


def load_plan(root: str | os.PathLike[str], request: BackfillRequest) -> BackfillPlan | None:
    folder = plan_folder(root, request)
    path = folder / "plan.json"
    if not path.exists():
        return None
    try:
        saved = json.loads(path.read_text())["plan"]
        plan = BackfillPlan(**saved)
    except (ValueError, KeyError, TypeError) as e:
        problem = f"{path}: not a backfill plan ({type(e).__name__}); remove its folder to plan again"
        raise BackfillError(problem) from None
    # The chunk files are this request's folder's, whatever the file says (it is read from disk).
    return replace(plan, id=request.id, folder=str(folder))


def save_plan(root: str | os.PathLike[str], request: BackfillRequest, entries: list[str], mode: str) -> BackfillPlan:
    """Write the chunks, then plan.json: a plan cut short by a kill is simply made again."""
    folder = plan_folder(root, request)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("chunk-*.txt"):
        old.unlink()
    size = request.chunk_size
    chunks = [entries[i : i + size] for i in range(0, len(entries), size)]
    plan = BackfillPlan(
        request.id, str(folder), mode, len(chunks), len(entries), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    )
    for n, chunk in enumerate(chunks):
        Path(plan.chunk_file(n)).write_text("".join(f"{e}\n" for e in chunk), encoding="utf-8")
    tmp = folder / ".plan.json.tmp"
    tmp.write_text(json.dumps({"request": asdict(request), "plan": asdict(plan)}, indent=1, default=str))
    os.replace(tmp, folder / "plan.json")
    return plan


def outdated_sources(root: str | os.PathLike[str], version: str = PARSER_VERSION) -> set[str]:
    """Sources whose rows (or reject) an older parser version made."""
    from dataset.store import Dataset

    ds = Dataset(root)
    current = _version(version)
    out: set[str] = set()
    for table in (QUESTIONS, REJECTS):
        t = ds.read_table(table.name, columns=["source", "parser_version"])
        for source, v in zip(t.column("source").to_pylist(), t.column("parser_version").to_pylist(), strict=True):
            if _version(v) < current:
                out.add(source)
    return out


def asked_between(root: str | os.PathLike[str], since: dt.date | None, until: dt.date | None) -> list[str]:
    """Sources of the questions already loaded whose asked date is in [since, until]."""
    from dataset.store import Dataset

    t = Dataset(root).read_table(QUESTIONS.name, columns=["source", "asked_on"])
    mask = pc.is_valid(t.column("asked_on"))
    if since:
        mask = pc.and_(mask, pc.greater_equal(t.column("asked_on"), since))
    if until:
        mask = pc.and_(mask, pc.less_equal(t.column("asked_on"), until))
    return sorted(set(t.filter(mask).column("source").to_pylist()))


def _version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")
