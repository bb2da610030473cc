"""The pipeline as plain Python (no Prefect): `engine.run(sources, output=...)`.

flows/ orchestrates the same steps with Prefect; engine/ is what they orchestrate.
"""

from engine.loop import DEFAULT_BATCH_SIZE, DEFAULT_OUTPUT, DEFAULT_SEEDS, run
from engine.summary import RunSummary

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_OUTPUT", "DEFAULT_SEEDS", "RunSummary", "run"]
