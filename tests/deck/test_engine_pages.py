"""The engine's pagination: no near-empty continuation slides, never one row left on its own."""

from __future__ import annotations

import pytest
from lxml import etree
from pptx import Presentation

from pcxl.deck import theme
from pcxl.deck.engine import draw_layout
from pcxl.deck.engine.lang import LayoutError
from pcxl.deck.engine.pages import Piece, paginate
from pcxl.deck.engine.starter import new_layout
from tests.deck.builders import WEST, highlight, make_dataset, milestone, workstream
from tests.deck.layouts import table, text_box, workstream_layout

SMI = "Serious Mental Illness (SMI) LCS"
LD = "Learning Disabilities"


def row(name: str, height: float = 10.0, *, keep: bool = False) -> Piece:
    element = etree.Element("row")
    element.text = name
    return Piece(element, height, keep)


def splittable(name: str, height: float) -> Piece:
    """A row of ``height`` that splits anywhere into a head of the room given and the rest."""
    piece = row(name, height)

    def split(room: float, words: bool = False) -> tuple[Piece, Piece] | None:
        if room < 5.0 or room >= height:
            return None
        return row(name + " head", room), splittable(name + " rest", height - room)

    piece.split = split
    return piece


def names(pages: list[list[Piece]]) -> list[list[str]]:
    return [[p.element.text for p in page] for page in pages]


def test_rows_that_fit_one_page_stay_on_it():
    assert names(paginate([row("a"), row("b")], 30)) == [["a", "b"]]


def test_a_last_page_holding_a_single_row_takes_one_more_from_the_page_before():
    pages = paginate([row(str(n)) for n in range(6)], 50)
    assert names(pages) == [["0", "1", "2", "3"], ["4", "5"]]


def test_a_single_row_stays_alone_when_the_page_before_cannot_spare_one():
    pages = paginate([row("a", 40), row("b", 40)], 50)
    assert names(pages) == [["a"], ["b"]]


def test_a_heading_repeated_on_the_last_page_does_not_count_as_its_company():
    heading = row("Highlights", keep=True)
    again = row("Highlights (cont.)", keep=True)
    items = [row(str(n)) for n in range(5)]
    for item in items:
        item.again = again
    pages = paginate([heading, *items], 50)
    assert names(pages) == [["Highlights", "0", "1", "2"], ["Highlights (cont.)", "3", "4"]]


def test_a_row_is_split_rather_than_left_a_near_empty_continuation():
    # greedy: the long row does not start in the small room left, so it moves on whole and
    # the short row after it spills onto a third page; split instead, two pages hold all
    pages = paginate([row("a", 70), splittable("long", 100), row("b", 10)], 100)
    assert len(pages) == 2
    assert names(pages)[0] == ["a", "long head"]
    assert names(pages)[1] == ["long rest", "b"]


def test_a_continuation_slide_never_carries_a_single_milestone_row(tmp_path):
    many = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, f"Milestone {n:02d}", "30/12/20", "On track")
                         for n in range(19)])  # 18 fit the first slide
    layout = workstream_layout(tmp_path / "layout.pptx")
    result = draw_layout(many, layout, tmp_path / "deck.pptx")
    prs = Presentation(str(result.path))
    counts = [len(s.table.rows) - 1 for slide in prs.slides for s in slide.shapes
              if s.has_table and s.name == "Milestones"]
    assert counts == [17, 2]


def empty_section_layout(path):
    """A slide per workstream whose highlights box says so when there are none."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Rules", ["{% slide per workstream in Workstreams %}"], (700, 0, 250, 20))
    text_box(slide, "Title", ["{{ workstream }}"], (36, 16, 880, 36), size=24)
    text_box(slide, "Highlights", [
        "Highlights", "{% each Updates where kind is Highlight %}{{ text }}",
        "{% if no Updates where kind is Highlight %}No highlights reported this period."],
        (36, 80, 400, 300))
    prs.save(str(path))
    return path


def test_a_paragraph_tagged_if_no_shows_only_on_a_slide_without_those_records(tmp_path):
    data = make_dataset([WEST], [workstream(SMI), workstream(LD)],
                        updates=[highlight(SMI, "ICS team engaged")])
    result = draw_layout(data, empty_section_layout(tmp_path / "layout.pptx"),
                         tmp_path / "deck.pptx")
    boxes = [[p.text for p in s.text_frame.paragraphs] for slide in
             Presentation(str(result.path)).slides for s in slide.shapes
             if s.name == "Highlights"]
    assert boxes == [["Highlights", "ICS team engaged"],
                     ["Highlights", "No highlights reported this period."]]


def test_an_if_no_tag_outside_a_box_of_repeating_paragraphs_is_a_layout_error(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx", extra="{% if no Updates %}None.")
    with pytest.raises(LayoutError, match=r"shape 'Leads': \{% if no %\} stands in a text box "
                                          "with repeating paragraphs"):
        draw_layout(make_dataset([WEST], [workstream(SMI)]), layout, tmp_path / "deck.pptx")


def test_a_table_does_not_move_up_over_a_box_saying_its_section_is_empty(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["{{ programme }}"], (36, 16, 880, 36), size=24)
    text_box(slide, "Highlights", [
        "{% each Updates where kind is Highlight %}{{ text }}",
        "{% if no Updates where kind is Highlight %}No highlights reported this period."],
        (36, 80, 600, 100))
    table(slide, "Milestones", [["Milestone"], ["{% each Milestones %}{{ milestone }}"]],
          (36, 200, 600, 0), [600])
    prs.save(str(tmp_path / "layout.pptx"))
    data = make_dataset([WEST], [workstream(SMI)], [milestone(SMI, "Webinars held")])
    result = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    shapes = {s.name: s for s in Presentation(str(result.path)).slides[0].shapes}
    assert shapes["Highlights"].text_frame.text == "No highlights reported this period."
    assert shapes["Milestones"].top == theme.emu(200)


def test_a_last_page_holding_only_the_end_of_a_cut_row_takes_that_row_whole_and_one_more():
    pages = paginate([row("a"), row("b"), row("c"), splittable("long", 30)], 50)
    assert names(pages) == [["a", "b"], ["c", "long"]]
