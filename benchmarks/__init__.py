"""Benchmarks of pcxl at national scale: ``python -m benchmarks.consolidate`` and ``.deck``;
``.goals`` runs them all and judges issue 17's goals.

See ``docs/performance.md`` for what they measure, the figures on the reference machine and how
to reproduce them. Generated returns are cached under ``benchmarks/.cache/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


def modules_loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (``sys.modules``' names)."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.splitlines()[-1]
    return set(json.loads(out))


def run_measured(argv: list[str], *, stdout=None, env: dict | None = None
                 ) -> tuple[int, float, float]:
    """Run ``argv`` as a child process: (exit code, wall seconds, its own peak RSS in MB).

    ``os.wait4`` gives the rusage of that child alone, so each stage's peak memory is its own.
    """
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(result: dict) -> None:
    """Print the one JSON line a benchmark ends with."""
    print(json.dumps(result), flush=True)


def python() -> str:
    return sys.executable
