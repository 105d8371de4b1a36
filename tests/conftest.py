"""Fixtures every test folder may use."""

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from pcxl.cli import cli


@pytest.fixture(autouse=True)
def own_working_folder(tmp_path_factory, monkeypatch) -> None:
    """Each test runs in an empty folder of its own, so defaults relative to the working folder
    (``outputs/pcxl_history.sqlite``, ``outputs/...``) never touch the repository."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.delenv("PCXL_DB", raising=False)


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run ``pcxl`` with these arguments (paths allowed), as a user would, exceptions raised."""
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke
