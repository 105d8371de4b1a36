"""One consolidation at a time per history database: the store opened under a lock.

A SQLite database is locked with a lock file beside it (``pcxl.locks``); a PostgreSQL one
with a session advisory lock, which the server releases when the connection ends, and whose
holder a waiting run finds in ``pg_stat_activity`` (each holder names itself there). Either
way a second run says whom it waits for, then waits, so two runs recording the same period
never meet in the database (where one would fail on the period's unique key).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from pcxl.history.store import HistoryError, _safe, database_url, open_store
from pcxl.locks import holder, output_lock, wait_for

ADVISORY_KEY = 0x7063786C  # "pcxl"


@contextlib.contextmanager
def locked_store(db: str | Path) -> Iterator[Engine]:
    """The history database opened (``open_store``) with this run holding its lock."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = output_lock(path)
    elif url.startswith("postgresql"):
        lock = _advisory_lock(url)
    else:
        lock = contextlib.nullcontext()
    with lock:
        engine = open_store(db)
        try:
            yield engine
        finally:
            engine.dispose()


@contextlib.contextmanager
def _advisory_lock(url: str) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock ``ADVISORY_KEY`` on a connection of its own."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        conn = engine.connect()
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise HistoryError(f"cannot open the history database {_safe(url)}: "
                           f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc
    try:
        conn.execute(sa.text("SELECT set_config('application_name', :name, false)"),
                     {"name": holder()[:63]})
        conn.commit()
        wait_for(lambda: _try_advisory(conn), lambda: _advisory_holder(conn),
                 f"the history database {_safe(url)}")
        yield
    finally:
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            conn.close()  # ends the session, and with it the lock
        engine.dispose()


def _try_advisory(conn: Connection) -> bool:
    got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"),
                       {"key": ADVISORY_KEY}).scalar()
    conn.commit()
    return bool(got)


def _advisory_holder(conn: Connection) -> str:
    row = conn.execute(sa.text(
        "SELECT a.application_name FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
        "AND l.objid = :key AND l.granted AND a.pid <> pg_backend_pid()"),
        {"key": ADVISORY_KEY}).first()
    conn.commit()
    return row[0] if row and row[0] else "another pcxl run"
