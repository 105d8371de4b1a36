"""Each command imports only what it uses: ``pcxl --help`` no command at all, ``pcxl
consolidate`` neither python-pptx nor openpyxl (checked in a fresh interpreter, not timed)."""

import json
import subprocess
import sys
from pathlib import Path

import click

import pcxl.cli
from pcxl.cli import COMMANDS, cli, short_help


def modules_loaded_after(code: str) -> set[str]:
    """The top-level modules a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.splitlines()[-1]
    return set(json.loads(out))


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
