"""The history database: every consolidation recorded under its reporting period.

SQLAlchemy Core over SQLite by default (a file in the output folder) or PostgreSQL (a connection
URL). Rows are stored as JSON records keyed by a stable identity (a milestone's ID, or its
workstream and normalised text), so a column added to a declaration needs no migration; the
store's own shape is versioned and upgraded in place by ``MIGRATIONS``. Recording a period
again replaces that period in one transaction; other periods are untouched, and a failure
leaves the database as it was.

Recording is built for hundreds of thousands of rows: each record's JSON text is joined from
fragments serialised once per distinct value of a column (``identity.map_distinct``), and rows
are inserted ``CHUNK_ROWS`` at a time as plain tuples straight through the driver (COPY on
PostgreSQL, executemany on SQLite), so memory stays flat and SQLAlchemy does no work per row.
The JSON text is byte for byte what ``json.dumps`` gives the record's dict.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.errors import PcxlError
from pcxl.history.identity import map_distinct, record_keys

SCHEMA_VERSION = 4
DEFAULT_DB_NAME = "pcxl_history.sqlite"
# The PostgreSQL advisory lock an upgrade takes ("pcxu"): not the one a run holds for its whole
# consolidation (pcxl.history.lock, "pcxl"), which the run upgrading holds already.
UPGRADE_LOCK = 0x70637875
CHUNK_ROWS = 20_000  # rows per executemany: enough to amortise a round trip, little memory

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
                   sa.Column("warnings", sa.Integer, nullable=False),
                   sa.Column("submitted_by", sa.String(200), nullable=True),
                   sa.Column("submitted_on", sa.Date, nullable=True))
RETURN_FIELDS = ("region", "file", "outcome", "errors", "warnings", "submitted_by",
                 "submitted_on")
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


def _add_submitter(conn: Connection) -> None:
    """Version 4: who submitted each return and when (its About sheet), for the chase list."""
    conn.execute(sa.text("ALTER TABLE pcxl_returns ADD COLUMN submitted_by VARCHAR(200)"))
    conn.execute(sa.text("ALTER TABLE pcxl_returns ADD COLUMN submitted_on DATE"))


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _create_v1),
    (2, _add_programme_and_matching),
    (3, _add_problems),
    (4, _add_submitter),
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
    """Bring the database up to ``target`` in one transaction; returns the version before.

    The version is read first; only when an upgrade is due is a transaction begun, and the
    version read again inside it (another run may have upgraded meanwhile). On SQLite it is
    begun here, ``BEGIN IMMEDIATE``: Python's sqlite3 begins one only before a row is written,
    so each table would be created (and synced to disk) on its own, and a run killed part way
    would leave half a schema; and taking the write lock at once makes a second run upgrading
    wait for the first (its ``timeout``) instead of failing with "database is locked" when it
    first writes. On PostgreSQL, whose DDL is transactional too, a lock held until the
    transaction ends (``UPGRADE_LOCK``) does the same: without it, the second run's
    ``CREATE TABLE`` waited for the first's commit and then failed."""
    with engine.connect() as conn:
        before = _known_version(conn)
    if before >= target:
        return before
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
        before = _known_version(conn)
        for version, step in MIGRATIONS:
            if before < version <= target:
                step(conn)
                _set_version(conn, version)
        return before


