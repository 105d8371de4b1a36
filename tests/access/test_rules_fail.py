"""Each rule fails when what it checks is broken: a deck with a slide's title taken away, a chart
without its alternative text, a status cell in white on Green; a brand whose background the text
does not read on; a workbook with a merged, blank-rowed, untitled table."""

from __future__ import annotations

import warnings

import pytest
import xlsxwriter
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.table import Table
from pptx.oxml.ns import qn

from pcxl.access import check_file
from pcxl.access.rules import all_rules
from pcxl.deck import brand, draw_deck
from pcxl.errors import InputError
from tests.deck.brands import make_brand
from tests.deck.reading import open_deck
from tests.deck.seed001 import seed_dataset

DOCS = __import__("pathlib").Path(__file__).parents[2] / "docs" / "accessibility.md"

CHART = "chart: Milestones by region, status"  # the status chart, named in the layout


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("access-rules")
    return draw_deck(seed_dataset(), out / "highlight.pptx").path


def _broken(deck, tmp_path, change) -> list:
    prs = open_deck(deck)
    change(prs)
    path = tmp_path / "broken.pptx"
    prs.save(str(path))
    return list(check_file(path).failures)


def test_the_deck_passes_before_it_is_broken(deck):
    assert list(check_file(deck).failures) == []


def test_a_slide_without_its_title_placeholder_fails(deck, tmp_path):
    def untitle(prs):
        title = prs.slides[1].shapes.title._element
        title.getparent().remove(title)

    failures = _broken(deck, tmp_path, untitle)
    assert [(f.code, f.where) for f in failures if f.code == "slide-title"] == [
        ("slide-title", "slide 2")]


def test_a_chart_without_alternative_text_fails(deck, tmp_path):
    def silence(prs):
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_chart:
                    del shape._element.nvGraphicFramePr.cNvPr.attrib["descr"]

    failures = _broken(deck, tmp_path, silence)
    assert [(f.code, f.item) for f in failures] == [("alt-text", CHART)]


def test_a_band_not_marked_decorative_fails(deck, tmp_path):
    def undecorate(prs):
        band = next(s for s in prs.slides[1].shapes if s.name == "Title band")
        band._element.nvSpPr.cNvPr.remove(band._element.nvSpPr.cNvPr[0])

    failures = _broken(deck, tmp_path, undecorate)
    assert ("alt-text", "slide 2", "Title band") in [(f.code, f.where, f.item) for f in failures]


def test_white_status_text_on_green_fails_with_the_pair_and_its_ratio(deck, tmp_path):
    def whiten(prs):
        for slide in prs.slides:
            for el in slide._element.iter(qn("a:tc")):
                fill = el.find(f"{qn('a:tcPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
                if fill is not None and fill.get("val") == "009639":
                    for colour in el.iter(qn("a:srgbClr")):
                        if colour.getparent().getparent().tag == qn("a:rPr"):
                            colour.set("val", "FFFFFF")

    failures = [f for f in _broken(deck, tmp_path, whiten) if f.code == "contrast"]
    assert failures
    assert all(f.message.startswith("#FFFFFF on #009639 is 3.9:1, needs 4.5:1")
               for f in failures)


def test_a_footer_read_before_the_title_fails(deck, tmp_path):
    def footer_first(prs):
        tree = prs.slides[1].shapes._spTree
        footer = next(s for s in prs.slides[1].shapes if s.name == "Footer")._element
        tree.remove(footer)
        tree.insert(2, footer)

    failures = _broken(deck, tmp_path, footer_first)
    assert ("reading-order", "slide 2", "Title") in [(f.code, f.where, f.item) for f in failures]


def test_a_brand_whose_background_text_does_not_read_on_names_each_pair(tmp_path):
    template = make_brand(tmp_path / "night.pptx", background="1F1A3A")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", brand.BrandWarning)
        result = draw_deck(seed_dataset(), tmp_path / "deck.pptx", brand=template)
    said = {str(w.message).split(": ", 2)[2].split(",")[0] for w in caught
            if "on #1F1A3A" in str(w.message)}  # "slide 5, shape 'Footer': #00727A on ..."
    assert said >= {"#1A1423 on #1F1A3A is 1.1:1", "#6F4B8B on #1F1A3A is 2.4:1",
                    "#00727A on #1F1A3A is 2.9:1", "#DA291C on #1F1A3A is 3.4:1"}
    pairs = {f.message.split(",")[0] for f in check_file(result.path).failures
             if f.code == "contrast"}
    assert pairs == {"#1A1423 on #1F1A3A is 1.1:1",  # the brand's ink (body text)
                     "#6F4B8B on #1F1A3A is 2.4:1",  # notes, from its dark 2
                     "#00727A on #1F1A3A is 2.9:1",  # the footer, its accent 1
                     "#DA291C on #1F1A3A is 3.4:1"}  # escalations, NHS red


def test_a_workbook_with_a_merged_blank_rowed_untitled_table_fails_each_rule(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Region", "Status"])
    sheet.append(["West Sussex", "On track"])
    sheet.append([None, None])
    sheet.append(["East Sussex", "Delayed"])
    sheet.merge_cells("A4:B4")
    sheet["B2"].fill = PatternFill("solid", fgColor="009639")
    sheet["B2"].font = Font(color="FFFFFF", size=10)
    sheet.add_table(Table(displayName="Statuses", ref="A1:B4"))
    book.save(tmp_path / "book.xlsx")
    failures = {(f.code, f.where, f.item) for f in check_file(tmp_path / "book.xlsx").failures}
    assert failures == {("document-title", "workbook", ""), ("sheet-name", "sheet Sheet", ""),
                        ("merged-cells", "sheet Sheet", "A4:B4"),
                        ("blank-rows", "sheet Sheet", "row 3"),
                        ("contrast", "sheet Sheet", "B2")}


def test_a_workbook_chart_without_alternative_text_fails_and_one_with_it_passes(tmp_path):
    book = xlsxwriter.Workbook(tmp_path / "charts.xlsx")
    book.set_properties({"title": "Milestones by status"})
    sheet = book.add_worksheet("Data")
    sheet.write_column("A1", [11, 2, 3])
    for cell, options in (("C1", {}), ("C20", {"description": "Bar chart of 11, 2 and 3"})):
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"values": "=Data!$A$1:$A$3"})
        sheet.insert_chart(cell, chart, options)
    book.close()
    failures = [(f.code, f.where, f.item) for f in check_file(tmp_path / "charts.xlsx").failures]
    assert failures == [("alt-text", "sheet Data", "Chart 1")]


def test_a_file_that_is_neither_deck_nor_workbook_is_one_clear_error(tmp_path, run):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="not a deck"):
        check_file(tmp_path / "notes.txt")
    (tmp_path / "fake.pptx").write_text("not a zip")
    result = run("check-access", tmp_path / "fake.pptx")
    assert result.exit_code == 2


def test_the_check_command_exits_1_and_names_the_failure(deck, tmp_path, run):
    prs = open_deck(deck)
    title = prs.slides[2].shapes.title._element
    title.getparent().remove(title)
    prs.save(str(tmp_path / "untitled.pptx"))
    result = run("check-access", tmp_path / "untitled.pptx")
    assert result.exit_code == 1
    assert "slide 3" in result.output and "slide-title" in result.output


def test_every_rule_is_explained_in_the_docs():
    text = DOCS.read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"`{rule.code}`" in text, rule.code
