"""Consolidated and feedback workbooks print well (landscape, one page wide, header row on every
page), show the date each return was submitted, and have figures on the Summary in every format."""

import datetime as dt

import openpyxl
import pytest

from pcxl.declaration import shipped_trackers
from pcxl.demo import write_demo_returns
from pcxl.feedback import feedback_returns
from pcxl.pipeline import consolidate_returns
from tests.builders import make_return


def assert_prints_landscape_one_page_wide(ws):
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (1, None)   # 1 is the default, which XlsxWriter omits
    assert ws.page_setup.fitToHeight == 0


def test_every_sheet_of_the_consolidated_workbook_prints_with_its_header_row(tmp_path):
    make_return(tmp_path / "r", "west.xlsx")
    consolidate_returns([tmp_path / "r"], tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    for ws in visible:
        assert_prints_landscape_one_page_wide(ws)
    assert all(ws.print_title_rows == "$1:$1" for ws in visible if ws.title != "Summary")
    assert book["Milestones"].oddFooter.center.text == "Page &P of &N"


def test_the_date_submitted_is_the_returns_own_as_a_date(tmp_path):
    make_return(tmp_path / "r", "west.xlsx", about={"submitted_on": "04/12/2020"})
    consolidate_returns([tmp_path / "r"], tmp_path / "c.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "c.xlsx")["Returns"].iter_rows(
        values_only=True))
    assert rows[1][rows[0].index("Date submitted")] == dt.datetime(2020, 12, 4)


@pytest.mark.parametrize("tracker", [t.name for t in shipped_trackers()])
def test_the_summary_has_figures_for_every_format(tmp_path, tracker):
    write_demo_returns(tmp_path / "r", trackers=[tracker])
    result = consolidate_returns([tmp_path / "r"], tmp_path / "c.xlsx")
    rows = list(openpyxl.load_workbook(result.outputs[tracker])["Summary"].iter_rows(
        values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == "Rows consolidated by sheet and region")
    header, first = ([c for c in row if c is not None] for row in rows[at + 1:at + 3])
    assert header[0] == "Region" and header[-1] == "Total"
    assert first[0] in result.datasets[tracker].regions
    assert first[-1] > 0


def test_every_sheet_of_a_feedback_copy_prints_with_its_header_row(tmp_path):
    make_return(tmp_path / "r", "west.xlsx", milestones=[{"workstream": "x", "milestone": "m",
                                                          "status": "Nonsense"}])
    result = feedback_returns([tmp_path / "r"], tmp_path / "fb")
    book = openpyxl.load_workbook(next(iter(result.written.values())))
    for ws in (ws for ws in book.worksheets if ws.sheet_state == "visible"):
        assert_prints_landscape_one_page_wide(ws)
    assert book["Issues"].print_title_rows == "$5:$5"
    assert book["Milestones"].print_title_rows == "$1:$1"
