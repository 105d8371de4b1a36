"""An office's own project folder: ``pcxl init`` and the trackers it knows.

A project is a folder with a ``pcxl.yaml`` and a ``trackers/`` folder of declarations (written
by ``pcxl adopt`` or by hand). Every command run in that folder uses those trackers beside the
shipped ones; a project tracker with a shipped tracker's name replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pcxl.config import CONFIG_FILE, DEFAULT_DECLARATIONS
from pcxl.declaration import known_trackers
from pcxl.errors import InputError
from pcxl.files import atomic_output

CONFIG_TEXT = f"""\
# pcxl project settings. Every pcxl command run in this folder reads them.

# The office's own tracker declarations: `pcxl adopt WORKBOOK.xlsx` writes one here for a
# workbook the office already uses. A tracker here with the name of a shipped one replaces it.
declarations: {DEFAULT_DECLARATIONS}

# Where the history of every reporting period is kept (a SQLite file, or a database URL such as
# postgresql+psycopg://user@host/db).
history: outputs/pcxl_history.sqlite

# The sender of reminder emails (pcxl status --reminders).
# office: pmo@example.nhs.uk

# Per tracker: the regions expected to send a return, whom to chase, when returns are due.
# trackers:
#   risk_register:
#     due_days: 5
#     regions:
#       North: {{contact: north.pmo@example.nhs.uk}}
#       South: {{}}
"""


@dataclass(frozen=True)
class TrackerInfo:
    """A tracker known here: its name, title, and where its declaration comes from."""

    name: str
    title: str
    origin: str
    sheets: tuple[str, ...]


def init_project(folder: Path | str = ".") -> list[Path]:
    """Write ``pcxl.yaml`` (commented) and an empty ``trackers/`` in ``folder``; returns what
    was made. An existing ``pcxl.yaml`` is never overwritten."""
    folder = Path(folder)
    config = folder / CONFIG_FILE
    if config.exists():
        raise InputError(f"{config} already exists; pcxl init leaves it as it is")
    folder.mkdir(parents=True, exist_ok=True)
    trackers = folder / DEFAULT_DECLARATIONS
    trackers.mkdir(exist_ok=True)
    with atomic_output(config) as pending:
        pending.write_text(CONFIG_TEXT, encoding="utf-8")
    return [config, trackers]


def list_trackers() -> list[TrackerInfo]:
    """Every tracker the commands run here know, project ones first, with their source."""
    return [TrackerInfo(t.name, t.title, _shown(t.origin), tuple(s.name for s in t.sheets))
            for t in known_trackers()]


def _shown(origin: str) -> str:
    """A project declaration's path relative to here when it is below here."""
    path = Path(origin)
    if not path.is_absolute():
        return origin
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return origin
