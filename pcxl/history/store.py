"""The history database: every consolidation recorded under its reporting period.

SQLAlchemy Core over SQLite by default (a file in the output folder) or PostgreSQL (a connection
URL). Rows are stored as JSON records keyed by a stable identity (a milestone's ID, or its
workstream and normalised text), so a column added to a declaration needs no migration; the
store's own shape is versioned and upgraded in place by ``MIGRATIONS``. Recording a period
again replaces that period in one transaction; other periods are untouched, and a failure
leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from pcxl.dataset import Dataset
from pcxl.errors import PcxlError
from pcxl.history.identity import record_keys

SCHEMA_VERSION = 3
DEFAULT_DB_NAME = "pcxl_history.sqlite"

metadata = sa.MetaData()
meta = sa.Table("pcxl_meta", metadata,
                sa.Column("key", sa.String(64), primary_key=True),
                sa.Column("value", sa.String(200), nullable=False))
periods = sa.Table("pcxl_periods", metadata,
                   sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                   sa.Column("tracker", sa.String(64), nullable=False),
                   sa.Column("period", sa.String(64), nullable=False),
                   sa.Column("period_end", sa.Date, nullable=True),
                   sa.Column("programme", sa.String(300), nullable=True),
                   sa.Column("recorded_at", sa.String(32), nullable=False),
                   sa.UniqueConstraint("tracker", "period", name="uq_period"))
returns = sa.Table("pcxl_returns", metadata,
                   sa.Column("period_id", sa.Integer, sa.ForeignKey("pcxl_periods.id"),
                             nullable=False, index=True),
                   sa.Column("region", sa.String(200), nullable=True),
                   sa.Column("file", sa.String(500), nullable=False),
                   sa.Column("outcome", sa.String(20), nullable=False),
                   sa.Column("errors", sa.Integer, nullable=False),
                   sa.Column("warnings", sa.Integer, nullable=False))
records = sa.Table("pcxl_records", metadata,
                   sa.Column("period_id", sa.Integer, sa.ForeignKey("pcxl_periods.id"),
                             nullable=False, index=True),
                   sa.Column("sheet", sa.String(64), nullable=False),
                   sa.Column("region", sa.String(200), nullable=True),
                   sa.Column("record_key", sa.String(1000), nullable=False),
                   sa.Column("matched_by", sa.String(16), nullable=True),
                   sa.Column("data", sa.JSON, nullable=False))
PROBLEM_FIELDS = ("file", "sheet", "cell", "column", "value", "expected", "severity", "code",
                  "message")
problems = sa.Table("pcxl_problems", metadata,
                    sa.Column("period_id", sa.Integer, sa.ForeignKey("pcxl_periods.id"),
                              nullable=False, index=True),
                    *(sa.Column(name, sa.Text, nullable=True) for name in PROBLEM_FIELDS))


class HistoryError(PcxlError):
    """The history database cannot be opened or is of a version pcxl does not know."""


def _create_v1(conn: Connection) -> None:
    """Version 1: periods without programme, records without matched_by."""
    v1 = sa.MetaData()
    sa.Table("pcxl_meta", v1, sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.String(200), nullable=False))
    sa.Table("pcxl_periods", v1,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("tracker", sa.String(64), nullable=False),
             sa.Column("period", sa.String(64), nullable=False),
             sa.Column("period_end", sa.Date, nullable=True),
             sa.Column("recorded_at", sa.String(32), nullable=False),
             sa.UniqueConstraint("tracker", "period", name="uq_period"))
    sa.Table("pcxl_returns", v1,
             sa.Column("period_id", sa.Integer, sa.ForeignKey("pcxl_periods.id"),
                       nullable=False, index=True),
             sa.Column("region", sa.String(200)), sa.Column("file", sa.String(500)),
             sa.Column("outcome", sa.String(20)), sa.Column("errors", sa.Integer),
             sa.Column("warnings", sa.Integer))
    sa.Table("pcxl_records", v1,
             sa.Column("period_id", sa.Integer, sa.ForeignKey("pcxl_periods.id"),
                       nullable=False, index=True),
             sa.Column("sheet", sa.String(64), nullable=False),
             sa.Column("region", sa.String(200)),
             sa.Column("record_key", sa.String(1000), nullable=False),
             sa.Column("data", sa.JSON, nullable=False))
    v1.create_all(conn)


def _add_programme_and_matching(conn: Connection) -> None:
    """Version 2: the programme each period belongs to, and how each record was matched."""
    conn.execute(sa.text("ALTER TABLE pcxl_periods ADD COLUMN programme VARCHAR(300)"))
    conn.execute(sa.text("ALTER TABLE pcxl_records ADD COLUMN matched_by VARCHAR(16)"))


def _add_problems(conn: Connection) -> None:
    """Version 3: every problem found in the period's returns, for the chase list."""
    problems.create(conn)


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _create_v1),
    (2, _add_programme_and_matching),
    (3, _add_problems),
]