def _known_version(conn: Connection) -> int:
    """``schema_version``, refused when it is newer than this pcxl knows."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise HistoryError(f"the history database is version {version}, newer than this pcxl "
                           f"knows ({SCHEMA_VERSION}); upgrade pcxl")
    return version


def _set_version(conn: Connection, version: int) -> None:
    if conn.execute(sa.select(meta.c.key).where(meta.c.key == "schema_version")).first():
        conn.execute(meta.update().where(meta.c.key == "schema_version")
                     .values(value=str(version)))
    else:
        conn.execute(meta.insert().values(key="schema_version", value=str(version)))


def open_store(db: str | Path, create: bool = True) -> Engine:
    """An engine on the history database, created or upgraded to the current version.

    With ``create=False`` (the commands that only read) a database that does not exist yet, or
    holds no pcxl history, is a HistoryError and nothing is created.
    """
    url = database_url(db)
    if url.startswith("sqlite:///"):
        file = Path(url.removeprefix("sqlite:///"))
        if not create and not file.is_file():
            raise HistoryError(f"no history database at {db}: `pcxl consolidate` records one "
                               "(or name another with --db or PCXL_DB)")
        file.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(url)
        if not create:
            with engine.connect() as conn:
                empty = schema_version(conn) == 0
            if empty:
                engine.dispose()
                raise HistoryError(f"{_safe(url)} holds no pcxl history: `pcxl consolidate` "
                                   "records one")
        upgrade(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise HistoryError(f"cannot open the history database {_safe(url)}: "
                           f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc
    return engine


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _json_value(value: object) -> object:
    """A cell as JSON holds it: None for a blank (None, NaN), ISO text for a date, and a
    Python number for a numpy one."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _is_blank(value: object) -> bool:
    """True for the missing values pandas leaves in a frame: None, NaN, NaT, NA."""
    return value is None or value is pd.NaT or value is pd.NA or (
        isinstance(value, float) and value != value)


@dataclass(frozen=True)
class RecordedPeriod:
    """What ``record_period`` stored."""

    tracker: str
    period: str
    records: int
    replaced: bool


def record_period(engine: Engine, dataset: Dataset, period_end: dt.date | None = None,
                  found: pd.DataFrame | None = None,
                  before_commit: Callable[[Connection], None] | None = None) -> RecordedPeriod:
    """Store ``dataset`` as its period, replacing any earlier recording of that period.

    ``found`` is the period's problems (``ValidationReport.to_frame()``), kept for the chase list.
    ``before_commit`` is called on the open transaction once everything is stored: it may add to
    it, or raise to leave the database as it was (see ``pcxl.history.background``).
    """
    tracker, period = dataset.tracker.name, dataset.period
    if not period:
        raise HistoryError("the consolidation has no reporting period, so it cannot be recorded")
    end = period_end or period_end_of(dataset)
    try:
        with engine.begin() as conn:
            period_id, existed = _replace_period(conn, dataset, end)
            _insert_returns(conn, period_id, dataset.returns)
            count = 0
            for chunk in _record_rows(period_id, dataset):
                _insert_tuples(conn, records, chunk)
                count += len(chunk)
            _insert_problems(conn, period_id, found)
            if before_commit is not None:
                before_commit(conn)
    except (sa.exc.SQLAlchemyError, TypeError, ValueError) as exc:
        raise HistoryError(f"could not record {tracker} {period} in the history database; it is "
                           f"left as it was ({exc.__class__.__name__}: "
                           f"{(str(exc).splitlines() or [''])[0]})") from exc
    return RecordedPeriod(tracker, period, count, existed)


def _replace_period(conn: Connection, dataset: Dataset, end: dt.date | None
                    ) -> tuple[int, bool]:
    """The period's id, its old rows deleted; and whether it was recorded before."""
    tracker, period = dataset.tracker.name, dataset.period
    existing = conn.execute(sa.select(periods.c.id).where(
        periods.c.tracker == tracker, periods.c.period == period)).first()
    if existing is None:
        return conn.execute(periods.insert().values(
            tracker=tracker, period=period, period_end=end, programme=dataset.programme,
            recorded_at=_now())).inserted_primary_key[0], False
    period_id = existing[0]
    for table in (records, returns, problems):
        conn.execute(table.delete().where(table.c.period_id == period_id))
    conn.execute(periods.update().where(periods.c.id == period_id).values(
        period_end=end, programme=dataset.programme, recorded_at=_now()))
    return period_id, True


def _insert_returns(conn: Connection, period_id: int, frame: pd.DataFrame) -> None:
    """One row per return read, with who submitted it and when (a few hundred rows at most)."""
    width = {c.name: getattr(c.type, "length", None) for c in returns.columns}
    rows = [{"period_id": period_id, "region": _text(r.get("region"), width["region"]),
             "file": r["file"], "outcome": r["outcome"], "errors": _count(r["errors"]),
             "warnings": _count(r["warnings"]),
             "submitted_by": _text(r.get("submitted_by"), width["submitted_by"]),
             "submitted_on": _date(r.get("submitted_on"), r.get("period_end"))}
            for r in frame.to_dict("records")]
    if rows:
        conn.execute(returns.insert(), rows)


