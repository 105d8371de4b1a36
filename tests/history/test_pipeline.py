"""Consolidating records the period; the workbook and `pcxl changes` show what moved."""

import os
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pptx import Presentation

from pcxl.cli import cli
from pcxl.history import background
from pcxl.history.store import HistoryError, list_periods, open_store
from pcxl.pipeline import consolidate_returns, make_deck
from tests.builders import make_return

SMI = "Serious Mental Illness (SMI) LCS"


def month(folder, period, forecast=None, status="On track"):
    folder.mkdir()
    make_return(folder, "west.xlsx", period=period, milestones=[
        {"workstream": SMI, "milestone": "SOP issued", "baseline_date": "30/10/20",
         "forecast_date": forecast, "status": status}])
    return folder


def test_the_consolidated_workbook_lists_changes_since_last_period(db_url, tmp_path):
    consolidate_returns([month(tmp_path / "oct", "October 2020")], tmp_path / "oct.xlsx",
                        history=db_url)
    result = consolidate_returns([month(tmp_path / "nov", "November 2020", "13/11/20",
                                        "Delayed")], tmp_path / "nov.xlsx", history=db_url)
    assert result.changes["highlight"].previous == "Oct 2020"
    rows = list(openpyxl.load_workbook(tmp_path / "nov.xlsx")["Changes"].iter_rows(
        values_only=True))
    assert rows[0][:8] == ("Region", "Workstream", "Milestone or rating", "Change", "Before",
                           "After", "Days moved", "Days vs baseline")
    assert [r[2:8] for r in rows[1:]] == [
        ("SOP issued", "forecast moved", "30/10/20", "13/11/20", 14, 14),
        ("SOP issued", "status changed", "On track", "Delayed", None, None)]


def test_pcxl_changes_prints_the_changes_for_a_period(tmp_path):
    db = Path("outputs") / "pcxl_history.sqlite"   # the one default, in the working folder
    runner = CliRunner()
    for name, period, forecast in (("oct", "October 2020", None),
                                   ("nov", "November 2020", "13/11/20")):
        folder = month(tmp_path / name, period, forecast)
        done = runner.invoke(cli, ["consolidate", str(folder), "-o",
                                   str(tmp_path / "out" / f"{name}.xlsx")])
        assert done.exit_code == 0, done.output
    assert db.is_file()
    result = runner.invoke(cli, ["changes", "--period", "November 2020"])
    assert result.exit_code == 0, result.output
    assert "Changes from Oct 2020 to Nov 2020" in result.output
    assert "forecast moved" in result.output and "13/11/20" in result.output


def test_pcxl_changes_for_an_unrecorded_period_says_which_are_recorded(tmp_path):
    runner = CliRunner()
    folder = month(tmp_path / "oct", "October 2020")
    runner.invoke(cli, ["consolidate", str(folder), "-o", str(tmp_path / "o.xlsx")])
    result = runner.invoke(cli, ["changes", "--period", "March 2021"])
    assert result.exit_code == 2
    assert "recorded periods: Oct 2020" in result.output


def test_the_deck_reads_last_periods_changes_from_the_workbook(db_url, tmp_path):


    consolidate_returns([month(tmp_path / "oct", "October 2020")], tmp_path / "oct.xlsx",
                        history=db_url)
    first = make_deck(tmp_path / "oct.xlsx", tmp_path / "oct.pptx")
    consolidate_returns([month(tmp_path / "nov", "November 2020", "13/11/20", "Delayed")],
                        tmp_path / "nov.xlsx", history=db_url)
    make_deck(tmp_path / "nov.xlsx", tmp_path / "nov.pptx")

    def texts(path):
        return [shape.text_frame.text for slide in Presentation(str(path)).slides
                for shape in slide.shapes if shape.has_text_frame] + [
            cell.text for slide in Presentation(str(path)).slides for shape in slide.shapes
            if shape.has_table for row in shape.table.rows for cell in row.cells]

    assert first.slides > 0
    assert not any("▲" in t or "▼" in t or "►" in t for t in texts(tmp_path / "oct.pptx"))
    assert any("Amber ►" in t for t in texts(tmp_path / "nov.pptx"))


@pytest.mark.parametrize("forked", [True, False], ids=["process", "thread"])
def test_a_period_that_cannot_be_recorded_leaves_the_last_workbook_in_place(db_url, tmp_path,
                                                                           monkeypatch, forked):
    if forked and not sys.platform.startswith("linux"):
        pytest.skip("pcxl records in a forked process on Linux only")
    monkeypatch.setattr(background, "forks_cheaply", lambda: forked)
    output = tmp_path / "consolidated.xlsx"
    consolidate_returns([month(tmp_path / "oct", "October 2020")], output, history=db_url)
    before = output.read_bytes()

    def refuses(engine, dataset, found=None, **_):
        raise KeyError("region")  # not a HistoryError: it must still come back as one

    monkeypatch.setattr(background, "record_period", refuses)
    with pytest.raises(HistoryError, match=r"could not record the period .*KeyError"):
        consolidate_returns([month(tmp_path / "nov", "November 2020", "13/11/20")], output,
                            history=db_url)

    assert output.read_bytes() == before
    engine = open_store(db_url)
    assert [p for p, _ in list_periods(engine, "highlight")] == ["Oct 2020"]
    engine.dispose()


def test_a_recording_that_dies_is_one_clear_error(db_url, tmp_path, monkeypatch):
    parent = os.getpid()

    def dies(engine, dataset, found=None, **_):
        if os.getpid() != parent:
            os._exit(3)
        raise HistoryError("stopped")

    monkeypatch.setattr(background, "record_period", dies)
    with pytest.raises(HistoryError, match="stopped unexpectedly"):
        consolidate_returns([month(tmp_path / "oct", "October 2020")],
                            tmp_path / "out.xlsx", history=db_url)
    assert not (tmp_path / "out.xlsx").exists()
