"""The jobs a user runs, each one function: the CLI and the Excel bridge only call these.

validate -> consolidate -> deck, chaining the layers (read, validate, consolidate, write, deck).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.consolidate import consolidate
from pcxl.dataset import Dataset
from pcxl.deck import DeckResult, build_deck
from pcxl.declaration import Tracker, load_tracker, shipped_trackers
from pcxl.excel.read import read_consolidated
from pcxl.excel.template import write_template
from pcxl.excel.write import write_consolidated
from pcxl.resources import templates_dir
from pcxl.validate.report import ValidationReport
from pcxl.validate.run import find_returns, validate_return

Progress = Callable[[Path], None]


def make_template(tracker: str, output: Path | str | None = None) -> Path:
    """Write the blank template of ``tracker`` (default: ``workbook_templates/<file>``)."""
    declared = load_tracker(tracker)
    return write_template(declared, Path(output) if output else
                          Path("workbook_templates") / declared.template_file)


def validate(paths: Iterable[Path | str], progress: Progress | None = None,
             trackers: Sequence[Tracker] | None = None) -> ValidationReport:
    """Validate every return named (folders expanded) against its tracker's schemas."""
    report = ValidationReport()
    for path in find_returns(paths):
        report.files.append(validate_return(path, trackers or shipped_trackers()))
        if progress:
            progress(path)
    return report


@dataclass
class ConsolidationResult:
    """What ``consolidate_returns`` did: the report, each tracker's dataset and workbook."""

    report: ValidationReport
    datasets: dict[str, Dataset] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def consolidated_path(output: Path, tracker: str, several: bool) -> Path:
    """Where a tracker's consolidated workbook goes: ``output``, or one file per tracker."""
    if output.suffix.lower() != ".xlsx":
        return output / f"consolidated_{tracker}.xlsx"
    return output.with_name(f"{output.stem}_{tracker}.xlsx") if several else output


def consolidate_returns(paths: Iterable[Path | str], output: Path | str,
                        progress: Progress | None = None) -> ConsolidationResult:
    """Validate the returns and write one consolidated workbook per tracker found.

    ``output`` is a .xlsx path, or a folder to write ``consolidated_<tracker>.xlsx`` into.
    Returns with errors are left out of the data and listed; they never stop the others.
    """
    report = validate(paths, progress)
    found = [t for t in shipped_trackers()
             if any(f.tracker == t.name for f in report.files)]
    result = ConsolidationResult(report)
    for tracker in found:
        dataset = consolidate(report, tracker)
        target = consolidated_path(Path(output), tracker.name, len(found) > 1)
        result.datasets[tracker.name] = dataset
        result.outputs[tracker.name] = write_consolidated(dataset, _report_for(report, tracker),
                                                          target)
    return result


def _report_for(report: ValidationReport, tracker: Tracker) -> ValidationReport:
    """The files of one tracker, plus those no tracker could be recognised for."""
    return ValidationReport([f for f in report.files if f.tracker in (None, tracker.name)])


def make_deck(consolidated: Path | str, output: Path | str, *, by: str = "workstream",
              area: str | None = None) -> DeckResult:
    """Draw the highlight deck from a consolidated workbook."""
    dataset = read_consolidated(consolidated, shipped_trackers())
    return build_deck(dataset, output, by=by, area=area)


def template_path(tracker: Tracker) -> Path:
    """The shipped blank template of a tracker."""
    return templates_dir() / tracker.template_file
