"""A period committed by a run killed before its workbook was put in place is finished, or
taken back, by the next consolidation into the same history; which of the two is said."""

from __future__ import annotations

from pcxl.history import pending
from pcxl.history.store import list_periods, open_store, record_period
from pcxl.pipeline import consolidate_returns
from tests.history.test_pipeline import month


def half_finished(db_url, tmp_path, temp_written: bool):
    """What a run killed between committing November and renaming its workbook leaves."""
    first = consolidate_returns([month(tmp_path / "oct", "October 2020")],
                                tmp_path / "oct.xlsx", history=db_url)
    nov = consolidate_returns([month(tmp_path / "nov", "November 2020")],
                              tmp_path / "scratch.xlsx").datasets["highlight"]
    target, temp = tmp_path / "nov.xlsx", tmp_path / ".nov-abcd1234.xlsx"
    if temp_written:
        temp.write_bytes((tmp_path / "scratch.xlsx").read_bytes())
    engine = open_store(db_url)
    record_period(engine, nov, before_commit=lambda conn: pending.mark(
        conn, "highlight", nov.period, target, temp))
    engine.dispose()
    return first, target


def periods(db_url):
    engine = open_store(db_url)
    try:
        return [p for p, _ in list_periods(engine, "highlight")]
    finally:
        engine.dispose()


def test_a_workbook_left_in_its_temporary_file_is_put_in_place_and_said(db_url, tmp_path):
    _, target = half_finished(db_url, tmp_path, temp_written=True)

    result = consolidate_returns([month(tmp_path / "dec", "December 2020")],
                                 tmp_path / "dec.xlsx", history=db_url)

    assert result.repaired == [f"highlight Nov 2020 was recorded by a run that stopped before "
                               f"putting its workbook in place; {target} is now in place"]
    assert target.exists() and not list(tmp_path.glob(".nov-*"))
    assert periods(db_url) == ["Oct 2020", "Nov 2020", "Dec 2020"]


def test_a_period_whose_workbook_is_lost_is_taken_out_of_the_history_and_said(db_url,
                                                                             tmp_path):
    _, target = half_finished(db_url, tmp_path, temp_written=False)

    result = consolidate_returns([month(tmp_path / "dec", "December 2020")],
                                 tmp_path / "dec.xlsx", history=db_url)

    assert len(result.repaired) == 1
    assert result.repaired[0].startswith(f"highlight Nov 2020 was recorded by a run that "
                                         f"stopped before writing {target}; it is removed")
    assert periods(db_url) == ["Oct 2020", "Dec 2020"]


def test_nothing_is_said_when_nothing_was_left_half_done(db_url, tmp_path):
    result = consolidate_returns([month(tmp_path / "oct", "October 2020")],
                                 tmp_path / "oct.xlsx", history=db_url)

    assert result.repaired == []
    engine = open_store(db_url)
    assert pending.pending(engine) == []
    engine.dispose()
