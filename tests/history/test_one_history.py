"""One history: consolidate, changes, status, stale and rollforward find the same database, and a
command that only reads never creates one."""

from pathlib import Path

import pytest

from pcxl.config import history_location
from tests.builders import make_return

DEFAULT = Path("outputs") / "pcxl_history.sqlite"


@pytest.fixture
def november(tmp_path):
    folder = tmp_path / "returns"
    make_return(folder, "west.xlsx")
    return folder


def test_consolidate_records_in_the_default_history_wherever_the_output_goes(run, november,
                                                                             tmp_path):
    result = run("consolidate", november, "-o", tmp_path / "elsewhere" / "c.xlsx")
    assert result.exit_code == 0, result.output
    assert DEFAULT.is_file()
    assert not (tmp_path / "elsewhere" / "pcxl_history.sqlite").exists()
    assert f"recorded in {DEFAULT}" in result.output


@pytest.mark.parametrize("command", [
    ["changes"], ["status"], ["stale"], ["rollforward", "-o", "rolled"]])
def test_every_history_command_reads_what_consolidate_recorded(run, november, command):
    run("consolidate", november, "-o", "c.xlsx")
    result = run(*command, "--period", "November 2020")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["changes", "status", "stale", "rollforward"])
def test_a_command_that_only_reads_never_creates_a_database(run, command):
    result = run(command, "--period", "November 2020")
    assert result.exit_code == 2
    assert f"no history database at {DEFAULT}" in result.output
    assert not DEFAULT.exists() and not Path("outputs").exists()


def test_an_empty_database_file_is_not_given_tables(run, tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    result = run("changes", "--period", "November 2020", "--db", empty)
    assert result.exit_code == 2
    assert "holds no pcxl history" in result.output
    assert empty.stat().st_size == 0


def test_db_then_environment_then_config_then_the_default(tmp_path, monkeypatch):
    assert history_location() == str(DEFAULT)
    Path("pcxl.yaml").write_text("history: records/h.sqlite\n")
    assert history_location() == str(Path("records") / "h.sqlite")
    monkeypatch.setenv("PCXL_DB", "postgresql+psycopg://pcxl@db/pcxl")
    assert history_location() == "postgresql+psycopg://pcxl@db/pcxl"
    assert history_location("given.sqlite") == "given.sqlite"


def test_the_control_workbooks_folder_is_the_working_folder_of_the_buttons(tmp_path):
    (tmp_path / "pcxl.yaml").write_text("history: h.sqlite\n")
    assert history_location(base=tmp_path) == str(tmp_path / "h.sqlite")
    assert history_location(base=tmp_path / "none") == str(tmp_path / "none" / DEFAULT)
