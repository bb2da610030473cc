"""What every `qa-etl` command shares: the parser class and its help layout, argument types, the
one-line error, and how a command gets a Prefect API or the plain engine's logging."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

T = TypeVar("T")

PROG = "qa-etl"


class Formatter(argparse.HelpFormatter):
    """Paragraphs wrapped to the terminal, but lines that start with spaces (the examples, one per
    line) kept as they are, so they can be copied."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: list[str] = []
        for block in text.split("\n"):
            if block.startswith("  "):
                out.append(indent + block)
            elif block.strip():
                out.append(super()._fill_text(block, width, indent))
            else:
                out.append("")
        return "\n".join(out)


def examples(*lines: str) -> str:
    """An epilog of examples, one per line."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds: {text}")
    return value


def host(text: str) -> str:
    host = text.strip().lower()
    name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    bad = not host or (any(c in name for c in "/:@ ") and not host.startswith("[")) or (port and not port.isdigit())
    if bad:
        shown = "…@" + text.rsplit("@", 1)[1] if "@" in text else text  # a user name or password: not echoed
        raise argparse.ArgumentTypeError(f"not a host or host:port (give it without scheme or path): {shown!r}")
    return host


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def error(message: str, status: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else f"{count} {noun}s"


def plain_logging() -> None:
    """qa-etl's own warnings (a run waiting for another's commit, a crawl without contact) as Prefect's look."""
    import logging

    log = logging.getLogger("qa_etl")
    if log.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d | %(levelname)-7s | %(message)s", "%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    log.propagate = False


def on_prefect(start: Callable[[], T]) -> T:
    """`start()` with a Prefect API up (a failure is raised, and `main` says it in one line)."""
    from flows.server import prefect_api, quiet_failures

    plain_logging()  # the crawl's own warnings (no contact, a Crawl-delay) look the same either way

    with prefect_api():  # started first, so the server boots while the flow's code imports
        import flows.pipeline  # noqa: F401  (sets Prefect's logging up, which quiet_failures then adjusts)

        quiet_failures()
        return start()
