"""Each command imports only what it uses: ``pcxl --help`` no command at all, ``pcxl
consolidate`` neither python-pptx nor openpyxl, and numpy and pandas only once the worker reading
returns ahead has started (checked in a fresh interpreter, not timed)."""

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

import pcxl.cli
from benchmarks import modules_loaded_after
from pcxl.cli import COMMANDS, cli, short_help
from pcxl.excel.precheck import AHEAD_FROM
from tests.builders import make_return


def test_pcxl_help_lists_every_command_without_importing_one():
    loaded = modules_loaded_after(
        "from pcxl.cli import cli\n"
        "cli.main(['--help'], prog_name='pcxl', standalone_mode=False)")
    assert not {f"pcxl.cli.{name.replace('-', '_')}" for name in COMMANDS} & loaded
    assert not {"pandas", "pptx", "openpyxl", "sqlalchemy"} & loaded


def test_consolidate_loads_neither_python_pptx_nor_openpyxl():
    loaded = modules_loaded_after(
        "import click\nfrom pcxl.cli import cli\n"
        "cli.get_command(click.Context(cli), 'consolidate')")
    assert "pcxl.cli.consolidate" in loaded
    assert not {"pptx", "openpyxl"} & loaded


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pcxl forks workers on Linux only")
@pytest.mark.parametrize("command", ["consolidate", "validate"])
def test_the_worker_reading_returns_starts_before_numpy_or_pandas_is_loaded(command, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    make_return(returns, "r00.xlsx")
    for n in range(1, AHEAD_FROM):
        shutil.copy(returns / "r00.xlsx", returns / f"r{n:02d}.xlsx")
    options = ["-o", str(tmp_path / "c.xlsx"), "--no-history"] if command == "consolidate" else []
    probe = (
        "import sys\n"
        "import pcxl.excel.precheck as precheck\n"
        "start = precheck._Worker.__init__\n"
        "def spy(self, *args):\n"
        "    print('loaded:', *sorted({'numpy', 'pandas'} & sys.modules.keys()))\n"
        "    start(self, *args)\n"
        "precheck._Worker.__init__ = spy\n"
        "from pcxl.cli import cli\n"
        f"cli.main({[command, str(returns), *options]!r}, prog_name='pcxl')\n")

    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout

    assert out.splitlines()[0] == "loaded:"  # neither


def test_the_help_list_gives_each_command_its_own_first_sentence(run):
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command.name == name
        assert short_help(name, 1000) == command.get_short_help_str(1000)
    listed = run("--help").output
    for name in COMMANDS:
        assert f"  {name}  " in listed


def test_every_command_module_is_in_the_list():
    folder = Path(pcxl.cli.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "common"}
    assert {name.replace("-", "_") for name in COMMANDS} == modules
