"""Changes since the previous period are computed exactly: days slipped, transitions, matches."""

from pcxl.declaration import load_tracker
from pcxl.history import store
from pcxl.history.diff import period_changes
from pcxl.pipeline import consolidate_returns
from tests.builders import DEFAULT_WORKSTREAMS, make_return

SMI = "Serious Mental Illness (SMI) LCS"
HIGHLIGHT = load_tracker("highlight")


def milestone(name, baseline, status="On track", forecast=None):
    return {"workstream": SMI, "milestone": name, "baseline_date": baseline,
            "forecast_date": forecast, "status": status}


def record(engine, folder, period, milestones, rag="Amber"):
    folder.mkdir()
    make_return(folder, "west.xlsx", period=period, milestones=milestones,
                workstreams=[{**DEFAULT_WORKSTREAMS[0], "delivery_rag": rag}])
    dataset = consolidate_returns([folder], folder / "out.xlsx").datasets["highlight"]
    store.record_period(engine, dataset)


def changes(engine, period):
    table = period_changes(engine, HIGHLIGHT, period).table
    return [(r.item, r.change, r.before, r.after, r.days_moved, r.days_vs_baseline)
            for r in table.itertuples()]


def test_the_first_period_has_nothing_to_compare_with(engine, tmp_path):
    record(engine, tmp_path / "oct", "October 2020", [milestone("SOP issued", "30/10/20")])
    result = period_changes(engine, HIGHLIGHT, "Oct 2020")
    assert result.previous is None and result.table.empty


def test_slips_achievements_additions_drops_and_ratings_are_found(engine, tmp_path):
    record(engine, tmp_path / "oct", "October 2020", [
        milestone("SOP issued", "30/10/20"),
        milestone("Webinar held", "12/11/20"),
        milestone("Data collected", "15/10/20"),
        milestone("Old milestone", "01/12/20")], rag="Green")
    record(engine, tmp_path / "nov", "November 2020", [
        milestone("SOP issued", "30/10/20", "Delayed", forecast="13/11/20"),
        milestone("Webinar held", "12/11/20", "Achieved"),
        milestone("data  COLLECTED", "15/10/20", "On track"),
        milestone("Pilot launched", "w/c 30/11/20")], rag="Amber")
    assert changes(engine, "Nov 2020") == [
        ("Delivery RAG", "rating changed", "Green", "Amber", None, None),
        ("SOP issued", "forecast moved", "30/10/20", "13/11/20", 14, 14),
        ("SOP issued", "status changed", "On track", "Delayed", None, None),
        ("Webinar held", "achieved", "On track", "Achieved", None, None),
        ("Pilot launched", "added", None, "w/c 30/11/20", None, None),
        ("Old milestone", "dropped", "01/12/20", None, None, None),
    ]


def test_a_second_slip_is_measured_against_the_last_forecast_and_the_baseline(engine, tmp_path):
    record(engine, tmp_path / "oct", "October 2020", [milestone("SOP issued", "30/10/20")])
    record(engine, tmp_path / "nov", "November 2020",
           [milestone("SOP issued", "30/10/20", "Slipped", forecast="13/11/20")])
    record(engine, tmp_path / "dec", "December 2020",
           [milestone("SOP issued", "30/10/20", "Revised date", forecast="04/12/20")])
    (moved,) = [c for c in changes(engine, "Dec 2020") if c[1] == "forecast moved"]
    assert moved == ("SOP issued", "forecast moved", "13/11/20", "04/12/20", 21, 35)


def test_changes_of_a_consolidation_not_yet_recorded_are_those_found_once_it_is(engine, tmp_path):
    record(engine, tmp_path / "oct", "October 2020", [
        milestone("SOP issued", "30/10/20"), milestone("Webinar held", "12/11/20"),
        milestone("Old milestone", "01/12/20")], rag="Green")
    folder = tmp_path / "nov"
    folder.mkdir()
    make_return(folder, "west.xlsx", period="November 2020", milestones=[
        milestone("SOP issued", "30/10/20", "Delayed", forecast="13/11/20"),
        milestone("Webinar held", "12/11/20", "Achieved"), milestone("New one", "Q4 20/21")],
        workstreams=[{**DEFAULT_WORKSTREAMS[0], "delivery_rag": "Red"}])
    november = consolidate_returns([folder], folder / "out.xlsx").datasets["highlight"]

    before = period_changes(engine, HIGHLIGHT, "Nov 2020", november)
    store.record_period(engine, november)
    after = period_changes(engine, HIGHLIGHT, "Nov 2020")

    assert before.previous == after.previous == "Oct 2020"
    assert before.table.to_dict("records") == after.table.to_dict("records")
    assert len(before.table) == 6
    assert store.record_dicts(november, "Milestones") == store.load_record_dicts(
        engine, "highlight", "Nov 2020", "Milestones")


def test_a_date_written_differently_but_meaning_the_same_day_has_not_moved(engine, tmp_path):
    record(engine, tmp_path / "oct", "October 2020", [
        milestone("SOP issued", "30/10/20", forecast="End of November"),
        milestone("Webinar held", "12/11/20", forecast="w/c 16/11/20")])
    record(engine, tmp_path / "nov", "November 2020", [
        milestone("SOP issued", "30/10/20", forecast="30/11/20"),
        milestone("Webinar held", "12/11/20", forecast="Week commencing 16/11/20")])
    assert changes(engine, "Nov 2020") == []


def test_a_moved_date_is_reported_as_the_team_wrote_it_before_and_after(engine, tmp_path):
    record(engine, tmp_path / "oct", "October 2020",
           [milestone("SOP issued", "30/10/20", forecast="End of October")])
    record(engine, tmp_path / "nov", "November 2020",
           [milestone("SOP issued", "30/10/20", forecast="w/c 16/11/20")])
    assert changes(engine, "Nov 2020") == [
        ("SOP issued", "forecast moved", "End of October", "w/c 16/11/20", 22, 23)]
