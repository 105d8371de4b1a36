"""A sheet blank below its header is read from its XML, exactly as python-calamine reads it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from pcxl.declaration import sheets_read
from pcxl.excel.guard import check_file
from pcxl.excel.headeronly import FEW_ROWS, header_only_sheets
from pcxl.excel.precheck import precheck
from pcxl.excel.read import read_return
from tests.builders import DEFAULT_MILESTONES, HIGHLIGHT, make_return

HEADER = ["No.", "Strategic objective", "SRO & lead", "<Statement>", " Priorities ",
          "Local\nworkstreams", "Café"]


class Sheet:
    """One sheet being written by openpyxl (inline strings, empty cells as ``<c ...></c>``) or
    XlsxWriter (shared strings, empty cells as ``<c .../>``, as Excel writes them)."""

    def __init__(self, path: Path, writer: str):
        self.path, self.writer = path, writer
        if writer == "openpyxl":
            self.book = openpyxl.Workbook()
            self.sheet = self.book.active
            self.sheet.title = "Objectives"
        else:
            self.book = xlsxwriter.Workbook(str(path))
            self.sheet = self.book.add_worksheet("Objectives")
            self.style = self.book.add_format({"num_format": "@"})

    def styled_rows(self) -> None:
        for row in range(2, 502):
            for column in range(1, 8):
                if self.writer == "openpyxl":
                    self.sheet.cell(row, column).number_format = "@"
                else:
                    self.sheet.write_blank(row - 1, column - 1, None, self.style)

    def put(self, row: int, column: int, value: object) -> None:
        if self.writer == "openpyxl":
            self.sheet.cell(row, column, value)
        elif isinstance(value, str) and value.startswith("="):
            self.sheet.write_formula(row - 1, column - 1, value)
        else:
            self.sheet.write(row - 1, column - 1, value)

    def header(self, row: int = 1, values=HEADER) -> None:
        for column, value in enumerate(values, start=1):
            self.put(row, column, value)

    def merge(self) -> None:
        if self.writer == "openpyxl":
            self.sheet.merge_cells("A1:B1")
        else:
            self.sheet.merge_range("A1:B1", "No.")

    def rich(self) -> None:
        if self.writer == "openpyxl":
            self.put(1, 2, CellRichText("Strategic ", TextBlock(InlineFont(b=True), "objective")))
        else:
            self.sheet.write_rich_string(0, 1, "Strategic ", self.book.add_format({"bold": 1}),
                                         "objective")

    def save(self) -> Path:
        if self.writer == "openpyxl":
            self.book.save(self.path)
        else:
            self.book.close()
        return self.path


WRITERS = ["openpyxl", "xlsxwriter"]


def workbook(tmp_path: Path, writer: str, fill) -> Path:
    """A one-sheet workbook with 500 styled empty input rows under whatever ``fill`` writes."""
    sheet = Sheet(tmp_path / "book.xlsx", writer)
    sheet.styled_rows()
    fill(sheet)
    return sheet.save()


def by_hand(path: Path) -> dict:
    return header_only_sheets(check_file(path), ["Objectives"])


def by_calamine(path: Path) -> list[list[object]]:
    book = calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name("Objectives").to_python(skip_empty_area=False)


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("fill", [
    lambda sheet: sheet.header(),
    lambda sheet: (sheet.put(1, 1, "Objectives"), sheet.header(3)),
    lambda sheet: (sheet.header(), sheet.put(FEW_ROWS, 9, "a note")),
], ids=["header in row 1", "title above a header in row 3", "a note in the last row looked at"])
def test_a_sheet_with_text_in_its_first_rows_only_reads_as_python_calamine_reads_it(
        tmp_path, writer, fill):
    path = workbook(tmp_path, writer, fill)

    found = by_hand(path)

    assert found["Objectives"].to_python() == by_calamine(path)
    assert found["Objectives"].merged_cell_ranges == []


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("fill", [
    lambda sheet: (sheet.header(), sheet.put(FEW_ROWS + 1, 2, "a row filled in")),
    lambda sheet: (sheet.header(), sheet.put(400, 7, "far down")),
    lambda sheet: sheet.header(values=["No.", 2020, "SRO"]),
    lambda sheet: sheet.header(values=["No.", "=1+1", "SRO"]),
    lambda sheet: (sheet.header(), sheet.merge()),
    lambda sheet: (sheet.header(values=["No."]), sheet.rich()),
    lambda sheet: sheet.header(values=["No.", "Budget_x000D_"]),
    lambda sheet: None,
], ids=["a row below", "a cell far down", "a number", "a formula", "merged cells",
        "rich text", "an escaped character", "nothing at all"])
def test_a_sheet_holding_anything_else_is_left_to_python_calamine(tmp_path, writer, fill):
    assert by_hand(workbook(tmp_path, writer, fill)) == {}


def test_a_return_left_blank_below_its_headers_reads_the_same_without_parsing_them(tmp_path):
    path = make_return(tmp_path, risks=[], milestones=DEFAULT_MILESTONES * (FEW_ROWS + 1))

    checked = precheck(path, read=sheets_read([HIGHLIGHT]))
    blank = set(checked.sheets)
    with_xml = read_return(path, [HIGHLIGHT], checked)
    parsed = read_return(path, [HIGHLIGHT], precheck(path))

    assert {"Objectives", "Programmes", "Risks"} <= blank and "Milestones" not in blank
    for name, sheet in parsed.sheets.items():
        assert with_xml.sheets[name].columns == sheet.columns
        assert list(with_xml.sheets[name].rows) == list(sheet.rows)
        assert with_xml.sheets[name].letters == sheet.letters
    assert all(len(parsed.sheets[name]) == 0 for name in ("Objectives", "Programmes", "Risks"))
    assert with_xml.problems == parsed.problems and with_xml.about == parsed.about


def test_shared_strings_the_guard_did_not_keep_leave_the_sheet_to_python_calamine(tmp_path):
    path = workbook(tmp_path, "xlsxwriter", Sheet.header)
    package = check_file(path)
    assert "Objectives" in header_only_sheets(package, ["Objectives"])

    del package.parts["xl/sharedStrings.xml"]

    assert header_only_sheets(package, ["Objectives"]) == {}
