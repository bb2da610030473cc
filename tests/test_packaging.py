"""What a fresh install gets: every package of the project is declared, so `pip install .` has it."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_every_package_is_declared() -> None:
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert on_disk == declared
