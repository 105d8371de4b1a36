"""The cell scan finds a cell far out wherever it stands, and nothing in a tracker's sheet."""

from __future__ import annotations

import pytest

from pcxl.excel.cellscan import scan


def sheet(cells: str, before: str = "", after: str = "") -> bytes:
    """A sheet's XML: ``before`` and ``after`` its cells (``<sheetData>``)."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="3"/><c r="K{n}" s="5"/></row>'
                   for n in range(2, 400))
    return (f'<worksheet xr:uid="{{00000000-0001-0000-0000-000000000000}}">{before}'
            f'<sheetData>{rows}{cells}</sheetData>{after}</worksheet>').encode()


@pytest.mark.parametrize("cell, far, cells", [
    ('<c r="ZZZ1" t="s"><v>0</v></c>', "ZZZ1", 399 * 18_278),
    ('<c r="XFD1048576"/>', "XFD1048576", 1_048_576 * 16_384),
    ('<c r="B1000000" t="n"><v>1</v></c>', "B1000000", 1_000_000 * 11),
])
def test_a_cell_far_out_among_the_cells_is_found(cell, far, cells):
    assert scan(sheet(cell)).far_cell == (far, cells)


def test_a_cell_far_out_outside_the_cells_is_found_too():
    assert scan(sheet("", after='<c r="AAA7"/>')).far_cell == ("AAA7", 399 * 703)


@pytest.mark.parametrize("cell", [
    '<c r="B2" t="inlineStr"><is><t>NHS ABC PCN</t></is></c>',  # capitals in a row
    '<c r="C2"><v>1234567</v></c>',                              # digits in a row
    '<c r="ZZ99999"/>',                                          # the last cell near enough
])
def test_a_sheet_with_no_cell_far_out_has_none(cell):
    assert scan(sheet(cell, before="<cols><col min='1' max='3'/></cols>")).far_cell is None


def test_formula_errors_and_hidden_rows_among_the_cells_are_found():
    found = scan(sheet('<row r="400" hidden="1"><c r="B400" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                       '</row>', before='<cols><col min="3" max="4" hidden="1"/></cols>'))

    assert found.errors == {(400, 1): "#DIV/0!"}
    assert found.hidden_rows == [400] and found.hidden_columns == [2, 3]


def test_a_sheet_of_shared_strings_and_empty_styled_rows_has_nothing_to_report():
    assert scan(sheet('<row r="400"><c r="A400" t="s"><v>7</v></c></row>')) == scan(b"")
