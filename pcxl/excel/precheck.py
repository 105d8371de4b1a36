"""Look at each return before it is parsed, a few files ahead, on the other core.

Two things happen to a file before python-calamine parses it: the guard decides whether it may
be opened at all (``pcxl.excel.guard``), and the cell scan finds what calamine does not report:
formula errors, hidden rows and columns (``pcxl.excel.cellscan``). Together they unpack every
sheet of the return, about a fifth of the time it takes to read one. Neither needs anything
the parser finds and their answers are small, so when there are enough files (and the platform
forks cheaply) a worker process does them for the files ahead while this process parses and
validates; a file is still parsed only after its own check has come back. The worker dies
with this process, however it ends (``pcxl.processes.die_with_parent``). That leaves the
worker idle half the time, so it also parses every other return's sheets and hands back their
values (``pcxl.excel.parsed``): far less to send than to parse.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Collection, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.excel.cellscan import SheetScan, scan_sheets
from pcxl.excel.guard import DEFAULT_LIMITS, Limits, Refused, check_file
from pcxl.excel.headeronly import header_only_sheets
from pcxl.excel.parsed import ParsedBook, ParsedSheet, parse_book
from pcxl.processes import die_with_parent, forks_cheaply

AHEAD_FROM = 16  # files: below this the worker's start-up is not worth it
CHUNK = 4        # files handed to the worker at a time
WINDOW = 8       # chunks in hand at once, so parsed values never pile up


@dataclass(frozen=True)
class Precheck:
    """What was found before parsing: why the file must not be parsed, or its sheets' scans."""

    refusal: tuple[str, str] | None = None  # (problem code, detail)
    scans: dict[str, SheetScan] = field(default_factory=dict)
    book: ParsedBook | None = None          # its sheets, when parsed here already
    sheets: dict[str, ParsedSheet] = field(default_factory=dict)  # read from their XML here


def precheck(path: Path, limits: Limits = DEFAULT_LIMITS,
             parse: Collection[str] | None = None, read: Collection[str] = ()) -> Precheck:
    """Guard one file and, when it may be parsed, scan every sheet of it. Of the sheets named
    in ``read`` (those the reader will ask for), those blank below their first few rows are
    read from their XML (``pcxl.excel.headeronly``), so nothing parses them; the sheets named
    in ``parse``, if given, are parsed now."""
    try:
        package = check_file(path, limits)
    except Refused as refusal:
        return Precheck((refusal.code, refusal.detail))
    except OSError as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        return Precheck(("unreadable-file", f"cannot open the file ({reason})"))
    scans = scan_sheets(path, None, package)
    for name, scan in scans.items():
        if scan.far_cell and scan.far_cell[1] > limits.max_cells:
            return Precheck(("too-large", f"the sheet {name} has a cell at {scan.far_cell[0]}, "
                                          f"so it spans {scan.far_cell[1]:,} cells; pcxl reads "
                                          f"at most {limits.max_cells:,}: delete what lies "
                                          "beyond the table and send again"))
    sheets = header_only_sheets(package, read)
    book = parse_book(path, set(parse) - sheets.keys()) if parse else None
    if book is not None:
        book.sheets.update(sheets)
    return Precheck(scans=scans, book=book, sheets=sheets)


def _precheck_chunk(items: list[tuple[Path, Collection[str] | None]],
                    read: Collection[str]) -> list[Precheck]:
    """The worker's task: a few files, each prechecked (and parsed where asked)."""
    return [precheck(path, parse=parse, read=read) for path, parse in items]


def prechecked(paths: Sequence[Path], parse: Collection[str] | None = None
               ) -> Iterator[tuple[Path, Precheck]]:
    """Each path with its Precheck, in order: worked out ahead by a worker process when there
    are enough files (which also parses every other file's ``parse`` sheets), here otherwise
    (and for any files left if the worker dies). The ``parse`` sheets blank below their first
    few rows are read from their XML for every file, never parsed."""
    read = parse or ()
    done = 0
    if len(paths) >= AHEAD_FROM and forks_cheaply():
        items = [(path, parse if n % 2 else None) for n, path in enumerate(paths)]
        chunks = iter([items[i:i + CHUNK] for i in range(0, len(items), CHUNK)])
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                   initializer=die_with_parent, initargs=(os.getpid(),))
        pending: deque = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(_precheck_chunk, chunk, read)))
                if len(pending) < WINDOW:
                    continue
                done = yield from _hand_over(pending.popleft(), done)
            while pending:
                done = yield from _hand_over(pending.popleft(), done)
        except BrokenProcessPool:
            pass
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    for path in paths[done:]:
        yield path, precheck(path, read=read)


def _hand_over(submitted: tuple[list, Future], done: int
               ) -> Generator[tuple[Path, Precheck], None, int]:
    """Yield one chunk's files with their Prechecks; the count of files handed over so far."""
    chunk, future = submitted
    for (path, _), found in zip(chunk, future.result(), strict=True):
        yield path, found
        done += 1
    return done
