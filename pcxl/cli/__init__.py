"""The ``pcxl`` command: one small module per subcommand, each parsing options and calling one
library function from ``pcxl.pipeline`` (or ``pcxl.demo``)."""

from __future__ import annotations

import click

from pcxl import __version__
from pcxl.cli.adopt import adopt_command
from pcxl.cli.changes import changes_command
from pcxl.cli.check_access import check_access_command
from pcxl.cli.common import PcxlGroup
from pcxl.cli.consolidate import consolidate_command
from pcxl.cli.deck import deck_command
from pcxl.cli.demo import demo_command
from pcxl.cli.feedback import feedback_command
from pcxl.cli.init import init_command
from pcxl.cli.layout import layout_command
from pcxl.cli.rollforward import rollforward_command
from pcxl.cli.schema import schema_command
from pcxl.cli.stale import stale_command
from pcxl.cli.status import status_command
from pcxl.cli.template import template_command
from pcxl.cli.trackers import trackers_command
from pcxl.cli.validate import validate_command
from pcxl.processes import stop_on_hangup


@click.group(cls=PcxlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pcxl")
@click.option("--debug", is_flag=True, help="Show the full Python traceback when a run fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate, consolidate and report programme trackers returned as Excel workbooks.

    Exit codes: 0 all good; 1 a return has errors; 2 an input could not be read, or the
    command was used wrongly.
    """
    ctx.obj = {"debug": debug}


for command in (template_command, validate_command, consolidate_command, deck_command,
                demo_command, schema_command, feedback_command, changes_command,
                status_command, rollforward_command, stale_command, check_access_command,
                init_command, adopt_command, trackers_command, layout_command):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``pcxl`` script."""
    stop_on_hangup()
    cli(prog_name="pcxl")
