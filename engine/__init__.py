"""The pipeline as plain Python (no Prefect): `engine.run(sources, output=...)`.

flows/ orchestrates the same steps with Prefect; engine/ is what they orchestrate.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.loop import DEFAULT_BATCH_SIZE, DEFAULT_OUTPUT, DEFAULT_SEEDS, run
    from engine.summary import RunSummary

# Imported on first use (PEP 562): a worker process that needs one module of the package does not
# pay for the others (pandas, the commit's planner, ...).
_WHERE = {
    "DEFAULT_BATCH_SIZE": "engine.loop",
    "DEFAULT_OUTPUT": "engine.loop",
    "DEFAULT_SEEDS": "engine.loop",
    "run": "engine.loop",
    "RunSummary": "engine.summary",
}

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_OUTPUT", "DEFAULT_SEEDS", "RunSummary", "run"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
