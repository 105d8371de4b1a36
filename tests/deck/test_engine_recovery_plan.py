"""Seed 000's recovery plan as a layout (docs/layouts/recovery_plan.pptx), drawn by the engine
from the demo's returns, beside the recovery plan module's deck of the same returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from pcxl import pipeline
from pcxl.deck import build_deck
from pcxl.deck.engine import draw_layout
from pcxl.demo import write_demo_returns
from tests.deck.rendering import outside, pages, render

LAYOUT = Path(__file__).parents[2] / "docs" / "layouts" / "recovery_plan.pptx"
TITLE = "PCIP Recovery Plan - 24/08/2020"


def plan_rows(prs) -> list[list[str]]:
    """Every body row of the plan tables, slide after slide (header rows left out)."""
    found = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table and shape.name == "Recovery plan":
                found += [[c.text for c in row.cells] for row in list(shape.table.rows)[1:]]
    return found


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("recovery_layout")
    returns = write_demo_returns(folder / "returns", ["recovery_plan"])
    dataset = pipeline.consolidate_returns(returns, folder / "plan.xlsx").datasets[
        "recovery_plan"]
    engine = draw_layout(dataset, LAYOUT, folder / "engine.pptx")
    module = build_deck(dataset, folder / "module.pptx")
    return engine, Presentation(str(engine.path)), module, Presentation(str(module.path))


def test_the_plan_slides_are_titled_as_the_module_titles_them(decks):
    engine, _, module, _ = decks
    assert engine.titles[1] == TITLE == module.titles[1]
    assert set(engine.titles[2:]) == {f"{TITLE} (cont.)"}


def test_the_header_row_carries_the_phase_titles_from_the_about_sheet(decks):
    _, prs, _, _ = decks
    table = next(s.table for s in prs.slides[1].shapes if s.has_table)
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["Ref", "Workstream", "Pre COVID position and next steps plan"]


def test_every_workstream_of_the_module_deck_is_drawn_in_the_same_order(decks):
    _, prs, _, module = decks
    refs = [row[0] for row in plan_rows(prs) if "." in row[0]]
    theirs = [row[0] for row in plan_rows(module) if "." in row[0]]
    assert list(dict.fromkeys(refs)) == list(dict.fromkeys(theirs))


def test_a_section_row_heads_each_section_and_region_and_repeats_marked_cont(decks):
    _, prs, _, _ = decks
    sections = [row[1] for row in plan_rows(prs) if "." not in row[0] and row[0]]
    assert sections[0] == "Community Treatment & Care and Urgent Care \u2013 North Lanarkshire"
    assert any(s.endswith("(cont.)") for s in sections)


@pytest.mark.render
def test_libreoffice_draws_every_word_of_the_plan_inside_its_slide(decks, tmp_path):
    engine, _, _, _ = decks
    found = pages(render([engine.path], tmp_path)[0])
    assert len(found) == engine.slides
    for number, page in enumerate(found, start=1):
        assert not outside(page), f"slide {number}: {outside(page)[:10]}"
