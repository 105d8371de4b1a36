"""Locks that keep two pcxl runs from writing the same output, or the same history, at once.

A run about to write ``out/c.xlsx`` holds ``out/.c.xlsx.lock`` (an OS file lock: ``flock`` on
Linux and macOS, ``msvcrt.locking`` on Windows), so the operating system releases it when the
run ends however it ends, and a lock is never left stale. The file says who holds it; a second
run says whom it waits for, waits up to ``PCXL_LOCK_WAIT`` seconds (default 600), then stops
with one line. The file is removed when the lock is released (a waiting run notices and locks
the new one). ``pcxl.history.lock`` locks a history database the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pcxl.errors import PcxlError

POLL = 0.2      # seconds between tries while waiting
NAME_TRIES = 10  # reads of a lock file its new holder has not yet written its name in
LOCKED_BYTE = 1 << 20  # Windows locks this byte, past the text saying who holds the lock


class BusyError(PcxlError):
    """Another pcxl run held a lock for longer than this run would wait."""


def wait_limit() -> float:
    """Seconds to wait for another run: ``PCXL_LOCK_WAIT``, default 600."""
    try:
        return float(os.environ.get("PCXL_LOCK_WAIT", "600"))
    except ValueError:
        return 600.0


def say(text: str) -> None:
    """Tell the user, on stderr, what this run is waiting for."""
    print(f"pcxl: {text}", file=sys.stderr, flush=True)


def holder() -> str:
    """Who this run is, as another run waiting for it is told."""
    command = " ".join(["pcxl", *[a for a in sys.argv[1:] if not a.startswith("-")][:1]])
    return f"{command} (process {os.getpid()} on {socket.gethostname()}, " \
           f"started {dt.datetime.now():%H:%M:%S})"


def wait_for(attempt: Callable[[], bool], waiting_for: Callable[[], str], what: str) -> None:
    """Call ``attempt`` until it succeeds: at once, else saying whom it waits for, polling up
    to ``wait_limit()`` seconds; BusyError after that."""
    if attempt():
        return
    who = waiting_for()
    say(f"waiting for {who} to finish with {what}")
    deadline = time.monotonic() + wait_limit()
    while time.monotonic() < deadline:
        time.sleep(POLL)
        if attempt():
            return
    raise BusyError(f"{what} is in use by {who}; try again when it has finished")


@contextlib.contextmanager
def output_lock(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` (an output, or a SQLite database) for the block."""
    lock = path.with_name(f".{path.name}.lock")
    fd = -1

    def attempt() -> bool:
        nonlocal fd
        if fd < 0:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        if not _try_lock(fd):
            return False
        try:
            current = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if not current:  # released and removed by its holder meanwhile: lock the new file
            os.close(fd)
            fd = -1
            return attempt()
        return True

    try:
        wait_for(attempt, lambda: _read_holder(lock), str(path))
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise
    try:
        os.ftruncate(fd, 0)
        os.write(fd, holder().encode())
        yield
    finally:
        if sys.platform == "win32":  # an open file cannot be removed there
            os.close(fd)
        with contextlib.suppress(OSError):
            lock.unlink()  # before closing elsewhere, so no run locks a file already gone
        if sys.platform != "win32":
            os.close(fd)


def _read_holder(lock: Path) -> str:
    """Who holds ``lock``, as it wrote itself in. A run that has just taken the lock writes its
    name a moment later: an empty file is read again for up to half a second."""
    for _ in range(NAME_TRIES):
        try:
            name = lock.read_text(errors="replace").strip()
        except OSError:  # released and removed meanwhile
            break
        if name:
            return name
        time.sleep(POLL / 4)
    return "another pcxl run"


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
