"""Record a period while the consolidated workbook is written, committing the two together.

Recording a national month takes seconds (building each row's JSON, inserting it) and so does
writing the workbook; neither needs the other. On Linux a forked process records the period
(it starts with the consolidation already in memory and opens its own connection, so nothing
is copied or shared; it dies with pcxl, see ``pcxl.processes``), elsewhere a thread does.

The recorder stores everything, then holds its transaction open until told: ``commit`` (the
workbook is written to its temporary file) commits it with a marker naming that file
(``pcxl.history.pending``), after which the caller renames the file into place and clears the
marker; ``close`` without ``commit`` rolls it back. If pcxl dies first, the recorder dies or
finds its pipe closed and rolls back, so nothing is recorded.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from multiprocessing.connection import Connection as Pipe
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from pcxl.dataset import Dataset
from pcxl.history import pending
from pcxl.history.store import HistoryError, record_period, sync_written
from pcxl.processes import die_with_parent, forks_cheaply, leave_to_parent, start_forked

READY = "ready"


class _Abandoned(Exception):
    """The caller did not ask for the commit: roll the period back."""


class _Channel:
    """The recorder's side of its conversation with the caller: a pipe end or two queues."""

    def __init__(self, pipe: Pipe | None = None,
                 inbox: queue.Queue | None = None, outbox: queue.Queue | None = None):
        self.pipe, self.inbox, self.outbox = pipe, inbox, outbox

    def send(self, message: object) -> None:
        if self.pipe is not None:
            self.pipe.send(message)
        else:
            self.outbox.put(message)

    def recv(self) -> object:
        """The next message; None when the caller has gone."""
        if self.pipe is not None:
            try:
                return self.pipe.recv()
            except (EOFError, OSError):
                return None
        return self.inbox.get()


class Recording:
    """A period being recorded in the background: ``commit`` it, then ``close``."""

    def __init__(self, engine: Engine, dataset: Dataset, found: pd.DataFrame | None):
        self._dataset = dataset
        self._pipe: Pipe | None = None
        self._answers: queue.Queue = queue.Queue()
        self._orders: queue.Queue = queue.Queue()
        self._ready = self.committed = False
        if forks_cheaply():
            context = multiprocessing.get_context("fork")
            self._pipe, child = context.Pipe()
            self._worker: multiprocessing.process.BaseProcess | threading.Thread = \
                context.Process(target=_record_in_child,
                                args=(engine.url, dataset, found, child, os.getpid()),
                                daemon=True)
            start_forked(self._worker)
            child.close()  # the child's end: only the child may hold it, so its exit is seen
        else:
            channel = _Channel(inbox=self._orders, outbox=self._answers)
            self._worker = threading.Thread(target=_record, args=(engine, dataset, found,
                                                                  channel), daemon=True)
            self._worker.start()

    def _hear(self) -> str:
        if self._pipe is None:
            return self._answers.get()
        try:
            return self._pipe.recv()
        except (EOFError, OSError):
            return "recording the period stopped unexpectedly"

    def _tell(self, message: object) -> None:
        if self._pipe is None:
            self._orders.put(message)
        else:
            with contextlib.suppress(OSError):  # the recorder has gone; _hear says so
                self._pipe.send(message)

    def prepared(self) -> None:
        """Block until the period is stored, uncommitted; HistoryError if it could not be."""
        if not self._ready:
            said = self._hear()
            if said != READY:
                raise HistoryError(said)
            self._ready = True

    def commit(self, target: Path, temp: Path) -> None:
        """Commit the period, marked as waiting for ``temp`` to be renamed to ``target``;
        HistoryError if it could not be committed."""
        self.prepared()
        self._tell((str(target), str(temp)))
        said = self._hear()
        if said:
            raise HistoryError(said)
        self.committed = True

    def close(self) -> None:
        """Roll the period back unless committed, and wait for the recorder to end.

        A recorder process is also sent SIGTERM (``processes.leave_to_parent``: it rolls back
        through its cleanups), so a Ctrl+C ends it at once, not once it has stored the rows."""
        if not self.committed:
            self._tell(None)
            if isinstance(self._worker, multiprocessing.process.BaseProcess):
                self._worker.terminate()
        self._worker.join(timeout=10)
        if isinstance(self._worker, multiprocessing.process.BaseProcess):
            if self._worker.is_alive():
                self._worker.kill()
                self._worker.join()
            self._pipe.close()


def _record(engine: Engine, dataset: Dataset, found: pd.DataFrame | None,
            channel: _Channel) -> None:
    """Store the period, say READY (or why not), and commit or roll back as told."""
    try:
        record_period(engine, dataset, found=found, before_commit=lambda conn: _hold(
            conn, dataset, channel))
    except _Abandoned:
        return
    except HistoryError as exc:
        channel.send(str(exc))
        return
    except Exception as exc:  # anything else must still reach the caller as one sentence
        channel.send(f"could not record the period in the history database "
                     f"({exc.__class__.__name__}: {exc})")
        return
    channel.send("")


def _hold(conn: Connection, dataset: Dataset, channel: _Channel) -> None:
    """Before the commit: say READY, wait for the paths to mark, or roll back.

    What is stored is synced to disk first (``sync_written``), while the caller is still
    writing its workbook, so the commit it then waits for is quick."""
    sync_written(conn)
    channel.send(READY)
    order = channel.recv()
    if order is None:
        raise _Abandoned
    target, temp = order
    pending.mark(conn, dataset.tracker.name, dataset.period, Path(target), Path(temp))


def _record_in_child(url: sa.URL, dataset: Dataset, found: pd.DataFrame | None,
                     pipe: Pipe, parent: int) -> None:
    """In the forked process: record on a connection of its own, talking over ``pipe``."""
    die_with_parent(parent)
    leave_to_parent()
    engine = sa.create_engine(url)
    try:
        _record(engine, dataset, found, _Channel(pipe))
    finally:
        engine.dispose()


def record_in_background(engine: Engine, dataset: Dataset, found: pd.DataFrame | None = None
                         ) -> Recording:
    """Start recording ``dataset``'s period; ``commit`` it once its workbook is written, and
    ``close`` it in any case."""
    return Recording(engine, dataset, found)
