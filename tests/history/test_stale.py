"""Stale narrative: highlights, escalations and risks reported in the same words period after
period are flagged, with how many periods and since when."""

from click.testing import CliRunner

from pcxl.cli import cli
from pcxl.declaration import load_tracker
from pcxl.history.stale import stale_narrative
from pcxl.pipeline import consolidate_returns
from tests.builders import make_return

SMI = "Serious Mental Illness (SMI) LCS"


def month(tmp_path, db, name, period, updates, risks=()):
    folder = tmp_path / name
    folder.mkdir()
    make_return(folder, "west.xlsx", period=period, updates=[
        {"workstream": SMI, "kind": kind, "text": text} for kind, text in updates], risks=risks)
    consolidate_returns([folder], tmp_path / f"{name}.xlsx", history=db)


def three_months(tmp_path, db):
    risk = {"workstream": SMI, "risk": "Clinical leads may not be released", "rating": "High",
            "mitigation": "Escalated to the LMC"}
    month(tmp_path, db, "oct", "October 2020",
          [("Highlight", "ICS team engaged"), ("Escalation", "No data analyst")], [risk])
    month(tmp_path, db, "nov", "November 2020",
          [("Highlight", "ICS team engaged."), ("Escalation", "No data analyst yet"),
           ("Next step", "Book webinar")], [risk])
    month(tmp_path, db, "dec", "December 2020",
          [("Highlight", "ICS  team engaged"), ("Escalation", "No data analyst yet"),
           ("Next step", "Book webinar")],
          [{**risk, "mitigation": "LMC agreed to release them"}])


def test_items_unchanged_for_two_periods_or_more_are_stale(engine, db_url, tmp_path):
    three_months(tmp_path, db_url)
    highlight = load_tracker("highlight")
    rows = [tuple(r) for r in stale_narrative(engine, highlight, "Dec 2020")[
        ["kind", "text", "periods_unchanged", "since"]].itertuples(index=False)]
    # the highlight differs only in spacing and punctuation; next steps are not narrative to
    # flag; the risk's mitigation changed in December
    assert rows == [("Escalation", "No data analyst yet", 2, "Nov 2020"),
                    ("Highlight", "ICS  team engaged", 3, "Oct 2020")]
    assert [tuple(r) for r in stale_narrative(engine, highlight, "Nov 2020")[
        ["kind", "periods_unchanged"]].itertuples(index=False)] == [
        ("Highlight", 2), ("Risk", 2)]
    assert stale_narrative(engine, highlight, "Oct 2020").empty
    assert list(stale_narrative(engine, highlight, "Dec 2020", at_least=3)["kind"]) == [
        "Highlight"]


def test_pcxl_stale_lists_them(tmp_path):
    db = tmp_path / "history.sqlite"
    three_months(tmp_path, str(db))
    result = CliRunner().invoke(cli, ["stale", "--period", "December 2020", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "No data analyst yet" in result.output and "2 stale items" in result.output


def test_every_row_behind_a_stale_item_is_marked_even_when_repeated(db_url, tmp_path):
    month(tmp_path, db_url, "oct", "October 2020", [("Highlight", "ICS team engaged")])
    folder = tmp_path / "nov"
    folder.mkdir()
    make_return(folder, "west.xlsx", period="November 2020", updates=[
        {"workstream": SMI, "kind": "Highlight", "text": text}
        for text in ("ICS team engaged", "ICS team engaged!", "Webinar booked")])
    result = consolidate_returns([folder], tmp_path / "nov.xlsx", history=db_url)
    stale = result.stale["highlight"]
    assert list(stale.rows["Updates"]) == [2, 2, None]
    assert list(stale.rows["Risks"]) == []
    assert list(stale.table["text"]) == ["ICS team engaged"]  # listed once
