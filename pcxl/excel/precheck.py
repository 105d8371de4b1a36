"""Look at each return before it is parsed, a few files ahead, on the other core.

Two things happen to a file before python-calamine parses it: the guard decides whether it may
be opened at all (``pcxl.excel.guard``), and the cell scan finds what calamine does not report:
formula errors, hidden rows and columns (``pcxl.excel.cellscan``). Together they unpack every
sheet of the return, about a fifth of the time it takes to read one. Neither needs anything
the parser finds and their answers are small, so when there are enough files (and the platform
forks cheaply) a worker process does them for the files ahead while this process parses and
validates; a file is still parsed only after its own check has come back.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.excel.cellscan import SheetScan, scan_sheets
from pcxl.excel.guard import DEFAULT_LIMITS, Limits, Refused, check_file

AHEAD_FROM = 16  # files: below this the worker's start-up is not worth it
CHUNK = 8        # files handed to the worker at a time


@dataclass(frozen=True)
class Precheck:
    """What was found before parsing: why the file must not be parsed, or its sheets' scans."""

    refusal: tuple[str, str] | None = None  # (problem code, detail)
    scans: dict[str, SheetScan] = field(default_factory=dict)


def precheck(path: Path, limits: Limits = DEFAULT_LIMITS) -> Precheck:
    """Guard one file and, when it may be parsed, scan every sheet of it."""
    try:
        package = check_file(path, limits)
    except Refused as refusal:
        return Precheck((refusal.code, refusal.detail))
    except OSError as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        return Precheck(("unreadable-file", f"cannot open the file ({reason})"))
    return Precheck(scans=scan_sheets(path, None, package))


def _forks_cheaply() -> bool:
    """Linux forks a worker in milliseconds; elsewhere a worker would re-import pcxl."""
    return sys.platform.startswith("linux") and \
        "fork" in multiprocessing.get_all_start_methods()


def prechecked(paths: Sequence[Path]) -> Iterator[tuple[Path, Precheck]]:
    """Each path with its Precheck, in order: worked out ahead by a worker process when there
    are enough files, here otherwise (and for any files left if the worker dies)."""
    done = 0
    if len(paths) >= AHEAD_FROM and _forks_cheaply():
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        try:
            for path, found in zip(paths, pool.map(precheck, paths, chunksize=CHUNK), strict=True):
                yield path, found
                done += 1
        except BrokenProcessPool:
            pass
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    for path in paths[done:]:
        yield path, precheck(path)
