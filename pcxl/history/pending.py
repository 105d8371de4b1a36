"""A period committed to the history whose workbook was not yet put in place, and its repair.

The period and its consolidated workbook are committed together: the workbook is written to a
temporary file first, the period is committed with a marker naming that file and the output
(rows of ``pcxl_meta``, so no migration), then the file is renamed into place and the marker
removed. A run killed between the commit and the rename leaves the marker behind; the next
consolidation into the same database finds it (``repair``) and finishes the job: it puts the
workbook in place, or, when the file is gone, removes the period so history and workbook agree
again. Either way it says what it did.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from pcxl.files import publish
from pcxl.history.store import meta, periods, problems, records, returns

PREFIX = "pending:"
PIECE = 200  # characters of the marker per pcxl_meta row (its value column's length)


@dataclass(frozen=True)
class Pending:
    """A committed period whose workbook ``temp`` was still to be renamed to ``target``."""

    tracker: str
    period: str
    target: Path
    temp: Path


def _key(tracker: str, period: str) -> str:
    return PREFIX + hashlib.sha1(f"{tracker}\0{period}".encode()).hexdigest()[:16]


def mark(conn: Connection, tracker: str, period: str, target: Path, temp: Path) -> None:
    """Add the marker of ``period`` to the open transaction that records it."""
    key = _key(tracker, period)
    conn.execute(meta.delete().where(meta.c.key.startswith(key)))
    text = json.dumps([tracker, period, str(target), str(temp)])
    conn.execute(meta.insert(), [{"key": f"{key}:{n:03d}", "value": text[i:i + PIECE]}
                                 for n, i in enumerate(range(0, len(text), PIECE))])


def clear(engine: Engine, tracker: str, period: str) -> None:
    """Remove the marker of ``period``: its workbook is in place."""
    with engine.begin() as conn:
        conn.execute(meta.delete().where(meta.c.key.startswith(_key(tracker, period))))


def pending(engine: Engine) -> list[Pending]:
    """Every marker left in the database, oldest key first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(meta.c.key, meta.c.value)
                            .where(meta.c.key.startswith(PREFIX)).order_by(meta.c.key)).all()
    texts: dict[str, str] = {}
    for key, value in rows:
        base = key.rsplit(":", 1)[0]
        texts[base] = texts.get(base, "") + value
    found = []
    for text in texts.values():
        tracker, period, target, temp = json.loads(text)
        found.append(Pending(tracker, period, Path(target), Path(temp)))
    return found


def repair(engine: Engine) -> list[str]:
    """Finish what killed runs left half done; one sentence for each thing repaired."""
    said = []
    for left in pending(engine):
        what = f"{left.tracker} {left.period}"
        if left.temp.exists():
            publish(left.temp, left.target)
            said.append(f"{what} was recorded by a run that stopped before putting its workbook "
                        f"in place; {left.target} is now in place")
        elif not left.target.exists():
            _remove_period(engine, left.tracker, left.period)
            said.append(f"{what} was recorded by a run that stopped before writing "
                        f"{left.target}; it is removed from the history: consolidate its "
                        "returns again")
        clear(engine, left.tracker, left.period)
    return said


def undo(engine: Engine, tracker: str, period: str) -> None:
    """Remove ``period`` and its marker: its workbook could not be put in place."""
    _remove_period(engine, tracker, period)
    clear(engine, tracker, period)


def _remove_period(engine: Engine, tracker: str, period: str) -> None:
    with engine.begin() as conn:
        ids = [row[0] for row in conn.execute(sa.select(periods.c.id).where(
            periods.c.tracker == tracker, periods.c.period == period))]
        for table in (records, returns, problems):
            conn.execute(table.delete().where(table.c.period_id.in_(ids)))
        conn.execute(periods.delete().where(periods.c.id.in_(ids)))
