"""The `qa-etl` program. Until its command takes its signals, SIGINT or SIGTERM exits at once with
its status and no traceback: nothing has been written yet (imports take a moment)."""

import os
import signal


def _at_once(signum: int, _frame: object) -> None:
    os.write(2, f"qa-etl: error: stopped by {signal.Signals(signum).name} before it started\n".encode())
    os._exit(128 + signum)


signal.signal(signal.SIGINT, _at_once)
signal.signal(signal.SIGTERM, _at_once)


def main() -> int:
    from flows.cli import exit_with
    from flows.cli import main as run

    exit_with(run())
    return 0  # not reached
