"""Processes a run starts die with it, even when it is killed with SIGKILL (no orphan left holding
memory): each asks the kernel to kill it when its parent dies (Linux's PR_SET_PDEATHSIG).

The fork server imports `flows.lifeline_preload` (and nothing else does), and each worker calls
`die_with_parent` as its pool initializer: the fork server dies with the run, the workers with it.
"""

from __future__ import annotations

import os
import signal
import sys


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    if sys.platform != "linux":
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signum)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before the call: nobody will send the signal
        os._exit(1)

