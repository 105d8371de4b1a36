"""A new user's first run with their own tracker: init, adopt, trackers, validate."""

from __future__ import annotations

from tests.adopt.builders import risk_register, set_cells


def test_init_adopt_and_validate_with_no_code(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    created = run("init", ".")
    assert "pcxl.yaml" in created.output and (tmp_path / "trackers").is_dir()
    assert "declarations: trackers" in (tmp_path / "pcxl.yaml").read_text()
    original = risk_register(tmp_path / "register.xlsx")
    adopted = run("adopt", original, "--name", "risks")
    assert adopted.exit_code == 0
    assert "header on row 4" in adopted.output and "list escalate: 2 words" in adopted.output
    listed = run("trackers")
    assert "risks" in listed.output and "trackers/risks.yaml" in listed.output
    assert "highlight" in listed.output and "shipped" in listed.output
    bad = set_cells(original, tmp_path / "north.xlsx", "Risk Register", {"D6": "Pending"})
    checked = run("validate", bad)
    assert checked.exit_code == 1
    assert "'Risk Register'!D6" in checked.output and "Pending" in checked.output


def test_init_leaves_an_existing_config_alone(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pcxl.yaml").write_text("office: me@example.nhs.uk\n")
    result = run("init")
    assert result.exit_code == 2 and "already exists" in result.output
    assert (tmp_path / "pcxl.yaml").read_text() == "office: me@example.nhs.uk\n"


def test_a_project_tracker_replaces_the_shipped_one_of_that_name(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    run("init")
    run("adopt", risk_register(tmp_path / "register.xlsx"), "--name", "highlight")
    listed = run("trackers").output
    line = next(line for line in listed.splitlines() if "highlight" in line)
    assert "trackers/highlight.yaml" in line and "shipped" not in line
