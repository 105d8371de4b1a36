"""What each slide shows, read from a Dataset through the declaration's ``deck:`` mapping."""

from __future__ import annotations

from pcxl.deck.content import DeckSpec, portfolio_view, workstream_views
from tests.deck.builders import (
    REGIONS,
    WEST,
    make_dataset,
    milestone,
    update,
    workstream,
)

SMI = "Serious Mental Illness (SMI) LCS"
EAST = REGIONS[1]


def test_the_deck_mapping_comes_from_the_declaration():
    spec = DeckSpec.of(make_dataset().tracker)
    assert spec.sheet.name == "Workstreams"
    assert [label for _, label in spec.header] == [
        "R&R workstream", "System SRO", "Silver lead", "PMO support", "Slide updated by", "Type"]
    assert spec.rags == (("Workstream Restoration", "restoration_rag"),
                         ("Workstream Delivery", "delivery_rag"))
    assert spec.link("Milestones") == spec.link("Updates") == "workstream"
    assert spec.headline_rag == ("Workstream Delivery", "delivery_rag")


def test_a_header_value_shared_by_regions_is_shown_once_and_different_ones_by_region():
    data = make_dataset(REGIONS[:2], [workstream(SMI, updated_by="Keith Hoare"),
                                      workstream(SMI, region=EAST, updated_by="Luke Smith")])
    (view,) = workstream_views(data)
    header = dict(view.header)
    assert header["System SRO"] == "Karen Breen"
    assert header["Slide updated by"] == "Keith Hoare (West Sussex); Luke Smith (East Sussex)"


def test_a_forecast_is_a_revision_only_when_it_differs_from_the_baseline():
    data = make_dataset([WEST], [workstream(SMI)], [
        milestone(SMI, "Moved", "02/09/20", "Slipped", forecast="05/11/20"),
        milestone(SMI, "Same", "02/09/20", "On track", forecast="02/09/2020"),
        milestone(SMI, "Only forecast", None, "On track", forecast="w/c 16/11/20"),
        milestone(SMI, "Not yet dated", "TBC", "Not started")])
    (view,) = workstream_views(data)
    dates = {m.text: (m.baseline, m.revised) for m in view.milestones}
    assert dates == {"Moved": ("02/09/20", "05/11/20"), "Same": ("02/09/20", None),
                     "Only forecast": ("w/c 16/11/20", None), "Not yet dated": ("TBC", None)}


def test_update_kinds_follow_the_vocabulary_including_its_synonyms():
    data = make_dataset([WEST], [workstream(SMI)], updates=[
        update(SMI, "Highlight", "a"), update(SMI, "For escalation", "b"),
        update(SMI, "Done", "c"), update(SMI, "Next steps", "d")])
    (view,) = workstream_views(data)
    assert [(u.kind, u.text, u.heading) for u in view.updates] == [
        ("highlight", "a", ""), ("escalation", "b", ""), ("completed", "c", ""),
        ("other", "d", "Next steps")]


def test_a_region_that_closed_a_workstream_drops_out_of_its_slide():
    data = make_dataset(REGIONS[:2], [workstream(SMI),
                                      workstream(SMI, region=EAST, state="Closed")])
    (view,) = workstream_views(data)
    assert view.regions == (WEST,)


def test_the_portfolio_counts_statuses_by_region_in_vocabulary_order():
    data = make_dataset(REGIONS[:2], [workstream(SMI), workstream(SMI, region=EAST)], [
        milestone(SMI, "a", "01/10/20", "Completed"), milestone(SMI, "b", "01/10/20", "On Track"),
        milestone(SMI, "c", "01/10/20", None, region=EAST)])
    view = portfolio_view(data)
    assert [w for w, _ in view.statuses] == ["On track", "Completed", "No status"]
    assert view.counts["On track"] == {WEST: 1, EAST: 0}
    assert view.counts["No status"] == {WEST: 0, EAST: 1}
