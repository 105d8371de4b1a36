"""Worker processes: forked only where forking is cheap and safe, and never outliving pcxl.

On Linux pcxl forks two kinds of worker (``pcxl.excel.precheck``, ``pcxl.history.background``).
Each calls ``die_with_parent`` first: the kernel sends it SIGKILL the moment the pcxl process
that forked it ends, however it ends (SIGKILL included), and a worker whose parent is already
gone stops at once. Elsewhere (Windows, macOS) pcxl forks nothing: the same work runs in the
pcxl process itself or in a daemon thread, which cannot outlive it.

A read-ahead worker ends at once on a signal (``end_on_signal``); the history recorder leaves
a terminal's signals to its parent, which commits or rolls back its work (``leave_to_parent``).

Both are started by ``start_forked``, which holds the terminal's signals until the worker has
chosen what they do to it.

``stop_on_hangup`` turns SIGHUP (a closed terminal) and SIGTERM into an ordinary exit, so the
``finally`` blocks that remove temporary files and stop workers run as they do on Ctrl+C.

``leave`` ends the ``pcxl`` command once its work is done, without freeing what it built.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def forks_cheaply() -> bool:
    """True on Linux, which forks a worker in milliseconds with the parent's memory shared;
    elsewhere a worker would have to start Python and import pcxl again."""
    return sys.platform.startswith("linux") and \
        "fork" in multiprocessing.get_all_start_methods()


def die_with_parent(parent: int) -> None:
    """In a forked worker: be killed when ``parent`` (the pid that forked it) ends.

    prctl(PR_SET_PDEATHSIG) asks the kernel for SIGKILL when the forking thread ends; if the
    parent ended before the call, this worker now has another parent and exits at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def end_on_signal() -> None:
    """In a forked worker: SIGTERM, SIGHUP and SIGINT end it at once, as they end any process.

    A fork inherits its parent's handlers (``stop_on_hangup``'s, and Python's KeyboardInterrupt
    for SIGINT), which would raise in the middle of the worker's work, and the signals its
    parent held (``signals_held``), which would never reach it: a worker forked then would
    outlive a Ctrl+C that ends one forked at another time with a traceback. The worker has
    nothing to clean up, and the parent's exit terminates it and waits."""
    chosen = {getattr(signal, n) for n in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, n)}
    for signum in chosen:
        signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, chosen)


def leave_to_parent() -> None:
    """In a forked worker whose work its parent settles (the history recorder's transaction,
    committed or rolled back as the parent says): the SIGINT and SIGHUP a terminal sends to
    every process of the command are ignored, so the parent alone acts on them, after the
    commit it holds them around (``signals_held``), and ends the worker itself. SIGTERM, sent
    to this process by name, ends it through its cleanups (its transaction rolled back).

    Without this a worker would act as its parent's handlers at the fork say: a Ctrl+C raising
    KeyboardInterrupt in it, a hangup ending it mid-commit that the parent was holding off."""
    ignored = [getattr(signal, n) for n in ("SIGHUP", "SIGINT") if hasattr(signal, n)]
    for signum in ignored:
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {*ignored, signal.SIGTERM})


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def stop_on_hangup() -> None:
    """Let SIGHUP and SIGTERM end pcxl as an exception does, running every cleanup on the way."""
    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGHUP, SIGTERM and SIGINT for the block (a few steps that must all happen,
    like committing a period and renaming its workbook into place); they arrive after it."""
    held = {getattr(signal, n) for n in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, n)}
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to hold
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def start_forked(process: multiprocessing.process.BaseProcess) -> None:
    """Start the forked ``process`` with SIGHUP, SIGTERM and SIGINT held until it has chosen
    what they do to it (``end_on_signal``, ``leave_to_parent``, which let them in again).

    One arriving between the fork and that choice would run this process's handlers in the
    worker: a Ctrl+C there would end it with a KeyboardInterrupt traceback of its own."""
    with signals_held():
        process.start()


def leave(code: int | str | None) -> NoReturn:
    """End the ``pcxl`` command with exit status ``code`` at once, its work done and written.

    A consolidation of 1,000 returns ends holding 220 MB of small objects, which the interpreter
    would free one by one on its way out (0.2 s) for nothing. Every output is written and closed
    (atomically) and every database engine disposed before a command returns, so once the logs
    and the console streams are flushed the process ends with ``os._exit``. While another
    thread or a child process still runs, or the status is a message, the ordinary exit runs
    instead, so nothing is cut short.
    """
    if not isinstance(code, (int, type(None))) or threading.active_count() > 1 or \
            multiprocessing.active_children():
        sys.exit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code or 0)
