"""Formula injection never reaches a deck (issue 7).

Text a team typed that starts like a formula (``=``, ``+``, ``-``, ``@``) is shown on the slides
exactly as typed, and the workbook embedded behind each native chart (what PowerPoint's "Edit
Data" opens) holds it as text: no formula, no hyperlink, no apostrophe added. The slides carry
no hyperlink or field built from it either.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from pptx.chart.chart import Chart
from pptx.presentation import Presentation

from pcxl import pipeline
from pcxl.deck import draw_deck
from pcxl.declaration import load_tracker
from tests.builders import make_workbook
from tests.deck.builders import (
    action,
    completed,
    escalation,
    highlight,
    make_dataset,
    milestone,
    workstream,
)
from tests.deck.reading import open_deck, text_of

HYPERLINK, PLUS, MINUS, AT = '=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"
DIVIDE, ARRAY, URL = "=1/0", "{=A1*2}", "http://evil.example/x"
HOSTILE = [HYPERLINK, PLUS, MINUS, AT, DIVIDE, ARRAY, URL]
STATUS = "=cmd|' /C calc'!A0"  # a milestone status no vocabulary knows: a series of the chart
SCHEME_UPDATE = load_tracker("scheme_update")
LINKS = re.compile(rb"<a:(hlinkClick|hlinkMouseOver|hlinkHover|fld)\b")


@dataclass(frozen=True)
class Deck:
    """A deck drawn from hostile text, and the names each of its charts should show."""

    prs: Presentation
    chart_names: list[list[str]]


def highlight_deck(folder: Path) -> Deck:
    """A highlight deck whose every region, workstream, lead and point is hostile text; its
    portfolio chart has a bar per region and a series per milestone status."""
    workstreams, milestones, updates, actions = [], [], [], []
    for n, region in enumerate(HOSTILE):
        name = HOSTILE[(n + 1) % len(HOSTILE)]  # not named after its own region
        workstreams.append(workstream(name, region=region, group=name, sro=name, silver_lead=name,
                                      pmo_support=name, updated_by=name))
        milestones.append(milestone(name, region, "30/11/20", "On track", region=region,
                                    comment=name))
        updates += [highlight(name, region, region=region), escalation(name, name, region=region),
                    completed(name, region, region=region)]
        actions.append(action(name, region, owner=name, region=region))
    milestones.append(milestone(PLUS, "Uptake reviewed", "30/11/20", STATUS, region=HYPERLINK))
    dataset = make_dataset(HOSTILE, workstreams, milestones, updates, actions)
    prs = open_deck(draw_deck(dataset, folder / "highlight.pptx").path)
    return Deck(prs, [[*HOSTILE, "On track", STATUS]])


def scheme_update_deck(folder: Path) -> Deck:
    """A scheme update paper, validated and consolidated from a return whose section, schemes,
    measures, units, options and points are hostile text. Its figures make two charts: one of
    several measures (a bar per "scheme: measure" in the paper's scheme order, the series named
    by the unit) and one of a single measure for two schemes (the series named by it); a single
    figure would be a tile, not a chart."""
    about = {"programme": "Winter Access Plan", "item_no": "10", "session": "Open",
             "committee": "Committee", "meeting_date": "25/01/2022", "authors": HYPERLINK,
             "region": "Bristol", "period": "January 2022", "submitted_by": "Bev Haworth"}
    refs = [MINUS, AT, DIVIDE]
    schemes = [{"section": PLUS, "ref": ref, "title": ref, "description": ref} for ref in refs]
    updates = [{"scheme": ref, "kind": kind, "text": ref} for ref in refs
               for kind in ("Update", "Next step")]
    figures = [{"scheme": MINUS, "measure": DIVIDE, "value": 10, "unit": ARRAY},
               {"scheme": AT, "measure": ARRAY, "value": 11, "unit": ARRAY},
               {"scheme": DIVIDE, "measure": URL, "value": 12, "unit": ARRAY},
               {"scheme": MINUS, "measure": URL, "value": 42, "unit": "%"},
               {"scheme": AT, "measure": URL, "value": 43, "unit": "%"}]
    points = [{"section": PLUS, "kind": kind, "text": text}
              for kind, text in (("Aim", AT), ("Risk or issue", DIVIDE), ("Mitigation", ARRAY),
                                 ("Next step", URL))]
    returns = folder / "returns"
    returns.mkdir()
    make_workbook(returns, SCHEME_UPDATE, about=about,
                  Sections=[{"number": "1", "section": PLUS}], Schemes=schemes, Updates=updates,
                  Figures=figures, Points=points,
                  Options=[{"section": PLUS, "option": HYPERLINK, "impact": MINUS}])
    result = pipeline.consolidate_returns([returns], folder / "consolidated")
    deck = pipeline.make_deck(result.outputs["scheme_update"], folder / "scheme_update.pptx")
    return Deck(open_deck(deck.path),
                [[f"{MINUS}: {DIVIDE}", f"{DIVIDE}: {URL}", f"{AT}: {ARRAY}", ARRAY],
                 [f"Scheme {MINUS}", f"Scheme {AT}", URL]])


@pytest.fixture(scope="module", params=["highlight", "scheme_update"])
def deck(request, tmp_path_factory) -> Deck:
    folder = tmp_path_factory.mktemp(request.param)
    return highlight_deck(folder) if request.param == "highlight" else scheme_update_deck(folder)


def charts(prs: Presentation) -> Iterator[Chart]:
    for slide in prs.slides:
        yield from (shape.chart for shape in slide.shapes if shape.has_chart)


def names_shown(chart: Chart) -> list[str]:
    """What a chart shows as text: its categories, then its series' names."""
    plot = chart.plots[0]
    return [*plot.categories, *(series.name for series in plot.series)]


