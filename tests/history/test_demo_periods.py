"""The three-period demo: November from the seed, December and January rolled forward with the
edits of ``pcxl/demo/periods.yaml``; the changes it computes, exactly."""

import openpyxl
import pytest

from pcxl.declaration import load_tracker
from pcxl.demo import run_demo
from pcxl.history.diff import period_changes
from pcxl.history.stale import stale_narrative
from pcxl.history.store import list_periods, load_records, open_store

SMI = "Serious Mental Illness (SMI) LCS"
WINTER = "Winter Planning and Urgent Care interface"
CARE_HOME = "Care Home supplementary LCS (NEW)"
HF_PATHWAY = "Heart Failure Pathway presented to and approved by CCG Medical Directors"
WEBINARS = "Place based webinars to take place lead by clinicians"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run_demo(out)
    engine = open_store(out / "pcxl_history.sqlite")
    yield out, result, engine
    engine.dispose()


def changes(engine, period):
    table = period_changes(engine, load_tracker("highlight"), period).table
    return [(r.region, r.workstream, r.item, r.change, r.before, r.after, r.days_moved,
             r.days_vs_baseline) for r in table.itertuples()]


def test_three_periods_are_recorded_in_order(demo):
    _, result, engine = demo
    assert [p for p, _ in list_periods(engine, "highlight")] == ["Nov 2020", "Dec 2020",
                                                                 "Jan 2021"]
    assert [r.datasets["highlight"].period for r in result.earlier] == ["Nov 2020", "Dec 2020"]
    assert result.consolidation.datasets["highlight"].period == "Jan 2021"
    assert result.consolidation.changes["highlight"].previous == "Dec 2020"
    assert sorted(p.name for p in result.returns if p.name.startswith("highlight")) == [
        "highlight_brighton_and_hove_january_2021.xlsx", "highlight_west_sussex_january_2021.xlsx"]


def test_january_changes_since_december_exactly(demo):
    _, _, engine = demo
    assert changes(engine, "Jan 2021") == [
        ("Brighton and Hove", CARE_HOME, "Review LCS with LMT", "achieved", "Delayed",
         "Achieved", None, None),
        ("Brighton and Hove", "Heart Failure", HF_PATHWAY, "forecast moved", "17/11/20",
         "24/11/20", 7, 46),
        ("Brighton and Hove", "Heart Failure", "Heart Failure LCS evaluation", "added", None,
         "31/03/21", None, None),
        ("Brighton and Hove", "Primary Care Networks", "Delivery RAG", "rating changed", "Red",
         "Amber", None, None),
        ("West Sussex", "Self-refer into services", "Project plan agreed", "status changed",
         "In progress", "Delayed", None, None),
        ("West Sussex", SMI, WEBINARS, "forecast moved", "21/12/20", "18/01/21", 28, 49),
        ("West Sussex", SMI, "SOP issued", "achieved", "On track", "Achieved", None, None),
        ("West Sussex", SMI, "Q3 data to be reviewed", "added", None, "26/02/21", None, None),
        ("West Sussex", WINTER, "Delivery RAG", "rating changed", "Red", "Amber", None, None),
    ]


def test_december_changes_since_november_exactly(demo):
    _, _, engine = demo
    assert changes(engine, "Dec 2020") == [
        ("Brighton and Hove", CARE_HOME, "Produce draft LCS", "achieved", "On track",
         "Achieved", None, None),
        ("Brighton and Hove", CARE_HOME, "Care Home LCS uptake reviewed", "added", None,
         "26/02/21", None, None),
        ("Brighton and Hove", "Heart Failure", "Delivery RAG", "rating changed", "Red", "Amber",
         None, None),
        ("Brighton and Hove", "Heart Failure", HF_PATHWAY, "forecast moved", "03/11/20",
         "17/11/20", 14, 39),
        ("Brighton and Hove", "Prevention – Learning Disabilities", "Comms evaluation process",
         "dropped", "31/10/2020", None, None, None),  # as the team wrote them
        ("West Sussex", "Self-refer into services", "Project plan agreed", "status changed",
         "Not started", "In progress", None, None),
        ("West Sussex", SMI, WEBINARS, "forecast moved", "30/11/20", "21/12/20", 21, 21),
        ("West Sussex", SMI, "SOP issued", "forecast moved", "End of October", "14/11/20", 14,
         14),
        ("West Sussex", SMI, "Set date for Webinar", "achieved", "On track", "Achieved", None,
         None),
        ("West Sussex", SMI, "Webinar feedback reviewed with clinical leads", "added", None,
         "29/01/21", None, None),
        ("West Sussex", WINTER, "Delivery RAG", "rating changed", "Amber", "Red", None, None),
        ("West Sussex", WINTER, "Febrile Patient Pathways", "dropped", "TBC", None, None, None),
    ]


def test_milestones_are_matched_by_id_across_periods_even_when_reworded(demo):
    _, _, engine = demo
    dec = load_records(engine, "highlight", "Dec 2020", "Milestones")
    jan = load_records(engine, "highlight", "Jan 2021", "Milestones")
    # only January's own additions have no ID yet; December's got theirs when rolled forward
    assert sorted(jan.loc[jan["matched_by"] == "text", "milestone"]) == [
        "Heart Failure LCS evaluation", "Q3 data to be reviewed"]
    assert set(dec["matched_by"]) == {"id"}
    was = dec[(dec["region"] == "West Sussex") & (dec["milestone"] == "Set date for Webinar")]
    now = jan[jan["milestone"] == "Webinar date set and shared with practices"]
    assert list(was["milestone_id"]) == list(now["milestone_id"]) == ["GP-01-M07"]
    assert list(was["record_key"]) == list(now["record_key"])
    added = jan[jan["milestone"] == "Webinar feedback reviewed with clinical leads"]
    assert list(added["milestone_id"]) == ["GP-01-M11"]


def test_the_january_workbook_and_deck_show_the_history(demo):
    out, result, _ = demo
    rows = list(openpyxl.load_workbook(out / "consolidated_highlight.xlsx")["Changes"]
                .iter_rows(values_only=True))
    assert len(rows) == 1 + 9
    assert result.decks["highlight"].slides > 0


def test_narrative_carried_unchanged_is_flagged_stale(demo):
    _, _, engine = demo
    table = stale_narrative(engine, load_tracker("highlight"), "Jan 2021")
    assert [tuple(r) for r in table[["region", "workstream", "kind", "periods_unchanged",
                                     "since"]].itertuples(index=False)] == [
        ("Brighton and Hove", "Heart Failure", "Risk", 3, "Nov 2020"),
        ("West Sussex", WINTER, "Escalation", 2, "Dec 2020"),
    ]