def _text(value: object, length: int | None = None) -> str | None:
    """A cell as text for a text column (None when blank), cut to the column's length."""
    return None if _is_blank(value) else str(value)[:length]


def _count(value: object) -> int:
    """A return's count of errors or warnings (0 when blank)."""
    return 0 if _is_blank(value) or not value else int(value)  # type: ignore[call-overload]


def _date(value: object, reference: object = None) -> dt.date | None:
    """An About date (a date, or text such as ``05/12/20``) as a date; None if blank or
    unreadable. A range (``December 2020``) gives its last day; a date without its year
    (``05/12``) takes the year nearest ``reference``, the period end."""
    near = reference if isinstance(reference, dt.date) else None
    last = None if _is_blank(value) else read_date(value, near).last
    return last.end if last else None


def _record_rows(period_id: int, dataset: Dataset, only: str | None = None
                 ) -> Iterator[list[tuple[object, ...]]]:
    """``pcxl_records`` rows, ``CHUNK_ROWS`` at a time: (period_id, sheet, region, record_key,
    matched_by, data as JSON text), of every sheet or ``only`` one. Built per chunk, so memory
    holds one chunk, not the period."""
    for sheet in dataset.tracker.sheets:
        if only is not None and sheet.name != only:
            continue
        frame = dataset.frames[sheet.name]
        seen: Counter[str] = Counter()
        for start in range(0, len(frame), CHUNK_ROWS):
            part = frame.iloc[start:start + CHUNK_ROWS]
            keys = record_keys(dataset.tracker, sheet.name, part, seen)
            regions = (map_distinct(part["region"], _json_value) if "region" in part.columns
                       else [None] * len(part))
            yield [(period_id, sheet.name, region, key, how, data)
                   for region, (key, how), data in zip(regions, keys, _json_texts(part),
                                                       strict=True)]


def _json_texts(frame: pd.DataFrame) -> list[str]:
    """Each row as the JSON text ``json.dumps`` gives its ``{column: _json_value(cell)}`` dict,
    joined from ``"key": value`` fragments serialised once per distinct value of a column."""
    if frame.columns.empty:
        return ["{}"] * len(frame)
    members = [map_distinct(frame[key], _member(key)) for key in frame.columns]
    return ["{" + ", ".join(row) + "}" for row in zip(*members, strict=True)]


def _member(key: object) -> Callable[[object], str]:
    """The JSON object member ``"key": value`` for one cell of column ``key``."""
    name = json.dumps(str(key)) + ": "
    return lambda value: name + json.dumps(_json_value(value))


def _insert_problems(conn: Connection, period_id: int, found: pd.DataFrame | None) -> None:
    """The period's problems as text (None where blank), ``CHUNK_ROWS`` at a time."""
    if found is None or found.empty:
        return
    for start in range(0, len(found), CHUNK_ROWS):
        part = found.iloc[start:start + CHUNK_ROWS]
        fields = [map_distinct(part[k], _text) if k in part.columns else [None] * len(part)
                  for k in PROBLEM_FIELDS]
        _insert_tuples(conn, problems, [(period_id, *row) for row in zip(*fields, strict=True)])


