"""Whether to hand work to a forked process: only where forking is cheap and safe."""

from __future__ import annotations

import multiprocessing
import sys


def forks_cheaply() -> bool:
    """True on Linux, which forks a worker in milliseconds with the parent's memory shared;
    elsewhere a worker would have to start Python and import pcxl again."""
    return sys.platform.startswith("linux") and \
        "fork" in multiprocessing.get_all_start_methods()
