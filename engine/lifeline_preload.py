"""Imported by the fork server alone, first of its preloads: it dies with the run that started it,
and is deaf to SIGINT and SIGTERM (Ctrl-C in a terminal, or a service manager, signals every process
of the run: the fork server must not die under the workers the run still needs to stop cleanly, nor
print a traceback for a KeyboardInterrupt in its imports). The workers it forks inherit both."""

from engine.lifeline import die_with_parent, ignore_stop_signals

ignore_stop_signals()
die_with_parent()