def _insert_tuples(conn: Connection, table: sa.Table, rows: Sequence[tuple[object, ...]]
                   ) -> None:
    """Insert rows given as tuples of all ``table``'s columns, in order, straight through the
    driver: SQLAlchemy does nothing per row, and a JSON column takes ready-made JSON text.
    On PostgreSQL (psycopg) with COPY, many times faster than one INSERT per row; elsewhere
    with the driver's executemany."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer
    into = f"{quote.format_table(table)} ({', '.join(quote.quote(c.name) for c in table.columns)})"
    if conn.dialect.driver == "psycopg":
        with conn.connection.driver_connection.cursor() as cursor, \
                cursor.copy(f"COPY {into} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(_placeholders(conn.dialect.paramstyle, len(table.columns)))
    conn.exec_driver_sql(f"INSERT INTO {into} VALUES ({marks})", list(rows))


def sync_written(conn: Connection) -> None:
    """Have the system write to disk what the open transaction has put in a SQLite database file
    so far; nothing for another database or one in memory.

    The recorder calls it while the workbook is still being written: its commit's own sync then
    has little left to write (a national month's 68 MB file: 0.05 s of commit in turn, 0.01 s with
    this). Durability is unchanged: the commit syncs as it always does."""
    path = conn.engine.url.database if conn.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:") or os.name == "nt":
        return  # Windows syncs only a file opened for writing, which SQLite's locks forbid here
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)  # a failing disk raises here, as the commit would
    finally:
        os.close(handle)


def _placeholders(paramstyle: str, count: int) -> list[str]:
    """``count`` positional parameter markers in the driver's style."""
    if paramstyle == "qmark":
        return ["?"] * count
    if paramstyle in ("format", "pyformat"):
        return ["%s"] * count
    if paramstyle in ("numeric", "numeric_dollar"):
        sign = ":" if paramstyle == "numeric" else "$"
        return [f"{sign}{i}" for i in range(1, count + 1)]
    raise HistoryError(f"the database driver's parameter style {paramstyle!r} is not supported")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def period_end_of(dataset: Dataset) -> dt.date | None:
    """The end of a consolidation's period: the latest period end its accepted returns give."""
    ends = dataset.returns.loc[dataset.returns["outcome"] == "accepted", "period_end"].dropna()
    return max(ends) if len(ends) else None


def list_periods(engine: Engine, tracker: str) -> list[tuple[str, dt.date | None]]:
    """(period, period end) of every recorded period of ``tracker``, oldest first."""
    with engine.connect() as conn:
        found = conn.execute(sa.select(periods.c.period, periods.c.period_end)
                             .where(periods.c.tracker == tracker)).all()
    return sorted(((p, e) for p, e in found), key=lambda pe: (pe[1] is None, pe[1] or dt.date.min))


def load_record_dicts(engine: Engine, tracker: str, period: str, sheet: str
                      ) -> list[dict[str, object]]:
    """One sheet of one recorded period as plain dicts (``record_key``, ``matched_by`` and its
    fields), in the order recorded: for code that walks every record once."""
    query = (sa.select(records.c.record_key, records.c.matched_by, records.c.data)
             .join(periods, periods.c.id == records.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period,
                    records.c.sheet == sheet))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [{"record_key": k, "matched_by": m, **(d if isinstance(d, dict) else json.loads(d))}
            for k, m, d in rows]


def record_dicts(dataset: Dataset, sheet: str) -> list[dict[str, object]]:
    """A consolidated sheet's rows as ``load_record_dicts`` gives them once its period is
    recorded (the same keys, the same JSON values), without the trip through the database."""
    return [{"record_key": key, "matched_by": how, **json.loads(data)}
            for chunk in _record_rows(0, dataset, only=sheet)
            for _, _, _, key, how, data in chunk]


def periods_before(engine: Engine, tracker: str, period: str, end: dt.date | None = None
                   ) -> list[str]:
    """The recorded periods before ``period``, oldest first: those before it in the history
    if it is recorded, else those ending before ``end`` (its period end)."""
    found = list_periods(engine, tracker)
    names = [p for p, _ in found]
    if period in names:
        return names[:names.index(period)]
    if end is None:
        return []
    return [p for p, e in found if e is not None and e < end]


def load_records(engine: Engine, tracker: str, period: str, sheet: str) -> pd.DataFrame:
    """One sheet of one recorded period: a row per record with ``record_key`` and its fields."""
    return pd.DataFrame(load_record_dicts(engine, tracker, period, sheet), dtype=object)


def load_returns(engine: Engine, tracker: str, period: str) -> pd.DataFrame:
    """The returns recorded for a period (``RETURN_FIELDS``): region, file, outcome, errors,
    warnings, and who submitted it on what date (None where the return did not say)."""
    query = (sa.select(*(returns.c[k] for k in RETURN_FIELDS))
             .join(periods, periods.c.id == returns.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=list(RETURN_FIELDS))


def load_problems(engine: Engine, tracker: str, period: str) -> pd.DataFrame:
    """The problems recorded for a period's returns (``PROBLEM_FIELDS`` columns)."""
    query = (sa.select(*(problems.c[k] for k in PROBLEM_FIELDS))
             .join(periods, periods.c.id == problems.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=list(PROBLEM_FIELDS), dtype=object)
