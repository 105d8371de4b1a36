"""Fixtures every test folder may use."""

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from pcxl.cli import cli


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run ``pcxl`` with these arguments (paths allowed), as a user would, exceptions raised."""
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke
