"""The declaration's ``deck:`` mapping and the portfolio RAG grid's rows."""

from __future__ import annotations

from pcxl.deck.content import DeckSpec
from pcxl.deck.engine.block_rag_grid import rag_rows
from tests.deck.builders import REGIONS, WEST, make_dataset, workstream

SMI = "Serious Mental Illness (SMI) LCS"
EAST = REGIONS[1]


def test_the_deck_mapping_comes_from_the_declaration():
    spec = DeckSpec.of(make_dataset().tracker)
    assert spec.sheet.name == "Workstreams"
    assert spec.rags == (("Workstream Restoration", "restoration_rag"),
                         ("Workstream Delivery", "delivery_rag"))
    assert spec.link("Milestones") == spec.link("Updates") == "workstream"


def test_the_portfolio_grid_has_each_workstreams_delivery_rag_by_region():
    data = make_dataset(REGIONS[:2], [workstream(SMI, delivery_rag="Amber"),
                                      workstream(SMI, region=EAST, delivery_rag="Red")])
    label, regions, rows = rag_rows(data)
    assert regions == [WEST, EAST] and label == "Workstream Delivery"
    assert [[text for text, _ in c.runs] for c in rows[0]] == [[SMI], ["Amber"], ["Red"]]
