"""The history store records each period, replaces a period atomically, and upgrades in place."""

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from pcxl.history import store
from pcxl.pipeline import consolidate_returns
from tests.builders import make_return

SMI = "Serious Mental Illness (SMI) LCS"


def consolidated(folder, period="November 2020", milestones=None, region="West Sussex"):
    folder.mkdir(parents=True, exist_ok=True)
    make_return(folder, f"{region}.xlsx", region=region, period=period,
                milestones=milestones or [{"workstream": SMI, "milestone": "SOP issued",
                                           "baseline_date": "30/12/20", "status": "On track"}])
    return consolidate_returns([folder], folder / "out.xlsx").datasets["highlight"]


def test_a_consolidation_is_recorded_under_its_period(engine, tmp_path):
    recorded = store.record_period(engine, consolidated(tmp_path / "nov"))
    assert (recorded.period, recorded.replaced) == ("Nov 2020", False)
    milestones = store.load_records(engine, "highlight", "Nov 2020", "Milestones")
    assert milestones["milestone"].tolist() == ["SOP issued"]
    assert milestones["forecast_date"].tolist() == [None]
    assert milestones["baseline_date"].tolist() == ["2020-12-30"]
    assert milestones["record_key"].tolist() == [
        "west sussex|serious mental illness (smi) lcs|sop issued"]


def test_recording_a_period_again_replaces_only_that_period(engine, tmp_path):
    store.record_period(engine, consolidated(tmp_path / "oct", period="October 2020"))
    store.record_period(engine, consolidated(tmp_path / "nov"))
    again = consolidated(tmp_path / "nov2", milestones=[
        {"workstream": SMI, "milestone": m, "baseline_date": "30/12/20", "status": "On track"}
        for m in ("SOP issued", "Webinar held")])
    assert store.record_period(engine, again).replaced is True
    assert len(store.load_records(engine, "highlight", "Nov 2020", "Milestones")) == 2
    assert len(store.load_records(engine, "highlight", "Oct 2020", "Milestones")) == 1
    assert [p for p, _ in store.list_periods(engine, "highlight")] == ["Oct 2020", "Nov 2020"]


def test_a_failed_recording_leaves_the_database_as_it_was(engine, tmp_path):
    dataset = consolidated(tmp_path / "nov")
    store.record_period(engine, dataset)
    dataset.frames["Milestones"].loc[0, "comment"] = object()  # fails after the old rows went
    with pytest.raises(store.HistoryError, match="left as it was"):
        store.record_period(engine, dataset)
    assert len(store.load_records(engine, "highlight", "Nov 2020", "Milestones")) == 1
    assert store.load_returns(engine, "highlight", "Nov 2020")["file"].tolist() == [
        "West Sussex.xlsx"]


def test_an_upgrade_that_fails_part_way_leaves_the_database_as_it_was(db_url, monkeypatch):
    def fails(conn):
        raise sa.exc.OperationalError("ALTER TABLE", {}, Exception("disk full"))

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS[:2], (3, fails)])
    with pytest.raises(store.HistoryError, match="disk full"):
        store.open_store(db_url)
    with sa.create_engine(db_url).connect() as conn:
        assert sa.inspect(conn).get_table_names() == []


def waiting(url: str) -> sa.Engine:
    """An engine whose SQLite connections wait 30 s for a lock (PostgreSQL's always wait)."""
    return sa.create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})


def test_a_run_upgrading_a_database_another_is_upgrading_waits_for_it(db_url, monkeypatch):
    store.upgrade(sa.create_engine(db_url), target=2)
    upgrading, found = threading.Event(), {}

    def slow_problems(conn):  # the first run holds its upgrade open for a second
        store._add_problems(conn)
        upgrading.set()
        time.sleep(1)

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS[:2], (3, slow_problems),
                                              *store.MIGRATIONS[3:]])
    first = threading.Thread(target=lambda: found.update(first=store.upgrade(waiting(db_url))))
    first.start()
    upgrading.wait(timeout=30)
    found["second"] = store.upgrade(waiting(db_url))
    first.join()

    assert found == {"first": 2, "second": store.SCHEMA_VERSION}  # it found the work done


