"""Repeating table columns: ``{% each column Sheet %}`` in a cell makes its column repeat once
per record, side by side, the table keeping its width; more records than a slide takes continue
on "(cont.)" slides."""

from __future__ import annotations

import pytest

from pcxl.deck import theme
from pcxl.deck.engine import check_layout, draw_layout
from pcxl.deck.engine.lang import LayoutError
from pcxl.deck.engine.starter import new_layout
from pcxl.declaration import load_tracker
from tests.deck.builders import WEST, _frame, make_dataset, workstream
from tests.deck.layouts import block, saved_by_libreoffice, table, text_box
from tests.deck.reading import cells, fill, named, open_deck, titles

TRACKER = load_tracker("highlight")
EAST = "East Sussex"
OBJECTIVE_ROWS = [["{% each column Objectives sorted by number %}{{ objective }}"],
                  ["SRO: {{ sro }}"], ["{{ priorities | numbered }}"]]


def objective(number: int, title: str, **fields) -> dict:
    return {"number": number, "objective": title, **fields}


def dataset(objectives=(), workstreams=(), programmes=()):
    found = make_dataset([WEST, EAST], list(workstreams))
    found.frames["Objectives"] = _frame(TRACKER, TRACKER.sheet("Objectives"), objectives)
    found.frames["Programmes"] = _frame(TRACKER, TRACKER.sheet("Programmes"), programmes)
    return found


