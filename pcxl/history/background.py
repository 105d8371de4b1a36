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
import sys
import threading
from multiprocessing.connection import Connection

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pcxl.dataset import Dataset
from pcxl.history.store import HistoryError, record_period


class Recording:
    """A period being recorded in the background; ``wait`` for it before trusting it."""

    def __init__(self, engine: Engine, dataset: Dataset, found: pd.DataFrame | None):
        self._error: str | None = None
        if sys.platform.startswith("linux"):
            context = multiprocessing.get_context("fork")
            self._pipe, child = context.Pipe(duplex=False)
            self._worker: multiprocessing.process.BaseProcess | threading.Thread = \
                context.Process(target=_record_in_child, args=(engine.url, dataset, found, child),
                                daemon=True)
        else:
            self._pipe = None
            self._worker = threading.Thread(target=self._record, args=(engine, dataset, found),
                                            daemon=True)
        self._worker.start()
        if self._pipe is not None:
            child.close()  # the child's end: only the child may hold it, so its exit is seen

    def _record(self, engine: Engine, dataset: Dataset, found: pd.DataFrame | None) -> None:
        try:
            record_period(engine, dataset, found=found)
        except HistoryError as exc:
            self._error = str(exc)

    def wait(self) -> None:
        """Block until the period is recorded; HistoryError if it could not be."""
        if self._pipe is not None:
            try:
                outcome = self._pipe.recv()
            except EOFError:  # the process ended without a word
                outcome = None
            self._worker.join()
            if outcome is None:
                outcome = (f"recording the period stopped unexpectedly (exit code "
                           f"{self._worker.exitcode})")
            self._error = outcome or None
        else:
            self._worker.join()
        if self._error:
            raise HistoryError(self._error)


def _record_in_child(url: sa.URL, dataset: Dataset, found: pd.DataFrame | None,
                     pipe: Connection) -> None:
    """In the forked process: record on a connection of its own; send "" or the error."""
    try:
        engine = sa.create_engine(url)
        try:
            record_period(engine, dataset, found=found)
        finally:
            engine.dispose()
        pipe.send("")
    except HistoryError as exc:
        pipe.send(str(exc))
    except BaseException as exc:  # anything else must still reach the parent as one sentence
        pipe.send(f"could not record the period in the history database "
                  f"({exc.__class__.__name__}: {exc})")


def record_in_background(engine: Engine, dataset: Dataset, found: pd.DataFrame | None = None
                         ) -> Recording:
    """Start recording ``dataset``'s period; call ``wait()`` on the result before relying on it."""
    return Recording(engine, dataset, found)
