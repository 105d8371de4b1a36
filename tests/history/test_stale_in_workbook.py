"""Stale narrative in the consolidated workbook: each highlight, escalation or risk carried
unchanged is marked on its row ("Unchanged for", in amber) and listed on a Stale narrative sheet,
and the workbook still reads back as the same data."""

import openpyxl
import pandas as pd

from pcxl.declaration import load_tracker, shipped_trackers
from pcxl.excel.read import read_consolidated
from pcxl.excel.write import write_consolidated
from pcxl.history.stale import stale_narrative
from pcxl.history.store import open_store
from pcxl.pipeline import consolidate_returns
from tests.builders import make_return, make_workbook
from tests.history.test_stale import SMI, month, three_months

AMBER = "FFFFB81C"


def rows_of(path, sheet):
    """The sheet's rows as dicts by header, each value with its fill colour (None: no fill)."""
    ws = openpyxl.load_workbook(path)[sheet]
    header, *body = ws.iter_rows()
    names = [c.value for c in header]
    return [{name: (c.value, c.fill.fgColor.rgb if c.fill.fill_type else None)
             for name, c in zip(names, row, strict=True)} for row in body]


def headers_of(path, sheet):
    return [c.value for c in next(openpyxl.load_workbook(path)[sheet].iter_rows(max_row=1))]


def test_each_stale_update_is_marked_with_its_periods_unchanged_in_amber(tmp_path):
    three_months(tmp_path, str(tmp_path / "history.sqlite"))
    updates = rows_of(tmp_path / "dec.xlsx", "Updates")
    assert [(r["Kind"][0], r["Update"][0], r["Unchanged for"]) for r in updates] == [
        ("Highlight", "ICS  team engaged", (3, AMBER)),
        ("Escalation", "No data analyst yet", (2, AMBER)),
        ("Next step", "Book webinar", (None, None)),  # next steps are never flagged
    ]
    assert headers_of(tmp_path / "dec.xlsx", "Updates")[3:6] == [
        "Update", "Unchanged for", "Source file"]


def test_a_risk_is_marked_only_while_its_mitigation_is_unchanged(tmp_path):
    three_months(tmp_path, str(tmp_path / "history.sqlite"))
    november = rows_of(tmp_path / "nov.xlsx", "Risks")
    assert [(r["Risk or issue"][0], r["Unchanged for"]) for r in november] == [
        ("Clinical leads may not be released", (2, AMBER))]
    # December's mitigation is new and nothing else on Risks is stale: no column to read
    assert "Unchanged for" not in headers_of(tmp_path / "dec.xlsx", "Risks")


def test_the_stale_narrative_sheet_lists_the_items_under_a_line_saying_what_they_are(tmp_path):
    three_months(tmp_path, str(tmp_path / "history.sqlite"))
    book = openpyxl.load_workbook(tmp_path / "dec.xlsx")
    assert book.sheetnames.index("Stale narrative") == book.sheetnames.index("Changes") + 1
    rows = list(book["Stale narrative"].iter_rows(values_only=True))
    assert rows[0][0] == ("Highlights, escalations and risks of Dec 2020 reported in the same "
                          "words for two or more periods in a row")
    assert rows[4] == ("Region", "Workstream", "Kind", "Text", "Periods unchanged", "Since")
    assert rows[5:] == [("West Sussex", SMI, "Escalation", "No data analyst yet", 2, "Nov 2020"),
                        ("West Sussex", SMI, "Highlight", "ICS  team engaged", 3, "Oct 2020")]
    assert [book["Stale narrative"][f"E{r}"].fill.fgColor.rgb for r in (6, 7)] == [AMBER] * 2


def test_a_first_period_has_no_stale_column_or_sheet(tmp_path):
    # nothing can be stale before there is a period to compare with: an empty sheet or a blank
    # column would suggest a check that could not be made (as Changes, which also waits)
    make_return(tmp_path, "west.xlsx")
    consolidate_returns([tmp_path / "west.xlsx"], tmp_path / "out.xlsx",
                        history=tmp_path / "history.sqlite")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert "Stale narrative" not in book.sheetnames and "Changes" not in book.sheetnames
    assert "Unchanged for" not in headers_of(tmp_path / "out.xlsx", "Updates")
    assert "Unchanged for" not in headers_of(tmp_path / "out.xlsx", "Risks")


def test_a_later_period_with_nothing_carried_says_so_and_marks_no_row(tmp_path):
    db = str(tmp_path / "history.sqlite")
    month(tmp_path, db, "oct", "October 2020", [("Highlight", "ICS team engaged")])
    month(tmp_path, db, "nov", "November 2020", [("Highlight", "Webinar booked")])
    rows = list(openpyxl.load_workbook(tmp_path / "nov.xlsx")["Stale narrative"]
                .iter_rows(values_only=True))
    assert rows == [("None: no highlight, escalation or risk of Nov 2020 was reported in the "
                     "same words as the period before.",)]
    assert "Unchanged for" not in headers_of(tmp_path / "nov.xlsx", "Updates")


def test_the_flagged_workbook_reads_back_as_the_same_data(tmp_path):
    db = str(tmp_path / "history.sqlite")
    three_months(tmp_path, db)
    flagged = read_consolidated(tmp_path / "dec.xlsx", shipped_trackers())
    result = consolidate_returns([tmp_path / "dec"], tmp_path / "plain.xlsx")  # no history
    write_consolidated(result.datasets["highlight"], result.report, tmp_path / "plain.xlsx",
                       changes=flagged.changes)
    plain = read_consolidated(tmp_path / "plain.xlsx", shipped_trackers())
    assert "Unchanged for" in headers_of(tmp_path / "dec.xlsx", "Updates")
    assert list(flagged.frames) == list(plain.frames)
    for name, frame in flagged.frames.items():
        pd.testing.assert_frame_equal(frame, plain.frames[name], obj=name)
    assert list(flagged.frames["Updates"]["text"]) == [
        "ICS  team engaged", "No data analyst yet", "Book webinar"]
    pd.testing.assert_frame_equal(flagged.changes, plain.changes)
    assert (flagged.period, flagged.about) == (plain.period, plain.about)


def test_risks_without_a_risk_column_are_never_one_stale_item(tmp_path):
    # the programme report's Risks sheet has a description, not a risk and mitigation
    db = str(tmp_path / "history.sqlite")
    report = load_tracker("programme_report")
    for name, period, concern in [("oct", "October 2020", "Estates delay"),
                                  ("nov", "November 2020", "Workforce gap")]:
        folder = tmp_path / name
        folder.mkdir()
        make_workbook(folder, report, about={"period": period, "programme": "Demo",
                                             "programme_lead": "A. Lead", "board": "Demo board"},
                      Objectives=[{"objective": "Recover access"}],
                      Risks=[{"kind": "Risk", "description": concern}])
        result = consolidate_returns([folder], tmp_path / f"{name}.xlsx", history=db)
        assert list(result.datasets["programme_report"].frames["Risks"]["description"]) == [
            concern]
    engine = open_store(db)
    try:
        assert stale_narrative(engine, report, "Nov 2020").empty
    finally:
        engine.dispose()
    # nothing to judge on this tracker, so no sheet saying nothing was found
    assert "Stale narrative" not in openpyxl.load_workbook(tmp_path / "nov.xlsx").sheetnames
