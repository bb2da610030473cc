"""Imported by the fork server alone (a preload): it dies with the run that started it."""

from flows.lifeline import die_with_parent

die_with_parent()
