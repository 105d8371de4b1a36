"""A tracker is declared once: a column or status added to the YAML reaches every layer."""

import openpyxl
import pytest
import yaml

from pcxl.consolidate import consolidate
from pcxl.declaration import _read_yaml, load_tracker, tracker_from_dict
from pcxl.errors import DeclarationError
from pcxl.resources import declarations_dir
from pcxl.validate.report import ValidationReport
from pcxl.validate.run import validate_return
from tests.builders import make_return

SMI = "Serious Mental Illness (SMI) LCS"


def declared(edit=None):
    spec = yaml.safe_load((declarations_dir() / "highlight.yaml").read_text())
    shared = yaml.safe_load((declarations_dir() / "vocabularies.yaml").read_text())
    if edit:
        edit(spec, shared)
    return tracker_from_dict(spec, shared)


def add_budget_column(spec, shared):
    milestones = next(s for s in spec["sheets"] if s["name"] == "Milestones")
    milestones["columns"].append({"key": "budget", "header": "Budget (£k)", "type": "number",
                                  "help": "Money committed to this milestone, in £ thousands."})


def test_a_column_added_to_the_declaration_is_in_the_template_and_validated(tmp_path):
    tracker = declared(add_budget_column)
    path = make_return(tmp_path, tracker=tracker, milestones=[
        {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "30/12/20",
         "status": "On track", "budget": "lots"},
        {"workstream": SMI, "milestone": "SOP issued", "baseline_date": "30/12/20",
         "status": "On track", "budget": 12.5}])
    sheet = openpyxl.load_workbook(path)["Milestones"]
    assert sheet["H1"].value == "Budget (£k)"
    report = validate_return(path, [tracker])
    (problem,) = report.problems
    assert (problem.code, problem.cell, problem.value) == ("not-a-number", "Milestones!H2", "lots")


def test_a_column_added_to_the_declaration_is_consolidated(tmp_path):
    tracker = declared(add_budget_column)
    path = make_return(tmp_path, tracker=tracker, milestones=[
        {"workstream": SMI, "milestone": "SOP issued", "baseline_date": "30/12/20",
         "status": "On track", "budget": 12.5}])
    dataset = consolidate(ValidationReport([validate_return(path, [tracker])]), tracker)
    assert dataset.frames["Milestones"]["budget"].tolist() == [12.5]


def test_a_status_added_to_the_vocabulary_is_accepted(tmp_path):
    def add_status(spec, shared):
        shared["vocabularies"]["status"]["terms"].append({"term": "Paused for review",
                                                          "colour": "grey"})

    tracker = declared(add_status)
    milestones = [{"workstream": SMI, "milestone": "SOP issued", "baseline_date": "30/12/20",
                   "status": "paused for review"}]
    report = validate_return(make_return(tmp_path, tracker=tracker, milestones=milestones),
                             [tracker])
    assert [(p.code, p.expected) for p in report.problems] == [
        ("vocabulary-variant", "Paused for review")]
    lists = openpyxl.load_workbook(tmp_path / "return.xlsx")["Lists"]
    assert "Paused for review" in [c.value for c in next(lists.iter_cols())] + [
        c.value for col in lists.iter_cols() for c in col]


def test_a_reference_to_an_undeclared_column_is_refused():
    def break_reference(spec, shared):
        spec["sheets"][1]["columns"][0]["references"] = "Workstreams.nonesuch"

    with pytest.raises(DeclarationError, match=r"Workstreams\.nonesuch"):
        declared(break_reference)


def test_an_unknown_column_type_is_refused():
    def break_type(spec, shared):
        spec["sheets"][0]["columns"][0]["type"] = "currency"

    with pytest.raises(DeclarationError, match="currency"):
        declared(break_type)


def test_a_declaration_that_is_not_yaml_is_named_with_its_line_and_a_caret(tmp_path):
    broken = tmp_path / "ours.yaml"
    broken.write_text("name: ours\n sheets: [\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"(?s)ours\.yaml is not valid YAML: .*line 2, "
                                               r"column 8:\n\s+sheets: \[\n\s+\^"):
        load_tracker(broken)


def test_declarations_read_the_same_with_the_fast_yaml_loader():
    for path in declarations_dir().glob("*.yaml"):
        assert _read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
