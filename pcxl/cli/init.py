"""``pcxl init``: start an office's project folder (pcxl.yaml and trackers/)."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl.cli.common import console
from pcxl.project import init_project


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path), default=".")
def init_command(folder: Path) -> None:
    """Write a commented pcxl.yaml and a trackers/ folder in FOLDER (default: here)."""
    for path in init_project(folder):
        console.print(f"created {path}{'/' if path.is_dir() else ''}")
    console.print("next: pcxl adopt YOUR_TRACKER.xlsx")
