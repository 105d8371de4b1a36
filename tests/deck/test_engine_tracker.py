"""Which layout draws a tracker's deck: its declaration's ``layout:``, else the shipped layout of
its ``format:``, else (``generic`` or neither) its starter layout; the engine draws them all."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from pcxl.deck import draw_deck
from pcxl.deck.engine.tracker import layout_of
from pcxl.declaration import DECK_FORMATS, load_tracker, tracker_from_dict
from pcxl.errors import DeclarationError
from pcxl.resources import declarations_dir
from tests.deck.builders import WEST, make_dataset, milestone, workstream

SMI = "Serious Mental Illness (SMI) LCS"
SHIPPED = declarations_dir() / "layouts"


def highlight_with(deck: dict):
    return dataclasses.replace(load_tracker("highlight"), deck=deck)


def test_a_named_layout_is_found_beside_its_declaration():
    tracker = load_tracker("highlight")
    assert layout_of(tracker) == tracker.source.parent / "layouts" / "highlight.pptx"


@pytest.mark.parametrize("name", [f for f in DECK_FORMATS if f != "generic"])
def test_a_format_without_a_layout_is_that_formats_shipped_layout(name):
    path = layout_of(highlight_with({"format": name}))
    assert path == SHIPPED / f"{name}.pptx" and path.is_file()


@pytest.mark.parametrize("deck", [{"format": "generic"}, {}])
def test_generic_or_no_format_is_the_starter_layout(deck):
    assert layout_of(highlight_with(deck)) is None


def test_a_highlight_tracker_naming_only_its_format_draws_the_shipped_highlight_deck(tmp_path):
    data = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, "SOP issued", "30/12/20", "On track")])
    spec = dict(data.tracker.deck)
    spec.pop("layout")
    by_format = dataclasses.replace(data, tracker=dataclasses.replace(data.tracker, deck=spec))
    named = draw_deck(data, tmp_path / "named.pptx")
    assert draw_deck(by_format, tmp_path / "format.pptx").titles == named.titles
    assert named.titles[-1] == f"Work stream: {SMI}"


def test_a_tracker_with_neither_gets_its_starter_layout_filled(tmp_path):
    data = make_dataset([WEST], [workstream(SMI)])
    plain = dataclasses.replace(data, tracker=dataclasses.replace(data.tracker, deck={}))
    titles = draw_deck(plain, tmp_path / "deck.pptx").titles
    assert titles[0] == data.programme and "Summary" in titles and "Workstreams" in titles


def test_a_format_that_is_not_shipped_is_a_declaration_error():
    spec = yaml.safe_load((declarations_dir() / "highlight.yaml").read_text())
    shared = yaml.safe_load((declarations_dir() / "vocabularies.yaml").read_text())
    spec["deck"]["format"] = "gantt"
    with pytest.raises(DeclarationError, match=r"deck format 'gantt' is not one of highlight, "
                                               r"programme_report, .*generic"):
        tracker_from_dict(spec, shared)
