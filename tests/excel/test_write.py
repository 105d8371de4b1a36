"""The consolidated Summary reads well where table styles are ignored (LibreOffice): its table
headers carry their own bold, fill and borders, and it prints landscape, one page wide."""

import openpyxl

from pcxl.pipeline import consolidate_returns
from tests.builders import DEFAULT_WORKSTREAMS, make_return

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


def rag_summary(tmp_path, regions):
    """The Summary of one return per region, each rating the one workstream ``rag``."""
    for region, rag in regions.items():
        workstreams = [{**DEFAULT_WORKSTREAMS[0], "restoration_rag": rag, "delivery_rag": rag}]
        make_return(tmp_path, f"{region}.xlsx", region=region, workstreams=workstreams)
    consolidate_returns([tmp_path], tmp_path / "out.xlsx", history=None)
    return openpyxl.load_workbook(tmp_path / "out.xlsx")["Summary"]


def colour_rules(ws):
    """(cell range, word, fill) of each 'cell equals word' conditional format."""
    return [(cf.sqref, rule.formula[0].strip('"'), rule.dxf.fill.bgColor.rgb)
            for cf, rules in ws.conditional_formatting._cf_rules.items() for rule in rules]


def test_the_rag_grid_has_one_colour_rule_per_word_whatever_the_regions(tmp_path):
    ratings = {"West Sussex": "Green", "East Sussex": "Red", "Brighton and Hove": "Amber",
               "Kent": "Green", "Surrey": "Blue"}
    rules = colour_rules(rag_summary(tmp_path, ratings))
    assert sorted(word for _, word, _ in rules) == ["Amber", "Blue", "Green", "Red"]


def test_each_rag_cell_of_the_summary_is_coloured_by_its_own_word(tmp_path):
    ratings = {"West Sussex": "Green", "East Sussex": "Red", "Brighton and Hove": "Amber"}
    ws = rag_summary(tmp_path, ratings)
    fills = {"Red": "FFDA291C", "Amber": "FFFFB81C", "Green": "FF009639"}
    header = next(row for row in ws.iter_rows() if row[0].value == "Workstream")
    grid = ws[header[0].row + 1][1:4]
    assert [c.value for c in grid] == ["Amber", "Red", "Green"]  # regions in name order
    for cell in grid:
        rules = [(word, fill) for where, word, fill in colour_rules(ws)
                 if cell.coordinate in where]
        assert len(rules) == 4  # every word's rule covers every region's cell
        assert [fill for word, fill in rules if word == cell.value] == [fills[cell.value]]
