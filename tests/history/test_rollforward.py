"""Rolling forward: next period's returns pre-filled from the history, matched by milestone ID."""

import openpyxl
from click.testing import CliRunner

from pcxl.cli import cli
from pcxl.declaration import load_tracker
from pcxl.history.diff import period_changes
from pcxl.history.store import load_records
from pcxl.pipeline import consolidate_returns
from pcxl.rollforward import next_period_label, roll_forward
from pcxl.validate.run import validate_return
from tests.builders import DEFAULT_WORKSTREAMS, make_return

HIGHLIGHT = load_tracker("highlight")
SMI = "Serious Mental Illness (SMI) LCS"
COPD = "COPD"
WORKSTREAMS = [*DEFAULT_WORKSTREAMS,
               {**DEFAULT_WORKSTREAMS[0], "id": "GP-02", "workstream": COPD}]
MILESTONES = [
    {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "09/09/20",
     "status": "Achieved"},
    {"workstream": SMI, "milestone": "Place based webinars", "baseline_date": "30/12/20",
     "forecast_date": "w/c 11/01/21", "status": "Revised date"},
    {"workstream": COPD, "milestone": "SOP signed off", "baseline_date": "Jan 2021",
     "status": "On track", "milestone_id": "COPD-7"},
    {"workstream": COPD, "milestone": "Pathway refreshed", "baseline_date": "31/03/21",
     "status": "Not started"},
]
ACTIONS = [
    {"workstream": SMI, "action": "Send the SOP to practices", "target_date": "01/02/21",
     "status": "In progress"},
    {"workstream": SMI, "action": "Book the webinar room", "status": "Completed"},
]
RISKS = [{"workstream": COPD, "risk": "Digital team may not support", "rating": "High"}]


def record_november(tmp_path, db_url, regions=("West Sussex", "East Sussex")):
    folder = tmp_path / "nov"
    folder.mkdir()
    for region in regions:
        make_return(folder, f"{region}.xlsx", region=region, workstreams=WORKSTREAMS,
                    milestones=MILESTONES, actions=ACTIONS, risks=RISKS)
    result = consolidate_returns([folder], tmp_path / "nov.xlsx", history=db_url)
    assert result.exit_code == 0


def table(ws):
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2,
                                                                          values_only=True)
            if any(v is not None for v in row)]


def test_next_period_is_the_following_month():
    assert next_period_label("Nov 2020") == "December 2020"
    assert next_period_label("Dec 2020") == "January 2021"


def test_roll_forward_writes_next_periods_return_per_region(engine, db_url, tmp_path):
    record_november(tmp_path, db_url)
    written = roll_forward(engine, HIGHLIGHT, "Nov 2020", tmp_path / "dec")
    assert [p.name for p in written] == ["highlight_east_sussex_december_2020.xlsx",
                                         "highlight_west_sussex_december_2020.xlsx"]
    wb = openpyxl.load_workbook(written[1])
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    assert about["Region"] == "West Sussex"
    assert about["Reporting period"] == "December 2020"
    assert about["Programme"] == "Primary Care Restoration and Recovery Programme"
    assert about["Submitted by"] == "Keith Hoare"
    milestones = [(r["Workstream"], r["Milestone"], r["Baseline date"], r["Forecast date"],
                   r["Status"], r["Milestone ID"]) for r in table(wb["Milestones"])]
    assert milestones == [
        (SMI, "Agreed Trajectories", "09/09/20", None, "Achieved", "GP-01-M01"),
        (SMI, "Place based webinars", "30/12/20", "w/c 11/01/21", "Revised date", "GP-01-M02"),
        (COPD, "SOP signed off", "Jan 2021", None, "On track", "COPD-7"),
        (COPD, "Pathway refreshed", "31/03/21", None, "Not started", "GP-02-M01"),
    ]
    assert table(wb["Updates"]) == []
    assert [r["Action"] for r in table(wb["Actions"])] == ["Send the SOP to practices"]
    assert [r["Risk or issue"] for r in table(wb["Risks"])] == ["Digital team may not support"]
    assert [r["ID"] for r in table(wb["Workstreams"])] == ["GP-01", "GP-02"]
    for path in written:
        report = validate_return(path)
        assert report.errors == [], [p.message for p in report.errors]


def test_expected_regions_include_one_that_did_not_return(engine, db_url, tmp_path):
    record_november(tmp_path, db_url, regions=("West Sussex",))
    written = roll_forward(engine, HIGHLIGHT, "Nov 2020", tmp_path / "dec",
                           regions=["West Sussex", "Brighton and Hove"])
    blank = openpyxl.load_workbook(written[1])
    assert table(blank["Milestones"]) == []
    about = {r[0]: r[1] for r in blank["About"].iter_rows(values_only=True) if r[0]}
    assert (about["Region"], about["Reporting period"]) == ("Brighton and Hove", "December 2020")


def test_a_rolled_forward_return_is_matched_by_id_even_when_its_text_is_edited(
        engine, db_url, tmp_path):
    record_november(tmp_path, db_url, regions=("West Sussex",))
    [path] = roll_forward(engine, HIGHLIGHT, "Nov 2020", tmp_path / "dec")
    wb = openpyxl.load_workbook(path)
    ws = wb["Milestones"]
    ws["B3"] = "Place-based webinars for all practices"   # the team rewords it
    ws["D3"] = "25/01/21"                                 # and moves it on
    wb.save(path)
    consolidate_returns([path], tmp_path / "dec.xlsx", history=db_url)
    keys = load_records(engine, "highlight", "Dec 2020", "Milestones")["record_key"]
    assert all("|id:" in k for k in keys)
    changes = period_changes(engine, HIGHLIGHT, "Dec 2020").table
    rows = [(r.item, r.change, r.before, r.after, r.days_moved)
            for r in changes.itertuples() if r.change != "rating changed"]
    assert rows == [("Place-based webinars for all practices", "forecast moved", "w/c 11/01/21",
                     "25/01/21", 8)]


def test_pcxl_rollforward_writes_the_returns(tmp_path):
    db = tmp_path / "pcxl_history.sqlite"
    record_november(tmp_path, str(db))
    out = tmp_path / "rolled"
    result = CliRunner().invoke(cli, ["rollforward", "--period", "November 2020", "--db",
                                      str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 returns written" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "highlight_east_sussex_december_2020.xlsx", "highlight_west_sussex_december_2020.xlsx"]


def test_dates_roll_forward_as_written_unless_next_period_would_read_another_year(
        engine, db_url, tmp_path):
    folder = tmp_path / "apr"
    folder.mkdir()
    make_return(folder, "west.xlsx", period="April 2021", milestones=[
        {"workstream": SMI, "milestone": name, "baseline_date": date, "status": "On track"}
        for name, date in (("SOP issued", "End of April"), ("Webinar held", "tbc"),
                           ("Data reviewed", "November"), ("Pilot run", "-30/06/21"))])
    assert consolidate_returns([folder], tmp_path / "apr.xlsx", history=db_url).exit_code == 0
    [path] = roll_forward(engine, HIGHLIGHT, "Apr 2021", tmp_path / "may")
    ws = openpyxl.load_workbook(path)["Milestones"]
    rows = table(ws)
    # "November" in an April report is November 2020; in May it would read November 2021
    assert [r["Baseline date"] for r in rows] == ["End of April", "tbc", "Nov 2020", "-30/06/21"]
    assert ws["C5"].data_type == "s"  # typed text that starts like a formula stays text
