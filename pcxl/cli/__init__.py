"""The ``pcxl`` command: one small module per subcommand, each parsing options and calling one
library function from ``pcxl.pipeline`` (or ``pcxl.demo``).

A subcommand's module is imported only when that subcommand runs (or its help is asked for), so
``pcxl --help`` starts in a fraction of a second and ``pcxl consolidate`` never loads the deck's
or the template's libraries. ``COMMANDS`` holds each command's one-line help for the list that
``pcxl --help`` prints; ``tests/test_cli_imports.py`` checks it against the commands' own help.
"""

from __future__ import annotations

import importlib

import click

from pcxl import __version__
from pcxl.cli.common import PcxlGroup
from pcxl.processes import leave, stop_on_hangup

# name -> first sentence of its help; the command is ``<name>_command`` in ``pcxl.cli.<name>``.
COMMANDS: dict[str, str] = {
    "template": "Write the blank template teams fill in, with dropdowns, checks and "
                "instructions.",
    "validate": "Check returned workbooks (files or folders) and list every problem with its "
                "cell.",
    "consolidate": "Validate returns and write one consolidated workbook of every valid one.",
    "deck": "Draw the report deck of a consolidated workbook, in its tracker's format.",
    "demo": "Make sample returns from the seed reports, then validate, consolidate and draw "
            "them.",
    "schema": "Look at the validation schemas pcxl builds from a tracker declaration.",
    "feedback": "Write, for every return with problems, a copy marked up for its team to fix.",
    "changes": "List, per region and workstream, what changed since the previous period: "
               "forecast dates moved (days against the last forecast and the baseline), "
               "statuses, milestones achieved, added or dropped, and rating changes.",
    "status": "List who has returned, who is late, and whose return was rejected and why, and "
              "draft a reminder email for each region to chase (open the .eml files in your "
              "mail client).",
    "rollforward": "Write next period's return for every expected region, pre-filled with its "
                   "latest data: workstreams, milestones with IDs and forecast dates, open "
                   "actions and risks.",
    "stale": "List the highlights, escalations and risks reported in the same words for two or "
             "more periods in a row, so boards stop reading last month's words.",
    "check-access": "Check decks (.pptx) and workbooks (.xlsx), pcxl's or any other, against "
                    "the accessibility rules (after PowerPoint's and Excel's Accessibility "
                    "Checker and WCAG 2.2 AA; see docs/accessibility.md).",
    "init": "Write a commented pcxl.yaml and a trackers/ folder in FOLDER (default: here).",
    "adopt": "Read WORKBOOK's own layout (header rows, columns, dropdowns, form fields) and "
             "write the declaration that validates returns of it; a copy of WORKBOOK is kept "
             "beside it.",
    "trackers": "List every known tracker: the project's own (trackers/) and the shipped ones.",
    "layout": "Write a starter layout for TRACKER with every field placed.",
}


def short_help(name: str, limit: int) -> str:
    """The one-line help of command ``name`` cut to ``limit`` characters, as click cuts it."""
    return click.Command(name, help=COMMANDS[name]).get_short_help_str(limit)


class LazyGroup(PcxlGroup):
    """A group whose subcommands are imported from ``pcxl.cli.<name>`` only when one runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module = importlib.import_module(f"pcxl.cli.{cmd_name.replace('-', '_')}")
            self.add_command(getattr(module, f"{cmd_name.replace('-', '_')}_command"))
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help, as click lists them, without importing any."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help(name, limit)) for name in names])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pcxl")
@click.option("--debug", is_flag=True, help="Show the full Python traceback when a run fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate, consolidate and report programme trackers returned as Excel workbooks.

    Exit codes: 0 all good; 1 a return has errors; 2 an input could not be read, or the
    command was used wrongly.
    """
    ctx.obj = {"debug": debug}


def main() -> None:
    """Entry point of the ``pcxl`` script: the command, then a quick exit (``leave``); click's
    standalone mode always ends a command with ``SystemExit``."""
    stop_on_hangup()
    try:
        cli(prog_name="pcxl")
    except SystemExit as done:
        leave(done.code)
