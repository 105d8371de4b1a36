"""Returns made on an older template version are read as the current one, with a warning."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from pcxl.declaration import Sheet, Tracker, Upgrade, tracker_from_dict
from pcxl.errors import DeclarationError
from pcxl.excel.read import read_return
from pcxl.validate.run import validate_return
from pcxl.vocab import fold
from tests.builders import DEFAULT_MILESTONES, HIGHLIGHT, make_return

ACTIONS = [{"workstream": "Serious Mental Illness (SMI) LCS", "action": "Share trajectories",
            "owner": "Karen Breen", "target_date": "30/11/20"}]


def without(tracker: Tracker, columns: dict[str, tuple[str, ...]], version: int) -> Tracker:
    """``tracker`` as an older version: the named columns not yet there."""
    sheets = tuple(Sheet(s.name, tuple(c for c in s.columns
                                       if c.key not in columns.get(s.name, ())), s.help)
                   for s in tracker.sheets)
    return dataclasses.replace(tracker, version=version, sheets=sheets, upgrades=())


def renamed(tracker: Tracker, sheet: str, key: str, header: str) -> Tracker:
    """``tracker`` with one column's header changed."""
    sheets = tuple(Sheet(s.name, tuple(dataclasses.replace(c, header=header)
                                       if s.name == sheet and c.key == key else c
                                       for c in s.columns), s.help) for s in tracker.sheets)
    return dataclasses.replace(tracker, sheets=sheets)


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def test_a_return_on_the_previous_highlight_template_is_read_with_one_warning(tmp_path):
    old = without(HIGHLIGHT, {"Milestones": ("milestone_id",), "Actions": ("status",)}, 1)
    path = make_return(tmp_path, tracker=old, actions=ACTIONS)

    data = read_return(path, [HIGHLIGHT])
    report = validate_return(path)

    assert data.version == 1 and data.tracker.version == 2
    assert data.sheets["Milestones"].columns["milestone_id"] == [None, None]
    assert data.sheets["Actions"].columns["status"] == [None]
    assert codes(report) == ["template-upgraded"]
    (problem,) = report.problems
    assert problem.severity == "warning"
    assert "version 1 of the highlight template and read as version 2" in problem.message
    assert "Milestone ID and action Status columns added" in problem.message


def test_a_renamed_header_and_a_replaced_value_are_read_as_declared(tmp_path):
    old = dataclasses.replace(HIGHLIGHT, version=1, upgrades=())
    rows = [{**DEFAULT_MILESTONES[0], "status": "behind"}, DEFAULT_MILESTONES[1]]
    path = make_return(tmp_path, tracker=old, milestones=rows)
    new = dataclasses.replace(
        renamed(HIGHLIGHT, "Milestones", "milestone", "Milestone description"),
        version=2, upgrades=(Upgrade(1, "Milestone renamed",
                                     renamed={"Milestones": {fold("Milestone"): "milestone"}},
                                     values={"status": {fold("Behind"): "Delayed"}}),))

    data = read_return(path, [new])

    milestones = data.sheets["Milestones"].columns
    assert milestones["milestone"] == ["Agreed Trajectories", "Place based webinars"]
    assert milestones["status"] == ["Delayed", "On track"]
    assert [p.code for p in data.problems] == ["template-upgraded"]


def test_steps_chain_from_an_older_version_through_each_declared_step():
    tracker = dataclasses.replace(HIGHLIGHT, version=3, upgrades=(
        Upgrade(1, "a", values={"status": {"behind": "Slipped"}}),
        Upgrade(2, "b", added={"Actions": ("status",)},
                values={"status": {"slipped": "Delayed"}}),
    ))

    upgrade = tracker.upgrade_from(1)

    assert upgrade.values["status"] == {"behind": "Delayed", "slipped": "Delayed"}
    assert upgrade.added == {"Actions": ("status",)}
    assert upgrade.note == "a; b"
    assert tracker.upgrade_from(2).values["status"] == {"slipped": "Delayed"}
    assert tracker.upgrade_from(0) is None and tracker.upgrade_from(3) is None


def test_a_version_without_a_declared_upgrade_is_one_clear_error(tmp_path):
    path = make_return(tmp_path)
    book = openpyxl.load_workbook(path)
    book["_pcxl"]["B2"] = 0
    book.save(path)

    (problem,) = validate_return(path).problems

    assert problem.code == "template-version" and problem.severity == "error"
    assert "version 0 of the highlight template, which pcxl cannot read" in problem.message
    assert "this period uses version 2 (or 1, upgraded on reading)" in problem.message


@pytest.mark.parametrize("upgrade, complaint", [
    ({"from": 2}, "must name an older version"),
    ({"from": 1, "added": {"Nowhere": ["x"]}}, "no sheet 'Nowhere'"),
    ({"from": 1, "renamed": {"Milestones": {"Old": "nothing"}}}, "no column 'nothing'"),
    ({"from": 1, "added": {"Milestones": ["milestone"]}}, "'milestone' is required"),
    ({"from": 1, "values": {"status": {"Behind": "Late"}}}, "'Late' is not a term of 'status'"),
])
def test_an_upgrade_naming_what_is_not_declared_is_a_declaration_error(upgrade, complaint):
    spec = {"tracker": "t", "version": 2, "upgrades": [upgrade],
            "vocabularies": {"status": {"terms": [{"term": "Delayed"}]}},
            "sheets": [{"name": "Milestones", "columns": [
                {"key": "milestone", "header": "Milestone", "required": True},
                {"key": "status", "header": "Status", "vocab": "status"}]}]}

    with pytest.raises(DeclarationError, match=complaint):
        tracker_from_dict(spec)
