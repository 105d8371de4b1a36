"""The blocks' native tables: headed, paged like a layout's tables, long rows split between
sentences, several tables one under another."""

from __future__ import annotations

from pptx import Presentation

from pcxl.deck import theme
from pcxl.deck.engine.block_table import HEAD, Cell, Table, cell, header, table_pages
from tests.deck.reading import cells, fill

BOX = (22.0, 56.0, 600.0, 200.0)
SENTENCES = " ".join(f"Sentence {n} says what the team did this period." for n in range(40))


def drawn(tables: list[Table], height: float = BOX[3]) -> list:
    """Each page of ``tables`` drawn on a slide of its own."""
    prs = Presentation()
    slides = []
    for page in table_pages(tables, height):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        page(slide, BOX)
        slides.append(slide)
    return slides


def table_of(name: str, rows: int, heading: str = "Milestones") -> Table:
    body = [[cell(f"Row {n}"), cell("Red", fill="DA291C", align="centre")] for n in range(rows)]
    return Table(name, [400.0, 200.0], header(["Milestone", "Status"]), body, heading)


def headings(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.name == "Table heading"]


def test_a_block_table_is_a_native_table_under_its_heading_bar_with_a_marked_header_row():
    (slide,) = drawn([table_of("Slippage", 2)])
    (bar, frame) = list(slide.shapes)
    assert headings(slide) == ["Milestones"]
    assert frame.has_table and frame.name == "Slippage"
    assert frame.table.first_row
    assert cells(frame.table) == [["Milestone", "Status"], ["Row 0", "Red"], ["Row 1", "Red"]]
    assert fill(frame.table.cell(0, 0)) == theme.NHS_BLUE
    assert fill(frame.table.cell(1, 1)) == "DA291C"
    assert frame.top == bar.top + bar.height
    assert len({s.shape_id for s in slide.shapes}) == 2


def test_rows_beyond_the_block_continue_under_the_heading_marked_cont_and_the_header_again():
    slides = drawn([table_of("Slippage", 30)])
    assert len(slides) > 1
    assert [headings(s) for s in slides] == [["Milestones"]] + [["Milestones (cont.)"]] * (
        len(slides) - 1)
    tables = [cells(next(s for s in slide.shapes if s.has_table).table) for slide in slides]
    assert all(t[0] == ["Milestone", "Status"] for t in tables)
    assert [r[0] for t in tables for r in t[1:]] == [f"Row {n}" for n in range(30)]
    assert len(tables[-1]) > 2  # never a continuation slide holding a single row


def test_a_row_taller_than_the_block_is_split_between_sentences_marked_continued():
    table = Table("Objectives", [300.0], header(["Priorities"]), [[cell(SENTENCES)]])
    slides = drawn([table])
    parts = [cells(next(s for s in slide.shapes if s.has_table).table)[1][0] for slide in slides]
    assert len(parts) > 1
    assert parts[0].endswith("this period. (continued)")
    assert parts[1].startswith("(continued) Sentence")
    assert all(p.replace("(continued)", "").strip() for p in parts)


def test_several_tables_stand_one_under_another_each_with_its_header():
    first = Table("Objectives", [600.0], [Cell([("First", HEAD)], theme.NHS_BLUE)],
                  [[cell("one")]])
    second = Table("Objectives", [600.0], [Cell([("Second", HEAD)], theme.NHS_BLUE)],
                   [[cell("two")]])
    (slide,) = drawn([first, second])
    top, below = [s for s in slide.shapes if s.has_table]
    assert cells(top.table) == [["First"], ["one"]] and cells(below.table) == [["Second"], ["two"]]
    assert below.top == top.top + top.height


def test_a_row_is_as_tall_as_its_tallest_cell_at_the_exact_line_pitch():
    rows = [[cell("SOP issued"), cell("30/09/20")], [cell(SENTENCES[:300]), cell("30/09/20")]]
    (slide,) = drawn([Table("Slippage", [200.0, 60.0], header(["Milestone", "Due"]), rows)])
    frame = next(s for s in slide.shapes if s.has_table)
    short, tall = (row.height for row in list(frame.table.rows)[1:])
    assert short == theme.emu(theme.TABLE_SIZE * theme.LINE_SPACING + 2 * theme.CELL_MARGIN_Y)
    assert tall > 3 * short
