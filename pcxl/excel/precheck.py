"""Look at each return before it is parsed, a few files ahead, on the other core.

Two things happen to a file before python-calamine parses it: the guard decides whether it may
be opened at all (``pcxl.excel.guard``), and the cell scan finds what calamine does not report:
formula errors, hidden rows and columns (``pcxl.excel.cellscan``). Together they unpack every
sheet of the return, about a fifth of the time it takes to read one. Neither needs anything
the parser finds and their answers are small, so when there are enough files (and the platform
forks cheaply) a worker process does them for the files ahead while this process parses and
validates; a file is still parsed only after its own check has come back. The worker dies
with this process, however it ends (``pcxl.processes.die_with_parent``); tasks and results go
through two pipes, each written by the thread that has them (``_Worker``). The worker also reads
the sheets blank below their first rows from the XML it unpacked (``pcxl.excel.headeronly``),
so nobody parses them.

``pcxl consolidate`` and ``pcxl validate`` start the worker before they import pandas and
pandera (``started_ahead``): it parses the first returns while this process is still starting.

How the work is shared follows how the worker keeps up (``chunk_plan``): with time to spare it
also parses returns' sheets and hands back their values (``pcxl.excel.parsed``: far less to
send than to parse); when this process has to wait for it (the other core busy with something
else, say) it takes on less, down to leaving whole files to this process, and this process,
instead of waiting, does a chunk the worker has not started yet.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from collections import deque
from collections.abc import Collection, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from pcxl.excel.cellscan import SheetScan, scan_sheets
from pcxl.excel.guard import DEFAULT_LIMITS, Limits, Refused, check_file
from pcxl.excel.headeronly import header_only_sheets
from pcxl.excel.parsed import ParsedBook, ParsedSheet, parse_book
from pcxl.processes import die_with_parent, end_on_signal, forks_cheaply, signals_held, start_forked

if TYPE_CHECKING:
    from multiprocessing.synchronize import Lock

AHEAD_FROM = 16  # files: below this the worker's start-up is not worth it
CHUNK = 4        # files handed to the worker at a time
WINDOW = 8       # chunks in hand at once, so parsed values never pile up
START_SHARE = 5  # the worker's share of a chunk to begin with (see chunk_plan): check all four
                 # files and parse one
START_AHEAD = 40  # chunks a worker started ahead is sent at once, all to parse: about what it
                  # gets through while this process imports pandas and pandera


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


def chunk_plan(share: int) -> list[str]:
    """What the worker does with each file of a chunk, for its ``share`` of the work (0 to
    ``2 * CHUNK``): ``"here"`` (nothing: this process prechecks the file), ``"check"`` (guard,
    scan and the sheets read from their XML) or ``"parse"`` (all that and the parse), files
    done here first, so this process works on them while the worker does the rest."""
    here, parse = max(0, CHUNK - share), max(0, share - CHUNK)
    return ["here"] * here + ["check"] * (CHUNK - here - parse) + ["parse"] * parse


def prechecked(paths: Sequence[Path], parse: Collection[str] | None = None
               ) -> Iterator[tuple[Path, Precheck]]:
    """Each path with its Precheck, in order: worked out ahead by a worker process when there
    are enough files (the one ``started_ahead`` for them, if any), here otherwise (and for any
    files left if the worker dies). The ``parse`` sheets blank below their first few rows are
    read from their XML for every file, never parsed.

    How much the worker takes on follows how it keeps up (``chunk_plan``): each time this
    process needs a chunk the worker has not finished, the worker's share shrinks (down to
    none of the files, when the other core is busy with something else), for the chunks it
    has not started too; each time its part of a chunk is ready when needed, or it has
    finished everything sent, it grows (up to parsing every file), so the share settles where
    the two processes keep pace. Meanwhile, rather than wait for a chunk, this process takes
    back the last chunk the worker has not started and does it whole (``_work_instead``).
    """
    paths = list(paths)
    read = parse or ()
    worker = _taken_ahead(paths, parse)
    if worker is None and len(paths) >= AHEAD_FROM and forks_cheaply():
        worker = _Worker(paths, parse, START_SHARE)
    done = 0
    if worker is not None:
        try:
            while worker.pending or worker.unsent:
                worker.fill(WINDOW)
                yield from worker.hand_over()
        except _Gone:
            pass
        finally:
            worker.close()
            done = worker.yielded
    for path in paths[done:]:
        yield path, precheck(path, read=read)


_ahead: _Worker | None = None  # the worker started_ahead, until prechecked takes it over


def _taken_ahead(paths: list[Path], parse: Collection[str] | None) -> _Worker | None:
    """The worker started ahead, taken over, if it was started for ``paths`` and ``parse``."""
    global _ahead
    worker = _ahead
    if worker is None or worker.paths != paths or worker.parse != parse:
        return None
    _ahead = None
    return worker


@contextlib.contextmanager
def started_ahead(paths: Sequence[Path], parse: Collection[str]) -> Iterator[None]:
    """Start the worker for ``paths`` now, before this process goes on to slower things
    (importing pandas and pandera): it parses the first ``START_AHEAD`` chunks meanwhile, and
    the first ``prechecked(paths, parse)`` within the block takes it over. Nothing starts
    where ``prechecked`` would start no worker; one not taken over ends with the block, or
    before (``drop_ahead``)."""
    global _ahead
    if len(paths) >= AHEAD_FROM and forks_cheaply():
        with signals_held():  # a hangup now would leave the worker started but not known
            _ahead = _Worker(list(paths), parse, 2 * CHUNK)
        _ahead.fill(START_AHEAD)
    try:
        yield
    finally:
        drop_ahead()


def drop_ahead() -> None:
    """End the worker started ahead, if it is not taken over yet: once it is known it will not
    be, so it does not go on parsing on the core the one started in its place needs."""
    global _ahead
    if _ahead is not None:
        _ahead.close()
        _ahead = None


class _Gone(Exception):
    """The worker process ended before handing back everything sent to it."""


RING = 1 << 16  # tasks marked void by number modulo this: far more than can be in the pipe
_PIPE_BYTES = 1024 * 1024  # room in the pipes (Linux), so the worker seldom waits to hand over


def _serve(tasks: Connection, results: Connection, unused: Sequence[Connection],
           started: list[int], void: bytearray, lock: Lock, parent: int,
           read: Collection[str]) -> None:
    """The worker's loop: each task not marked void, prechecked and sent back, until the pipe
    of tasks closes; ``started`` holds the number of the task it started last.

    Results are sent by a thread of their own, so the worker goes on with the next task when
    the pipe is full (this process busy importing, say, and taking nothing yet).
    """
    die_with_parent(parent)
    end_on_signal()
    for end in unused:
        end.close()
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=_send_each, args=(outbox, results), daemon=True)
    sender.start()
    while True:
        try:
            seq, items = tasks.recv()
        except EOFError:
            break
        with lock:
            if void[seq % RING]:
                continue
            started[0] = seq
        outbox.put((seq, _precheck_chunk(items, read)))
    outbox.put(None)
    sender.join()


def _send_each(outbox: queue.SimpleQueue, results: Connection) -> None:
    """Send each result put in ``outbox`` until None comes."""
    with contextlib.suppress(OSError):
        while (result := outbox.get()) is not None:
            results.send(result)


def _widened(connection: Connection) -> None:
    with contextlib.suppress(ImportError, OSError, AttributeError):
        import fcntl  # Linux, where the worker runs
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


class _Worker:
    """The worker process, the chunks sent to it (in order) and its share of the work.

    Tasks go down one pipe and results come back up another, each written by the thread that
    has them: no executor's threads in this process, which would wait for the interpreter lock
    while this process parses before feeding the worker or taking its results (on a loaded
    machine the worker sat idle a quarter of the time so). A chunk not started is withdrawn by
    marking its task void (``void``, shared with the worker, under ``lock``) and sending it
    again.
    """

    def __init__(self, paths: list[Path], parse: Collection[str] | None, share: int):
        read = parse or ()
        context = multiprocessing.get_context("fork")
        tasks_out, self.tasks = context.Pipe(duplex=False)
        self.results, results_in = context.Pipe(duplex=False)
        _widened(self.tasks)
        _widened(results_in)
        self.started, self.lock = context.RawArray("q", 1), context.Lock()
        self.void = context.RawArray("b", RING)
        self.process = context.Process(
            target=_serve, daemon=True,
            args=(tasks_out, results_in, (self.tasks, self.results), self.started, self.void,
                  self.lock, os.getpid(), read))
        start_forked(self.process)
        tasks_out.close()
        results_in.close()
        self.paths, self.parse, self.read = paths, parse, read
        self.pending: deque[tuple[Sequence[Path], list[str], int | None]] = deque()
        self.received: dict[int, list[Precheck]] = {}
        self.sent = self.yielded = self.planned = 0
        self.share = share

    @property
    def unsent(self) -> bool:
        return self.planned < len(self.paths)

    def fill(self, window: int) -> None:
        """Plan and send chunks of the files not yet sent, until ``window`` are in hand."""
        while self.unsent and len(self.pending) < window:
            chunk = self.paths[self.planned:self.planned + CHUNK]
            self.planned += len(chunk)
            self.pending.append(self._planned(chunk))

    def _planned(self, chunk: Sequence[Path]) -> tuple[Sequence[Path], list[str], int | None]:
        """The chunk, what the worker does with each file at its share now, and its task."""
        plan = chunk_plan(self.share)[CHUNK - len(chunk):]
        sent = [(path, self.parse if what == "parse" else None)
                for path, what in zip(chunk, plan, strict=True) if what != "here"]
        if not sent:
            return chunk, plan, None
        self._collect()
        self.sent += 1
        self.void[self.sent % RING] = 0
        self.tasks.send((self.sent, sent))
        return chunk, plan, self.sent

    def _collect(self, until: int | None = None) -> None:
        """Take the results the worker has sent (waiting for task ``until``'s, if given)."""
        try:
            while (until is not None and until not in self.received) or self.results.poll():
                seq, found = self.results.recv()
                self.received[seq] = found
        except (EOFError, OSError) as exc:
            raise _Gone from exc

    def _take_on_less(self) -> None:
        """A smaller share, for the chunks the worker has not started as well (planned again)."""
        self.share = max(0, self.share - 1)
        with self.lock:
            withdrawn = [n for n, (*_, seq) in enumerate(self.pending)
                         if seq is not None and seq > self.started[0]
                         and seq not in self.received]
            for n in withdrawn:
                self.void[self.pending[n][2] % RING] = 1
        for n in withdrawn:
            self.pending[n] = self._planned(self.pending[n][0])

    def _work_instead(self) -> bool:
        """Rather than wait for the worker, withdraw the last chunk it has not started and
        precheck and parse its files here (their Prechecks kept as if it had sent them);
        False when it has started every chunk."""
        with self.lock:
            last = next((seq for *_, seq in reversed(self.pending)
                         if seq is not None and seq > self.started[0]
                         and seq not in self.received), None)
            if last is None:
                return False
            self.void[last % RING] = 1
        chunk, plan, _ = next(item for item in self.pending if item[2] == last)
        self.received[last] = [precheck(path, parse=self.parse, read=self.read)
                               for path, what in zip(chunk, plan, strict=True) if what != "here"]
        return True

    def hand_over(self) -> Generator[tuple[Path, Precheck], None, None]:
        """Yield the first chunk's files with their Prechecks (those planned here worked out
        now), counting them in ``yielded``."""
        chunk, plan, seq = self.pending.popleft()
        for path, what in zip(chunk, plan, strict=True):
            if what == "here":
                yield path, precheck(path, read=self.read)
                self.yielded += 1
        self._collect()
        if seq is not None and seq not in self.received:
            self._take_on_less()  # this process has to wait for the worker
        elif seq is not None or all(s in self.received for *_, s in self.pending
                                    if s is not None):
            self.share = min(2 * CHUNK, self.share + 1)  # its part was ready, or nothing left
        if seq is not None:
            while seq not in self.received and self._work_instead():
                self._collect()
            self._collect(seq)
            sent = [path for path, what in zip(chunk, plan, strict=True) if what != "here"]
            for path, found in zip(sent, self.received.pop(seq), strict=True):
                yield path, found
                self.yielded += 1

    def close(self) -> None:
        self.tasks.close()
        self.results.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
