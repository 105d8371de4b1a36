"""What the engine reads from a drawn slide is what is on it: a row's text once (not
python-pptx's repeated ``itertext``), and for the contrast check each shape's distinct
colour, fill, size and weight once, finding what the full reading finds."""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from pcxl.access import checks, facts
from pcxl.deck import facts as deck_facts
from pcxl.deck.engine import tags


def _slide_with_table(rows: int = 4):
    """A slide with a table of grey text rows on white and a pale note in a text box."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    table = slide.shapes.add_table(rows, 2, Inches(1), Inches(1), Inches(6), Inches(3)).table
    for r in range(rows):
        for c in range(2):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = f"Milestone {r}.{c}"
            run.font.size = Pt(10)
            run.font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    note = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
    run = note.text_frame.paragraphs[0].add_run()
    run.text = "Updated weekly"
    run.font.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
    return slide, table


def _contrast(shapes) -> list[str]:
    deck = facts.Deck(None, (facts.Slide(1, "", tuple(shapes)),))
    return [f"{f.item}: {f.message.split(' (', 1)[0]}" for f in checks.deck_contrast(deck)]


def test_a_rows_text_is_read_once_where_itertext_repeats_it():
    _, table = _slide_with_table(rows=1)
    row = table._tbl.tr_lst[0]
    assert tags.all_text(row) == "Milestone 0.0Milestone 0.1"
    assert "".join(row.itertext()).count("Milestone 0.0") > 1
    plain = etree.fromstring(etree.tostring(row))
    assert tags.all_text(row) == "".join(plain.itertext())


def test_the_contrast_reading_keeps_each_colour_on_its_fill_once_and_finds_the_same():
    slide, _ = _slide_with_table()
    full = deck_facts.read_slide(slide)
    distinct = deck_facts.read_slide(slide, distinct=True)
    table = next(s for s in full if s.kind == "table")
    assert len(table.texts) == 8
    assert [(t.colour, t.background, t.size) for t in
            next(s for s in distinct if s.kind == "table").texts] == [("AAAAAA", "FFFFFF", 10.0)]
    assert [s.kind for s in distinct] == [s.kind for s in full]
    assert _contrast(distinct) == _contrast(full) == [
        "Table 1: #AAAAAA on #FFFFFF is 2.3:1, needs 4.5:1",
        "TextBox 2: #BBBBBB on #FFFFFF is 1.9:1, needs 4.5:1"]
