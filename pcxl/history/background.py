"""Record a period while the consolidated workbook is written.

Recording a national month takes seconds (building each row's JSON, inserting it) and so does
writing the workbook; neither needs the other. On Linux a forked process records the period
(it starts with the consolidation already in memory and opens its own connection, so nothing
is copied or shared), elsewhere a thread does. ``Recording.wait`` returns once the period is
stored and raises the ``HistoryError`` that stopped it, so a caller can hold its outputs back
until the history is safe.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pcxl.dataset import Dataset
from pcxl.history.store import HistoryError, record_period
from pcxl.processes import forks_cheaply


class Recording:
    """A period being recorded in the background; ``wait`` for it before trusting it."""

    def __init__(self, engine: Engine, dataset: Dataset, found: pd.DataFrame | None):
        self._error = ""
        self._pipe: Connection | None = None
        if forks_cheaply():
            context = multiprocessing.get_context("fork")
            self._pipe, child = context.Pipe(duplex=False)
            self._worker: multiprocessing.process.BaseProcess | threading.Thread = \
                context.Process(target=_record_in_child, args=(engine.url, dataset, found, child),
                                daemon=True)
            self._worker.start()
            child.close()  # the child's end: only the child may hold it, so its exit is seen
        else:
            self._worker = threading.Thread(target=self._record, args=(engine, dataset, found),
                                            daemon=True)
            self._worker.start()

    def _record(self, engine: Engine, dataset: Dataset, found: pd.DataFrame | None) -> None:
        self._error = _record_or_say(engine, dataset, found)

    def wait(self) -> None:
        """Block until the period is recorded; HistoryError if it could not be."""
        if self._pipe is not None:
            try:
                self._error = self._pipe.recv()
            except EOFError:  # the process ended without a word
                self._error = "recording the period stopped unexpectedly"
            self._worker.join()
        else:
            self._worker.join()
        if self._error:
            raise HistoryError(self._error)


def _record_or_say(engine: Engine, dataset: Dataset, found: pd.DataFrame | None) -> str:
    """Record the period; "" when it is stored, else why not, in one sentence."""
    try:
        record_period(engine, dataset, found=found)
    except HistoryError as exc:
        return str(exc)
    except Exception as exc:  # anything else must still reach the caller as one sentence
        return (f"could not record the period in the history database "
                f"({exc.__class__.__name__}: {exc})")
    return ""


def _record_in_child(url: sa.URL, dataset: Dataset, found: pd.DataFrame | None,
                     pipe: Connection) -> None:
    """In the forked process: record on a connection of its own and send what happened."""
    engine = sa.create_engine(url)
    try:
        pipe.send(_record_or_say(engine, dataset, found))
    finally:
        engine.dispose()


def record_in_background(engine: Engine, dataset: Dataset, found: pd.DataFrame | None = None
                         ) -> Recording:
    """Start recording ``dataset``'s period; call ``wait()`` on the result before relying on it."""
    return Recording(engine, dataset, found)
