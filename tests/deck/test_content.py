"""The declaration's ``deck:`` mapping and the portfolio RAG grid's view of a Dataset."""

from __future__ import annotations

from pcxl.deck.content import DeckSpec, portfolio_view
from tests.deck.builders import REGIONS, WEST, make_dataset, workstream

SMI = "Serious Mental Illness (SMI) LCS"
EAST = REGIONS[1]


def test_the_deck_mapping_comes_from_the_declaration():
    spec = DeckSpec.of(make_dataset().tracker)
    assert spec.sheet.name == "Workstreams"
    assert spec.rags == (("Workstream Restoration", "restoration_rag"),
                         ("Workstream Delivery", "delivery_rag"))
    assert spec.link("Milestones") == spec.link("Updates") == "workstream"
    assert spec.headline_rag == ("Workstream Delivery", "delivery_rag")


def test_the_portfolio_grid_has_each_workstreams_headline_rag_by_region():
    data = make_dataset(REGIONS[:2], [workstream(SMI, delivery_rag="Amber"),
                                      workstream(SMI, region=EAST, delivery_rag="Red")])
    view = portfolio_view(data)
    assert view.regions == (WEST, EAST) and view.rag_label == "Workstream Delivery"
    ((name, ratings),) = view.rows
    assert name == SMI and [(r.region, r.word) for r in ratings] == [(WEST, "Amber"), (EAST, "Red")]