def workbook_of(chart: Chart) -> bytes:
    """The xlsx embedded behind a chart, as PowerPoint's "Edit Data" opens it."""
    return chart.part.chart_workbook.xlsx_part.blob


def deck_text(prs: Presentation) -> str:
    return " ".join("\n".join(text_of(slide) for slide in prs.slides).split())


def test_every_hostile_text_is_on_the_slides_exactly_as_typed(deck):
    shown = deck_text(deck.prs)
    for typed in HOSTILE:
        assert typed in shown
        assert "'" + typed not in shown


def test_the_charts_show_the_hostile_text_as_typed(deck):
    assert [names_shown(chart) for chart in charts(deck.prs)] == deck.chart_names


def test_no_chart_workbook_holds_a_formula_or_a_hyperlink(deck):
    for chart in charts(deck.prs):
        with zipfile.ZipFile(io.BytesIO(workbook_of(chart))) as archive:
            sheets = [archive.read(n) for n in archive.namelist()
                      if n.startswith("xl/worksheets/")]
        assert sheets
        for xml in sheets:
            assert b"<f>" not in xml and b"<f " not in xml
            assert b"<hyperlink" not in xml


def test_every_chart_workbook_holds_the_names_it_shows_as_strings_as_typed(deck):
    for chart in charts(deck.prs):
        sheet = openpyxl.load_workbook(io.BytesIO(workbook_of(chart))).active
        kinds = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row
                 if cell.value is not None}
        assert "f" not in kinds.values()
        assert {name: kinds.get(name) for name in names_shown(chart)} == \
            dict.fromkeys(names_shown(chart), "s")


def test_no_slide_or_chart_carries_a_hyperlink_or_field(deck):
    for slide in deck.prs.slides:
        assert not LINKS.search(slide.part.blob)
        assert not [r for r in slide.part.rels.values() if r.is_external]
    for chart in charts(deck.prs):
        assert not [r for r in chart.part.rels.values() if r.is_external]