def layout(path, rows: list[list[str]], widths: list[float], name: str = "Objectives"):
    """One slide titled "Framework" holding the table ``name``, 800pt wide at most."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Framework"], (36, 10, 880, 36))
    table(slide, name, rows, (36, 60, sum(widths), 0), widths)
    prs.save(str(path))
    return path


def drawn(tmp_path, data, rows, widths=(800.0,), name: str = "Objectives", *, source=None):
    path = source or layout(tmp_path / "layout.pptx", rows, list(widths), name)
    draw_layout(data, path, tmp_path / "deck.pptx")
    return open_deck(tmp_path / "deck.pptx")


def widths_of(slide, name: str = "Objectives") -> list[float]:
    return [c.width / theme.EMU_PER_POINT for c in named(slide, name).table.columns]


def test_a_column_repeats_per_record_in_order_sharing_its_width(tmp_path):
    data = dataset([objective(2, "Workforce", sro="Ann", priorities="Recruit\nRetain"),
                    objective(1, "Access", sro="Bob", priorities="1. Reopen\na) GP\n2) Triage")])
    prs = drawn(tmp_path, data, OBJECTIVE_ROWS)
    (slide,) = prs.slides
    assert cells(named(slide, "Objectives").table) == [
        ["Access", "Workforce"], ["SRO: Bob", "SRO: Ann"],
        ["1. Reopen\va) GP\v2. Triage", "1. Recruit\v2. Retain"]]
    assert widths_of(slide) == pytest.approx([400.0, 400.0], abs=0.01)


def test_a_label_column_keeps_its_width_and_a_column_per_value_takes_its_first_record(tmp_path):
    programmes = [{"letter": "A", "programme": "Joint Working", "purpose": "Together"},
                  {"letter": "B", "programme": "General Practice"},
                  {"letter": "B", "programme": "General Practice, as East says", "region": EAST}]
    rows = [["", "{% each column per letter in Programmes %}{{ letter \". \" }}{{ programme }}"],
            ["Purpose", "{{ purpose }}"]]
    prs = drawn(tmp_path, dataset(programmes=programmes), rows, (120, 600), "Programmes")
    slide = prs.slides[0]
    assert cells(named(slide, "Programmes").table) == [
        ["", "A. Joint Working", "B. General Practice"], ["Purpose", "Together", ""]]
    assert widths_of(slide, "Programmes") == pytest.approx([120.0, 300.0, 300.0], abs=0.01)


def test_filters_sort_and_fill_work_as_in_repeating_rows(tmp_path):
    data = dataset(workstreams=[workstream("Screening", delivery_rag="Red"),
                                workstream("Access", delivery_rag="Green"),
                                workstream("Closed one", state="Closed")])
    rows = [["{% each column Workstreams where state is Open sorted by workstream %}"
             "{{ workstream }}"], ["{{ delivery_rag | fill }}"]]
    prs = drawn(tmp_path, data, rows, name="RAG")
    rag = named(prs.slides[0], "RAG").table
    assert cells(rag) == [["Access", "Screening"], ["Green", "Red"]]
    assert [fill(c) for c in rag.rows[1].cells] == ["009639", "DA291C"]


def test_more_columns_than_a_slide_takes_continue_on_cont_slides_shared_evenly(tmp_path):
    data = dataset([objective(n, f"Objective {n}", sro="TBC") for n in range(1, 6)])
    rows = [["{% each column Objectives sorted by number max 2 %}{{ objective }}"],
            ["SRO: {{ sro }}"]]
    prs = drawn(tmp_path, data, rows)
    assert titles(prs) == ["Framework", "Framework (cont.)", "Framework (cont.)"]
    heads = [cells(named(s, "Objectives").table)[0] for s in prs.slides]
    assert heads == [["Objective 1", "Objective 2"], ["Objective 3", "Objective 4"],
                     ["Objective 5"]]
    assert widths_of(prs.slides[2]) == pytest.approx([800.0], abs=0.01)


def test_columns_narrower_than_an_inch_go_to_the_next_slide(tmp_path):
    data = dataset([objective(n, f"Objective {n}") for n in range(1, 5)])
    prs = drawn(tmp_path, data, OBJECTIVE_ROWS[:1], (200.0,))
    assert [len(named(s, "Objectives").table.columns) for s in prs.slides] == [2, 2]


def test_rows_are_measured_and_an_empty_cell_stays_empty(tmp_path):
    long = "A priority described at length, sentence after sentence. " * 6
    data = dataset([objective(1, "Access", priorities=long), objective(2, "Workforce")])
    prs = drawn(tmp_path, data, OBJECTIVE_ROWS)
    body = named(prs.slides[0], "Objectives").table
    assert cells(body)[1] == ["", ""]  # a label with no value is left out
    assert cells(body)[2][1] == ""
    assert body.rows[2].height > 3 * body.rows[0].height


def test_no_records_leave_the_table_out(tmp_path):
    prs = drawn(tmp_path, dataset(), OBJECTIVE_ROWS)
    assert [s.name for s in prs.slides[0].shapes if s.has_table] == []


def test_a_layout_saved_by_libreoffice_repeats_its_columns(tmp_path):
    (tmp_path / "made").mkdir()
    made = layout(tmp_path / "made" / "layout.pptx", OBJECTIVE_ROWS, [600.0])
    source = saved_by_libreoffice(made, tmp_path / "impress")
    data = dataset([objective(1, "Access", sro="Bob", priorities="Reopen"),
                    objective(2, "Workforce", sro="Ann", priorities="Recruit")])
    prs = drawn(tmp_path, data, OBJECTIVE_ROWS, source=source)
    assert cells(named(prs.slides[0], "Objectives").table) == [
        ["Access", "Workforce"], ["SRO: Bob", "SRO: Ann"], ["1. Reopen", "1. Recruit"]]
    assert sum(widths_of(prs.slides[0])) == pytest.approx(600.0, abs=0.5)


@pytest.mark.parametrize(("rows", "message"), [
    ([["{% each column Objectives %}{{ objective }}"], ["{{ budget }}"]],
     r"slide 1, shape 'Objectives': \{\{ budget \}\} is not a field here"),
    ([["{% each column Objectives %}{{ objective }}"], ["{% each Programmes %}{{ purpose }}"]],
     r"slide 1, shape 'Objectives': a table repeats its rows or one column"),
    ([["{% each column per rank in Objectives %}{{ objective }}"]],
     r"slide 1, shape 'Objectives': 'rank' is not a column of Objectives"),
    ([["{% each column Objectives max none %}{{ objective }}"]],
     r"slide 1, shape 'Objectives': .*'max' takes a number of columns"),
    ([["{% each column Aims %}{{ objective }}"]],
     r"slide 1, shape 'Objectives': 'Aims' is not a sheet of 'highlight'"),
])
def test_a_layout_error_names_the_slide_and_the_shape(tmp_path, rows, message):
    path = layout(tmp_path / "layout.pptx", rows, [600.0])
    with pytest.raises(LayoutError, match=message):
        check_layout(path, TRACKER)


def test_a_column_tag_outside_a_table_is_an_error(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Aims", ["{% each column Objectives %}{{ objective }}"], (36, 60, 600, 40))
    prs.save(str(tmp_path / "layout.pptx"))
    with pytest.raises(LayoutError, match=r"slide 1, shape 'Aims': \{% each column %\} stands "
                                          "in a table's cell"):
        check_layout(tmp_path / "layout.pptx", TRACKER)


def test_a_column_tag_in_a_slides_notes_is_an_error_naming_the_slides_notes(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    table(slide, "Objectives", OBJECTIVE_ROWS, (36, 60, 800, 0), [800.0])
    slide.notes_slide.notes_text_frame.text = "{% each column Objectives %}"
    prs.save(str(tmp_path / "layout.pptx"))
    with pytest.raises(LayoutError, match=r"slide 1 notes: \{% each column %\} stands in a "
                                          "table's cell"):
        check_layout(tmp_path / "layout.pptx", TRACKER)


def test_a_layout_naming_a_removed_block_gets_the_no_such_block_error(tmp_path):
    prs = new_layout()
    block(prs.slides.add_slide(prs.slide_layouts[6]), "block:objectives", (36, 60, 600, 400))
    prs.save(str(tmp_path / "layout.pptx"))
    with pytest.raises(LayoutError, match="slide 1, shape 'block:objectives': there is no block "
                                          "'objectives'"):
        check_layout(tmp_path / "layout.pptx", TRACKER)


def test_a_numbered_lists_numbers_and_a_bulleted_lists_bullets_are_bold(tmp_path):
    data = dataset([objective(1, "Access", priorities="Reopen\na) GP", workstreams="Screening")])
    rows = [["{% each column Objectives %}{{ objective }}"], ["{{ priorities | numbered }}"],
            ["{{ workstreams | bulleted }}"]]
    body = named(drawn(tmp_path, data, rows).slides[0], "Objectives").table
    runs = [[(r.text, r.font.bold) for r in body.cell(n, 0).text_frame.paragraphs[0].runs]
            for n in (1, 2)]
    assert runs == [[("1. ", True), ("Reopen", None), ("a) ", True), ("GP", None)],
                    [("\u2022 ", True), ("Screening", None)]]