def database_url(db: str | Path) -> str:
    """A SQLAlchemy URL: given as one (``postgresql+psycopg://...``), or a SQLite file path."""
    text = str(db)
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


def schema_version(conn: Connection) -> int:
    """The store's version (0 for an empty database)."""
    if not sa.inspect(conn).has_table("pcxl_meta"):
        return 0
    row = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def upgrade(engine: Engine, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target`` in one transaction; returns the version before."""
    with engine.begin() as conn:
        before = schema_version(conn)
        if before > SCHEMA_VERSION:
            raise HistoryError(f"the history database is version {before}, newer than this pcxl "
                               f"knows ({SCHEMA_VERSION}); upgrade pcxl")
        for version, step in MIGRATIONS:
            if before < version <= target:
                step(conn)
                _set_version(conn, version)
        return before


def _set_version(conn: Connection, version: int) -> None:
    if conn.execute(sa.select(meta.c.key).where(meta.c.key == "schema_version")).first():
        conn.execute(meta.update().where(meta.c.key == "schema_version")
                     .values(value=str(version)))
    else:
        conn.execute(meta.insert().values(key="schema_version", value=str(version)))


def open_store(db: str | Path) -> Engine:
    """An engine on the history database, created or upgraded to the current version."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(url)
        upgrade(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise HistoryError(f"cannot open the history database {_safe(url)}: "
                           f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc
    return engine


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _json_value(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


@dataclass(frozen=True)
class RecordedPeriod:
    """What ``record_period`` stored."""

    tracker: str
    period: str
    records: int
    replaced: bool


def record_period(engine: Engine, dataset: Dataset, period_end: dt.date | None = None,
                  found: pd.DataFrame | None = None) -> RecordedPeriod:
    """Store ``dataset`` as its period, replacing any earlier recording of that period.

    ``found`` is the period's problems (``ValidationReport.to_frame()``), kept for the chase list.
    """
    tracker, period = dataset.tracker.name, dataset.period
    if not period:
        raise HistoryError("the consolidation has no reporting period, so it cannot be recorded")
    end = period_end or _period_end(dataset)
    rows = []
    for sheet in dataset.tracker.sheets:
        frame = dataset.frames[sheet.name]
        keys = record_keys(dataset.tracker, sheet.name, frame)
        for (key, matched_by), record in zip(keys, frame.to_dict("records"), strict=True):
            rows.append({"sheet": sheet.name, "region": record.get("region"),
                         "record_key": key, "matched_by": matched_by,
                         "data": {k: _json_value(v) for k, v in record.items()}})
    try:
        with engine.begin() as conn:
            existing = _replace_period(conn, dataset, end, rows, found)
    except (sa.exc.SQLAlchemyError, TypeError, ValueError) as exc:
        raise HistoryError(f"could not record {tracker} {period} in the history database; it is "
                           f"left as it was ({exc.__class__.__name__}: {exc})") from exc
    return RecordedPeriod(tracker, period, len(rows), existing)


def _replace_period(conn: Connection, dataset: Dataset, end: dt.date | None,
                    rows: list[dict[str, object]], found: pd.DataFrame | None) -> bool:
    """Delete the period's old rows and insert the new ones; True when it existed before."""
    tracker, period = dataset.tracker.name, dataset.period
    existing = conn.execute(sa.select(periods.c.id).where(
        periods.c.tracker == tracker, periods.c.period == period)).first()
    if existing:
        period_id = existing[0]
        conn.execute(records.delete().where(records.c.period_id == period_id))
        conn.execute(returns.delete().where(returns.c.period_id == period_id))
        conn.execute(problems.delete().where(problems.c.period_id == period_id))
        conn.execute(periods.update().where(periods.c.id == period_id).values(
            period_end=end, programme=dataset.programme, recorded_at=_now()))
    else:
        period_id = conn.execute(periods.insert().values(
            tracker=tracker, period=period, period_end=end, programme=dataset.programme,
            recorded_at=_now())).inserted_primary_key[0]
    returned = [{"period_id": period_id, "region": r.get("region"), "file": r["file"],
                 "outcome": r["outcome"], "errors": int(r["errors"] or 0),
                 "warnings": int(r["warnings"] or 0)}
                for r in dataset.returns.to_dict("records")]
    if returned:
        conn.execute(returns.insert(), returned)
    if rows:
        conn.execute(records.insert(), [{"period_id": period_id, **r} for r in rows])
    if found is not None and not found.empty:
        conn.execute(problems.insert(), [
            {"period_id": period_id, **{k: None if p.get(k) is None else str(p.get(k))
                                        for k in PROBLEM_FIELDS}}
            for p in found.to_dict("records")])
    return existing is not None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _period_end(dataset: Dataset) -> dt.date | None:
    ends = dataset.returns.loc[dataset.returns["outcome"] == "accepted", "period_end"].dropna()
    return max(ends) if len(ends) else None


def list_periods(engine: Engine, tracker: str) -> list[tuple[str, dt.date | None]]:
    """(period, period end) of every recorded period of ``tracker``, oldest first."""
    with engine.connect() as conn:
        found = conn.execute(sa.select(periods.c.period, periods.c.period_end)
                             .where(periods.c.tracker == tracker)).all()
    return sorted(((p, e) for p, e in found), key=lambda pe: (pe[1] is None, pe[1] or dt.date.min))


def load_records(engine: Engine, tracker: str, period: str, sheet: str) -> pd.DataFrame:
    """One sheet of one recorded period: a row per record with ``record_key`` and its fields."""
    query = (sa.select(records.c.record_key, records.c.matched_by, records.c.data)
             .join(periods, periods.c.id == records.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period,
                    records.c.sheet == sheet))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    data = [{"record_key": k, "matched_by": m, **(d if isinstance(d, dict) else json.loads(d))}
            for k, m, d in rows]
    return pd.DataFrame(data, dtype=object)


def load_returns(engine: Engine, tracker: str, period: str) -> pd.DataFrame:
    """The returns recorded for a period: region, file, outcome, errors, warnings."""
    query = (sa.select(returns.c.region, returns.c.file, returns.c.outcome, returns.c.errors,
                       returns.c.warnings)
             .join(periods, periods.c.id == returns.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(),
                            columns=["region", "file", "outcome", "errors", "warnings"])


def load_problems(engine: Engine, tracker: str, period: str) -> pd.DataFrame:
    """The problems recorded for a period's returns (``PROBLEM_FIELDS`` columns)."""
    query = (sa.select(*(problems.c[k] for k in PROBLEM_FIELDS))
             .join(periods, periods.c.id == problems.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=list(PROBLEM_FIELDS), dtype=object)
