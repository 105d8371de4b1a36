"""The chase list: returned, rejected with reasons, late or not yet due; reminders drafted."""

import datetime as dt
import email
from email import policy

from click.testing import CliRunner

from pcxl.cli import cli
from pcxl.config import Config, Region, TrackerConfig, load_config
from pcxl.pipeline import chase_list, consolidate_returns
from tests.builders import make_return

SMI = "Serious Mental Illness (SMI) LCS"
CONFIG = Config(office="pmo@example.nhs.uk", trackers={"highlight": TrackerConfig(
    regions=(Region("West Sussex", "west@example.nhs.uk"),
             Region("East Sussex", "east@example.nhs.uk"),
             Region("Brighton and Hove", "bh@example.nhs.uk")), due_days=5)})


def november(tmp_path, db):
    folder = tmp_path / "returns"
    folder.mkdir()
    make_return(folder, "west.xlsx", region="West Sussex", about={"submitted_by": "Wendy West"})
    make_return(folder, "east.xlsx", region="East Sussex", about={"submitted_by": "Ed East"},
                milestones=[{"workstream": SMI, "milestone": "Draft business plan",
                             "baseline_date": "31/11/20", "status": "On track"}])
    consolidate_returns([folder], tmp_path / "out.xlsx", history=db)


def states(result):
    return {r.region: r.state for r in result.status.regions}


def test_each_expected_region_is_returned_rejected_or_late(db_url, tmp_path):
    november(tmp_path, db_url)
    result = chase_list("November 2020", config=CONFIG, history=db_url,
                        today=dt.date(2020, 12, 7))
    assert states(result) == {"West Sussex": "returned", "East Sussex": "rejected",
                              "Brighton and Hove": "late"}
    assert result.status.due == dt.date(2020, 12, 5)
    east = next(r for r in result.status.regions if r.region == "East Sussex")
    assert east.reasons == ("Milestones!C2: '31/11/20' is not a real date "
                            "(31/11/20: November 2020 has 30 days)",)


def test_the_chase_list_says_who_submitted_each_return(db_url, tmp_path):
    november(tmp_path, db_url)
    result = chase_list("November 2020", config=CONFIG, history=db_url,
                        today=dt.date(2020, 12, 7))
    assert {r.region: r.submitted_by for r in result.status.regions} == {
        "West Sussex": ("Wendy West",), "East Sussex": ("Ed East",), "Brighton and Hove": ()}


def test_a_region_is_not_late_before_the_due_date(db_url, tmp_path):
    november(tmp_path, db_url)
    result = chase_list("Nov 2020", config=CONFIG, history=db_url, today=dt.date(2020, 12, 1))
    assert states(result)["Brighton and Hove"] == "not yet due"


def test_reminders_are_drafted_for_the_regions_to_chase(db_url, tmp_path):
    november(tmp_path, db_url)
    result = chase_list("November 2020", config=CONFIG, history=db_url,
                        reminders=tmp_path / "mail", today=dt.date(2020, 12, 7))
    assert sorted(p.name for p in result.reminders) == [
        "reminder_highlight_brighton_and_hove.eml", "reminder_highlight_east_sussex.eml"]
    east = email.message_from_bytes(
        (tmp_path / "mail" / "reminder_highlight_east_sussex.eml").read_bytes(),
        policy=policy.default)
    assert east["To"] == "east@example.nhs.uk"
    assert east["From"] == "pmo@example.nhs.uk"
    assert east["X-Unsent"] == "1"
    assert "please correct and resend" in east["Subject"]
    assert "Milestones!C2" in east.get_content()
    late = email.message_from_bytes(
        (tmp_path / "mail" / "reminder_highlight_brighton_and_hove.eml").read_bytes(),
        policy=policy.default)
    assert "due on 05 December 2020" in late.get_content()


def test_pcxl_status_reads_the_project_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "outputs" / "pcxl_history.sqlite"
    november(tmp_path, str(db))
    (tmp_path / "pcxl.yaml").write_text(
        "trackers:\n  highlight:\n    regions:\n      West Sussex: {}\n      East Sussex: {}\n"
        "      Brighton and Hove: {contact: bh@example.nhs.uk}\n")
    assert [r.name for r in load_config().tracker("highlight").regions] == [
        "West Sussex", "East Sussex", "Brighton and Hove"]
    result = CliRunner().invoke(cli, ["status", "--period", "November 2020"])
    assert result.exit_code == 0, result.output
    assert "rejected" in result.output and "Brighton and Hove" in result.output
    assert "Submitted by" in result.output and "Wendy West" in result.output
    assert (tmp_path / "outputs" / "reminders" /
            "reminder_highlight_brighton_and_hove.eml").is_file()
