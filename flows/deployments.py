"""The deployments in prefect.yaml, as `qa-etl serve` serves them.

prefect.yaml is the one place their schedules and parameters are written; this module reads it,
applies the command line's overrides and checks them, so a typo is a one-line error before any
server is contacted.
"""

from __future__ import annotations

import importlib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from errors import UsageError

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "prefect.yaml"
SCHEDULED = "daily-incremental"


class DeploymentError(UsageError):
    """prefect.yaml or an override cannot be used; the message says where."""


@dataclass
class Spec:
    name: str
    entrypoint: str  # module.path.flow
    description: str = ""
    cron: str | None = None
    timezone: str = "UTC"
    parameters: dict[str, Any] = field(default_factory=dict)
    concurrency_limit: int | None = None

    @property
    def flow_name(self) -> str:
        return str(getattr(load_flow(self.entrypoint), "name", self.entrypoint))


def load_flow(entrypoint: str) -> object:
    module, _, attr = entrypoint.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as e:
        raise DeploymentError(f"entrypoint {entrypoint!r}: {e}") from None


def read_specs(path: str | Path = DEFAULT_CONFIG) -> list[Spec]:
    if Path(path).exists() and not Path(path).is_file():  # a FIFO would wait for a writer for ever
        raise DeploymentError(f"{path}: not a regular file (a folder, pipe or device): give the prefect.yaml file")
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise DeploymentError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise DeploymentError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from None
    specs = []
    for d in doc.get("deployments") or []:
        schedules = d.get("schedules") or []
        if len(schedules) > 1:
            raise DeploymentError(f"{path}: deployment {d.get('name')!r}: one schedule at most")
        s = schedules[0] if schedules else {}
        specs.append(
            Spec(
                name=str(d["name"]),
                entrypoint=str(d["entrypoint"]),
                description=str(d.get("description") or ""),
                cron=s.get("cron"),
                timezone=str(s.get("timezone") or "UTC"),
                parameters=dict(d.get("parameters") or {}),
                concurrency_limit=d.get("concurrency_limit"),
            )
        )
    if not specs:
        raise DeploymentError(f"{path}: no deployments")
    return specs


def with_overrides(
    specs: list[Spec],
    *,
    cron: str | None = None,
    timezone: str | None = None,
    sources: list[str] | None = None,
    output: str | None = None,
) -> list[Spec]:
    """The schedule overrides apply to the scheduled deployment; --source and --output to every one.
    A relative output is made absolute here: runs start in the folder `qa-etl serve` started in."""
    for spec in specs:
        if spec.name == SCHEDULED:
            spec.cron = cron or spec.cron
            spec.timezone = timezone or spec.timezone
        spec.parameters["output"] = str(Path(output or spec.parameters.get("output") or "output").resolve())
        if sources:
            target = spec.parameters["request"] if "request" in spec.parameters else spec.parameters
            target["sources"] = list(sources)
    for spec in specs:
        check(spec)
    return specs


def check(spec: Spec) -> None:
    from prefect.schedules import Cron

    if spec.cron:
        try:
            Cron(spec.cron, timezone=spec.timezone)
        except ValueError as e:
            raise DeploymentError(f"deployment {spec.name}: {e}") from None
    try:
        zoneinfo.ZoneInfo(spec.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DeploymentError(f"deployment {spec.name}: unknown timezone {spec.timezone!r}") from None
    load_flow(spec.entrypoint)


def to_deployment(spec: Spec) -> Any:
    """A RunnerDeployment, ready for `prefect.serve` (or `.apply()` to register it without serving)."""
    from prefect.flows import EntrypointType
    from prefect.schedules import Cron

    flow = load_flow(spec.entrypoint)
    return flow.to_deployment(  # type: ignore[attr-defined]
        name=spec.name,
        description=spec.description or None,
        schedules=[Cron(spec.cron, timezone=spec.timezone)] if spec.cron else None,
        parameters=spec.parameters,
        concurrency_limit=spec.concurrency_limit,
        entrypoint_type=EntrypointType.MODULE_PATH,  # found from any folder, as the installed package
    )
