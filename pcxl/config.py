"""Project configuration: ``pcxl.yaml`` in the working folder (or a path given with --config).

What a programme office sets once rather than on every command: where the history database is,
which regions are expected to return each tracker, whom to chase, and when returns are due.

```yaml
history: outputs/pcxl_history.sqlite     # or postgresql+psycopg://user@host/db
declarations: trackers                   # the project's own tracker declarations (pcxl adopt)
office: pmo@example.nhs.uk               # the sender of reminder emails
trackers:
  highlight:
    due_days: 5                          # returns are due this many days after the period ends
    regions:
      West Sussex: {contact: keith.hoare@example.nhs.uk}
      East Sussex: {contact: alex.palethorpe@example.nhs.uk}
      Brighton and Hove: {}
```
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pcxl.errors import PcxlError

CONFIG_FILE = "pcxl.yaml"
DEFAULT_DECLARATIONS = "trackers"
DEFAULT_HISTORY = Path("outputs") / "pcxl_history.sqlite"
MAX_SLIDES = 1000  # a deck longer than this is one nobody can open, let alone read
HISTORY_ENV = "PCXL_DB"


class ConfigError(PcxlError):
    """The project configuration is missing something a command needs, or is malformed."""


@dataclass(frozen=True)
class Region:
    """A region expected to return a tracker, and whom to write to about it."""

    name: str
    contact: str = ""


@dataclass(frozen=True)
class TrackerConfig:
    """Expected regions and due days for one tracker."""

    regions: tuple[Region, ...] = ()
    due_days: int = 5
    layout: str = ""  # the office's own layout .pptx for this tracker's deck (docs/layouts.md)


@dataclass(frozen=True)
class Config:
    """The project's settings, with defaults for everything."""

    history: str = str(DEFAULT_HISTORY)
    office: str = ""
    trackers: dict[str, TrackerConfig] = field(default_factory=dict)
    source: Path | None = None
    declarations: str = DEFAULT_DECLARATIONS

    @property
    def declarations_dir(self) -> Path:
        """The project's tracker declarations: ``declarations`` beside pcxl.yaml (or here)."""
        base = self.source.parent if self.source is not None else Path()
        return base / self.declarations

    def tracker(self, name: str) -> TrackerConfig:
        """The settings of one tracker (empty when the config names no regions for it)."""
        return self.trackers.get(name, TrackerConfig())


def _tracker(name: str, spec: object) -> TrackerConfig:
    if not isinstance(spec, dict):
        raise ConfigError(f"{CONFIG_FILE}: trackers.{name} must be a mapping")
    regions = spec.get("regions") or {}
    if isinstance(regions, list):
        regions = {str(r): {} for r in regions}
    return TrackerConfig(
        regions=tuple(Region(str(n), str((v or {}).get("contact", ""))) for n, v in
                      regions.items()),
        due_days=int(spec.get("due_days", 5)), layout=str(spec.get("layout") or ""))


def load_config(path: Path | str | None = None) -> Config:
    """Read ``path`` (default ``./pcxl.yaml``); no file at the default place gives defaults."""
    chosen = Path(path) if path else Path(CONFIG_FILE)
    if not chosen.is_file():
        if path:
            raise ConfigError(f"no configuration file at {chosen}")
        return Config()
    try:
        data = yaml.safe_load(chosen.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{chosen} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{chosen} must hold a mapping")
    trackers = {str(k): _tracker(str(k), v) for k, v in (data.get("trackers") or {}).items()}
    return Config(history=str(data.get("history") or DEFAULT_HISTORY),
                  office=str(data.get("office") or ""), trackers=trackers, source=chosen,
                  declarations=str(data.get("declarations") or DEFAULT_DECLARATIONS))


def project_declarations() -> Path | None:
    """The folder of this project's own tracker declarations, when there is one."""
    folder = load_config().declarations_dir
    return folder if folder.is_dir() else None


def history_location(db: str | Path | None = None, config: Config | None = None,
                     base: Path | None = None) -> str:
    """The one history database every command and Excel button uses.

    In order: ``db`` (``--db``), the ``PCXL_DB`` environment variable, ``history:`` in the
    project's ``pcxl.yaml`` (a relative path is taken from the folder holding that file), else
    ``outputs/pcxl_history.sqlite`` in the working folder. ``base`` is the working folder when
    it is not the current one (the control workbook's folder, for the Excel buttons): its
    ``pcxl.yaml`` is read and the default is taken from there.
    """
    if db:
        return str(db)
    if os.environ.get(HISTORY_ENV):
        return os.environ[HISTORY_ENV]
    if config is None and base is None:
        config = load_config()
    elif config is None:
        config = load_config(base / CONFIG_FILE) if (base / CONFIG_FILE).is_file() else Config()
    history = config.history
    if "://" in history or Path(history).is_absolute():
        return history
    folder = config.source.parent if config.source is not None else (base or Path())
    return str(folder / history)