def test_a_database_of_the_previous_version_is_upgraded_in_place(db_url, tmp_path):
    old = sa.create_engine(db_url)
    store.upgrade(old, target=1)
    with old.begin() as conn:
        conn.execute(sa.text("INSERT INTO pcxl_periods (tracker, period, period_end, recorded_at) "
                             "VALUES ('highlight', 'Oct 2020', '2020-10-31', "
                             "'2020-10-31T00:00:00')"))
        assert store.schema_version(conn) == 1
        assert "programme" not in {c["name"] for c in sa.inspect(conn).get_columns("pcxl_periods")}
    old.dispose()
    engine = store.open_store(db_url)
    with engine.connect() as conn:
        assert store.schema_version(conn) == store.SCHEMA_VERSION
    assert [p for p, _ in store.list_periods(engine, "highlight")] == ["Oct 2020"]
    store.record_period(engine, consolidated(tmp_path / "nov"))
    assert [p for p, _ in store.list_periods(engine, "highlight")] == ["Oct 2020", "Nov 2020"]
    engine.dispose()


def test_a_database_newer_than_pcxl_is_refused(db_url):
    engine = store.open_store(db_url)
    with engine.begin() as conn:
        conn.execute(store.meta.update().values(value="99"))
    with pytest.raises(store.HistoryError, match="version 99"):
        store.open_store(db_url)
    engine.dispose()


def test_a_plain_path_means_a_sqlite_file(tmp_path):
    engine = store.open_store(tmp_path / "sub" / "h.sqlite")
    assert (tmp_path / "sub" / "h.sqlite").is_file()
    engine.dispose()


def test_who_submitted_each_return_and_when_is_recorded(engine, tmp_path):
    folder = tmp_path / "nov"
    folder.mkdir()
    make_return(folder, "west.xlsx", region="West Sussex",
                about={"submitted_by": "Zoë O'Brien", "submitted_on": "03/12/20"})
    make_return(folder, "east.xlsx", region="East Sussex", about={"submitted_by": None})
    dataset = consolidate_returns([folder], folder / "out.xlsx").datasets["highlight"]
    store.record_period(engine, dataset)
    returns = store.load_returns(engine, "highlight", "Nov 2020").set_index("region")
    assert returns.loc["West Sussex", "submitted_by"] == "Zoë O'Brien"
    assert returns.loc["West Sussex", "submitted_on"] == dt.date(2020, 12, 3)
    assert returns.loc["East Sussex", ["submitted_by", "submitted_on"]].isna().all()


def test_a_version_3_database_gains_who_submitted_each_return(db_url, tmp_path):
    old = sa.create_engine(db_url)
    store.upgrade(old, target=3)
    with old.begin() as conn:
        conn.execute(sa.text("INSERT INTO pcxl_periods (tracker, period, period_end, programme, "
                             "recorded_at) VALUES ('highlight', 'Oct 2020', '2020-10-31', "
                             "'Recovery', '2020-11-02T00:00:00')"))
        oct_id = conn.execute(sa.text("SELECT id FROM pcxl_periods")).scalar_one()
        conn.execute(sa.text("INSERT INTO pcxl_returns (period_id, region, file, outcome, "
                             "errors, warnings) VALUES (:p, 'West Sussex', 'west.xlsx', "
                             "'accepted', 0, 2)"), {"p": oct_id})
        conn.execute(sa.text("INSERT INTO pcxl_records (period_id, sheet, region, record_key, "
                             "matched_by, data) VALUES (:p, 'Milestones', 'West Sussex', "
                             "'west sussex|smi|sop issued', 'text', :d)"),
                     {"p": oct_id, "d": '{"milestone": "SOP issued"}'})
        assert store.schema_version(conn) == 3
        assert "submitted_by" not in {c["name"] for c in sa.inspect(conn).get_columns(
            "pcxl_returns")}
    old.dispose()
    engine = store.open_store(db_url)
    with engine.connect() as conn:
        assert store.schema_version(conn) == store.SCHEMA_VERSION == 4
    october = store.load_returns(engine, "highlight", "Oct 2020")
    assert october[["region", "file", "outcome", "errors", "warnings"]].to_dict("records") == [
        {"region": "West Sussex", "file": "west.xlsx", "outcome": "accepted", "errors": 0,
         "warnings": 2}]
    assert october[["submitted_by", "submitted_on"]].isna().all(axis=None)
    assert store.load_records(engine, "highlight", "Oct 2020", "Milestones")[
        "milestone"].tolist() == ["SOP issued"]
    store.record_period(engine, consolidated(tmp_path / "nov"))
    november = store.load_returns(engine, "highlight", "Nov 2020")
    assert november["submitted_by"].tolist() == ["Keith Hoare"]
    engine.dispose()
