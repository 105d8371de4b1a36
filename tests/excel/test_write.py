"""The consolidated Summary reads well where table styles are ignored (LibreOffice): its table
headers carry their own bold, fill and borders, and it prints landscape, one page wide."""

import openpyxl

from pcxl.pipeline import consolidate_returns
from tests.builders import make_return

NHS_BLUE = "FF005EB8"


def summary(tmp_path):
    make_return(tmp_path, "west.xlsx", region="West Sussex")
    make_return(tmp_path, "east.xlsx", region="East Sussex", period="31/13/2020")  # rejected
    consolidate_returns([tmp_path / "west.xlsx", tmp_path / "east.xlsx"], tmp_path / "out.xlsx")
    return openpyxl.load_workbook(tmp_path / "out.xlsx")["Summary"]


def header_cells(ws):
    """The first cell of each table's header row, by its text."""
    return {c.value: c for c in ws["A"] if c.value in ("Region", "Workstream", "File")}


def test_every_summary_table_header_is_bold_white_on_blue_with_borders(tmp_path):
    cells = header_cells(summary(tmp_path))
    assert set(cells) == {"Region", "Workstream", "File"}
    for text, cell in cells.items():
        assert (cell.font.b, cell.font.color.rgb, cell.fill.fgColor.rgb) == (
            True, "FFFFFFFF", NHS_BLUE), text
        assert {cell.border.top.style, cell.border.bottom.style} == {"thin"}, text


def test_the_header_format_covers_the_whole_header_row_but_not_the_rows_below(tmp_path):
    ws = summary(tmp_path)
    row = header_cells(ws)["Region"].row
    assert [c.value for c in ws[row] if c.value][-1] == "Total"
    assert {c.fill.fgColor.rgb for c in ws[row] if c.value} == {NHS_BLUE}
    assert {c.fill.fill_type for c in ws[row + 1]} == {None}


def test_a_small_summary_prints_landscape_on_one_page_wide(tmp_path):
    ws = summary(tmp_path)
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # one page wide, the default, left unwritten
    assert ws.page_setup.fitToHeight == 0  # as many pages down as it takes
